//! The brief's own charts, from figures the brief has already read: the quarter's spend against
//! budget, and capacity against demand around it (the unit-cost trend and the hiring funnel are
//! the report's).

use quartermaster_core::finops::unit_cost::budget::BudgetVsActual;
use quartermaster_core::roadmap::capacity::TeamCapacity;
use quartermaster_core::values::money::{minor_to_decimal, Currency};
use quartermaster_core::values::quarter::FiscalQuarter;
use rust_decimal::prelude::ToPrimitive;

use crate::chart::{Chart, ChartKind, Series};
use crate::finops::budget_scope;

/// Budget lines a chart shows side by side before it gets crowded.
const BUDGET_BARS: usize = 6;

/// Budget and actual spend of the quarter's budgets, side by side: the category budgets when
/// there are any (they do not overlap), else every budget; the largest few.
pub fn spend_against_budget(
    quarter: FiscalQuarter,
    currency: Currency,
    all: &[BudgetVsActual],
) -> Chart {
    let by_category: Vec<_> = all
        .iter()
        .filter(|b| b.team.is_none() && b.category.is_some() && b.currency == currency)
        .collect();
    let mut lines = if by_category.is_empty() {
        all.iter().filter(|b| b.currency == currency).collect()
    } else {
        by_category
    };
    lines.sort_by(|a, b| {
        b.budget_minor
            .cmp(&a.budget_minor)
            .then(a.budget_id.cmp(&b.budget_id))
    });
    lines.truncate(BUDGET_BARS);
    let amount = |minor: i64| minor_to_decimal(minor, currency).to_f64();
    Chart {
        title: format!("Spend against budget, {quarter}"),
        slug: "spend_against_budget".into(),
        y_label: currency.as_str().to_string(),
        kind: ChartKind::Bars,
        categories: lines.iter().map(|b| budget_scope(b)).collect(),
        series: vec![
            Series {
                name: "Budget".into(),
                values: lines.iter().map(|b| amount(b.budget_minor)).collect(),
            },
            Series {
                name: "Actual".into(),
                values: lines.iter().map(|b| amount(b.actual_minor)).collect(),
            },
        ],
        target: None,
        warn: None,
        annotations: Vec::new(),
    }
}

/// Roadmap capacity against demand of `quarters`, in person-weeks, from every team's rows.
pub fn capacity_against_demand(quarters: &[FiscalQuarter], teams: &[TeamCapacity]) -> Chart {
    let sum = |q: FiscalQuarter,
               f: fn(&quartermaster_core::roadmap::capacity::TeamCapacity) -> f64| {
        Some(teams.iter().filter(|t| t.quarter == q).map(f).sum::<f64>())
    };
    let labels: Vec<String> = quarters.iter().map(|q| q.to_string()).collect();
    Chart {
        title: format!(
            "Capacity against demand, {} to {}",
            labels.first().map(String::as_str).unwrap_or(""),
            labels.last().map(String::as_str).unwrap_or("")
        ),
        slug: "capacity_against_demand".into(),
        y_label: "person-weeks".into(),
        kind: ChartKind::Bars,
        categories: labels,
        series: vec![
            Series {
                name: "Capacity".into(),
                values: quarters
                    .iter()
                    .map(|q| sum(*q, |t| t.capacity_pw))
                    .collect(),
            },
            Series {
                name: "Demand".into(),
                values: quarters.iter().map(|q| sum(*q, |t| t.demand_pw)).collect(),
            },
        ],
        target: None,
        warn: None,
        annotations: Vec::new(),
    }
}
