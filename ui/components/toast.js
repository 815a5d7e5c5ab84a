// @ts-check
/**
 * Short notices after an action ("Saved model ranker-v2"), announced to screen readers. A
 * notice may carry one action button (the "Undo" after each user action), reachable by Tab.
 */
import { h } from './dom.js';

/**
 * @typedef {{label: string, run: () => void}} ToastAction
 * @param {string} text
 * @param {'info' | 'error'} [tone]
 * @param {ToastAction} [action]
 * @returns {HTMLElement} the notice, so a caller can add its action once it is known
 */
export function notify(text, tone = 'info', action) {
  let region = document.querySelector('.toasts');
  if (!region) {
    region = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.appendChild(region);
  }
  const toast = h('div', { class: `toast ${tone}` }, h('span', { text }));
  region.appendChild(toast);
  if (action) addAction(toast, action);
  setTimeout(() => toast.remove(), tone === 'error' ? 8000 : action ? 8000 : 3500);
  return toast;
}

/** Adds an action button to a notice still on screen. @param {HTMLElement} toast @param {ToastAction} action */
export function addAction(toast, action) {
  if (!toast.isConnected || toast.querySelector('.toast-action')) return;
  toast.appendChild(h('button', {
    type: 'button', class: 'toast-action', 'data-action': action.label.toLowerCase(), text: action.label,
    onclick: () => { toast.remove(); action.run(); },
  }));
}
