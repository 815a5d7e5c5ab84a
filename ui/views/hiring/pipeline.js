// @ts-check
/**
 * Hiring › Pipeline: each requisition with its candidates by stage, the funnel and time in stage
 * (all figures from `core::hiring_metrics`), opening requisitions, adding candidates, moving a
 * candidate (every transition dated), the hire that fills the position, and erasure.
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { h, replace } from '../../components/dom.js';
import { modal, confirmDialog } from '../../components/dialog.js';
import { viewHead } from '../../components/view_head.js';
import { ctx } from '../../context.js';
import {
  STAGES, stagePill, message, alertBox, field, today, invalid, onSubmit, dialogForm, rerender,
} from './common.js';

/** @typedef {import('../../api.js').PipelineView} PipelineView */
/** @typedef {import('../../api.js').BoardRequisition} BoardRequisition */
/** @typedef {import('../../api.js').BoardCandidate} BoardCandidate */

/** @type {import('../../components/registry.js').Page} */
export default { id: 'pipeline', tab: 'Pipeline', render: renderPipeline };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route
 */
async function renderPipeline(root, route) {
  const { area } = route;
  const view = await api.hiringPipeline();
  const filter = h('input', {
    type: 'search', class: 'filter', 'data-filter': 'pipeline', placeholder: 'Filter requisitions or candidates…',
    'aria-label': 'Filter requisitions or candidates', 'aria-keyshortcuts': '/',
  });
  const openButton = h('button', {
    type: 'button', class: 'button primary', 'data-action': 'open-requisition', text: 'Open requisition',
    onclick: () => openRequisition(view),
  });
  const boards = h('div', { class: 'hp-boards' });
  const foot = h('footer', { class: 'view-foot' });
  const draw = () => {
    const needle = filter.value.trim().toLowerCase();
    const shown = view.requisitions.filter((r) => !needle
      || r.title.toLowerCase().includes(needle) || r.position.toLowerCase().includes(needle)
      || r.candidates.some((c) => c.name.toLowerCase().includes(needle)));
    const open = shown.filter((r) => !r.closed_on);
    const closed = shown.filter((r) => r.closed_on);
    replace(boards,
      view.requisitions.length === 0
        ? h('div', { class: 'empty' }, h('p', { text: 'No requisitions yet. A requisition is an approved opening to hire into a position.' }),
          h('button', { type: 'button', class: 'button', text: 'Open one', onclick: () => openRequisition(view) }))
        : null,
      open.map((r) => requisitionCard(r, view, needle)),
      closed.length ? h('details', { class: 'hp-closed' },
        h('summary', { text: `Closed requisitions (${closed.length})` }),
        closed.map((r) => requisitionCard(r, view, needle))) : null);
    const candidates = view.requisitions.reduce((n, r) => n + r.candidates.length, 0);
    foot.textContent = `${fmt.count(shown.length, view.requisitions.length, 'requisition', 'requisitions')} · ${fmt.plural(candidates, 'candidate')}`;
  };
  filter.addEventListener('input', draw);
  draw();
  replace(root,
    viewHead(area, 'pipeline', h('div', { class: 'grow' }), filter, openButton),
    h('div', { class: 'hp-scroll', 'data-testid': 'pipeline' }, metrics(view), boards),
    foot);
  if (route.id) {
    const candidate = view.requisitions.flatMap((r) => r.candidates.map((c) => ({ c, r }))).find(({ c }) => c.id === Number(route.id));
    if (candidate) queueMicrotask(() => candidateDialog(candidate.c, candidate.r));
  }
  return { focusFilter: () => filter.focus() };
}

/** Funnel and time in stage, across every requisition. @param {PipelineView} view */
function metrics(view) {
  const funnel = view.funnel;
  const times = new Map(view.stage_times.map((t) => [t.stage, t]));
  return h('section', { class: 'card hp-metrics', 'aria-label': 'Hiring figures' },
    h('header', { class: 'card-head' }, h('h2', { text: 'Funnel and time in stage, all requisitions' }),
      h('span', { class: 'muted hp-small', text: `${fmt.plural(funnel.in_process, 'candidate')} in process · ${fmt.integer(funnel.rejected)} rejected · ${fmt.integer(funnel.withdrawn)} withdrawn` })),
    h('table', { class: 'mini hp-funnel', 'data-testid': 'funnel' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Stage' }),
        funnel.steps.map((s) => h('th', { class: 'num', text: fmt.words(s.stage) })))),
      h('tbody', {},
        h('tr', {}, h('th', { text: 'Reached' }), funnel.steps.map((s) => h('td', { class: 'num', text: fmt.integer(s.reached) }))),
        h('tr', {}, h('th', { text: 'From previous' }), funnel.steps.map((s) => h('td', { class: 'num', text: s.conversion_percent === null ? '—' : fmt.percent(s.conversion_percent) }))),
        h('tr', {}, h('th', { text: 'Median days in stage' }), funnel.steps.map((s) => {
          const t = times.get(s.stage);
          return h('td', { class: 'num', text: t?.median_days === null || t?.median_days === undefined ? '—' : fmt.oneDp(t.median_days) });
        })),
        h('tr', {}, h('th', { text: 'Now in stage (max days)' }), funnel.steps.map((s) => {
          const t = times.get(s.stage);
          return h('td', { class: 'num', text: t && t.in_stage_now ? `${fmt.integer(t.in_stage_now)} (${fmt.integer(t.longest_now_days)})` : '—' });
        })))));
}

