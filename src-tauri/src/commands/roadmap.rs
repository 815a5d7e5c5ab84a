//! Roadmap commands: the board, capacity, scenarios, commit/close and the headcount plan.
//! Each is one core call; the rules live in `quartermaster_core::roadmap` (initiative, board,
//! cycle, review, plan, capacity, scenario, headcount).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use quartermaster_core::org::Position;
use quartermaster_core::roadmap::board::{self, Board};
use quartermaster_core::roadmap::capacity::{self, QuarterCapacity};
use quartermaster_core::roadmap::cycle;
use quartermaster_core::roadmap::headcount::{self, HeadcountReport};
use quartermaster_core::roadmap::initiative::{self, Initiative, Outcome};
use quartermaster_core::roadmap::plan::{self, RampCurve};
use quartermaster_core::roadmap::review::{self, QuarterReview};
use quartermaster_core::roadmap::scenario::{
    self, Comparison, Promoted, Scenario, ScenarioInitiative, ScenarioNewSeat, ScenarioView,
    SeatRef,
};
use quartermaster_core::values::quarter::FiscalQuarter;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The board of `quarters`: cards, dependencies, warnings and each team's capacity.
#[tauri::command(async)]
pub fn roadmap_board(
    state: State<'_, AppState>,
    quarters: Vec<FiscalQuarter>,
) -> CommandResult<Board> {
    state.read(|store| board::board(store.conn(), &quarters))
}

/// Moves an initiative to a team and quarter at a rank (none: last), renumbering ranks.
#[tauri::command(async)]
pub fn roadmap_move(
    state: State<'_, AppState>,
    id: i64,
    team_id: i64,
    quarter: FiscalQuarter,
    rank: Option<i64>,
) -> CommandResult<Initiative> {
    let now = super::now();
    state.write(|tx| initiative::move_initiative(tx, id, team_id, quarter, rank, now))
}

/// Capacity, demand and balance per team for one quarter, with the total row.
#[tauri::command(async)]
pub fn roadmap_capacity(
    state: State<'_, AppState>,
    quarter: FiscalQuarter,
) -> CommandResult<QuarterCapacity> {
    state.read(|store| capacity::capacity(store.conn(), quarter))
}

/// The organisation's ramp-up curve.
#[tauri::command(async)]
pub fn capacity_ramp_get(state: State<'_, AppState>) -> CommandResult<RampCurve> {
    state.read(|store| plan::ramp_curve(store.conn()))
}

/// Changes the ramp-up curve.
#[tauri::command(async)]
pub fn capacity_ramp_set(state: State<'_, AppState>, curve: RampCurve) -> CommandResult<()> {
    let now = super::now();
    state.write(|tx| plan::set_ramp_curve(tx, curve, now))
}

/// Where a quarter stands: snapshot, outcomes so far, predictability and the diff.
#[tauri::command(async)]
pub fn roadmap_review(
    state: State<'_, AppState>,
    quarter: FiscalQuarter,
) -> CommandResult<QuarterReview> {
    state.read(|store| review::review(store.conn(), quarter))
}

/// Commits a quarter: freezes the snapshot of its committed initiatives.
#[tauri::command(async)]
pub fn quarter_commit(
    state: State<'_, AppState>,
    quarter: FiscalQuarter,
) -> CommandResult<cycle::Snapshot> {
    let now = super::now();
    let reason = format!("before committing {quarter}");
    state.guarded_write(&reason, now, |tx| cycle::commit_quarter(tx, quarter, now))
}

/// Closes a quarter with the outcome of each snapshot item (by item id).
#[tauri::command(async)]
pub fn quarter_close(
    state: State<'_, AppState>,
    quarter: FiscalQuarter,
    outcomes: BTreeMap<i64, Outcome>,
) -> CommandResult<cycle::Snapshot> {
    let now = super::now();
    let reason = format!("before closing {quarter}");
    state.guarded_write(&reason, now, |tx| {
        cycle::close_quarter(tx, quarter, &outcomes, now)
    })
}

