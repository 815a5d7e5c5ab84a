//! Uniform access to every kind of record by name, for the shell and the UI:
//! list, get, save (create or update) and delete with JSON in and out.
//! The typed API stays in the area modules; this only dispatches to it.

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

/// Every kind of record the UI can browse and edit, by the name the UI uses. Scorecards and
/// ratings are deliberately absent: they are read and written only through `scorecards`,
/// which enforces the blind rule.
pub const KINDS: &[&str] = &[
    "team",
    "position",
    "model",
    "initiative",
    "dependency",
    "import_batch",
    "cost_line",
    "allocation_rule",
    "usage",
    "budget",
    "dimension",
    "requisition",
    "candidate",
    "stage_change",
    "interview",
    "decision",
    "kpi",
    "kpi_value",
    "incident",
    "risk",
];

fn dispatch(conn: &Connection, kind: &str, op: Op, now: Timestamp) -> Result<Value> {
    match kind {
        "team" => run::<Team>(conn, op, now),
        "position" => run::<Position>(conn, op, now),
        "model" => run::<Model>(conn, op, now),
        "initiative" => run::<Initiative>(conn, op, now),
        "dependency" => run::<Dependency>(conn, op, now),
        "import_batch" => run::<ImportBatch>(conn, op, now),
        "cost_line" => run::<CostLine>(conn, op, now),
        "allocation_rule" => run::<AllocationRule>(conn, op, now),
        "usage" => run::<Usage>(conn, op, now),
        "budget" => run::<Budget>(conn, op, now),
        "dimension" => run::<Dimension>(conn, op, now),
        "requisition" => run::<Requisition>(conn, op, now),
        "candidate" => run::<Candidate>(conn, op, now),
        "stage_change" => run::<StageChange>(conn, op, now),
        "interview" => run::<Interview>(conn, op, now),
        "decision" => run::<Decision>(conn, op, now),
        "kpi" => run::<Kpi>(conn, op, now),
        "kpi_value" => run::<KpiValue>(conn, op, now),
        "incident" => run::<Incident>(conn, op, now),
        "risk" => run::<Risk>(conn, op, now),
        other => Err(Error::invalid(
            "kind",
            format!("unknown kind of record {other:?}"),
        )),
    }
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
    KINDS
        .iter()
        .map(|&kind| Ok((kind, count(conn, kind)?)))
        .collect()
}

/// Creates (id 0 or absent) or updates the record; returns it as stored.
pub fn save(conn: &Connection, kind: &str, record: Value, now: Timestamp) -> Result<Value> {
    dispatch(conn, kind, Op::Save(record), now)
}

/// Deletes the record; returns what was removed.
pub fn delete(conn: &Connection, kind: &str, id: i64, now: Timestamp) -> Result<Value> {
    dispatch(conn, kind, Op::Delete(id), now)
}
