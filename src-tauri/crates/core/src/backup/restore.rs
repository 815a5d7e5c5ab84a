//! Putting a backup back: the chosen backup is verified (its SHA-256 against the sidecar, then
//! `integrity_check`), the current file is backed up ("before restore"), the copy is written
//! to a hidden file beside the target and renamed over it in one step. A crash at any moment
//! leaves the target wholly as it was or wholly restored. The caller closes its store first
//! and opens the file again afterwards (the old connection would point at the replaced file).

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::write::{copy_as_is, create_from_file, hidden_temp, integrity_check, sha256_of};
use super::{find, path_of, BackupInfo};
use crate::store::entity::Timestamp;
use crate::store::APPLICATION_ID;
use crate::{Error, Result};

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
pub struct Restored {
    pub backup: BackupInfo,
    /// The file that now holds the backup's contents.
    pub target: PathBuf,
    /// The backup of the state the restore replaced (none for `--to` a new file).
    pub safety: Option<BackupInfo>,
}

/// Checks that a backup is whole: same bytes as when written, and a sound database.
pub fn verify(store_path: &Path, info: &BackupInfo) -> Result<()> {
    let path = path_of(store_path, info);
    let shown = format!("backup {} ({})", info.id, path.display());
    let refused = |why: String| Error::Database {
        path: shown.clone(),
        reason: format!("{why}; it was not restored"),
    };
    let size = fs::metadata(&path)
        .map_err(|e| refused(format!("cannot be read ({e})")))?
        .len();
    if size != info.size_bytes {
        return Err(refused(format!(
            "is damaged: it holds {size} bytes where {} were written",
            info.size_bytes
        )));
    }
    let sha = sha256_of(&path).map_err(|e| refused(e.to_string()))?;
    if sha != info.sha256 {
        return Err(refused(
            "is damaged: its contents no longer match the SHA-256 recorded when it was written"
                .into(),
        ));
    }
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| refused(format!("cannot be opened ({e})")))?;
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| refused(format!("is not a database ({e})")))?;
    if app_id != APPLICATION_ID {
        return Err(refused("is not a Quartermaster database".into()));
    }
    integrity_check(&conn, &shown).map_err(|e| refused(e.message()))
}

/// Restores backup `id` of the file at `store_path` over that file, or into `to` (a new file;
/// the current one is left alone). No store may hold the target open meanwhile.
pub fn restore(store_path: &Path, id: u32, to: Option<&Path>, now: Timestamp) -> Result<Restored> {
    let info = find(store_path, id)?;
    verify(store_path, &info)?;
    let target = to.unwrap_or(store_path).to_path_buf();
    if to.is_some() && target.exists() {
        return Err(Error::Conflict(format!(
            "{} already exists; restore into a new file",
            target.display()
        )));
    }
    let tmp = hidden_temp(&target, "restoring.partial");
    let _ = fs::remove_file(&tmp);
    let copied = copy_synced(&path_of(store_path, &info), &tmp);
    if let Err(err) = copied {
        let _ = fs::remove_file(&tmp);
        return Err(err);
    }
    let outcome = (|| {
        let safety = match to {
            None if target.exists() => {
                Some(match create_from_file(&target, "before restore", now) {
                    Ok(info) => info,
                    // A damaged file (the usual reason to restore) is kept byte for byte instead.
                    Err(Error::Database { .. }) => {
                        copy_as_is(&target, "before restore (unreadable, copied as is)", now)?
                    }
                    Err(err) => return Err(err),
                })
            }
            _ => None,
        };
        settle(&target);
        fs::rename(&tmp, &target).map_err(|e| Error::io(target.display(), e))?;
        remove_journals(&target);
        Ok(safety)
    })();
    match outcome {
        Ok(safety) => Ok(Restored {
            backup: info,
            target,
            safety,
        }),
        Err(err) => {
            let _ = fs::remove_file(&tmp);
            Err(err)
        }
    }
}

fn copy_synced(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to).map_err(|e| Error::io(to.display(), e))?;
    fs::File::open(to)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(to.display(), e))
}

/// Folds the target's WAL into it and switches it to a rollback journal, so the rename that
/// follows replaces one self-contained file. When that fails (a damaged target) its WAL and
/// shared-memory files are removed instead, so they can never be applied to the restored file.
fn settle(target: &Path) {
    if !target.exists() {
        remove_journals(target);
        return;
    }
    let settled =
        Connection::open_with_flags(target, OpenFlags::SQLITE_OPEN_READ_WRITE).and_then(|conn| {
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
            conn.close().map_err(|(_, e)| e)?;
            Ok(mode.eq_ignore_ascii_case("delete"))
        });
    if !matches!(settled, Ok(true)) {
        remove_journals(target);
    }
}

fn remove_journals(target: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = target.as_os_str().to_owned();
        name.push(suffix);
        let _ = fs::remove_file(PathBuf::from(name));
    }
}
