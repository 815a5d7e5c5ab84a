// @ts-check
/**
 * FinOps › Imports: every billing and usage import with its rows, warnings and exact totals;
 * opening one shows its warnings in detail and offers Undo (asked once, naming what goes).
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { ctx } from '../../context.js';
import { h, replace } from '../../components/dom.js';
import { confirmDialog } from '../../components/dialog.js';
import { viewHead } from '../../components/view_head.js';
import { amount, importButtons, miniTable, th } from './common.js';
import { warningDetails } from './import.js';

/** @typedef {import('../../api.js').ImportListed} ImportListed */

/** @type {import('../../components/registry.js').Page} */
export default { id: 'imports', tab: 'Imports', render: renderImports };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route `id` opens that import
 */
async function renderImports(root, route) {
  const { area } = route;
  const imports = await api.finopsImports();
  const selected = route.id ? Number(route.id) : null;
  const filterInput = h('input', {
    type: 'search', class: 'filter', 'data-filter': 'imports', placeholder: 'Filter imports…',
    'aria-label': 'Filter imports', 'aria-keyshortcuts': '/',
  });
  const countText = h('span', { class: 'row-count', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const table = h('table', { class: 'grid fo-grid', 'aria-label': 'Imports' },
    h('thead', {}, h('tr', {},
      th('Imported', 150),
      th('Kind', 90, false, true),
      th('File'),
      th('Rows', 90, true),
      th('Warnings', 96, true, true),
      th(`Effective cost (${fmt.reportingCurrency()})`, 170, true),
      th('Billed cost', 140, true, true))),
    tbody);
  const empty = h('div', { class: 'empty', hidden: imports.length > 0 },
    h('p', { text: 'Nothing imported yet. Each billing (FOCUS) or usage import is listed here with its totals and warnings, and can be undone.' }),
    h('div', { class: 'fo-actions' }, importButtons()));
  const panel = h('aside', { class: 'panel', hidden: true, 'aria-label': 'Import details' });

  /** @param {ImportListed} i */
  const searchable = (i) => `${i.file_name} ${i.kind} ${fmt.timestamp(i.imported_at)}`.toLocaleLowerCase();
  /** @param {import('../../api.js').ImportTotal[]} totals @param {'effective_cost' | 'billed_cost'} key */
  const money = (totals, key) => totals.length === 0 ? '—' : totals.map((t) => `${amount(t[key])}${t.currency !== fmt.reportingCurrency() ? ` ${t.currency}` : ''}`).join(' · ');

  function render() {
    const words = filterInput.value.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const shown = imports.filter((i) => words.every((w) => searchable(i).includes(w)));
    replace(tbody, shown.map((i) => h('tr', {
      'data-id': i.id, tabindex: 0, class: i.id === selected ? 'active' : null, 'aria-selected': i.id === selected ? 'true' : null,
      onclick: () => ctx.navigate(`#/finops/imports/${i.id}`),
      onkeydown: (/** @type {KeyboardEvent} */ e) => keyOnRow(e, i.id),
    },
    h('td', { text: fmt.timestamp(i.imported_at) }),
    h('td', { class: 'fo-wide-only' }, h('span', { class: 'pill', text: i.kind === 'focus' ? 'Billing' : fmt.words(i.kind) })),
    h('td', { title: i.file_name, text: i.file_name }),
    h('td', { class: 'num', text: fmt.integer(i.row_count) }),
    h('td', { class: 'num fo-wide-only' }, i.warning_count ? h('span', { class: 'pill warn', text: fmt.integer(i.warning_count) }) : '0'),
    h('td', { class: 'num', text: money(i.totals, 'effective_cost') }),
    h('td', { class: 'num fo-wide-only', text: money(i.totals, 'billed_cost') }))));
    table.hidden = imports.length === 0;
    countText.textContent = fmt.count(shown.length, imports.length, 'import', 'imports');
  }

  /** @param {KeyboardEvent} event @param {number} id */
  function keyOnRow(event, id) {
    const row = /** @type {HTMLElement} */ (event.currentTarget);
    if (event.key === 'Enter') { event.preventDefault(); ctx.navigate(`#/finops/imports/${id}`); }
    if (event.key === 'ArrowDown') { event.preventDefault(); /** @type {HTMLElement | null} */ (row.nextElementSibling)?.focus(); }
    if (event.key === 'ArrowUp') { event.preventDefault(); /** @type {HTMLElement | null} */ (row.previousElementSibling)?.focus(); }
  }

  filterInput.addEventListener('input', render);
  filterInput.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter') { event.preventDefault(); /** @type {HTMLElement | null} */ (tbody.querySelector('tr'))?.focus(); }
  });
  render();

  const current = selected === null ? undefined : imports.find((i) => i.id === selected);
  if (current) { showPanel(panel, current); table.classList.add('fo-panel-open'); }
  else if (selected !== null) ctx.notify(`Import #${selected} no longer exists`, 'error');

  replace(root,
    viewHead(area, 'imports', h('div', { class: 'grow' }), filterInput, ...importButtons()),
    h('div', { class: 'view-body' }, h('div', { class: 'table-host' }, h('div', { class: 'table-wrap fo-wrap' }, table, empty)), panel),
    h('footer', { class: 'view-foot' }, countText));
  return { focusFilter: () => filterInput.focus() };
}

