//! Undo and redo. A step's captured rows are applied backwards (their before images) or
//! forwards (their after images) in one transaction, with foreign keys checked at commit, so
//! ids, ranks and references come back exactly. Both are audited in `change` as 'undo' and
//! 'redo' rows linked to the step. An import step is undone by removing its batch's bulk lines
//! first; it is never redone (its lines are gone: the file is imported again instead).

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

use super::{Stacks, Step};
use crate::store::capture;
use crate::store::entity::{timestamp_text, Timestamp};
use crate::{Error, Result, Store};

/// A step as stored, with what applying it needs.
struct Stored {
    step: Step,
    bulk: bool,
    batch_id: Option<i64>,
}

/// One captured row.
struct Image {
    table: String,
    row_id: i64,
    before: Option<String>,
    after: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Undo,
    Redo,
}

const STEP_SQL: &str = "SELECT id, label, at, refusal, bulk, batch_id,
        (SELECT count(*) FROM undo_row WHERE step_id = s.id)
    FROM undo_step s";

fn stored(conn: &Connection, condition: &str) -> Result<Option<Stored>> {
    let sql = format!("{STEP_SQL} WHERE {condition} LIMIT 1");
    Ok(conn
        .query_row(&sql, [], |r| {
            Ok(Stored {
                step: Step {
                    id: r.get(0)?,
                    label: r.get(1)?,
                    at: r.get(2)?,
                    refusal: r.get(3)?,
                    rows: r.get(6)?,
                },
                bulk: r.get::<_, i64>(4)? == 1,
                batch_id: r.get(5)?,
            })
        })
        .optional()?)
}

fn next_undo(conn: &Connection) -> Result<Option<Stored>> {
    stored(conn, "state = 'done' ORDER BY id DESC")
}

fn next_redo(conn: &Connection) -> Result<Option<Stored>> {
    stored(conn, "state = 'undone' ORDER BY id ASC")
}

/// What Undo and Redo would do now.
pub fn stacks(conn: &Connection) -> Result<Stacks> {
    Ok(Stacks {
        undo: next_undo(conn)?.map(|s| s.step),
        redo: next_redo(conn)?.map(|s| s.step),
    })
}

/// Undoes the last step still done; `None` when there is nothing to undo. A step that cannot
/// be undone is refused with its reason and stays where it is.
pub fn undo(store: &mut Store, now: Timestamp) -> Result<Option<Step>> {
    store.with_untracked_tx(|tx| {
        let Some(stored) = next_undo(tx)? else {
            return Ok(None);
        };
        if let Some(reason) = &stored.step.refusal {
            return Err(Error::Conflict(format!(
                "“{}” cannot be undone: {reason}",
                stored.step.label
            )));
        }
        apply(tx, &stored, Direction::Undo, now)?;
        tx.execute(
            "UPDATE undo_step SET state = 'undone' WHERE id = ?1",
            [stored.step.id],
        )?;
        Ok(Some(stored.step))
    })
}

/// Redoes the step undone last; `None` when there is nothing to redo.
pub fn redo(store: &mut Store, now: Timestamp) -> Result<Option<Step>> {
    store.with_untracked_tx(|tx| {
        let Some(stored) = next_redo(tx)? else {
            return Ok(None);
        };
        if stored.bulk {
            return Err(Error::Conflict(format!(
                "“{}” cannot be redone: an undone import comes back by importing its file again",
                stored.step.label
            )));
        }
        apply(tx, &stored, Direction::Redo, now)?;
        tx.execute(
            "UPDATE undo_step SET state = 'done' WHERE id = ?1",
            [stored.step.id],
        )?;
        Ok(Some(stored.step))
    })
}

