//! The FinOps unit-cost page with its trend charts as SVG: spend by category stacked per month
//! and cost per 1k inferences per model, over the twelve months up to the month the page shows,
//! drawn from the same allocation of spend as the page's figures.

use quartermaster_core::unit_cost::{self, month_before, UnitCostTrends, UnitCostsPage};
use quartermaster_core::Result;
use rusqlite::Connection;
use serde::Serialize;

use crate::chart::{self, Theme};

/// Months a trend chart covers, the shown month last.
pub const TREND_MONTHS: u32 = 12;

/// Size of each chart in the app, in pixels (the page scales it to its column).
pub const TREND_SIZE: (u32, u32) = (1000, 280);

/// The two trend charts of the unit-cost page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitCostCharts {
    /// The months drawn, oldest first.
    pub months: Vec<String>,
    pub spend_by_category_title: String,
    pub spend_by_category_svg: String,
    pub unit_cost_title: String,
    pub unit_cost_svg: String,
}

/// The months from `TREND_MONTHS - 1` before `month` up to `month`.
pub fn trend_months(month: &str) -> Vec<String> {
    (0..TREND_MONTHS)
        .rev()
        .map(|back| month_before(month, back))
        .filter(|m| !m.is_empty())
        .collect()
}

/// The unit-cost page as the app shows it: the core's figures of the month and, when there is
/// a month to show, both trend charts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitCostsWithCharts {
    #[serde(flatten)]
    pub page: UnitCostsPage,
    pub charts: Option<UnitCostCharts>,
}

/// The unit-cost page of `month` (default: the latest with data) with its trend charts drawn
/// in the dark or light theme; spend is allocated once for every figure and chart.
pub fn unit_costs_page(
    conn: &Connection,
    month: Option<&str>,
    dark: bool,
) -> Result<UnitCostsWithCharts> {
    let page = unit_cost::unit_costs_page(conn, month)?;
    let charts = match page.month.as_deref() {
        Some(shown) => Some(unit_cost_charts(&page.trends, shown, dark)?),
        None => None,
    };
    Ok(UnitCostsWithCharts { page, charts })
}

/// Both trend charts ending at `month`, drawn in the dark or light theme.
pub fn unit_cost_charts(
    trends: &UnitCostTrends,
    month: &str,
    dark: bool,
) -> Result<UnitCostCharts> {
    let months = trend_months(month);
    let theme = if dark { Theme::dark() } else { Theme::light() };
    let spend = chart::spend_by_category_of(&trends.spend_by_category, &months);
    let unit = chart::unit_cost_per_model_of(&trends.unit_costs, &months);
    Ok(UnitCostCharts {
        spend_by_category_svg: chart::svg(&spend, TREND_SIZE, &theme)?,
        spend_by_category_title: spend.title,
        unit_cost_svg: chart::svg(&unit, TREND_SIZE, &theme)?,
        unit_cost_title: unit.title,
        months,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn twelve_months_end_at_the_shown_month() {
        let months = trend_months("2026-03");
        assert_eq!(months.len(), 12);
        assert_eq!(months.first().map(String::as_str), Some("2025-04"));
        assert_eq!(months.last().map(String::as_str), Some("2026-03"));
    }

    #[test]
    fn the_demo_draws_both_charts_as_svg() {
        let store = quartermaster_core::demo::in_memory().unwrap();
        let month: String = store
            .conn()
            .query_row("SELECT max(month) FROM usage", [], |r| r.get(0))
            .unwrap();
        let shown = unit_costs_page(store.conn(), Some(&month), false).unwrap();
        assert_eq!(shown.page.month.as_deref(), Some(month.as_str()));
        let charts = shown.charts.unwrap();
        // Drawn from the page's own allocation, they are the charts drawn from the store.
        let months = trend_months(&month);
        let spend = chart::spend_by_category(store.conn(), &months).unwrap();
        let unit = chart::unit_cost_per_model(store.conn(), &months).unwrap();
        let theme = Theme::light();
        assert_eq!(
            charts.spend_by_category_svg,
            chart::svg(&spend, TREND_SIZE, &theme).unwrap()
        );
        assert_eq!(
            charts.unit_cost_svg,
            chart::svg(&unit, TREND_SIZE, &theme).unwrap()
        );
        assert!(charts.spend_by_category_svg.starts_with("<svg"));
        assert!(charts.unit_cost_svg.starts_with("<svg"));
        assert!(charts.spend_by_category_title.contains(&month));
    }
}
