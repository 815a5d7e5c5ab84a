//! Tests of the executive report: the workbook read back with calamine, the same figures in
//! CSV, PNG and HTML, byte-stable output and atomic writes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use quartermaster_core::{demo, Store};
use std::io::Read;
use std::path::PathBuf;

use crate::test_support::texts;

/// The executive report's sheets, in order.
pub(super) const SHEETS: [&str; 7] = [
    "Summary",
    "Portfolio",
    "Headcount",
    "Roadmap",
    "FinOps",
    "Hiring",
    "KPIs",
];

/// The charts of the report as PNG files, in report order.
const PNG_FILES: [&str; 8] = [
    "heads_by_team.png",
    "spend_by_category.png",
    "unit_cost_per_model.png",
    "hiring_funnel.png",
    "kpi_roadmap_predictability.png",
    "kpi_cost_per_1k_inferences.png",
    "kpi_time_to_mitigate.png",
    "kpi_availability.png",
];

fn demo_store() -> Store {
    quartermaster_core::demo::in_memory().unwrap()
}

pub(super) fn q1() -> FiscalQuarter {
    "FY2027-Q1".parse().unwrap()
}

pub(super) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
}

pub(super) fn now() -> Timestamp {
    demo::demo_now().unwrap()
}

type Book = Xlsx<std::io::BufReader<std::fs::File>>;

/// The 0-based row of the first "Total" on `sheet`.
fn total_row(wb: &mut Book, sheet: &str) -> u32 {
    let range = wb.worksheet_range(sheet).unwrap();
    let (r, _) = range
        .rows()
        .enumerate()
        .find(|(_, row)| row.first() == Some(&Data::String("Total".into())))
        .unwrap();
    range.start().unwrap().0 + r as u32
}

/// What column `col` of the total row on `sheet` holds: its formula text, the total cached in
/// the file, and the sum of the cells its `SUM` range covers, added up here cell by cell.
fn total_in(wb: &mut Book, sheet: &str, col: u32) -> (String, f64, f64) {
    let row = total_row(wb, sheet);
    let range = wb.worksheet_range(sheet).unwrap();
    let number = |at: (u32, u32)| match range.get_value(at) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("{sheet} {at:?}: {other:?}"),
    };
    let formula = wb
        .worksheet_formula(sheet)
        .unwrap()
        .get_value((row, col))
        .unwrap()
        .clone();
    // `SUM(I3:I42)`: Excel rows are 1-based, calamine's 0-based.
    let (from, to) = formula
        .strip_prefix("SUM(")
        .and_then(|f| f.strip_suffix(')'))
        .and_then(|f| f.split_once(':'))
        .unwrap_or_else(|| panic!("{formula}"));
    let excel_row = |cell: &str| -> u32 {
        cell.trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .unwrap()
    };
    let summed = (excel_row(from) - 1..excel_row(to))
        .map(|r| number((r, col)))
        .sum();
    (formula, number((row, col)), summed)
}

fn count(conn: &rusqlite::Connection, sql: &str) -> u32 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// How many USD positions there are and their loaded annual cost, from the database.
fn usd_positions(conn: &rusqlite::Connection) -> (u32, f64) {
    let cost_minor: i64 = conn
        .query_row(
            "SELECT sum(loaded_cost_minor) FROM position WHERE currency = 'USD'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let positions = count(conn, "SELECT count(*) FROM position WHERE currency = 'USD'");
    (positions, cost_minor as f64 / 100.0)
}

/// Cloud spend (effective cost) of the quarter's months and its billing lines, summed straight
/// from the billing lines.
fn quarter_spend(conn: &rusqlite::Connection) -> (f64, u32) {
    let months = "billing_currency = 'USD'
         AND substr(charge_period_start, 1, 7) IN ('2026-10', '2026-11', '2026-12')";
    let spend: f64 = conn
        .query_row(
            &format!("SELECT sum(CAST(effective_cost AS REAL)) FROM cost_line WHERE {months}"),
            [],
            |r| r.get(0),
        )
        .unwrap();
    let lines = count(
        conn,
        &format!("SELECT count(*) FROM cost_line WHERE {months}"),
    );
    (spend, lines)
}

/// The cells of the first total row (`Total`, then a figure or nothing per column) in the CSV
/// `text`.
fn csv_total(text: &str) -> Vec<String> {
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .find(|r| r.get(0) == Some("Total"))
        .unwrap()
        .iter()
        .map(String::from)
        .collect()
}

/// `text` as a number, within a cent of `expected`.
fn near(text: &str, expected: f64) -> bool {
    text.parse::<f64>()
        .is_ok_and(|v| (v - expected).abs() < 0.01)
}

pub(super) fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().unwrap().to_string(), data)
        })
        .collect()
}

