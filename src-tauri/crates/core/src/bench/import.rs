//! The import benchmark behind `quartermaster bench import`: a synthetic FOCUS file (CSV, or the
//! same rows as Parquet) imported into a new organisation file, timed against the sqlite3 tool, with the unit-cost queries timed
//! on the result and the imported totals checked against the generator's.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::finops::import::parquet::write::{write_focus_parquet, FocusParquet};
use crate::finops::import::synth::{write_focus_file, SynthOptions, MODEL_TAGS};
use crate::finops::import::{focus, ImportOptions};
use crate::finops::{unit_cost, AllocationRule, Category, MatchOn};
use crate::org::settings::Settings;
use crate::org::{setup, Team, TeamKind};
use crate::portfolio::{Lifecycle, Model, RiskLevel, Serving};
use crate::store::entity::{self, Timestamp};
use crate::{Error, Result, Store};

/// Figures of one benchmark run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchReport {
    pub rows: u64,
    /// `csv` or `parquet`: what was imported.
    pub format: &'static str,
    /// Size of the imported file.
    pub file_bytes: u64,
    pub import_seconds: f64,
    pub rows_per_second: f64,
    /// The organisation file after the import (with its WAL checkpointed), and that ÷ rows.
    pub db_bytes: u64,
    pub bytes_per_line: f64,
    /// `sqlite3 -csv … ".import FILE raw"` of the same file into a new untyped table; `None`
    /// when the sqlite3 command-line tool is not installed.
    pub sqlite3_import_seconds: Option<f64>,
    /// Peak resident memory of this process so far (Linux `VmHWM`), in MiB.
    pub peak_memory_mib: Option<f64>,
    /// The per-model unit-cost query over all months: first run, and best of five.
    pub unit_cost_first_ms: f64,
    pub unit_cost_best_ms: f64,
    pub unit_cost_rows: usize,
    /// Everything the FinOps unit-costs page shows for the latest month, best of five.
    pub unit_cost_page_best_ms: f64,
    /// Whether the imported per-month sums equal the generator's exactly.
    pub totals_exact: bool,
}

/// Rows per row group of the benchmark's Parquet file (a common exporter setting).
const PARQUET_ROWS_PER_GROUP: usize = 100_000;

