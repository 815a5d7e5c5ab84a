//! Uniform access to every kind of record by name, for the shell and the UI:
//! list, get, save (create or update) and delete with JSON in and out.
//! The typed API stays in the area modules; this only dispatches to it.

pub mod import;
pub mod references;
pub mod search;

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde_json::Value;

use crate::finops::{AllocationRule, Budget, CostLine, ImportBatch, Usage};
use crate::hiring::{Candidate, Decision, Dimension, Interview, Requisition, StageChange};
use crate::kpi::{Kpi, KpiValue};
use crate::ops::{Incident, Risk};
use crate::org::{Position, Team};
use crate::portfolio::Model;
use crate::roadmap::initiative::{Dependency, Initiative};
use crate::store::entity::{self, Entity, Timestamp, Validate};
use crate::{Error, Result};

/// What to do with a kind of record.
enum Op {
    List,
    Get(i64),
    Save(Value),
    Create(Value),
    Delete(i64),
    Count,
}

fn run<E: Entity + Validate>(conn: &Connection, op: Op, now: Timestamp) -> Result<Value> {
    let json = |v: &dyn erased::Ser| v.to_value();
    match op {
        Op::List => json(&entity::list::<E>(conn)?),
        Op::Get(id) => json(&entity::get::<E>(conn, id)?),
        Op::Count => Ok(Value::from(entity::count::<E>(conn)?)),
        Op::Save(value) => {
            let row: E = serde_path_to_error::deserialize(value).map_err(decode_error)?;
            let saved = if row.id() == 0 {
                entity::insert(conn, row, now)?
            } else {
                entity::update(conn, row, now)?
            };
            json(&saved)
        }
        Op::Create(value) => {
            let row: E = serde_path_to_error::deserialize(value).map_err(decode_error)?;
            json(&entity::insert_as(conn, row, now)?)
        }
        Op::Delete(id) => json(&entity::delete::<E>(conn, id, now)?),
    }
}

mod erased {
    use serde::Serialize;
    use serde_json::Value;

    /// Serialises any row or list to JSON without naming its type.
    pub trait Ser {
        fn to_value(&self) -> crate::Result<Value>;
    }
    impl<T: Serialize> Ser for T {
        fn to_value(&self) -> crate::Result<Value> {
            serde_json::to_value(self)
                .map_err(|e| crate::Error::Conflict(format!("cannot encode: {e}")))
        }
    }
}

/// Names the field a JSON record could not be read at, in words a form can show beside it.
fn decode_error(err: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let text = err.inner().to_string();
    let path = err.path().to_string();
    let (field, message) = match text.strip_prefix("missing field `") {
        Some(rest) => (
            rest.split('`').next().unwrap_or("record").to_string(),
            "This field is required".to_string(),
        ),
        None => (
            if path == "." {
                "record".to_string()
            } else {
                path
            },
            text,
        ),
    };
    Error::Invalid { field, message }
}

/// One kind of record: the name the UI, the shell and the export use (always the entity's
/// SQL table), and the typed operations behind it.
pub struct Kind {
    pub name: &'static str,
    /// The word users read ("position", "KPI value").
    pub noun: &'static str,
    /// Data columns (without id and timestamps) and their Rust types, for generic readers.
    pub columns: &'static [&'static str],
    pub types: &'static [&'static str],
    run: fn(&Connection, Op, Timestamp) -> Result<Value>,
}

const fn kind<E: Entity + Validate>() -> Kind {
    Kind {
        name: E::TABLE,
        noun: E::NAME,
        columns: E::COLUMNS,
        types: E::TYPES,
        run: run::<E>,
    }
}

/// Every kind of record the UI can browse and edit: the one table dispatch, the kind list,
/// counts and references derive from. A new kind is one line here. Scorecards and ratings are
/// deliberately absent: they are read and written only through `hiring::scorecards`, which
/// enforces the blind rule.
pub const KINDS: &[Kind] = &[
    kind::<Team>(),
    kind::<Position>(),
    kind::<Model>(),
    kind::<Initiative>(),
    kind::<Dependency>(),
    kind::<ImportBatch>(),
    kind::<CostLine>(),
    kind::<AllocationRule>(),
    kind::<Usage>(),
    kind::<Budget>(),
    kind::<Dimension>(),
    kind::<Requisition>(),
    kind::<Candidate>(),
    kind::<StageChange>(),
    kind::<Interview>(),
    kind::<Decision>(),
    kind::<Kpi>(),
    kind::<KpiValue>(),
    kind::<Incident>(),
    kind::<Risk>(),
];

/// The names of every kind, in table order.
pub fn names() -> impl Iterator<Item = &'static str> {
    KINDS.iter().map(|k| k.name)
}

/// The kind named `name`, or the error a form shows for an unknown one.
pub fn find(name: &str) -> Result<&'static Kind> {
    KINDS
        .iter()
        .find(|k| k.name == name)
        .ok_or_else(|| Error::invalid("kind", format!("unknown kind of record {name:?}")))
}

fn dispatch(conn: &Connection, kind: &str, op: Op, now: Timestamp) -> Result<Value> {
    (find(kind)?.run)(conn, op, now)
}

/// Every record of `kind`, in id order.
pub fn list(conn: &Connection, kind: &str) -> Result<Value> {
    dispatch(conn, kind, Op::List, Timestamp::default())
}

/// One record of `kind`.
pub fn get(conn: &Connection, kind: &str, id: i64) -> Result<Value> {
    dispatch(conn, kind, Op::Get(id), Timestamp::default())
}

/// How many records of `kind` exist.
pub fn count(conn: &Connection, kind: &str) -> Result<i64> {
    let value = dispatch(conn, kind, Op::Count, Timestamp::default())?;
    Ok(value.as_i64().unwrap_or(0))
}

/// How many records of every kind exist, by kind name.
pub fn counts(conn: &Connection) -> Result<BTreeMap<&'static str, i64>> {
    names().map(|kind| Ok((kind, count(conn, kind)?))).collect()
}

/// Creates (id 0 or absent) or updates the record; returns it as stored.
pub fn save(conn: &Connection, kind: &str, record: Value, now: Timestamp) -> Result<Value> {
    dispatch(conn, kind, Op::Save(record), now)
}

/// Creates the record under its own id when it has one (refused when that id is taken), or a
/// new id for id 0; returns it as stored.
pub fn create(conn: &Connection, kind: &str, record: Value, now: Timestamp) -> Result<Value> {
    dispatch(conn, kind, Op::Create(record), now)
}

/// Deletes the record; returns what was removed.
pub fn delete(conn: &Connection, kind: &str, id: i64, now: Timestamp) -> Result<Value> {
    dispatch(conn, kind, Op::Delete(id), now)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_named_once_and_dispatches_to_its_table() {
        let mut names: Vec<&str> = names().collect();
        assert_eq!(names.len(), 20);
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KINDS.len(), "a kind is listed twice");
        let store = crate::Store::open_in_memory().unwrap();
        for name in names {
            assert_eq!(count(store.conn(), name).unwrap(), 0, "{name}");
            assert_eq!(list(store.conn(), name).unwrap(), Value::Array(Vec::new()));
        }
        let err = list(store.conn(), "scorecard").unwrap_err();
        assert!(err
            .message()
            .contains("unknown kind of record \"scorecard\""));
    }
}
