//! Tests of the demo moved to other days: history ends last month, today falls in the current
//! quarter, and a later demo has the same shape and the same figures as the reference one.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::*;
use crate::hiring::{Decision, StageChange};
use crate::org::PositionStatus;
use crate::overview::overview;
use crate::Store;

fn date(text: &str) -> NaiveDate {
    dates::day(text).unwrap()
}

fn list<E: Entity>(store: &Store) -> Vec<E> {
    entity::list(store.conn()).unwrap()
}

/// `YYYY-MM` of every billing line's charge period, first and last.
fn billing_months(store: &Store) -> (String, String) {
    let months: Vec<String> = list::<CostLine>(store)
        .iter()
        .map(|l| l.charge_period_start.format("%Y-%m").to_string())
        .collect();
    (
        months.iter().min().unwrap().clone(),
        months.iter().max().unwrap().clone(),
    )
}

/// Billing lines and their effective cost per month of history, in order.
fn monthly_figures(store: &Store) -> Vec<(String, i64, Decimal)> {
    let mut months: BTreeMap<String, (i64, Decimal)> = BTreeMap::new();
    for line in list::<CostLine>(store) {
        let month = months
            .entry(line.charge_period_start.format("%Y-%m").to_string())
            .or_default();
        month.0 += 1;
        month.1 += line.effective_cost.0;
    }
    months
        .into_iter()
        .map(|(m, (n, cost))| (m, n, cost))
        .collect()
}

#[test]
fn a_demo_made_in_may_2027_bills_through_april() {
    let today = date("2027-05-20");
    let store = in_memory_on(today).unwrap();
    assert_eq!(
        billing_months(&store),
        ("2026-05".to_string(), "2027-04".to_string())
    );
    let usage_months: BTreeSet<String> =
        list::<Usage>(&store).into_iter().map(|u| u.month).collect();
    assert_eq!(usage_months.first().unwrap(), "2026-05");
    assert_eq!(usage_months.last().unwrap(), "2027-04");

    let headline = overview(store.conn(), today).unwrap();
    assert_eq!(headline.quarter, "FY2027-Q3");
    assert_eq!(headline.spend.month, "2027-04");
    assert!(headline.spend.spend_minor > 0, "{:?}", headline.spend);
    assert!(headline.spend.lines > 0);
    assert!(headline.spend.budget_minor.unwrap_or(0) > 0);
    assert!(!headline.committed.is_empty());
}

#[test]
fn a_later_demo_has_the_same_shape_and_figures() {
    let reference = in_memory().unwrap();
    let later_day = date("2027-05-20");
    let later = in_memory_on(later_day).unwrap();
    assert_eq!(
        summary(reference.conn()).unwrap(),
        summary(later.conn()).unwrap()
    );

    // The same billing, month for month, six months on.
    let (old, new) = (monthly_figures(&reference), monthly_figures(&later));
    assert_eq!(old.len(), 12);
    let without_month = |rows: &[(String, i64, Decimal)]| -> Vec<(i64, Decimal)> {
        rows.iter().map(|&(_, n, c)| (n, c)).collect()
    };
    assert_eq!(without_month(&old), without_month(&new));

    // The Overview reads the same, but for its dates.
    let a = overview(reference.conn(), reference_day().unwrap()).unwrap();
    let b = overview(later.conn(), later_day).unwrap();
    assert_eq!(
        (a.spend.month.as_str(), b.spend.month.as_str()),
        ("2026-10", "2027-04")
    );
    assert_eq!(a.spend.spend_minor, b.spend.spend_minor);
    assert_eq!(a.spend.budget_minor, b.spend.budget_minor);
    assert_eq!(a.spend.lines, b.spend.lines);
    assert_eq!(a.heads, b.heads);
    assert_eq!(a.hiring, b.hiring);
    assert_eq!(a.operations, b.operations);
    assert_eq!(a.production_by_tier, b.production_by_tier);
    assert_eq!(a.committed.len(), b.committed.len());
    assert_eq!(a.committed_effort_pw, b.committed_effort_pw);
    assert_eq!(
        (
            a.kpis_measured,
            a.kpis_on_target,
            a.kpis_near,
            a.kpis_off_target
        ),
        (
            b.kpis_measured,
            b.kpis_on_target,
            b.kpis_near,
            b.kpis_off_target
        )
    );
    let alerts = |o: &crate::overview::Overview| -> Vec<(String, f64)> {
        o.kpi_alerts
            .iter()
            .map(|k| (k.key.clone(), k.value))
            .collect()
    };
    assert_eq!(alerts(&a), alerts(&b));

    // The prose moves with the calendar.
    let titles: Vec<String> = list::<Risk>(&later).into_iter().map(|r| r.title).collect();
    assert!(
        titles.contains(&"Recommendations over-committed for FY2027-Q4".to_string()),
        "{titles:?}"
    );
}

