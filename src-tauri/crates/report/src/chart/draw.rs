//! Drawing a [`Chart`] with plotters: title, axes, legend, target band, lines and bars, to SVG
//! or PNG with the embedded font.

use std::sync::OnceLock;

use image::ImageEncoder;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle};
use quartermaster_core::{Error, Result};

use super::{Chart, ChartKind, Theme};

const FONT: &str = "sans-serif";
/// Width an x-axis label needs (`FY2027-Q1` at 12 px, with a gap).
const X_LABEL_PX: u32 = 66;

/// Registers the embedded DejaVu Sans once; plotters' bitmap text panics without a font.
fn ensure_font() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED
        .get_or_init(|| register_font(FONT, FontStyle::Normal, dejavu::sans::regular()).is_ok());
    if ok {
        Ok(())
    } else {
        Err(Error::io(
            "embedded font",
            "DejaVu Sans could not be loaded",
        ))
    }
}

/// The chart as an SVG document of `width` × `height` pixels.
pub fn svg(chart: &Chart, size: (u32, u32), theme: &Theme) -> Result<String> {
    ensure_font()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&root, chart, theme).map_err(|e| draw_error(chart, e))?;
        root.present().map_err(|e| draw_error(chart, e))?;
    }
    Ok(out)
}

/// The chart as a PNG image of `width` × `height` pixels.
pub fn png(chart: &Chart, size: (u32, u32), theme: &Theme) -> Result<Vec<u8>> {
    ensure_font()?;
    let (w, h) = size;
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
        draw(&root, chart, theme).map_err(|e| draw_error(chart, e))?;
        root.present().map_err(|e| draw_error(chart, e))?;
    }
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(&pixels, w, h, image::ColorType::Rgb8)
        .map_err(|e| draw_error(chart, e))?;
    Ok(bytes)
}

fn draw_error(chart: &Chart, err: impl std::fmt::Display) -> Error {
    Error::io(format!("chart {:?}", chart.title), err)
}

type Drawn<DB> = std::result::Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
    theme: &Theme,
) -> Drawn<DB> {
    root.fill(&theme.background)?;
    let area = root.titled(&chart.title, (FONT, 18).into_font().color(&theme.ink))?;
    let with_legend = chart.series.len() > 1 || chart.target.is_some();
    let plot = if with_legend {
        let width = area.dim_in_pixel().0;
        let (plot, side) = area.split_horizontally(width * 3 / 4);
        draw_legend(&side, chart, theme)?;
        plot
    } else {
        area
    };
    let n = chart.categories.len().max(1);
    let (y0, y1) = y_range(chart);
    let mut cc = ChartBuilder::on(&plot)
        .margin(14)
        .x_label_area_size(34)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), y0..y1)?;
    let label = |x: &f64| category_label(chart, *x);
    // Every category labelled while they fit; every second (or fifth) one when the plot is narrow.
    let room = (cc.plotting_area().dim_in_pixel().0 / X_LABEL_PX).max(2) as usize;
    cc.configure_mesh()
        .disable_x_mesh()
        .x_labels(n.min(room))
        .x_label_formatter(&label)
        .y_label_formatter(&|y: &f64| short_number(*y))
        .y_desc(chart.y_label.as_str())
        .label_style((FONT, 12).into_font().color(&theme.ink))
        .axis_style(theme.ink)
        .bold_line_style(theme.grid)
        .light_line_style(theme.background)
        .draw()?;
    draw_target(&mut cc, chart, theme, n)?;
    match chart.kind {
        ChartKind::Line => draw_lines(&mut cc, chart, theme)?,
        ChartKind::StackedBars | ChartKind::Bars => draw_bars(&mut cc, chart, theme)?,
    }
    Ok(())
}

/// The key beside the plot: a swatch and name per series, then the target.
fn draw_legend<DB: DrawingBackend>(
    side: &DrawingArea<DB, Shift>,
    chart: &Chart,
    theme: &Theme,
) -> Drawn<DB> {
    let font = (FONT, 12).into_font().color(&theme.ink);
    let target = chart
        .target
        .map(|t| (format!("target {}", short_number(t)), theme.target));
    let entries = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), theme.colour(i)))
        .chain(target);
    // About 7 px per character at 12 px: longer names are cut with an ellipsis, not clipped.
    let fits = (side.dim_in_pixel().0.saturating_sub(26) / 7).max(6) as usize;
    for (row, (name, colour)) in entries.enumerate() {
        let y = 20 + row as i32 * 18;
        side.draw(&Rectangle::new([(4, y), (16, y + 10)], colour.filled()))?;
        side.draw(&Text::new(shorten(&name, fits), (22, y - 1), font.clone()))?;
    }
    Ok(())
}

type Cartesian<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

fn draw_target<DB: DrawingBackend>(
    cc: &mut Cartesian<'_, DB>,
    chart: &Chart,
    theme: &Theme,
    n: usize,
) -> Drawn<DB> {
    let Some(target) = chart.target else {
        return Ok(());
    };
    let (x0, x1) = (-0.5, n as f64 - 0.5);
    if let Some(warn) = chart.warn {
        let band = Rectangle::new([(x0, warn), (x1, target)], theme.band.mix(0.15).filled());
        cc.draw_series(std::iter::once(band))?;
    }
    let style = ShapeStyle::from(theme.target).stroke_width(2);
    cc.draw_series(DashedLineSeries::new(
        [(x0, target), (x1, target)],
        8,
        5,
        style,
    ))?;
    Ok(())
}

