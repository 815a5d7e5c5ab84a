// @ts-check
/**
 * Building DOM safely: every piece of text goes in through `textContent`, never as HTML,
 * so a record named `<img src=x onerror=alert(1)>` is shown as those characters.
 */

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @typedef {Record<string, string | number | boolean | null | undefined | EventListener>} Attrs
 */

/**
 * Creates an element. Attributes starting with `on` are event listeners; `class`, `text`
 * and `dataset.*`-style `data-*` attributes are set as such; `false`/`null` attributes are skipped.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    } else if (name === 'text') {
      el.textContent = String(value);
    } else if (name === 'value' && 'value' in el) {
      /** @type {any} */ (el).value = String(value);
    } else if (name === 'checked' && 'checked' in el) {
      /** @type {any} */ (el).checked = Boolean(value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * Appends children (text becomes text nodes).
 * @param {Node} parent
 * @param {(Child | Child[])[]} children
 */
export function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces every child of `parent`.
 * @param {Node} parent
 * @param {...(Child | Child[])} children
 */
export function replace(parent, ...children) {
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  /** @type {Element} */ (parent).replaceChildren(fragment);
}

/**
 * Resolves after the browser has painted the current DOM.
 * @returns {Promise<void>}
 */
export function afterPaint() {
  // The frame callback runs just before the paint; a task queued from it runs just after.
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * A chart drawn in Rust, shown through `<img>` from a data URL so nothing inside the SVG runs.
 * @param {string} svg
 * @param {string} alt what the chart shows, for screen readers
 * @param {string} className
 */
export function chartImage(svg, alt, className) {
  // Decoded off the paint that shows the view, so a switch does not wait for the chart.
  return h('img', { class: className, alt, decoding: 'async', src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
}

const FOCUS_KEYS = ['id', 'data-action', 'aria-label', 'data-id', 'data-candidate', 'data-testid', 'data-filter', 'href', 'name'];

/**
 * A selector that finds the focused control again after `scope` is rebuilt (the first of its
 * identifying attributes that is unique in `scope`), or null when focus is elsewhere.
 * @param {Element} scope
 * @returns {string | null}
 */
export function focusKey(scope) {
  const el = document.activeElement;
  if (!el || el === scope || !scope.contains(el)) return null;
  for (const attr of FOCUS_KEYS) {
    const value = el.getAttribute(attr);
    if (!value) continue;
    const selector = `${el.tagName.toLowerCase()}[${attr}="${CSS.escape(value)}"]`;
    if (scope.querySelectorAll(selector).length === 1) return selector;
  }
  return null;
}

/**
 * Focuses the control `key` names inside `scope`, if it is there and focusable; true when it was.
 * @param {Element} scope
 * @param {string | null} key
 */
export function refocus(scope, key) {
  const el = /** @type {HTMLElement | null} */ (key ? scope.querySelector(key) : null);
  if (!el || el.hasAttribute('disabled') || el.closest('[hidden]')) return false;
  el.focus();
  return document.activeElement === el;
}
