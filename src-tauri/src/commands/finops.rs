//! FinOps commands: billing and usage imports with progress and cancel, the list of imports
//! and undo, allocation rules (live preview, reordering), unit costs and their trend charts.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use quartermaster_core::finops::allocation::{self, AllocationPreview};
use quartermaster_core::finops::import::run::{
    self, ImportKind, ImportListed, ImportRun, RunProgress,
};
use quartermaster_core::finops::import::{self, ImportOptions};
use quartermaster_core::finops::{AllocationRule, ImportBatch};
use quartermaster_report::finops_chart::{self, UnitCostsWithCharts};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::dialogs;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Set by `finops_import_cancel`, read by the running import's progress callback (the import
/// holds the store, so cancelling must not need it).
static CANCEL_IMPORT: AtomicBool = AtomicBool::new(false);

/// The unit-cost page: unit costs, spend breakdowns and budgets of a month (default: the
/// latest with data) and the trend charts (SVG) of the twelve months up to it, in the window's
/// theme, all from one allocation of spend.
#[tauri::command]
pub async fn finops_unit_costs(
    state: State<'_, AppState>,
    month: Option<String>,
    dark: bool,
) -> CommandResult<UnitCostsWithCharts> {
    state.read(|store| finops_chart::unit_costs_page(store.conn(), month.as_deref(), dark))
}

/// Asks for the files to import with the native dialog; `None` when the user cancels.
#[tauri::command]
pub async fn finops_pick_files<R: Runtime>(
    app: AppHandle<R>,
    kind: ImportKind,
) -> CommandResult<Option<Vec<String>>> {
    let (title, filter, extensions): (&str, &str, &[&str]) = match kind {
        ImportKind::Focus => (
            "Import billing (FOCUS CSV or Parquet)",
            "FOCUS billing export",
            &["csv", "gz", "parquet"],
        ),
        ImportKind::Usage => ("Import usage (CSV)", "Usage CSV", &["csv"]),
    };
    let picked = dialogs::open_files(&app, title, (filter, extensions));
    Ok(picked.map(|files| files.iter().map(|p| p.display().to_string()).collect()))
}

/// Imports `paths` in order (each file all or nothing), sending progress on `on_progress`;
/// `finops_import_cancel` stops it, rolling back the file being read.
#[tauri::command]
pub async fn finops_import<R: Runtime>(
    app: AppHandle<R>,
    kind: ImportKind,
    paths: Vec<String>,
    replace: bool,
    on_progress: Channel<RunProgress>,
) -> CommandResult<ImportRun> {
    CANCEL_IMPORT.store(false, Ordering::SeqCst);
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let now = super::now();
    let work = move || -> CommandResult<ImportRun> {
        let state = app.state::<AppState>();
        let mut report = |progress: &RunProgress| {
            // A window that stopped listening does not stop the import; only Cancel does.
            let _ = on_progress.send(progress.clone());
            !CANCEL_IMPORT.load(Ordering::SeqCst)
        };
        state.guarded("before import", now, |store| {
            run::import_files(
                store,
                kind,
                &paths,
                ImportOptions { replace },
                now,
                &mut report,
            )
        })
    };
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| CommandError::new("app", format!("the import stopped unexpectedly: {e}")))?
}

/// Asks the running import to stop (the file being read is rolled back).
#[tauri::command]
pub fn finops_import_cancel() {
    CANCEL_IMPORT.store(true, Ordering::SeqCst);
}

/// Every import, newest first, with warnings and exact totals.
#[tauri::command]
pub async fn finops_imports(state: State<'_, AppState>) -> CommandResult<Vec<ImportListed>> {
    state.read(|store| run::imports(store.conn()))
}

/// Undoes an import: its lines go, usage it overwrote comes back.
#[tauri::command]
pub async fn finops_import_undo(state: State<'_, AppState>, id: i64) -> CommandResult<ImportBatch> {
    let now = super::now();
    state.guarded_write(&format!("before undo of import {id}"), now, |tx| {
        import::undo(tx, id, now)
    })
}

/// What `rules` (saved or still being edited) would catch of the stored spend.
#[tauri::command]
pub async fn finops_allocation_preview(
    state: State<'_, AppState>,
    rules: Vec<AllocationRule>,
    month: Option<String>,
) -> CommandResult<AllocationPreview> {
    state.read(|store| allocation::preview(store.conn(), rules, month.as_deref()))
}

/// Puts the allocation rules in the order of `ids` (first is tried first).
#[tauri::command]
pub async fn finops_allocation_reorder(
    state: State<'_, AppState>,
    ids: Vec<i64>,
) -> CommandResult<Vec<AllocationRule>> {
    let now = super::now();
    state.write(|tx| allocation::reorder(tx, &ids, now))
}
