//! `quartermaster backups …` as a user drives it: the backups every guarded command takes,
//! list, create, restore (in place and --to), `kill -9` during a backup and a restore, damaged
//! backups refused, and erasure reaching every file under the backups folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quartermaster_core::finops::import::synth::{write_focus_file, SynthOptions};
use serde_json::Value;

use crate::support::{binary, fails, fixture, ok, run};
use quartermaster_core::demo::REFERENCE_DAY;

fn backups_dir(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".backups");
    PathBuf::from(name)
}

fn list(home: &Path, db: &str) -> Vec<Value> {
    let out = ok(home, &["--db", db, "backups", "list", "--json"]);
    match serde_json::from_str::<Value>(&out).unwrap() {
        Value::Array(items) => items,
        other => panic!("not a list: {other}"),
    }
}

fn reasons(home: &Path, db: &str) -> Vec<String> {
    list(home, db)
        .iter()
        .map(|b| b["reason"].as_str().unwrap().to_string())
        .collect()
}

fn count(db: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Files a user would see (not dot-files) beside the database and in its backups folder that
/// are neither the database, its journals, nor a complete backup with its sidecar.
fn stray_files(db: &Path) -> Vec<String> {
    let mut stray = Vec::new();
    let dir = db.parent().unwrap();
    let base = db.file_name().unwrap().to_string_lossy().into_owned();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let known = name.starts_with('.')
            || !name.starts_with(&base)
            || [
                base.clone(),
                format!("{base}-wal"),
                format!("{base}-shm"),
                format!("{base}-journal"),
                format!("{base}.backups"),
            ]
            .contains(&name);
        if !known {
            stray.push(name);
        }
    }
    if let Ok(entries) = std::fs::read_dir(backups_dir(db)) {
        let names: Vec<String> = entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        for name in &names {
            let paired = if let Some(backup) = name.strip_suffix(".json") {
                names.contains(&backup.to_string())
            } else {
                name.ends_with(".qmbackup") && names.contains(&format!("{name}.json"))
            };
            if !name.starts_with('.') && !paired {
                stray.push(name.clone());
            }
        }
    }
    stray
}

