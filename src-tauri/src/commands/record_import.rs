//! The guided import's four steps (pick a file, see its first rows, map columns, map values)
//! and the import itself; each command is one call into `records::import`.

use std::path::PathBuf;

use quartermaster_core::records::import::{
    self, questions::ValueQuestion, Mapping, Outcome, Preview,
};
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::CommandResult;
use crate::state::AppState;

/// Asks for a CSV or XLSX file with the native dialog; `None` when the user cancels.
#[tauri::command]
pub async fn record_import_pick<R: Runtime>(app: AppHandle<R>) -> CommandResult<Option<String>> {
    let picked = dialogs::open_file(
        &app,
        "Import records (CSV or XLSX)",
        ("Spreadsheet", &["csv", "xlsx", "txt"]),
    );
    Ok(picked.map(|p| p.display().to_string()))
}

/// Steps 2–3: the file's first rows, the kind's fields and the mapping to start from.
#[tauri::command(async)]
pub fn record_import_preview(
    state: State<'_, AppState>,
    kind: String,
    path: PathBuf,
) -> CommandResult<Preview> {
    state.read(|store| import::preview(store.conn(), &kind, &path))
}

/// Step 4: the distinct values of the mapped status and reference columns.
#[tauri::command(async)]
pub fn record_import_values(
    state: State<'_, AppState>,
    kind: String,
    path: PathBuf,
    mapping: Mapping,
) -> CommandResult<Vec<ValueQuestion>> {
    state.read(|store| import::value_questions(store.conn(), &kind, &path, &mapping))
}

/// Checks every row and keeps nothing.
#[tauri::command(async)]
pub fn record_import_check(
    state: State<'_, AppState>,
    kind: String,
    path: PathBuf,
    mapping: Mapping,
) -> CommandResult<Outcome> {
    let now = super::now();
    state.read(|store| import::check(store.conn(), &kind, &path, &mapping, now))
}

/// Imports every row (or none) as one undo step, after a backup; saves the mapping.
#[tauri::command(async)]
pub fn record_import(
    state: State<'_, AppState>,
    kind: String,
    path: PathBuf,
    mapping: Mapping,
) -> CommandResult<Outcome> {
    let now = super::now();
    let reason = format!("before import of {}", path.display());
    state.guarded(&reason, now, |store| {
        import::import(store, &kind, &path, &mapping, now)
    })
}
