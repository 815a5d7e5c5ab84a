//! The open organisation file, kept in Tauri state and shared by every command, and how it is
//! described to the UI. One `Store` behind a mutex: commands run one at a time against it,
//! which is what SQLite wants.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};
use quartermaster_core::backup;
use quartermaster_core::org::settings::{self, Settings};
use quartermaster_core::store::Access;
use quartermaster_core::{Result as CoreResult, Store};
use rusqlite::Transaction;
use serde::Serialize;

use crate::error::{CommandError, CommandResult};

/// The file the window shows, open or not.
pub struct Session {
    /// Where the organisation lives (it may not exist yet on first run).
    pub path: PathBuf,
    /// The open store; `None` when the file does not exist or could not be opened.
    pub store: Option<Store>,
    /// Why the file could not be opened, shown on the welcome screen.
    pub problem: Option<CommandError>,
    /// The file's `data_version` when last looked at, to notice another process's commits.
    pub seen_version: Option<i64>,
    /// When the window shows a backup read-only: the organisation file it belongs to.
    pub read_only_of: Option<PathBuf>,
}

/// How the app names itself in the writer lock, for another program's "in use" message.
const PROGRAM: &str = "the Quartermaster app";

/// How the app opens a file for writing: no waiting, another writer is reported at once.
const WRITE: Access<'static> = Access::Write {
    program: PROGRAM,
    wait: std::time::Duration::ZERO,
};

impl Session {
    /// Opens `path` when it exists; a missing file is a first run, not an error (nothing is
    /// created until the user chooses the demo or a new organisation).
    /// Opening backs the file up before a schema upgrade, and once a day (`backup::guarded`).
    pub fn at(path: PathBuf) -> Session {
        if !path.exists() {
            return Session::empty(path);
        }
        Session::opened(path, |path| {
            backup::guarded::open(path, WRITE, Utc::now()).map(|opened| opened.store)
        })
    }

    /// Opens `path` to look only, beside another Quartermaster that writes it.
    pub fn read_only(path: PathBuf) -> Session {
        Session::opened(path, |path| Store::open_with(path, Access::ReadOnly))
    }

    /// A session on a file that does not exist yet (File → New, first run), or on nothing.
    pub fn empty(path: PathBuf) -> Session {
        Session {
            path,
            store: None,
            problem: None,
            seen_version: None,
            read_only_of: None,
        }
    }

    /// A session on `store`, opened from `path`, or on the reason it could not be opened.
    pub fn opened(path: PathBuf, open: impl FnOnce(&Path) -> CoreResult<Store>) -> Session {
        match open(&path) {
            Ok(store) => Session {
                seen_version: store.data_version().ok(),
                store: Some(store),
                ..Session::empty(path)
            },
            Err(err) => Session {
                problem: Some(err.into()),
                ..Session::empty(path)
            },
        }
    }

    /// Whether another process committed to the file since the last call (the window then
    /// refreshes what it shows).
    pub fn changed_elsewhere(&mut self) -> CommandResult<bool> {
        let Some(store) = &self.store else {
            return Ok(false);
        };
        let version = store.data_version()?;
        let changed = self.seen_version.is_some_and(|seen| seen != version);
        self.seen_version = Some(version);
        Ok(changed)
    }

    /// The organisation file whose backups apply (the original when a backup is shown).
    pub fn file(&self) -> &Path {
        self.read_only_of.as_deref().unwrap_or(&self.path)
    }

    /// The open store, or the error that says why there is none.
    pub fn store(&self) -> CommandResult<&Store> {
        match (&self.store, &self.problem) {
            (Some(store), _) => Ok(store),
            (None, Some(problem)) => Err(problem.clone()),
            (None, None) => Err(CommandError::no_organisation()),
        }
    }

    /// The open store, to change: refused while a backup is shown, or with no organisation.
    fn writable(&mut self) -> CommandResult<&mut Store> {
        if self.read_only_of.is_some() {
            return Err(CommandError::read_only());
        }
        self.store
            .as_mut()
            .ok_or_else(CommandError::no_organisation)
    }

    /// The open store for writing, opening (and so creating) the file when needed.
    pub fn store_mut(&mut self) -> CommandResult<&mut Store> {
        if self.read_only_of.is_some() {
            return Err(CommandError::read_only());
        }
        if let Some(problem) = &self.problem {
            return Err(problem.clone());
        }
        let store = match self.store.take() {
            Some(store) => store,
            None => Store::open_with(&self.path, WRITE)?,
        };
        Ok(self.store.insert(store))
    }
}

