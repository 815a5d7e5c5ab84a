//! The demo organisation, "Northwind Analytics": a deterministic, believable org that fills every area.
//!
//! Everything is written through `entity::insert`/`update` or the area functions, so every row has
//! its audit record. The caller says what day it is (no clock reads; the only variety comes from
//! a seeded xorshift generator), so two runs for the same day produce identical files.
//!
//! The tables are written as they stand on [`REFERENCE_DAY`] (2026-11-16) and the story above
//! uses its dates; [`create_on`] moves every date so the demo is current on the day given (see
//! `dates::Timeline`): billing and usage run through last month, today falls in the current
//! quarter, and history reaches as far back.
//!
//! The story in the data: seven teams (four applied squads, ML Platform, Data, ML Reliability) own
//! 22 models. ML Platform delivered "Shared model serving platform v1" in FY2026-Q4 (September
//! 2026); workloads moved onto it, and inference cost per 1k falls from about $0.60 to about $0.38.
//! Recommendations, already losing an engineer, is over-committed for FY2027-Q2. An LLM re-ranker
//! experiment puts Search's October spend slightly over its budget. Hiring is slow, lineage
//! coverage lags, and the KPI history shows the improvements and the incidents behind them.
//!
//! This file holds the entry points ([`create`], [`in_memory`]), the order the areas are built in,
//! and the builder state they share; each area's data and builder live in the module named for it.

mod dates;
mod finops;
mod finops_data;
mod hiring;
mod kpi;
mod ops;
mod org;
mod portfolio;
mod rng;
mod roadmap;

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::finops::{AllocationRule, Budget, CostLine, Usage};
use crate::hiring::{Candidate, Decision, Interview, Requisition, Scorecard};
use crate::kpi::KpiValue;
use crate::ops::{Incident, Risk};
use crate::org::settings::Settings;
use crate::org::{Position, Team};
use crate::portfolio::Model;
use crate::roadmap::initiative::{self, Dependency, Initiative};
use crate::store::entity::{self, Entity, Timestamp, Validate};
use crate::values::money::Currency;
use crate::values::quarter::{FiscalCalendar, FiscalQuarter};
use crate::{org::setup, Error, Result};

use dates::{at_time, timestamp, Timeline};
use finops_data::BudgetFor;
use rng::Xorshift;

pub use dates::REFERENCE_DAY;

/// The moment every row of the reference-day demo is written at.
pub const DEMO_NOW: &str = "2026-11-16T09:00:00Z";
/// The hour of the demo's today that every demo row is written at.
const WRITE_HOUR: u32 = 9;
/// The demo organisation's name.
pub const ORG_NAME: &str = "Northwind Analytics";
/// Fiscal years start in October: FY2027-Q1 is October to December 2026.
pub const FISCAL_YEAR_START_MONTH: u32 = 10;
/// Reporting and billing currency.
pub const CURRENCY: &str = "USD";

/// The fixed timestamp of every write of the reference-day demo, [`DEMO_NOW`] parsed.
pub fn demo_now() -> Result<Timestamp> {
    timestamp(DEMO_NOW)
}

/// [`REFERENCE_DAY`] parsed: the day whose demo has the figures tests and benchmarks pin.
pub fn reference_day() -> Result<NaiveDate> {
    dates::day(REFERENCE_DAY)
}

/// How many rows of each kind the demo created.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub teams: i64,
    pub positions: i64,
    pub models: i64,
    pub initiatives: i64,
    pub dependencies: i64,
    pub snapshots: i64,
    pub cost_lines: i64,
    pub allocation_rules: i64,
    pub usage_rows: i64,
    pub budgets: i64,
    pub requisitions: i64,
    pub candidates: i64,
    pub interviews: i64,
    pub scorecards: i64,
    pub decisions: i64,
    pub kpi_values: i64,
    pub incidents: i64,
    pub risks: i64,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} teams, {} positions, {} models, {} initiatives, {} cost lines, {} usage rows, \
             {} budgets, {} requisitions, {} candidates, {} scorecards, {} KPI values, \
             {} incidents, {} risks",
            self.teams,
            self.positions,
            self.models,
            self.initiatives,
            self.cost_lines,
            self.usage_rows,
            self.budgets,
            self.requisitions,
            self.candidates,
            self.scorecards,
            self.kpi_values,
            self.incidents,
            self.risks
        )
    }
}

/// Fills an empty file with the demo organisation as it stands on [`REFERENCE_DAY`], whose
/// figures are fixed (tests and benchmarks). The app and `init --demo` use [`create_on`].
pub fn create(conn: &Connection) -> Result<DemoSummary> {
    create_on(conn, reference_day()?)
}

