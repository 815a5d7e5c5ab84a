//! The hiring pipeline: requisitions tied to positions, their dimensions and interview loops,
//! candidates moving through stages with every transition dated, and the hire that fills the seat.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::hiring::{
    Candidate, Decision, DecisionOutcome, Dimension, IdList, Interview, Requisition, Stage,
    StageChange,
};
use crate::org::{Position, PositionStatus};
use crate::store::entity::{self, Timestamp, Validate};
use crate::{entity, rules, Error, Result};

entity! {
    /// A dimension a requisition's panel scores, optionally with its own "what good looks like".
    pub struct RequisitionDimension in "requisition_dimension" as "requisition dimension" {
        requisition_id: i64 => "requisition",
        dimension_id: i64 => "dimension",
        /// Replaces the dimension's own text for this requisition when not empty.
        good_looks_like: String,
        sort_order: i64,
    }
}

entity! {
    /// One step of a requisition's interview loop: an exercise and the dimensions it probes.
    pub struct LoopStep in "loop_step" as "loop step" {
        requisition_id: i64 => "requisition",
        exercise: String,
        focus: IdList,
        minutes: i64,
        sort_order: i64,
    }
}

impl Validate for RequisitionDimension {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        Ok(())
    }
}

impl Validate for LoopStep {
    fn validate(&self, conn: &Connection) -> Result<()> {
        rules::non_empty("exercise", "Exercise", &self.exercise)?;
        rules::between("minutes", "Length in minutes", self.minutes, 5, 480)?;
        check_focus(conn, self.requisition_id, &self.focus.0)
    }
}

/// The main path of a candidate; rejected and withdrawn can end it at any stage before hired.
pub const PATH: [Stage; 6] = [
    Stage::Applied,
    Stage::Screen,
    Stage::Onsite,
    Stage::Debrief,
    Stage::Offer,
    Stage::Hired,
];

/// Whether the candidate's process is over.
pub fn is_final(stage: Stage) -> bool {
    matches!(stage, Stage::Hired | Stage::Rejected | Stage::Withdrawn)
}

/// Whether two typed names denote the same panelist (case and outer spaces ignored).
pub fn same_person(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

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

/// The dimensions a requisition's panel scores, in order, with requisition-specific
/// descriptions applied; every dimension when none were chosen.
pub fn requisition_dimensions(conn: &Connection, requisition_id: i64) -> Result<Vec<Dimension>> {
    entity::get::<Requisition>(conn, requisition_id)?;
    let mut chosen: Vec<RequisitionDimension> =
        entity::list_where(conn, "requisition_id = ?1", [requisition_id])?;
    chosen.sort_by_key(|c| (c.sort_order, c.id));
    let mut all: Vec<Dimension> = entity::list(conn)?;
    if chosen.is_empty() {
        all.sort_by_key(|d| (d.sort_order, d.id));
        return Ok(all);
    }
    let by_id: BTreeMap<i64, Dimension> = all.into_iter().map(|d| (d.id, d)).collect();
    Ok(chosen
        .iter()
        .filter_map(|choice| {
            let mut dimension = by_id.get(&choice.dimension_id)?.clone();
            if !choice.good_looks_like.trim().is_empty() {
                dimension.good_looks_like = choice.good_looks_like.clone();
            }
            Some(dimension)
        })
        .collect())
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

/// Errors unless every focus id is one of the requisition's dimensions (and there is one).
fn check_focus(conn: &Connection, requisition_id: i64, focus: &[i64]) -> Result<()> {
    if focus.is_empty() {
        return Err(Error::invalid(
            "focus",
            "Choose at least one focus dimension",
        ));
    }
    let allowed = requisition_dimensions(conn, requisition_id)?;
    for id in focus {
        if !allowed.iter().any(|d| d.id == *id) {
            return Err(Error::invalid(
                "focus",
                format!("Dimension {id} is not one of requisition {requisition_id}'s dimensions"),
            ));
        }
    }
    Ok(())
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

/// A candidate as the pipeline board shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardCandidate {
    pub id: i64,
    pub name: String,
    pub source: String,
    pub stage: Stage,
    pub applied_on: NaiveDate,
    /// The day the candidate entered their current stage.
    pub stage_since: NaiveDate,
    /// Days in the current stage as of today; `None` once the process has ended.
    pub days_in_stage: Option<i64>,
    /// Only an anonymous shell is left.
    pub erased: bool,
    pub interviews: i64,
    pub submitted_cards: i64,
    pub decision: Option<DecisionOutcome>,
}

/// A requisition with its position, time to fill and candidates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardRequisition {
    #[serde(flatten)]
    pub requisition: Requisition,
    /// "Team · Role (Level)" of the position, with the person once filled.
    pub position: String,
    pub position_status: PositionStatus,
    pub time_to_fill: Option<crate::hiring_metrics::TimeToFill>,
    pub candidates: Vec<BoardCandidate>,
}

/// A position a requisition may be opened on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionChoice {
    pub id: i64,
    pub label: String,
    pub status: PositionStatus,
    pub role: String,
}

