//! Derived KPIs: values computed from the portfolio (coverage), FinOps (unit cost), the roadmap,
//! hiring and incidents (time to detect and mitigate), never typed in. The series asks here for
//! one period at a time.

use rusqlite::Connection;
use rust_decimal::prelude::ToPrimitive;

use crate::finops::unit_cost::{self, OrgUnitCost};
use crate::values::quarter::{FiscalCalendar, FiscalQuarter};
use crate::{hiring::metrics, roadmap::kpis, Error, Result};

/// A period of a series, and whether it is the last one asked for.
#[derive(Clone, Copy)]
pub(super) struct Period<'a> {
    pub(super) text: &'a str,
    pub(super) is_last: bool,
}

/// The value of a derived KPI in one period. Coverage has no history in the store (model flags
/// are current facts), so it is known only for the last period asked for.
pub(super) fn value(
    conn: &Connection,
    calendar: &FiscalCalendar,
    key: &str,
    Period {
        text: period,
        is_last,
    }: Period<'_>,
    unit_costs: &mut Option<Vec<OrgUnitCost>>,
) -> Result<Option<f64>> {
    let quarter = || period.parse::<FiscalQuarter>();
    Ok(match key {
        "cicd_coverage" | "monitoring_coverage" | "lineage_coverage" if is_last => {
            coverage_percent(conn, key)?
        }
        "cicd_coverage" | "monitoring_coverage" | "lineage_coverage" => None,
        "cost_per_1k_inferences" | "cost_per_training_run" => {
            if unit_costs.is_none() {
                *unit_costs = Some(unit_cost::org_unit_costs(conn)?);
            }
            org_unit_cost(unit_costs.as_deref().unwrap_or_default(), key, period)
        }
        "roadmap_predictability" => kpis::roadmap_predictability(conn, quarter()?)?,
        "ml_releases" => Some(kpis::ml_releases(conn, quarter()?)? as f64),
        "hiring_cycle_time" => metrics::hiring_cycle_time(conn, quarter()?)?,
        "time_to_detect" => time_to_detect_minutes(conn, calendar, quarter()?)?,
        "time_to_mitigate" => time_to_mitigate_hours(conn, calendar, quarter()?)?,
        other => {
            return Err(Error::invalid(
                "key",
                format!("no derivation is known for KPI {other}"),
            ))
        }
    })
}

/// `*_coverage`: share of live (canary or production) models with the flag, in percent;
/// `None` when no model is live.
pub fn coverage_percent(conn: &Connection, key: &str) -> Result<Option<f64>> {
    let column = match key {
        "cicd_coverage" => "has_cicd",
        "monitoring_coverage" => "has_monitoring",
        "lineage_coverage" => "has_lineage",
        other => {
            return Err(Error::invalid(
                "key",
                format!("{other} is not a coverage KPI"),
            ))
        }
    };
    let (with, live): (i64, i64) = conn.query_row(
        &format!(
            "SELECT coalesce(sum({column}), 0), count(*) FROM model
             WHERE lifecycle IN ('canary', 'production')"
        ),
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((live > 0).then(|| with as f64 * 100.0 / live as f64))
}

fn org_unit_cost(costs: &[OrgUnitCost], key: &str, month: &str) -> Option<f64> {
    let row = costs.iter().find(|c| c.month == month)?;
    let amount = match key {
        "cost_per_1k_inferences" => row.cost_per_1k_inferences.as_ref(),
        _ => row.cost_per_training_run.as_ref(),
    };
    amount.and_then(|a| a.0.to_f64())
}

/// `time_to_detect`: mean minutes from start to detection of the incidents that started in the
/// quarter; `None` without incidents.
pub fn time_to_detect_minutes(
    conn: &Connection,
    calendar: &FiscalCalendar,
    quarter: FiscalQuarter,
) -> Result<Option<f64>> {
    mean_incident_seconds(conn, calendar, quarter, "started_at", "detected_at")
        .map(|s| s.map(|s| s / 60.0))
}

/// `time_to_mitigate`: mean hours from detection to mitigation of the incidents that started in
/// the quarter and are mitigated; `None` without any.
pub fn time_to_mitigate_hours(
    conn: &Connection,
    calendar: &FiscalCalendar,
    quarter: FiscalQuarter,
) -> Result<Option<f64>> {
    mean_incident_seconds(conn, calendar, quarter, "detected_at", "mitigated_at")
        .map(|s| s.map(|s| s / 3600.0))
}

fn mean_incident_seconds(
    conn: &Connection,
    calendar: &FiscalCalendar,
    quarter: FiscalQuarter,
    from: &str,
    to: &str,
) -> Result<Option<f64>> {
    let first = calendar.first_day(quarter).format("%Y-%m-%d").to_string();
    let last = calendar.last_day(quarter).format("%Y-%m-%d").to_string();
    let mean: Option<f64> = conn.query_row(
        &format!(
            "SELECT avg((julianday({to}) - julianday({from})) * 86400.0) FROM incident
             WHERE {to} IS NOT NULL AND substr(started_at, 1, 10) BETWEEN ?1 AND ?2"
        ),
        [first, last],
        |r| r.get(0),
    )?;
    // julianday works in floating days: round to whole seconds so fixtures compare exactly.
    Ok(mean.map(f64::round))
}

#[cfg(test)]
mod tests;
