//! The hiring pipeline's commands: requisitions opened on positions (and closed), their
//! dimensions and interview loops, candidates moving through stages with every transition dated,
//! interviews booked, and the hire that fills the seat. The read models are `board` and `loops`.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::hiring::{
    check_focus, is_final, requisition_dimensions, Candidate, Decision, DecisionOutcome, Dimension,
    IdList, Interview, LoopStep, Requisition, RequisitionDimension, Stage, StageChange,
};
use crate::org::{Position, PositionStatus};
use crate::store::entity::{self, Timestamp};
use crate::{store::rules, Error, Result};

/// What the director fills in to open a requisition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRequisition {
    pub position_id: i64,
    pub title: String,
    pub hiring_manager: String,
    pub opened_on: NaiveDate,
}

/// Opens a requisition on a planned or open position and marks the position open.
pub fn open_requisition(
    conn: &Connection,
    new: NewRequisition,
    now: Timestamp,
) -> Result<Requisition> {
    let mut position: Position = entity::find(conn, new.position_id)?.ok_or_else(|| {
        Error::invalid(
            "position_id",
            format!("there is no position with id {}", new.position_id),
        )
    })?;
    if !matches!(
        position.status,
        PositionStatus::Planned | PositionStatus::Open
    ) {
        return Err(Error::invalid(
            "position_id",
            format!(
                "Position {} is {}; a requisition needs a planned or open position",
                position.id, position.status
            ),
        ));
    }
    let open: Vec<Requisition> = entity::list_where(
        conn,
        "position_id = ?1 AND closed_on IS NULL",
        [position.id],
    )?;
    if let Some(other) = open.first() {
        return Err(Error::Conflict(format!(
            "Position {} already has the open requisition {} ({})",
            position.id, other.id, other.title
        )));
    }
    let requisition = entity::insert(
        conn,
        Requisition {
            id: 0,
            position_id: new.position_id,
            title: new.title,
            hiring_manager: new.hiring_manager,
            opened_on: new.opened_on,
            closed_on: None,
        },
        now,
    )?;
    if position.status != PositionStatus::Open {
        position.status = PositionStatus::Open;
        entity::update(conn, position, now)?;
    }
    Ok(requisition)
}

/// Closes a requisition without a hire; its position goes back to planned.
pub fn close_requisition(
    conn: &Connection,
    requisition_id: i64,
    closed_on: NaiveDate,
    now: Timestamp,
) -> Result<Requisition> {
    let mut requisition: Requisition = entity::get(conn, requisition_id)?;
    if let Some(closed) = requisition.closed_on {
        return Err(Error::Conflict(format!(
            "Requisition {requisition_id} was already closed on {closed}"
        )));
    }
    requisition.closed_on = Some(closed_on);
    let requisition = entity::update(conn, requisition, now)?;
    let mut position: Position = entity::get(conn, requisition.position_id)?;
    if position.status == PositionStatus::Open {
        position.status = PositionStatus::Planned;
        entity::update(conn, position, now)?;
    }
    Ok(requisition)
}

/// A dimension chosen for a requisition, with an optional requisition-specific description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionChoice {
    pub dimension_id: i64,
    #[serde(default)]
    pub good_looks_like: String,
}

/// Replaces the dimensions of a requisition (at least one). Existing interviews keep their focus.
pub fn set_requisition_dimensions(
    conn: &Connection,
    requisition_id: i64,
    choices: &[DimensionChoice],
    now: Timestamp,
) -> Result<Vec<Dimension>> {
    entity::get::<Requisition>(conn, requisition_id)?;
    if choices.is_empty() {
        return Err(Error::invalid(
            "dimensions",
            "Choose at least one dimension",
        ));
    }
    let mut seen = Vec::new();
    for choice in choices {
        if seen.contains(&choice.dimension_id) {
            return Err(Error::invalid(
                "dimensions",
                format!("Dimension {} is chosen twice", choice.dimension_id),
            ));
        }
        seen.push(choice.dimension_id);
    }
    let old: Vec<RequisitionDimension> =
        entity::list_where(conn, "requisition_id = ?1", [requisition_id])?;
    for row in old {
        entity::delete::<RequisitionDimension>(conn, row.id, now)?;
    }
    for (choice, order) in choices.iter().zip(1..) {
        let row = RequisitionDimension {
            id: 0,
            requisition_id,
            dimension_id: choice.dimension_id,
            good_looks_like: choice.good_looks_like.trim().to_string(),
            sort_order: order,
        };
        entity::insert(conn, row, now)?;
    }
    requisition_dimensions(conn, requisition_id)
}

/// One step of a loop as the director types it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewLoopStep {
    pub exercise: String,
    pub focus: Vec<i64>,
    #[serde(default = "default_minutes")]
    pub minutes: i64,
}

fn default_minutes() -> i64 {
    60
}

