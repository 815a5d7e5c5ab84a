//! Creating a new organisation: its settings plus the catalogue every organisation starts with.

use rusqlite::Connection;

use crate::settings::{self, Settings};
use crate::store::entity::Timestamp;
use crate::{hiring, kpi, Result};

/// Writes the settings, the KPI catalogue and the default scorecard dimensions.
pub fn new_organisation(conn: &Connection, settings: &Settings, now: Timestamp) -> Result<()> {
    settings::init(conn, settings, now)?;
    kpi::seed_catalogue(conn, now)?;
    hiring::seed_dimensions(conn, now)?;
    Ok(())
}
