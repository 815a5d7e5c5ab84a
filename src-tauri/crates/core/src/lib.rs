//! Quartermaster's core: the domain, the SQLite store, imports and metrics.
//! Never depends on Tauri: everything that matters is tested here without a display.

pub mod amount;
pub mod error;
pub mod finops;
pub mod hiring;
pub mod kpi;
pub mod money;
pub mod ops;
pub mod org;
pub mod overview;
pub mod portfolio;
pub mod quarter;
pub mod records;
pub mod roadmap;
pub mod rules;
pub mod settings;
pub mod setup;
pub mod store;

pub use error::{Error, Location, Result};
pub use store::entity::{Entity, Timestamp, Validate};
pub use store::Store;