/// What the window shows: which file, whether it holds an organisation, and its settings.
#[derive(Debug, Clone, Serialize)]
pub struct SessionInfo {
    pub path: String,
    pub file_name: String,
    /// `None` on first run (no file, or a file without an organisation).
    pub settings: Option<Settings>,
    /// Why the file could not be opened.
    pub problem: Option<CommandError>,
    /// Opened to look only (another Quartermaster writes it): every change is refused.
    pub read_only: bool,
    pub today: NaiveDate,
    /// The fiscal quarter containing today, and a range around it for the quarter selector.
    pub quarter: Option<String>,
    pub quarters: Vec<String>,
    /// The window shows a backup (so `read_only` too).
    pub backup: bool,
    /// When the newest backup of the file was taken, for the File menu.
    pub last_backup: Option<DateTime<Utc>>,
}

/// Describes the session for the UI, as of `today`.
pub fn describe(session: &Session, today: NaiveDate) -> SessionInfo {
    let found = session
        .store
        .as_ref()
        .map(|store| settings::find(store.conn()));
    let (settings, problem) = match found {
        Some(Ok(settings)) => (settings, session.problem.clone()),
        Some(Err(err)) => (None, Some(err.into())),
        None => (None, session.problem.clone()),
    };
    let current = settings
        .as_ref()
        .and_then(|s| s.calendar().ok())
        .map(|c| c.quarter_of(today));
    SessionInfo {
        path: session.path.display().to_string(),
        file_name: display_name(&session.path),
        settings,
        problem,
        read_only: session.store.as_ref().is_some_and(Store::is_read_only),
        today,
        quarter: current.map(|q| q.to_string()),
        quarters: current
            .map(|q| (-4..=4).map(|n| q.offset(n).to_string()).collect())
            .unwrap_or_default(),
        backup: session.read_only_of.is_some(),
        last_backup: backup::last_taken(session.file()).ok().flatten(),
    }
}

/// Tauri state: the current session plus what the cold-start figure needs.
pub struct AppState {
    session: Mutex<Session>,
    /// When the process started, in milliseconds since the Unix epoch.
    pub started_at_ms: f64,
}

impl AppState {
    pub fn new(session: Session, started_at_ms: f64) -> AppState {
        AppState {
            session: Mutex::new(session),
            started_at_ms,
        }
    }

    /// The session, even if a previous command panicked while holding it (the store itself is
    /// transactional, so nothing half-written survives a panic).
    pub fn lock(&self) -> MutexGuard<'_, Session> {
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The session if no command holds it now (a poll that must not wait behind a long import).
    pub fn try_lock(&self) -> Option<MutexGuard<'_, Session>> {
        match self.session.try_lock() {
            Ok(session) => Some(session),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    /// Runs a read-only core call against the open store.
    pub fn read<T>(&self, work: impl FnOnce(&Store) -> CoreResult<T>) -> CommandResult<T> {
        let session = self.lock();
        Ok(work(session.store()?)?)
    }

    /// Runs a core call in one transaction: committed on `Ok`, rolled back on `Err`.
    pub fn write<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> CoreResult<T>,
    ) -> CommandResult<T> {
        let mut session = self.lock();
        Ok(session.writable()?.with_tx(work)?)
    }

    /// Backs the file up (the reason recorded), then runs `work` against the open store:
    /// imports, their undo, quarter commit and close, scenario promotion and erasure.
    pub fn guarded<T>(
        &self,
        reason: &str,
        now: DateTime<Utc>,
        work: impl FnOnce(&mut Store) -> CoreResult<T>,
    ) -> CommandResult<T> {
        let mut session = self.lock();
        Ok(backup::guarded::guarded(
            session.writable()?,
            reason,
            now,
            work,
        )?)
    }

    /// `guarded` for work that is one transaction.
    pub fn guarded_write<T>(
        &self,
        reason: &str,
        now: DateTime<Utc>,
        work: impl FnOnce(&Transaction<'_>) -> CoreResult<T>,
    ) -> CommandResult<T> {
        self.guarded(reason, now, |store| store.with_tx(work))
    }

    /// Switches the window to another file.
    pub fn replace(&self, session: Session) {
        *self.lock() = session;
    }

    /// The current file's path.
    pub fn path(&self) -> PathBuf {
        self.lock().path.clone()
    }
}

/// The name shown in the title bar and the sidebar for a database path.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
