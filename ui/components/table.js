// @ts-check
/**
 * The one data table: sortable by any column, filtered as you type, virtualised (only the rows
 * in view are in the DOM, so ten thousand rows scroll and switch as fast as ten), keyboard
 * navigable (↑/↓, Home/End, Enter opens), with a sticky header and first column.
 */
import { h, replace } from './dom.js';
import { cellText, isNumeric, sortValue, tone } from './cells.js';
import { collator, reportingCurrency } from '../format.js';

/** @typedef {import('./registry.js').Column} Column */
/** @typedef {import('./registry.js').Lookup} Lookup */
/** @typedef {import('../api.js').AnyRecord} AnyRecord */

const ROW_HEIGHT = 32;
const OVERSCAN = 6;

/**
 * @param {{columns: Column[], rows: AnyRecord[], lookup: Lookup, onOpen: (r: AnyRecord) => void,
 *   onCount: (shown: number, total: number) => void, sort?: {key: string, dir: 1 | -1},
 *   label: string, empty: Node}} options
 */
export function createTable(options) {
  const { columns, lookup, onOpen, onCount, label } = options;
  let rows = options.rows;
  /** @type {AnyRecord[]} */
  let shown = rows;
  let sort = options.sort ?? null;
  let filter = '';
  let active = -1;
  /** @type {Map<AnyRecord, string>} */
  const searchText = new Map();
  /** @type {Map<AnyRecord, string[]>} */
  const cellCache = new Map();

  const colgroup = h('colgroup', {}, columns.map((c) => {
    const col = h('col');
    col.style.width = `${c.width ?? 140}px`;
    return col;
  }));
  const headRow = h('tr');
  const thead = h('thead', {}, headRow);
  const tbody = h('tbody');
  const table = h('table', { class: 'grid', 'aria-label': label, 'aria-rowcount': rows.length }, colgroup, thead, tbody);
  table.style.width = `${columns.reduce((sum, c) => sum + (c.width ?? 140), 0)}px`;
  const emptyBox = h('div', { class: 'empty', hidden: true }, options.empty);
  const wrap = h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': label }, table, emptyBox);

  /** @param {AnyRecord} record */
  const cells = (record) => {
    let texts = cellCache.get(record);
    if (!texts) {
      texts = columns.map((c) => cellText(c, record, lookup));
      cellCache.set(record, texts);
    }
    return texts;
  };

  function renderHead() {
    replace(headRow, columns.map((c) => {
      const sorted = sort && sort.key === c.key;
      const arrow = sorted ? (sort?.dir === 1 ? ' ↑' : ' ↓') : '';
      return h('th', {
        scope: 'col',
        class: isNumeric(c) ? 'num' : null,
        'aria-sort': sorted ? (sort?.dir === 1 ? 'ascending' : 'descending') : null,
      }, h('button', { type: 'button', class: 'th-button', 'data-sort': c.key, onclick: () => toggleSort(c.key) }, c.type === 'money' ? `${c.label} (${reportingCurrency()})` : c.label, h('span', { class: 'sort-mark', text: arrow })));
    }));
  }

  /** @param {string} key */
  function toggleSort(key) {
    sort = sort && sort.key === key ? { key, dir: sort.dir === 1 ? -1 : 1 } : { key, dir: 1 };
    apply();
  }

  function apply() {
    const needle = filter.trim().toLocaleLowerCase();
    let list = rows;
    if (needle) {
      const words = needle.split(/\s+/);
      list = rows.filter((r) => {
        let text = searchText.get(r);
        if (text === undefined) {
          text = cells(r).join('\u0001').toLocaleLowerCase();
          searchText.set(r, text);
        }
        return words.every((w) => /** @type {string} */ (text).includes(w));
      });
    }
    const column = sort && columns.find((c) => c.key === sort?.key);
    if (sort && column) {
      const dir = sort.dir;
      const keyed = list.map((r) => ({ r, v: sortValue(column, r, lookup) }));
      keyed.sort((a, b) => {
        const cmp = typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : collator.compare(String(a.v), String(b.v));
        return cmp * dir || a.r.id - b.r.id;
      });
      list = keyed.map((k) => k.r);
    }
    shown = list;
    active = Math.min(active, shown.length - 1);
    table.setAttribute('aria-rowcount', String(shown.length));
    emptyBox.hidden = shown.length > 0;
    table.hidden = shown.length === 0 && rows.length === 0;
    if (shown.length === 0 && rows.length > 0) replace(emptyBox, h('p', { text: `Nothing matches “${filter.trim()}”.` }));
    else if (rows.length === 0) replace(emptyBox, options.empty);
    renderHead();
    renderBody(true);
    onCount(shown.length, rows.length);
  }

  /** The rows in the DOM, and the active row then: unchanged means nothing to redraw. */
  let drawn = '';

  /** @param {boolean} [force] redraw even when the same rows are in view (the rows changed) */
  function renderBody(force = false) {
    // Detached (while the view is built) there is no size yet: assume the window's height.
    const viewport = wrap.clientHeight || window.innerHeight;
    const headHeight = thead.offsetHeight || ROW_HEIGHT;
    const top = Math.max(0, wrap.scrollTop - headHeight);
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(shown.length, Math.ceil((top + viewport) / ROW_HEIGHT) + OVERSCAN);
    const key = `${first}:${last}:${active}`;
    if (!force && key === drawn) return;
    drawn = key;
    const before = h('tr', { class: 'spacer', 'aria-hidden': 'true' });
    before.style.height = `${first * ROW_HEIGHT}px`;
    const after = h('tr', { class: 'spacer', 'aria-hidden': 'true' });
    after.style.height = `${(shown.length - last) * ROW_HEIGHT}px`;
    const body = [before];
    for (let i = first; i < last; i++) {
      const record = shown[i];
      const texts = cells(record);
      const tr = h('tr', {
        'data-id': record.id,
        'aria-rowindex': i + 1,
        'aria-selected': i === active ? 'true' : null,
        class: i === active ? 'active' : null,
        onclick: () => { setActive(i, false); onOpen(record); },
      }, columns.map((c, j) => {
        const t = tone(c, record);
        const td = h('td', { class: isNumeric(c) ? 'num' : null, title: texts[j].length > 18 ? texts[j] : null });
        if (t) td.appendChild(h('span', { class: `pill ${t}`, text: texts[j] }));
        else td.textContent = texts[j];
        return td;
      }));
      body.push(tr);
    }
    body.push(after);
    replace(tbody, body);
  }

  /**
   * @param {number} index
   * @param {boolean} scroll
   */
  function setActive(index, scroll) {
    active = Math.max(0, Math.min(shown.length - 1, index));
    if (scroll) {
      const headHeight = thead.offsetHeight || ROW_HEIGHT;
      const y = active * ROW_HEIGHT;
      if (y < wrap.scrollTop) wrap.scrollTop = y;
      else if (y + ROW_HEIGHT > wrap.scrollTop + wrap.clientHeight - headHeight) {
        wrap.scrollTop = y + ROW_HEIGHT - wrap.clientHeight + headHeight;
      }
    }
    renderBody();
  }

  let scheduled = false;
  wrap.addEventListener('scroll', () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => { scheduled = false; renderBody(); });
  });
  wrap.addEventListener('keydown', (event) => {
    if (shown.length === 0) return;
    const page = Math.max(1, Math.floor(wrap.clientHeight / ROW_HEIGHT) - 2);
    const moves = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: shown.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      setActive(/** @type {Record<string, number>} */ (moves)[event.key], true);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      onOpen(shown[active]);
    }
  });
  wrap.addEventListener('focus', () => {
    if (active < 0 && shown.length > 0) setActive(0, true);
  });
  const tableWidth = columns.reduce((sum, c) => sum + (c.width ?? 140), 0);
  new ResizeObserver(() => {
    wrap.classList.toggle('wide', tableWidth > wrap.clientWidth);
    renderBody();
  }).observe(wrap);

  apply();

  return {
    el: wrap,
    /** @param {string} text */
    setFilter(text) { filter = text; apply(); },
    /** @param {AnyRecord[]} next */
    setRows(next) { rows = next; searchText.clear(); cellCache.clear(); apply(); },
    /** Marks the row of record `id` as the active one and scrolls to it. @param {number} id */
    select(id) {
      const index = shown.findIndex((r) => r.id === id);
      if (index >= 0) setActive(index, true);
    },
    focus() { wrap.focus(); },
  };
}
