//! The quarterly executive report: built once from the store as sheets of tables and charts,
//! then written as a native .xlsx (formats, formulas, charts, defined names), CSV files,
//! PNG charts or a printable HTML one-pager — the same numbers in every format.

mod blocks;
mod plain;
mod table;
#[cfg(test)]
mod tests;
mod xlsx;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use quartermaster_core::store::entity::Timestamp;
use quartermaster_core::values::quarter::FiscalQuarter;
use quartermaster_core::{Error, Result};
use rusqlite::Connection;

pub use blocks::build;
pub use plain::{html, write_csv_folder, write_html, write_png_folder};
pub use table::{chart_block, Block, Cell, ExecutiveReport, Sheet};
pub use xlsx::{write_xlsx, xlsx_bytes};

/// The export formats of `quartermaster report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Xlsx,
    Csv,
    Png,
    Html,
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
