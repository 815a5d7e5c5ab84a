// @ts-check
/**
 * Importing billing (FOCUS) and usage files: the native dialog picks the files, then a modal shows
 * the progress Rust reports (file, percent, rows) with a Cancel, and the outcome: rows, totals
 * per month, warnings with their first examples, the error naming file, line, column and value,
 * and a Replace offer when a file was imported before.
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { ctx } from '../../context.js';
import { h, replace } from '../../components/dom.js';

/** @typedef {import('../../api.js').ImportKind} ImportKind */
/** @typedef {import('../../api.js').ImportRun} ImportRun */
/** @typedef {import('../../api.js').RunProgress} RunProgress */

const NOUN = {
  focus: { title: 'billing', rows: ['billing line', 'billing lines'] },
  usage: { title: 'usage', rows: ['usage row', 'usage rows'] },
};

/** The dialog of the import in progress, if any (one import at a time). @type {HTMLDialogElement | null} */
let open = null;

/**
 * File → Import billing… / Import usage…: asks for files, then imports them.
 * @param {ImportKind} kind
 */
export async function openImport(kind) {
  if (open) { open.focus(); return; }
  try {
    const paths = await api.finopsPickFiles(kind);
    if (paths && paths.length) await runImport(kind, paths);
  } catch (err) {
    ctx.notify(err instanceof Error ? err.message : String(err), 'error');
  }
}

/**
 * Imports `paths` showing progress in a modal; resolves with the outcome once Rust is done (the
 * modal stays open on the summary until the user closes it).
 * @param {ImportKind} kind
 * @param {string[]} paths
 * @param {boolean} [replaceDuplicates]
 * @returns {Promise<ImportRun | null>}
 */
