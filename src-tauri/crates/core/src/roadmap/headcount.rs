//! The headcount plan for finance: per team and quarter, filled, open and planned heads, the
//! loaded cost prorated by start and end dates, and attrition and backfills.
//!
//! Heads are counted on the quarter's last day: a seat is a head when it has started (or has
//! no expected date yet) and does not end by then. A seat whose end date falls in the quarter
//! is attrition there, not a head. Cost follows the days each seat is on the team (the same
//! days capacity counts, see [`crate::roadmap::capacity::days_on_team`]), at its full loaded cost:
//! `allocation_percent` splits time, not pay.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::org::{Position, PositionStatus};
use crate::roadmap::capacity::days_on_team;
use crate::roadmap::plan::Plan;
use crate::store::entity::{self, Timestamp, Validate};
use crate::values::money::Currency;
use crate::values::quarter::{FiscalCalendar, FiscalQuarter};
use crate::{entity, Error, Result};

entity! {
    /// `position_id` is the seat hired to replace the leaver whose seat is `replaces_id`.
    pub struct Backfill in "backfill" as "backfill" {
        position_id: i64 => "position",
        replaces_id: i64 => "position",
    }
}

impl Validate for Backfill {
    fn validate(&self, conn: &Connection) -> Result<()> {
        if self.position_id == self.replaces_id {
            return Err(Error::invalid(
                "replaces_id",
                "A seat cannot backfill itself",
            ));
        }
        let leaver: Position = entity::get(conn, self.replaces_id)?;
        if leaver.end_date.is_none() {
            return Err(Error::invalid(
                "replaces_id",
                "Only a seat with an end date (a leaver) can be backfilled",
            ));
        }
        Ok(())
    }
}

/// Records that `position_id` backfills the leaver's seat `replaces_id`.
pub fn link_backfill(
    conn: &Connection,
    position_id: i64,
    replaces_id: i64,
    now: Timestamp,
) -> Result<Backfill> {
    entity::insert(
        conn,
        Backfill {
            id: 0,
            position_id,
            replaces_id,
        },
        now,
    )
}

/// The cost of `annual_minor` a year for the days `from..=to`, exact to the minor unit.
///
/// Rounding: within each fiscal year the cost accrued by the end of day d is
/// `round_half_up(annual × days elapsed / days in that fiscal year)`, and a period costs the
/// difference of the accrued amounts at its ends. Each period is within one minor unit of the
/// exact share, and consecutive periods add up exactly: a seat held all year costs exactly
/// its annual cost, whatever the quarters' lengths.
pub fn prorated_cost(
    calendar: &FiscalCalendar,
    annual_minor: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> i64 {
    let mut total = 0;
    let mut start = from;
    while start <= to {
        let year = calendar.quarter_of(start).year;
        let year_start = calendar.first_day(FiscalQuarter { year, quarter: 1 });
        let year_end = calendar.last_day(FiscalQuarter { year, quarter: 4 });
        let end = to.min(year_end);
        let year_days = (year_end - year_start).num_days() + 1;
        let accrued = |days: i64| {
            round_half_up(
                i128::from(annual_minor) * i128::from(days),
                i128::from(year_days),
            )
        };
        let before = (start - year_start).num_days();
        let through = (end - year_start).num_days() + 1;
        total += accrued(through) - accrued(before);
        match year_end.succ_opt() {
            Some(next) => start = next,
            None => break,
        }
    }
    total
}

/// `numerator ÷ denominator` rounded half away from zero, for a positive denominator.
fn round_half_up(numerator: i128, denominator: i128) -> i64 {
    let half_up = (2 * numerator.abs() + denominator) / (2 * denominator);
    let rounded = if numerator < 0 { -half_up } else { half_up };
    i64::try_from(rounded).unwrap_or(if rounded < 0 { i64::MIN } else { i64::MAX })
}

/// One team's heads and cost in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamHeadcount {
    pub team_id: i64,
    pub team: String,
    pub quarter: FiscalQuarter,
    /// Heads on the quarter's last day, by the seat's status (leaving seats count as filled
    /// until their end date).
    pub filled: i64,
    pub open: i64,
    pub planned: i64,
    /// Open and planned heads with no expected start date: counted, but costing nothing yet.
    pub unscheduled: i64,
    /// Seats whose end date falls in the quarter, and who holds them.
    pub attrition: i64,
    pub leavers: Vec<String>,
    /// Seats starting in the quarter; `backfills` of them replace a leaver.
    pub joiners: i64,
    pub backfills: i64,
    /// Loaded cost of the days on the team, in `currency`.
    pub cost_minor: i64,
    pub currency: Currency,
    /// Seats costed in another currency, left out of `cost_minor` (no exchange rates offline).
    pub other_currency_seats: i64,
}

