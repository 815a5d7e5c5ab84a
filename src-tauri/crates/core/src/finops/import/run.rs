//! Importing files from the app and the CLI: a run of several files through the FOCUS or usage
//! importer with progress, cancel and duplicate detection, and the Imports page's list of
//! imports with their exact totals.

use rusqlite::Connection;

use crate::finops::import::focus::{self, MonthTotal};
use crate::finops::import::reader::{ImportWarning, Progress};
use crate::finops::import::{self, usage, BatchInfo, ImportOptions};
use crate::finops::ImportBatch;
use crate::store::entity::{self, Timestamp};
use crate::values::amount::Amount;
use crate::{Error, Result};

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
    pub warnings: Vec<ImportWarning>,
    /// Sums per billing month and currency (billing files only).
    pub totals: Vec<MonthTotal>,
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
    pub totals: Vec<MonthTotal>,
}

/// Imports `paths` in order, each file in its own transaction, reporting progress to
/// `on_progress` (whose `false` cancels: the current file is rolled back and the run stops).
pub fn import_files(
    store: &mut crate::Store,
    kind: ImportKind,
    paths: &[std::path::PathBuf],
    options: ImportOptions,
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
        let mut callback = |p: &Progress| report(&p.file, p.rows, p.percent());
        let outcome = match kind {
            ImportKind::Focus => focus::import_file(store, path, options, now, Some(&mut callback))
                .map(|f| FileImported {
                    file: shown.clone(),
                    batch: f.batch,
                    focus_version: Some(f.focus_version),
                    replaced: f.replaced,
                    warnings: f.warnings,
                    totals: f.totals,
                    overwritten: None,
                }),
            ImportKind::Usage => usage::import_file(store, path, options, now, Some(&mut callback))
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
            Some(sha) => entity::list_where::<ImportBatch, _>(conn, "sha256 = ?1", [sha])?
                .into_iter()
                .next(),
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
fn sum_totals<'a>(totals: impl Iterator<Item = &'a MonthTotal>) -> Vec<MonthTotal> {
    let mut sums: std::collections::BTreeMap<(String, String), MonthTotal> =
        std::collections::BTreeMap::new();
    for t in totals {
        let sum = sums
            .entry((t.month.clone(), t.currency.clone()))
            .or_insert_with(|| MonthTotal {
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
    pub info: BatchInfo,
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
    import::list(conn)?
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