#[test]
fn guarded_commands_back_up_and_a_backup_restores_in_place_or_into_a_new_file() {
    let home = tempfile::tempdir().unwrap();
    let db_path = home.path().join("org.db");
    let db = db_path.to_str().unwrap();
    ok(
        home.path(),
        &["--db", db, "init", "--demo", "--today", REFERENCE_DAY],
    );
    assert_eq!(
        ok(home.path(), &["--db", db, "backups", "list"]).trim(),
        format!("No backups of {db} yet.")
    );
    let created = ok(home.path(), &["--db", db, "backups", "create"]);
    assert!(
        created.starts_with(&format!("Backed up {db} as backup 2 (")),
        "{created}"
    );
    // Opening the file took the daily backup first (it had none).
    assert_eq!(reasons(home.path(), db), ["on demand", "daily"]);
    let teams = count(&db_path, "team");
    let lines_before = count(&db_path, "cost_line");
    let backups = list(home.path(), db);
    assert_eq!(backups[0]["counts"]["team"].as_i64().unwrap(), teams);
    assert_eq!(
        backups[0]["counts"]["cost_line"].as_i64().unwrap(),
        lines_before
    );
    let table = ok(home.path(), &["--db", db, "backups", "list"]);
    assert!(
        table.lines().nth(1).unwrap().contains("on demand"),
        "{table}"
    );
    assert!(table.contains(&format!("team {teams}")), "{table}");

    let sample = fixture("focus/focus-1.0-sample-trimmed.csv");
    ok(
        home.path(),
        &["--db", db, "import", "focus", sample.to_str().unwrap()],
    );
    assert_eq!(count(&db_path, "cost_line"), lines_before + 179);
    assert_eq!(
        reasons(home.path(), db)[0],
        "before import of focus-1.0-sample-trimmed.csv"
    );
    let before_import = list(home.path(), db)[0]["id"].as_i64().unwrap();
    let batch: i64 = rusqlite::Connection::open(&db_path)
        .unwrap()
        .query_row("SELECT max(id) FROM import_batch", [], |r| r.get(0))
        .unwrap();
    ok(
        home.path(),
        &["--db", db, "imports", "undo", &batch.to_string()],
    );
    assert_eq!(
        reasons(home.path(), db)[0],
        format!("before undo of import {batch}")
    );
    ok(
        home.path(),
        &["--db", db, "import", "focus", sample.to_str().unwrap()],
    );
    assert_eq!(count(&db_path, "cost_line"), lines_before + 179);

    // Restore the state before the first import: its lines are gone again.
    let out = ok(
        home.path(),
        &["--db", db, "backups", "restore", &before_import.to_string()],
    );
    assert!(
        out.starts_with(&format!("Restored backup {before_import} (")),
        "{out}"
    );
    assert_eq!(count(&db_path, "cost_line"), lines_before);
    assert_eq!(integrity(&db_path), "ok");
    let now = list(home.path(), db);
    assert_eq!(now[0]["reason"], "before restore");
    assert_eq!(
        now[0]["counts"]["cost_line"].as_i64().unwrap(),
        lines_before + 179
    );
    assert!(
        out.contains(&format!(
            "The state before the restore is backup {}",
            now[0]["id"]
        )),
        "{out}"
    );

    // --to: a new file with the backup, the current one untouched.
    let copy = home.path().join("copy.db");
    let safety = now[0]["id"].as_i64().unwrap().to_string();
    ok(
        home.path(),
        &[
            "--db",
            db,
            "backups",
            "restore",
            &safety,
            "--to",
            copy.to_str().unwrap(),
        ],
    );
    assert_eq!(count(&copy, "cost_line"), lines_before + 179);
    assert_eq!(count(&db_path, "cost_line"), lines_before);
    let again = fails(
        home.path(),
        &[
            "--db",
            db,
            "backups",
            "restore",
            &safety,
            "--to",
            copy.to_str().unwrap(),
        ],
    );
    assert!(again.contains("already exists"), "{again}");
    let missing = fails(home.path(), &["--db", db, "backups", "restore", "999"]);
    assert!(missing.contains("there is no backup 999"), "{missing}");
    assert!(
        stray_files(&db_path).is_empty(),
        "{:?}",
        stray_files(&db_path)
    );
}

/// A tiny deterministic generator for the crash delays.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

/// The demo plus 30,000 synthetic billing lines, so a backup takes long enough to interrupt.
fn big_file(home: &Path) -> PathBuf {
    let db = home.join("org.db");
    let dbs = db.to_str().unwrap();
    ok(
        home,
        &["--db", dbs, "init", "--demo", "--today", REFERENCE_DAY],
    );
    // Keep every backup these trials take (the rolling set would prune the one restored).
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE settings SET backup_keep_last = 1000", [])
        .unwrap();
    let csv = home.join("synth.csv");
    write_focus_file(&csv, SynthOptions::realistic(30_000, 5)).unwrap();
    ok(
        home,
        &["--db", dbs, "import", "focus", csv.to_str().unwrap()],
    );
    std::fs::remove_file(&csv).unwrap();
    db
}

/// Starts the binary and kills it (SIGKILL) after `delay`; true when it was still running.
fn run_and_kill(home: &Path, args: &[&str], delay: Duration) -> bool {
    let mut child = Command::new(binary())
        .args(args)
        .env_remove("QUARTERMASTER_DB")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    running
}

fn timed(home: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    ok(home, args);
    started.elapsed()
}

