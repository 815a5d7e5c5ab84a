// @ts-check
/**
 * What the hiring pages share: who is looking ("I am …", which the core's blind rule is checked
 * against), stage, status and recommendation words, pickers that route, forms and dialogs that
 * show a command's error next to its field, native saves that say where the file went, and the
 * reader layout of the debrief and calibration pages.
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { h, replace } from '../../components/dom.js';
import { viewHead } from '../../components/view_head.js';
import { ctx } from '../../context.js';

/** The stages in process order. @type {import('../../api.js').Stage[]} */
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
  return labelled('I am', select);
}

/** A control of the view head with its label beside it. @param {string} text @param {HTMLElement} control */
export function labelled(text, control) {
  return h('label', { class: 'hr-viewer' }, h('span', { class: 'muted', text }), control);
}

/**
 * Makes `select` (valued by ids) the page's picker: it shows `selected` and a change opens
 * `#/hiring/<page>/<id>`, so the choice is in the route. Returns `select`.
 * @param {HTMLSelectElement} select
 * @param {string} page
 * @param {number | undefined} selected
 */
export function routePicker(select, page, selected) {
  if (selected) select.value = String(selected);
  select.addEventListener('change', () => ctx.navigate(`#/hiring/${page}/${select.value}`));
  return select;
}

/**
 * A select of requisitions, closed ones marked, for a page's picker.
 * @param {string} id
 * @param {import('../../api.js').BoardRequisition[]} requisitions
 */
export function requisitionPicker(id, requisitions) {
  return h('select', { id, 'aria-label': 'Requisition' },
    requisitions.map((r) => h('option', { value: r.id, text: `${r.title}${r.closed_on ? ' (closed)' : ''}` })));
}

/** Renders the current route again (after a change, or a new viewer). */
export function rerender() {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

const CARD_STATUS = { not_started: ['Not started', 'muted'], draft: ['Draft', 'warn'], submitted: ['Submitted', 'good'] };

/** A scorecard's state as a pill. @param {string} status */
export function statusPill(status) {
  const [text, tone] = CARD_STATUS[/** @type {keyof typeof CARD_STATUS} */ (status)] ?? [status, ''];
  return h('span', { class: `pill ${tone}`, 'data-status': status, text });
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

/** Where the error of the command's `field` shows. @param {string} field */
export function errorSlot(field) {
  return h('div', { class: 'field-error', 'data-error-for': field, role: 'alert' });
}

/** A refusal found before calling the core, shown the same way as the core's. @param {string | undefined} field @param {string} text */
export function invalid(field, text) {
  return new api.ApiError({ kind: 'invalid', field, message: text });
}

/**
 * Runs `action` when `form` is submitted: errors inside `scope` are cleared first, and what it
 * throws is shown by its field there (or in `alert`).
 * @param {HTMLFormElement} form
 * @param {HTMLElement} alert
 * @param {() => Promise<void>} action
 * @param {HTMLElement} [scope] where the fields and their error slots are; the form by default
 */
export function onSubmit(form, alert, action, scope = form) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(scope);
    try {
      await action();
    } catch (err) {
      showFieldError(scope, err, alert);
    }
  });
}

/**
 * Cancel and the submit button of a dialog.
 * @param {(value: null) => void} close
 * @param {string} submit the submit button's words
 */
export function dialogActions(close, submit) {
  return h('div', { class: 'modal-actions' },
    h('button', { type: 'button', class: 'button', text: 'Cancel', onclick: () => close(null) }),
    h('button', { type: 'submit', class: 'button primary', 'data-action': 'confirm', text: submit }));
}

/**
 * The form of a dialog that saves one thing: on submit, `save` runs; the dialog closes with
 * what it returns and `saved` follows (notice, reload), else the error shows by its field.
 * @template T
 * @param {(value: T | null) => void} close
 * @param {{fields: (HTMLElement | null)[], submit: string, save: () => Promise<T>, saved: (value: T) => void}} options
 */
export function dialogForm(close, options) {
  const alert = alertBox();
  const form = h('form', { class: 'hr-form', novalidate: true },
    h('div', { class: 'fields hr-fields' }, options.fields),
    alert,
    dialogActions(close, options.submit));
  onSubmit(form, alert, async () => {
    const value = await options.save();
    close(value);
    options.saved(value);
  });
  return form;
}

/**
 * Runs a native save (which gives `null` when cancelled) and says where the file went, or why not.
 * @param {string} what e.g. "the interview kit"
 * @param {() => Promise<string | null>} save
 */
export async function notifySaved(what, save) {
  try {
    const path = await save();
    if (path) ctx.notify(`Saved ${what} to ${path}`);
  } catch (err) {
    ctx.notify(message(err), 'error');
  }
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
    errorSlot(field));
}

/** Today's date as the session knows it. @param {{session: any}} ctx */
export function today(ctx) {
  return ctx.session?.today ?? new Date().toISOString().slice(0, 10);
}

/**
 * A blind or failed read, shown in place of the figures.
 * @param {unknown} err
 * @param {string} what
 */
function refusal(err, what) {
  if (err instanceof api.ApiError && err.kind === 'conflict') {
    return h('div', { class: 'hs-blind', role: 'status', 'data-testid': 'blind' },
      h('strong', { text: `Submit your scorecard to see the panel's ${what}.` }),
      h('p', { class: 'muted', text: err.message }),
      h('a', { href: '#/hiring/scorecards', text: 'Go to your scorecards →' }));
  }
  return h('div', { class: 'form-error', role: 'alert', text: message(err) });
}

/**
 * What the debrief and calibration pages share: the view head with the page's picker and
 * "I am …" (the director too), and a body that `fill` draws for the viewer once both the
 * subject (`id`) and the viewer are chosen; `none` shows when there is nothing to pick, `pick`
 * while no viewer is chosen, and a blind or failed read in place of the figures.
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').Area} area
 * @param {{page: string, label: string, picker: HTMLSelectElement, panelists: string[], id: number | undefined,
 *   none: string, pick: string, fill: (body: HTMLElement, viewer: string, id: number) => Promise<void>}} options
 */
export async function readerPage(root, area, options) {
  const viewer = currentViewer();
  const body = h('div', { class: 'hd-scroll', 'data-testid': options.page });
  replace(root,
    viewHead(area, options.page, labelled(options.label, options.picker), h('div', { class: 'grow' }),
      viewerPicker(options.panelists, { director: true, onChange: rerender })),
    body);
  if (!options.id) {
    replace(body, h('p', { class: 'empty', text: options.none }));
  } else if (!viewer) {
    replace(body, h('p', { class: 'empty', text: options.pick }));
  } else {
    try {
      await options.fill(body, viewer, options.id);
    } catch (err) {
      replace(body, refusal(err, options.page));
    }
  }
  return { focusFilter: () => options.picker.focus() };
}
