//! Every user action as one undo step. Temporary triggers, generated when a file is opened
//! from `PRAGMA table_info`, copy each row a step writes (the whole row before and after, as
//! JSON) into `undo_row` while the step is open, and link the step's audit rows to it. They
//! are temporary so they live in the connection, not the file, and always match the schema
//! this build migrated to; a write outside a step (setup, the demo, undo itself) is not kept.

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use crate::Result;

/// Tables never captured: the audit log, the undo bookkeeping itself, and the allocated-spend
/// cache (recomputed from what it is computed from, so an undo needs nothing of it).
const NOT_CAPTURED: &[&str] = &[
    "change",
    "undo_step",
    "undo_row",
    "allocated_spend_key",
    "allocated_spend_cache",
];

/// Bulk billing tables: kept row by row only outside imports. An import's lines are undone
/// as one unit through their batch (an import step is `bulk`, with its `batch_id`).
pub const BULK: &[&str] = &[
    "billing_line",
    "billing_text",
    "cost_rollup",
    "cost_rollup_batch",
];

/// Creates the open-step table and the capture triggers on this connection.
pub(crate) fn install(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS undo_open (
             step_id INTEGER NOT NULL,
             capture INTEGER NOT NULL DEFAULT 1,
             bulk INTEGER NOT NULL DEFAULT 0,
             batch_id INTEGER,
             refusal TEXT,
             label TEXT
         );
         CREATE TEMP TRIGGER IF NOT EXISTS undo_link_change AFTER INSERT ON main.change
         WHEN EXISTS (SELECT 1 FROM undo_open)
         BEGIN
             UPDATE change SET step_id = (SELECT step_id FROM undo_open) WHERE id = new.id;
         END;",
    )?;
    let tables: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
        names.collect::<rusqlite::Result<_>>()?
    };
    for table in tables
        .iter()
        .filter(|t| !NOT_CAPTURED.contains(&t.as_str()))
    {
        let (key, columns) = columns(conn, table)?;
        let Some(key) = key else { continue };
        conn.execute_batch(&triggers(table, &key, &columns))?;
    }
    Ok(())
}

/// The single-column primary key (if any) and every column of `table`.
pub(crate) fn columns(conn: &Connection, table: &str) -> Result<(Option<String>, Vec<String>)> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)?)))?;
    let rows: Vec<(String, i64)> = rows.collect::<rusqlite::Result<_>>()?;
    let keys: Vec<&String> = rows
        .iter()
        .filter(|(_, pk)| *pk > 0)
        .map(|(n, _)| n)
        .collect();
    let key = match keys.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    };
    Ok((key, rows.into_iter().map(|(name, _)| name).collect()))
}

/// The three capture triggers of one table. Deletes are kept before the row goes, so a
/// cascade's rows come after the row that caused them and a redo replays them in order.
fn triggers(table: &str, key: &str, columns: &[String]) -> String {
    let image = |row: &str| {
        let pairs = columns
            .iter()
            .map(|c| format!("'{c}', {row}.\"{c}\""))
            .collect::<Vec<_>>();
        format!("json_object({})", pairs.join(", "))
    };
    let when = if BULK.contains(&table) {
        "WHEN EXISTS (SELECT 1 FROM undo_open WHERE capture = 1 AND bulk = 0)"
    } else {
        "WHEN EXISTS (SELECT 1 FROM undo_open WHERE capture = 1)"
    };
    let insert = |op: &str, row: &str, before: &str, after: &str| {
        format!(
            "INSERT INTO undo_row (step_id, table_name, row_id, op, before, after)
             SELECT step_id, '{table}', {row}.\"{key}\", '{op}', {before}, {after} FROM undo_open;"
        )
    };
    format!(
        "CREATE TEMP TRIGGER IF NOT EXISTS \"undo_{table}_insert\" AFTER INSERT ON main.\"{table}\" {when}
         BEGIN {} END;
         CREATE TEMP TRIGGER IF NOT EXISTS \"undo_{table}_update\" AFTER UPDATE ON main.\"{table}\" {when}
         BEGIN {} END;
         CREATE TEMP TRIGGER IF NOT EXISTS \"undo_{table}_delete\" BEFORE DELETE ON main.\"{table}\" {when}
         BEGIN {} END;",
        insert("insert", "new", "NULL", &image("new")),
        insert("update", "new", &image("old"), &image("new")),
        insert("delete", "old", &image("old"), "NULL"),
    )
}

/// Opens a step for the transaction about to run its work.
pub(crate) fn open_step(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM undo_open", [])?;
    conn.execute("INSERT INTO undo_step (state) VALUES ('open')", [])?;
    let step = conn.last_insert_rowid();
    conn.execute("INSERT INTO undo_open (step_id) VALUES (?1)", [step])?;
    Ok(())
}