/**
 * The side panel of one import: its figures, totals per currency, warnings and Undo.
 * @param {HTMLElement} panel
 * @param {ImportListed} i
 */
function showPanel(panel, i) {
  const close = () => ctx.navigate('#/finops/imports');
  const undo = h('button', { type: 'button', class: 'button danger-quiet', 'data-action': 'undo-import', text: 'Undo import…', onclick: () => confirmUndo(i) });
  replace(panel,
    h('div', { class: 'panel-head' },
      h('div', {}, h('div', { class: 'eyebrow', text: `Import #${i.id} · ${i.kind === 'focus' ? 'billing' : i.kind}` }), h('h2', { text: i.file_name })),
      h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', title: 'Close (Esc)', text: '×', onclick: close })),
    h('dl', { class: 'details' },
      h('dt', { text: 'Imported' }), h('dd', { text: fmt.timestamp(i.imported_at) }),
      h('dt', { text: 'Rows' }), h('dd', { text: fmt.integer(i.row_count) }),
      i.kind === 'usage' ? [h('dt', { text: 'Usage rows now' }), h('dd', { text: fmt.integer(i.usage_rows) })] : null,
      h('dt', { text: 'Warnings' }), h('dd', { text: fmt.integer(i.warning_count) }),
      h('dt', { text: 'SHA-256' }), h('dd', {}, h('code', { class: 'fo-hash', text: i.sha256 }))),
    i.totals.length ? h('div', { class: 'fo-panel-section' }, miniTable({
      label: 'Totals of this import',
      testid: 'import-detail-totals',
      head: [{ text: 'Currency' }, { text: 'Lines', num: true }, { text: 'Billed', num: true }, { text: 'Effective', num: true }],
      rows: i.totals,
      cells: (t) => [t.currency, fmt.integer(t.lines),
        h('span', { 'data-exact': t.billed_cost, text: amount(t.billed_cost) }),
        h('span', { 'data-exact': t.effective_cost, text: amount(t.effective_cost) })],
    })) : null,
    h('div', { class: 'fo-panel-section fo-warnings' },
      h('h3', { text: i.warnings.length ? 'Values that had to be interpreted' : 'No warnings' }),
      i.warnings.map((w) => warningDetails('', w))),
    h('div', { class: 'panel-actions' }, h('div', { class: 'grow' }), undo));
  panel.hidden = false;
  queueMicrotask(() => undo.focus());
}

/** @param {ImportListed} i */
async function confirmUndo(i) {
  const what = i.kind === 'usage'
    ? `Its ${fmt.plural(i.usage_rows, 'usage row')} will be removed; usage rows it replaced come back.`
    : `Its ${fmt.plural(i.row_count, 'billing line')} will be removed from every report.`;
  const ok = await confirmDialog({
    title: `Undo import #${i.id} (${i.file_name})?`,
    lines: [what, 'The file can be imported again later.'],
    confirm: 'Undo import',
    danger: true,
  });
  if (!ok) return;
  try {
    await api.finopsImportUndo(i.id);
    ctx.notify(`Undid import #${i.id} (${i.file_name})`);
    ctx.refreshCounts();
    ctx.navigate('#/finops/imports');
  } catch (err) {
    ctx.notify(err instanceof Error ? err.message : String(err), 'error');
  }
}
