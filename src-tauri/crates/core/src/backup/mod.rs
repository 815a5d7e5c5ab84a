//! Automatic backups of an organisation file: consistent, verified copies in a folder beside
//! the file (`<file>.backups/`), each with a small JSON sidecar (time, reason, size, record
//! counts, SHA-256). `write` takes one, `retention` decides which the rolling set keeps,
//! `guarded` is the one place that says "back up, then do this", `restore` puts one back,
//! `scrub` carries an erasure into every backup.
//!
//! Nothing here reads the clock: every function that stamps a backup takes `now`.

pub mod guarded;
pub mod restore;
pub mod retention;
pub mod scrub;
pub mod write;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::entity::Timestamp;
use crate::{Error, Result, Store};

/// The extension of a backup file.
pub const EXTENSION: &str = "qmbackup";
/// The extension of its sidecar, appended to the backup's own name.
const SIDECAR: &str = "json";

/// One backup, as its sidecar describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupInfo {
    /// The number in its file name (1, 2, …), unique in its folder.
    pub id: u32,
    /// The backup file's name inside the backups folder.
    pub file_name: String,
    pub taken_at: Timestamp,
    /// Why it was taken ("before import", "daily", "on demand"…).
    pub reason: String,
    pub size_bytes: u64,
    /// The schema version of the copy (older copies are upgraded when restored and opened).
    pub schema_version: i64,
    /// Records of each kind in the copy, by kind name.
    pub counts: BTreeMap<String, i64>,
    /// SHA-256 of the backup file, hex; checked before a restore.
    pub sha256: String,
}

/// Whether `store` lives in a file (in-memory stores, for tests and scratch work, skip backups).
pub fn has_file(store: &Store) -> bool {
    is_file_path(store.path())
}

fn is_file_path(path: &Path) -> bool {
    let text = path.as_os_str();
    !text.is_empty() && text != ":memory:"
}

/// The folder that holds the backups of the file at `store_path`.
pub fn folder(store_path: &Path) -> PathBuf {
    let mut name = store_path.as_os_str().to_owned();
    name.push(".backups");
    PathBuf::from(name)
}

/// The full path of a backup.
pub fn path_of(store_path: &Path, info: &BackupInfo) -> PathBuf {
    folder(store_path).join(&info.file_name)
}

fn sidecar_path(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(".");
    name.push(SIDECAR);
    PathBuf::from(name)
}

/// Every complete backup of the file at `store_path`, newest first. A backup is listed only
/// when both it and its sidecar are in place; hidden temporary files are never listed.
pub fn list(store_path: &Path) -> Result<Vec<BackupInfo>> {
    let dir = folder(store_path);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir.display(), e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir.display(), e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !name.ends_with(&format!(".{EXTENSION}.{SIDECAR}")) {
            continue;
        }
        let sidecar = entry.path();
        let backup = dir.join(name.trim_end_matches(&format!(".{SIDECAR}")));
        if !backup.is_file() {
            continue;
        }
        // An unreadable sidecar hides its backup from the list rather than failing it.
        if let Some(info) = fs::read(&sidecar)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<BackupInfo>(&bytes).ok())
        {
            found.push(info);
        }
    }
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.id.cmp(&a.id)));
    Ok(found)
}

/// The backup numbered `id`, or an error naming it.
pub fn find(store_path: &Path, id: u32) -> Result<BackupInfo> {
    list(store_path)?
        .into_iter()
        .find(|b| b.id == id)
        .ok_or_else(|| {
            Error::Conflict(format!(
                "there is no backup {id} of {}; `quartermaster backups list` shows them",
                store_path.display()
            ))
        })
}

/// When the newest backup of the file was taken, if there is one.
pub fn last_taken(store_path: &Path) -> Result<Option<Timestamp>> {
    Ok(list(store_path)?.first().map(|b| b.taken_at))
}

/// Removes a backup and its sidecar (the backup first, so a half-removed one is never listed).
fn remove(store_path: &Path, info: &BackupInfo) -> Result<()> {
    let backup = path_of(store_path, info);
    fs::remove_file(&backup).map_err(|e| Error::io(backup.display(), e))?;
    let sidecar = sidecar_path(&backup);
    fs::remove_file(&sidecar).map_err(|e| Error::io(sidecar.display(), e))
}

#[cfg(test)]
mod tests;
