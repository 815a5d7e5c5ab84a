// @ts-check
/**
 * Hiring › Debrief. The debrief of a candidate is the dimensions × interviewers matrix with
 * mean, spread and the disagreement flag, the recommendations and the decision, as
 * `core::debrief::debrief` computes it for the viewer (refused while the viewer's own card is
 * unsubmitted).
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { h, replace } from '../../components/dom.js';
import { ctx } from '../../context.js';
import {
  recommendationPill, stagePill, alertBox, field, today, routePicker, rerender, invalid, onSubmit, notifySaved, readerPage,
} from './common.js';

/** @typedef {import('../../api.js').Debrief} Debrief */

/** @type {import('../../components/registry.js').Page} */
export default { id: 'debrief', tab: 'Debrief', render: renderDebrief };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route
 */
async function renderDebrief(root, route) {
  const { area } = route;
  const [panelists, pipeline] = await Promise.all([api.hiringPanelists(), api.hiringPipeline()]);
  const interviewed = pipeline.requisitions.flatMap((r) => r.candidates.filter((c) => c.interviews > 0 && !c.erased).map((c) => ({ c, r })));
  const candidateId = route.id ? Number(route.id) : interviewed.find(({ c }) => !['hired', 'rejected', 'withdrawn'].includes(c.stage))?.c.id ?? interviewed[0]?.c.id;
  const picker = h('select', { id: 'hd-candidate', 'aria-label': 'Candidate', 'data-testid': 'debrief-candidate' },
    pipeline.requisitions.map((r) => {
      const people = interviewed.filter((x) => x.r.id === r.id);
      return people.length ? h('optgroup', { label: r.title }, people.map(({ c }) => h('option', { value: c.id, text: `${c.name} · ${fmt.words(c.stage)}` }))) : null;
    }));
  return readerPage(root, area, {
    page: 'debrief', label: 'Candidate', picker: routePicker(picker, 'debrief', candidateId), panelists, id: candidateId,
    none: 'No candidate has had interviews yet. Book a loop from a requisition first.',
    pick: 'Pick who you are (top right): panelists see the debrief once their own scorecard is submitted.',
    fill: async (body, viewer, id) => drawDebrief(body, viewer, await api.hiringDebrief(viewer, id)),
  });
}

/** A figure of the debrief's head. @param {string} value @param {string} label @param {string} [testid] */
function figure(value, label, testid) {
  return h('div', { class: 'figure', 'data-testid': testid }, h('span', { class: 'figure-value', text: value }), h('span', { class: 'figure-label', text: label }));
}

/**
 * @param {HTMLElement} body
 * @param {string} viewer
 * @param {Debrief} d
 */
