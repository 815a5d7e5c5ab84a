// @ts-check
/**
 * The head every page and kind table starts with: the area's title, the page's own controls,
 * and one tab per page and kind of the area, so every view of an area shows the same tabs.
 */
import * as fmt from '../format.js';
import { h } from './dom.js';

/**
 * The area's title, then `extras` (scope, filter, buttons), then one tab per page and per kind
 * with `current` (a page id or a kind) marked; no tabs when the area has only one view.
 * @param {import('./registry.js').Area} area
 * @param {string} current
 * @param {...import('./dom.js').Child} extras
 */
export function viewHead(area, current, ...extras) {
  const entries = [
    ...area.pages.map((p) => ({ id: p.id, text: p.tab })),
    ...area.kinds.map((k) => ({ id: k.kind, text: k.tab ?? fmt.words(k.plural) })),
  ];
  const tabs = entries.length > 1
    ? h('nav', { class: 'tabs', 'aria-label': `${area.title} views` }, entries.map((e) => h('a', {
      href: `#/${area.id}/${e.id}`, class: e.id === current ? 'tab current' : 'tab', 'aria-current': e.id === current ? 'page' : null,
      'data-kind': e.id, text: e.text,
    })))
    : null;
  return h('header', { class: 'view-head' },
    h('div', { class: 'title-row' }, h('h1', { text: area.title }), ...extras),
    tabs);
}
