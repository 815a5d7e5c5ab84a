//! The roadmap area: initiatives and their dependencies, the plan in memory with the ramp curve,
//! capacity, the headcount plan, scenarios, the quarter's cycle (commit, close, predictability),
//! the diff against a snapshot, the board, the commit/close review and the roadmap's KPIs.
//! Arrows point down: kpis → cycle; review → cycle, diff; diff → cycle;
//! scenario → board, capacity, headcount; board → capacity → plan → initiative.

pub mod board;
pub mod capacity;
pub mod cycle;
pub mod diff;
#[cfg(test)]
mod fixtures;
pub mod headcount;
pub mod initiative;
pub mod kpis;
pub mod plan;
pub mod review;
pub mod scenario;
