//! Quartermaster's core: the domain, the SQLite store, imports and metrics.
//! Never depends on Tauri: everything that matters is tested here without a display.

pub mod backup;
pub mod bench;
pub mod demo;
pub mod error;
pub mod finops;
pub mod getting_started;
pub mod hiring;
pub mod history;
pub mod kpi;
pub mod ops;
pub mod org;
pub mod overview;
pub mod portfolio;
pub mod records;
pub mod roadmap;
pub mod store;
#[cfg(test)]
mod test_clock;
pub mod values;

pub use error::{Error, Location, Result};
pub use store::entity::{Entity, Timestamp, Validate};
pub use store::Store;
