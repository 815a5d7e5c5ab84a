//! The lean billing store (schema 8) gives back exactly what was imported: every FOCUS
//! fixture, imported at a fixed time and exported, writes the very `cost_lines.csv` that
//! schema 7 (text columns) wrote, kept in `fixtures/golden/`. `QM_WRITE_GOLDEN=1` rewrites them.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use quartermaster_core::finops::import::focus;
use quartermaster_core::finops::import::ImportOptions;
use quartermaster_core::Store;
use quartermaster_report::csv::export_table;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../fixtures")
}

#[test]
fn every_focus_fixture_exports_the_same_cost_lines_as_schema_7() {
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 9, 15, 0).unwrap();
    let files = [
        "focus/focus-1.0-sample-trimmed.csv",
        "focus/focus-1.1-minimal.csv",
        "focus/focus-1.2-bom-crlf.csv",
        "focus/focus-1.3-provider.csv.gz",
        "focus/sample/focus_sample_last300_focus-1.0.csv",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("org.db")).unwrap();
    for file in files {
        focus::import_file(
            &mut store,
            &fixtures().join(file),
            ImportOptions::default(),
            now,
            None,
        )
        .unwrap();
    }
    let exported = dir.path().join("cost_lines.csv");
    export_table(store.conn(), "cost_line", &exported).unwrap();
    let golden = fixtures().join("golden/cost_lines.csv");
    if std::env::var_os("QM_WRITE_GOLDEN").is_some() {
        std::fs::copy(&exported, &golden).unwrap();
    }
    let written = std::fs::read_to_string(&exported).unwrap();
    assert!(written.lines().count() > 300, "the fixtures hold lines");
    assert!(
        written == std::fs::read_to_string(&golden).unwrap(),
        "cost_lines.csv differs from {}",
        golden.display()
    );
}
