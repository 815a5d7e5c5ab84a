//! Capacity: the person-weeks each team has in a fiscal quarter, from its seats, against the
//! demand of the initiatives planned there.
//!
//! The rules, so every figure can be checked by hand:
//! - a seat gives one person-week per 7 calendar days on the team, start and end dates both
//!   included (weekends are inside the week; leave is the team's allowance below);
//! - filled and leaving seats count from their start date (always, when it is unknown) to their
//!   end date; open and planned seats only from their expected start date, and not at all
//!   without one, since nobody can plan on a hire with no date;
//! - times `allocation_percent`, and times ramp-up productivity for the first `ramp_months`
//!   after the start date ([`RampCurve`], an organisation setting);
//! - the team keeps `ktlo_percent + leave_percent` of that for on-call/KTLO and leave (added,
//!   as planning spreadsheets do, and capped at 100 %);
//! - demand is the effort of the team's initiatives in the quarter, except cancelled ones.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::org::{Position, PositionStatus};
use crate::roadmap::initiative::{Initiative, InitiativeStatus};
use crate::roadmap::plan::{Plan, RampCurve};
use crate::values::quarter::FiscalQuarter;
use crate::Result;

/// The days of `from..=to` on which `seat` is on its team, or `None` when it is not at all.
/// Open and planned seats without an expected start date are never on the team.
pub fn days_on_team(
    seat: &Position,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    let start = match (seat.start_date, seat.status) {
        (Some(start), _) => start.max(from),
        (None, PositionStatus::Filled | PositionStatus::Leaving) => from,
        (None, PositionStatus::Open | PositionStatus::Planned) => return None,
    };
    let end = seat.end_date.map_or(to, |end| end.min(to));
    (start <= end).then_some((start, end))
}

/// Person-weeks `seat` gives its team within `from..=to`: days on the team ÷ 7, times its
/// allocation and its ramp-up productivity.
pub fn seat_weeks(seat: &Position, from: NaiveDate, to: NaiveDate, ramp: RampCurve) -> f64 {
    let Some((first, last)) = days_on_team(seat, from, to) else {
        return 0.0;
    };
    let productive_days = match seat.start_date {
        Some(start) => {
            // Day offsets since the start date, as the half-open interval [lo, hi).
            let lo = (first - start).num_days() as f64;
            let hi = (last - start).num_days() as f64 + 1.0;
            ramped_days(lo, hi, ramp_days(start, seat.ramp_months), ramp)
        }
        None => ((last - first).num_days() + 1) as f64,
    };
    productive_days / 7.0 * seat.allocation_percent as f64 / 100.0
}

/// Calendar days from `start` until the ramp ends `months` later (0: no ramp).
fn ramp_days(start: NaiveDate, months: i64) -> f64 {
    u32::try_from(months)
        .ok()
        .and_then(|m| start.checked_add_months(Months::new(m)))
        .map_or(0.0, |end| (end - start).num_days() as f64)
}

/// Full-productivity-equivalent days in the offsets [lo, hi) of a ramp `ramp` days long.
/// The linear ramp is integrated exactly: productivity t/ramp at offset t, so the days
/// [lo, hi) inside the ramp are worth (hi² − lo²) / (2 × ramp).
fn ramped_days(lo: f64, hi: f64, ramp: f64, curve: RampCurve) -> f64 {
    let ramp_hi = hi.min(ramp);
    let in_ramp = if lo < ramp_hi {
        match curve {
            RampCurve::Linear => (ramp_hi * ramp_hi - lo * lo) / (2.0 * ramp),
            RampCurve::Step { percent } => (ramp_hi - lo) * percent as f64 / 100.0,
        }
    } else {
        0.0
    };
    in_ramp + (hi - lo.max(ramp)).max(0.0)
}

/// Whether an initiative's effort counts as demand on its team.
pub fn is_demand(initiative: &Initiative) -> bool {
    initiative.status != InitiativeStatus::Cancelled
}

/// One team's capacity and demand in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamCapacity {
    pub team_id: i64,
    pub team: String,
    pub quarter: FiscalQuarter,
    /// Person-weeks of the team's seats after allocation and ramp-up, before allowances.
    pub available_pw: f64,
    /// The part of `available_pw` kept for on-call/KTLO and leave.
    pub allowance_pw: f64,
    /// What is left for roadmap work: `available_pw − allowance_pw`.
    pub capacity_pw: f64,
    pub demand_pw: f64,
    /// `capacity_pw − demand_pw`; negative when the team is over-allocated.
    pub balance_pw: f64,
    /// How far demand exceeds capacity (0 when it fits): the figure highlighted on the board.
    pub gap_pw: f64,
    pub over_allocated: bool,
}

