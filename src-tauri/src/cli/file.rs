//! CLI commands on the organisation file as a whole: `init` (the demo or a new organisation),
//! `export csv` (every table) and `summary` (the headline figures), and opening a file that
//! must already hold an organisation. The command line's side of `commands/file.rs`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};
use quartermaster_core::org::{settings, setup};
use quartermaster_core::{overview, Store};

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

/// Creates the demo organisation, or a new empty one, in `db`.
pub fn init(db: &Path, args: InitArgs, now: DateTime<Utc>) -> Result<(), String> {
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    if args.demo {
        let summary = store
            .with_untracked_tx(|tx| quartermaster_core::demo::create(tx))
            .map_err(|e| e.to_string())?;
        println!(
            "Created the demo organisation in {}: {summary}",
            db.display()
        );
    } else {
        let settings = settings::Settings::new(&args.name, args.fy_start_month, &args.currency)
            .map_err(|e| e.to_string())?;
        store
            .with_untracked_tx(|tx| setup::new_organisation(tx, &settings, now))
            .map_err(|e| e.to_string())?;
        println!(
            "Created organisation {:?} in {}",
            settings.org_name,
            db.display()
        );
    }
    Ok(())
}

/// Writes one CSV per table of `store` and says how many.
pub fn export(store: &Store, command: ExportCommand) -> Result<(), String> {
    let ExportCommand::Csv { out } = command;
    let files =
        quartermaster_report::csv::export_all(store.conn(), &out).map_err(|e| e.to_string())?;
    println!("Wrote {} files to {}", files.len(), out.display());
    Ok(())
}

/// Prints the organisation's headline figures as of `today`.
pub fn summary(store: &Store, today: NaiveDate) -> Result<(), String> {
    let headline = overview::overview(store.conn(), today).map_err(|e| e.to_string())?;
    print!("{headline}");
    Ok(())
}

/// Opens a file that must already hold an organisation (exports never create files).
pub fn open_existing(db: &Path) -> Result<Store, String> {
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
