// @ts-check
/** Ctrl+K: jump to any view, or to any record by name (searched in Rust). */
import * as api from '../api.js';
import { h, replace } from './dom.js';
import { modal } from './dialog.js';
import { areas, hasKind, kindSpec } from './registry.js';
import { ctx } from '../context.js';
import { IMPORTABLE, openRecordImport } from '../views/import/dialog.js';

/** @typedef {{label: string, detail: string, hash: string, run?: () => void}} Item */

/** Opens the jump-to box. */
export function openPalette() {
  if (document.querySelector('dialog.palette')) return;
  /** @type {Item[]} */
  const views = areas().flatMap((a) => [
    { label: a.title, detail: 'View', hash: `#/${a.id}` },
    // Its tabs, when it has more than one view.
    ...(a.pages.length + a.kinds.length > 1 ? [
      ...a.pages.map((p) => ({ label: `${a.title} › ${p.tab}`, detail: 'View', hash: `#/${a.id}/${p.id}` })),
      ...a.kinds.map((k) => ({ label: `${a.title} › ${k.tab ?? k.plural}`, detail: 'View', hash: `#/${a.id}/${k.kind}` })),
    ] : []),
  ]);
  // The guided import of each kind, as actions.
  views.push(...IMPORTABLE.map((k) => ({ label: `Import ${k.plural}…`, detail: 'Action', hash: '', run: () => openRecordImport(k.kind) })));
  modal({
    title: 'Jump to',
    className: 'palette',
    body: (close) => {
      const input = h('input', { type: 'search', class: 'palette-input', placeholder: 'Jump to a view or a record by name…', 'aria-label': 'Jump to', autocomplete: 'off' });
      const list = h('ul', { class: 'palette-list', role: 'listbox', 'aria-label': 'Results' });
      /** @type {Item[]} */
      let items = [];
      let active = 0;
      let seq = 0;

      function render() {
        replace(list, items.length === 0
          ? h('li', { class: 'palette-empty', text: 'No matches' })
          : items.map((item, i) => h('li', {
            role: 'option', class: i === active ? 'active' : null, 'aria-selected': i === active ? 'true' : 'false',
            onmousedown: (/** @type {Event} */ e) => { e.preventDefault(); go(item); },
          }, h('span', { class: 'palette-label', text: item.label }), h('span', { class: 'palette-detail', text: item.detail }))));
      }
      /** @param {Item} item */
      function go(item) {
        close(null);
        if (item.run) item.run(); else ctx.navigate(item.hash);
      }
      async function update() {
        const query = input.value.trim().toLocaleLowerCase();
        const mine = ++seq;
        const viewHits = views.filter((v) => v.label.toLocaleLowerCase().includes(query));
        items = viewHits.slice(0, query ? 6 : 12);
        active = 0;
        render();
        if (!query) return;
        const hits = await api.searchRecords(query, 20).catch(() => []);
        if (mine !== seq) return;
        items = [...viewHits.slice(0, 4), ...hits.filter((hit) => hasKind(hit.kind)).map((hit) => {
          const spec = kindSpec(hit.kind);
          return { label: hit.label, detail: spec.label.charAt(0).toUpperCase() + spec.label.slice(1), hash: `#/${spec.area}/${hit.kind}/${hit.id}` };
        })];
        render();
      }
      input.addEventListener('input', update);
      input.addEventListener('keydown', (event) => {
        if (event.key === 'ArrowDown') { event.preventDefault(); active = Math.min(items.length - 1, active + 1); render(); }
        else if (event.key === 'ArrowUp') { event.preventDefault(); active = Math.max(0, active - 1); render(); }
        else if (event.key === 'Enter') { event.preventDefault(); if (items[active]) go(items[active]); }
      });
      update();
      queueMicrotask(() => input.focus());
      return [input, list, h('p', { class: 'palette-hint', text: '↑ ↓ to move · Enter to open · Esc to close' })];
    },
  });
}
