//! Tests of scenarios: edits stay out of the plan until promoted, discard, untouched rows
//! following the plan, refused edits and the dependency warnings of a move.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use rusqlite::Connection;

use super::*;
use crate::org::{Position, PositionStatus};
use crate::roadmap::fixtures::{org, q, seat, team, titled};
use crate::roadmap::initiative::{Dependency, Initiative, InitiativeStatus};
use crate::roadmap::{board, capacity};
use crate::store::entity;
use crate::test_clock::{day, now};
use crate::{Result, Store};

struct Org {
    a: i64,
    b: i64,
    filled: i64,
    planned: i64,
    x: i64,
    y: i64,
}

/// Team A: a filled seat all year and a planned seat from 2027-02-01, both 365,000.00 a
/// year (100,000 minor a day in FY2027); initiatives X (20 pw) and Y (10 pw) in FY2027-Q2.
fn plan() -> (Store, Org) {
    let mut store = org();
    let ids = store
        .with_tx(|tx| {
            let (a, b) = (team(tx, "A", 0, 0)?, team(tx, "B", 0, 0)?);
            let add = |mut s: Position| {
                s.loaded_cost_minor = 36_500_000;
                entity::insert(tx, s, now()).map(|p| p.id)
            };
            let filled = add(seat(
                a,
                PositionStatus::Filled,
                Some("2020-01-06"),
                None,
                100,
                0,
            ))?;
            let planned = add(seat(
                a,
                PositionStatus::Planned,
                Some("2027-02-01"),
                None,
                100,
                0,
            ))?;
            let x = titled(tx, "X", a, "FY2027-Q2", 20.0, InitiativeStatus::Committed)?.id;
            let y = titled(tx, "Y", a, "FY2027-Q2", 10.0, InitiativeStatus::Committed)?.id;
            Ok(Org {
                a,
                b,
                filled,
                planned,
                x,
                y,
            })
        })
        .unwrap();
    (store, ids)
}

/// Every plan row, to prove a scenario did not touch them.
fn plan_rows(store: &Store) -> String {
    let conn = store.conn();
    let positions: Vec<Position> = entity::list(conn).unwrap();
    let initiatives: Vec<Initiative> = entity::list(conn).unwrap();
    serde_json::to_string(&(positions, initiatives)).unwrap()
}

fn figures_of<'a>(c: &'a Comparison, team_id: i64, quarter: &str) -> &'a ComparisonRow {
    c.rows
        .iter()
        .find(|r| r.team_id == team_id && r.quarter == q(quarter))
        .unwrap()
}

#[test]
fn edits_leave_the_plan_untouched_until_promoted() {
    let (mut store, o) = plan();
    let before = plan_rows(&store);
    let id = store
        .with_tx(|tx| {
            let s = create(tx, " Hire later ", "", now())?;
            resize_initiative(tx, s.id, o.x, 25.0, now())?;
            move_initiative(tx, s.id, o.y, o.b, q("FY2027-Q3"), now())?;
            remove_seat(
                tx,
                s.id,
                SeatRef::Plan {
                    position_id: o.planned,
                },
                now(),
            )?;
            let mut hire = seat(
                o.a,
                PositionStatus::Planned,
                Some("2027-03-01"),
                None,
                100,
                0,
            );
            hire.loaded_cost_minor = 36_500_000;
            add_seat(tx, s.id, hire, now())?;
            // The filled seat's holder leaves on 2027-03-17 in this scenario.
            set_seat_dates(
                tx,
                s.id,
                SeatRef::Plan {
                    position_id: o.filled,
                },
                Some(day("2020-01-06")),
                Some(day("2027-03-17")),
                now(),
            )?;
            Ok(s.id)
        })
        .unwrap();
    assert_eq!(
        plan_rows(&store),
        before,
        "the plan changed before promotion"
    );
    assert_eq!(scenarios(store.conn()).unwrap()[0].name, "Hire later");

    let view = view(store.conn(), id).unwrap();
    assert_eq!(
        view.removed.iter().map(|p| p.id).collect::<Vec<_>>(),
        [o.planned]
    );
    assert_eq!(view.seats.iter().filter(|s| s.changed).count(), 2);
    assert_eq!(view.initiatives.iter().filter(|i| i.changed).count(), 2);

    let c = compare(store.conn(), id, &[q("FY2027-Q2"), q("FY2027-Q3")]).unwrap();
    let a = figures_of(&c, o.a, "FY2027-Q2");
    // Plan, Q2 (90 days): the filled seat 90 days + the planned seat Feb 1–Mar 31, 59 days.
    assert_eq!(a.plan.capacity_pw, 149.0 / 7.0);
    assert_eq!((a.plan.demand_pw, a.plan.cost_minor), (30.0, 14_900_000));
    // Scenario: the filled seat to Mar 17 (76 days) + the added seat from Mar 1 (31 days);
    // X resized to 25, Y moved away.
    assert_eq!(a.scenario.capacity_pw, 107.0 / 7.0);
    assert_eq!(
        (a.scenario.demand_pw, a.scenario.cost_minor),
        (25.0, 10_700_000)
    );
    assert_eq!(a.scenario.balance_pw, 107.0 / 7.0 - 25.0);
    let b = figures_of(&c, o.b, "FY2027-Q3");
    assert_eq!((b.plan.demand_pw, b.scenario.demand_pw), (0.0, 10.0));
    let scenario_q2 = a.scenario.clone();

    let promoted = store.with_tx(|tx| promote(tx, id, now())).unwrap();
    assert_eq!(
        promoted,
        Promoted {
            initiatives_changed: 2,
            seats_changed: 1,
            seats_removed: 1,
            seats_added: 1
        }
    );
    assert_ne!(plan_rows(&store), before);
    assert!(scenarios(store.conn()).unwrap().is_empty());
    // The plan now computes what the scenario showed.
    let now_plan = capacity::capacity(store.conn(), q("FY2027-Q2")).unwrap();
    let a_now = now_plan.teams.iter().find(|t| t.team_id == o.a).unwrap();
    assert_eq!(
        (a_now.capacity_pw, a_now.demand_pw),
        (scenario_q2.capacity_pw, scenario_q2.demand_pw)
    );
    let y: Initiative = entity::get(store.conn(), o.y).unwrap();
    assert_eq!((y.team_id, y.quarter), (o.b, q("FY2027-Q3")));
    // The planned seat went and the added one came (SQLite may reuse the freed id).
    let starts: Vec<Option<NaiveDate>> = entity::list::<Position>(store.conn())
        .unwrap()
        .iter()
        .map(|p| p.start_date)
        .collect();
    assert_eq!(starts, [Some(day("2020-01-06")), Some(day("2027-03-01"))]);
    let leaves: Position = entity::get(store.conn(), o.filled).unwrap();
    assert_eq!(leaves.end_date, Some(day("2027-03-17")));
}

