//! The quarterly executive report: built once from the store as sheets of tables and charts,
//! then written as a native .xlsx (formats, formulas, charts, defined names), CSV files,
//! PNG charts or a printable HTML one-pager — the same numbers in every format.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use quartermaster_core::kpi::series::{self, KpiStatusRow, Trend};
use quartermaster_core::kpi::status::KpiStatus;
use quartermaster_core::kpi::Frequency;
use quartermaster_core::org::{Position, Team};
use quartermaster_core::portfolio::Model;
use quartermaster_core::store::entity::{self, Timestamp};
use quartermaster_core::values::money::{minor_to_decimal, Currency};
use quartermaster_core::values::quarter::FiscalQuarter;
use quartermaster_core::{
    finops::unit_cost, hiring::metrics, org::settings, roadmap::headcount, roadmap::kpis, Error,
    Result,
};
use rusqlite::Connection;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::utility::{row_col_to_cell, worksheet_range_absolute};
use rust_xlsxwriter::{
    Chart as XlsxChart, ChartType, Color, DocProperties, Format, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};

use crate::chart::{self, Chart, ChartKind, Theme};
use crate::write;

/// One cell of a report table; the type decides the Excel number format.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Number(f64),
    /// An amount in the reporting currency.
    Money(f64),
    /// A fraction: 0.75 is shown as 75.0%.
    Percent(f64),
    Date(NaiveDate),
    Status(KpiStatus),
    Blank,
}

/// A titled table: header row, data rows, and the columns that get a total row.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Columns summed in a total row (an Excel `SUM` formula in the workbook).
    pub totals: Vec<usize>,
    /// Defined name for the data range, e.g. `Spend_by_category`.
    pub name: Option<String>,
}

/// A sheet: tables from top to bottom, then the charts with their data.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub blocks: Vec<Block>,
    pub charts: Vec<Chart>,
}

/// The executive report of one quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutiveReport {
    pub org_name: String,
    pub quarter: FiscalQuarter,
    /// The last day of the quarter, or today when the quarter is not over.
    pub as_of: NaiveDate,
    pub currency: String,
    pub sheets: Vec<Sheet>,
}

/// The export formats of `quartermaster report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Xlsx,
    Csv,
    Png,
    Html,
}

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
const CHART_SIZE: (u32, u32) = (800, 420);
/// Rows a native chart takes up, so the next table starts below it.
const CHART_ROWS: u32 = 17;

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
        Sheet {
            name: "Summary".into(),
            blocks: vec![
                kpi_block("Headline KPIs", None, &headline),
                risks_block(conn)?,
                budget_block(conn, quarter)?,
                heads_block(conn, quarter, currency)?,
                roadmap_block(conn, quarter)?,
            ],
            charts: Vec::new(),
        },
        Sheet {
            name: "Portfolio".into(),
            blocks: vec![portfolio_block(conn)?],
            charts: Vec::new(),
        },
        Sheet {
            name: "Headcount".into(),
            blocks: vec![positions_block(conn, currency)?],
            charts: vec![chart::heads_by_team(conn, &quarters)?],
        },
        Sheet {
            name: "Roadmap".into(),
            blocks: vec![initiatives_block(conn, quarter)?],
            charts: Vec::new(),
        },
        Sheet {
            name: "FinOps".into(),
            blocks: vec![spend_block(conn, &months)?, unit_cost_block(conn, &months)?],
            charts: vec![
                chart::spend_by_category(conn, &trailing)?,
                chart::unit_cost_per_model(conn, &trailing)?,
            ],
        },
        Sheet {
            name: "Hiring".into(),
            blocks: vec![funnel_block(conn)?, time_to_fill_block(conn, as_of)?],
            charts: vec![chart::hiring_funnel(conn, as_of)?],
        },
        Sheet {
            name: "KPIs".into(),
            blocks: vec![kpi_block(
                "KPI scorecard",
                Some("KPI_scorecard"),
                &scorecard.iter().collect::<Vec<_>>(),
            )],
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

/// Builds the report and writes it to `out` in `format`; `now` is the workbook's creation time.
/// Returns the files written.
pub fn export(
    conn: &Connection,
    quarter: FiscalQuarter,
    today: NaiveDate,
    now: Timestamp,
    format: ReportFormat,
    out: &Path,
) -> Result<Vec<PathBuf>> {
    write_as(&build(conn, quarter, today)?, format, out, now)
}

/// Writes a built report to `out` in `format`; returns the files written.
fn write_as(
    report: &ExecutiveReport,
    format: ReportFormat,
    out: &Path,
    now: Timestamp,
) -> Result<Vec<PathBuf>> {
    match format {
        ReportFormat::Xlsx => write_xlsx(report, out, now).map(|()| vec![out.to_path_buf()]),
        ReportFormat::Csv => write_csv_folder(report, out),
        ReportFormat::Png => write_png_folder(report, out),
        ReportFormat::Html => write_html(report, out).map(|()| vec![out.to_path_buf()]),
    }
}

/// What an export wrote, for the app to show.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Written {
    /// `FY2027-Q1`.
    pub quarter: String,
    pub as_of: NaiveDate,
    /// The files written (one for xlsx and html, one per sheet or chart for csv and png).
    pub files: Vec<PathBuf>,
    /// The report's sheets, in order.
    pub sheets: Vec<String>,
    /// How many charts the report holds.
    pub charts: usize,
}