/// The headcount plan of `quarters`, quarter by quarter, teams in plan order.
/// `backfills` holds the ids of seats that replace a leaver.
pub fn compute(
    plan: &Plan,
    backfills: &HashSet<i64>,
    quarters: &[FiscalQuarter],
) -> Vec<TeamHeadcount> {
    let mut rows = Vec::with_capacity(quarters.len() * plan.teams.len());
    for quarter in quarters {
        let (first, last) = (
            plan.calendar.first_day(*quarter),
            plan.calendar.last_day(*quarter),
        );
        for team in &plan.teams {
            let mut row = TeamHeadcount {
                team_id: team.id,
                team: team.name.clone(),
                quarter: *quarter,
                filled: 0,
                open: 0,
                planned: 0,
                unscheduled: 0,
                attrition: 0,
                leavers: Vec::new(),
                joiners: 0,
                backfills: 0,
                cost_minor: 0,
                currency: plan.currency,
                other_currency_seats: 0,
            };
            for seat in plan.seats.iter().filter(|s| s.team_id == team.id) {
                count_seat(&mut row, seat, backfills, first, last, &plan.calendar);
            }
            rows.push(row);
        }
    }
    rows
}

fn count_seat(
    row: &mut TeamHeadcount,
    seat: &Position,
    backfills: &HashSet<i64>,
    first: NaiveDate,
    last: NaiveDate,
    calendar: &FiscalCalendar,
) {
    let in_quarter = |date: Option<NaiveDate>| date.is_some_and(|d| first <= d && d <= last);
    let started = seat.start_date.is_none_or(|start| start <= last);
    let stays = seat.end_date.is_none_or(|end| end > last);
    if started && stays {
        match seat.status {
            PositionStatus::Filled | PositionStatus::Leaving => row.filled += 1,
            PositionStatus::Open => row.open += 1,
            PositionStatus::Planned => row.planned += 1,
        }
        let unfilled = matches!(seat.status, PositionStatus::Open | PositionStatus::Planned);
        if unfilled && seat.start_date.is_none() {
            row.unscheduled += 1;
        }
    }
    if in_quarter(seat.end_date) {
        row.attrition += 1;
        row.leavers.push(if seat.person.trim().is_empty() {
            seat.role.clone()
        } else {
            seat.person.clone()
        });
    }
    if in_quarter(seat.start_date) {
        row.joiners += 1;
        if backfills.contains(&seat.id) {
            row.backfills += 1;
        }
    }
    if let Some((from, to)) = days_on_team(seat, first, last) {
        if seat.currency == row.currency {
            row.cost_minor += prorated_cost(calendar, seat.loaded_cost_minor, from, to);
        } else {
            row.other_currency_seats += 1;
        }
    }
}

/// Ids of the seats that backfill a leaver.
pub fn backfill_ids(conn: &Connection) -> Result<HashSet<i64>> {
    Ok(entity::list::<Backfill>(conn)?
        .into_iter()
        .map(|b| b.position_id)
        .collect())
}

/// The plan's headcount for `quarters`, read from the store.
pub fn headcount_plan(conn: &Connection, quarters: &[FiscalQuarter]) -> Result<Vec<TeamHeadcount>> {
    Ok(compute(&Plan::load(conn)?, &backfill_ids(conn)?, quarters))
}

/// One quarter summed over the teams: the line finance reads first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadcountTotal {
    pub quarter: FiscalQuarter,
    pub filled: i64,
    pub open: i64,
    pub planned: i64,
    pub unscheduled: i64,
    pub attrition: i64,
    pub joiners: i64,
    pub backfills: i64,
    pub cost_minor: i64,
    pub currency: Currency,
    pub other_currency_seats: i64,
}

