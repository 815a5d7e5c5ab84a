//! The backup benchmark behind `quartermaster bench backups`: backup and restore times for the
//! demo organisation and for a file holding N synthetic billing lines, and the extra time an
//! import takes for its automatic backup. Reads the clock (timing is its point).

use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use super::import::{remove_database, seed_bench_org};
use crate::backup::{guarded::guarded, restore, write};
use crate::finops::import::synth::{write_focus_file, SynthOptions};
use crate::finops::import::{focus, ImportOptions};
use crate::store::entity::Timestamp;
use crate::{demo, records, Error, Result, Store};

/// Backup and restore of one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupTimes {
    pub file: String,
    pub cost_lines: i64,
    pub file_bytes: u64,
    pub backup_bytes: u64,
    /// `VACUUM INTO`, integrity check, counts, SHA-256, sidecar and rename.
    pub backup_seconds: f64,
    /// Verify (SHA-256, integrity check), the "before restore" backup, copy and rename.
    pub restore_seconds: f64,
    /// Whether the restored file holds as many billing lines as the backup says.
    pub restored_exact: bool,
}

/// What the automatic backup adds to an import.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportOverhead {
    /// Billing lines already in the file being imported into.
    pub existing_lines: i64,
    pub imported_lines: u64,
    pub import_seconds: f64,
    pub backup_seconds: f64,
    /// The backup's share of the guarded import, in percent.
    pub backup_percent: f64,
}

/// Every figure of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupBench {
    pub demo: BackupTimes,
    pub demo_import: ImportOverhead,
    pub lines: Option<BackupTimes>,
    pub lines_import: Option<ImportOverhead>,
}

/// Runs the benchmark in `dir`: the demo, then (when `lines` > 0) a file of `lines` billing lines.
pub fn bench_backups(dir: &Path, lines: u64, now: Timestamp) -> Result<BackupBench> {
    let small = dir.join("bench-import-10k.csv");
    write_focus_file(&small, SynthOptions::realistic(10_000, 7))?;

    let demo_path = dir.join("bench-demo.db");
    remove_database(&demo_path);
    let _ = std::fs::remove_dir_all(crate::backup::folder(&demo_path));
    {
        let mut store = Store::open(&demo_path)?;
        store.with_tx(|tx| demo::create(tx))?;
    }
    let demo_times = times(&demo_path, "demo", now)?;
    let demo_import = overhead(&demo_path, &small, now)?;

    let (lines_times, lines_import) = if lines > 0 {
        let csv = dir.join("bench-backups-focus.csv");
        write_focus_file(&csv, SynthOptions::realistic(lines, 42))?;
        let path = dir.join("bench-lines.db");
        remove_database(&path);
        let _ = std::fs::remove_dir_all(crate::backup::folder(&path));
        {
            let mut store = Store::open(&path)?;
            store.with_tx(|tx| seed_bench_org(tx, now))?;
            focus::import_file(&mut store, &csv, ImportOptions::default(), now, None)?;
        }
        let _ = std::fs::remove_file(&csv);
        let t = times(&path, &format!("{lines} billing lines"), now)?;
        let o = overhead(&path, &small, now)?;
        (Some(t), Some(o))
    } else {
        (None, None)
    };
    Ok(BackupBench {
        demo: demo_times,
        demo_import,
        lines: lines_times,
        lines_import,
    })
}

fn cost_lines(store: &Store) -> Result<i64> {
    records::count(store.conn(), "cost_line")
}

fn times(path: &Path, label: &str, now: Timestamp) -> Result<BackupTimes> {
    let store = Store::open(path)?;
    let lines = cost_lines(&store)?;
    let started = Instant::now();
    let info = write::create(&store, "bench", now)?
        .ok_or_else(|| Error::Conflict("the bench file is in memory".into()))?;
    let backup_seconds = started.elapsed().as_secs_f64();
    drop(store);
    let file_bytes = std::fs::metadata(path)
        .map_err(|e| Error::io(path.display(), e))?
        .len();
    let started = Instant::now();
    restore::restore(path, info.id, None, now)?;
    let restore_seconds = started.elapsed().as_secs_f64();
    let store = Store::open(path)?;
    Ok(BackupTimes {
        file: label.to_string(),
        cost_lines: lines,
        file_bytes,
        backup_bytes: info.size_bytes,
        backup_seconds,
        restore_seconds,
        restored_exact: cost_lines(&store)? == info.counts.get("cost_line").copied().unwrap_or(-1),
    })
}

fn overhead(path: &Path, file: &Path, now: Timestamp) -> Result<ImportOverhead> {
    let mut store = Store::open(path)?;
    let existing_lines = cost_lines(&store)?;
    let started = Instant::now();
    let (imported_lines, import_seconds) = guarded(&mut store, "before import", now, |s| {
        let at = Instant::now();
        let imported = focus::import_file(s, file, ImportOptions::default(), now, None)?;
        Ok((imported.batch.row_count as u64, at.elapsed().as_secs_f64()))
    })?;
    let total = started.elapsed().as_secs_f64();
    let backup_seconds = total - import_seconds;
    Ok(ImportOverhead {
        existing_lines,
        imported_lines,
        import_seconds,
        backup_seconds,
        backup_percent: 100.0 * backup_seconds / total,
    })
}