impl ReportFormat {
    /// Parses `xlsx`, `csv`, `png` or `html`.
    pub fn parse(text: &str) -> Result<ReportFormat> {
        match text {
            "xlsx" => Ok(ReportFormat::Xlsx),
            "csv" => Ok(ReportFormat::Csv),
            "png" => Ok(ReportFormat::Png),
            "html" => Ok(ReportFormat::Html),
            other => Err(Error::invalid(
                "format",
                format!("Format must be xlsx, csv, png or html, not {other:?}"),
            )),
        }
    }

    /// Whether the format writes a folder of files rather than one file.
    pub fn is_folder(self) -> bool {
        matches!(self, ReportFormat::Csv | ReportFormat::Png)
    }
}

/// [`export`] for the app: the same files, and a description of what was written.
pub fn export_described(
    conn: &Connection,
    quarter: FiscalQuarter,
    today: NaiveDate,
    now: Timestamp,
    format: ReportFormat,
    out: &Path,
) -> Result<Written> {
    if out.as_os_str().is_empty() {
        return Err(Error::invalid("path", "Choose where to save the report"));
    }
    let report = build(conn, quarter, today)?;
    let files = write_as(&report, format, out, now)?;
    Ok(Written {
        quarter: report.quarter.to_string(),
        as_of: report.as_of,
        files,
        sheets: report.sheets.iter().map(|s| s.name.clone()).collect(),
        charts: report.sheets.iter().map(|s| s.charts.len()).sum(),
    })
}

// -- Tables --------------------------------------------------------------------------------------

fn block(title: impl Into<String>, headers: &[&str], rows: Vec<Vec<Cell>>) -> Block {
    Block {
        title: title.into(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
        totals: Vec::new(),
        name: None,
    }
}

impl Block {
    fn with_totals(mut self, columns: &[usize]) -> Block {
        self.totals = columns.to_vec();
        self
    }

    fn named(mut self, name: &str) -> Block {
        self.name = Some(name.into());
        self
    }

    /// The sum of a column's numbers (what the total formula evaluates to).
    pub fn total(&self, column: usize) -> f64 {
        self.rows
            .iter()
            .filter_map(|r| r.get(column).and_then(Cell::number))
            .sum()
    }
}

impl Cell {
    fn number(&self) -> Option<f64> {
        match self {
            Cell::Int(v) => Some(*v as f64),
            Cell::Number(v) | Cell::Money(v) | Cell::Percent(v) => Some(*v),
            _ => None,
        }
    }

    fn opt_number(value: Option<f64>) -> Cell {
        value.map_or(Cell::Blank, Cell::Number)
    }

    fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    fn yes_no(value: bool) -> Cell {
        Cell::text(if value { "yes" } else { "no" })
    }

    /// The cell as plain text, for CSV and HTML.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Int(v) => v.to_string(),
            Cell::Number(v) => format!("{}", (v * 100.0).round() / 100.0),
            Cell::Money(v) => format!("{v:.2}"),
            Cell::Percent(v) => format!("{:.1}%", v * 100.0),
            Cell::Date(d) => d.to_string(),
            Cell::Status(s) => rag(*s).to_string(),
            Cell::Blank => String::new(),
        }
    }
}

fn rag(status: KpiStatus) -> &'static str {
    match status {
        KpiStatus::OnTarget => "green",
        KpiStatus::Near => "amber",
        KpiStatus::OffTarget => "red",
    }
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

fn kpi_block(title: &str, name: Option<&str>, rows: &[&KpiStatusRow]) -> Block {
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
    let b = block(title, &headers, rows);
    match name {
        Some(n) => b.named(n),
        None => b,
    }
}

fn risks_block(conn: &Connection) -> Result<Block> {
    let mut stmt = conn.prepare(
        "SELECT title, severity, likelihood, owner, status, mitigation FROM risk WHERE status <> 'closed'
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
            "Severity",
            "Likelihood",
            "Owner",
            "Status",
            "Mitigation",
        ],
        rows,
    ))
}

