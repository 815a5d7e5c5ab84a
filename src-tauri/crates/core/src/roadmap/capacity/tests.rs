//! Tests of capacity: ramp-up, part-time seats, leavers and planned hires at quarter edges, and capacity against demand from the store.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::roadmap::fixtures::{initiative, org, q, seat, team};
use crate::roadmap::plan::{ramp_curve, set_ramp_curve};
use crate::store::entity;
use crate::test_clock::now;
use crate::{demo, Store};

const LINEAR: RampCurve = RampCurve::Linear;
const HALF: RampCurve = RampCurve::Step { percent: 50 };

fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

// The calendar of every case: fiscal years from October, so FY2027-Q1 is 2026-10-01 to
// 2026-12-31 (92 days) and FY2027-Q2 is 2027-01-01 to 2027-03-31 (90 days).
fn weeks(seat: &Position, quarter: FiscalQuarter, ramp: RampCurve) -> f64 {
    let calendar = crate::values::quarter::FiscalCalendar::new(10).unwrap();
    seat_weeks(
        seat,
        calendar.first_day(quarter),
        calendar.last_day(quarter),
        ramp,
    )
}

#[test]
fn ramp_up_across_a_quarter_boundary() {
    // Starts 2026-12-01 with a 3-month ramp: it ends 2027-03-01, 31 + 31 + 28 = 90 days on.
    let hire = seat(1, PositionStatus::Filled, Some("2026-12-01"), None, 100, 3);
    // Linear. Q1 holds offsets [0, 31): 31² / (2 × 90) = 961/180 productive days.
    close(weeks(&hire, q("FY2027-Q1"), LINEAR), 961.0 / 180.0 / 7.0); // 0.7627 pw
                                                                      // Q2 holds the rest of the ramp, [31, 90): (90² − 31²) / 180 = 7139/180 days,
                                                                      // then March at full speed, 31 days.
    close(
        weeks(&hire, q("FY2027-Q2"), LINEAR),
        (7139.0 / 180.0 + 31.0) / 7.0,
    ); // 10.0944 pw
       // Over the whole ramp exactly half its 90 days is lost.
    let both = weeks(&hire, q("FY2027-Q1"), LINEAR) + weeks(&hire, q("FY2027-Q2"), LINEAR);
    close(both, (45.0 + 31.0) / 7.0);
    // Step at 50 %: Q1 31 × 0.5 = 15.5 days; Q2 59 × 0.5 + 31 = 60.5 days.
    close(weeks(&hire, q("FY2027-Q1"), HALF), 15.5 / 7.0);
    close(weeks(&hire, q("FY2027-Q2"), HALF), 60.5 / 7.0);
    // From Q3 on, full speed: 2027-04-01..06-30 is 91 days.
    close(weeks(&hire, q("FY2027-Q3"), LINEAR), 91.0 / 7.0);
}

#[test]
fn part_time_allocation() {
    // Half of a long-ramped person: Q2's 90 days × 50 % = 45 days.
    let part = seat(1, PositionStatus::Filled, Some("2020-01-06"), None, 50, 3);
    close(weeks(&part, q("FY2027-Q2"), LINEAR), 45.0 / 7.0); // 6.4286 pw
}

#[test]
fn a_leaver_mid_quarter() {
    // Leaves 2026-11-15 (last day included): October 31 days + 15 November days = 46 days.
    let leaver = seat(
        1,
        PositionStatus::Leaving,
        Some("2019-05-01"),
        Some("2026-11-15"),
        100,
        3,
    );
    close(weeks(&leaver, q("FY2027-Q1"), LINEAR), 46.0 / 7.0); // 6.5714 pw
    close(weeks(&leaver, q("FY2027-Q2"), LINEAR), 0.0);
}

#[test]
fn a_planned_hire_starting_on_the_last_day_of_a_quarter() {
    // Without ramp-up: one day of FY2027-Q1, then all 90 days of Q2.
    let hire = seat(1, PositionStatus::Planned, Some("2026-12-31"), None, 100, 0);
    close(weeks(&hire, q("FY2027-Q1"), LINEAR), 1.0 / 7.0);
    close(weeks(&hire, q("FY2027-Q2"), LINEAR), 90.0 / 7.0);
    // With 3 months linear: the ramp ends 2027-03-31, 90 days on. Q1 holds offsets
    // [0, 1): 1/180 day. Q2 holds [1, 90) in the ramp, (8100 − 1)/180 days, plus March 31.
    let ramped = seat(1, PositionStatus::Planned, Some("2026-12-31"), None, 100, 3);
    close(weeks(&ramped, q("FY2027-Q1"), LINEAR), 1.0 / 180.0 / 7.0);
    close(
        weeks(&ramped, q("FY2027-Q2"), LINEAR),
        (8099.0 / 180.0 + 1.0) / 7.0,
    );
    // The next day is outside the quarter: nothing in FY2026-Q4.
    close(weeks(&ramped, q("FY2026-Q4"), LINEAR), 0.0);
}

