//! KPI series and the scorecard: manual KPIs as typed, derived KPIs computed from the portfolio,
//! FinOps, roadmap, incidents and hiring (never typed), with status and trend per KPI.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::finops::unit_cost::OrgUnitCost;
use crate::kpi::status::{kpi_status, KpiStatus};
use crate::kpi::{self, Direction, Frequency, Kpi, Source};
use crate::store::entity;
use crate::values::month::month_before;
use crate::values::quarter::{FiscalCalendar, FiscalQuarter};
use crate::{finops::unit_cost, hiring::metrics, org::settings, roadmap::kpis, Error, Result};

/// One value of a KPI in one period (`2026-09` or `FY2027-Q1`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub period: String,
    pub value: f64,
    /// An annotation (manual KPIs), e.g. "serving platform v1 launched".
    pub note: String,
    /// The `kpi_value` row this value was typed into (manual KPIs); `None` when derived.
    pub value_id: Option<i64>,
}

/// Whether the latest value moved the right way since the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Improving,
    Worsening,
    Flat,
}

/// A KPI of the scorecard: its latest value against target, status and trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiStatusRow {
    /// The catalogue entry's id.
    pub id: i64,
    pub key: String,
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub frequency: Frequency,
    pub source: Source,
    /// Period of the latest value, when there is one.
    pub period: Option<String>,
    /// The latest value's period is still running (the one containing `today`): a partial figure.
    pub in_progress: bool,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub target: Option<f64>,
    pub warn: Option<f64>,
    pub status: Option<KpiStatus>,
    pub trend: Option<Trend>,
    /// The recent values the scorecard looked at, oldest first (for sparklines).
    pub points: Vec<Point>,
}

/// Changes smaller than this share of the previous value count as flat.
const FLAT_SHARE: f64 = 0.01;
/// How many periods the scorecard looks back over, by frequency.
const MONTHS_BACK: u32 = 12;
const QUARTERS_BACK: i32 = 8;

/// The values of KPI `kpi_key` in `periods` (months for monthly KPIs, fiscal quarters for
/// quarterly ones), oldest first as given; periods without a value are left out.
pub fn series(conn: &Connection, kpi_key: &str, periods: &[String]) -> Result<Vec<Point>> {
    let kpi = kpi::by_key(conn, kpi_key)?;
    if kpi.source == Source::Manual {
        return manual_series(conn, &kpi, periods);
    }
    let calendar = settings::get(conn)?.calendar()?;
    let mut unit_costs = None;
    let mut points = Vec::new();
    for (i, period) in periods.iter().enumerate() {
        let is_last = i + 1 == periods.len();
        let at = Period {
            text: period,
            is_last,
        };
        if let Some(value) = derived_value(conn, &calendar, &kpi.key, at, &mut unit_costs)? {
            points.push(Point {
                period: period.clone(),
                value,
                note: String::new(),
                value_id: None,
            });
        }
    }
    Ok(points)
}

/// The last `count` periods of a KPI's frequency up to the one containing `today`, oldest first.
pub fn recent_periods(
    calendar: &FiscalCalendar,
    frequency: Frequency,
    today: NaiveDate,
    count: u32,
) -> Vec<String> {
    match frequency {
        Frequency::Monthly => {
            let this = month_text(today);
            (0..count)
                .rev()
                .map(|back| month_before(&this, back))
                .collect()
        }
        Frequency::Quarterly => {
            let this = calendar.quarter_of(today);
            (0..count as i32)
                .rev()
                .map(|back| this.offset(-back).to_string())
                .collect()
        }
    }
}

/// Derived KPIs that accumulate through their period (releases counted, initiatives delivered):
/// a period still running would read as a shortfall, so they are judged on complete periods only.
pub const ACCUMULATING: &[&str] = &["ml_releases", "roadmap_predictability"];

