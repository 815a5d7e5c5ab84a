//! Build script: generates the Tauri context and one permission per app command, so the
//! capability file can allow exactly the commands the UI uses and nothing else.

/// Every command the shell registers; `capabilities/main.json` allows them for the main window.
const COMMANDS: &[&str] = &[
    "session_info",
    "create_demo",
    "create_organisation",
    "file_new",
    "file_open",
    "file_save_copy",
    "settings_update",
    "record_list",
    "record_get",
    "record_save",
    "record_delete",
    "record_references",
    "record_counts",
    "search_records",
    "overview",
    "export_csv",
    "parse_amount",
    "startup_marks",
    // roadmap (commands/roadmap.rs)
    "roadmap_board",
    "roadmap_move",
    "roadmap_capacity",
    "capacity_ramp_get",
    "capacity_ramp_set",
    "roadmap_review",
    "quarter_commit",
    "quarter_close",
    "roadmap_headcount",
    "roadmap_scenarios",
    "scenario_create",
    "scenario_view",
    "scenario_compare",
    "scenario_move",
    "scenario_resize",
    "scenario_add_seat",
    "scenario_remove_seat",
    "scenario_seat_dates",
    "scenario_promote",
    "scenario_discard",
    // finops (commands/finops.rs)
    "finops_unit_costs",
    "finops_pick_files",
    "finops_import",
    "finops_import_cancel",
    "finops_imports",
    "finops_import_undo",
    "finops_allocation_preview",
    "finops_allocation_reorder",
    // hiring (commands/hiring.rs)
    "hiring_pipeline",
    "hiring_open_requisition",
    "hiring_add_candidate",
    "hiring_move_candidate",
    "hiring_hire",
    "hiring_stage_history",
    "hiring_loops",
    "hiring_set_dimensions",
    "hiring_set_loop",
    "hiring_book_interview",
    "hiring_panelists",
    "hiring_scorecards",
    "hiring_open_card",
    "hiring_save_draft",
    "hiring_submit_card",
    "hiring_amend_card",
    "hiring_panel_cards",
    "hiring_debrief",
    "hiring_decide",
    "hiring_calibration",
    "hiring_export_packet_to",
    "hiring_export_packet",
    "hiring_export_kit_to",
    "hiring_export_kit",
    "hiring_import_kit_from",
    "hiring_import_kit",
    "hiring_erasure_preview",
    "hiring_erase_candidate",
    // undo, redo and history (commands/history.rs)
    "history_undo",
    "history_redo",
    "history_stacks",
    "history_list",
    "history_record",
    // kpis and reports (commands/kpis.rs, commands/reports.rs)
    "kpi_trends",
    "kpi_detail",
    "report_choose_path",
    "report_export",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        println!("cargo:warning=tauri-build failed: {err:#}");
        std::process::exit(1);
    }
}
