//! Schema migrations: numbered SQL files applied in order, in one transaction, tracked by
//! `PRAGMA user_version`. Old migrations are never edited; a change is a new file.

use rusqlite::Connection;

use super::APPLICATION_ID;
use crate::{Error, Result};

/// Every migration, in order; index + 1 is the schema version it produces.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_schema.sql"),
    include_str!("migrations/0002_finops_imports.sql"),
    include_str!("migrations/0003_roadmap_scenarios.sql"),
    include_str!("migrations/0004_hiring.sql"),
    include_str!("migrations/0005_drop_unused_cost_index.sql"),
    include_str!("migrations/0006_undo_history.sql"),
    include_str!("migrations/0007_backup_settings.sql"),
    include_str!("migrations/0008_lean_billing_lines.sql"),
    include_str!("migrations/0009_allocated_spend_cache.sql"),
    include_str!("migrations/0010_import_mappings.sql"),
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Refuses a database whose schema is newer than this build knows.
pub(crate) fn check_version(version: i64, path: &str) -> Result<()> {
    if version > LATEST {
        return Err(Error::Database {
            path: path.to_string(),
            reason: format!(
                "written by a newer Quartermaster (schema version {version}; this build knows up to {LATEST}); \
                 upgrade the app to open it — the file was left unchanged"
            ),
        });
    }
    Ok(())
}

/// Applies the missing migrations in one transaction.
pub(crate) fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    check_version(version, path)?;
    if version == LATEST {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}
