//! Charts drawn with plotters: the same chart data renders to SVG (for the app) and PNG (for
//! exports) with DejaVu Sans embedded in the binary, so no system font is ever needed.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use image::ImageEncoder;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle, RGBColor};
use quartermaster_core::hiring_metrics;
use quartermaster_core::kpi::{self, Source};
use quartermaster_core::kpi_series::{self, KpiStatusRow};
use quartermaster_core::quarter::FiscalQuarter;
use quartermaster_core::unit_cost::{self, SpendBy, SpendReport, UnitCosts};
use quartermaster_core::{headcount, settings, Error, Result};
use rusqlite::Connection;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

const FONT: &str = "sans-serif";
/// Width an x-axis label needs (`FY2027-Q1` at 12 px, with a gap).
const X_LABEL_PX: u32 = 66;

/// How a chart's series are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    Line,
    StackedBars,
    Bars,
}

/// One named series, one value (or a gap) per category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// What a chart shows: the numbers every export and the app draw the same way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// Says what and when, e.g. "Cloud spend by category, 2026-08 to 2026-10".
    pub title: String,
    /// File-name friendly identifier, e.g. `spend_by_category`.
    pub slug: String,
    pub y_label: String,
    pub kind: ChartKind,
    /// X-axis labels (months, quarters, stages).
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Target line (dashed) and the band between target and warn level.
    pub target: Option<f64>,
    pub warn: Option<f64>,
    /// Notes at a category index, e.g. "serving platform v1 launched".
    pub annotations: Vec<(usize, String)>,
}

/// Colours of a chart: passed in so the app can match its light or dark theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub background: RGBColor,
    pub ink: RGBColor,
    pub grid: RGBColor,
    pub target: RGBColor,
    /// The "near target" band between target and warn level.
    pub band: RGBColor,
    pub palette: Vec<RGBColor>,
}

impl Theme {
    /// Dark ink on white, for exports and print.
    pub fn light() -> Theme {
        Theme {
            background: RGBColor(255, 255, 255),
            ink: RGBColor(0x22, 0x22, 0x22),
            grid: RGBColor(0xDD, 0xDD, 0xDD),
            target: RGBColor(0x2E, 0x7D, 0x32),
            band: RGBColor(0xF2, 0xA9, 0x00),
            palette: palette(),
        }
    }

    /// Light ink on a dark background, for the app's dark mode.
    pub fn dark() -> Theme {
        Theme {
            background: RGBColor(0x1E, 0x1E, 0x1E),
            ink: RGBColor(0xEE, 0xEE, 0xEE),
            grid: RGBColor(0x44, 0x44, 0x44),
            target: RGBColor(0x81, 0xC7, 0x84),
            band: RGBColor(0xF2, 0xA9, 0x00),
            palette: palette(),
        }
    }

    fn colour(&self, index: usize) -> RGBColor {
        self.palette
            .get(index % self.palette.len().max(1))
            .copied()
            .unwrap_or(self.ink)
    }
}

fn palette() -> Vec<RGBColor> {
    [
        0x1F77B4, 0xFF7F0E, 0x9467BD, 0x8C564B, 0xE377C2, 0x17BECF, 0xBCBD22, 0xD62728,
    ]
    .iter()
    .map(|&c: &u32| RGBColor((c >> 16) as u8, (c >> 8) as u8, c as u8))
    .collect()
}

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
    for (i, series) in chart.series.iter().enumerate() {
        let colour = theme.colour(i);
        let mut bars = Vec::new();
        for (x, value) in present(&series.values) {
            let slot = x as usize;
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
                [(x - 0.35, bottom), (x + 0.35, top)],
                colour.filled(),
            ));
        }
        cc.draw_series(bars)?;
    }
    if chart.kind == ChartKind::Bars {
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
fn present(values: &[Option<f64>]) -> impl Iterator<Item = (f64, f64)> + '_ {
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

// -- The charts of issue 7, built from the store -------------------------------------------------

/// A KPI's recent trend up to `today`, with target band and notes.
pub fn kpi_trend(conn: &Connection, kpi_key: &str, today: NaiveDate) -> Result<Chart> {
    let kpi = kpi::by_key(conn, kpi_key)?;
    let settings = settings::get(conn)?;
    let (calendar, currency) = (settings.calendar()?, settings.currency);
    let periods = kpi_series::periods_for(&calendar, &kpi, today);
    let points = kpi_series::series(conn, kpi_key, &periods)?;
    let values = periods
        .iter()
        .map(|p| points.iter().find(|pt| &pt.period == p).map(|pt| pt.value))
        .collect();
    let annotations = periods
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let pt = points
                .iter()
                .find(|pt| &pt.period == p && !pt.note.is_empty())?;
            Some((i, pt.note.clone()))
        })
        .collect();
    Ok(Chart {
        title: format!("{}, {} to {}", kpi.name, first(&periods), last(&periods)),
        slug: format!("kpi_{}", kpi.key),
        y_label: if kpi.unit == "currency" {
            currency.as_str().to_string()
        } else {
            kpi.unit.clone()
        },
        kind: ChartKind::Line,
        categories: periods,
        series: vec![Series {
            name: kpi.name,
            values,
        }],
        target: kpi.target,
        warn: kpi.warn,
        annotations,
    })
}

