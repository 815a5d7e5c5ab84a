// @ts-check
/**
 * Hiring › Loops: per requisition, the dimensions its panel scores, the interview loop (one
 * exercise per step with its focus dimensions), the interviews booked per candidate, and the
 * spreadsheet interview kits (download one per interview; import a filled one back).
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { h, replace } from '../../components/dom.js';
import { modal } from '../../components/dialog.js';
import { viewHead } from '../../components/view_head.js';
import { ctx } from '../../context.js';
import {
  stagePill, statusPill, message, alertBox, field, today, labelled, requisitionPicker, routePicker, rerender, errorSlot,
  onSubmit, dialogForm, notifySaved,
} from './common.js';

/** @typedef {import('../../api.js').LoopView} LoopView */

/** Imports a filled kit chosen in the native dialog and says what it became. */
async function importKit() {
  try {
    const done = await api.hiringImportKit();
    if (!done) return;
    ctx.notify(`Imported ${done.interviewer}'s submitted scorecard for ${done.candidate} (interview ${done.interview_id})`);
    rerender();
  } catch (err) {
    await modal({
      title: 'The kit was not imported',
      body: (close) => [
        h('p', { role: 'alert', class: 'error-text', 'data-testid': 'kit-error', text: message(err) }),
        h('p', { class: 'muted', text: 'Nothing was imported. Fix the named cell in the spreadsheet (or make a new kit) and import it again.' }),
        h('div', { class: 'modal-actions' }, h('button', { type: 'button', class: 'button primary', text: 'Close', onclick: () => close(null) })),
      ],
    });
  }
}

/** @type {import('../../components/registry.js').Page} */
export default { id: 'loops', tab: 'Loops', render: renderLoops };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route
 */
async function renderLoops(root, route) {
  const { area } = route;
  const pipeline = await api.hiringPipeline();
  const open = pipeline.requisitions;
  const requisitionId = route.id ? Number(route.id) : open.find((r) => !r.closed_on)?.id ?? open[0]?.id;
  const picker = routePicker(requisitionPicker('hl-requisition', open), 'loops', requisitionId);
  const body = h('div', { class: 'hd-scroll hl-body', 'data-testid': 'loops' });
  replace(root,
    viewHead(area, 'loops', labelled('Requisition', picker), h('div', { class: 'grow' }),
      h('button', { type: 'button', class: 'button', 'data-action': 'import-kit', text: 'Import filled kit…', onclick: importKit })),
    body);
  if (!requisitionId) {
    replace(body, h('p', { class: 'empty', text: 'No requisitions yet. Open one from the Pipeline first.' }));
  } else {
    renderLoop(body, await api.hiringLoops(requisitionId));
  }
  return { focusFilter: () => picker.focus() };
}

/**
 * @param {HTMLElement} body
 * @param {LoopView} view
 */
function renderLoop(body, view) {
  const chosen = view.dimensions.filter((d) => d.chosen);
  replace(body,
    h('div', { class: 'hl-grid' }, dimensionsCard(view), loopCard(view, chosen)),
    interviewsCard(view, chosen));
}

/** The requisition's dimensions as checkboxes. @param {LoopView} view */
function dimensionsCard(view) {
  const alert = alertBox();
  const boxes = view.dimensions.map((d) => h('label', { class: 'check hl-dim', title: d.good_looks_like || d.default_good_looks_like },
    h('input', { type: 'checkbox', value: d.dimension_id, checked: d.chosen }), h('span', { text: d.name })));
  const form = h('form', { class: 'card hr-form', novalidate: true, 'aria-label': 'Dimensions' },
    h('header', { class: 'card-head' }, h('h2', { text: 'Scorecard dimensions' }),
      h('span', { class: 'muted hp-small', text: view.all_dimensions ? 'All dimensions (none chosen)' : fmt.plural(view.dimensions.filter((d) => d.chosen).length, 'dimension') })),
    h('div', { class: 'hl-dims', 'data-field': 'dimensions' }, boxes),
    errorSlot('dimensions'),
    alert,
    h('div', { class: 'hs-actions' }, h('button', { type: 'submit', class: 'button', 'data-action': 'save-dimensions', text: 'Save dimensions' })));
  onSubmit(form, alert, async () => {
    const choices = [...form.querySelectorAll('input:checked')].map((el) => {
      const id = Number(/** @type {HTMLInputElement} */ (el).value);
      return { dimension_id: id, good_looks_like: view.dimensions.find((d) => d.dimension_id === id)?.good_looks_like ?? '' };
    });
    await api.hiringSetDimensions(view.requisition.id, choices);
    ctx.notify(`Saved ${fmt.plural(choices.length, 'dimension')} for ${view.requisition.title}`);
    rerender();
  });
  return form;
}

