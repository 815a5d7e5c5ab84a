//! The undo benchmark behind `quartermaster bench undo`: the latency of undoing (and redoing)
//! a record edit in a file holding ten times the demo organisation and a long undo history.
//! Reads the clock (timing is its point) and writes a scratch file in the temp folder.

use std::time::{Duration, Instant};

use rusqlite::Connection;
use serde_json::json;

use crate::history::undo;
use crate::store::entity::Timestamp;
use crate::{demo, records, Error, Result, Store};

/// Edits undone (and redone) while timing; the median and the slowest are reported.
const RUNS: usize = 101;
/// Edits made first, so the undo history is long, as after a few weeks of use.
const HISTORY: usize = 2_000;
/// The demo's rows are copied this many times over (10× the demo).
const SCALE: usize = 10;

/// Tables not copied: one-row settings, the frozen snapshots (their triggers refuse copies),
/// the audit log (copied separately), the undo bookkeeping and the allocated-spend cache.
const NOT_COPIED: &[&str] = &[
    "allocated_spend_cache",
    "allocated_spend_key",
    "settings",
    "capacity_settings",
    "quarter_snapshot",
    "snapshot_item",
    "cost_rollup_batch",
    "candidate_erasure",
    "change",
    "undo_step",
    "undo_row",
];

/// Times undo and redo of a team edit at 10× the demo; returns the figures as one line each.
pub fn bench_undo(now: Timestamp) -> Result<String> {
    let dir = std::env::temp_dir().join(format!("quartermaster-bench-undo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(dir.display(), e))?;
    let path = dir.join("bench.quartermaster");
    let outcome = run(&path, now);
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

fn run(path: &std::path::Path, now: Timestamp) -> Result<String> {
    let mut store = Store::open(path)?;
    store.with_untracked_tx(|tx| demo::create(tx).map(|_| ()))?;
    let demo_rows = total_rows(store.conn())?;
    store.with_untracked_tx(|tx| scale_up(tx, SCALE))?;
    let rows = total_rows(store.conn())?;
    let teams = ids(store.conn(), "team")?;
    let team = teams
        .first()
        .copied()
        .ok_or_else(|| Error::Conflict("the demo has no team".into()))?;
    for n in 0..HISTORY {
        edit(&mut store, teams[n % teams.len()], n, now)?;
    }
    let mut undos = Vec::with_capacity(RUNS);
    let mut redos = Vec::with_capacity(RUNS);
    for n in 0..RUNS {
        edit(&mut store, team, HISTORY + n, now)?;
        let started = Instant::now();
        undo::undo(&mut store, now)?;
        undos.push(started.elapsed());
        let started = Instant::now();
        undo::redo(&mut store, now)?;
        redos.push(started.elapsed());
    }
    let steps: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM undo_step", [], |r| r.get(0))?;
    Ok(format!(
        "undo of a record edit: {} median, {} max over {RUNS} runs; redo: {} median, {} max \
         ({rows} rows = {:.1}× the demo's {demo_rows}, {steps} steps of history, file on disk in WAL mode); \
         target under 50 ms",
        millis(median(&mut undos)),
        millis(undos.iter().max().copied().unwrap_or_default()),
        millis(median(&mut redos)),
        millis(redos.iter().max().copied().unwrap_or_default()),
        rows as f64 / demo_rows.max(1) as f64,
    ))
}

/// One tracked user edit of a team.
fn edit(store: &mut Store, team: i64, n: usize, now: Timestamp) -> Result<()> {
    store.with_tx(|tx| {
        let mut record = records::get(tx, "team", team)?;
        record["domain"] = json!(format!("Domain {n}"));
        records::save(tx, "team", record, now).map(|_| ())
    })
}

fn ids(conn: &Connection, kind: &str) -> Result<Vec<i64>> {
    let list = records::list(conn, kind)?;
    Ok(list
        .as_array()
        .map(|rows| rows.iter().filter_map(|r| r["id"].as_i64()).collect())
        .unwrap_or_default())
}

fn tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

fn total_rows(conn: &Connection) -> Result<i64> {
    let mut total = 0;
    for table in tables(conn)? {
        if table.starts_with("undo_") {
            continue;
        }
        total += conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
            r.get::<_, i64>(0)
        })?;
    }
    Ok(total)
}

/// Copies the demo's rows until the file holds `scale` times as many: every table without a
/// unique column as is, names made unique where only a name is (teams, models, dimensions,
/// scenarios), and the audit log; rows of tables with other unique keys stay single.
pub fn scale_up(conn: &Connection, scale: usize) -> Result<()> {
    let target = total_rows(conn)? * scale as i64;
    let mut copies = Vec::new();
    for table in tables(conn)? {
        if NOT_COPIED.contains(&table.as_str()) {
            continue;
        }
        let (_, columns) = crate::store::capture::columns(conn, &table)?;
        let unique = unique_columns(conn, &table)?;
        let renamed = match unique.as_slice() {
            [] => None,
            [one] if one == "name" => Some(one.clone()),
            _ => continue,
        };
        let original: i64 = conn.query_row(
            &format!("SELECT coalesce(max(id), 0) FROM \"{table}\""),
            [],
            |r| r.get(0),
        )?;
        copies.push((table, columns, renamed, original));
    }
    let changes: i64 =
        conn.query_row("SELECT coalesce(max(id), 0) FROM change", [], |r| r.get(0))?;
    copies.push(("change".to_string(), Vec::new(), None, changes));
    for copy in 1.. {
        if total_rows(conn)? >= target || copy > 100 {
            break;
        }
        for (table, columns, renamed, original) in &copies {
            if table == "change" {
                conn.execute(
                    "INSERT INTO change (entity, entity_id, action, before, after, at, step_id, created_at, updated_at)
                     SELECT entity, entity_id, action, before, after, at, step_id, created_at, updated_at
                     FROM change WHERE id <= ?1",
                    [original],
                )?;
                continue;
            }
            let data: Vec<&String> = columns.iter().filter(|c| c.as_str() != "id").collect();
            let names = data
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let values = data
                .iter()
                .map(|c| match renamed {
                    Some(name) if name == *c => format!("\"{c}\" || ' ({copy})'"),
                    _ => format!("\"{c}\""),
                })
                .collect::<Vec<_>>()
                .join(", ");
            conn.execute(
                &format!(
                    "INSERT INTO \"{table}\" ({names}) SELECT {values} FROM \"{table}\" WHERE id <= ?1 ORDER BY id"
                ),
                [original],
            )?;
        }
    }
    Ok(())
}

/// Columns of `table` under a unique index (other than the primary key).
fn unique_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA index_list(\"{table}\")"))?;
    let indexes: Vec<(String, bool, String)> = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)? == 1,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut columns = Vec::new();
    for (index, unique, origin) in indexes {
        if !unique || origin == "pk" {
            continue;
        }
        let mut info = conn.prepare(&format!("PRAGMA index_info(\"{index}\")"))?;
        let names = info.query_map([], |r| r.get::<_, Option<String>>(2))?;
        for name in names {
            columns.push(name?.unwrap_or_default());
        }
    }
    Ok(columns)
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn millis(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
