//! The stored rules' allocation of imported spend, kept in the file. Allocating a year of
//! billing means tens of thousands of pre-aggregated groups; every FinOps figure needs the same
//! result, so it is computed once and read back as a few hundred rows.
//!
//! Only a cache, never a source of truth: it covers the batches with a complete rollup, under
//! a fingerprint of everything the allocation depends on (the rules, the models' cost tags and
//! owners, and which imports are rolled up; a rollup deleted drops it, by trigger). A different
//! fingerprint recomputes it. Lines of batches without a rollup are allocated live (the
//! organisation's `unit_cost::spend` first rolls up those that never had one); a read-only
//! connection keeps nothing, and a failed write only loses the cache.

use rusqlite::{params, Connection, OptionalExtension, MAIN_DB};
use sha2::{Digest, Sha256};

use crate::finops::allocation::{self, AllocatedSpend, Allocation, Allocator};
use crate::finops::rollup::{spend_groups_of, Part};
use crate::values::amount::Amount;
use crate::Result;

/// Every import's spend allocated by the stored rules (`allocator` must be
/// `Allocator::stored`), summed as `allocation::allocated_spend(conn, allocator, None)` is.
pub fn stored_allocation(conn: &Connection, allocator: &Allocator) -> Result<Vec<AllocatedSpend>> {
    let writable = !conn.is_readonly(MAIN_DB)?;
    let fingerprint = fingerprint(conn)?;
    let rolled = match read(conn, &fingerprint)? {
        Some(rows) => rows,
        None => {
            let rows =
                allocation::allocate_groups(allocator, &spend_groups_of(conn, None, Part::Rolled)?);
            if writable {
                // A cache that cannot be written (a full disk, a busy file) is simply not kept.
                let _ = write(conn, &fingerprint, &rows);
            }
            rows
        }
    };
    let unrolled = spend_groups_of(conn, None, Part::Unrolled)?;
    if unrolled.is_empty() {
        return Ok(rolled);
    }
    let mut all = rolled;
    all.extend(allocation::allocate_groups(allocator, &unrolled));
    Ok(allocation::merge(&all))
}

/// SHA-256 of the rules, the models' cost tags and owners, and the rolled-up batches (with
/// their content hash and time, since an undone import's id can be given to the next one).
fn fingerprint(conn: &Connection) -> Result<String> {
    let mut hash = Sha256::new();
    for sql in [
        "SELECT id, priority, match_on, tag_key, pattern, model_id, team_id, category
         FROM allocation_rule ORDER BY id",
        "SELECT id, cost_tag, owner_team_id FROM model ORDER BY id",
        "SELECT b.id, b.sha256, b.imported_at FROM import_batch b
         JOIN cost_rollup_batch r ON r.id = b.id ORDER BY b.id",
    ] {
        let mut stmt = conn.prepare(sql)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..columns {
                let value: rusqlite::types::Value = row.get(i)?;
                hash.update(format!("{value:?}\u{1f}").as_bytes());
            }
            hash.update(b"\x1e");
        }
        hash.update(b"\x1d");
    }
    Ok(format!("{:x}", hash.finalize()))
}

/// The kept rows, when they were computed under `fingerprint`.
fn read(conn: &Connection, fingerprint: &str) -> Result<Option<Vec<AllocatedSpend>>> {
    let kept: Option<String> = conn
        .query_row(
            "SELECT fingerprint FROM allocated_spend_key WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if kept.as_deref() != Some(fingerprint) {
        return Ok(None);
    }
    let mut stmt = conn.prepare(
        "SELECT month, currency, rule_id, model_id, team_id, category, provider_name,
                service_name, billed_cost, effective_cost, line_count
         FROM allocated_spend_cache ORDER BY rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(AllocatedSpend {
            month: r.get(0)?,
            currency: r.get(1)?,
            allocation: Allocation {
                rule_id: r.get(2)?,
                model_id: r.get(3)?,
                team_id: r.get(4)?,
                category: r.get(5)?,
            },
            provider_name: r.get(6)?,
            service_name: r.get(7)?,
            billed_cost: r.get::<_, Amount>(8)?.0,
            effective_cost: r.get::<_, Amount>(9)?.0,
            lines: r.get(10)?,
        })
    })?;
    Ok(Some(rows.collect::<rusqlite::Result<_>>()?))
}

/// Replaces the kept rows, all or nothing (a savepoint, so it also works inside a step).
fn write(conn: &Connection, fingerprint: &str, rows: &[AllocatedSpend]) -> Result<()> {
    conn.execute_batch("SAVEPOINT allocated_spend_cache")?;
    let written = (|| -> Result<()> {
        conn.execute("DELETE FROM allocated_spend_cache", [])?;
        let mut insert = conn.prepare(
            "INSERT INTO allocated_spend_cache (month, currency, rule_id, model_id, team_id,
                 category, provider_name, service_name, billed_cost, effective_cost, line_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for row in rows {
            insert.execute(params![
                row.month,
                row.currency,
                row.allocation.rule_id,
                row.allocation.model_id,
                row.allocation.team_id,
                row.allocation.category,
                row.provider_name,
                row.service_name,
                Amount(row.billed_cost),
                Amount(row.effective_cost),
                row.lines,
            ])?;
        }
        conn.execute(
            "INSERT INTO allocated_spend_key (id, fingerprint) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint",
            [fingerprint],
        )?;
        Ok(())
    })();
    if written.is_err() {
        let _ = conn.execute_batch("ROLLBACK TO allocated_spend_cache");
    }
    conn.execute_batch("RELEASE allocated_spend_cache")?;
    written
}
