//! The pipeline board, the hiring page's read model: requisitions (open first) with their
//! position, time to fill and candidates by stage, the funnel, time in stage, and the positions
//! a requisition may be opened on.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::hiring::metrics::{self, Funnel, StageTime, TimeToFill};
use crate::hiring::{is_final, Candidate, DecisionOutcome, Requisition, Stage};
use crate::org::{Position, PositionStatus, Team};
use crate::store::entity;
use crate::Result;

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
    pub time_to_fill: Option<TimeToFill>,
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
    pub funnel: Funnel,
    pub stage_times: Vec<StageTime>,
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
    let teams: BTreeMap<i64, String> = entity::list::<Team>(conn)?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let positions: BTreeMap<i64, Position> = entity::list::<Position>(conn)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let fills: BTreeMap<i64, TimeToFill> = metrics::time_to_fill(conn, today)?
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
        funnel: metrics::funnel(conn, None)?,
        stage_times: metrics::time_in_stage(conn, None, today)?,
        openable_positions,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::hiring::fixtures::org;
    use crate::test_clock::day;

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
    }
}