/// The periods a KPI is charted and judged over as of `today`, oldest first: the last twelve
/// months or eight quarters up to the running one (up to the last complete one for
/// [`ACCUMULATING`] KPIs).
pub fn periods_for(calendar: &FiscalCalendar, kpi: &Kpi, today: NaiveDate) -> Vec<String> {
    let back = match kpi.frequency {
        Frequency::Monthly => MONTHS_BACK,
        Frequency::Quarterly => QUARTERS_BACK as u32,
    };
    // On a period's last day (a report "as of" a quarter's end) the period counts as complete.
    let last_day = today.succ_opt().is_none_or(|tomorrow| {
        calendar_current(calendar, kpi.frequency, tomorrow)
            != calendar_current(calendar, kpi.frequency, today)
    });
    if ACCUMULATING.contains(&kpi.key.as_str()) && !last_day {
        let mut periods = recent_periods(calendar, kpi.frequency, today, back + 1);
        periods.pop();
        periods
    } else {
        recent_periods(calendar, kpi.frequency, today, back)
    }
}

/// Every KPI of the catalogue with its latest value up to `today`, status and trend.
pub fn scorecard(conn: &Connection, today: NaiveDate) -> Result<Vec<KpiStatusRow>> {
    let calendar = settings::get(conn)?.calendar()?;
    let mut kpis: Vec<Kpi> = entity::list(conn)?;
    kpis.sort_by_key(|k| k.id);
    kpis.into_iter()
        .map(|kpi| status_of(conn, &calendar, kpi, today))
        .collect()
}

/// One KPI of the scorecard by its key, as of `today`.
pub fn kpi_status_row(conn: &Connection, kpi_key: &str, today: NaiveDate) -> Result<KpiStatusRow> {
    let calendar = settings::get(conn)?.calendar()?;
    status_of(conn, &calendar, kpi::by_key(conn, kpi_key)?, today)
}

fn status_of(
    conn: &Connection,
    calendar: &FiscalCalendar,
    kpi: Kpi,
    today: NaiveDate,
) -> Result<KpiStatusRow> {
    let periods = periods_for(calendar, &kpi, today);
    let points = series(conn, &kpi.key, &periods)?;
    let current = calendar_current(calendar, kpi.frequency, today);
    Ok(status_row(kpi, points, Some(current.as_str())))
}

/// The period of `frequency` containing `today`.
fn calendar_current(calendar: &FiscalCalendar, frequency: Frequency, today: NaiveDate) -> String {
    match frequency {
        Frequency::Monthly => month_text(today),
        Frequency::Quarterly => calendar.quarter_of(today).to_string(),
    }
}

/// The period a new value of manual KPI `kpi_key` is most likely for, as of `today`: the one
/// after its latest value, but never past the period containing `today`; without a value, the
/// last complete period.
pub fn suggested_period(conn: &Connection, kpi_key: &str, today: NaiveDate) -> Result<String> {
    let calendar = settings::get(conn)?.calendar()?;
    let kpi = kpi::by_key(conn, kpi_key)?;
    let window = recent_periods(&calendar, kpi.frequency, today, 24);
    let latest: Option<String> = conn
        .query_row(
            "SELECT period FROM kpi_value WHERE kpi_id = ?1 ORDER BY period DESC LIMIT 1",
            [kpi.id],
            |r| r.get(0),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })?;
    let at = latest.and_then(|l| window.iter().position(|p| *p == l));
    let index = match at {
        Some(i) => (i + 1).min(window.len().saturating_sub(1)),
        None => window.len().saturating_sub(2),
    };
    window
        .get(index)
        .cloned()
        .ok_or_else(|| Error::invalid("period", "no period to suggest"))
}

/// The direction-aware trend from `previous` to `latest`.
pub fn trend(direction: Direction, previous: f64, latest: f64) -> Trend {
    let change = latest - previous;
    if change.abs() <= previous.abs() * FLAT_SHARE || change == 0.0 {
        return Trend::Flat;
    }
    let better = match direction {
        Direction::Higher => change > 0.0,
        Direction::Lower => change < 0.0,
    };
    if better {
        Trend::Improving
    } else {
        Trend::Worsening
    }
}

