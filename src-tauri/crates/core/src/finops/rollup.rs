//! Spend pre-aggregated per import by billing month and the columns allocation rules look at,
//! so reports over a million cost lines read a few thousand exact sums instead of every line.
//!
//! Imports write the sums as they stream (`RollupWriter`); lines of batches without a complete
//! rollup (demo rows, lines edited since) are summed from `cost_line` when read, so a report
//! never disagrees with the lines themselves.

use rustc_hash::FxHashMap;

use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;

use crate::store::entity::{timestamp_text, Timestamp};
use crate::values::amount::Amount;
use crate::Result;

/// Distinct keys held in memory before partial sums are written out (bounds memory).
const FLUSH_AT: usize = 20_000;

/// The columns a spend group is keyed by, in table order.
const KEY_COLUMNS: &str = "billing_currency, provider_name, service_name, service_category, sub_account_id, resource_id, tags";

/// Spend of one billing month sharing every column an allocation rule can look at.
#[derive(Debug, Clone, PartialEq)]
pub struct SpendGroup {
    /// `YYYY-MM` of BillingPeriodStart.
    pub month: String,
    pub currency: String,
    pub provider_name: String,
    pub service_name: String,
    pub service_category: String,
    pub sub_account_id: String,
    pub resource_id: String,
    /// The Tags JSON object as text.
    pub tags: String,
    pub billed_cost: Decimal,
    pub effective_cost: Decimal,
    pub lines: i64,
}

/// The trigger that stales a batch's rollup when a line is added to that batch.
const INSERT_TRIGGER: &str = "billing_line_insert_stales_rollup";

/// Runs `work` (an import that writes its own rollup) with the insert trigger set aside. The
/// trigger cannot fire for a batch still being written, yet checking it on every line cost a
/// fifth of an import's time. It is recreated from its own stored SQL before this returns, in
/// the same transaction, so a rollback restores it too; a failure of the work is reported
/// before any failure to recreate it.
pub fn without_insert_trigger<T>(conn: &Connection, work: impl FnOnce() -> Result<T>) -> Result<T> {
    let sql: Option<String> = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [INSERT_TRIGGER],
            |r| r.get(0),
        )
        .optional()?;
    let Some(sql) = sql else { return work() };
    conn.execute_batch(&format!("DROP TRIGGER {INSERT_TRIGGER}"))?;
    let value = work();
    // When the work failed (a full disk), SQLite may have rolled the transaction back and
    // with it the drop, so recreating fails too: the work's own error is the one to report.
    let restored = conn.execute_batch(&sql);
    let value = value?;
    restored?;
    Ok(value)
}

/// The key of a group: month then the `KEY_COLUMNS` values.
pub type GroupKey<'a> = [&'a str; 8];

#[derive(Debug)]
struct Partial {
    key: Vec<String>,
    billed: Decimal,
    effective: Decimal,
    lines: i64,
}

/// Sums lines per group while an import streams, writing partial sums out when many keys
/// accumulate so memory stays bounded whatever the file's size.
#[derive(Debug)]
pub struct RollupWriter {
    batch_id: i64,
    stamp: String,
    groups: FxHashMap<String, Partial>,
    joined: String,
}

impl RollupWriter {
    pub fn new(batch_id: i64, now: Timestamp) -> RollupWriter {
        RollupWriter {
            batch_id,
            stamp: timestamp_text(now),
            groups: FxHashMap::default(),
            joined: String::new(),
        }
    }

    /// Adds one line's costs to its group.
    pub fn add(
        &mut self,
        conn: &Connection,
        key: GroupKey<'_>,
        billed: Decimal,
        effective: Decimal,
    ) -> Result<()> {
        self.joined.clear();
        for part in key {
            self.joined.push_str(part);
            self.joined.push('\u{1f}');
        }
        if let Some(partial) = self.groups.get_mut(self.joined.as_str()) {
            partial.billed += billed;
            partial.effective += effective;
            partial.lines += 1;
            return Ok(());
        }
        if self.groups.len() >= FLUSH_AT {
            self.flush(conn)?;
        }
        let partial = Partial {
            key: key.iter().map(|s| s.to_string()).collect(),
            billed,
            effective,
            lines: 1,
        };
        self.groups.insert(self.joined.clone(), partial);
        Ok(())
    }

    fn flush(&mut self, conn: &Connection) -> Result<()> {
        let mut insert = conn.prepare_cached(&format!(
            "INSERT INTO cost_rollup (batch_id, month, {KEY_COLUMNS}, billed_cost, effective_cost, line_count, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)"
        ))?;
        for (_, p) in self.groups.drain() {
            let k = &p.key;
            insert.execute(params![
                self.batch_id,
                k[0],
                k[1],
                k[2],
                k[3],
                k[4],
                k[5],
                k[6],
                k[7],
                Amount(p.billed),
                Amount(p.effective),
                p.lines,
                self.stamp
            ])?;
        }
        Ok(())
    }

    /// Writes the remaining sums and marks the batch's rollup complete.
    pub fn finish(mut self, conn: &Connection) -> Result<()> {
        self.flush(conn)?;
        conn.execute(
            "INSERT INTO cost_rollup_batch (id, created_at, updated_at) VALUES (?1, ?2, ?2)",
            params![self.batch_id, self.stamp],
        )?;
        Ok(())
    }
}

/// Which imports' spend to read: the pre-aggregated sums of complete rollups, the lines of
/// batches without one, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    All,
    Rolled,
    Unrolled,
}

