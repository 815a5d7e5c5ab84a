//! The SQLite store: opening a file safely, migrating it, and running work in transactions.
//! Only this module (and the area modules through it) writes the database.

pub mod capture;
pub mod entity;
pub mod failure;
pub mod lock;
mod migrations;
pub mod rules;

pub use migrations::LATEST as SCHEMA_VERSION;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction};

use self::failure::{explain, FileProblem};
use self::lock::WriterLock;
use crate::{Error, Result};

/// `PRAGMA application_id` of every Quartermaster file ("QMTR"), so foreign SQLite files are refused.
pub const APPLICATION_ID: i32 = 0x514D_5452;

/// An open organisation file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Opened to look only: every write is refused before it starts.
    read_only: bool,
    /// The file as it was at open, so a write after it was deleted or replaced is refused.
    identity: Option<FileIdentity>,
    /// Held while open for writing by a program (`open_with`), so no second writer comes in.
    _lock: Option<WriterLock>,
}

/// How a program opens a file.
#[derive(Debug, Clone, Copy)]
pub enum Access<'a> {
    /// To change it: takes the writer lock, waiting up to `wait` for another holder, and
    /// names `program` ("Quartermaster app", "quartermaster import") to whoever comes next.
    Write { program: &'a str, wait: Duration },
    /// To look only, beside another writer: no lock, no migration, no write.
    ReadOnly,
}

