//! Unit costs and budgets from allocated spend: cost per 1k inferences and per training run per
//! model per month, spend per month by category, team, model, service or provider with
//! month-over-month and year-over-year change, and budget against actual per quarter.
//!
//! Every figure is in the organisation's reporting currency, from EffectiveCost (what the
//! spend really cost after discounts and commitments), summed exactly; lines billed in other
//! currencies are counted, never converted.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::finops::allocation::{allocated_spend, AllocatedSpend, Allocator};
use crate::finops::{Budget, Category};
use crate::store::entity;
use crate::values::amount::Amount;
use crate::values::money::{self, Currency};
use crate::values::month::{is_month, month_before, month_start};
use crate::values::quarter::FiscalQuarter;
use crate::{org::settings, text_enum, Error, Result};

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
    let allocator = Allocator::stored(conn)?;
    let all = allocated_spend(conn, &allocator, None)?;
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

text_enum! {
    /// What spend is broken down by.
    pub enum SpendBy as "by" {
        Category = "category", Team = "team", Model = "model", Service = "service", Provider = "provider",
    }
}

/// Spend of one month for one key of the breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpendRow {
    pub month: String,
    /// The category, team, model, service or provider; `unallocated` when no rule caught it.
    pub key: String,
    /// The team or model id, for those breakdowns.
    pub id: Option<i64>,
    pub effective_cost: Amount,
    pub billed_cost: Amount,
    pub lines: i64,
    pub mom_percent: Option<Decimal>,
    pub yoy_percent: Option<Decimal>,
}

/// A breakdown of spend per month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpendReport {
    pub currency: String,
    pub by: SpendBy,
    pub rows: Vec<SpendRow>,
    pub other_currency_lines: i64,
}

/// The label used for spend no rule caught.
pub const UNALLOCATED: &str = "unallocated";

/// Spend per month broken down `by` category, team, model, service or provider.
pub fn spend_by(conn: &Connection, by: SpendBy) -> Result<SpendReport> {
    spend_by_in(conn, &spend(conn)?, by)
}

/// `spend_by` from spend already allocated.
pub fn spend_by_in(conn: &Connection, spend: &Spend, by: SpendBy) -> Result<SpendReport> {
    let teams = named(conn, "SELECT id, name FROM team")?;
    let models = named(conn, "SELECT id, name FROM model")?;
    let mut sums: BTreeMap<(String, String), SpendRow> = BTreeMap::new();
    for row in spend.rows() {
        let a = row.allocation;
        let label = |id: Option<i64>, names: &HashMap<i64, String>| {
            id.map_or(UNALLOCATED.to_string(), |id| {
                names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))
            })
        };
        let (key, id) = match by {
            SpendBy::Category => (
                a.category
                    .map_or(UNALLOCATED.to_string(), |c| c.to_string()),
                None,
            ),
            SpendBy::Team => (label(a.team_id, &teams), a.team_id),
            SpendBy::Model => (label(a.model_id, &models), a.model_id),
            SpendBy::Service => (row.service_name.clone(), None),
            SpendBy::Provider => (row.provider_name.clone(), None),
        };
        let sum = sums
            .entry((row.month.clone(), key.clone()))
            .or_insert_with(|| SpendRow {
                month: row.month.clone(),
                key,
                id,
                effective_cost: Amount::ZERO,
                billed_cost: Amount::ZERO,
                lines: 0,
                mom_percent: None,
                yoy_percent: None,
            });
        sum.effective_cost.0 += row.effective_cost;
        sum.billed_cost.0 += row.billed_cost;
        sum.lines += row.lines;
    }
    let totals: HashMap<(String, String), Amount> = sums
        .iter()
        .map(|(k, r)| (k.clone(), r.effective_cost))
        .collect();
    for ((month, key), row) in sums.iter_mut() {
        let before = |back| {
            totals
                .get(&(month_before(month, back), key.clone()))
                .copied()
        };
        row.mom_percent = change_percent(Some(row.effective_cost), before(1));
        row.yoy_percent = change_percent(Some(row.effective_cost), before(12));
    }
    Ok(SpendReport {
        currency: spend.currency.to_string(),
        by,
        rows: sums.into_values().collect(),
        other_currency_lines: spend.other_currency_lines,
    })
}

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

