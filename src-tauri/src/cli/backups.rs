//! `quartermaster backups list | create | restore ID [--to PATH]` and `bench backups`: the
//! command line's side of the core's `backup` module (the window's is `commands/backups.rs`).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use quartermaster_core::backup::{self, restore, write, BackupInfo};
use quartermaster_core::bench;
use quartermaster_core::store::lock;

use super::file::{open_existing, Purpose, WRITE_WAIT};

/// `quartermaster backups …`
#[derive(Debug, Subcommand)]
pub enum BackupsCommand {
    /// Every backup of the file, newest first: id, time, reason, size and record counts.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Back the file up now.
    Create,
    /// Put a backup back (the current state is backed up first), or into a new file with --to.
    Restore {
        /// The backup's id, as `backups list` shows it.
        id: u32,
        /// Restore into this new file instead, leaving the current one alone.
        #[arg(long, value_name = "PATH")]
        to: Option<PathBuf>,
    },
}

/// `quartermaster bench backups`
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Also time a file holding this many synthetic billing lines (0: the demo only).
    #[arg(long, default_value_t = 0)]
    pub lines: u64,
    /// Scratch directory (default: a new one in the system temp directory, removed after).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Runs one backups command against the file at `db`.
pub fn run(db: &Path, command: BackupsCommand, now: DateTime<Utc>) -> Result<(), String> {
    match command {
        BackupsCommand::List { json } => {
            if !db.exists() {
                return Err(format!("{}: no such database", db.display()));
            }
            let backups = backup::list(db).map_err(|e| e.to_string())?;
            if json {
                let text = serde_json::to_string_pretty(&backups).map_err(|e| e.to_string())?;
                println!("{text}");
            } else if backups.is_empty() {
                println!("No backups of {} yet.", db.display());
            } else {
                println!(
                    "{:>5}  {:<20}  {:>10}  {:<28}  records",
                    "id", "taken at (UTC)", "size", "reason"
                );
                for b in &backups {
                    println!(
                        "{:>5}  {:<20}  {:>10}  {:<28}  {}",
                        b.id,
                        b.taken_at.format("%Y-%m-%d %H:%M:%S"),
                        size_text(b.size_bytes),
                        b.reason,
                        counts_text(b)
                    );
                }
            }
        }
        BackupsCommand::Create => {
            let store = open_existing(db, Purpose::Write, now)?;
            let info = write::create(&store, "on demand", now)
                .map_err(|e| e.to_string())?
                .ok_or("an in-memory file has no backups")?;
            println!(
                "Backed up {} as backup {} ({}, {}): {}",
                db.display(),
                info.id,
                size_text(info.size_bytes),
                backup::path_of(db, &info).display(),
                counts_text(&info)
            );
        }
        BackupsCommand::Restore { id, to } => {
            // The file a restore replaces is held for writing meanwhile, like any write.
            let replaced = to.as_deref().unwrap_or(db);
            let _held = lock::acquire(replaced, "the quartermaster command line", WRITE_WAIT)
                .map_err(|e| e.to_string())?;
            let restored =
                restore::restore(db, id, to.as_deref(), now).map_err(|e| e.to_string())?;
            let b = &restored.backup;
            println!(
                "Restored backup {} ({}, {}) into {}",
                b.id,
                b.taken_at.format("%Y-%m-%d %H:%M:%S UTC"),
                b.reason,
                restored.target.display()
            );
            if let Some(safety) = &restored.safety {
                println!("The state before the restore is backup {}", safety.id);
            }
        }
    }
    Ok(())
}

/// Runs the backup benchmark and prints its figures as JSON.
pub fn run_bench(args: BenchArgs, now: DateTime<Utc>) -> Result<(), String> {
    super::finops::in_scratch_dir(args.dir, "backups", |dir| {
        bench::backups::bench_backups(dir, args.lines, now)
    })
    .map(|_| ())
}

fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
        b => format!("{:.0} KiB", (b as f64 / 1024.0).ceil()),
    }
}

/// The non-zero counts, largest kinds first by name order: "team 6, model 12, …".
fn counts_text(b: &BackupInfo) -> String {
    b.counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
