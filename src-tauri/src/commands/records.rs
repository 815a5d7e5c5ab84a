//! Create, read, update and delete any kind of record by name, with JSON in and out,
//! plus jump-to search and the consequences of a delete.

use quartermaster_core::records;
use quartermaster_core::records::references::{self, Referrer};
use quartermaster_core::records::search::{self, SearchHit};
use quartermaster_core::values::money::{self, Currency};
use serde_json::Value;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Every record of `kind`, in id order.
#[tauri::command(async)]
pub fn record_list(state: State<'_, AppState>, kind: String) -> CommandResult<Value> {
    state.read(|store| records::list(store.conn(), &kind))
}

/// One record of `kind`.
#[tauri::command(async)]
pub fn record_get(state: State<'_, AppState>, kind: String, id: i64) -> CommandResult<Value> {
    state.read(|store| records::get(store.conn(), &kind, id))
}

/// Creates (id 0) or updates a record after validating it in the core; returns it as stored.
#[tauri::command(async)]
pub fn record_save(
    state: State<'_, AppState>,
    kind: String,
    record: Value,
) -> CommandResult<Value> {
    let now = super::now();
    state.write(|tx| records::save(tx, &kind, record, now))
}

/// Deletes a record; returns what was removed.
#[tauri::command(async)]
pub fn record_delete(state: State<'_, AppState>, kind: String, id: i64) -> CommandResult<Value> {
    let now = super::now();
    state.write(|tx| records::delete(tx, &kind, id, now))
}

/// The rows that refer to a record and what deleting it would do to them.
#[tauri::command(async)]
pub fn record_references(
    state: State<'_, AppState>,
    kind: String,
    id: i64,
) -> CommandResult<Vec<Referrer>> {
    state.read(|store| references::referrers(store.conn(), &kind, id))
}

/// Records whose name contains `query`, for the jump-to box.
#[tauri::command(async)]
pub fn search_records(
    state: State<'_, AppState>,
    query: String,
    limit: usize,
) -> CommandResult<Vec<SearchHit>> {
    state.read(|store| search::search(store.conn(), &query, limit.min(200)))
}

/// Reads an amount typed into a form ("185,000.50") as minor units of `currency`; the error names `field`.
#[tauri::command(async)]
pub fn parse_amount(text: String, currency: String, field: String) -> CommandResult<i64> {
    let parse = || money::parse_amount(&text, Currency::parse(&currency)?, &field);
    Ok(parse()?)
}
