//! Import batches, shared by the FOCUS and usage importers: the skeleton every import runs
//! (open, stream the records, refuse or replace a repeated file, record the batch with its
//! hash, counts and warnings), and the batches that can be listed and undone.
//!
//! Each importer owns its columns and rules; reading a file lives in `reader` and keeping a
//! batch here, once, so both report problems in the same words. Arrows: `run` → `focus`/`usage`
//! → this module → `reader` → `parquet`.

pub mod focus;
pub mod parquet;
pub mod reader;
pub mod run;
pub mod synth;
pub mod usage;

use std::path::Path;

use csv::ByteRecord;
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::finops::import::reader::{Cells, ImportWarning, Input, OnProgress, Records, Warnings};
use crate::finops::{BatchKind, ImportBatch};
use crate::store::capture;
use crate::store::entity::{self, record_change, timestamp_text, Timestamp};
use crate::{Error, Result};

/// Choices the user makes for an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, Serialize)]
pub struct ImportOptions {
    /// Import a file whose SHA-256 was imported before, undoing the earlier import(s) first.
    #[serde(default)]
    pub replace: bool,
}

/// A file streamed into a new batch, before the importer adds its own results.
pub struct Streamed<R> {
    pub batch: ImportBatch,
    pub replaced: Vec<i64>,
    pub warnings: Vec<ImportWarning>,
    pub records: R,
}

/// The skeleton every import shares: open the file, start a batch, pass every record to the
/// importer's `Records` (made by `start` from the header), refuse a file without rows, hash
/// the bytes, refuse or replace a repeated file, and complete the batch. Run it in a transaction.
pub fn stream<R: Records>(
    conn: &Connection,
    path: &Path,
    kind: BatchKind,
    options: ImportOptions,
    now: Timestamp,
    mut on_progress: Option<OnProgress<'_>>,
    start: impl FnOnce(&Input, i64, &mut Warnings) -> Result<R>,
) -> Result<Streamed<R>> {
    let mut input = Input::open(path)?;
    let mut warnings = Warnings::default();
    let batch_id = begin_batch(conn, kind, &input.file_name, now)?;
    let mut records = start(&input, batch_id, &mut warnings)?;
    let mut record = ByteRecord::new();
    while input.next_record(&mut record)? {
        let mut cells = Cells {
            input: &input,
            record: &record,
            warnings: &mut warnings,
        };
        records.record(&mut cells)?;
        input.tick(&mut on_progress)?;
    }
    if input.rows == 0 {
        let reason = if input.is_parquet() {
            "the Parquet file has columns but no rows"
        } else {
            "the file has a header row but no data rows"
        };
        return Err(input.error("", "", reason));
    }
    let (shown, rows) = (input.shown.clone(), input.rows as i64);
    let file = FileRead {
        sha256: input.finish(&mut on_progress)?,
        shown,
        rows,
    };
    let warnings = warnings.into_list();
    let (batch, replaced) = finish_batch(conn, batch_id, &file, &warnings, options, now)?;
    Ok(Streamed {
        batch,
        replaced,
        warnings,
        records,
    })
}

/// A new batch row, written before its lines so they can refer to it; completed by
/// `finish_batch` once the file has been read and its hash is known.
fn begin_batch(conn: &Connection, kind: BatchKind, file_name: &str, now: Timestamp) -> Result<i64> {
    let stamp = timestamp_text(now);
    conn.execute(
        "INSERT INTO import_batch (kind, file_name, sha256, row_count, warning_count, imported_at, created_at, updated_at)
         VALUES (?1, ?2, '', 0, 0, ?3, ?3, ?3)",
        params![kind, file_name, stamp],
    )?;
    let batch_id = conn.last_insert_rowid();
    if kind == BatchKind::Focus {
        // Billing lines are too many to keep row by row: the step is undone by its batch.
        capture::bulk_import(conn, Some(batch_id))?;
    }
    capture::label(conn, &format!("Import «{file_name}»"))?;
    Ok(batch_id)
}

/// A file read to its end: the path as shown, the SHA-256 of its bytes, its data rows.
struct FileRead {
    shown: String,
    sha256: String,
    rows: i64,
}