fn budget_block(conn: &Connection, quarter: FiscalQuarter) -> Result<Block> {
    let rows = unit_cost::budget_vs_actual(conn, Some(quarter))?
        .into_iter()
        .map(|b| {
            let scope = match (&b.team, b.category) {
                (Some(team), Some(c)) => format!("{team} / {}", c.as_str()),
                (Some(team), None) => team.clone(),
                (None, Some(c)) => c.as_str().to_string(),
                (None, None) => "Organisation".into(),
            };
            vec![
                Cell::Text(scope),
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
    let report = unit_cost::spend_by(conn, unit_cost::SpendBy::Category)?;
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

/// The data behind a chart as a table: one row per category, one column per series (and target).
pub fn chart_block(chart: &Chart) -> Block {
    let mut headers = vec!["".to_string()];
    headers.extend(chart.series.iter().map(|s| s.name.clone()));
    if chart.target.is_some() {
        headers.push("Target".into());
    }
    let rows = chart
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let mut row = vec![Cell::text(category)];
            row.extend(
                chart
                    .series
                    .iter()
                    .map(|s| Cell::opt_number(s.values.get(i).copied().flatten())),
            );
            row.extend(chart.target.map(Cell::Number));
            row
        })
        .collect();
    Block {
        title: chart.title.clone(),
        headers,
        rows,
        totals: Vec::new(),
        name: None,
    }
}

fn report_title(report: &ExecutiveReport) -> String {
    format!(
        "{}: executive report {} (as of {})",
        report.org_name, report.quarter, report.as_of
    )
}

// -- xlsx ----------------------------------------------------------------------------------------

struct Styles {
    title: Format,
    block_title: Format,
    header: Format,
    total_label: Format,
    money: Format,
    money_total: Format,
    percent: Format,
    number: Format,
    int: Format,
    date: Format,
    status: [Format; 3],
}

impl Styles {
    fn new(currency: &str) -> Styles {
        let money = format!("[${currency}] #,##0.00");
        let total = Format::new().set_bold().set_border_top(FormatBorder::Thin);
        let fill = |rgb| Format::new().set_background_color(Color::RGB(rgb));
        Styles {
            title: Format::new().set_bold().set_font_size(16),
            block_title: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDE5F0))
                .set_border_bottom(FormatBorder::Thin),
            total_label: total.clone(),
            money_total: total.set_num_format(&money),
            money: Format::new().set_num_format(money),
            percent: Format::new().set_num_format("0.0%"),
            number: Format::new().set_num_format("#,##0.00"),
            int: Format::new().set_num_format("#,##0"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            status: [fill(0xC6EFCE), fill(0xFFEB9C), fill(0xFFC7CE)],
        }
    }

    fn of(&self, cell: &Cell) -> &Format {
        match cell {
            Cell::Money(_) => &self.money,
            Cell::Percent(_) => &self.percent,
            Cell::Int(_) => &self.int,
            Cell::Date(_) => &self.date,
            Cell::Status(KpiStatus::OnTarget) => &self.status[0],
            Cell::Status(KpiStatus::Near) => &self.status[1],
            Cell::Status(KpiStatus::OffTarget) => &self.status[2],
            _ => &self.number,
        }
    }
}

/// The workbook's bytes; `now` is its creation time, so the same data and `now` give the same bytes.
pub fn xlsx_bytes(report: &ExecutiveReport, now: Timestamp) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    fill_workbook(&mut workbook, report, now).map_err(xlsx_error)?;
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// Writes the workbook to `path` through a temporary file.
pub fn write_xlsx(report: &ExecutiveReport, path: &Path, now: Timestamp) -> Result<()> {
    let bytes = xlsx_bytes(report, now)?;
    write::atomically(path, |out: &mut dyn Write| {
        out.write_all(&bytes)
            .map_err(|e| Error::io(path.display(), e))
    })
}

fn xlsx_error(err: XlsxError) -> Error {
    Error::io(
        "executive workbook",
        format!("cannot build the spreadsheet: {err}"),
    )
}

fn fill_workbook(
    workbook: &mut Workbook,
    report: &ExecutiveReport,
    now: Timestamp,
) -> Result<(), XlsxError> {
    let properties = DocProperties::new()
        .set_title(report_title(report))
        .set_company(&report.org_name)
        .set_creation_datetime(&now);
    workbook.set_properties(&properties);
    let styles = Styles::new(&report.currency);
    for sheet in &report.sheets {
        let worksheet = workbook.add_worksheet().set_name(&sheet.name)?;
        let mut names = Vec::new();
        let mut row = 0;
        if sheet.name == "Summary" {
            worksheet.write_string_with_format(0, 0, report_title(report), &styles.title)?;
            row = 2;
        }
        let mut widths: Vec<usize> = Vec::new();
        for (i, block) in sheet.blocks.iter().enumerate() {
            let first_table = i == 0 && sheet.name != "Summary";
            let (next, range) =
                write_block(worksheet, &styles, block, row, first_table, &mut widths)?;
            if let (Some(name), Some(range)) = (&block.name, range) {
                names.push((name.clone(), range));
            }
            row = next + 1;
        }
        for chart in &sheet.charts {
            let data = chart_block(chart);
            let header_row = row + 1;
            let (next, _) = write_block(worksheet, &styles, &data, row, false, &mut widths)?;
            let native = native_chart(&sheet.name, chart, header_row, next.saturating_sub(1));
            worksheet.insert_chart(row, data.headers.len() as u16 + 1, &native)?;
            row = (next + 1).max(row + CHART_ROWS);
        }
        for (c, width) in widths.iter().enumerate() {
            worksheet.set_column_width(c as u16, (*width as f64 + 2.0).min(60.0))?;
        }
        for (name, range) in names {
            workbook.define_name(name, &format!("={range}"))?;
        }
    }
    Ok(())
}

/// Writes a block at `row`; returns the row after it and the absolute range of its data.
fn write_block(
    ws: &mut Worksheet,
    styles: &Styles,
    block: &Block,
    row: u32,
    first_table: bool,
    widths: &mut Vec<usize>,
) -> Result<(u32, Option<String>), XlsxError> {
    ws.write_string_with_format(row, 0, &block.title, &styles.block_title)?;
    let header = row + 1;
    for (c, h) in block.headers.iter().enumerate() {
        ws.write_string_with_format(header, c as u16, h, &styles.header)?;
        fit(widths, c, h.chars().count());
    }
    for (r, cells) in block.rows.iter().enumerate() {
        let at = header + 1 + r as u32;
        for (c, cell) in cells.iter().enumerate() {
            write_cell(ws, styles, at, c as u16, cell)?;
            fit(widths, c, cell.display().chars().count());
        }
    }
    let last_col = block.headers.len().saturating_sub(1) as u16;
    let data_end = header + block.rows.len() as u32;
    let mut next = data_end + 1;
    if !block.totals.is_empty() && !block.rows.is_empty() {
        ws.write_string_with_format(next, 0, "Total", &styles.total_label)?;
        for &c in &block.totals {
            let column = c as u16;
            let is_money = block
                .rows
                .iter()
                .any(|r| matches!(r.get(c), Some(Cell::Money(_))));
            let sum = format!(
                "=SUM({}:{})",
                row_col_to_cell(header + 1, column),
                row_col_to_cell(data_end, column)
            );
            let formula = Formula::new(sum).set_result(block.total(c).to_string());
            let format = if is_money {
                &styles.money_total
            } else {
                &styles.total_label
            };
            ws.write_formula_with_format(next, column, formula, format)?;
        }
        next += 1;
    }
    if first_table {
        ws.set_freeze_panes(header + 1, 0)?;
        if !block.rows.is_empty() {
            ws.autofilter(header, 0, data_end, last_col)?;
        }
    }
    let range = (!block.rows.is_empty())
        .then(|| worksheet_range_absolute(ws.name().as_str(), header + 1, 0, data_end, last_col));
    Ok((next, range))
}

fn fit(widths: &mut Vec<usize>, column: usize, chars: usize) {
    if widths.len() <= column {
        widths.resize(column + 1, 0);
    }
    widths[column] = widths[column].max(chars);
}

fn write_cell(
    ws: &mut Worksheet,
    styles: &Styles,
    row: u32,
    col: u16,
    cell: &Cell,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(t) => ws.write_string(row, col, t).map(|_| ()),
        Cell::Date(d) => ws
            .write_date_with_format(row, col, d, styles.of(cell))
            .map(|_| ()),
        Cell::Status(s) => ws
            .write_string_with_format(row, col, rag(*s), styles.of(cell))
            .map(|_| ()),
        Cell::Blank => Ok(()),
        other => {
            let value = other.number().unwrap_or(0.0);
            ws.write_number_with_format(row, col, value, styles.of(other))
                .map(|_| ())
        }
    }
}

