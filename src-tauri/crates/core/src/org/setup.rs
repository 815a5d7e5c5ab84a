//! Creating a new organisation: its settings plus the catalogue every organisation starts with.

use rusqlite::Connection;

use crate::org::settings::{self, Settings};
use crate::store::entity::Timestamp;
use crate::{hiring, kpi, Result, Store};

/// Writes the settings, the KPI catalogue and the default scorecard dimensions.
pub fn new_organisation(conn: &Connection, settings: &Settings, now: Timestamp) -> Result<()> {
    settings::init(conn, settings, now)?;
    kpi::seed_catalogue(conn, now)?;
    hiring::seed_dimensions(conn, now)?;
    Ok(())
}

/// A new organisation in a scratch in-memory store (tests, benchmarks, previews).
pub fn in_memory(settings: &Settings, now: Timestamp) -> Result<Store> {
    let mut store = Store::open_in_memory()?;
    store.with_untracked_tx(|tx| new_organisation(tx, settings, now))?;
    Ok(store)
}