/// Refuses (or, with `replace`, undoes) earlier imports of the same bytes, then records the
/// batch's hash, counts and warnings and audits the import.
fn finish_batch(
    conn: &Connection,
    batch_id: i64,
    file: &FileRead,
    warnings: &[ImportWarning],
    options: ImportOptions,
    now: Timestamp,
) -> Result<(ImportBatch, Vec<i64>)> {
    let FileRead {
        shown,
        sha256,
        rows,
    } = file;
    let earlier: Vec<ImportBatch> =
        entity::list_where(conn, "sha256 = ?1 AND id <> ?2", params![sha256, batch_id])?;
    if let (Some(first), false) = (earlier.first(), options.replace) {
        return Err(Error::Conflict(format!(
            "{shown} was already imported as import {} ({}, {}); it has the same SHA-256. \
             Nothing was imported; to import it again, replace the earlier import (`--replace` on the command line)",
            first.id,
            first.file_name,
            timestamp_text(first.imported_at)
        )));
    }
    let mut replaced = Vec::new();
    if let Some(first) = earlier.iter().find(|b| b.kind == BatchKind::Focus) {
        capture::refuse(
            conn,
            &format!(
                "this import replaced import {} and removed its lines; undo it from the Imports list",
                first.id
            ),
        )?;
    }
    for batch in earlier {
        undo(conn, batch.id, now)?;
        replaced.push(batch.id);
    }
    let warning_count: i64 = warnings.iter().map(|w| w.count).sum();
    conn.execute(
        "UPDATE import_batch SET sha256 = ?1, row_count = ?2, warning_count = ?3 WHERE id = ?4",
        params![sha256, rows, warning_count, batch_id],
    )?;
    let stamp = timestamp_text(now);
    let mut insert = conn.prepare(
        "INSERT INTO import_warning (batch_id, column_name, reason, count, examples, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?;
    for w in warnings {
        let examples = serde_json::to_string(&w.examples)
            .map_err(|e| Error::Conflict(format!("cannot record warnings: {e}")))?;
        insert.execute(params![
            batch_id, w.column, w.reason, w.count, examples, stamp
        ])?;
    }
    let batch: ImportBatch = entity::get(conn, batch_id)?;
    record_change(
        conn,
        "import_batch",
        batch_id,
        "import",
        None,
        Some(&batch),
        now,
    )?;
    Ok((batch, replaced))
}

/// An import as listed: the batch and what it holds now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchInfo {
    #[serde(flatten)]
    pub batch: ImportBatch,
    pub warnings: Vec<ImportWarning>,
}

/// Every import, newest first, with its warnings.
pub fn list(conn: &Connection) -> Result<Vec<BatchInfo>> {
    let mut batches: Vec<ImportBatch> = entity::list(conn)?;
    batches.reverse();
    batches
        .into_iter()
        .map(|batch| {
            Ok(BatchInfo {
                warnings: warnings(conn, batch.id)?,
                batch,
            })
        })
        .collect()
}

/// The warnings recorded for one import.
pub fn warnings(conn: &Connection, batch_id: i64) -> Result<Vec<ImportWarning>> {
    let mut stmt = conn.prepare(
        "SELECT column_name, reason, count, examples FROM import_warning WHERE batch_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([batch_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|row| {
        let (column, reason, count, examples) = row?;
        Ok(ImportWarning {
            column,
            reason,
            count,
            examples: entity::from_json(&examples)?,
        })
    })
    .collect()
}

/// Removes an import and everything it wrote (usage rows it overwrote come back), auditing it.
/// Run it inside a transaction: it is several statements.
pub fn undo(conn: &Connection, batch_id: i64, now: Timestamp) -> Result<ImportBatch> {
    let batch: ImportBatch = entity::get(conn, batch_id)?;
    capture::label(conn, &format!("Undo import «{}»", batch.file_name))?;
    if batch.kind != BatchKind::Usage {
        // Its billing lines go without being kept row by row, so this cannot be undone.
        capture::bulk_import(conn, None)?;
        capture::refuse(
            conn,
            "an undone import comes back by importing its file again",
        )?;
    }
    // Drop the rollup mark first so deleting the lines does not fire its trigger per row.
    conn.execute("DELETE FROM cost_rollup_batch WHERE id = ?1", [batch_id])?;
    conn.execute("DELETE FROM cost_rollup WHERE batch_id = ?1", [batch_id])?;
    conn.execute("DELETE FROM billing_line WHERE batch_id = ?1", [batch_id])?;
    undo_usage_rows(conn, batch_id)?;
    conn.execute("DELETE FROM import_batch WHERE id = ?1", [batch_id])?;
    record_change(
        conn,
        "import_batch",
        batch_id,
        "undo",
        Some(&batch),
        None,
        now,
    )?;
    Ok(batch)
}

/// Undoes a batch's usage rows: removes them, restores the rows they replaced, and forgets
/// values it had replaced in later imports (they came from this batch, which is going).
fn undo_usage_rows(conn: &Connection, batch_id: i64) -> Result<()> {
    conn.execute("DELETE FROM usage WHERE batch_id = ?1", [batch_id])?;
    conn.execute(
        "INSERT INTO usage (model_id, month, inferences, training_runs, batch_id, created_at, updated_at)
         SELECT r.model_id, r.month, r.inferences, r.training_runs, r.previous_batch_id, r.created_at, r.created_at
         FROM usage_replaced r
         WHERE r.batch_id = ?1
           AND NOT EXISTS (SELECT 1 FROM usage u WHERE u.model_id = r.model_id AND u.month = r.month)",
        [batch_id],
    )?;
    conn.execute(
        "DELETE FROM usage_replaced WHERE batch_id = ?1 OR previous_batch_id = ?1",
        [batch_id],
    )?;
    Ok(())
}