/**
 * The loop steps, editable as rows.
 * @param {LoopView} view
 * @param {import('../../api.js').LoopDimension[]} chosen
 */
function loopCard(view, chosen) {
  const alert = alertBox();
  const rows = h('ol', { class: 'hl-steps' });
  /** @param {{exercise: string, focus: number[], minutes: number}} step */
  const addRow = (step) => {
    const exercise = h('input', { type: 'text', value: step.exercise, 'aria-label': 'Exercise', placeholder: 'e.g. Architecture case study' });
    const minutes = h('input', { type: 'number', class: 'num hl-minutes', value: step.minutes, min: 5, max: 480, 'aria-label': 'Minutes' });
    const focus = h('div', { class: 'hl-focus', role: 'group', 'aria-label': 'Focus dimensions' }, chosen.map((d) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', value: d.dimension_id, checked: step.focus.includes(d.dimension_id) }), h('span', { text: d.name }))));
    const row = h('li', { class: 'hl-step' },
      h('div', { class: 'hl-step-top' }, exercise, minutes, h('span', { class: 'muted hp-small', text: 'min' }),
        h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Remove step', title: 'Remove step', text: '×', onclick: () => row.remove() })),
      focus);
    rows.append(row);
    return exercise;
  };
  for (const step of view.steps) addRow(step);
  const form = h('form', { class: 'card hr-form', novalidate: true, 'aria-label': 'Interview loop' },
    h('header', { class: 'card-head' }, h('h2', { text: 'Interview loop' }), h('span', { class: 'muted hp-small', text: fmt.plural(view.steps.length, 'step') })),
    view.steps.length ? null : h('p', { class: 'muted hp-small', text: 'No loop yet: add the exercises every candidate goes through.' }),
    rows,
    errorSlot('focus'),
    errorSlot('exercise'),
    errorSlot('minutes'),
    alert,
    h('div', { class: 'hs-actions' },
      h('button', { type: 'button', class: 'button', 'data-action': 'add-step', text: 'Add step', onclick: () => addRow({ exercise: '', focus: [], minutes: 60 }).focus() }),
      h('button', { type: 'submit', class: 'button primary', 'data-action': 'save-loop', text: 'Save loop' })));
  onSubmit(form, alert, async () => {
    const steps = [...rows.children].map((li) => ({
      exercise: /** @type {HTMLInputElement} */ (li.querySelector('input[type=text]')).value,
      minutes: Number(/** @type {HTMLInputElement} */ (li.querySelector('input[type=number]')).value),
      focus: [...li.querySelectorAll('.hl-focus input:checked')].map((el) => Number(/** @type {HTMLInputElement} */ (el).value)),
    }));
    await api.hiringSetLoop(view.requisition.id, steps);
    ctx.notify(`Saved the loop of ${view.requisition.title}: ${fmt.plural(steps.length, 'step')}`);
    rerender();
  });
  return form;
}

/**
 * Candidates and their booked interviews, with kit downloads and booking.
 * @param {LoopView} view
 * @param {import('../../api.js').LoopDimension[]} chosen
 */
function interviewsCard(view, chosen) {
  return h('section', { class: 'card', 'aria-label': 'Interviews' },
    h('header', { class: 'card-head' }, h('h2', { text: 'Interviews by candidate' }),
      h('span', { class: 'muted hp-small', text: 'A kit is a spreadsheet a panelist can fill without the app; import it back above.' })),
    view.candidates.length === 0 ? h('p', { class: 'muted', text: 'No candidates yet.' }) : null,
    view.candidates.map((c) => h('div', { class: 'hl-candidate', 'data-candidate': c.id },
      h('div', { class: 'hl-candidate-head' }, h('strong', { text: c.name }), stagePill(c.stage), h('div', { class: 'grow' }),
        ['hired', 'rejected', 'withdrawn'].includes(c.stage) ? null
          : h('button', { type: 'button', class: 'button', 'data-action': 'book', text: 'Book interview…', onclick: () => bookInterview(view, c, chosen) })),
      c.interviews.length === 0 ? h('p', { class: 'muted hp-small', text: 'No interviews booked.' })
        : h('table', { class: 'mini hl-interviews' },
          h('tbody', {}, c.interviews.map((s) => h('tr', {},
            h('td', { text: fmt.date(s.scheduled_on) }),
            h('td', { text: s.interviewer }),
            h('td', { title: s.exercise, text: s.exercise }),
            h('td', {}, statusPill(s.status)),
            h('td', {}, s.status === 'submitted' ? null : h('button', {
              type: 'button', class: 'button', 'data-action': 'kit', text: 'Kit…',
              onclick: () => notifySaved('the interview kit', () => api.hiringExportKit(s.interview_id, `Kit ${c.name} ${s.interviewer}.xlsx`)),
            })))))))));
}

/**
 * The book-an-interview dialog: from a loop step or free.
 * @param {LoopView} view
 * @param {import('../../api.js').LoopCandidate} c
 * @param {import('../../api.js').LoopDimension[]} chosen
 */
async function bookInterview(view, c, chosen) {
  await modal({
    title: `Book an interview with ${c.name}`,
    className: 'wide',
    body: (close) => {
      const step = h('select', {}, h('option', { value: '', text: 'Free-form interview' }),
        view.steps.map((s) => h('option', { value: s.id, text: s.exercise })));
      const interviewer = h('input', { type: 'text', autocomplete: 'off' });
      const exercise = h('input', { type: 'text' });
      const on = h('input', { type: 'date', value: today(ctx) });
      const focus = h('div', { class: 'hl-focus', role: 'group', 'aria-label': 'Focus dimensions' }, chosen.map((d) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', value: d.dimension_id }), h('span', { text: d.name }))));
      step.addEventListener('change', () => {
        const s = view.steps.find((x) => x.id === Number(step.value));
        if (!s) return;
        exercise.value = s.exercise;
        for (const box of focus.querySelectorAll('input')) /** @type {HTMLInputElement} */ (box).checked = s.focus.includes(Number(/** @type {HTMLInputElement} */ (box).value));
      });
      const form = dialogForm(close, {
        fields: [
          field('From the loop', 'loop_step_id', step, { wide: true }),
          field('Interviewer', 'interviewer', interviewer),
          field('Scheduled on', 'scheduled_on', on),
          field('Exercise', 'exercise', exercise, { wide: true }),
          h('div', { class: 'field wide' }, h('span', { class: 'hs-label', text: 'Focus dimensions' }), focus, errorSlot('focus'))],
        submit: 'Book interview',
        save: () => api.hiringBookInterview(c.id, {
          interviewer: interviewer.value, exercise: exercise.value, scheduled_on: on.value,
          focus: [...focus.querySelectorAll('input:checked')].map((el) => Number(/** @type {HTMLInputElement} */ (el).value)),
        }),
        saved: (booked) => {
          ctx.notify(`Booked ${booked.interviewer} with ${c.name} on ${fmt.date(booked.scheduled_on)}`);
          rerender();
        },
      });
      queueMicrotask(() => step.focus());
      return form;
    },
  });
}
