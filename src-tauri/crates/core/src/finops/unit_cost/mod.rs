//! Unit costs from allocated spend: the organisation's spend allocated once ([`Spend`]), cost
//! per 1k inferences and per training run per model per month with month-over-month and
//! year-over-year change, and the organisation-wide unit-cost KPIs. Breakdowns, budgets and the
//! unit-cost page live in the submodules and derive from the same [`Spend`].
//!
//! Every figure is in the organisation's reporting currency, from EffectiveCost (what the
//! spend really cost after discounts and commitments), summed exactly; lines billed in other
//! currencies are counted, never converted.

pub mod budget;
pub mod page;
pub mod spend_by;

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::finops::allocation::cache;
use crate::finops::allocation::{AllocatedSpend, Allocator};
use crate::finops::rollup;
use crate::finops::Category;
use crate::values::amount::Amount;
use crate::values::money::Currency;
use crate::values::month::month_before;
use crate::{org::settings, Result};

/// Decimal places unit costs are rounded to (half away from zero).
pub const UNIT_COST_PLACES: u32 = 6;

/// One model's costs and usage in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitCost {
    pub model_id: i64,
    pub model: String,
    /// `YYYY-MM`.
    pub month: String,
    /// All spend allocated to the model, every category.
    pub spend: Amount,
    pub training_spend: Amount,
    pub inference_spend: Amount,
    pub storage_spend: Amount,
    pub data_spend: Amount,
    pub other_spend: Amount,
    pub inferences: i64,
    pub training_runs: i64,
    /// Inference spend per 1,000 inferences; `None` without inferences.
    pub cost_per_1k_inferences: Option<Amount>,
    /// Training spend per training run; `None` without runs.
    pub cost_per_training_run: Option<Amount>,
    /// Change in percent against the month before and the same month a year before.
    pub cost_per_1k_inferences_mom_percent: Option<Decimal>,
    pub cost_per_1k_inferences_yoy_percent: Option<Decimal>,
    pub cost_per_training_run_mom_percent: Option<Decimal>,
    pub cost_per_training_run_yoy_percent: Option<Decimal>,
}

/// Unit costs of every model and month, in the reporting currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitCosts {
    pub currency: String,
    pub rows: Vec<UnitCost>,
    /// Allocated spend in the currency that no model received (unallocated or model-less rules).
    pub spend_without_model: Amount,
    pub other_currency_lines: i64,
}

/// The organisation's allocated spend, and how many lines were in other currencies than the
/// reporting one. Allocating is the costly step over a million cost lines, so a page that shows
/// several figures allocates once and derives them all from this (the `*_in` functions).
pub struct Spend {
    currency: Currency,
    /// Every allocated row, in every currency: budgets are compared in their own currency.
    all: Vec<AllocatedSpend>,
    other_currency_lines: i64,
}

impl Spend {
    /// The rows in the reporting currency, the only ones unit costs and breakdowns sum.
    fn rows(&self) -> impl Iterator<Item = &AllocatedSpend> {
        self.all
            .iter()
            .filter(|row| row.currency == self.currency.as_str())
    }
}

/// The organisation's spend, allocated by the stored rules.
pub fn spend(conn: &Connection) -> Result<Spend> {
    let currency = settings::get(conn)?.currency;
    if !conn.is_readonly(rusqlite::MAIN_DB)? {
        // Billing that never had a rollup (the demo's) is summed into one once, then cached.
        let _ = rollup::roll_up_unrolled(conn);
    }
    let allocator = Allocator::stored(conn)?;
    let all = cache::stored_allocation(conn, &allocator)?;
    let other_currency_lines = all
        .iter()
        .filter(|row| row.currency != currency.as_str())
        .map(|row| row.lines)
        .sum();
    Ok(Spend {
        currency,
        all,
        other_currency_lines,
    })
}

/// Cost per 1k inferences and per training run of one model and month.
type UnitPair = (Option<Amount>, Option<Amount>);

/// Per model per month: spend by category, usage and unit costs, optionally of one month
/// (changes are still measured against earlier months).
pub fn unit_costs(conn: &Connection, month: Option<&str>) -> Result<UnitCosts> {
    unit_costs_in(conn, &spend(conn)?, month)
}