/// A native Excel chart over the chart's data block (`header` row, data to `last` row).
fn native_chart(sheet: &str, chart: &Chart, header: u32, last: u32) -> XlsxChart {
    let mut native = XlsxChart::new(match chart.kind {
        ChartKind::Line => ChartType::Line,
        ChartKind::StackedBars => ChartType::ColumnStacked,
        ChartKind::Bars => ChartType::Column,
    });
    native.title().set_name(&chart.title);
    native.y_axis().set_name(&chart.y_label);
    let columns = chart.series.len() + usize::from(chart.target.is_some());
    for c in 1..=columns as u16 {
        native
            .add_series()
            .set_name((sheet, header, c))
            .set_categories((sheet, header + 1, 0, last, 0))
            .set_values((sheet, header + 1, c, last, c));
    }
    native.set_width(620).set_height(320);
    native
}

// -- CSV, PNG and HTML ---------------------------------------------------------------------------

/// Writes one CSV per sheet into the folder `dir` (created if needed); each file is written
/// through a temporary name. Returns the files written.
pub fn write_csv_folder(report: &ExecutiveReport, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
    report
        .sheets
        .iter()
        .map(|sheet| {
            let path = dir.join(format!("{}.csv", sheet.name));
            write::atomically(&path, |out: &mut dyn Write| {
                write_sheet_csv(sheet, out, &path)
            })?;
            Ok(path)
        })
        .collect()
}

