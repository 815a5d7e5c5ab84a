//! The report crate's benchmark, kept out of the shipped modules: the executive workbook and the
//! one-page brief (HTML and PDF) of the demo organisation and of ten times the demo, and a
//! 1,000,000-row cost sheet in constant-memory mode, beside the same sheet written by Python
//! XlsxWriter when `python3` has it. Run with
//! `cargo test --release -p quartermaster-report bench_workbook -- --ignored --nocapture`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Instant;

use quartermaster_core::values::quarter::FiscalQuarter;
use quartermaster_core::{Error, Result};
use quartermaster_report::brief;
use quartermaster_report::workbook::{build, write_xlsx};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

#[test]
#[ignore = "benchmark: cargo test --release -p quartermaster-report bench_workbook -- --ignored --nocapture"]
fn bench_workbook_figures() {
    println!("{}", bench_workbook().unwrap());
}

/// Times the demo organisation's executive workbook and a 1,000,000-row cost sheet written in
/// constant-memory mode; returns the figures as text. Files go to the system temp folder.
fn bench_workbook() -> Result<String> {
    let mut store = quartermaster_core::Store::open_in_memory()?;
    store.with_tx(|tx| quartermaster_core::demo::create(tx).map(|_| ()))?;
    let now = quartermaster_core::demo::demo_now()?;
    let today = now.date_naive();
    let quarter: FiscalQuarter = "FY2027-Q1".parse()?;
    let dir = std::env::temp_dir().join(format!("quartermaster-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(dir.display(), e))?;
    let started = Instant::now();
    let report = build(store.conn(), quarter, today)?;
    let built = started.elapsed();
    write_xlsx(&report, &dir.join("executive.xlsx"), now)?;
    let demo = started.elapsed();
    let mut scaled = quartermaster_core::Store::open_in_memory()?;
    scaled.with_untracked_tx(|tx| {
        quartermaster_core::demo::create(tx)?;
        quartermaster_core::bench::undo::scale_up(tx, 10)
    })?;
    let started = Instant::now();
    write_xlsx(
        &build(scaled.conn(), quarter, today)?,
        &dir.join("executive-10x.xlsx"),
        now,
    )?;
    let ten_times = started.elapsed();
    let started = Instant::now();
    build(scaled.conn(), quarter, today)?;
    let ten_times_built = started.elapsed();
    let mut briefs = Vec::new();
    for (label, store) in [("demo", &store), ("10x the demo", &scaled)] {
        for pdf in [false, true] {
            let started = Instant::now();
            let made = brief::build(store.conn(), quarter, today, false)?;
            let built = started.elapsed();
            let file = if pdf {
                brief::write_pdf(&made, &dir.join("brief.pdf"))?;
                "brief.pdf"
            } else {
                brief::write_html(&made, &dir.join("brief.html"))?;
                "brief.html"
            };
            briefs.push(format!(
                "{file} ({label}): {} ms from the store to the file ({} ms building from the store)",
                started.elapsed().as_millis(),
                built.as_millis()
            ));
        }
    }
    let rows = 1_000_000;
    let big = dir.join("costs.xlsx");
    let started = Instant::now();
    write_cost_sheet(&big, rows).map_err(|e| Error::io(big.display(), e))?;
    let million = started.elapsed();
    let size = std::fs::metadata(&big).map(|m| m.len()).unwrap_or(0);
    let python = python_cost_sheet(&dir.join("costs-python.xlsx"), rows);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(format!(
        "executive workbook (demo org, {quarter}): {} ms total ({} ms building from the store)\n\
         executive workbook (10x the demo): {} ms total ({} ms building from the store)\n{}\n\
         cost sheet, {rows} rows x 5 columns, constant memory: rust_xlsxwriter {} ms, {:.1} MB\n\
         same rows, Python XlsxWriter constant_memory: {python}",
        demo.as_millis(),
        built.as_millis(),
        ten_times.as_millis(),
        ten_times_built.as_millis(),
        briefs.join("\n"),
        million.as_millis(),
        size as f64 / 1e6
    ))
}

/// The same cost sheet as [`write_cost_sheet`] written by Python XlsxWriter, timed around the
/// child process; a note instead when `python3` or XlsxWriter is missing.
fn python_cost_sheet(path: &Path, rows: u32) -> String {
    const SCRIPT: &str = r##"
import sys, datetime, xlsxwriter
path, rows = sys.argv[1], int(sys.argv[2])
wb = xlsxwriter.Workbook(path, {"constant_memory": True})
ws = wb.add_worksheet()
date = wb.add_format({"num_format": "yyyy-mm-dd"})
money = wb.add_format({"num_format": "#,##0.00"})
services = ["compute", "storage", "network", "ml-platform", "database"]
for c, h in enumerate(["Date", "Account", "Service", "Cost", "Quantity"]):
    ws.write_string(0, c, h)
first = 46023.0
for r in range(1, rows + 1):
    ws.write_number(r, 0, first + r % 365, date)
    ws.write_string(r, 1, "acct-%04d" % (r % 1000))
    ws.write_string(r, 2, services[r % 5])
    ws.write_number(r, 3, (r % 10000) / 100.0, money)
    ws.write_number(r, 4, r % 97)
wb.close()
"##;
    let started = Instant::now();
    let run = std::process::Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(path)
        .arg(rows.to_string())
        .output();
    match run {
        Ok(out) if out.status.success() => format!("{} ms", started.elapsed().as_millis()),
        Ok(out) => format!(
            "not run ({})",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("failed")
        ),
        Err(e) => format!("not run (python3: {e})"),
    }
}

/// A synthetic cost sheet (date, account, service, cost, quantity) in constant-memory mode.
fn write_cost_sheet(path: &Path, rows: u32) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("#,##0.00");
    let services = ["compute", "storage", "network", "ml-platform", "database"];
    let ws = workbook.add_worksheet_with_constant_memory()?;
    for (c, h) in ["Date", "Account", "Service", "Cost", "Quantity"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h)?;
    }
    let start = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 1, 1)?;
    let first_day = start.to_excel();
    for r in 1..=rows {
        ws.write_number_with_format(r, 0, first_day + f64::from(r % 365), &date)?;
        ws.write_string(r, 1, format!("acct-{:04}", r % 1000))?;
        ws.write_string(r, 2, services[(r % 5) as usize])?;
        ws.write_number_with_format(r, 3, f64::from(r % 10_000) / 100.0, &money)?;
        ws.write_number(r, 4, f64::from(r % 97))?;
    }
    workbook.save(path)
}