/// Replaces a requisition's interview loop with `steps`, in order.
pub fn set_loop(
    conn: &Connection,
    requisition_id: i64,
    steps: &[NewLoopStep],
    now: Timestamp,
) -> Result<Vec<LoopStep>> {
    entity::get::<Requisition>(conn, requisition_id)?;
    for old in loop_steps(conn, requisition_id)? {
        entity::delete::<LoopStep>(conn, old.id, now)?;
    }
    steps
        .iter()
        .zip(1..)
        .map(|(step, order)| {
            let row = LoopStep {
                id: 0,
                requisition_id,
                exercise: step.exercise.trim().to_string(),
                focus: IdList(step.focus.clone()),
                minutes: step.minutes,
                sort_order: order,
            };
            entity::insert(conn, row, now)
        })
        .collect()
}

/// A requisition's interview loop, in order.
pub fn loop_steps(conn: &Connection, requisition_id: i64) -> Result<Vec<LoopStep>> {
    let mut steps: Vec<LoopStep> =
        entity::list_where(conn, "requisition_id = ?1", [requisition_id])?;
    steps.sort_by_key(|s| (s.sort_order, s.id));
    Ok(steps)
}

/// A new applicant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCandidate {
    pub requisition_id: i64,
    pub name: String,
    #[serde(default)]
    pub source: String,
    pub applied_on: NaiveDate,
}

/// Adds a candidate to an open requisition at the applied stage, recording that first transition.
pub fn add_candidate(conn: &Connection, new: NewCandidate, now: Timestamp) -> Result<Candidate> {
    let requisition: Requisition = entity::find(conn, new.requisition_id)?.ok_or_else(|| {
        Error::invalid(
            "requisition_id",
            format!("there is no requisition with id {}", new.requisition_id),
        )
    })?;
    if let Some(closed) = requisition.closed_on {
        return Err(Error::Conflict(format!(
            "Requisition {} closed on {closed}",
            requisition.id
        )));
    }
    rules::not_before(
        "applied_on",
        Some(new.applied_on),
        Some(requisition.opened_on),
    )?;
    let candidate = entity::insert(
        conn,
        Candidate {
            id: 0,
            requisition_id: new.requisition_id,
            name: new.name.trim().to_string(),
            source: new.source.trim().to_string(),
            stage: Stage::Applied,
            applied_on: new.applied_on,
        },
        now,
    )?;
    let first = StageChange {
        id: 0,
        candidate_id: candidate.id,
        stage: Stage::Applied,
        changed_on: new.applied_on,
    };
    entity::insert(conn, first, now)?;
    Ok(candidate)
}

/// A candidate's stage transitions in date order.
pub fn stage_history(conn: &Connection, candidate_id: i64) -> Result<Vec<StageChange>> {
    let mut history: Vec<StageChange> =
        entity::list_where(conn, "candidate_id = ?1", [candidate_id])?;
    history.sort_by_key(|c| (c.changed_on, c.id));
    Ok(history)
}

/// Whether the candidate's personal data was erased (only an anonymous shell is left).
pub fn is_erased(conn: &Connection, candidate_id: i64) -> Result<bool> {
    let found = conn
        .query_row(
            "SELECT 1 FROM candidate_erasure WHERE id = ?1",
            [candidate_id],
            |_| Ok(()),
        )
        .optional()?;
    Ok(found.is_some())
}

/// A candidate that may still be worked on: exists and was not erased.
pub(crate) fn live_candidate(conn: &Connection, candidate_id: i64) -> Result<Candidate> {
    let candidate: Candidate = entity::get(conn, candidate_id)?;
    if is_erased(conn, candidate_id)? {
        return Err(Error::Conflict(format!(
            "Candidate {candidate_id} was erased"
        )));
    }
    Ok(candidate)
}

/// Moves a candidate to `to` on `on`, keeping the transition. Stages only move forward
/// (skipping is allowed); rejected and withdrawn end the process; an offer needs a hire
/// decision; hired goes through [`hire`], which needs a start date.
pub fn move_candidate(
    conn: &Connection,
    candidate_id: i64,
    to: Stage,
    on: NaiveDate,
    now: Timestamp,
) -> Result<Candidate> {
    let candidate = live_candidate(conn, candidate_id)?;
    crate::store::capture::label(
        conn,
        &format!("Move candidate «{}» to {to}", candidate.name),
    )?;
    if to == Stage::Hired {
        return Err(Error::invalid(
            "stage",
            "Record a hire with the offer acceptance and start dates",
        ));
    }
    if to == Stage::Offer {
        let decision: Option<Decision> =
            entity::list_where(conn, "candidate_id = ?1", [candidate_id])?
                .into_iter()
                .next();
        if decision.map(|d| d.outcome) != Some(DecisionOutcome::Hire) {
            return Err(Error::Conflict(format!(
                "Record a hire decision for {} before making an offer",
                candidate.name
            )));
        }
    }
    record_stage(conn, candidate, to, on, now)
}

