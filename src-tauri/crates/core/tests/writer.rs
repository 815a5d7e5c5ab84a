//! One writer at a time, and file failures told in words: the writer lock, read-only opening,
//! noticing another process's commits, a full disk, a file deleted while open.

use std::time::{Duration, Instant};

use quartermaster_core::store::failure::FileProblem;
use quartermaster_core::store::{lock, Access};
use quartermaster_core::{Error, Store};

fn writer(
    path: &std::path::Path,
    program: &str,
    wait: Duration,
) -> quartermaster_core::Result<Store> {
    Store::open_with(path, Access::Write { program, wait })
}

fn new_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.db");
    let mut store = Store::open(&path).unwrap();
    store
        .with_tx(|tx| quartermaster_core::demo::create(tx).map(|_| ()))
        .unwrap();
    (dir, path)
}

#[test]
fn a_second_writer_is_told_who_has_the_file() {
    let (_dir, path) = new_file();
    let first = writer(&path, "the Quartermaster app", Duration::ZERO).unwrap();
    let started = Instant::now();
    let refused = writer(&path, "the command line", Duration::from_millis(400));
    assert!(started.elapsed() >= Duration::from_millis(400), "it waited");
    let Err(Error::File {
        path: shown,
        problem,
    }) = refused
    else {
        panic!(
            "expected the file to be in use, got {:?}",
            refused.map(|_| ())
        );
    };
    assert_eq!(shown, path.display().to_string());
    let FileProblem::InUse { holder } = &problem else {
        panic!("expected in use, got {problem:?}");
    };
    assert!(
        holder.starts_with(&format!(
            "the Quartermaster app, process {} on ",
            std::process::id()
        )),
        "{holder}"
    );
    let message = Error::File {
        path: shown,
        problem: problem.clone(),
    }
    .to_string();
    assert!(
        message.contains("another Quartermaster has this file open for writing"),
        "{message}"
    );
    assert!(!message.contains("database is locked"));
    assert_eq!(problem.code(), "in_use");
    // The lock file is hidden, and goes with the store that held it.
    let lock_file = lock::lock_path(&path);
    assert_eq!(lock_file.file_name().unwrap(), ".org.db.lock");
    assert!(lock_file.exists());
    drop(first);
    assert!(!lock_file.exists());
    writer(&path, "the command line", Duration::ZERO).unwrap();
}

#[test]
fn a_waiting_writer_gets_in_when_the_holder_lets_go() {
    let (_dir, path) = new_file();
    let first = writer(&path, "the Quartermaster app", Duration::ZERO).unwrap();
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(first);
    });
    let mut second = writer(&path, "the command line", Duration::from_secs(3)).unwrap();
    releaser.join().unwrap();
    second
        .with_tx(|tx| {
            Ok(tx.execute(
                "UPDATE team SET name = name || ' (renamed)' WHERE id = 1",
                [],
            )?)
        })
        .unwrap();
}

