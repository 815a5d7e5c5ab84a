//! Teams and positions: the headcount that capacity and cost are computed from.

pub mod settings;
pub mod setup;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::store::entity::Validate;
use crate::values::money::Currency;
use crate::{entity, store::rules, text_enum, Result};

text_enum! {
    /// What a team does; applied squads build on what platform and data teams provide.
    pub enum TeamKind as "kind" { Applied = "applied", Platform = "platform", Data = "data", Sre = "sre" }
}

text_enum! {
    /// Where a position stands: planned (budgeted), open (hiring), filled, or leaving.
    pub enum PositionStatus as "status" { Planned = "planned", Open = "open", Filled = "filled", Leaving = "leaving" }
}

entity! {
    /// A team of the organisation.
    pub struct Team in "team" as "team" {
        name: String,
        kind: TeamKind,
        domain: String,
        parent_id: Option<i64> => "team",
        /// Share of capacity kept for on-call and keep-the-lights-on work.
        ktlo_percent: i64,
        /// Share of capacity lost to leave and holidays.
        leave_percent: i64,
    }
}

entity! {
    /// One seat of headcount, filled or not.
    pub struct Position in "position" as "position" {
        team_id: i64 => "team",
        role: String,
        level: String,
        status: PositionStatus,
        person: String,
        start_date: Option<NaiveDate>,
        end_date: Option<NaiveDate>,
        /// Share of the person's time given to this team.
        allocation_percent: i64,
        /// Fully loaded annual cost in minor units of `currency`.
        loaded_cost_minor: i64,
        currency: Currency,
        /// Months until a new hire reaches full productivity.
        ramp_months: i64,
    }
}

impl Validate for Team {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("name", "Team name", &self.name)?;
        rules::between(
            "ktlo_percent",
            "On-call/KTLO share",
            self.ktlo_percent,
            0,
            100,
        )?;
        rules::between(
            "leave_percent",
            "Leave allowance",
            self.leave_percent,
            0,
            100,
        )?;
        if self.parent_id.is_some() && self.parent_id == Some(self.id) {
            return Err(crate::Error::invalid(
                "parent_id",
                "A team cannot be its own parent",
            ));
        }
        Ok(())
    }
}

impl Validate for Position {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("role", "Role", &self.role)?;
        rules::not_before("end_date", self.end_date, self.start_date)?;
        rules::between(
            "allocation_percent",
            "Allocation",
            self.allocation_percent,
            1,
            100,
        )?;
        rules::between("ramp_months", "Ramp-up", self.ramp_months, 0, 24)?;
        if self.loaded_cost_minor < 0 {
            return Err(crate::Error::invalid(
                "loaded_cost_minor",
                "Loaded cost must be zero or more",
            ));
        }
        if self.status == PositionStatus::Filled && self.person.trim().is_empty() {
            return Err(crate::Error::invalid(
                "person",
                "A filled position needs the person's name",
            ));
        }
        Ok(())
    }
}
