// @ts-check
/** Short notices after an action ("Saved model ranker-v2"), announced to screen readers. */
import { h } from './dom.js';

/**
 * @param {string} text
 * @param {'info' | 'error'} [tone]
 */
export function notify(text, tone = 'info') {
  let region = document.querySelector('.toasts');
  if (!region) {
    region = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.appendChild(region);
  }
  const toast = h('div', { class: `toast ${tone}`, text });
  region.appendChild(toast);
  setTimeout(() => toast.remove(), tone === 'error' ? 8000 : 3500);
}
