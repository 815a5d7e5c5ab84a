//! The year benchmark behind `quartermaster bench year`: twelve generated monthly FOCUS files
//! (one billing month each) imported in turn into one organisation file, the way a director
//! would over a year. It reports the time of each import (does the twelfth cost more than the
//! first?), the file's size, every FinOps figure timed on the full year, and whether the
//! monthly BilledCost and EffectiveCost sums equal the generator's exactly.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::bench::import::{peak_memory_mib, remove_database, seed_bench_org};
use crate::finops::allocation::{self, Allocator};
use crate::finops::import::synth::{write_focus_file, SynthOptions};
use crate::finops::import::{focus, run, ImportOptions};
use crate::finops::unit_cost::{self, budget, page, spend_by::SpendBy};
use crate::finops::{spend_months, Budget, Usage};
use crate::kpi::series;
use crate::store::entity::{self, Timestamp};
use crate::values::money::Currency;
use crate::values::month::month_start;
use crate::{overview, Error, Result, Store};

/// What to generate and import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearOptions {
    pub months: u32,
    pub rows_per_month: u64,
    /// Distinct resources charged each month (the same resources every month).
    pub resources: u32,
}

/// One monthly import.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthImport {
    pub month: String,
    pub seconds: f64,
    /// The organisation file after this import, WAL checkpointed.
    pub db_bytes: u64,
}

/// One FinOps figure computed over the whole year: the first run and the best of five.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureTiming {
    pub figure: &'static str,
    pub first_ms: f64,
    pub best_ms: f64,
}

/// Figures of one year benchmark run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearReport {
    pub lines: u64,
    pub imports: Vec<MonthImport>,
    /// Time of the last import against the first, in percent (positive: slower).
    pub import_growth_percent: f64,
    pub db_bytes: u64,
    pub bytes_per_line: f64,
    pub peak_memory_mib: Option<f64>,
    pub figures: Vec<FigureTiming>,
    /// The slowest figure's best time.
    pub slowest_figure_ms: f64,
    /// Whether every month's imported BilledCost, EffectiveCost and line count equal the
    /// generator's, read back from the stored lines after all twelve imports.
    pub totals_exact: bool,
}

/// Generates and imports `options.months` monthly files in `dir`, one at a time (each file is
/// removed once imported, so the disk holds one month of CSV at most), then times the figures.
pub fn bench_year(dir: &Path, options: YearOptions, now: Timestamp) -> Result<YearReport> {
    let db_path = dir.join("year.db");
    remove_database(&db_path);
    let mut store = Store::open(&db_path)?;
    store.with_untracked_tx(|tx| seed_year_org(tx, options.months, now))?;
    let mut expected: BTreeMap<String, (Decimal, Decimal, i64)> = BTreeMap::new();
    let mut imports = Vec::new();
    for index in 0..options.months {
        let csv = dir.join(format!("month-{index:02}.csv"));
        let synth = SynthOptions {
            months: 1,
            first_month: index,
            resources: options.resources,
            ..SynthOptions::realistic(options.rows_per_month, 1000 + u64::from(index))
        };
        let totals = write_focus_file(&csv, synth)?;
        expected.extend(totals.per_month);
        let started = Instant::now();
        let imported = focus::import_file(&mut store, &csv, ImportOptions::default(), now, None)?;
        let seconds = started.elapsed().as_secs_f64();
        let _ = std::fs::remove_file(&csv);
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        imports.push(MonthImport {
            month: imported
                .totals
                .first()
                .map(|t| t.month.clone())
                .unwrap_or_default(),
            seconds,
            db_bytes: file_size(&db_path)?,
        });
    }
    let totals_exact = stored_month_sums(store.conn())? == expected;
    let figures = time_figures(store.conn(), now)?;
    let db_bytes = file_size(&db_path)?;
    let lines = options.rows_per_month * u64::from(options.months);
    let first = imports.first().map_or(0.0, |m| m.seconds);
    let last = imports.last().map_or(0.0, |m| m.seconds);
    Ok(YearReport {
        lines,
        import_growth_percent: (last - first) / first.max(f64::EPSILON) * 100.0,
        imports,
        db_bytes,
        bytes_per_line: db_bytes as f64 / lines.max(1) as f64,
        peak_memory_mib: peak_memory_mib(),
        slowest_figure_ms: figures.iter().map(|f| f.best_ms).fold(0.0, f64::max),
        figures,
        totals_exact,
    })
}

