//! Tests of an import run: progress and totals, duplicates and replace, cancelling, errors that name line and column, usage files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use super::*;
use crate::finops::BatchKind;
use crate::org::settings::Settings;
use crate::test_clock::now;

fn org() -> crate::Store {
    crate::org::setup::in_memory(&Settings::new("Test Org", 10, "USD").unwrap(), now()).unwrap()
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../fixtures")
        .join(path)
}

/// Per billing month and currency, (BilledCost, EffectiveCost, lines) summed from the store.
fn stored(store: &crate::Store) -> Vec<(String, String, String, String, i64)> {
    let mut stmt = store
        .conn()
        .prepare("SELECT substr(billing_period_start, 1, 7), billing_currency, billed_cost, effective_cost FROM cost_line")
        .unwrap();
    let mut sums: std::collections::BTreeMap<(String, String), (Amount, Amount, i64)> =
        Default::default();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Amount>(2)?,
                r.get::<_, Amount>(3)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (month, currency, billed, effective) = row.unwrap();
        let sum = sums.entry((month, currency)).or_default();
        sum.0 .0 += billed.0;
        sum.1 .0 += effective.0;
        sum.2 += 1;
    }
    sums.into_iter()
        .map(|((m, c), (b, e, n))| (m, c, b.to_string(), e.to_string(), n))
        .collect()
}

#[test]
fn a_run_reports_monotonic_progress_to_100_and_totals_equal_the_stored_sums() {
    let mut store = org();
    let files = [
        fixture("focus/focus-1.0-sample-trimmed.csv"),
        fixture("focus/focus-1.3-provider.csv.gz"),
    ];
    let mut seen: Vec<RunProgress> = Vec::new();
    let run = import_files(
        &mut store,
        ImportKind::Focus,
        &files,
        ImportOptions::default(),
        now(),
        &mut |p| {
            seen.push(p.clone());
            true
        },
    )
    .unwrap();
    assert!(run.failed.is_none() && !run.cancelled, "{run:?}");
    assert_eq!(run.imported.len(), 2);
    assert!(
        seen.len() >= 4,
        "a start and an end per file at least: {seen:?}"
    );
    assert!(
        seen.windows(2).all(|w| w[1].percent >= w[0].percent),
        "progress never goes down: {seen:?}"
    );
    assert_eq!(seen.first().map(|p| p.percent), Some(0.0));
    assert_eq!(seen.last().map(|p| p.percent), Some(100.0));
    assert_eq!(seen.iter().filter(|p| p.file_percent == 100.0).count(), 2);
    let lines: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM cost_line", [], |r| r.get(0))
        .unwrap();
    assert_eq!(run.rows, lines);
    let totals: Vec<(String, String, String, String, i64)> = run
        .totals
        .iter()
        .map(|t| {
            (
                t.month.clone(),
                t.currency.clone(),
                t.billed_cost.to_string(),
                t.effective_cost.to_string(),
                t.lines,
            )
        })
        .collect();
    assert_eq!(totals, stored(&store));

    let listed = imports(store.conn()).unwrap();
    assert_eq!(listed.len(), 2);
    let listed_lines: i64 = listed.iter().flat_map(|l| &l.totals).map(|t| t.lines).sum();
    assert_eq!(listed_lines, lines);
}

#[test]
fn a_duplicate_names_the_earlier_import_and_replace_imports_it_again() {
    let mut store = org();
    let file = [fixture("focus/focus-1.1-minimal.csv")];
    let first = import_files(
        &mut store,
        ImportKind::Focus,
        &file,
        ImportOptions::default(),
        now(),
        &mut |_| true,
    )
    .unwrap();
    let batch = first.imported[0].batch.clone();
    let again = import_files(
        &mut store,
        ImportKind::Focus,
        &file,
        ImportOptions::default(),
        now(),
        &mut |_| true,
    )
    .unwrap();
    let failed = again.failed.expect("refused");
    assert_eq!(failed.kind, "conflict");
    assert_eq!(failed.duplicate_of.map(|b| b.id), Some(batch.id));
    let replaced = import_files(
        &mut store,
        ImportKind::Focus,
        &file,
        ImportOptions { replace: true },
        now(),
        &mut |_| true,
    )
    .unwrap();
    assert_eq!(replaced.imported[0].replaced, vec![batch.id]);
}

