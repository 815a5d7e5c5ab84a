//! What a kind of record asks of an imported row, read from the kind itself (`records::KINDS`:
//! its columns and Rust types) and from its table (nullability, SQL defaults, the allowed
//! values of a `CHECK (x IN (…))`, foreign keys), so every kind is imported by the same code.

use rusqlite::Connection;
use serde::Serialize;

use crate::records::Kind;
use crate::Result;

/// How a cell of text becomes a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Integer,
    /// An amount in minor units, written as a decimal in the currency of the row.
    Money,
    Number,
    Bool,
    Date,
    Timestamp,
    Quarter,
    /// One of `choices`.
    Choice,
    /// The id of a row of another table, or its name.
    Reference,
}

/// One field of a kind, as the import shows and fills it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub name: String,
    /// The column name an export writes (`loaded_cost` for `loaded_cost_minor`).
    pub export_name: String,
    pub label: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// Empty is allowed (stored as nothing).
    pub optional: bool,
    /// The SQL default used when no column feeds it.
    pub default: Option<String>,
    /// Must be given: not optional and no default.
    pub required: bool,
    /// Allowed values of a choice.
    pub choices: Vec<String>,
    /// The table a reference points at.
    pub references: Option<String>,
}

/// The fields of `kind`, `id` first (kept when given, so an export re-imports with its links).
pub fn fields(conn: &Connection, kind: &Kind) -> Result<Vec<Field>> {
    let table_sql: String = conn
        .query_row(
            "SELECT coalesce(sql, '') FROM sqlite_master WHERE name = ?1",
            [kind.name],
            |r| r.get(0),
        )
        .unwrap_or_default();
    let columns = table_columns(conn, kind.name)?;
    let foreign = foreign_keys(conn, kind.name)?;
    let mut fields = vec![Field {
        name: "id".into(),
        export_name: "id".into(),
        label: "Id".into(),
        ty: FieldType::Integer,
        optional: true,
        default: None,
        required: false,
        choices: Vec::new(),
        references: None,
    }];
    for (&name, &rust_type) in kind.columns.iter().zip(kind.types) {
        let compact: String = rust_type.chars().filter(|c| !c.is_whitespace()).collect();
        let (optional, inner) = match compact
            .strip_prefix("Option<")
            .and_then(|t| t.strip_suffix('>'))
        {
            Some(inner) => (true, inner.to_string()),
            None => (false, compact),
        };
        let (not_null, default) = columns
            .iter()
            .find(|(column, _, _)| column == name)
            .map(|(_, not_null, default)| (*not_null, default.clone()))
            .unwrap_or((!optional, None));
        let choices = check_choices(&table_sql, name);
        let references = foreign
            .iter()
            .find(|(from, _)| from == name)
            .map(|(_, table)| table.clone());
        let ty = match inner.as_str() {
            _ if references.is_some() => FieldType::Reference,
            "bool" => FieldType::Bool,
            "i64" | "i32" | "u32" | "u8" | "u16" if name.ends_with("_minor") => FieldType::Money,
            "i64" | "i32" | "u32" | "u8" | "u16" => FieldType::Integer,
            "f64" | "f32" => FieldType::Number,
            "NaiveDate" => FieldType::Date,
            "Timestamp" | "DateTime<Utc>" => FieldType::Timestamp,
            "FiscalQuarter" => FieldType::Quarter,
            _ if !choices.is_empty() => FieldType::Choice,
            _ => FieldType::Text,
        };
        let export_name = name.strip_suffix("_minor").unwrap_or(name).to_string();
        fields.push(Field {
            name: name.to_string(),
            label: label(&export_name),
            export_name,
            ty,
            optional: optional || !not_null,
            required: !optional && not_null && default.is_none(),
            default,
            choices,
            references,
        });
    }
    Ok(fields)
}

/// `owner_team_id` → "Owner team"; `effort_pw` → "Effort (person-weeks)".
fn label(name: &str) -> String {
    let base = match name.strip_suffix("_pw") {
        Some(stem) => format!("{stem} (person-weeks)"),
        None => name.strip_suffix("_id").unwrap_or(name).to_string(),
    }
    .replace('_', " ");
    let mut chars = base.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => base,
    }
}

/// (column, NOT NULL, SQL default without its quotes) of every column of `table`.
fn table_columns(conn: &Connection, table: &str) -> Result<Vec<(String, bool, Option<String>)>> {
    let mut stmt =
        conn.prepare("SELECT name, \"notnull\", dflt_value FROM pragma_table_info(?1)")?;
    let rows = stmt.query_map([table], |r| {
        let default: Option<String> = r.get(2)?;
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)? != 0,
            default.map(|d| d.trim_matches('\'').to_string()),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// (column, referenced table) of every foreign key of `table`.
fn foreign_keys(conn: &Connection, table: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)")?;
    let rows = stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The quoted values of `column IN ('a', 'b')` in a table's SQL, in their order.
fn check_choices(table_sql: &str, column: &str) -> Vec<String> {
    let needle = format!("{column} IN (");
    let Some(start) = table_sql.find(&needle) else {
        return Vec::new();
    };
    let rest = &table_sql[start + needle.len()..];
    let list = rest.split(')').next().unwrap_or_default();
    list.split(',')
        .map(str::trim)
        .filter(|v| v.starts_with('\'') && v.ends_with('\'') && v.len() >= 2)
        .map(|v| v[1..v.len() - 1].to_string())
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::records::find;

    #[test]
    fn an_initiative_asks_for_title_team_quarter_status_and_effort() {
        let store = crate::Store::open_in_memory().unwrap();
        let fields = fields(store.conn(), find("initiative").unwrap()).unwrap();
        let get = |name: &str| fields.iter().find(|f| f.name == name).unwrap();
        assert_eq!(get("team_id").ty, FieldType::Reference);
        assert_eq!(get("team_id").references.as_deref(), Some("team"));
        assert!(get("team_id").required);
        assert_eq!(get("quarter").ty, FieldType::Quarter);
        assert_eq!(get("effort_pw").ty, FieldType::Number);
        assert_eq!(get("releases_model").ty, FieldType::Bool);
        assert!(!get("releases_model").required);
        assert_eq!(get("rank").default.as_deref(), Some("0"));
        assert_eq!(get("status").ty, FieldType::Choice);
        assert_eq!(get("status").choices[3], "delivered");
        assert!(get("model_id").optional);
        let position = super::fields(store.conn(), find("position").unwrap()).unwrap();
        let cost = position
            .iter()
            .find(|f| f.name == "loaded_cost_minor")
            .unwrap();
        assert_eq!(
            (cost.ty, cost.export_name.as_str()),
            (FieldType::Money, "loaded_cost")
        );
    }
}
