// @ts-check
/**
 * The generic area view: a title row (name, tabs for the area's kinds, filter, New), the kind's
 * table, and a side panel that opens a record for editing while the list stays in view.
 */
import * as api from '../api.js';
import * as fmt from '../format.js';
import { h, replace } from './dom.js';
import { createTable } from './table.js';
import { buildForm } from './form.js';
import { confirmDialog } from './dialog.js';
import { kindSpec, loadLookup, referencedKinds } from './registry.js';
import { viewHead } from './view_head.js';
import { ctx, defaultsContext } from '../context.js';
import { canImport, openRecordImport } from '../views/import/dialog.js';

/** @typedef {import('./registry.js').Area} Area */
/** @typedef {import('./registry.js').KindSpec} KindSpec */
/** @typedef {import('../api.js').AnyRecord} AnyRecord */

/**
 * Renders `area` into `root` showing the page or kind named by `route.kind` (default: the area's
 * first page, else its first kind) and opening record `id` (a number, `'new'`, or null).
 * @param {HTMLElement} root
 * @param {Area} area
 * @param {{kind?: string, id?: string}} route
 */
export async function renderArea(root, area, route) {
  const page = area.pages.find((p) => p.id === (route.kind ?? area.pages[0]?.id));
  if (page) return await page.render(root, { area, id: route.id }) ?? { focusFilter: () => {} };
  const spec = route.kind ? kindSpec(route.kind) : area.kinds[0];
  const needed = referencedKinds(spec);
  const [rows, lookup] = await Promise.all([api.recordList(spec.kind), loadLookup(needed)]);
  const inQuarter = (/** @type {AnyRecord[]} */ list) =>
    spec.quarterKey && ctx.quarter ? list.filter((r) => r[/** @type {string} */ (spec.quarterKey)] === ctx.quarter) : list;

  const countText = h('span', { class: 'row-count', 'aria-live': 'polite' });
  const filterInput = h('input', {
    type: 'search', class: 'filter', 'data-filter': spec.kind, placeholder: `Filter ${spec.plural}…`,
    'aria-label': `Filter ${spec.plural}`, 'aria-keyshortcuts': '/',
  });
  const newButton = spec.readOnly || spec.noCreate ? null : h('button', {
    type: 'button', class: 'button primary', 'data-action': 'new', text: `New ${spec.label}`,
    onclick: () => ctx.navigate(`#/${area.id}/${spec.kind}/new`),
  });
  const importButton = canImport(spec.kind) && !spec.readOnly ? h('button', {
    type: 'button', class: 'button', 'data-action': 'import', text: 'Import…',
    title: `Import ${spec.plural} from a CSV or XLSX file`, onclick: () => openRecordImport(spec.kind),
  }) : null;
  const quarterNote = spec.quarterKey
    ? h('span', { class: 'scope', text: ctx.quarter ? ctx.quarter : 'All quarters' })
    : null;

  const emptyAction = newButton ? h('button', { type: 'button', class: 'button', text: `New ${spec.label}`, onclick: () => ctx.navigate(`#/${area.id}/${spec.kind}/new`) }) : null;
  const table = createTable({
    columns: spec.columns,
    rows: inQuarter(rows),
    lookup,
    label: fmt.words(spec.plural),
    sort: spec.sort,
    empty: h('div', {}, h('p', { text: spec.empty }), emptyAction),
    onOpen: (record) => ctx.navigate(`#/${area.id}/${spec.kind}/${record.id}`),
    onCount: (shown, total) => {
      const scoped = total !== rows.length ? ` in ${ctx.quarter} · ${fmt.integer(rows.length)} in all quarters` : '';
      countText.textContent = fmt.count(shown, total, spec.label, spec.plural) + scoped;
    },
  });
  filterInput.addEventListener('input', () => table.setFilter(filterInput.value));
  filterInput.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter') { event.preventDefault(); table.focus(); }
  });

  const panel = h('aside', { class: 'panel', hidden: true, 'aria-label': `${spec.label} details` });
  const body = h('div', { class: 'view-body' }, h('div', { class: 'table-host' }, table.el), panel);
  replace(root,
    viewHead(area, spec.kind, quarterNote, h('div', { class: 'grow' }), filterInput, importButton, newButton),
    body,
    h('footer', { class: 'view-foot' }, countText));

  if (route.id) {
    const id = route.id === 'new' ? null : Number(route.id);
    if (id !== null) table.select(id);
    await openPanel({ panel, area, spec, id, lookup, rows });
  }
  return { focusFilter: () => filterInput.focus() };
}

