//! FOCUS and usage imports: real and synthetic files to their exact sums, every malformed file
//! refused with its precise error and the database unchanged, duplicates, undo, progress.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use quartermaster_core::finops::import::reader::{Progress, WARNING_EXAMPLES};
use quartermaster_core::finops::import::synth::{write_focus_file, SynthOptions};
use quartermaster_core::finops::import::{self, ImportOptions};
use quartermaster_core::finops::CostLine;
use quartermaster_core::store::entity;
use quartermaster_core::{finops::import::focus, finops::import::usage, Error, Store};
use rust_decimal::Decimal;

use crate::support::{now, org};

pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../fixtures")
        .join(path)
}

/// Every row of every table, so "unchanged" means unchanged.
pub fn dump(store: &Store) -> Vec<String> {
    let conn = store.conn();
    let mut tables = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for name in names {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {name} ORDER BY rowid"))
            .unwrap();
        let width = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..width)
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{name}: {}", cells.join("|")));
        }
    }
    out
}

/// Per billing month: (BilledCost, EffectiveCost, lines) summed from the stored text.
pub fn stored_sums(store: &Store) -> BTreeMap<String, (Decimal, Decimal, i64)> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT substr(billing_period_start, 1, 7), billed_cost, effective_cost FROM cost_line",
        )
        .unwrap();
    let mut sums: BTreeMap<String, (Decimal, Decimal, i64)> = BTreeMap::new();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (month, billed, effective) = row.unwrap();
        let sum = sums.entry(month).or_default();
        sum.0 += Decimal::from_str(&billed).unwrap();
        sum.1 += Decimal::from_str(&effective).unwrap();
        sum.2 += 1;
    }
    sums
}

/// The file's own sums per billing month, read independently of the importer: a plain CSV
/// reader, the month from the first seven characters, `Decimal::from_str` on the cost text.
fn file_sums(path: &Path) -> BTreeMap<String, (Decimal, Decimal, i64)> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (month, billed, effective) = (
        at("BillingPeriodStart"),
        at("BilledCost"),
        at("EffectiveCost"),
    );
    let mut sums: BTreeMap<String, (Decimal, Decimal, i64)> = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let sum = sums.entry(record[month][..7].to_string()).or_default();
        sum.0 += Decimal::from_str(&record[billed]).unwrap();
        sum.1 += Decimal::from_str(&record[effective]).unwrap();
        sum.2 += 1;
    }
    sums
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn import(store: &mut Store, path: &str) -> quartermaster_core::Result<focus::FocusImport> {
    focus::import_file(store, &fixture(path), ImportOptions::default(), now(), None)
}

fn warning_count(result: &focus::FocusImport, column: &str, reason_start: &str) -> i64 {
    result
        .warnings
        .iter()
        .filter(|w| w.column == column && w.reason.starts_with(reason_start))
        .map(|w| w.count)
        .sum()
}

