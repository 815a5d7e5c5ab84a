//! Budget against actual per fiscal quarter: a team's, a category's or the organisation's
//! allocated spend in the budget's own currency, from spend allocated once.

use rusqlite::Connection;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::{named, spend, Spend};
use crate::finops::{Budget, Category};
use crate::store::entity;
use crate::values::money::{self, Currency};
use crate::values::quarter::FiscalQuarter;
use crate::{org::settings, Error, Result};

/// A budget next to the spend it covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetVsActual {
    pub budget_id: i64,
    pub quarter: FiscalQuarter,
    pub team_id: Option<i64>,
    pub team: Option<String>,
    pub category: Option<Category>,
    pub currency: Currency,
    pub budget_minor: i64,
    /// Allocated EffectiveCost in the quarter's months, rounded to the minor unit.
    pub actual_minor: i64,
    /// Budget minus actual: positive is under budget.
    pub variance_minor: i64,
    /// Actual against budget in percent (100 = exactly on budget); `None` for a zero budget.
    pub used_percent: Option<f64>,
    pub over_budget: bool,
}

/// Every budget (or those of one quarter) against its actual spend: the team's allocated spend,
/// the category's, both, or (neither set) the whole organisation's, unallocated included.
pub fn budget_vs_actual(
    conn: &Connection,
    quarter: Option<FiscalQuarter>,
) -> Result<Vec<BudgetVsActual>> {
    budget_vs_actual_in(conn, &spend(conn)?, quarter)
}

/// `budget_vs_actual` from spend already allocated.
pub fn budget_vs_actual_in(
    conn: &Connection,
    spend: &Spend,
    quarter: Option<FiscalQuarter>,
) -> Result<Vec<BudgetVsActual>> {
    let calendar = settings::get(conn)?.calendar()?;
    let teams = named(conn, "SELECT id, name FROM team")?;
    let budgets: Vec<Budget> = match quarter {
        Some(q) => entity::list_where(conn, "quarter = ?1", [q.to_string()])?,
        None => entity::list(conn)?,
    };
    let mut out = Vec::with_capacity(budgets.len());
    for budget in budgets {
        let months: Vec<String> = calendar
            .months(budget.quarter)
            .iter()
            .map(|(y, m)| format!("{y:04}-{m:02}"))
            .collect();
        let actual: Decimal = spend
            .all
            .iter()
            .filter(|s| s.currency == budget.currency.as_str() && months.contains(&s.month))
            .filter(|s| budget.team_id.is_none() || s.allocation.team_id == budget.team_id)
            .filter(|s| budget.category.is_none() || s.allocation.category == budget.category)
            .map(|s| s.effective_cost)
            .sum();
        let rounded = actual.round_dp_with_strategy(
            budget.currency.minor_digits(),
            RoundingStrategy::MidpointAwayFromZero,
        );
        let actual_minor = money::decimal_to_minor(rounded, budget.currency).map_err(|_| {
            Error::Conflict(format!(
                "the spend of {} is too large to report",
                budget.quarter
            ))
        })?;
        let used_percent = (budget.amount_minor > 0)
            .then(|| actual_minor as f64 * 100.0 / budget.amount_minor as f64);
        out.push(BudgetVsActual {
            budget_id: budget.id,
            quarter: budget.quarter,
            team_id: budget.team_id,
            team: budget.team_id.and_then(|t| teams.get(&t).cloned()),
            category: budget.category,
            currency: budget.currency,
            budget_minor: budget.amount_minor,
            actual_minor,
            variance_minor: budget.amount_minor - actual_minor,
            used_percent,
            over_budget: actual_minor > budget.amount_minor,
        });
    }
    out.sort_by_key(|b| (b.quarter, b.team_id, b.category, b.budget_id));
    Ok(out)
}
