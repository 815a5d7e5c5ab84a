//! The one place that says "back up, then do this": imports and their undo, quarter commit
//! and close, scenario promotion and erasure run through [`guarded`], and opening a file goes
//! through [`open`] (a backup before a schema upgrade, and one a day). The shell and the CLI
//! call these; the area functions they wrap stay unaware of backups.

use std::path::Path;

use chrono::Duration;
use rusqlite::{Connection, OpenFlags};

use super::{write, BackupInfo};
use crate::org::settings;
use crate::store::entity::Timestamp;
use crate::store::SCHEMA_VERSION;
use crate::{Error, Result, Store};

/// Backs up `store` (reason recorded) and then runs `work` on it. In-memory stores skip the
/// backup. A backup that fails stops here, before `work` changes anything.
pub fn guarded<T>(
    store: &mut Store,
    reason: &str,
    now: Timestamp,
    work: impl FnOnce(&mut Store) -> Result<T>,
) -> Result<T> {
    write::create(store, reason, now)?;
    work(store)
}

/// A file opened through [`open`], and whether its daily backup failed (the file is still
/// usable; the caller says so).
pub struct Opened {
    pub store: Store,
    /// The backup taken on opening, if one was due.
    pub daily: Option<BackupInfo>,
    pub daily_error: Option<Error>,
}

/// Opens the file at `path` like `Store::open`, first backing it up when its schema is about
/// to be upgraded, then taking the daily backup when the newest one is older than a day.
pub fn open(path: &Path, now: Timestamp) -> Result<Opened> {
    if let Some(version) = schema_version_of(path).filter(|v| (1..SCHEMA_VERSION).contains(v)) {
        write::create_from_file(
            path,
            &format!("before upgrade from schema {version} to {SCHEMA_VERSION}"),
            now,
        )?;
    }
    let store = Store::open(path)?;
    let mut opened = Opened {
        store,
        daily: None,
        daily_error: None,
    };
    if !matches!(settings::find(opened.store.conn()), Ok(Some(_))) {
        return Ok(opened);
    }
    let due = match super::last_taken(path) {
        Ok(Some(last)) => now - last >= Duration::days(1),
        Ok(None) => true,
        Err(_) => true,
    };
    if due {
        match write::create(&opened.store, "daily", now) {
            Ok(info) => opened.daily = info,
            Err(err) => opened.daily_error = Some(err),
        }
    }
    Ok(opened)
}

/// The schema version of an existing Quartermaster-looking file, read without writing.
fn schema_version_of(path: &Path) -> Option<i64> {
    if !path.is_file() {
        return None;
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .ok()?;
    if app_id != crate::store::APPLICATION_ID {
        return None;
    }
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .ok()
}