#[test]
fn trimmed_real_sample_imports_to_its_exact_monthly_sums_with_every_quirk_warned() {
    let mut store = org();
    let result = import(&mut store, "focus/focus-1.0-sample-trimmed.csv").unwrap();
    assert_eq!(result.focus_version, "1.0");
    assert_eq!(result.batch.row_count, 179);
    let expected = BTreeMap::from([
        (
            "2024-09".to_string(),
            (dec("0.75477929489"), dec("-1.02348581414"), 178),
        ),
        ("2024-10".to_string(), (dec("0.24"), dec("0"), 1)),
    ]);
    assert_eq!(stored_sums(&store), expected);
    assert_eq!(
        file_sums(&fixture("focus/focus-1.0-sample-trimmed.csv")),
        expected
    );
    let totals: Vec<_> = result
        .totals
        .iter()
        .map(|t| {
            (
                t.month.as_str(),
                t.billed_cost.0,
                t.effective_cost.0,
                t.lines,
            )
        })
        .collect();
    assert_eq!(
        totals,
        vec![
            ("2024-09", dec("0.75477929489"), dec("-1.02348581414"), 178),
            ("2024-10", dec("0.24"), dec("0"), 1)
        ]
    );

    // Every interpreted value is counted, with the first examples.
    assert_eq!(
        warning_count(
            &result,
            "ChargePeriodStart",
            "timestamp without a time zone"
        ),
        179
    );
    assert_eq!(
        warning_count(
            &result,
            "BillingPeriodStart",
            "timestamp without a time zone"
        ),
        179
    );
    assert_eq!(warning_count(&result, "ResourceName", "bare NULL"), 121);
    assert_eq!(warning_count(&result, "ResourceId", "bare NULL"), 11);
    assert_eq!(warning_count(&result, "Tags", "bare NULL"), 33);
    assert_eq!(warning_count(&result, "Tags", "tag key with spaces"), 23);
    assert_eq!(
        warning_count(&result, "ChargeFrequency", "spelled differently"),
        7
    );
    assert_eq!(warning_count(&result, "Id", "not a FOCUS column"), 1);
    let frequency = result
        .warnings
        .iter()
        .find(|w| w.column == "ChargeFrequency")
        .unwrap();
    assert_eq!(frequency.examples.len(), WARNING_EXAMPLES);
    assert!(frequency
        .examples
        .iter()
        .all(|e| e.value == "Usage-based" && e.line > 1));
    assert_eq!(
        result.batch.warning_count,
        result.warnings.iter().map(|w| w.count).sum::<i64>()
    );
    assert_eq!(
        import::warnings(store.conn(), result.batch.id).unwrap(),
        result.warnings
    );

    // Lines read back as typed rows; ids that look numeric stay text.
    let lines: Vec<CostLine> = entity::list(store.conn()).unwrap();
    assert_eq!(lines.len(), 179);
    let first = &lines[0];
    assert_eq!(first.billed_cost.0, dec("0.0000008"));
    assert_eq!(
        first.charge_period_start.to_rfc3339(),
        "2024-09-18T22:00:00+00:00"
    );
    assert_eq!(first.sub_account_id, "51738928782");
    assert_eq!(first.provider_name, "AWS");
    assert_eq!(first.tags, serde_json::json!({}));
    assert_eq!(first.consumed_quantity.map(|q| q.0), Some(dec("2")));
}

/// The committed copy of the real FOCUS 1.0 sample (its last 300 rows, unchanged; see
/// `fixtures/focus/sample/SOURCE.md`): it always runs, on every clone. The expected sums were
/// added up from the file by hand (Python's `decimal`), then checked again here by a plain CSV read.
#[test]
fn real_sample_sums_per_billing_month_equal_the_files_own() {
    let path = fixture("focus/sample/focus_sample_last300_focus-1.0.csv");
    let mut store = org();
    let result =
        focus::import_file(&mut store, &path, ImportOptions::default(), now(), None).unwrap();
    assert_eq!(result.focus_version, "1.0");
    assert_eq!(result.batch.row_count, 300);
    let expected = BTreeMap::from([
        (
            "2024-09".to_string(),
            (dec("6.75510303899"), dec("5.97651418586"), 299),
        ),
        ("2024-10".to_string(), (dec("0.24"), dec("0"), 1)),
    ]);
    assert_eq!(file_sums(&path), expected, "the file's own sums");
    assert_eq!(stored_sums(&store), expected, "the imported lines");
    let totals: Vec<_> = result
        .totals
        .iter()
        .map(|t| {
            (
                t.month.as_str(),
                t.billed_cost.0,
                t.effective_cost.0,
                t.lines,
            )
        })
        .collect();
    assert_eq!(
        totals,
        vec![
            ("2024-09", dec("6.75510303899"), dec("5.97651418586"), 299),
            ("2024-10", dec("0.24"), dec("0"), 1)
        ],
        "the totals the import shows"
    );
    // Spend per provider, by SQL on the stored text (AWS 242 rows, Microsoft 51, Oracle 7).
    let mut by_provider: BTreeMap<String, (Decimal, i64)> = BTreeMap::new();
    let conn = store.conn();
    let mut stmt = conn
        .prepare("SELECT provider_name, effective_cost FROM cost_line")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap();
    for row in rows {
        let (provider, cost) = row.unwrap();
        let entry = by_provider.entry(provider).or_default();
        entry.0 += dec(&cost);
        entry.1 += 1;
    }
    assert_eq!(
        by_provider,
        BTreeMap::from([
            ("AWS".to_string(), (dec("4.00000000000"), 242)),
            ("Microsoft".to_string(), (dec("1.97651418586"), 51)),
            ("Oracle".to_string(), (dec("0"), 7)),
        ])
    );
    // The quirks of the real file, each counted exactly.
    assert_eq!(
        warning_count(&result, "ChargeFrequency", "spelled differently"),
        7
    );
    assert_eq!(warning_count(&result, "Tags", "tag key with spaces"), 23);
    assert_eq!(warning_count(&result, "Tags", "bare NULL"), 85);
    assert_eq!(warning_count(&result, "ResourceName", "bare NULL"), 242);
    assert_eq!(warning_count(&result, "ResourceId", "bare NULL"), 17);
    assert_eq!(
        warning_count(
            &result,
            "ChargePeriodStart",
            "timestamp without a time zone"
        ),
        300
    );
    assert_eq!(warning_count(&result, "Id", "not a FOCUS column"), 1);
}

