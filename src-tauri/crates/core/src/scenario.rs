//! What-if scenarios: a named copy of the plan to change freely (move or resize initiatives,
//! add or remove planned seats, shift start and end dates), compare with the plan, then
//! promote to the plan or discard. The plan tables are not written until promotion.
//!
//! A scenario is stored as its changes, and reads as the plan with those changes applied.
//! So rows it never touched follow the plan (a colleague's re-estimate is not hidden or
//! reverted), and promoting writes exactly the user's changes.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::capacity;
use crate::headcount;
use crate::money::Currency;
use crate::org::{Position, PositionStatus};
use crate::plan::Plan;
use crate::planning::{self, DependencyWarning};
use crate::quarter::FiscalQuarter;
use crate::roadmap::Initiative;
use crate::store::entity::{self, Entity, Timestamp, Validate};
use crate::{entity, rules, Error, Result};

entity! {
    /// A named what-if on top of the plan.
    pub struct Scenario in "scenario" as "scenario" {
        name: String,
        note: String,
    }
}

entity! {
    /// Where and how big an initiative is in a scenario.
    pub struct ScenarioInitiative in "scenario_initiative" as "scenario initiative" {
        scenario_id: i64 => "scenario",
        initiative_id: i64 => "initiative",
        team_id: i64 => "team",
        quarter: FiscalQuarter,
        effort_pw: f64,
    }
}

entity! {
    /// A plan seat's dates in a scenario, or its removal.
    pub struct ScenarioSeatChange in "scenario_seat_change" as "scenario seat change" {
        scenario_id: i64 => "scenario",
        position_id: i64 => "position",
        start_date: Option<NaiveDate>,
        end_date: Option<NaiveDate>,
        removed: bool,
    }
}

entity! {
    /// A seat the scenario adds to a team.
    pub struct ScenarioNewSeat in "scenario_new_seat" as "scenario seat" {
        scenario_id: i64 => "scenario",
        team_id: i64 => "team",
        seat: StoredSeat,
    }
}

/// A whole position kept as JSON in one column, so added seats reuse `Position` and its
/// validation instead of repeating its columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoredSeat(pub Position);

impl ToSql for StoredSeat {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let json = serde_json::to_string(&self.0)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        Ok(ToSqlOutput::from(json))
    }
}

impl FromSql for StoredSeat {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        serde_json::from_str(value.as_str()?)
            .map(StoredSeat)
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

impl Validate for Scenario {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("name", "Scenario name", &self.name)
    }
}

impl Validate for ScenarioInitiative {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_negative("effort_pw", "Effort", self.effort_pw)
    }
}

impl Validate for ScenarioSeatChange {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::not_before("end_date", self.end_date, self.start_date)
    }
}

impl Validate for ScenarioNewSeat {
    fn validate(&self, conn: &Connection) -> Result<()> {
        let seat = &self.seat.0;
        seat.validate(conn)?;
        if !matches!(seat.status, PositionStatus::Planned | PositionStatus::Open) {
            return Err(Error::invalid(
                "status",
                "A scenario adds planned or open seats only",
            ));
        }
        if seat.team_id != self.team_id {
            return Err(Error::invalid(
                "team_id",
                "The seat's team and the scenario row's team differ",
            ));
        }
        Ok(())
    }
}

/// A seat of a scenario: one of the plan's, or one the scenario added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SeatRef {
    Plan { position_id: i64 },
    Added { seat_id: i64 },
}

/// Creates an empty scenario: it reads as an exact copy of the plan until changed.
pub fn create(conn: &Connection, name: &str, note: &str, now: Timestamp) -> Result<Scenario> {
    let row = Scenario {
        id: 0,
        name: name.trim().into(),
        note: note.into(),
    };
    entity::insert(conn, row, now)
}

/// Every scenario, oldest first.
pub fn scenarios(conn: &Connection) -> Result<Vec<Scenario>> {
    entity::list(conn)
}