/// One key of a spend breakdown in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpendShare {
    /// The category, team, service or provider; `unallocated` when no rule caught it.
    pub key: String,
    /// The team or model id, for those breakdowns.
    pub id: Option<i64>,
    pub effective_cost: Amount,
    pub lines: i64,
    /// Share of the month's spend, 0–100 (of magnitudes when credits make it odd).
    pub share_percent: f64,
    pub mom_percent: Option<Decimal>,
    pub yoy_percent: Option<Decimal>,
}

/// A month's spend broken down one way, largest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    pub by: SpendBy,
    pub rows: Vec<SpendShare>,
}

/// Everything the FinOps unit-cost page shows for one month, in the reporting currency, and
/// the series its trend charts are drawn from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitCostsPage {
    pub currency: String,
    /// Every month with spend or usage, oldest first.
    pub months: Vec<String>,
    /// The month shown: the one asked for, else the latest with data; `None` without data.
    pub month: Option<String>,
    /// The fiscal quarter holding `month`, whose budgets are shown.
    pub quarter: Option<FiscalQuarter>,
    pub total_spend: Amount,
    pub total_mom_percent: Option<Decimal>,
    pub total_yoy_percent: Option<Decimal>,
    /// The organisation's unit costs in the month (the derived KPIs), with the change against
    /// the month before.
    pub org_cost_per_1k_inferences: Option<Amount>,
    pub org_cost_per_1k_inferences_mom_percent: Option<Decimal>,
    pub org_cost_per_training_run: Option<Amount>,
    pub org_cost_per_training_run_mom_percent: Option<Decimal>,
    /// Per model: unit costs of the month, most spend first.
    pub unit_costs: Vec<UnitCost>,
    /// By category, team, service and provider.
    pub breakdowns: Vec<Breakdown>,
    /// The quarter's budgets against actual spend.
    pub budgets: Vec<BudgetVsActual>,
    pub other_currency_lines: i64,
    /// Every month's figures, for the trend charts (drawn in Rust, so not sent to the UI).
    #[serde(skip)]
    pub trends: UnitCostTrends,
}

/// Unit costs and spend by category of every month: what the unit-cost page's trend charts
/// draw, from the same allocation as the page's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitCostTrends {
    pub unit_costs: UnitCosts,
    pub spend_by_category: SpendReport,
}