function drawDebrief(body, viewer, d) {
  const t = d.tally;
  const matrix = h('div', { class: 'hd-matrix-wrap' }, h('table', { class: 'hd-matrix', 'data-testid': 'matrix' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'Dimension' }),
      d.columns.map((c) => h('th', { scope: 'col', class: 'num', title: c.exercise }, h('div', { text: c.interviewer }), h('div', { class: 'hd-ex', text: c.exercise.split(':')[0] }))),
      h('th', { scope: 'col', class: 'num', text: 'Mean' }),
      h('th', { scope: 'col', class: 'num', text: 'Spread' }),
      h('th', { scope: 'col', text: 'Panel' }))),
    h('tbody', {}, d.rows.map((row) => h('tr', { class: row.disagreement ? 'flagged' : '', 'data-dimension': row.dimension_id },
      h('th', { scope: 'row', text: row.dimension }),
      row.ratings.map((score, i) => h('td', { class: `num hd-score s${score ?? 0}`, title: row.evidence[i] || '', text: score === null ? '·' : String(score) })),
      h('td', { class: 'num', text: row.mean === null ? '' : fmt.oneDp(row.mean) }),
      h('td', { class: 'num', text: row.spread === null ? '' : fmt.integer(row.spread) }),
      h('td', {}, row.disagreement
        ? h('span', { class: 'pill bad', 'data-flag': 'disagreement', text: '⚑ Differ by 2+' })
        : h('span', { class: 'muted hp-small', text: 'Aligned' }))))),
    h('tfoot', {}, h('tr', {}, h('th', { text: 'Overall (mean of dimension means)' }), d.columns.map(() => h('td')),
      h('td', { class: 'num', text: d.overall_mean === null ? '' : fmt.oneDp(d.overall_mean) }), h('td'), h('td')))));

  const alert = alertBox();
  const outcomeHire = h('input', { type: 'radio', name: 'outcome', value: 'hire', checked: d.decision?.outcome === 'hire' });
  const outcomeNo = h('input', { type: 'radio', name: 'outcome', value: 'no_hire', checked: d.decision?.outcome === 'no_hire' });
  const rationale = h('textarea', { rows: 3 });
  rationale.value = d.decision?.rationale ?? '';
  const decidedOn = h('input', { type: 'date', value: d.decision?.decided_on ?? today(ctx) });
  const decision = h('form', { class: 'card hr-form hd-decision', novalidate: true, 'aria-label': 'Decision' },
    h('header', { class: 'card-head' }, h('h2', { text: 'Decision' }),
      d.decision ? h('span', { class: `pill ${d.decision.outcome === 'hire' ? 'good' : 'muted'}`, 'data-testid': 'decision', text: `${d.decision.outcome === 'hire' ? 'Hire' : 'No hire'} · ${fmt.date(d.decision.decided_on)}` }) : h('span', { class: 'muted hp-small', text: 'Not decided' })),
    h('div', { class: 'hs-recs', role: 'radiogroup', 'aria-label': 'Outcome', 'data-field': 'outcome' },
      h('label', { class: 'hs-rec' }, outcomeHire, h('span', { text: 'Hire' })),
      h('label', { class: 'hs-rec' }, outcomeNo, h('span', { text: 'No hire' }))),
    h('div', { class: 'fields hr-fields' },
      field('Rationale', 'rationale', rationale, { wide: true }),
      field('Decided on', 'decided_on', decidedOn)),
    alert,
    h('div', { class: 'hs-actions' }, h('button', { type: 'submit', class: 'button primary', 'data-action': 'decide', text: d.decision ? 'Revise decision' : 'Record decision' })));
  onSubmit(decision, alert, async () => {
    const outcome = outcomeHire.checked ? 'hire' : outcomeNo.checked ? 'no_hire' : null;
    if (!outcome) throw invalid(undefined, 'Choose hire or no hire');
    await api.hiringDecide(d.candidate_id, outcome, rationale.value, decidedOn.value);
    ctx.notify(`Recorded ${outcome === 'hire' ? 'hire' : 'no hire'} for ${d.candidate}`);
    rerender();
  });

  const exportButton = h('button', {
    type: 'button', class: 'button', 'data-action': 'export-packet', text: 'Export debrief packet…',
    onclick: () => notifySaved('the debrief packet', () => api.hiringExportPacket(viewer, d.candidate_id, `Debrief ${d.candidate}.xlsx`)),
  });

  replace(body,
    h('header', { class: 'hd-head' },
      h('div', {}, h('div', { class: 'eyebrow', text: d.requisition }), h('h2', { class: 'hd-name', text: d.candidate })),
      stagePill(d.stage),
      h('div', { class: 'grow' }),
      h('a', { class: 'button hp-link-button', href: `#/hiring/calibration/${d.requisition_id}`, text: 'Calibrate requisition' }),
      exportButton),
    h('div', { class: 'figures hd-figures' },
      figure(d.overall_mean === null ? '—' : fmt.oneDp(d.overall_mean), 'Overall mean (1–5)'),
      figure(fmt.integer(d.disagreements), 'Dimensions to discuss', 'disagreements'),
      figure(`${t.strong_yes} · ${t.yes} · ${t.no} · ${t.strong_no}`, 'Strong yes · yes · no · strong no'),
      figure(fmt.integer(d.columns.length), 'Submitted scorecards')),
    d.pending.length ? h('p', { class: 'hs-blind hp-small', role: 'status', text: `Waiting for: ${d.pending.join(', ')}. Their cards are not in the matrix.` }) : null,
    d.columns.length ? matrix : h('p', { class: 'muted', text: 'No scorecard submitted yet.' }),
    h('div', { class: 'hd-lower' },
      h('section', { class: 'card hd-recs', 'aria-label': 'Recommendations' },
        h('header', { class: 'card-head' }, h('h2', { text: 'Recommendations' })),
        h('ul', { class: 'hd-rec-list' }, d.recommendations.map((r) => h('li', {},
          h('div', { class: 'hd-rec-top' }, h('strong', { text: r.interviewer }), recommendationPill(r.recommendation)),
          h('div', { class: 'muted hp-small', text: r.exercise.split(':')[0] }),
          r.strong_signals ? h('div', { class: 'hp-small', text: `+ ${r.strong_signals}` }) : null,
          r.red_flags ? h('div', { class: 'hp-small hd-flag', text: `− ${r.red_flags}` }) : null)))),
      decision));
}
