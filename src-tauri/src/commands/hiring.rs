//! Hiring commands: pipeline, loops, blind scorecards, debrief, kits and erasure.
//! Each is one core (or report) call; the blind rule lives in `quartermaster_core::hiring::scorecards`,
//! so every scorecard read names the viewer and the core decides what they may see.
//! File dialogs live in their own commands, which then call the path-taking ones
//! (so tests can drive the path-taking commands without a native dialog).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use quartermaster_core::backup::scrub;
use quartermaster_core::hiring::board::{self, PipelineView};
use quartermaster_core::hiring::debrief::{self, Calibration, Debrief};
use quartermaster_core::hiring::erase::{self, Erasure, ErasurePreview};
use quartermaster_core::hiring::interview_kit::{self, KitImport};
use quartermaster_core::hiring::loops::{self, LoopView};
use quartermaster_core::hiring::pipeline::{
    self, DimensionChoice, Hire, NewCandidate, NewInterview, NewLoopStep, NewRequisition,
};
use quartermaster_core::hiring::scorecards::{self, CardView, PanelSeat, ScorecardInput};
use quartermaster_core::hiring::{
    Candidate, Decision, DecisionOutcome, Interview, LoopStep, Stage, StageChange,
};
use quartermaster_core::hiring::{Dimension, Requisition};
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::CommandResult;
use crate::state::AppState;

// — pipeline —

/// The pipeline page: requisitions with candidates by stage, funnel, time in stage.
#[tauri::command(async)]
pub fn hiring_pipeline(state: State<'_, AppState>) -> CommandResult<PipelineView> {
    state.read(|store| board::pipeline(store.conn(), super::today()))
}

/// Opens a requisition on a planned or open position (the position becomes open).
#[tauri::command(async)]
pub fn hiring_open_requisition(
    state: State<'_, AppState>,
    requisition: NewRequisition,
) -> CommandResult<Requisition> {
    let now = super::now();
    state.write(|tx| pipeline::open_requisition(tx, requisition, now))
}

/// Adds a candidate to an open requisition at the applied stage.
#[tauri::command(async)]
pub fn hiring_add_candidate(
    state: State<'_, AppState>,
    candidate: NewCandidate,
) -> CommandResult<Candidate> {
    let now = super::now();
    state.write(|tx| pipeline::add_candidate(tx, candidate, now))
}

/// Moves a candidate to another stage on a date, keeping the transition.
#[tauri::command(async)]
pub fn hiring_move_candidate(
    state: State<'_, AppState>,
    candidate_id: i64,
    stage: Stage,
    on: NaiveDate,
) -> CommandResult<Candidate> {
    let now = super::now();
    state.write(|tx| pipeline::move_candidate(tx, candidate_id, stage, on, now))
}

/// Records an accepted offer: the position is filled with the candidate's name and start date.
#[tauri::command(async)]
pub fn hiring_hire(
    state: State<'_, AppState>,
    candidate_id: i64,
    accepted_on: NaiveDate,
    start_date: NaiveDate,
) -> CommandResult<Hire> {
    let now = super::now();
    state.write(|tx| pipeline::hire(tx, candidate_id, accepted_on, start_date, now))
}

/// A candidate's dated stage transitions.
#[tauri::command(async)]
pub fn hiring_stage_history(
    state: State<'_, AppState>,
    candidate_id: i64,
) -> CommandResult<Vec<StageChange>> {
    state.read(|store| pipeline::stage_history(store.conn(), candidate_id))
}

// — loops —

/// A requisition's dimensions, loop steps and booked interviews.
#[tauri::command(async)]
pub fn hiring_loops(state: State<'_, AppState>, requisition_id: i64) -> CommandResult<LoopView> {
    state.read(|store| loops::loops(store.conn(), requisition_id))
}

/// Replaces the dimensions a requisition's panel scores.
#[tauri::command(async)]
pub fn hiring_set_dimensions(
    state: State<'_, AppState>,
    requisition_id: i64,
    choices: Vec<DimensionChoice>,
) -> CommandResult<Vec<Dimension>> {
    let now = super::now();
    state.write(|tx| pipeline::set_requisition_dimensions(tx, requisition_id, &choices, now))
}