/// Inserts a new row or updates a stored one.
fn save<E: Entity + Validate>(conn: &Connection, row: E, now: Timestamp) -> Result<E> {
    if row.id() == 0 {
        entity::insert(conn, row, now)
    } else {
        entity::update(conn, row, now)
    }
}

/// Applies `edit` to the scenario's version of an initiative (starting from the plan's).
fn change_initiative(
    conn: &Connection,
    scenario_id: i64,
    initiative_id: i64,
    now: Timestamp,
    edit: impl FnOnce(&mut ScenarioInitiative),
) -> Result<ScenarioInitiative> {
    entity::get::<Scenario>(conn, scenario_id)?;
    let condition = "scenario_id = ?1 AND initiative_id = ?2";
    let existing = entity::list_where(conn, condition, [scenario_id, initiative_id])?
        .into_iter()
        .next();
    let mut row = match existing {
        Some(row) => row,
        None => {
            let plan: Initiative = entity::get(conn, initiative_id)?;
            ScenarioInitiative {
                id: 0,
                scenario_id,
                initiative_id,
                team_id: plan.team_id,
                quarter: plan.quarter,
                effort_pw: plan.effort_pw,
            }
        }
    };
    edit(&mut row);
    save(conn, row, now)
}

/// Moves an initiative to another team and quarter, in the scenario only.
pub fn move_initiative(
    conn: &Connection,
    scenario_id: i64,
    initiative_id: i64,
    team_id: i64,
    quarter: FiscalQuarter,
    now: Timestamp,
) -> Result<ScenarioInitiative> {
    change_initiative(conn, scenario_id, initiative_id, now, |row| {
        row.team_id = team_id;
        row.quarter = quarter;
    })
}

/// Re-estimates an initiative, in the scenario only.
pub fn resize_initiative(
    conn: &Connection,
    scenario_id: i64,
    initiative_id: i64,
    effort_pw: f64,
    now: Timestamp,
) -> Result<ScenarioInitiative> {
    change_initiative(conn, scenario_id, initiative_id, now, |row| {
        row.effort_pw = effort_pw
    })
}

/// Adds a planned or open seat, in the scenario only.
pub fn add_seat(
    conn: &Connection,
    scenario_id: i64,
    seat: Position,
    now: Timestamp,
) -> Result<ScenarioNewSeat> {
    let row = ScenarioNewSeat {
        id: 0,
        scenario_id,
        team_id: seat.team_id,
        seat: StoredSeat(Position { id: 0, ..seat }),
    };
    entity::insert(conn, row, now)
}

/// The scenario's added seat `seat_id`, refused when it belongs to another scenario.
fn added_seat(conn: &Connection, scenario_id: i64, seat_id: i64) -> Result<ScenarioNewSeat> {
    let row: ScenarioNewSeat = entity::get(conn, seat_id)?;
    if row.scenario_id != scenario_id {
        return Err(Error::NotFound {
            entity: ScenarioNewSeat::NAME,
            id: seat_id,
        });
    }
    Ok(row)
}

/// Applies `edit` to the scenario's change of plan seat `position_id` (starting from the plan).
fn change_plan_seat(
    conn: &Connection,
    scenario_id: i64,
    position_id: i64,
    now: Timestamp,
    edit: impl FnOnce(&Position, &mut ScenarioSeatChange) -> Result<()>,
) -> Result<()> {
    entity::get::<Scenario>(conn, scenario_id)?;
    let plan: Position = entity::get(conn, position_id)?;
    let condition = "scenario_id = ?1 AND position_id = ?2";
    let existing = entity::list_where(conn, condition, [scenario_id, position_id])?
        .into_iter()
        .next();
    let mut row = existing.unwrap_or(ScenarioSeatChange {
        id: 0,
        scenario_id,
        position_id,
        start_date: plan.start_date,
        end_date: plan.end_date,
        removed: false,
    });
    if row.removed {
        return Err(Error::Conflict(format!(
            "position {position_id} is already removed in this scenario"
        )));
    }
    edit(&plan, &mut row)?;
    save(conn, row, now).map(|_| ())
}