/// Heads and prorated loaded cost per team and quarter, with a total per quarter.
#[tauri::command(async)]
pub fn roadmap_headcount(
    state: State<'_, AppState>,
    quarters: Vec<FiscalQuarter>,
) -> CommandResult<HeadcountReport> {
    state.read(|store| headcount::headcount(store.conn(), &quarters))
}

/// Every scenario, oldest first.
#[tauri::command(async)]
pub fn roadmap_scenarios(state: State<'_, AppState>) -> CommandResult<Vec<Scenario>> {
    state.read(|store| scenario::scenarios(store.conn()))
}

/// A new scenario: a copy of the plan until changed.
#[tauri::command(async)]
pub fn scenario_create(
    state: State<'_, AppState>,
    name: String,
    note: String,
) -> CommandResult<Scenario> {
    let now = super::now();
    state.write(|tx| scenario::create(tx, &name, &note, now))
}

/// The plan as the scenario sees it.
#[tauri::command(async)]
pub fn scenario_view(state: State<'_, AppState>, id: i64) -> CommandResult<ScenarioView> {
    state.read(|store| scenario::view(store.conn(), id))
}

/// The scenario beside the plan per team and quarter.
#[tauri::command(async)]
pub fn scenario_compare(
    state: State<'_, AppState>,
    id: i64,
    quarters: Vec<FiscalQuarter>,
) -> CommandResult<Comparison> {
    state.read(|store| scenario::compare(store.conn(), id, &quarters))
}

/// Moves an initiative in the scenario only.
#[tauri::command(async)]
pub fn scenario_move(
    state: State<'_, AppState>,
    id: i64,
    initiative_id: i64,
    team_id: i64,
    quarter: FiscalQuarter,
) -> CommandResult<ScenarioInitiative> {
    let now = super::now();
    state.write(|tx| scenario::move_initiative(tx, id, initiative_id, team_id, quarter, now))
}

/// Re-estimates an initiative in the scenario only.
#[tauri::command(async)]
pub fn scenario_resize(
    state: State<'_, AppState>,
    id: i64,
    initiative_id: i64,
    effort_pw: f64,
) -> CommandResult<ScenarioInitiative> {
    let now = super::now();
    state.write(|tx| scenario::resize_initiative(tx, id, initiative_id, effort_pw, now))
}

/// Adds a planned or open seat in the scenario only.
#[tauri::command(async)]
pub fn scenario_add_seat(
    state: State<'_, AppState>,
    id: i64,
    seat: Position,
) -> CommandResult<ScenarioNewSeat> {
    let now = super::now();
    state.write(|tx| scenario::add_seat(tx, id, seat, now))
}

/// Removes a planned or open seat in the scenario only.
#[tauri::command(async)]
pub fn scenario_remove_seat(
    state: State<'_, AppState>,
    id: i64,
    seat: SeatRef,
) -> CommandResult<()> {
    let now = super::now();
    state.write(|tx| scenario::remove_seat(tx, id, seat, now))
}

/// Shifts a seat's start and end dates in the scenario only.
#[tauri::command(async)]
pub fn scenario_seat_dates(
    state: State<'_, AppState>,
    id: i64,
    seat: SeatRef,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
) -> CommandResult<()> {
    let now = super::now();
    state.write(|tx| scenario::set_seat_dates(tx, id, seat, start_date, end_date, now))
}

/// Writes the scenario's changes to the plan and deletes it.
#[tauri::command(async)]
pub fn scenario_promote(state: State<'_, AppState>, id: i64) -> CommandResult<Promoted> {
    let now = super::now();
    state.guarded_write(&format!("before promoting scenario {id}"), now, |tx| {
        scenario::promote(tx, id, now)
    })
}

/// Deletes the scenario; the plan is untouched.
#[tauri::command(async)]
pub fn scenario_discard(state: State<'_, AppState>, id: i64) -> CommandResult<Scenario> {
    let now = super::now();
    state.write(|tx| scenario::discard(tx, id, now))
}