/// Checks and records one transition, then updates the candidate's current stage.
fn record_stage(
    conn: &Connection,
    mut candidate: Candidate,
    to: Stage,
    on: NaiveDate,
    now: Timestamp,
) -> Result<Candidate> {
    let from = candidate.stage;
    if is_final(from) {
        return Err(Error::Conflict(format!(
            "{} is {from}: the process has ended",
            candidate.name
        )));
    }
    if to == from {
        return Err(Error::invalid(
            "stage",
            format!("{} is already at {to}", candidate.name),
        ));
    }
    if !matches!(to, Stage::Rejected | Stage::Withdrawn) && to < from {
        return Err(Error::invalid(
            "stage",
            format!("A candidate cannot move back from {from} to {to}"),
        ));
    }
    let last = stage_history(conn, candidate.id)?
        .last()
        .map_or(candidate.applied_on, |change| change.changed_on);
    if on < last {
        return Err(Error::invalid(
            "changed_on",
            format!("{on} is before the last stage change on {last}"),
        ));
    }
    entity::insert(
        conn,
        StageChange {
            id: 0,
            candidate_id: candidate.id,
            stage: to,
            changed_on: on,
        },
        now,
    )?;
    candidate.stage = to;
    entity::update(conn, candidate, now)
}

/// What a hire changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hire {
    pub candidate: Candidate,
    pub position: Position,
    pub requisition: Requisition,
}

/// Records an accepted offer: the candidate is hired on `accepted_on`, the position is filled
/// with their name and start date, and the requisition closes.
pub fn hire(
    conn: &Connection,
    candidate_id: i64,
    accepted_on: NaiveDate,
    start_date: NaiveDate,
    now: Timestamp,
) -> Result<Hire> {
    let candidate = live_candidate(conn, candidate_id)?;
    if candidate.stage != Stage::Offer {
        return Err(Error::Conflict(format!(
            "{} is at {}; only a candidate with an offer can be hired",
            candidate.name, candidate.stage
        )));
    }
    rules::not_before("start_date", Some(start_date), Some(accepted_on))?;
    let mut requisition: Requisition = entity::get(conn, candidate.requisition_id)?;
    let mut position: Position = entity::get(conn, requisition.position_id)?;
    if position.status == PositionStatus::Filled {
        return Err(Error::Conflict(format!(
            "Position {} is already filled by {}",
            position.id, position.person
        )));
    }
    let candidate = record_stage(conn, candidate, Stage::Hired, accepted_on, now)?;
    position.status = PositionStatus::Filled;
    position.person = candidate.name.clone();
    position.start_date = Some(start_date);
    let position = entity::update(conn, position, now)?;
    if requisition.closed_on.is_none() {
        requisition.closed_on = Some(accepted_on);
        requisition = entity::update(conn, requisition, now)?;
    }
    Ok(Hire {
        candidate,
        position,
        requisition,
    })
}

/// An interview as the director books it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewInterview {
    pub interviewer: String,
    pub exercise: String,
    pub scheduled_on: NaiveDate,
    pub focus: Vec<i64>,
}

/// Books an interview of a candidate still in process, focused on the requisition's dimensions.
pub fn book_interview(
    conn: &Connection,
    candidate_id: i64,
    new: NewInterview,
    now: Timestamp,
) -> Result<Interview> {
    let candidate = live_candidate(conn, candidate_id)?;
    if is_final(candidate.stage) {
        return Err(Error::Conflict(format!(
            "{} is {}: the process has ended",
            candidate.name, candidate.stage
        )));
    }
    check_focus(conn, candidate.requisition_id, &new.focus)?;
    let interview = Interview {
        id: 0,
        candidate_id,
        interviewer: new.interviewer.trim().to_string(),
        exercise: new.exercise.trim().to_string(),
        scheduled_on: new.scheduled_on,
        focus: IdList(new.focus),
    };
    entity::insert(conn, interview, now)
}

/// One loop step booked with a panelist and a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoopBooking {
    pub loop_step_id: i64,
    pub interviewer: String,
    pub scheduled_on: NaiveDate,
}

/// Books a candidate's interviews from their requisition's loop steps.
pub fn book_loop(
    conn: &Connection,
    candidate_id: i64,
    bookings: &[LoopBooking],
    now: Timestamp,
) -> Result<Vec<Interview>> {
    let candidate: Candidate = entity::get(conn, candidate_id)?;
    bookings
        .iter()
        .map(|booking| {
            let step: LoopStep = entity::get(conn, booking.loop_step_id)?;
            if step.requisition_id != candidate.requisition_id {
                return Err(Error::invalid(
                    "loop_step_id",
                    format!("Loop step {} belongs to another requisition", step.id),
                ));
            }
            let new = NewInterview {
                interviewer: booking.interviewer.clone(),
                exercise: step.exercise,
                scheduled_on: booking.scheduled_on,
                focus: step.focus.0,
            };
            book_interview(conn, candidate_id, new, now)
        })
        .collect()
}

#[cfg(test)]
mod tests;
