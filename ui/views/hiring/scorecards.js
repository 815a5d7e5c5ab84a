// @ts-check
/**
 * Hiring › Scorecards: a panelist picks themself, opens one of their interviews and fills the
 * card (drafts save as typed), submits it, or amends it with a reason once submitted. The
 * panel's cards come from `core::scorecards::panel_cards`, which refuses while the panelist's
 * own card for that candidate is unsubmitted (the blind rule), so the page only shows the
 * core's message then.
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { h, replace } from '../../components/dom.js';
import { modal } from '../../components/dialog.js';
import { viewHead } from '../../components/view_head.js';
import { ctx } from '../../context.js';
import {
  RECOMMENDATIONS, viewerPicker, currentViewer, recommendationPill, statusPill, message, showFieldError, clearErrors, alertBox,
  errorSlot, dialogActions, rerender,
} from './common.js';

/** @typedef {import('../../api.js').CardView} CardView */
/** @typedef {import('../../api.js').PanelSeat} PanelSeat */

/** @type {import('../../components/registry.js').Page} */
export default { id: 'scorecards', tab: 'Scorecards', render: renderScorecards };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route
 */
async function renderScorecards(root, route) {
  const { area } = route;
  const panelists = await api.hiringPanelists();
  const viewer = currentViewer();
  const known = panelists.includes(viewer);
  const seats = known ? await api.hiringScorecards(viewer) : [];
  const chosen = route.id ? seats.find((s) => s.interview_id === Number(route.id)) : undefined;
  const picker = viewerPicker(panelists, {
    onChange: () => {
      if (location.hash === '#/hiring/scorecards') rerender();
      else ctx.navigate('#/hiring/scorecards');
    },
  });
  const main = h('div', { class: 'hs-main' });
  const list = h('nav', { class: 'hs-seats', 'aria-label': 'Your interviews' },
    !known
      ? h('p', { class: 'empty', text: 'Pick who you are (top right) to see the interviews you ran and fill their scorecards.' })
      : seats.length === 0
        ? h('p', { class: 'empty', text: `${viewer} has no interviews booked.` })
        : seats.map((s) => h('a', {
          href: `#/hiring/scorecards/${s.interview_id}`, class: `hs-seat${chosen?.interview_id === s.interview_id ? ' current' : ''}`,
          'data-interview': s.interview_id, 'aria-current': chosen?.interview_id === s.interview_id ? 'page' : null,
        },
        h('span', { class: 'hs-seat-top' }, h('strong', { text: s.candidate }), statusPill(s.status)),
        h('span', { class: 'hs-seat-ex', text: s.exercise }),
        h('span', { class: 'muted hp-small', text: `${fmt.date(s.scheduled_on)} · ${s.requisition}` }))));
  replace(root,
    viewHead(area, 'scorecards', h('div', { class: 'grow' }), picker),
    h('div', { class: 'view-body hs-body' }, list, main),
    h('footer', { class: 'view-foot', text: known ? `${fmt.plural(seats.length, 'interview')} for ${viewer} · ${fmt.integer(seats.filter((s) => s.status === 'submitted').length)} submitted` : 'Scorecards are blind until submitted' }));
  if (chosen) {
    const card = await api.hiringOpenCard(viewer, chosen.interview_id);
    await renderCard(main, viewer, card);
  } else if (known && seats.length) {
    replace(main, h('p', { class: 'empty', text: 'Open one of your interviews on the left to fill its scorecard.' }));
  }
  return { focusFilter: () => /** @type {HTMLElement | null} */ (root.querySelector('#hiring-viewer'))?.focus() };
}

/**
 * The card form and, below it, the panel's cards (or the blind message).
 * @param {HTMLElement} main
 * @param {string} viewer
 * @param {CardView} card
 */
