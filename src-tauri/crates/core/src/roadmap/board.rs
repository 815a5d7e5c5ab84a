//! The roadmap board's read model (quarters as columns, teams as rows, cards with what they
//! depend on) and the dependency warnings shown on its cards and on a scenario's comparison:
//! planned before what it needs, or needing a cancelled initiative.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde::Serialize;

use crate::roadmap::initiative::{Dependency, Initiative, InitiativeStatus};
use crate::store::entity;
use crate::values::quarter::FiscalQuarter;
use crate::Result;

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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::roadmap::fixtures::{org, q, team, titled};
    use crate::test_clock::now;
    use crate::Store;

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
}
