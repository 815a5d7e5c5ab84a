// @ts-check
/**
 * The guided import's types, mirroring `quartermaster_core::records::import` (kept here so
 * `api.js`, which calls the commands, stays one readable page).
 * @typedef {{name: string, export_name: string, label: string, type: 'text'|'integer'|'money'|'number'|'bool'|'date'|'timestamp'|'quarter'|'choice'|'reference', optional: boolean, default: string | null, required: boolean, choices: string[], references: string | null}} ImportField
 * @typedef {{columns: Record<string, string>, constants: Record<string, string>, units: Record<string, 'seconds'|'hours'|'days'>, values: Record<string, Record<string, string>>, create_teams: string[], key_column: string | null}} ImportMapping
 * @typedef {{kind: string, file: string, header_line: number, headers: string[], sample: string[][], rows: number, fields: ImportField[], mapping: ImportMapping, saved: boolean}} ImportPreview
 * @typedef {{field: string, label: string, column: string, value: string, rows: number, proposed: string | null, exact: boolean, choices: string[], can_create: boolean, create: boolean}} ImportValueQuestion
 * @typedef {{line: number, key: string | null, column: string, value: string, reason: string}} ImportRowError
 * @typedef {{kind: string, file: string, rows: number, imported: number, teams_created: string[], errors: ImportRowError[], written: boolean}} ImportOutcome
 * @typedef {{
 *   pick: () => Promise<string | null>,
 *   preview: (kind: string, path: string) => Promise<ImportPreview>,
 *   values: (kind: string, path: string, mapping: ImportMapping) => Promise<ImportValueQuestion[]>,
 *   check: (kind: string, path: string, mapping: ImportMapping) => Promise<ImportOutcome>,
 *   run: (kind: string, path: string, mapping: ImportMapping) => Promise<ImportOutcome>,
 * }} RecordImportApi
 */
export {};