#[test]
fn the_same_day_gives_the_same_file() {
    let day = date("2028-02-29");
    let first = in_memory_on(day).unwrap();
    let second = in_memory_on(day).unwrap();
    assert_eq!(
        super::tests::dump(first.conn()),
        super::tests::dump(second.conn())
    );
    assert_eq!(billing_months(&first).1, "2028-01");
}

/// Whatever the day within its quarter, the demo is current on it and nothing is in the future
/// that should be past.
#[test]
fn every_day_of_a_quarter_gets_a_current_demo() {
    for text in [
        "2027-01-01",
        "2027-02-14",
        "2027-03-31",
        "2029-08-31",
        "2026-12-05",
    ] {
        let today = date(text);
        let store = in_memory_on(today).unwrap();
        let calendar = crate::org::settings::get(store.conn())
            .unwrap()
            .calendar()
            .unwrap();
        let current = calendar.quarter_of(today);
        let last_month = if today.month() == 1 {
            format!("{}-12", today.year() - 1)
        } else {
            format!("{}-{:02}", today.year(), today.month() - 1)
        };
        assert_eq!(billing_months(&store).1, last_month, "{text}");

        let initiatives = list::<Initiative>(&store);
        let in_quarter = |q| initiatives.iter().filter(|i| i.quarter == q).count();
        assert!(
            in_quarter(current) >= 8,
            "{text}: current quarter {current}"
        );
        assert!(in_quarter(current.next()) >= 8, "{text}");
        assert!(in_quarter(current.prev()) >= 8, "{text}");
        let snapshots = list::<initiative::QuarterSnapshot>(&store);
        assert!(snapshots.iter().any(|s| s.quarter == current), "{text}");
        assert!(!snapshots.iter().any(|s| s.quarter > current), "{text}");
        let budgets = list::<Budget>(&store);
        assert!(
            budgets
                .iter()
                .any(|b| b.quarter == current && b.amount_minor > 0),
            "{text}"
        );

        for p in list::<Position>(&store) {
            match p.status {
                PositionStatus::Planned => assert!(p.start_date.unwrap() > today, "{text} {p:?}"),
                PositionStatus::Leaving => assert!(p.end_date.unwrap() > today, "{text} {p:?}"),
                PositionStatus::Filled => assert!(p.start_date.unwrap() <= today, "{text} {p:?}"),
                PositionStatus::Open => {}
            }
        }
        let now = at_time(today, 23, 59).unwrap();
        assert!(
            list::<Incident>(&store).iter().all(|i| i.started_at <= now),
            "{text}"
        );
        assert!(
            list::<StageChange>(&store)
                .iter()
                .all(|c| c.changed_on <= today),
            "{text}"
        );
        assert!(
            list::<Decision>(&store)
                .iter()
                .all(|d| d.decided_on <= today),
            "{text}"
        );
        let headline = overview(store.conn(), today).unwrap();
        assert!(
            headline.spend.spend_minor > 0,
            "{text}: {:?}",
            headline.spend
        );
    }
}

#[test]
fn prose_moves_quarter_labels_and_month_names() {
    let timeline = dates::Timeline::to(date("2027-05-20"), FISCAL_YEAR_START_MONTH).unwrap();
    assert_eq!(
        timeline.prose("Owner by December, plan for FY2027-Q2; Mayhem in DecemberX"),
        "Owner by June, plan for FY2027-Q4; Mayhem in DecemberX"
    );
    assert_eq!(timeline.period("2026-04").unwrap(), "2026-10");
    assert_eq!(timeline.period("FY2026-Q4").unwrap(), "FY2027-Q2");
    let same = dates::Timeline::to(reference_day().unwrap(), FISCAL_YEAR_START_MONTH).unwrap();
    assert_eq!(same.prose("by January, FY2027-Q3"), "by January, FY2027-Q3");
}