#[test]
fn focus_1_2_with_bom_crlf_quoted_newlines_and_provider_columns() {
    let mut store = org();
    let result = import(&mut store, "focus/focus-1.2-bom-crlf.csv").unwrap();
    assert_eq!(result.focus_version, "1.2");
    assert_eq!(result.batch.row_count, 6);
    assert!(
        result.warnings.iter().all(|w| !w.column.starts_with("x_")),
        "{:?}",
        result.warnings
    );
    let expected = BTreeMap::from([
        (
            "2026-08".to_string(),
            (dec("205.625"), dec("190.250125"), 4),
        ),
        ("2026-09".to_string(), (dec("170.00"), dec("156.50"), 2)),
    ]);
    assert_eq!(stored_sums(&store), expected);
    let lines: Vec<CostLine> = entity::list(store.conn()).unwrap();
    assert_eq!(lines[0].billed_cost.0, dec("120.50"));
    assert_eq!(
        lines[0].tags,
        // x_ provider columns are kept as tags beside the Tags column's own.
        serde_json::json!({"model": "ranker", "workload": "inference", "x_Discounts": "0", "x_ServiceCode": "SM"})
    );
    assert_eq!(lines[2].resource_id, "arn:aws:s3:::features");
    assert_eq!(lines[3].charge_category, "Credit");
    assert_eq!(lines[3].tags, serde_json::json!({}));
}

#[test]
fn focus_1_3_gzipped_with_offsets_scientific_numbers_and_case_variants() {
    let mut store = org();
    let result = import(&mut store, "focus/focus-1.3-provider.csv.gz").unwrap();
    assert_eq!(result.focus_version, "1.3");
    assert_eq!(
        stored_sums(&store)["2026-09"],
        (dec("45.000000000"), dec("45.000000000"), 3)
    );
    let lines: Vec<CostLine> = entity::list(store.conn()).unwrap();
    assert_eq!(lines[0].provider_name, "Snowflake");
    assert_eq!(lines[0].billed_cost.0, dec("25"));
    assert_eq!(lines[0].billing_currency.as_str(), "USD");
    assert_eq!(
        lines[0].charge_period_start.to_rfc3339(),
        "2026-09-10T00:00:00+00:00"
    );
    assert_eq!(lines[1].charge_category, "Usage");
    assert_eq!(lines[2].tags, serde_json::json!({"x_Cluster": "c2"}));
    assert_eq!(
        warning_count(&result, "BilledCost", "number in scientific notation"),
        1
    );
    assert_eq!(
        warning_count(&result, "BillingCurrency", "currency code in lower case"),
        1
    );
    assert_eq!(
        warning_count(&result, "ChargePeriodStart", "timestamp with a UTC offset"),
        1
    );
    assert_eq!(
        warning_count(&result, "ChargeCategory", "spelled differently"),
        1
    );
    assert_eq!(warning_count(&result, "Tags", "bare NULL"), 1);
    // The hash is of the file as stored (compressed), so the same bytes are recognised.
    let sha = sha_of(&fixture("focus/focus-1.3-provider.csv.gz"));
    assert_eq!(result.batch.sha256, sha);
}

fn sha_of(path: &Path) -> String {
    use sha2::Digest;
    let bytes = std::fs::read(path).unwrap();
    sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn focus_1_1_with_only_mandatory_columns() {
    let mut store = org();
    let result = import(&mut store, "focus/focus-1.1-minimal.csv").unwrap();
    assert_eq!(result.focus_version, "1.1");
    let lines: Vec<CostLine> = entity::list(store.conn()).unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1].billing_currency.as_str(), "EUR");
    assert_eq!(
        (
            lines[1].resource_id.as_str(),
            lines[1].sku_id.as_str(),
            lines[1].consumed_quantity
        ),
        ("", "", None)
    );
}

