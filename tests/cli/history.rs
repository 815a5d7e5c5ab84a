//! `quartermaster undo`, `redo` and `history`: an import undone as one unit and its redo
//! refused with the reason, a usage import undone and redone exactly, the history filtered
//! by kind, id, day and as CSV, and the undo history kept in the file across runs.

use crate::support::{fails, fixture, ok, read_csv};
use quartermaster_core::demo::REFERENCE_DAY;

fn count(db: &str, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn undo_redo_and_history_from_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("org.db");
    let db = db.to_str().unwrap();
    ok(
        home.path(),
        &["--db", db, "init", "--demo", "--today", REFERENCE_DAY],
    );
    assert_eq!(
        ok(home.path(), &["--db", db, "undo"]).trim(),
        "Nothing to undo"
    );
    assert_eq!(
        ok(home.path(), &["--db", db, "redo"]).trim(),
        "Nothing to redo"
    );

    let usage_before = count(db, "SELECT coalesce(sum(inferences), 0) FROM usage");
    // Overwrites one demo month and adds another: an undo must bring the overwritten row back.
    let usage = home.path().join("usage-2026.csv");
    std::fs::write(
        &usage,
        "Model,Month,Inferences,Training_Runs\nSearch ranker,2025-11,5,1\nSearch ranker,2031-01,7,0\n",
    )
    .unwrap();
    ok(
        home.path(),
        &["--db", db, "import", "usage", usage.to_str().unwrap()],
    );
    let usage_after = count(db, "SELECT coalesce(sum(inferences), 0) FROM usage");
    assert_ne!(usage_before, usage_after);

    let sample = fixture("focus/focus-1.0-sample-trimmed.csv");
    ok(
        home.path(),
        &["--db", db, "import", "focus", sample.to_str().unwrap()],
    );
    let lines = count(db, "SELECT count(*) FROM cost_line");

    // Each run is a new process: the undo history lives in the file.
    let undone = ok(home.path(), &["--db", db, "undo"]);
    assert!(
        undone.starts_with("Undid: Import «focus-1.0-sample-trimmed.csv»"),
        "{undone}"
    );
    assert_eq!(count(db, "SELECT count(*) FROM cost_line"), lines - 179);
    let refused = fails(home.path(), &["--db", db, "redo"]);
    assert!(
        refused
            .contains("cannot be redone: an undone import comes back by importing its file again"),
        "{refused}"
    );

    // Redo is refused, so the import step stays on the redo stack; a new action clears it.
    ok(
        home.path(),
        &["--db", db, "import", "focus", sample.to_str().unwrap()],
    );
    assert_eq!(count(db, "SELECT count(*) FROM cost_line"), lines);
    let undone = ok(home.path(), &["--db", db, "undo"]);
    assert!(undone.starts_with("Undid: Import «focus"), "{undone}");
    let undone = ok(home.path(), &["--db", db, "undo"]);
    assert!(
        undone.starts_with("Undid: Import «usage-2026.csv»"),
        "{undone}"
    );
    assert_eq!(
        count(db, "SELECT coalesce(sum(inferences), 0) FROM usage"),
        usage_before
    );
    let redone = ok(home.path(), &["--db", db, "redo"]);
    assert!(
        redone.starts_with("Redid: Import «usage-2026.csv»"),
        "{redone}"
    );
    assert_eq!(
        count(db, "SELECT coalesce(sum(inferences), 0) FROM usage"),
        usage_after
    );

    // The history: the undo and redo are there, filtered by kind and as CSV.
    let csv_path = home.path().join("history.csv");
    let csv = ok(
        home.path(),
        &[
            "--db",
            db,
            "history",
            "--kind",
            "import_batch",
            "--format",
            "csv",
        ],
    );
    std::fs::write(&csv_path, &csv).unwrap();
    let (header, rows) = read_csv(&csv_path);
    assert_eq!(
        header,
        ["at", "area", "kind", "id", "record", "action", "step", "changes"]
    );
    let actions: Vec<&str> = rows.iter().map(|r| r[5].as_str()).collect();
    // Newest first: the redo of the usage import (its insert and its update), its undo, …
    assert_eq!(actions[..4], ["redo", "redo", "undo", "undo"], "{csv}");
    assert_eq!(
        actions.iter().filter(|a| **a == "import").count(),
        3,
        "{csv}"
    );
    assert!(rows
        .iter()
        .all(|r| r[1] == "finops" && r[2] == "import_batch"));
    assert!(
        rows[..4].iter().all(|r| r[6] == "Import «usage-2026.csv»"),
        "{csv}"
    );
    assert!(rows[0][7].contains("row_count: 0 → 2"), "{csv}");

    let batch = &rows[0][3];
    let one = ok(
        home.path(),
        &[
            "--db",
            db,
            "history",
            "--kind",
            "import_batch",
            "--id",
            batch,
        ],
    );
    assert!(
        one.lines().count() >= 2 && one.lines().all(|l| l.contains("import_batch")),
        "{one}"
    );
    let none = ok(
        home.path(),
        &["--db", db, "history", "--since", "2999-01-01"],
    );
    assert_eq!(none.trim(), "No changes match");
    let bad = fails(
        home.path(),
        &["--db", db, "history", "--since", "yesterday"],
    );
    assert!(bad.contains("not a day"), "{bad}");
}
