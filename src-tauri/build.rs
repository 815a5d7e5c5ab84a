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
    "overview_get",
    "export_csv",
    "parse_amount",
    "startup_marks",
    // roadmap (commands/roadmap.rs)
    // finops (commands/finops.rs)
    // hiring (commands/hiring.rs)
    // kpis and reports (commands/kpis.rs, commands/reports.rs)
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        println!("cargo:warning=tauri-build failed: {err:#}");
        std::process::exit(1);
    }
}
