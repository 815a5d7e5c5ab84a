// @ts-check
/** Shared bits of the FinOps pages: the import buttons, change and amount cells, chart images. */
import * as fmt from '../../format.js';
import { h } from '../../components/dom.js';
import { limited } from '../../components/limited.js';
import { openImport } from './import.js';

const minus = '\u2212';

/**
 * An exact decimal string with grouping and 2–4 decimals (unit costs can be fractions of a cent).
 * Formats only: Intl reads numeric strings exactly.
 * @param {string | null | undefined} text
 */
export function unitAmount(text) {
  if (text === null || text === undefined || text === '') return '—';
  return unitFormat.format(/** @type {any} */ (text)).replace(/^-/, minus);
}

/** The system's locale as format.js picks it (en-US where the system has none worth the name). */
const locale = (() => {
  const system = typeof navigator === 'undefined' ? '' : navigator.language || '';
  return /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(system) && !/^(c|posix|und)$/i.test(system) ? system : 'en-US';
})();
const unitFormat = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** An exact decimal string to the cent, or a dash. @param {string | null | undefined} text */
export function amount(text) {
  return text === null || text === undefined || text === '' ? '—' : fmt.decimal(text);
}

/**
 * A change in percent computed in Rust ("-12.5"), shown with its sign and an arrow; for spend and
 * unit costs a rise is the bad direction, so it is tinted (the arrow and sign carry the meaning).
 * @param {string | number | null | undefined} change
 */
export function changeCell(change) {
  if (change === null || change === undefined || change === '') return h('span', { class: 'muted', text: '—' });
  const text = String(change);
  const negative = text.startsWith('-');
  const zero = Number(text) === 0;
  const body = `${zero ? '' : negative ? '▼ ' : '▲ '}${negative ? minus : zero ? '' : '+'}${fmt.oneDp(Math.abs(Number(text)))}%`;
  return h('span', { class: `fo-change ${zero ? '' : negative ? 'fo-down' : 'fo-up'}`, text: body });
}

/** The "Import billing…" and "Import usage…" buttons of the FinOps pages. */
export function importButtons() {
  return [
    h('button', { type: 'button', class: 'button', 'data-action': 'import-usage', text: 'Import usage…', onclick: () => openImport('usage') }),
    h('button', { type: 'button', class: 'button primary', 'data-action': 'import-billing', text: 'Import billing…', onclick: () => openImport('focus') }),
  ];
}

/**
 * A compact table (`table.mini`) of `rows`, each drawn by `cells`; past `limit` rows, the rest
 * behind a "Show all" toggle under the table (`components/limited.js`).
 * @template T
 * @param {{label: string, head: {text: string, num?: boolean, width?: string}[], rows: T[],
 *   cells: (row: T) => import('../../components/dom.js').Child[], foot?: import('../../components/dom.js').Child[],
 *   testid?: string, limit?: number, noun?: string}} options `noun`: what the rows are, plural
 * @returns {Node}
 */
export function miniTable({ label, head, rows, cells, foot, testid, limit = Infinity, noun = 'rows' }) {
  const tbody = h('tbody');
  const more = limited(tbody, rows, (row) => h('tr', {}, cells(row).map((cell, i) => h('td', { class: head[i]?.num ? 'num' : null }, cell))), { limit, noun });
  const table = h('table', { class: 'mini fo-table', 'aria-label': label, 'data-testid': testid ?? null },
    h('thead', {}, h('tr', {}, head.map((c) => {
      const th = h('th', { scope: 'col', class: c.num ? 'num' : null, text: c.text });
      if (c.width) th.style.width = c.width;
      return th;
    }))),
    tbody,
    foot ? h('tfoot', {}, h('tr', {}, foot.map((cell, i) => h('td', { class: head[i]?.num ? 'num' : null }, cell)))) : null);
  if (!more) return table;
  const both = document.createDocumentFragment();
  both.append(table, more);
  return both;
}

/**
 * A header cell of the rules and imports tables.
 * @param {string} text
 * @param {number} [width]
 * @param {boolean} [num]
 * @param {boolean} [wideOnly] hidden while the side panel is open
 */
export function th(text, width, num = false, wideOnly = false) {
  const cell = h('th', { scope: 'col', class: `fo-th${num ? ' num' : ''}${wideOnly ? ' fo-wide-only' : ''}`, text });
  if (width) cell.style.width = `${width}px`;
  return cell;
}
