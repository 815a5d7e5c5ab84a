//! The diff of the current plan against a quarter's snapshot: what was added to the
//! commitment, dropped from it, moved to another team or quarter, or re-estimated since the
//! quarter was committed.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde::Serialize;

use crate::roadmap::cycle::{existing_snapshot, is_committed};
use crate::roadmap::initiative::{Initiative, InitiativeStatus, SnapshotItem};
use crate::store::entity;
use crate::values::quarter::FiscalQuarter;
use crate::Result;

/// An initiative in the plan's commitment for the quarter that the snapshot does not hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Added {
    pub initiative_id: i64,
    pub title: String,
    pub team_id: i64,
    pub effort_pw: f64,
}

/// Why a snapshot item is no longer in the quarter's commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    Deleted,
    Cancelled,
    /// Back to proposed.
    Uncommitted,
}

/// A snapshot item no longer in the quarter's commitment (and not moved elsewhere).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dropped {
    pub initiative_id: Option<i64>,
    pub title: String,
    pub team_id: Option<i64>,
    pub effort_pw: f64,
    pub reason: DropReason,
}

/// A snapshot item now planned in another quarter or for another team.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moved {
    pub initiative_id: i64,
    pub title: String,
    pub from_team_id: Option<i64>,
    pub to_team_id: i64,
    pub from_quarter: FiscalQuarter,
    pub to_quarter: FiscalQuarter,
}

/// A snapshot item whose effort estimate changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReEstimated {
    pub initiative_id: i64,
    pub title: String,
    pub from_pw: f64,
    pub to_pw: f64,
}

/// How the current plan differs from a quarter's snapshot. An initiative can be both moved
/// and re-estimated; a cancelled one is dropped wherever it went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDiff {
    pub quarter: FiscalQuarter,
    pub added: Vec<Added>,
    pub dropped: Vec<Dropped>,
    pub moved: Vec<Moved>,
    pub re_estimated: Vec<ReEstimated>,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.dropped.is_empty()
            && self.moved.is_empty()
            && self.re_estimated.is_empty()
    }
}

/// The diff of the current plan against the snapshot of `quarter`.
pub fn diff_against_snapshot(conn: &Connection, quarter: FiscalQuarter) -> Result<PlanDiff> {
    let snapshot = existing_snapshot(conn, quarter)?;
    let initiatives: HashMap<i64, Initiative> = entity::list::<Initiative>(conn)?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    Ok(diff(quarter, &snapshot.items, &initiatives))
}