/// Replaces a requisition's interview loop.
#[tauri::command(async)]
pub fn hiring_set_loop(
    state: State<'_, AppState>,
    requisition_id: i64,
    steps: Vec<NewLoopStep>,
) -> CommandResult<Vec<LoopStep>> {
    let now = super::now();
    state.write(|tx| pipeline::set_loop(tx, requisition_id, &steps, now))
}

/// Books one interview of a candidate.
#[tauri::command(async)]
pub fn hiring_book_interview(
    state: State<'_, AppState>,
    candidate_id: i64,
    interview: NewInterview,
) -> CommandResult<Interview> {
    let now = super::now();
    state.write(|tx| pipeline::book_interview(tx, candidate_id, interview, now))
}

// — scorecards —

/// Everyone who interviews, for "I am …".
#[tauri::command(async)]
pub fn hiring_panelists(state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    state.read(|store| scorecards::panelists(store.conn()))
}

/// A panelist's interviews and the state of each card.
#[tauri::command(async)]
pub fn hiring_scorecards(
    state: State<'_, AppState>,
    panelist: String,
) -> CommandResult<Vec<PanelSeat>> {
    state.read(|store| scorecards::scorecards(store.conn(), &panelist))
}

/// A panelist's own card for one of their interviews.
#[tauri::command(async)]
pub fn hiring_open_card(
    state: State<'_, AppState>,
    panelist: String,
    interview_id: i64,
) -> CommandResult<CardView> {
    state.read(|store| scorecards::open_card(store.conn(), &panelist, interview_id))
}

/// Saves a draft as typed.
#[tauri::command(async)]
pub fn hiring_save_draft(
    state: State<'_, AppState>,
    panelist: String,
    interview_id: i64,
    input: ScorecardInput,
) -> CommandResult<CardView> {
    let now = super::now();
    state.write(|tx| scorecards::save_draft(tx, &panelist, interview_id, &input, now))
}

/// Submits a card under the rating and evidence rules.
#[tauri::command(async)]
pub fn hiring_submit_card(
    state: State<'_, AppState>,
    panelist: String,
    interview_id: i64,
    input: ScorecardInput,
) -> CommandResult<CardView> {
    let now = super::now();
    state.write(|tx| scorecards::submit(tx, &panelist, interview_id, &input, now))
}

/// Amends a submitted card, with a reason; the original stays in the audit log.
#[tauri::command(async)]
pub fn hiring_amend_card(
    state: State<'_, AppState>,
    panelist: String,
    interview_id: i64,
    input: ScorecardInput,
    reason: String,
) -> CommandResult<CardView> {
    let now = super::now();
    state.write(|tx| scorecards::amend(tx, &panelist, interview_id, &input, &reason, now))
}

/// The panel's submitted cards for a candidate, if the blind rule lets `viewer` read them.
#[tauri::command(async)]
pub fn hiring_panel_cards(
    state: State<'_, AppState>,
    viewer: String,
    candidate_id: i64,
) -> CommandResult<Vec<CardView>> {
    state.read(|store| scorecards::panel_cards(store.conn(), &viewer, candidate_id))
}

// — debrief and calibration —

/// The debrief of a candidate for `viewer` (refused while their own card is unsubmitted).
#[tauri::command(async)]
pub fn hiring_debrief(
    state: State<'_, AppState>,
    viewer: String,
    candidate_id: i64,
) -> CommandResult<Debrief> {
    state.read(|store| debrief::debrief(store.conn(), &viewer, candidate_id))
}

/// Records (or revises) the hire / no-hire decision.
#[tauri::command(async)]
pub fn hiring_decide(
    state: State<'_, AppState>,
    candidate_id: i64,
    outcome: DecisionOutcome,
    rationale: String,
    decided_on: NaiveDate,
) -> CommandResult<Decision> {
    let now = super::now();
    state.write(|tx| debrief::decide(tx, candidate_id, outcome, &rationale, decided_on, now))
}

