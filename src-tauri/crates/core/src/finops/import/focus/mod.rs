//! FOCUS billing import: streams a FOCUS 1.0–1.3 CSV (plain or gzipped) or Parquet file into cost lines,
//! one transaction per file, exact decimals, every interpreted value counted as a warning.
//!
//! Real exports bend the spec (bare `NULL`, `2024-09-18 22:00:00` timestamps, values spelled
//! two ways, extra columns), so the reader accepts what it can read unambiguously, says what it
//! interpreted, and refuses anything else with the file, line, column, value and reason.
//!
//! This module holds the entry points and where a read line goes (the insert, the rollup, the
//! month totals); `columns` finds the header's columns, `line` reads one record through the
//! cell readers in `cells` and `instant`. Arrows point one way: this module → `line` →
//! `columns`/`cells`/`instant`, and none of them back here.

pub mod cells;
mod columns;
mod instant;
mod line;

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;

use crate::finops::allocation::{cache, Allocator};
use crate::finops::import::focus::cells::{Number, TagsSeen};
use crate::finops::import::focus::columns::{note_ignored_columns, Columns};
use crate::finops::import::focus::line::{read_line, Line};
use crate::finops::import::reader::{Cells, ImportWarning, OnProgress, Records};
use crate::finops::import::{self, ImportOptions};
use crate::finops::lines::{self, Dictionary, Stored};
use crate::finops::rollup::{self, RollupWriter};
use crate::finops::{BatchKind, ImportBatch};
use crate::store::entity::Timestamp;
use crate::values::amount::Amount;
use crate::{Result, Store};

/// What one imported file gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FocusImport {
    pub batch: ImportBatch,
    /// The FOCUS version the header's columns point to (`1.0` … `1.3`).
    pub focus_version: &'static str,
    /// Earlier imports of the same bytes that were undone (`replace`).
    pub replaced: Vec<i64>,
    pub warnings: Vec<ImportWarning>,
    /// Sums per billing month and currency, as read from the file.
    pub totals: Vec<MonthTotal>,
}

/// Exact sums of one billing month in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthTotal {
    /// `YYYY-MM` of BillingPeriodStart.
    pub month: String,
    pub currency: String,
    pub lines: i64,
    pub billed_cost: Amount,
    pub effective_cost: Amount,
}

/// Imports one file in its own transaction: all of it, or (on any error) nothing.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    options: ImportOptions,
    now: Timestamp,
    on_progress: Option<OnProgress<'_>>,
) -> Result<FocusImport> {
    store.with_bulk_tx(|tx| import_in(tx, path, options, now, on_progress))
}

/// Imports one file inside the caller's transaction.
pub fn import_in(
    conn: &Connection,
    path: &Path,
    options: ImportOptions,
    now: Timestamp,
    on_progress: Option<OnProgress<'_>>,
) -> Result<FocusImport> {
    let imported = rollup::without_insert_trigger(conn, || {
        import_lines(conn, path, options, now, on_progress)
    })?;
    // Allocate the new spend now, in the import's transaction: the FinOps pages, and programs
    // that only read the file, then find it ready.
    cache::stored_allocation(conn, &Allocator::stored(conn)?)?;
    Ok(imported)
}

/// Streams the file into cost lines and their rollup.
fn import_lines(
    conn: &Connection,
    path: &Path,
    options: ImportOptions,
    now: Timestamp,
    on_progress: Option<OnProgress<'_>>,
) -> Result<FocusImport> {
    let streamed = import::stream(
        conn,
        path,
        BatchKind::Focus,
        options,
        now,
        on_progress,
        |input, batch_id, warnings| {
            let columns = Columns::find(input)?;
            note_ignored_columns(input, &columns, warnings);
            Ok(Lines {
                conn,
                insert: conn.prepare(INSERT_LINE)?,
                batch_id,
                dictionary: Dictionary::default(),
                rollup: RollupWriter::new(batch_id, now),
                totals: Vec::new(),
                seen_tags: TagsSeen::default(),
                columns,
            })
        },
    )?;
    let Lines {
        rollup,
        mut totals,
        columns,
        ..
    } = streamed.records;
    rollup.finish(conn)?;
    totals.sort_by(|a, b| (&a.month, &a.currency).cmp(&(&b.month, &b.currency)));
    Ok(FocusImport {
        batch: streamed.batch,
        focus_version: columns.version,
        replaced: streamed.replaced,
        warnings: streamed.warnings,
        totals,
    })
}

