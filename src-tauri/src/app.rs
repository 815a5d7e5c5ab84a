//! The desktop app: chooses the organisation file, builds the Tauri app around it (generic
//! over the runtime, so `tauri::test::mock_builder()` can boot the same wiring) and registers
//! the commands. The window's title and the last opened file are `window`'s.

use std::path::PathBuf;

use tauri::{Manager, Runtime};

use crate::commands;
use crate::state::{describe, AppState, Session};
use crate::window::{choose_file, show_file};

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
            commands::file::file_reopen,
            commands::file::file_changed,
            commands::file::settings_update,
            commands::file::startup_marks,
            commands::backups::backups_list,
            commands::backups::backups_create,
            commands::backups::backups_restore,
            commands::backups::backups_open_read_only,
            commands::backups::backups_close_read_only,
            commands::records::record_list,
            commands::records::record_get,
            commands::records::record_save,
            commands::records::record_delete,
            commands::records::record_references,
            commands::records::search_records,
            commands::record_import::record_import_pick,
            commands::record_import::record_import_preview,
            commands::record_import::record_import_values,
            commands::record_import::record_import_check,
            commands::record_import::record_import,
            commands::records::parse_amount,
            commands::overview::overview,
            commands::overview::record_counts,
            commands::reports::export_csv,
            // roadmap
            commands::roadmap::roadmap_board,
            commands::roadmap::roadmap_move,
            commands::roadmap::roadmap_capacity,
            commands::roadmap::capacity_ramp_get,
            commands::roadmap::capacity_ramp_set,
            commands::roadmap::roadmap_review,
            commands::roadmap::quarter_commit,
            commands::roadmap::quarter_close,
            commands::roadmap::roadmap_headcount,
            commands::roadmap::roadmap_scenarios,
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
            commands::finops::finops_unit_costs,
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
            commands::hiring::hiring_loops,
            commands::hiring::hiring_set_dimensions,
            commands::hiring::hiring_set_loop,
            commands::hiring::hiring_book_interview,
            commands::hiring::hiring_panelists,
            commands::hiring::hiring_scorecards,
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
            commands::history::history_undo,
            commands::history::history_redo,
            commands::history::history_stacks,
            commands::history::history_list,
            commands::history::history_record,
            commands::kpis::kpi_trends,
            commands::kpis::kpi_detail,
            commands::reports::report_choose_path,
            commands::reports::report_export,
            commands::reports::report_brief,
        ])
        .setup(|app| {
            let state = app.state::<AppState>();
            let info = describe(&state.lock(), commands::today());
            show_file(app.handle(), &info);
            Ok(())
        })
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
        let info = describe(&state.lock(), commands::today());
        assert!(info.settings.is_none(), "first run: no organisation yet");
        assert!(info.problem.is_none());
        assert!(!path.exists(), "nothing is created before the user chooses");
    }
}
