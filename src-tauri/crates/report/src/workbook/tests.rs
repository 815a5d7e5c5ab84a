//! Tests of the executive report: the workbook read back with calamine, the same figures in
//! CSV, PNG and HTML, byte-stable output and atomic writes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use quartermaster_core::{demo, Store};
use std::io::Read;

/// The executive report's sheets, in order.
const SHEETS: [&str; 7] = [
    "Summary",
    "Portfolio",
    "Headcount",
    "Roadmap",
    "FinOps",
    "Hiring",
    "KPIs",
];

fn demo_store() -> Store {
    quartermaster_core::demo::in_memory().unwrap()
}

fn q1() -> FiscalQuarter {
    "FY2027-Q1".parse().unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
}

fn now() -> Timestamp {
    demo::demo_now().unwrap()
}

/// The (row, value) of column `col` in the first row whose first cell is "Total".
fn total_in(
    wb: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    sheet: &str,
    col: usize,
) -> (u32, f64) {
    let range = wb.worksheet_range(sheet).unwrap();
    let (r, row) = range
        .rows()
        .enumerate()
        .find(|(_, row)| row.first() == Some(&Data::String("Total".into())))
        .unwrap();
    let value = match &row[col] {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("{other:?}"),
    };
    (range.start().unwrap().0 + r as u32, value)
}

fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
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

    // Loaded annual cost of all positions, from the database.
    let cost_minor: i64 = conn
        .query_row(
            "SELECT sum(loaded_cost_minor) FROM position WHERE currency = 'USD'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (row, total) = total_in(&mut wb, "Headcount", 8);
    assert!(
        (total - cost_minor as f64 / 100.0).abs() < 0.005,
        "{total} vs {cost_minor}"
    );
    let formulas = wb.worksheet_formula("Headcount").unwrap();
    let formula = formulas.get_value((row, 8)).unwrap();
    assert!(formula.starts_with("SUM(I"), "{formula}");

    let effort: f64 = conn
        .query_row(
            "SELECT sum(effort_pw) FROM initiative WHERE quarter = 'FY2027-Q1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (_, total) = total_in(&mut wb, "Roadmap", 5);
    assert!((total - effort).abs() < 1e-9);

    // Cloud spend of the quarter's months, summed straight from the billing lines.
    let spend: f64 = conn
        .query_row(
            "SELECT sum(CAST(effective_cost AS REAL)) FROM cost_line WHERE billing_currency = 'USD'
             AND substr(charge_period_start, 1, 7) IN ('2026-10', '2026-11', '2026-12')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (_, total) = total_in(&mut wb, "FinOps", 2);
    assert!((total - spend).abs() < 0.01, "{total} vs {spend}");

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
        |format, out: &Path| export_described(store.conn(), q1(), today(), now(), format, out);
    let out = dir.path().join("exec.xlsx");
    let written = described(ReportFormat::parse("xlsx").unwrap(), &out).unwrap();
    assert_eq!(written.files, vec![out.clone()]);
    assert_eq!(written.sheets, SHEETS);
    assert_eq!(written.charts, 8);
    assert_eq!(written.quarter, "FY2027-Q1");
    let book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), written.sheets);
    let folder = dir.path().join("charts");
    let pngs = described(ReportFormat::Png, &folder).unwrap();
    assert_eq!(pngs.files.len(), pngs.charts);
    assert!(ReportFormat::Png.is_folder() && !ReportFormat::Html.is_folder());
    let err = ReportFormat::parse("pdf").unwrap_err();
    assert_eq!(err.field(), Some("format"));
    let err = described(ReportFormat::Html, Path::new("")).unwrap_err();
    assert_eq!(err.field(), Some("path"));
}

#[test]
fn csv_png_and_html_carry_the_same_report() {
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
    let html_path = dir.path().join("report.html");
    export(conn, q1(), today(), now(), ReportFormat::Html, &html_path).unwrap();
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert_eq!(html.matches("<svg").count(), 8);
    assert!(html.contains("@media print") && !html.contains("<script"));
    assert!(html.contains("Northwind"), "org name in the title");
}