/// The unit costs, spend breakdowns and budgets of `month` (default: the latest month with
/// spend or usage), with changes against the month before and the year before, and the trends
/// of every month; spend is allocated once for all of them.
pub fn unit_costs_page(conn: &Connection, month: Option<&str>) -> Result<UnitCostsPage> {
    if let Some(m) = month.filter(|m| !is_month(m)) {
        return Err(Error::invalid(
            "month",
            format!("{m:?} is not a month; write it like 2026-09"),
        ));
    }
    let spend = spend(conn)?;
    let costs = unit_costs_in(conn, &spend, None)?;
    let by_category = spend_by_in(conn, &spend, SpendBy::Category)?;
    let mut months: Vec<String> = costs
        .rows
        .iter()
        .map(|r| r.month.clone())
        .chain(by_category.rows.iter().map(|r| r.month.clone()))
        .collect();
    months.sort();
    months.dedup();
    let chosen = month.map(str::to_string).or_else(|| months.last().cloned());
    let calendar = settings::get(conn)?.calendar()?;
    let quarter = chosen
        .as_deref()
        .and_then(month_start)
        .map(|d| calendar.quarter_of(d));
    let month_total = |m: &str| -> Option<Amount> {
        let rows: Vec<&SpendRow> = by_category.rows.iter().filter(|r| r.month == m).collect();
        (!rows.is_empty()).then(|| rows.iter().map(|r| r.effective_cost).sum())
    };
    let (total_spend, total_mom_percent, total_yoy_percent) = match chosen.as_deref() {
        Some(m) => {
            let now = month_total(m);
            (
                now.unwrap_or(Amount::ZERO),
                change_percent(now, month_total(&month_before(m, 1))),
                change_percent(now, month_total(&month_before(m, 12))),
            )
        }
        None => (Amount::ZERO, None, None),
    };
    let org = org_unit_costs_of(&costs);
    let org_of = |m: Option<&str>| m.and_then(|m| org.iter().find(|o| o.month == m));
    let org_now = org_of(chosen.as_deref());
    let org_before = org_of(chosen.as_deref().map(|m| month_before(m, 1)).as_deref());
    let org_1k = org_now.and_then(|o| o.cost_per_1k_inferences);
    let org_run = org_now.and_then(|o| o.cost_per_training_run);
    let org_1k_mom = change_percent(org_1k, org_before.and_then(|o| o.cost_per_1k_inferences));
    let org_run_mom = change_percent(org_run, org_before.and_then(|o| o.cost_per_training_run));
    let mut unit_rows: Vec<UnitCost> = costs
        .rows
        .iter()
        .filter(|r| Some(&r.month) == chosen.as_ref())
        .cloned()
        .collect();
    unit_rows.sort_by(|a, b| b.spend.cmp(&a.spend).then_with(|| a.model.cmp(&b.model)));
    let mut breakdowns = Vec::new();
    for by in [
        SpendBy::Category,
        SpendBy::Team,
        SpendBy::Service,
        SpendBy::Provider,
    ] {
        let report = if by == SpendBy::Category {
            by_category.clone()
        } else {
            spend_by_in(conn, &spend, by)?
        };
        breakdowns.push(month_breakdown(report, chosen.as_deref()));
    }
    let budgets = match quarter {
        Some(q) => budget_vs_actual_in(conn, &spend, Some(q))?,
        None => Vec::new(),
    };
    Ok(UnitCostsPage {
        currency: costs.currency.clone(),
        months,
        month: chosen,
        quarter,
        total_spend,
        total_mom_percent,
        total_yoy_percent,
        org_cost_per_1k_inferences: org_1k,
        org_cost_per_1k_inferences_mom_percent: org_1k_mom,
        org_cost_per_training_run: org_run,
        org_cost_per_training_run_mom_percent: org_run_mom,
        unit_costs: unit_rows,
        breakdowns,
        budgets,
        other_currency_lines: costs.other_currency_lines,
        trends: UnitCostTrends {
            unit_costs: costs,
            spend_by_category: by_category,
        },
    })
}

/// The rows of `report` in `month`, with their share of the month, largest first and
/// unallocated spend last.
fn month_breakdown(report: SpendReport, month: Option<&str>) -> Breakdown {
    let rows: Vec<SpendRow> = report
        .rows
        .into_iter()
        .filter(|r| Some(r.month.as_str()) == month)
        .collect();
    let whole: Decimal = rows.iter().map(|r| r.effective_cost.0.abs()).sum();
    let mut shares: Vec<SpendShare> = rows
        .into_iter()
        .map(|r| SpendShare {
            share_percent: crate::finops::allocation::percent_of(r.effective_cost.0.abs(), whole),
            key: r.key,
            id: r.id,
            effective_cost: r.effective_cost,
            lines: r.lines,
            mom_percent: r.mom_percent,
            yoy_percent: r.yoy_percent,
        })
        .collect();
    shares.sort_by(|a, b| {
        (a.key == UNALLOCATED)
            .cmp(&(b.key == UNALLOCATED))
            .then(b.effective_cost.cmp(&a.effective_cost))
            .then_with(|| a.key.cmp(&b.key))
    });
    Breakdown {
        by: report.by,
        rows: shares,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

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
}
