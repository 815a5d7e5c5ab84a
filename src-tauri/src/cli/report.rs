//! CLI command `quartermaster report`: the quarterly executive report as .xlsx, CSV files or
//! PNG charts, or the quarter's one-page brief as printable HTML or PDF. Parses its arguments, makes one report call, prints
//! the files written; every failure comes back as one message.
//!
//! Wiring: `Report(report::Args)` in the CLI's `Command`, run by
//! `report::run(&store, &args, now, today)`.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::ValueEnum;
use quartermaster_core::values::quarter::FiscalQuarter;
use quartermaster_core::Store;
use quartermaster_report::workbook::{self, ExportAs, ReportFormat};

/// Arguments of `quartermaster report`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Fiscal quarter to report on, e.g. FY2027-Q1.
    #[arg(long, value_name = "QUARTER")]
    pub quarter: String,
    /// Output file (xlsx, html, pdf) or folder (csv, png).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// What to write.
    #[arg(long, value_enum, default_value_t = Format::Xlsx)]
    pub format: Format,
    /// Add the appendix page (the full KPI scorecard) to the brief (html, pdf).
    #[arg(long)]
    pub appendix: bool,
}

/// Export formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Native Excel workbook with formats, formulas and charts.
    Xlsx,
    /// One CSV per sheet, into a folder.
    Csv,
    /// One PNG per chart, into a folder.
    Png,
    /// The one-page brief as self-contained HTML that prints on one page.
    Html,
    /// The one-page brief as PDF.
    Pdf,
}

impl From<Format> for ReportFormat {
    fn from(format: Format) -> ReportFormat {
        match format {
            Format::Xlsx => ReportFormat::Xlsx,
            Format::Csv => ReportFormat::Csv,
            Format::Png => ReportFormat::Png,
            Format::Html => ReportFormat::Html,
            Format::Pdf => ReportFormat::Pdf,
        }
    }
}

/// Writes the report of `args.quarter` as of `today` (`now` stamps the workbook) and prints
/// each file written.
pub fn run(store: &Store, args: &Args, now: DateTime<Utc>, today: NaiveDate) -> Result<(), String> {
    let quarter: FiscalQuarter = args
        .quarter
        .parse()
        .map_err(|e: quartermaster_core::Error| format!("--quarter: {}", e.message()))?;
    if args.appendix && !matches!(args.format, Format::Html | Format::Pdf) {
        return Err("--appendix: only the brief (--format html or pdf) has an appendix".into());
    }
    let how = ExportAs {
        format: args.format.into(),
        appendix: args.appendix,
    };
    let files = workbook::export(store.conn(), quarter, today, now, how, &args.out)
        .map_err(|e| e.to_string())?;
    for file in files {
        println!("{}", file.display());
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .with_untracked_tx(|tx| quartermaster_core::demo::create(tx).map(|_| ()))
            .unwrap();
        store
    }

    #[test]
    fn parses_and_writes_the_html_report() {
        // No tempfile in the shell crate: a per-process file in the system temp folder.
        let out = std::env::temp_dir().join(format!("qm-cli-report-{}.html", std::process::id()));
        let cli = Cli::try_parse_from([
            "report",
            "--quarter",
            "FY2027-Q1",
            "--out",
            out.to_str().unwrap(),
            "--format",
            "html",
        ])
        .unwrap();
        assert_eq!(cli.args.format, Format::Html);
        let now = quartermaster_core::demo::demo_now().unwrap();
        run(&store(), &cli.args, now, now.date_naive()).unwrap();
        let html = std::fs::read_to_string(&out).unwrap();
        std::fs::remove_file(&out).unwrap();
        assert!(html.contains("FY2027-Q1"));
    }

    #[test]
    fn a_bad_quarter_is_one_message() {
        let args = Args {
            quarter: "2027Q1".into(),
            out: "x.xlsx".into(),
            format: Format::Xlsx,
            appendix: false,
        };
        let now = quartermaster_core::demo::demo_now().unwrap();
        let err = run(&store(), &args, now, now.date_naive()).unwrap_err();
        assert!(err.starts_with("--quarter:"), "{err}");
    }
}
