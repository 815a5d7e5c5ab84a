// @ts-check
/** How one value of a record is shown in a table cell and compared when sorting. */
import * as fmt from '../format.js';

/** @typedef {import('./registry.js').Column} Column */
/** @typedef {import('./registry.js').Lookup} Lookup */
/** @typedef {import('../api.js').AnyRecord} AnyRecord */

const NUMERIC = new Set(['int', 'number', 'effort', 'money', 'decimal', 'percent']);

/** @param {Column} column */
export const isNumeric = (column) => NUMERIC.has(column.type);

/**
 * The text of a cell.
 * @param {Column} column
 * @param {AnyRecord} record
 * @param {Lookup} lookup
 * @returns {string}
 */
export function cellText(column, record, lookup) {
  const value = record[column.key];
  switch (column.type) {
    case 'int': return fmt.integer(value);
    case 'number': return fmt.number(value);
    case 'effort': return fmt.oneDp(value);
    case 'percent': return value === null || value === undefined ? '' : `${fmt.integer(value)}%`;
    case 'money': return fmt.money(value, column.currencyKey ? record[column.currencyKey] : undefined, { whole: true });
    case 'decimal': return fmt.decimal(value);
    case 'date': return fmt.date(value);
    case 'timestamp': return fmt.timestamp(value);
    case 'month': return value ? fmt.month(value) : '';
    case 'bool': return fmt.yesNo(value);
    case 'enum': return fmt.words(value);
    case 'ref': return value === null || value === undefined ? '—' : lookup(/** @type {string} */ (column.ref), value);
    case 'ids': return Array.isArray(value) ? value.map((id) => lookup(/** @type {string} */ (column.ref), id)).join(', ') : '';
    case 'json': return value && typeof value === 'object' ? Object.entries(value).map(([k, v]) => `${k}=${v}`).join(' ') : '';
    default: return value === null || value === undefined ? '' : String(value);
  }
}

/**
 * The value a column sorts by: numbers numerically, everything else by its shown text.
 * @param {Column} column
 * @param {AnyRecord} record
 * @param {Lookup} lookup
 * @returns {number | string}
 */
export function sortValue(column, record, lookup) {
  const value = record[column.key];
  if (isNumeric(column)) {
    if (value === null || value === undefined || value === '') return -Infinity;
    return typeof value === 'number' ? value : Number(value);
  }
  if (column.type === 'bool') return value ? 1 : 0;
  if (column.type === 'date' || column.type === 'timestamp' || column.type === 'month' || column.type === 'quarter') {
    return value ?? '';
  }
  return cellText(column, record, lookup);
}

/**
 * The status tone of a cell, for columns that show a status.
 * @param {Column} column
 * @param {AnyRecord} record
 * @returns {string | null}
 */
export function tone(column, record) {
  if (!column.status) return null;
  return column.status[String(record[column.key])] ?? null;
}
