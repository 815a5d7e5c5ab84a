// @ts-check
/**
 * The one module that talks to Rust. Every function is one Tauri command; the JSDoc types
 * mirror the Rust types they carry. Failures reject with an `ApiError` ({kind, message, field?}).
 */

/** @typedef {'iso' | 'dmy' | 'mdy'} DateFormat */
/**
 * `quartermaster_core::settings::Settings`
 * @typedef {{org_name: string, fiscal_year_start_month: number, currency: string, date_format: DateFormat,
 *   backup_keep_last: number, backup_keep_daily_days: number, backup_keep_monthly_months: number}} Settings
 */
/**
 * `commands::file::NewOrganisation`
 * @typedef {{org_name: string, fiscal_year_start_month: number, currency: string}} NewOrganisation
 */
/**
 * `error::CommandError`
 * @typedef {{kind: string, message: string, field?: string}} CommandError
 */
/**
 * `commands::file::SessionInfo`
 * @typedef {{path: string, file_name: string, settings: Settings | null, problem: CommandError | null,
 *   read_only: boolean, backup: boolean, today: string, quarter: string | null, quarters: string[],
 *   last_backup: string | null}} SessionInfo
 */
/**
 * `core::backup::BackupInfo`, `commands::backups::RestoreOutcome`
 * @typedef {{id: number, file_name: string, taken_at: string, reason: string, size_bytes: number,
 *   schema_version: number, counts: Record<string, number>, sha256: string}} BackupInfo
 * @typedef {{restored: BackupInfo, safety: BackupInfo | null, session: SessionInfo}} RestoreOutcome
 */
/**
 * `core::overview::Overview` and its parts.
 * @typedef {{filled: number, open: number, planned: number, leaving: number}} Heads
 * @typedef {{open_requisitions: number, in_process: number, offers: number, hired: number}} Hiring
 * @typedef {{open_risks: number, severe_risks: number, recent_incidents: number, unmitigated_incidents: number}} Operations
 * @typedef {{tier: number, models: number}} TierCount
 * @typedef {{id: number, title: string, team: string, status: string, effort_pw: number}} CommittedInitiative
 * @typedef {{month: string, currency: string, spend_minor: number, budget_minor: number | null,
 *   used_percent: number | null, budget_basis: string, lines: number, other_currency_lines: number}} Spend
 * @typedef {'on_target' | 'near' | 'off_target'} KpiStatus
 * @typedef {{id: number, name: string, unit: string, direction: 'higher' | 'lower', period: string,
 *   value: number, target: number | null, warn: number | null, status: KpiStatus, key: string,
 *   derived: boolean}} KpiAlert
 * @typedef {{org_name: string, today: string, quarter: string, heads: Heads, hiring: Hiring, operations: Operations,
 *   production_by_tier: TierCount[], production_total: number, committed: CommittedInitiative[],
 *   committed_effort_pw: number, spend: Spend, kpi_alerts: KpiAlert[], kpis_measured: number,
 *   kpis_on_target: number, kpis_near: number, kpis_off_target: number,
 *   getting_started: Checklist}} Overview
 * @typedef {{key: 'teams' | 'positions' | 'models' | 'initiatives' | 'billing' | 'kpi_targets',
 *   title: string, why: string, done: boolean, progress: string, import_kind: string | null}} ChecklistStep
 * @typedef {{steps: ChecklistStep[], done: number, complete: boolean}} Checklist
 */
/**
 * `core::overview::SearchHit`, `Referrer`
 * @typedef {{kind: string, id: number, label: string}} SearchHit
 * @typedef {{kind: string, column: string, count: number, on_delete: 'deleted' | 'unlinked' | 'blocks'}} Referrer
 */
