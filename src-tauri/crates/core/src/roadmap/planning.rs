//! The quarter's life cycle: commit (freeze a snapshot), close (record how each committed
//! initiative ended), predictability, the diff of the plan against a snapshot, and the
//! dependency warnings of the board.
//!
//! Snapshots are immutable: this module offers no way to change one, and migration 0003's
//! triggers refuse any write to a frozen row except recording a missing outcome once.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::Connection;
use serde::Serialize;

use crate::roadmap::initiative::{
    self, Dependency, Initiative, InitiativeStatus, Outcome, QuarterSnapshot, SnapshotItem,
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

fn is_committed(initiative: &Initiative) -> bool {
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

fn existing_snapshot(conn: &Connection, quarter: FiscalQuarter) -> Result<Snapshot> {
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

fn outcome_of(status: InitiativeStatus) -> Option<Outcome> {
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

/// What is wrong with a dependency as planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// Planned in a quarter before the quarter of the initiative it depends on.
    PlannedBeforeDependency,
    /// Depends on a cancelled initiative.
    DependsOnCancelled,
}

/// A warning shown on an initiative's card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DependencyWarning {
    pub kind: WarningKind,
    pub initiative_id: i64,
    pub depends_on_id: i64,
    pub message: String,
}

/// Warnings for every dependency of `initiatives`, in dependency order. Initiatives that are
/// themselves cancelled or delivered raise none: nothing is left to plan for them.
pub fn warnings_for(
    initiatives: &[Initiative],
    dependencies: &[Dependency],
) -> Vec<DependencyWarning> {
    let by_id: HashMap<i64, &Initiative> = initiatives.iter().map(|i| (i.id, i)).collect();
    let mut warnings = Vec::new();
    for dependency in dependencies {
        let (Some(initiative), Some(needed)) = (
            by_id.get(&dependency.initiative_id),
            by_id.get(&dependency.depends_on_id),
        ) else {
            continue;
        };
        if matches!(
            initiative.status,
            InitiativeStatus::Cancelled | InitiativeStatus::Delivered
        ) {
            continue;
        }
        let (kind, message) = if needed.status == InitiativeStatus::Cancelled {
            (
                WarningKind::DependsOnCancelled,
                format!(
                    "{:?} depends on {:?}, which was cancelled",
                    initiative.title, needed.title
                ),
            )
        } else if initiative.quarter < needed.quarter {
            (
                WarningKind::PlannedBeforeDependency,
                format!(
                    "{:?} is planned in {} but depends on {:?}, planned in {}",
                    initiative.title, initiative.quarter, needed.title, needed.quarter
                ),
            )
        } else {
            continue;
        };
        warnings.push(DependencyWarning {
            kind,
            initiative_id: initiative.id,
            depends_on_id: needed.id,
            message,
        });
    }
    warnings
}

/// The dependency warnings of the current plan.
pub fn dependency_warnings(conn: &Connection) -> Result<Vec<DependencyWarning>> {
    Ok(warnings_for(&entity::list(conn)?, &entity::list(conn)?))
}

/// A dependency of a card as the board lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardDependency {
    pub id: i64,
    pub title: String,
    pub quarter: FiscalQuarter,
    pub status: InitiativeStatus,
}

/// An initiative on the board, what it depends on, and what is wrong with that.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardCard {
    pub initiative: Initiative,
    pub depends_on: Vec<BoardDependency>,
    pub warnings: Vec<DependencyWarning>,
}

/// A team row of the board.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardTeam {
    pub id: i64,
    pub name: String,
}

/// The roadmap board: quarters as columns, teams as rows (plan order), the cards of those
/// quarters in rank order, and each team's capacity, demand and balance per quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Board {
    pub quarters: Vec<FiscalQuarter>,
    pub teams: Vec<BoardTeam>,
    pub cards: Vec<BoardCard>,
    /// One per team and quarter, as [`crate::roadmap::capacity::compute`] orders them.
    pub capacity: Vec<crate::roadmap::capacity::TeamCapacity>,
}

