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
    assert!(
        SCHEMA_VERSION > 1,
        "the test is only meaningful once there are later migrations"
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