/// Capacity of every team in every quarter of `quarters`, quarter by quarter, teams in plan order.
pub fn compute(plan: &Plan, quarters: &[FiscalQuarter]) -> Vec<TeamCapacity> {
    let team_index: HashMap<i64, usize> = plan
        .teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let quarter_index: HashMap<FiscalQuarter, usize> =
        quarters.iter().enumerate().map(|(i, q)| (*q, i)).collect();
    let cell = |team: usize, quarter: usize| quarter * plan.teams.len() + team;
    let cells = quarters.len() * plan.teams.len();

    let mut available = vec![0.0; cells];
    for (qi, quarter) in quarters.iter().enumerate() {
        let (from, to) = (
            plan.calendar.first_day(*quarter),
            plan.calendar.last_day(*quarter),
        );
        for seat in &plan.seats {
            if let Some(&ti) = team_index.get(&seat.team_id) {
                available[cell(ti, qi)] += seat_weeks(seat, from, to, plan.ramp);
            }
        }
    }
    let mut demand = vec![0.0; cells];
    for initiative in plan.initiatives.iter().filter(|i| is_demand(i)) {
        let team = team_index.get(&initiative.team_id);
        let quarter = quarter_index.get(&initiative.quarter);
        if let (Some(&ti), Some(&qi)) = (team, quarter) {
            demand[cell(ti, qi)] += initiative.effort_pw;
        }
    }

    let mut rows = Vec::with_capacity(cells);
    for (qi, quarter) in quarters.iter().enumerate() {
        for (ti, team) in plan.teams.iter().enumerate() {
            let available_pw = available[cell(ti, qi)];
            let kept = (team.ktlo_percent + team.leave_percent).clamp(0, 100) as f64 / 100.0;
            let allowance_pw = available_pw * kept;
            let capacity_pw = available_pw - allowance_pw;
            let demand_pw = demand[cell(ti, qi)];
            let balance_pw = capacity_pw - demand_pw;
            rows.push(TeamCapacity {
                team_id: team.id,
                team: team.name.clone(),
                quarter: *quarter,
                available_pw,
                allowance_pw,
                capacity_pw,
                demand_pw,
                balance_pw,
                gap_pw: (-balance_pw).max(0.0),
                over_allocated: balance_pw < 0.0,
            });
        }
    }
    rows
}

/// The plan's capacity for `quarters`, read from the store.
pub fn plan_capacity(conn: &Connection, quarters: &[FiscalQuarter]) -> Result<Vec<TeamCapacity>> {
    Ok(compute(&Plan::load(conn)?, quarters))
}

/// Sums over the teams of one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapacityTotal {
    pub capacity_pw: f64,
    pub demand_pw: f64,
    pub balance_pw: f64,
    /// The sum of the over-allocated teams' gaps: spare capacity elsewhere does not hide them.
    pub gap_pw: f64,
}

/// Every team of one quarter, and their total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarterCapacity {
    pub quarter: FiscalQuarter,
    pub teams: Vec<TeamCapacity>,
    pub total: CapacityTotal,
}

impl QuarterCapacity {
    /// Groups `rows` of one quarter with their total.
    pub fn new(quarter: FiscalQuarter, teams: Vec<TeamCapacity>) -> QuarterCapacity {
        let sum = |f: fn(&TeamCapacity) -> f64| teams.iter().map(f).sum::<f64>();
        let total = CapacityTotal {
            capacity_pw: sum(|t| t.capacity_pw),
            demand_pw: sum(|t| t.demand_pw),
            balance_pw: sum(|t| t.balance_pw),
            gap_pw: sum(|t| t.gap_pw),
        };
        QuarterCapacity {
            quarter,
            teams,
            total,
        }
    }
}

/// The plan's capacity per team for one quarter, with the total (`quartermaster capacity`).
pub fn capacity(conn: &Connection, quarter: FiscalQuarter) -> Result<QuarterCapacity> {
    Ok(QuarterCapacity::new(
        quarter,
        plan_capacity(conn, &[quarter])?,
    ))
}

#[cfg(test)]
mod tests;