async function renderCard(main, viewer, card) {
  let amending = false;
  const submitted = card.status === 'submitted';
  const saveState = h('span', { class: 'hs-saved', 'aria-live': 'polite', 'data-testid': 'save-state' });
  const alert = alertBox();
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {Promise<unknown>} */
  let saving = Promise.resolve();

  const dimensions = card.dimensions.map((d) => {
    const scoreField = `rating.${d.dimension_id}.score`;
    const evidenceField = `rating.${d.dimension_id}.evidence`;
    const radios = [1, 2, 3, 4, 5].map((n) => h('label', { class: 'hs-score' },
      h('input', { type: 'radio', name: `score-${d.dimension_id}`, value: n, checked: d.score === n, 'data-dimension': d.dimension_id }),
      h('span', { text: String(n) })));
    const evidence = h('textarea', {
      id: `ev-${d.dimension_id}`, rows: 2, 'data-field': evidenceField, 'data-evidence': d.dimension_id,
      placeholder: 'What the candidate said or did that supports the rating',
    });
    evidence.value = d.evidence;
    return h('fieldset', { class: 'hs-dim', 'data-dimension': d.dimension_id },
      h('legend', { text: d.name }),
      h('p', { class: 'muted hp-small', text: d.good_looks_like }),
      h('div', { class: 'hs-scale', role: 'radiogroup', 'aria-label': `Rating of ${d.name}, 1 to 5`, 'data-field': scoreField }, radios,
        h('span', { class: 'hint', text: '1 weak · 3 meets the bar · 5 exceptional' })),
      errorSlot(scoreField),
      h('label', { for: evidence.id, class: 'hs-label', text: 'Evidence (required for 1, 2 and 5)' }),
      evidence,
      errorSlot(evidenceField));
  });
  const signals = h('textarea', { id: 'hs-signals', rows: 2, 'data-field': 'strong_signals' });
  signals.value = card.strong_signals;
  const flags = h('textarea', { id: 'hs-flags', rows: 2, 'data-field': 'red_flags' });
  flags.value = card.red_flags;
  const recommendation = h('div', { class: 'hs-recs', role: 'radiogroup', 'aria-label': 'Overall recommendation', 'data-field': 'recommendation' },
    RECOMMENDATIONS.map(([value, label]) => h('label', { class: 'hs-rec' },
      h('input', { type: 'radio', name: 'recommendation', value, checked: card.recommendation === value }),
      h('span', { text: label }))));

  /** What the form holds now. @returns {import('../../api.js').ScorecardInput} */
  const input = () => ({
    ratings: card.dimensions.map((d) => {
      const checked = /** @type {HTMLInputElement | null} */ (form.querySelector(`input[name="score-${d.dimension_id}"]:checked`));
      const evidence = /** @type {HTMLTextAreaElement} */ (form.querySelector(`[data-evidence="${d.dimension_id}"]`));
      return { dimension_id: d.dimension_id, score: checked ? Number(checked.value) : null, evidence: evidence.value };
    }),
    strong_signals: signals.value,
    red_flags: flags.value,
    recommendation: /** @type {any} */ ((/** @type {HTMLInputElement | null} */ (form.querySelector('input[name=recommendation]:checked')))?.value ?? null),
  });

  const saveDraft = () => {
    saving = saving.then(async () => {
      saveState.textContent = 'Saving…';
      try {
        await api.hiringSaveDraft(viewer, card.interview_id, input());
        clearErrors(form);
        saveState.textContent = 'Saved';
      } catch (err) {
        saveState.textContent = 'Not saved';
        showFieldError(form, err, alert);
      }
    });
    return saving;
  };
  const schedule = () => {
    if (submitted && !amending) return;
    if (submitted) { saveState.textContent = 'Amendment not saved yet'; return; }
    saveState.textContent = 'Editing…';
    clearTimeout(timer);
    timer = setTimeout(saveDraft, 600);
  };

  const submitButton = h('button', { type: 'submit', class: 'button primary', 'data-action': 'submit-card', text: 'Submit scorecard' });
  const amendButton = h('button', {
    type: 'button', class: 'button', 'data-action': 'amend', text: 'Amend…',
    onclick: () => {
      amending = true;
      setEditable(true);
      amendButton.hidden = true;
      submitButton.hidden = false;
      submitButton.textContent = 'Save amendment…';
      saveState.textContent = 'Amending: change the card, then save the amendment with a reason';
      /** @type {HTMLElement | null} */ (form.querySelector('input, textarea'))?.focus();
    },
  });
  const form = h('form', { class: 'hs-card', novalidate: true, 'data-testid': 'scorecard', 'aria-label': `Scorecard for ${card.candidate}` },
    h('header', { class: 'hs-card-head' },
      h('div', {},
        h('div', { class: 'eyebrow', text: `${card.requisition} · ${fmt.date(card.scheduled_on)}` }),
        h('h2', { text: card.candidate }),
        h('div', { class: 'muted hp-small', text: card.exercise })),
      h('div', { class: 'hs-card-state' }, statusPill(card.status), saveState)),
    card.submitted_at ? h('p', { class: 'muted hp-small', text: `Submitted ${fmt.timestamp(card.submitted_at)} UTC${card.amendments.length ? ` · amended ${fmt.plural(card.amendments.length, 'time')}` : ''}` }) : null,
    card.amendments.length ? h('ul', { class: 'hs-amendments' }, card.amendments.map((a) => h('li', { text: `${fmt.timestamp(a.amended_at)} — ${a.reason}` }))) : null,
    dimensions,
    h('div', { class: 'fields hr-fields hs-notes' },
      h('div', { class: 'field wide' }, h('label', { for: 'hs-signals', text: 'Strong signals' }), signals),
      h('div', { class: 'field wide' }, h('label', { for: 'hs-flags', text: 'Red flags' }), flags),
      h('div', { class: 'field wide' }, h('span', { class: 'hs-label', text: 'Overall recommendation' }), recommendation,
        errorSlot('recommendation'))),
    alert,
    h('div', { class: 'hs-actions' }, submitted ? amendButton : null, submitButton));
  if (submitted) submitButton.hidden = true;

  /** @param {boolean} on */
  function setEditable(on) {
    for (const el of form.querySelectorAll('input, textarea')) /** @type {HTMLInputElement} */ (el).disabled = !on;
  }
  setEditable(!submitted);
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearTimeout(timer);
    await saving;
    clearErrors(form);
    try {
      if (submitted) {
        const reason = await askReason();
        if (reason === null) return;
        await api.hiringAmendCard(viewer, card.interview_id, input(), reason);
        ctx.notify(`Amended your scorecard for ${card.candidate}`);
      } else {
        await api.hiringSubmitCard(viewer, card.interview_id, input());
        ctx.notify(`Submitted your scorecard for ${card.candidate}`);
      }
      ctx.refreshCounts();
      rerender();
    } catch (err) {
      const shown = showFieldError(form, err, alert);
      shown.scrollIntoView({ block: 'nearest' });
    }
  });

  const panel = h('section', { class: 'hs-panel', 'aria-label': "The panel's scorecards", 'data-testid': 'panel-cards' });
  replace(main, form, panel);
  await renderPanel(panel, viewer, card);
}

