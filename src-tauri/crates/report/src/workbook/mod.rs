//! The quarterly executive report: built once from the store as sheets of tables and charts,
//! then written as a native .xlsx (formats, formulas, charts, defined names, print setup), CSV
//! files or PNG charts — the same numbers in every format; `html` and `pdf` write the quarter's
//! one-page brief (`crate::brief`) instead.

mod blocks;
mod plain;
mod table;
#[cfg(test)]
mod test_print;
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
pub use plain::{write_csv_folder, write_png_folder};
pub use table::{chart_block, Block, Cell, ExecutiveReport, Sheet};
pub use xlsx::{write_xlsx, xlsx_bytes};

/// The export formats of `quartermaster report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Xlsx,
    Csv,
    Png,
    /// The one-page brief, printable HTML.
    Html,
    /// The one-page brief as PDF.
    Pdf,
}

/// What to write and how: the format, and for the brief whether to add the appendix page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportAs {
    pub format: ReportFormat,
    pub appendix: bool,
}

impl From<ReportFormat> for ExportAs {
    fn from(format: ReportFormat) -> ExportAs {
        ExportAs {
            format,
            appendix: false,
        }
    }
}

/// Builds the report (or the brief) and writes it to `out`; `now` is the workbook's creation
/// time. Returns the files written.
pub fn export(
    conn: &Connection,
    quarter: FiscalQuarter,
    today: NaiveDate,
    now: Timestamp,
    how: impl Into<ExportAs>,
    out: &Path,
) -> Result<Vec<PathBuf>> {
    export_described(conn, quarter, today, now, how, out).map(|w| w.files)
}

/// Writes a built report to `out` in `format` (not the brief's); returns the files written.
fn write_as(
    report: &ExecutiveReport,
    format: ReportFormat,
    out: &Path,
    now: Timestamp,
) -> Result<Vec<PathBuf>> {
    match format {
        ReportFormat::Csv => write_csv_folder(report, out),
        ReportFormat::Png => write_png_folder(report, out),
        _ => write_xlsx(report, out, now).map(|()| vec![out.to_path_buf()]),
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
    /// Pages of the brief (html, pdf); `None` for the workbook's formats.
    pub pages: Option<usize>,
}

impl ReportFormat {
    /// Parses `xlsx`, `csv`, `png`, `html` or `pdf`.
    pub fn parse(text: &str) -> Result<ReportFormat> {
        match text {
            "xlsx" => Ok(ReportFormat::Xlsx),
            "csv" => Ok(ReportFormat::Csv),
            "png" => Ok(ReportFormat::Png),
            "html" => Ok(ReportFormat::Html),
            "pdf" => Ok(ReportFormat::Pdf),
            other => Err(Error::invalid(
                "format",
                format!("Format must be xlsx, csv, png, html or pdf, not {other:?}"),
            )),
        }
    }

    /// Whether the format writes the one-page brief rather than the workbook.
    pub fn is_brief(self) -> bool {
        matches!(self, ReportFormat::Html | ReportFormat::Pdf)
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
    how: impl Into<ExportAs>,
    out: &Path,
) -> Result<Written> {
    let how = how.into();
    if out.as_os_str().is_empty() {
        return Err(Error::invalid("path", "Choose where to save the report"));
    }
    if how.format.is_brief() {
        let brief = crate::brief::build(conn, quarter, today, how.appendix)?;
        if how.format == ReportFormat::Pdf {
            crate::brief::write_pdf(&brief, out)?;
        } else {
            crate::brief::write_html(&brief, out)?;
        }
        return Ok(Written {
            quarter: brief.quarter,
            as_of: brief.as_of,
            files: vec![out.to_path_buf()],
            sheets: Vec::new(),
            charts: brief.charts.len(),
            pages: Some(1 + usize::from(brief.appendix.is_some())),
        });
    }
    let report = build(conn, quarter, today)?;
    let files = write_as(&report, how.format, out, now)?;
    Ok(Written {
        quarter: report.quarter.to_string(),
        as_of: report.as_of,
        files,
        sheets: report.sheets.iter().map(|s| s.name.clone()).collect(),
        charts: report.sheets.iter().map(|s| s.charts.len()).sum(),
        pages: None,
    })
}
