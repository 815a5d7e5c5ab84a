//! The command-line interface: every import and export runs headless from here.
//! Each subcommand parses its arguments, makes one core or report call, and prints the outcome;
//! every failure is one `error: …` line and a non-zero exit.
//!
//! One module per area, beside `commands/<area>.rs`: `file` (init, export csv, summary),
//! `backups`, `roadmap`, `finops`, `hiring`, `history` (undo, redo, history), `records`
//! (import records) and `report`; this
//! module holds the clap tree and dispatch.

pub mod backups;
pub mod file;
pub mod finops;
pub mod hiring;
pub mod history;
pub mod records;
pub mod report;
pub mod roadmap;

use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clap::{Parser, Subcommand};

use self::file::{open_existing, ExportCommand, InitArgs, Purpose};
use crate::paths;

/// Quartermaster: the ML engineering organisation in one local file.
#[derive(Debug, Parser)]
#[command(name = "quartermaster", version, about, long_about = None)]
pub struct Cli {
    /// The organisation file (default: $QUARTERMASTER_DB, else quartermaster.db in the data folder:
    /// ~/.local/share/quartermaster, ~/Library/Application Support/Quartermaster or
    /// %LOCALAPPDATA%\Quartermaster).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The day to work as of, instead of today's date: the demo `init --demo` creates is current
    /// on it, and summaries, reports and capacity read as of it (reproducible output).
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new organisation in the file (empty, or the demo organisation with --demo).
    Init(InitArgs),
    /// Export the organisation's data.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Print the headline figures, and a new organisation's getting-started checklist.
    Summary,
    /// The quarterly executive report (xlsx for finance, or csv, png, html).
    Report(report::Args),
    /// Each team's capacity, demand and balance in person-weeks for a fiscal quarter.
    Capacity(roadmap::CapacityArgs),
    /// Import billing (FOCUS), usage or filled interview-kit files.
    #[command(subcommand)]
    Import(ImportCommand),
    #[command(flatten)]
    Finops(finops::Command),
    /// Interview kits and debrief packets.
    #[command(subcommand)]
    Hiring(hiring::HiringCommand),
    /// Candidates' personal data.
    #[command(subcommand)]
    Candidates(hiring::CandidatesCommand),
    /// Automatic backups of the file: list, create, restore.
    #[command(subcommand)]
    Backups(backups::BackupsCommand),
    /// Undo the last action (as Ctrl+Z in the app) and print what was undone.
    Undo,
    /// Redo the action undone last and print what was redone.
    Redo,
    /// Every change, newest first, with the action that made it and its fields before → after.
    History(history::HistoryArgs),
    /// Print performance figures (build with --release for real numbers).
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    #[command(flatten)]
    Finops(finops::ImportCommand),
    /// Read a filled interview kit (.xlsx) back as that interviewer's submitted scorecard.
    Scorecards(hiring::ImportScorecardsArgs),
    /// Import teams, positions, models, initiatives, dependencies, budgets, KPIs, KPI values,
    /// risks or incidents from a CSV or XLSX file, all rows or none.
    Records(records::ImportRecordsArgs),
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    #[command(flatten)]
    Roadmap(roadmap::BenchCommand),
    #[command(flatten)]
    Finops(finops::BenchCommand),
    /// Time backups and restores of the demo and of a file with N billing lines (JSON).
    Backups(backups::BenchArgs),
    #[command(flatten)]
    History(history::BenchCommand),
}

/// Entry point of the binary; returns the process exit code.
pub fn main() -> i32 {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error ({info}); please report it");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help and --version: print as clap formats them.
            let _ = err.print();
            return 0;
        }
        Err(err) => {
            // Usage errors: one line, like every other error.
            let text = err.render().to_string();
            let first = text.lines().next().unwrap_or("error: invalid arguments");
            eprintln!("{first} (see --help)");
            return err.exit_code();
        }
    };
    match run(cli) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("error: {}", message.replace('\n', " "));
            1
        }
    }
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<(), String> {
    let db = paths::resolve_db(cli.db)?;
    let Some(command) = cli.command else {
        return crate::app::run(db);
    };
    let now = Utc::now();
    let given_today = cli.today;
    let today = || given_today.unwrap_or_else(|| chrono::Local::now().date_naive());
    use Purpose::{Read, Write};
    match command {
        Command::Init(args) => file::init(&db, args, now, today())?,
        Command::Export(command) => file::export(&open_existing(&db, Read, now)?, command)?,
        Command::Summary => file::summary(&open_existing(&db, Read, now)?, today())?,
        Command::Report(args) => report::run(&open_existing(&db, Read, now)?, &args, now, today())?,
        Command::Capacity(args) => roadmap::run(&open_existing(&db, Read, now)?, args, today())?,
        Command::Import(ImportCommand::Finops(command)) => {
            finops::run_import(&mut open_existing(&db, Write, now)?, command, now)?;
        }
        Command::Import(ImportCommand::Scorecards(args)) => run_hiring(&db, args, now)?,
        Command::Import(ImportCommand::Records(args)) => {
            records::run(&mut open_existing(&db, Write, now)?, args, now)?;
        }
        Command::Hiring(command) => run_hiring(&db, command, now)?,
        Command::Candidates(command) => run_hiring(&db, command, now)?,
        Command::Finops(command) => {
            finops::run(
                &mut open_existing(&db, command.purpose(), now)?,
                command,
                now,
            )?;
        }
        Command::Backups(command) => backups::run(&db, command, now)?,
        Command::Bench(BenchCommand::Backups(args)) => backups::run_bench(args, now)?,
        Command::Undo => history::run_undo(&mut open_existing(&db, Write, now)?, now)?,
        Command::Redo => history::run_redo(&mut open_existing(&db, Write, now)?, now)?,
        Command::History(args) => history::run_history(&open_existing(&db, Read, now)?, args)?,
        Command::Bench(BenchCommand::History(command)) => history::run_bench(command, now)?,
        Command::Bench(BenchCommand::Roadmap(command)) => roadmap::run_bench(command)?,
        Command::Bench(BenchCommand::Finops(command)) => finops::run_bench(command, now)?,
    }
    Ok(())
}

/// Runs a hiring command, opening the file for writing only when it writes.
fn run_hiring(
    db: &std::path::Path,
    action: impl Into<hiring::HiringAction>,
    now: chrono::DateTime<Utc>,
) -> Result<(), String> {
    let action = action.into();
    hiring::run(&mut open_existing(db, action.purpose(), now)?, action, now)
}
