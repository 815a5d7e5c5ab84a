//! FinOps: imported billing lines (FOCUS), allocation rules, model usage and budgets.

pub mod allocation;
pub mod import;
pub mod rollup;
pub mod unit_cost;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::store::entity::{Timestamp, Validate};
use crate::values::amount::Amount;
use crate::values::money::Currency;
use crate::values::quarter::FiscalQuarter;
use crate::{entity, kpi, store::rules, text_enum, Error, Result};

text_enum! {
    /// Where a batch of rows came from.
    pub enum BatchKind as "kind" { Focus = "focus", Usage = "usage", Demo = "demo" }
}

text_enum! {
    /// What spend is for.
    pub enum Category as "category" {
        Training = "training", Inference = "inference", Storage = "storage", Data = "data", Other = "other",
    }
}

text_enum! {
    /// Which part of a cost line an allocation rule looks at.
    pub enum MatchOn as "match_on" {
        Tag = "tag", Service = "service", SubAccount = "sub_account", Resource = "resource",
    }
}

entity! {
    /// One imported file (or generated set) of rows; undoing it removes its rows.
    pub struct ImportBatch in "import_batch" as "import" {
        kind: BatchKind,
        file_name: String,
        sha256: String,
        row_count: i64,
        warning_count: i64,
        imported_at: Timestamp,
    }
}

entity! {
    /// One billing charge with the FOCUS columns that matter; costs are exact decimals.
    pub struct CostLine in "cost_line" as "cost line" {
        batch_id: i64 => "import_batch",
        billed_cost: Amount,
        effective_cost: Amount,
        list_cost: Amount,
        billing_currency: Currency,
        charge_period_start: Timestamp,
        charge_period_end: Timestamp,
        billing_period_start: Timestamp,
        charge_category: String,
        provider_name: String,
        service_name: String,
        service_category: String,
        sub_account_id: String,
        resource_id: String,
        resource_name: String,
        region_id: String,
        sku_id: String,
        consumed_quantity: Option<Amount>,
        consumed_unit: String,
        tags: serde_json::Value,
    }
}

/// FOCUS column names of `CostLine`'s fields, in `COLUMNS` order after `batch_id`.
pub const FOCUS_COLUMNS: &[(&str, &str)] = &[
    ("billed_cost", "BilledCost"),
    ("effective_cost", "EffectiveCost"),
    ("list_cost", "ListCost"),
    ("billing_currency", "BillingCurrency"),
    ("charge_period_start", "ChargePeriodStart"),
    ("charge_period_end", "ChargePeriodEnd"),
    ("billing_period_start", "BillingPeriodStart"),
    ("charge_category", "ChargeCategory"),
    ("provider_name", "ProviderName"),
    ("service_name", "ServiceName"),
    ("service_category", "ServiceCategory"),
    ("sub_account_id", "SubAccountId"),
    ("resource_id", "ResourceId"),
    ("resource_name", "ResourceName"),
    ("region_id", "RegionId"),
    ("sku_id", "SkuId"),
    ("consumed_quantity", "ConsumedQuantity"),
    ("consumed_unit", "ConsumedUnit"),
    ("tags", "Tags"),
];

entity! {
    /// Maps matching cost lines to a model, a team and a category; lower priority wins first.
    pub struct AllocationRule in "allocation_rule" as "allocation rule" {
        priority: i64,
        match_on: MatchOn,
        /// For tag rules: the tag key whose value is matched.
        tag_key: String,
        /// Exact value, or a `*` wildcard pattern.
        pattern: String,
        model_id: Option<i64> => "model",
        team_id: Option<i64> => "team",
        category: Category,
    }
}

entity! {
    /// A model's usage in one month: the denominators of unit costs.
    pub struct Usage in "usage" as "usage" {
        model_id: i64 => "model",
        /// `YYYY-MM`.
        month: String,
        inferences: i64,
        training_runs: i64,
    }
}

