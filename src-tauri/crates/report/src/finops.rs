//! FinOps tables as text: the per-model unit costs as CSV for scripts (exact decimals, empty
//! cells where a unit cost has no denominator), and a budget's label as reports show it.

use quartermaster_core::finops::unit_cost::budget::BudgetVsActual;
use quartermaster_core::finops::unit_cost::UnitCosts;
use quartermaster_core::{Error, Result};

/// What a budget covers, as its row is labelled: a team, a category, both, or the organisation.
pub fn budget_scope(budget: &BudgetVsActual) -> String {
    match (&budget.team, budget.category) {
        (Some(team), Some(c)) => format!("{team} / {}", c.as_str()),
        (Some(team), None) => team.clone(),
        (None, Some(c)) => c.as_str().to_string(),
        (None, None) => "Organisation".into(),
    }
}

/// Column names of `unit_costs_csv`, in order.
pub const UNIT_COST_COLUMNS: &[&str] = &[
    "model",
    "month",
    "currency",
    "spend",
    "training_spend",
    "inference_spend",
    "storage_spend",
    "data_spend",
    "other_spend",
    "inferences",
    "training_runs",
    "cost_per_1k_inferences",
    "cost_per_training_run",
    "cost_per_1k_inferences_mom_percent",
    "cost_per_1k_inferences_yoy_percent",
    "cost_per_training_run_mom_percent",
    "cost_per_training_run_yoy_percent",
];

/// The unit costs as RFC 4180 CSV with a header row.
pub fn unit_costs_csv(costs: &UnitCosts) -> Result<String> {
    let csv_error = |e: ::csv::Error| Error::io("unit costs", e);
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(UNIT_COST_COLUMNS).map_err(csv_error)?;
    let text = |v: Option<String>| v.unwrap_or_default();
    for c in &costs.rows {
        writer
            .write_record([
                c.model.clone(),
                c.month.clone(),
                costs.currency.clone(),
                c.spend.to_string(),
                c.training_spend.to_string(),
                c.inference_spend.to_string(),
                c.storage_spend.to_string(),
                c.data_spend.to_string(),
                c.other_spend.to_string(),
                c.inferences.to_string(),
                c.training_runs.to_string(),
                text(c.cost_per_1k_inferences.map(|a| a.to_string())),
                text(c.cost_per_training_run.map(|a| a.to_string())),
                text(c.cost_per_1k_inferences_mom_percent.map(|d| d.to_string())),
                text(c.cost_per_1k_inferences_yoy_percent.map(|d| d.to_string())),
                text(c.cost_per_training_run_mom_percent.map(|d| d.to_string())),
                text(c.cost_per_training_run_yoy_percent.map(|d| d.to_string())),
            ])
            .map_err(csv_error)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::io("unit costs", e.error()))?;
    String::from_utf8(bytes).map_err(|e| Error::io("unit costs", e))
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use quartermaster_core::finops::unit_cost::{UnitCost, UnitCosts};
    use quartermaster_core::values::amount::Amount;
    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn unit_costs_csv_keeps_exact_decimals_and_quotes_names() {
        let amount = |t: &str| Amount(Decimal::from_str(t).unwrap());
        let row = UnitCost {
            model_id: 1,
            model: "Ranker, v2".into(),
            month: "2026-09".into(),
            spend: amount("120.000001"),
            training_spend: Amount::ZERO,
            inference_spend: amount("120.000001"),
            storage_spend: Amount::ZERO,
            data_spend: Amount::ZERO,
            other_spend: Amount::ZERO,
            inferences: 2_500_000,
            training_runs: 0,
            cost_per_1k_inferences: Some(amount("0.048")),
            cost_per_training_run: None,
            cost_per_1k_inferences_mom_percent: Some(Decimal::from_str("-12.9").unwrap()),
            cost_per_1k_inferences_yoy_percent: None,
            cost_per_training_run_mom_percent: None,
            cost_per_training_run_yoy_percent: None,
        };
        let costs = UnitCosts {
            currency: "USD".into(),
            rows: vec![row],
            spend_without_model: Amount::ZERO,
            other_currency_lines: 0,
        };
        let text = unit_costs_csv(&costs).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], UNIT_COST_COLUMNS.join(","));
        assert_eq!(
            lines[1],
            "\"Ranker, v2\",2026-09,USD,120.000001,0,120.000001,0,0,0,2500000,0,0.048,,-12.9,,,"
        );
    }
}
