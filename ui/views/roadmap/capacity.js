// @ts-check
/**
 * Capacity of the chosen quarter per team (the same figures as `quartermaster capacity`), with
 * the per-team KTLO and leave allowances and the organisation's ramp-up curve editable in place.
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { h, replace } from '../../components/dom.js';
import { viewHead } from '../../components/view_head.js';
import { ctx } from '../../context.js';
import { baseQuarter, fail, message, needsQuarter, pw } from './common.js';

/** @type {import('../../components/registry.js').Page} */
export default { id: 'capacity', tab: 'Capacity', render: renderCapacity };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route
 */
async function renderCapacity(root, { area }) {
  const quarter = baseQuarter();
  if (!quarter) {
    replace(root, viewHead(area, 'capacity'), needsQuarter('capacity'));
    return { focusFilter: () => {} };
  }
  const [report, teams, ramp] = await Promise.all([
    api.roadmapCapacity(quarter), api.recordList('team'), api.capacityRampGet(),
  ]);
  const teamById = new Map(teams.map((t) => [t.id, /** @type {import('../../api.js').Team} */ (t)]));
  const reload = () => ctx.navigate('#/roadmap/capacity');

  /**
   * An allowance input that saves the team when changed.
   * @param {import('../../api.js').Team} team @param {'ktlo_percent' | 'leave_percent'} key @param {string} label
   */
  const allowance = (team, key, label) => {
    const error = h('span', { class: 'field-error', role: 'alert', 'data-error-for': `${key}-${team.id}` });
    const input = h('input', {
      type: 'number', class: 'cap-input', min: 0, max: 100, step: 1, value: team[key],
      'aria-label': `${label} of ${team.name}, percent`, 'data-team': team.id, 'data-key': key,
    });
    const save = async () => {
      if (Number(input.value) === team[key]) return;
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      try {
        const value = input.value.trim() === '' ? NaN : Number(input.value);
        if (!Number.isInteger(value)) throw new api.ApiError({ kind: 'invalid', field: key, message: `${label} must be a whole percentage` });
        await api.recordSave('team', { ...team, [key]: value });
        ctx.notify(`Saved the ${label.replace(/^Leave/, 'leave')} of ${team.name}`);
        reload();
      } catch (err) {
        input.setAttribute('aria-invalid', 'true');
        error.textContent = message(err);
      }
    };
    input.addEventListener('change', save);
    input.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); save(); } });
    return h('div', { class: 'cap-allowance' }, h('span', { class: 'affix' }, input, h('span', { class: 'suffix', text: '%' })), error);
  };

  const rows = report.teams.map((t) => {
    const team = teamById.get(t.team_id);
    return h('tr', { 'data-team': t.team_id, class: t.over_allocated ? 'cap-over' : '' },
      h('td', {}, h('a', { href: `#/org/team/${t.team_id}`, text: t.team })),
      h('td', { class: 'num', text: pw(t.available_pw) }),
      h('td', {}, team ? allowance(team, 'ktlo_percent', 'KTLO allowance') : null),
      h('td', {}, team ? allowance(team, 'leave_percent', 'Leave allowance') : null),
      h('td', { class: 'num', text: pw(t.allowance_pw) }),
      h('td', { class: 'num cap-capacity', text: pw(t.capacity_pw) }),
      h('td', { class: 'num cap-demand', text: pw(t.demand_pw) }),
      h('td', { class: `num cap-balance${t.over_allocated ? ' bad' : ''}`, text: pw(t.balance_pw) }),
      h('td', {}, t.over_allocated
        ? h('span', { class: 'pill bad', text: `Over by ${pw(t.gap_pw)}` })
        : h('span', { class: 'pill good', text: 'Fits' })));
  });
  const total = report.total;
  const table = h('table', { class: 'cap-table', 'data-testid': 'capacity-table' },
    h('thead', {}, h('tr', {},
      h('th', { text: 'Team' }), h('th', { class: 'num', text: 'Available' }), h('th', { text: 'KTLO' }),
      h('th', { text: 'Leave' }), h('th', { class: 'num', text: 'Allowance' }), h('th', { class: 'num', text: 'Capacity' }),
      h('th', { class: 'num', text: 'Demand' }), h('th', { class: 'num', text: 'Balance' }), h('th', { text: 'Status' }))),
    h('tbody', {}, rows),
    h('tfoot', {}, h('tr', { 'data-team': 'total' },
      h('th', { text: 'Total' }), h('td'), h('td'), h('td'), h('td'),
      h('td', { class: 'num cap-capacity', text: pw(total.capacity_pw) }),
      h('td', { class: 'num cap-demand', text: pw(total.demand_pw) }),
      h('td', { class: `num cap-balance${total.balance_pw < 0 ? ' bad' : ''}`, text: pw(total.balance_pw) }),
      h('td', {}, total.gap_pw > 0 ? h('span', { class: 'pill bad', title: 'The over-allocated teams\' gaps added up', text: `Teams over by ${pw(total.gap_pw)}` }) : null))));

  replace(root,
    viewHead(area, 'capacity', h('span', { class: 'scope', text: quarter })),
    h('div', { class: 'cap-body' },
      h('section', { class: 'card' },
        h('header', { class: 'card-head' }, h('h2', { text: `Capacity against demand, ${quarter} (person-weeks)` })),
        report.teams.length ? h('div', { class: 'cap-scroll' }, table)
          : h('div', { class: 'empty' }, h('p', { text: 'No teams yet. Capacity is counted per team from its positions.' }),
            h('a', { class: 'button', href: '#/org/team/new', text: 'New team' })),
        h('p', { class: 'note', text: 'Person-weeks from the positions (filled ones, open and planned ones from their expected start), net of ramp-up, part-time allocation and leavers; the KTLO and leave allowances are kept back. Demand is the effort of the initiatives planned here, cancelled ones excluded.' })),
      rampCard(ramp)),
    h('footer', { class: 'view-foot', text: `${fmt.plural(report.teams.length, 'team')} · ${fmt.plural(report.teams.filter((t) => t.over_allocated).length, 'team')} over-allocated` }));
  return { focusFilter: () => {} };
}

