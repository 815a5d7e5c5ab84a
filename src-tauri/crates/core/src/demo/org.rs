//! The demo's organisation: its seven teams and their positions (people, open seats, leavers).

use crate::org::{Position, PositionStatus, Team, TeamKind};
use crate::Result;

use super::Demo;

/// slug (used in billing tags), name, kind, domain, parent slug, KTLO %, leave %.
pub(super) type TeamRow = (
    &'static str,
    &'static str,
    TeamKind,
    &'static str,
    &'static str,
    i64,
    i64,
);

#[rustfmt::skip]
pub(super) const TEAMS: &[TeamRow] = {
    use TeamKind::*;
    &[
        ("search", "Search Relevance", Applied, "Search", "", 20, 10),
        ("recs", "Recommendations", Applied, "Personalisation", "", 15, 10),
        ("fraud", "Fraud & Risk ML", Applied, "Payments risk", "", 25, 10),
        ("forecasting", "Forecasting", Applied, "Supply chain", "", 15, 10),
        ("platform", "ML Platform", Platform, "Serving, registry, CI/CD", "", 30, 10),
        ("data", "Data Engineering", Data, "Pipelines and feature store", "", 35, 10),
        ("sre", "ML Reliability", Sre, "SLOs, on-call and incidents", "platform", 50, 10),
    ]
};

/// team, role, level, status, person, start, end ("" = none), allocation %, loaded cost in $k, ramp months.
type PositionRow = (
    &'static str,
    &'static str,
    &'static str,
    PositionStatus,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    i64,
);

