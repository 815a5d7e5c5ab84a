//! Typed rows and the generic create/read/list/update/delete that every area uses.
//! Each mutation validates in Rust first, checks that referenced rows exist, and writes
//! its audit row in the same transaction, so no area re-implements these rules.

use chrono::{DateTime, Utc};
use rusqlite::{params_from_iter, Connection, OptionalExtension, ToSql};
use serde::{de::DeserializeOwned, Serialize};

use crate::{Error, Result};

/// A moment in UTC, always passed in by the caller (business logic never reads the clock).
pub type Timestamp = DateTime<Utc>;

/// How `created_at`, `updated_at` and audit times are written: the same shape rusqlite gives
/// `Timestamp` fields (`2026-11-16 09:00:00+00:00`), so all times in the file compare as text.
pub fn timestamp_text(at: Timestamp) -> String {
    at.format("%Y-%m-%d %H:%M:%S%:z").to_string()
}

/// A foreign key of a row: which column points at which table, and the id it holds.
pub struct Reference {
    pub column: &'static str,
    pub table: &'static str,
    pub id: Option<i64>,
}

/// Lets `entity!` treat required and optional foreign keys alike.
pub trait RefId {
    fn ref_id(&self) -> Option<i64>;
}
impl RefId for i64 {
    fn ref_id(&self) -> Option<i64> {
        Some(*self)
    }
}
impl RefId for Option<i64> {
    fn ref_id(&self) -> Option<i64> {
        *self
    }
}

/// A row type mapped to one table. Implemented by the `entity!` macro.
pub trait Entity: Serialize + DeserializeOwned + Sized {
    /// The SQL table.
    const TABLE: &'static str;
    /// The word users read in messages ("model", "position").
    const NAME: &'static str;
    /// Data columns in declaration order (without id and timestamps).
    const COLUMNS: &'static [&'static str];
    /// The Rust type of each of `COLUMNS` as written (`Option<NaiveDate>`), so a generic
    /// reader (the guided import) knows how to read a cell of text into it.
    const TYPES: &'static [&'static str];
    fn id(&self) -> i64;
    fn set_id(&mut self, id: i64);
    /// Builds the row from `SELECT id, COLUMNS…`.
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self>;
    /// Values of `COLUMNS`, in order.
    fn values(&self) -> Vec<&dyn ToSql>;
    /// Foreign keys to check before writing.
    fn references(&self) -> Vec<Reference>;
}

/// Field rules that types and SQL cannot state in words a user understands.
pub trait Validate {
    fn validate(&self, conn: &Connection) -> Result<()>;
}

/// Declares a row struct and its `Entity` impl from one field list.
/// `field: i64 => "team"` marks a foreign key to the `team` table.
#[macro_export]
macro_rules! entity {
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $table:literal as $human:literal {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty $(=> $reftable:literal)? ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            /// Row id; 0 for a row not yet stored.
            #[serde(default)]
            pub id: i64,
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $crate::store::entity::Entity for $name {
            const TABLE: &'static str = $table;
            const NAME: &'static str = $human;
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),*];
            const TYPES: &'static [&'static str] = &[$(stringify!($ty)),*];

            fn id(&self) -> i64 {
                self.id
            }

            fn set_id(&mut self, id: i64) {
                self.id = id;
            }

            fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
                let mut column = 0usize;
                let mut next = || {
                    column += 1;
                    column
                };
                Ok(Self { id: row.get(0)?, $( $field: row.get(next())?, )* })
            }

            fn values(&self) -> Vec<&dyn rusqlite::ToSql> {
                vec![$(&self.$field as &dyn rusqlite::ToSql),*]
            }

            #[allow(unused_mut)]
            fn references(&self) -> Vec<$crate::store::entity::Reference> {
                let mut refs = Vec::new();
                $($(
                    refs.push($crate::store::entity::Reference {
                        column: stringify!($field),
                        table: $reftable,
                        id: $crate::store::entity::RefId::ref_id(&self.$field),
                    });
                )?)*
                refs
            }
        }
    };
}

