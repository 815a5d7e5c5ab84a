//! Hiring: requisitions, candidates and their stages, interview loops, scorecards, decisions.

pub mod board;
pub mod debrief;
pub mod erase;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod interview_kit;
pub mod loops;
pub mod metrics;
pub mod pipeline;
pub mod scorecards;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};
use serde::{Deserialize, Serialize};

use crate::store::entity::{self, Timestamp, Validate};
use crate::{entity, store::rules, text_enum, Error, Result};

text_enum! {
    /// Where a candidate is in the process.
    pub enum Stage as "stage" {
        Applied = "applied", Screen = "screen", Onsite = "onsite", Debrief = "debrief",
        Offer = "offer", Hired = "hired", Rejected = "rejected", Withdrawn = "withdrawn",
    }
}

text_enum! {
    /// A panelist's overall call.
    pub enum Recommendation as "recommendation" {
        StrongNo = "strong_no", No = "no", Yes = "yes", StrongYes = "strong_yes",
    }
}

text_enum! {
    /// The hiring decision after the debrief.
    pub enum DecisionOutcome as "outcome" { Hire = "hire", NoHire = "no_hire" }
}

/// A list of row ids kept as a JSON array in one column (an interview's focus dimensions).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IdList(pub Vec<i64>);

impl ToSql for IdList {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let text = serde_json::to_string(&self.0)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        Ok(text.into())
    }
}

impl FromSql for IdList {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        serde_json::from_str(value.as_str()?)
            .map(IdList)
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

entity! {
    /// A scorecard dimension, with what a strong answer shows.
    pub struct Dimension in "dimension" as "dimension" {
        name: String,
        good_looks_like: String,
        sort_order: i64,
    }
}

entity! {
    /// An approved opening to hire into a position.
    pub struct Requisition in "requisition" as "requisition" {
        position_id: i64 => "position",
        title: String,
        hiring_manager: String,
        opened_on: NaiveDate,
        closed_on: Option<NaiveDate>,
    }
}

entity! {
    /// A person applying to a requisition.
    pub struct Candidate in "candidate" as "candidate" {
        requisition_id: i64 => "requisition",
        name: String,
        source: String,
        stage: Stage,
        applied_on: NaiveDate,
    }
}

entity! {
    /// A stage transition of a candidate, kept for time-in-stage and the funnel.
    pub struct StageChange in "stage_change" as "stage change" {
        candidate_id: i64 => "candidate",
        stage: Stage,
        changed_on: NaiveDate,
    }
}

entity! {
    /// One interview of a candidate's loop, focused on some dimensions.
    pub struct Interview in "interview" as "interview" {
        candidate_id: i64 => "candidate",
        interviewer: String,
        exercise: String,
        scheduled_on: NaiveDate,
        focus: IdList,
    }
}

entity! {
    /// An interviewer's scorecard; a draft until `submitted_at` is set.
    pub struct Scorecard in "scorecard" as "scorecard" {
        interview_id: i64 => "interview",
        recommendation: Option<Recommendation>,
        strong_signals: String,
        red_flags: String,
        submitted_at: Option<Timestamp>,
    }
}

entity! {
    /// The rating of one dimension on one scorecard.
    pub struct Rating in "rating" as "rating" {
        scorecard_id: i64 => "scorecard",
        dimension_id: i64 => "dimension",
        score: i64,
        evidence: String,
    }
}

entity! {
    /// Hire or no hire, with the reason.
    pub struct Decision in "decision" as "decision" {
        candidate_id: i64 => "candidate",
        outcome: DecisionOutcome,
        rationale: String,
        decided_on: NaiveDate,
    }
}

impl Validate for Dimension {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("name", "Name", &self.name)
    }
}

impl Validate for Requisition {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("title", "Title", &self.title)?;
        rules::not_before("closed_on", self.closed_on, Some(self.opened_on))
    }
}

impl Validate for Candidate {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("name", "Name", &self.name)
    }
}

impl Validate for StageChange {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        Ok(())
    }
}

impl Validate for Interview {
    fn validate(&self, conn: &Connection) -> Result<()> {
        rules::non_empty("interviewer", "Interviewer", &self.interviewer)?;
        for id in &self.focus.0 {
            if entity::find::<Dimension>(conn, *id)?.is_none() {
                return Err(Error::invalid(
                    "focus",
                    format!("there is no dimension with id {id}"),
                ));
            }
        }
        Ok(())
    }
}

impl Validate for Scorecard {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        if self.submitted_at.is_some() && self.recommendation.is_none() {
            return Err(Error::invalid(
                "recommendation",
                "Give an overall recommendation before submitting",
            ));
        }
        Ok(())
    }
}

impl Validate for Rating {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::between("score", "Rating", self.score, 1, 5)?;
        if matches!(self.score, 1 | 2 | 5) && self.evidence.trim().is_empty() {
            return Err(Error::invalid(
                "evidence",
                "Ratings of 1, 2 and 5 need written evidence",
            ));
        }
        Ok(())
    }
}

impl Validate for Decision {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("rationale", "Rationale", &self.rationale)
    }
}

/// The eight default scorecard dimensions with what good looks like.
pub const DEFAULT_DIMENSIONS: &[(&str, &str)] = &[
    ("ML Systems & Architecture", "Designs serving and training systems with clear trade-offs on latency, cost and failure modes."),
    ("MLOps & Platform Engineering", "Knows how CI/CD, registries, feature stores and monitoring make ML repeatable, and how to drive adoption."),
    ("Reliability & Operations", "Sets SLOs, runs incidents calmly and turns postmortems into lasting fixes."),
    ("Strategy & Roadmapping", "Ties ML investment to product outcomes and sequences platform against feature work."),
    ("Cross-Functional Leadership", "Aligns product, data, security and finance on shared goals and trade-offs."),
    ("People Leadership", "Hires, grows and calibrates managers and senior engineers; builds a healthy culture."),
    ("Security/Privacy/Governance Awareness", "Builds in privacy, model risk review and audit trails without stalling delivery."),
    ("Communication & Executive Presence", "Explains status, risk and cost crisply to executives, with decisions asked for."),
];

/// Adds the default dimensions to a new organisation.
pub fn seed_dimensions(conn: &Connection, now: Timestamp) -> Result<Vec<Dimension>> {
    DEFAULT_DIMENSIONS
        .iter()
        .zip(1..)
        .map(|(&(name, good), order)| {
            let dimension = Dimension {
                id: 0,
                name: name.into(),
                good_looks_like: good.into(),
                sort_order: order,
            };
            entity::insert(conn, dimension, now)
        })
        .collect()
}

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

/// Errors unless every focus id is one of the requisition's dimensions (and there is one).
pub(crate) fn check_focus(conn: &Connection, requisition_id: i64, focus: &[i64]) -> Result<()> {
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
