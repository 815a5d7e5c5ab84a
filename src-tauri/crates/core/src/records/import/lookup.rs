//! References by id or by name: a file names a team "Ranking", a KPI `ttd_minutes`, an
//! initiative by its title; an export gives ids.

use rusqlite::{Connection, OptionalExtension};

use crate::Result;

/// The columns a row of each table is known by in a file, tried in order.
const NAME_COLUMNS: &[(&str, &[&str])] = &[
    ("team", &["name"]),
    ("model", &["name"]),
    ("initiative", &["title"]),
    ("kpi", &["key", "name"]),
    ("position", &["person"]),
    ("requisition", &["title"]),
    ("candidate", &["name"]),
    ("dimension", &["name"]),
    ("import_batch", &["file_name"]),
    ("quarter_snapshot", &["quarter"]),
];

fn name_columns(table: &str) -> &'static [&'static str] {
    NAME_COLUMNS
        .iter()
        .find(|(t, _)| *t == table)
        .map(|(_, c)| *c)
        .unwrap_or(&[])
}

/// The id of the row of `table` that `text` names: a whole number is an id, anything else a
/// name (case and surrounding spaces ignored).
pub fn find_id(conn: &Connection, table: &str, text: &str) -> Result<Option<i64>> {
    let text = text.trim();
    if let Ok(id) = text.parse::<i64>() {
        let sql = format!("SELECT id FROM {table} WHERE id = ?1");
        return Ok(conn.query_row(&sql, [id], |r| r.get(0)).optional()?);
    }
    for column in name_columns(table) {
        let sql = format!(
            "SELECT id FROM {table} WHERE lower(trim({column})) = lower(?1) ORDER BY id LIMIT 1"
        );
        if let Some(id) = conn.query_row(&sql, [text], |r| r.get(0)).optional()? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// The names of every row of `table`, for the values step's choices.
pub fn names(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let Some(column) = name_columns(table).first() else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare(&format!("SELECT {column} FROM {table} ORDER BY {column}"))?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
