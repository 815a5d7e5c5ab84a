//! A requisition's interview loop as its editor shows it: every dimension (chosen or not, with
//! the requisition's own description), the loop steps, and each candidate's booked interviews.

use rusqlite::Connection;
use serde::Serialize;

use crate::hiring::pipeline::{is_erased, loop_steps};
use crate::hiring::scorecards::{self, PanelSeat};
use crate::hiring::{Candidate, Dimension, LoopStep, Requisition, RequisitionDimension, Stage};
use crate::store::entity;
use crate::Result;

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
    pub interviews: Vec<PanelSeat>,
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
            interviews: scorecards::panel(conn, candidate.id)?,
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::hiring::fixtures::org;

    #[test]
    fn the_loop_view_uses_every_dimension_until_some_are_chosen_and_lists_booked_interviews() {
        let mut org = org();
        let ada = org.candidate("Ada Example", "2026-09-03");
        let bo = org.candidate("Bo Example", "2026-09-05");
        org.move_to(ada, Stage::Screen, "2026-09-10").unwrap();
        org.move_to(bo, Stage::Rejected, "2026-09-06").unwrap();
        org.interview(ada, "Ines", &[0]);

        let loops = loops(org.store.conn(), org.requisition_id).unwrap();
        assert!(loops.all_dimensions);
        assert_eq!(loops.dimensions.len(), 8);
        assert!(loops.dimensions.iter().all(|d| d.chosen));
        assert_eq!(loops.candidates[0].interviews.len(), 1);
        assert_eq!(loops.candidates[1].interviews.len(), 0);
    }
}
