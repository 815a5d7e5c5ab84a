//! The desktop window: chooses the organisation file, builds the Tauri app around it (generic
//! over the runtime, so `tauri::test::mock_builder()` can boot the same wiring) and registers
//! the commands.

use std::fs;
use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager, Runtime};

use crate::commands::{self, file::SessionInfo};
use crate::paths;
use crate::state::{AppState, Session};

/// Opens the window on `db` (or on the last opened file when `db` is only the default) and
/// runs until it is closed.
pub fn run(db: PathBuf) -> Result<(), String> {
    let started_at_ms = crate::process_start::started_at_ms();
    let session = Session::at(choose_file(db));
    let app = builder(tauri::Builder::default(), session, started_at_ms)
        .build(tauri::generate_context!())
        .map_err(|e| format!("cannot open the window: {e}"))?;
    app.run(|_, _| {});
    Ok(())
}

/// The app's wiring on any runtime: plugins, state, commands and the window title.
pub fn builder<R: Runtime>(
    builder: tauri::Builder<R>,
    session: Session,
    started_at_ms: f64,
) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(session, started_at_ms))
        .invoke_handler(tauri::generate_handler![
            commands::file::session_info,
            commands::file::create_demo,
            commands::file::create_organisation,
            commands::file::file_new,
            commands::file::file_open,
            commands::file::file_save_copy,
            commands::file::settings_update,
            commands::file::startup_marks,
            commands::records::record_list,
            commands::records::record_get,
            commands::records::record_save,
            commands::records::record_delete,
            commands::records::record_references,
            commands::records::search_records,
            commands::records::parse_amount,
            commands::overview::overview_get,
            commands::overview::record_counts,
            commands::reports::export_csv,
            // roadmap
            commands::roadmap::roadmap_board,
            commands::roadmap::roadmap_move,
            commands::roadmap::capacity_quarter,
            commands::roadmap::capacity_ramp_get,
            commands::roadmap::capacity_ramp_set,
            commands::roadmap::quarter_review,
            commands::roadmap::quarter_commit,
            commands::roadmap::quarter_close,
            commands::roadmap::headcount_plan,
            commands::roadmap::scenario_list,
            commands::roadmap::scenario_create,
            commands::roadmap::scenario_view,
            commands::roadmap::scenario_compare,
            commands::roadmap::scenario_move,
            commands::roadmap::scenario_resize,
            commands::roadmap::scenario_add_seat,
            commands::roadmap::scenario_remove_seat,
            commands::roadmap::scenario_seat_dates,
            commands::roadmap::scenario_promote,
            commands::roadmap::scenario_discard,
            // finops
            commands::finops::finops_summary,
            commands::finops::finops_charts,
            commands::finops::finops_pick_files,
            commands::finops::finops_import,
            commands::finops::finops_import_cancel,
            commands::finops::finops_imports,
            commands::finops::finops_import_undo,
            commands::finops::finops_allocation_preview,
            commands::finops::finops_allocation_reorder,
            // hiring
            commands::hiring::hiring_pipeline,
            commands::hiring::hiring_open_requisition,
            commands::hiring::hiring_add_candidate,
            commands::hiring::hiring_move_candidate,
            commands::hiring::hiring_hire,
            commands::hiring::hiring_stage_history,
            commands::hiring::hiring_loop,
            commands::hiring::hiring_set_dimensions,
            commands::hiring::hiring_set_loop,
            commands::hiring::hiring_book_interview,
            commands::hiring::hiring_panelists,
            commands::hiring::hiring_seats,
            commands::hiring::hiring_open_card,
            commands::hiring::hiring_save_draft,
            commands::hiring::hiring_submit_card,
            commands::hiring::hiring_amend_card,
            commands::hiring::hiring_panel_cards,
            commands::hiring::hiring_debrief,
            commands::hiring::hiring_decide,
            commands::hiring::hiring_calibration,
            commands::hiring::hiring_export_packet_to,
            commands::hiring::hiring_export_packet,
            commands::hiring::hiring_export_kit_to,
            commands::hiring::hiring_export_kit,
            commands::hiring::hiring_import_kit_from,
            commands::hiring::hiring_import_kit,
            commands::hiring::hiring_erasure_preview,
            commands::hiring::hiring_erase_candidate,
            // kpis and reports
            commands::kpis::kpi_cards,
            commands::kpis::kpi_detail,
            commands::reports::report_choose_path,
            commands::reports::report_export,
        ])
        .setup(|app| {
            let state = app.state::<AppState>();
            let info = commands::file::describe(&state.lock());
            show_file(app.handle(), &info);
            Ok(())
        })
}

/// Names the open file in the window title and, when it holds an organisation, remembers it
/// so the next start reopens it.
pub fn show_file<R: Runtime>(app: &AppHandle<R>, info: &SessionInfo) {
    let title = match &info.settings {
        Some(settings) => format!("{} — {} — Quartermaster", info.file_name, settings.org_name),
        None => format!("{} — Quartermaster", info.file_name),
    };
    if let Some(window) = app.get_webview_window("main") {
        // A title that cannot be set is cosmetic; the sidebar names the file as well.
        let _ = window.set_title(&title);
    }
    if info.settings.is_some() {
        remember(Path::new(&info.path));
    }
}

/// `--db` and `QUARTERMASTER_DB` always win; otherwise the last opened file, when it still exists.
fn choose_file(db: PathBuf) -> PathBuf {
    let explicit = std::env::var_os(paths::DB_ENV).is_some_and(|v| !v.is_empty())
        || paths::resolve_db(None).ok().as_deref() != Some(db.as_path());
    if explicit {
        return db;
    }
    last_opened().filter(|path| path.exists()).unwrap_or(db)
}

/// The small file in the app data dir that names the last opened organisation.
fn last_opened_record() -> Option<PathBuf> {
    paths::data_dir().ok().map(|dir| dir.join("last-opened"))
}

fn last_opened() -> Option<PathBuf> {
    let text = fs::read_to_string(last_opened_record()?).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| PathBuf::from(line))
}

/// Records `path` as the last opened file (temp file and rename; failure only costs the memory).
fn remember(path: &Path) {
    let Some(record) = last_opened_record() else {
        return;
    };
    let absolute = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let write = || -> std::io::Result<()> {
        if let Some(dir) = record.parent() {
            fs::create_dir_all(dir)?;
        }
        let tmp = record.with_extension("tmp");
        fs::write(&tmp, format!("{}\n", absolute.display()))?;
        fs::rename(&tmp, &record)
    };
    if let Err(err) = write() {
        eprintln!(
            "warning: cannot remember the last opened file in {}: {err}",
            record.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_real_wiring_boots_on_the_mock_runtime() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let path = dir.path().join("first-run.db");
        let app = builder(tauri::test::mock_builder(), Session::at(path.clone()), 1.0)
            .build(tauri::test::mock_context(tauri::test::noop_assets()))
            .unwrap_or_else(|e| panic!("the app builds: {e}"));
        let state = app.state::<AppState>();
        assert_eq!(state.started_at_ms, 1.0);
        let info = commands::file::describe(&state.lock());
        assert!(info.settings.is_none(), "first run: no organisation yet");
        assert!(info.problem.is_none());
        assert!(!path.exists(), "nothing is created before the user chooses");
    }
}
