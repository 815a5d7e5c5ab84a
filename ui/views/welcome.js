// @ts-check
/**
 * First run: the file has no organisation yet. Offers the demo organisation, a new one
 * (name, fiscal-year start month, currency) or another file. The organisation form is also
 * used by File → New.
 */
import * as api from '../api.js';
import { h, replace } from '../components/dom.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The name / fiscal-year start / currency form. Errors from Rust appear next to their field.
 * @param {{submitLabel: string, onSubmit: (org: import('../api.js').NewOrganisation) => Promise<unknown>}} options
 */
export function organisationForm(options) {
  const errors = {
    org_name: h('div', { class: 'field-error', 'data-error-for': 'org_name', role: 'alert' }),
    fiscal_year_start_month: h('div', { class: 'field-error', 'data-error-for': 'fiscal_year_start_month', role: 'alert' }),
    currency: h('div', { class: 'field-error', 'data-error-for': 'currency', role: 'alert' }),
  };
  const general = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const name = h('input', { id: 'org-name', name: 'org_name', type: 'text', placeholder: 'Acme ML', autocomplete: 'off' });
  const month = h('select', { id: 'org-fy', name: 'fiscal_year_start_month' }, MONTHS.map((m, i) => h('option', { value: i + 1, text: m })));
  const currency = h('input', { id: 'org-currency', name: 'currency', type: 'text', class: 'code', maxlength: 3, value: 'USD' });
  const submit = h('button', { type: 'submit', class: 'button primary', 'data-action': 'create-organisation', text: options.submitLabel });
  const form = h('form', { class: 'org-form', novalidate: true },
    h('div', { class: 'field wide' }, h('label', { for: 'org-name', text: 'Organisation name' }), name, errors.org_name),
    h('div', { class: 'field' }, h('label', { for: 'org-fy', text: 'Fiscal year starts in' }), month, errors.fiscal_year_start_month),
    h('div', { class: 'field' }, h('label', { for: 'org-currency', text: 'Reporting currency' }), currency, errors.currency),
    general,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const e of Object.values(errors)) e.textContent = '';
    general.hidden = true;
    submit.disabled = true;
    try {
      await options.onSubmit({ org_name: name.value, fiscal_year_start_month: Number(month.value), currency: currency.value });
    } catch (err) {
      const field = err instanceof api.ApiError ? err.field : undefined;
      const target = field && field in errors ? errors[/** @type {keyof typeof errors} */ (field)] : null;
      if (target) target.textContent = err instanceof Error ? err.message : String(err);
      else { general.hidden = false; general.textContent = err instanceof Error ? err.message : String(err); }
    } finally {
      submit.disabled = false;
    }
  });
  queueMicrotask(() => name.focus());
  return form;
}

/**
 * @param {HTMLElement} root
 * @param {import('../api.js').SessionInfo} session
 * @param {{opened: (s: import('../api.js').SessionInfo | null) => void}} actions
 */
export function renderWelcome(root, session, actions) {
  if (session.problem?.kind === 'in_use') { renderInUse(root, session, actions); return; }
  const demo = h('button', {
    type: 'button', class: 'button primary', 'data-action': 'open-demo', text: 'Open the demo organisation',
    onclick: async () => {
      demo.disabled = true;
      try { actions.opened(await api.createDemo()); } catch (err) { showProblem(err); demo.disabled = false; }
    },
  });
  const other = h('button', {
    type: 'button', class: 'button', text: 'Open another file…',
    onclick: async () => { try { actions.opened(await api.fileOpen()); } catch (err) { showProblem(err); } },
  });
  const problem = h('p', { class: 'error-text', role: 'alert', hidden: !session.problem, text: session.problem?.message ?? '' });
  /** @param {unknown} err */
  function showProblem(err) {
    problem.hidden = false;
    problem.textContent = err instanceof Error ? err.message : String(err);
  }
  replace(root, h('div', { class: 'welcome' },
    h('div', { class: 'welcome-card' },
      h('h1', { text: 'Welcome to Quartermaster' }),
      h('p', { class: 'muted' }, 'Your ML organisation — portfolio, headcount, roadmap, cloud spend, hiring and KPIs — in one local file: ', h('code', { text: session.path })),
      problem,
      h('section', { class: 'choice' },
        h('h2', { text: 'Explore first' }),
        h('p', { text: 'A realistic organisation with teams, models, a roadmap, billing lines, hiring loops and KPI history.' }),
        h('div', { class: 'actions' }, demo, other)),
      h('section', { class: 'choice' },
        h('h2', { text: 'Start a new organisation' }),
        organisationForm({ submitLabel: 'Create organisation', onSubmit: async (org) => actions.opened(await api.createOrganisation(org)) })))));
}

/**
 * Another Quartermaster writes the file: say so, naming the file and who has it, and offer to
 * look at it read-only, to try again once the other has closed it, or to open another file.
 * @param {HTMLElement} root
 * @param {import('../api.js').SessionInfo} session
 * @param {{opened: (s: import('../api.js').SessionInfo | null) => void}} actions
 */
function renderInUse(root, session, actions) {
  const problem = h('p', { class: 'error-text', role: 'alert', hidden: true });
  /** @param {() => Promise<import('../api.js').SessionInfo | null>} open */
  const attempt = async (open) => {
    try { actions.opened(await open()); } catch (err) { problem.hidden = false; problem.textContent = err instanceof Error ? err.message : String(err); }
  };
  const readOnly = h('button', {
    type: 'button', class: 'button primary', 'data-action': 'open-read-only', text: 'Open read-only',
    onclick: () => attempt(() => api.fileReopen(true)),
  });
  replace(root, h('div', { class: 'welcome' },
    h('div', { class: 'welcome-card', 'data-testid': 'file-in-use' },
      h('h1', { text: `${session.file_name} is open in another Quartermaster` }),
      h('p', { text: session.problem?.message ?? '' }),
      h('p', { class: 'muted', text: 'Read-only, you can look at everything and export reports; the window refreshes when the other one saves.' }),
      problem,
      h('div', { class: 'actions' },
        readOnly,
        h('button', { type: 'button', class: 'button', 'data-action': 'try-again', text: 'Try again', onclick: () => attempt(() => api.fileReopen(false)) }),
        h('button', { type: 'button', class: 'button', text: 'Open another file…', onclick: () => attempt(api.fileOpen) })))));
  queueMicrotask(() => readOnly.focus());
}