/**
 * Records (`core::<area>::<Type>`), as `records::list/get/save` send them. Dates are ISO
 * `YYYY-MM-DD`, timestamps RFC 3339, money `*_minor` integers with a currency code, billing
 * amounts exact decimal strings.
 * @typedef {{id: number, name: string, kind: 'applied' | 'platform' | 'data' | 'sre', domain: string,
 *   parent_id: number | null, ktlo_percent: number, leave_percent: number}} Team
 * @typedef {{id: number, team_id: number, role: string, level: string,
 *   status: 'planned' | 'open' | 'filled' | 'leaving', person: string, start_date: string | null,
 *   end_date: string | null, allocation_percent: number, loaded_cost_minor: number, currency: string,
 *   ramp_months: number}} Position
 * @typedef {{id: number, name: string, product_area: string, owner_team_id: number | null, tier: number,
 *   lifecycle: string, serving: string, business_kpi: string, has_cicd: boolean, has_monitoring: boolean,
 *   has_lineage: boolean, has_model_card: boolean, last_readiness_review: string | null,
 *   risk_level: string, cost_tag: string}} Model
 * @typedef {{id: number, title: string, kind: string, team_id: number, model_id: number | null,
 *   quarter: string, status: string, effort_pw: number, outcome_metric: string, releases_model: boolean,
 *   rank: number}} Initiative
 * @typedef {{id: number, initiative_id: number, depends_on_id: number}} Dependency
 * @typedef {{id: number, kind: string, file_name: string, sha256: string, row_count: number,
 *   warning_count: number, imported_at: string}} ImportBatch
 * @typedef {{id: number, batch_id: number, billed_cost: string, effective_cost: string, list_cost: string,
 *   billing_currency: string, charge_period_start: string, charge_period_end: string,
 *   billing_period_start: string, charge_category: string, provider_name: string, service_name: string,
 *   service_category: string, sub_account_id: string, resource_id: string, resource_name: string,
 *   region_id: string, sku_id: string, consumed_quantity: string | null, consumed_unit: string,
 *   tags: Record<string, unknown>}} CostLine
 * @typedef {{id: number, priority: number, match_on: string, tag_key: string, pattern: string,
 *   model_id: number | null, team_id: number | null, category: string}} AllocationRule
 * @typedef {{id: number, model_id: number, month: string, inferences: number, training_runs: number}} Usage
 * @typedef {{id: number, quarter: string, team_id: number | null, category: string | null,
 *   amount_minor: number, currency: string}} Budget
 * @typedef {{id: number, name: string, good_looks_like: string, sort_order: number}} Dimension
 * @typedef {{id: number, position_id: number, title: string, hiring_manager: string, opened_on: string,
 *   closed_on: string | null}} Requisition
 * @typedef {{id: number, requisition_id: number, name: string, source: string, stage: string,
 *   applied_on: string}} Candidate
 * @typedef {{id: number, candidate_id: number, interviewer: string, exercise: string,
 *   scheduled_on: string, focus: number[]}} Interview
 * @typedef {{id: number, interview_id: number, recommendation: string | null, strong_signals: string,
 *   red_flags: string, submitted_at: string | null}} Scorecard
 * @typedef {{id: number, candidate_id: number, outcome: 'hire' | 'no_hire', rationale: string,
 *   decided_on: string}} Decision
 * @typedef {{id: number, key: string, name: string, unit: string, direction: 'higher' | 'lower',
 *   target: number | null, warn: number | null, frequency: 'monthly' | 'quarterly',
 *   source: 'manual' | 'derived'}} Kpi
 * @typedef {{id: number, kpi_id: number, period: string, value: number, note: string}} KpiValue
 * @typedef {{id: number, model_id: number | null, severity: string, started_at: string,
 *   detected_at: string, mitigated_at: string | null, summary: string}} Incident
 * @typedef {{id: number, title: string, severity: string, likelihood: string, owner: string,
 *   mitigation: string, status: string}} Risk
 * @typedef {Record<string, any> & {id: number}} AnyRecord
 */

/** A failed command, as the Rust `CommandError`. */
export class ApiError extends Error {
  /** @param {CommandError} error */
  constructor(error) {
    super(error.message);
    this.kind = error.kind;
    this.field = error.field;
  }
}

/**
 * @template T
 * @param {string} command
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<T>}
 */
async function call(command, args = {}) {
  const tauri = /** @type {any} */ (window).__TAURI__;
  if (!tauri) throw new ApiError({ kind: 'app', message: 'Quartermaster must run inside its desktop window' });
  // The view-switch profile (`bench_gui_profile`) sets `quartermasterPerf.calls` to trace commands.
  const trace = /** @type {any} */ (window).quartermasterPerf?.calls;
  const started = trace ? performance.now() : 0;
  try {
    const result = await tauri.core.invoke(command, args);
    if (trace) trace.push({ command, start: started, ms: performance.now() - started, bytes: JSON.stringify(result ?? null).length });
    return result;
  } catch (error) {
    if (error && typeof error === 'object' && 'kind' in error) throw new ApiError(/** @type {CommandError} */ (error));
    throw new ApiError({ kind: 'app', message: String(error) });
  }
}

/** Lists already fetched, by kind; dropped whenever anything is written. */
/** @type {Map<string, Promise<AnyRecord[]>>} */
const listCache = new Map();

/** Forgets every cached list (after a write or a file switch). */
export function invalidate() {
  listCache.clear();
}

/** @returns {Promise<SessionInfo>} */
export const sessionInfo = () => call('session_info');
/** @returns {Promise<SessionInfo>} */
export const createDemo = () => call('create_demo').finally(invalidate);
/** @param {NewOrganisation} organisation @returns {Promise<SessionInfo>} */
export const createOrganisation = (organisation) => call('create_organisation', { organisation }).finally(invalidate);
/** @param {NewOrganisation} organisation @returns {Promise<SessionInfo | null>} */
export const fileNew = (organisation) => call('file_new', { organisation }).finally(invalidate);
/** @returns {Promise<SessionInfo | null>} */
export const fileOpen = () => call('file_open').finally(invalidate);
/** @returns {Promise<string | null>} */
export const fileSaveCopy = () => call('file_save_copy');
/** Opens the current file again, read-only or for writing. @param {boolean} readOnly @returns {Promise<SessionInfo>} */
export const fileReopen = (readOnly) => call('file_reopen', { readOnly }).finally(invalidate);
/** Whether another process changed the file since last asked. @returns {Promise<boolean>} */
export const fileChanged = () => call('file_changed');
/** @param {Settings} settings @returns {Promise<SessionInfo>} */
export const settingsUpdate = (settings) => call('settings_update', { settings }).finally(invalidate);
/** @returns {Promise<BackupInfo[]>} newest first */
export const backupsList = () => call('backups_list');
/** @returns {Promise<BackupInfo>} */
export const backupsCreate = () => call('backups_create');
/** @param {number} id @returns {Promise<RestoreOutcome>} */
export const backupsRestore = (id) => call('backups_restore', { id }).finally(invalidate);
/** @param {number} id @returns {Promise<SessionInfo>} */
export const backupsOpenReadOnly = (id) => call('backups_open_read_only', { id }).finally(invalidate);
/** @returns {Promise<SessionInfo>} */
export const backupsCloseReadOnly = () => call('backups_close_read_only').finally(invalidate);
/** @returns {Promise<number>} process start, ms since the Unix epoch */
export const startupMarks = () => call('startup_marks');

