//! Changing a scenario: move or resize an initiative, add or remove a seat, shift a seat's
//! dates. Each change is a scenario row; the plan tables are not written.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{
    Scenario, ScenarioInitiative, ScenarioNewSeat, ScenarioSeatChange, SeatRef, StoredSeat,
};
use crate::org::{Position, PositionStatus};
use crate::roadmap::initiative::Initiative;
use crate::store::entity::{self, Entity, Timestamp, Validate};
use crate::values::quarter::FiscalQuarter;
use crate::{Error, Result};

/// Inserts a new row or updates a stored one.
fn save<E: Entity + Validate>(conn: &Connection, row: E, now: Timestamp) -> Result<E> {
    if row.id() == 0 {
        entity::insert(conn, row, now)
    } else {
        entity::update(conn, row, now)
    }
}

/// Applies `edit` to the scenario's version of an initiative (starting from the plan's).
fn change_initiative(
    conn: &Connection,
    scenario_id: i64,
    initiative_id: i64,
    now: Timestamp,
    edit: impl FnOnce(&mut ScenarioInitiative),
) -> Result<ScenarioInitiative> {
    entity::get::<Scenario>(conn, scenario_id)?;
    let condition = "scenario_id = ?1 AND initiative_id = ?2";
    let existing = entity::list_where(conn, condition, [scenario_id, initiative_id])?
        .into_iter()
        .next();
    let mut row = match existing {
        Some(row) => row,
        None => {
            let plan: Initiative = entity::get(conn, initiative_id)?;
            ScenarioInitiative {
                id: 0,
                scenario_id,
                initiative_id,
                team_id: plan.team_id,
                quarter: plan.quarter,
                effort_pw: plan.effort_pw,
            }
        }
    };
    edit(&mut row);
    save(conn, row, now)
}

/// Moves an initiative to another team and quarter, in the scenario only.
pub fn move_initiative(
    conn: &Connection,
    scenario_id: i64,
    initiative_id: i64,
    team_id: i64,
    quarter: FiscalQuarter,
    now: Timestamp,
) -> Result<ScenarioInitiative> {
    change_initiative(conn, scenario_id, initiative_id, now, |row| {
        row.team_id = team_id;
        row.quarter = quarter;
    })
}

/// Re-estimates an initiative, in the scenario only.
pub fn resize_initiative(
    conn: &Connection,
    scenario_id: i64,
    initiative_id: i64,
    effort_pw: f64,
    now: Timestamp,
) -> Result<ScenarioInitiative> {
    change_initiative(conn, scenario_id, initiative_id, now, |row| {
        row.effort_pw = effort_pw
    })
}

/// Adds a planned or open seat, in the scenario only.
pub fn add_seat(
    conn: &Connection,
    scenario_id: i64,
    seat: Position,
    now: Timestamp,
) -> Result<ScenarioNewSeat> {
    let row = ScenarioNewSeat {
        id: 0,
        scenario_id,
        team_id: seat.team_id,
        seat: StoredSeat(Position { id: 0, ..seat }),
    };
    entity::insert(conn, row, now)
}

/// The scenario's added seat `seat_id`, refused when it belongs to another scenario.
fn added_seat(conn: &Connection, scenario_id: i64, seat_id: i64) -> Result<ScenarioNewSeat> {
    let row: ScenarioNewSeat = entity::get(conn, seat_id)?;
    if row.scenario_id != scenario_id {
        return Err(Error::NotFound {
            entity: ScenarioNewSeat::NAME,
            id: seat_id,
        });
    }
    Ok(row)
}

/// Applies `edit` to the scenario's change of plan seat `position_id` (starting from the plan).
fn change_plan_seat(
    conn: &Connection,
    scenario_id: i64,
    position_id: i64,
    now: Timestamp,
    edit: impl FnOnce(&Position, &mut ScenarioSeatChange) -> Result<()>,
) -> Result<()> {
    entity::get::<Scenario>(conn, scenario_id)?;
    let plan: Position = entity::get(conn, position_id)?;
    let condition = "scenario_id = ?1 AND position_id = ?2";
    let existing = entity::list_where(conn, condition, [scenario_id, position_id])?
        .into_iter()
        .next();
    let mut row = existing.unwrap_or(ScenarioSeatChange {
        id: 0,
        scenario_id,
        position_id,
        start_date: plan.start_date,
        end_date: plan.end_date,
        removed: false,
    });
    if row.removed {
        return Err(Error::Conflict(format!(
            "position {position_id} is already removed in this scenario"
        )));
    }
    edit(&plan, &mut row)?;
    save(conn, row, now).map(|_| ())
}

/// Removes a planned or open seat, in the scenario only. People's seats are not removed:
/// give them an end date instead, which is what a leaver is.
pub fn remove_seat(
    conn: &Connection,
    scenario_id: i64,
    seat: SeatRef,
    now: Timestamp,
) -> Result<()> {
    match seat {
        SeatRef::Plan { position_id } => {
            change_plan_seat(conn, scenario_id, position_id, now, |plan, row| {
                if !matches!(plan.status, PositionStatus::Planned | PositionStatus::Open) {
                    return Err(Error::Conflict(format!(
                    "position {position_id} is {}; a scenario removes planned or open seats only \
                     (set an end date to model a leaver)",
                    plan.status
                )));
                }
                row.removed = true;
                Ok(())
            })
        }
        SeatRef::Added { seat_id } => {
            added_seat(conn, scenario_id, seat_id)?;
            entity::delete::<ScenarioNewSeat>(conn, seat_id, now).map(|_| ())
        }
    }
}

/// Sets a seat's start and end dates, in the scenario only.
pub fn set_seat_dates(
    conn: &Connection,
    scenario_id: i64,
    seat: SeatRef,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    now: Timestamp,
) -> Result<()> {
    match seat {
        SeatRef::Plan { position_id } => {
            change_plan_seat(conn, scenario_id, position_id, now, |_, row| {
                row.start_date = start_date;
                row.end_date = end_date;
                Ok(())
            })
        }
        SeatRef::Added { seat_id } => {
            let mut row = added_seat(conn, scenario_id, seat_id)?;
            row.seat.0.start_date = start_date;
            row.seat.0.end_date = end_date;
            entity::update(conn, row, now).map(|_| ())
        }
    }
}
