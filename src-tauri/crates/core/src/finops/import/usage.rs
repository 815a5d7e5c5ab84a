//! Usage import: a CSV of `model,month,inferences,training_runs`, the denominators of unit
//! costs. Same rules as the billing import: headers by name, located errors, one transaction.
//!
//! A row for a model and month that already has usage replaces it; the replaced values are
//! kept so undoing the import brings them back.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::finops::import::reader::{Cells, ImportWarning, OnProgress, Records};
use crate::finops::import::{self, ImportOptions};
use crate::finops::BatchKind;
use crate::store::entity::{timestamp_text, Timestamp};
use crate::values::month::is_month;
use crate::{Result, Store};

/// What one usage file gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsageImport {
    pub batch: crate::finops::ImportBatch,
    pub replaced: Vec<i64>,
    pub warnings: Vec<ImportWarning>,
    /// Existing usage rows (model and month) this import overwrote.
    pub overwritten: i64,
}

/// Imports one usage file in its own transaction.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    options: ImportOptions,
    now: Timestamp,
    on_progress: Option<OnProgress<'_>>,
) -> Result<UsageImport> {
    store.with_tx(|tx| import_in(tx, path, options, now, on_progress))
}

/// Imports one usage file inside the caller's transaction.
pub fn import_in(
    conn: &Connection,
    path: &Path,
    options: ImportOptions,
    now: Timestamp,
    on_progress: Option<OnProgress<'_>>,
) -> Result<UsageImport> {
    let streamed = import::stream(
        conn,
        path,
        BatchKind::Usage,
        options,
        now,
        on_progress,
        |input, batch_id, _| {
            Ok(Rows {
                conn,
                batch_id,
                stamp: timestamp_text(now),
                model_at: input.required_column(&["model"])?,
                month_at: input.required_column(&["month"])?,
                inferences_at: input.required_column(&["inferences"])?,
                runs_at: input.required_column(&["training_runs"])?,
                models: Models::load(conn)?,
                seen: HashSet::new(),
                overwritten: 0,
            })
        },
    )?;
    Ok(UsageImport {
        batch: streamed.batch,
        replaced: streamed.replaced,
        warnings: streamed.warnings,
        overwritten: streamed.records.overwritten,
    })
}

/// Where the records of a usage file go.
struct Rows<'c> {
    conn: &'c Connection,
    batch_id: i64,
    stamp: String,
    model_at: usize,
    month_at: usize,
    inferences_at: usize,
    runs_at: usize,
    models: Models,
    seen: HashSet<(i64, String)>,
    overwritten: i64,
}

impl Records for Rows<'_> {
    fn record(&mut self, cells: &mut Cells<'_>) -> Result<()> {
        let model_text = cells.required(self.model_at)?;
        let model_id = self.models.resolve(cells, self.model_at, model_text)?;
        let month = cells.required(self.month_at)?;
        if !is_month(month) {
            return Err(cells.error(self.month_at, month, "not a month; write it like 2026-09"));
        }
        let inferences = count(cells, self.inferences_at)?;
        let training_runs = count(cells, self.runs_at)?;
        if !self.seen.insert((model_id, month.to_string())) {
            return Err(cells.error(
                self.model_at,
                model_text,
                &format!("a second row for this model and {month}"),
            ));
        }
        if replace_existing(self.conn, self.batch_id, model_id, month, &self.stamp)? {
            self.overwritten += 1;
        }
        self.conn.execute(
            "INSERT INTO usage (model_id, month, inferences, training_runs, batch_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![model_id, month, inferences, training_runs, self.batch_id, self.stamp],
        )?;
        Ok(())
    }
}

/// A whole, non-negative count.
fn count(cells: &mut Cells<'_>, index: usize) -> Result<i64> {
    let text = cells.required(index)?;
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(cells.error(
            index,
            text,
            "not a whole number of zero or more (no separators)",
        ));
    }
    text.parse::<i64>()
        .map_err(|_| cells.error(index, text, "too large"))
}

/// Models by name, and by cost tag as a fallback (billing tags often use the tag, not the name).
struct Models {
    by_name: HashMap<String, i64>,
    by_tag: HashMap<String, i64>,
}

const BY_TAG: &str = "model named by its cost tag, not its name";

impl Models {
    fn load(conn: &Connection) -> Result<Models> {
        let mut stmt = conn.prepare("SELECT id, name, cost_tag FROM model")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let (mut by_name, mut by_tag) = (HashMap::new(), HashMap::new());
        for row in rows {
            let (id, name, tag) = row?;
            by_name.insert(name.trim().to_lowercase(), id);
            if !tag.trim().is_empty() {
                by_tag.insert(tag.trim().to_lowercase(), id);
            }
        }
        Ok(Models { by_name, by_tag })
    }

    fn resolve(&self, cells: &mut Cells<'_>, index: usize, text: &str) -> Result<i64> {
        let key = text.to_lowercase();
        if let Some(id) = self.by_name.get(&key) {
            return Ok(*id);
        }
        if let Some(id) = self.by_tag.get(&key) {
            cells.warn(index, BY_TAG, text);
            return Ok(*id);
        }
        Err(cells.error(index, text, "no model has this name or cost tag"))
    }
}

/// Moves an existing row for (model, month) aside so an undo can restore it; `true` if one existed.
fn replace_existing(
    conn: &Connection,
    batch_id: i64,
    model_id: i64,
    month: &str,
    stamp: &str,
) -> Result<bool> {
    let existing: Option<(i64, i64, i64, Option<i64>)> = conn
        .query_row(
            "SELECT id, inferences, training_runs, batch_id FROM usage WHERE model_id = ?1 AND month = ?2",
            params![model_id, month],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((id, inferences, training_runs, previous_batch)) = existing else {
        return Ok(false);
    };
    conn.execute(
        "INSERT INTO usage_replaced (batch_id, previous_batch_id, model_id, month, inferences, training_runs, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![batch_id, previous_batch, model_id, month, inferences, training_runs, stamp],
    )?;
    conn.execute("DELETE FROM usage WHERE id = ?1", [id])?;
    Ok(true)
}