/**
 * Every record of `kind` (cached until the next write).
 * @param {string} kind
 * @returns {Promise<AnyRecord[]>}
 */
export function recordList(kind) {
  let list = listCache.get(kind);
  if (!list) {
    list = call('record_list', { kind });
    listCache.set(kind, list);
    list.catch(() => listCache.delete(kind));
  }
  return list;
}
/** @param {string} kind @param {number} id @returns {Promise<AnyRecord>} */
export const recordGet = (kind, id) => call('record_get', { kind, id });
/** @param {string} kind @param {Record<string, unknown>} record @returns {Promise<AnyRecord>} */
export const recordSave = (kind, record) => call('record_save', { kind, record }).finally(invalidate);
/** @param {string} kind @param {number} id @returns {Promise<AnyRecord>} */
export const recordDelete = (kind, id) => call('record_delete', { kind, id }).finally(invalidate);
/**
 * A user action on the undo stack (Rust `history::Step`).
 * @typedef {{id: number, label: string, at: string | null, rows: number, refusal: string | null}} HistoryStep
 * @typedef {{undo: HistoryStep | null, redo: HistoryStep | null}} HistoryStacks
 * @typedef {{field: string, before: unknown, after: unknown}} FieldChange
 * @typedef {{id: number, at: string, area: string, kind: string, record_id: number, record: string, action: string,
 *   step_id: number | null, step: string | null, fields: FieldChange[], hidden: boolean}} HistoryEntry
 * @typedef {{area?: string | null, kind?: string | null, record_id?: number | null, since?: string | null,
 *   until?: string | null, text?: string | null, limit?: number | null}} HistoryFilter
 */
/** Undoes the last action. @returns {Promise<HistoryStep | null>} */
export const historyUndo = () => call('history_undo').finally(invalidate);
/** Redoes the action undone last. @returns {Promise<HistoryStep | null>} */
export const historyRedo = () => call('history_redo').finally(invalidate);
/** @returns {Promise<HistoryStacks>} */
export const historyStacks = () => call('history_stacks');
/** @param {HistoryFilter} filter @returns {Promise<HistoryEntry[]>} */
export const historyList = (filter) => call('history_list', { filter });
/** @param {string} kind @param {number} id @returns {Promise<HistoryEntry[]>} */
export const historyRecord = (kind, id) => call('history_record', { kind, id });
/** @param {string} kind @param {number} id @returns {Promise<Referrer[]>} */
export const recordReferences = (kind, id) => call('record_references', { kind, id });
/** @returns {Promise<Record<string, number>>} */
export const recordCounts = () => call('record_counts');
/** @param {string} query @param {number} limit @returns {Promise<SearchHit[]>} */
export const searchRecords = (query, limit) => call('search_records', { query, limit });
/** The guided import (`commands/record_import.rs`; types in `views/import/types.js`). @type {import('./views/import/types.js').RecordImportApi} */
export const recordImport = { pick: () => call('record_import_pick'), preview: (kind, path) => call('record_import_preview', { kind, path }), values: (kind, path, mapping) => call('record_import_values', { kind, path, mapping }),
  check: (kind, path, mapping) => call('record_import_check', { kind, path, mapping }), run: (kind, path, mapping) => call('record_import', { kind, path, mapping }).finally(invalidate) };
/** @param {string} text @param {string} currency @param {string} field @returns {Promise<number>} minor units */
export const parseAmount = (text, currency, field) => call('parse_amount', { text, currency, field });
/** @returns {Promise<Overview>} */
export const overview = () => call('overview');
/** @returns {Promise<string[] | null>} files written, null when cancelled */
export const exportCsv = () => call('export_csv');
// Area APIs below: one section per area, each function one command of `commands/<area>.rs`.
// — roadmap (commands/roadmap.rs) —
/**
 * `core::capacity::TeamCapacity`, `CapacityTotal`, `QuarterCapacity`, `RampCurve`
 * @typedef {{team_id: number, team: string, quarter: string, available_pw: number, allowance_pw: number,
 *   capacity_pw: number, demand_pw: number, balance_pw: number, gap_pw: number, over_allocated: boolean}} TeamCapacity
 * @typedef {{capacity_pw: number, demand_pw: number, balance_pw: number, gap_pw: number}} CapacityTotal
 * @typedef {{quarter: string, teams: TeamCapacity[], total: CapacityTotal}} QuarterCapacity
 * @typedef {{curve: 'linear'} | {curve: 'step', percent: number}} RampCurve
 */
/**
 * `core::planning::{DependencyWarning, BoardDependency, BoardCard, BoardTeam, Board}`
 * @typedef {{kind: 'planned_before_dependency' | 'depends_on_cancelled', initiative_id: number,
 *   depends_on_id: number, message: string}} DependencyWarning
 * @typedef {{id: number, title: string, quarter: string, status: string}} BoardDependency
 * @typedef {{initiative: Initiative, depends_on: BoardDependency[], warnings: DependencyWarning[]}} BoardCard
 * @typedef {{id: number, name: string}} BoardTeam
 * @typedef {{quarters: string[], teams: BoardTeam[], cards: BoardCard[], capacity: TeamCapacity[]}} Board
 */