/** Time to fill of a requisition, in words. @param {BoardRequisition} r */
function fillText(r) {
  const t = r.time_to_fill;
  if (t?.days !== null && t?.days !== undefined) return `Filled in ${fmt.plural(t.days, 'day')} (${fmt.date(t.filled_on)})`;
  if (t?.open_for_days !== null && t?.open_for_days !== undefined) return `Open for ${fmt.plural(t.open_for_days, 'day')}`;
  return r.closed_on ? `Closed ${fmt.date(r.closed_on)} without a hire` : '';
}

/**
 * One requisition: its head and a lane per stage.
 * @param {BoardRequisition} r
 * @param {PipelineView} view
 * @param {string} needle
 */
function requisitionCard(r, view, needle) {
  const lanes = STAGES.map((stage) => {
    const people = r.candidates.filter((c) => c.stage === stage);
    return h('div', { class: 'hp-lane', 'data-stage': stage, role: 'group', 'aria-label': `${fmt.words(stage)}: ${people.length}` },
      h('div', { class: 'hp-lane-head' }, h('span', { text: fmt.words(stage) }), h('span', { class: 'hp-count', text: people.length ? String(people.length) : '' })),
      people.map((c) => {
        const match = needle && c.name.toLowerCase().includes(needle);
        return h('button', {
          type: 'button', class: `hp-chip${c.erased ? ' erased' : ''}${match ? ' match' : ''}`, 'data-candidate': c.id,
          title: `${c.name} — ${fmt.words(c.stage)} since ${fmt.date(c.stage_since)}`,
          onclick: () => candidateDialog(c, r),
        },
        h('span', { class: 'hp-chip-name', text: c.name }),
        h('span', { class: 'hp-chip-meta', text: c.days_in_stage === null ? fmt.date(c.stage_since) : `${fmt.integer(c.days_in_stage)} d` }));
      }));
  });
  return h('section', { class: 'card hp-req', 'data-requisition': r.id, 'aria-label': r.title },
    h('header', { class: 'hp-req-head' },
      h('div', { class: 'hp-req-title' },
        h('h2', { text: r.title }),
        h('div', { class: 'muted hp-small', text: `${r.position} · ${r.hiring_manager ? `hiring manager ${r.hiring_manager} · ` : ''}opened ${fmt.date(r.opened_on)}` })),
      h('span', { class: 'hp-fill', 'data-testid': 'time-to-fill', text: fillText(r) }),
      h('div', { class: 'hp-req-actions' },
        r.closed_on ? null : h('button', { type: 'button', class: 'button', 'data-action': 'add-candidate', text: 'Add candidate', onclick: () => addCandidate(r, view) }),
        h('a', { class: 'button hp-link-button', href: `#/hiring/loops/${r.id}`, text: 'Loop' }),
        h('a', { class: 'button hp-link-button', href: `#/hiring/calibration/${r.id}`, text: 'Calibrate' }))),
    r.candidates.length
      ? h('div', { class: 'hp-lanes', onkeydown: moveFocus }, lanes)
      : h('p', { class: 'muted hp-none', text: r.closed_on ? 'No candidates.' : 'No candidates yet — add the first applicant.' }));
}

/**
 * Arrow keys move between candidates: up and down in a stage, left and right across stages.
 * @param {Event} event
 */
