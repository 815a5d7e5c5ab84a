//! The plan held in memory: teams, seats and initiatives, the rows capacity, headcount cost and
//! scenarios compute from. Loaded once per recompute so every figure sees the same rows.

use crate::org::{Position, Team};
use crate::roadmap::capacity::{self, RampCurve};
use crate::roadmap::initiative::Initiative;
use crate::store::entity;
use crate::values::money::Currency;
use crate::values::quarter::FiscalCalendar;
use crate::{org::settings, Result};
use rusqlite::Connection;

/// Everything a quarterly figure needs, from the plan tables or from a scenario's view of them.
#[derive(Debug, Clone)]
pub struct Plan {
    pub calendar: FiscalCalendar,
    /// The reporting currency: headcount cost is summed in it.
    pub currency: Currency,
    pub ramp: RampCurve,
    /// Sorted by name, the order every per-team table uses.
    pub teams: Vec<Team>,
    pub seats: Vec<Position>,
    pub initiatives: Vec<Initiative>,
}

impl Plan {
    /// Reads the current plan.
    pub fn load(conn: &Connection) -> Result<Plan> {
        let settings = settings::get(conn)?;
        let mut teams: Vec<Team> = entity::list(conn)?;
        teams.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Ok(Plan {
            calendar: settings.calendar()?,
            currency: settings.currency,
            ramp: capacity::ramp_curve(conn)?,
            teams,
            seats: entity::list(conn)?,
            initiatives: entity::list(conn)?,
        })
    }
}