/// The board of `quarters`, read from the plan in one pass so every figure agrees.
pub fn board(conn: &Connection, quarters: &[FiscalQuarter]) -> Result<Board> {
    let plan = crate::roadmap::plan::Plan::load(conn)?;
    let dependencies: Vec<Dependency> = entity::list(conn)?;
    let warnings = warnings_for(&plan.initiatives, &dependencies);
    let by_id: HashMap<i64, &Initiative> = plan.initiatives.iter().map(|i| (i.id, i)).collect();
    let shown: HashSet<FiscalQuarter> = quarters.iter().copied().collect();
    let mut cards: Vec<BoardCard> = plan
        .initiatives
        .iter()
        .filter(|i| shown.contains(&i.quarter))
        .map(|initiative| BoardCard {
            initiative: initiative.clone(),
            depends_on: dependencies
                .iter()
                .filter(|d| d.initiative_id == initiative.id)
                .filter_map(|d| by_id.get(&d.depends_on_id))
                .map(|needed| BoardDependency {
                    id: needed.id,
                    title: needed.title.clone(),
                    quarter: needed.quarter,
                    status: needed.status,
                })
                .collect(),
            warnings: warnings
                .iter()
                .filter(|w| w.initiative_id == initiative.id)
                .cloned()
                .collect(),
        })
        .collect();
    cards.sort_by_key(|c| (c.initiative.quarter, c.initiative.rank, c.initiative.id));
    Ok(Board {
        quarters: quarters.to_vec(),
        teams: plan
            .teams
            .iter()
            .map(|t| BoardTeam {
                id: t.id,
                name: t.name.clone(),
            })
            .collect(),
        capacity: crate::roadmap::capacity::compute(&plan, quarters),
        cards,
    })
}

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
    use super::*;
    use crate::roadmap::fixtures::{now, org, q, team, titled};
    use crate::Store;

    struct Board {
        a: i64,
        b: i64,
        ids: BTreeMap<&'static str, i64>,
    }

    /// FY2027-Q2 with five committed initiatives and one proposed, committed at `now`.
    fn committed_board() -> (Store, Board) {
        let mut store = org();
        let board = store
            .with_tx(|tx| {
                let (a, b) = (team(tx, "A", 0, 0)?, team(tx, "B", 0, 0)?);
                let mut ids = BTreeMap::new();
                for (key, team_id, effort, status) in [
                    ("estimate", a, 10.0, InitiativeStatus::Committed),
                    ("later", a, 20.0, InitiativeStatus::Committed),
                    ("handover", a, 5.0, InitiativeStatus::InProgress),
                    ("idea", b, 8.0, InitiativeStatus::Proposed),
                    ("cancel", b, 12.0, InitiativeStatus::Committed),
                    ("delete", b, 3.0, InitiativeStatus::Committed),
                ] {
                    ids.insert(
                        key,
                        titled(tx, key, team_id, "FY2027-Q2", effort, status)?.id,
                    );
                }
                commit_quarter(tx, q("FY2027-Q2"), now())?;
                Ok(Board { a, b, ids })
            })
            .unwrap();
        (store, board)
    }

    fn edit(store: &mut Store, id: i64, change: impl FnOnce(&mut Initiative)) {
        store
            .with_tx(|tx| {
                let mut initiative: Initiative = entity::get(tx, id)?;
                change(&mut initiative);
                entity::update(tx, initiative, now()).map(|_| ())
            })
            .unwrap();
    }

    #[test]
    fn commit_freezes_the_committed_initiatives_only_once() {
        let (mut store, board) = committed_board();
        let snapshot = snapshot(store.conn(), q("FY2027-Q2")).unwrap().unwrap();
        let titles: Vec<&str> = snapshot.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(
            titles,
            ["estimate", "later", "handover", "cancel", "delete"]
        );
        assert!(!snapshot.is_closed());
        // Right after committing the plan and the snapshot agree.
        assert!(diff_against_snapshot(store.conn(), q("FY2027-Q2"))
            .unwrap()
            .is_empty());
        let again = store
            .with_tx(|tx| commit_quarter(tx, q("FY2027-Q2"), now()))
            .unwrap_err();
        assert_eq!(again.kind(), "conflict");
        let empty = store
            .with_tx(|tx| commit_quarter(tx, q("FY2027-Q3"), now()))
            .unwrap_err();
        assert_eq!(empty.field(), Some("quarter"));
        assert!(board.ids.contains_key("idea"));
    }

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
    fn close_records_outcomes_and_predictability() {
        let (mut store, board) = committed_board();
        let id = |key: &str| board.ids[key];
        edit(&mut store, id("handover"), |i| {
            i.status = InitiativeStatus::Delivered
        });
        edit(&mut store, id("cancel"), |i| {
            i.status = InitiativeStatus::Cancelled
        });
        store
            .with_tx(|tx| entity::delete::<Initiative>(tx, id("delete"), now()).map(|_| ()))
            .unwrap();
        let items = snapshot(store.conn(), q("FY2027-Q2"))
            .unwrap()
            .unwrap()
            .items;
        let item = |title: &str| items.iter().find(|i| i.title == title).unwrap().id;

        // Open quarter: "handover" delivered and "cancel" cancelled so far, 3 pending.
        let open = predictability(store.conn(), q("FY2027-Q2"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (open.committed, open.delivered, open.cancelled, open.pending),
            (5, 1, 1, 3)
        );
        assert_eq!(open.ratio, Some(0.2));
        assert!(!open.closed);

        // "later" and "delete" have no outcome to derive: refused, naming them.
        let partial = BTreeMap::from([(item("estimate"), Outcome::Delivered)]);
        let err = store
            .with_tx(|tx| close_quarter(tx, q("FY2027-Q2"), &partial, now()))
            .unwrap_err();
        assert_eq!(err.field(), Some("outcomes"));
        assert!(err.message().ends_with("later; delete"), "{err}");

        let outcomes = BTreeMap::from([
            (item("estimate"), Outcome::Delivered),
            (item("later"), Outcome::Slipped),
            (item("delete"), Outcome::Cancelled),
        ]);
        let closed = store
            .with_tx(|tx| close_quarter(tx, q("FY2027-Q2"), &outcomes, now()))
            .unwrap();
        assert!(closed.is_closed());
        let recorded: Vec<(&str, Option<Outcome>)> = closed
            .items
            .iter()
            .map(|i| (i.title.as_str(), i.outcome))
            .collect();
        assert_eq!(
            recorded,
            [
                ("estimate", Some(Outcome::Delivered)),
                ("later", Some(Outcome::Slipped)),
                ("handover", Some(Outcome::Delivered)),
                ("cancel", Some(Outcome::Cancelled)),
                ("delete", Some(Outcome::Cancelled)),
            ]
        );
        let status = |key: &str| {
            entity::get::<Initiative>(store.conn(), id(key))
                .unwrap()
                .status
        };
        assert_eq!(status("estimate"), InitiativeStatus::Delivered);
        assert_eq!(status("later"), InitiativeStatus::Slipped);

        // Delivered 2 (estimate, handover) of 5 committed = 40 %.
        let p = predictability(store.conn(), q("FY2027-Q2"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (p.committed, p.delivered, p.slipped, p.cancelled, p.pending),
            (5, 2, 1, 2, 0)
        );
        assert_eq!(p.ratio, Some(0.4));
        assert!(p.closed);
        assert_eq!(predictability(store.conn(), q("FY2027-Q3")).unwrap(), None);

        let twice = store
            .with_tx(|tx| close_quarter(tx, q("FY2027-Q2"), &outcomes, now()))
            .unwrap_err();
        assert_eq!(twice.kind(), "conflict");
    }

    #[test]
    fn a_snapshot_cannot_be_changed() {
        let (mut store, board) = committed_board();
        let snap = snapshot(store.conn(), q("FY2027-Q2")).unwrap().unwrap();
        let first = snap.items[0].clone();
        let refused = |store: &mut Store, sql: &str| {
            let err = store.with_tx(|tx| Ok(tx.execute(sql, [])?)).unwrap_err();
            assert!(
                err.to_string().contains("snapshot is immutable"),
                "{sql}: {err}"
            );
        };
        refused(&mut store, "UPDATE snapshot_item SET title = 'other'");
        refused(
            &mut store,
            "UPDATE snapshot_item SET effort_pw = effort_pw + 1",
        );
        refused(
            &mut store,
            &format!(
                "UPDATE snapshot_item SET team_id = {} WHERE team_id = {}",
                board.b, board.a
            ),
        );
        refused(&mut store, "DELETE FROM snapshot_item");
        refused(
            &mut store,
            "UPDATE quarter_snapshot SET quarter = 'FY2027-Q3'",
        );
        refused(
            &mut store,
            "UPDATE quarter_snapshot SET frozen_at = '2027-01-01T00:00:00Z'",
        );
        refused(&mut store, "DELETE FROM quarter_snapshot");
        // Items cannot be slipped in after the commit.
        refused(
            &mut store,
            &format!(
                "INSERT INTO snapshot_item (snapshot_id, title, effort_pw, created_at, updated_at)
                 VALUES ({}, 'sneaked in', 1.0, '2027-02-01T00:00:00Z', '2027-02-01T00:00:00Z')",
                snap.snapshot.id
            ),
        );
        // Through the typed store as well.
        let mut changed = first.clone();
        changed.effort_pw = 99.0;
        assert!(store
            .with_tx(|tx| entity::update(tx, changed, now()))
            .is_err());
        // An outcome is recorded once and then stays.
        let mut delivered = first.clone();
        delivered.outcome = Some(Outcome::Delivered);
        store
            .with_tx(|tx| entity::update(tx, delivered, now()))
            .unwrap();
        refused(
            &mut store,
            &format!(
                "UPDATE snapshot_item SET outcome = 'slipped' WHERE id = {}",
                first.id
            ),
        );
        refused(
            &mut store,
            &format!(
                "UPDATE snapshot_item SET outcome = NULL WHERE id = {}",
                first.id
            ),
        );
        // The plan row itself may still go: the item keeps its title and effort.
        let initiative = first.initiative_id.unwrap();
        store
            .with_tx(|tx| entity::delete::<Initiative>(tx, initiative, now()).map(|_| ()))
            .unwrap();
        let after = snapshot(store.conn(), q("FY2027-Q2")).unwrap().unwrap();
        assert_eq!(after.items[0].initiative_id, None);
        assert_eq!(
            (after.items[0].title.as_str(), after.items[0].effort_pw),
            ("estimate", 10.0)
        );
        assert_eq!(after.items.len(), snap.items.len());
    }

    #[test]
    fn dependency_warnings_on_the_board() {
        let mut store = org();
        store
            .with_tx(|tx| {
                let t = team(tx, "T", 0, 0)?;
                let add = |title: &str, quarter: &str, status| {
                    titled(tx, title, t, quarter, 1.0, status).map(|i| i.id)
                };
                use InitiativeStatus::*;
                let early = add("early", "FY2027-Q2", Committed)?;
                let platform = add("platform", "FY2027-Q3", Committed)?;
                let orphan = add("orphan", "FY2027-Q3", Proposed)?;
                let cancelled = add("cancelled", "FY2027-Q2", Cancelled)?;
                let after = add("after", "FY2027-Q4", Proposed)?;
                let same = add("same", "FY2027-Q3", Proposed)?;
                let gave_up = add("gave up", "FY2027-Q1", Cancelled)?;
                for (initiative_id, depends_on_id) in [
                    (early, platform),   // Q2 before Q3: warned
                    (orphan, cancelled), // depends on a cancelled one: warned
                    (after, platform),   // Q4 after Q3: fine
                    (same, platform),    // same quarter: fine
                    (gave_up, platform), // itself cancelled: nothing to warn about
                ] {
                    entity::insert(
                        tx,
                        Dependency {
                            id: 0,
                            initiative_id,
                            depends_on_id,
                        },
                        now(),
                    )?;
                }
                Ok(())
            })
            .unwrap();
        let warnings = dependency_warnings(store.conn()).unwrap();
        let kinds: Vec<(WarningKind, &str)> = warnings
            .iter()
            .map(|w| (w.kind, w.message.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    WarningKind::PlannedBeforeDependency,
                    r#""early" is planned in FY2027-Q2 but depends on "platform", planned in FY2027-Q3"#
                ),
                (
                    WarningKind::DependsOnCancelled,
                    r#""orphan" depends on "cancelled", which was cancelled"#
                ),
            ]
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

    #[test]
    fn board_holds_cards_dependencies_warnings_and_capacity() {
        let mut store = Store::open_in_memory().unwrap();
        store.with_tx(|tx| crate::demo::create(tx)).unwrap();
        let quarters = [q("FY2027-Q2"), q("FY2027-Q3")];
        let board = board(store.conn(), &quarters).unwrap();
        assert_eq!(board.capacity.len(), 2 * board.teams.len());
        assert_eq!(
            board.capacity,
            crate::roadmap::capacity::plan_capacity(store.conn(), &quarters).unwrap()
        );
        let in_quarters: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM initiative WHERE quarter IN ('FY2027-Q2', 'FY2027-Q3')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(board.cards.len() as i64, in_quarters);
        let ranks: Vec<(FiscalQuarter, i64)> = board
            .cards
            .iter()
            .map(|c| (c.initiative.quarter, c.initiative.rank))
            .collect();
        let mut sorted = ranks.clone();
        sorted.sort();
        assert_eq!(ranks, sorted);
        let all_warnings = dependency_warnings(store.conn()).unwrap();
        let on_cards: usize = board.cards.iter().map(|c| c.warnings.len()).sum();
        let shown: HashSet<i64> = board.cards.iter().map(|c| c.initiative.id).collect();
        assert_eq!(
            on_cards,
            all_warnings
                .iter()
                .filter(|w| shown.contains(&w.initiative_id))
                .count()
        );
        let deps: i64 = board.cards.iter().map(|c| c.depends_on.len() as i64).sum();
        assert!(deps > 0, "the demo's board lists dependencies");
    }

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