/// Removes a planned or open seat, in the scenario only. People's seats are not removed:
/// give them an end date instead, which is what a leaver is.
pub fn remove_seat(
    conn: &Connection,
    scenario_id: i64,
    seat: SeatRef,
    now: Timestamp,
) -> Result<()> {
    match seat {
        SeatRef::Plan { position_id } => {
            change_plan_seat(conn, scenario_id, position_id, now, |plan, row| {
                if !matches!(plan.status, PositionStatus::Planned | PositionStatus::Open) {
                    return Err(Error::Conflict(format!(
                    "position {position_id} is {}; a scenario removes planned or open seats only \
                     (set an end date to model a leaver)",
                    plan.status
                )));
                }
                row.removed = true;
                Ok(())
            })
        }
        SeatRef::Added { seat_id } => {
            added_seat(conn, scenario_id, seat_id)?;
            entity::delete::<ScenarioNewSeat>(conn, seat_id, now).map(|_| ())
        }
    }
}

/// Sets a seat's start and end dates, in the scenario only.
pub fn set_seat_dates(
    conn: &Connection,
    scenario_id: i64,
    seat: SeatRef,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    now: Timestamp,
) -> Result<()> {
    match seat {
        SeatRef::Plan { position_id } => {
            change_plan_seat(conn, scenario_id, position_id, now, |_, row| {
                row.start_date = start_date;
                row.end_date = end_date;
                Ok(())
            })
        }
        SeatRef::Added { seat_id } => {
            let mut row = added_seat(conn, scenario_id, seat_id)?;
            row.seat.0.start_date = start_date;
            row.seat.0.end_date = end_date;
            entity::update(conn, row, now).map(|_| ())
        }
    }
}

/// A seat as the scenario sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioSeat {
    pub seat_ref: SeatRef,
    pub seat: Position,
    /// Differs from the plan (added, or dates shifted).
    pub changed: bool,
}

/// An initiative as the scenario sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioItem {
    pub initiative: Initiative,
    /// Moved or resized compared with the plan.
    pub changed: bool,
}

/// The plan with a scenario's changes applied, for the scenario board.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioView {
    pub scenario: Scenario,
    pub seats: Vec<ScenarioSeat>,
    /// Plan seats the scenario removes.
    pub removed: Vec<Position>,
    pub initiatives: Vec<ScenarioItem>,
}

/// Reads the plan and a scenario's view of it.
fn load(conn: &Connection, scenario_id: i64) -> Result<(Plan, ScenarioView)> {
    let scenario: Scenario = entity::get(conn, scenario_id)?;
    let plan = Plan::load(conn)?;
    let by_scenario = "scenario_id = ?1";
    let moved: HashMap<i64, ScenarioInitiative> =
        entity::list_where::<ScenarioInitiative, _>(conn, by_scenario, [scenario_id])?
            .into_iter()
            .map(|c| (c.initiative_id, c))
            .collect();
    let shifted: HashMap<i64, ScenarioSeatChange> =
        entity::list_where::<ScenarioSeatChange, _>(conn, by_scenario, [scenario_id])?
            .into_iter()
            .map(|c| (c.position_id, c))
            .collect();
    let added: Vec<ScenarioNewSeat> = entity::list_where(conn, by_scenario, [scenario_id])?;

    let mut seats = Vec::with_capacity(plan.seats.len() + added.len());
    let mut removed = Vec::new();
    for position in &plan.seats {
        let mut seat = position.clone();
        if let Some(change) = shifted.get(&position.id) {
            if change.removed {
                removed.push(seat);
                continue;
            }
            seat.start_date = change.start_date;
            seat.end_date = change.end_date;
        }
        let changed = seat != *position;
        seats.push(ScenarioSeat {
            seat_ref: SeatRef::Plan {
                position_id: position.id,
            },
            seat,
            changed,
        });
    }
    seats.extend(added.into_iter().map(|row| ScenarioSeat {
        seat_ref: SeatRef::Added { seat_id: row.id },
        seat: row.seat.0,
        changed: true,
    }));
    let initiatives = plan
        .initiatives
        .iter()
        .map(|planned| {
            let mut initiative = planned.clone();
            if let Some(change) = moved.get(&planned.id) {
                initiative.team_id = change.team_id;
                initiative.quarter = change.quarter;
                initiative.effort_pw = change.effort_pw;
            }
            let changed = initiative != *planned;
            ScenarioItem {
                initiative,
                changed,
            }
        })
        .collect();
    Ok((
        plan,
        ScenarioView {
            scenario,
            seats,
            removed,
            initiatives,
        },
    ))
}

