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
    // Schema 11: the file went through all ten later migrations, one per numbered file.
    assert_eq!(
        SCHEMA_VERSION, 10,
        "0001 schema … 0008 lean_billing_lines … 0009 allocated_spend_cache … 0011 import_mappings"
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

/// Every migration up to `version`, in order, as SQL text.
fn migrations_up_to(version: usize) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files.truncate(version);
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn cost_lines(conn: &rusqlite::Connection) -> Vec<Vec<rusqlite::types::Value>> {
    let mut stmt = conn.prepare("SELECT * FROM cost_line ORDER BY id").unwrap();
    let width = stmt.column_count();
    let rows = stmt
        .query_map([], |r| (0..width).map(|i| r.get(i)).collect())
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn a_version_7_file_keeps_every_billing_line_exactly_when_it_becomes_lean() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in migrations_up_to(7) {
        conn.execute_batch(&sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 7).unwrap();
    conn.pragma_update(
        None,
        "application_id",
        quartermaster_core::store::APPLICATION_ID,
    )
    .unwrap();
    let data = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../fixtures/schema/v7-billing.sql"),
    )
    .unwrap();
    conn.execute_batch(&data).unwrap();
    let before = cost_lines(&conn);
    assert_eq!(before.len(), 4);
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_eq!(
        cost_lines(store.conn()),
        before,
        "every line reads back as it was"
    );
    let stored: Vec<(String, String, String)> = store
        .conn()
        .prepare("SELECT typeof(billed), typeof(list), typeof(charge_start) FROM billing_line ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let kinds = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        stored,
        vec![
            kinds("integer", "integer", "integer"),
            // -0.5 fits; `+12.5` would come back as `12.5`, so it stays text.
            kinds("integer", "text", "integer"),
            // `.5`, 28 digits and a hand-typed timestamp stay as written.
            kinds("text", "text", "text"),
            kinds("integer", "integer", "integer"),
        ]
    );
    let distinct: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM billing_text WHERE value = 'Amazon EC2'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(distinct, 1, "a repeated string is stored once");
}