/**
 * `core::planning::{QuarterReview, ReviewItem, Predictability, PlanDiff}` and the snapshot rows.
 * @typedef {'delivered' | 'slipped' | 'cancelled'} Outcome
 * @typedef {{id: number, quarter: string, frozen_at: string}} QuarterSnapshot
 * @typedef {{id: number, snapshot_id: number, initiative_id: number | null, title: string,
 *   team_id: number | null, effort_pw: number, outcome: Outcome | null}} SnapshotItem
 * @typedef {{item: SnapshotItem, status: string | null, suggested: Outcome | null}} ReviewItem
 * @typedef {{quarter: string, committed: number, delivered: number, slipped: number, cancelled: number,
 *   pending: number, ratio: number | null, closed: boolean}} Predictability
 * @typedef {{initiative_id: number, title: string, team_id: number, effort_pw: number}} DiffAdded
 * @typedef {{initiative_id: number | null, title: string, team_id: number | null, effort_pw: number,
 *   reason: 'deleted' | 'cancelled' | 'uncommitted'}} DiffDropped
 * @typedef {{initiative_id: number, title: string, from_team_id: number | null, to_team_id: number,
 *   from_quarter: string, to_quarter: string}} DiffMoved
 * @typedef {{initiative_id: number, title: string, from_pw: number, to_pw: number}} DiffReEstimated
 * @typedef {{quarter: string, added: DiffAdded[], dropped: DiffDropped[], moved: DiffMoved[],
 *   re_estimated: DiffReEstimated[]}} PlanDiff
 * @typedef {{initiative: Initiative, committed: boolean}} PlannedInitiative
 * @typedef {{quarter: string, committable: number, planned: PlannedInitiative[], snapshot: QuarterSnapshot | null, items: ReviewItem[],
 *   closed: boolean, predictability: Predictability | null, diff: PlanDiff | null}} QuarterReview
 * @typedef {{snapshot: QuarterSnapshot, items: SnapshotItem[]}} Snapshot
 */
/**
 * `core::headcount::TeamHeadcount`
 * @typedef {{team_id: number, team: string, quarter: string, filled: number, open: number, planned: number,
 *   unscheduled: number, attrition: number, leavers: string[], joiners: number, backfills: number,
 *   cost_minor: number, currency: string, other_currency_seats: number}} TeamHeadcount
 * @typedef {{quarter: string, filled: number, open: number, planned: number, unscheduled: number,
 *   attrition: number, joiners: number, backfills: number, cost_minor: number, currency: string,
 *   other_currency_seats: number}} HeadcountTotal
 * @typedef {{rows: TeamHeadcount[], totals: HeadcountTotal[]}} HeadcountReport
 */
/**
 * `core::scenario::*`
 * @typedef {{id: number, name: string, note: string}} Scenario
 * @typedef {{kind: 'plan', position_id: number} | {kind: 'added', seat_id: number}} SeatRef
 * @typedef {{seat_ref: SeatRef, seat: Position, changed: boolean}} ScenarioSeat
 * @typedef {{initiative: Initiative, changed: boolean}} ScenarioItem
 * @typedef {{scenario: Scenario, seats: ScenarioSeat[], removed: Position[], initiatives: ScenarioItem[]}} ScenarioView
 * @typedef {{capacity_pw: number, demand_pw: number, balance_pw: number, cost_minor: number}} Figures
 * @typedef {{team_id: number, team: string, quarter: string, plan: Figures, scenario: Figures}} ComparisonRow
 * @typedef {{scenario: Scenario, currency: string, rows: ComparisonRow[], warnings: DependencyWarning[]}} Comparison
 * @typedef {{initiatives_changed: number, seats_changed: number, seats_removed: number, seats_added: number}} Promoted
 */
/** @param {string[]} quarters @returns {Promise<Board>} */
export const roadmapBoard = (quarters) => call('roadmap_board', { quarters });
/**
 * Moves an initiative to a team and quarter at `rank` (null: last in the quarter).
 * @param {number} id @param {number} teamId @param {string} quarter @param {number | null} rank
 * @returns {Promise<Initiative>}
 */
export const roadmapMove = (id, teamId, quarter, rank) =>
  call('roadmap_move', { id, teamId, quarter, rank }).finally(invalidate);
/** @param {string} quarter @returns {Promise<QuarterCapacity>} */
export const roadmapCapacity = (quarter) => call('roadmap_capacity', { quarter });
/** @returns {Promise<RampCurve>} */
export const capacityRampGet = () => call('capacity_ramp_get');
/** @param {RampCurve} curve @returns {Promise<void>} */
export const capacityRampSet = (curve) => call('capacity_ramp_set', { curve }).finally(invalidate);
/** @param {string} quarter @returns {Promise<QuarterReview>} */
export const roadmapReview = (quarter) => call('roadmap_review', { quarter });
/** @param {string} quarter @returns {Promise<Snapshot>} */
export const quarterCommit = (quarter) => call('quarter_commit', { quarter }).finally(invalidate);
/** @param {string} quarter @param {Record<number, Outcome>} outcomes by snapshot item id @returns {Promise<Snapshot>} */
export const quarterClose = (quarter, outcomes) => call('quarter_close', { quarter, outcomes }).finally(invalidate);
/** @param {string[]} quarters @returns {Promise<HeadcountReport>} */
export const roadmapHeadcount = (quarters) => call('roadmap_headcount', { quarters });
/** @returns {Promise<Scenario[]>} */
export const roadmapScenarios = () => call('roadmap_scenarios');
/** @param {string} name @param {string} note @returns {Promise<Scenario>} */
export const scenarioCreate = (name, note) => call('scenario_create', { name, note }).finally(invalidate);
/** @param {number} id @returns {Promise<ScenarioView>} */
export const scenarioView = (id) => call('scenario_view', { id });
/** @param {number} id @param {string[]} quarters @returns {Promise<Comparison>} */
export const scenarioCompare = (id, quarters) => call('scenario_compare', { id, quarters });
/** @param {number} id @param {number} initiativeId @param {number} teamId @param {string} quarter @returns {Promise<unknown>} */
export const scenarioMove = (id, initiativeId, teamId, quarter) =>
  call('scenario_move', { id, initiativeId, teamId, quarter }).finally(invalidate);