/// Imports `path` into a store holding an earlier import and checks the precise error and that
/// nothing at all changed.
fn refused(path: &str, usage: bool) -> (u64, String, String, String) {
    let mut store = crate::finops_reports::org_with_models();
    import(&mut store, "focus/focus-1.1-minimal.csv").unwrap();
    let before = dump(&store);
    let result = if usage {
        usage::import_file(
            &mut store,
            &fixture(path),
            ImportOptions::default(),
            now(),
            None,
        )
        .map(|_| ())
    } else {
        import(&mut store, path).map(|_| ())
    };
    let err = result.expect_err("the file must be refused");
    assert_eq!(dump(&store), before, "{path}: the database changed");
    let Error::Parse { at, value, reason } = err else {
        panic!("{path}: not a parse error: {err}")
    };
    assert!(at.file.ends_with(path), "{}", at.file);
    (at.line, at.column, value, reason)
}

#[test]
fn each_malformed_file_names_line_column_value_and_reason_and_changes_nothing() {
    let (line, column, value, reason) = refused("invalid/focus-missing-column.csv", false);
    assert_eq!(
        (line, column.as_str(), value.as_str()),
        (1, "EffectiveCost", "")
    );
    assert_eq!(
        reason,
        "the required column EffectiveCost is missing from the header"
    );

    let (line, column, value, reason) = refused("invalid/focus-bad-number.csv", false);
    assert_eq!(
        (line, column.as_str(), value.as_str()),
        (4, "BilledCost", "12,50")
    );
    assert!(reason.starts_with("not a number"), "{reason}");

    let (line, column, value, reason) = refused("invalid/focus-bad-timestamp.csv", false);
    assert_eq!(
        (line, column.as_str(), value.as_str(), reason.as_str()),
        (
            3,
            "ChargePeriodStart",
            "2026-02-30 00:00:00",
            "no such date"
        )
    );

    let (line, column, value, reason) = refused("invalid/focus-bad-tags.csv", false);
    assert_eq!(
        (line, column.as_str(), value.as_str()),
        (5, "Tags", "{\"model\": \"ranker\"")
    );
    assert!(
        reason.starts_with("Tags is not valid JSON: EOF while parsing an object"),
        "{reason}"
    );

    let (line, column, value, reason) = refused("invalid/focus-truncated.csv.gz", false);
    assert_eq!((column.as_str(), value.as_str()), ("", ""));
    assert!(line > 2, "the error is at the line reached, got {line}");
    assert!(
        reason.starts_with("the gzip data is truncated or corrupt"),
        "{reason}"
    );

    let (line, column, value, reason) = refused("invalid/focus-empty.csv", false);
    assert_eq!((line, column.as_str(), value.as_str()), (1, "", ""));
    assert_eq!(reason, "the file is empty; there is no header row");

    let (line, column, value, reason) = refused("invalid/usage-bad-number.csv", true);
    assert_eq!(
        (line, column.as_str(), value.as_str()),
        (3, "inferences", "1,000")
    );
    assert!(reason.starts_with("not a whole number"), "{reason}");

    let (line, column, value, reason) = refused("invalid/usage-unknown-model.csv", true);
    assert_eq!(
        (line, column.as_str(), value.as_str(), reason.as_str()),
        (
            3,
            "model",
            "Summariser",
            "no model has this name or cost tag"
        )
    );
}

#[test]
fn the_message_reads_file_line_column_value_and_reason() {
    let mut store = org();
    let err = import(&mut store, "invalid/focus-bad-number.csv").unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("focus-bad-number.csv, line 4, column BilledCost: not a number"),
        "{text}"
    );
    assert!(text.ends_with("(value \"12,50\")"), "{text}");
    assert_eq!(err.kind(), "parse");
}

