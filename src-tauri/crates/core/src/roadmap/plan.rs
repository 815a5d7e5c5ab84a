//! The plan held in memory: teams, seats and initiatives, the rows capacity, headcount cost and
//! scenarios compute from. Loaded once per recompute so every figure sees the same rows.
//! Also the organisation's ramp curve, the one plan-wide setting capacity applies to new seats.

use crate::org::{Position, Team};
use crate::roadmap::initiative::Initiative;
use crate::store::entity::{self, record_change, timestamp_text, Timestamp};
use crate::values::money::Currency;
use crate::values::quarter::FiscalCalendar;
use crate::{org::settings, store::rules, Result};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

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
            ramp: ramp_curve(conn)?,
            teams,
            seats: entity::list(conn)?,
            initiatives: entity::list(conn)?,
        })
    }
}

/// How productive a new hire is during their ramp-up months (then 100 %).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "curve", rename_all = "snake_case")]
pub enum RampCurve {
    /// From 0 % on the start date rising evenly to 100 % when the ramp ends: half the ramp
    /// period is lost overall, less of it the later in the ramp a quarter falls.
    #[default]
    Linear,
    /// A flat `percent` for the whole ramp period.
    Step { percent: i64 },
}

/// The organisation's ramp curve (linear when never set).
pub fn ramp_curve(conn: &Connection) -> Result<RampCurve> {
    let row: Option<(String, i64)> = conn
        .query_row(
            "SELECT ramp_curve, ramp_step_percent FROM capacity_settings WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        Some((curve, percent)) if curve == "step" => RampCurve::Step { percent },
        _ => RampCurve::Linear,
    })
}

/// Changes the ramp curve, auditing before and after.
pub fn set_ramp_curve(conn: &Connection, curve: RampCurve, now: Timestamp) -> Result<()> {
    let (name, percent) = match curve {
        RampCurve::Linear => ("linear", 50),
        RampCurve::Step { percent } => {
            rules::between("percent", "Ramp-up productivity", percent, 0, 100)?;
            ("step", percent)
        }
    };
    let before = ramp_curve(conn)?;
    conn.execute(
        "INSERT INTO capacity_settings (id, ramp_curve, ramp_step_percent, created_at, updated_at)
         VALUES (1, ?1, ?2, ?3, ?3)
         ON CONFLICT (id) DO UPDATE SET ramp_curve = ?1, ramp_step_percent = ?2, updated_at = ?3",
        rusqlite::params![name, percent, timestamp_text(now)],
    )?;
    record_change(
        conn,
        "capacity_settings",
        1,
        "update",
        Some(&before),
        Some(&curve),
        now,
    )
}
