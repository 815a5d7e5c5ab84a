//! The guided import reads back what `export csv` writes: the demo exported, each area's file
//! imported into a new organisation with the mapping proposed for it (no mapping given), and
//! exported again gives the same rows (created/updated times aside, which record the import).

use std::path::Path;

use chrono::{TimeZone, Utc};
use quartermaster_core::org::{settings, setup};
use quartermaster_core::records::import;
use quartermaster_core::{demo, Store};
use quartermaster_report::csv::export_all;

/// The areas the guided import covers, in the order their references need.
const AREAS: &[(&str, &str)] = &[
    ("teams.csv", "team"),
    ("positions.csv", "position"),
    ("models.csv", "model"),
    ("initiatives.csv", "initiative"),
    ("dependencies.csv", "dependency"),
    ("budgets.csv", "budget"),
    ("kpi_values.csv", "kpi_value"),
    ("risks.csv", "risk"),
    ("incidents.csv", "incident"),
];

/// A file's rows without the `created_at` and `updated_at` columns.
fn rows_without_times(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let keep: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| *h != "created_at" && *h != "updated_at")
        .map(|(i, _)| i)
        .collect();
    let head = keep.iter().map(|&i| headers[i].to_string()).collect();
    let body = reader.records().map(|r| {
        let r = r.unwrap();
        keep.iter().map(|&i| r[i].to_string()).collect()
    });
    std::iter::once(head).chain(body).collect()
}

#[test]
fn an_export_of_the_demo_imports_into_an_empty_file_with_the_same_content() {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut source = Store::open_in_memory().unwrap();
    source.with_untracked_tx(|tx| demo::create(tx)).unwrap();
    let before = dir.path().join("before");
    export_all(source.conn(), &before).unwrap();

    let the_settings = settings::get(source.conn()).unwrap();
    let mut target = Store::open(&dir.path().join("empty.qm")).unwrap();
    target
        .with_untracked_tx(|tx| setup::new_organisation(tx, &the_settings, now))
        .unwrap();
    for (file, kind) in AREAS {
        let path = before.join(file);
        let preview = import::preview(target.conn(), kind, &path).unwrap();
        assert!(!preview.saved);
        let outcome = import::import(&mut target, kind, &path, &preview.mapping, now).unwrap();
        assert_eq!(outcome.errors, [], "{file}");
        assert!(outcome.written);
        assert!(outcome.imported > 0, "{file} is empty in the demo");
        assert_eq!(outcome.imported, outcome.rows, "{file}");
    }

    let after = dir.path().join("after");
    export_all(target.conn(), &after).unwrap();
    for (file, _) in AREAS {
        let want = rows_without_times(&before.join(file));
        let got = rows_without_times(&after.join(file));
        assert_eq!(got, want, "{file} differs after the round trip");
    }
    // Each import is its own undo step, and each source's mapping is remembered.
    let saved: i64 = target
        .conn()
        .query_row("SELECT count(*) FROM import_mapping", [], |r| r.get(0))
        .unwrap();
    assert_eq!(saved, AREAS.len() as i64);
    let again = import::preview(target.conn(), "risk", &before.join("risks.csv")).unwrap();
    assert!(again.saved);
}
