//! The import itself: every row is read into a record and written through `records::create`,
//! so each kind's own rules apply; every failure is collected (row, column, value, reason), and
//! nothing is kept unless every row passed. The caller decides the transaction: rolled back for
//! a check, one `Store::with_tx` (one undo step) for the import.

use rusqlite::Connection;
use serde::Serialize;
use serde_json::{Map, Value};

use super::fields::{Field, FieldType};
use super::lookup;
use super::mapping::Mapping;
use super::table::{Row, Table};
use super::values::{convert, CellContext};
use crate::org::settings;
use crate::records::{self, Kind};
use crate::store::entity::Timestamp;
use crate::values::money::Currency;
use crate::{Error, Result};

/// Why one row (or the whole mapping, at the header's line) cannot be imported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowError {
    /// The file's line (CSV) or sheet row (XLSX).
    pub line: u64,
    /// The row's key (Jira's issue key), when the mapping names a key column.
    pub key: Option<String>,
    /// The column's header, or the field's label when no column feeds it.
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}", self.line)?;
        if let Some(key) = &self.key {
            write!(f, " ({key})")?;
        }
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        if !self.value.is_empty() {
            write!(f, ", value {:?}", self.value)?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// What an import did, or would do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Written {
    pub rows: usize,
    pub teams_created: Vec<String>,
    pub errors: Vec<RowError>,
}

/// Where a field's text comes from in a row, after the value mapping.
pub fn source_text(table: &Table, row: &Row, field: &Field, mapping: &Mapping) -> String {
    let raw = match mapping.columns.get(&field.name) {
        Some(header) => table.cell(row, header).to_string(),
        None => mapping
            .constants
            .get(&field.name)
            .cloned()
            .unwrap_or_default(),
    };
    mapping
        .values
        .get(&field.name)
        .and_then(|values| values.get(&raw))
        .cloned()
        .unwrap_or(raw)
}

/// Writes every row of `table` as a `kind` record (and the teams the mapping creates) on
/// `conn`, which the caller has put in a transaction; returns the errors found, all rows checked.
pub fn write_all(
    conn: &Connection,
    kind: &Kind,
    fields: &[Field],
    table: &Table,
    mapping: &Mapping,
    now: Timestamp,
) -> Result<Written> {
    let default_currency = settings::find(conn)?.map(|s| s.currency);
    let mut errors = mapping_errors(fields, table, mapping, default_currency.is_some());
    if !errors.is_empty() {
        return Ok(Written {
            rows: 0,
            teams_created: Vec::new(),
            errors,
        });
    }
    let teams_created = create_teams(conn, mapping, now)?;
    let mut rows = 0;
    for row in &table.rows {
        let before = errors.len();
        let key = mapping
            .key_column
            .as_ref()
            .map(|h| table.cell(row, h).to_string())
            .filter(|k| !k.is_empty());
        let mut fail = |field: Option<&Field>, value: String, reason: String| {
            let column = field.map_or(String::new(), |f| column_of(f, mapping));
            errors.push(RowError {
                line: row.line,
                key: key.clone(),
                column,
                value,
                reason,
            });
        };
        let record = read_record(
            conn,
            fields,
            table,
            row,
            mapping,
            default_currency,
            &mut fail,
        )?;
        if errors.len() > before {
            continue;
        }
        if let Err(err) = records::create(conn, kind.name, Value::Object(record), now) {
            let field = match &err {
                Error::Invalid { field, .. } => fields.iter().find(|f| &f.name == field),
                _ => None,
            };
            let value = field.map_or(String::new(), |f| source_text(table, row, f, mapping));
            let reason = match &err {
                Error::Invalid { message, .. } if field.is_some() => message.clone(),
                other => other.to_string(),
            };
            errors.push(RowError {
                line: row.line,
                key,
                column: field.map_or(String::new(), |f| column_of(f, mapping)),
                value,
                reason,
            });
            continue;
        }
        rows += 1;
    }
    Ok(Written {
        rows,
        teams_created,
        errors,
    })
}

/// The header feeding `field`, or its label.
fn column_of(field: &Field, mapping: &Mapping) -> String {
    mapping
        .columns
        .get(&field.name)
        .cloned()
        .unwrap_or_else(|| field.label.clone())
}

