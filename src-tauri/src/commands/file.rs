//! The organisation file: what is open, first run (demo or new organisation), File → New,
//! Open and Save a copy through native dialogs, and the organisation's settings.

use std::path::PathBuf;

use chrono::NaiveDate;
use quartermaster_core::org::settings::{self, Settings};
use quartermaster_core::{demo, org::setup};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

use crate::error::{CommandError, CommandResult};
use crate::state::{display_name, AppState, Session};

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
}

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

/// Describes the session for the UI.
pub fn describe(session: &Session) -> SessionInfo {
    let today = super::today();
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
    }
}

/// Names the open file in the window title and remembers it for next time.
fn opened<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> SessionInfo {
    let info = describe(&state.lock());
    crate::app::show_file(app, &info);
    info
}

/// The current session.
#[tauri::command]
pub fn session_info(state: State<'_, AppState>) -> SessionInfo {
    describe(&state.lock())
}

/// First run: fills the current file with the demo organisation.
#[tauri::command(async)]
pub fn create_demo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<SessionInfo> {
    state.lock().store_mut()?.with_tx(|tx| demo::create(tx))?;
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
        .with_tx(|tx| setup::new_organisation(tx, &settings, now))?;
    Ok(opened(&app, &state))
}

/// A native file dialog parented to the main window, so it stays in front of it; shared by
/// every command that asks for a place (here, hiring kits, reports).
pub(crate) fn file_dialog<R: Runtime>(app: &AppHandle<R>) -> FileDialogBuilder<R> {
    let dialog = app.dialog().file();
    match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    }
}

/// Asks where to save a `kind` file (one of `extensions`); `None` when the user cancels.
pub(crate) fn save_dialog<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    (kind, extensions): (&str, &[&str]),
) -> Option<PathBuf> {
    file_dialog(app)
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(kind, extensions)
        .blocking_save_file()?
        .into_path()
        .ok()
}

/// Asks for an existing `kind` file (one of `extensions`); `None` when the user cancels.
pub(crate) fn open_dialog<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    (kind, extensions): (&str, &[&str]),
) -> Option<PathBuf> {
    file_dialog(app)
        .set_title(title)
        .add_filter(kind, extensions)
        .blocking_pick_file()?
        .into_path()
        .ok()
}

/// The organisation file's filter for File → New and Save a copy.
const ORGANISATION: (&str, &[&str]) = ("Quartermaster organisation", &["db"]);

/// File → New: validates the organisation, asks for a new file, creates it and switches to it.
#[tauri::command]
pub async fn file_new<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    organisation: NewOrganisation,
) -> CommandResult<Option<SessionInfo>> {
    let settings = organisation.settings()?;
    let suggested = format!("{}.db", settings.org_name);
    let Some(path) = save_dialog(&app, "New organisation", &suggested, ORGANISATION) else {
        return Ok(None);
    };
    let mut session = Session {
        path,
        store: None,
        problem: None,
    };
    let now = super::now();
    session
        .store_mut()?
        .with_tx(|tx| setup::new_organisation(tx, &settings, now))?;
    state.replace(session);
    Ok(Some(opened(&app, &state)))
}

/// File → Open: asks for a file and switches to it (a file without an organisation shows the
/// first-run choices; a file that cannot be opened says why and is left unchanged).
#[tauri::command]
pub async fn file_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<SessionInfo>> {
    let filter = (
        "Quartermaster organisation",
        &["db", "sqlite", "sqlite3"][..],
    );
    let Some(path) = open_dialog(&app, "Open an organisation", filter) else {
        return Ok(None);
    };
    let session = Session::at(path);
    if let Some(problem) = session.problem {
        return Err(problem);
    }
    state.replace(session);
    Ok(Some(opened(&app, &state)))
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
    let Some(target) = save_dialog(&app, "Save a copy", &suggested, ORGANISATION) else {
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