/// Cloud spend (effective cost) by category, stacked per month.
pub fn spend_by_category(conn: &Connection, months: &[String]) -> Result<Chart> {
    Ok(spend_by_category_of(
        &unit_cost::spend_by(conn, SpendBy::Category)?,
        months,
    ))
}

/// `spend_by_category` from spend already broken down by category.
pub fn spend_by_category_of(report: &SpendReport, months: &[String]) -> Chart {
    let mut by_key: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    for row in &report.rows {
        if let Some(slot) = months.iter().position(|m| *m == row.month) {
            let values = by_key
                .entry(row.key.clone())
                .or_insert_with(|| vec![None; months.len()]);
            values[slot] = row.effective_cost.0.to_f64();
        }
    }
    Chart {
        title: format!(
            "Cloud spend by category, {} to {}",
            first(months),
            last(months)
        ),
        slug: "spend_by_category".into(),
        y_label: report.currency.clone(),
        kind: ChartKind::StackedBars,
        categories: months.to_vec(),
        series: to_series(by_key),
        target: None,
        warn: None,
        annotations: Vec::new(),
    }
}

/// Models drawn in the unit-cost chart: the busiest ones, so the chart stays readable.
pub const UNIT_COST_MODELS: usize = 6;

/// Cost per 1k inferences per month of the models with the most inferences in `months`.
pub fn unit_cost_per_model(conn: &Connection, months: &[String]) -> Result<Chart> {
    Ok(unit_cost_per_model_of(
        &unit_cost::unit_costs(conn, None)?,
        months,
    ))
}

/// `unit_cost_per_model` from unit costs already computed (every month).
pub fn unit_cost_per_model_of(costs: &UnitCosts, months: &[String]) -> Chart {
    let mut inferences: BTreeMap<&str, i64> = BTreeMap::new();
    for row in costs.rows.iter().filter(|r| months.contains(&r.month)) {
        *inferences.entry(row.model.as_str()).or_default() += row.inferences;
    }
    let mut busiest: Vec<(&str, i64)> = inferences.into_iter().filter(|(_, n)| *n > 0).collect();
    busiest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = busiest
        .iter()
        .take(UNIT_COST_MODELS)
        .map(|(m, _)| m.to_string())
        .collect();
    let mut by_model: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    for row in costs.rows.iter().filter(|r| top.contains(&r.model)) {
        let (Some(slot), Some(cost)) = (
            months.iter().position(|m| *m == row.month),
            row.cost_per_1k_inferences,
        ) else {
            continue;
        };
        let values = by_model
            .entry(row.model.clone())
            .or_insert_with(|| vec![None; months.len()]);
        values[slot] = cost.0.to_f64();
    }
    Chart {
        title: format!(
            "Cost per 1k inferences, top {UNIT_COST_MODELS} models by volume, {} to {}",
            first(months),
            last(months)
        ),
        slug: "unit_cost_per_model".into(),
        y_label: format!("{} per 1k inferences", costs.currency),
        kind: ChartKind::Line,
        categories: months.to_vec(),
        series: to_series(by_model),
        target: None,
        warn: None,
        annotations: Vec::new(),
    }
}