fn apply(conn: &Connection, stored: &Stored, direction: Direction, now: Timestamp) -> Result<()> {
    // References are checked at commit: rows come back in the reverse of the order they went.
    conn.pragma_update(None, "defer_foreign_keys", true)?;
    let order = match direction {
        Direction::Undo => "DESC",
        Direction::Redo => "ASC",
    };
    let images: Vec<Image> = {
        let mut stmt = conn.prepare(&format!(
            "SELECT table_name, row_id, before, after FROM undo_row WHERE step_id = ?1 ORDER BY id {order}"
        ))?;
        let rows = stmt.query_map([stored.step.id], |r| {
            Ok(Image {
                table: r.get(0)?,
                row_id: r.get(1)?,
                before: r.get(2)?,
                after: r.get(3)?,
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let tables: BTreeSet<&str> = images.iter().map(|i| i.table.as_str()).collect();
    let suspended = suspend_triggers(conn, &tables)?;
    let outcome = replay(conn, stored, &images, direction, now);
    // Put the guards back even when the replay failed (the transaction rolls back anyway).
    let restored = restore_triggers(conn, &suspended);
    outcome?;
    restored
}

fn replay(
    conn: &Connection,
    stored: &Stored,
    images: &[Image],
    direction: Direction,
    now: Timestamp,
) -> Result<()> {
    if let (Direction::Undo, true, Some(batch)) = (direction, stored.bulk, stored.batch_id) {
        // The mark first, so deleting lines does not fire the rollup trigger per line.
        conn.execute("DELETE FROM cost_rollup_batch WHERE id = ?1", [batch])?;
        conn.execute("DELETE FROM cost_rollup WHERE batch_id = ?1", [batch])?;
        conn.execute("DELETE FROM billing_line WHERE batch_id = ?1", [batch])?;
    }
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    let (action, stamp) = match direction {
        Direction::Undo => ("undo", timestamp_text(now)),
        Direction::Redo => ("redo", timestamp_text(now)),
    };
    for image in images {
        let key = match keys.get(&image.table) {
            Some(key) => key.clone(),
            None => {
                let (key, _) = capture::columns(conn, &image.table)?;
                let key = key.ok_or_else(|| {
                    Error::Conflict(format!("table {} has no single key", image.table))
                })?;
                keys.insert(image.table.clone(), key.clone());
                key
            }
        };
        let (from, to) = match direction {
            Direction::Undo => (&image.after, &image.before),
            Direction::Redo => (&image.before, &image.after),
        };
        match (from, to) {
            (_, Some(row)) if from.is_none() => insert(conn, &image.table, row)?,
            (Some(_), None) => {
                conn.execute(
                    &format!("DELETE FROM \"{}\" WHERE \"{key}\" = ?1", image.table),
                    [image.row_id],
                )?;
            }
            (Some(_), Some(row)) => update(conn, &image.table, &key, image.row_id, row)?,
            (None, _) => continue,
        }
        conn.execute(
            "INSERT INTO change (entity, entity_id, action, before, after, at, step_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?6)",
            rusqlite::params![image.table, image.row_id, action, from, to, stamp, stored.step.id],
        )?;
    }
    Ok(())
}

/// The column names of a row image, in the image's order.
fn fields(row: &str) -> Result<Vec<String>> {
    let value: Map<String, Value> = serde_json::from_str(row)
        .map_err(|e| Error::Conflict(format!("unreadable undo image: {e}")))?;
    Ok(value.keys().cloned().collect())
}

/// Puts a whole row back, with its id, from its image (values read by SQLite's own JSON,
/// so integers, reals and text come back as they were stored).
fn insert(conn: &Connection, table: &str, row: &str) -> Result<()> {
    let fields = fields(row)?;
    let names = fields
        .iter()
        .map(|f| format!("\"{f}\""))
        .collect::<Vec<_>>();
    let values = fields
        .iter()
        .map(|f| format!("?1 ->> '$.{f}'"))
        .collect::<Vec<_>>();
    let sql = format!(
        "INSERT INTO \"{table}\" ({}) VALUES ({})",
        names.join(", "),
        values.join(", ")
    );
    conn.execute(&sql, [row])?;
    Ok(())
}

/// Sets every column of a stored row to its image.
fn update(conn: &Connection, table: &str, key: &str, id: i64, row: &str) -> Result<()> {
    let fields = fields(row)?;
    let assignments = fields
        .iter()
        .filter(|f| f.as_str() != key)
        .map(|f| format!("\"{f}\" = ?1 ->> '$.{f}'"))
        .collect::<Vec<_>>();
    if assignments.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "UPDATE \"{table}\" SET {} WHERE \"{key}\" = ?2",
        assignments.join(", ")
    );
    conn.execute(&sql, rusqlite::params![row, id])?;
    Ok(())
}

/// Drops the file's own triggers on `tables` for the replay: every row they would write or
/// refuse was captured with the step, so replaying the rows alone is exact (a guard such as
/// "snapshot items are immutable" would otherwise refuse to relink a restored initiative).
fn suspend_triggers(conn: &Connection, tables: &BTreeSet<&str>) -> Result<Vec<(String, String)>> {
    let mut suspended = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 ORDER BY name",
        )?;
        for table in tables {
            let rows = stmt.query_map([table], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
            for row in rows {
                suspended.push(row?);
            }
        }
    }
    for (name, _) in &suspended {
        conn.execute_batch(&format!("DROP TRIGGER main.\"{name}\""))?;
    }
    Ok(suspended)
}

fn restore_triggers(conn: &Connection, suspended: &[(String, String)]) -> Result<()> {
    for (_, sql) in suspended {
        conn.execute_batch(sql)?;
    }
    Ok(())
}
