// @ts-check
/**
 * Guided import of records from a CSV or XLSX file, in four steps in one modal: 1 the kind and
 * the file, 2 its first rows, 3 which column fills which field, 4 what its statuses and team
 * names stand for; then every row is checked in Rust and imported all or nothing as one undo
 * step. Opened from File → Import records…, Ctrl+K, each area's "Import…" and the Overview's
 * checklist. The forms of steps 3 and 4 are in `steps.js`.
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { ctx } from '../../context.js';
import { h, replace } from '../../components/dom.js';
import { columnsStep, valuesStep, mappingFrom } from './steps.js';

/** @typedef {import('./types.js').ImportPreview} ImportPreview */
/** @typedef {import('./types.js').ImportOutcome} ImportOutcome */

/** The kinds that can be imported, with the words the dialog uses and where they are shown. */
export const IMPORTABLE = [
  { kind: 'team', plural: 'teams', route: '#/org/team' },
  { kind: 'position', plural: 'positions', route: '#/org/position' },
  { kind: 'model', plural: 'models', route: '#/portfolio/model' },
  { kind: 'initiative', plural: 'initiatives', route: '#/roadmap/board' },
  { kind: 'dependency', plural: 'dependencies', route: '#/roadmap/dependency' },
  { kind: 'budget', plural: 'budgets', route: '#/finops/budget' },
  { kind: 'kpi', plural: 'KPIs', route: '#/kpis/kpi' },
  { kind: 'kpi_value', plural: 'KPI values', route: '#/kpis/kpi_value' },
  { kind: 'risk', plural: 'risks', route: '#/operations/risk' },
  { kind: 'incident', plural: 'incidents', route: '#/operations/incident' },
];

/** @param {string} kind */
export const canImport = (kind) => IMPORTABLE.some((k) => k.kind === kind);

/** @param {string} kind */
const pluralOf = (kind) => IMPORTABLE.find((k) => k.kind === kind)?.plural ?? kind;

/** @param {unknown} err */
const message = (err) => (err instanceof Error ? err.message : String(err));

/**
 * Opens the import at step 1 for `kind`, with `path` filled in when given.
 * @param {string} [kind]
 * @param {string} [path]
 */