/// Filled heads by team at the end of each quarter, stacked.
pub fn heads_by_team(conn: &Connection, quarters: &[FiscalQuarter]) -> Result<Chart> {
    let rows = headcount::headcount_plan(conn, quarters)?;
    let mut by_team: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    for row in rows {
        if let Some(slot) = quarters.iter().position(|q| *q == row.quarter) {
            let values = by_team
                .entry(row.team)
                .or_insert_with(|| vec![None; quarters.len()]);
            values[slot] = Some(row.filled as f64);
        }
    }
    let labels: Vec<String> = quarters.iter().map(|q| q.to_string()).collect();
    Ok(Chart {
        title: format!(
            "Filled heads by team, end of {} to {}",
            first(&labels),
            last(&labels)
        ),
        slug: "heads_by_team".into(),
        y_label: "heads".into(),
        kind: ChartKind::StackedBars,
        categories: labels,
        series: to_series(by_team),
        target: None,
        warn: None,
        annotations: Vec::new(),
    })
}

/// Candidates who reached each stage of the hiring funnel, as of `today`.
pub fn hiring_funnel(conn: &Connection, today: NaiveDate) -> Result<Chart> {
    let funnel = hiring_metrics::funnel(conn, None)?;
    Ok(Chart {
        title: format!("Hiring funnel, all requisitions, as of {today}"),
        slug: "hiring_funnel".into(),
        y_label: "candidates".into(),
        kind: ChartKind::Bars,
        categories: funnel
            .steps
            .iter()
            .map(|s| s.stage.as_str().to_string())
            .collect(),
        series: vec![Series {
            name: "reached".into(),
            values: funnel
                .steps
                .iter()
                .map(|s| Some(s.reached as f64))
                .collect(),
        }],
        target: None,
        warn: None,
        annotations: Vec::new(),
    })
}

/// A KPI's trend chart as SVG in one call (for the app's KPI view).
pub fn kpi_trend_svg(
    conn: &Connection,
    kpi_key: &str,
    today: NaiveDate,
    size: (u32, u32),
    theme: &Theme,
) -> Result<String> {
    svg(&kpi_trend(conn, kpi_key, today)?, size, theme)
}

/// Size of the sparklines on the KPIs page.
pub const SPARKLINE_SIZE: (u32, u32) = (120, 28);

/// A KPI of the KPIs page: its scorecard row and a sparkline of its recent values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiCard {
    #[serde(flatten)]
    pub row: KpiStatusRow,
    /// SVG stroked in `currentColor` (see [`sparkline_svg`]).
    pub sparkline: String,
}

/// Every KPI of the catalogue as of `today` (status, trend, latest value from
/// [`kpi_series::scorecard`]) with a sparkline over the same periods as its trend chart.
pub fn kpi_trends(conn: &Connection, today: NaiveDate) -> Result<Vec<KpiCard>> {
    let calendar = settings::get(conn)?.calendar()?;
    let kpis: Vec<kpi::Kpi> = quartermaster_core::store::entity::list(conn)?;
    kpi_series::scorecard(conn, today)?
        .into_iter()
        .map(|row| {
            let periods = kpis
                .iter()
                .find(|k| k.id == row.id)
                .map(|k| kpi_series::periods_for(&calendar, k, today))
                .unwrap_or_default();
            let values: Vec<Option<f64>> = periods
                .iter()
                .map(|p| {
                    row.points
                        .iter()
                        .find(|pt| &pt.period == p)
                        .map(|pt| pt.value)
                })
                .collect();
            Ok(KpiCard {
                sparkline: sparkline_svg(&values, SPARKLINE_SIZE),
                row,
            })
        })
        .collect()
}

/// One KPI opened on the KPIs page: its scorecard row (whose `points` are the table of values
/// and annotations), the full trend chart, and the period a new value is most likely for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiDetail {
    #[serde(flatten)]
    pub row: KpiStatusRow,
    pub chart_title: String,
    /// The trend with its target band and annotations, as SVG.
    pub chart_svg: String,
    /// For manual KPIs: the period "Add value" proposes.
    pub suggested_period: Option<String>,
}

/// The detail of KPI `kpi_key` as of `today`, its chart drawn `size` pixels in `theme`.
pub fn kpi_detail(
    conn: &Connection,
    kpi_key: &str,
    today: NaiveDate,
    size: (u32, u32),
    theme: &Theme,
) -> Result<KpiDetail> {
    let row = kpi_series::kpi_status_row(conn, kpi_key, today)?;
    let chart = kpi_trend(conn, kpi_key, today)?;
    let suggested_period = match row.source {
        Source::Manual => Some(kpi_series::suggested_period(conn, kpi_key, today)?),
        Source::Derived => None,
    };
    Ok(KpiDetail {
        chart_svg: svg(&chart, size, theme)?,
        chart_title: chart.title,
        suggested_period,
        row,
    })
}

