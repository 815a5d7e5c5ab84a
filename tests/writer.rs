//! One writer at a time and file failures, as the command line meets them: a write waits for
//! the app and then names it, reads work beside it, and a full disk or a read-only folder is
//! said in words with the file left as it was.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use quartermaster_core::store::Access;
use quartermaster_core::Store;

use crate::support::{fails, ok};
use quartermaster_core::demo::REFERENCE_DAY;

/// Holds the file for writing as the app does, from this test process.
fn hold_as_the_app(db: &Path) -> Store {
    Store::open_with(
        db,
        Access::Write {
            program: "the Quartermaster app",
            wait: Duration::ZERO,
        },
    )
    .unwrap()
}

/// A usage file for the demo's first model (the import every write test makes).
fn usage_file(home: &Path, db: &str) -> String {
    let store = Store::open_with(Path::new(db), Access::ReadOnly).unwrap();
    let model: String = store
        .conn()
        .query_row("SELECT name FROM model ORDER BY id", [], |r| r.get(0))
        .unwrap();
    let path = home.join("usage-2031.csv");
    std::fs::write(
        &path,
        format!("model,month,inferences,training_runs\n{model},2031-01,4000,2\n"),
    )
    .unwrap();
    path.display().to_string()
}

fn demo(home: &Path) -> String {
    let db = home.join("org.db").display().to_string();
    ok(
        home,
        &["--db", &db, "init", "--demo", "--today", REFERENCE_DAY],
    );
    db
}

#[test]
fn a_cli_write_waits_for_the_app_then_names_it_and_reads_go_on() {
    let home = tempfile::tempdir().unwrap();
    let db = demo(home.path());
    let usage = usage_file(home.path(), &db);
    let app = hold_as_the_app(Path::new(&db));

    let started = Instant::now();
    let line = fails(home.path(), &["--db", &db, "import", "usage", &usage]);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(2900),
        "a write waits about 3 s, waited {waited:?}"
    );
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    assert_eq!(
        line,
        format!(
            "error: {db}: another Quartermaster has this file open for writing (the Quartermaster app, process {} on {}); close it there, or open the file read-only",
            std::process::id(),
            host.trim()
        )
    );
    assert!(!line.contains("database is locked"));
    let batches: i64 = app
        .conn()
        .query_row(
            "SELECT count(*) FROM import_batch WHERE kind = 'usage'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(batches, 0, "nothing was imported");

    // Reading needs no lock: the summary, an export and a report run beside the app.
    assert!(ok(home.path(), &["--db", &db, "summary"]).contains("Heads: "));
    let out = home.path().join("csv");
    let printed = ok(
        home.path(),
        &["--db", &db, "export", "csv", "--out", out.to_str().unwrap()],
    );
    assert!(printed.starts_with("Wrote "), "{printed}");
    assert!(out.join("teams.csv").exists());

    // Once the app lets go, the same write goes through.
    drop(app);
    let printed = ok(home.path(), &["--db", &db, "import", "usage", &usage]);
    assert!(printed.contains("usage"), "{printed}");
}

#[test]
fn a_cli_write_gets_in_when_the_app_lets_go_within_the_wait() {
    let home = tempfile::tempdir().unwrap();
    let db = demo(home.path());
    let usage = usage_file(home.path(), &db);
    let app = hold_as_the_app(Path::new(&db));
    let started = Instant::now();
    let child = Command::new(crate::support::binary())
        .args(["--db", &db, "import", "usage", &usage])
        .env("HOME", home.path())
        .env_remove("QUARTERMASTER_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1000));
    drop(app);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(started.elapsed() >= Duration::from_millis(1000));
    let store = Store::open(Path::new(&db)).unwrap();
    let batches: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM import_batch WHERE kind = 'usage'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(batches, 1);
}

/// Whether this process may mount a tmpfs (CI runs as root; elsewhere these tests say so and pass).
fn can_mount() -> bool {
    let uid = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    matches!(uid.as_deref(), Ok("0"))
}

/// A small tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount(size: &str) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(status.success(), "mount a {size} tmpfs");
        SmallDisk(dir)
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn make_read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

/// Free bytes on the file system holding `dir`, as `df` reports them.
fn free_bytes(dir: &Path) -> u64 {
    let out = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .and_then(|line| line.trim().parse().ok())
        .unwrap()
}

/// Every table as CSV, to compare a file's content before and after.
fn content(home: &Path, db: &str, name: &str) -> Vec<(String, Vec<u8>)> {
    let out = home.join(name);
    ok(
        home,
        &["--db", db, "export", "csv", "--out", out.to_str().unwrap()],
    );
    let mut files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_full_disk_and_a_read_only_folder_are_said_in_words_and_the_file_is_unchanged() {
    if !can_mount() {
        eprintln!("skipped: mounting a small tmpfs needs root (CI runs as root)");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let source = demo(home.path());
    // Room for the file and the two backups a write takes first (the daily one and the one
    // before the import), not for the import itself.
    let disk = SmallDisk::mount("8m");
    let db = disk.path().join("org.db");
    std::fs::copy(&source, &db).unwrap();
    let db = db.display().to_string();
    let before = content(home.path(), &db, "before");

    // A billing file far larger than the space left on the disk.
    let focus = home.path().join("big-focus.csv");
    quartermaster_core::finops::import::synth::write_focus_file(
        &focus,
        quartermaster_core::finops::import::synth::SynthOptions::realistic(20_000, 7),
    )
    .unwrap();
    let line = fails(
        home.path(),
        &["--db", &db, "import", "focus", focus.to_str().unwrap()],
    );
    assert_eq!(
        line,
        format!(
            "error: {db}: the disk is full; nothing was changed — free some space and try again"
        )
    );
    assert_eq!(
        content(home.path(), &db, "after-full"),
        before,
        "the file is unchanged"
    );

    // Fuller still, the automatic backup before the import is what finds the disk full.
    let filler = disk.path().join("filler");
    let free = free_bytes(disk.path());
    std::fs::write(&filler, vec![0u8; free.saturating_sub(64 * 1024) as usize]).unwrap();
    let line = fails(
        home.path(),
        &["--db", &db, "import", "focus", focus.to_str().unwrap()],
    );
    assert_eq!(
        line,
        format!("error: {db}.backups: the disk is full; nothing was changed — free some space and try again")
    );
    assert_eq!(content(home.path(), &db, "after-backup-full"), before);
    let partials: Vec<_> = std::fs::read_dir(format!("{db}.backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".partial"))
        .collect();
    assert!(
        partials.is_empty(),
        "a failed backup leaves nothing: {partials:?}"
    );
    std::fs::remove_file(&filler).unwrap();

    let usage = usage_file(home.path(), &db);
    disk.make_read_only();
    let line = fails(home.path(), &["--db", &db, "import", "usage", &usage]);
    assert_eq!(
        line,
        format!("error: {db}: the file or its folder cannot be written (read-only or no permission); nothing was changed")
    );
    assert_eq!(content(home.path(), &db, "after-read-only"), before);
}
