//! FOCUS Parquet imports: the same lines and exact sums as the same data in CSV, floats refused
//! by column and type, missing columns, truncated files and bad values located by row group
//! and row, duplicates and progress — each refusal leaving the database unchanged.

use std::path::{Path, PathBuf};

use quartermaster_core::finops::import::focus::{self, FocusImport};
use quartermaster_core::finops::import::parquet::write::{
    write_focus_parquet, write_parquet, Column, FocusParquet, Kind,
};
use quartermaster_core::finops::import::reader::Progress;
use quartermaster_core::finops::import::synth::{write_focus_file, SynthOptions};
use quartermaster_core::finops::import::ImportOptions;
use quartermaster_core::finops::CostLine;
use quartermaster_core::store::entity;
use quartermaster_core::{Error, Store};

use crate::finops_import::{dump, fixture, stored_sums};
use crate::support::{now, org};

fn import(store: &mut Store, path: &Path) -> quartermaster_core::Result<FocusImport> {
    focus::import_file(store, path, ImportOptions::default(), now(), None)
}

/// `csv` written as Parquet in `dir`, `rows_per_group` rows to a group.
fn parquet_of(dir: &Path, csv: &Path, options: FocusParquet<'_>) -> PathBuf {
    let out = dir.join("costs.parquet");
    write_focus_parquet(csv, &out, &options).unwrap();
    out
}

fn groups_of(rows_per_group: usize) -> FocusParquet<'static> {
    FocusParquet {
        rows_per_group,
        ..FocusParquet::default()
    }
}

/// Imports `path` into a store with an earlier import, expects a parse error, and checks that
/// nothing changed; returns the error.
fn refused(path: &Path) -> Error {
    let mut store = org();
    import(&mut store, &fixture("focus/focus-1.1-minimal.csv")).unwrap();
    let before = dump(&store);
    let err = import(&mut store, path).expect_err("the file must be refused");
    assert_eq!(dump(&store), before, "the database changed");
    assert_eq!(err.kind(), "parse", "{err}");
    err
}

#[test]
fn parquet_imports_the_same_lines_and_exact_sums_as_its_csv() {
    let dir = tempfile::tempdir().unwrap();
    for (csv, per_group) in [
        ("focus/focus-1.2-bom-crlf.csv", 4),
        ("focus/focus-1.0-sample-trimmed.csv", 50),
        ("focus/focus-1.2-custom-columns.csv", 2),
    ] {
        let csv = fixture(csv);
        let parquet = parquet_of(dir.path(), &csv, groups_of(per_group));
        let (mut from_csv, mut from_parquet) = (org(), org());
        let a = import(&mut from_csv, &csv).unwrap();
        let b = import(&mut from_parquet, &parquet).unwrap();
        assert_eq!(a.totals, b.totals, "{}", csv.display());
        assert_eq!(a.focus_version, b.focus_version);
        assert_eq!(stored_sums(&from_csv), stored_sums(&from_parquet));
        let (lines_a, lines_b): (Vec<CostLine>, Vec<CostLine>) = (
            entity::list(from_csv.conn()).unwrap(),
            entity::list(from_parquet.conn()).unwrap(),
        );
        assert_eq!(lines_a.len(), lines_b.len());
        for (x, y) in lines_a.iter().zip(&lines_b) {
            assert_eq!(
                (
                    x.billed_cost,
                    x.effective_cost,
                    x.list_cost,
                    x.consumed_quantity
                ),
                (
                    y.billed_cost,
                    y.effective_cost,
                    y.list_cost,
                    y.consumed_quantity
                )
            );
            assert_eq!(
                (
                    x.charge_period_start,
                    x.charge_period_end,
                    x.billing_period_start
                ),
                (
                    y.charge_period_start,
                    y.charge_period_end,
                    y.billing_period_start
                )
            );
            assert_eq!((&x.tags, &x.service_name), (&y.tags, &y.service_name));
        }
    }
}

#[test]
fn synthetic_parquet_imports_to_the_generators_exact_totals_with_progress_to_100_percent() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("synthetic.csv");
    let options = SynthOptions {
        rows: 9_000,
        seed: 11,
        months: 3,
        resources: 40,
        first_month: 0,
        quirks: false,
    };
    let totals = write_focus_file(&csv, options).unwrap();
    let parquet = parquet_of(dir.path(), &csv, groups_of(2_000));
    let mut store = org();
    let mut seen: Vec<Progress> = Vec::new();
    let mut record = |p: &Progress| {
        seen.push(p.clone());
        true
    };
    let result = focus::import_file(
        &mut store,
        &parquet,
        ImportOptions::default(),
        now(),
        Some(&mut record),
    )
    .unwrap();
    assert_eq!(result.batch.row_count, 9_000);
    assert_eq!(stored_sums(&store), totals.per_month);
    assert!(seen
        .windows(2)
        .all(|w| w[0].bytes_read <= w[1].bytes_read && w[0].rows <= w[1].rows));
    let last = seen.last().unwrap();
    assert_eq!((last.percent(), last.rows), (100.0, 9_000));
    assert!(seen.len() >= 3, "{} reports", seen.len());
}

