//! Tests of the quarter's cycle: commit freezes once, close records outcomes and predictability, snapshots are immutable.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::roadmap::diff::diff_against_snapshot;
use crate::roadmap::fixtures::{committed_board, edit, q};
use crate::test_clock::now;
use crate::Store;

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