#[test]
fn a_file_imported_before_is_refused_unless_replaced() {
    let mut store = org();
    let first = import(&mut store, "focus/focus-1.2-bom-crlf.csv").unwrap();
    let before = dump(&store);
    let err = import(&mut store, "focus/focus-1.2-bom-crlf.csv").unwrap_err();
    assert_eq!(err.kind(), "conflict");
    let text = err.to_string();
    assert!(
        text.contains(&format!("already imported as import {}", first.batch.id)),
        "{text}"
    );
    assert!(text.contains("same SHA-256"), "{text}");
    assert_eq!(dump(&store), before);

    let sums = stored_sums(&store);
    let again = focus::import_file(
        &mut store,
        &fixture("focus/focus-1.2-bom-crlf.csv"),
        ImportOptions { replace: true },
        now(),
        None,
    )
    .unwrap();
    assert_eq!(again.replaced, vec![first.batch.id]);
    assert_eq!(stored_sums(&store), sums);
    let batches = import::list(store.conn()).unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].batch.id, again.batch.id);
}

#[test]
fn undo_restores_the_previous_totals_exactly_and_is_audited() {
    let mut store = org();
    let a = import(&mut store, "focus/focus-1.0-sample-trimmed.csv").unwrap();
    let after_a = stored_sums(&store);
    let groups_after_a =
        quartermaster_core::finops::rollup::spend_groups(store.conn(), None).unwrap();
    let b = import(&mut store, "focus/focus-1.2-bom-crlf.csv").unwrap();
    assert_ne!(stored_sums(&store), after_a);
    let listed: Vec<i64> = import::list(store.conn())
        .unwrap()
        .iter()
        .map(|i| i.batch.id)
        .collect();
    assert_eq!(listed, vec![b.batch.id, a.batch.id], "newest first");

    store
        .with_tx(|tx| import::undo(tx, b.batch.id, now()))
        .unwrap();
    assert_eq!(stored_sums(&store), after_a);
    assert_eq!(
        quartermaster_core::finops::rollup::spend_groups(store.conn(), None).unwrap(),
        groups_after_a
    );
    store
        .with_tx(|tx| import::undo(tx, a.batch.id, now()))
        .unwrap();
    assert!(stored_sums(&store).is_empty());
    let leftovers: i64 = store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM cost_rollup) + (SELECT count(*) FROM import_warning) + (SELECT count(*) FROM import_batch)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leftovers, 0);
    let actions: Vec<String> = store
        .conn()
        .prepare("SELECT action FROM change WHERE entity = 'import_batch' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(actions, vec!["import", "import", "undo", "undo"]);
    let err = store
        .with_tx(|tx| import::undo(tx, a.batch.id, now()))
        .unwrap_err();
    assert_eq!(err.kind(), "not_found");
}

#[test]
fn progress_rises_monotonically_to_100_percent_and_cancel_rolls_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synthetic.csv.gz");
    write_focus_file(
        &path,
        SynthOptions {
            rows: 20_000,
            seed: 7,
            months: 3,
            resources: 50,
            first_month: 0,
            quirks: false,
        },
    )
    .unwrap();
    let mut store = org();
    let mut seen: Vec<Progress> = Vec::new();
    let mut record = |p: &Progress| {
        seen.push(p.clone());
        true
    };
    focus::import_file(
        &mut store,
        &path,
        ImportOptions::default(),
        now(),
        Some(&mut record),
    )
    .unwrap();
    assert!(seen.len() >= 5, "{} reports", seen.len());
    assert!(seen
        .windows(2)
        .all(|w| w[0].percent() <= w[1].percent() && w[0].rows <= w[1].rows));
    let last = seen.last().unwrap();
    assert_eq!((last.percent(), last.rows), (100.0, 20_000));
    assert_eq!(last.bytes_read, std::fs::metadata(&path).unwrap().len());

    let mut fresh = org();
    let before = dump(&fresh);
    let mut calls = 0;
    let mut cancel = |_: &Progress| {
        calls += 1;
        calls < 2
    };
    let err = focus::import_file(
        &mut fresh,
        &path,
        ImportOptions::default(),
        now(),
        Some(&mut cancel),
    )
    .unwrap_err();
    assert!(err.to_string().contains("import cancelled"), "{err}");
    assert_eq!(dump(&fresh), before);
}

#[test]
fn an_edited_cost_line_makes_reports_read_the_lines_again() {
    let mut store = org();
    import(&mut store, "focus/focus-1.2-bom-crlf.csv").unwrap();
    let mut line: CostLine = entity::list(store.conn()).unwrap().remove(0);
    line.effective_cost = quartermaster_core::values::amount::Amount(dec("1000"));
    store.with_tx(|tx| entity::update(tx, line, now())).unwrap();
    let total: Decimal =
        quartermaster_core::finops::rollup::spend_groups(store.conn(), Some("2026-08"))
            .unwrap()
            .iter()
            .map(|g| g.effective_cost)
            .sum();
    assert_eq!(total, dec("190.250125") - dec("110.25") + dec("1000"));
}