fn status_row(kpi: Kpi, points: Vec<Point>, current: Option<&str>) -> KpiStatusRow {
    let latest = points.last().map(|p| (p.period.clone(), p.value));
    let in_progress = latest
        .as_ref()
        .is_some_and(|l| Some(l.0.as_str()) == current);
    let previous = points
        .len()
        .checked_sub(2)
        .and_then(|i| points.get(i))
        .map(|p| p.value);
    let value = latest.as_ref().map(|l| l.1);
    KpiStatusRow {
        id: kpi.id,
        status: value
            .zip(kpi.target)
            .map(|(v, t)| kpi_status(kpi.direction, v, t, kpi.warn)),
        trend: value.zip(previous).map(|(v, p)| trend(kpi.direction, p, v)),
        period: latest.map(|l| l.0),
        in_progress,
        value,
        previous,
        key: kpi.key,
        name: kpi.name,
        unit: kpi.unit,
        direction: kpi.direction,
        frequency: kpi.frequency,
        source: kpi.source,
        target: kpi.target,
        warn: kpi.warn,
        points,
    }
}

fn manual_series(conn: &Connection, kpi: &Kpi, periods: &[String]) -> Result<Vec<Point>> {
    let mut stmt =
        conn.prepare("SELECT value, note, id FROM kpi_value WHERE kpi_id = ?1 AND period = ?2")?;
    let mut points = Vec::new();
    for period in periods {
        let mut rows = stmt.query(rusqlite::params![kpi.id, period])?;
        if let Some(row) = rows.next()? {
            points.push(Point {
                period: period.clone(),
                value: row.get(0)?,
                note: row.get(1)?,
                value_id: Some(row.get(2)?),
            });
        }
    }
    Ok(points)
}

