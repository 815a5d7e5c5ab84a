//! Undo, redo and history commands: Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y and the toast's Undo
//! button, what Undo and Redo would do now, the History view and a record's History tab.

use quartermaster_core::history::log::{self, Entry, Filter};
use quartermaster_core::history::{undo, Stacks, Step};
use quartermaster_core::Store;
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

fn with_store<T>(
    state: &AppState,
    work: impl FnOnce(&mut Store) -> quartermaster_core::Result<T>,
) -> CommandResult<T> {
    let mut session = state.lock();
    let store = session
        .store
        .as_mut()
        .ok_or_else(CommandError::no_organisation)?;
    Ok(work(store)?)
}

/// Undoes the last action; `None` when there is nothing to undo.
#[tauri::command(async)]
pub fn history_undo(state: State<'_, AppState>) -> CommandResult<Option<Step>> {
    let now = super::now();
    with_store(&state, |store| undo::undo(store, now))
}

/// Redoes the action undone last; `None` when there is nothing to redo.
#[tauri::command(async)]
pub fn history_redo(state: State<'_, AppState>) -> CommandResult<Option<Step>> {
    let now = super::now();
    with_store(&state, |store| undo::redo(store, now))
}

/// What Undo and Redo would do now.
#[tauri::command(async)]
pub fn history_stacks(state: State<'_, AppState>) -> CommandResult<Stacks> {
    state.read(|store| undo::stacks(store.conn()))
}

/// Every change matching the filters, newest first.
#[tauri::command(async)]
pub fn history_list(state: State<'_, AppState>, filter: Filter) -> CommandResult<Vec<Entry>> {
    state.read(|store| log::list(store.conn(), &filter))
}

/// One record's changes, field by field, newest first.
#[tauri::command(async)]
pub fn history_record(
    state: State<'_, AppState>,
    kind: String,
    id: i64,
) -> CommandResult<Vec<Entry>> {
    state.read(|store| log::record(store.conn(), &kind, id))
}