/// A sparkline: one polyline through the values (gaps skipped), no axes or text, stroked in
/// `currentColor` so it takes the colour of the surrounding text.
pub fn sparkline_svg(values: &[Option<f64>], (width, height): (u32, u32)) -> String {
    let present: Vec<(f64, f64)> = present(values).collect();
    let (lo, hi) = present
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &(_, v)| {
            (lo.min(v), hi.max(v))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let steps = values.len().saturating_sub(1).max(1) as f64;
    let (w, h) = (f64::from(width), f64::from(height));
    let xy: Vec<(f64, f64)> = present
        .iter()
        .map(|&(i, v)| {
            let x = 1.0 + i / steps * (w - 2.0);
            let y = h - 1.0 - (v - lo) / span * (h - 2.0);
            (x, y)
        })
        .collect();
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

fn to_series(map: BTreeMap<String, Vec<Option<f64>>>) -> Vec<Series> {
    map.into_iter()
        .map(|(name, values)| Series { name, values })
        .collect()
}

fn first(labels: &[String]) -> &str {
    labels.first().map(String::as_str).unwrap_or("")
}

fn last(labels: &[String]) -> &str {
    labels.last().map(String::as_str).unwrap_or("")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use quartermaster_core::Store;

    fn demo_store() -> Store {
        quartermaster_core::demo::in_memory().unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
    }

    fn months() -> Vec<String> {
        ["2026-08", "2026-09", "2026-10"].map(String::from).to_vec()
    }

    fn hex(c: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    /// How many palette colours appear in the SVG: one per series.
    fn series_colours_in_svg(svg: &str, theme: &Theme) -> usize {
        let upper = svg.to_uppercase();
        theme
            .palette
            .iter()
            .filter(|&&c| upper.contains(&hex(c)))
            .count()
    }

    fn series_colours_in_png(png: &[u8], theme: &Theme) -> usize {
        let img = image::load_from_memory(png).unwrap().to_rgb8();
        theme
            .palette
            .iter()
            .filter(|c| img.pixels().any(|p| p.0 == [c.0, c.1, c.2]))
            .count()
    }

    #[test]
    fn kpi_trend_has_one_line_target_and_last_value() {
        let store = demo_store();
        let chart = kpi_trend(store.conn(), "latency_p95", today()).unwrap();
        assert_eq!(chart.title, "p95 inference latency, 2025-12 to 2026-11");
        let theme = Theme::light();
        let svg = svg(&chart, (640, 360), &theme).unwrap();
        // One series line (the dashed target is drawn in the target colour, not the palette).
        assert_eq!(series_colours_in_svg(&svg, &theme), 1);
        assert!(svg.to_uppercase().contains(&hex(theme.target)));
        assert!(svg.contains(">\n96.0\n<"), "last value labelled");
        assert!(svg.contains("target 120"));
        assert!(svg.matches("<polyline").count() >= 1);
    }

    #[test]
    fn spend_units_heads_and_funnel_have_their_series() {
        let store = demo_store();
        let conn = store.conn();
        let theme = Theme::light();
        let spend = spend_by_category(conn, &months()).unwrap();
        let heads = heads_by_team(
            conn,
            &["FY2026-Q4".parse().unwrap(), "FY2027-Q1".parse().unwrap()],
        )
        .unwrap();
        let funnel = hiring_funnel(conn, today()).unwrap();
        for chart in [&spend, &heads, &funnel] {
            assert!(!chart.series.is_empty(), "{}", chart.title);
            let expected = chart.series.len().min(theme.palette.len());
            let svg = svg(chart, (640, 360), &theme).unwrap();
            assert_eq!(
                series_colours_in_svg(&svg, &theme),
                expected,
                "{}",
                chart.title
            );
            let png = png(chart, (640, 360), &theme).unwrap();
            assert_eq!(
                series_colours_in_png(&png, &theme),
                expected,
                "{}",
                chart.title
            );
        }
        let units = unit_cost_per_model(conn, &months()).unwrap();
        let svg = svg(&units, (640, 360), &theme).unwrap();
        // Each model's line is a 2-pixel polyline (axis ticks and legend keys are 1 pixel).
        let lines = svg
            .lines()
            .filter(|l| l.starts_with("<polyline") && l.contains("stroke-width=\"2\""));
        assert_eq!(lines.count(), units.series.len());
        assert_eq!(
            funnel.series[0].values[0],
            Some(hiring_metrics::funnel(conn, None).unwrap().steps[0].reached as f64)
        );
    }

    #[test]
    fn rendering_is_deterministic_and_png_is_a_png() {
        let store = demo_store();
        let chart = spend_by_category(store.conn(), &months()).unwrap();
        let theme = Theme::dark();
        assert_eq!(
            svg(&chart, (500, 300), &theme).unwrap(),
            svg(&chart, (500, 300), &theme).unwrap()
        );
        let a = png(&chart, (500, 300), &theme).unwrap();
        assert_eq!(a, png(&chart, (500, 300), &theme).unwrap());
        assert_eq!(&a[1..4], b"PNG");
        let img = image::load_from_memory(&a).unwrap();
        assert_eq!((img.width(), img.height()), (500, 300));
    }

    #[test]
    fn sparkline_scales_values_into_the_box() {
        let svg = sparkline_svg(&[Some(1.0), None, Some(3.0)], (42, 12));
        // x from 1 to 41, y from 11 (lowest) to 1 (highest); the gap is skipped.
        assert!(svg.contains("points=\"1.0,11.0 41.0,1.0\""), "{svg}");
        assert!(svg.contains("currentColor"));
        assert!(sparkline_svg(&[], (10, 10)).contains("points=\"\""));
    }

    #[test]
    fn kpi_trend_svg_is_one_call() {
        let store = demo_store();
        let svg = kpi_trend_svg(
            store.conn(),
            "lead_time",
            today(),
            (400, 200),
            &Theme::dark(),
        )
        .unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("Lead time for ML changes"));
    }

    #[test]
    fn kpi_cards_and_detail_follow_the_scorecard() {
        let store = demo_store();
        let conn = store.conn();
        let cards = kpi_trends(conn, today()).unwrap();
        let scorecard = kpi_series::scorecard(conn, today()).unwrap();
        assert_eq!(cards.len(), scorecard.len());
        for (card, row) in cards.iter().zip(&scorecard) {
            assert_eq!(&card.row, row);
            assert!(card.sparkline.starts_with("<svg") && card.sparkline.contains("currentColor"));
        }
        // Twelve monthly values of p95 latency: twelve points in its sparkline.
        let latency = cards.iter().find(|c| c.row.key == "latency_p95").unwrap();
        let points = latency.sparkline.split("points=\"").nth(1).unwrap();
        let points = points.split('"').next().unwrap();
        assert!(
            latency.sparkline.contains("<circle"),
            "the latest value as a dot"
        );
        assert_eq!(points.split(' ').count(), latency.row.points.len());

        let detail = kpi_detail(conn, "lead_time", today(), (640, 320), &Theme::light()).unwrap();
        assert_eq!(detail.row.value, Some(9.5));
        assert_eq!(detail.suggested_period.as_deref(), Some("2026-11"));
        assert_eq!(
            detail.chart_title,
            "Lead time for ML changes, 2025-12 to 2026-11"
        );
        let note = "Serving platform v1 launched";
        assert!(detail
            .row
            .points
            .iter()
            .any(|p| p.period == "2026-09" && p.note.starts_with(note)));
        assert!(
            detail.chart_svg.contains(note),
            "the annotation is on the chart"
        );
        assert!(
            detail
                .chart_svg
                .to_uppercase()
                .contains(&hex(Theme::light().band)),
            "target band"
        );
        let derived = kpi_detail(conn, "ml_releases", today(), (640, 320), &Theme::dark()).unwrap();
        assert_eq!(derived.suggested_period, None);
        assert!(
            derived.chart_title.ends_with("to FY2026-Q4"),
            "{}",
            derived.chart_title
        );
    }

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(0.0), "0");
        assert_eq!(short_number(0.4123), "0.41");
        assert_eq!(short_number(42.25), "42.2");
        assert_eq!(short_number(120.0), "120");
        assert_eq!(short_number(125_400.0), "125k");
    }
}