/** @param {number} id @param {number} initiativeId @param {number} effortPw @returns {Promise<unknown>} */
export const scenarioResize = (id, initiativeId, effortPw) =>
  call('scenario_resize', { id, initiativeId, effortPw }).finally(invalidate);
/** @param {number} id @param {Omit<Position, 'id'> & {id?: number}} seat @returns {Promise<unknown>} */
export const scenarioAddSeat = (id, seat) => call('scenario_add_seat', { id, seat: { id: 0, ...seat } }).finally(invalidate);
/** @param {number} id @param {SeatRef} seat @returns {Promise<void>} */
export const scenarioRemoveSeat = (id, seat) => call('scenario_remove_seat', { id, seat }).finally(invalidate);
/** @param {number} id @param {SeatRef} seat @param {string | null} startDate @param {string | null} endDate @returns {Promise<void>} */
export const scenarioSeatDates = (id, seat, startDate, endDate) =>
  call('scenario_seat_dates', { id, seat, startDate, endDate }).finally(invalidate);
/** @param {number} id @returns {Promise<Promoted>} */
export const scenarioPromote = (id) => call('scenario_promote', { id }).finally(invalidate);
/** @param {number} id @returns {Promise<Scenario>} */
export const scenarioDiscard = (id) => call('scenario_discard', { id }).finally(invalidate);

// — finops (commands/finops.rs) —
/**
 * `core::unit_cost` and `core::finops` types. Amounts are exact decimal strings; changes are
 * percent strings with one decimal (or null when not comparable).
 * @typedef {'focus' | 'usage'} ImportKind
 * @typedef {{model_id: number, model: string, month: string, spend: string, training_spend: string,
 *   inference_spend: string, storage_spend: string, data_spend: string, other_spend: string,
 *   inferences: number, training_runs: number, cost_per_1k_inferences: string | null,
 *   cost_per_training_run: string | null, cost_per_1k_inferences_mom_percent: string | null,
 *   cost_per_1k_inferences_yoy_percent: string | null, cost_per_training_run_mom_percent: string | null,
 *   cost_per_training_run_yoy_percent: string | null}} UnitCost
 * @typedef {{key: string, id: number | null, effective_cost: string, lines: number, share_percent: number,
 *   mom_percent: string | null, yoy_percent: string | null}} SpendShare
 * @typedef {{by: 'category' | 'team' | 'model' | 'service' | 'provider', rows: SpendShare[]}} Breakdown
 * @typedef {{budget_id: number, quarter: string, team_id: number | null, team: string | null,
 *   category: string | null, currency: string, budget_minor: number, actual_minor: number,
 *   variance_minor: number, used_percent: number | null, over_budget: boolean}} BudgetVsActual
 * @typedef {{currency: string, months: string[], month: string | null, quarter: string | null,
 *   total_spend: string, total_mom_percent: string | null, total_yoy_percent: string | null,
 *   org_cost_per_1k_inferences: string | null, org_cost_per_1k_inferences_mom_percent: string | null,
 *   org_cost_per_training_run: string | null, org_cost_per_training_run_mom_percent: string | null,
 *   unit_costs: UnitCost[], breakdowns: Breakdown[], budgets: BudgetVsActual[],
 *   other_currency_lines: number}} UnitCostsPage
 * @typedef {{months: string[], spend_by_category_title: string, spend_by_category_svg: string,
 *   unit_cost_title: string, unit_cost_svg: string}} UnitCostCharts
 * @typedef {UnitCostsPage & {charts: UnitCostCharts | null}} UnitCostsWithCharts
 * @typedef {{file: string, file_index: number, file_count: number, rows: number, file_percent: number,
 *   percent: number}} RunProgress
 * @typedef {{line: number, value: string}} WarningExample
 * @typedef {{column: string, reason: string, count: number, examples: WarningExample[]}} ImportWarning
 * @typedef {{month: string, currency: string, lines: number, billed_cost: string, effective_cost: string}} MonthTotal
 * @typedef {{file: string, batch: ImportBatch, focus_version: string | null, replaced: number[],
 *   warnings: ImportWarning[], totals: MonthTotal[], overwritten: number | null}} FileImported
 * @typedef {{file: string, kind: string, message: string, line: number | null,
 *   row_group: [number, number] | null, column: string | null,
 *   value: string | null, reason: string | null, duplicate_of: ImportBatch | null}} FileFailed
 * @typedef {{kind: ImportKind, imported: FileImported[], failed: FileFailed | null, cancelled: boolean,
 *   skipped: string[], rows: number, warning_count: number, totals: MonthTotal[]}} ImportRun
 * @typedef {{currency: string, lines: number, billed_cost: string, effective_cost: string}} ImportTotal
 * @typedef {ImportBatch & {warnings: ImportWarning[], totals: ImportTotal[], usage_rows: number}} ImportListed
 * @typedef {{rule_id: number, index: number, priority: number, lines: number, effective_cost: string,
 *   billed_cost: string, share_percent: number}} RuleCatch
 * @typedef {{currency: string, month: string | null, months: string[], total_effective_cost: string,
 *   rules: RuleCatch[], unallocated_lines: number, unallocated_effective_cost: string,
 *   unallocated_billed_cost: string, unallocated_share_percent: number, other_currency_lines: number}} AllocationPreview
 */
