//! The FinOps unit-cost page's read model: one month's unit costs, spend breakdowns and
//! budgets with their changes, and the trends of every month, all from one allocation.

use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::budget::{budget_vs_actual_in, BudgetVsActual};
use super::spend_by::{spend_by_in, SpendBy, SpendReport, SpendRow, UNALLOCATED};
use super::{change_percent, org_unit_costs_of, spend, unit_costs_in, UnitCost, UnitCosts};
use crate::values::amount::Amount;
use crate::values::month::{is_month, month_before, month_start};
use crate::values::quarter::FiscalQuarter;
use crate::{org::settings, Error, Result};

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