/// Everything the pipeline page shows: requisitions (open first) with their candidates, the
/// funnel and time in stage across all requisitions, and the positions open for a requisition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PipelineView {
    pub today: NaiveDate,
    pub requisitions: Vec<BoardRequisition>,
    pub funnel: crate::hiring_metrics::Funnel,
    pub stage_times: Vec<crate::hiring_metrics::StageTime>,
    pub openable_positions: Vec<PositionChoice>,
}

fn position_label(position: &Position, teams: &BTreeMap<i64, String>) -> String {
    let team = teams.get(&position.team_id).map_or("", String::as_str);
    let level = if position.level.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", position.level)
    };
    let person = if position.person.trim().is_empty() {
        String::new()
    } else {
        format!(" — {}", position.person)
    };
    format!("{team} · {}{level}{person}", position.role)
}

/// The pipeline page as of `today`.
pub fn pipeline(conn: &Connection, today: NaiveDate) -> Result<PipelineView> {
    use crate::hiring_metrics;
    use crate::org::Team;
    let teams: BTreeMap<i64, String> = entity::list::<Team>(conn)?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let positions: BTreeMap<i64, Position> = entity::list::<Position>(conn)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let fills: BTreeMap<i64, hiring_metrics::TimeToFill> =
        hiring_metrics::time_to_fill(conn, today)?
            .into_iter()
            .map(|t| (t.requisition_id, t))
            .collect();
    let mut requisitions: Vec<Requisition> = entity::list(conn)?;
    requisitions.sort_by_key(|r| (r.closed_on.is_some(), std::cmp::Reverse(r.opened_on), r.id));
    let mut candidates: Vec<Candidate> = entity::list(conn)?;
    candidates.sort_by_key(|c| (c.applied_on, c.id));
    let mut stmt = conn.prepare(
        "SELECT c.id,
                (SELECT max(changed_on) FROM stage_change WHERE candidate_id = c.id),
                EXISTS (SELECT 1 FROM candidate_erasure e WHERE e.id = c.id),
                (SELECT count(*) FROM interview i WHERE i.candidate_id = c.id),
                (SELECT count(*) FROM interview i JOIN scorecard s ON s.interview_id = i.id
                  WHERE i.candidate_id = c.id AND s.submitted_at IS NOT NULL),
                (SELECT outcome FROM decision d WHERE d.candidate_id = c.id)
         FROM candidate c",
    )?;
    type Extra = (Option<NaiveDate>, bool, i64, i64, Option<DecisionOutcome>);
    let extras: BTreeMap<i64, Extra> = stmt
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                (
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                ),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let board = requisitions
        .into_iter()
        .map(|requisition| {
            let position = positions.get(&requisition.position_id);
            let list = candidates
                .iter()
                .filter(|c| c.requisition_id == requisition.id)
                .map(|c| {
                    let (since, erased, interviews, submitted_cards, decision) = extras
                        .get(&c.id)
                        .cloned()
                        .unwrap_or((None, false, 0, 0, None));
                    let stage_since = since.unwrap_or(c.applied_on);
                    BoardCandidate {
                        id: c.id,
                        name: c.name.clone(),
                        source: c.source.clone(),
                        stage: c.stage,
                        applied_on: c.applied_on,
                        stage_since,
                        days_in_stage: (!is_final(c.stage))
                            .then(|| (today - stage_since).num_days()),
                        erased,
                        interviews,
                        submitted_cards,
                        decision,
                    }
                })
                .collect();
            BoardRequisition {
                position: position.map_or_else(
                    || format!("position {}", requisition.position_id),
                    |p| position_label(p, &teams),
                ),
                position_status: position.map_or(PositionStatus::Open, |p| p.status),
                time_to_fill: fills.get(&requisition.id).cloned(),
                candidates: list,
                requisition,
            }
        })
        .collect();
    let busy: Vec<i64> = entity::list_where::<Requisition, _>(conn, "closed_on IS NULL", [])?
        .into_iter()
        .map(|r| r.position_id)
        .collect();
    let openable_positions = positions
        .values()
        .filter(|p| matches!(p.status, PositionStatus::Planned | PositionStatus::Open))
        .filter(|p| !busy.contains(&p.id))
        .map(|p| PositionChoice {
            id: p.id,
            label: position_label(p, &teams),
            status: p.status,
            role: p.role.clone(),
        })
        .collect();
    Ok(PipelineView {
        today,
        requisitions: board,
        funnel: hiring_metrics::funnel(conn, None)?,
        stage_times: hiring_metrics::time_in_stage(conn, None, today)?,
        openable_positions,
    })
}