#[test]
fn discard_drops_the_changes_and_keeps_the_plan() {
    let (mut store, o) = plan();
    let before = plan_rows(&store);
    store
        .with_tx(|tx| {
            let s = create(tx, "Cut Y", "", now())?;
            resize_initiative(tx, s.id, o.y, 0.0, now())?;
            discard(tx, s.id, now()).map(|_| ())
        })
        .unwrap();
    assert_eq!(plan_rows(&store), before);
    let left: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM scenario_initiative", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn untouched_rows_follow_the_plan_and_edits_are_checked() {
    let (mut store, o) = plan();
    let s = store
        .with_tx(|tx| create(tx, "What if", "", now()))
        .unwrap();
    // A re-estimate in the plan after the scenario was made shows in the scenario.
    store
        .with_tx(|tx| {
            let mut x: Initiative = entity::get(tx, o.x)?;
            x.effort_pw = 22.0;
            entity::update(tx, x, now()).map(|_| ())
        })
        .unwrap();
    let c = compare(store.conn(), s.id, &[q("FY2027-Q2")]).unwrap();
    assert_eq!(figures_of(&c, o.a, "FY2027-Q2").scenario.demand_pw, 32.0);

    let refused = |store: &mut Store, work: &dyn Fn(&Connection) -> Result<()>| {
        store.with_tx(|tx| work(tx)).unwrap_err()
    };
    let err = refused(&mut store, &|tx| {
        remove_seat(
            tx,
            s.id,
            SeatRef::Plan {
                position_id: o.filled,
            },
            now(),
        )
    });
    assert_eq!(err.kind(), "conflict");
    let err = refused(&mut store, &|tx| {
        add_seat(
            tx,
            s.id,
            seat(
                o.a,
                PositionStatus::Filled,
                Some("2027-03-01"),
                None,
                100,
                0,
            ),
            now(),
        )
        .map(|_| ())
    });
    assert_eq!(err.field(), Some("status"));
    let err = refused(&mut store, &|tx| {
        resize_initiative(tx, s.id, o.x, -1.0, now()).map(|_| ())
    });
    assert_eq!(err.field(), Some("effort_pw"));
    let err = refused(&mut store, &|tx| {
        move_initiative(tx, s.id, o.x, 999, q("FY2027-Q3"), now()).map(|_| ())
    });
    assert_eq!(err.field(), Some("team_id"));
    let err = refused(&mut store, &|tx| {
        set_seat_dates(
            tx,
            s.id,
            SeatRef::Plan {
                position_id: o.filled,
            },
            Some(day("2027-03-01")),
            Some(day("2027-02-01")),
            now(),
        )
    });
    assert_eq!(err.field(), Some("end_date"));
    // Another scenario's added seat is not this one's to change.
    let other = store
        .with_tx(|tx| {
            let other = create(tx, "Other", "", now())?;
            add_seat(
                tx,
                other.id,
                seat(o.a, PositionStatus::Open, None, None, 100, 3),
                now(),
            )
        })
        .unwrap();
    let err = refused(&mut store, &|tx| {
        remove_seat(tx, s.id, SeatRef::Added { seat_id: other.id }, now())
    });
    assert_eq!(err.kind(), "not_found");
    let err = store
        .with_tx(|tx| create(tx, "Other", "", now()))
        .unwrap_err();
    assert_eq!(err.field(), Some("name"));
}

#[test]
fn a_move_that_breaks_a_dependency_is_warned() {
    let (mut store, o) = plan();
    let s = store
        .with_tx(|tx| {
            entity::insert(
                tx,
                Dependency {
                    id: 0,
                    initiative_id: o.y,
                    depends_on_id: o.x,
                },
                now(),
            )?;
            let s = create(tx, "Early Y", "", now())?;
            move_initiative(tx, s.id, o.x, o.a, q("FY2027-Q3"), now())?;
            Ok(s)
        })
        .unwrap();
    let c = compare(store.conn(), s.id, &[q("FY2027-Q2")]).unwrap();
    assert_eq!(c.warnings.len(), 1);
    assert_eq!(c.warnings[0].initiative_id, o.y);
    assert!(board::dependency_warnings(store.conn()).unwrap().is_empty());
}