/// Closes the open step: dropped if it wrote nothing, otherwise labelled, dated from its
/// audit rows and put on the undo stack; the redo stack is cleared (a new action was taken).
pub(crate) fn close_step(conn: &Connection) -> Result<()> {
    let open = conn
        .query_row(
            "SELECT step_id, bulk, batch_id, refusal, label FROM undo_open",
            [],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            },
        )
        .optional()?;
    conn.execute("DELETE FROM undo_open", [])?;
    let Some((step, bulk, batch_id, refusal, label)) = open else {
        return Ok(());
    };
    let wrote: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM undo_row WHERE step_id = ?1)
              + (SELECT count(*) FROM change WHERE step_id = ?1)",
        [step],
        |r| r.get(0),
    )?;
    if wrote == 0 && refusal.is_none() {
        conn.execute("DELETE FROM undo_step WHERE id = ?1", [step])?;
        return Ok(());
    }
    let label = match label {
        Some(label) => label,
        None => derived_label(conn, step)?,
    };
    conn.execute(
        "UPDATE undo_step SET state = 'done', label = ?2, refusal = ?3, bulk = ?4, batch_id = ?5,
             at = (SELECT max(at) FROM change WHERE step_id = ?1),
             created_at = coalesce((SELECT max(at) FROM change WHERE step_id = ?1), ''),
             updated_at = coalesce((SELECT max(at) FROM change WHERE step_id = ?1), '')
         WHERE id = ?1",
        rusqlite::params![step, label, refusal, bulk, batch_id],
    )?;
    conn.execute(
        "DELETE FROM undo_row WHERE step_id IN (SELECT id FROM undo_step WHERE state = 'undone')",
        [],
    )?;
    conn.execute(
        "UPDATE undo_step SET state = 'dropped' WHERE state = 'undone'",
        [],
    )?;
    Ok(())
}

/// Names the open step's action ("Move initiative «Churn model» to Platform"), when the
/// words derived from its audit rows would say less. The first name given is kept.
pub fn label(conn: &Connection, text: &str) -> Result<()> {
    conn.execute(
        "UPDATE undo_open SET label = ?1 WHERE label IS NULL",
        [text],
    )?;
    Ok(())
}

/// Marks the open step as one that cannot be undone, saying why. The first reason is kept.
pub fn refuse(conn: &Connection, reason: &str) -> Result<()> {
    conn.execute(
        "UPDATE undo_open SET refusal = ?1 WHERE refusal IS NULL",
        [reason],
    )?;
    Ok(())
}

/// Marks the open step as an import into `batch_id`: its bulk lines are not kept row by row
/// but removed by batch when the step is undone.
pub fn bulk_import(conn: &Connection, batch_id: Option<i64>) -> Result<()> {
    conn.execute(
        "UPDATE undo_open SET bulk = 1, batch_id = coalesce(batch_id, ?1)",
        [batch_id],
    )?;
    Ok(())
}

/// For an erasure: the open step cannot be undone, keeps nothing of what it removes, and
/// every row image kept so far is forgotten (they may hold the erased person's data; the
/// steps before an erasure can no longer be reached by undo anyway).
pub fn forget_all(conn: &Connection, reason: &str) -> Result<()> {
    refuse(conn, reason)?;
    conn.execute("UPDATE undo_open SET capture = 0", [])?;
    conn.execute("DELETE FROM undo_row", [])?;
    conn.execute(
        "UPDATE undo_step SET state = 'dropped' WHERE state IN ('done', 'undone')",
        [],
    )?;
    Ok(())
}

/// "Edit initiative «Churn model»", "Delete team «Data» and 3 more": from the step's first
/// audit row (or first captured row when it wrote no audit row).
fn derived_label(conn: &Connection, step: i64) -> Result<String> {
    // (kind, id, action, the row's JSON image) of the first audit or, failing that, captured row.
    let first_of = |sql: &str| {
        conn.query_row(sql, [step], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .optional()
    };
    let first = match first_of(
        "SELECT entity, entity_id, action, coalesce(after, before) FROM change
         WHERE step_id = ?1 ORDER BY id LIMIT 1",
    )? {
        Some(first) => Some(first),
        None => first_of(
            "SELECT table_name, row_id, op, coalesce(after, before) FROM undo_row
             WHERE step_id = ?1 ORDER BY id LIMIT 1",
        )?,
    };
    let Some((entity, id, action, image)) = first else {
        return Ok("Change".to_string());
    };
    let others: i64 = conn.query_row(
        "SELECT count(DISTINCT entity || ':' || entity_id) FROM change WHERE step_id = ?1",
        [step],
        |r| r.get(0),
    )?;
    let verb = match action.as_str() {
        "create" | "insert" => "Create",
        "delete" => "Delete",
        "import" => "Import",
        "undo" => "Undo",
        _ => "Edit",
    };
    let mut text = format!(
        "{verb} {} {}",
        entity.replace('_', " "),
        record_name(image.as_deref(), id)
    );
    if others > 1 {
        text.push_str(&format!(" and {} more", others - 1));
    }
    Ok(text)
}

/// How a record is named in labels and the history: its name, title or key, else its id.
pub fn record_name(image: Option<&str>, id: i64) -> String {
    let value: Option<Value> = image.and_then(|text| serde_json::from_str(text).ok());
    let named = value.as_ref().and_then(|v| {
        [
            "name",
            "title",
            "key",
            "file_name",
            "role",
            "summary",
            "pattern",
        ]
        .iter()
        .find_map(|field| v.get(field).and_then(Value::as_str))
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
    });
    match named {
        Some(name) => format!("«{name}»"),
        None => format!("#{id}"),
    }
}
