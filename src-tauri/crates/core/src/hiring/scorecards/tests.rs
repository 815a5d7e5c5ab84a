//! Tests of the scorecard rules: the blind rule in the core API, drafts and submission checks,
//! and amendments kept in the audit log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::hiring::fixtures::{org, Org};
use crate::test_clock::now;

fn filled(org: &Org, dims: &[usize], scores: &[i64]) -> ScorecardInput {
    ScorecardInput {
        ratings: dims
            .iter()
            .zip(scores)
            .map(|(&d, &score)| RatingInput {
                dimension_id: org.dimensions[d],
                score: Some(score),
                evidence: format!("Evidence {score}"),
            })
            .collect(),
        strong_signals: "Clear trade-offs".into(),
        red_flags: String::new(),
        recommendation: Some(Recommendation::Yes),
    }
}

#[test]
fn the_blind_rule_holds_in_the_core_api() {
    let mut org = org();
    let candidate = org.candidate("Ada Example", "2026-09-03");
    let ines = org.interview(candidate, "Ines Duarte", &[0, 2]);
    let ravi = org.interview(candidate, "Ravi Shankar", &[1]);
    let input = filled(&org, &[1], &[4]);
    org.store
        .with_tx(|tx| submit(tx, "Ravi Shankar", ravi, &input, now()))
        .unwrap();

    let draft = ScorecardInput {
        ratings: vec![RatingInput {
            dimension_id: org.dimensions[0],
            score: Some(5),
            evidence: String::new(),
        }],
        ..Default::default()
    };
    org.store
        .with_tx(|tx| save_draft(tx, "ines duarte ", ines, &draft, now()))
        .unwrap();
    let blind = panel_cards(org.store.conn(), "Ines Duarte", candidate).unwrap_err();
    assert_eq!(blind.kind(), "conflict");
    assert!(
        blind.to_string().contains("blind until submitted"),
        "{blind}"
    );

    // Ravi submitted: he reads submitted cards only, never Ines's draft.
    let seen = panel_cards(org.store.conn(), "Ravi Shankar", candidate).unwrap();
    assert_eq!(
        seen.iter().map(|c| c.seat.interview_id).collect::<Vec<_>>(),
        vec![ravi]
    );
    // Nobody opens someone else's card.
    assert_eq!(
        open_card(org.store.conn(), "Ravi Shankar", ines)
            .unwrap_err()
            .kind(),
        "conflict"
    );

    let input = filled(&org, &[0, 2], &[5, 3]);
    org.store
        .with_tx(|tx| submit(tx, "Ines Duarte", ines, &input, now()))
        .unwrap();
    assert_eq!(
        panel_cards(org.store.conn(), "Ines Duarte", candidate)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn drafts_keep_partial_input_and_submission_enforces_the_rules() {
    let mut org = org();
    let candidate = org.candidate("Ada Example", "2026-09-03");
    let interview = org.interview(candidate, "Ines", &[0, 2]);
    let (d0, d2) = (org.dimensions[0], org.dimensions[2]);
    let draft = ScorecardInput {
        ratings: vec![
            RatingInput {
                dimension_id: d0,
                score: Some(5),
                evidence: String::new(),
            },
            RatingInput {
                dimension_id: d2,
                score: None,
                evidence: "Named SLOs first".into(),
            },
        ],
        ..Default::default()
    };
    let card = org
        .store
        .with_tx(|tx| save_draft(tx, "Ines", interview, &draft, now()))
        .unwrap();
    assert_eq!(card.seat.status, CardStatus::Draft);
    assert_eq!(
        (
            card.dimensions[0].score,
            card.dimensions[1].evidence.as_str()
        ),
        (Some(5), "Named SLOs first")
    );

    let out_of_range = ScorecardInput {
        ratings: vec![RatingInput {
            dimension_id: d0,
            score: Some(6),
            evidence: "x".into(),
        }],
        ..Default::default()
    };
    let err = org
        .store
        .with_tx(|tx| save_draft(tx, "Ines", interview, &out_of_range, now()))
        .unwrap_err();
    assert_eq!(err.field(), Some(rating_field(d0, "score").as_str()));

    let mut input = draft.clone();
    input.ratings[1].score = Some(3);
    input.recommendation = Some(Recommendation::StrongYes);
    let err = org
        .store
        .with_tx(|tx| submit(tx, "Ines", interview, &input, now()))
        .unwrap_err();
    assert_eq!(
        err.field(),
        Some(rating_field(d0, "evidence").as_str()),
        "a 5 needs evidence"
    );
    input.ratings[0].evidence = "Served with a latency budget and rollback".into();
    input.recommendation = None;
    let err = org
        .store
        .with_tx(|tx| submit(tx, "Ines", interview, &input, now()))
        .unwrap_err();
    assert_eq!(err.field(), Some("recommendation"));
    input.recommendation = Some(Recommendation::StrongYes);
    let card = org
        .store
        .with_tx(|tx| submit(tx, "Ines", interview, &input, now()))
        .unwrap();
    assert_eq!(card.seat.status, CardStatus::Submitted);
    let again = org
        .store
        .with_tx(|tx| save_draft(tx, "Ines", interview, &input, now()))
        .unwrap_err();
    assert_eq!(again.kind(), "conflict");
}

#[test]
fn amend_keeps_the_original_in_the_audit_log() {
    let mut org = org();
    let candidate = org.candidate("Ada Example", "2026-09-03");
    let interview = org.interview(candidate, "Ines", &[0]);
    let original = filled(&org, &[0], &[3]);
    let card = org
        .store
        .with_tx(|tx| submit(tx, "Ines", interview, &original, now()))
        .unwrap();
    let card_id = card.scorecard_id.unwrap();

    // The generic record API cannot change a submitted card: the database refuses.
    let mut row: Scorecard = entity::get(org.store.conn(), card_id).unwrap();
    row.red_flags = "edited behind the panel's back".into();
    assert!(org
        .store
        .with_tx(|tx| entity::update(tx, row, now()))
        .is_err());

    let mut changed = filled(&org, &[0], &[4]);
    changed.ratings[0].evidence = "Re-read notes: rollback plan was complete".into();
    let no_reason = org
        .store
        .with_tx(|tx| amend(tx, "Ines", interview, &changed, " ", now()))
        .unwrap_err();
    assert_eq!(no_reason.field(), Some("reason"));
    let amended = org
        .store
        .with_tx(|tx| amend(tx, "Ines", interview, &changed, "Typo in the rating", now()))
        .unwrap();
    assert_eq!(amended.dimensions[0].score, Some(4));
    assert_eq!(amended.submitted_at, card.submitted_at);
    assert_eq!(amended.amendments.len(), 1);
    assert_eq!(amended.amendments[0].reason, "Typo in the rating");

    let before: String = org
        .store
        .conn()
        .query_row(
            "SELECT before FROM change WHERE entity = 'scorecard' AND entity_id = ?1 ORDER BY id DESC LIMIT 1",
            [card_id],
            |r| r.get(0),
        )
        .unwrap();
    let kept: CardRecord = entity::from_json(&before).unwrap();
    assert_eq!(kept.ratings[0].score, 3);
    assert_eq!(kept.ratings[0].evidence, "Evidence 3");
}