/// Fills an empty file with the demo organisation, current on `today`. Run it inside the
/// caller's transaction: any failure leaves the file as it was. Refused when the file already
/// holds an organisation.
pub fn create_on(conn: &Connection, today: NaiveDate) -> Result<DemoSummary> {
    let now = at_time(today, WRITE_HOUR, 0)?;
    let settings = Settings::new(ORG_NAME, FISCAL_YEAR_START_MONTH, CURRENCY)?;
    setup::new_organisation(conn, &settings, now)?;
    let mut demo = Demo {
        conn,
        now,
        dates: Timeline::to(today, FISCAL_YEAR_START_MONTH)?,
        usd: settings.currency,
        calendar: settings.calendar()?,
        rng: Xorshift(0x9E37_79B9_7F4A_7C15),
        teams: BTreeMap::new(),
        positions: Vec::new(),
        models: BTreeMap::new(),
        initiatives: BTreeMap::new(),
        lines: Vec::new(),
        usage: Vec::new(),
        spend: BTreeMap::new(),
        last_month_spend: BTreeMap::new(),
    };
    demo.add_teams()?;
    demo.add_positions()?;
    demo.add_models()?;
    demo.add_roadmap()?;
    demo.add_finops()?;
    demo.add_hiring()?;
    demo.add_kpi_values()?;
    demo.add_operations()?;
    summary(conn)
}

fn summary(conn: &Connection) -> Result<DemoSummary> {
    use entity::count;
    Ok(DemoSummary {
        teams: count::<Team>(conn)?,
        positions: count::<Position>(conn)?,
        models: count::<Model>(conn)?,
        initiatives: count::<Initiative>(conn)?,
        dependencies: count::<Dependency>(conn)?,
        snapshots: count::<initiative::QuarterSnapshot>(conn)?,
        cost_lines: count::<CostLine>(conn)?,
        allocation_rules: count::<AllocationRule>(conn)?,
        usage_rows: count::<Usage>(conn)?,
        budgets: count::<Budget>(conn)?,
        requisitions: count::<Requisition>(conn)?,
        candidates: count::<Candidate>(conn)?,
        interviews: count::<Interview>(conn)?,
        scorecards: count::<Scorecard>(conn)?,
        decisions: count::<Decision>(conn)?,
        kpi_values: count::<KpiValue>(conn)?,
        incidents: count::<Incident>(conn)?,
        risks: count::<Risk>(conn)?,
    })
}

struct Demo<'c> {
    conn: &'c Connection,
    now: Timestamp,
    usd: Currency,
    calendar: FiscalCalendar,
    rng: Xorshift,
    teams: BTreeMap<&'static str, i64>,
    positions: Vec<Position>,
    /// By cost tag: the model and its owner team's slug.
    models: BTreeMap<&'static str, (Model, &'static str)>,
    initiatives: BTreeMap<&'static str, Initiative>,
    lines: Vec<CostLine>,
    usage: Vec<Usage>,
    /// Spend in ten-thousandths of a dollar by team and by category, per quarter.
    spend: BTreeMap<(BudgetFor, FiscalQuarter), i64>,
    /// The same for the last month of history alone (the run-rate budgets start from).
    last_month_spend: BTreeMap<BudgetFor, i64>,
    /// Moves the tables' dates from the reference day to the demo's today.
    dates: Timeline,
}

impl Demo<'_> {
    fn put<E: Entity + Validate>(&self, row: E) -> Result<E> {
        entity::insert(self.conn, row, self.now)
    }

    fn team(&self, slug: &str) -> Result<i64> {
        self.teams
            .get(slug)
            .copied()
            .ok_or_else(|| missing("team", slug))
    }

    fn model(&self, tag: &str) -> Result<&(Model, &'static str)> {
        self.models.get(tag).ok_or_else(|| missing("model", tag))
    }

    fn model_id(&self, tag: &str) -> Result<Option<i64>> {
        if tag.is_empty() {
            return Ok(None);
        }
        Ok(Some(self.model(tag)?.0.id))
    }
}

fn missing(what: &str, key: &str) -> Error {
    Error::Conflict(format!("demo data refers to an unknown {what} {key:?}"))
}

/// A scratch in-memory store holding the reference-day demo (tests, benchmarks, previews).
pub fn in_memory() -> Result<crate::Store> {
    in_memory_on(reference_day()?)
}

/// A scratch in-memory store holding the demo, current on `today`.
pub fn in_memory_on(today: NaiveDate) -> Result<crate::Store> {
    let mut store = crate::Store::open_in_memory()?;
    store.with_untracked_tx(|tx| create_on(tx, today))?;
    Ok(store)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod test_current;