fn draw_lines<DB: DrawingBackend>(
    cc: &mut Cartesian<'_, DB>,
    chart: &Chart,
    theme: &Theme,
) -> Drawn<DB> {
    for (i, series) in chart.series.iter().enumerate() {
        let colour = theme.colour(i);
        let points: Vec<(f64, f64)> = present(&series.values).collect();
        cc.draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?;
        cc.draw_series(points.iter().map(|&p| Circle::new(p, 3, colour.filled())))?;
        if let Some(&(x, y)) = points.last() {
            let text = Text::new(
                short_number(y),
                (x, y),
                (FONT, 13).into_font().color(&colour),
            );
            cc.draw_series(std::iter::once(text))?;
        }
    }
    let first = chart
        .series
        .first()
        .map(|s| s.values.as_slice())
        .unwrap_or(&[]);
    // A note in the right half of the plot ends at its point, so it is not cut off at the edge.
    let n = chart.categories.len();
    let fits = (cc.plotting_area().dim_in_pixel().0 / 2 / 6).max(12) as usize;
    let notes = chart.annotations.iter().filter_map(|(i, note)| {
        let y = first.get(*i).copied().flatten()?;
        let style = (FONT, 11).into_font().color(&theme.ink);
        let (text, style) = if *i * 2 >= n {
            (
                format!("{} ▲", shorten(note, fits)),
                style.pos(Pos::new(HPos::Right, VPos::Top)),
            )
        } else {
            (format!("▲ {}", shorten(note, fits)), style)
        };
        Some(Text::new(text, (*i as f64, y), style))
    });
    cc.draw_series(notes)?;
    Ok(())
}

fn draw_bars<DB: DrawingBackend>(
    cc: &mut Cartesian<'_, DB>,
    chart: &Chart,
    theme: &Theme,
) -> Drawn<DB> {
    let mut base = vec![0.0; chart.categories.len()];
    // Plain bars of several series stand side by side in their slot; stacked ones share it.
    let grouped = chart.kind == ChartKind::Bars && chart.series.len() > 1;
    let width = if grouped {
        0.8 / chart.series.len() as f64
    } else {
        0.7
    };
    for (i, series) in chart.series.iter().enumerate() {
        let colour = theme.colour(i);
        let mut bars = Vec::new();
        let shift = if grouped {
            -0.4 + width * (i as f64 + 0.5)
        } else {
            0.0
        };
        for (x, value) in present(&series.values) {
            let x = x + shift;
            let slot = (x - shift).round() as usize;
            let bottom = base.get(slot).copied().unwrap_or(0.0);
            let top = if chart.kind == ChartKind::StackedBars {
                bottom + value
            } else {
                value
            };
            if chart.kind == ChartKind::StackedBars {
                if let Some(b) = base.get_mut(slot) {
                    *b = top;
                }
            }
            bars.push(Rectangle::new(
                [(x - width / 2.0, bottom), (x + width / 2.0, top)],
                colour.filled(),
            ));
        }
        cc.draw_series(bars)?;
    }
    if chart.kind == ChartKind::Bars && !grouped {
        if let Some(series) = chart.series.first() {
            let labels = present(&series.values).map(|(x, y)| {
                Text::new(
                    short_number(y),
                    (x - 0.1, y),
                    (FONT, 12).into_font().color(&theme.ink),
                )
            });
            cc.draw_series(labels)?;
        }
    }
    Ok(())
}

/// `text` cut to at most `chars` characters, with an ellipsis when cut.
fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let kept: String = text.chars().take(chars.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// `(index, value)` of the values that are there.
pub(super) fn present(values: &[Option<f64>]) -> impl Iterator<Item = (f64, f64)> + '_ {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
}

fn category_label(chart: &Chart, x: f64) -> String {
    let i = x.round();
    if (x - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    chart
        .categories
        .get(i as usize)
        .cloned()
        .unwrap_or_default()
}

/// From zero (or the lowest value) to a bit above the highest value, target or warn level.
fn y_range(chart: &Chart) -> (f64, f64) {
    let mut top: f64 = 0.0;
    let mut bottom: f64 = 0.0;
    let stacked = chart.kind == ChartKind::StackedBars;
    let columns = chart.categories.len();
    for c in 0..columns {
        let values = chart
            .series
            .iter()
            .filter_map(|s| s.values.get(c).copied().flatten());
        if stacked {
            top = top.max(values.sum());
        } else {
            for v in values {
                top = top.max(v);
                bottom = bottom.min(v);
            }
        }
    }
    for v in chart.target.iter().chain(chart.warn.iter()) {
        top = top.max(*v);
    }
    if top <= bottom {
        top = bottom + 1.0;
    }
    (bottom, top * 1.12)
}

/// A number as a chart label: fewer decimals as it grows, thousands as `k`.
pub fn short_number(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if a >= 10_000.0 {
        format!("{:.0}k", v / 1000.0)
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}
