//! The executive report built from the store: which sheets it has, and each sheet's tables
//! (KPIs, risks, budget, headcount, roadmap, portfolio, spend, unit costs, hiring) and charts.

use std::collections::HashMap;

use chrono::NaiveDate;
use quartermaster_core::finops::unit_cost;
use quartermaster_core::hiring::metrics;
use quartermaster_core::kpi::series::{self, KpiStatusRow, Trend};
use quartermaster_core::kpi::Frequency;
use quartermaster_core::org::settings;
use quartermaster_core::org::{Position, Team};
use quartermaster_core::portfolio::Model;
use quartermaster_core::roadmap::{headcount, kpis};
use quartermaster_core::store::entity;
use quartermaster_core::values::money::{minor_to_decimal, Currency};
use quartermaster_core::values::quarter::FiscalQuarter;
use quartermaster_core::Result;
use rusqlite::Connection;
use rust_decimal::prelude::ToPrimitive;

use super::table::{block, Block, Cell, ExecutiveReport, Sheet};
use crate::chart;
use crate::finops::budget_scope;

/// KPIs on the Summary sheet and charted on the KPIs sheet.
const HEADLINE_KPIS: &[&str] = &[
    "roadmap_predictability",
    "ml_releases",
    "cicd_coverage",
    "monitoring_coverage",
    "availability",
    "time_to_detect",
    "time_to_mitigate",
    "cost_per_1k_inferences",
    "hiring_cycle_time",
];
const TRENDED_KPIS: &[&str] = &[
    "roadmap_predictability",
    "cost_per_1k_inferences",
    "time_to_mitigate",
    "availability",
];
const TOP_RISKS: i64 = 5;
const TRAILING_MONTHS: u32 = 6;

/// Builds the report of `quarter` from the store, as of `today` (or the quarter's end if earlier).
pub fn build(
    conn: &Connection,
    quarter: FiscalQuarter,
    today: NaiveDate,
) -> Result<ExecutiveReport> {
    let settings = settings::get(conn)?;
    let calendar = settings.calendar()?;
    let as_of = today.min(calendar.last_day(quarter));
    let currency = settings.currency;
    let months: Vec<String> = calendar
        .months(quarter)
        .iter()
        .map(|(y, m)| format!("{y:04}-{m:02}"))
        .collect();
    // Charts look back six months from the report date, so a quarter in progress has a trend.
    let trailing = series::recent_periods(&calendar, Frequency::Monthly, as_of, TRAILING_MONTHS);
    let quarters: Vec<FiscalQuarter> = (0..4).rev().map(|back| quarter.offset(-back)).collect();
    let scorecard = series::scorecard(conn, as_of)?;
    let headline: Vec<&KpiStatusRow> = HEADLINE_KPIS
        .iter()
        .filter_map(|k| scorecard.iter().find(|r| r.key == *k))
        .collect();
    let trends = TRENDED_KPIS
        .iter()
        .map(|k| chart::kpi_trend(conn, k, as_of))
        .collect::<Result<_>>()?;
    let sheets = vec![
        // Two columns, so the Summary reads on one screen without scrolling.
        Sheet {
            name: "Summary".into(),
            blocks: vec![headline_block(&headline), roadmap_block(conn, quarter)?],
            beside: vec![
                risks_block(conn)?,
                budget_block(conn, quarter)?,
                heads_block(conn, quarter, currency)?,
            ],
            charts: Vec::new(),
        },
        Sheet {
            name: "Portfolio".into(),
            blocks: vec![portfolio_block(conn)?],
            beside: Vec::new(),
            charts: Vec::new(),
        },
        Sheet {
            name: "Headcount".into(),
            blocks: vec![positions_block(conn, currency)?],
            beside: Vec::new(),
            charts: vec![chart::heads_by_team(conn, &quarters)?],
        },
        Sheet {
            name: "Roadmap".into(),
            blocks: vec![initiatives_block(conn, quarter)?],
            beside: Vec::new(),
            charts: Vec::new(),
        },
        Sheet {
            name: "FinOps".into(),
            blocks: vec![spend_block(conn, &months)?, unit_cost_block(conn, &months)?],
            beside: Vec::new(),
            charts: vec![
                chart::spend_by_category(conn, &trailing)?,
                chart::unit_cost_per_model(conn, &trailing)?,
            ],
        },
        Sheet {
            name: "Hiring".into(),
            blocks: vec![funnel_block(conn)?, time_to_fill_block(conn, as_of)?],
            beside: Vec::new(),
            charts: vec![chart::hiring_funnel(conn, as_of)?],
        },
        Sheet {
            name: "KPIs".into(),
            blocks: vec![kpi_block(
                "KPI scorecard",
                "KPI_scorecard",
                &scorecard.iter().collect::<Vec<_>>(),
            )],
            beside: Vec::new(),
            charts: trends,
        },
    ];
    Ok(ExecutiveReport {
        org_name: settings.org_name,
        quarter,
        as_of,
        currency: currency.as_str().to_string(),
        sheets,
    })
}

