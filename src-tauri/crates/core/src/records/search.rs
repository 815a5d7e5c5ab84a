//! Jump-to search: records of the named kinds whose name contains the query, for the palette.

use rusqlite::Connection;
use serde::Serialize;

use crate::Result;

/// A record found by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    pub kind: String,
    pub id: i64,
    pub label: String,
}

/// The kinds searched by name, with the SQL expression that names a record of that kind.
const NAMED: &[(&str, &str)] = &[
    ("model", "name"),
    ("team", "name"),
    (
        "position",
        "role || CASE WHEN person <> '' THEN ' — ' || person ELSE '' END",
    ),
    ("initiative", "title"),
    ("kpi", "name"),
    ("requisition", "title"),
    ("candidate", "name"),
    ("risk", "title"),
    ("incident", "summary"),
    ("dimension", "name"),
];

/// Records whose name contains `query` (case-insensitive), at most `limit`, names starting with
/// the query first.
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let escaped = query
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let contains = format!("%{escaped}%");
    let prefix = format!("{escaped}%");
    let selects = NAMED
        .iter()
        .map(|(kind, label)| {
            format!(
                "SELECT '{kind}' AS kind, id, {label} AS label FROM {kind} WHERE {label} LIKE ?1 ESCAPE '\\'"
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let sql = format!(
        "SELECT kind, id, label FROM ({selects})
         ORDER BY (label LIKE ?2 ESCAPE '\\') DESC, length(label), label LIMIT ?3"
    );
    let mut stmt = conn.prepare(&sql)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = stmt.query_map(rusqlite::params![contains, prefix, limit], |r| {
        Ok(SearchHit {
            kind: r.get(0)?,
            id: r.get(1)?,
            label: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