/// Generates `rows` synthetic FOCUS rows in `dir` (as CSV, then also as Parquet when `parquet`),
/// imports them into a new organisation file there, times the unit-cost query, and times the
/// sqlite3 tool's `.import` of the CSV. Wall-clock timing is the point here, so this reads
/// the clock; business logic still gets `now`.
pub fn bench_import(dir: &Path, rows: u64, parquet: bool, now: Timestamp) -> Result<BenchReport> {
    let csv_path = dir.join("bench-focus.csv");
    let totals = write_focus_file(&csv_path, SynthOptions::realistic(rows, 42))?;
    let (format, input) = if parquet {
        let path = dir.join("bench-focus.parquet");
        let options = FocusParquet {
            rows_per_group: PARQUET_ROWS_PER_GROUP,
            ..FocusParquet::default()
        };
        write_focus_parquet(&csv_path, &path, &options)?;
        ("parquet", path)
    } else {
        ("csv", csv_path.clone())
    };
    let file_bytes = std::fs::metadata(&input)
        .map_err(|e| Error::io(input.display(), e))?
        .len();
    let db_path = dir.join("bench.db");
    remove_database(&db_path);
    let mut store = Store::open(&db_path)?;
    store.with_untracked_tx(|tx| seed_bench_org(tx, now))?;

    let started = Instant::now();
    let imported = focus::import_file(&mut store, &input, ImportOptions::default(), now, None)?;
    let import_seconds = started.elapsed().as_secs_f64();
    let totals_exact = imported.totals.iter().all(|t| {
        totals.per_month.get(&t.month) == Some(&(t.billed_cost.0, t.effective_cost.0, t.lines))
    }) && imported.totals.len() == totals.per_month.len();

    let mut timings = Vec::new();
    let mut unit_cost_rows = 0;
    for _ in 0..5 {
        let started = Instant::now();
        unit_cost_rows = unit_cost::unit_costs(store.conn(), None)?.rows.len();
        timings.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let page_ms = (0..5)
        .map(|_| {
            let started = Instant::now();
            unit_cost::page::unit_costs_page(store.conn(), None)
                .map(|_| started.elapsed().as_secs_f64() * 1000.0)
        })
        .collect::<Result<Vec<f64>>>()?;
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    let db_bytes = std::fs::metadata(&db_path)
        .map_err(|e| Error::io(db_path.display(), e))?
        .len();
    let peak_memory_mib = peak_memory_mib();
    let sqlite3_import_seconds = sqlite3_import(dir, &csv_path);
    Ok(BenchReport {
        rows,
        format,
        file_bytes,
        import_seconds,
        rows_per_second: rows as f64 / import_seconds.max(f64::EPSILON),
        db_bytes,
        bytes_per_line: db_bytes as f64 / rows.max(1) as f64,
        sqlite3_import_seconds,
        peak_memory_mib,
        unit_cost_first_ms: timings[0],
        unit_cost_best_ms: timings.iter().copied().fold(f64::INFINITY, f64::min),
        unit_cost_rows,
        unit_cost_page_best_ms: page_ms.iter().copied().fold(f64::INFINITY, f64::min),
        totals_exact,
    })
}

/// Settings, teams, one model per generated tag, and the three workload rules of the demo.
pub(crate) fn seed_bench_org(conn: &rusqlite::Connection, now: Timestamp) -> Result<()> {
    setup::new_organisation(conn, &Settings::new("Benchmark", 1, "USD")?, now)?;
    let team = entity::insert(
        conn,
        Team {
            id: 0,
            name: "ML".into(),
            kind: TeamKind::Applied,
            domain: String::new(),
            parent_id: None,
            ktlo_percent: 20,
            leave_percent: 10,
        },
        now,
    )?;
    for tag in MODEL_TAGS {
        entity::insert(conn, bench_model(tag, team.id), now)?;
    }
    for (priority, (workload, category)) in [
        ("training", Category::Training),
        ("inference", Category::Inference),
        ("storage", Category::Storage),
    ]
    .into_iter()
    .enumerate()
    {
        let rule = AllocationRule {
            id: 0,
            priority: priority as i64,
            match_on: MatchOn::Tag,
            tag_key: "workload".into(),
            pattern: workload.into(),
            model_id: None,
            team_id: None,
            category,
        };
        entity::insert(conn, rule, now)?;
    }
    Ok(())
}

fn bench_model(tag: &str, team_id: i64) -> Model {
    Model {
        id: 0,
        name: tag.to_string(),
        product_area: String::new(),
        owner_team_id: Some(team_id),
        tier: 2,
        lifecycle: Lifecycle::Production,
        serving: Serving::Online,
        business_kpi: String::new(),
        has_cicd: true,
        has_monitoring: true,
        has_lineage: true,
        has_model_card: true,
        last_readiness_review: None,
        risk_level: RiskLevel::Low,
        cost_tag: tag.to_string(),
    }
}

pub(crate) fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Seconds the sqlite3 tool takes to `.import` the file into a new (untyped) table.
fn sqlite3_import(dir: &Path, csv_path: &Path) -> Option<f64> {
    let db = dir.join("sqlite3-import.db");
    remove_database(&db);
    let started = Instant::now();
    let status = std::process::Command::new("sqlite3")
        .arg(&db)
        .arg(format!(".import --csv {} raw", csv_path.display()))
        .status()
        .ok()?;
    let seconds = started.elapsed().as_secs_f64();
    status.success().then_some(seconds)
}

/// Peak resident memory of this process, from /proc (Linux only).
#[cfg(target_os = "linux")]
pub fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Elsewhere there is no /proc: the figure is left out of the report.
#[cfg(not(target_os = "linux"))]
pub fn peak_memory_mib() -> Option<f64> {
    None
}
