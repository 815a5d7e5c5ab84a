//! The quarterly roadmap: initiatives, their dependencies, and plans frozen at quarter start.

use rusqlite::Connection;

use crate::store::entity::{self, Timestamp, Validate};
use crate::values::quarter::FiscalQuarter;
use crate::{entity, store::rules, text_enum, Error, Result};

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

/// Moves initiative `id` to `team_id` and `quarter`, placing it at `rank` in that quarter (1
/// first; `None` or a rank past the end puts it last), and renumbers the ranks of the quarter
/// it left and the quarter it joined as 1, 2, 3… in their order. Every changed row is audited;
/// run it in one transaction. Returns the moved initiative as stored.
pub fn move_initiative(
    conn: &Connection,
    id: i64,
    team_id: i64,
    quarter: FiscalQuarter,
    rank: Option<i64>,
    now: Timestamp,
) -> Result<Initiative> {
    let original: Initiative = entity::get(conn, id)?;
    crate::store::capture::label(conn, &format!("Move initiative «{}»", original.title))?;
    let from = original.quarter;
    let ranked = |quarter: FiscalQuarter| -> Result<Vec<Initiative>> {
        let mut rows: Vec<Initiative> = entity::list_where(
            conn,
            "quarter = ?1 AND id <> ?2",
            rusqlite::params![quarter, id],
        )?;
        rows.sort_by_key(|i| (i.rank, i.id));
        Ok(rows)
    };
    let mut target = ranked(quarter)?;
    let at = rank.map_or(target.len(), |r| {
        usize::try_from(r.saturating_sub(1))
            .unwrap_or(0)
            .min(target.len())
    });
    let mut moved = original.clone();
    moved.team_id = team_id;
    moved.quarter = quarter;
    target.insert(at, moved);
    let mut result = original.clone();
    let mut renumber = |rows: Vec<Initiative>| -> Result<()> {
        for (position, mut initiative) in (1_i64..).zip(rows) {
            let is_moved = initiative.id == id;
            let changed = initiative.rank != position || (is_moved && initiative != original);
            initiative.rank = position;
            if changed {
                initiative = entity::update(conn, initiative, now)?;
            }
            if is_moved {
                result = initiative;
            }
        }
        Ok(())
    };
    renumber(target)?;
    if from != quarter {
        renumber(ranked(from)?)?;
    }
    Ok(result)
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::roadmap::fixtures::{org, q, team, titled};
    use crate::test_clock::now;

    fn order(conn: &Connection, quarter: &str) -> Vec<(String, i64, i64)> {
        let mut rows: Vec<Initiative> =
            entity::list_where(conn, "quarter = ?1", [quarter]).unwrap();
        rows.sort_by_key(|i| (i.rank, i.id));
        rows.into_iter()
            .map(|i| (i.title, i.team_id, i.rank))
            .collect()
    }

    #[test]
    fn move_renumbers_both_quarters_and_audits_the_move() {
        let mut store = org();
        let (a, b, ids) = store
            .with_tx(|tx| {
                let (a, b) = (team(tx, "A", 0, 0)?, team(tx, "B", 0, 0)?);
                let mut ids = Vec::new();
                for (title, team_id, quarter) in [
                    ("one", a, "FY2027-Q2"),
                    ("two", b, "FY2027-Q2"),
                    ("three", a, "FY2027-Q2"),
                    ("next", a, "FY2027-Q3"),
                ] {
                    let mut i =
                        titled(tx, title, team_id, quarter, 1.0, InitiativeStatus::Proposed)?;
                    i.rank = ids.len() as i64 + 1;
                    ids.push(entity::update(tx, i, now())?.id);
                }
                Ok((a, b, ids))
            })
            .unwrap();
        let changes = |store: &crate::Store| -> i64 {
            store
                .conn()
                .query_row(
                    "SELECT count(*) FROM change WHERE entity = 'initiative'",
                    [],
                    |r| r.get(0),
                )
                .unwrap()
        };
        let before = changes(&store);
        // "one" goes to team B in FY2027-Q3, first.
        let moved = store
            .with_tx(|tx| move_initiative(tx, ids[0], b, q("FY2027-Q3"), Some(1), now()))
            .unwrap();
        assert_eq!(
            (moved.team_id, moved.quarter, moved.rank),
            (b, q("FY2027-Q3"), 1)
        );
        let owned = |v: &[(&str, i64, i64)]| -> Vec<(String, i64, i64)> {
            v.iter()
                .map(|(t, team, r)| (t.to_string(), *team, *r))
                .collect()
        };
        assert_eq!(
            order(store.conn(), "FY2027-Q2"),
            owned(&[("two", b, 1), ("three", a, 2)])
        );
        assert_eq!(
            order(store.conn(), "FY2027-Q3"),
            owned(&[("one", b, 1), ("next", a, 2)])
        );
        // The move, two renumbered in Q2 and one in Q3.
        assert_eq!(changes(&store) - before, 4);
        // Up one within the quarter; no rank given puts it last; past the end too.
        store
            .with_tx(|tx| move_initiative(tx, ids[2], a, q("FY2027-Q2"), Some(1), now()))
            .unwrap();
        assert_eq!(
            order(store.conn(), "FY2027-Q2"),
            owned(&[("three", a, 1), ("two", b, 2)])
        );
        store
            .with_tx(|tx| move_initiative(tx, ids[2], a, q("FY2027-Q3"), None, now()))
            .unwrap();
        assert_eq!(
            order(store.conn(), "FY2027-Q3"),
            owned(&[("one", b, 1), ("next", a, 2), ("three", a, 3)])
        );
        assert_eq!(order(store.conn(), "FY2027-Q2"), owned(&[("two", b, 1)]));
        // Nothing changes, nothing is written.
        let quiet = changes(&store);
        store
            .with_tx(|tx| move_initiative(tx, ids[1], b, q("FY2027-Q2"), Some(9), now()))
            .unwrap();
        assert_eq!(changes(&store), quiet);
        // An unknown team is refused and the whole move rolled back.
        let err = store
            .with_tx(|tx| move_initiative(tx, ids[1], 999, q("FY2027-Q3"), Some(1), now()))
            .unwrap_err();
        assert_eq!(err.field(), Some("team_id"));
        assert_eq!(order(store.conn(), "FY2027-Q2"), owned(&[("two", b, 1)]));
    }
}
