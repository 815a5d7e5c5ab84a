//! Reports: exports written by the report crate to a folder the user picks.

use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandResult;
use crate::state::AppState;

/// Asks for a folder and writes one CSV per table into it; returns the files written,
/// or `None` when the user cancels.
#[tauri::command]
pub async fn export_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<Vec<String>>> {
    let mut dialog = app
        .dialog()
        .file()
        .set_title("Export CSV files into a folder");
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let Some(dir) = dialog
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    let files = state.read(|store| quartermaster_report::csv::export_all(store.conn(), &dir))?;
    Ok(Some(
        files.iter().map(|f| f.display().to_string()).collect(),
    ))
}
