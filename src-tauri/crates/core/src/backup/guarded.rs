//! The one place that says "back up, then do this": imports and their undo, quarter commit
//! and close, scenario promotion and erasure run through [`guarded`], and opening a file goes
//! through [`open`] (a backup before a schema upgrade, and one a day). The shell and the CLI
//! call these; the area functions they wrap stay unaware of backups.

use std::path::Path;

use chrono::Duration;

use super::{write, BackupInfo};
use crate::org::settings;
use crate::store::entity::Timestamp;
use crate::store::{Access, SCHEMA_VERSION};
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

/// Opens the file at `path` as `Store::open_with` does, backing it up first when its schema is
/// about to be upgraded; opened for writing, it then takes the daily backup when the newest one
/// is older than a day (a read-only opener leaves backups to the writer).
pub fn open(path: &Path, access: Access<'_>, now: Timestamp) -> Result<Opened> {
    let store = Store::open_upgrading_with(path, access, |version| {
        write::create_from_file(
            path,
            &format!("before upgrade from schema {version} to {SCHEMA_VERSION}"),
            now,
        )
        .map(|_| ())
    })?;
    let mut opened = Opened {
        store,
        daily: None,
        daily_error: None,
    };
    if opened.store.is_read_only() || !matches!(settings::find(opened.store.conn()), Ok(Some(_))) {
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