/// A dimension as the loop editor shows it: chosen for the requisition or not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoopDimension {
    pub dimension_id: i64,
    pub name: String,
    /// The organisation's own description.
    pub default_good_looks_like: String,
    /// The requisition's description when it has its own, else empty.
    pub good_looks_like: String,
    pub chosen: bool,
}

/// A candidate of the requisition with their booked interviews (card states only).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoopCandidate {
    pub id: i64,
    pub name: String,
    pub stage: Stage,
    pub interviews: Vec<crate::scorecards::PanelSeat>,
}

/// A requisition's interview loop: its dimensions, its steps, and who is booked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoopView {
    pub requisition: Requisition,
    /// Every dimension, the chosen ones first in the requisition's order.
    pub dimensions: Vec<LoopDimension>,
    /// True when the requisition chose no dimensions and so uses all of them.
    pub all_dimensions: bool,
    pub steps: Vec<LoopStep>,
    pub candidates: Vec<LoopCandidate>,
}

/// The loop page of one requisition.
pub fn loops(conn: &Connection, requisition_id: i64) -> Result<LoopView> {
    let requisition: Requisition = entity::get(conn, requisition_id)?;
    let mut chosen: Vec<RequisitionDimension> =
        entity::list_where(conn, "requisition_id = ?1", [requisition_id])?;
    chosen.sort_by_key(|c| (c.sort_order, c.id));
    let mut all: Vec<Dimension> = entity::list(conn)?;
    all.sort_by_key(|d| (d.sort_order, d.id));
    let mut dimensions: Vec<LoopDimension> = chosen
        .iter()
        .filter_map(|c| {
            let d = all.iter().find(|d| d.id == c.dimension_id)?;
            Some(LoopDimension {
                dimension_id: d.id,
                name: d.name.clone(),
                default_good_looks_like: d.good_looks_like.clone(),
                good_looks_like: c.good_looks_like.clone(),
                chosen: true,
            })
        })
        .collect();
    for d in &all {
        if !chosen.iter().any(|c| c.dimension_id == d.id) {
            dimensions.push(LoopDimension {
                dimension_id: d.id,
                name: d.name.clone(),
                default_good_looks_like: d.good_looks_like.clone(),
                good_looks_like: String::new(),
                chosen: chosen.is_empty(),
            });
        }
    }
    let mut candidates: Vec<Candidate> =
        entity::list_where(conn, "requisition_id = ?1", [requisition_id])?;
    candidates.sort_by_key(|c| (c.applied_on, c.id));
    let mut people = Vec::new();
    for candidate in candidates {
        if is_erased(conn, candidate.id)? {
            continue;
        }
        people.push(LoopCandidate {
            interviews: crate::scorecards::panel(conn, candidate.id)?,
            id: candidate.id,
            name: candidate.name,
            stage: candidate.stage,
        });
    }
    Ok(LoopView {
        all_dimensions: chosen.is_empty(),
        steps: loop_steps(conn, requisition_id)?,
        requisition,
        dimensions,
        candidates: people,
    })
}

