//! Saved mappings: the last mapping used for a source (kind and headers), offered again when a
//! file with the same columns arrives.

use rusqlite::{Connection, OptionalExtension};

use super::mapping::Mapping;
use crate::store::entity::{timestamp_text, Timestamp};
use crate::{Error, Result};

/// The mapping saved for `fingerprint` of `kind`, if any.
pub fn find(conn: &Connection, kind: &str, fingerprint: &str) -> Result<Option<Mapping>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT mapping FROM import_mapping WHERE kind = ?1 AND fingerprint = ?2",
            [kind, fingerprint],
            |r| r.get(0),
        )
        .optional()?;
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| {
            Error::Conflict(format!(
                "the saved mapping for this source cannot be read ({e})"
            ))
        })
    })
    .transpose()
}

/// Keeps `mapping` for the source, replacing the one saved before.
pub fn save(
    conn: &Connection,
    kind: &str,
    fingerprint: &str,
    headers: &[String],
    file_name: &str,
    mapping: &Mapping,
    now: Timestamp,
) -> Result<()> {
    let encode = |e: serde_json::Error| Error::Conflict(format!("cannot encode the mapping: {e}"));
    let mapping = serde_json::to_string(mapping).map_err(encode)?;
    let headers = serde_json::to_string(headers).map_err(encode)?;
    let stamp = timestamp_text(now);
    conn.execute(
        "INSERT INTO import_mapping (kind, fingerprint, headers, mapping, file_name, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (kind, fingerprint) DO UPDATE SET
             headers = excluded.headers, mapping = excluded.mapping,
             file_name = excluded.file_name, updated_at = excluded.updated_at",
        rusqlite::params![kind, fingerprint, headers, mapping, file_name, stamp],
    )?;
    Ok(())
}
