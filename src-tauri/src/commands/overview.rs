//! The Overview's headline figures and the sidebar's counts.

use std::collections::BTreeMap;

use quartermaster_core::overview::{self, Overview};
use quartermaster_core::records;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The organisation's headline figures as of today.
#[tauri::command(async)]
pub fn overview(state: State<'_, AppState>) -> CommandResult<Overview> {
    state.read(|store| overview::overview(store.conn(), super::today()))
}

/// How many records of every kind exist (the sidebar's counts).
#[tauri::command(async)]
pub fn record_counts(state: State<'_, AppState>) -> CommandResult<BTreeMap<&'static str, i64>> {
    state.read(|store| records::counts(store.conn()))
}