function moveFocus(event) {
  const key = /** @type {KeyboardEvent} */ (event).key;
  const chip = /** @type {HTMLElement} */ (event.target).closest('.hp-chip');
  const board = /** @type {HTMLElement} */ (event.currentTarget);
  if (!chip || !['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(key)) return;
  const lanes = [...board.querySelectorAll('.hp-lane')];
  const lane = /** @type {HTMLElement} */ (chip.closest('.hp-lane'));
  const chips = [...lane.querySelectorAll('.hp-chip')];
  const at = chips.indexOf(chip);
  /** @type {Element | undefined} */
  let target;
  if (key === 'ArrowDown') target = chips[at + 1];
  else if (key === 'ArrowUp') target = chips[at - 1];
  else {
    const step = key === 'ArrowRight' ? 1 : -1;
    for (let i = lanes.indexOf(lane) + step; i >= 0 && i < lanes.length && !target; i += step) {
      const next = [...lanes[i].querySelectorAll('.hp-chip')];
      target = next[Math.min(at, next.length - 1)];
    }
  }
  if (target) {
    event.preventDefault();
    /** @type {HTMLElement} */ (target).focus();
  }
}

/** Reloads the current view after a change. */
function reload() {
  ctx.refreshCounts();
  rerender();
}

/** The open-a-requisition dialog. @param {PipelineView} view */
async function openRequisition(view) {
  await modal({
    title: 'Open a requisition',
    className: 'wide',
    body: (close) => {
      const position = h('select', {},
        h('option', { value: '', text: view.openable_positions.length ? 'Choose a planned or open position…' : 'No planned or open position without a requisition' }),
        view.openable_positions.map((p) => h('option', { value: p.id, text: `${p.label} (${p.status})` })));
      const title = h('input', { type: 'text', placeholder: 'e.g. Senior ML Engineer, Search Relevance' });
      const manager = h('input', { type: 'text' });
      const opened = h('input', { type: 'date', value: today(ctx) });
      position.addEventListener('change', () => {
        const chosen = view.openable_positions.find((p) => p.id === Number(position.value));
        if (chosen && !title.value) title.value = chosen.role;
      });
      const form = dialogForm(close, {
        fields: [
          field('Position', 'position_id', position, { wide: true }),
          field('Title', 'title', title, { wide: true }),
          field('Hiring manager', 'hiring_manager', manager),
          field('Opened on', 'opened_on', opened)],
        submit: 'Open requisition',
        save: () => {
          if (!position.value) throw invalid('position_id', 'Choose a position');
          return api.hiringOpenRequisition({
            position_id: Number(position.value), title: title.value, hiring_manager: manager.value, opened_on: opened.value,
          });
        },
        saved: (saved) => {
          ctx.notify(`Opened requisition ${saved.title}`);
          reload();
        },
      });
      queueMicrotask(() => position.focus());
      return form;
    },
  });
}

/**
 * The add-a-candidate dialog.
 * @param {BoardRequisition} r
 * @param {PipelineView} view
 */
async function addCandidate(r, view) {
  await modal({
    title: `Add a candidate to ${r.title}`,
    body: (close) => {
      const name = h('input', { type: 'text', autocomplete: 'off' });
      const source = h('input', { type: 'text', placeholder: 'referral, LinkedIn, agency…' });
      const applied = h('input', { type: 'date', value: view.today });
      const form = dialogForm(close, {
        fields: [
          field('Name', 'name', name, { wide: true }),
          field('Source', 'source', source),
          field('Applied on', 'applied_on', applied)],
        submit: 'Add candidate',
        save: () => api.hiringAddCandidate({ requisition_id: r.id, name: name.value, source: source.value, applied_on: applied.value }),
        saved: (saved) => {
          ctx.notify(`Added ${saved.name} to ${r.title}`);
          reload();
        },
      });
      queueMicrotask(() => name.focus());
      return form;
    },
  });
}

/**
 * A candidate: stage history, move to another stage, hire, erase.
 * @param {BoardCandidate} c
 * @param {BoardRequisition} r
 */
async function candidateDialog(c, r) {
  /** @type {import('../../api.js').StageChange[]} */
  let history = [];
  try {
    history = await api.hiringStageHistory(c.id);
  } catch (err) {
    ctx.notify(message(err), 'error');
  }
  let changed = false;
  await modal({
    title: c.name,
    className: 'wide hp-candidate',
    body: (close) => {
      const ended = ['hired', 'rejected', 'withdrawn'].includes(c.stage);
      const alert = alertBox();
      const targets = STAGES.filter((s) => s !== c.stage && s !== 'hired'
        && (['rejected', 'withdrawn'].includes(s) || STAGES.indexOf(s) > STAGES.indexOf(c.stage)));
      const stage = h('select', { 'data-testid': 'move-stage' }, targets.map((s) => h('option', { value: s, text: fmt.words(s) })));
      const on = h('input', { type: 'date', value: today(ctx), 'data-testid': 'move-on' });
      const moveForm = h('form', { class: 'hr-form hp-move', novalidate: true, 'aria-label': 'Move to another stage' },
        h('h3', { text: 'Move to another stage' }),
        h('div', { class: 'hp-inline' },
          field('Stage', 'stage', stage),
          field('On', 'changed_on', on),
          h('button', { type: 'submit', class: 'button primary', 'data-action': 'move', text: 'Move' })));
      const accepted = h('input', { type: 'date', value: today(ctx) });
      const start = h('input', { type: 'date' });
      const hireForm = h('form', { class: 'hr-form hp-move', novalidate: true, 'aria-label': 'Record the hire' },
        h('h3', { text: 'Record the hire' }),
        h('p', { class: 'muted hp-small', text: `Fills the position (${r.position}) with ${c.name} and the start date, and closes the requisition.` }),
        h('div', { class: 'hp-inline' },
          field('Offer accepted on', 'accepted_on', accepted),
          field('Start date', 'start_date', start),
          h('button', { type: 'submit', class: 'button primary', 'data-action': 'hire', text: 'Hire' })));
      const eraseButton = h('button', {
        type: 'button', class: 'button danger-quiet', 'data-action': 'erase', text: 'Erase personal data…',
        onclick: async () => {
          close(null);
          if (await eraseCandidate(c)) changed = true;
          if (changed) reload();
        },
      });

      const root = h('div', { class: 'hp-candidate-body' },
        h('div', { class: 'hp-facts' },
          stagePill(c.stage),
          h('span', { class: 'muted', text: `${r.title}${c.source ? ` · ${c.source}` : ''} · applied ${fmt.date(c.applied_on)}` })),
        h('h3', { text: 'Stage history' }),
        h('ol', { class: 'hp-history', 'data-testid': 'stage-history' },
          history.map((change) => h('li', {}, h('span', { class: 'hp-history-date', text: fmt.date(change.changed_on) }), h('span', { text: fmt.words(change.stage) })))),
        c.erased ? h('p', { class: 'muted', text: 'This candidate was erased; only the anonymous stage dates remain.' }) : null,
        !ended && !c.erased ? moveForm : null,
        c.stage === 'offer' && !c.erased ? hireForm : null,
        alert,
        h('div', { class: 'modal-actions' },
          c.interviews ? h('a', { class: 'button hp-link-button', href: `#/hiring/debrief/${c.id}`, onclick: () => close(null), text: 'Debrief' }) : null,
          h('a', { class: 'button hp-link-button', href: `#/hiring/loops/${r.id}`, onclick: () => close(null), text: 'Interviews' }),
          h('div', { class: 'grow' }),
          c.erased || c.stage === 'hired' ? null : eraseButton,
          h('button', { type: 'button', class: 'button', text: 'Close', onclick: () => close(null) })));
      // Both forms show their errors anywhere in the dialog (the alert sits below them).
      onSubmit(moveForm, alert, async () => {
        const moved = await api.hiringMoveCandidate(c.id, /** @type {any} */ (stage.value), on.value);
        changed = true;
        ctx.notify(`${moved.name} moved to ${fmt.words(moved.stage)} on ${fmt.date(on.value)}`);
        close(null);
      }, root);
      onSubmit(hireForm, alert, async () => {
        if (!start.value) throw invalid('start_date', 'Give the start date');
        const hire = await api.hiringHire(c.id, accepted.value, start.value);
        changed = true;
        ctx.notify(`Hired ${hire.candidate.name}: ${hire.position.role} filled from ${fmt.date(hire.position.start_date)}`);
        close(null);
      }, root);
      queueMicrotask(() => /** @type {HTMLElement | null} */ (root.querySelector('select, input, button'))?.focus());
      return root;
    },
  });
  if (changed) reload();
}

/**
 * Asks once, naming what goes, then erases the candidate's personal data.
 * @param {BoardCandidate} c
 * @returns {Promise<boolean>} whether anything was erased
 */
export async function eraseCandidate(c) {
  let preview;
  try {
    preview = await api.hiringErasurePreview(c.id);
  } catch (err) {
    ctx.notify(message(err), 'error');
    return false;
  }
  const ok = await confirmDialog({
    title: `Erase ${preview.name}'s personal data?`,
    lines: [
      `Removes the name and source, ${fmt.plural(preview.interviews, 'interview')}, ${fmt.plural(preview.scorecards, 'scorecard')} with their ratings and evidence, ${fmt.plural(preview.decisions, 'decision')}, and every audit-log entry and other mention of the name. The file is compacted so nothing readable remains, and every backup of the file is rewritten without them (a backup that cannot be rewritten is deleted).`,
      'An anonymous shell keeps the requisition, stage and stage dates, so the funnel and time to fill stay right. This cannot be undone.',
    ],
    confirm: 'Erase candidate',
    danger: true,
    blocked: preview.refused ?? undefined,
  });
  if (!ok) return false;
  try {
    const done = await api.hiringEraseCandidate(c.id);
    ctx.notify(`Erased: ${fmt.plural(done.interviews, 'interview')}, ${fmt.plural(done.scorecards, 'scorecard')}, ${fmt.plural(done.audit_rows, 'audit row')} removed`);
    return true;
  } catch (err) {
    ctx.notify(message(err), 'error');
    return false;
  }
}