fn write_sheet_csv(sheet: &Sheet, out: &mut dyn Write, path: &Path) -> Result<()> {
    let io = |e: std::io::Error| Error::io(path.display(), e);
    let blocks = sheet
        .blocks
        .iter()
        .cloned()
        .chain(sheet.charts.iter().map(chart_block));
    for (i, block) in blocks.enumerate() {
        if i > 0 {
            // A blank line between tables (an empty csv record would be written as `""`).
            out.write_all(b"\n").map_err(io)?;
        }
        let err = |e: ::csv::Error| Error::io(path.display(), e);
        let mut csv = ::csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut *out);
        csv.write_record([&block.title]).map_err(err)?;
        csv.write_record(&block.headers).map_err(err)?;
        for row in &block.rows {
            csv.write_record(row.iter().map(Cell::display))
                .map_err(err)?;
        }
        if let Some(totals) = total_row(&block) {
            csv.write_record(totals).map_err(err)?;
        }
        csv.flush().map_err(io)?;
    }
    Ok(())
}

/// The total row as text, when the block has totals.
fn total_row(block: &Block) -> Option<Vec<String>> {
    if block.totals.is_empty() || block.rows.is_empty() {
        return None;
    }
    let mut row: Vec<String> = vec![String::new(); block.headers.len()];
    if let Some(first) = row.first_mut() {
        *first = "Total".into();
    }
    for &c in &block.totals {
        if let Some(slot) = row.get_mut(c) {
            *slot = format!("{}", (block.total(c) * 100.0).round() / 100.0);
        }
    }
    Some(row)
}

/// Writes every chart of the report as `<slug>.png` into the folder `dir`.
pub fn write_png_folder(report: &ExecutiveReport, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
    let theme = Theme::light();
    report
        .sheets
        .iter()
        .flat_map(|s| s.charts.iter())
        .map(|c| {
            let bytes = chart::png(c, CHART_SIZE, &theme)?;
            let path = dir.join(format!("{}.png", c.slug));
            write::atomically(&path, |out: &mut dyn Write| {
                out.write_all(&bytes)
                    .map_err(|e| Error::io(path.display(), e))
            })?;
            Ok(path)
        })
        .collect()
}

const HTML_STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}h1{font-size:1.5em}h2{margin-top:1.5em;\
border-bottom:2px solid #345}table{border-collapse:collapse;margin:.5em 0;font-size:.85em}th,td{border:1px solid #ccc;\
padding:.2em .5em;text-align:left}td.n{text-align:right}tr.total td{font-weight:bold}.green{background:#C6EFCE}\
.amber{background:#FFEB9C}.red{background:#FFC7CE}.chart svg{max-width:100%;height:auto}\
@page{size:A4 landscape;margin:12mm}@media print{body{margin:0}h2{break-before:page}table,.chart{break-inside:avoid}}";

/// Writes a self-contained HTML one-pager (inline SVG charts, print CSS) to `path`.
pub fn write_html(report: &ExecutiveReport, path: &Path) -> Result<()> {
    let html = html(report)?;
    write::atomically(path, |out: &mut dyn Write| {
        out.write_all(html.as_bytes())
            .map_err(|e| Error::io(path.display(), e))
    })
}

/// The HTML one-pager as text.
pub fn html(report: &ExecutiveReport) -> Result<String> {
    let theme = Theme::light();
    let title = escape(&report_title(report));
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{HTML_STYLE}</style></head><body>\n<h1>{title}</h1>\n"
    );
    for sheet in &report.sheets {
        let _ = writeln!(page, "<h2>{}</h2>", escape(&sheet.name));
        for block in &sheet.blocks {
            html_table(&mut page, block);
        }
        for chart in &sheet.charts {
            let svg = chart::svg(chart, CHART_SIZE, &theme)?;
            let svg = svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]);
            let _ = writeln!(page, "<div class=\"chart\">{svg}</div>");
        }
    }
    page.push_str("</body></html>\n");
    Ok(page)
}