/// The headcount plan per team and quarter, with a total per quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadcountReport {
    pub rows: Vec<TeamHeadcount>,
    pub totals: Vec<HeadcountTotal>,
}

/// Sums `rows` per quarter of `quarters` (in that order), in `currency`.
pub fn totals(
    rows: &[TeamHeadcount],
    quarters: &[FiscalQuarter],
    currency: Currency,
) -> Vec<HeadcountTotal> {
    quarters
        .iter()
        .map(|quarter| {
            let mut total = HeadcountTotal {
                quarter: *quarter,
                filled: 0,
                open: 0,
                planned: 0,
                unscheduled: 0,
                attrition: 0,
                joiners: 0,
                backfills: 0,
                cost_minor: 0,
                currency,
                other_currency_seats: 0,
            };
            for row in rows.iter().filter(|r| r.quarter == *quarter) {
                total.filled += row.filled;
                total.open += row.open;
                total.planned += row.planned;
                total.unscheduled += row.unscheduled;
                total.attrition += row.attrition;
                total.joiners += row.joiners;
                total.backfills += row.backfills;
                total.cost_minor += row.cost_minor;
                total.other_currency_seats += row.other_currency_seats;
            }
            total
        })
        .collect()
}

/// The plan's headcount for `quarters` with a total per quarter, read from the store.
pub fn headcount(conn: &Connection, quarters: &[FiscalQuarter]) -> Result<HeadcountReport> {
    let plan = Plan::load(conn)?;
    let rows = compute(&plan, &backfill_ids(conn)?, quarters);
    Ok(HeadcountReport {
        totals: totals(&rows, quarters, plan.currency),
        rows,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::roadmap::fixtures::{org, q, seat, team};
    use crate::test_clock::{day, now};

    fn october() -> FiscalCalendar {
        FiscalCalendar::new(10).unwrap()
    }

    #[test]
    fn proration_by_days_adds_up_to_the_annual_cost() {
        let cal = october();
        // FY2027 (2026-10-01..2027-09-30) has 365 days; 36,500,000 minor a year is 100,000 a day.
        assert_eq!(
            prorated_cost(&cal, 36_500_000, day("2026-10-01"), day("2026-12-31")),
            9_200_000
        );
        // From 2026-11-15: 16 + 31 = 47 days.
        assert_eq!(
            prorated_cost(&cal, 36_500_000, day("2026-11-15"), day("2026-12-31")),
            4_700_000
        );
        // 100,000 a year does not divide: accrued at the end of each quarter (92, 182, 273, 365
        // days) is 25,205.48 → 25,205; 49,863.01 → 49,863; 74,794.52 → 74,795; 100,000.
        let quarters: Vec<i64> = FiscalQuarter::range_inclusive(q("FY2027-Q1"), q("FY2027-Q4"))
            .into_iter()
            .map(|quarter| {
                prorated_cost(&cal, 100_000, cal.first_day(quarter), cal.last_day(quarter))
            })
            .collect();
        assert_eq!(quarters, [25_205, 24_658, 24_932, 25_205]);
        assert_eq!(quarters.iter().sum::<i64>(), 100_000);
        // One day of a leap fiscal year (FY2028 has 366 days): 366,000 / 366 = 1,000.
        assert_eq!(
            prorated_cost(&cal, 366_000, day("2028-02-29"), day("2028-02-29")),
            1_000
        );
        // A range across two fiscal years is split at the year boundary:
        // FY2027's last 30 days 30 × 100,000 + FY2028's first 31 days 31 × 36,500,000/366.
        let across = prorated_cost(&cal, 36_500_000, day("2027-09-01"), day("2027-10-31"));
        assert_eq!(across, 3_000_000 + 3_091_530); // 31 × 99,726.776 = 3,091,530.05 → 3,091,530
    }

    #[test]
    fn heads_attrition_backfills_and_cost_by_team_and_quarter() {
        let mut store = org();
        let ids = store
            .with_tx(|tx| {
                let t = team(tx, "Team", 0, 0)?;
                let add = |mut s: Position, cost: i64| {
                    s.loaded_cost_minor = cost;
                    entity::insert(tx, s, now()).map(|p| p.id)
                };
                // All of Q2: 90 of FY2027's 365 days of 365,000.00 → 9,000,000.
                let stays = add(
                    seat(t, PositionStatus::Filled, Some("2020-01-06"), None, 50, 3),
                    36_500_000,
                )?;
                // Leaves 2027-02-14: 45 days → 4,500,000; attrition in Q2, no longer a head.
                let leaver = add(
                    seat(
                        t,
                        PositionStatus::Leaving,
                        Some("2019-01-07"),
                        Some("2027-02-14"),
                        100,
                        3,
                    ),
                    36_500_000,
                )?;
                // Backfill starting 2027-03-02: 30 days → 3,000,000.
                let backfill = add(
                    seat(t, PositionStatus::Open, Some("2027-03-02"), None, 100, 3),
                    36_500_000,
                )?;
                // Planned for Q3: not yet a head in Q2, no cost.
                add(
                    seat(t, PositionStatus::Planned, Some("2027-04-05"), None, 100, 3),
                    36_500_000,
                )?;
                // Open with no date: a head, unscheduled, no cost.
                add(
                    seat(t, PositionStatus::Open, None, None, 100, 3),
                    36_500_000,
                )?;
                // Costed in euros: counted as a head, left out of the dollar cost.
                let mut euro = seat(t, PositionStatus::Filled, Some("2024-01-08"), None, 100, 3);
                euro.currency = Currency::parse("EUR").unwrap();
                add(euro, 1)?;
                link_backfill(tx, backfill, leaver, now())?;
                Ok((stays, leaver, backfill))
            })
            .unwrap();
        let err = store
            .with_tx(|tx| link_backfill(tx, ids.1, ids.0, now()))
            .unwrap_err();
        assert_eq!(err.field(), Some("replaces_id"));

        let rows = headcount_plan(store.conn(), &[q("FY2027-Q2"), q("FY2027-Q3")]).unwrap();
        let q2 = &rows[0];
        assert_eq!(
            (q2.filled, q2.open, q2.planned, q2.unscheduled),
            (2, 2, 0, 1)
        );
        assert_eq!(
            (q2.attrition, q2.leavers.clone()),
            (1, vec!["Someone".to_string()])
        );
        assert_eq!((q2.joiners, q2.backfills), (1, 1));
        assert_eq!(q2.cost_minor, 9_000_000 + 4_500_000 + 3_000_000);
        assert_eq!(q2.other_currency_seats, 1);
        let q3 = &rows[1];
        assert_eq!((q3.filled, q3.open, q3.planned, q3.attrition), (2, 2, 1, 0));
        assert_eq!((q3.joiners, q3.backfills), (1, 0));
        // Q3 (91 days): two dollar seats all quarter, the planned hire from 2027-04-05 (87 days).
        assert_eq!(q3.cost_minor, 2 * 9_100_000 + 8_700_000);
    }

    #[test]
    fn the_report_totals_each_quarter_over_its_teams() {
        let mut store = crate::Store::open_in_memory().unwrap();
        store.with_tx(|tx| crate::demo::create(tx)).unwrap();
        let quarters = [q("FY2027-Q2"), q("FY2027-Q3")];
        let report = headcount(store.conn(), &quarters).unwrap();
        assert_eq!(
            report.rows,
            headcount_plan(store.conn(), &quarters).unwrap()
        );
        assert_eq!(report.totals.len(), 2);
        for total in &report.totals {
            let rows: Vec<&TeamHeadcount> = report
                .rows
                .iter()
                .filter(|r| r.quarter == total.quarter)
                .collect();
            assert_eq!(rows.len(), 7);
            assert_eq!(total.filled, rows.iter().map(|r| r.filled).sum::<i64>());
            assert_eq!(
                total.cost_minor,
                rows.iter().map(|r| r.cost_minor).sum::<i64>()
            );
            assert!(total.filled > 0 && total.cost_minor > 0, "{total:?}");
        }
    }
}