/**
 * The unit-cost page of `month` (null: the latest with data) with its trend charts in the
 * window's theme, all from one allocation of spend.
 * @param {string | null} month @param {boolean} dark @returns {Promise<UnitCostsWithCharts>}
 */
export const finopsUnitCosts = (month, dark) => call('finops_unit_costs', { month, dark });
/** Native open dialog (several files). @param {ImportKind} kind @returns {Promise<string[] | null>} */
export const finopsPickFiles = (kind) => call('finops_pick_files', { kind });
/**
 * Imports `paths` in order, calling `onProgress` as they are read.
 * @param {ImportKind} kind
 * @param {string[]} paths
 * @param {boolean} replace
 * @param {(progress: RunProgress) => void} onProgress
 * @returns {Promise<ImportRun>}
 */
export function finopsImport(kind, paths, replace, onProgress) {
  const tauri = /** @type {any} */ (window).__TAURI__;
  if (!tauri) return Promise.reject(new ApiError({ kind: 'app', message: 'Quartermaster must run inside its desktop window' }));
  const channel = new tauri.core.Channel();
  channel.onmessage = onProgress;
  return call('finops_import', { kind, paths, replace, onProgress: channel }).finally(invalidate);
}
/** Asks the running import to stop. @returns {Promise<void>} */
export const finopsImportCancel = () => call('finops_import_cancel');
/** @returns {Promise<ImportListed[]>} */
export const finopsImports = () => call('finops_imports');
/** @param {number} id @returns {Promise<ImportBatch>} */
export const finopsImportUndo = (id) => call('finops_import_undo', { id }).finally(invalidate);
/** @param {AllocationRule[]} rules @param {string | null} month @returns {Promise<AllocationPreview>} */
export const finopsAllocationPreview = (rules, month) => call('finops_allocation_preview', { rules, month });
/** @param {number[]} ids @returns {Promise<AllocationRule[]>} */
export const finopsAllocationReorder = (ids) => call('finops_allocation_reorder', { ids }).finally(invalidate);

// — hiring (commands/hiring.rs) —
/**
 * Hiring (`core::pipeline`, `core::scorecards`, `core::debrief`, `core::hiring_metrics`, `core::erase`).
 * @typedef {'applied' | 'screen' | 'onsite' | 'debrief' | 'offer' | 'hired' | 'rejected' | 'withdrawn'} Stage
 * @typedef {'strong_no' | 'no' | 'yes' | 'strong_yes'} RecommendationValue
 * @typedef {{requisition_id: number, title: string, opened_on: string, filled_on: string | null,
 *   days: number | null, open_for_days: number | null}} TimeToFill
 * @typedef {{stage: Stage, completed: number, mean_days: number | null, median_days: number | null,
 *   in_stage_now: number, longest_now_days: number | null}} StageTime
 * @typedef {{stage: Stage, reached: number, conversion_percent: number | null}} FunnelStep
 * @typedef {{steps: FunnelStep[], rejected: number, withdrawn: number, in_process: number}} Funnel
 * @typedef {{id: number, name: string, source: string, stage: Stage, applied_on: string, stage_since: string,
 *   days_in_stage: number | null, erased: boolean, interviews: number, submitted_cards: number,
 *   decision: 'hire' | 'no_hire' | null}} BoardCandidate
 * @typedef {Requisition & {position: string, position_status: string, time_to_fill: TimeToFill | null,
 *   candidates: BoardCandidate[]}} BoardRequisition
 * @typedef {{id: number, label: string, status: string, role: string}} PositionChoice
 * @typedef {{today: string, requisitions: BoardRequisition[], funnel: Funnel, stage_times: StageTime[],
 *   openable_positions: PositionChoice[]}} PipelineView
 * @typedef {{id: number, candidate_id: number, stage: Stage, changed_on: string}} StageChange
 * @typedef {{position_id: number, title: string, hiring_manager: string, opened_on: string}} NewRequisition
 * @typedef {{requisition_id: number, name: string, source: string, applied_on: string}} NewCandidate
 * @typedef {{candidate: Candidate, position: Position, requisition: Requisition}} Hire
 * @typedef {'not_started' | 'draft' | 'submitted'} CardStatus
 * @typedef {{interview_id: number, candidate_id: number, candidate: string, requisition_id: number,
 *   requisition: string, interviewer: string, exercise: string, scheduled_on: string, status: CardStatus}} PanelSeat
 * @typedef {{dimension_id: number, name: string, good_looks_like: string, score: number | null, evidence: string}} CardDimension
 * @typedef {{id: number, scorecard_id: number, reason: string, amended_at: string, applied: boolean}} Amendment
 * @typedef {PanelSeat & {scorecard_id: number | null, dimensions: CardDimension[], strong_signals: string,
 *   red_flags: string, recommendation: RecommendationValue | null, submitted_at: string | null,
 *   amendments: Amendment[]}} CardView
 * @typedef {{dimension_id: number, score: number | null, evidence: string}} RatingInput
 * @typedef {{ratings: RatingInput[], strong_signals: string, red_flags: string,
 *   recommendation: RecommendationValue | null}} ScorecardInput
 * @typedef {{interview_id: number, interviewer: string, exercise: string}} DebriefColumn
 * @typedef {{dimension_id: number, dimension: string, ratings: (number | null)[], evidence: string[],
 *   mean: number | null, spread: number | null, disagreement: boolean}} DebriefRow
 * @typedef {{strong_no: number, no: number, yes: number, strong_yes: number}} Tally
 * @typedef {{interviewer: string, exercise: string, recommendation: RecommendationValue | null,
 *   strong_signals: string, red_flags: string}} PanelRecommendation
 * @typedef {{candidate_id: number, candidate: string, requisition_id: number, requisition: string, stage: Stage,
 *   columns: DebriefColumn[], rows: DebriefRow[], overall_mean: number | null, disagreements: number,
 *   recommendations: PanelRecommendation[], tally: Tally, pending: string[], decision: Decision | null}} Debrief
 * @typedef {{candidate_id: number, candidate: string, stage: Stage, blind: boolean, means: (number | null)[],
 *   overall_mean: number | null, disagreements: number, tally: Tally, submitted: number, interviews: number,
 *   decision: 'hire' | 'no_hire' | null}} CalibrationRow
 * @typedef {{requisition_id: number, requisition: string, dimensions: [number, string][],
 *   candidates: CalibrationRow[]}} Calibration
 * @typedef {{dimension_id: number, name: string, default_good_looks_like: string, good_looks_like: string,
 *   chosen: boolean}} LoopDimension
 * @typedef {{id: number, requisition_id: number, exercise: string, focus: number[], minutes: number,
 *   sort_order: number}} LoopStep
 * @typedef {{id: number, name: string, stage: Stage, interviews: PanelSeat[]}} LoopCandidate
 * @typedef {{requisition: Requisition, dimensions: LoopDimension[], all_dimensions: boolean, steps: LoopStep[],
 *   candidates: LoopCandidate[]}} LoopView
 * @typedef {{dimension_id: number, good_looks_like: string}} DimensionChoice
 * @typedef {{exercise: string, focus: number[], minutes: number}} NewLoopStep
 * @typedef {{interviewer: string, exercise: string, scheduled_on: string, focus: number[]}} NewInterview
 * @typedef {{interview_id: number, candidate: string, interviewer: string, scorecard_id: number | null}} KitImport
 * @typedef {{candidate_id: number, name: string, stage: Stage, interviews: number, scorecards: number,
 *   decisions: number, already_erased: boolean, refused: string | null}} ErasurePreview
 * @typedef {{candidate_id: number, already_erased: boolean, interviews: number, scorecards: number,
 *   decisions: number, audit_rows: number, mentions: number}} Erasure
 */
