//! Fuzz tests of the files the app reads: FOCUS billing (CSV, gzip and Parquet), usage CSV and filled
//! interview kits (backups: `tests/cli/backups.rs`). Real files are mangled at random — bytes
//! flipped, cut short, lines doubled or dropped, bytes inserted — and read into a copy of the
//! demo organisation. Whatever comes in, the import succeeds or says what is wrong naming the
//! file, never panics, and a refused file leaves the organisation exactly as it was.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use quartermaster_core::finops::import::parquet::write::{write_focus_parquet, FocusParquet};
use quartermaster_core::finops::import::{focus, usage, ImportOptions};
use quartermaster_core::hiring::interview_kit;
use quartermaster_core::{Result, Store, Timestamp};

use crate::support::{fixture, ok, Seeded};
use quartermaster_core::demo::REFERENCE_DAY;

fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).unwrap()
}

/// Random mangling of a file's bytes.
trait Mangle {
    /// `bytes` with one to four random mangles applied, and what they were.
    fn mangle(&mut self, bytes: &[u8]) -> (Vec<u8>, Vec<String>);
}

impl Mangle for Seeded {
    fn mangle(&mut self, bytes: &[u8]) -> (Vec<u8>, Vec<String>) {
        let mut out = bytes.to_vec();
        let mut done = Vec::new();
        for _ in 0..=self.below(4) {
            let at = self.below(out.len());
            match self.below(6) {
                0 => {
                    out[at] ^= 1 << self.below(8);
                    done.push(format!("flip a bit at {at}"));
                }
                1 => {
                    out.truncate(at);
                    done.push(format!("cut at {at}"));
                }
                2 => {
                    let byte = [b',', b'"', b'\n', b'\r', 0, 0xff, b'-', b'e'][self.below(8)];
                    out.insert(at, byte);
                    done.push(format!("insert {byte:#04x} at {at}"));
                }
                3 => {
                    let end = (at + 1 + self.below(64)).min(out.len());
                    out.drain(at..end);
                    done.push(format!("drop {at}..{end}"));
                }
                4 => {
                    // A whole line doubled: a repeated charge or row.
                    let start = out[..at]
                        .iter()
                        .rposition(|b| *b == b'\n')
                        .map_or(0, |p| p + 1);
                    let end = out[at..]
                        .iter()
                        .position(|b| *b == b'\n')
                        .map_or(out.len(), |p| at + p + 1);
                    let line = out[start..end].to_vec();
                    out.splice(end..end, line);
                    done.push(format!("double the line at {start}"));
                }
                _ => {
                    let digit = b'0' + self.below(10) as u8;
                    if let Some(p) = out[at..].iter().position(u8::is_ascii_digit) {
                        out[at + p] = digit;
                    }
                    done.push(format!("change a digit after {at}"));
                }
            }
            if out.is_empty() {
                break;
            }
        }
        (out, done)
    }
}