export async function runImport(kind, paths, replaceDuplicates = false) {
  if (open) return null;
  const dialog = h('dialog', { class: 'modal wide fo-import', 'aria-label': `Import ${NOUN[kind].title}`, 'data-testid': 'import-dialog' });
  open = dialog;
  let running = false;
  const close = () => {
    if (running) return;
    dialog.close();
    dialog.remove();
    open = null;
    ctx.refreshCounts();
    if (location.hash.startsWith('#/finops')) ctx.navigate(location.hash);
  };
  // While Rust holds the organisation for the import, app shortcuts (Ctrl+K, Ctrl+O…) would
  // only wait for it: keep them inside the dialog until it is done.
  dialog.addEventListener('keydown', (event) => {
    if (running && (event.ctrlKey || event.metaKey)) { event.preventDefault(); event.stopPropagation(); }
  });
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    if (running) requestCancel(); else close();
  });
  const title = h('h2', { class: 'modal-title' });
  const body = h('div', { class: 'fo-import-body' });
  dialog.append(title, body);
  document.body.appendChild(dialog);
  dialog.showModal();

  /** @type {HTMLButtonElement | null} */
  let cancelButton = null;
  function requestCancel() {
    if (cancelButton) { cancelButton.disabled = true; cancelButton.textContent = 'Cancelling…'; }
    api.finopsImportCancel().catch((err) => ctx.notify(err instanceof Error ? err.message : String(err), 'error'));
  }

  /**
   * One pass over `files`; a Replace from the summary starts another in the same dialog.
   * @param {string[]} files
   * @param {boolean} replaceThem
   * @returns {Promise<ImportRun | null>}
   */
  async function pass(files, replaceThem) {
    running = true;
    title.textContent = `Importing ${NOUN[kind].title}`;
    const fileLine = h('div', { class: 'fo-file', text: baseName(files[0]) });
    const fill = h('div', { class: 'fo-bar-fill' });
    const bar = h('div', {
      class: 'fo-bar', role: 'progressbar', 'aria-label': 'Import progress', 'aria-valuemin': 0, 'aria-valuemax': 100,
      'aria-valuenow': 0, 'data-testid': 'import-progress',
    }, fill);
    const status = h('div', { class: 'fo-progress-text', 'aria-live': 'polite', text: 'Starting…' });
    cancelButton = h('button', { type: 'button', class: 'button', 'data-action': 'cancel-import', text: 'Cancel', onclick: requestCancel });
    const progressBlock = h('div', { class: 'fo-progress' }, fileLine, bar, status);
    replace(body, progressBlock, h('div', { class: 'modal-actions' }, cancelButton));
    cancelButton.focus();
    let finished = false;
    /** @param {RunProgress} p */
    const onProgress = (p) => {
      if (finished) return;
      const percent = Math.max(Number(bar.getAttribute('aria-valuenow')) || 0, p.percent);
      bar.setAttribute('aria-valuenow', String(Math.round(percent)));
      fill.style.width = `${percent}%`;
      fileLine.textContent = p.file_count > 1 ? `${baseName(p.file)} (file ${p.file_index + 1} of ${p.file_count})` : baseName(p.file);
      status.textContent = `${fmt.oneDp(percent)}% · ${fmt.plural(p.rows, 'row')} read`;
    };
    /** @type {ImportRun | null} */
    let run = null;
    try {
      run = await api.finopsImport(kind, files, replaceThem, onProgress);
    } catch (err) {
      finished = true;
      running = false;
      title.textContent = `Import of ${NOUN[kind].title} failed`;
      replace(body,
        h('p', { class: 'fo-error', role: 'alert', text: err instanceof Error ? err.message : String(err) }),
        actions());
      return null;
    }
    finished = true;
    running = false;
    cancelButton = null;
    status.textContent = `${fmt.oneDp(Number(bar.getAttribute('aria-valuenow')))}% · ${fmt.plural(run.rows, 'row')} imported`;
    showSummary(run, progressBlock);
    ctx.refreshCounts();
    const [one, many] = NOUN[kind].rows;
    if (run.imported.length) {
      ctx.notify(`Imported ${fmt.plural(run.rows, one, many)}${run.warning_count ? `, ${fmt.plural(run.warning_count, 'warning')}` : ''}`);
    }
    return run;
  }

  /** @param {ImportRun} run @param {HTMLElement} progressBlock */
  function showSummary(run, progressBlock) {
    const [one, many] = NOUN[kind].rows;
    const done = run.imported.length;
    title.textContent = run.cancelled ? 'Import cancelled' : run.failed ? (done ? 'Import stopped' : 'Nothing imported') : `Imported ${NOUN[kind].title}`;
    const parts = [];
    if (done) {
      parts.push(h('p', { class: 'fo-headline', 'data-testid': 'import-headline' },
        `Imported ${fmt.plural(run.rows, one, many)} from ${fmt.plural(done, 'file')}`,
        run.warning_count ? `, ${fmt.plural(run.warning_count, 'warning')}` : ', no warnings', '.'));
      parts.push(h('ul', { class: 'fo-files' }, run.imported.map((f) => h('li', {},
        h('span', { class: 'fo-file-name', text: f.batch.file_name }),
        h('span', { class: 'muted', text: ` — import #${f.batch.id}, ${fmt.plural(f.batch.row_count, one, many)}${f.focus_version ? `, FOCUS ${f.focus_version}` : ''}${f.overwritten ? `, ${fmt.plural(f.overwritten, 'existing row')} replaced` : ''}${f.replaced.length ? `, replaces import ${f.replaced.map((id) => `#${id}`).join(', ')}` : ''}` })))));
    }
    if (run.totals.length) parts.push(totalsTable(run));
    const warnings = run.imported.flatMap((f) => f.warnings.map((w) => ({ file: f.batch.file_name, w })));
    if (warnings.length) {
      const several = run.imported.length > 1;
      parts.push(h('div', { class: 'fo-warnings', 'data-testid': 'import-warnings' },
        h('h3', { text: `Warnings (${fmt.integer(run.warning_count)}) — values that had to be interpreted` }),
        h('div', { class: 'fo-warnings-box' }, warnings.map(({ file, w }) => warningDetails(several ? file : '', w)))));
    }
    if (run.cancelled) {
      parts.push(h('p', { class: 'fo-notice', role: 'alert', text: `Cancelled: nothing from the file being read was kept${run.skipped.length ? `; ${fmt.plural(run.skipped.length, 'file')} not started` : ''}.` }));
    }
    /** @type {HTMLButtonElement | null} */
    let replaceButton = null;
    if (run.failed) {
      const f = run.failed;
      const row = f.row_group
        ? `row group ${fmt.integer(f.row_group[0])}, row ${fmt.integer(f.line ?? 0)} (row ${fmt.integer(f.row_group[1])} of the group)`
        : `line ${fmt.integer(f.line ?? 0)}`;
      const place = [f.line || f.row_group ? row : '', f.column ? `column ${f.column}` : ''].filter(Boolean);
      const where = [baseName(f.file), ...place].join(', ');
      const lines = [h('div', { class: 'fo-error-where', text: where })];
      if (f.reason) lines.push(h('div', { text: `${f.reason}${f.value !== null ? ` (value “${f.value}”)` : ''}` }));
      else lines.push(h('div', { text: f.message }));
      if (f.duplicate_of) {
        const d = f.duplicate_of;
        lines.push(h('div', { text: `It was imported before as import #${d.id} (${d.file_name}, ${fmt.timestamp(d.imported_at)}). Replace undoes that import and imports the file again.` }));
        replaceButton = h('button', {
          type: 'button', class: 'button primary', 'data-action': 'replace-import', text: 'Replace',
          onclick: () => pass([f.file, ...run.skipped], true),
        });
      }
      if (run.skipped.length) lines.push(h('div', { class: 'muted', text: `Not started: ${run.skipped.map(baseName).join(', ')}` }));
      if (!f.duplicate_of) lines.push(h('div', { class: 'muted', text: 'Nothing from this file was kept; fix it and import it again.' }));
      parts.push(h('div', { class: 'fo-error', role: 'alert', 'data-testid': 'import-error' }, lines));
    }
    replace(body, progressBlock, ...parts, actions(replaceButton));
    /** @type {HTMLElement | null} */ (body.querySelector('[data-action=replace-import], [data-action=close-import]'))?.focus();
  }

  /** @param {HTMLButtonElement | null} [extra] */
  function actions(extra = null) {
    return h('div', { class: 'modal-actions' },
      h('button', { type: 'button', class: 'button', text: 'Show imports', onclick: () => { close(); ctx.navigate('#/finops/imports'); } }),
      h('div', { class: 'grow' }),
      extra,
      h('button', { type: 'button', class: extra ? 'button' : 'button primary', 'data-action': 'close-import', text: 'Close', onclick: close }));
  }

  return pass(paths, replaceDuplicates);
}