/** @returns {Promise<PipelineView>} */
export const hiringPipeline = () => call('hiring_pipeline');
/** @param {NewRequisition} requisition @returns {Promise<Requisition>} */
export const hiringOpenRequisition = (requisition) => call('hiring_open_requisition', { requisition }).finally(invalidate);
/** @param {NewCandidate} candidate @returns {Promise<Candidate>} */
export const hiringAddCandidate = (candidate) => call('hiring_add_candidate', { candidate }).finally(invalidate);
/** @param {number} candidateId @param {Stage} stage @param {string} on @returns {Promise<Candidate>} */
export const hiringMoveCandidate = (candidateId, stage, on) => call('hiring_move_candidate', { candidateId, stage, on }).finally(invalidate);
/** @param {number} candidateId @param {string} acceptedOn @param {string} startDate @returns {Promise<Hire>} */
export const hiringHire = (candidateId, acceptedOn, startDate) => call('hiring_hire', { candidateId, acceptedOn, startDate }).finally(invalidate);
/** @param {number} candidateId @returns {Promise<StageChange[]>} */
export const hiringStageHistory = (candidateId) => call('hiring_stage_history', { candidateId });
/** @param {number} requisitionId @returns {Promise<LoopView>} */
export const hiringLoops = (requisitionId) => call('hiring_loops', { requisitionId });
/** @param {number} requisitionId @param {DimensionChoice[]} choices @returns {Promise<Dimension[]>} */
export const hiringSetDimensions = (requisitionId, choices) => call('hiring_set_dimensions', { requisitionId, choices }).finally(invalidate);
/** @param {number} requisitionId @param {NewLoopStep[]} steps @returns {Promise<LoopStep[]>} */
export const hiringSetLoop = (requisitionId, steps) => call('hiring_set_loop', { requisitionId, steps }).finally(invalidate);
/** @param {number} candidateId @param {NewInterview} interview @returns {Promise<Interview>} */
export const hiringBookInterview = (candidateId, interview) => call('hiring_book_interview', { candidateId, interview }).finally(invalidate);
/** @returns {Promise<string[]>} */
export const hiringPanelists = () => call('hiring_panelists');
/** @param {string} panelist @returns {Promise<PanelSeat[]>} */
export const hiringScorecards = (panelist) => call('hiring_scorecards', { panelist });
/** @param {string} panelist @param {number} interviewId @returns {Promise<CardView>} */
export const hiringOpenCard = (panelist, interviewId) => call('hiring_open_card', { panelist, interviewId });
/** @param {string} panelist @param {number} interviewId @param {ScorecardInput} input @returns {Promise<CardView>} */
export const hiringSaveDraft = (panelist, interviewId, input) => call('hiring_save_draft', { panelist, interviewId, input });
/** @param {string} panelist @param {number} interviewId @param {ScorecardInput} input @returns {Promise<CardView>} */
export const hiringSubmitCard = (panelist, interviewId, input) => call('hiring_submit_card', { panelist, interviewId, input }).finally(invalidate);
/** @param {string} panelist @param {number} interviewId @param {ScorecardInput} input @param {string} reason @returns {Promise<CardView>} */
export const hiringAmendCard = (panelist, interviewId, input, reason) => call('hiring_amend_card', { panelist, interviewId, input, reason }).finally(invalidate);
/** @param {string} viewer @param {number} candidateId @returns {Promise<CardView[]>} */
export const hiringPanelCards = (viewer, candidateId) => call('hiring_panel_cards', { viewer, candidateId });
/** @param {string} viewer @param {number} candidateId @returns {Promise<Debrief>} */
export const hiringDebrief = (viewer, candidateId) => call('hiring_debrief', { viewer, candidateId });
/** @param {number} candidateId @param {'hire' | 'no_hire'} outcome @param {string} rationale @param {string} decidedOn @returns {Promise<Decision>} */
export const hiringDecide = (candidateId, outcome, rationale, decidedOn) => call('hiring_decide', { candidateId, outcome, rationale, decidedOn }).finally(invalidate);
/** @param {string} viewer @param {number} requisitionId @returns {Promise<Calibration>} */
export const hiringCalibration = (viewer, requisitionId) => call('hiring_calibration', { viewer, requisitionId });
/** @param {string} viewer @param {number} candidateId @param {string} suggested @returns {Promise<string | null>} path, null when cancelled */
export const hiringExportPacket = (viewer, candidateId, suggested) => call('hiring_export_packet', { viewer, candidateId, suggested });
/** @param {number} interviewId @param {string} suggested @returns {Promise<string | null>} path, null when cancelled */
export const hiringExportKit = (interviewId, suggested) => call('hiring_export_kit', { interviewId, suggested });
/** @returns {Promise<KitImport | null>} null when cancelled */
export const hiringImportKit = () => call('hiring_import_kit').finally(invalidate);
/** @param {string} path @returns {Promise<KitImport>} */
export const hiringImportKitFrom = (path) => call('hiring_import_kit_from', { path }).finally(invalidate);
/** @param {number} candidateId @returns {Promise<ErasurePreview>} */
export const hiringErasurePreview = (candidateId) => call('hiring_erasure_preview', { candidateId });
/** @param {number} candidateId @returns {Promise<Erasure>} */
export const hiringEraseCandidate = (candidateId) => call('hiring_erase_candidate', { candidateId }).finally(invalidate);