/// Row counts of every table an import writes, and the audit log.
fn fingerprint(store: &Store) -> Vec<i64> {
    [
        "cost_line",
        "cost_rollup",
        "import_batch",
        "import_warning",
        "usage",
        "usage_replaced",
        "scorecard",
        "rating",
        "change",
    ]
    .iter()
    .map(|t| {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect()
}

/// Runs `trials` mangled copies of `original` through `import` on copies of `template`.
fn fuzz(
    what: &str,
    template: &Path,
    original: &Path,
    trials: usize,
    import: impl Fn(&mut Store, &Path) -> Result<()>,
) {
    let bytes = std::fs::read(original).unwrap();
    let mut noise = Seeded::new(what, "QM_FUZZ_SEED");
    let work = tempfile::tempdir().unwrap();
    let (mut refused, mut taken) = (0, 0);
    for trial in 0..trials {
        let db = work.path().join(format!("org-{trial}.db"));
        std::fs::copy(template, &db).unwrap();
        let mut store = Store::open(&db).unwrap();
        let name = format!(
            "mangled-{trial}-{}",
            original.file_name().unwrap().to_string_lossy()
        );
        let input = work.path().join(&name);
        let (mangled, done) = noise.mangle(&bytes);
        std::fs::write(&input, &mangled).unwrap();
        let before = fingerprint(&store);
        match import(&mut store, &input) {
            Ok(()) => taken += 1,
            Err(err) => {
                refused += 1;
                let message = err.to_string();
                assert!(
                    message.contains(&name),
                    "{what} trial {trial} ({done:?}): the error names the file: {message}"
                );
                assert_eq!(
                    fingerprint(&store),
                    before,
                    "{what} trial {trial} ({done:?}): a refused file changes nothing"
                );
            }
        }
        let check: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "{what} trial {trial}");
    }
    eprintln!("{what}: {refused} refused, {taken} taken of {trials}");
    assert!(refused > 0, "{what}: some mangled files must be refused");
}

fn demo(dir: &Path) -> PathBuf {
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

#[test]
fn mangled_focus_files_are_refused_by_name_or_read_and_never_half_kept() {
    let dir = tempfile::tempdir().unwrap();
    let template = demo(dir.path());
    let import = |store: &mut Store, path: &Path| {
        focus::import_file(store, path, ImportOptions { replace: false }, now(), None).map(|_| ())
    };
    fuzz(
        "focus csv",
        &template,
        &fixture("focus/focus-1.0-sample-trimmed.csv"),
        60,
        import,
    );
    fuzz(
        "focus gzip",
        &template,
        &fixture("focus/focus-1.3-provider.csv.gz"),
        20,
        import,
    );
    let parquet = dir.path().join("sample.parquet");
    let groups = FocusParquet {
        rows_per_group: 40,
        ..FocusParquet::default()
    };
    write_focus_parquet(
        &fixture("focus/focus-1.0-sample-trimmed.csv"),
        &parquet,
        &groups,
    )
    .unwrap();
    fuzz("focus parquet", &template, &parquet, 80, import);
}

#[test]
fn mangled_usage_files_are_refused_by_name_or_read_and_never_half_kept() {
    let dir = tempfile::tempdir().unwrap();
    let template = demo(dir.path());
    let models: Vec<String> = {
        let store = Store::open(&template).unwrap();
        let mut stmt = store
            .conn()
            .prepare("SELECT name FROM model ORDER BY id LIMIT 6")
            .unwrap();
        let names = stmt.query_map([], |r| r.get(0)).unwrap();
        names.map(|n| n.unwrap()).collect()
    };
    let mut text = String::from("model,month,inferences,training_runs\n");
    for (n, model) in models.iter().enumerate() {
        for month in 1..=6 {
            text.push_str(&format!(
                "{model},2031-0{month},{},{}\n",
                1000 * (n + month),
                n % 3
            ));
        }
    }
    let original = dir.path().join("usage.csv");
    std::fs::write(&original, text).unwrap();
    fuzz("usage", &template, &original, 40, |store, path| {
        usage::import_file(store, path, ImportOptions { replace: false }, now(), None).map(|_| ())
    });
}

#[test]
fn mangled_interview_kits_are_refused_by_name_and_never_half_kept() {
    let dir = tempfile::tempdir().unwrap();
    let template = demo(dir.path());
    let kit = dir.path().join("kit.xlsx");
    {
        let store = Store::open(&template).unwrap();
        let interview: i64 = store
            .conn()
            .query_row(
                "SELECT i.id FROM interview i WHERE NOT EXISTS (SELECT 1 FROM scorecard s WHERE s.interview_id = i.id AND s.submitted_at IS NOT NULL) ORDER BY i.id",
                [],
                |r| r.get(0),
            )
            .unwrap();
        quartermaster_report::kit::export_kit(store.conn(), interview, &kit).unwrap();
    }
    fuzz("interview kit", &template, &kit, 20, |store, path| {
        store
            .with_tx(|tx| interview_kit::import_kit(tx, path, now()))
            .map(|_| ())
    });
}
