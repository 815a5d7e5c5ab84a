//! The quarter's life cycle: commit (freeze a snapshot of the initiatives committed for it),
//! close (record how each committed initiative ended) and predictability (delivered ÷
//! committed).
//!
//! Snapshots are immutable: this module offers no way to change one, and migration 0003's
//! triggers refuse any write to a frozen row except recording a missing outcome once.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;

use crate::roadmap::initiative::{
    self, Initiative, InitiativeStatus, Outcome, QuarterSnapshot, SnapshotItem,
};
use crate::store::entity::{self, Timestamp};
use crate::values::quarter::FiscalQuarter;
use crate::{Error, Result};

/// Statuses that make an initiative part of a quarter's commitment (what a snapshot freezes).
const COMMITTED: &[InitiativeStatus] = &[
    InitiativeStatus::Committed,
    InitiativeStatus::InProgress,
    InitiativeStatus::Delivered,
    InitiativeStatus::Slipped,
];

pub(super) fn is_committed(initiative: &Initiative) -> bool {
    COMMITTED.contains(&initiative.status)
}

/// A quarter's snapshot with its items, in id order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub snapshot: QuarterSnapshot,
    pub items: Vec<SnapshotItem>,
}

impl Snapshot {
    /// Closed once every item has an outcome.
    pub fn is_closed(&self) -> bool {
        self.items.iter().all(|i| i.outcome.is_some())
    }
}

/// The snapshot of `quarter`, if it was committed.
pub fn snapshot(conn: &Connection, quarter: FiscalQuarter) -> Result<Option<Snapshot>> {
    let found: Option<QuarterSnapshot> = entity::list_where(conn, "quarter = ?1", [quarter])?
        .into_iter()
        .next();
    let Some(snapshot) = found else {
        return Ok(None);
    };
    let items = entity::list_where(conn, "snapshot_id = ?1", [snapshot.id])?;
    Ok(Some(Snapshot { snapshot, items }))
}

pub(super) fn existing_snapshot(conn: &Connection, quarter: FiscalQuarter) -> Result<Snapshot> {
    snapshot(conn, quarter)?
        .ok_or_else(|| Error::Conflict(format!("{quarter} was never committed; commit it first")))
}

/// Commits `quarter`: freezes the initiatives committed for it. Refused when none is
/// committed (an empty commitment is a mistake, not a plan) or the quarter already was.
pub fn commit_quarter(
    conn: &Connection,
    quarter: FiscalQuarter,
    now: Timestamp,
) -> Result<Snapshot> {
    let initiatives: Vec<Initiative> = entity::list_where(conn, "quarter = ?1", [quarter])?;
    if !initiatives.iter().any(is_committed) {
        return Err(Error::invalid(
            "quarter",
            format!(
                "no initiative of {quarter} is committed; mark the ones the teams commit to first"
            ),
        ));
    }
    crate::store::capture::refuse(
        conn,
        "a committed quarter stays as it was frozen; it cannot be undone",
    )?;
    initiative::freeze_quarter(conn, quarter, now)?;
    existing_snapshot(conn, quarter)
}