entity! {
    /// Spend allowed in a quarter, for a team and/or category (both empty: the whole org).
    pub struct Budget in "budget" as "budget" {
        quarter: FiscalQuarter,
        team_id: Option<i64> => "team",
        category: Option<Category>,
        amount_minor: i64,
        currency: Currency,
    }
}

impl Validate for ImportBatch {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("file_name", "File name", &self.file_name)
    }
}

impl Validate for CostLine {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        if self.charge_period_end < self.charge_period_start {
            return Err(Error::invalid(
                "charge_period_end",
                "ChargePeriodEnd is before ChargePeriodStart",
            ));
        }
        if !self.tags.is_object() {
            return Err(Error::invalid("tags", "Tags must be a JSON object"));
        }
        Ok(())
    }
}

impl Validate for AllocationRule {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("pattern", "Pattern", &self.pattern)?;
        if self.match_on == MatchOn::Tag {
            rules::non_empty("tag_key", "Tag key", &self.tag_key)?;
        }
        Ok(())
    }
}

impl Validate for Usage {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        if !kpi::is_month(&self.month) {
            return Err(Error::invalid("month", "Month must look like 2026-09"));
        }
        rules::non_negative("inferences", "Inferences", self.inferences as f64)?;
        rules::non_negative("training_runs", "Training runs", self.training_runs as f64)
    }
}

impl Validate for Budget {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_negative("amount_minor", "Budget", self.amount_minor as f64)
    }
}

/// The first day of the month of a `YYYY-MM` label.
pub fn month_start(month: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()
}

// -- Importing files from the app: several files, progress, cancel, duplicates, totals ------------

/// Which importer a run of files goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// FOCUS billing exports (`.csv`, `.csv.gz`).
    Focus,
    /// Model usage CSV (`model,month,inferences,training_runs`).
    Usage,
}

/// Where a run of imports stands, sent while the files are read.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunProgress {
    /// The file being read, as the user gave it.
    pub file: String,
    /// 0-based position of the file in the run.
    pub file_index: usize,
    pub file_count: usize,
    /// Data rows read so far from this file.
    pub rows: u64,
    /// This file, 0–100.
    pub file_percent: f64,
    /// The whole run, 0–100; never goes down.
    pub percent: f64,
}

/// One file imported: its batch and what it gave.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FileImported {
    pub file: String,
    pub batch: ImportBatch,
    /// The FOCUS version the header points to (billing files only).
    pub focus_version: Option<&'static str>,
    /// Earlier imports of the same bytes that were undone (`replace`).
    pub replaced: Vec<i64>,
    pub warnings: Vec<crate::finops::import::ImportWarning>,
    /// Sums per billing month and currency (billing files only).
    pub totals: Vec<crate::finops::import::focus::MonthTotal>,
    /// Existing usage rows the file overwrote (usage files only).
    pub overwritten: Option<i64>,
}

/// The file that stopped a run, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FileFailed {
    pub file: String,
    /// The error's stable code (`parse`, `io`, `conflict`, …).
    pub kind: String,
    pub message: String,
    /// Where in the file, for values that could not be read.
    pub line: Option<u64>,
    pub column: Option<String>,
    pub value: Option<String>,
    pub reason: Option<String>,
    /// The earlier import of the same bytes, when that is why it was refused (offer Replace).
    pub duplicate_of: Option<ImportBatch>,
}

/// What a run of imports did: every file is all or nothing, the run stops at the first failure
/// or when cancelled, and files already imported stay imported.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImportRun {
    pub kind: ImportKind,
    pub imported: Vec<FileImported>,
    pub failed: Option<FileFailed>,
    /// The user cancelled; the file being read was rolled back.
    pub cancelled: bool,
    /// Files not tried because the run stopped before them.
    pub skipped: Vec<String>,
    pub rows: i64,
    pub warning_count: i64,
    /// Sums per billing month and currency over every imported file, oldest first.
    pub totals: Vec<crate::finops::import::focus::MonthTotal>,
}

