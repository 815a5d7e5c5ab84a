// @ts-check
/**
 * The getting-started checklist on a new organisation's Overview (`core::getting_started`):
 * each step links to the form or import that does it, and is ticked once the file holds it.
 */
import { h } from '../../components/dom.js';
import { openImport } from '../finops/import.js';
import { openRecordImport } from '../import/dialog.js';

/**
 * Where each step is done: a form's route, or an action (billing opens the FOCUS import). The
 * kind the guided import brings in for a step comes from Rust (`import_kind`).
 * @type {Record<import('../../api.js').ChecklistStep['key'], {label: string, href?: string, run?: () => void}>}
 */
const ACTIONS = {
  teams: { label: 'New team', href: '#/org/team/new' },
  positions: { label: 'New position', href: '#/org/position/new' },
  models: { label: 'New model', href: '#/portfolio/model/new' },
  initiatives: { label: 'New initiative', href: '#/roadmap/initiative/new' },
  billing: { label: 'Import billing…', run: () => { openImport('focus'); } },
  kpi_targets: { label: 'KPI catalogue', href: '#/kpis/kpi' },
};

/**
 * The checklist card, or nothing once every step is done.
 * @param {import('../../api.js').Checklist} list
 */
export function gettingStarted(list) {
  if (list.complete) return null;
  const next = list.steps.find((s) => !s.done)?.key;
  return h('section', { class: 'card checklist', 'data-testid': 'getting-started' },
    h('header', { class: 'card-head' },
      h('h2', { text: 'Getting started' }),
      h('span', { class: 'card-link', text: `${list.done} of ${list.steps.length} done` })),
    h('ol', { class: 'checklist-steps' }, list.steps.map((step) => {
      const action = ACTIONS[step.key];
      const cls = `button${step.key === next ? ' primary' : ''}`;
      const control = action.href
        ? h('a', { class: cls, href: action.href, text: action.label, 'data-action': step.key })
        : h('button', { type: 'button', class: cls, text: action.label, 'data-action': step.key, onclick: action.run });
      const kind = step.import_kind;
      const importControl = kind
        ? h('button', { type: 'button', class: 'button', text: 'Import…', title: 'Import from a CSV or XLSX file', 'data-action': `import-${step.key}`, onclick: () => openRecordImport(kind) })
        : null;
      return h('li', { class: step.done ? 'done' : '', 'data-step': step.key, 'data-done': String(step.done) },
        h('span', { class: `pill ${step.done ? 'good' : ''}`, text: step.done ? '✓ Done' : 'To do' }),
        h('span', { class: 'checklist-text' },
          h('strong', { text: step.title }),
          h('span', { class: 'muted', text: step.progress ? `${step.why} ${step.progress}.` : step.why })),
        h('span', { class: 'checklist-actions' }, importControl, control));
    })));
}
