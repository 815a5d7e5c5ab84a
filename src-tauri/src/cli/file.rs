//! CLI commands on the organisation file as a whole: `init` (the demo or a new organisation),
//! `export csv` (every table) and `summary` (the headline figures), and opening a file that
//! must already hold an organisation. The command line's side of `commands/file.rs`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};
use quartermaster_core::org::{settings, setup};
use quartermaster_core::store::{self, Access};
use quartermaster_core::{backup, overview, Store};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Fill the file with the demo organisation, current on today (or on --today).
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
    /// A consistent copy of the whole organisation file, as File → Save a copy writes it.
    Copy {
        /// The new file (replaced if it exists, only once the copy is complete).
        #[arg(long, value_name = "PATH")]
        to: PathBuf,
    },
}

/// Creates the demo organisation (current on `today`), or a new empty one, in `db`.
pub fn init(db: &Path, args: InitArgs, now: DateTime<Utc>, today: NaiveDate) -> Result<(), String> {
    let mut store = Store::open_with(db, WRITE).map_err(|e| e.to_string())?;
    if args.demo {
        let summary = store
            .with_untracked_tx(|tx| quartermaster_core::demo::create_on(tx, today))
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

/// Exports the organisation: one CSV per table, or a copy of the whole file.
pub fn export(store: &Store, command: ExportCommand) -> Result<(), String> {
    match command {
        ExportCommand::Csv { out } => {
            let files = quartermaster_report::csv::export_all(store.conn(), &out)
                .map_err(|e| e.to_string())?;
            println!("Wrote {} files to {}", files.len(), out.display());
        }
        ExportCommand::Copy { to } => {
            store.save_copy(&to).map_err(|e| e.to_string())?;
            println!("Saved a copy of the organisation to {}", to.display());
        }
    }
    Ok(())
}

/// Prints the organisation's headline figures as of `today`.
pub fn summary(store: &Store, today: NaiveDate) -> Result<(), String> {
    let headline = overview::overview(store.conn(), today).map_err(|e| e.to_string())?;
    print!("{headline}");
    Ok(())
}

/// How long a CLI write waits for the app (or another command) to let go of the file before
/// saying who has it.
pub const WRITE_WAIT: Duration = Duration::from_secs(3);

/// How the command line opens a file for writing.
const WRITE: Access<'static> = Access::Write {
    program: "the quartermaster command line",
    wait: WRITE_WAIT,
};

/// What a command does with the file it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Reads only: opened read-only, so it works beside an app that has the file open.
    Read,
    /// Changes the file: takes the writer lock, waiting briefly for another holder.
    Write,
}

/// Opens a file that must already hold an organisation (exports never create files). A write
/// backs it up first when its schema is upgraded, and once a day.
pub fn open_existing(db: &Path, purpose: Purpose, now: DateTime<Utc>) -> Result<Store, String> {
    if !db.exists() {
        return Err(format!(
            "{}: no such database; create one with `quartermaster --db {} init`",
            db.display(),
            db.display()
        ));
    }
    // A file from an older version is brought up to date first, which is a write.
    let store = match purpose {
        Purpose::Read if !store::needs_upgrade(db).map_err(|e| e.to_string())? => {
            Store::open_with(db, Access::ReadOnly).map_err(|e| e.to_string())?
        }
        _ => {
            let opened = backup::guarded::open(db, WRITE, now).map_err(|e| e.to_string())?;
            if let Some(err) = opened.daily_error {
                eprintln!("warning: the daily backup could not be taken: {err}");
            }
            opened.store
        }
    };
    settings::get(store.conn()).map_err(|e| format!("{}: {e}", db.display()))?;
    Ok(store)
}
