//! The report's content as data: cells, titled tables (blocks), sheets and the report itself,
//! independent of any file format, so every writer shows the same numbers.

use chrono::NaiveDate;
use quartermaster_core::kpi::status::KpiStatus;
use quartermaster_core::values::quarter::FiscalQuarter;

use crate::chart::Chart;

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
    /// Tables the workbook places beside `blocks` rather than below them, so a summary fits one
    /// screen; the other formats show them after `blocks`.
    pub beside: Vec<Block>,
    pub charts: Vec<Chart>,
}

impl Sheet {
    /// Every table of the sheet, `blocks` then `beside`.
    pub fn tables(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().chain(&self.beside)
    }
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

pub(super) fn block(title: impl Into<String>, headers: &[&str], rows: Vec<Vec<Cell>>) -> Block {
    Block {
        title: title.into(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
        totals: Vec::new(),
        name: None,
    }
}

impl Block {
    pub(super) fn with_totals(mut self, columns: &[usize]) -> Block {
        self.totals = columns.to_vec();
        self
    }

    pub(super) fn named(mut self, name: &str) -> Block {
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
    pub(super) fn number(&self) -> Option<f64> {
        match self {
            Cell::Int(v) => Some(*v as f64),
            Cell::Number(v) | Cell::Money(v) | Cell::Percent(v) => Some(*v),
            _ => None,
        }
    }

    pub(super) fn opt_number(value: Option<f64>) -> Cell {
        value.map_or(Cell::Blank, Cell::Number)
    }

    pub(super) fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    pub(super) fn yes_no(value: bool) -> Cell {
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

/// The traffic-light word of a KPI status, as shown in every format.
pub(super) fn rag(status: KpiStatus) -> &'static str {
    match status {
        KpiStatus::OnTarget => "green",
        KpiStatus::Near => "amber",
        KpiStatus::OffTarget => "red",
    }
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

/// The report's heading: organisation, quarter and report date.
pub(super) fn report_title(report: &ExecutiveReport) -> String {
    format!(
        "{}: executive report {} (as of {})",
        report.org_name, report.quarter, report.as_of
    )
}