/// A requisition's candidates side by side.
#[tauri::command(async)]
pub fn hiring_calibration(
    state: State<'_, AppState>,
    viewer: String,
    requisition_id: i64,
) -> CommandResult<Calibration> {
    state.read(|store| debrief::calibration(store.conn(), &viewer, requisition_id))
}

/// Writes a candidate's debrief packet (xlsx) to `path`.
#[tauri::command(async)]
pub fn hiring_export_packet_to(
    state: State<'_, AppState>,
    viewer: String,
    candidate_id: i64,
    path: String,
) -> CommandResult<String> {
    let target = PathBuf::from(&path);
    state.read(|store| {
        quartermaster_report::kit::export_debrief_packet(
            store.conn(),
            &viewer,
            candidate_id,
            &target,
        )
    })?;
    Ok(path)
}

/// Asks where to save a candidate's debrief packet, then writes it; `None` when cancelled.
#[tauri::command]
pub async fn hiring_export_packet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    viewer: String,
    candidate_id: i64,
    suggested: String,
) -> CommandResult<Option<String>> {
    let Some(path) = save_xlsx(&app, "Save the debrief packet", &suggested) else {
        return Ok(None);
    };
    hiring_export_packet_to(state, viewer, candidate_id, path_text(&path)).map(Some)
}

// — interview kits —

/// Writes the spreadsheet kit of an interview to `path`.
#[tauri::command(async)]
pub fn hiring_export_kit_to(
    state: State<'_, AppState>,
    interview_id: i64,
    path: String,
) -> CommandResult<String> {
    let target = PathBuf::from(&path);
    state
        .read(|store| quartermaster_report::kit::export_kit(store.conn(), interview_id, &target))?;
    Ok(path)
}

/// Asks where to save an interview kit, then writes it; `None` when cancelled.
#[tauri::command]
pub async fn hiring_export_kit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    interview_id: i64,
    suggested: String,
) -> CommandResult<Option<String>> {
    let Some(path) = save_xlsx(&app, "Save the interview kit", &suggested) else {
        return Ok(None);
    };
    hiring_export_kit_to(state, interview_id, path_text(&path)).map(Some)
}

/// Imports a filled kit from `path` as its interviewer's submitted scorecard (all or nothing).
#[tauri::command(async)]
pub fn hiring_import_kit_from(
    state: State<'_, AppState>,
    path: String,
) -> CommandResult<KitImport> {
    let now = super::now();
    let source = PathBuf::from(path);
    state.guarded_write("before interview kit import", now, |tx| {
        interview_kit::import_kit(tx, &source, now)
    })
}

/// Asks for a filled kit, then imports it; `None` when cancelled.
#[tauri::command]
pub async fn hiring_import_kit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<KitImport>> {
    let filter = ("Interview kit", &["xlsx"][..]);
    let Some(path) = dialogs::open_file(&app, "Import a filled interview kit", filter) else {
        return Ok(None);
    };
    hiring_import_kit_from(state, path_text(&path)).map(Some)
}

// — erasure —

/// What erasing a candidate would remove (for the confirmation).
#[tauri::command(async)]
pub fn hiring_erasure_preview(
    state: State<'_, AppState>,
    candidate_id: i64,
) -> CommandResult<ErasurePreview> {
    state.read(|store| erase::erasure_preview(store.conn(), candidate_id))
}

/// Erases a candidate's personal data everywhere, from the file itself and from every backup
/// (rewritten without them, or removed).
#[tauri::command(async)]
pub fn hiring_erase_candidate(
    state: State<'_, AppState>,
    candidate_id: i64,
) -> CommandResult<Erasure> {
    let now = super::now();
    let mut session = state.lock();
    let store = session.store_mut()?;
    let (erasure, _scrubbed) = scrub::erase_candidate(store, candidate_id, now)?;
    Ok(erasure)
}

/// A path as text for the UI.
fn path_text(path: &Path) -> String {
    path.display().to_string()
}

/// The native save dialog for an xlsx file; `None` when the user cancels.
fn save_xlsx<R: Runtime>(app: &AppHandle<R>, title: &str, file_name: &str) -> Option<PathBuf> {
    dialogs::save_file(app, title, file_name, ("Excel workbook", &["xlsx"]))
}