#[test]
fn open_and_planned_seats_without_a_date_add_nothing() {
    let open = seat(1, PositionStatus::Open, None, None, 100, 3);
    close(weeks(&open, q("FY2027-Q2"), LINEAR), 0.0);
    // A filled seat with no recorded start is simply there, already ramped.
    let filled = seat(1, PositionStatus::Filled, None, None, 100, 3);
    close(weeks(&filled, q("FY2027-Q2"), LINEAR), 90.0 / 7.0);
}

#[test]
fn team_capacity_demand_and_gap_from_the_store() {
    let mut store = org();
    store
        .with_tx(|tx| {
            // 15 % KTLO + 10 % leave: the team keeps a quarter of its weeks.
            let small = team(tx, "Small", 15, 10)?;
            let other = team(tx, "Other", 0, 0)?;
            let now = now();
            for s in [
                // 90 days in Q2.
                seat(
                    small,
                    PositionStatus::Filled,
                    Some("2020-01-06"),
                    None,
                    100,
                    3,
                ),
                // 45 days (half time).
                seat(
                    small,
                    PositionStatus::Filled,
                    Some("2021-01-04"),
                    None,
                    50,
                    3,
                ),
                // Leaves 2027-02-14: January 31 + 14 = 45 days.
                seat(
                    small,
                    PositionStatus::Leaving,
                    Some("2019-01-07"),
                    Some("2027-02-14"),
                    100,
                    3,
                ),
                // No date: nothing.
                seat(small, PositionStatus::Open, None, None, 100, 3),
            ] {
                entity::insert(tx, s, now)?;
            }
            initiative(tx, small, "FY2027-Q2", 20.0, InitiativeStatus::Committed)?;
            initiative(tx, small, "FY2027-Q2", 10.0, InitiativeStatus::Proposed)?;
            initiative(tx, small, "FY2027-Q2", 50.0, InitiativeStatus::Cancelled)?;
            initiative(tx, small, "FY2027-Q3", 7.0, InitiativeStatus::Proposed)?;
            initiative(tx, other, "FY2027-Q2", 1.0, InitiativeStatus::Committed)?;
            Ok(())
        })
        .unwrap();
    let report = capacity(store.conn(), q("FY2027-Q2")).unwrap();
    let names: Vec<&str> = report.teams.iter().map(|t| t.team.as_str()).collect();
    assert_eq!(names, ["Other", "Small"]);
    let small = &report.teams[1];
    // (90 + 45 + 45) days = 180/7 = 25.714 pw available; 25 % of it kept = 6.429 pw.
    close(small.available_pw, 180.0 / 7.0);
    close(small.allowance_pw, 45.0 / 7.0);
    close(small.capacity_pw, 135.0 / 7.0); // 19.286 pw
                                           // Committed 20 + proposed 10; the cancelled 50 and next quarter's 7 do not count.
    close(small.demand_pw, 30.0);
    close(small.balance_pw, 135.0 / 7.0 - 30.0); // −10.714 pw
    close(small.gap_pw, 30.0 - 135.0 / 7.0);
    assert!(small.over_allocated);
    let other = &report.teams[0];
    assert_eq!(
        (other.capacity_pw, other.demand_pw, other.gap_pw),
        (0.0, 1.0, 1.0)
    );
    close(report.total.capacity_pw, 135.0 / 7.0);
    close(report.total.demand_pw, 31.0);
    close(report.total.balance_pw, 135.0 / 7.0 - 31.0);
    close(report.total.gap_pw, 31.0 - 135.0 / 7.0);
}

#[test]
fn ramp_curve_setting_round_trips_and_changes_capacity() {
    let mut store = org();
    assert_eq!(ramp_curve(store.conn()).unwrap(), RampCurve::Linear);
    let err = store
        .with_tx(|tx| set_ramp_curve(tx, RampCurve::Step { percent: 120 }, now()))
        .unwrap_err();
    assert_eq!(err.field(), Some("percent"));
    store.with_tx(|tx| set_ramp_curve(tx, HALF, now())).unwrap();
    assert_eq!(ramp_curve(store.conn()).unwrap(), HALF);
    let audited: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM change WHERE entity = 'capacity_settings'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
}

#[test]
fn demo_recommendations_is_over_committed_in_fy2027_q2() {
    let mut store = Store::open_in_memory().unwrap();
    store.with_tx(|tx| demo::create(tx)).unwrap();
    let report = capacity(store.conn(), q("FY2027-Q2")).unwrap();
    let recs = report
        .teams
        .iter()
        .find(|t| t.team == "Recommendations")
        .unwrap();
    assert!(recs.over_allocated, "{recs:?}");
    assert!(recs.gap_pw > 10.0, "{recs:?}");
    assert_eq!(report.teams.len(), 7);
    assert!(report.teams.iter().filter(|t| t.over_allocated).count() < 7);
}
