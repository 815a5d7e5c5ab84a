//! Opening files: migrations, refusal of newer, foreign and corrupt files, WAL.

use std::fs;

use quartermaster_core::store::APPLICATION_ID;
use quartermaster_core::{Error, Store};

fn table_names(store: &Store) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn migrates_an_empty_file_to_the_whole_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/org.db");
    let store = Store::open(&path).unwrap();
    let tables = table_names(&store);
    for table in [
        "settings",
        "team",
        "position",
        "model",
        "initiative",
        "dependency",
        "quarter_snapshot",
        "import_batch",
        "billing_line",
        "billing_text",
        "allocation_rule",
        "usage",
        "budget",
        "requisition",
        "candidate",
        "interview",
        "dimension",
        "scorecard",
        "rating",
        "decision",
        "kpi",
        "kpi_value",
        "incident",
        "risk",
        "change",
    ] {
        assert!(tables.contains(&table.to_string()), "missing table {table}");
    }
    let conn = store.conn();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, quartermaster_core::store::SCHEMA_VERSION);
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, APPLICATION_ID);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let strict: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND sql LIKE '%STRICT'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(strict as usize, tables.len(), "every table is STRICT");
    drop(store);
    // Reopening is a no-op.
    let again = Store::open(&path).unwrap();
    assert_eq!(table_names(&again), tables);
}

#[test]
fn refuses_a_newer_database_and_leaves_it_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    {
        let store = Store::open(&path).unwrap();
        store
            .conn()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        store
            .conn()
            .pragma_update(None, "journal_mode", "DELETE")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("newer schema must be refused");
    assert_eq!(err.kind(), "database");
    let text = err.to_string();
    assert!(
        text.contains("newer Quartermaster") && text.contains("99"),
        "{text}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(!dir.path().join("newer.db-wal").exists());
}

#[test]
fn refuses_garbage_and_foreign_sqlite_files_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("notes.db");
    fs::write(&garbage, b"this is not a database, just some text\n").unwrap();
    let err = Store::open(&garbage).err().unwrap();
    assert!(matches!(err, Error::Database { .. }));
    assert!(
        err.to_string().contains("not a Quartermaster database"),
        "{err}"
    );
    assert_eq!(
        fs::read(&garbage).unwrap(),
        b"this is not a database, just some text\n"
    );

    let foreign = dir.path().join("other.sqlite");
    {
        let conn = rusqlite::Connection::open(&foreign).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = fs::read(&foreign).unwrap();
    let err = Store::open(&foreign).err().unwrap();
    assert!(err.to_string().contains("another application"), "{err}");
    assert_eq!(fs::read(&foreign).unwrap(), before);

    // A truncated header that claims to be SQLite is reported as corrupt, not panicked on.
    let corrupt = dir.path().join("corrupt.db");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xAB, 200));
    fs::write(&corrupt, &bytes).unwrap();
    let err = Store::open(&corrupt).err().unwrap();
    assert_eq!(err.kind(), "database", "{err}");
    assert_eq!(fs::read(&corrupt).unwrap(), bytes);
}

#[test]
fn a_transaction_rolls_back_on_error() {
    let mut store = super::support::org();
    let before: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM change", [], |r| r.get(0))
        .unwrap();
    let result: quartermaster_core::Result<()> = store.with_tx(|tx| {
        tx.execute("UPDATE settings SET org_name = 'Changed'", [])?;
        Err(Error::Conflict("stop".into()))
    });
    assert!(result.is_err());
    let name: String = store
        .conn()
        .query_row("SELECT org_name FROM settings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Test Org");
    let after: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM change", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn save_copy_writes_a_readable_database() {
    let dir = tempfile::tempdir().unwrap();
    let store = super::support::org();
    let copy = dir.path().join("copy.db");
    store.save_copy(&copy).unwrap();
    let reopened = Store::open(&copy).unwrap();
    let name: String = reopened
        .conn()
        .query_row("SELECT org_name FROM settings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Test Org");
}
