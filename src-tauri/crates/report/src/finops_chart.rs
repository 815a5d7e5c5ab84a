//! The FinOps unit-cost page with its trend charts as SVG: spend by category stacked per month
//! and cost per 1k inferences per model, over the twelve months up to the month the page shows,
//! drawn from the same allocation of spend as the page's figures.

use quartermaster_core::finops::unit_cost;
use quartermaster_core::finops::unit_cost::page::{UnitCostTrends, UnitCostsPage};
use quartermaster_core::values::month::month_before;
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
    let page = unit_cost::page::unit_costs_page(conn, month)?;
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
    use crate::test_support::{elements, texts};

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
        assert_eq!(month, "2026-10");
        let shown = unit_costs_page(store.conn(), Some(&month), false).unwrap();
        assert_eq!(shown.page.month.as_deref(), Some(month.as_str()));
        let charts = shown.charts.unwrap();
        // Drawn from the page's own allocation, they are the charts drawn from the store.
        let months = trend_months(&month);
        let spend = chart::spend_by_category(store.conn(), &months).unwrap();
        let unit = chart::unit_cost_per_model(store.conn(), &months).unwrap();
        let light = Theme::light();
        assert_eq!(
            charts.spend_by_category_svg,
            chart::svg(&spend, TREND_SIZE, &light).unwrap()
        );
        assert_eq!(
            charts.unit_cost_svg,
            chart::svg(&unit, TREND_SIZE, &light).unwrap()
        );
        assert!(charts.spend_by_category_svg.starts_with("<svg"));
        assert!(charts.unit_cost_svg.starts_with("<svg"));
        assert!(charts.spend_by_category_title.contains(&month));
        let theme = Theme::light();
        let legend_x = f64::from(TREND_SIZE.0) * 0.75;

        // Spend: one stacked bar per category in each of the twelve months billed (SQL).
        let spend = &charts.spend_by_category_svg;
        let shown = texts(spend);
        assert_eq!(shown[0], "Cloud spend by category, 2025-11 to 2026-10");
        assert_eq!(shown[0], charts.spend_by_category_title);
        let billed: i64 = store
            .conn()
            .query_row(
                "SELECT count(DISTINCT substr(charge_period_start, 1, 7)) FROM cost_line
                 WHERE substr(charge_period_start, 1, 7) BETWEEN '2025-11' AND '2026-10'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(billed, 12);
        let first_bars = elements(spend, "rect")
            .iter()
            .filter(|r| r.filled_with(theme.palette[0]) && r.num("x") < legend_x)
            .count();
        assert_eq!(first_bars as i64, billed, "bars of the first category");
        // Every second month is labelled along the axis.
        for tick in ["2025-11", "2026-01", "2026-09"] {
            assert!(shown.iter().any(|t| t == tick), "{tick} in {shown:?}");
        }
        assert!(!shown.iter().any(|t| t == "2026-10"), "{shown:?}");

        // Unit costs: a line per model among the six with most inferences (SQL), a dot per month
        // with usage.
        let unit = &charts.unit_cost_svg;
        let shown = texts(unit);
        assert_eq!(
            shown[0],
            "Cost per 1k inferences, top 6 models by volume, 2025-11 to 2026-10"
        );
        let mut busiest: Vec<(String, i64)> = store
            .conn()
            .prepare(
                "SELECT m.name, count(*) FROM usage u JOIN model m ON m.id = u.model_id
                 WHERE u.month BETWEEN '2025-11' AND '2026-10' AND u.inferences > 0
                 GROUP BY m.id ORDER BY sum(u.inferences) DESC LIMIT 6",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        busiest.sort();
        let legend: Vec<&str> = shown[1..=busiest.len()]
            .iter()
            .map(String::as_str)
            .collect();
        let names: Vec<&str> = busiest.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(legend, names);
        assert!(shown.iter().any(|t| t == "USD per 1k inferences"));
        for (i, (model, months)) in busiest.iter().enumerate() {
            let dots = elements(unit, "circle")
                .iter()
                .filter(|c| c.filled_with(theme.palette[i]))
                .count();
            assert_eq!(dots as i64, *months, "{model}");
        }
    }
}
