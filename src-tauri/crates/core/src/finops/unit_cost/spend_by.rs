//! Spend per month broken down by category, team, model, service or provider, with
//! month-over-month and year-over-year change, from spend allocated once.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{change_percent, named, spend, Spend};
use crate::values::amount::Amount;
use crate::values::month::month_before;
use crate::{text_enum, Result};

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