fn diff(
    quarter: FiscalQuarter,
    items: &[SnapshotItem],
    initiatives: &HashMap<i64, Initiative>,
) -> PlanDiff {
    let mut result = PlanDiff {
        quarter,
        added: vec![],
        dropped: vec![],
        moved: vec![],
        re_estimated: vec![],
    };
    for item in items {
        let current = item.initiative_id.and_then(|id| initiatives.get(&id));
        let reason = match current {
            None => Some(DropReason::Deleted),
            Some(i) if i.status == InitiativeStatus::Cancelled => Some(DropReason::Cancelled),
            Some(i) if i.status == InitiativeStatus::Proposed => Some(DropReason::Uncommitted),
            Some(_) => None,
        };
        let (Some(initiative), None) = (current, reason) else {
            result.dropped.push(Dropped {
                initiative_id: item.initiative_id,
                title: item.title.clone(),
                team_id: item.team_id,
                effort_pw: item.effort_pw,
                reason: reason.unwrap_or(DropReason::Deleted),
            });
            continue;
        };
        if initiative.quarter != quarter || Some(initiative.team_id) != item.team_id {
            result.moved.push(Moved {
                initiative_id: initiative.id,
                title: initiative.title.clone(),
                from_team_id: item.team_id,
                to_team_id: initiative.team_id,
                from_quarter: quarter,
                to_quarter: initiative.quarter,
            });
        }
        if initiative.effort_pw != item.effort_pw {
            result.re_estimated.push(ReEstimated {
                initiative_id: initiative.id,
                title: initiative.title.clone(),
                from_pw: item.effort_pw,
                to_pw: initiative.effort_pw,
            });
        }
    }
    let frozen: HashSet<i64> = items.iter().filter_map(|i| i.initiative_id).collect();
    let mut added: Vec<&Initiative> = initiatives
        .values()
        .filter(|i| i.quarter == quarter && is_committed(i) && !frozen.contains(&i.id))
        .collect();
    added.sort_by_key(|i| i.id);
    result.added = added
        .into_iter()
        .map(|i| Added {
            initiative_id: i.id,
            title: i.title.clone(),
            team_id: i.team_id,
            effort_pw: i.effort_pw,
        })
        .collect();
    result
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::roadmap::cycle::predictability;
    use crate::roadmap::fixtures::{committed_board, edit, q, titled};
    use crate::test_clock::now;
    use crate::Store;

    #[test]
    fn diff_of_the_plan_against_the_snapshot() {
        let (mut store, board) = committed_board();
        let id = |key: &str| board.ids[key];
        edit(&mut store, id("estimate"), |i| i.effort_pw = 14.0);
        edit(&mut store, id("later"), |i| i.quarter = q("FY2027-Q3"));
        edit(&mut store, id("handover"), |i| {
            i.team_id = board.b;
            i.effort_pw = 6.0;
        });
        edit(&mut store, id("idea"), |i| {
            i.status = InitiativeStatus::Committed
        });
        edit(&mut store, id("cancel"), |i| {
            i.status = InitiativeStatus::Cancelled
        });
        let late = store
            .with_tx(|tx| {
                titled(
                    tx,
                    "late",
                    board.a,
                    "FY2027-Q2",
                    4.0,
                    InitiativeStatus::Committed,
                )
            })
            .unwrap();
        store
            .with_tx(|tx| entity::delete::<Initiative>(tx, id("delete"), now()).map(|_| ()))
            .unwrap();

        let diff = diff_against_snapshot(store.conn(), q("FY2027-Q2")).unwrap();
        let added: Vec<(i64, &str)> = diff
            .added
            .iter()
            .map(|a| (a.initiative_id, a.title.as_str()))
            .collect();
        assert_eq!(added, [(id("idea"), "idea"), (late.id, "late")]);
        let dropped: Vec<(&str, DropReason, Option<i64>)> = diff
            .dropped
            .iter()
            .map(|d| (d.title.as_str(), d.reason, d.initiative_id))
            .collect();
        assert_eq!(
            dropped,
            [
                ("cancel", DropReason::Cancelled, Some(id("cancel"))),
                ("delete", DropReason::Deleted, None)
            ]
        );
        let moved: Vec<(&str, Option<i64>, i64, String)> = diff
            .moved
            .iter()
            .map(|m| {
                (
                    m.title.as_str(),
                    m.from_team_id,
                    m.to_team_id,
                    m.to_quarter.to_string(),
                )
            })
            .collect();
        assert_eq!(
            moved,
            [
                ("later", Some(board.a), board.a, "FY2027-Q3".to_string()),
                ("handover", Some(board.a), board.b, "FY2027-Q2".to_string())
            ]
        );
        let re_estimated: Vec<(&str, f64, f64)> = diff
            .re_estimated
            .iter()
            .map(|r| (r.title.as_str(), r.from_pw, r.to_pw))
            .collect();
        assert_eq!(
            re_estimated,
            [("estimate", 10.0, 14.0), ("handover", 5.0, 6.0)]
        );
    }

    #[test]
    fn demo_quarters_have_snapshots_and_predictability() {
        let mut store = Store::open_in_memory().unwrap();
        store.with_tx(|tx| crate::demo::create(tx)).unwrap();
        let fy26q4 = predictability(store.conn(), q("FY2026-Q4"))
            .unwrap()
            .unwrap();
        assert!(fy26q4.closed && fy26q4.committed > 0, "{fy26q4:?}");
        let current = predictability(store.conn(), q("FY2027-Q1"))
            .unwrap()
            .unwrap();
        assert!(!current.closed);
        let diff = diff_against_snapshot(store.conn(), q("FY2027-Q1")).unwrap();
        // The chargeback fix was added after the commit.
        assert!(
            diff.added.iter().any(|a| a.title.contains("Chargeback")),
            "{diff:?}"
        );
    }
}
