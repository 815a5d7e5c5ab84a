//! Charts drawn with plotters: the same chart data renders to SVG (for the app) and PNG (for
//! exports) with DejaVu Sans embedded in the binary, so no system font is ever needed.

mod draw;
mod kpi;
mod report;
mod sparkline;
#[cfg(test)]
mod tests;

use plotters::style::RGBColor;
use serde::Serialize;

pub use draw::{png, short_number, svg};
pub use kpi::{kpi_detail, kpi_trend_svg, kpi_trends, sparkline_values, SPARKLINE_SIZE};
pub use report::{
    heads_by_team, hiring_funnel, kpi_trend, spend_by_category, spend_by_category_of,
    unit_cost_per_model, unit_cost_per_model_of, UNIT_COST_MODELS,
};
pub use sparkline::{sparkline_points, sparkline_svg};

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
