//! Hiring KPIs from the pipeline's dates: time to fill per requisition, time in stage, the stage
//! conversion funnel and the catalogue's hiring cycle time. Erased candidates still count:
//! their anonymous shells keep requisition, stage and stage dates.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::hiring::{is_final, PATH};
use crate::hiring::{Requisition, Stage};
use crate::store::entity;
use crate::values::quarter::FiscalQuarter;
use crate::{org::settings, Result};

/// How long a requisition took (or has taken so far) to fill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeToFill {
    pub requisition_id: i64,
    pub title: String,
    pub opened_on: NaiveDate,
    /// The day the first hire accepted the offer.
    pub filled_on: Option<NaiveDate>,
    /// Opened to offer accepted, in days.
    pub days: Option<i64>,
    /// Days open so far, for a requisition neither filled nor closed.
    pub open_for_days: Option<i64>,
}

/// Time to fill of every requisition, oldest first.
pub fn time_to_fill(conn: &Connection, today: NaiveDate) -> Result<Vec<TimeToFill>> {
    let mut requisitions: Vec<Requisition> = entity::list(conn)?;
    requisitions.sort_by_key(|r| (r.opened_on, r.id));
    let mut stmt = conn.prepare(
        "SELECT min(sc.changed_on) FROM stage_change sc JOIN candidate c ON c.id = sc.candidate_id
         WHERE c.requisition_id = ?1 AND sc.stage = 'hired'",
    )?;
    requisitions
        .into_iter()
        .map(|r| {
            let filled_on: Option<NaiveDate> = stmt.query_row([r.id], |row| row.get(0))?;
            let still_open = filled_on.is_none() && r.closed_on.is_none();
            Ok(TimeToFill {
                requisition_id: r.id,
                days: filled_on.map(|f| (f - r.opened_on).num_days()),
                open_for_days: still_open.then(|| (today - r.opened_on).num_days()),
                title: r.title,
                opened_on: r.opened_on,
                filled_on,
            })
        })
        .collect()
}

/// A candidate's dated transitions.
struct History {
    stage: Stage,
    changes: Vec<(Stage, NaiveDate)>,
}

fn histories(conn: &Connection, requisition: Option<i64>) -> Result<Vec<History>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.stage, sc.stage, sc.changed_on
         FROM candidate c JOIN stage_change sc ON sc.candidate_id = c.id
         WHERE ?1 IS NULL OR c.requisition_id = ?1
         ORDER BY c.id, sc.changed_on, sc.id",
    )?;
    let rows = stmt.query_map([requisition], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, Stage>(1)?,
            row.get::<_, Stage>(2)?,
            row.get::<_, NaiveDate>(3)?,
        ))
    })?;
    let mut out: Vec<(i64, History)> = Vec::new();
    for row in rows {
        let (id, stage, changed, on) = row?;
        match out.last_mut() {
            Some((last, history)) if *last == id => history.changes.push((changed, on)),
            _ => out.push((
                id,
                History {
                    stage,
                    changes: vec![(changed, on)],
                },
            )),
        }
    }
    Ok(out.into_iter().map(|(_, h)| h).collect())
}

/// How long candidates stay in one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageTime {
    pub stage: Stage,
    /// Stays that ended with a move to another stage.
    pub completed: usize,
    pub mean_days: Option<f64>,
    pub median_days: Option<f64>,
    /// Candidates in this stage today.
    pub in_stage_now: usize,
    pub longest_now_days: Option<i64>,
}

fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

/// Time in each stage before hired, across all requisitions or one.
pub fn time_in_stage(
    conn: &Connection,
    requisition: Option<i64>,
    today: NaiveDate,
) -> Result<Vec<StageTime>> {
    let histories = histories(conn, requisition)?;
    let stages = &PATH[..PATH.len() - 1];
    let mut done: Vec<Vec<i64>> = vec![Vec::new(); stages.len()];
    let mut now: Vec<Vec<i64>> = vec![Vec::new(); stages.len()];
    for history in &histories {
        for (index, &(stage, since)) in history.changes.iter().enumerate() {
            let Some(slot) = stages.iter().position(|s| *s == stage) else {
                continue;
            };
            match history.changes.get(index + 1) {
                Some(&(_, until)) => done[slot].push((until - since).num_days()),
                None if !is_final(history.stage) => now[slot].push((today - since).num_days()),
                None => {}
            }
        }
    }
    Ok(stages
        .iter()
        .zip(done.iter_mut().zip(&now))
        .map(|(&stage, (days, current))| {
            days.sort_unstable();
            StageTime {
                stage,
                completed: days.len(),
                mean_days: (!days.is_empty())
                    .then(|| days.iter().sum::<i64>() as f64 / days.len() as f64),
                median_days: median(days),
                in_stage_now: current.len(),
                longest_now_days: current.iter().max().copied(),
            }
        })
        .collect())
}

/// Candidates who reached a stage of the main path, and the share of the previous stage's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelStep {
    pub stage: Stage,
    pub reached: usize,
    pub conversion_percent: Option<f64>,
}

/// The stage conversion funnel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funnel {
    pub steps: Vec<FunnelStep>,
    pub rejected: usize,
    pub withdrawn: usize,
    pub in_process: usize,
}