/// The plan with the scenario's changes applied.
pub fn view(conn: &Connection, scenario_id: i64) -> Result<ScenarioView> {
    Ok(load(conn, scenario_id)?.1)
}

impl ScenarioView {
    /// The scenario as a plan, for the same computations the plan gets.
    fn as_plan(&self, base: &Plan) -> Plan {
        Plan {
            seats: self.seats.iter().map(|s| s.seat.clone()).collect(),
            initiatives: self
                .initiatives
                .iter()
                .map(|i| i.initiative.clone())
                .collect(),
            ..base.clone()
        }
    }
}

/// The figures of one team in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub capacity_pw: f64,
    pub demand_pw: f64,
    pub balance_pw: f64,
    /// Loaded headcount cost prorated by dates (see [`headcount::prorated_cost`]).
    pub cost_minor: i64,
}

/// Plan and scenario side by side for one team and quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonRow {
    pub team_id: i64,
    pub team: String,
    pub quarter: FiscalQuarter,
    pub plan: Figures,
    pub scenario: Figures,
}

/// A scenario compared with the plan, with the dependency warnings its moves would raise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub scenario: Scenario,
    pub currency: Currency,
    pub rows: Vec<ComparisonRow>,
    pub warnings: Vec<DependencyWarning>,
}

/// Figures per team and quarter, in the order `capacity::compute` and `headcount::compute`
/// share: quarter by quarter, teams in plan order.
fn figures(plan: &Plan, backfills: &HashSet<i64>, quarters: &[FiscalQuarter]) -> Vec<Figures> {
    let capacity = capacity::compute(plan, quarters);
    let heads = headcount::compute(plan, backfills, quarters);
    capacity
        .iter()
        .zip(&heads)
        .map(|(c, h)| Figures {
            capacity_pw: c.capacity_pw,
            demand_pw: c.demand_pw,
            balance_pw: c.balance_pw,
            cost_minor: h.cost_minor,
        })
        .collect()
}

/// Capacity, demand, balance and loaded cost per team and quarter, in the plan and in the
/// scenario (both computed by the same functions, so differences are the scenario's changes).
pub fn compare(
    conn: &Connection,
    scenario_id: i64,
    quarters: &[FiscalQuarter],
) -> Result<Comparison> {
    let (plan, view) = load(conn, scenario_id)?;
    let scenario_plan = view.as_plan(&plan);
    let backfills = headcount::backfill_ids(conn)?;
    let cells = quarters
        .iter()
        .flat_map(|q| plan.teams.iter().map(move |t| (t, *q)));
    let rows = cells
        .zip(figures(&plan, &backfills, quarters))
        .zip(figures(&scenario_plan, &backfills, quarters))
        .map(|(((team, quarter), plan), scenario)| ComparisonRow {
            team_id: team.id,
            team: team.name.clone(),
            quarter,
            plan,
            scenario,
        })
        .collect();
    let dependencies = entity::list(conn)?;
    Ok(Comparison {
        warnings: planning::warnings_for(&scenario_plan.initiatives, &dependencies),
        scenario: view.scenario,
        currency: plan.currency,
        rows,
    })
}

/// What promoting a scenario wrote to the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Promoted {
    pub initiatives_changed: usize,
    pub seats_changed: usize,
    pub seats_removed: usize,
    pub seats_added: usize,
}

