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
    /// Where in the file, for values that could not be read (in Parquet, the row).
    pub line: Option<u64>,
    /// In Parquet, the row group (1-based) and the row within it.
    pub row_group: Option<(u32, u32)>,
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
    let row_group = match &err {
        Error::Parse { at, .. } => at.row_group,
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
        row_group,
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
         WHERE batch_id IN (SELECT id FROM import_batch EXCEPT SELECT id FROM cost_rollup_batch)",
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
mod tests;