#[test]
fn workbook_reads_back_with_sheets_totals_formulas_names_and_charts() {
    let store = demo_store();
    let conn = store.conn();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.xlsx");
    export(conn, q1(), today(), now(), ReportFormat::Xlsx, &path).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), SHEETS);

    // Positions: the first table, title and header above, one row per USD position, then the
    // total of the loaded annual cost (column I) over exactly those rows.
    let (positions, cost) = usd_positions(conn);
    assert_eq!(total_row(&mut wb, "Headcount"), positions + 2);
    let (formula, cached, summed) = total_in(&mut wb, "Headcount", 8);
    assert_eq!(formula, format!("SUM(I3:I{})", positions + 2));
    assert!((summed - cost).abs() < 0.005, "{summed} vs {cost}");
    assert!((cached - cost).abs() < 0.005, "{cached} vs {cost}");

    // Initiatives of the quarter: effort in person-weeks (column F).
    let initiatives = count(
        conn,
        "SELECT count(*) FROM initiative WHERE quarter = 'FY2027-Q1'",
    );
    let effort: f64 = conn
        .query_row(
            "SELECT sum(effort_pw) FROM initiative WHERE quarter = 'FY2027-Q1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (formula, cached, summed) = total_in(&mut wb, "Roadmap", 5);
    assert_eq!(formula, format!("SUM(F3:F{})", initiatives + 2));
    assert!((summed - effort).abs() < 1e-9, "{summed} vs {effort}");
    assert!((cached - effort).abs() < 1e-9, "{cached} vs {effort}");

    // Cloud spend of the quarter's months, summed straight from the billing lines: effective
    // cost (column C) and billing lines (column E) over the rows down to the total.
    let (spend, lines) = quarter_spend(conn);
    let last = total_row(&mut wb, "FinOps");
    let (formula, cached, summed) = total_in(&mut wb, "FinOps", 2);
    assert_eq!(formula, format!("SUM(C3:C{last})"));
    assert!((summed - spend).abs() < 0.01, "{summed} vs {spend}");
    assert!((cached - spend).abs() < 0.01, "{cached} vs {spend}");
    let (formula, cached, summed) = total_in(&mut wb, "FinOps", 4);
    assert_eq!(formula, format!("SUM(E3:E{last})"));
    assert_eq!((summed, cached), (f64::from(lines), f64::from(lines)));

    let summary = wb.worksheet_range("Summary").unwrap();
    let texts: Vec<String> = summary
        .cells()
        .filter_map(|(_, _, d)| d.as_string())
        .collect();
    for heading in [
        "Headline KPIs",
        "Top risks",
        "Spend against budget, FY2027-Q1",
        "Headcount by team, end of FY2027-Q1",
        "Roadmap, FY2027-Q1",
    ] {
        assert!(texts.iter().any(|t| t == heading), "{heading}");
    }
    let names: Vec<String> = wb.defined_names().iter().map(|(n, _)| n.clone()).collect();
    for name in [
        "Positions",
        "Spend_by_category",
        "KPI_scorecard",
        "Headcount_by_team",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }

    let bytes = std::fs::read(&path).unwrap();
    let charts = zip_entries(&bytes)
        .into_iter()
        .filter(|(n, _)| n.starts_with("xl/charts/chart"))
        .count();
    let expected: usize = build(conn, q1(), today())
        .unwrap()
        .sheets
        .iter()
        .map(|s| s.charts.len())
        .sum();
    assert_eq!(charts, expected);
    assert_eq!(expected, 8);
}

#[test]
fn same_data_gives_the_same_bytes_apart_from_the_creation_time() {
    let store = demo_store();
    let report = build(store.conn(), q1(), today()).unwrap();
    let a = xlsx_bytes(&report, now()).unwrap();
    assert_eq!(
        a,
        xlsx_bytes(&build(store.conn(), q1(), today()).unwrap(), now()).unwrap()
    );
    let later = xlsx_bytes(&report, now() + chrono::Duration::hours(5)).unwrap();
    assert_ne!(a, later);
    let (a, later) = (zip_entries(&a), zip_entries(&later));
    assert_eq!(a.len(), later.len());
    for ((name, x), (_, y)) in a.iter().zip(&later) {
        assert_eq!(x == y, name != "docProps/core.xml", "{name}");
    }
}

#[test]
fn a_failed_export_leaves_nothing_at_the_target() {
    let store = demo_store();
    let dir = tempfile::tempdir().unwrap();
    // The target is taken by a folder: the rename fails, the folder stays empty.
    let taken = dir.path().join("report.xlsx");
    std::fs::create_dir(&taken).unwrap();
    assert!(export(
        store.conn(),
        q1(),
        today(),
        now(),
        ReportFormat::Xlsx,
        &taken
    )
    .is_err());
    assert!(taken.is_dir() && std::fs::read_dir(&taken).unwrap().next().is_none());
    let missing = dir.path().join("no such folder").join("report.html");
    assert!(export(
        store.conn(),
        q1(),
        today(),
        now(),
        ReportFormat::Html,
        &missing
    )
    .is_err());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("report.xlsx")]);
}

