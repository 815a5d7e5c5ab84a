//! A scenario read as the plan with its changes applied: its seats, the plan seats it
//! removes and its initiatives, each marked when it differs from the plan.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;

use super::{Scenario, ScenarioInitiative, ScenarioNewSeat, ScenarioSeatChange, SeatRef};
use crate::org::Position;
use crate::roadmap::initiative::Initiative;
use crate::roadmap::plan::Plan;
use crate::store::entity;
use crate::Result;

/// A seat as the scenario sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioSeat {
    pub seat_ref: SeatRef,
    pub seat: Position,
    /// Differs from the plan (added, or dates shifted).
    pub changed: bool,
}

/// An initiative as the scenario sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioItem {
    pub initiative: Initiative,
    /// Moved or resized compared with the plan.
    pub changed: bool,
}

/// The plan with a scenario's changes applied, for the scenario board.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioView {
    pub scenario: Scenario,
    pub seats: Vec<ScenarioSeat>,
    /// Plan seats the scenario removes.
    pub removed: Vec<Position>,
    pub initiatives: Vec<ScenarioItem>,
}

/// Reads the plan and a scenario's view of it.
pub(super) fn load(conn: &Connection, scenario_id: i64) -> Result<(Plan, ScenarioView)> {
    let scenario: Scenario = entity::get(conn, scenario_id)?;
    let plan = Plan::load(conn)?;
    let by_scenario = "scenario_id = ?1";
    let moved: HashMap<i64, ScenarioInitiative> =
        entity::list_where::<ScenarioInitiative, _>(conn, by_scenario, [scenario_id])?
            .into_iter()
            .map(|c| (c.initiative_id, c))
            .collect();
    let shifted: HashMap<i64, ScenarioSeatChange> =
        entity::list_where::<ScenarioSeatChange, _>(conn, by_scenario, [scenario_id])?
            .into_iter()
            .map(|c| (c.position_id, c))
            .collect();
    let added: Vec<ScenarioNewSeat> = entity::list_where(conn, by_scenario, [scenario_id])?;

    let mut seats = Vec::with_capacity(plan.seats.len() + added.len());
    let mut removed = Vec::new();
    for position in &plan.seats {
        let mut seat = position.clone();
        if let Some(change) = shifted.get(&position.id) {
            if change.removed {
                removed.push(seat);
                continue;
            }
            seat.start_date = change.start_date;
            seat.end_date = change.end_date;
        }
        let changed = seat != *position;
        seats.push(ScenarioSeat {
            seat_ref: SeatRef::Plan {
                position_id: position.id,
            },
            seat,
            changed,
        });
    }
    seats.extend(added.into_iter().map(|row| ScenarioSeat {
        seat_ref: SeatRef::Added { seat_id: row.id },
        seat: row.seat.0,
        changed: true,
    }));
    let initiatives = plan
        .initiatives
        .iter()
        .map(|planned| {
            let mut initiative = planned.clone();
            if let Some(change) = moved.get(&planned.id) {
                initiative.team_id = change.team_id;
                initiative.quarter = change.quarter;
                initiative.effort_pw = change.effort_pw;
            }
            let changed = initiative != *planned;
            ScenarioItem {
                initiative,
                changed,
            }
        })
        .collect();
    Ok((
        plan,
        ScenarioView {
            scenario,
            seats,
            removed,
            initiatives,
        },
    ))
}

/// The plan with the scenario's changes applied.
pub fn view(conn: &Connection, scenario_id: i64) -> Result<ScenarioView> {
    Ok(load(conn, scenario_id)?.1)
}

impl ScenarioView {
    /// The scenario as a plan, for the same computations the plan gets.
    pub(super) fn as_plan(&self, base: &Plan) -> Plan {
        Plan {
            seats: self.seats.iter().map(|s| s.seat.clone()).collect(),
            initiatives: self
                .initiatives
                .iter()
                .map(|i| i.initiative.clone())
                .collect(),
            ..base.clone()
        }
    }
}
