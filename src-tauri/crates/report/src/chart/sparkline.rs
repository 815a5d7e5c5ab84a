//! Sparklines: a tiny hand-written SVG polyline per KPI, in the colour of the text around it.

use super::draw::present;

/// Where a sparkline's values fall in a `w` × `h` box (one unit inside its edges, y down), the
/// gaps skipped: lowest value at the bottom, highest at the top. The SVG and the PDF draw these.
pub fn sparkline_points(values: &[Option<f64>], (w, h): (f64, f64)) -> Vec<(f64, f64)> {
    let present: Vec<(f64, f64)> = present(values).collect();
    let (lo, hi) = present
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &(_, v)| {
            (lo.min(v), hi.max(v))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let steps = values.len().saturating_sub(1).max(1) as f64;
    present
        .iter()
        .map(|&(i, v)| {
            let x = 1.0 + i / steps * (w - 2.0);
            let y = h - 1.0 - (v - lo) / span * (h - 2.0);
            (x, y)
        })
        .collect()
}

/// A sparkline: one polyline through the values (gaps skipped), no axes or text, stroked in
/// `currentColor` so it takes the colour of the surrounding text.
pub fn sparkline_svg(values: &[Option<f64>], (width, height): (u32, u32)) -> String {
    let (w, h) = (f64::from(width), f64::from(height));
    let xy = sparkline_points(values, (w, h));
    let points: Vec<String> = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    // The latest value as a dot, so a single value (a KPI without history) still shows.
    let last = xy
        .last()
        .map(|(x, y)| {
            format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\" fill=\"currentColor\"/>",
                x.min(w - 2.0),
                y.clamp(2.0, h - 2.0)
            )
        })
        .unwrap_or_default();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\"><polyline fill=\"none\" stroke=\"currentColor\" \
         stroke-width=\"1.5\" points=\"{}\"/>{last}</svg>",
        points.join(" ")
    )
}