/// The value of a derived KPI in one period. Coverage has no history in the store (model flags
/// are current facts), so it is known only for the last period asked for.
fn derived_value(
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

/// A period of a series, and whether it is the last one asked for.
#[derive(Clone, Copy)]
struct Period<'a> {
    text: &'a str,
    is_last: bool,
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

fn month_text(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::demo;
    use crate::ops::{Incident, Severity};
    use crate::portfolio::{Lifecycle, Model};
    use crate::Store;

    fn demo_store() -> Store {
        crate::demo::in_memory().unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
    }

    fn now() -> entity::Timestamp {
        demo::demo_now().unwrap()
    }

    #[test]
    fn coverage_counts_only_live_models() {
        let mut store = demo_store();
        let conn = store.conn();
        let models: Vec<Model> = entity::list(conn).unwrap();
        let live: Vec<&Model> = models.iter().filter(|m| m.lifecycle.is_live()).collect();
        let cicd = live.iter().filter(|m| m.has_cicd).count() as f64;
        let expected = cicd * 100.0 / live.len() as f64;
        assert_eq!(
            coverage_percent(conn, "cicd_coverage").unwrap(),
            Some(expected)
        );
        // Adding a live model without CI/CD lowers coverage by a hand-computed amount.
        let mut extra = live[0].clone();
        extra.id = 0;
        extra.name = "new live model".into();
        extra.has_cicd = false;
        extra.lifecycle = Lifecycle::Production;
        let n = live.len() as f64;
        store
            .with_tx(|tx| entity::insert(tx, extra, now()).map(|_| ()))
            .unwrap();
        let after = coverage_percent(store.conn(), "cicd_coverage")
            .unwrap()
            .unwrap();
        assert!((after - cicd * 100.0 / (n + 1.0)).abs() < 1e-9);
        // Coverage has no history: only the last period asked for has a value.
        let periods = ["FY2026-Q4".to_string(), "FY2027-Q1".to_string()];
        let points = series(store.conn(), "monitoring_coverage", &periods).unwrap();
        assert_eq!(points.len(), 1);
        assert_eq!(points[0].period, "FY2027-Q1");
    }

    #[test]
    fn incident_times_per_quarter_by_hand() {
        let mut store = demo_store();
        store
            .with_tx(|tx| {
                tx.execute("DELETE FROM incident", [])?;
                for (start, detect, mitigate) in [
                    (
                        "2026-10-01T10:00:00Z",
                        "2026-10-01T10:20:00Z",
                        Some("2026-10-01T12:20:00Z"),
                    ),
                    (
                        "2026-11-02T08:00:00Z",
                        "2026-11-02T08:40:00Z",
                        Some("2026-11-02T12:40:00Z"),
                    ),
                    ("2026-12-20T00:00:00Z", "2026-12-20T01:00:00Z", None),
                    ("2026-09-30T00:00:00Z", "2026-09-30T05:00:00Z", None),
                ] {
                    let at = |t: &str| t.parse::<entity::Timestamp>().unwrap();
                    entity::insert(
                        tx,
                        Incident {
                            id: 0,
                            model_id: None,
                            severity: Severity::Sev2,
                            started_at: at(start),
                            detected_at: at(detect),
                            mitigated_at: mitigate.map(at),
                            summary: "x".into(),
                        },
                        now(),
                    )?;
                }
                Ok(())
            })
            .unwrap();
        let q1 = vec!["FY2027-Q1".to_string()];
        // Detect: (20 + 40 + 60) / 3 = 40 minutes; mitigate: (2 h + 4 h) / 2 = 3 hours.
        let ttd = series(store.conn(), "time_to_detect", &q1).unwrap();
        assert_eq!(ttd[0].value, 40.0);
        let ttm = series(store.conn(), "time_to_mitigate", &q1).unwrap();
        assert_eq!(ttm[0].value, 3.0);
        // The September incident belongs to FY2026-Q4 (fiscal year from October): 300 minutes.
        let q4 = series(store.conn(), "time_to_detect", &["FY2026-Q4".to_string()]).unwrap();
        assert_eq!(q4[0].value, 300.0);
        assert!(
            series(store.conn(), "time_to_mitigate", &["FY2026-Q4".to_string()])
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn unit_costs_roadmap_and_hiring_match_their_modules() {
        let store = demo_store();
        let conn = store.conn();
        let org = unit_cost::org_unit_costs(conn).unwrap();
        let last = org.last().unwrap();
        let expected = last
            .cost_per_1k_inferences
            .as_ref()
            .unwrap()
            .0
            .to_f64()
            .unwrap();
        let points = series(
            conn,
            "cost_per_1k_inferences",
            std::slice::from_ref(&last.month),
        )
        .unwrap();
        assert_eq!(points[0].value, expected);
        let q = "FY2026-Q4".parse::<FiscalQuarter>().unwrap();
        let periods = [q.to_string()];
        let releases = series(conn, "ml_releases", &periods).unwrap();
        assert_eq!(
            releases[0].value,
            kpis::ml_releases(conn, q).unwrap() as f64
        );
        let cycle = metrics::hiring_cycle_time(conn, q).unwrap();
        let points = series(conn, "hiring_cycle_time", &periods).unwrap();
        assert_eq!(points.first().map(|p| p.value), cycle);
    }

    #[test]
    fn unit_cost_by_hand_on_usage_and_spend() {
        // Org unit cost = inference spend × 1000 ÷ inferences over models with inferences.
        let store = demo_store();
        let conn = store.conn();
        let costs = unit_cost::unit_costs(conn, None).unwrap();
        let month = costs.rows.last().unwrap().month.clone();
        let (mut spend, mut inferences) = (rust_decimal::Decimal::ZERO, 0i64);
        for row in costs
            .rows
            .iter()
            .filter(|r| r.month == month && r.inferences > 0)
        {
            spend += row.inference_spend.0;
            inferences += row.inferences;
        }
        let by_hand = (spend * rust_decimal::Decimal::ONE_THOUSAND
            / rust_decimal::Decimal::from(inferences))
        .to_f64()
        .unwrap();
        let points = series(conn, "cost_per_1k_inferences", &[month]).unwrap();
        assert!(
            (points[0].value - by_hand).abs() < 0.005,
            "{} vs {by_hand}",
            points[0].value
        );
    }

    #[test]
    fn trend_follows_direction_and_ignores_small_moves() {
        assert_eq!(trend(Direction::Higher, 80.0, 90.0), Trend::Improving);
        assert_eq!(trend(Direction::Lower, 80.0, 90.0), Trend::Worsening);
        assert_eq!(trend(Direction::Lower, 100.0, 99.5), Trend::Flat);
        assert_eq!(trend(Direction::Higher, 0.0, 0.0), Trend::Flat);
    }

    #[test]
    fn scorecard_covers_the_catalogue_with_status_and_trend() {
        let store = demo_store();
        let rows = scorecard(store.conn(), today()).unwrap();
        assert_eq!(rows.len(), kpi::CATALOGUE.len());
        let lead = rows.iter().find(|r| r.key == "lead_time").unwrap();
        // Demo lead time: 10.5 then 9.5 days (target 7, warn 14, lower is better).
        assert_eq!(lead.value, Some(9.5));
        assert_eq!(lead.previous, Some(10.5));
        assert_eq!(lead.status, Some(KpiStatus::Near));
        assert_eq!(lead.trend, Some(Trend::Improving));
        assert!(!lead.in_progress, "October is over on 16 November");
        let cicd = rows.iter().find(|r| r.key == "cicd_coverage").unwrap();
        assert_eq!(cicd.period.as_deref(), Some("FY2027-Q1"));
        assert!(cicd.in_progress);
        assert!(rows.iter().filter(|r| r.value.is_some()).count() >= 15);
        // Manual values carry their row id (to edit them); derived ones have none.
        assert!(lead.points.iter().all(|p| p.value_id.is_some()));
        assert!(cicd.points.iter().all(|p| p.value_id.is_none()));
    }

    #[test]
    fn accumulating_kpis_are_judged_on_complete_quarters() {
        let store = demo_store();
        let conn = store.conn();
        let rows = scorecard(conn, today()).unwrap();
        let q4 = "FY2026-Q4".parse::<FiscalQuarter>().unwrap();
        let releases = rows.iter().find(|r| r.key == "ml_releases").unwrap();
        // 16 November is in FY2027-Q1, still running: the latest judged quarter is FY2026-Q4.
        assert_eq!(releases.period.as_deref(), Some("FY2026-Q4"));
        assert!(!releases.in_progress);
        assert_eq!(
            releases.value,
            Some(kpis::ml_releases(conn, q4).unwrap() as f64)
        );
        assert_eq!(releases.points.len(), 8);
        let predictability = kpi_status_row(conn, "roadmap_predictability", today()).unwrap();
        assert_eq!(predictability.period.as_deref(), Some("FY2026-Q4"));
        assert_eq!(
            predictability.value,
            kpis::roadmap_predictability(conn, q4).unwrap()
        );
        let expected = kpi_status(
            Direction::Higher,
            predictability.value.unwrap(),
            80.0,
            Some(65.0),
        );
        assert_eq!(predictability.status, Some(expected));
        // As of a quarter's last day (the report of a closed quarter), that quarter is judged.
        let q4_end = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        let closed = kpi_status_row(conn, "ml_releases", q4_end).unwrap();
        assert_eq!(closed.period.as_deref(), Some("FY2026-Q4"));
        let day_before = kpi_status_row(conn, "ml_releases", q4_end.pred_opt().unwrap()).unwrap();
        assert_eq!(day_before.period.as_deref(), Some("FY2026-Q3"));
        // Every derived KPI of the catalogue can be computed over its periods.
        for entry in kpi::CATALOGUE.iter().filter(|e| e.7 == Source::Derived) {
            kpi_status_row(conn, entry.0, today()).unwrap();
        }
    }

    #[test]
    fn suggested_period_follows_the_latest_value() {
        let mut store = demo_store();
        // Lead time's latest demo value is for 2026-10: November comes next (still running).
        let conn = store.conn();
        assert_eq!(
            suggested_period(conn, "lead_time", today()).unwrap(),
            "2026-11"
        );
        assert_eq!(
            suggested_period(conn, "engagement", today()).unwrap(),
            "FY2027-Q1"
        );
        store
            .with_tx(|tx| {
                tx.execute(
                    "DELETE FROM kpi_value WHERE kpi_id = (SELECT id FROM kpi WHERE key = 'lead_time')",
                    [],
                )?;
                Ok(())
            })
            .unwrap();
        // Without a value: the last complete month.
        assert_eq!(
            suggested_period(store.conn(), "lead_time", today()).unwrap(),
            "2026-10"
        );
    }
}
