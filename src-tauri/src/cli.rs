//! The command-line interface: every import and export runs headless from here.
//! Each subcommand parses its arguments, makes one core or report call, and prints the outcome;
//! every failure is one `error: …` line and a non-zero exit.

use std::path::PathBuf;

use chrono::Utc;
use clap::{Args, Parser, Subcommand};
use quartermaster_core::{org::settings, org::setup, overview, Store};

use crate::{cli_finops, cli_hiring, cli_report, cli_roadmap, paths};

/// Quartermaster: the ML engineering organisation in one local file.
#[derive(Debug, Parser)]
#[command(name = "quartermaster", version, about, long_about = None)]
pub struct Cli {
    /// The organisation file (default: $QUARTERMASTER_DB, else ~/.local/share/quartermaster/quartermaster.db).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
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
    /// Print the organisation's headline figures.
    Summary,
    /// The quarterly executive report (xlsx for finance, or csv, png, html).
    Report(cli_report::Args),
    /// Each team's capacity, demand and balance in person-weeks for a fiscal quarter.
    Capacity(cli_roadmap::CapacityArgs),
    /// Import billing (FOCUS), usage or filled interview-kit files.
    #[command(subcommand)]
    Import(ImportCommand),
    #[command(flatten)]
    Finops(cli_finops::Command),
    /// Interview kits and debrief packets.
    #[command(subcommand)]
    Hiring(cli_hiring::HiringCommand),
    /// Candidates' personal data.
    #[command(subcommand)]
    Candidates(cli_hiring::CandidatesCommand),
    /// Print performance figures (build with --release for real numbers).
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    #[command(flatten)]
    Finops(cli_finops::ImportCommand),
    /// Read a filled interview kit (.xlsx) back as that interviewer's submitted scorecard.
    Scorecards(cli_hiring::ImportScorecardsArgs),
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Recompute capacity and demand for 50 teams × 8 quarters × 2,000 initiatives × 1,500 positions.
    Capacity,
    #[command(flatten)]
    Finops(cli_finops::BenchCommand),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Fill the file with the deterministic demo organisation.
    #[arg(long)]
    pub demo: bool,
    /// Organisation name.
    #[arg(long, default_value = "My ML organisation", conflicts_with = "demo")]
    pub name: String,
    /// Month (1-12) in which the fiscal year starts.
    #[arg(long, default_value_t = 1, conflicts_with = "demo")]
    pub fy_start_month: u32,
    /// Reporting currency (ISO 4217).
    #[arg(long, default_value = "USD", conflicts_with = "demo")]
    pub currency: String,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// One CSV per table (teams.csv, positions.csv, …) with a header row, UTF-8, RFC 4180.
    Csv {
        /// Directory to write into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
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
    match command {
        Command::Init(args) => {
            let mut store = Store::open(&db).map_err(|e| e.to_string())?;
            if args.demo {
                let summary = store
                    .with_tx(|tx| quartermaster_core::demo::create(tx))
                    .map_err(|e| e.to_string())?;
                println!(
                    "Created the demo organisation in {}: {summary}",
                    db.display()
                );
            } else {
                let settings =
                    settings::Settings::new(&args.name, args.fy_start_month, &args.currency)
                        .map_err(|e| e.to_string())?;
                store
                    .with_tx(|tx| setup::new_organisation(tx, &settings, now))
                    .map_err(|e| e.to_string())?;
                println!(
                    "Created organisation {:?} in {}",
                    settings.org_name,
                    db.display()
                );
            }
        }
        Command::Export(ExportCommand::Csv { out }) => {
            let store = open_existing(&db)?;
            let files = quartermaster_report::csv::export_all(store.conn(), &out)
                .map_err(|e| e.to_string())?;
            println!("Wrote {} files to {}", files.len(), out.display());
        }
        Command::Summary => {
            let store = open_existing(&db)?;
            let today = chrono::Local::now().date_naive();
            let headline = overview::overview(store.conn(), today).map_err(|e| e.to_string())?;
            print!("{headline}");
        }
        Command::Report(args) => {
            let store = open_existing(&db)?;
            cli_report::run(&store, &args, now, chrono::Local::now().date_naive())?;
        }
        Command::Capacity(args) => {
            let mut store = open_existing(&db)?;
            cli_roadmap::run(&mut store, args, chrono::Local::now().date_naive())?;
        }
        Command::Import(ImportCommand::Finops(command)) => {
            cli_finops::run_import(&mut open_existing(&db)?, command, now)?;
        }
        Command::Import(ImportCommand::Scorecards(args)) => {
            cli_hiring::run(&mut open_existing(&db)?, args, now)?;
        }
        Command::Hiring(command) => cli_hiring::run(&mut open_existing(&db)?, command, now)?,
        Command::Candidates(command) => cli_hiring::run(&mut open_existing(&db)?, command, now)?,
        Command::Finops(command) => {
            let mut store = open_existing(&db)?;
            cli_finops::run(&mut store, command, now)?;
        }
        Command::Bench(BenchCommand::Capacity) => {
            println!(
                "{}",
                quartermaster_core::bench::capacity::bench_capacity().map_err(|e| e.to_string())?
            );
        }
        Command::Bench(BenchCommand::Finops(command)) => cli_finops::run_bench(command, now)?,
    }
    Ok(())
}

/// Opens a file that must already hold an organisation (exports never create files).
fn open_existing(db: &std::path::Path) -> Result<Store, String> {
    if !db.exists() {
        return Err(format!(
            "{}: no such database; create one with `quartermaster --db {} init`",
            db.display(),
            db.display()
        ));
    }
    let store = Store::open(db).map_err(|e| e.to_string())?;
    settings::get(store.conn()).map_err(|e| format!("{}: {e}", db.display()))?;
    Ok(store)
}