export function openRecordImport(kind = 'initiative', path = '') {
  if (document.querySelector('dialog.record-import')) return;
  const dialog = h('dialog', { class: 'modal record-import', 'aria-label': 'Import records', 'data-testid': 'record-import' });
  const title = h('h2', { class: 'modal-title' });
  const stepper = h('ol', { class: 'ri-steps', 'aria-label': 'Steps' },
    ['File', 'First rows', 'Columns', 'Values'].map((label, i) => h('li', { 'data-step': String(i + 1), text: `${i + 1}. ${label}` })));
  const body = h('div', { class: 'ri-body' });
  const close = () => { dialog.close(); dialog.remove(); };
  dialog.addEventListener('cancel', (event) => { event.preventDefault(); close(); });
  dialog.append(title, stepper, body);
  document.body.appendChild(dialog);
  dialog.showModal();

  const state = { kind, path, /** @type {ImportPreview | null} */ preview: null, /** @type {import('./types.js').ImportMapping | null} */ mapping: null };

  /** @param {number} n @param {string} text */
  function show(n, text, /** @type {(Node | null)[]} */ ...content) {
    title.textContent = text;
    for (const li of stepper.children) li.classList.toggle('current', li.getAttribute('data-step') === String(n));
    dialog.setAttribute('data-step', String(n));
    replace(body, ...content);
    /** @type {HTMLElement | null} */ (body.querySelector('[data-autofocus]') ?? body.querySelector('select, input, button'))?.focus();
  }

  /** @param {HTMLElement} box @param {unknown} err */
  const fail = (box, err) => replace(box, h('p', { class: 'ri-error', role: 'alert', text: message(err) }));

  function fileStep() {
    const kindSelect = h('select', { id: 'ri-kind', 'data-field': 'kind' },
      IMPORTABLE.map((k) => h('option', { value: k.kind, selected: k.kind === state.kind, text: fmt.words(k.plural) })));
    const pathInput = h('input', { id: 'ri-path', type: 'text', value: state.path, 'data-field': 'path', placeholder: '/path/to/export.csv or .xlsx', autocomplete: 'off' });
    const errors = h('div', { 'aria-live': 'polite' });
    const browse = h('button', {
      type: 'button', class: 'button', text: 'Browse…',
      onclick: async () => {
        try {
          const picked = await api.recordImport.pick();
          if (picked) { pathInput.value = picked; next.focus(); }
        } catch (err) { fail(errors, err); }
      },
    });
    const next = h('button', { type: 'submit', class: 'button primary', 'data-action': 'next', text: 'Next' });
    const form = h('form', {
      class: 'ri-file',
      onsubmit: async (/** @type {Event} */ event) => {
        event.preventDefault();
        state.kind = kindSelect.value;
        state.path = pathInput.value.trim();
        if (!state.path) { fail(errors, 'Choose a CSV or XLSX file first'); return; }
        next.disabled = true;
        try {
          state.preview = await api.recordImport.preview(state.kind, state.path);
          state.mapping = state.preview.mapping;
          rowsStep();
        } catch (err) {
          next.disabled = false;
          fail(errors, err);
        }
      },
    },
    h('label', { for: 'ri-kind', text: 'What the rows are' }), kindSelect,
    h('label', { for: 'ri-path', text: 'File (CSV or XLSX, e.g. a Jira, Linear or HR export)' }),
    h('div', { class: 'ri-path-row' }, pathInput, browse),
    errors,
    h('div', { class: 'modal-actions' }, h('button', { type: 'button', class: 'button', text: 'Cancel', onclick: close }), next));
    show(1, 'Import records', form);
    if (state.path) next.focus(); else pathInput.focus();
  }

  function rowsStep() {
    const p = /** @type {ImportPreview} */ (state.preview);
    const table = h('div', { class: 'ri-sample-box' },
      h('table', { class: 'mini ri-sample', 'aria-label': 'First rows of the file', 'data-testid': 'import-sample' },
        h('thead', {}, h('tr', {}, p.headers.map((header) => h('th', { scope: 'col', title: header, text: header })))),
        h('tbody', {}, p.sample.map((row) => h('tr', {}, row.map((cell) => h('td', { title: cell, text: cell })))))));
    show(2, `${p.file}: first rows`,
      h('p', { 'data-testid': 'import-found' },
        `${fmt.plural(p.rows, 'row')} below the header on ${p.header_line > 1 ? `row ${p.header_line}` : 'the first row'}, ${fmt.plural(p.headers.length, 'column')}. `,
        p.saved ? h('strong', { text: 'The mapping saved for this source is used.' }) : 'Columns are matched to fields by their names next.'),
      table,
      h('div', { class: 'modal-actions' },
        h('button', { type: 'button', class: 'button', text: 'Back', onclick: fileStep }),
        h('button', { type: 'button', class: 'button primary', 'data-action': 'next', 'data-autofocus': '', text: 'Next', onclick: columns })));
  }

  function columns() {
    const p = /** @type {ImportPreview} */ (state.preview);
    const form = columnsStep(p, /** @type {import('./types.js').ImportMapping} */ (state.mapping));
    show(3, `Map columns to ${pluralOf(state.kind)}`, form.node,
      h('div', { class: 'modal-actions' },
        h('button', { type: 'button', class: 'button', text: 'Back', onclick: rowsStep }),
        h('button', {
          type: 'button', class: 'button primary', 'data-action': 'next', text: 'Next',
          onclick: () => { state.mapping = form.read(); values(); },
        })));
  }

  async function values() {
    const mapping = /** @type {import('./types.js').ImportMapping} */ (state.mapping);
    const errors = h('div', { class: 'ri-result', 'aria-live': 'polite', 'data-testid': 'import-result' });
    let questions;
    try {
      questions = await api.recordImport.values(state.kind, state.path, mapping);
    } catch (err) {
      show(4, 'Map values', h('p', { class: 'ri-error', role: 'alert', text: message(err) }),
        h('div', { class: 'modal-actions' }, h('button', { type: 'button', class: 'button', text: 'Back', onclick: columns })));
      return;
    }
    const form = valuesStep(questions);
    /** Runs the check or the import with the values chosen; shows its errors. @param {boolean} write */
    const run = async (write) => {
      state.mapping = mappingFrom(mapping, form.read());
      checkButton.disabled = importButton.disabled = true;
      replace(errors, h('p', { class: 'muted', text: write ? 'Importing…' : 'Checking every row…' }));
      try {
        const outcome = write
          ? await api.recordImport.run(state.kind, state.path, state.mapping)
          : await api.recordImport.check(state.kind, state.path, state.mapping);
        if (write && outcome.written) { done(outcome); return; }
        replace(errors, result(outcome));
      } catch (err) {
        fail(errors, err);
      }
      checkButton.disabled = importButton.disabled = false;
    };
    const checkButton = h('button', { type: 'button', class: 'button', 'data-action': 'check', text: 'Check rows', onclick: () => run(false) });
    const importButton = h('button', { type: 'button', class: 'button primary', 'data-action': 'import', text: `Import ${pluralOf(state.kind)}`, onclick: () => run(true) });
    show(4, 'Map values', form.node, errors,
      h('div', { class: 'modal-actions' },
        h('button', { type: 'button', class: 'button', text: 'Back', onclick: columns }),
        h('div', { class: 'grow' }), checkButton, importButton));
    if (!questions.length) importButton.focus();
  }

  /** @param {ImportOutcome} outcome */
  function done(outcome) {
    close();
    const created = outcome.teams_created.length ? ` and created ${fmt.plural(outcome.teams_created.length, 'team')}` : '';
    ctx.notify(`Imported ${fmt.plural(outcome.imported, 'row')} as ${pluralOf(outcome.kind)} from ${outcome.file}${created}`);
    ctx.refreshCounts();
    ctx.navigate(IMPORTABLE.find((k) => k.kind === outcome.kind)?.route ?? location.hash);
  }

  fileStep();
}

/**
 * A check's outcome: ready, or every row refused with row, column, value and reason.
 * @param {ImportOutcome} outcome
 */
function result(outcome) {
  if (!outcome.errors.length) {
    return h('p', { class: 'ri-ready', text: `All ${fmt.plural(outcome.rows, 'row')} pass${outcome.teams_created.length ? `; ${fmt.plural(outcome.teams_created.length, 'team')} will be created` : ''}. Nothing is written until you import.` });
  }
  return h('div', { class: 'ri-errors', role: 'alert' },
    h('p', { text: `${fmt.plural(outcome.errors.length, 'problem')}: nothing was imported. Fix the file or the mapping and try again.` }),
    h('div', { class: 'ri-errors-box' },
      h('table', { class: 'mini', 'aria-label': 'Rows refused', 'data-testid': 'import-errors' },
        h('thead', {}, h('tr', {}, ['Row', 'Column', 'Value', 'Reason'].map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, outcome.errors.map((e) => h('tr', {},
          h('td', { text: `${e.line}${e.key ? ` (${e.key})` : ''}` }),
          h('td', { title: e.column, text: e.column }),
          h('td', { title: e.value, text: e.value }),
          h('td', { title: e.reason, text: e.reason })))))));
}