/** @param {ImportRun} run */
function totalsTable(run) {
  /** @param {string} text */
  const exact = (text) => h('span', { 'data-exact': text, title: text, text: fmt.decimal(text) });
  return h('div', { class: 'fo-totals-box' },
    h('table', { class: 'mini fo-table', 'aria-label': 'Totals per billing month', 'data-testid': 'import-totals' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: 'Billing month' }),
        h('th', { scope: 'col', text: 'Currency' }),
        h('th', { scope: 'col', class: 'num', text: 'Lines' }),
        h('th', { scope: 'col', class: 'num', text: 'Billed cost' }),
        h('th', { scope: 'col', class: 'num', text: 'Effective cost' }))),
      h('tbody', {}, run.totals.map((t) => h('tr', { 'data-month': t.month, 'data-currency': t.currency },
        h('td', { text: fmt.month(t.month) }),
        h('td', { text: t.currency }),
        h('td', { class: 'num', text: fmt.integer(t.lines) }),
        h('td', { class: 'num' }, exact(t.billed_cost)),
        h('td', { class: 'num' }, exact(t.effective_cost)))))));
}

/**
 * One warning: what was interpreted, how often, and where first.
 * @param {string} file
 * @param {import('../../api.js').ImportWarning} w
 */
export function warningDetails(file, w) {
  return h('details', { class: 'fo-warning' },
    h('summary', {}, h('span', { class: 'pill warn', text: fmt.integer(w.count) }), ` ${w.column ? `${w.column}: ` : ''}${w.reason}`, file ? h('span', { class: 'muted', text: ` — ${file}` }) : null),
    h('ul', {}, w.examples.map((e) => h('li', {}, `line ${fmt.integer(e.line)}: `, h('code', { text: e.value === '' ? '(empty)' : e.value })))),
    w.count > w.examples.length ? h('div', { class: 'muted', text: `and ${fmt.plural(w.count - w.examples.length, 'more')}` }) : null);
}

/** @param {string} path */
function baseName(path) {
  return path.split(/[\\/]/).pop() || path;
}
