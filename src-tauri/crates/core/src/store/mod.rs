//! The SQLite store: opening a file safely, migrating it, and running work in transactions.
//! Only this module (and the area modules through it) writes the database.

pub mod capture;
pub mod entity;
mod migrations;
pub mod rules;

pub use migrations::LATEST as SCHEMA_VERSION;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction};

use crate::{Error, Result};

/// `PRAGMA application_id` of every Quartermaster file ("QMTR"), so foreign SQLite files are refused.
pub const APPLICATION_ID: i32 = 0x514D_5452;

/// An open organisation file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The page cache of a bulk write, in KiB as `PRAGMA cache_size` takes it when negative:
/// 64 MiB keeps a million-row import's peak memory well under 150 MB.
const BULK_CACHE_KIB: i64 = -65_536;

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// A file that is not a Quartermaster database, is corrupt, or was written by a newer
    /// version is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        inspect_existing(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
        }
        let conn = Connection::open(path).map_err(|e| database_error(&shown, e))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| database_error(&shown, e))?;
        Self::prepare(conn, path.to_path_buf())
    }

    /// An in-memory store for tests and scratch work (no WAL: memory databases cannot use it).
    pub fn open_in_memory() -> Result<Store> {
        Self::prepare(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn prepare(mut conn: Connection, path: PathBuf) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::migrate(&mut conn, &path.display().to_string())?;
        capture::install(&conn)?;
        Ok(Store { conn, path })
    }

    /// The file this store was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs one user action in one transaction: committed when it returns `Ok`, rolled back
    /// on `Err`. What it writes becomes one undo step (see `capture`).
    pub fn with_tx<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        capture::open_step(&tx)?;
        let value = work(&tx)?;
        capture::close_step(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs work that is not a user action in one transaction, keeping no undo step: a new
    /// organisation, the demo, a benchmark's data, and undo and redo themselves.
    pub fn with_untracked_tx<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn.transaction()?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs a large write (an import of a million rows) in one transaction so that its pages
    /// are written once: through a rollback journal, where a WAL transaction is written twice
    /// (to the log, then again at the checkpoint), and with a larger page cache so fewer pages
    /// spill before the commit. The WAL and the cache size are restored afterwards, whatever
    /// the outcome. When another connection holds the file, the WAL stays and this is `with_tx`.
    pub fn with_bulk_tx<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let mode: String = self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        let was_wal = mode.eq_ignore_ascii_case("wal");
        if was_wal {
            // Refused (busy) while another connection uses the WAL: then the WAL stays.
            let _ = self.conn.pragma_update(None, "journal_mode", "DELETE");
        }
        let cache: i64 = self
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        let outcome = self.with_tx(work);
        let restored = self
            .conn
            .pragma_update(None, "cache_size", cache)
            .and_then(|()| match was_wal {
                true => self.conn.pragma_update(None, "journal_mode", "WAL"),
                false => Ok(()),
            });
        let value = outcome?;
        restored?;
        Ok(value)
    }

    /// Writes a consistent copy of the whole database to `target` (File → Save a copy).
    pub fn save_copy(&self, target: &Path) -> Result<()> {
        // A hidden sibling, so a user's own `*.partial` file is never touched.
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let tmp = target.with_file_name(format!(".{name}.partial"));
        let _ = fs::remove_file(&tmp);
        self.conn
            .backup(
                rusqlite::MAIN_DB,
                &tmp,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| Error::io(target.display(), e))?;
        fs::rename(&tmp, target).map_err(|e| Error::io(target.display(), e))
    }
}

/// Checks an existing file without writing to it: SQLite header, application id, schema version.
fn inspect_existing(path: &Path) -> Result<()> {
    let shown = path.display().to_string();
    let mut header = [0u8; 16];
    let read = match fs::File::open(path) {
        Ok(mut file) => file.read(&mut header).map_err(|e| Error::io(&shown, e))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(&shown, e)),
    };
    if read == 0 {
        return Ok(());
    }
    if read < 16 || &header != b"SQLite format 3\0" {
        return Err(Error::Database {
            path: shown,
            reason: "not a Quartermaster database (not an SQLite file); it was left unchanged"
                .into(),
        });
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| database_error(&shown, e))?;
    let read_header = || -> rusqlite::Result<(i32, i64, i64)> {
        let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        Ok((app_id, version, tables))
    };
    let (app_id, version, tables) = read_header().map_err(|e| database_error(&shown, e))?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(Error::Database {
            path: shown,
            reason: "an SQLite database of another application, not Quartermaster; it was left unchanged"
                .into(),
        });
    }
    migrations::check_version(version, &shown)
}

fn database_error(path: &str, err: rusqlite::Error) -> Error {
    let reason = match err.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            "corrupt or not a database; it was left unchanged".to_string()
        }
        _ => err.to_string(),
    };
    Error::Database {
        path: path.to_string(),
        reason,
    }
}
