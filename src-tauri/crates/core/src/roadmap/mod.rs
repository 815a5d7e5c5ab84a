//! The roadmap area: initiatives and their dependencies, the plan in memory with the ramp curve,
//! capacity, the headcount plan, scenarios, quarter planning (commit, close, diff, board) and the
//! roadmap's KPIs. Arrows point down: kpis → planning → capacity/headcount → plan → initiative.

pub mod capacity;
#[cfg(test)]
mod fixtures;
pub mod headcount;
pub mod initiative;
pub mod kpis;
pub mod plan;
pub mod planning;
pub mod scenario;
