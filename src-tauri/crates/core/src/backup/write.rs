//! Taking a backup: `VACUUM INTO` a hidden temporary file in the backups folder, switch the
//! copy to a rollback journal (so it is one self-contained file), check it with
//! `integrity_check`, count its records, hash it, write the sidecar, and only then rename it
//! into place. A crash at any moment leaves either no new backup or a whole one.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

use super::{folder, sidecar_path, BackupInfo, EXTENSION};
use crate::org::settings;
use crate::store::entity::Timestamp;
use crate::store::failure;
use crate::{records, Error, Result, Store};

/// Backs up the open `store` (its committed state) and prunes the rolling set by the
/// organisation's settings. In-memory stores are not backed up (`Ok(None)`).
pub fn create(store: &Store, reason: &str, now: Timestamp) -> Result<Option<BackupInfo>> {
    if !super::has_file(store) {
        return Ok(None);
    }
    let info = write_with(store.path(), reason, now, |tmp| {
        vacuum_into(store.conn(), tmp)
    })?;
    let keep = match settings::find(store.conn()) {
        Ok(Some(s)) => super::retention::Keep::from(&s),
        _ => super::retention::Keep::default(),
    };
    super::retention::prune(store.path(), keep, now)?;
    Ok(Some(info))
}

/// Backs up the file at `path` without opening it for writing (before a schema upgrade or a
/// restore, when no store is open). The rolling set is pruned at the next [`create`].
pub fn create_from_file(path: &Path, reason: &str, now: Timestamp) -> Result<BackupInfo> {
    let shown = path.display().to_string();
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
            Error::Database {
                path: shown.clone(),
                reason: format!("cannot be read to back it up: {e}"),
            }
        })?;
    write_with(path, reason, now, |tmp| vacuum_into(&conn, tmp))
}

/// Keeps the bytes of a file that cannot be read as a database (a restore over a damaged file
/// still keeps what it replaces). Listed like any backup, it is refused if ever restored.
pub fn copy_as_is(path: &Path, reason: &str, now: Timestamp) -> Result<BackupInfo> {
    let dir = folder(path);
    let (id, file_name) = new_name(&dir, reason, now)?;
    let tmp = dir.join(format!(".{file_name}.partial"));
    let target = dir.join(&file_name);
    let placed = (|| {
        fs::copy(path, &tmp).map_err(|e| Error::io(tmp.display(), e))?;
        let info = BackupInfo {
            id,
            file_name: file_name.clone(),
            taken_at: now,
            reason: reason.to_string(),
            size_bytes: fs::metadata(&tmp)
                .map_err(|e| Error::io(tmp.display(), e))?
                .len(),
            schema_version: 0,
            counts: BTreeMap::new(),
            sha256: sha256_of(&tmp)?,
        };
        write_sidecar(&target, &info)?;
        fs::rename(&tmp, &target).map_err(|e| Error::io(target.display(), e))?;
        Ok(info)
    })();
    if placed.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    placed
}

fn vacuum_into(conn: &Connection, target: &Path) -> Result<()> {
    let text = target.to_str().ok_or_else(|| {
        Error::io(
            target.display(),
            "the backups folder's path is not valid UTF-8",
        )
    })?;
    match conn.execute("VACUUM INTO ?1", [text]) {
        Ok(_) => Ok(()),
        // The file being backed up is damaged: say so, apart from a failure to write.
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ) =>
        {
            Err(Error::Database {
                path: target.display().to_string(),
                reason: format!("the file to back up is damaged ({e})"),
            })
        }
        // A full disk names the backups folder, where the space ran out.
        Err(e) => Err(failure::write_error(
            target.parent().unwrap_or(target),
            "the backup could not be written",
            e,
        )),
    }
}

/// Writes a new backup of `store_path` with `fill` (which writes a database at the path it is
/// given), verifies it and renames it into place.
pub(crate) fn write_with(
    store_path: &Path,
    reason: &str,
    now: Timestamp,
    fill: impl FnOnce(&Path) -> Result<()>,
) -> Result<BackupInfo> {
    let dir = folder(store_path);
    let (id, file_name) = new_name(&dir, reason, now)?;
    remove_stale_temporaries(&dir);
    let tmp = dir.join(format!(".{file_name}.partial"));
    let _ = fs::remove_file(&tmp);
    let written = fill(&tmp).and_then(|()| describe(&tmp, id, &file_name, reason, now));
    let info = match written {
        Ok(info) => info,
        Err(err) => {
            let _ = fs::remove_file(&tmp);
            return Err(err);
        }
    };
    let target = dir.join(&file_name);
    let placed = write_sidecar(&target, &info)
        .and_then(|()| fs::rename(&tmp, &target).map_err(|e| failure::io_error(&target, e)));
    if let Err(err) = placed {
        let _ = fs::remove_file(&tmp);
        let _ = fs::remove_file(sidecar_path(&target));
        return Err(err);
    }
    Ok(info)
}