/// Declares a closed set of values stored as text, with parsing that names the allowed values.
#[macro_export]
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident as $field:literal { $( $variant:ident = $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        pub enum $name {
            $( #[serde(rename = $text)] $variant, )+
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(|e: $crate::Error| serde::de::Error::custom(e.message()))
            }
        }

        impl $name {
            /// Every value, in their natural order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored text.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::Error;
            fn from_str(text: &str) -> $crate::Result<Self> {
                match text.trim() {
                    $($text => Ok($name::$variant),)+
                    other => Err($crate::Error::invalid(
                        $field,
                        format!("{:?} is not one of: {}", other, [$($text),+].join(", ")),
                    )),
                }
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                text.parse().map_err(|e: $crate::Error| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

fn select_sql<E: Entity>() -> String {
    format!("SELECT id, {} FROM {}", E::COLUMNS.join(", "), E::TABLE)
}

/// Reads one row by id.
pub fn get<E: Entity>(conn: &Connection, id: i64) -> Result<E> {
    find(conn, id)?.ok_or(Error::NotFound {
        entity: E::NAME,
        id,
    })
}

/// Reads one row by id, `None` when absent.
pub fn find<E: Entity>(conn: &Connection, id: i64) -> Result<Option<E>> {
    let sql = format!("{} WHERE id = ?1", select_sql::<E>());
    Ok(conn.query_row(&sql, [id], E::from_row).optional()?)
}

/// Every row, in id order.
pub fn list<E: Entity>(conn: &Connection) -> Result<Vec<E>> {
    list_where(conn, "1", [])
}

/// Rows matching a parameterised SQL condition, in id order.
pub fn list_where<E: Entity, P: rusqlite::Params>(
    conn: &Connection,
    condition: &str,
    params: P,
) -> Result<Vec<E>> {
    let sql = format!("{} WHERE {condition} ORDER BY id", select_sql::<E>());
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params, E::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<E>>>()?)
}

/// Number of rows in the table.
pub fn count<E: Entity>(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row(&format!("SELECT count(*) FROM {}", E::TABLE), [], |r| {
            r.get(0)
        })?,
    )
}

fn check_references<E: Entity>(conn: &Connection, row: &E) -> Result<()> {
    for reference in row.references() {
        let Some(id) = reference.id else { continue };
        let sql = format!("SELECT 1 FROM {} WHERE id = ?1", reference.table);
        let exists = conn.query_row(&sql, [id], |_| Ok(())).optional()?.is_some();
        if !exists {
            return Err(Error::invalid(
                reference.column,
                format!("there is no {} with id {id}", reference.table),
            ));
        }
    }
    Ok(())
}

/// Inserts a validated row and its audit record; returns it with its new id.
pub fn insert<E: Entity + Validate>(conn: &Connection, mut row: E, now: Timestamp) -> Result<E> {
    row.set_id(0);
    insert_as(conn, row, now)
}

/// Inserts a validated row under its own id when it has one (an import of an export keeps the
/// ids its references use), refusing an id already taken; id 0 gets a new one.
pub fn insert_as<E: Entity + Validate>(conn: &Connection, mut row: E, now: Timestamp) -> Result<E> {
    row.validate(conn)?;
    check_references(conn, &row)?;
    let stamp = timestamp_text(now);
    let id = if row.id() > 0 {
        if find::<E>(conn, row.id())?.is_some() {
            return Err(Error::invalid(
                "id",
                format!("there is already a {} with id {}", E::NAME, row.id()),
            ));
        }
        row.id()
    } else {
        // The id is chosen here, as SQLite would (one past the largest), because a kind kept
        // as a view (`cost_line`) inserts through a trigger, after which `last_insert_rowid`
        // is not its.
        conn.query_row(
            &format!("SELECT coalesce(max(id), 0) + 1 FROM {}", E::TABLE),
            [],
            |r| r.get(0),
        )?
    };
    let placeholders = (1..=E::COLUMNS.len() + 3)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>();
    let sql = format!(
        "INSERT INTO {} ({}, created_at, updated_at, id) VALUES ({})",
        E::TABLE,
        E::COLUMNS.join(", "),
        placeholders.join(", ")
    );
    let mut values = row.values();
    values.push(&stamp);
    values.push(&stamp);
    values.push(&id);
    conn.execute(&sql, params_from_iter(values))
        .map_err(|e| constraint_error::<E>(e))?;
    row.set_id(id);
    record_change(
        conn,
        E::TABLE,
        row.id(),
        "create",
        None::<&E>,
        Some(&row),
        now,
    )?;
    Ok(row)
}

/// Replaces a stored row with a validated new version, auditing before and after.
pub fn update<E: Entity + Validate>(conn: &Connection, row: E, now: Timestamp) -> Result<E> {
    let before: E = get(conn, row.id())?;
    row.validate(conn)?;
    check_references(conn, &row)?;
    let stamp = timestamp_text(now);
    let assignments = E::COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect::<Vec<_>>();
    let sql = format!(
        "UPDATE {} SET {}, updated_at = ?{} WHERE id = ?{}",
        E::TABLE,
        assignments.join(", "),
        E::COLUMNS.len() + 1,
        E::COLUMNS.len() + 2
    );
    let id = row.id();
    let mut values = row.values();
    values.push(&stamp);
    values.push(&id);
    conn.execute(&sql, params_from_iter(values))
        .map_err(|e| constraint_error::<E>(e))?;
    record_change(conn, E::TABLE, id, "update", Some(&before), Some(&row), now)?;
    Ok(row)
}

/// Deletes a row (refused while other rows still need it), auditing what was removed.
pub fn delete<E: Entity>(conn: &Connection, id: i64, now: Timestamp) -> Result<E> {
    let before: E = get(conn, id)?;
    let sql = format!("DELETE FROM {} WHERE id = ?1", E::TABLE);
    conn.execute(&sql, [id])
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ConstraintViolation) => Error::Conflict(format!(
                "{} {id} is still used by other records; remove or reassign those first",
                E::NAME
            )),
            _ => Error::Sql(e),
        })?;
    record_change(conn, E::TABLE, id, "delete", Some(&before), None::<&E>, now)?;
    Ok(before)
}