// — kpis and reports (commands/kpis.rs, commands/reports.rs) —
/**
 * `core::kpi_series::{Point, KpiStatusRow}`, `report::chart::{KpiCard, KpiDetail}`
 * @typedef {'improving' | 'worsening' | 'flat'} Trend
 * @typedef {{period: string, value: number, note: string, value_id: number | null}} KpiPoint
 * @typedef {{id: number, key: string, name: string, unit: string, direction: 'higher' | 'lower',
 *   frequency: 'monthly' | 'quarterly', source: 'manual' | 'derived', period: string | null,
 *   in_progress: boolean, value: number | null, previous: number | null, target: number | null,
 *   warn: number | null, status: KpiStatus | null, trend: Trend | null, points: KpiPoint[]}} KpiStatusRow
 * @typedef {KpiStatusRow & {sparkline: string}} KpiCard
 * @typedef {KpiStatusRow & {chart_title: string, chart_svg: string, suggested_period: string | null}} KpiDetail
 */
/**
 * `report::workbook::Written`
 * @typedef {'xlsx' | 'csv' | 'png' | 'html' | 'pdf'} ReportFormat
 * @typedef {{quarter: string, as_of: string, files: string[], sheets: string[], charts: number,
 *   pages: number | null}} ReportWritten
 */
/**
 * `report::brief::Brief`: the quarter's one-page brief, every text already formatted.
 * @typedef {{name: string, status: KpiStatus | null, status_word: string, value: string, target: string,
 *   period: string, sparkline_svg: string}} BriefTile
 * @typedef {{chart: {title: string}, svg: string}} BriefChart
 * @typedef {{title: string, team: string, status: string}} BriefCommitment
 * @typedef {{title: string, severity: string, likelihood: string, owner: string, mitigation: string}} BriefRisk
 * @typedef {{area: string, subject: string, detail: string}} BriefDecision
 * @typedef {{org_name: string, quarter: string, as_of: string, title: string, tiles: BriefTile[],
 *   charts: BriefChart[], commitments: {shown: BriefCommitment[], more: number}, commitments_summary: string,
 *   risks: {shown: BriefRisk[], more: number}, decisions: {shown: BriefDecision[], more: number}}} Brief
 */
/** Every KPI with its latest value, status, trend and sparkline. @returns {Promise<KpiCard[]>} */
export const kpiTrends = () => call('kpi_trends');
/**
 * One KPI: status, values with annotations, and its trend chart drawn at `width` × `height`.
 * @param {string} key @param {boolean} dark @param {number} width @param {number} height
 * @returns {Promise<KpiDetail>}
 */
export const kpiDetail = (key, dark, width, height) => call('kpi_detail', { key, dark, width, height });
/**
 * Asks (native dialog) where to write the executive report; null when cancelled.
 * @param {string} quarter @param {ReportFormat} format @returns {Promise<string | null>}
 */
export const reportChoosePath = (quarter, format) => call('report_choose_path', { quarter, format });
/**
 * Writes the executive report of `quarter` to `path` in `format` (html and pdf: the brief, with
 * its appendix page when `appendix`).
 * @param {string} quarter @param {ReportFormat} format @param {string} path @param {boolean} appendix
 * @returns {Promise<ReportWritten>}
 */
export const reportExport = (quarter, format, path, appendix) => call('report_export', { quarter, format, path, appendix });
/** The brief of `quarter` as of today, for the preview. @param {string} quarter @returns {Promise<Brief>} */
export const reportBrief = (quarter) => call('report_brief', { quarter });
