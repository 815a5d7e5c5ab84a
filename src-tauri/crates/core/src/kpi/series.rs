//! KPI series and the scorecard: the periods a KPI is charted and judged over, its values in them
//! (manual KPIs as typed, derived ones computed in `kpi::derived`), and each KPI's latest value
//! with status and trend.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::finops::unit_cost::OrgUnitCost;
use crate::kpi::derived::{self, Period};
use crate::kpi::status::{kpi_status, KpiStatus};
use crate::kpi::{self, Direction, Frequency, Kpi, Source};
use crate::store::entity;
use crate::values::month::month_before;
use crate::values::quarter::FiscalCalendar;
use crate::{org::settings, Error, Result};

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
    let calendar = settings::get(conn)?.calendar()?;
    series_of(conn, &calendar, &kpi, periods, &mut None)
}

/// `series` of a loaded KPI. `unit_costs` keeps the organisation's unit costs once computed, so
/// the scorecard allocates spend once for both unit-cost KPIs, not once each.
fn series_of(
    conn: &Connection,
    calendar: &FiscalCalendar,
    kpi: &Kpi,
    periods: &[String],
    unit_costs: &mut Option<Vec<OrgUnitCost>>,
) -> Result<Vec<Point>> {
    if kpi.source == Source::Manual {
        return manual_series(conn, kpi, periods);
    }
    let mut points = Vec::new();
    for (i, period) in periods.iter().enumerate() {
        let is_last = i + 1 == periods.len();
        let at = Period {
            text: period,
            is_last,
        };
        if let Some(value) = derived::value(conn, calendar, &kpi.key, at, unit_costs)? {
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
    let mut unit_costs = None;
    kpis.into_iter()
        .map(|kpi| status_of(conn, &calendar, kpi, today, &mut unit_costs))
        .collect()
}

/// One KPI of the scorecard by its key, as of `today`.
pub fn kpi_status_row(conn: &Connection, kpi_key: &str, today: NaiveDate) -> Result<KpiStatusRow> {
    let calendar = settings::get(conn)?.calendar()?;
    status_of(
        conn,
        &calendar,
        kpi::by_key(conn, kpi_key)?,
        today,
        &mut None,
    )
}

fn status_of(
    conn: &Connection,
    calendar: &FiscalCalendar,
    kpi: Kpi,
    today: NaiveDate,
    unit_costs: &mut Option<Vec<OrgUnitCost>>,
) -> Result<KpiStatusRow> {
    let periods = periods_for(calendar, &kpi, today);
    let points = series_of(conn, calendar, &kpi, &periods, unit_costs)?;
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

fn month_text(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::roadmap::kpis;
    use crate::values::quarter::FiscalQuarter;
    use crate::Store;

    fn demo_store() -> Store {
        crate::demo::in_memory().unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
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