#[test]
fn export_described_names_files_sheets_and_charts() {
    let store = demo_store();
    let dir = tempfile::tempdir().unwrap();
    let described =
        |how: ExportAs, out: &Path| export_described(store.conn(), q1(), today(), now(), how, out);
    let out = dir.path().join("exec.xlsx");
    let written = described(ReportFormat::parse("xlsx").unwrap().into(), &out).unwrap();
    assert_eq!(written.files, vec![out.clone()]);
    assert_eq!(written.sheets, SHEETS);
    assert_eq!(written.charts, 8);
    assert_eq!(written.quarter, "FY2027-Q1");
    let book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), written.sheets);
    let folder = dir.path().join("charts");
    let pngs = described(ReportFormat::Png.into(), &folder).unwrap();
    assert_eq!(pngs.files.len(), pngs.charts);
    let in_folder: Vec<PathBuf> = PNG_FILES.iter().map(|f| folder.join(f)).collect();
    assert_eq!(pngs.files, in_folder);
    assert!(ReportFormat::Png.is_folder() && !ReportFormat::Html.is_folder());
    let err = ReportFormat::parse("docx").unwrap_err();
    assert_eq!(err.field(), Some("format"));
    // html and pdf write the one-page brief; with the appendix, two pages.
    let pdf = dir.path().join("brief.pdf");
    let brief = described(
        ExportAs {
            format: ReportFormat::parse("pdf").unwrap(),
            appendix: true,
        },
        &pdf,
    )
    .unwrap();
    assert_eq!((brief.pages, brief.charts), (Some(2), 4));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert_eq!(written.pages, None);
    let err = described(ReportFormat::Html.into(), Path::new("")).unwrap_err();
    assert_eq!(err.field(), Some("path"));
}

#[test]
fn csv_png_and_the_html_brief_carry_the_same_report() {
    let store = demo_store();
    let conn = store.conn();
    let dir = tempfile::tempdir().unwrap();
    let csvs = export(
        conn,
        q1(),
        today(),
        now(),
        ReportFormat::Csv,
        &dir.path().join("csv"),
    )
    .unwrap();
    assert_eq!(csvs.len(), 7);
    let report = build(conn, q1(), today()).unwrap();
    let finops = std::fs::read_to_string(dir.path().join("csv").join("FinOps.csv")).unwrap();
    let spend = &report.sheets[4].blocks[0];
    assert!(
        finops.contains(&format!(
            "Total,,{}",
            (spend.total(2) * 100.0).round() / 100.0
        )),
        "{finops}"
    );
    // The totals a reader sees, against the database.
    let (spend, lines) = quarter_spend(conn);
    let total = csv_total(&finops);
    assert!(near(&total[2], spend), "{total:?} vs {spend}");
    assert_eq!(total[4], lines.to_string());
    let (_, cost) = usd_positions(conn);
    let headcount = std::fs::read_to_string(dir.path().join("csv").join("Headcount.csv")).unwrap();
    let total = csv_total(&headcount);
    assert!(near(&total[8], cost), "{total:?} vs {cost}");

    let pngs = export(
        conn,
        q1(),
        today(),
        now(),
        ReportFormat::Png,
        &dir.path().join("png"),
    )
    .unwrap();
    assert_eq!(pngs.len(), 8);
    assert!(pngs
        .iter()
        .all(|p| std::fs::read(p).unwrap().starts_with(b"\x89PNG")));
    let names: Vec<String> = pngs
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, PNG_FILES);
    for png in &pngs {
        let image = image::open(png).unwrap();
        assert_eq!((image.width(), image.height()), (800, 420), "{png:?}");
    }

    // html is the one-page brief: print CSS, the funnel chart inline with a count per stage.
    let html_path = dir.path().join("brief.html");
    export(conn, q1(), today(), now(), ReportFormat::Html, &html_path).unwrap();
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("@page{size:A4 landscape") && !html.contains("<script"));
    assert!(html.contains("<h1>Northwind Analytics — FY2027-Q1 brief</h1>"));
    let funnel = html
        .split("<figure")
        .filter_map(|chart| chart.split("</figure>").next())
        .find(|svg| svg.contains("Hiring funnel"))
        .unwrap();
    let shown = texts(funnel);
    assert_eq!(
        shown[0],
        "Hiring funnel, all requisitions, as of 2026-11-16"
    );
    let applied: i64 = conn
        .query_row(
            "SELECT count(DISTINCT candidate_id) FROM stage_change WHERE stage = 'applied'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let after_ticks = shown.iter().rposition(|t| t == "hired").unwrap() + 1;
    assert_eq!(shown[after_ticks], format!("{applied}.0"), "{shown:?}");
}
