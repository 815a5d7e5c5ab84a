//! The organisation file: what is open, first run (demo or new organisation), File → New,
//! Open and Save a copy through native dialogs, and the organisation's settings.

use quartermaster_core::org::settings::{self, Settings};
use quartermaster_core::{demo, org::setup};
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::{self, Filter};
use crate::error::CommandResult;
use crate::state::{describe, display_name, AppState, Session, SessionInfo};
use crate::window::show_file;

/// A new organisation as the first-run and File → New forms send it.
#[derive(Debug, Clone, Deserialize)]
pub struct NewOrganisation {
    pub org_name: String,
    pub fiscal_year_start_month: u32,
    pub currency: String,
}

impl NewOrganisation {
    fn settings(&self) -> CommandResult<Settings> {
        Ok(Settings::new(
            &self.org_name,
            self.fiscal_year_start_month,
            &self.currency,
        )?)
    }
}

/// Names the open file in the window title and remembers it for next time.
fn opened<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> SessionInfo {
    let info = describe(&state.lock(), super::today());
    show_file(app, &info);
    info
}

/// The current session.
#[tauri::command]
pub fn session_info(state: State<'_, AppState>) -> SessionInfo {
    describe(&state.lock(), super::today())
}

/// First run: fills the current file with the demo organisation.
#[tauri::command(async)]
pub fn create_demo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<SessionInfo> {
    let today = super::today();
    state
        .lock()
        .store_mut()?
        .with_untracked_tx(|tx| demo::create_on(tx, today))?;
    Ok(opened(&app, &state))
}

/// First run: creates a new, empty organisation in the current file.
#[tauri::command(async)]
pub fn create_organisation<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    organisation: NewOrganisation,
) -> CommandResult<SessionInfo> {
    let settings = organisation.settings()?;
    let now = super::now();
    state
        .lock()
        .store_mut()?
        .with_untracked_tx(|tx| setup::new_organisation(tx, &settings, now))?;
    Ok(opened(&app, &state))
}

/// The organisation file's filter for File → New and Save a copy.
const ORGANISATION: Filter<'static> = ("Quartermaster organisation", &["db"]);

/// File → New: validates the organisation, asks for a new file, creates it and switches to it.
#[tauri::command]
pub async fn file_new<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    organisation: NewOrganisation,
) -> CommandResult<Option<SessionInfo>> {
    let settings = organisation.settings()?;
    let suggested = format!("{}.db", settings.org_name);
    let Some(path) = dialogs::save_file(&app, "New organisation", &suggested, ORGANISATION) else {
        return Ok(None);
    };
    let mut session = Session::empty(path);
    let now = super::now();
    session
        .store_mut()?
        .with_untracked_tx(|tx| setup::new_organisation(tx, &settings, now))?;
    state.replace(session);
    Ok(Some(opened(&app, &state)))
}

/// File → Open: asks for a file and switches to it (a file without an organisation shows the
/// first-run choices; one another Quartermaster writes offers to open it read-only; a file
/// that cannot be opened says why and is left unchanged).
#[tauri::command]
pub async fn file_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<SessionInfo>> {
    let filter = (
        "Quartermaster organisation",
        &["db", "sqlite", "sqlite3"][..],
    );
    let Some(path) = dialogs::open_file(&app, "Open an organisation", filter) else {
        return Ok(None);
    };
    let session = Session::at(path);
    match &session.problem {
        // Shown in the window with the choice to open it read-only.
        Some(problem) if problem.kind == "in_use" => {}
        Some(problem) => return Err(problem.clone()),
        None => {}
    }
    state.replace(session);
    Ok(Some(opened(&app, &state)))
}

/// Opens the current file again: read-only beside another Quartermaster that writes it, or for
/// writing once that one has let go ("Try again", "Edit").
#[tauri::command]
pub fn file_reopen<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    read_only: bool,
) -> CommandResult<SessionInfo> {
    let path = state.path();
    // Let go of the file first: this window's own lock would otherwise stand in its way.
    state.replace(Session::empty(path.clone()));
    let session = match read_only {
        true => Session::read_only(path),
        false => Session::at(path),
    };
    state.replace(session);
    Ok(opened(&app, &state))
}

/// Whether another process (a CLI import, another window) changed the file since last asked;
/// the window polls this and refreshes what it shows. While a command of this window holds the
/// file (a long import), the answer waits for the next poll rather than for that command.
#[tauri::command(async)]
pub fn file_changed(state: State<'_, AppState>) -> CommandResult<bool> {
    match state.try_lock() {
        Some(mut session) => session.changed_elsewhere(),
        None => Ok(false),
    }
}

/// File → Save a copy: writes a consistent copy of the open organisation to a chosen file;
/// returns its path, `None` when cancelled. The window stays on the current file.
#[tauri::command]
pub async fn file_save_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let suggested = format!(
        "{} copy.db",
        display_name(&state.path()).trim_end_matches(".db")
    );
    let Some(target) = dialogs::save_file(&app, "Save a copy", &suggested, ORGANISATION) else {
        return Ok(None);
    };
    state.read(|store| store.save_copy(&target))?;
    Ok(Some(target.display().to_string()))
}

/// Changes the organisation's settings (name, fiscal-year start, currency, date format).
#[tauri::command(async)]
pub fn settings_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    settings: Settings,
) -> CommandResult<SessionInfo> {
    let now = super::now();
    state.write(|tx| settings::update(tx, &settings, now))?;
    Ok(opened(&app, &state))
}

/// Timing marks for the benchmark: when the process started, in ms since the Unix epoch.
#[tauri::command]
pub fn startup_marks(state: State<'_, AppState>) -> f64 {
    state.started_at_ms
}
