//! Upgrades: a file frozen at schema version 1 opens, migrates to the latest schema, and keeps its data.

use std::path::Path;

use quartermaster_core::org::Position;
use quartermaster_core::store::{entity, SCHEMA_VERSION};
use quartermaster_core::{org::settings, Store};

#[test]
fn a_version_1_file_upgrades_to_the_latest_schema_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    let schema_v1 = include_str!("../src/store/migrations/0001_schema.sql");
    let data_v1 = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../fixtures/schema/v1.sql"),
    )
    .unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(schema_v1).unwrap();
    conn.execute_batch(&data_v1).unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    let version: i64 = store
        .conn()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    // Schema 7: the file went through all six later migrations, one per numbered file.
    assert_eq!(
        SCHEMA_VERSION, 7,
        "0001 schema … 0006 undo_history … 0007 backup_settings"
    );
    let files =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".sql"))
            })
            .count();
    assert_eq!(
        files as i64, SCHEMA_VERSION,
        "one version per migration file"
    );
    // What each later migration brought is in the upgraded file: 2 import warnings and the
    // spend rollup, 3 scenarios and capacity settings, 4 loop steps and candidate erasure;
    // 5 dropped the unused cost_line_period index.
    let objects = |kind: &str, names: &[&str]| -> Vec<String> {
        names
            .iter()
            .filter(|name| {
                store
                    .conn()
                    .query_row(
                        "SELECT count(*) FROM sqlite_schema WHERE type = ?1 AND name = ?2",
                        [kind, **name],
                        |r| r.get::<_, i64>(0),
                    )
                    .unwrap()
                    == 1
            })
            .map(|name| name.to_string())
            .collect()
    };
    let tables = [
        "import_warning",
        "cost_rollup",
        "scenario",
        "capacity_settings",
        "loop_step",
        "candidate_erasure",
    ];
    assert_eq!(objects("table", &tables), tables);
    assert_eq!(
        objects("index", &["cost_line_period"]),
        Vec::<String>::new()
    );
    assert_eq!(settings::get(store.conn()).unwrap().org_name, "Frozen Org");
    let positions: Vec<Position> = entity::list(store.conn()).unwrap();
    assert_eq!(positions.len(), 1);
    assert_eq!(positions[0].person, "Ada Byron");
    assert_eq!(positions[0].loaded_cost_minor, 21_000_000);
    let inferences: i64 = store
        .conn()
        .query_row("SELECT inferences FROM usage", [], |r| r.get(0))
        .unwrap();
    assert_eq!(inferences, 4_000_000);
}
