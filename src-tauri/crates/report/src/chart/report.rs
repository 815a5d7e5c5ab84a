//! The charts of the executive report, built from the store: a KPI's trend, cloud spend by
//! category, unit cost per model, filled heads by team and the hiring funnel.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use quartermaster_core::finops::unit_cost::spend_by::{SpendBy, SpendReport};
use quartermaster_core::finops::unit_cost::{self, UnitCosts};
use quartermaster_core::hiring::metrics;
use quartermaster_core::kpi;
use quartermaster_core::kpi::series;
use quartermaster_core::org::settings;
use quartermaster_core::roadmap::headcount;
use quartermaster_core::values::quarter::FiscalQuarter;
use quartermaster_core::Result;
use rusqlite::Connection;
use rust_decimal::prelude::ToPrimitive;

use super::{Chart, ChartKind, Series};

/// A KPI's recent trend up to `today`, with target band and notes.
pub fn kpi_trend(conn: &Connection, kpi_key: &str, today: NaiveDate) -> Result<Chart> {
    let kpi = kpi::by_key(conn, kpi_key)?;
    let settings = settings::get(conn)?;
    let (calendar, currency) = (settings.calendar()?, settings.currency);
    let periods = series::periods_for(&calendar, &kpi, today);
    let points = series::series(conn, kpi_key, &periods)?;
    let values = periods
        .iter()
        .map(|p| points.iter().find(|pt| &pt.period == p).map(|pt| pt.value))
        .collect();
    let annotations = periods
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let pt = points
                .iter()
                .find(|pt| &pt.period == p && !pt.note.is_empty())?;
            Some((i, pt.note.clone()))
        })
        .collect();
    Ok(Chart {
        title: format!("{}, {} to {}", kpi.name, first(&periods), last(&periods)),
        slug: format!("kpi_{}", kpi.key),
        y_label: if kpi.unit == "currency" {
            currency.as_str().to_string()
        } else {
            kpi.unit.clone()
        },
        kind: ChartKind::Line,
        categories: periods,
        series: vec![Series {
            name: kpi.name,
            values,
        }],
        target: kpi.target,
        warn: kpi.warn,
        annotations,
    })
}

/// Cloud spend (effective cost) by category, stacked per month.
pub fn spend_by_category(conn: &Connection, months: &[String]) -> Result<Chart> {
    Ok(spend_by_category_of(
        &unit_cost::spend_by::spend_by(conn, SpendBy::Category)?,
        months,
    ))
}

/// `spend_by_category` from spend already broken down by category.
pub fn spend_by_category_of(report: &SpendReport, months: &[String]) -> Chart {
    let mut by_key: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    for row in &report.rows {
        if let Some(slot) = months.iter().position(|m| *m == row.month) {
            let values = by_key
                .entry(row.key.clone())
                .or_insert_with(|| vec![None; months.len()]);
            values[slot] = row.effective_cost.0.to_f64();
        }
    }
    Chart {
        title: format!(
            "Cloud spend by category, {} to {}",
            first(months),
            last(months)
        ),
        slug: "spend_by_category".into(),
        y_label: report.currency.clone(),
        kind: ChartKind::StackedBars,
        categories: months.to_vec(),
        series: to_series(by_key),
        target: None,
        warn: None,
        annotations: Vec::new(),
    }
}

/// Models drawn in the unit-cost chart: the busiest ones, so the chart stays readable.
pub const UNIT_COST_MODELS: usize = 6;

/// Cost per 1k inferences per month of the models with the most inferences in `months`.
pub fn unit_cost_per_model(conn: &Connection, months: &[String]) -> Result<Chart> {
    Ok(unit_cost_per_model_of(
        &unit_cost::unit_costs(conn, None)?,
        months,
    ))
}

/// `unit_cost_per_model` from unit costs already computed (every month).
pub fn unit_cost_per_model_of(costs: &UnitCosts, months: &[String]) -> Chart {
    let mut inferences: BTreeMap<&str, i64> = BTreeMap::new();
    for row in costs.rows.iter().filter(|r| months.contains(&r.month)) {
        *inferences.entry(row.model.as_str()).or_default() += row.inferences;
    }
    let mut busiest: Vec<(&str, i64)> = inferences.into_iter().filter(|(_, n)| *n > 0).collect();
    busiest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = busiest
        .iter()
        .take(UNIT_COST_MODELS)
        .map(|(m, _)| m.to_string())
        .collect();
    let mut by_model: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    for row in costs.rows.iter().filter(|r| top.contains(&r.model)) {
        let (Some(slot), Some(cost)) = (
            months.iter().position(|m| *m == row.month),
            row.cost_per_1k_inferences,
        ) else {
            continue;
        };
        let values = by_model
            .entry(row.model.clone())
            .or_insert_with(|| vec![None; months.len()]);
        values[slot] = cost.0.to_f64();
    }
    Chart {
        title: format!(
            "Cost per 1k inferences, top {UNIT_COST_MODELS} models by volume, {} to {}",
            first(months),
            last(months)
        ),
        slug: "unit_cost_per_model".into(),
        y_label: format!("{} per 1k inferences", costs.currency),
        kind: ChartKind::Line,
        categories: months.to_vec(),
        series: to_series(by_model),
        target: None,
        warn: None,
        annotations: Vec::new(),
    }
}

/// Filled heads by team at the end of each quarter, stacked.
pub fn heads_by_team(conn: &Connection, quarters: &[FiscalQuarter]) -> Result<Chart> {
    let rows = headcount::headcount_plan(conn, quarters)?;
    let mut by_team: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    for row in rows {
        if let Some(slot) = quarters.iter().position(|q| *q == row.quarter) {
            let values = by_team
                .entry(row.team)
                .or_insert_with(|| vec![None; quarters.len()]);
            values[slot] = Some(row.filled as f64);
        }
    }
    let labels: Vec<String> = quarters.iter().map(|q| q.to_string()).collect();
    Ok(Chart {
        title: format!(
            "Filled heads by team, end of {} to {}",
            first(&labels),
            last(&labels)
        ),
        slug: "heads_by_team".into(),
        y_label: "heads".into(),
        kind: ChartKind::StackedBars,
        categories: labels,
        series: to_series(by_team),
        target: None,
        warn: None,
        annotations: Vec::new(),
    })
}

/// Candidates who reached each stage of the hiring funnel, as of `today`.
pub fn hiring_funnel(conn: &Connection, today: NaiveDate) -> Result<Chart> {
    let funnel = metrics::funnel(conn, None)?;
    Ok(Chart {
        title: format!("Hiring funnel, all requisitions, as of {today}"),
        slug: "hiring_funnel".into(),
        y_label: "candidates".into(),
        kind: ChartKind::Bars,
        categories: funnel
            .steps
            .iter()
            .map(|s| s.stage.as_str().to_string())
            .collect(),
        series: vec![Series {
            name: "reached".into(),
            values: funnel
                .steps
                .iter()
                .map(|s| Some(s.reached as f64))
                .collect(),
        }],
        target: None,
        warn: None,
        annotations: Vec::new(),
    })
}

fn to_series(map: BTreeMap<String, Vec<Option<f64>>>) -> Vec<Series> {
    map.into_iter()
        .map(|(name, values)| Series { name, values })
        .collect()
}

fn first(labels: &[String]) -> &str {
    labels.first().map(String::as_str).unwrap_or("")
}

fn last(labels: &[String]) -> &str {
    labels.last().map(String::as_str).unwrap_or("")
}
