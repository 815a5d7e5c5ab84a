//! Reports: exports written by the report crate to a place the user picks — the tables as CSV
//! files, and the quarterly executive report (xlsx, CSV folder, PNG charts, HTML one-pager).
//! Choosing the place (a native dialog) and writing (a command taking the path) are separate
//! commands, so the writing can be driven without a dialog. The brief is also previewed.

use quartermaster_core::values::quarter::FiscalQuarter;
use quartermaster_report::brief::{self, Brief};
use quartermaster_report::workbook::{self, ExportAs, ReportFormat, Written};
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::CommandResult;
use crate::state::AppState;

/// Asks for a folder and writes one CSV per table into it; returns the files written,
/// or `None` when the user cancels.
#[tauri::command]
pub async fn export_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<Vec<String>>> {
    let Some(dir) = dialogs::pick_folder(&app, "Export CSV files into a folder") else {
        return Ok(None);
    };
    let files = state.read(|store| quartermaster_report::csv::export_all(store.conn(), &dir))?;
    Ok(Some(
        files.iter().map(|f| f.display().to_string()).collect(),
    ))
}

/// Asks where to write the executive report of `quarter` in `format`: a file (xlsx, html) or a
/// folder (csv, png). Returns the path, or `None` when the user cancels. Writes nothing.
#[tauri::command]
pub async fn report_choose_path<R: Runtime>(
    app: AppHandle<R>,
    quarter: String,
    format: String,
) -> CommandResult<Option<String>> {
    let format = ReportFormat::parse(&format)?;
    let picked = if format.is_folder() {
        let title = format!("Folder for the {quarter} executive report");
        dialogs::pick_folder(&app, &title)
    } else {
        let (extension, kind) = match format {
            ReportFormat::Html => ("html", "Web page"),
            ReportFormat::Pdf => ("pdf", "PDF document"),
            _ => ("xlsx", "Excel workbook"),
        };
        let title = format!("Save the {quarter} executive report");
        let file_name = format!("Executive report {quarter}.{extension}");
        dialogs::save_file(&app, &title, &file_name, (kind, &[extension]))
    };
    Ok(picked.map(|p| p.display().to_string()))
}

/// Writes the executive report of `quarter` as of today to `path` in `format` (through a
/// temporary file and a rename), the brief with its appendix page when `appendix`; returns
/// what was written.
#[tauri::command]
pub async fn report_export(
    state: State<'_, AppState>,
    quarter: String,
    format: String,
    path: String,
    appendix: Option<bool>,
) -> CommandResult<Written> {
    let quarter: FiscalQuarter = quarter.parse()?;
    let how = ExportAs {
        format: ReportFormat::parse(&format)?,
        appendix: appendix.unwrap_or(false),
    };
    let (today, now) = (super::today(), super::now());
    let out = std::path::PathBuf::from(path.trim());
    state.read(|store| workbook::export_described(store.conn(), quarter, today, now, how, &out))
}

/// The brief of `quarter` as of today, for the Reports page's preview: the same data (and chart
/// SVG) the HTML and PDF files are made from.
#[tauri::command]
pub async fn report_brief(state: State<'_, AppState>, quarter: String) -> CommandResult<Brief> {
    let quarter: FiscalQuarter = quarter.parse()?;
    let today = super::today();
    state.read(|store| brief::build(store.conn(), quarter, today, false))
}
