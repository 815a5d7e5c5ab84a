//! The history read model: every audited change, newest first, filtered by area, kind, record,
//! date range and text, each with the action (undo step) that made it and its fields as
//! before → after. Scorecard contents are never shown here: the blind rule keeps them to the
//! scorecard pages.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::store::capture::record_name;
use crate::Result;

/// Which changes to list; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Filter {
    /// A sidebar area id (`org`, `roadmap`, `finops`…).
    pub area: Option<String>,
    /// A kind of record (its table: `initiative`, `team`…).
    pub kind: Option<String>,
    /// One record's id (with `kind`, that record).
    pub record_id: Option<i64>,
    /// First day included, `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Last day included, `YYYY-MM-DD`.
    pub until: Option<String>,
    /// Text found in the action, the kind or a value before or after.
    pub text: Option<String>,
    /// At most this many entries (newest first); 500 when absent.
    pub limit: Option<i64>,
}

/// One field of a change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

/// One audited change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: i64,
    pub at: String,
    pub area: &'static str,
    pub kind: String,
    pub record_id: i64,
    /// The record's name when its row names it («Platform»), else `#id`.
    pub record: String,
    /// create, update, delete, import, undo or redo.
    pub action: String,
    pub step_id: Option<i64>,
    /// The user action it belonged to ("Move initiative «Churn model»").
    pub step: Option<String>,
    /// Fields whose value differs, before → after (every field of a create or delete).
    pub fields: Vec<FieldChange>,
    /// Values withheld (scorecards: the blind rule).
    pub hidden: bool,
}

/// Kinds whose values the history withholds (the blind rule).
const BLIND: &[&str] = &[
    "scorecard",
    "rating",
    "draft_evidence",
    "scorecard_amendment",
];

/// Columns every row has that say nothing about the change itself.
const BOOKKEEPING: &[&str] = &["created_at", "updated_at"];

/// Every area and the kinds of record (tables) it holds.
pub const AREAS: &[(&str, &[&str])] = &[
    ("org", &["settings", "team", "position"]),
    ("portfolio", &["model"]),
    (
        "roadmap",
        &[
            "initiative",
            "dependency",
            "quarter_snapshot",
            "snapshot_item",
            "capacity_settings",
            "backfill",
            "scenario",
            "scenario_initiative",
            "scenario_seat_change",
            "scenario_new_seat",
        ],
    ),
    (
        "finops",
        &[
            "import_batch",
            "import_warning",
            "cost_line",
            "cost_rollup",
            "cost_rollup_batch",
            "allocation_rule",
            "usage",
            "usage_replaced",
            "budget",
        ],
    ),
    (
        "hiring",
        &[
            "dimension",
            "requisition",
            "candidate",
            "stage_change",
            "interview",
            "scorecard",
            "rating",
            "decision",
            "requisition_dimension",
            "loop_step",
            "draft_evidence",
            "scorecard_amendment",
            "candidate_erasure",
        ],
    ),
    ("kpis", &["kpi", "kpi_value"]),
    ("operations", &["incident", "risk"]),
];

/// The area a kind of record belongs to (`other` for one not listed).
pub fn area_of(kind: &str) -> &'static str {
    AREAS
        .iter()
        .find(|(_, kinds)| kinds.contains(&kind))
        .map(|(area, _)| *area)
        .unwrap_or("other")
}

/// The changes matching `filter`, newest first.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Entry>> {
    let area_kinds = filter.area.as_deref().map(|area| {
        let kinds = AREAS
            .iter()
            .find(|(a, _)| *a == area)
            .map(|(_, kinds)| *kinds)
            .unwrap_or(&[]);
        serde_json::Value::from(kinds.to_vec()).to_string()
    });
    let until = filter.until.as_deref().map(|day| format!("{day}~"));
    let text = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase);
    let mut stmt = conn.prepare(
        "SELECT c.id, c.at, c.entity, c.entity_id, c.action, c.before, c.after, c.step_id, s.label
         FROM change c LEFT JOIN undo_step s ON s.id = c.step_id
         WHERE (?1 IS NULL OR c.entity = ?1)
           AND (?2 IS NULL OR c.entity_id = ?2)
           AND (?3 IS NULL OR c.at >= ?3)
           AND (?4 IS NULL OR c.at < ?4)
           AND (?5 IS NULL OR c.entity IN (SELECT value FROM json_each(?5)))
           AND (?6 IS NULL OR instr(lower(coalesce(s.label, '') || ' ' || c.entity || ' ' || c.action
                    || ' ' || CASE WHEN c.entity IN ('scorecard', 'rating', 'draft_evidence', 'scorecard_amendment')
                                   THEN '' ELSE coalesce(c.before, '') || ' ' || coalesce(c.after, '') END), ?6) > 0)
         ORDER BY c.id DESC
         LIMIT ?7",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![
            filter.kind,
            filter.record_id,
            filter.since,
            until,
            area_kinds,
            text,
            filter.limit.unwrap_or(500)
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<i64>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        },
    )?;
    let mut entries = Vec::new();
    for row in rows {
        let (id, at, kind, record_id, action, before, after, step_id, step) = row?;
        let hidden = BLIND.contains(&kind.as_str());
        let record = if hidden {
            format!("#{record_id}")
        } else {
            record_name(after.as_deref().or(before.as_deref()), record_id)
        };
        let fields = if hidden {
            Vec::new()
        } else {
            diff(before.as_deref(), after.as_deref())
        };
        entries.push(Entry {
            id,
            at,
            area: area_of(&kind),
            kind,
            record_id,
            record,
            action,
            step_id,
            step,
            fields,
            hidden,
        });
    }
    Ok(entries)
}

/// Every change of one record, newest first (a record's History tab).
pub fn record(conn: &Connection, kind: &str, id: i64) -> Result<Vec<Entry>> {
    list(
        conn,
        &Filter {
            kind: Some(kind.to_string()),
            record_id: Some(id),
            limit: Some(i64::MAX),
            ..Filter::default()
        },
    )
}

/// Fields whose values differ between two row images (a missing image counts as empty).
fn diff(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let object = |text: Option<&str>| -> Map<String, Value> {
        text.and_then(|t| serde_json::from_str::<Value>(t).ok())
            .and_then(|v| match v {
                Value::Object(map) => Some(map),
                _ => None,
            })
            .unwrap_or_default()
    };
    let (before, after) = (object(before), object(after));
    let mut names: Vec<&String> = before.keys().chain(after.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|name| !BOOKKEEPING.contains(&name.as_str()) && name.as_str() != "id")
        .filter_map(|name| {
            let old = before.get(name).cloned().unwrap_or(Value::Null);
            let new = after.get(name).cloned().unwrap_or(Value::Null);
            (old != new).then(|| FieldChange {
                field: name.clone(),
                before: old,
                after: new,
            })
        })
        .collect()
}
