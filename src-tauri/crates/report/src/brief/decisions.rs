//! "Decisions needed": what the store holds that waits for a director's call — candidates
//! debriefed without a hiring decision, budgets overspent, teams over capacity this quarter or
//! next, and high or critical risks still open without a mitigation. One function, so a decision
//! log can feed the brief later by adding its rows here.

use chrono::NaiveDate;
use quartermaster_core::finops::unit_cost::budget::{budget_vs_actual, BudgetVsActual};
use quartermaster_core::roadmap::capacity::{plan_capacity, TeamCapacity};
use quartermaster_core::values::money::minor_to_decimal;
use quartermaster_core::values::quarter::FiscalQuarter;
use quartermaster_core::Result;
use rusqlite::Connection;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::chart::short_number;
use crate::finops::budget_scope;

/// One call waiting for the director.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// "Hiring", "Budget", "Capacity" or "Risk".
    pub area: &'static str,
    pub subject: String,
    /// The figures behind it, in a line.
    pub detail: String,
}

/// Everything awaiting a decision for `quarter` as of `as_of`: hiring first (a candidate waits),
/// then overspent budgets, over-capacity teams and unmitigated risks.
pub fn decisions_needed(
    conn: &Connection,
    quarter: FiscalQuarter,
    as_of: NaiveDate,
) -> Result<Vec<Decision>> {
    let budgets = budget_vs_actual(conn, Some(quarter))?;
    let capacity = plan_capacity(conn, &[quarter, quarter.offset(1)])?;
    decisions_needed_in(conn, quarter, as_of, &budgets, &capacity)
}

/// [`decisions_needed`] from the quarter's budgets against actuals and the capacity of this
/// quarter and the next (other quarters in `capacity` are left out), already computed.
pub fn decisions_needed_in(
    conn: &Connection,
    quarter: FiscalQuarter,
    as_of: NaiveDate,
    budgets: &[BudgetVsActual],
    capacity: &[TeamCapacity],
) -> Result<Vec<Decision>> {
    let mut decisions = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT c.name, r.title, c.applied_on FROM candidate c JOIN requisition r ON r.id = c.requisition_id
         WHERE c.stage = 'debrief' AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.candidate_id = c.id)
         ORDER BY c.applied_on, c.id",
    )?;
    let waiting = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, NaiveDate>(2)?,
        ))
    })?;
    for row in waiting {
        let (name, title, applied) = row?;
        decisions.push(Decision {
            area: "Hiring",
            subject: format!("Hire or not: {name} for {title}"),
            detail: format!(
                "debriefed, no decision; applied {applied}, {} days ago",
                (as_of - applied).num_days()
            ),
        });
    }
    for line in budgets
        .iter()
        .filter(|b| b.over_budget && b.quarter == quarter)
    {
        let money = |minor: i64| {
            let amount = minor_to_decimal(minor, line.currency)
                .to_f64()
                .unwrap_or(0.0);
            format!("{} {}", line.currency.as_str(), short_number(amount))
        };
        decisions.push(Decision {
            area: "Budget",
            subject: format!("{} over budget in {quarter}", budget_scope(line)),
            detail: format!(
                "{} spent of {}{}",
                money(line.actual_minor),
                money(line.budget_minor),
                line.used_percent
                    .map(|p| format!(" ({p:.1}% used)"))
                    .unwrap_or_default()
            ),
        });
    }
    let soon = [quarter, quarter.offset(1)];
    for team in capacity
        .iter()
        .filter(|t| t.over_allocated && soon.contains(&t.quarter))
    {
        decisions.push(Decision {
            area: "Capacity",
            subject: format!("{} over capacity in {}", team.team, team.quarter),
            detail: format!(
                "demand {:.1} person-weeks against {:.1}: {:.1} short",
                team.demand_pw, team.capacity_pw, team.gap_pw
            ),
        });
    }
    let mut stmt = conn.prepare(
        "SELECT title, severity, owner FROM risk
         WHERE status = 'open' AND severity IN ('critical', 'high') AND trim(mitigation) = ''
         ORDER BY CASE severity WHEN 'critical' THEN 0 ELSE 1 END, id",
    )?;
    let risks = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in risks {
        let (title, severity, owner) = row?;
        decisions.push(Decision {
            area: "Risk",
            subject: format!("Mitigate or accept: {title}"),
            detail: format!("{severity} severity, open, no mitigation; owner {owner}"),
        });
    }
    Ok(decisions)
}
