//! The values step: for each choice or reference a column fills, every distinct value of the file
//! with what it will become (itself, a synonym's status, a team of that name) or nothing yet,
//! and what it can be mapped to. Names that match no team can also be created.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;

use super::fields::{Field, FieldType};
use super::lookup;
use super::mapping::Mapping;
use super::table::Table;
use super::values::choice;
use crate::Result;

/// One distinct value of a mapped column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueQuestion {
    pub field: String,
    pub label: String,
    pub column: String,
    /// As written in the file.
    pub value: String,
    /// How many rows hold it.
    pub rows: usize,
    /// What it becomes unless the user says otherwise; `None` when it matches nothing.
    pub proposed: Option<String>,
    /// Read as it is (no synonym, no mapping needed).
    pub exact: bool,
    /// What it can be mapped to.
    pub choices: Vec<String>,
    /// A team name that matches none may be created by the import.
    pub can_create: bool,
    /// The import creates it (a team of that name).
    pub create: bool,
}

/// The values step's questions for `mapping`, by field then by value.
pub fn questions(
    conn: &Connection,
    fields: &[Field],
    table: &Table,
    mapping: &Mapping,
) -> Result<Vec<ValueQuestion>> {
    let mut out = Vec::new();
    for field in fields {
        let Some(column) = mapping.columns.get(&field.name) else {
            continue;
        };
        if !matches!(field.ty, FieldType::Choice | FieldType::Reference) || field.name == "id" {
            continue;
        }
        let mut counts = BTreeMap::<String, usize>::new();
        for row in &table.rows {
            let raw = table.cell(row, column);
            if !raw.is_empty() {
                *counts.entry(raw.to_string()).or_default() += 1;
            }
        }
        let choices = match field.ty {
            FieldType::Choice => field.choices.clone(),
            _ => lookup::names(conn, field.references.as_deref().unwrap_or_default())?,
        };
        let is_team = field.references.as_deref() == Some("team");
        for (value, rows) in counts {
            let mapped = mapping.values.get(&field.name).and_then(|v| v.get(&value));
            let (proposed, exact) = match field.ty {
                FieldType::Choice => {
                    let direct = field.choices.contains(&value);
                    (
                        mapped.cloned().or_else(|| choice(field, &value)),
                        direct && mapped.is_none(),
                    )
                }
                _ => {
                    let target = mapped.cloned().unwrap_or_else(|| value.clone());
                    let found = match lookup::find_id(
                        conn,
                        field.references.as_deref().unwrap_or_default(),
                        &target,
                    )? {
                        Some(_) => Some(target),
                        None if is_team && mapping.create_teams.contains(&value) => {
                            Some(value.clone())
                        }
                        None => None,
                    };
                    let exact = mapped.is_none() && found.is_some();
                    (found, exact)
                }
            };
            let create = is_team && mapping.create_teams.contains(&value);
            out.push(ValueQuestion {
                create,
                field: field.name.clone(),
                label: field.label.clone(),
                column: column.clone(),
                value,
                rows,
                proposed,
                exact,
                choices: choices.clone(),
                can_create: is_team,
            });
        }
    }
    Ok(out)
}
