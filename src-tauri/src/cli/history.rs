//! CLI undo, redo and history: `quartermaster undo`, `quartermaster redo` (each prints the
//! action it undid or redid) and `quartermaster history` (the audit log, filtered, as a table
//! or CSV), plus `bench undo`. The command line's side of `commands/history.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};
use quartermaster_core::history::log::{self, Entry, Filter};
use quartermaster_core::history::undo;
use quartermaster_core::Store;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only changes of this kind of record (initiative, team, kpi_value…).
    #[arg(long)]
    pub kind: Option<String>,
    /// Only changes of the record with this id.
    #[arg(long)]
    pub id: Option<i64>,
    /// Only changes of this area (org, portfolio, roadmap, finops, hiring, kpis, operations).
    #[arg(long)]
    pub area: Option<String>,
    /// Only changes on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub since: Option<NaiveDate>,
    /// Only changes on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub until: Option<NaiveDate>,
    /// Only changes whose action, kind or values contain this text.
    #[arg(long)]
    pub text: Option<String>,
    /// At most this many changes, newest first.
    #[arg(long, default_value_t = 200)]
    pub limit: i64,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Undo and redo latency of a record edit at 10× the demo organisation.
    Undo,
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a day (YYYY-MM-DD)"))
}

/// Undoes the last action and says which.
pub fn run_undo(store: &mut Store, now: DateTime<Utc>) -> Result<(), String> {
    match undo::undo(store, now).map_err(|e| e.to_string())? {
        Some(step) => println!("Undid: {} ({} rows)", step.label, step.rows),
        None => println!("Nothing to undo"),
    }
    Ok(())
}

/// Redoes the action undone last and says which.
pub fn run_redo(store: &mut Store, now: DateTime<Utc>) -> Result<(), String> {
    match undo::redo(store, now).map_err(|e| e.to_string())? {
        Some(step) => println!("Redid: {} ({} rows)", step.label, step.rows),
        None => println!("Nothing to redo"),
    }
    Ok(())
}

/// Prints the changes matching the filters.
pub fn run_history(store: &Store, args: HistoryArgs) -> Result<(), String> {
    let filter = Filter {
        area: args.area,
        kind: args.kind,
        record_id: args.id,
        since: args.since.map(|d| d.to_string()),
        until: args.until.map(|d| d.to_string()),
        text: args.text,
        limit: Some(args.limit),
    };
    let entries = log::list(store.conn(), &filter).map_err(|e| e.to_string())?;
    print!("{}", render(&entries, args.format));
    Ok(())
}

pub fn run_bench(command: BenchCommand, now: DateTime<Utc>) -> Result<(), String> {
    match command {
        BenchCommand::Undo => println!(
            "{}",
            quartermaster_core::bench::undo::bench_undo(now).map_err(|e| e.to_string())?
        ),
    }
    Ok(())
}

/// The fields of a change as `field: before → after`, separated by `; `.
fn fields(entry: &Entry) -> String {
    if entry.hidden {
        return "(scorecard contents are not shown)".into();
    }
    let value = |v: &serde_json::Value| match v {
        serde_json::Value::Null => "—".to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    entry
        .fields
        .iter()
        .map(|f| format!("{}: {} → {}", f.field, value(&f.before), value(&f.after)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The changes as an aligned table or as CSV (RFC 4180, a header row).
pub fn render(entries: &[Entry], format: Format) -> String {
    let header = [
        "at", "area", "kind", "id", "record", "action", "step", "changes",
    ];
    let rows: Vec<[String; 8]> = entries
        .iter()
        .map(|e| {
            [
                e.at.clone(),
                e.area.to_string(),
                e.kind.clone(),
                e.record_id.to_string(),
                e.record.clone(),
                e.action.clone(),
                e.step.clone().unwrap_or_default(),
                fields(e),
            ]
        })
        .collect();
    let mut out = String::new();
    match format {
        Format::Csv => {
            let quote = |cell: &str| {
                if cell.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", cell.replace('"', "\"\""))
                } else {
                    cell.to_string()
                }
            };
            out.push_str(&header.join(","));
            out.push_str("\r\n");
            for row in &rows {
                out.push_str(&row.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
                out.push_str("\r\n");
            }
        }
        Format::Table => {
            if rows.is_empty() {
                return "No changes match\n".into();
            }
            for row in &rows {
                out.push_str(&format!(
                    "{}  {:<10} {:<16} {:>6}  {:<8} {}  [{}]  {}\n",
                    row[0], row[1], row[2], row[3], row[5], row[4], row[6], row[7]
                ));
            }
        }
    }
    out
}
