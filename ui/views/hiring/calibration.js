// @ts-check
/**
 * Hiring › Calibration: a requisition's candidates side by side, mean rating per dimension from
 * submitted scorecards, as `core::debrief::calibration` computes it for the viewer.
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { h, replace } from '../../components/dom.js';
import { requisitionPicker, routePicker, readerPage } from './common.js';

/** @type {import('../../components/registry.js').Page} */
export default { id: 'calibration', tab: 'Calibration', render: renderCalibration };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route
 */
async function renderCalibration(root, route) {
  const { area } = route;
  const [panelists, pipeline] = await Promise.all([api.hiringPanelists(), api.hiringPipeline()]);
  const withLoops = pipeline.requisitions.filter((r) => r.candidates.some((c) => c.interviews > 0));
  const requisitionId = route.id ? Number(route.id) : withLoops[0]?.id;
  return readerPage(root, area, {
    page: 'calibration', label: 'Requisition', panelists, id: requisitionId,
    picker: routePicker(requisitionPicker('hc-requisition', pipeline.requisitions), 'calibration', requisitionId),
    none: 'No requisition yet.',
    pick: 'Pick who you are (top right) to see the calibration.',
    fill: async (body, viewer, id) => {
      const cal = await api.hiringCalibration(viewer, id);
      replace(body,
        h('p', { class: 'muted', text: `${cal.requisition}: candidates with an interview loop, mean rating per dimension (1–5) from submitted scorecards.` }),
        cal.candidates.length === 0 ? h('p', { class: 'empty', text: 'No candidate of this requisition has been interviewed yet.' }) : calibrationTable(cal));
    },
  });
}

/**
 * Candidates as columns, dimensions as rows, so a requisition's candidates read side by side.
 * @param {import('../../api.js').Calibration} cal
 */
function calibrationTable(cal) {
  const people = cal.candidates;
  /** @param {string} label @param {(c: import('../../api.js').CalibrationRow) => Node | string} cell @param {string} [cls] */
  const row = (label, cell, cls = 'num') => h('tr', {}, h('th', { scope: 'row', text: label }),
    people.map((c) => {
      const value = c.blind && cls === 'num' ? '' : cell(c);
      return h('td', { class: cls }, value);
    }));
  return h('div', { class: 'hd-matrix-wrap' }, h('table', { class: 'hd-matrix hc-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'Dimension' }),
      people.map((c) => h('th', { scope: 'col', class: 'num', 'data-candidate': c.candidate_id },
        h('a', { href: `#/hiring/debrief/${c.candidate_id}`, text: c.candidate }),
        h('div', { class: 'hd-ex', text: fmt.words(c.stage) }))))),
    h('tbody', {},
      people.some((c) => c.blind) ? h('tr', {}, h('th', { scope: 'row', text: 'Blind rule' }), people.map((c) => h('td', { class: 'num muted hp-small', text: c.blind ? 'Submit your card first' : '' }))) : null,
      cal.dimensions.map(([, name], i) => h('tr', {}, h('th', { scope: 'row', text: name }),
        people.map((c) => {
          const m = c.blind ? null : c.means[i];
          return h('td', { class: `num hd-score s${m === null ? 0 : Math.round(m)}`, text: m === null ? '·' : fmt.oneDp(m) });
        })))),
    h('tfoot', {},
      row('Overall (mean of dimension means)', (c) => (c.overall_mean === null ? '' : fmt.oneDp(c.overall_mean))),
      row('Dimensions to discuss', (c) => fmt.integer(c.disagreements)),
      row('Strong yes · yes · no · strong no', (c) => `${c.tally.strong_yes} · ${c.tally.yes} · ${c.tally.no} · ${c.tally.strong_no}`),
      row('Scorecards submitted', (c) => `${c.submitted} of ${c.interviews}`, 'num plain'),
      row('Decision', (c) => (c.decision === 'hire' ? 'Hire' : c.decision === 'no_hire' ? 'No hire' : '—'), 'num plain'))));
}
