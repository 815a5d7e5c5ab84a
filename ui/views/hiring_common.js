// @ts-check
/**
 * What the hiring pages share: who is looking ("I am …", which the core's blind rule is checked
 * against), stage and recommendation words, and showing a command's error next to its field.
 */
import * as api from '../api.js';
import * as fmt from '../format.js';
import { h } from '../components/dom.js';

/** The stages in process order. @type {import('../api.js').Stage[]} */
export const STAGES = ['applied', 'screen', 'onsite', 'debrief', 'offer', 'hired', 'rejected', 'withdrawn'];

/** Overall recommendations, weakest first. */
export const RECOMMENDATIONS = /** @type {const} */ ([
  ['strong_no', 'Strong no'], ['no', 'No'], ['yes', 'Yes'], ['strong_yes', 'Strong yes'],
]);

/** The viewer who is not on any panel (a director or hiring manager reading the debrief). */
export const DIRECTOR = 'Director';

const KEY = 'quartermaster.hiring.viewer';

/** Who the user said they are, or '' when not chosen yet. */
export function currentViewer() {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

/** @param {string} name */
export function setViewer(name) {
  try {
    localStorage.setItem(KEY, name);
  } catch {
    // Storage may be unavailable; the choice then lasts for this page only.
  }
}

/**
 * The "I am …" picker. The core applies the blind rule to whoever is chosen here.
 * @param {string[]} panelists
 * @param {{director?: boolean, onChange: (name: string) => void}} options
 */
export function viewerPicker(panelists, options) {
  const current = currentViewer();
  const select = h('select', { id: 'hiring-viewer', 'aria-label': 'I am', 'data-testid': 'viewer' },
    h('option', { value: '', text: 'Pick who you are…' }),
    options.director ? h('option', { value: DIRECTOR, text: 'Director (not on a panel)' }) : null,
    panelists.map((name) => h('option', { value: name, text: name })));
  select.value = [...select.options].some((o) => o.value === current) ? current : '';
  select.addEventListener('change', () => {
    setViewer(select.value);
    options.onChange(select.value);
  });
  return h('label', { class: 'hr-viewer' }, h('span', { class: 'muted', text: 'I am' }), select);
}

/** A stage as a pill with its words. @param {string} stage */
export function stagePill(stage) {
  const tone = { hired: 'good', offer: 'warn', rejected: 'muted', withdrawn: 'muted' }[stage] ?? '';
  return h('span', { class: `pill ${tone}`, text: fmt.words(stage) });
}

/** A recommendation as words. @param {string | null | undefined} value */
export function recommendationText(value) {
  return RECOMMENDATIONS.find(([v]) => v === value)?.[1] ?? '—';
}

/** A recommendation as a pill (colour plus words). @param {string | null | undefined} value */
export function recommendationPill(value) {
  const tone = value === 'strong_yes' || value === 'yes' ? 'good' : value ? 'bad' : 'muted';
  return h('span', { class: `pill ${tone}`, text: recommendationText(value) });
}

/** The message of any thrown value. @param {unknown} err */
export function message(err) {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Shows `err` next to the element `[data-error-for=<field>]` inside `root` when there is one,
 * else in `fallback`. Returns the element that shows it.
 * @param {HTMLElement} root
 * @param {unknown} err
 * @param {HTMLElement} fallback
 */
export function showFieldError(root, err, fallback) {
  const field = err instanceof api.ApiError ? err.field : undefined;
  const slot = field ? /** @type {HTMLElement | null} */ (root.querySelector(`[data-error-for="${CSS.escape(field)}"]`)) : null;
  const target = slot ?? fallback;
  target.textContent = message(err);
  target.hidden = false;
  const input = field ? root.querySelector(`[data-field="${CSS.escape(field)}"]`) : null;
  input?.setAttribute('aria-invalid', 'true');
  return target;
}

/** Clears every error shown inside `root`. @param {HTMLElement} root */
export function clearErrors(root) {
  for (const el of root.querySelectorAll('[data-error-for], .hr-alert')) {
    el.textContent = '';
    if (el.classList.contains('hr-alert')) /** @type {HTMLElement} */ (el).hidden = true;
  }
  for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/** An alert box for errors without a field. */
export function alertBox() {
  return h('div', { class: 'hr-alert form-error', role: 'alert', hidden: true });
}

/**
 * A labelled form field with an error slot named after the command's field.
 * @param {string} label
 * @param {string} field
 * @param {HTMLElement} control
 * @param {{wide?: boolean, hint?: string}} [options]
 */
export function field(label, field, control, options = {}) {
  control.setAttribute('data-field', field);
  if (!control.id) control.id = `hr-${field.replace(/[^a-z0-9]+/gi, '-')}`;
  return h('div', { class: options.wide ? 'field wide' : 'field' },
    h('label', { for: control.id, text: label }),
    control,
    options.hint ? h('div', { class: 'hint', text: options.hint }) : null,
    h('div', { class: 'field-error', 'data-error-for': field, role: 'alert' }));
}

/** Today's date as the session knows it. @param {{session: any}} ctx */
export function today(ctx) {
  return ctx.session?.today ?? new Date().toISOString().slice(0, 10);
}