/// Imports `paths` in order, each file in its own transaction, reporting progress to
/// `on_progress` (whose `false` cancels: the current file is rolled back and the run stops).
pub fn import_files(
    store: &mut crate::Store,
    kind: ImportKind,
    paths: &[std::path::PathBuf],
    options: crate::finops::import::ImportOptions,
    now: Timestamp,
    on_progress: &mut dyn FnMut(&RunProgress) -> bool,
) -> Result<ImportRun> {
    let mut run = ImportRun {
        kind,
        imported: Vec::new(),
        failed: None,
        cancelled: false,
        skipped: Vec::new(),
        rows: 0,
        warning_count: 0,
        totals: Vec::new(),
    };
    let file_count = paths.len();
    let mut sent = 0.0_f64;
    for (file_index, path) in paths.iter().enumerate() {
        let shown = path.display().to_string();
        if run.cancelled || run.failed.is_some() {
            run.skipped.push(shown);
            continue;
        }
        let mut cancelled = false;
        let mut report = |file: &str, rows: u64, file_percent: f64| -> bool {
            let whole = (file_index as f64 + file_percent / 100.0) * 100.0 / file_count as f64;
            sent = sent.max(whole.min(100.0));
            let keep_going = on_progress(&RunProgress {
                file: file.to_string(),
                file_index,
                file_count,
                rows,
                file_percent,
                percent: sent,
            });
            if !keep_going {
                cancelled = true;
            }
            keep_going
        };
        if !report(&shown, 0, 0.0) {
            run.cancelled = true;
            run.skipped.push(shown);
            continue;
        }
        let mut callback =
            |p: &crate::finops::import::Progress| report(&p.file, p.rows, p.percent());
        let outcome = match kind {
            ImportKind::Focus => crate::finops::import::focus::import_file(
                store,
                path,
                options,
                now,
                Some(&mut callback),
            )
            .map(|f| FileImported {
                file: shown.clone(),
                batch: f.batch,
                focus_version: Some(f.focus_version),
                replaced: f.replaced,
                warnings: f.warnings,
                totals: f.totals,
                overwritten: None,
            }),
            ImportKind::Usage => crate::finops::import::usage::import_file(
                store,
                path,
                options,
                now,
                Some(&mut callback),
            )
            .map(|u| FileImported {
                file: shown.clone(),
                batch: u.batch,
                focus_version: None,
                replaced: u.replaced,
                warnings: u.warnings,
                totals: Vec::new(),
                overwritten: Some(u.overwritten),
            }),
        };
        match outcome {
            Ok(done) => {
                run.rows += done.batch.row_count;
                run.warning_count += done.batch.warning_count;
                run.imported.push(done);
            }
            Err(_) if cancelled => run.cancelled = true,
            Err(err) => run.failed = Some(failure(store.conn(), path, &shown, err)?),
        }
    }
    run.totals = sum_totals(run.imported.iter().flat_map(|f| f.totals.iter()));
    Ok(run)
}

/// Describes a failed file, finding the earlier import when it was refused as a duplicate.
fn failure(
    conn: &Connection,
    path: &std::path::Path,
    shown: &str,
    err: Error,
) -> Result<FileFailed> {
    let duplicate_of = match &err {
        Error::Conflict(_) => match file_sha256(path) {
            Some(sha) => {
                crate::store::entity::list_where::<ImportBatch, _>(conn, "sha256 = ?1", [sha])?
                    .into_iter()
                    .next()
            }
            None => None,
        },
        _ => None,
    };
    let (line, column, value, reason) = match &err {
        Error::Parse { at, value, reason } => (
            Some(at.line),
            Some(at.column.clone()),
            Some(value.clone()),
            Some(reason.clone()),
        ),
        _ => (None, None, None, None),
    };
    Ok(FileFailed {
        file: shown.to_string(),
        kind: err.kind().to_string(),
        message: err.message(),
        line,
        column,
        value,
        reason,
        duplicate_of,
    })
}

/// The SHA-256 of a file's bytes as stored, in lower-case hex (as import batches keep it).
fn file_sha256(path: &std::path::Path) -> Option<String> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Some(
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}

