//! Crash tests: `kill -9` at random moments of an import, an import undo, a save-a-copy and a
//! report export. After every trial the file opens, `integrity_check` is ok, the data is wholly
//! the state before or wholly the state after, and no temporary file is left in sight.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use quartermaster_core::finops::import::synth::{write_focus_file, SynthOptions};
use quartermaster_core::Store;

use crate::support::{binary, ok, Seeded};
use quartermaster_core::demo::REFERENCE_DAY;

/// Trials per operation, each killed at a different point of its run.
const TRIALS: u32 = 5;

/// What decides "before" or "after": row counts of the tables an operation touches.
fn fingerprint(db: &Path) -> Vec<i64> {
    let store = Store::open(db).unwrap();
    let check: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "{}", db.display());
    [
        "cost_line",
        "cost_rollup",
        "import_batch",
        "import_warning",
        "usage",
        "change",
    ]
    .iter()
    .map(|table| {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect()
}

/// Files a user would see in `dir` (hidden ones aside), sorted.
fn visible(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// Runs `args` once to time it, then `TRIALS` times killed at spread-out random moments, each
/// on a fresh copy of `template`; `check` judges every outcome.
fn kill_during(
    what: &str,
    template: &Path,
    args: impl Fn(&Path) -> Vec<String>,
    check: impl Fn(&Path, u32),
) {
    let mut moments = Seeded::new(what, "QM_CRASH_SEED");
    let work = tempfile::tempdir().unwrap();
    let fresh = |n: u32| -> PathBuf {
        let dir = work.path().join(format!("trial-{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("org.db");
        std::fs::copy(template, &db).unwrap();
        db
    };
    let timed = fresh(99);
    let started = Instant::now();
    let status = Command::new(binary())
        .args(args(&timed))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{what} runs to the end when left alone");
    let whole = started.elapsed();
    for trial in 0..TRIALS {
        let db = fresh(trial);
        // Spread over the run: trial n is killed somewhere in the n-th fifth of it.
        let at = whole.mul_f64((trial as f64 + moments.fraction()) / TRIALS as f64);
        let mut child = Command::new(binary())
            .args(args(&db))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        eprintln!("{what}: trial {trial} killed after {at:?} of {whole:?}");
        check(&db, trial);
    }
}

/// The demo organisation written once for all trials of one test.
fn demo_template(dir: &Path) -> PathBuf {
    let db = dir.join("template.db");
    ok(
        dir,
        &[
            "--db",
            db.to_str().unwrap(),
            "init",
            "--demo",
            "--today",
            REFERENCE_DAY,
        ],
    );
    db
}

/// The demo organisation with 60,000 generated billing lines imported.
fn imported_template(dir: &Path) -> PathBuf {
    let template = demo_template(dir);
    let focus = focus_file(dir, 60_000);
    let args = db_args(&template, &["import", "focus", focus.to_str().unwrap()]);
    ok(dir, &args.iter().map(String::as_str).collect::<Vec<_>>());
    template
}

fn focus_file(dir: &Path, rows: u64) -> PathBuf {
    let path = dir.join("billing.csv");
    write_focus_file(&path, SynthOptions::realistic(rows, 11)).unwrap();
    path
}

/// The state of `template` after running `args` on a copy of it, uninterrupted.
fn after(template: &Path, args: &[String]) -> Vec<i64> {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");
    std::fs::copy(template, &db).unwrap();
    let mut args = args.to_vec();
    args[1] = db.display().to_string();
    let out = Command::new(binary()).args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fingerprint(&db)
}

fn db_args(db: &Path, rest: &[&str]) -> Vec<String> {
    let mut args = vec!["--db".to_string(), db.display().to_string()];
    args.extend(rest.iter().map(|s| s.to_string()));
    args
}

#[test]
fn kill_9_during_an_import_leaves_the_before_or_the_after_state() {
    let dir = tempfile::tempdir().unwrap();
    let template = demo_template(dir.path());
    let focus = focus_file(dir.path(), 60_000);
    let focus = focus.to_str().unwrap().to_string();
    let args = |db: &Path| db_args(db, &["import", "focus", &focus]);
    let before = fingerprint(&template);
    let done = after(&template, &args(&template));
    assert_ne!(before, done);
    kill_during("import", &template, args, |db, trial| {
        let now = fingerprint(db);
        assert!(
            now == before || now == done,
            "trial {trial}: {now:?} is neither {before:?} nor {done:?}"
        );
        only_the_file_in_sight(db, trial);
    });
}

/// After a killed write, the user sees the file and its backups folder (the automatic backup
/// taken before the write), and in that folder only whole backups: a killed backup's leftovers
/// are hidden, and the next backup clears them.
fn only_the_file_in_sight(db: &Path, trial: u32) {
    let mut seen = visible(db.parent().unwrap());
    seen.retain(|name| name != "org.db.backups");
    assert_eq!(seen, ["org.db"], "trial {trial}");
    let backups = db.with_file_name("org.db.backups");
    if backups.exists() {
        for name in visible(&backups) {
            assert!(
                name.ends_with(".qmbackup") || name.ends_with(".qmbackup.json"),
                "trial {trial}: {name} in sight"
            );
        }
    }
}

#[test]
fn kill_9_during_an_import_undo_leaves_the_before_or_the_after_state() {
    let dir = tempfile::tempdir().unwrap();
    let template = imported_template(dir.path());
    let batch: i64 = Store::open(&template)
        .unwrap()
        .conn()
        .query_row("SELECT max(id) FROM import_batch", [], |r| r.get(0))
        .unwrap();
    let batch = batch.to_string();
    let args = |db: &Path| db_args(db, &["imports", "undo", &batch]);
    let before = fingerprint(&template);
    let done = after(&template, &args(&template));
    assert!(done[0] < before[0], "the undo removes the lines");
    kill_during("import undo", &template, args, |db, trial| {
        let now = fingerprint(db);
        assert!(
            now == before || now == done,
            "trial {trial}: {now:?} is neither {before:?} nor {done:?}"
        );
        only_the_file_in_sight(db, trial);
    });
}

#[test]
fn kill_9_during_a_save_a_copy_leaves_no_copy_or_a_whole_one() {
    let dir = tempfile::tempdir().unwrap();
    let template = imported_template(dir.path());
    let before = fingerprint(&template);
    let args = |db: &Path| {
        let to = db.with_file_name("copy.db");
        db_args(db, &["export", "copy", "--to", to.to_str().unwrap()])
    };
    kill_during("save a copy", &template, args, |db, trial| {
        assert_eq!(
            fingerprint(db),
            before,
            "trial {trial}: the file itself is untouched"
        );
        let copy = db.with_file_name("copy.db");
        let seen = visible(db.parent().unwrap());
        if copy.exists() {
            assert_eq!(fingerprint(&copy), before, "trial {trial}: a copy is whole");
            assert_eq!(seen, ["copy.db", "org.db"], "trial {trial}");
        } else {
            assert_eq!(seen, ["org.db"], "trial {trial}");
        }
        // Saving again after the crash works and leaves one whole copy.
        let out = Command::new(binary()).args(args(db)).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(fingerprint(&copy), before);
    });
}

#[test]
fn kill_9_during_a_report_export_leaves_no_report_or_a_whole_one() {
    let dir = tempfile::tempdir().unwrap();
    let template = demo_template(dir.path());
    let before = fingerprint(&template);
    let quarter = "FY2027-Q1";
    let args = |db: &Path| {
        let out = db.with_file_name("report.xlsx");
        db_args(
            db,
            &[
                "report",
                "--quarter",
                quarter,
                "--out",
                out.to_str().unwrap(),
            ],
        )
    };
    kill_during("report export", &template, args, |db, trial| {
        assert_eq!(
            fingerprint(db),
            before,
            "trial {trial}: a report never changes the file"
        );
        let report = db.with_file_name("report.xlsx");
        let seen = visible(db.parent().unwrap());
        if report.exists() {
            let sheets = crate::support::read_xlsx(&report);
            assert!(sheets.len() >= 7, "trial {trial}: the workbook is whole");
            assert_eq!(seen, ["org.db", "report.xlsx"], "trial {trial}");
        } else {
            assert_eq!(seen, ["org.db"], "trial {trial}");
        }
    });
}
