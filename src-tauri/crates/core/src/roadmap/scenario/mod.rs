//! What-if scenarios: a named copy of the plan to change freely (move or resize initiatives,
//! add or remove planned seats, shift start and end dates), compare with the plan, then
//! promote to the plan or discard. The plan tables are not written until promotion.
//!
//! A scenario is stored as its changes, and reads as the plan with those changes applied.
//! So rows it never touched follow the plan (a colleague's re-estimate is not hidden or
//! reverted), and promoting writes exactly the user's changes.
//!
//! This file holds the scenario's rows and its life (create, list, promote, discard);
//! `edit` records changes, `view` reads the plan with them applied and `compare` sets the
//! scenario's figures beside the plan's. Callers use the items re-exported here.

mod compare;
mod edit;
mod view;

pub use compare::{compare, Comparison, ComparisonRow, Figures};
pub use edit::{add_seat, move_initiative, remove_seat, resize_initiative, set_seat_dates};
pub use view::{view, ScenarioItem, ScenarioSeat, ScenarioView};

use view::load;

use chrono::NaiveDate;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::org::{Position, PositionStatus};
use crate::store::entity::{self, Timestamp, Validate};
use crate::values::quarter::FiscalQuarter;
use crate::{entity, store::rules, Error, Result};

entity! {
    /// A named what-if on top of the plan.
    pub struct Scenario in "scenario" as "scenario" {
        name: String,
        note: String,
    }
}

entity! {
    /// Where and how big an initiative is in a scenario.
    pub struct ScenarioInitiative in "scenario_initiative" as "scenario initiative" {
        scenario_id: i64 => "scenario",
        initiative_id: i64 => "initiative",
        team_id: i64 => "team",
        quarter: FiscalQuarter,
        effort_pw: f64,
    }
}

entity! {
    /// A plan seat's dates in a scenario, or its removal.
    pub struct ScenarioSeatChange in "scenario_seat_change" as "scenario seat change" {
        scenario_id: i64 => "scenario",
        position_id: i64 => "position",
        start_date: Option<NaiveDate>,
        end_date: Option<NaiveDate>,
        removed: bool,
    }
}

entity! {
    /// A seat the scenario adds to a team.
    pub struct ScenarioNewSeat in "scenario_new_seat" as "scenario seat" {
        scenario_id: i64 => "scenario",
        team_id: i64 => "team",
        seat: StoredSeat,
    }
}

/// A whole position kept as JSON in one column, so added seats reuse `Position` and its
/// validation instead of repeating its columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoredSeat(pub Position);

impl ToSql for StoredSeat {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let json = serde_json::to_string(&self.0)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        Ok(ToSqlOutput::from(json))
    }
}

impl FromSql for StoredSeat {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        serde_json::from_str(value.as_str()?)
            .map(StoredSeat)
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

impl Validate for Scenario {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("name", "Scenario name", &self.name)
    }
}

impl Validate for ScenarioInitiative {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_negative("effort_pw", "Effort", self.effort_pw)
    }
}

impl Validate for ScenarioSeatChange {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::not_before("end_date", self.end_date, self.start_date)
    }
}

impl Validate for ScenarioNewSeat {
    fn validate(&self, conn: &Connection) -> Result<()> {
        let seat = &self.seat.0;
        seat.validate(conn)?;
        if !matches!(seat.status, PositionStatus::Planned | PositionStatus::Open) {
            return Err(Error::invalid(
                "status",
                "A scenario adds planned or open seats only",
            ));
        }
        if seat.team_id != self.team_id {
            return Err(Error::invalid(
                "team_id",
                "The seat's team and the scenario row's team differ",
            ));
        }
        Ok(())
    }
}

/// A seat of a scenario: one of the plan's, or one the scenario added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SeatRef {
    Plan { position_id: i64 },
    Added { seat_id: i64 },
}

/// Creates an empty scenario: it reads as an exact copy of the plan until changed.
pub fn create(conn: &Connection, name: &str, note: &str, now: Timestamp) -> Result<Scenario> {
    let row = Scenario {
        id: 0,
        name: name.trim().into(),
        note: note.into(),
    };
    entity::insert(conn, row, now)
}

/// Every scenario, oldest first.
pub fn scenarios(conn: &Connection) -> Result<Vec<Scenario>> {
    entity::list(conn)
}

/// What promoting a scenario wrote to the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Promoted {
    pub initiatives_changed: usize,
    pub seats_changed: usize,
    pub seats_removed: usize,
    pub seats_added: usize,
}

/// Writes the scenario's changes to the plan (each audited), then deletes the scenario.
/// Run it in one transaction: a refused change (a removed seat with a requisition…) leaves
/// the plan and the scenario as they were.
pub fn promote(conn: &Connection, scenario_id: i64, now: Timestamp) -> Result<Promoted> {
    let (_, view) = load(conn, scenario_id)?;
    let mut promoted = Promoted::default();
    for item in view.initiatives.into_iter().filter(|i| i.changed) {
        entity::update(conn, item.initiative, now)?;
        promoted.initiatives_changed += 1;
    }
    for removed in view.removed {
        entity::delete::<Position>(conn, removed.id, now)?;
        promoted.seats_removed += 1;
    }
    for seat in view.seats.into_iter().filter(|s| s.changed) {
        match seat.seat_ref {
            SeatRef::Plan { .. } => {
                entity::update(conn, seat.seat, now)?;
                promoted.seats_changed += 1;
            }
            SeatRef::Added { .. } => {
                entity::insert(conn, seat.seat, now)?;
                promoted.seats_added += 1;
            }
        }
    }
    discard(conn, scenario_id, now)?;
    Ok(promoted)
}

/// Deletes the scenario and its changes; the plan is untouched.
pub fn discard(conn: &Connection, scenario_id: i64, now: Timestamp) -> Result<Scenario> {
    entity::delete(conn, scenario_id, now)
}

#[cfg(test)]
mod tests;