#[test]
fn cancelling_rolls_the_file_back_and_skips_the_rest() {
    let mut store = org();
    let files = [
        fixture("focus/focus-1.1-minimal.csv"),
        fixture("focus/focus-1.2-bom-crlf.csv"),
    ];
    // Let the first file finish, cancel the second as soon as it reports reading.
    let run = import_files(
        &mut store,
        ImportKind::Focus,
        &files,
        ImportOptions::default(),
        now(),
        &mut |p| !(p.file_index == 1 && p.file_percent > 0.0),
    )
    .unwrap();
    assert!(run.cancelled);
    assert_eq!(run.imported.len(), 1);
    let batches: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM import_batch", [], |r| r.get(0))
        .unwrap();
    assert_eq!(batches, 1, "the cancelled file left nothing");
}

#[test]
fn a_bad_file_is_reported_with_its_line_and_column() {
    let mut store = org();
    let files = [
        fixture("invalid/focus-bad-number.csv"),
        fixture("focus/focus-1.1-minimal.csv"),
    ];
    let run = import_files(
        &mut store,
        ImportKind::Focus,
        &files,
        ImportOptions::default(),
        now(),
        &mut |_| true,
    )
    .unwrap();
    let failed = run.failed.expect("refused");
    assert_eq!(failed.kind, "parse");
    assert!(failed.line.unwrap_or(0) > 1 && !failed.column.unwrap_or_default().is_empty());
    assert_eq!(run.skipped.len(), 1);
    assert!(run.imported.is_empty());
}

#[test]
fn a_bad_parquet_file_is_reported_with_its_row_group_and_row() {
    use crate::finops::import::parquet::write::{write_focus_parquet, FocusParquet};
    let dir = tempfile::tempdir().unwrap();
    let parquet = dir.path().join("bad.parquet");
    let options = FocusParquet {
        rows_per_group: 1,
        as_double: &[],
        as_text: &["BilledCost", "EffectiveCost", "ListCost"],
    };
    // Line 4 of the CSV is its third data row: the third row group of one row each.
    write_focus_parquet(&fixture("invalid/focus-bad-number.csv"), &parquet, &options).unwrap();
    let mut store = org();
    let run = import_files(
        &mut store,
        ImportKind::Focus,
        &[parquet],
        ImportOptions::default(),
        now(),
        &mut |_| true,
    )
    .unwrap();
    let failed = run.failed.expect("refused");
    assert_eq!(
        (failed.line, failed.row_group, failed.column.as_deref()),
        (Some(3), Some((3, 1)), Some("BilledCost"))
    );
    assert_eq!(failed.value.as_deref(), Some("12,50"));
}

#[test]
fn usage_files_import_through_the_same_run() {
    let mut store = crate::demo::in_memory().unwrap();
    let model: String = store
        .conn()
        .query_row("SELECT name FROM model ORDER BY id", [], |r| r.get(0))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("usage.csv");
    std::fs::write(
        &file,
        format!("model,month,inferences,training_runs\n{model},2031-01,1000,2\n{model},2031-02,3000,1\n"),
    )
    .unwrap();
    let run = import_files(
        &mut store,
        ImportKind::Usage,
        &[file],
        ImportOptions::default(),
        now(),
        &mut |_| true,
    )
    .unwrap();
    assert!(run.failed.is_none(), "{:?}", run.failed);
    assert_eq!(run.imported[0].batch.kind, BatchKind::Usage);
    let listed = imports(store.conn()).unwrap();
    let usage = listed
        .iter()
        .find(|l| l.info.batch.id == run.imported[0].batch.id)
        .unwrap();
    assert_eq!(usage.usage_rows, run.imported[0].batch.row_count);
}