fn trend_text(trend: Option<Trend>) -> Cell {
    Cell::text(match trend {
        Some(Trend::Improving) => "improving",
        Some(Trend::Worsening) => "worsening",
        Some(Trend::Flat) => "flat",
        None => "",
    })
}

fn money(minor: i64, currency: Currency) -> Cell {
    Cell::Money(minor_to_decimal(minor, currency).to_f64().unwrap_or(0.0))
}

/// The Summary's KPIs: name, latest value against target, status and trend (the KPIs sheet has
/// every column).
fn headline_block(rows: &[&KpiStatusRow]) -> Block {
    const KEPT: [usize; 6] = [0, 1, 4, 6, 8, 9];
    let full = kpi_block("Headline KPIs", "", rows);
    let keep = |cells: &[Cell]| KEPT.iter().filter_map(|&c| cells.get(c).cloned()).collect();
    Block {
        headers: keep_headers(&full.headers, &KEPT),
        rows: full.rows.iter().map(|r| keep(r)).collect(),
        name: None,
        ..full
    }
}

fn keep_headers(headers: &[String], kept: &[usize]) -> Vec<String> {
    kept.iter()
        .filter_map(|&c| headers.get(c).cloned())
        .collect()
}

fn kpi_block(title: &str, name: &str, rows: &[&KpiStatusRow]) -> Block {
    let headers = [
        "KPI", "Unit", "Source", "Period", "Value", "Previous", "Target", "Warn at", "Status",
        "Trend",
    ];
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.name),
                Cell::text(&r.unit),
                Cell::text(r.source.as_str()),
                Cell::Text(match (&r.period, r.in_progress) {
                    (Some(p), true) => format!("{p} (to date)"),
                    (Some(p), false) => p.clone(),
                    (None, _) => String::new(),
                }),
                Cell::opt_number(r.value),
                Cell::opt_number(r.previous),
                Cell::opt_number(r.target),
                Cell::opt_number(r.warn),
                r.status.map_or(Cell::Blank, Cell::Status),
                trend_text(r.trend),
            ]
        })
        .collect();
    block(title, &headers, rows).named(name)
}

