//! The open organisation file, kept in Tauri state and shared by every command, and how it is
//! described to the UI. One `Store` behind a mutex: commands run one at a time against it,
//! which is what SQLite wants.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};
use quartermaster_core::backup;
use quartermaster_core::org::settings::{self, Settings};
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
    /// When the window shows a backup read-only: the organisation file it belongs to.
    pub read_only_of: Option<PathBuf>,
}

impl Session {
    /// Opens `path` when it exists; a missing file is a first run, not an error (nothing is
    /// created until the user chooses the demo or a new organisation).
    /// Opening backs the file up before a schema upgrade, and once a day (`backup::guarded`).
    pub fn at(path: PathBuf) -> Session {
        if !path.exists() {
            return Session::closed(path);
        }
        match backup::guarded::open(&path, Utc::now()) {
            Ok(opened) => Session {
                path,
                store: Some(opened.store),
                problem: None,
                read_only_of: None,
            },
            Err(err) => Session {
                problem: Some(err.into()),
                ..Session::closed(path)
            },
        }
    }

    /// A session on `path` with nothing open yet.
    pub fn closed(path: PathBuf) -> Session {
        Session {
            path,
            store: None,
            problem: None,
            read_only_of: None,
        }
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
            None => Store::open(&self.path)?,
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
    pub today: NaiveDate,
    /// The fiscal quarter containing today, and a range around it for the quarter selector.
    pub quarter: Option<String>,
    pub quarters: Vec<String>,
    /// The window shows a backup, read-only; writes are refused.
    pub read_only: bool,
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
        today,
        quarter: current.map(|q| q.to_string()),
        quarters: current
            .map(|q| (-4..=4).map(|n| q.offset(n).to_string()).collect())
            .unwrap_or_default(),
        read_only: session.read_only_of.is_some(),
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
        if session.read_only_of.is_some() {
            return Err(CommandError::read_only());
        }
        let store = session
            .store
            .as_mut()
            .ok_or_else(CommandError::no_organisation)?;
        Ok(store.with_tx(work)?)
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
        if session.read_only_of.is_some() {
            return Err(CommandError::read_only());
        }
        let store = session
            .store
            .as_mut()
            .ok_or_else(CommandError::no_organisation)?;
        Ok(backup::guarded::guarded(store, reason, now, work)?)
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