/// `unit_costs` from spend already allocated.
pub fn unit_costs_in(conn: &Connection, spend: &Spend, month: Option<&str>) -> Result<UnitCosts> {
    let names: HashMap<i64, String> = named(conn, "SELECT id, name FROM model")?;
    let mut by_key: BTreeMap<(i64, String), UnitCost> = BTreeMap::new();
    let mut spend_without_model = Amount::ZERO;
    for row in spend.rows() {
        let Some(model_id) = row.allocation.model_id else {
            spend_without_model.0 += row.effective_cost;
            continue;
        };
        let cost = entry(&mut by_key, &names, model_id, &row.month);
        cost.spend.0 += row.effective_cost;
        let bucket = match row.allocation.category {
            Some(Category::Training) => &mut cost.training_spend,
            Some(Category::Inference) => &mut cost.inference_spend,
            Some(Category::Storage) => &mut cost.storage_spend,
            Some(Category::Data) => &mut cost.data_spend,
            Some(Category::Other) | None => &mut cost.other_spend,
        };
        bucket.0 += row.effective_cost;
    }
    let mut usage = conn.prepare("SELECT model_id, month, inferences, training_runs FROM usage")?;
    let usage_rows = usage.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    for row in usage_rows {
        let (model_id, month, inferences, runs) = row?;
        let cost = entry(&mut by_key, &names, model_id, &month);
        cost.inferences = inferences;
        cost.training_runs = runs;
    }
    for cost in by_key.values_mut() {
        cost.cost_per_1k_inferences = per_unit(
            cost.inference_spend.0 * Decimal::ONE_THOUSAND,
            cost.inferences,
        );
        cost.cost_per_training_run = per_unit(cost.training_spend.0, cost.training_runs);
    }
    let snapshot: HashMap<(i64, String), UnitPair> = by_key
        .iter()
        .map(|(k, c)| {
            (
                k.clone(),
                (c.cost_per_1k_inferences, c.cost_per_training_run),
            )
        })
        .collect();
    for ((model_id, month), cost) in by_key.iter_mut() {
        let before = |back: u32| snapshot.get(&(*model_id, month_before(month, back)));
        let change = |now: Option<Amount>,
                      then: Option<&UnitPair>,
                      pick: fn(&UnitPair) -> Option<Amount>| {
            change_percent(now, then.and_then(pick))
        };
        cost.cost_per_1k_inferences_mom_percent =
            change(cost.cost_per_1k_inferences, before(1), |p| p.0);
        cost.cost_per_1k_inferences_yoy_percent =
            change(cost.cost_per_1k_inferences, before(12), |p| p.0);
        cost.cost_per_training_run_mom_percent =
            change(cost.cost_per_training_run, before(1), |p| p.1);
        cost.cost_per_training_run_yoy_percent =
            change(cost.cost_per_training_run, before(12), |p| p.1);
    }
    let rows = by_key
        .into_values()
        .filter(|c| month.is_none_or(|m| c.month == m))
        .collect();
    Ok(UnitCosts {
        currency: spend.currency.to_string(),
        rows,
        spend_without_model,
        other_currency_lines: spend.other_currency_lines,
    })
}

fn entry<'a>(
    by_key: &'a mut BTreeMap<(i64, String), UnitCost>,
    names: &HashMap<i64, String>,
    model_id: i64,
    month: &str,
) -> &'a mut UnitCost {
    by_key
        .entry((model_id, month.to_string()))
        .or_insert_with(|| UnitCost {
            model_id,
            model: names.get(&model_id).cloned().unwrap_or_default(),
            month: month.to_string(),
            spend: Amount::ZERO,
            training_spend: Amount::ZERO,
            inference_spend: Amount::ZERO,
            storage_spend: Amount::ZERO,
            data_spend: Amount::ZERO,
            other_spend: Amount::ZERO,
            inferences: 0,
            training_runs: 0,
            cost_per_1k_inferences: None,
            cost_per_training_run: None,
            cost_per_1k_inferences_mom_percent: None,
            cost_per_1k_inferences_yoy_percent: None,
            cost_per_training_run_mom_percent: None,
            cost_per_training_run_yoy_percent: None,
        })
}

/// `amount / units`, rounded to `UNIT_COST_PLACES`; `None` when there are no units.
fn per_unit(amount: Decimal, units: i64) -> Option<Amount> {
    if units <= 0 {
        return None;
    }
    amount.checked_div(Decimal::from(units)).map(|v| {
        Amount(v.round_dp_with_strategy(UNIT_COST_PLACES, RoundingStrategy::MidpointAwayFromZero))
    })
}

/// Change from `then` to `now` in percent of `then`, one decimal; `None` when not comparable.
fn change_percent(now: Option<Amount>, then: Option<Amount>) -> Option<Decimal> {
    let (now, then) = (now?.0, then?.0);
    if then.is_zero() {
        return None;
    }
    Some(((now - then) * Decimal::ONE_HUNDRED / then.abs()).round_dp(1))
}

/// Id to name of every row `sql` selects, to label spend by team or model.
fn named(conn: &Connection, sql: &str) -> Result<HashMap<i64, String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Organisation-wide unit costs of one month: the derived KPIs "cost per 1k inferences" and
/// "cost per training run" (inference spend of models with inferences over their inferences;
/// training spend of models with runs over their runs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgUnitCost {
    pub month: String,
    pub cost_per_1k_inferences: Option<Amount>,
    pub cost_per_training_run: Option<Amount>,
}

/// The derived unit-cost KPIs for every month with data, oldest first.
pub fn org_unit_costs(conn: &Connection) -> Result<Vec<OrgUnitCost>> {
    Ok(org_unit_costs_of(&unit_costs(conn, None)?))
}

/// `org_unit_costs` from the per-model unit costs of every month.
pub fn org_unit_costs_of(costs: &UnitCosts) -> Vec<OrgUnitCost> {
    let mut months: BTreeMap<String, (Decimal, i64, Decimal, i64)> = BTreeMap::new();
    for cost in &costs.rows {
        let m = months.entry(cost.month.clone()).or_default();
        if cost.inferences > 0 {
            m.0 += cost.inference_spend.0;
            m.1 += cost.inferences;
        }
        if cost.training_runs > 0 {
            m.2 += cost.training_spend.0;
            m.3 += cost.training_runs;
        }
    }
    months
        .into_iter()
        .map(
            |(month, (inference, inferences, training, runs))| OrgUnitCost {
                month,
                cost_per_1k_inferences: per_unit(inference * Decimal::ONE_THOUSAND, inferences),
                cost_per_training_run: per_unit(training, runs),
            },
        )
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