#[rustfmt::skip]
const POSITIONS: &[PositionRow] = {
    use PositionStatus::*;
    &[
        ("search", "Engineering Manager", "EM", Filled, "Priya Raman", "2021-03-01", "", 100, 265, 4),
        ("search", "Staff ML Engineer", "Staff", Filled, "Tomasz Nowak", "2020-06-15", "", 100, 305, 4),
        ("search", "Senior ML Engineer", "L6", Filled, "Aisha Bello", "2022-01-10", "", 100, 252, 3),
        ("search", "ML Engineer", "L5", Filled, "Daniel Okafor", "2023-05-01", "", 100, 216, 3),
        ("search", "ML Engineer", "L5", Filled, "Mei Lin", "2024-02-12", "", 100, 211, 3),
        ("search", "ML Engineer", "L4", Filled, "Lucas Ferreira", "2026-08-03", "", 100, 184, 4),
        ("search", "Senior ML Engineer", "L6", Open, "", "", "", 100, 250, 3),
        ("search", "Applied Scientist", "L5", Planned, "", "2027-04-05", "", 100, 220, 3),
        ("recs", "Engineering Manager", "EM", Filled, "Hannah Schmidt", "2022-09-01", "", 100, 262, 4),
        ("recs", "Senior ML Engineer", "L6", Filled, "Rafael Costa", "2021-11-01", "", 100, 256, 3),
        ("recs", "ML Engineer", "L5", Filled, "Yuki Tanaka", "2023-07-17", "", 100, 214, 3),
        ("recs", "ML Engineer", "L5", Leaving, "Omar Haddad", "2022-04-04", "2026-12-18", 100, 209, 3),
        ("recs", "ML Engineer", "L4", Filled, "Chloe Martin", "2025-10-06", "", 100, 181, 4),
        ("recs", "Senior ML Engineer", "L6", Open, "", "", "", 100, 250, 3),
        ("fraud", "Engineering Manager", "EM", Filled, "Grace Mensah", "2020-02-03", "", 100, 270, 4),
        ("fraud", "Staff ML Engineer", "Staff", Filled, "Viktor Petrov", "2019-09-16", "", 100, 312, 4),
        ("fraud", "Senior ML Engineer", "L6", Filled, "Fatima Zahra", "2022-03-14", "", 100, 255, 3),
        ("fraud", "ML Engineer", "L5", Filled, "Ethan Brooks", "2023-10-02", "", 100, 215, 3),
        ("fraud", "ML Engineer", "L5", Filled, "Sofia Rossi", "2024-06-03", "", 100, 212, 3),
        ("fraud", "ML Engineer", "L4", Filled, "Kwame Asante", "2025-09-01", "", 100, 186, 4),
        ("fraud", "ML Engineer", "L5", Planned, "", "2027-01-04", "", 100, 215, 3),
        ("forecasting", "Engineering Manager", "EM", Filled, "Laura Jensen", "2021-05-10", "", 100, 255, 4),
        ("forecasting", "Senior ML Engineer", "L6", Filled, "Arjun Mehta", "2022-08-22", "", 100, 246, 3),
        ("forecasting", "ML Engineer", "L5", Filled, "Nina Kowalski", "2023-03-06", "", 100, 206, 3),
        ("forecasting", "ML Engineer", "L4", Filled, "Samuel Adeyemi", "2024-09-09", "", 100, 180, 4),
        ("forecasting", "Data Scientist", "L5", Filled, "Elena Popescu", "2023-01-09", "", 50, 200, 3),
        ("forecasting", "ML Engineer", "L5", Open, "", "", "", 100, 215, 3),
        ("platform", "Senior Engineering Manager", "EM", Filled, "Marcus Lindqvist", "2020-01-13", "", 100, 288, 4),
        ("platform", "Staff Platform Engineer", "Staff", Filled, "Ines Duarte", "2020-04-20", "", 100, 318, 4),
        ("platform", "Senior MLOps Engineer", "L6", Filled, "Ravi Shankar", "2021-08-02", "", 100, 257, 3),
        ("platform", "Senior MLOps Engineer", "L6", Filled, "Julia Weber", "2022-02-28", "", 100, 251, 3),
        ("platform", "MLOps Engineer", "L5", Filled, "Ahmed Karim", "2023-06-12", "", 100, 221, 3),
        ("platform", "MLOps Engineer", "L5", Filled, "Olivia Chen", "2024-01-08", "", 100, 216, 3),
        ("platform", "MLOps Engineer", "L4", Filled, "Ben Carter", "2026-05-04", "", 100, 186, 4),
        ("platform", "Technical Program Manager", "L6", Filled, "Zoe Adams", "2023-04-03", "", 50, 232, 3),
        ("platform", "Staff MLOps Engineer", "Staff", Open, "", "", "", 100, 310, 5),
        ("platform", "MLOps Engineer", "L5", Planned, "", "2027-02-01", "", 100, 216, 3),
        ("data", "Engineering Manager", "EM", Filled, "Carlos Mendoza", "2021-01-11", "", 100, 250, 4),
        ("data", "Senior Data Engineer", "L6", Filled, "Anna Novak", "2021-10-04", "", 100, 241, 3),
        ("data", "Data Engineer", "L5", Filled, "Liam O'Brien", "2022-11-14", "", 100, 205, 3),
        ("data", "Data Engineer", "L5", Filled, "Sara Lindholm", "2024-03-18", "", 100, 201, 3),
        ("data", "Data Engineer", "L4", Leaving, "Jonas Berg", "2025-02-03", "2027-01-15", 100, 182, 3),
        ("data", "Analytics Engineer", "L5", Filled, "Maya Patel", "2023-08-21", "", 60, 196, 3),
        ("data", "Data Engineer", "L5", Open, "", "", "", 100, 205, 3),
        ("sre", "Staff Site Reliability Engineer", "Staff", Filled, "Diego Alvarez", "2021-07-05", "", 100, 300, 4),
        ("sre", "Site Reliability Engineer", "L6", Filled, "Hiroshi Sato", "2022-05-16", "", 100, 249, 3),
        ("sre", "Site Reliability Engineer", "L5", Filled, "Amelia Wright", "2024-11-04", "", 100, 221, 3),
        ("sre", "Site Reliability Engineer, ML", "L5", Open, "", "", "", 100, 220, 3),
        ("sre", "Site Reliability Engineer", "L5", Planned, "", "2027-04-05", "", 100, 220, 3),
    ]
};

impl Demo<'_> {
    pub(super) fn add_teams(&mut self) -> Result<()> {
        for &(slug, name, kind, domain, parent, ktlo_percent, leave_percent) in TEAMS {
            let parent_id = if parent.is_empty() {
                None
            } else {
                Some(self.team(parent)?)
            };
            let team = self.put(Team {
                id: 0,
                name: name.into(),
                kind,
                domain: domain.into(),
                parent_id,
                ktlo_percent,
                leave_percent,
            })?;
            self.teams.insert(slug, team.id);
        }
        Ok(())
    }

    pub(super) fn add_positions(&mut self) -> Result<()> {
        for &(team, role, level, status, person, start, end, allocation, cost_k, ramp) in POSITIONS
        {
            let position = self.put(Position {
                id: 0,
                team_id: self.team(team)?,
                role: role.into(),
                level: level.into(),
                status,
                person: person.into(),
                start_date: self.dates.optional_day(start)?,
                end_date: self.dates.optional_day(end)?,
                allocation_percent: allocation,
                loaded_cost_minor: cost_k * 1_000 * 100,
                currency: self.usd,
                ramp_months: ramp,
            })?;
            self.positions.push(position);
        }
        Ok(())
    }
}