#[test]
fn kill_9_during_a_backup_leaves_the_file_and_the_listed_backups_sound() {
    let home = tempfile::tempdir().unwrap();
    let db_path = big_file(home.path());
    let db = db_path.to_str().unwrap();
    let lines = count(&db_path, "cost_line");
    let full = timed(home.path(), &["--db", db, "backups", "create"]);
    let mut rng = Lcg(12);
    let mut interrupted = 0;
    for _ in 0..8 {
        let delay = Duration::from_millis(rng.next(full.as_millis() as u64));
        if run_and_kill(home.path(), &["--db", db, "backups", "create"], delay) {
            interrupted += 1;
        }
        assert_eq!(integrity(&db_path), "ok");
        assert_eq!(count(&db_path, "cost_line"), lines);
        assert!(
            stray_files(&db_path).is_empty(),
            "{:?}",
            stray_files(&db_path)
        );
        // Every listed backup is whole: it restores into a new file with all its lines.
        for b in list(home.path(), db) {
            if b["reason"] == "on demand" {
                assert_eq!(b["counts"]["cost_line"].as_i64().unwrap(), lines);
            }
        }
    }
    assert!(
        interrupted >= 4,
        "only {interrupted} of 8 runs were interrupted"
    );
    let newest = list(home.path(), db)[0]["id"].as_i64().unwrap().to_string();
    let copy = home.path().join("check.db");
    ok(
        home.path(),
        &[
            "--db",
            db,
            "backups",
            "restore",
            &newest,
            "--to",
            copy.to_str().unwrap(),
        ],
    );
    assert_eq!(count(&copy, "cost_line"), lines);
    // The next backup clears what an interrupted one left hidden.
    ok(home.path(), &["--db", db, "backups", "create"]);
    let hidden: Vec<String> = std::fs::read_dir(backups_dir(&db_path))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

#[test]
fn kill_9_during_a_restore_leaves_the_file_wholly_before_or_after() {
    let home = tempfile::tempdir().unwrap();
    let db_path = big_file(home.path());
    let db = db_path.to_str().unwrap();
    // "After" (the backup): the demo plus 30,000 lines; "before" (current): the lines undone.
    ok(home.path(), &["--db", db, "backups", "create"]);
    let backup = list(home.path(), db)[0]["id"].as_i64().unwrap().to_string();
    let after = (
        count(&db_path, "cost_line"),
        count(&db_path, "import_batch"),
    );
    let batch: i64 = rusqlite::Connection::open(&db_path)
        .unwrap()
        .query_row("SELECT max(id) FROM import_batch", [], |r| r.get(0))
        .unwrap();
    ok(
        home.path(),
        &["--db", db, "imports", "undo", &batch.to_string()],
    );
    let before = (
        count(&db_path, "cost_line"),
        count(&db_path, "import_batch"),
    );
    assert_ne!(before, after);
    let full = timed(home.path(), &["--db", db, "backups", "restore", &backup]);
    assert_eq!(
        (
            count(&db_path, "cost_line"),
            count(&db_path, "import_batch")
        ),
        after
    );

    let mut rng = Lcg(99);
    let mut seen_before = 0;
    let mut interrupted = 0;
    for _ in 0..8 {
        // Back to "before" for each trial.
        let batch: i64 = rusqlite::Connection::open(&db_path)
            .unwrap()
            .query_row("SELECT max(id) FROM import_batch", [], |r| r.get(0))
            .unwrap();
        ok(
            home.path(),
            &["--db", db, "imports", "undo", &batch.to_string()],
        );
        let delay = Duration::from_millis(rng.next(full.as_millis() as u64));
        if run_and_kill(
            home.path(),
            &["--db", db, "backups", "restore", &backup],
            delay,
        ) {
            interrupted += 1;
        }
        assert_eq!(integrity(&db_path), "ok");
        let state = (
            count(&db_path, "cost_line"),
            count(&db_path, "import_batch"),
        );
        assert!(
            state == before || state == after,
            "{state:?} is neither {before:?} nor {after:?}"
        );
        if state == before {
            seen_before += 1;
            ok(home.path(), &["--db", db, "backups", "restore", &backup]);
        }
        assert!(
            stray_files(&db_path).is_empty(),
            "{:?}",
            stray_files(&db_path)
        );
        let hidden_beside: Vec<String> = std::fs::read_dir(home.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".org.db"))
            .collect();
        // A restore cut short may leave its hidden copy; the next restore replaces it.
        assert!(hidden_beside.len() <= 1, "{hidden_beside:?}");
    }
    assert!(
        interrupted >= 4,
        "only {interrupted} of 8 runs were interrupted"
    );
    assert!(seen_before >= 1, "no trial was cut before the rename");
}

