//! The capacity benchmark behind `quartermaster bench`: the issue's performance figures, measured
//! on generated data in an in-memory store (with `bench::import`, the only place the core reads a clock).

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use crate::org::settings::{self, Settings};
use crate::org::{Position, PositionStatus, Team, TeamKind};
use crate::roadmap::capacity;
use crate::roadmap::initiative::{Initiative, InitiativeKind, InitiativeStatus};
use crate::roadmap::plan::Plan;
use crate::store::entity::{self, Timestamp};
use crate::values::money::Currency;
use crate::values::quarter::FiscalQuarter;
use crate::{Error, Result, Store};

/// How much data the capacity benchmark plans over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub teams: usize,
    pub quarters: usize,
    pub initiatives: usize,
    pub positions: usize,
}

/// The issue's figure: 50 teams × 8 quarters × 2,000 initiatives × 1,500 positions.
pub const ISSUE_SIZE: Size = Size {
    teams: 50,
    quarters: 8,
    initiatives: 2_000,
    positions: 1_500,
};

/// Mostly filled seats, some leavers, open and planned ones.
const STATUS_MIX: [PositionStatus; 9] = {
    use PositionStatus::*;
    [
        Filled, Filled, Filled, Filled, Filled, Filled, Leaving, Open, Planned,
    ]
};

/// Runs timed; the median is reported.
const RUNS: usize = 21;

/// Times the recompute of capacity and demand for every team and quarter of [`ISSUE_SIZE`]:
/// reading the plan from the store and computing, median of 21 runs.
pub fn bench_capacity() -> Result<String> {
    let size = ISSUE_SIZE;
    let mut store = Store::open_in_memory()?;
    let quarters = store.with_untracked_tx(|tx| generate(tx, size))?;
    let mut full = Vec::with_capacity(RUNS);
    let mut compute_only = Vec::with_capacity(RUNS);
    let mut cells = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let plan = Plan::load(store.conn())?;
        let loaded = Instant::now();
        cells = capacity::compute(&plan, &quarters).len();
        let done = Instant::now();
        full.push(done - started);
        compute_only.push(done - loaded);
    }
    let (full, compute_only) = (median(&mut full), median(&mut compute_only));
    Ok(format!(
        "capacity and demand: {} teams × {} quarters ({cells} cells) from {} initiatives and {} positions \
         recomputed in {} median (read from the store {} + compute {}) over {RUNS} runs; target under 50 ms",
        size.teams,
        size.quarters,
        size.initiatives,
        size.positions,
        millis(full),
        millis(full.saturating_sub(compute_only)),
        millis(compute_only),
    ))
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn millis(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// A small deterministic generator (xorshift64), so every run plans over the same data.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// Fills an empty store with an organisation of `size`; returns the planned quarters.
pub fn generate(conn: &Connection, size: Size) -> Result<Vec<FiscalQuarter>> {
    let now: Timestamp = "2026-11-16T09:00:00Z"
        .parse()
        .map_err(|e| Error::invalid("now", format!("{e}")))?;
    settings::init(conn, &Settings::new("Benchmark", 10, "USD")?, now)?;
    let first = FiscalQuarter::new(2027, 1)?;
    let quarters: Vec<FiscalQuarter> = (0..size.quarters).map(|i| first.offset(i as i32)).collect();
    let usd = Currency::parse("USD")?;
    let base =
        NaiveDate::from_ymd_opt(2018, 1, 1).ok_or_else(|| Error::invalid("date", "bad base"))?;
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut teams = Vec::with_capacity(size.teams);
    for n in 0..size.teams {
        let kind = TeamKind::ALL[n % TeamKind::ALL.len()];
        let team = Team {
            id: 0,
            name: format!("Team {:02}", n + 1),
            kind,
            domain: String::new(),
            parent_id: None,
            ktlo_percent: 10 + 10 * (n as i64 % 4),
            leave_percent: 10,
        };
        teams.push(entity::insert(conn, team, now)?.id);
    }
    let day = |offset: usize| {
        base.checked_add_days(Days::new(offset as u64))
            .unwrap_or(base)
    };
    for n in 0..size.positions {
        let status = STATUS_MIX[rng.below(STATUS_MIX.len())];
        let start = day(rng.below(3_800));
        let filled = matches!(status, PositionStatus::Filled | PositionStatus::Leaving);
        let end = (status == PositionStatus::Leaving || rng.below(10) == 0)
            .then(|| start.checked_add_days(Days::new(rng.below(1_500) as u64 + 30)))
            .flatten();
        let seat = Position {
            id: 0,
            team_id: teams[n % teams.len()],
            role: "ML Engineer".into(),
            level: "L5".into(),
            status,
            person: if filled {
                format!("Person {n}")
            } else {
                String::new()
            },
            start_date: (filled || rng.below(5) > 0).then_some(start),
            end_date: end,
            allocation_percent: if rng.below(8) == 0 { 50 } else { 100 },
            loaded_cost_minor: 15_000_000 + rng.below(170) as i64 * 100_000,
            currency: usd,
            ramp_months: rng.below(7) as i64,
        };
        entity::insert(conn, seat, now)?;
    }
    for n in 0..size.initiatives {
        let initiative = Initiative {
            id: 0,
            title: format!("Initiative {n}"),
            kind: InitiativeKind::ALL[rng.below(InitiativeKind::ALL.len())],
            team_id: teams[rng.below(teams.len())],
            model_id: None,
            quarter: quarters[rng.below(quarters.len())],
            status: InitiativeStatus::ALL[rng.below(InitiativeStatus::ALL.len())],
            effort_pw: 2.0 + rng.below(39) as f64,
            outcome_metric: String::new(),
            releases_model: rng.below(4) == 0,
            rank: (n % 40) as i64 + 1,
        };
        entity::insert(conn, initiative, now)?;
    }
    Ok(quarters)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn generated_data_has_the_requested_size() {
        let mut store = Store::open_in_memory().unwrap();
        let size = Size {
            teams: 5,
            quarters: 3,
            initiatives: 40,
            positions: 30,
        };
        let quarters = store.with_tx(|tx| generate(tx, size)).unwrap();
        assert_eq!(quarters.len(), 3);
        let rows = capacity::plan_capacity(store.conn(), &quarters).unwrap();
        assert_eq!(rows.len(), 15);
        let demand: f64 = rows.iter().map(|r| r.demand_pw).sum();
        assert!(demand > 0.0);
    }

    /// `cargo test --release -p quartermaster-core bench_capacity -- --ignored --nocapture`
    #[test]
    #[ignore = "timing: run in release"]
    fn bench_capacity_issue_size() {
        println!("{}", bench_capacity().unwrap());
    }
}
