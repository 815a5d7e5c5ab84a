//! File → Backups: the list, "Back up now", restore (the store is closed, the file replaced,
//! then opened again, since the old connection would point at the replaced file), and opening
//! a backup read-only to look.

use quartermaster_core::backup::{self, restore, write, BackupInfo};
use quartermaster_core::Store;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::error::{CommandError, CommandResult};
use crate::state::{describe, AppState, Session, SessionInfo};
use crate::window::show_file;

/// What a restore did, and the window's session afterwards.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreOutcome {
    pub restored: BackupInfo,
    /// The backup of the state the restore replaced.
    pub safety: Option<BackupInfo>,
    pub session: SessionInfo,
}

/// Every backup of the open file (or of the file whose backup is shown), newest first.
#[tauri::command(async)]
pub fn backups_list(state: State<'_, AppState>) -> CommandResult<Vec<BackupInfo>> {
    let file = state.lock().file().to_path_buf();
    Ok(backup::list(&file)?)
}

/// "Back up now".
#[tauri::command(async)]
pub fn backups_create(state: State<'_, AppState>) -> CommandResult<BackupInfo> {
    let now = super::now();
    let session = state.lock();
    if session.read_only_of.is_some() {
        return Err(CommandError::read_only());
    }
    write::create(session.store()?, "on demand", now)?
        .ok_or_else(|| CommandError::new("app", "an in-memory file has no backups"))
}

/// Restores backup `id` over the organisation file and opens the result.
#[tauri::command(async)]
pub fn backups_restore<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: u32,
) -> CommandResult<RestoreOutcome> {
    let now = super::now();
    let mut session = state.lock();
    let file = session.file().to_path_buf();
    // Close the store first, as the restore replaces the file under it, but keep holding the
    // file for writing so no other Quartermaster comes in meanwhile.
    let lock = session.store.take().and_then(Store::into_lock);
    let restored = restore::restore(&file, id, None, now);
    *session = match lock {
        Some(lock) => Session::opened(file, |path| Store::open_holding(path, lock)),
        None => Session::at(file),
    };
    let restored = restored?;
    let info = describe(&session, super::today());
    drop(session);
    show_file(&app, &info);
    Ok(RestoreOutcome {
        restored: restored.backup,
        safety: restored.safety,
        session: info,
    })
}

/// Shows backup `id` read-only (after verifying it); writes are refused until the window goes
/// back to the file with `backups_close_read_only`.
#[tauri::command(async)]
pub fn backups_open_read_only(state: State<'_, AppState>, id: u32) -> CommandResult<SessionInfo> {
    let mut session = state.lock();
    let file = session.file().to_path_buf();
    let info = backup::find(&file, id)?;
    restore::verify(&file, &info)?;
    let path = backup::path_of(&file, &info);
    let store = Store::open_read_only(&path)?;
    *session = Session {
        store: Some(store),
        read_only_of: Some(file),
        ..Session::empty(path)
    };
    Ok(describe(&session, super::today()))
}

/// Leaves a backup shown read-only and opens its organisation file again.
#[tauri::command(async)]
pub fn backups_close_read_only(state: State<'_, AppState>) -> CommandResult<SessionInfo> {
    let mut session = state.lock();
    let file = session.file().to_path_buf();
    *session = Session::at(file);
    Ok(describe(&session, super::today()))
}
