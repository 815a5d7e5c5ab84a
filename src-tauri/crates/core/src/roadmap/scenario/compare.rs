//! A scenario compared with the plan: capacity, demand, balance and loaded cost per team and
//! quarter on both sides, computed by the same functions, and the dependency warnings the
//! scenario's moves would raise.

use std::collections::HashSet;

use rusqlite::Connection;
use serde::Serialize;

use super::view::load;
use super::Scenario;
use crate::roadmap::board::{self, DependencyWarning};
use crate::roadmap::capacity;
use crate::roadmap::headcount;
use crate::roadmap::plan::Plan;
use crate::store::entity;
use crate::values::money::Currency;
use crate::values::quarter::FiscalQuarter;
use crate::Result;

/// The figures of one team in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub capacity_pw: f64,
    pub demand_pw: f64,
    pub balance_pw: f64,
    /// Loaded headcount cost prorated by dates (see [`headcount::prorated_cost`]).
    pub cost_minor: i64,
}

/// Plan and scenario side by side for one team and quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonRow {
    pub team_id: i64,
    pub team: String,
    pub quarter: FiscalQuarter,
    pub plan: Figures,
    pub scenario: Figures,
}

/// A scenario compared with the plan, with the dependency warnings its moves would raise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub scenario: Scenario,
    pub currency: Currency,
    pub rows: Vec<ComparisonRow>,
    pub warnings: Vec<DependencyWarning>,
}

/// Figures per team and quarter, in the order `capacity::compute` and `headcount::compute`
/// share: quarter by quarter, teams in plan order.
fn figures(plan: &Plan, backfills: &HashSet<i64>, quarters: &[FiscalQuarter]) -> Vec<Figures> {
    let capacity = capacity::compute(plan, quarters);
    let heads = headcount::compute(plan, backfills, quarters);
    capacity
        .iter()
        .zip(&heads)
        .map(|(c, h)| Figures {
            capacity_pw: c.capacity_pw,
            demand_pw: c.demand_pw,
            balance_pw: c.balance_pw,
            cost_minor: h.cost_minor,
        })
        .collect()
}

/// Capacity, demand, balance and loaded cost per team and quarter, in the plan and in the
/// scenario (both computed by the same functions, so differences are the scenario's changes).
pub fn compare(
    conn: &Connection,
    scenario_id: i64,
    quarters: &[FiscalQuarter],
) -> Result<Comparison> {
    let (plan, view) = load(conn, scenario_id)?;
    let scenario_plan = view.as_plan(&plan);
    let backfills = headcount::backfill_ids(conn)?;
    let cells = quarters
        .iter()
        .flat_map(|q| plan.teams.iter().map(move |t| (t, *q)));
    let rows = cells
        .zip(figures(&plan, &backfills, quarters))
        .zip(figures(&scenario_plan, &backfills, quarters))
        .map(|(((team, quarter), plan), scenario)| ComparisonRow {
            team_id: team.id,
            team: team.name.clone(),
            quarter,
            plan,
            scenario,
        })
        .collect();
    let dependencies = entity::list(conn)?;
    Ok(Comparison {
        warnings: board::warnings_for(&scenario_plan.initiatives, &dependencies),
        scenario: view.scenario,
        currency: plan.currency,
        rows,
    })
}
