//! Quartermaster's core: the domain, the SQLite store, imports and metrics.
//! Never depends on Tauri: everything that matters is tested here without a display.

pub mod allocation;
pub mod amount;
pub mod bench;
pub mod capacity;
pub mod cost_rollup;
pub mod debrief;
pub mod demo;
pub mod erase;
pub mod error;
pub mod finops;
pub mod focus;
pub mod focus_synth;
pub mod headcount;
pub mod hiring;
pub mod hiring_metrics;
pub mod import;
pub mod interview_kit;
pub mod kpi;
pub mod kpi_series;
pub mod money;
pub mod ops;
pub mod org;
pub mod overview;
pub mod pipeline;
pub mod plan;
pub mod planning;
pub mod portfolio;
pub mod quarter;
pub mod records;
pub mod roadmap;
#[cfg(test)]
mod roadmap_fixtures;
pub mod roadmap_kpi;
pub mod rules;
pub mod scenario;
pub mod scorecards;
pub mod settings;
pub mod setup;
pub mod store;
pub mod unit_cost;
pub mod usage_import;

pub use error::{Error, Location, Result};
pub use store::entity::{Entity, Timestamp, Validate};
pub use store::Store;