fn risks_block(conn: &Connection) -> Result<Block> {
    let mut stmt = conn.prepare(
        "SELECT title, mitigation, severity, likelihood, owner, status FROM risk WHERE status <> 'closed'
         ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
                  CASE likelihood WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, id
         LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([TOP_RISKS], |r| {
            (0..6)
                .map(|i| r.get::<_, String>(i).map(Cell::Text))
                .collect()
        })?
        .collect::<rusqlite::Result<Vec<Vec<Cell>>>>()?;
    Ok(block(
        "Top risks",
        &[
            "Risk",
            "Mitigation",
            "Severity",
            "Likelihood",
            "Owner",
            "Status",
        ],
        rows,
    ))
}

fn budget_block(conn: &Connection, quarter: FiscalQuarter) -> Result<Block> {
    let rows = unit_cost::budget::budget_vs_actual(conn, Some(quarter))?
        .into_iter()
        .map(|b| {
            vec![
                Cell::Text(budget_scope(&b)),
                money(b.budget_minor, b.currency),
                money(b.actual_minor, b.currency),
                money(b.variance_minor, b.currency),
                b.used_percent
                    .map_or(Cell::Blank, |p| Cell::Percent(p / 100.0)),
                Cell::yes_no(b.over_budget),
            ]
        })
        .collect();
    let headers = [
        "Budget",
        "Budget amount",
        "Actual",
        "Variance",
        "Used",
        "Over budget",
    ];
    Ok(block(format!("Spend against budget, {quarter}"), &headers, rows).named("Spend_vs_budget"))
}

fn heads_block(conn: &Connection, quarter: FiscalQuarter, currency: Currency) -> Result<Block> {
    let rows = headcount::headcount_plan(conn, &[quarter])?
        .into_iter()
        .map(|h| {
            vec![
                Cell::Text(h.team),
                Cell::Int(h.filled),
                Cell::Int(h.open),
                Cell::Int(h.planned),
                Cell::Int(h.joiners),
                Cell::Int(h.attrition),
                money(
                    h.cost_minor,
                    if h.currency == currency {
                        currency
                    } else {
                        h.currency
                    },
                ),
            ]
        })
        .collect();
    let headers = [
        "Team",
        "Filled",
        "Open",
        "Planned",
        "Joiners",
        "Attrition",
        "Cost in quarter",
    ];
    let title = format!("Headcount by team, end of {quarter}");
    Ok(block(title, &headers, rows)
        .with_totals(&[1, 2, 3, 4, 5, 6])
        .named("Headcount_by_team"))
}

fn roadmap_block(conn: &Connection, quarter: FiscalQuarter) -> Result<Block> {
    let predictability = kpis::roadmap_predictability(conn, quarter)?;
    let count = |status: &str| -> Result<i64> {
        Ok(conn.query_row(
            "SELECT count(*) FROM initiative WHERE quarter = ?1 AND status = ?2",
            rusqlite::params![quarter, status],
            |r| r.get(0),
        )?)
    };
    let rows = vec![
        vec![
            Cell::text("Roadmap predictability"),
            predictability.map_or(Cell::Blank, |p| Cell::Percent(p / 100.0)),
        ],
        vec![
            Cell::text("ML releases"),
            Cell::Int(kpis::ml_releases(conn, quarter)?),
        ],
        vec![
            Cell::text("Initiatives delivered"),
            Cell::Int(count("delivered")?),
        ],
        vec![
            Cell::text("Initiatives in progress"),
            Cell::Int(count("in_progress")?),
        ],
        vec![
            Cell::text("Initiatives slipped"),
            Cell::Int(count("slipped")?),
        ],
    ];
    Ok(block(
        format!("Roadmap, {quarter}"),
        &["Measure", "Value"],
        rows,
    ))
}

fn team_names(conn: &Connection) -> Result<HashMap<i64, String>> {
    Ok(entity::list::<Team>(conn)?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect())
}

fn portfolio_block(conn: &Connection) -> Result<Block> {
    let teams = team_names(conn)?;
    let mut models: Vec<Model> = entity::list(conn)?;
    models.sort_by(|a, b| (a.tier, &a.name).cmp(&(b.tier, &b.name)));
    let rows = models
        .into_iter()
        .map(|m| {
            vec![
                Cell::Text(m.name),
                Cell::Text(m.product_area),
                Cell::text(
                    m.owner_team_id
                        .and_then(|t| teams.get(&t).cloned())
                        .unwrap_or_default(),
                ),
                Cell::Int(m.tier),
                Cell::text(m.lifecycle.as_str()),
                Cell::text(m.serving.as_str()),
                Cell::yes_no(m.has_cicd),
                Cell::yes_no(m.has_monitoring),
                Cell::yes_no(m.has_lineage),
                Cell::yes_no(m.has_model_card),
                m.last_readiness_review.map_or(Cell::Blank, Cell::Date),
                Cell::text(m.risk_level.as_str()),
            ]
        })
        .collect();
    let headers = [
        "Model",
        "Product area",
        "Team",
        "Tier",
        "Lifecycle",
        "Serving",
        "CI/CD",
        "Monitoring",
        "Lineage",
        "Model card",
        "Last readiness review",
        "Risk",
    ];
    Ok(block("Models", &headers, rows).named("Portfolio_models"))
}

fn positions_block(conn: &Connection, currency: Currency) -> Result<Block> {
    let teams = team_names(conn)?;
    let mut positions: Vec<Position> = entity::list(conn)?;
    positions.sort_by_key(|p| (p.team_id, p.id));
    let rows = positions
        .into_iter()
        .filter(|p| p.currency == currency)
        .map(|p| {
            vec![
                Cell::text(teams.get(&p.team_id).cloned().unwrap_or_default()),
                Cell::Text(p.role),
                Cell::Text(p.level),
                Cell::text(p.status.as_str()),
                Cell::Text(p.person),
                p.start_date.map_or(Cell::Blank, Cell::Date),
                p.end_date.map_or(Cell::Blank, Cell::Date),
                Cell::Percent(p.allocation_percent as f64 / 100.0),
                money(p.loaded_cost_minor, p.currency),
            ]
        })
        .collect();
    let headers = [
        "Team",
        "Role",
        "Level",
        "Status",
        "Person",
        "Start",
        "End",
        "Allocation",
        "Loaded annual cost",
    ];
    Ok(
        block(format!("Positions ({})", currency.as_str()), &headers, rows)
            .with_totals(&[8])
            .named("Positions"),
    )
}

fn initiatives_block(conn: &Connection, quarter: FiscalQuarter) -> Result<Block> {
    let mut stmt = conn.prepare(
        "SELECT i.rank, i.title, i.kind, t.name, i.status, i.effort_pw, i.releases_model, i.outcome_metric
         FROM initiative i JOIN team t ON t.id = i.team_id WHERE i.quarter = ?1 ORDER BY i.rank, i.id",
    )?;
    let rows = stmt
        .query_map([quarter], |r| {
            Ok(vec![
                Cell::Int(r.get(0)?),
                Cell::Text(r.get(1)?),
                Cell::Text(r.get(2)?),
                Cell::Text(r.get(3)?),
                Cell::Text(r.get(4)?),
                Cell::Number(r.get(5)?),
                Cell::yes_no(r.get(6)?),
                Cell::Text(r.get(7)?),
            ])
        })?
        .collect::<rusqlite::Result<_>>()?;
    let headers = [
        "Rank",
        "Initiative",
        "Kind",
        "Team",
        "Status",
        "Effort (person-weeks)",
        "Releases a model",
        "Outcome",
    ];
    Ok(block(format!("Initiatives, {quarter}"), &headers, rows)
        .with_totals(&[5])
        .named("Roadmap_initiatives"))
}

fn spend_block(conn: &Connection, months: &[String]) -> Result<Block> {
    let report = unit_cost::spend_by::spend_by(conn, unit_cost::spend_by::SpendBy::Category)?;
    let rows = report
        .rows
        .into_iter()
        .filter(|r| months.contains(&r.month))
        .map(|r| {
            vec![
                Cell::Text(r.month),
                Cell::Text(r.key),
                Cell::Money(r.effective_cost.0.to_f64().unwrap_or(0.0)),
                Cell::Money(r.billed_cost.0.to_f64().unwrap_or(0.0)),
                Cell::Int(r.lines),
            ]
        })
        .collect();
    let headers = [
        "Month",
        "Category",
        "Effective cost",
        "Billed cost",
        "Billing lines",
    ];
    let title = format!("Cloud spend by month and category ({})", report.currency);
    Ok(block(title, &headers, rows)
        .with_totals(&[2, 3, 4])
        .named("Spend_by_category"))
}

fn unit_cost_block(conn: &Connection, months: &[String]) -> Result<Block> {
    let amount = |a: Option<quartermaster_core::values::amount::Amount>| {
        a.and_then(|a| a.0.to_f64())
            .map_or(Cell::Blank, Cell::Money)
    };
    let rows = unit_cost::unit_costs(conn, None)?
        .rows
        .into_iter()
        .filter(|r| months.contains(&r.month))
        .map(|r| {
            vec![
                Cell::Text(r.model),
                Cell::Text(r.month),
                Cell::Money(r.spend.0.to_f64().unwrap_or(0.0)),
                Cell::Int(r.inferences),
                Cell::Int(r.training_runs),
                amount(r.cost_per_1k_inferences),
                amount(r.cost_per_training_run),
            ]
        })
        .collect();
    let headers = [
        "Model",
        "Month",
        "Spend",
        "Inferences",
        "Training runs",
        "Cost per 1k inferences",
        "Cost per training run",
    ];
    Ok(block("Unit cost per model", &headers, rows)
        .with_totals(&[2, 3, 4])
        .named("Unit_costs"))
}

fn funnel_block(conn: &Connection) -> Result<Block> {
    let funnel = metrics::funnel(conn, None)?;
    let rows = funnel
        .steps
        .iter()
        .map(|s| {
            vec![
                Cell::text(s.stage.as_str()),
                Cell::Int(s.reached as i64),
                s.conversion_percent
                    .map_or(Cell::Blank, |p| Cell::Percent(p / 100.0)),
            ]
        })
        .collect();
    Ok(block(
        "Hiring funnel, all requisitions",
        &["Stage", "Reached", "Conversion from previous"],
        rows,
    )
    .named("Hiring_funnel"))
}

fn time_to_fill_block(conn: &Connection, as_of: NaiveDate) -> Result<Block> {
    let rows = metrics::time_to_fill(conn, as_of)?
        .into_iter()
        .map(|t| {
            vec![
                Cell::Text(t.title),
                Cell::Date(t.opened_on),
                t.filled_on.map_or(Cell::Blank, Cell::Date),
                t.days.map_or(Cell::Blank, Cell::Int),
                t.open_for_days.map_or(Cell::Blank, Cell::Int),
            ]
        })
        .collect();
    let headers = [
        "Requisition",
        "Opened",
        "Filled",
        "Days to fill",
        "Open for (days)",
    ];
    Ok(block(
        format!("Time to fill, as of {as_of}"),
        &headers,
        rows,
    ))
}
