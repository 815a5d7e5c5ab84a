//! The quarterly roadmap: initiatives, their dependencies, and plans frozen at quarter start.

use rusqlite::Connection;

use crate::quarter::FiscalQuarter;
use crate::store::entity::{self, Timestamp, Validate};
use crate::{entity, rules, text_enum, Error, Result};

text_enum! {
    /// What an initiative is for.
    pub enum InitiativeKind as "kind" {
        Feature = "feature", Platform = "platform", Reliability = "reliability",
        Governance = "governance", Debt = "debt",
    }
}

text_enum! {
    /// Where an initiative stands in its quarter.
    pub enum InitiativeStatus as "status" {
        Proposed = "proposed", Committed = "committed", InProgress = "in_progress",
        Delivered = "delivered", Slipped = "slipped", Cancelled = "cancelled",
    }
}

text_enum! {
    /// How a committed initiative ended when its quarter closed.
    pub enum Outcome as "outcome" { Delivered = "delivered", Slipped = "slipped", Cancelled = "cancelled" }
}

entity! {
    /// A piece of roadmap work planned for one team in one quarter.
    pub struct Initiative in "initiative" as "initiative" {
        title: String,
        kind: InitiativeKind,
        team_id: i64 => "team",
        model_id: Option<i64> => "model",
        quarter: FiscalQuarter,
        status: InitiativeStatus,
        /// Estimated effort in person-weeks.
        effort_pw: f64,
        outcome_metric: String,
        /// Delivering it takes a model to production (counts as an ML release).
        releases_model: bool,
        /// Order within the quarter, 1 first.
        rank: i64,
    }
}

entity! {
    /// `initiative_id` cannot finish before `depends_on_id`.
    pub struct Dependency in "dependency" as "dependency" {
        initiative_id: i64 => "initiative",
        depends_on_id: i64 => "initiative",
    }
}

entity! {
    /// The plan of a quarter as it was committed.
    pub struct QuarterSnapshot in "quarter_snapshot" as "quarter snapshot" {
        quarter: FiscalQuarter,
        frozen_at: Timestamp,
    }
}

entity! {
    /// One committed initiative inside a snapshot, with how it ended.
    pub struct SnapshotItem in "snapshot_item" as "snapshot item" {
        snapshot_id: i64 => "quarter_snapshot",
        initiative_id: Option<i64> => "initiative",
        title: String,
        team_id: Option<i64> => "team",
        effort_pw: f64,
        outcome: Option<Outcome>,
    }
}

impl Validate for Initiative {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("title", "Title", &self.title)?;
        rules::non_negative("effort_pw", "Effort", self.effort_pw)
    }
}

impl Validate for Dependency {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        if self.initiative_id == self.depends_on_id {
            return Err(Error::invalid(
                "depends_on_id",
                "An initiative cannot depend on itself",
            ));
        }
        Ok(())
    }
}

impl Validate for QuarterSnapshot {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        Ok(())
    }
}

impl Validate for SnapshotItem {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("title", "Title", &self.title)?;
        rules::non_negative("effort_pw", "Effort", self.effort_pw)
    }
}

/// Freezes the initiatives committed for `quarter` (committed, in progress or already done).
pub fn freeze_quarter(
    conn: &Connection,
    quarter: FiscalQuarter,
    now: Timestamp,
) -> Result<QuarterSnapshot> {
    let existing: Vec<QuarterSnapshot> =
        entity::list_where(conn, "quarter = ?1", [quarter.to_string()])?;
    if !existing.is_empty() {
        return Err(Error::Conflict(format!(
            "{quarter} is already committed; its snapshot cannot change"
        )));
    }
    let snapshot = entity::insert(
        conn,
        QuarterSnapshot {
            id: 0,
            quarter,
            frozen_at: now,
        },
        now,
    )?;
    let committed: Vec<Initiative> = entity::list_where(
        conn,
        "quarter = ?1 AND status IN ('committed', 'in_progress', 'delivered', 'slipped')",
        [quarter.to_string()],
    )?;
    for initiative in committed {
        let item = SnapshotItem {
            id: 0,
            snapshot_id: snapshot.id,
            initiative_id: Some(initiative.id),
            title: initiative.title,
            team_id: Some(initiative.team_id),
            effort_pw: initiative.effort_pw,
            outcome: None,
        };
        entity::insert(conn, item, now)?;
    }
    Ok(snapshot)
}
