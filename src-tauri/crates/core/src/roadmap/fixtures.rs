//! Test builders for the roadmap modules (capacity, headcount, scenarios, the quarter's cycle,
//! diff, board and review): an organisation with fiscal years from October, terse teams, seats
//! and initiatives, and a committed quarter.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::org::settings::Settings;
use crate::org::{Position, PositionStatus, Team, TeamKind};
use crate::roadmap::cycle::commit_quarter;
use crate::roadmap::initiative::{Initiative, InitiativeKind, InitiativeStatus};
use crate::store::entity;
use crate::test_clock::{day, now};
use crate::values::money::Currency;
use crate::values::quarter::FiscalQuarter;
use crate::{org::setup, Result, Store};

/// An in-memory organisation: fiscal years from October, USD.
pub fn org() -> Store {
    let settings = Settings::new("Test Org", 10, "USD").unwrap();
    setup::in_memory(&settings, now()).unwrap()
}

pub fn q(text: &str) -> FiscalQuarter {
    text.parse().unwrap()
}

/// A stored team with its KTLO and leave allowances; returns its id.
pub fn team(conn: &Connection, name: &str, ktlo_percent: i64, leave_percent: i64) -> Result<i64> {
    let row = Team {
        id: 0,
        name: name.into(),
        kind: TeamKind::Applied,
        domain: String::new(),
        parent_id: None,
        ktlo_percent,
        leave_percent,
    };
    Ok(entity::insert(conn, row, now())?.id)
}

/// An unsaved seat costing 0 (set `loaded_cost_minor` where cost matters).
pub fn seat(
    team_id: i64,
    status: PositionStatus,
    start: Option<&str>,
    end: Option<&str>,
    allocation_percent: i64,
    ramp_months: i64,
) -> Position {
    let filled = matches!(status, PositionStatus::Filled | PositionStatus::Leaving);
    Position {
        id: 0,
        team_id,
        role: "ML Engineer".into(),
        level: "L5".into(),
        status,
        person: if filled {
            "Someone".into()
        } else {
            String::new()
        },
        start_date: start.map(day),
        end_date: end.map(day),
        allocation_percent,
        loaded_cost_minor: 0,
        currency: Currency::parse("USD").unwrap(),
        ramp_months,
    }
}

/// A stored initiative titled after its team, quarter and effort.
pub fn initiative(
    conn: &Connection,
    team_id: i64,
    quarter: &str,
    effort_pw: f64,
    status: InitiativeStatus,
) -> Result<Initiative> {
    titled(
        conn,
        &format!("Work {team_id} {quarter} {effort_pw} {status}"),
        team_id,
        quarter,
        effort_pw,
        status,
    )
}

/// A stored initiative with a chosen title.
pub fn titled(
    conn: &Connection,
    title: &str,
    team_id: i64,
    quarter: &str,
    effort_pw: f64,
    status: InitiativeStatus,
) -> Result<Initiative> {
    let row = Initiative {
        id: 0,
        title: title.into(),
        kind: InitiativeKind::Feature,
        team_id,
        model_id: None,
        quarter: q(quarter),
        status,
        effort_pw,
        outcome_metric: String::new(),
        releases_model: false,
        rank: 1,
    };
    entity::insert(conn, row, now())
}

/// The teams and initiative ids of [`committed_board`].
pub struct CommittedBoard {
    pub a: i64,
    pub b: i64,
    pub ids: BTreeMap<&'static str, i64>,
}

/// FY2027-Q2 with five committed initiatives and one proposed, committed at `now`.
pub fn committed_board() -> (Store, CommittedBoard) {
    let mut store = org();
    let board = store
        .with_tx(|tx| {
            let (a, b) = (team(tx, "A", 0, 0)?, team(tx, "B", 0, 0)?);
            let mut ids = BTreeMap::new();
            for (key, team_id, effort, status) in [
                ("estimate", a, 10.0, InitiativeStatus::Committed),
                ("later", a, 20.0, InitiativeStatus::Committed),
                ("handover", a, 5.0, InitiativeStatus::InProgress),
                ("idea", b, 8.0, InitiativeStatus::Proposed),
                ("cancel", b, 12.0, InitiativeStatus::Committed),
                ("delete", b, 3.0, InitiativeStatus::Committed),
            ] {
                ids.insert(
                    key,
                    titled(tx, key, team_id, "FY2027-Q2", effort, status)?.id,
                );
            }
            commit_quarter(tx, q("FY2027-Q2"), now())?;
            Ok(CommittedBoard { a, b, ids })
        })
        .unwrap();
    (store, board)
}

/// Changes a stored initiative in its own transaction.
pub fn edit(store: &mut Store, id: i64, change: impl FnOnce(&mut Initiative)) {
    store
        .with_tx(|tx| {
            let mut initiative: Initiative = entity::get(tx, id)?;
            change(&mut initiative);
            entity::update(tx, initiative, now()).map(|_| ())
        })
        .unwrap();
}