#[test]
fn a_read_only_store_reads_beside_the_writer_refuses_writes_and_notices_commits() {
    let (_dir, path) = new_file();
    let mut writer = writer(&path, "the Quartermaster app", Duration::ZERO).unwrap();
    let mut reader = Store::open_with(&path, Access::ReadOnly).unwrap();
    assert!(reader.is_read_only() && !writer.is_read_only());
    let teams = |s: &Store| -> i64 {
        s.conn()
            .query_row("SELECT count(*) FROM team", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(teams(&reader), 7);

    let before = reader.data_version().unwrap();
    assert_eq!(
        reader.data_version().unwrap(),
        before,
        "nothing changed yet"
    );
    writer
        .with_tx(|tx| Ok(tx.execute("INSERT INTO team (name, kind, created_at, updated_at) VALUES ('Evaluation', 'applied', '2026-12-05T00:00:00Z', '2026-12-05T00:00:00Z')", [])?))
        .unwrap();
    assert_ne!(
        reader.data_version().unwrap(),
        before,
        "the reader sees another connection's commit"
    );
    assert_eq!(teams(&reader), 8);

    let refused =
        reader.with_tx(|tx| Ok(tx.execute("DELETE FROM team WHERE name = 'Evaluation'", [])?));
    let Err(err) = refused else {
        panic!("a read-only store wrote")
    };
    assert_eq!(err.kind(), "opened_read_only");
    assert!(
        err.to_string().starts_with(&format!(
            "{}: the file is open read-only here",
            path.display()
        )),
        "{err}"
    );
    assert_eq!(teams(&writer), 8);
}

#[test]
fn read_only_needs_an_existing_current_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.db");
    let err = Store::open_with(&missing, Access::ReadOnly).err().unwrap();
    assert_eq!(err.kind(), "file_missing");
    assert!(!missing.exists(), "looking does not create the file");
}

#[test]
fn a_write_to_a_file_deleted_while_open_says_so() {
    let (_dir, path) = new_file();
    let mut store = writer(&path, "the Quartermaster app", Duration::ZERO).unwrap();
    std::fs::remove_file(&path).unwrap();
    let err = store
        .with_tx(|tx| Ok(tx.execute("DELETE FROM risk", [])?))
        .err()
        .unwrap();
    assert_eq!(err.kind(), "file_missing");
    assert!(
        err.to_string()
            .contains("was deleted or moved while it was open"),
        "{err}"
    );
    // Replaced by another file of the same name: still not the file this window opened.
    std::fs::write(&path, b"").unwrap();
    let err = store
        .with_tx(|tx| Ok(tx.execute("DELETE FROM risk", [])?))
        .err()
        .unwrap();
    assert_eq!(err.kind(), "file_missing");
}

#[test]
fn a_full_disk_is_named_and_nothing_is_written() {
    let (_dir, path) = new_file();
    let mut store = writer(&path, "the Quartermaster app", Duration::ZERO).unwrap();
    // A size cap on the file is a disk that fills up: SQLite reports the same SQLITE_FULL.
    let pages: i64 = store
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .conn()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let risks: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM risk", [], |r| r.get(0))
        .unwrap();
    let err = store
        .with_tx(|tx| {
            tx.execute("CREATE TABLE filler (x BLOB)", [])?;
            for _ in 0..64 {
                tx.execute("INSERT INTO filler VALUES (zeroblob(65536))", [])?;
            }
            Ok(())
        })
        .err()
        .unwrap();
    assert_eq!(err.kind(), "disk_full", "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: the disk is full; nothing was changed — free some space and try again",
            path.display()
        )
    );
    let tables: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'filler'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0);
    let after: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM risk", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, risks);
}

#[test]
fn a_failure_inside_an_import_is_not_hidden_by_its_cleanup() {
    use quartermaster_core::finops::rollup;
    let (_dir, path) = new_file();
    let store = Store::open(&path).unwrap();
    let conn = store.conn();
    let trigger_sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'billing_line_insert_stales_rollup'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // A full disk rolls the transaction back, and with it the trigger's drop: recreating it
    // then fails ("already exists"), but the user must read the first failure.
    let outcome: quartermaster_core::Result<()> = rollup::without_insert_trigger(conn, || {
        conn.execute_batch(&trigger_sql)?;
        Err(Error::File {
            path: path.display().to_string(),
            problem: FileProblem::DiskFull,
        })
    });
    let err = outcome.err().unwrap();
    assert_eq!(err.kind(), "disk_full", "{err}");
    assert!(!err.to_string().contains("already exists"));
}

#[test]
fn writers_racing_for_the_lock_never_overlap() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.db");
    let holders = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (path, holders, most) = (path.clone(), holders.clone(), most.clone());
            std::thread::spawn(move || {
                for _ in 0..25 {
                    let held = lock::acquire(&path, "a racer", Duration::from_secs(20)).unwrap();
                    let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_micros(300));
                    holders.fetch_sub(1, Ordering::SeqCst);
                    drop(held);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    assert_eq!(
        most.load(Ordering::SeqCst),
        1,
        "two writers held the lock at once"
    );
    assert!(!lock::lock_path(&path).exists());
}