/// Sums the lines of every batch that never had a rollup (the demo's, lines typed in) into
/// one, so their spend is read pre-aggregated from then on. A batch whose rollup went stale
/// when a line was edited is left to be summed live: an undo of that edit brings its rollup
/// back, which a new one would collide with. All or nothing, inside a savepoint.
pub fn roll_up_unrolled(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT id FROM import_batch b WHERE kind <> 'usage'
           AND NOT EXISTS (SELECT 1 FROM cost_rollup_batch r WHERE r.id = b.id)
           AND NOT EXISTS (SELECT 1 FROM cost_rollup r WHERE r.batch_id = b.id)",
    )?;
    let batches = stmt
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if batches.is_empty() {
        return Ok(());
    }
    conn.execute_batch("SAVEPOINT roll_up")?;
    let rolled = batches.iter().try_for_each(|batch| roll_up(conn, *batch));
    if rolled.is_err() {
        let _ = conn.execute_batch("ROLLBACK TO roll_up");
    }
    conn.execute_batch("RELEASE roll_up")?;
    rolled
}

/// Writes one batch's rollup from its lines, stamped with the batch's import time.
fn roll_up(conn: &Connection, batch_id: i64) -> Result<()> {
    let batch: crate::finops::ImportBatch = crate::store::entity::get(conn, batch_id)?;
    let mut writer = RollupWriter::new(batch_id, batch.imported_at);
    let mut stmt = conn.prepare(&format!(
        "SELECT substr(billing_period_start, 1, 7), {KEY_COLUMNS}, billed_cost, effective_cost
         FROM cost_line WHERE batch_id = ?1"
    ))?;
    let mut rows = stmt.query([batch_id])?;
    while let Some(row) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<&str> {
            Ok(row.get_ref(i)?.as_str_or_null()?.unwrap_or_default())
        };
        let key = [
            text(0)?,
            text(1)?,
            text(2)?,
            text(3)?,
            text(4)?,
            text(5)?,
            text(6)?,
            text(7)?,
        ];
        let billed = row.get::<_, Amount>(8)?.0;
        let effective = row.get::<_, Amount>(9)?.0;
        writer.add(conn, key, billed, effective)?;
    }
    writer.finish(conn)
}

/// Every spend group, optionally of one month, merged across imports.
pub fn spend_groups(conn: &Connection, month: Option<&str>) -> Result<Vec<SpendGroup>> {
    spend_groups_of(conn, month, Part::All)
}

/// The spend groups of `part` of the imports, optionally of one month, merged across imports.
pub fn spend_groups_of(
    conn: &Connection,
    month: Option<&str>,
    part: Part,
) -> Result<Vec<SpendGroup>> {
    let mut merged: FxHashMap<String, SpendGroup> = FxHashMap::default();
    if part != Part::Unrolled {
        let month_filter = if month.is_some() {
            "AND month = ?1"
        } else {
            "AND ?1 IS NULL"
        };
        let rolled = format!(
            "SELECT month, {KEY_COLUMNS}, billed_cost, effective_cost, line_count FROM cost_rollup r
             WHERE EXISTS (SELECT 1 FROM cost_rollup_batch b WHERE b.id = r.batch_id) {month_filter}"
        );
        collect(conn, &rolled, params![month], &mut merged)?;
    }
    if part != Part::Rolled {
        let mut unrolled = conn.prepare(
            "SELECT id FROM import_batch WHERE id NOT IN (SELECT id FROM cost_rollup_batch)",
        )?;
        let batches = unrolled
            .query_map([], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let line_filter = if month.is_some() {
            "AND substr(billing_period_start, 1, 7) = ?2"
        } else {
            "AND ?2 IS NULL"
        };
        let lines = format!(
            "SELECT substr(billing_period_start, 1, 7), {KEY_COLUMNS}, billed_cost, effective_cost, 1
             FROM cost_line WHERE batch_id = ?1 {line_filter}"
        );
        for batch in batches {
            collect(conn, &lines, params![batch, month], &mut merged)?;
        }
    }
    let mut groups: Vec<SpendGroup> = merged.into_values().collect();
    let key = |g: &SpendGroup| {
        [
            &g.month,
            &g.currency,
            &g.provider_name,
            &g.service_name,
            &g.service_category,
            &g.sub_account_id,
            &g.resource_id,
            &g.tags,
        ]
        .map(String::clone)
    };
    groups.sort_by_cached_key(key);
    Ok(groups)
}

fn collect(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    merged: &mut FxHashMap<String, SpendGroup>,
) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query(params)?;
    let mut joined = String::new();
    while let Some(row) = rows.next()? {
        joined.clear();
        for i in 0..8 {
            joined.push_str(row.get_ref(i)?.as_str().unwrap_or_default());
            joined.push('\u{1f}');
        }
        let billed = row.get::<_, Amount>(8)?.0;
        let effective = row.get::<_, Amount>(9)?.0;
        let lines: i64 = row.get(10)?;
        if let Some(group) = merged.get_mut(joined.as_str()) {
            group.billed_cost += billed;
            group.effective_cost += effective;
            group.lines += lines;
            continue;
        }
        let text = |i: usize| -> rusqlite::Result<String> { row.get(i) };
        let group = SpendGroup {
            month: text(0)?,
            currency: text(1)?,
            provider_name: text(2)?,
            service_name: text(3)?,
            service_category: text(4)?,
            sub_account_id: text(5)?,
            resource_id: text(6)?,
            tags: text(7)?,
            billed_cost: billed,
            effective_cost: effective,
            lines,
        };
        merged.insert(joined.clone(), group);
    }
    Ok(())
}