/// Writes one audit row: what changed, with the row before and after as JSON.
pub fn record_change<T: Serialize>(
    conn: &Connection,
    entity: &str,
    entity_id: i64,
    action: &str,
    before: Option<&T>,
    after: Option<&T>,
    now: Timestamp,
) -> Result<()> {
    let to_json = |value: Option<&T>| -> Result<Option<String>> {
        value
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| Error::Conflict(format!("cannot record change: {e}")))
    };
    let stamp = timestamp_text(now);
    conn.execute(
        "INSERT INTO change (entity, entity_id, action, before, after, at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6)",
        rusqlite::params![
            entity,
            entity_id,
            action,
            to_json(before)?,
            to_json(after)?,
            stamp
        ],
    )?;
    Ok(())
}

/// Turns a constraint failure that Rust validation did not catch into a field error.
fn constraint_error<E: Entity>(err: rusqlite::Error) -> Error {
    if err.sqlite_error_code() != Some(rusqlite::ErrorCode::ConstraintViolation) {
        return Error::Sql(err);
    }
    let text = err.to_string();
    let column = E::COLUMNS
        .iter()
        .find(|c| text.contains(&format!("{}.{c}", E::TABLE)) || text.contains(*c))
        .copied()
        .unwrap_or("record");
    if text.contains("UNIQUE") {
        Error::invalid(
            column,
            format!("another {} already has this {column}", E::NAME),
        )
    } else {
        Error::invalid(column, format!("the value is not allowed ({text})"))
    }
}

/// Reads the JSON of `value` back as a typed value (used by undo and tests).
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Conflict(format!("unreadable audit JSON: {e}")))
}
