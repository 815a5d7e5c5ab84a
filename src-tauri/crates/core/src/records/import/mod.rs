//! Guided import of any kind of record from a CSV or XLSX file: read the file (`table`), propose
//! or recall which column fills which field (`mapping`, `saved`), ask what unusual values stand
//! for (`questions`), then write every row through `records` in one transaction (`apply`). The
//! same four calls serve the app's four steps and `quartermaster import records`.

pub mod apply;
pub mod fields;
pub mod lookup;
pub mod mapping;
pub mod questions;
pub mod saved;
pub mod table;
pub mod values;

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;

use crate::records::{self, Kind};
use crate::store::entity::Timestamp;
use crate::store::{capture, Store};
use crate::{Error, Result};
pub use apply::RowError;
use fields::Field;
pub use mapping::Mapping;
use questions::ValueQuestion;
use table::Table;

/// The kinds the guided import offers, in the order of the areas.
pub const KINDS: &[&str] = &[
    "team",
    "position",
    "model",
    "initiative",
    "dependency",
    "budget",
    "kpi",
    "kpi_value",
    "risk",
    "incident",
];

/// Steps 1–3: the file's first rows, the fields of the kind, and the mapping to start from
/// (the one saved for these headers, or the automatic one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    pub kind: String,
    pub file: String,
    pub header_line: u64,
    /// Column names once each, in file order.
    pub headers: Vec<String>,
    /// The first rows, one cell per header.
    pub sample: Vec<Vec<String>>,
    pub rows: usize,
    pub fields: Vec<Field>,
    pub mapping: Mapping,
    /// The mapping is the one saved the last time these headers were imported.
    pub saved: bool,
}

/// What an import did (or, in a check, would do); nothing is written when `errors` is not empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub kind: String,
    pub file: String,
    /// Rows of the file.
    pub rows: usize,
    /// Records written (or that would be).
    pub imported: usize,
    pub teams_created: Vec<String>,
    pub errors: Vec<RowError>,
    /// Whether anything was kept in the file.
    pub written: bool,
}

/// The importable kind named `name`.
pub fn kind(name: &str) -> Result<&'static Kind> {
    if !KINDS.contains(&name) {
        return Err(Error::invalid(
            "kind",
            format!("{name:?} cannot be imported; one of: {}", KINDS.join(", ")),
        ));
    }
    records::find(name)
}

/// Step 1–3 for `path`.
pub fn preview(conn: &Connection, kind_name: &str, path: &Path) -> Result<Preview> {
    let kind = kind(kind_name)?;
    let table = table::read(path)?;
    let fields = fields::fields(conn, kind)?;
    let headers = table.distinct_headers();
    let remembered = saved::find(conn, kind.name, &mapping::fingerprint(kind.name, &headers))?;
    let saved = remembered.is_some();
    let mapping = remembered
        .unwrap_or_else(|| mapping::auto(kind.name, &fields, &headers, |f, h| fits(&table, f, h)));
    let sample = table
        .rows
        .iter()
        .take(5)
        .map(|row| {
            headers
                .iter()
                .map(|h| table.cell(row, h).to_string())
                .collect()
        })
        .collect();
    Ok(Preview {
        kind: kind.name.to_string(),
        file: table.file.clone(),
        header_line: table.header_line,
        rows: table.rows.len(),
        headers,
        sample,
        fields,
        mapping,
        saved,
    })
}

/// Step 4: the distinct values of the mapped choice and reference columns.
pub fn value_questions(
    conn: &Connection,
    kind_name: &str,
    path: &Path,
    mapping: &Mapping,
) -> Result<Vec<ValueQuestion>> {
    let kind = kind(kind_name)?;
    let table = table::read(path)?;
    questions::questions(conn, &fields::fields(conn, kind)?, &table, mapping)
}

/// Checks every row without keeping anything (a dry run).
pub fn check(
    conn: &Connection,
    kind_name: &str,
    path: &Path,
    mapping: &Mapping,
    now: Timestamp,
) -> Result<Outcome> {
    let kind = kind(kind_name)?;
    let table = table::read(path)?;
    let fields = fields::fields(conn, kind)?;
    // Dropped without commit: whatever the check wrote is rolled back.
    let tx = conn.unchecked_transaction()?;
    let written = apply::write_all(&tx, kind, &fields, &table, mapping, now)?;
    drop(tx);
    Ok(outcome(kind, &table, written, false))
}

/// Imports every row in one transaction, one undo step, or nothing when any row fails; then
/// saves the mapping for the next file from the same source.
pub fn import(
    store: &mut Store,
    kind_name: &str,
    path: &Path,
    mapping: &Mapping,
    now: Timestamp,
) -> Result<Outcome> {
    let kind = kind(kind_name)?;
    let table = table::read(path)?;
    let fields = fields::fields(store.conn(), kind)?;
    let mut refused = None;
    let result = store.with_tx(|tx| {
        let written = apply::write_all(tx, kind, &fields, &table, mapping, now)?;
        if !written.errors.is_empty() {
            refused = Some(written);
            return Err(Error::Conflict("refused".into()));
        }
        capture::label(tx, &format!("Import {} from {}", kind.noun, table.file))?;
        Ok(written)
    });
    let written = match (result, refused) {
        (_, Some(written)) => return Ok(outcome(kind, &table, written, false)),
        (result, None) => result?,
    };
    let headers = table.distinct_headers();
    let fingerprint = mapping::fingerprint(kind.name, &headers);
    store.with_untracked_tx(|tx| {
        saved::save(
            tx,
            kind.name,
            &fingerprint,
            &headers,
            &table.file,
            mapping,
            now,
        )
    })?;
    Ok(outcome(kind, &table, written, true))
}

/// Whether most of a column's values read as the field's type (at least half of its non-empty
/// cells), so that a column merely named like a field is not proposed for it. Choices and
/// references always fit: the values step maps what they hold.
fn fits(table: &Table, field: &Field, header: &str) -> bool {
    use fields::FieldType::{Choice, Reference, Text};
    if matches!(field.ty, Text | Choice | Reference) {
        return true;
    }
    let context = values::CellContext {
        currency: crate::values::money::Currency::parse("USD").ok(),
        unit: None,
    };
    let cells: Vec<&str> = table
        .rows
        .iter()
        .map(|row| table.cell(row, header))
        .filter(|c| !c.is_empty())
        .collect();
    let read = cells
        .iter()
        .filter(|c| values::convert(field, c, &context).is_ok())
        .count();
    read * 2 >= cells.len()
}

fn outcome(kind: &Kind, table: &Table, written: apply::Written, kept: bool) -> Outcome {
    Outcome {
        kind: kind.name.to_string(),
        file: table.file.clone(),
        rows: table.rows.len(),
        imported: written.rows,
        teams_created: written.teams_created,
        errors: written.errors,
        written: kept,
    }
}
