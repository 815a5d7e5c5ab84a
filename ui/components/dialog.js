// @ts-check
/** Modal dialogs on the native `<dialog>` element: Escape closes the top one, focus is trapped. */
import { h } from './dom.js';

/**
 * Shows a modal and resolves with the value passed to `close` (or `null` on Escape/Cancel).
 * @template T
 * @param {{title: string, body: (close: (value: T | null) => void) => Node | Node[], className?: string}} options
 * @returns {Promise<T | null>}
 */
export function modal(options) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: `modal ${options.className ?? ''}`, 'aria-label': options.title });
    /** @param {T | null} value */
    const close = (value) => {
      if (!dialog.open) return;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); close(null); });
    const content = options.body(close);
    dialog.append(h('h2', { class: 'modal-title', text: options.title }), ...(Array.isArray(content) ? content : [content]));
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

/**
 * Asks once before something irreversible. `blocked` explains why it cannot be done and leaves
 * only Cancel.
 * @param {{title: string, lines: string[], confirm: string, danger?: boolean, blocked?: string}} options
 * @returns {Promise<boolean>}
 */
export async function confirmDialog(options) {
  const result = await modal({
    title: options.title,
    className: 'confirm',
    body: (close) => {
      const cancel = h('button', { type: 'button', class: 'button', onclick: () => close(false), text: 'Cancel' });
      const ok = options.blocked
        ? null
        : h('button', {
          type: 'button',
          class: `button ${options.danger ? 'danger' : 'primary'}`,
          'data-action': 'confirm',
          onclick: () => close(true),
          text: options.confirm,
        });
      queueMicrotask(() => (ok ?? cancel).focus());
      return [
        ...options.lines.map((line) => h('p', { text: line })),
        options.blocked ? h('p', { class: 'blocked', role: 'alert', text: options.blocked }) : null,
        h('div', { class: 'modal-actions' }, cancel, ok),
      ].filter((n) => n !== null);
    },
  });
  return result === true;
}