/**
 * Opens a record (or a new one) in the side panel.
 * @param {{panel: HTMLElement, area: Area, spec: KindSpec, id: number | null, lookup: import('./registry.js').Lookup,
 *   rows: AnyRecord[]}} args
 */
async function openPanel({ panel, area, spec, id, lookup, rows }) {
  const close = () => ctx.navigate(`#/${area.id}/${spec.kind}`);
  let record = id === null ? null : rows.find((r) => r.id === id) ?? null;
  if (id !== null && !record) {
    try {
      record = await api.recordGet(spec.kind, id);
    } catch (err) {
      ctx.notify(err instanceof Error ? err.message : String(err), 'error');
      return;
    }
  }
  const optionKinds = spec.fields.filter((f) => f.ref).map((f) => /** @type {string} */ (f.ref));
  const optionLists = await Promise.all(optionKinds.map((k) => api.recordList(k)));
  const options = new Map(optionKinds.map((k, i) => [k, optionLists[i]]));
  const name = record ? spec.name(record, lookup) : '';
  const heading = record ? name : `New ${spec.label}`;
  const closeButton = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', title: 'Close (Esc)', text: '×', onclick: close });

  if (spec.readOnly && record) {
    const shown = /** @type {AnyRecord} */ (record);
    replace(panel,
      h('div', { class: 'panel-head' }, h('div', {}, h('div', { class: 'eyebrow', text: fmt.words(spec.label) }), h('h2', { text: heading })), closeButton),
      h('dl', { class: 'details' }, spec.columns.flatMap((c) => [h('dt', { text: c.label }), h('dd', { text: String(shown[c.key] ?? '') })])),
      h('div', { class: 'panel-actions' }, h('div', { class: 'grow' }), deleteButton()));
    panel.hidden = false;
    return;
  }

  const start = record ?? { id: 0, ...(spec.defaults ? spec.defaults(defaultsContext()) : {}) };
  const form = buildForm({ spec, record: start, lookup, options });
  const saveButton = h('button', { type: 'submit', class: 'button primary', 'data-action': 'save', text: record ? 'Save' : `Create ${spec.label}` });
  const formEl = h('form', { class: 'record-form', novalidate: true, 'data-kind': spec.kind },
    h('div', { class: 'fields' }, form.fields),
    form.formError,
    h('div', { class: 'panel-actions' },
      saveButton,
      h('button', { type: 'button', class: 'button', text: 'Cancel', onclick: close }),
      h('div', { class: 'grow' }),
      record ? deleteButton() : null));
  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    form.clearErrors();
    saveButton.disabled = true;
    try {
      const saved = await api.recordSave(spec.kind, await form.values());
      ctx.notify(`Saved ${spec.label} ${spec.name(saved, lookup)}`);
      ctx.refreshCounts();
      ctx.navigate(`#/${area.id}/${spec.kind}`);
    } catch (err) {
      form.showError(err instanceof api.ApiError ? err : new api.ApiError({ kind: 'app', message: String(err) }));
    } finally {
      saveButton.disabled = false;
    }
  });
  const tabs = record ? recordTabs(spec.kind, /** @type {AnyRecord} */ (record).id, formEl) : null;
  replace(panel,
    h('div', { class: 'panel-head' },
      h('div', {}, h('div', { class: 'eyebrow', text: record ? fmt.words(spec.label) : 'New' }), h('h2', { text: heading })),
      closeButton),
    tabs ? tabs.bar : null,
    formEl,
    tabs ? tabs.history : null);
  panel.hidden = false;
  const first = /** @type {HTMLElement | null} */ (panel.querySelector('input:not([type=checkbox]), select, textarea'));
  first?.focus();

  function deleteButton() {
    return h('button', {
      type: 'button', class: 'button danger-quiet', 'data-action': 'delete', text: 'Delete…',
      onclick: () => confirmDelete(),
    });
  }

  async function confirmDelete() {
    if (!record) return;
    const doomed = /** @type {AnyRecord} */ (record);
    const referrers = await api.recordReferences(spec.kind, doomed.id);
    const noun = (/** @type {string} */ kind, /** @type {number} */ n) => {
      try {
        const s = kindSpec(kind);
        return fmt.plural(n, s.label, s.plural);
      } catch {
        return fmt.plural(n, fmt.words(kind).toLowerCase());
      }
    };
    const lines = referrers.filter((r) => r.on_delete !== 'blocks').map((r) => r.on_delete === 'deleted'
      ? `${noun(r.kind, r.count)} will be deleted with it.`
      : `${noun(r.kind, r.count)} will lose ${r.count === 1 ? 'its' : 'their'} link to it.`);
    const blockers = referrers.filter((r) => r.on_delete === 'blocks');
    const blocked = blockers.length
      ? `It is still used by ${blockers.map((r) => noun(r.kind, r.count)).join(' and ')}: remove or reassign those first.`
      : undefined;
    const ok = await confirmDialog({
      title: `Delete ${spec.label} ${name}?`,
      lines: [...lines, 'Ctrl+Z (or Undo in the notice that follows) brings it back.'],
      confirm: `Delete ${spec.label}`,
      danger: true,
      blocked,
    });
    if (!ok) return;
    try {
      await api.recordDelete(spec.kind, doomed.id);
      ctx.notify(`Deleted ${spec.label} ${name}`);
      ctx.refreshCounts();
      ctx.navigate(`#/${area.id}/${spec.kind}`);
    } catch (err) {
      ctx.notify(err instanceof Error ? err.message : String(err), 'error');
    }
  }
}