/// Month totals added up per month and currency, oldest first.
fn sum_totals<'a>(
    totals: impl Iterator<Item = &'a crate::finops::import::focus::MonthTotal>,
) -> Vec<crate::finops::import::focus::MonthTotal> {
    let mut sums: std::collections::BTreeMap<
        (String, String),
        crate::finops::import::focus::MonthTotal,
    > = std::collections::BTreeMap::new();
    for t in totals {
        let sum = sums
            .entry((t.month.clone(), t.currency.clone()))
            .or_insert_with(|| crate::finops::import::focus::MonthTotal {
                month: t.month.clone(),
                currency: t.currency.clone(),
                lines: 0,
                billed_cost: Amount::ZERO,
                effective_cost: Amount::ZERO,
            });
        sum.lines += t.lines;
        sum.billed_cost.0 += t.billed_cost.0;
        sum.effective_cost.0 += t.effective_cost.0;
    }
    sums.into_values().collect()
}

/// Every billing month with imported spend, oldest first (from the per-import rollup where
/// there is one, else from the lines).
pub fn spend_months(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT month FROM cost_rollup WHERE batch_id IN (SELECT id FROM cost_rollup_batch)
         UNION
         SELECT substr(billing_period_start, 1, 7) FROM cost_line
         WHERE batch_id NOT IN (SELECT id FROM cost_rollup_batch)
         ORDER BY 1",
    )?;
    let months = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(months.collect::<rusqlite::Result<_>>()?)
}

/// Exact sums of one import in one currency.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImportTotal {
    pub currency: String,
    pub lines: i64,
    pub billed_cost: Amount,
    pub effective_cost: Amount,
}

/// An import as the Imports page lists it: the batch, its warnings and what it holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImportListed {
    #[serde(flatten)]
    pub info: crate::finops::import::BatchInfo,
    /// Billing sums per currency (empty for usage imports).
    pub totals: Vec<ImportTotal>,
    /// Usage rows the import holds now (usage imports).
    pub usage_rows: i64,
}

/// Every import, newest first, with its warnings and exact totals (from the per-import rollup
/// where there is one, else from its lines).
pub fn imports(conn: &Connection) -> Result<Vec<ImportListed>> {
    let mut sums: std::collections::BTreeMap<(i64, String), ImportTotal> =
        std::collections::BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT batch_id, billing_currency, billed_cost, effective_cost, line_count FROM cost_rollup
         WHERE batch_id IN (SELECT id FROM cost_rollup_batch)
         UNION ALL
         SELECT batch_id, billing_currency, billed_cost, effective_cost, 1 FROM cost_line
         WHERE batch_id NOT IN (SELECT id FROM cost_rollup_batch)",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (batch, currency): (i64, String) = (row.get(0)?, row.get(1)?);
        let sum = sums
            .entry((batch, currency.clone()))
            .or_insert_with(|| ImportTotal {
                currency,
                lines: 0,
                billed_cost: Amount::ZERO,
                effective_cost: Amount::ZERO,
            });
        sum.billed_cost.0 += row.get::<_, Amount>(2)?.0;
        sum.effective_cost.0 += row.get::<_, Amount>(3)?.0;
        sum.lines += row.get::<_, i64>(4)?;
    }
    let mut usage = conn.prepare("SELECT count(*) FROM usage WHERE batch_id = ?1")?;
    crate::finops::import::list(conn)?
        .into_iter()
        .map(|info| {
            let id = info.batch.id;
            let totals = sums
                .range((id, String::new())..(id + 1, String::new()))
                .map(|(_, t)| t.clone())
                .collect();
            let usage_rows = usage.query_row([id], |r| r.get(0))?;
            Ok(ImportListed {
                info,
                totals,
                usage_rows,
            })
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::path::{Path, PathBuf};

    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::finops::import::ImportOptions;
    use crate::org::settings::Settings;

    fn now() -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
            .single()
            .unwrap()
    }

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
}