#[test]
fn usage_import_replaces_rows_and_undo_brings_them_back() {
    let mut store = crate::finops_reports::org_with_models();
    let ranker: i64 = store
        .conn()
        .query_row("SELECT id FROM model WHERE name = 'Ranker'", [], |r| {
            r.get(0)
        })
        .unwrap();
    store
        .with_tx(|tx| {
            let typed = quartermaster_core::finops::Usage {
                id: 0,
                model_id: ranker,
                month: "2026-08".into(),
                inferences: 5,
                training_runs: 1,
            };
            entity::insert(tx, typed, now()).map(|_| ())
        })
        .unwrap();
    let usage = |store: &Store| -> Vec<(String, String, i64, i64)> {
        store
            .conn()
            .prepare("SELECT m.name, u.month, u.inferences, u.training_runs FROM usage u JOIN model m ON m.id = u.model_id ORDER BY m.name, u.month")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let before = usage(&store);
    let result = usage::import_file(
        &mut store,
        &fixture("usage/usage-2026.csv"),
        ImportOptions::default(),
        now(),
        None,
    )
    .unwrap();
    assert_eq!((result.batch.row_count, result.overwritten), (4, 1));
    assert_eq!(
        usage(&store),
        vec![
            ("Embedder".into(), "2026-08".into(), 0, 4),
            ("Embedder".into(), "2026-09".into(), 100_000, 2),
            ("Ranker".into(), "2026-08".into(), 2_000_000, 0),
            ("Ranker".into(), "2026-09".into(), 2_500_000, 0),
        ]
    );
    store
        .with_tx(|tx| import::undo(tx, result.batch.id, now()))
        .unwrap();
    assert_eq!(usage(&store), before);
}

#[test]
fn a_file_store_imports_in_bulk_and_gets_its_wal_and_rollup_trigger_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.db");
    let mut store = Store::open(&path).unwrap();
    let settings = quartermaster_core::org::settings::Settings::new("Test Org", 10, "USD").unwrap();
    store
        .with_tx(|tx| quartermaster_core::org::setup::new_organisation(tx, &settings, now()))
        .unwrap();
    let state = |store: &Store| {
        let conn = store.conn();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        let triggers: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'billing_line_insert_stales_rollup'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (mode, triggers)
    };
    import(&mut store, "focus/focus-1.2-bom-crlf.csv").unwrap();
    assert_eq!(state(&store), ("wal".to_string(), 1));
    import(&mut store, "invalid/focus-bad-number.csv").unwrap_err();
    assert_eq!(state(&store), ("wal".to_string(), 1));

    // The trigger is live again: a line added to the rolled-up batch makes reports read lines.
    let mut line: CostLine = entity::list(store.conn()).unwrap().remove(0);
    line.id = 0;
    line.effective_cost = quartermaster_core::values::amount::Amount(dec("5"));
    store.with_tx(|tx| entity::insert(tx, line, now())).unwrap();
    let total: Decimal =
        quartermaster_core::finops::rollup::spend_groups(store.conn(), Some("2026-08"))
            .unwrap()
            .iter()
            .map(|g| g.effective_cost)
            .sum();
    assert_eq!(total, dec("190.250125") + dec("5"));
}

#[test]
fn a_bulk_import_while_another_connection_reads_the_file_stays_in_wal_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.db");
    let mut store = Store::open(&path).unwrap();
    let settings = quartermaster_core::org::settings::Settings::new("Test Org", 10, "USD").unwrap();
    store
        .with_tx(|tx| quartermaster_core::org::setup::new_organisation(tx, &settings, now()))
        .unwrap();
    // Another process (a second window, the CLI) holds the file open through the WAL.
    let reader = rusqlite::Connection::open(&path).unwrap();
    let before: i64 = reader
        .query_row("SELECT count(*) FROM cost_line", [], |r| r.get(0))
        .unwrap();
    import(&mut store, "focus/focus-1.2-bom-crlf.csv").unwrap();
    let mode: String = store
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let after: i64 = reader
        .query_row("SELECT count(*) FROM cost_line", [], |r| r.get(0))
        .unwrap();
    assert!(after > before, "the other connection sees the import");
}