/// Mistakes of the mapping itself, reported once at the header's line: a column that is not
/// in the file, a required field nothing fills.
fn mapping_errors(
    fields: &[Field],
    table: &Table,
    mapping: &Mapping,
    has_currency: bool,
) -> Vec<RowError> {
    let at = |column: &str, reason: String| RowError {
        line: table.header_line,
        key: None,
        column: column.to_string(),
        value: String::new(),
        reason,
    };
    let mut errors: Vec<RowError> = mapping
        .columns
        .iter()
        .filter(|(_, header)| !table.has(header))
        .map(|(field, header)| {
            at(
                header,
                format!("the file has no such column (mapped to {field})"),
            )
        })
        .collect();
    for (field, _) in mapping.columns.iter().chain(&mapping.constants) {
        if !fields.iter().any(|f| &f.name == field) {
            errors.push(at(field, "not a field of this kind of record".into()));
        }
    }
    for field in fields.iter().filter(|f| f.required) {
        let filled = mapping.columns.contains_key(&field.name)
            || mapping.constants.contains_key(&field.name)
            || (field.name == "currency" && has_currency);
        if !filled {
            errors.push(at(
                &field.label,
                "required: map a column to it or give one value for every row".into(),
            ));
        }
    }
    errors
}

/// Creates the teams the values step chose to create, with the defaults of a new team.
fn create_teams(conn: &Connection, mapping: &Mapping, now: Timestamp) -> Result<Vec<String>> {
    let mut created = Vec::new();
    for name in &mapping.create_teams {
        let name = name.trim();
        if name.is_empty() || lookup::find_id(conn, "team", name)?.is_some() {
            continue;
        }
        let team = serde_json::json!({
            "name": name, "kind": "applied", "domain": "", "parent_id": null,
            "ktlo_percent": 20, "leave_percent": 10,
        });
        records::create(conn, "team", team, now)?;
        created.push(name.to_string());
    }
    Ok(created)
}

/// One row as the JSON record `records::create` reads; failures go to `fail`.
fn read_record(
    conn: &Connection,
    fields: &[Field],
    table: &Table,
    row: &Row,
    mapping: &Mapping,
    default_currency: Option<Currency>,
    fail: &mut impl FnMut(Option<&Field>, String, String),
) -> Result<Map<String, Value>> {
    let currency = fields
        .iter()
        .find(|f| f.name == "currency")
        .map(|f| source_text(table, row, f, mapping))
        .and_then(|text| Currency::parse(text.trim()).ok())
        .or(default_currency);
    let mut record = Map::new();
    for field in fields {
        let text = source_text(table, row, field, mapping);
        let context = CellContext {
            currency,
            unit: mapping.units.get(&field.name).copied(),
        };
        let value = if text.trim().is_empty() {
            match empty_value(field, &context, default_currency) {
                Some(value) => value,
                None => {
                    fail(Some(field), String::new(), "required, but empty".into());
                    continue;
                }
            }
        } else if field.ty == FieldType::Reference {
            let table_name = field.references.as_deref().unwrap_or_default();
            match lookup::find_id(conn, table_name, &text)? {
                Some(id) => Value::from(id),
                None => {
                    fail(
                        Some(field),
                        text.clone(),
                        format!("no {table_name} has this name or id; map it to one or create it"),
                    );
                    continue;
                }
            }
        } else {
            match convert(field, &text, &context) {
                Ok(value) => value,
                Err(reason) => {
                    fail(Some(field), text.clone(), reason);
                    continue;
                }
            }
        };
        record.insert(field.name.clone(), value);
    }
    Ok(record)
}

/// The value of an empty cell: nothing, the column's default, the organisation's currency,
/// or `None` when the field must be given.
fn empty_value(
    field: &Field,
    context: &CellContext,
    default_currency: Option<Currency>,
) -> Option<Value> {
    if field.name == "id" {
        return Some(Value::from(0));
    }
    if field.optional {
        return Some(Value::Null);
    }
    if field.name == "currency" {
        return default_currency.map(|c| Value::from(c.as_str()));
    }
    let default = field.default.as_deref()?;
    convert(field, default, context).ok()
}
