// @ts-check
/**
 * The one module that talks to Rust. Every function is one Tauri command; the JSDoc types
 * mirror the Rust types they carry. Failures reject with an `ApiError` ({kind, message, field?}).
 */

/** @typedef {'iso' | 'dmy' | 'mdy'} DateFormat */
/**
 * `quartermaster_core::settings::Settings`
 * @typedef {{org_name: string, fiscal_year_start_month: number, currency: string, date_format: DateFormat}} Settings
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
 *   today: string, quarter: string | null, quarters: string[]}} SessionInfo
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
 *   value: number, target: number | null, warn: number | null, status: KpiStatus}} KpiAlert
 * @typedef {{org_name: string, today: string, quarter: string, heads: Heads, hiring: Hiring, operations: Operations,
 *   production_by_tier: TierCount[], production_total: number, committed: CommittedInitiative[],
 *   committed_effort_pw: number, spend: Spend, kpi_alerts: KpiAlert[], kpis_measured: number,
 *   kpis_on_target: number}} Overview
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
  try {
    return await tauri.core.invoke(command, args);
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
/** @param {Settings} settings @returns {Promise<SessionInfo>} */
export const settingsUpdate = (settings) => call('settings_update', { settings }).finally(invalidate);
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
/** @param {string} kind @param {number} id @returns {Promise<Referrer[]>} */
export const recordReferences = (kind, id) => call('record_references', { kind, id });
/** @returns {Promise<Record<string, number>>} */
export const recordCounts = () => call('record_counts');
/** @param {string} query @param {number} limit @returns {Promise<SearchHit[]>} */
export const searchRecords = (query, limit) => call('search_records', { query, limit });
/** @param {string} text @param {string} currency @param {string} field @returns {Promise<number>} minor units */
export const parseAmount = (text, currency, field) => call('parse_amount', { text, currency, field });
/** @returns {Promise<Overview>} */
export const overview = () => call('overview_get');
/** @returns {Promise<string[] | null>} files written, null when cancelled */
export const exportCsv = () => call('export_csv');

// Area APIs below: one section per area, each function one command of `commands/<area>.rs`.

// — roadmap (commands/roadmap.rs) —

// — finops (commands/finops.rs) —

// — hiring (commands/hiring.rs) —

// — kpis and reports (commands/kpis.rs, commands/reports.rs) —