#[test]
fn a_corrupted_backup_is_refused_with_a_message_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let db_path = home.path().join("org.db");
    let db = db_path.to_str().unwrap();
    ok(
        home.path(),
        &["--db", db, "init", "--demo", "--today", REFERENCE_DAY],
    );
    ok(home.path(), &["--db", db, "backups", "create"]);
    let info = list(home.path(), db)[0].clone();
    let id = info["id"].as_i64().unwrap().to_string();
    let file = backups_dir(&db_path).join(info["file_name"].as_str().unwrap());
    let sidecar = PathBuf::from(format!("{}.json", file.display()));
    let original = std::fs::read(&file).unwrap();
    let original_sidecar = std::fs::read(&sidecar).unwrap();
    let current = std::fs::read(&db_path).unwrap();
    let mut rng = Lcg(2026);
    for trial in 0..24 {
        let mut bytes = original.clone();
        match trial % 3 {
            0 => {
                for _ in 0..=rng.next(8) {
                    let at = rng.next(bytes.len() as u64) as usize;
                    bytes[at] ^= 1 << rng.next(8);
                }
            }
            1 => bytes.truncate(rng.next(bytes.len() as u64) as usize),
            _ => bytes.extend_from_slice(b"appended garbage"),
        }
        if bytes == original {
            continue;
        }
        std::fs::write(&file, &bytes).unwrap();
        let line = fails(home.path(), &["--db", db, "backups", "restore", &id]);
        assert!(line.starts_with(&format!("error: backup {id} (")), "{line}");
        assert!(
            line.contains("damaged") && line.contains("it was not restored"),
            "{line}"
        );
        assert_eq!(
            std::fs::read(&db_path).unwrap(),
            current,
            "trial {trial} changed the file"
        );
        // A sidecar rewritten to match the damaged bytes: the integrity check refuses it.
        if trial % 3 == 1 && bytes.len() < original.len() * 9 / 10 {
            let mut meta: Value = serde_json::from_slice(&original_sidecar).unwrap();
            meta["size_bytes"] = Value::from(bytes.len() as u64);
            meta["sha256"] =
                Value::from(quartermaster_core::backup::write::sha256_of(&file).unwrap());
            std::fs::write(&sidecar, serde_json::to_vec(&meta).unwrap()).unwrap();
            let line = fails(home.path(), &["--db", db, "backups", "restore", &id]);
            assert!(line.starts_with(&format!("error: backup {id} (")), "{line}");
            assert!(line.contains("it was not restored"), "{line}");
            assert_eq!(std::fs::read(&db_path).unwrap(), current);
            std::fs::write(&sidecar, &original_sidecar).unwrap();
        }
    }
    std::fs::write(&file, &original).unwrap();
    ok(home.path(), &["--db", db, "backups", "restore", &id]);
}

#[test]
fn erasing_a_candidate_leaves_their_name_in_no_file_under_the_backups_folder() {
    let home = tempfile::tempdir().unwrap();
    let db_path = home.path().join("org.db");
    let db = db_path.to_str().unwrap();
    ok(
        home.path(),
        &["--db", db, "init", "--demo", "--today", REFERENCE_DAY],
    );
    ok(home.path(), &["--db", db, "backups", "create"]);
    ok(home.path(), &["--db", db, "backups", "create"]);
    let name: String = rusqlite::Connection::open(&db_path)
        .unwrap()
        .query_row("SELECT name FROM candidate WHERE id = 3", [], |r| r.get(0))
        .unwrap();
    let holds = |p: &Path| {
        let bytes = std::fs::read(p).unwrap();
        bytes.windows(name.len()).any(|w| w == name.as_bytes())
    };
    let files = || -> Vec<PathBuf> {
        std::fs::read_dir(backups_dir(&db_path))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    };
    assert!(
        files().iter().any(|p| holds(p)),
        "the test must start with the name in a backup"
    );
    let out = ok(home.path(), &["--db", db, "candidates", "erase", "3"]);
    assert!(
        out.contains(
            "Backups rewritten without the candidate: 4; removed (could not be rewritten): 0"
        ),
        "{out}"
    );
    for p in files() {
        assert!(!holds(&p), "{} still holds {name}", p.display());
    }
    assert!(!holds(&db_path));
    // The rewritten backups still verify and restore.
    let id = list(home.path(), db)[0]["id"].as_i64().unwrap().to_string();
    let copy = home.path().join("copy.db");
    ok(
        home.path(),
        &[
            "--db",
            db,
            "backups",
            "restore",
            &id,
            "--to",
            copy.to_str().unwrap(),
        ],
    );
    assert_eq!(count(&copy, "candidate"), count(&db_path, "candidate"));
    let _ = run;
}
