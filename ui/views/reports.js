// @ts-check
/** Reports: exports of the whole organisation, written by the report crate. */
import * as api from '../api.js';
import { h, replace } from '../components/dom.js';
import { ctx } from '../context.js';

/** @param {HTMLElement} root */
export async function renderReports(root) {
  const result = h('div', { class: 'export-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'button primary', 'data-action': 'export-csv', text: 'Export CSV files…' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    replace(result, h('p', { class: 'muted', text: 'Choose a folder…' }));
    try {
      const files = await api.exportCsv();
      if (!files) { replace(result); return; }
      ctx.notify(`Exported ${files.length} CSV files`);
      replace(result,
        h('p', { text: `Wrote ${files.length} files:` }),
        h('ul', { class: 'file-list' }, files.map((f) => h('li', { text: f }))));
    } catch (err) {
      replace(result, h('p', { class: 'error-text', role: 'alert', text: err instanceof Error ? err.message : String(err) }));
    } finally {
      button.disabled = false;
    }
  });
  replace(root,
    h('header', { class: 'view-head' }, h('div', { class: 'title-row' }, h('h1', { text: 'Reports' }))),
    h('div', { class: 'reports' },
      h('section', { class: 'card' },
        h('header', { class: 'card-head' }, h('h2', { text: 'CSV export' })),
        h('p', { text: 'One CSV file per table (teams.csv, positions.csv, models.csv, …) with a header row, UTF-8, RFC 4180 quoting. Money is written as plain decimals next to its currency; billing lines keep their FOCUS column names. The same export runs headless with:' }),
        h('pre', { class: 'command', text: 'quartermaster export csv --out DIR' }),
        h('div', { class: 'actions' }, button),
        result)));
}