/**
 * The Details and History tabs of a record's side panel. History lists each change of the
 * record, newest first: when, by which action, and each field as before → after.
 * @param {string} kind @param {number} id @param {HTMLElement} details
 */
function recordTabs(kind, id, details) {
  const history = h('div', { class: 'record-history', id: `history-${kind}-${id}`, role: 'tabpanel', hidden: true });
  const detailsTab = h('button', { type: 'button', role: 'tab', class: 'tab current', 'aria-selected': 'true', 'data-tab': 'details', text: 'Details' });
  const historyTab = h('button', { type: 'button', role: 'tab', class: 'tab', 'aria-selected': 'false', 'data-tab': 'history', 'aria-controls': history.id, text: 'History' });
  const show = (/** @type {boolean} */ showHistory) => {
    details.hidden = showHistory;
    history.hidden = !showHistory;
    detailsTab.classList.toggle('current', !showHistory);
    historyTab.classList.toggle('current', showHistory);
    detailsTab.setAttribute('aria-selected', String(!showHistory));
    historyTab.setAttribute('aria-selected', String(showHistory));
    if (showHistory) loadHistory();
  };
  detailsTab.addEventListener('click', () => show(false));
  historyTab.addEventListener('click', () => show(true));
  async function loadHistory() {
    replace(history, h('p', { class: 'muted', text: 'Loading…' }));
    try {
      const entries = await api.historyRecord(kind, id);
      replace(history, entries.length ? h('ol', { class: 'history-list' }, entries.map(historyItem))
        : h('p', { class: 'muted', text: 'No recorded changes.' }));
    } catch (err) {
      replace(history, h('p', { class: 'form-error', role: 'alert', text: err instanceof Error ? err.message : String(err) }));
    }
  }
  return { bar: h('div', { class: 'tabs panel-tabs', role: 'tablist', 'aria-label': 'Record' }, detailsTab, historyTab), history };
}

/** One change as a list item: when, what, which action, fields before → after. @param {import('../api.js').HistoryEntry} entry */
export function historyItem(entry) {
  const value = (/** @type {unknown} */ v) => v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
  return h('li', { class: 'history-item', 'data-change': entry.id },
    h('div', { class: 'history-when' },
      h('time', { datetime: entry.at, text: entry.at.slice(0, 16).replace('T', ' ') }),
      h('span', { class: 'history-action', text: entry.action }),
      entry.step ? h('span', { class: 'muted', text: entry.step }) : null),
    entry.hidden ? h('p', { class: 'muted', text: 'Scorecard contents are shown only on the scorecard pages.' })
      : h('dl', { class: 'history-fields' }, entry.fields.flatMap((f) => [
        h('dt', { text: fmt.words(f.field) }),
        h('dd', {}, h('span', { class: 'before', text: value(f.before) }), h('span', { class: 'arrow', 'aria-label': 'became', text: ' → ' }), h('span', { class: 'after', text: value(f.after) })),
      ])));
}
