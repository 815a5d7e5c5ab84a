// @ts-check
/**
 * History: every change the file records, newest first, filtered by area, kind, record, date
 * range and text; each with the action it belonged to and its fields as before → after. Undo
 * and Redo sit in the head (Ctrl+Z, Ctrl+Shift+Z). The rows come from Rust (`history_list`).
 */
import * as api from '../api.js';
import * as fmt from '../format.js';
import { h, replace } from '../components/dom.js';
import { viewHead } from '../components/view_head.js';
import { historyItem } from '../components/records.js';
import { limited } from '../components/limited.js';
import { ctx } from '../context.js';

/** An area of one page and no kinds. @type {import('../components/registry.js').Area} */
export const history = {
  id: 'history',
  title: 'History',
  pages: [{ id: 'history', tab: 'History', render: renderHistory }],
  kinds: [],
};

const AREAS = [
  ['', 'All areas'], ['org', 'Organisation'], ['portfolio', 'Portfolio'], ['roadmap', 'Roadmap'], ['finops', 'FinOps'],
  ['hiring', 'Hiring'], ['kpis', 'KPIs'], ['operations', 'Operations'],
];

/** Changes built at first of the 500 listed; the rest are behind "Show all". */
const SHOWN = 100;

/** The filters kept while the app runs, so coming back shows the same list. */
const kept = { area: '', kind: '', record: '', since: '', until: '', text: '' };

/**
 * @param {HTMLElement} root
 * @param {import('../components/registry.js').PageRoute} route
 */
async function renderHistory(root, { area }) {
  /** @param {string} key @param {string} label @param {HTMLElement} input */
  const field = (key, label, input) => {
    input.id = `history-${key}`;
    input.dataset.filter = key;
    input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', () => {
      kept[/** @type {keyof typeof kept} */ (key)] = /** @type {HTMLInputElement} */ (input).value;
      schedule();
    });
    return h('div', { class: 'field' }, h('label', { for: input.id, text: label }), input);
  };
  const areaSelect = h('select', {}, AREAS.map(([v, t]) => h('option', { value: v, selected: v === kept.area, text: t })));
  const kind = h('input', { type: 'text', placeholder: 'initiative, team…', value: kept.kind, spellcheck: 'false', autocomplete: 'off' });
  const record = h('input', { type: 'number', min: '1', placeholder: 'id', value: kept.record });
  const since = h('input', { type: 'date', value: kept.since });
  const until = h('input', { type: 'date', value: kept.until });
  const text = h('input', { type: 'search', class: 'filter', placeholder: 'Filter…  /', value: kept.text, 'aria-label': 'Text in the change' });
  const count = h('div', { class: 'row-count', role: 'status' });
  const list = h('div', { class: 'history-host', tabindex: '-1' });
  const undo = h('button', { type: 'button', class: 'button', 'data-action': 'undo', title: 'Undo (Ctrl+Z)', text: 'Undo', onclick: () => ctx.undo() });
  const redo = h('button', { type: 'button', class: 'button', 'data-action': 'redo', title: 'Redo (Ctrl+Shift+Z)', text: 'Redo', onclick: () => ctx.redo() });

  let timer = 0;
  let seq = 0;
  function schedule() {
    clearTimeout(timer);
    timer = window.setTimeout(load, 150);
  }
  async function load() {
    const mine = ++seq;
    const id = Number(kept.record);
    try {
      const [entries, stacks] = await Promise.all([api.historyList({
        area: kept.area || null,
        kind: kept.kind.trim() || null,
        record_id: Number.isInteger(id) && id > 0 ? id : null,
        since: kept.since || null,
        until: kept.until || null,
        text: kept.text.trim() || null,
        limit: 500,
      }), api.historyStacks()]);
      if (mine !== seq) return;
      undo.title = stacks.undo ? `Undo ${stacks.undo.label} (Ctrl+Z)` : 'Nothing to undo';
      redo.title = stacks.redo ? `Redo ${stacks.redo.label} (Ctrl+Shift+Z)` : 'Nothing to redo';
      /** @type {HTMLButtonElement} */ (undo).disabled = !stacks.undo;
      /** @type {HTMLButtonElement} */ (redo).disabled = !stacks.redo;
      count.textContent = entries.length >= 500 ? 'The latest 500 changes' : fmt.plural(entries.length, 'change');
      const ol = h('ol', { class: 'history-list', 'aria-label': 'Changes, newest first' });
      const more = limited(ol, entries, (e) => {
        const item = historyItem(e);
        item.tabIndex = 0;
        item.prepend(h('div', { class: 'history-record' },
          h('span', { class: 'eyebrow', text: `${fmt.words(e.area)} · ${fmt.words(e.kind)}` }),
          h('strong', { text: ` ${e.record}` }),
          h('span', { class: 'muted', text: ` #${e.record_id}` })));
        return item;
      }, { limit: SHOWN, noun: 'changes' });
      replace(list, entries.length
        ? [ol, more]
        : h('p', { class: 'empty', text: 'No change matches these filters. Every action you take is listed here, and can be undone with Ctrl+Z.' }));
    } catch (err) {
      replace(list, h('p', { class: 'form-error', role: 'alert', text: err instanceof Error ? err.message : String(err) }));
    }
  }

  replace(root,
    viewHead(area, 'history', text, undo, redo),
    h('div', { class: 'history-filters' },
      field('area', 'Area', areaSelect), field('kind', 'Kind', kind), field('record', 'Record id', record),
      field('since', 'From', since), field('until', 'To', until), count),
    list);
  text.dataset.filter = 'text';
  text.addEventListener('input', () => { kept.text = /** @type {HTMLInputElement} */ (text).value; schedule(); });
  await load();
  return { focusFilter: () => text.focus() };
}