#[test]
fn a_double_cost_column_is_refused_naming_the_column_and_its_type() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = parquet_of(
        dir.path(),
        &fixture("focus/focus-1.2-bom-crlf.csv"),
        FocusParquet {
            rows_per_group: 10,
            as_double: &["BilledCost"],
            as_text: &[],
        },
    );
    let err = refused(&parquet);
    let Error::Parse { at, reason, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(
        (at.column.as_str(), at.line, at.row_group),
        ("BilledCost", 0, None)
    );
    assert!(
        reason.starts_with("BilledCost is a DOUBLE (floating-point) column")
            && reason.contains("exact decimals are required"),
        "{reason}"
    );
    assert!(
        err.to_string()
            .contains("costs.parquet, column BilledCost: "),
        "{err}"
    );
}

#[test]
fn a_missing_required_column_is_refused_like_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = parquet_of(
        dir.path(),
        &fixture("invalid/focus-missing-column.csv"),
        groups_of(10),
    );
    let Error::Parse { at, value, reason } = refused(&parquet) else {
        unreachable!()
    };
    assert_eq!((at.column.as_str(), value.as_str()), ("EffectiveCost", ""));
    assert_eq!(
        reason,
        "the required column EffectiveCost is missing from the header"
    );
}

#[test]
fn a_truncated_parquet_file_is_refused_by_name_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = parquet_of(
        dir.path(),
        &fixture("focus/focus-1.2-bom-crlf.csv"),
        groups_of(3),
    );
    let bytes = std::fs::read(&parquet).unwrap();
    for keep in [bytes.len() / 2, bytes.len() - 3, 4] {
        let cut = dir.path().join(format!("cut-{keep}.parquet"));
        std::fs::write(&cut, &bytes[..keep]).unwrap();
        let err = refused(&cut);
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("{}: not a readable Parquet file", cut.display())),
            "{text}"
        );
    }
}

#[test]
fn a_bad_value_in_row_group_2_names_the_group_the_row_and_the_column() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("synthetic.csv");
    write_focus_file(&csv, SynthOptions::realistic(1_100, 3)).unwrap();
    // Row 1,043 of the data gets a cost that is not a number.
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let headers = reader.headers().unwrap().clone();
    let billed = headers.iter().position(|h| h == "BilledCost").unwrap();
    let bad = dir.path().join("bad.csv");
    let mut writer = csv::Writer::from_path(&bad).unwrap();
    writer.write_record(&headers).unwrap();
    for (i, record) in reader.records().enumerate() {
        let mut cells: Vec<String> = record.unwrap().iter().map(String::from).collect();
        if i + 1 == 1_043 {
            cells[billed] = "abc".into();
        }
        writer.write_record(&cells).unwrap();
    }
    writer.flush().unwrap();
    let parquet = parquet_of(
        dir.path(),
        &bad,
        FocusParquet {
            rows_per_group: 1_000,
            as_double: &[],
            as_text: &["BilledCost"],
        },
    );
    let err = refused(&parquet);
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "{}, row group 2, row 1,043 (row 43 of the group), column BilledCost: not a number",
            parquet.display()
        )),
        "{text}"
    );
    assert!(text.ends_with("(value \"abc\")"), "{text}");
    let Error::Parse { at, .. } = err else {
        unreachable!()
    };
    assert_eq!((at.line, at.row_group), (1_043, Some((2, 43))));
}

#[test]
fn the_same_parquet_file_twice_is_refused_as_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = parquet_of(
        dir.path(),
        &fixture("focus/focus-1.2-bom-crlf.csv"),
        groups_of(4),
    );
    let mut store = org();
    let first = import(&mut store, &parquet).unwrap();
    assert_eq!(first.batch.row_count, 6);
    assert_eq!(first.batch.file_name, "costs.parquet");
    let before = dump(&store);
    let err = import(&mut store, &parquet).unwrap_err();
    assert_eq!(err.kind(), "conflict");
    assert!(
        err.to_string()
            .contains(&format!("already imported as import {}", first.batch.id)),
        "{err}"
    );
    assert_eq!(dump(&store), before);
}

#[test]
fn a_parquet_file_without_rows_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.parquet");
    let columns: Vec<Column> = ["BilledCost", "EffectiveCost"]
        .iter()
        .map(|name| Column {
            name: name.to_string(),
            kind: Kind::Decimal { scale: 2 },
        })
        .collect();
    write_parquet(&empty, &columns, Vec::new(), 10).unwrap();
    let err = refused(&empty);
    // The header is checked first: this one lacks most FOCUS columns.
    assert!(
        err.to_string()
            .contains("the required column ListCost is missing"),
        "{err}"
    );

    let csv = dir.path().join("header-only.csv");
    let header = std::fs::read_to_string(fixture("focus/focus-1.2-bom-crlf.csv")).unwrap();
    std::fs::write(&csv, header.lines().next().unwrap()).unwrap();
    let parquet = parquet_of(dir.path(), &csv, groups_of(10));
    let err = refused(&parquet);
    assert_eq!(
        err.to_string(),
        format!(
            "{}: the Parquet file has columns but no rows (value \"\")",
            parquet.display()
        )
    );
}