/// A small organisation with one open requisition, for the hiring modules' tests.
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod fixture {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::money::Currency;
    use crate::org::{Team, TeamKind};
    use crate::settings::Settings;
    use crate::{setup, Store};

    pub fn now() -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
            .single()
            .unwrap()
    }

    pub fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    pub struct Org {
        pub store: Store,
        pub position_id: i64,
        pub requisition_id: i64,
        pub dimensions: Vec<i64>,
    }

    /// A new organisation with a planned position and a requisition opened on 2026-09-01.
    pub fn org() -> Org {
        org_in(Store::open_in_memory().unwrap())
    }

    pub fn org_in(mut store: Store) -> Org {
        let settings = Settings::new("Test Org", 10, "USD").unwrap();
        let (position_id, requisition_id) = store
            .with_tx(|tx| {
                setup::new_organisation(tx, &settings, now())?;
                let team = entity::insert(
                    tx,
                    Team {
                        id: 0,
                        name: "Platform".into(),
                        kind: TeamKind::Platform,
                        domain: String::new(),
                        parent_id: None,
                        ktlo_percent: 20,
                        leave_percent: 10,
                    },
                    now(),
                )?;
                let position = entity::insert(
                    tx,
                    Position {
                        id: 0,
                        team_id: team.id,
                        role: "Staff MLOps Engineer".into(),
                        level: "L6".into(),
                        status: PositionStatus::Planned,
                        person: String::new(),
                        start_date: None,
                        end_date: None,
                        allocation_percent: 100,
                        loaded_cost_minor: 0,
                        currency: "USD".parse::<Currency>()?,
                        ramp_months: 3,
                    },
                    now(),
                )?;
                let new = NewRequisition {
                    position_id: position.id,
                    title: "Staff MLOps Engineer".into(),
                    hiring_manager: "Marcus".into(),
                    opened_on: day("2026-09-01"),
                };
                Ok((position.id, open_requisition(tx, new, now())?.id))
            })
            .unwrap();
        let mut dimensions: Vec<Dimension> = entity::list(store.conn()).unwrap();
        dimensions.sort_by_key(|d| d.sort_order);
        Org {
            store,
            position_id,
            requisition_id,
            dimensions: dimensions.iter().map(|d| d.id).collect(),
        }
    }

    impl Org {
        pub fn candidate(&mut self, name: &str, applied_on: &str) -> i64 {
            let new = NewCandidate {
                requisition_id: self.requisition_id,
                name: name.into(),
                source: "referral".into(),
                applied_on: day(applied_on),
            };
            self.store
                .with_tx(|tx| add_candidate(tx, new, now()))
                .unwrap()
                .id
        }

        pub fn interview(&mut self, candidate_id: i64, interviewer: &str, focus: &[usize]) -> i64 {
            let new = NewInterview {
                interviewer: interviewer.into(),
                exercise: "Architecture case study".into(),
                scheduled_on: day("2026-10-20"),
                focus: focus.iter().map(|&i| self.dimensions[i]).collect(),
            };
            self.store
                .with_tx(|tx| book_interview(tx, candidate_id, new, now()))
                .unwrap()
                .id
        }

        pub fn move_to(&mut self, candidate_id: i64, stage: Stage, on: &str) -> Result<Candidate> {
            self.store
                .with_tx(|tx| move_candidate(tx, candidate_id, stage, day(on), now()))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::fixture::{day, now, org};
    use super::*;

    #[test]
    fn opening_a_requisition_marks_the_position_open_and_refuses_a_second() {
        let mut org = org();
        let position: Position = entity::get(org.store.conn(), org.position_id).unwrap();
        assert_eq!(position.status, PositionStatus::Open);
        let again = NewRequisition {
            position_id: org.position_id,
            title: "Again".into(),
            hiring_manager: String::new(),
            opened_on: day("2026-09-02"),
        };
        let err = org
            .store
            .with_tx(|tx| open_requisition(tx, again, now()))
            .unwrap_err();
        assert_eq!(err.kind(), "conflict");
    }

    #[test]
    fn stage_transitions_keep_their_dates_and_only_move_forward() {
        let mut org = org();
        let id = org.candidate("Ada Example", "2026-09-03");
        org.move_to(id, Stage::Screen, "2026-09-10").unwrap();
        org.move_to(id, Stage::Onsite, "2026-09-24").unwrap();
        let back = org.move_to(id, Stage::Screen, "2026-09-25").unwrap_err();
        assert_eq!(back.field(), Some("stage"));
        let early = org.move_to(id, Stage::Debrief, "2026-09-20").unwrap_err();
        assert_eq!(early.field(), Some("changed_on"));
        let offer = org.move_to(id, Stage::Offer, "2026-10-01").unwrap_err();
        assert_eq!(offer.kind(), "conflict", "an offer needs a hire decision");
        let history: Vec<(Stage, NaiveDate)> = stage_history(org.store.conn(), id)
            .unwrap()
            .into_iter()
            .map(|c| (c.stage, c.changed_on))
            .collect();
        assert_eq!(
            history,
            vec![
                (Stage::Applied, day("2026-09-03")),
                (Stage::Screen, day("2026-09-10")),
                (Stage::Onsite, day("2026-09-24")),
            ]
        );
        org.move_to(id, Stage::Rejected, "2026-09-26").unwrap();
        assert_eq!(
            org.move_to(id, Stage::Debrief, "2026-09-27")
                .unwrap_err()
                .kind(),
            "conflict"
        );
    }

    #[test]
    fn a_hire_fills_the_position_and_closes_the_requisition() {
        let mut org = org();
        let id = org.candidate("Ada Example", "2026-09-03");
        org.move_to(id, Stage::Debrief, "2026-09-30").unwrap();
        org.store
            .with_tx(|tx| {
                let decision = Decision {
                    id: 0,
                    candidate_id: id,
                    outcome: DecisionOutcome::Hire,
                    rationale: "Strong loop".into(),
                    decided_on: day("2026-10-01"),
                };
                entity::insert(tx, decision, now())
            })
            .unwrap();
        org.move_to(id, Stage::Offer, "2026-10-02").unwrap();
        let hire = org
            .store
            .with_tx(|tx| hire(tx, id, day("2026-10-09"), day("2026-11-02"), now()))
            .unwrap();
        assert_eq!(hire.candidate.stage, Stage::Hired);
        assert_eq!(hire.position.status, PositionStatus::Filled);
        assert_eq!(hire.position.person, "Ada Example");
        assert_eq!(hire.position.start_date, Some(day("2026-11-02")));
        assert_eq!(hire.requisition.closed_on, Some(day("2026-10-09")));
    }

    #[test]
    fn interview_focus_must_come_from_the_requisition_dimensions() {
        let mut org = org();
        let chosen: Vec<DimensionChoice> = org.dimensions[..3]
            .iter()
            .map(|&dimension_id| DimensionChoice {
                dimension_id,
                good_looks_like: String::new(),
            })
            .collect();
        let (requisition_id, outside) = (org.requisition_id, org.dimensions[5]);
        let dims = org
            .store
            .with_tx(|tx| set_requisition_dimensions(tx, requisition_id, &chosen, now()))
            .unwrap();
        assert_eq!(dims.len(), 3);
        let id = org.candidate("Ada Example", "2026-09-03");
        let new = NewInterview {
            interviewer: "Ines".into(),
            exercise: "Case".into(),
            scheduled_on: day("2026-09-20"),
            focus: vec![outside],
        };
        let err = org
            .store
            .with_tx(|tx| book_interview(tx, id, new, now()))
            .unwrap_err();
        assert_eq!(err.field(), Some("focus"));
        let steps = vec![NewLoopStep {
            exercise: "Incident review".into(),
            focus: vec![org.dimensions[2]],
            minutes: 45,
        }];
        let steps = org
            .store
            .with_tx(|tx| set_loop(tx, requisition_id, &steps, now()))
            .unwrap();
        let booking = LoopBooking {
            loop_step_id: steps[0].id,
            interviewer: "Ines".into(),
            scheduled_on: day("2026-09-20"),
        };
        let booked = org
            .store
            .with_tx(|tx| book_loop(tx, id, &[booking], now()))
            .unwrap();
        assert_eq!(booked[0].exercise, "Incident review");
        assert_eq!(booked[0].focus.0, vec![org.dimensions[2]]);
    }

    #[test]
    fn the_pipeline_view_has_candidates_by_stage_with_days_and_openable_positions() {
        let mut org = org();
        let ada = org.candidate("Ada Example", "2026-09-03");
        let bo = org.candidate("Bo Example", "2026-09-05");
        org.move_to(ada, Stage::Screen, "2026-09-10").unwrap();
        org.move_to(bo, Stage::Rejected, "2026-09-06").unwrap();
        org.interview(ada, "Ines", &[0]);
        let view = pipeline(org.store.conn(), day("2026-09-20")).unwrap();
        assert_eq!(view.requisitions.len(), 1);
        let board = &view.requisitions[0];
        assert_eq!(board.requisition.id, org.requisition_id);
        assert!(
            board.position.contains("Staff MLOps Engineer"),
            "{}",
            board.position
        );
        assert_eq!(
            board.time_to_fill.as_ref().and_then(|t| t.open_for_days),
            Some(19)
        );
        let found: Vec<(&str, Stage, NaiveDate, Option<i64>, i64)> = board
            .candidates
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.stage,
                    c.stage_since,
                    c.days_in_stage,
                    c.interviews,
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                ("Ada Example", Stage::Screen, day("2026-09-10"), Some(10), 1),
                ("Bo Example", Stage::Rejected, day("2026-09-06"), None, 0),
            ]
        );
        assert_eq!(view.funnel.steps[0].reached, 2);
        assert!(
            view.openable_positions.is_empty(),
            "the only position already has an open requisition"
        );

        let loops = loops(org.store.conn(), org.requisition_id).unwrap();
        assert!(loops.all_dimensions);
        assert_eq!(loops.dimensions.len(), 8);
        assert!(loops.dimensions.iter().all(|d| d.chosen));
        assert_eq!(loops.candidates[0].interviews.len(), 1);
        assert_eq!(loops.candidates[1].interviews.len(), 0);
    }
}
