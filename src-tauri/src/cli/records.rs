//! `import records`: the guided import without the window. The mapping is the one given
//! (`--mapping FILE.json`, the same JSON the app saves), else the one saved for the file's
//! headers, else the automatic one; `--dry-run` checks every row and keeps nothing.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::Args;
use quartermaster_core::backup::guarded::guarded;
use quartermaster_core::records::import::{self, Mapping, Outcome};
use quartermaster_core::Store;

#[derive(Debug, Args)]
pub struct ImportRecordsArgs {
    /// What the rows are: team, position, model, initiative, dependency, budget, kpi,
    /// kpi_value, risk or incident.
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// A CSV or XLSX file (the first sheet); the header may sit below title rows.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Which column fills which field, as JSON (see docs/ARCHITECTURE.md); default: the
    /// mapping saved for these headers, else the automatic one.
    #[arg(long, value_name = "FILE.json")]
    pub mapping: Option<PathBuf>,
    /// Check every row and report, keeping nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `import records` against `store`.
pub fn run(store: &mut Store, args: ImportRecordsArgs, now: DateTime<Utc>) -> Result<(), String> {
    let mapping = match &args.mapping {
        Some(path) => read_mapping(path)?,
        None => {
            import::preview(store.conn(), &args.kind, &args.file)
                .map_err(|e| e.to_string())?
                .mapping
        }
    };
    let outcome = if args.dry_run {
        import::check(store.conn(), &args.kind, &args.file, &mapping, now)
    } else {
        let reason = format!("before import of {}", args.file.display());
        guarded(store, &reason, now, |s| {
            import::import(s, &args.kind, &args.file, &mapping, now)
        })
    }
    .map_err(|e| e.to_string())?;
    report(&outcome, args.dry_run)
}

fn read_mapping(path: &Path) -> Result<Mapping, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}: line {}, column {}: not a mapping ({e})",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// Prints what was (or would be) imported, or every row refused and an error.
fn report(outcome: &Outcome, dry_run: bool) -> Result<(), String> {
    if !outcome.errors.is_empty() {
        // One error line (the CLI's rule): the first problems, then how many more.
        const SHOWN: usize = 20;
        let mut listed: Vec<String> = outcome
            .errors
            .iter()
            .take(SHOWN)
            .map(|e| e.to_string())
            .collect();
        if outcome.errors.len() > SHOWN {
            listed.push(format!("and {} more", outcome.errors.len() - SHOWN));
        }
        return Err(format!(
            "{}: {} refused, nothing imported: {}",
            outcome.file,
            plural(outcome.errors.len(), "problem"),
            listed.join("; ")
        ));
    }
    let teams = match outcome.teams_created.as_slice() {
        [] => String::new(),
        names => format!(
            " ({} created: {})",
            plural(names.len(), "team"),
            names.join(", ")
        ),
    };
    if dry_run {
        println!(
            "Checked {} of {}: all would be imported as {}{teams}; nothing written",
            plural(outcome.rows, "row"),
            outcome.file,
            outcome.kind
        );
    } else {
        println!(
            "Imported {} from {} as {}{teams}; the mapping is saved for the next file with these columns",
            plural(outcome.imported, "row"),
            outcome.file,
            outcome.kind
        );
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