fn html_table(page: &mut String, block: &Block) {
    let _ = write!(page, "<h3>{}</h3><table><thead><tr>", escape(&block.title));
    for h in &block.headers {
        let _ = write!(page, "<th>{}</th>", escape(h));
    }
    page.push_str("</tr></thead><tbody>\n");
    for row in &block.rows {
        page.push_str("<tr>");
        for cell in row {
            let class = match cell {
                Cell::Status(s) => rag(*s),
                c if c.number().is_some() => "n",
                _ => "",
            };
            let _ = write!(
                page,
                "<td class=\"{class}\">{}</td>",
                escape(&cell.display())
            );
        }
        page.push_str("</tr>\n");
    }
    if let Some(totals) = total_row(block) {
        page.push_str("<tr class=\"total\">");
        for t in totals {
            let _ = write!(page, "<td class=\"n\">{}</td>", escape(&t));
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table>\n");
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

// -- Benchmark -----------------------------------------------------------------------------------

/// Times the demo organisation's executive workbook and a 1,000,000-row cost sheet written in
/// constant-memory mode; returns the figures as text. Files go to the system temp folder.
pub fn bench_workbook() -> Result<String> {
    let mut store = quartermaster_core::Store::open_in_memory()?;
    store.with_tx(|tx| quartermaster_core::demo::create(tx).map(|_| ()))?;
    let now = quartermaster_core::demo::demo_now()?;
    let today = now.date_naive();
    let quarter: FiscalQuarter = "FY2027-Q1".parse()?;
    let dir = std::env::temp_dir().join(format!("quartermaster-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(dir.display(), e))?;
    let started = Instant::now();
    let report = build(store.conn(), quarter, today)?;
    let built = started.elapsed();
    write_xlsx(&report, &dir.join("executive.xlsx"), now)?;
    let demo = started.elapsed();
    let rows = 1_000_000;
    let big = dir.join("costs.xlsx");
    let started = Instant::now();
    write_cost_sheet(&big, rows).map_err(xlsx_error)?;
    let million = started.elapsed();
    let size = std::fs::metadata(&big).map(|m| m.len()).unwrap_or(0);
    let python = python_cost_sheet(&dir.join("costs-python.xlsx"), rows);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(format!(
        "executive workbook (demo org, {quarter}): {} ms total ({} ms building from the store)\n\
         cost sheet, {rows} rows x 5 columns, constant memory: rust_xlsxwriter {} ms, {:.1} MB\n\
         same rows, Python XlsxWriter constant_memory: {python}",
        demo.as_millis(),
        built.as_millis(),
        million.as_millis(),
        size as f64 / 1e6
    ))
}

/// The same cost sheet as [`write_cost_sheet`] written by Python XlsxWriter, timed around the
/// child process; a note instead when `python3` or XlsxWriter is missing.
fn python_cost_sheet(path: &Path, rows: u32) -> String {
    const SCRIPT: &str = r##"
import sys, datetime, xlsxwriter
path, rows = sys.argv[1], int(sys.argv[2])
wb = xlsxwriter.Workbook(path, {"constant_memory": True})
ws = wb.add_worksheet()
date = wb.add_format({"num_format": "yyyy-mm-dd"})
money = wb.add_format({"num_format": "#,##0.00"})
services = ["compute", "storage", "network", "ml-platform", "database"]
for c, h in enumerate(["Date", "Account", "Service", "Cost", "Quantity"]):
    ws.write_string(0, c, h)
first = 46023.0
for r in range(1, rows + 1):
    ws.write_number(r, 0, first + r % 365, date)
    ws.write_string(r, 1, "acct-%04d" % (r % 1000))
    ws.write_string(r, 2, services[r % 5])
    ws.write_number(r, 3, (r % 10000) / 100.0, money)
    ws.write_number(r, 4, r % 97)
wb.close()
"##;
    let started = Instant::now();
    let run = std::process::Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(path)
        .arg(rows.to_string())
        .output();
    match run {
        Ok(out) if out.status.success() => format!("{} ms", started.elapsed().as_millis()),
        Ok(out) => format!(
            "not run ({})",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("failed")
        ),
        Err(e) => format!("not run (python3: {e})"),
    }
}

/// A synthetic cost sheet (date, account, service, cost, quantity) in constant-memory mode.
pub fn write_cost_sheet(path: &Path, rows: u32) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("#,##0.00");
    let services = ["compute", "storage", "network", "ml-platform", "database"];
    let ws = workbook.add_worksheet_with_constant_memory()?;
    for (c, h) in ["Date", "Account", "Service", "Cost", "Quantity"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h)?;
    }
    let start = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 1, 1)?;
    let first_day = start.to_excel();
    for r in 1..=rows {
        ws.write_number_with_format(r, 0, first_day + f64::from(r % 365), &date)?;
        ws.write_string(r, 1, format!("acct-{:04}", r % 1000))?;
        ws.write_string(r, 2, services[(r % 5) as usize])?;
        ws.write_number_with_format(r, 3, f64::from(r % 10_000) / 100.0, &money)?;
        ws.write_number(r, 4, f64::from(r % 97))?;
    }
    workbook.save(path)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
    use quartermaster_core::{demo, Store};
    use std::io::Read;

    /// The executive report's sheets, in order.
    const SHEETS: [&str; 7] = [
        "Summary",
        "Portfolio",
        "Headcount",
        "Roadmap",
        "FinOps",
        "Hiring",
        "KPIs",
    ];

    fn demo_store() -> Store {
        quartermaster_core::demo::in_memory().unwrap()
    }

    fn q1() -> FiscalQuarter {
        "FY2027-Q1".parse().unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
    }

    fn now() -> Timestamp {
        demo::demo_now().unwrap()
    }

    /// The (row, value) of column `col` in the first row whose first cell is "Total".
    fn total_in(
        wb: &mut Xlsx<std::io::BufReader<std::fs::File>>,
        sheet: &str,
        col: usize,
    ) -> (u32, f64) {
        let range = wb.worksheet_range(sheet).unwrap();
        let (r, row) = range
            .rows()
            .enumerate()
            .find(|(_, row)| row.first() == Some(&Data::String("Total".into())))
            .unwrap();
        let value = match &row[col] {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            other => panic!("{other:?}"),
        };
        (range.start().unwrap().0 + r as u32, value)
    }

    fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut file = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                file.read_to_end(&mut data).unwrap();
                (file.name().unwrap().to_string(), data)
            })
            .collect()
    }

    #[test]
    fn workbook_reads_back_with_sheets_totals_formulas_names_and_charts() {
        let store = demo_store();
        let conn = store.conn();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.xlsx");
        export(conn, q1(), today(), now(), ReportFormat::Xlsx, &path).unwrap();
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(wb.sheet_names(), SHEETS);

        // Loaded annual cost of all positions, from the database.
        let cost_minor: i64 = conn
            .query_row(
                "SELECT sum(loaded_cost_minor) FROM position WHERE currency = 'USD'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let (row, total) = total_in(&mut wb, "Headcount", 8);
        assert!(
            (total - cost_minor as f64 / 100.0).abs() < 0.005,
            "{total} vs {cost_minor}"
        );
        let formulas = wb.worksheet_formula("Headcount").unwrap();
        let formula = formulas.get_value((row, 8)).unwrap();
        assert!(formula.starts_with("SUM(I"), "{formula}");

        let effort: f64 = conn
            .query_row(
                "SELECT sum(effort_pw) FROM initiative WHERE quarter = 'FY2027-Q1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let (_, total) = total_in(&mut wb, "Roadmap", 5);
        assert!((total - effort).abs() < 1e-9);

        // Cloud spend of the quarter's months, summed straight from the billing lines.
        let spend: f64 = conn
            .query_row(
                "SELECT sum(CAST(effective_cost AS REAL)) FROM cost_line WHERE billing_currency = 'USD'
                 AND substr(charge_period_start, 1, 7) IN ('2026-10', '2026-11', '2026-12')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let (_, total) = total_in(&mut wb, "FinOps", 2);
        assert!((total - spend).abs() < 0.01, "{total} vs {spend}");

        let summary = wb.worksheet_range("Summary").unwrap();
        let texts: Vec<String> = summary
            .cells()
            .filter_map(|(_, _, d)| d.as_string())
            .collect();
        for heading in [
            "Headline KPIs",
            "Top risks",
            "Spend against budget, FY2027-Q1",
            "Headcount by team, end of FY2027-Q1",
            "Roadmap, FY2027-Q1",
        ] {
            assert!(texts.iter().any(|t| t == heading), "{heading}");
        }
        let names: Vec<String> = wb.defined_names().iter().map(|(n, _)| n.clone()).collect();
        for name in [
            "Positions",
            "Spend_by_category",
            "KPI_scorecard",
            "Headcount_by_team",
        ] {
            assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
        }

        let bytes = std::fs::read(&path).unwrap();
        let charts = zip_entries(&bytes)
            .into_iter()
            .filter(|(n, _)| n.starts_with("xl/charts/chart"))
            .count();
        let expected: usize = build(conn, q1(), today())
            .unwrap()
            .sheets
            .iter()
            .map(|s| s.charts.len())
            .sum();
        assert_eq!(charts, expected);
        assert_eq!(expected, 8);
    }

    #[test]
    fn same_data_gives_the_same_bytes_apart_from_the_creation_time() {
        let store = demo_store();
        let report = build(store.conn(), q1(), today()).unwrap();
        let a = xlsx_bytes(&report, now()).unwrap();
        assert_eq!(
            a,
            xlsx_bytes(&build(store.conn(), q1(), today()).unwrap(), now()).unwrap()
        );
        let later = xlsx_bytes(&report, now() + chrono::Duration::hours(5)).unwrap();
        assert_ne!(a, later);
        let (a, later) = (zip_entries(&a), zip_entries(&later));
        assert_eq!(a.len(), later.len());
        for ((name, x), (_, y)) in a.iter().zip(&later) {
            assert_eq!(x == y, name != "docProps/core.xml", "{name}");
        }
    }

    #[test]
    fn a_failed_export_leaves_nothing_at_the_target() {
        let store = demo_store();
        let dir = tempfile::tempdir().unwrap();
        // The target is taken by a folder: the rename fails, the folder stays empty.
        let taken = dir.path().join("report.xlsx");
        std::fs::create_dir(&taken).unwrap();
        assert!(export(
            store.conn(),
            q1(),
            today(),
            now(),
            ReportFormat::Xlsx,
            &taken
        )
        .is_err());
        assert!(taken.is_dir() && std::fs::read_dir(&taken).unwrap().next().is_none());
        let missing = dir.path().join("no such folder").join("report.html");
        assert!(export(
            store.conn(),
            q1(),
            today(),
            now(),
            ReportFormat::Html,
            &missing
        )
        .is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("report.xlsx")]);
    }

    #[test]
    fn export_described_names_files_sheets_and_charts() {
        let store = demo_store();
        let dir = tempfile::tempdir().unwrap();
        let described =
            |format, out: &Path| export_described(store.conn(), q1(), today(), now(), format, out);
        let out = dir.path().join("exec.xlsx");
        let written = described(ReportFormat::parse("xlsx").unwrap(), &out).unwrap();
        assert_eq!(written.files, vec![out.clone()]);
        assert_eq!(written.sheets, SHEETS);
        assert_eq!(written.charts, 8);
        assert_eq!(written.quarter, "FY2027-Q1");
        let book: Xlsx<_> = open_workbook(&out).unwrap();
        assert_eq!(book.sheet_names(), written.sheets);
        let folder = dir.path().join("charts");
        let pngs = described(ReportFormat::Png, &folder).unwrap();
        assert_eq!(pngs.files.len(), pngs.charts);
        assert!(ReportFormat::Png.is_folder() && !ReportFormat::Html.is_folder());
        let err = ReportFormat::parse("pdf").unwrap_err();
        assert_eq!(err.field(), Some("format"));
        let err = described(ReportFormat::Html, Path::new("")).unwrap_err();
        assert_eq!(err.field(), Some("path"));
    }

    #[test]
    fn csv_png_and_html_carry_the_same_report() {
        let store = demo_store();
        let conn = store.conn();
        let dir = tempfile::tempdir().unwrap();
        let csvs = export(
            conn,
            q1(),
            today(),
            now(),
            ReportFormat::Csv,
            &dir.path().join("csv"),
        )
        .unwrap();
        assert_eq!(csvs.len(), 7);
        let report = build(conn, q1(), today()).unwrap();
        let finops = std::fs::read_to_string(dir.path().join("csv").join("FinOps.csv")).unwrap();
        let spend = &report.sheets[4].blocks[0];
        assert!(
            finops.contains(&format!(
                "Total,,{}",
                (spend.total(2) * 100.0).round() / 100.0
            )),
            "{finops}"
        );
        let pngs = export(
            conn,
            q1(),
            today(),
            now(),
            ReportFormat::Png,
            &dir.path().join("png"),
        )
        .unwrap();
        assert_eq!(pngs.len(), 8);
        assert!(pngs
            .iter()
            .all(|p| std::fs::read(p).unwrap().starts_with(b"\x89PNG")));
        let html_path = dir.path().join("report.html");
        export(conn, q1(), today(), now(), ReportFormat::Html, &html_path).unwrap();
        let html = std::fs::read_to_string(&html_path).unwrap();
        assert_eq!(html.matches("<svg").count(), 8);
        assert!(html.contains("@media print") && !html.contains("<script"));
        assert!(html.contains("Northwind"), "org name in the title");
    }

    #[test]
    #[ignore = "benchmark: cargo test --release -p quartermaster-report bench_workbook -- --ignored --nocapture"]
    fn bench_workbook_figures() {
        println!("{}", bench_workbook().unwrap());
    }
}
