//! The KPIs page from the store: every KPI as a card with its sparkline, one KPI in detail with
//! its full trend chart, and a KPI's trend as SVG in one call.

use chrono::NaiveDate;
use quartermaster_core::kpi::page::{KpiCard, KpiDetail};
use quartermaster_core::kpi::series::{self, KpiStatusRow};
use quartermaster_core::kpi::{self, Source};
use quartermaster_core::org::settings;
use quartermaster_core::values::quarter::FiscalCalendar;
use quartermaster_core::Result;
use rusqlite::Connection;

use super::draw::svg;
use super::report::kpi_trend;
use super::sparkline::sparkline_svg;
use super::Theme;

/// Size of the sparklines on the KPIs page.
pub const SPARKLINE_SIZE: (u32, u32) = (120, 28);

/// Every KPI of the catalogue as of `today` (status, trend, latest value from
/// [`series::scorecard`]) with a sparkline over the same periods as its trend chart.
pub fn kpi_trends(conn: &Connection, today: NaiveDate) -> Result<Vec<KpiCard>> {
    let calendar = settings::get(conn)?.calendar()?;
    let kpis: Vec<kpi::Kpi> = quartermaster_core::store::entity::list(conn)?;
    series::scorecard(conn, today)?
        .into_iter()
        .map(|row| {
            let values = kpis
                .iter()
                .find(|k| k.id == row.id)
                .map(|k| sparkline_values(&calendar, k, &row, today))
                .unwrap_or_default();
            Ok(KpiCard {
                sparkline: sparkline_svg(&values, SPARKLINE_SIZE),
                row,
            })
        })
        .collect()
}

/// A scorecard row's values over the periods its trend chart shows as of `today` (gaps where
/// a period has none): what a sparkline draws.
pub fn sparkline_values(
    calendar: &FiscalCalendar,
    kpi: &kpi::Kpi,
    row: &KpiStatusRow,
    today: NaiveDate,
) -> Vec<Option<f64>> {
    series::periods_for(calendar, kpi, today)
        .iter()
        .map(|p| {
            row.points
                .iter()
                .find(|pt| &pt.period == p)
                .map(|pt| pt.value)
        })
        .collect()
}

/// The detail of KPI `kpi_key` as of `today`, its chart drawn `size` pixels in `theme`.
pub fn kpi_detail(
    conn: &Connection,
    kpi_key: &str,
    today: NaiveDate,
    size: (u32, u32),
    theme: &Theme,
) -> Result<KpiDetail> {
    let row = series::kpi_status_row(conn, kpi_key, today)?;
    let chart = kpi_trend(conn, kpi_key, today)?;
    let suggested_period = match row.source {
        Source::Manual => Some(series::suggested_period(conn, kpi_key, today)?),
        Source::Derived => None,
    };
    Ok(KpiDetail {
        chart_svg: svg(&chart, size, theme)?,
        chart_title: chart.title,
        suggested_period,
        row,
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
