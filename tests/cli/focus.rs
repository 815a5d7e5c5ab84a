//! `quartermaster import focus` on what real exports add to plain FOCUS CSV: provider `x_`
//! columns kept as tags (seen in `export csv`), and Parquet files (generated here from a CSV
//! fixture with the core's writer) importing to the same figures, refused by row group and row;
//! and the import benchmark on Parquet.

use quartermaster_core::finops::import::parquet::write::{write_focus_parquet, FocusParquet};

use crate::support::{fails, fixture, ok, read_csv};

/// A new organisation file in `home`; returns its path.
fn init(home: &std::path::Path) -> String {
    let db = home.join("org.db").to_str().unwrap().to_string();
    ok(home, &["--db", &db, "init"]);
    db
}

#[test]
fn x_columns_are_imported_as_tags_and_exported_with_the_lines() {
    let home = tempfile::tempdir().unwrap();
    let db = init(home.path());
    let file = fixture("focus/focus-1.2-custom-columns.csv");
    let out = ok(
        home.path(),
        &["--db", &db, "import", "focus", file.to_str().unwrap()],
    );
    assert!(out.contains("5 cost lines (FOCUS 1.2)"), "{out}");
    assert!(
        out.contains(
            "warning: x_CostCenter: Tags already has this key with another value; kept the value from Tags (1×; line 5: \"CC-5120 (Tags has CC-9000)\")"
        ),
        "{out}"
    );
    let export = home.path().join("export");
    ok(
        home.path(),
        &[
            "--db",
            &db,
            "export",
            "csv",
            "--out",
            export.to_str().unwrap(),
        ],
    );
    let (header, rows) = read_csv(&export.join("cost_lines.csv"));
    let tags = header.iter().position(|h| h == "Tags").unwrap();
    let column: Vec<&str> = rows.iter().map(|r| r[tags].as_str()).collect();
    assert_eq!(
        column,
        vec![
            r#"{"model":"ranker","x_CostCenter":"CC-4410","x_Project":"search-ranking","x_UsageType":"USE1-ML:ml.g5.xlarge"}"#,
            r#"{"model":"embedder","x_CostCenter":"CC-4410","x_Project":"embeddings","x_UsageType":"USE1-ML:ml.p4d.24xlarge"}"#,
            r#"{"x_CostCenter":"CC-5120","x_UsageType":"USE1-TimedStorage-ByteHrs"}"#,
            r#"{"team":"vision","x_CostCenter":"CC-9000","x_Project":"vision-inference","x_UsageType":"NC6s v3"}"#,
            "{}",
        ]
    );
}

#[test]
fn a_parquet_export_imports_to_the_csv_figures_and_a_bad_one_is_refused_by_row_group() {
    let home = tempfile::tempdir().unwrap();
    let csv = fixture("focus/focus-1.2-bom-crlf.csv");
    let parquet = home.path().join("bill-2026-08.parquet");
    let groups = FocusParquet {
        rows_per_group: 4,
        ..FocusParquet::default()
    };
    write_focus_parquet(&csv, &parquet, &groups).unwrap();
    let db = init(home.path());
    let out = ok(
        home.path(),
        &["--db", &db, "import", "focus", parquet.to_str().unwrap()],
    );
    assert!(
        out.contains(
            "Imported bill-2026-08.parquet as import 1: 6 cost lines (FOCUS 1.2), 0 warnings"
        ),
        "{out}"
    );
    assert!(
        out.contains("2026-08 USD: 4 lines, BilledCost 205.625, EffectiveCost 190.250125"),
        "{out}"
    );
    assert!(
        out.contains("2026-09 USD: 2 lines, BilledCost 170, EffectiveCost 156.5"),
        "{out}"
    );
    let again = fails(
        home.path(),
        &["--db", &db, "import", "focus", parquet.to_str().unwrap()],
    );
    assert!(again.contains("already imported as import 1"), "{again}");

    // Costs written as text: row 5's is not a number, first of the second row group.
    let bad = home.path().join("bad.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("\n130.00,"));
    std::fs::write(&bad, text.replace("\n130.00,", "\nabc,")).unwrap();
    let bad_parquet = home.path().join("bad.parquet");
    let as_text = FocusParquet {
        rows_per_group: 4,
        as_double: &[],
        as_text: &["BilledCost"],
    };
    write_focus_parquet(&bad, &bad_parquet, &as_text).unwrap();
    let line = fails(
        home.path(),
        &[
            "--db",
            &db,
            "import",
            "focus",
            bad_parquet.to_str().unwrap(),
        ],
    );
    assert_eq!(
        line,
        format!(
            "error: {}, row group 2, row 5 (row 1 of the group), column BilledCost: not a number; write it like 12.50 (a dot for decimals, no thousands separators) (value \"abc\")",
            bad_parquet.display()
        )
    );
    let imports = ok(home.path(), &["--db", &db, "imports", "list"]);
    assert!(!imports.contains("bad.parquet"), "{imports}");
}

#[test]
fn the_import_benchmark_imports_its_rows_as_parquet_exactly() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("bench");
    let out = ok(
        home.path(),
        &[
            "bench",
            "import",
            "--rows",
            "2500",
            "--parquet",
            "--dir",
            dir.to_str().unwrap(),
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["format"], serde_json::json!("parquet"));
    assert_eq!(report["rows"], serde_json::json!(2500));
    assert_eq!(report["totals_exact"], serde_json::json!(true), "{out}");
    let parquet = dir.join("bench-focus.parquet");
    assert_eq!(
        report["file_bytes"],
        serde_json::json!(std::fs::metadata(&parquet).unwrap().len())
    );
    assert_eq!(&std::fs::read(&parquet).unwrap()[..4], b"PAR1");
}