/// Where the records of a FOCUS file go: cost lines, the rollup, the per-month totals.
struct Lines<'c> {
    conn: &'c Connection,
    insert: rusqlite::Statement<'c>,
    batch_id: i64,
    dictionary: Dictionary,
    rollup: RollupWriter,
    totals: Vec<MonthTotal>,
    seen_tags: TagsSeen,
    columns: Columns,
}

impl Records for Lines<'_> {
    fn record(&mut self, cells: &mut Cells<'_>) -> Result<()> {
        let line = read_line(cells, &self.columns, &mut self.seen_tags)?;
        bind_line(
            self.conn,
            &mut self.insert,
            &mut self.dictionary,
            &line,
            self.batch_id,
        )?;
        self.insert.raw_execute()?;
        let month = &line.billing_period_start.as_str()[..7];
        let key = [
            month,
            line.currency.as_str(),
            line.provider,
            line.service_name,
            line.service_category,
            line.sub_account_id,
            line.resource_id,
            &line.tags,
        ];
        self.rollup
            .add(self.conn, key, line.billed.value, line.effective.value)?;
        add_total(&mut self.totals, month, line.currency.as_str(), &line);
        Ok(())
    }
}

const INSERT_LINE: &str = "INSERT INTO billing_line (batch_id, billed, effective, list, currency, charge_start,
    charge_end, billing_start, charge_category, provider, service, service_category, sub_account, resource,
    resource_name, region, sku, quantity, unit, tags)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";

/// Binds one line in its lean form (`finops::lines`); created and updated times are the batch's.
fn bind_line(
    conn: &Connection,
    insert: &mut rusqlite::Statement<'_>,
    dictionary: &mut Dictionary,
    line: &Line<'_>,
    batch_id: i64,
) -> Result<()> {
    insert.raw_bind_parameter(1, batch_id)?;
    insert.raw_bind_parameter(2, amount(&line.billed))?;
    insert.raw_bind_parameter(3, amount(&line.effective))?;
    insert.raw_bind_parameter(4, amount(&line.list))?;
    insert.raw_bind_parameter(6, line.charge_start.stored())?;
    insert.raw_bind_parameter(7, line.charge_end.stored())?;
    insert.raw_bind_parameter(8, line.billing_period_start.stored())?;
    insert.raw_bind_parameter(18, line.consumed_quantity.as_ref().map(amount))?;
    let texts = [
        (5, line.currency.as_str()),
        (9, line.charge_category),
        (10, line.provider),
        (11, line.service_name),
        (12, line.service_category),
        (13, line.sub_account_id),
        (14, line.resource_id),
        (15, line.resource_name),
        (16, line.region_id),
        (17, line.sku_id),
        (19, line.consumed_unit),
        (20, line.tags.as_ref()),
    ];
    for (at, text) in texts {
        insert.raw_bind_parameter(at, dictionary.id(conn, text)?)?;
    }
    Ok(())
}

fn amount<'n>(number: &'n Number<'_>) -> Stored<'n> {
    lines::amount(&number.text)
}

fn add_total(totals: &mut Vec<MonthTotal>, month: &str, currency: &str, line: &Line<'_>) {
    let at = match totals
        .iter()
        .position(|t| t.month == month && t.currency == currency)
    {
        Some(at) => at,
        None => {
            totals.push(MonthTotal {
                month: month.to_string(),
                currency: currency.to_string(),
                lines: 0,
                billed_cost: Amount::ZERO,
                effective_cost: Amount::ZERO,
            });
            totals.len() - 1
        }
    };
    let total = &mut totals[at];
    total.lines += 1;
    total.billed_cost.0 += line.billed.value;
    total.effective_cost.0 += line.effective.value;
}

#[cfg(test)]
mod tests;
