//! CLI commands of the FinOps area: billing and usage imports, the list of imports and undo,
//! per-model unit costs, and the import benchmark. Each parses its arguments, calls the core,
//! and prints the outcome; every failure comes back as one message.
//!
//! Wiring: `#[command(flatten)] Finops(finops::Command)` in the CLI's `Command`, run by
//! `finops::run(&mut store, cmd, now)`; `bench import` needs no organisation file, so it is
//! `finops::run_bench(cmd, now)`, flattened into `bench`.

use std::path::PathBuf;

use super::file::Purpose;
use chrono::{DateTime, Utc};
use clap::{Subcommand, ValueEnum};
use quartermaster_core::backup::guarded::guarded;
use quartermaster_core::bench;
use quartermaster_core::finops::import::focus::{self, FocusImport};
use quartermaster_core::finops::import::reader::ImportWarning;
use quartermaster_core::finops::import::{self, ImportOptions};
use quartermaster_core::{finops::import::usage, finops::unit_cost, Store};

/// The FinOps commands that work on an organisation file.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List or undo imports.
    #[command(subcommand)]
    Imports(ImportsCommand),
    /// FinOps reports.
    #[command(subcommand)]
    Finops(FinopsCommand),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import FOCUS 1.0–1.3 billing exports (.csv, .csv.gz or .parquet); each file is all or nothing.
    Focus {
        /// Files to import, in order; the first one that fails stops the command.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Import a file again even though the same bytes were imported before (the earlier
        /// import is undone).
        #[arg(long)]
        replace: bool,
    },
    /// Import model usage: a CSV with the columns model, month, inferences, training_runs.
    Usage {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Import the file again even though the same bytes were imported before.
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportsCommand {
    /// Every import, newest first, with its warnings.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Undo an import: remove its rows (usage it overwrote comes back).
    Undo {
        /// The import's id, as `imports list` shows it.
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum FinopsCommand {
    /// Cost per 1k inferences and per training run, per model and month.
    UnitCosts {
        /// Only this month (changes are still measured against earlier months).
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
    },
}

/// Output format of a report printed to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Generate synthetic FOCUS rows, import them into a scratch file and time it next to the
    /// sqlite3 tool's `.import` of the same file; prints the figures as JSON.
    Import {
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
        /// Scratch directory (default: a new one in the system temp directory, removed after).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Import the same rows written as FOCUS Parquet (DECIMAL costs) instead of CSV.
        #[arg(long)]
        parquet: bool,
    },
    /// Generate a year of monthly FOCUS files, import them in turn into one scratch file, and
    /// time each import and every FinOps figure on the result; prints the figures as JSON.
    Year {
        #[arg(long, default_value_t = 12)]
        months: u32,
        #[arg(long, default_value_t = 1_000_000)]
        rows_per_month: u64,
        /// Distinct resources charged each month.
        #[arg(long, default_value_t = 1_500)]
        resources: u32,
        /// Scratch directory (default: a new one in the system temp directory, removed after).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Runs one billing or usage import against `store`.
pub fn run_import(
    store: &mut Store,
    command: ImportCommand,
    now: DateTime<Utc>,
) -> Result<(), String> {
    match command {
        ImportCommand::Focus { files, replace } => {
            let mut done: Vec<i64> = Vec::new();
            for file in &files {
                let reason = format!("before import of {}", file_label(file));
                let imported = guarded(store, &reason, now, |s| {
                    focus::import_file(s, file, ImportOptions { replace }, now, None)
                })
                .map_err(|e| with_done(e.to_string(), &done))?;
                print_focus(&imported);
                done.push(imported.batch.id);
            }
        }
        ImportCommand::Usage { file, replace } => {
            let reason = format!("before import of {}", file_label(&file));
            let imported = guarded(store, &reason, now, |s| {
                usage::import_file(s, &file, ImportOptions { replace }, now, None)
            })
            .map_err(|e| e.to_string())?;
            println!(
                "Imported {} as import {}: {} usage rows ({} replaced existing rows)",
                imported.batch.file_name,
                imported.batch.id,
                imported.batch.row_count,
                imported.overwritten
            );
            print_replaced(&imported.replaced);
            print_warnings(&imported.warnings);
        }
    }
    Ok(())
}

impl Command {
    /// Whether the command changes the file (writes wait for the writer lock; reads do not).
    pub fn purpose(&self) -> Purpose {
        match self {
            Command::Imports(ImportsCommand::Undo { .. }) => Purpose::Write,
            Command::Imports(ImportsCommand::List { .. }) | Command::Finops(_) => Purpose::Read,
        }
    }
}

/// Runs one FinOps command against `store`.
pub fn run(store: &mut Store, command: Command, now: DateTime<Utc>) -> Result<(), String> {
    match command {
        Command::Imports(ImportsCommand::List { json }) => {
            let batches = import::list(store.conn()).map_err(|e| e.to_string())?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&batches).map_err(|e| e.to_string())?
                );
            } else if batches.is_empty() {
                println!("No imports yet.");
            } else {
                println!(
                    "{:>5}  {:<6} {:>9} {:>9}  {:<20}  file",
                    "id", "kind", "rows", "warnings", "imported at"
                );
                for info in &batches {
                    let b = &info.batch;
                    let at = b.imported_at.format("%Y-%m-%d %H:%M:%S").to_string();
                    println!(
                        "{:>5}  {:<6} {:>9} {:>9}  {:<20}  {}",
                        b.id, b.kind, b.row_count, b.warning_count, at, b.file_name
                    );
                }
            }
        }
        Command::Imports(ImportsCommand::Undo { id }) => {
            let batch = guarded(store, &format!("before undo of import {id}"), now, |s| {
                s.with_tx(|tx| import::undo(tx, id, now))
            })
            .map_err(|e| e.to_string())?;
            println!(
                "Undid import {} ({}, {} rows)",
                batch.id, batch.file_name, batch.row_count
            );
        }
        Command::Finops(FinopsCommand::UnitCosts { month, format }) => {
            if let Some(month) = month
                .as_deref()
                .filter(|m| !quartermaster_core::values::month::is_month(m))
            {
                return Err(format!(
                    "--month {month:?} is not a month; write it like 2026-09"
                ));
            }
            let costs =
                unit_cost::unit_costs(store.conn(), month.as_deref()).map_err(|e| e.to_string())?;
            let text = match format {
                Format::Json => serde_json::to_string_pretty(&costs).map_err(|e| e.to_string())?,
                Format::Csv => quartermaster_report::finops::unit_costs_csv(&costs)
                    .map_err(|e| e.to_string())?,
            };
            println!("{}", text.trim_end());
        }
    }
    Ok(())
}

/// Runs the import benchmark in a scratch directory and prints its figures as JSON.
pub fn run_bench(command: BenchCommand, now: DateTime<Utc>) -> Result<(), String> {
    let (exact, rows) = match command {
        BenchCommand::Import { rows, dir, parquet } => {
            let report = in_scratch_dir(dir, "import", |dir| {
                bench::import::bench_import(dir, rows, parquet, now)
            })?;
            (report.totals_exact, report.rows)
        }
        BenchCommand::Year {
            months,
            rows_per_month,
            resources,
            dir,
        } => {
            let options = bench::year::YearOptions {
                months,
                rows_per_month,
                resources,
            };
            let report = in_scratch_dir(dir, "year", |dir| {
                bench::year::bench_year(dir, options, now)
            })?;
            (report.totals_exact, report.lines)
        }
    };
    if !exact {
        return Err(format!(
            "the imported per-month totals of the {rows} rows differ from the generated files': the import is not exact"
        ));
    }
    Ok(())
}

/// Runs a benchmark in `dir`, or in a new scratch directory removed afterwards, and prints
/// its figures as JSON.
pub fn in_scratch_dir<T: serde::Serialize>(
    dir: Option<std::path::PathBuf>,
    name: &str,
    bench: impl FnOnce(&std::path::Path) -> quartermaster_core::Result<T>,
) -> Result<T, String> {
    let (dir, remove_after) = match dir {
        Some(dir) => (dir, false),
        None => (
            std::env::temp_dir().join(format!("quartermaster-bench-{name}-{}", std::process::id())),
            true,
        ),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let report = bench(&dir);
    if remove_after {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let report = report.map_err(|e| e.to_string())?;
    println!(
        "{}",
        serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
    );
    Ok(report)
}

/// A file's name for a backup's reason.
fn file_label(file: &std::path::Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string())
}

fn with_done(message: String, done: &[i64]) -> String {
    if done.is_empty() {
        return message;
    }
    let ids: Vec<String> = done.iter().map(i64::to_string).collect();
    format!(
        "{message} (the files before it were imported: imports {})",
        ids.join(", ")
    )
}

fn print_focus(imported: &FocusImport) {
    let b = &imported.batch;
    println!(
        "Imported {} as import {}: {} cost lines (FOCUS {}), {} warnings",
        b.file_name, b.id, b.row_count, imported.focus_version, b.warning_count
    );
    for total in &imported.totals {
        println!(
            "  {} {}: {} lines, BilledCost {}, EffectiveCost {}",
            total.month, total.currency, total.lines, total.billed_cost, total.effective_cost
        );
    }
    print_replaced(&imported.replaced);
    print_warnings(&imported.warnings);
}

fn print_replaced(replaced: &[i64]) {
    for id in replaced {
        println!("  replaced import {id} (same SHA-256)");
    }
}

fn print_warnings(warnings: &[ImportWarning]) {
    for w in warnings {
        let examples: Vec<String> = w
            .examples
            .iter()
            .map(|e| format!("line {}: {:?}", e.line, e.value))
            .collect();
        println!(
            "  warning: {}: {} ({}×; {})",
            w.column,
            w.reason,
            w.count,
            examples.join(", ")
        );
    }
}