/// The funnel across all requisitions or one. A candidate who skipped a stage counts as
/// having passed it.
pub fn funnel(conn: &Connection, requisition: Option<i64>) -> Result<Funnel> {
    let histories = histories(conn, requisition)?;
    let mut reached = [0usize; PATH.len()];
    for history in &histories {
        let furthest = history
            .changes
            .iter()
            .filter_map(|(stage, _)| PATH.iter().position(|s| s == stage))
            .max();
        for slot in reached.iter_mut().take(furthest.map_or(0, |f| f + 1)) {
            *slot += 1;
        }
    }
    let count = |stage: Stage| histories.iter().filter(|h| h.stage == stage).count();
    let steps = PATH
        .iter()
        .enumerate()
        .map(|(index, &stage)| {
            let previous = index.checked_sub(1).map(|i| reached[i]).filter(|&n| n > 0);
            FunnelStep {
                stage,
                reached: reached[index],
                conversion_percent: previous.map(|p| reached[index] as f64 * 100.0 / p as f64),
            }
        })
        .collect();
    Ok(Funnel {
        steps,
        rejected: count(Stage::Rejected),
        withdrawn: count(Stage::Withdrawn),
        in_process: histories.iter().filter(|h| !is_final(h.stage)).count(),
    })
}

/// Hiring cycle time over a period: days from application to offer accepted, per hire.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleTime {
    pub hires: usize,
    pub mean_days: f64,
}

/// Cycle time of the hires whose offer was accepted from `from` to `to` (inclusive);
/// `None` when nobody was hired then.
pub fn cycle_time(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Option<CycleTime>> {
    let mut stmt = conn.prepare(
        "SELECT c.applied_on, min(sc.changed_on) FROM candidate c
         JOIN stage_change sc ON sc.candidate_id = c.id AND sc.stage = 'hired'
         GROUP BY c.id",
    )?;
    let days: Vec<i64> = stmt
        .query_map([], |row| {
            Ok((row.get::<_, NaiveDate>(0)?, row.get::<_, NaiveDate>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|(_, hired)| (from..=to).contains(hired))
        .map(|(applied, hired)| (hired - applied).num_days())
        .collect();
    Ok((!days.is_empty()).then(|| CycleTime {
        hires: days.len(),
        mean_days: days.iter().sum::<i64>() as f64 / days.len() as f64,
    }))
}

/// `hiring_cycle_time`: mean days from application to offer accepted of the quarter's hires;
/// `None` when nobody was hired in the quarter.
pub fn hiring_cycle_time(conn: &Connection, quarter: FiscalQuarter) -> Result<Option<f64>> {
    let calendar = settings::get(conn)?.calendar()?;
    let cycle = cycle_time(
        conn,
        calendar.first_day(quarter),
        calendar.last_day(quarter),
    )?;
    Ok(cycle.map(|c| c.mean_days))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::demo;
    use crate::hiring::fixtures::org;
    use crate::test_clock::day;
    use crate::Store;

    #[test]
    fn time_to_fill_stage_times_and_funnel_on_known_dates() {
        let mut org = org();
        let ada = org.candidate("Ada", "2026-09-03");
        let bo = org.candidate("Bo", "2026-09-04");
        org.move_to(ada, Stage::Screen, "2026-09-10").unwrap();
        org.move_to(ada, Stage::Onsite, "2026-09-24").unwrap();
        org.move_to(bo, Stage::Screen, "2026-09-14").unwrap();
        org.move_to(bo, Stage::Rejected, "2026-09-15").unwrap();
        let today = day("2026-10-04");

        let fill = time_to_fill(org.store.conn(), today).unwrap();
        assert_eq!((fill[0].days, fill[0].open_for_days), (None, Some(33)));

        let stages = time_in_stage(org.store.conn(), None, today).unwrap();
        let applied = &stages[0];
        assert_eq!(
            (applied.completed, applied.mean_days, applied.median_days),
            (2, Some(8.5), Some(8.5))
        );
        let screen = &stages[1];
        assert_eq!((screen.completed, screen.mean_days), (2, Some(7.5)));
        let onsite = &stages[2];
        assert_eq!(
            (onsite.in_stage_now, onsite.longest_now_days),
            (1, Some(10))
        );

        let funnel = funnel(org.store.conn(), Some(org.requisition_id)).unwrap();
        let reached: Vec<usize> = funnel.steps.iter().map(|s| s.reached).collect();
        assert_eq!(reached, vec![2, 2, 1, 0, 0, 0]);
        assert_eq!(funnel.steps[2].conversion_percent, Some(50.0));
        assert_eq!((funnel.rejected, funnel.in_process), (1, 1));
    }

    #[test]
    fn demo_time_to_fill_and_cycle_time() {
        let mut store = Store::open_in_memory().unwrap();
        store.with_tx(|tx| demo::create(tx)).unwrap();
        let fill = time_to_fill(store.conn(), day("2026-11-16")).unwrap();
        let filled: Vec<(&str, Option<i64>)> = fill
            .iter()
            .filter(|f| f.filled_on.is_some())
            .map(|f| (f.title.as_str(), f.days))
            .collect();
        // Opened 2026-01-12 / 2026-04-06, offers accepted 2026-03-20 / 2026-06-12.
        assert_eq!(
            filled,
            vec![
                ("MLOps Engineer, ML Platform", Some(67)),
                ("ML Engineer, Search Relevance", Some(67))
            ]
        );
        // Applied 2026-04-20, hired 2026-06-12.
        let cycle = cycle_time(store.conn(), day("2026-04-01"), day("2026-06-30")).unwrap();
        assert_eq!(
            cycle,
            Some(CycleTime {
                hires: 1,
                mean_days: 53.0
            })
        );
        // Fiscal years start in October: FY2026-Q3 is April to June 2026.
        let quarter: FiscalQuarter = "FY2026-Q3".parse().unwrap();
        assert_eq!(
            hiring_cycle_time(store.conn(), quarter).unwrap(),
            Some(53.0)
        );
    }
}
