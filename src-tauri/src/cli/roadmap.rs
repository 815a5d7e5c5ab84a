//! CLI commands of the roadmap area: `quartermaster capacity` (each team's capacity, demand and
//! balance in person-weeks for one fiscal quarter, as CSV for automation or as an aligned
//! table, with a total row) and `bench capacity`.

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use quartermaster_core::org::settings;
use quartermaster_core::roadmap::capacity::{self, QuarterCapacity};
use quartermaster_core::values::quarter::FiscalQuarter;
use quartermaster_core::Store;

/// How `capacity` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `team,capacity_pw,demand_pw,balance_pw`, a header row, a `Total` row last.
    Csv,
    /// Aligned columns for reading, over-allocated teams marked.
    Table,
}

/// Arguments of `quartermaster capacity`.
#[derive(Debug, Clone, Args)]
pub struct CapacityArgs {
    /// Fiscal quarter such as FY2027-Q2 (default: the quarter containing today).
    #[arg(long, value_name = "QUARTER", value_parser = parse_quarter)]
    pub quarter: Option<FiscalQuarter>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The roadmap's benchmarks (`quartermaster bench …`); they need no organisation file.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Recompute capacity and demand for 50 teams × 8 quarters × 2,000 initiatives × 1,500 positions.
    Capacity,
}

fn parse_quarter(text: &str) -> Result<FiscalQuarter, String> {
    text.parse()
        .map_err(|e: quartermaster_core::Error| e.message())
}

/// Prints the plan's capacity for the chosen quarter (`today` picks the default quarter).
pub fn run(store: &Store, args: CapacityArgs, today: NaiveDate) -> Result<(), String> {
    let conn = store.conn();
    let quarter = match args.quarter {
        Some(quarter) => quarter,
        None => settings::get(conn)
            .and_then(|s| s.calendar())
            .map(|calendar| calendar.quarter_of(today))
            .map_err(|e| e.to_string())?,
    };
    let report = capacity::capacity(conn, quarter).map_err(|e| e.to_string())?;
    print!("{}", render(&report, args.format));
    Ok(())
}

/// Runs a roadmap benchmark and prints its figures.
pub fn run_bench(command: BenchCommand) -> Result<(), String> {
    match command {
        BenchCommand::Capacity => {
            println!(
                "{}",
                quartermaster_core::bench::capacity::bench_capacity().map_err(|e| e.to_string())?
            );
        }
    }
    Ok(())
}

/// The report as text in `format`; person-weeks to one decimal.
pub fn render(report: &QuarterCapacity, format: Format) -> String {
    let mut rows: Vec<[String; 4]> = report
        .teams
        .iter()
        .map(|t| {
            [
                t.team.clone(),
                pw(t.capacity_pw),
                pw(t.demand_pw),
                pw(t.balance_pw),
            ]
        })
        .collect();
    let total = &report.total;
    rows.push([
        "Total".into(),
        pw(total.capacity_pw),
        pw(total.demand_pw),
        pw(total.balance_pw),
    ]);
    match format {
        Format::Csv => {
            let mut out = String::from("team,capacity_pw,demand_pw,balance_pw\n");
            for row in rows {
                let cells: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
                out.push_str(&cells.join(","));
                out.push('\n');
            }
            out
        }
        Format::Table => table(report, rows),
    }
}

fn table(report: &QuarterCapacity, rows: Vec<[String; 4]>) -> String {
    let header = ["team", "capacity_pw", "demand_pw", "balance_pw"].map(String::from);
    let width = |i: usize| {
        rows.iter()
            .chain([&header])
            .map(|r| r[i].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2), width(3)];
    let line = |row: &[String; 4], note: &str| {
        let text = format!(
            "{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}  {note}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        );
        format!("{}\n", text.trim_end())
    };
    let mut out = format!("Capacity {} (person-weeks)\n", report.quarter);
    out.push_str(&line(&header, ""));
    let notes = report.teams.iter().map(|t| {
        if t.over_allocated {
            format!("over-allocated by {} pw", pw(t.gap_pw))
        } else {
            String::new()
        }
    });
    let last = rows.len().saturating_sub(1);
    for (row, note) in rows[..last].iter().zip(notes) {
        out.push_str(&line(row, &note));
    }
    if let Some(total) = rows.last() {
        out.push_str(&line(total, ""));
    }
    out
}

/// One decimal, and never "-0.0".
fn pw(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    format!("{:.1}", if rounded == 0.0 { 0.0 } else { rounded })
}

/// RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn demo() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .with_untracked_tx(|tx| quartermaster_core::demo::create(tx))
            .unwrap();
        store
    }

    #[test]
    fn csv_has_a_row_per_team_and_a_total() {
        let store = demo();
        let quarter = "FY2027-Q2".parse().unwrap();
        let report = capacity::capacity(store.conn(), quarter).unwrap();
        let csv = render(&report, Format::Csv);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "team,capacity_pw,demand_pw,balance_pw");
        assert_eq!(lines.len(), 1 + report.teams.len() + 1);
        assert!(lines.last().unwrap().starts_with("Total,"));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("Recommendations,") && l.contains(",-")),
            "{csv}"
        );
        let table = render(&report, Format::Table);
        assert!(table.contains("over-allocated by"), "{table}");
    }

    #[test]
    fn formatting_details() {
        assert_eq!(pw(-0.04), "0.0");
        assert_eq!(pw(12.345), "12.3");
        assert_eq!(pw(-3.25), "-3.3");
        assert_eq!(csv_field("Fraud, Risk"), "\"Fraud, Risk\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(
            parse_quarter("FY27-Q2").unwrap_err(),
            r#""FY27-Q2" is not a fiscal quarter; write it like FY2027-Q1"#
        );
    }
}