/// Closes `quarter`: records each snapshot item's outcome. `outcomes` maps snapshot item ids
/// to how they ended; items left out take their initiative's status when it is delivered,
/// slipped or cancelled. Initiatives still in that quarter get the outcome as their status.
pub fn close_quarter(
    conn: &Connection,
    quarter: FiscalQuarter,
    outcomes: &BTreeMap<i64, Outcome>,
    now: Timestamp,
) -> Result<Snapshot> {
    let snapshot = existing_snapshot(conn, quarter)?;
    crate::store::capture::refuse(
        conn,
        "a closed quarter's outcomes are recorded once; it cannot be undone",
    )?;
    if snapshot.is_closed() {
        return Err(Error::Conflict(format!(
            "{quarter} is already closed; its outcomes cannot change"
        )));
    }
    if let Some(unknown) = outcomes
        .keys()
        .find(|id| !snapshot.items.iter().any(|i| i.id == **id))
    {
        return Err(Error::invalid(
            "outcomes",
            format!("item {unknown} is not in the snapshot of {quarter}"),
        ));
    }
    let mut plan = Vec::new();
    let mut undecided = Vec::new();
    for item in &snapshot.items {
        let linked = match item.initiative_id {
            Some(id) => entity::find::<Initiative>(conn, id)?,
            None => None,
        };
        let given = outcomes.get(&item.id).copied();
        if let (Some(recorded), Some(given)) = (item.outcome, given) {
            if recorded != given {
                return Err(Error::Conflict(format!(
                    "{:?} was already recorded as {recorded}; a snapshot cannot change",
                    item.title
                )));
            }
        }
        if item.outcome.is_some() {
            continue;
        }
        match given.or_else(|| linked.as_ref().and_then(|i| outcome_of(i.status))) {
            Some(outcome) => plan.push((item.clone(), outcome, linked)),
            None => undecided.push(item.title.clone()),
        }
    }
    if !undecided.is_empty() {
        return Err(Error::invalid(
            "outcomes",
            format!(
                "say whether these were delivered, slipped or cancelled: {}",
                undecided.join("; ")
            ),
        ));
    }
    for (mut item, outcome, linked) in plan {
        item.outcome = Some(outcome);
        entity::update(conn, item, now)?;
        if let Some(mut initiative) = linked.filter(|i| i.quarter == quarter) {
            let status = status_of(outcome);
            if initiative.status != status {
                initiative.status = status;
                entity::update(conn, initiative, now)?;
            }
        }
    }
    existing_snapshot(conn, quarter)
}

pub(super) fn outcome_of(status: InitiativeStatus) -> Option<Outcome> {
    match status {
        InitiativeStatus::Delivered => Some(Outcome::Delivered),
        InitiativeStatus::Slipped => Some(Outcome::Slipped),
        InitiativeStatus::Cancelled => Some(Outcome::Cancelled),
        _ => None,
    }
}

fn status_of(outcome: Outcome) -> InitiativeStatus {
    match outcome {
        Outcome::Delivered => InitiativeStatus::Delivered,
        Outcome::Slipped => InitiativeStatus::Slipped,
        Outcome::Cancelled => InitiativeStatus::Cancelled,
    }
}

/// Delivered ÷ committed for one quarter, from its snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Predictability {
    pub quarter: FiscalQuarter,
    pub committed: i64,
    pub delivered: i64,
    pub slipped: i64,
    pub cancelled: i64,
    /// Items with neither an outcome nor a finished initiative yet.
    pub pending: i64,
    /// `delivered ÷ committed`, 0 to 1; `None` for an empty commitment.
    pub ratio: Option<f64>,
    pub closed: bool,
}

/// The predictability of `quarter`, or `None` when it was never committed. While the quarter
/// is open, an item without an outcome counts as its initiative's status says so far.
pub fn predictability(conn: &Connection, quarter: FiscalQuarter) -> Result<Option<Predictability>> {
    let Some(snapshot) = snapshot(conn, quarter)? else {
        return Ok(None);
    };
    let mut outcomes = Vec::with_capacity(snapshot.items.len());
    for item in &snapshot.items {
        let so_far = match (item.outcome, item.initiative_id) {
            (None, Some(id)) => {
                entity::find::<Initiative>(conn, id)?.and_then(|i| outcome_of(i.status))
            }
            (recorded, _) => recorded,
        };
        outcomes.push(so_far);
    }
    let count =
        |outcome: Option<Outcome>| outcomes.iter().filter(|o| **o == outcome).count() as i64;
    let committed = outcomes.len() as i64;
    let delivered = count(Some(Outcome::Delivered));
    Ok(Some(Predictability {
        quarter,
        committed,
        delivered,
        slipped: count(Some(Outcome::Slipped)),
        cancelled: count(Some(Outcome::Cancelled)),
        pending: count(None),
        ratio: (committed > 0).then(|| delivered as f64 / committed as f64),
        closed: snapshot.is_closed(),
    }))
}

#[cfg(test)]
mod tests;