/// Makes the copy at `path` self-contained, checks it and describes it for its sidecar.
pub(crate) fn describe(
    path: &Path,
    id: u32,
    file_name: &str,
    reason: &str,
    now: Timestamp,
) -> Result<BackupInfo> {
    let (schema_version, counts) = seal(path)?;
    let file = fs::File::open(path).map_err(|e| Error::io(path.display(), e))?;
    file.sync_all().map_err(|e| Error::io(path.display(), e))?;
    let size_bytes = file
        .metadata()
        .map_err(|e| Error::io(path.display(), e))?
        .len();
    Ok(BackupInfo {
        id,
        file_name: file_name.to_string(),
        taken_at: now,
        reason: reason.to_string(),
        size_bytes,
        schema_version,
        counts,
        sha256: sha256_of(path)?,
    })
}

/// Switches the copy to a rollback journal, runs `integrity_check` and counts its records.
fn seal(path: &Path) -> Result<(i64, BTreeMap<String, i64>)> {
    let shown = path.display().to_string();
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| Error::io(&shown, format!("the new backup cannot be opened: {e}")))?;
    let _: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    integrity_check(&conn, &shown)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let counts = count_records(&conn);
    conn.close().map_err(|(_, e)| Error::io(&shown, e))?;
    Ok((version, counts))
}

/// `PRAGMA integrity_check`, as an error naming `shown` when it is not "ok".
pub(crate) fn integrity_check(conn: &Connection, shown: &str) -> Result<()> {
    let outcome: rusqlite::Result<Vec<String>> = conn
        .prepare("PRAGMA integrity_check(5)")
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect());
    match outcome {
        Ok(lines) if lines == ["ok"] => Ok(()),
        Ok(lines) => Err(Error::Database {
            path: shown.to_string(),
            reason: format!("damaged (integrity check: {})", lines.join("; ")),
        }),
        Err(e) => Err(Error::Database {
            path: shown.to_string(),
            reason: format!("damaged or not a database ({e})"),
        }),
    }
}

/// Records of every kind the copy holds (kinds its schema does not have yet are left out).
fn count_records(conn: &Connection) -> BTreeMap<String, i64> {
    records::names()
        .filter_map(|kind| {
            records::count(conn, kind)
                .ok()
                .map(|n| (kind.to_string(), n))
        })
        .collect()
}

/// SHA-256 of a file, as lowercase hex.
pub fn sha256_of(path: &Path) -> Result<String> {
    let mut file = fs::File::open(path).map_err(|e| Error::io(path.display(), e))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let read = file
            .read(&mut buffer)
            .map_err(|e| Error::io(path.display(), e))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Writes the sidecar of the backup at `backup` through a hidden temp file and a rename.
pub(crate) fn write_sidecar(backup: &Path, info: &BackupInfo) -> Result<()> {
    let target = sidecar_path(backup);
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let tmp = target.with_file_name(format!(".{name}.partial"));
    let json = serde_json::to_vec_pretty(info)
        .map_err(|e| Error::io(target.display(), format!("cannot encode: {e}")))?;
    fs::write(&tmp, json)
        .and_then(|()| fs::rename(&tmp, &target))
        .map_err(|e| {
            let _ = fs::remove_file(&tmp);
            failure::io_error(&target, e)
        })
}

/// The number and file name of the next backup in `dir` (created if missing):
/// `0007-20261205T091500Z-before-import.qmbackup`.
fn new_name(dir: &Path, reason: &str, now: Timestamp) -> Result<(u32, String)> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
    let id = next_id(dir)?;
    let name = format!(
        "{id:04}-{}-{}.{EXTENSION}",
        now.format("%Y%m%dT%H%M%SZ"),
        slug(reason)
    );
    Ok((id, name))
}

/// Hidden leftovers of a backup that was interrupted (a crash between write and rename).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // The temporary backup and any journal SQLite kept beside it (`.partial-journal`).
        if name.starts_with('.') && name.contains(".partial") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// One more than the highest number in the folder (counting sidecars left without a backup).
fn next_id(dir: &Path) -> Result<u32> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir.display(), e))?;
    let highest = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.split('-').next().and_then(|n| n.parse::<u32>().ok())
        })
        .max()
        .unwrap_or(0);
    Ok(highest + 1)
}

/// The reason as a short file-name part: lowercase letters, digits and dashes.
fn slug(reason: &str) -> String {
    let mut out = String::new();
    for c in reason.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 32 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "backup".into()
    } else {
        out
    }
}

/// A hidden temporary path beside `target` (same folder, so the final rename is atomic).
pub(crate) fn hidden_temp(target: &Path, suffix: &str) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}.{suffix}"))
}