/**
 * The ramp-up curve: linear from 0 % to 100 %, or a flat percentage, over each position's ramp months.
 * @param {import('../../api.js').RampCurve} ramp
 */
function rampCard(ramp) {
  const linear = h('input', { type: 'radio', name: 'ramp', id: 'ramp-linear', value: 'linear', checked: ramp.curve === 'linear' });
  const step = h('input', { type: 'radio', name: 'ramp', id: 'ramp-step', value: 'step', checked: ramp.curve === 'step' });
  const percent = h('input', {
    type: 'number', id: 'ramp-percent', class: 'cap-input', min: 0, max: 100, step: 1,
    value: ramp.curve === 'step' ? ramp.percent : 50, 'aria-label': 'Productivity during ramp-up, percent',
  });
  const error = h('div', { class: 'field-error', role: 'alert', 'data-error-for': 'percent' });
  const save = h('button', { type: 'submit', class: 'button primary', 'data-action': 'save-ramp', text: 'Save ramp-up' });
  const form = h('form', { class: 'cap-ramp', novalidate: true },
    h('label', { class: 'check', for: 'ramp-linear' }, linear, 'Linear: from 0 % on the start date rising evenly to 100 % (half the ramp period is lost)'),
    h('label', { class: 'check', for: 'ramp-step' }, step, 'Flat: ',
      h('span', { class: 'affix' }, percent, h('span', { class: 'suffix', text: '%' })), ' productive for the whole ramp period'),
    error,
    h('div', { class: 'actions' }, save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    save.disabled = true;
    try {
      /** @type {import('../../api.js').RampCurve} */
      const curve = step.checked ? { curve: 'step', percent: Number(percent.value) } : { curve: 'linear' };
      await api.capacityRampSet(curve);
      ctx.notify('Saved the ramp-up curve');
      ctx.navigate('#/roadmap/capacity');
    } catch (err) {
      error.textContent = message(err);
      if (!(err instanceof api.ApiError)) fail(err);
    } finally {
      save.disabled = false;
    }
  });
  return h('section', { class: 'card cap-ramp-card' },
    h('header', { class: 'card-head' }, h('h2', { text: 'Ramp-up of new hires' }),
      h('a', { href: '#/org/position', class: 'card-link', text: 'Ramp months per position' })),
    form);
}