/// The page cache of a bulk write, in KiB as `PRAGMA cache_size` takes it when negative:
/// 64 MiB keeps a million-row import's peak memory well under 150 MB.
const BULK_CACHE_KIB: i64 = -65_536;

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date,
    /// without the writer lock: for tests and work inside one process. Programs use `open_with`.
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
            .map_err(|e| explain(path, database_error(&shown, e)))?;
        Self::prepare(conn, path.to_path_buf())
    }

    /// Opens `path` the way a program does: for writing under the writer lock (created if
    /// needed, migrated), or read-only beside another writer (it must exist and be current).
    pub fn open_with(path: &Path, access: Access<'_>) -> Result<Store> {
        Self::open_upgrading_with(path, access, |_| Ok(()))
    }

    /// `open_with`, calling `before_upgrade(version)` under the writer lock when the file holds
    /// an older schema, before it is migrated (the backup taken before an upgrade).
    pub fn open_upgrading_with(
        path: &Path,
        access: Access<'_>,
        before_upgrade: impl FnOnce(i64) -> Result<()>,
    ) -> Result<Store> {
        let Access::Write { program, wait } = access else {
            return Self::open_read_only(path);
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
        }
        let lock = lock::acquire(path, program, wait)?;
        if let Some(version) = existing_version(path)?.filter(|v| (1..SCHEMA_VERSION).contains(v)) {
            before_upgrade(version)?;
        }
        Self::open_holding(path, lock)
    }

    /// Opens `path` for writing under a writer lock already held (taken back from `into_lock`).
    pub fn open_holding(path: &Path, lock: WriterLock) -> Result<Store> {
        let mut store = Self::open(path)?;
        store._lock = Some(lock);
        Ok(store)
    }

    /// Closes the file but keeps its writer lock, for work that replaces the file itself (a
    /// restore) before opening it again with `open_holding`.
    pub fn into_lock(self) -> Option<WriterLock> {
        self._lock
    }

    /// Opens an existing file to look at only (a backup, or a file another window is writing):
    /// SQLite refuses every write, and `query_only` makes that refusal immediate. The file must
    /// already be at this build's schema, since it cannot be upgraded without writing.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        if !path.exists() {
            return Err(Error::File {
                path: shown,
                problem: FileProblem::Missing,
            });
        }
        inspect_existing(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| database_error(&shown, e))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| database_error(&shown, e))?;
        if version < SCHEMA_VERSION {
            return Err(Error::Database {
                path: shown,
                reason: "written by an older Quartermaster; open it once for writing to bring it up to date, then it can be opened read-only".into(),
            });
        }
        conn.pragma_update(None, "query_only", true)?;
        Ok(Store {
            conn,
            identity: FileIdentity::of(path),
            path: path.to_path_buf(),
            read_only: true,
            _lock: None,
        })
    }

    /// An in-memory store for tests and scratch work (no WAL: memory databases cannot use it).
    pub fn open_in_memory() -> Result<Store> {
        Self::prepare(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn prepare(mut conn: Connection, path: PathBuf) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::migrate(&mut conn, &path.display().to_string())
            .map_err(|e| explain(&path, e))?;
        capture::install(&conn)?;
        Ok(Store {
            conn,
            identity: FileIdentity::of(&path),
            path,
            read_only: false,
            _lock: None,
        })
    }

    /// Whether this store was opened to look only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// A number that changes whenever another connection (another window, a CLI import)
    /// commits to the file, so a window knows when to refresh what it shows.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Refuses a write before it starts when this store may not or cannot write the file.
    fn check_writable(&self) -> Result<()> {
        let problem = if self.read_only {
            Some(FileProblem::OpenedReadOnly)
        } else if self.identity.is_some() && FileIdentity::of(&self.path) != self.identity {
            Some(FileProblem::Missing)
        } else {
            None
        };
        match problem {
            Some(problem) => Err(Error::File {
                path: self.path.display().to_string(),
                problem,
            }),
            None => Ok(()),
        }
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
    /// on `Err`. What it writes becomes one undo step (see `capture`). A failure of the file
    /// itself (full disk, read-only folder, another writer) is reported as such, not in
    /// SQLite's words.
    pub fn with_tx<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.run_tx(true, work)
    }

    /// Runs work that is not a user action in one transaction, keeping no undo step: a new
    /// organisation, the demo, a benchmark's data, and undo and redo themselves.
    pub fn with_untracked_tx<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.run_tx(false, work)
    }

    fn run_tx<T>(
        &mut self,
        tracked: bool,
        work: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.check_writable()?;
        let path = self.path.clone();
        let run = || -> Result<T> {
            let tx = self.conn.transaction()?;
            if tracked {
                capture::open_step(&tx)?;
            }
            let value = work(&tx)?;
            if tracked {
                capture::close_step(&tx)?;
            }
            tx.commit()?;
            Ok(value)
        };
        run().map_err(|e| explain(&path, e))
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
        self.check_writable()?;
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
                // Back in WAL mode the pager keeps a read lock until the next read, and a
                // checkpoint before it (an erasure's) would be refused as "table is locked".
                true => self
                    .conn
                    .pragma_update(None, "journal_mode", "WAL")
                    .and_then(|()| {
                        self.conn
                            .query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
                    }),
                false => Ok(()),
            });
        let value = outcome?;
        restored?;
        Ok(value)
    }

    /// Writes a consistent copy of the whole database to `target` (File → Save a copy), through
    /// a hidden temporary sibling that is removed if the copy fails, so a failed copy leaves
    /// neither a half-written file nor a stray one.
    pub fn save_copy(&self, target: &Path) -> Result<()> {
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let tmp = target.with_file_name(format!(".{name}.partial"));
        let _ = fs::remove_file(&tmp);
        let copied = self
            .conn
            .backup(
                rusqlite::MAIN_DB,
                &tmp,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| failure::write_error(target, "the copy could not be written", e))
            .and_then(|()| fs::rename(&tmp, target).map_err(|e| failure::io_error(target, e)));
        if copied.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        copied
    }
}

/// Which file a path names (device and inode), to notice it being deleted or replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileIdentity(u64, u64);

impl FileIdentity {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<FileIdentity> {
        use std::os::unix::fs::MetadataExt;
        if path == Path::new(":memory:") {
            return None;
        }
        fs::metadata(path)
            .ok()
            .map(|m| FileIdentity(m.dev(), m.ino()))
    }

    /// Elsewhere an open file cannot be deleted, so there is nothing to notice.
    #[cfg(not(unix))]
    fn of(_path: &Path) -> Option<FileIdentity> {
        None
    }
}

/// Whether the file at `path` holds an older schema that opening it for writing would migrate.
pub fn needs_upgrade(path: &Path) -> Result<bool> {
    Ok(existing_version(path)?.is_some_and(|v| v < SCHEMA_VERSION))
}

/// The schema version of the Quartermaster file at `path`, read without writing; `None` when
/// there is no file yet (or an empty one).
fn existing_version(path: &Path) -> Result<Option<i64>> {
    if !path.is_file() || fs::metadata(path).map(|m| m.len() == 0).unwrap_or(true) {
        return Ok(None);
    }
    inspect_existing(path)?;
    let shown = path.display().to_string();
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| database_error(&shown, e))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| database_error(&shown, e))?;
    Ok(Some(version))
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