/// Writes the scenario's changes to the plan (each audited), then deletes the scenario.
/// Run it in one transaction: a refused change (a removed seat with a requisition…) leaves
/// the plan and the scenario as they were.
pub fn promote(conn: &Connection, scenario_id: i64, now: Timestamp) -> Result<Promoted> {
    let (_, view) = load(conn, scenario_id)?;
    let mut promoted = Promoted::default();
    for item in view.initiatives.into_iter().filter(|i| i.changed) {
        entity::update(conn, item.initiative, now)?;
        promoted.initiatives_changed += 1;
    }
    for removed in view.removed {
        entity::delete::<Position>(conn, removed.id, now)?;
        promoted.seats_removed += 1;
    }
    for seat in view.seats.into_iter().filter(|s| s.changed) {
        match seat.seat_ref {
            SeatRef::Plan { .. } => {
                entity::update(conn, seat.seat, now)?;
                promoted.seats_changed += 1;
            }
            SeatRef::Added { .. } => {
                entity::insert(conn, seat.seat, now)?;
                promoted.seats_added += 1;
            }
        }
    }
    discard(conn, scenario_id, now)?;
    Ok(promoted)
}

/// Deletes the scenario and its changes; the plan is untouched.
pub fn discard(conn: &Connection, scenario_id: i64, now: Timestamp) -> Result<Scenario> {
    entity::delete(conn, scenario_id, now)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::roadmap::{Dependency, InitiativeStatus};
    use crate::roadmap_fixtures::{day, now, org, q, seat, team, titled};
    use crate::Store;

    struct Org {
        a: i64,
        b: i64,
        filled: i64,
        planned: i64,
        x: i64,
        y: i64,
    }

    /// Team A: a filled seat all year and a planned seat from 2027-02-01, both 365,000.00 a
    /// year (100,000 minor a day in FY2027); initiatives X (20 pw) and Y (10 pw) in FY2027-Q2.
    fn plan() -> (Store, Org) {
        let mut store = org();
        let ids = store
            .with_tx(|tx| {
                let (a, b) = (team(tx, "A", 0, 0)?, team(tx, "B", 0, 0)?);
                let add = |mut s: Position| {
                    s.loaded_cost_minor = 36_500_000;
                    entity::insert(tx, s, now()).map(|p| p.id)
                };
                let filled = add(seat(
                    a,
                    PositionStatus::Filled,
                    Some("2020-01-06"),
                    None,
                    100,
                    0,
                ))?;
                let planned = add(seat(
                    a,
                    PositionStatus::Planned,
                    Some("2027-02-01"),
                    None,
                    100,
                    0,
                ))?;
                let x = titled(tx, "X", a, "FY2027-Q2", 20.0, InitiativeStatus::Committed)?.id;
                let y = titled(tx, "Y", a, "FY2027-Q2", 10.0, InitiativeStatus::Committed)?.id;
                Ok(Org {
                    a,
                    b,
                    filled,
                    planned,
                    x,
                    y,
                })
            })
            .unwrap();
        (store, ids)
    }

    /// Every plan row, to prove a scenario did not touch them.
    fn plan_rows(store: &Store) -> String {
        let conn = store.conn();
        let positions: Vec<Position> = entity::list(conn).unwrap();
        let initiatives: Vec<Initiative> = entity::list(conn).unwrap();
        serde_json::to_string(&(positions, initiatives)).unwrap()
    }

    fn figures_of<'a>(c: &'a Comparison, team_id: i64, quarter: &str) -> &'a ComparisonRow {
        c.rows
            .iter()
            .find(|r| r.team_id == team_id && r.quarter == q(quarter))
            .unwrap()
    }

    #[test]
    fn edits_leave_the_plan_untouched_until_promoted() {
        let (mut store, o) = plan();
        let before = plan_rows(&store);
        let id = store
            .with_tx(|tx| {
                let s = create(tx, " Hire later ", "", now())?;
                resize_initiative(tx, s.id, o.x, 25.0, now())?;
                move_initiative(tx, s.id, o.y, o.b, q("FY2027-Q3"), now())?;
                remove_seat(
                    tx,
                    s.id,
                    SeatRef::Plan {
                        position_id: o.planned,
                    },
                    now(),
                )?;
                let mut hire = seat(
                    o.a,
                    PositionStatus::Planned,
                    Some("2027-03-01"),
                    None,
                    100,
                    0,
                );
                hire.loaded_cost_minor = 36_500_000;
                add_seat(tx, s.id, hire, now())?;
                // The filled seat's holder leaves on 2027-03-17 in this scenario.
                set_seat_dates(
                    tx,
                    s.id,
                    SeatRef::Plan {
                        position_id: o.filled,
                    },
                    Some(day("2020-01-06")),
                    Some(day("2027-03-17")),
                    now(),
                )?;
                Ok(s.id)
            })
            .unwrap();
        assert_eq!(
            plan_rows(&store),
            before,
            "the plan changed before promotion"
        );
        assert_eq!(scenarios(store.conn()).unwrap()[0].name, "Hire later");

        let view = view(store.conn(), id).unwrap();
        assert_eq!(
            view.removed.iter().map(|p| p.id).collect::<Vec<_>>(),
            [o.planned]
        );
        assert_eq!(view.seats.iter().filter(|s| s.changed).count(), 2);
        assert_eq!(view.initiatives.iter().filter(|i| i.changed).count(), 2);

        let c = compare(store.conn(), id, &[q("FY2027-Q2"), q("FY2027-Q3")]).unwrap();
        let a = figures_of(&c, o.a, "FY2027-Q2");
        // Plan, Q2 (90 days): the filled seat 90 days + the planned seat Feb 1–Mar 31, 59 days.
        assert_eq!(a.plan.capacity_pw, 149.0 / 7.0);
        assert_eq!((a.plan.demand_pw, a.plan.cost_minor), (30.0, 14_900_000));
        // Scenario: the filled seat to Mar 17 (76 days) + the added seat from Mar 1 (31 days);
        // X resized to 25, Y moved away.
        assert_eq!(a.scenario.capacity_pw, 107.0 / 7.0);
        assert_eq!(
            (a.scenario.demand_pw, a.scenario.cost_minor),
            (25.0, 10_700_000)
        );
        assert_eq!(a.scenario.balance_pw, 107.0 / 7.0 - 25.0);
        let b = figures_of(&c, o.b, "FY2027-Q3");
        assert_eq!((b.plan.demand_pw, b.scenario.demand_pw), (0.0, 10.0));
        let scenario_q2 = a.scenario.clone();

        let promoted = store.with_tx(|tx| promote(tx, id, now())).unwrap();
        assert_eq!(
            promoted,
            Promoted {
                initiatives_changed: 2,
                seats_changed: 1,
                seats_removed: 1,
                seats_added: 1
            }
        );
        assert_ne!(plan_rows(&store), before);
        assert!(scenarios(store.conn()).unwrap().is_empty());
        // The plan now computes what the scenario showed.
        let now_plan = capacity::capacity(store.conn(), q("FY2027-Q2")).unwrap();
        let a_now = now_plan.teams.iter().find(|t| t.team_id == o.a).unwrap();
        assert_eq!(
            (a_now.capacity_pw, a_now.demand_pw),
            (scenario_q2.capacity_pw, scenario_q2.demand_pw)
        );
        let y: Initiative = entity::get(store.conn(), o.y).unwrap();
        assert_eq!((y.team_id, y.quarter), (o.b, q("FY2027-Q3")));
        // The planned seat went and the added one came (SQLite may reuse the freed id).
        let starts: Vec<Option<NaiveDate>> = entity::list::<Position>(store.conn())
            .unwrap()
            .iter()
            .map(|p| p.start_date)
            .collect();
        assert_eq!(starts, [Some(day("2020-01-06")), Some(day("2027-03-01"))]);
        let leaves: Position = entity::get(store.conn(), o.filled).unwrap();
        assert_eq!(leaves.end_date, Some(day("2027-03-17")));
    }

    #[test]
    fn discard_drops_the_changes_and_keeps_the_plan() {
        let (mut store, o) = plan();
        let before = plan_rows(&store);
        store
            .with_tx(|tx| {
                let s = create(tx, "Cut Y", "", now())?;
                resize_initiative(tx, s.id, o.y, 0.0, now())?;
                discard(tx, s.id, now()).map(|_| ())
            })
            .unwrap();
        assert_eq!(plan_rows(&store), before);
        let left: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM scenario_initiative", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn untouched_rows_follow_the_plan_and_edits_are_checked() {
        let (mut store, o) = plan();
        let s = store
            .with_tx(|tx| create(tx, "What if", "", now()))
            .unwrap();
        // A re-estimate in the plan after the scenario was made shows in the scenario.
        store
            .with_tx(|tx| {
                let mut x: Initiative = entity::get(tx, o.x)?;
                x.effort_pw = 22.0;
                entity::update(tx, x, now()).map(|_| ())
            })
            .unwrap();
        let c = compare(store.conn(), s.id, &[q("FY2027-Q2")]).unwrap();
        assert_eq!(figures_of(&c, o.a, "FY2027-Q2").scenario.demand_pw, 32.0);

        let refused = |store: &mut Store, work: &dyn Fn(&Connection) -> Result<()>| {
            store.with_tx(|tx| work(tx)).unwrap_err()
        };
        let err = refused(&mut store, &|tx| {
            remove_seat(
                tx,
                s.id,
                SeatRef::Plan {
                    position_id: o.filled,
                },
                now(),
            )
        });
        assert_eq!(err.kind(), "conflict");
        let err = refused(&mut store, &|tx| {
            add_seat(
                tx,
                s.id,
                seat(
                    o.a,
                    PositionStatus::Filled,
                    Some("2027-03-01"),
                    None,
                    100,
                    0,
                ),
                now(),
            )
            .map(|_| ())
        });
        assert_eq!(err.field(), Some("status"));
        let err = refused(&mut store, &|tx| {
            resize_initiative(tx, s.id, o.x, -1.0, now()).map(|_| ())
        });
        assert_eq!(err.field(), Some("effort_pw"));
        let err = refused(&mut store, &|tx| {
            move_initiative(tx, s.id, o.x, 999, q("FY2027-Q3"), now()).map(|_| ())
        });
        assert_eq!(err.field(), Some("team_id"));
        let err = refused(&mut store, &|tx| {
            set_seat_dates(
                tx,
                s.id,
                SeatRef::Plan {
                    position_id: o.filled,
                },
                Some(day("2027-03-01")),
                Some(day("2027-02-01")),
                now(),
            )
        });
        assert_eq!(err.field(), Some("end_date"));
        // Another scenario's added seat is not this one's to change.
        let other = store
            .with_tx(|tx| {
                let other = create(tx, "Other", "", now())?;
                add_seat(
                    tx,
                    other.id,
                    seat(o.a, PositionStatus::Open, None, None, 100, 3),
                    now(),
                )
            })
            .unwrap();
        let err = refused(&mut store, &|tx| {
            remove_seat(tx, s.id, SeatRef::Added { seat_id: other.id }, now())
        });
        assert_eq!(err.kind(), "not_found");
        let err = store
            .with_tx(|tx| create(tx, "Other", "", now()))
            .unwrap_err();
        assert_eq!(err.field(), Some("name"));
    }

    #[test]
    fn a_move_that_breaks_a_dependency_is_warned() {
        let (mut store, o) = plan();
        let s = store
            .with_tx(|tx| {
                entity::insert(
                    tx,
                    Dependency {
                        id: 0,
                        initiative_id: o.y,
                        depends_on_id: o.x,
                    },
                    now(),
                )?;
                let s = create(tx, "Early Y", "", now())?;
                move_initiative(tx, s.id, o.x, o.a, q("FY2027-Q3"), now())?;
                Ok(s)
            })
            .unwrap();
        let c = compare(store.conn(), s.id, &[q("FY2027-Q2")]).unwrap();
        assert_eq!(c.warnings.len(), 1);
        assert_eq!(c.warnings[0].initiative_id, o.y);
        assert!(planning::dependency_warnings(store.conn())
            .unwrap()
            .is_empty());
    }
}