/** Asks why a submitted card is amended; `null` when cancelled. @returns {Promise<string | null>} */
function askReason() {
  return modal({
    title: 'Why amend this scorecard?',
    body: (close) => {
      const reason = h('textarea', { id: 'hs-reason', rows: 3, 'data-field': 'reason' });
      const error = h('div', { class: 'field-error', role: 'alert' });
      const form = h('form', { novalidate: true },
        h('p', { class: 'muted', text: 'The card as submitted stays in the audit log; the panel sees the amendment and its reason.' }),
        h('div', { class: 'field' }, h('label', { for: 'hs-reason', text: 'Reason' }), reason, error),
        dialogActions(close, 'Save amendment'));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (!reason.value.trim()) { error.textContent = 'Give the reason for the amendment'; return; }
        close(reason.value);
      });
      queueMicrotask(() => reason.focus());
      return form;
    },
  });
}

/**
 * The other panelists' submitted cards, when the core lets the viewer read them.
 * @param {HTMLElement} panel
 * @param {string} viewer
 * @param {CardView} own
 */
async function renderPanel(panel, viewer, own) {
  /** @type {CardView[]} */
  let cards;
  try {
    cards = await api.hiringPanelCards(viewer, own.candidate_id);
  } catch (err) {
    if (err instanceof api.ApiError && err.kind === 'conflict') {
      replace(panel, h('h2', { text: "The panel's scorecards" }),
        h('div', { class: 'hs-blind', role: 'status', 'data-testid': 'blind' },
          h('strong', { text: "Submit your scorecard to see the panel's." }),
          h('p', { class: 'muted', text: err.message })));
      return;
    }
    replace(panel, h('div', { class: 'form-error', role: 'alert', text: message(err) }));
    return;
  }
  const others = cards.filter((c) => c.interview_id !== own.interview_id);
  replace(panel, h('h2', { text: `The panel's scorecards for ${own.candidate}` }),
    others.length === 0 ? h('p', { class: 'muted', text: 'No other panelist has submitted yet.' }) : null,
    others.map((c) => h('article', { class: 'card hs-other', 'data-interview': c.interview_id },
      h('header', { class: 'card-head' }, h('h3', { text: `${c.interviewer} — ${c.exercise}` }), recommendationPill(c.recommendation)),
      h('table', { class: 'mini hs-other-table' },
        h('tbody', {}, c.dimensions.map((d) => h('tr', {},
          h('th', { text: d.name }), h('td', { class: 'num', text: d.score === null ? '—' : String(d.score) }), h('td', { class: 'hs-evidence', text: d.evidence }))))),
      c.strong_signals ? h('p', { class: 'hp-small', text: `Strong signals: ${c.strong_signals}` }) : null,
      c.red_flags ? h('p', { class: 'hp-small', text: `Red flags: ${c.red_flags}` }) : null)),
    h('p', {}, h('a', { href: `#/hiring/debrief/${own.candidate_id}`, text: 'Open the debrief matrix →' })));
}
