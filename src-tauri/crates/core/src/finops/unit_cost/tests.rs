//! Unit tests of the unit-cost figures: the page adds up and matches each figure computed on
//! its own, and unit costs round half away from zero.

use super::budget::budget_vs_actual;
use super::page::unit_costs_page;
use super::spend_by::{spend_by, SpendBy, UNALLOCATED};
use super::*;
use crate::values::month::month_start;
use crate::Error;

#[test]
fn a_unit_costs_page_adds_up_and_keeps_unallocated_spend_last() {
    let store = crate::demo::in_memory().unwrap();
    let conn = store.conn();
    let page = unit_costs_page(conn, None).unwrap();
    let month = page.month.clone().unwrap();
    assert_eq!(
        page.months.last(),
        Some(&month),
        "the latest month by default"
    );
    assert!(page.unit_costs.iter().all(|u| u.month == month));
    assert!(page.unit_costs.windows(2).all(|w| w[0].spend >= w[1].spend));
    assert_eq!(page.breakdowns.len(), 4);
    for breakdown in &page.breakdowns {
        let sum: Amount = breakdown.rows.iter().map(|r| r.effective_cost).sum();
        assert_eq!(
            sum, page.total_spend,
            "{:?} adds up to the month",
            breakdown.by
        );
        if let Some(at) = breakdown.rows.iter().position(|r| r.key == UNALLOCATED) {
            assert_eq!(at, breakdown.rows.len() - 1, "unallocated comes last");
        }
    }
    let calendar = settings::get(conn).unwrap().calendar().unwrap();
    let quarter = calendar.quarter_of(month_start(&month).unwrap());
    assert_eq!(page.quarter, Some(quarter));
    assert!(page.budgets.iter().all(|b| b.quarter == quarter));
    // One allocation serves every figure: each equals the figure computed on its own.
    assert_eq!(page.budgets, budget_vs_actual(conn, Some(quarter)).unwrap());
    assert_eq!(page.trends.unit_costs, unit_costs(conn, None).unwrap());
    assert_eq!(
        page.trends.spend_by_category,
        spend_by(conn, SpendBy::Category).unwrap()
    );
    let before = month_before(&month, 1);
    let earlier = unit_costs_page(conn, Some(&before)).unwrap();
    assert_eq!(earlier.month.as_deref(), Some(before.as_str()));
    assert_eq!(
        page.total_mom_percent,
        change_percent(Some(page.total_spend), Some(earlier.total_spend))
    );
    let org = org_unit_costs(conn).unwrap();
    let this = org.iter().find(|o| o.month == month).unwrap();
    assert_eq!(page.org_cost_per_1k_inferences, this.cost_per_1k_inferences);
    assert_eq!(page.org_cost_per_training_run, this.cost_per_training_run);
    assert!(matches!(
        unit_costs_page(conn, Some("2026-13x")),
        Err(Error::Invalid { .. })
    ));
}

#[test]
fn unit_costs_round_half_away_from_zero_and_need_units() {
    assert_eq!(
        per_unit(Decimal::new(1, 0), 3),
        Some(Amount(Decimal::new(333333, 6)))
    );
    assert_eq!(
        per_unit(Decimal::new(2, 0), 3),
        Some(Amount(Decimal::new(666667, 6)))
    );
    assert_eq!(per_unit(Decimal::ONE, 0), None);
    let pct = |a: i64, b: i64| {
        change_percent(
            Some(Amount(Decimal::from(a))),
            Some(Amount(Decimal::from(b))),
        )
    };
    assert_eq!(pct(90, 100), Some(Decimal::new(-100, 1)));
    assert_eq!(pct(5, 0), None);
}