/// The benchmark organisation with a year of usage for every model and a budget per quarter,
/// so unit costs and budget against actual have something to divide and compare.
fn seed_year_org(conn: &rusqlite::Connection, months: u32, now: Timestamp) -> Result<()> {
    seed_bench_org(conn, now)?;
    let model_ids: Vec<i64> = conn
        .prepare("SELECT id FROM model ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for index in 0..months {
        let month = format!("{:04}-{:02}", 2025 + index / 12, index % 12 + 1);
        for (n, model_id) in model_ids.iter().enumerate() {
            let usage = Usage {
                id: 0,
                model_id: *model_id,
                month: month.clone(),
                inferences: 10_000_000 + n as i64 * 1_000_000,
                training_runs: 20 + n as i64,
            };
            entity::insert(conn, usage, now)?;
        }
    }
    let calendar = crate::org::settings::get(conn)?.calendar()?;
    let mut quarters: Vec<_> = (0..months)
        .filter_map(|i| NaiveDate::from_ymd_opt(2025 + (i / 12) as i32, i % 12 + 1, 1))
        .map(|d| calendar.quarter_of(d))
        .collect();
    quarters.dedup();
    for quarter in quarters {
        let budget = Budget {
            id: 0,
            quarter,
            team_id: None,
            category: None,
            amount_minor: 40_000_000_00,
            currency: Currency::parse("USD")?,
        };
        entity::insert(conn, budget, now)?;
    }
    Ok(())
}

/// Per month, the BilledCost and EffectiveCost sums and line count of the stored lines.
fn stored_month_sums(
    conn: &rusqlite::Connection,
) -> Result<BTreeMap<String, (Decimal, Decimal, i64)>> {
    let mut sums: BTreeMap<String, (Decimal, Decimal, i64)> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT substr(billing_period_start, 1, 7), billed_cost, effective_cost FROM cost_line",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let month: String = row.get(0)?;
        let billed: crate::values::amount::Amount = row.get(1)?;
        let effective: crate::values::amount::Amount = row.get(2)?;
        let sum = sums.entry(month).or_default();
        sum.0 += billed.0;
        sum.1 += effective.0;
        sum.2 += 1;
    }
    Ok(sums)
}

/// Times every FinOps figure a page or report shows, on the whole year.
fn time_figures(conn: &rusqlite::Connection, now: Timestamp) -> Result<Vec<FigureTiming>> {
    let today = now.date_naive();
    let latest = spend_months(conn)?.last().cloned();
    let latest = latest.as_deref();
    let calendar = crate::org::settings::get(conn)?.calendar()?;
    let quarter = latest
        .and_then(month_start)
        .map(|day| calendar.quarter_of(day));
    let rules = entity::list(conn)?;
    let mut figures = Vec::new();
    let mut time = |figure: &'static str, work: &mut dyn FnMut() -> Result<()>| -> Result<()> {
        let mut runs = Vec::new();
        for _ in 0..5 {
            let started = Instant::now();
            work()?;
            runs.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        figures.push(FigureTiming {
            figure,
            first_ms: runs[0],
            best_ms: runs.iter().copied().fold(f64::INFINITY, f64::min),
        });
        Ok(())
    };
    time("spend months", &mut || spend_months(conn).map(drop))?;
    time("unit-costs page (latest month)", &mut || {
        page::unit_costs_page(conn, None).map(drop)
    })?;
    time("unit costs, every model and month", &mut || {
        unit_cost::unit_costs(conn, None).map(drop)
    })?;
    for (figure, by) in [
        ("spend by month and category", SpendBy::Category),
        ("spend by month and team", SpendBy::Team),
        ("spend by month and model", SpendBy::Model),
        ("spend by month and service", SpendBy::Service),
    ] {
        time(figure, &mut || {
            unit_cost::spend_by::spend_by(conn, by).map(drop)
        })?;
    }
    time("budget against actual (latest quarter)", &mut || {
        budget::budget_vs_actual(conn, quarter.clone()).map(drop)
    })?;
    time(
        "allocation preview (stored rules, every month)",
        &mut || allocation::preview(conn, rules.clone(), None).map(drop),
    )?;
    time("allocation preview (latest month)", &mut || {
        allocation::preview(conn, rules.clone(), latest).map(drop)
    })?;
    time(
        "allocation of every group, uncached (a rule being edited)",
        &mut || allocation::allocated_spend(conn, &Allocator::stored(conn)?, None).map(drop),
    )?;
    time("KPI scorecard (unit-cost KPIs from spend)", &mut || {
        series::scorecard(conn, today).map(drop)
    })?;
    time("overview", &mut || {
        overview::overview(conn, today).map(drop)
    })?;
    time("imports list", &mut || run::imports(conn).map(drop))?;
    Ok(figures)
}

fn file_size(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .map_err(|e| Error::io(path.display(), e))?
        .len())
}
