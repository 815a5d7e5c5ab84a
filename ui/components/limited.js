// @ts-check
/**
 * Long lists and tables built for what is read first: the first `limit` items, then a line
 * saying how many are shown with a "Show all" toggle, which builds the rest on first use. A
 * large organisation's view then switches about as fast as a small one's, and every item stays
 * one keypress away (the toggle is a button, and focus stays on it).
 */
import * as fmt from '../format.js';
import { h } from './dom.js';

/**
 * Fills `container` (a `tbody`, an `ol`) with the first `limit` of `items`, each built by
 * `build`; returns the "N of M shown · Show all" line to place after it, or null when all fit.
 * @template T
 * @param {HTMLElement} container
 * @param {T[]} items
 * @param {(item: T) => HTMLElement} build
 * @param {{limit: number, noun: string}} options `noun`: what the items are, plural
 * @returns {HTMLElement | null}
 */
export function limited(container, items, build, { limit, noun }) {
  container.append(...items.slice(0, limit).map(build));
  if (items.length <= limit) return null;
  /** @type {HTMLElement[] | null} */
  let rest = null;
  const status = h('span', { class: 'muted', 'aria-live': 'polite' });
  const toggle = h('button', { type: 'button', class: 'button small', 'aria-expanded': 'false', 'data-action': 'show-all' });
  let expanded = false;
  const show = (/** @type {boolean} */ all) => {
    expanded = all;
    if (all) container.append(...(rest ??= items.slice(limit).map(build)));
    else for (const el of rest ?? []) el.remove();
    toggle.setAttribute('aria-expanded', String(all));
    toggle.textContent = all ? `Show the first ${fmt.integer(limit)}` : `Show all ${fmt.integer(items.length)} ${noun}`;
    status.textContent = all ? `All ${fmt.integer(items.length)} ${noun} shown` : `${fmt.integer(limit)} of ${fmt.integer(items.length)} ${noun} shown`;
  };
  toggle.addEventListener('click', () => show(!expanded));
  show(false);
  return h('div', { class: 'limited' }, status, toggle);
}
