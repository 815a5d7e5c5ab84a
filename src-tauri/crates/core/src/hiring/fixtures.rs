//! The hiring modules' shared test fixture: a small organisation with a planned position and
//! one open requisition, and terse helpers to add candidates, book interviews and move stages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::hiring::pipeline::{
    add_candidate, book_interview, move_candidate, open_requisition, NewCandidate, NewInterview,
    NewRequisition,
};
use crate::hiring::{Candidate, Dimension, Stage};
use crate::org::settings::Settings;
use crate::org::{Position, PositionStatus, Team, TeamKind};
use crate::store::entity;
use crate::test_clock::{day, now};
use crate::values::money::Currency;
use crate::{org::setup, Result, Store};

pub struct Org {
    pub store: Store,
    pub position_id: i64,
    pub requisition_id: i64,
    pub dimensions: Vec<i64>,
}

/// A new organisation with a planned position and a requisition opened on 2026-09-01.
pub fn org() -> Org {
    org_in(Store::open_in_memory().unwrap())
}

pub fn org_in(mut store: Store) -> Org {
    let settings = Settings::new("Test Org", 10, "USD").unwrap();
    let (position_id, requisition_id) = store
        .with_tx(|tx| {
            setup::new_organisation(tx, &settings, now())?;
            let team = entity::insert(
                tx,
                Team {
                    id: 0,
                    name: "Platform".into(),
                    kind: TeamKind::Platform,
                    domain: String::new(),
                    parent_id: None,
                    ktlo_percent: 20,
                    leave_percent: 10,
                },
                now(),
            )?;
            let position = entity::insert(
                tx,
                Position {
                    id: 0,
                    team_id: team.id,
                    role: "Staff MLOps Engineer".into(),
                    level: "L6".into(),
                    status: PositionStatus::Planned,
                    person: String::new(),
                    start_date: None,
                    end_date: None,
                    allocation_percent: 100,
                    loaded_cost_minor: 0,
                    currency: "USD".parse::<Currency>()?,
                    ramp_months: 3,
                },
                now(),
            )?;
            let new = NewRequisition {
                position_id: position.id,
                title: "Staff MLOps Engineer".into(),
                hiring_manager: "Marcus".into(),
                opened_on: day("2026-09-01"),
            };
            Ok((position.id, open_requisition(tx, new, now())?.id))
        })
        .unwrap();
    let mut dimensions: Vec<Dimension> = entity::list(store.conn()).unwrap();
    dimensions.sort_by_key(|d| d.sort_order);
    Org {
        store,
        position_id,
        requisition_id,
        dimensions: dimensions.iter().map(|d| d.id).collect(),
    }
}

impl Org {
    pub fn candidate(&mut self, name: &str, applied_on: &str) -> i64 {
        let new = NewCandidate {
            requisition_id: self.requisition_id,
            name: name.into(),
            source: "referral".into(),
            applied_on: day(applied_on),
        };
        self.store
            .with_tx(|tx| add_candidate(tx, new, now()))
            .unwrap()
            .id
    }

    pub fn interview(&mut self, candidate_id: i64, interviewer: &str, focus: &[usize]) -> i64 {
        let new = NewInterview {
            interviewer: interviewer.into(),
            exercise: "Architecture case study".into(),
            scheduled_on: day("2026-10-20"),
            focus: focus.iter().map(|&i| self.dimensions[i]).collect(),
        };
        self.store
            .with_tx(|tx| book_interview(tx, candidate_id, new, now()))
            .unwrap()
            .id
    }

    pub fn move_to(&mut self, candidate_id: i64, stage: Stage, on: &str) -> Result<Candidate> {
        self.store
            .with_tx(|tx| move_candidate(tx, candidate_id, stage, day(on), now()))
    }
}
