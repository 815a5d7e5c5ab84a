//! The commit/close page's read model: where a quarter stands, from what a commit would
//! freeze to each snapshot item's suggested outcome, predictability and the diff.

use rusqlite::Connection;
use serde::Serialize;

use crate::roadmap::cycle::{is_committed, outcome_of, predictability, snapshot, Predictability};
use crate::roadmap::diff::{diff_against_snapshot, PlanDiff};
use crate::roadmap::initiative::{
    Initiative, InitiativeStatus, Outcome, QuarterSnapshot, SnapshotItem,
};
use crate::store::entity;
use crate::values::quarter::FiscalQuarter;
use crate::Result;

/// A snapshot item with what its initiative says now, for the close form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewItem {
    pub item: SnapshotItem,
    /// The initiative's status now (`None` when it was deleted).
    pub status: Option<InitiativeStatus>,
    /// The outcome its status already tells (delivered, slipped or cancelled).
    pub suggested: Option<Outcome>,
}

/// An initiative of the quarter as planned now, and whether a commit would freeze it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedInitiative {
    pub initiative: Initiative,
    pub committed: bool,
}

/// Where a quarter stands: committed or not, its items, predictability and the diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarterReview {
    pub quarter: FiscalQuarter,
    /// Initiatives of the quarter that committing would freeze.
    pub committable: i64,
    /// The quarter's initiatives in rank order.
    pub planned: Vec<PlannedInitiative>,
    pub snapshot: Option<QuarterSnapshot>,
    pub items: Vec<ReviewItem>,
    pub closed: bool,
    pub predictability: Option<Predictability>,
    pub diff: Option<PlanDiff>,
}

/// The commit/close page of `quarter`.
pub fn review(conn: &Connection, quarter: FiscalQuarter) -> Result<QuarterReview> {
    let initiatives: Vec<Initiative> = entity::list_where(conn, "quarter = ?1", [quarter])?;
    let committable = initiatives.iter().filter(|i| is_committed(i)).count() as i64;
    let mut planned: Vec<PlannedInitiative> = initiatives
        .into_iter()
        .map(|initiative| PlannedInitiative {
            committed: is_committed(&initiative),
            initiative,
        })
        .collect();
    planned.sort_by_key(|p| (p.initiative.rank, p.initiative.id));
    let Some(found) = snapshot(conn, quarter)? else {
        return Ok(QuarterReview {
            quarter,
            committable,
            planned,
            snapshot: None,
            items: vec![],
            closed: false,
            predictability: None,
            diff: None,
        });
    };
    let closed = found.is_closed();
    let mut items = Vec::with_capacity(found.items.len());
    for item in found.items {
        let status = match item.initiative_id {
            Some(id) => entity::find::<Initiative>(conn, id)?.map(|i| i.status),
            None => None,
        };
        items.push(ReviewItem {
            suggested: status.and_then(outcome_of),
            status,
            item,
        });
    }
    Ok(QuarterReview {
        quarter,
        committable,
        planned,
        snapshot: Some(found.snapshot),
        items,
        closed,
        predictability: predictability(conn, quarter)?,
        diff: Some(diff_against_snapshot(conn, quarter)?),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::roadmap::cycle::{close_quarter, commit_quarter};
    use crate::roadmap::fixtures::{org, q, team, titled};
    use crate::test_clock::now;

    #[test]
    fn review_before_and_after_commit_and_close() {
        let mut store = org();
        let t = store.with_tx(|tx| team(tx, "T", 0, 0)).unwrap();
        store
            .with_tx(|tx| {
                titled(tx, "done", t, "FY2027-Q2", 4.0, InitiativeStatus::Delivered)?;
                titled(tx, "open", t, "FY2027-Q2", 6.0, InitiativeStatus::Committed)?;
                titled(tx, "idea", t, "FY2027-Q2", 2.0, InitiativeStatus::Proposed)
            })
            .unwrap();
        let before = review(store.conn(), q("FY2027-Q2")).unwrap();
        assert_eq!((before.committable, before.snapshot.is_none()), (2, true));
        let flags: Vec<(&str, bool)> = before
            .planned
            .iter()
            .map(|p| (p.initiative.title.as_str(), p.committed))
            .collect();
        assert_eq!(flags, [("done", true), ("open", true), ("idea", false)]);
        store
            .with_tx(|tx| commit_quarter(tx, q("FY2027-Q2"), now()))
            .unwrap();
        let open = review(store.conn(), q("FY2027-Q2")).unwrap();
        let suggested: Vec<(&str, Option<Outcome>)> = open
            .items
            .iter()
            .map(|i| (i.item.title.as_str(), i.suggested))
            .collect();
        assert_eq!(
            suggested,
            [("done", Some(Outcome::Delivered)), ("open", None)]
        );
        assert!(!open.closed);
        assert!(open.diff.as_ref().unwrap().is_empty());
        let item = open.items[1].item.id;
        store
            .with_tx(|tx| {
                close_quarter(
                    tx,
                    q("FY2027-Q2"),
                    &BTreeMap::from([(item, Outcome::Slipped)]),
                    now(),
                )
            })
            .unwrap();
        let closed = review(store.conn(), q("FY2027-Q2")).unwrap();
        assert!(closed.closed);
        assert_eq!(closed.predictability.unwrap().ratio, Some(0.5));
    }
}
