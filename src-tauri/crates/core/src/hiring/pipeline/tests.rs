//! Tests of the pipeline commands: opening requisitions, dated forward-only stage moves, the
//! hire that fills the position, and interview focus limited to the requisition's dimensions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::hiring::fixtures::org;
use crate::test_clock::{day, now};

#[test]
fn opening_a_requisition_marks_the_position_open_and_refuses_a_second() {
    let mut org = org();
    let position: Position = entity::get(org.store.conn(), org.position_id).unwrap();
    assert_eq!(position.status, PositionStatus::Open);
    let again = NewRequisition {
        position_id: org.position_id,
        title: "Again".into(),
        hiring_manager: String::new(),
        opened_on: day("2026-09-02"),
    };
    let err = org
        .store
        .with_tx(|tx| open_requisition(tx, again, now()))
        .unwrap_err();
    assert_eq!(err.kind(), "conflict");
}

#[test]
fn stage_transitions_keep_their_dates_and_only_move_forward() {
    let mut org = org();
    let id = org.candidate("Ada Example", "2026-09-03");
    org.move_to(id, Stage::Screen, "2026-09-10").unwrap();
    org.move_to(id, Stage::Onsite, "2026-09-24").unwrap();
    let back = org.move_to(id, Stage::Screen, "2026-09-25").unwrap_err();
    assert_eq!(back.field(), Some("stage"));
    let early = org.move_to(id, Stage::Debrief, "2026-09-20").unwrap_err();
    assert_eq!(early.field(), Some("changed_on"));
    let offer = org.move_to(id, Stage::Offer, "2026-10-01").unwrap_err();
    assert_eq!(offer.kind(), "conflict", "an offer needs a hire decision");
    let history: Vec<(Stage, NaiveDate)> = stage_history(org.store.conn(), id)
        .unwrap()
        .into_iter()
        .map(|c| (c.stage, c.changed_on))
        .collect();
    assert_eq!(
        history,
        vec![
            (Stage::Applied, day("2026-09-03")),
            (Stage::Screen, day("2026-09-10")),
            (Stage::Onsite, day("2026-09-24")),
        ]
    );
    org.move_to(id, Stage::Rejected, "2026-09-26").unwrap();
    assert_eq!(
        org.move_to(id, Stage::Debrief, "2026-09-27")
            .unwrap_err()
            .kind(),
        "conflict"
    );
}

#[test]
fn a_hire_fills_the_position_and_closes_the_requisition() {
    let mut org = org();
    let id = org.candidate("Ada Example", "2026-09-03");
    org.move_to(id, Stage::Debrief, "2026-09-30").unwrap();
    org.store
        .with_tx(|tx| {
            let decision = Decision {
                id: 0,
                candidate_id: id,
                outcome: DecisionOutcome::Hire,
                rationale: "Strong loop".into(),
                decided_on: day("2026-10-01"),
            };
            entity::insert(tx, decision, now())
        })
        .unwrap();
    org.move_to(id, Stage::Offer, "2026-10-02").unwrap();
    let hire = org
        .store
        .with_tx(|tx| hire(tx, id, day("2026-10-09"), day("2026-11-02"), now()))
        .unwrap();
    assert_eq!(hire.candidate.stage, Stage::Hired);
    assert_eq!(hire.position.status, PositionStatus::Filled);
    assert_eq!(hire.position.person, "Ada Example");
    assert_eq!(hire.position.start_date, Some(day("2026-11-02")));
    assert_eq!(hire.requisition.closed_on, Some(day("2026-10-09")));
}

#[test]
fn interview_focus_must_come_from_the_requisition_dimensions() {
    let mut org = org();
    let chosen: Vec<DimensionChoice> = org.dimensions[..3]
        .iter()
        .map(|&dimension_id| DimensionChoice {
            dimension_id,
            good_looks_like: String::new(),
        })
        .collect();
    let (requisition_id, outside) = (org.requisition_id, org.dimensions[5]);
    let dims = org
        .store
        .with_tx(|tx| set_requisition_dimensions(tx, requisition_id, &chosen, now()))
        .unwrap();
    assert_eq!(dims.len(), 3);
    let id = org.candidate("Ada Example", "2026-09-03");
    let new = NewInterview {
        interviewer: "Ines".into(),
        exercise: "Case".into(),
        scheduled_on: day("2026-09-20"),
        focus: vec![outside],
    };
    let err = org
        .store
        .with_tx(|tx| book_interview(tx, id, new, now()))
        .unwrap_err();
    assert_eq!(err.field(), Some("focus"));
    let steps = vec![NewLoopStep {
        exercise: "Incident review".into(),
        focus: vec![org.dimensions[2]],
        minutes: 45,
    }];
    let steps = org
        .store
        .with_tx(|tx| set_loop(tx, requisition_id, &steps, now()))
        .unwrap();
    let booking = LoopBooking {
        loop_step_id: steps[0].id,
        interviewer: "Ines".into(),
        scheduled_on: day("2026-09-20"),
    };
    let booked = org
        .store
        .with_tx(|tx| book_loop(tx, id, &[booking], now()))
        .unwrap();
    assert_eq!(booked[0].exercise, "Incident review");
    assert_eq!(booked[0].focus.0, vec![org.dimensions[2]]);
}
