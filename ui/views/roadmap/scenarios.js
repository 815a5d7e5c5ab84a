// @ts-check
/**
 * What-if scenarios: a named copy of the plan to change (move or resize initiatives, add or
 * remove planned seats, shift dates), compared side by side with the plan per team and quarter,
 * then promoted to the plan or discarded. Nothing here writes the plan until "Promote".
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { focusKey, h, refocus, replace } from '../../components/dom.js';
import { viewHead } from '../../components/view_head.js';
import { confirmDialog } from '../../components/dialog.js';
import { ctx } from '../../context.js';
import { baseQuarter, fail, message, needsQuarter, pw, quartersFrom } from './common.js';

/** @typedef {import('../../api.js').ScenarioView} ScenarioView */
/** @typedef {import('../../api.js').Comparison} Comparison */

/** @type {import('../../components/registry.js').Page} */
export default { id: 'scenarios', tab: 'Scenarios', render: renderScenarios };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route `id` opens that scenario
 */
async function renderScenarios(root, route) {
  const { area } = route;
  const from = baseQuarter();
  if (!from) {
    replace(root, viewHead(area, 'scenarios'), needsQuarter('scenarios'));
    return { focusFilter: () => {} };
  }
  const quarters = quartersFrom(from, 2);
  const [scenarios, teamList] = await Promise.all([api.roadmapScenarios(), api.recordList('team')]);
  const teams = /** @type {import('../../api.js').Team[]} */ (teamList).slice().sort((a, b) => fmt.collator.compare(a.name, b.name));
  const teamName = (/** @type {number} */ id) => teams.find((t) => t.id === id)?.name ?? `#${id}`;
  const selectedId = route.id ? Number(route.id) : scenarios[0]?.id ?? null;

  const nameInput = h('input', { type: 'text', id: 'scenario-name', placeholder: 'e.g. Hire two in Q3', 'aria-label': 'New scenario name' });
  const createError = h('div', { class: 'field-error', role: 'alert', 'data-error-for': 'name' });
  const createForm = h('form', { class: 'sc-create', novalidate: true },
    h('label', { for: 'scenario-name', class: 'eyebrow', text: 'New scenario' }), nameInput, createError,
    h('button', { type: 'submit', class: 'button', 'data-action': 'create-scenario', text: 'Copy the plan' }));
  createForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    createError.textContent = '';
    try {
      const created = await api.scenarioCreate(nameInput.value, '');
      ctx.notify(`Created scenario ${created.name}`);
      ctx.navigate(`#/roadmap/scenarios/${created.id}`);
    } catch (err) {
      createError.textContent = message(err);
    }
  });

  const list = h('nav', { class: 'sc-list', 'aria-label': 'Scenarios' },
    scenarios.length
      ? scenarios.map((s) => h('a', {
        href: `#/roadmap/scenarios/${s.id}`, class: `sc-item${s.id === selectedId ? ' current' : ''}`,
        'aria-current': s.id === selectedId ? 'page' : null, 'data-scenario': s.id, text: s.name,
      }))
      : h('p', { class: 'muted sc-none', text: 'No scenarios yet.' }),
    createForm);
  const detail = h('div', { class: 'sc-detail', 'data-testid': 'scenario-detail' });
  replace(root,
    viewHead(area, 'scenarios', h('span', { class: 'scope', text: `${quarters[0]} → ${quarters[quarters.length - 1]}` })),
    h('div', { class: 'view-body' }, list, detail),
    h('footer', { class: 'view-foot', text: `${fmt.plural(scenarios.length, 'scenario')} · scenarios never change the plan until promoted` }));

  if (selectedId === null) {
    replace(detail, h('div', { class: 'empty' },
      h('p', { text: 'A scenario is a copy of the plan to try things on: move or resize initiatives, add or remove planned positions, shift start dates, and compare capacity, demand, balance and cost with the plan before promoting it.' }),
      h('p', { text: 'Name one on the left to start.' })));
    return { focusFilter: () => nameInput.focus() };
  }
  await drawDetail(selectedId);
  return { focusFilter: () => nameInput.focus() };

  /** @param {number} id */
  async function drawDetail(id) {
    const scroll = detail.scrollTop;
    const keep = focusKey(detail);
    /** @type {[ScenarioView, Comparison]} */
    let loaded;
    try {
      loaded = await Promise.all([api.scenarioView(id), api.scenarioCompare(id, quarters)]);
    } catch (err) {
      replace(detail, h('div', { class: 'problem', role: 'alert' }, h('p', { text: message(err) })));
      return;
    }
    const [view, comparison] = loaded;
    const refresh = () => drawDetail(id);
    replace(detail,
      h('div', { class: 'sc-head' },
        h('div', {}, h('div', { class: 'eyebrow', text: 'Scenario' }), h('h2', { class: 'sc-name', text: view.scenario.name })),
        h('div', { class: 'grow' }),
        h('button', { type: 'button', class: 'button primary', 'data-action': 'promote', text: 'Promote to plan…', onclick: () => promote(view) }),
        h('button', { type: 'button', class: 'button danger-quiet', 'data-action': 'discard', text: 'Discard…', onclick: () => discard(view) })),
      comparison.warnings.length ? h('div', { class: 'sc-warnings', role: 'note' },
        comparison.warnings.map((w) => h('div', { class: 'board-warning' }, h('span', { 'aria-hidden': 'true', text: '⚠ ' }), w.message))) : null,
      comparisonTable(comparison),
      initiativesCard(view, refresh),
      seatsCard(view, refresh));
    detail.scrollTop = scroll;
    refocus(detail, keep);
  }

  /** @param {Comparison} comparison */
  function comparisonTable(comparison) {
    /** @param {number} a @param {number} b */
    const pair = (a, b, money = false, balance = false) => {
      const show = (/** @type {number} */ v) => (money ? fmt.money(v, comparison.currency, { whole: true }) : pw(v));
      return [
        h('td', { class: `num sc-plan${balance && a < 0 ? ' bad' : ''}`, text: show(a) }),
        h('td', { class: `num sc-scen${a !== b ? ' sc-diff' : ''}${balance && b < 0 ? ' bad' : ''}`, text: show(b) }),
      ];
    };
    const body = quarters.flatMap((quarter) => [
      h('tr', { class: 'hcp-group' }, h('th', { colspan: 9, scope: 'rowgroup', text: quarter })),
      ...comparison.rows.filter((r) => r.quarter === quarter).map((r) => h('tr', { 'data-team': r.team_id, 'data-quarter': r.quarter },
        h('td', { text: r.team }),
        pair(r.plan.capacity_pw, r.scenario.capacity_pw),
        pair(r.plan.demand_pw, r.scenario.demand_pw),
        pair(r.plan.balance_pw, r.scenario.balance_pw, false, true),
        pair(r.plan.cost_minor, r.scenario.cost_minor, true))),
    ]);
    return h('section', { class: 'card' },
      h('header', { class: 'card-head' }, h('h2', { text: 'Plan and scenario side by side' }),
        h('span', { class: 'muted sc-legend', text: 'Changed figures are marked ●' })),
      h('div', { class: 'sc-scroll' }, h('table', { class: 'mini sc-compare', 'data-testid': 'scenario-compare' },
        h('thead', {},
          h('tr', {}, h('th', { rowspan: 2, text: 'Team' }), h('th', { colspan: 2, class: 'sc-span', text: 'Capacity (pw)' }),
            h('th', { colspan: 2, class: 'sc-span', text: 'Demand (pw)' }), h('th', { colspan: 2, class: 'sc-span', text: 'Balance (pw)' }),
            h('th', { colspan: 2, class: 'sc-span', text: `Loaded cost (${comparison.currency})` })),
          h('tr', {}, [0, 1, 2, 3].flatMap(() => [h('th', { class: 'num', text: 'Plan' }), h('th', { class: 'num', text: 'Scenario' })]))),
        h('tbody', {}, body))));
  }

  /**
   * The initiatives of the shown quarters (and any the scenario moved elsewhere), editable.
   * @param {ScenarioView} view @param {() => void} refresh
   */
  function initiativesCard(view, refresh) {
    const all = ctx.session?.quarters ?? quarters;
    const items = view.initiatives
      .filter((i) => quarters.includes(i.initiative.quarter) || i.changed)
      .sort((a, b) => fmt.collator.compare(a.initiative.quarter, b.initiative.quarter) || a.initiative.rank - b.initiative.rank);
    const rows = items.map(({ initiative: i, changed }) => {
      const team = h('select', { 'aria-label': `Team of ${i.title}`, 'data-field': 'team' },
        teams.map((t) => h('option', { value: t.id, selected: t.id === i.team_id, text: t.name })));
      const quarter = h('select', { 'aria-label': `Quarter of ${i.title}`, 'data-field': 'quarter' },
        [...new Set([...all, i.quarter])].map((q) => h('option', { value: q, selected: q === i.quarter, text: q })));
      const effort = h('input', { type: 'number', min: 0, step: 0.5, value: i.effort_pw, class: 'sc-effort', 'aria-label': `Effort of ${i.title}, person-weeks`, 'data-field': 'effort' });
      const onMove = async () => {
        try {
          await api.scenarioMove(view.scenario.id, i.id, Number(team.value), quarter.value);
          refresh();
        } catch (err) { fail(err); }
      };
      team.addEventListener('change', onMove);
      quarter.addEventListener('change', onMove);
      const onResize = async () => {
        const text = effort.value.trim();
        if (text === '') return; // still typing; Enter or leaving the field with a number saves
        if (Number(text) === i.effort_pw) return;
        if (!Number.isFinite(Number(text))) {
          effort.setAttribute('aria-invalid', 'true');
          fail(new Error(`Effort of ${i.title} must be a number of person-weeks`));
          return;
        }
        try {
          await api.scenarioResize(view.scenario.id, i.id, Number(text));
          refresh();
        } catch (err) { effort.setAttribute('aria-invalid', 'true'); fail(err); }
      };
      effort.addEventListener('change', onResize);
      effort.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); onResize(); } });
      return h('tr', { 'data-initiative': i.id, class: changed ? 'sc-changed' : '' },
        h('td', { title: i.title }, changed ? h('span', { class: 'sc-dot', title: 'Changed in this scenario', text: '● ' }) : null, i.title),
        h('td', {}, team), h('td', {}, quarter), h('td', { class: 'num' }, effort));
    });
    return h('section', { class: 'card' },
      h('header', { class: 'card-head' }, h('h2', { text: 'Initiatives: move or resize' }),
        h('span', { class: 'muted', text: `${fmt.plural(view.initiatives.filter((i) => i.changed).length, 'change')}` })),
      h('div', { class: 'sc-scroll' }, h('table', { class: 'mini sc-edit sc-inits', 'data-testid': 'scenario-initiatives' },
        h('thead', {}, h('tr', {}, h('th', { text: 'Initiative' }), h('th', { text: 'Team' }), h('th', { text: 'Quarter' }), h('th', { class: 'num', text: 'Effort (pw)' }))),
        h('tbody', {}, rows))));
  }

  /**
   * Seats: shift dates, remove planned or open ones, add planned ones.
   * @param {ScenarioView} view @param {() => void} refresh
   */
  function seatsCard(view, refresh) {
    const showAll = h('input', { type: 'checkbox', id: 'sc-all-seats' });
    const tbody = h('tbody');
    const draw = () => {
      const seats = view.seats
        .filter((s) => showAll.checked || s.changed || s.seat.status === 'planned' || s.seat.status === 'open')
        .sort((a, b) => fmt.collator.compare(teamName(a.seat.team_id), teamName(b.seat.team_id)));
      replace(tbody, seats.map((s) => seatRow(view, s, refresh)));
    };
    showAll.addEventListener('change', draw);
    draw();
    return h('section', { class: 'card' },
      h('header', { class: 'card-head' }, h('h2', { text: 'Positions: add, remove, shift dates' }),
        h('label', { class: 'check', for: 'sc-all-seats' }, showAll, 'Show filled positions too')),
      h('div', { class: 'sc-scroll' }, h('table', { class: 'mini sc-edit', 'data-testid': 'scenario-seats' },
        h('thead', {}, h('tr', {}, h('th', { text: 'Team' }), h('th', { text: 'Role' }), h('th', { text: 'Status' }),
          h('th', { text: 'Start' }), h('th', { text: 'End' }), h('th', { text: '' }))),
        tbody)),
      view.removed.length ? h('p', { class: 'note' }, `Removed in this scenario: ${view.removed.map((p) => `${p.role} (${teamName(p.team_id)})`).join('; ')}`) : null,
      addSeatForm(view, refresh));
  }

  /**
   * @param {ScenarioView} view @param {import('../../api.js').ScenarioSeat} s @param {() => void} refresh
   */
  function seatRow(view, s, refresh) {
    const p = s.seat;
    const label = `${p.role}${p.person ? ` (${p.person})` : ''}`;
    const start = h('input', { type: 'date', value: p.start_date ?? '', 'aria-label': `Start date of ${label}` });
    const end = h('input', { type: 'date', value: p.end_date ?? '', 'aria-label': `End date of ${label}` });
    const onDates = async () => {
      try {
        await api.scenarioSeatDates(view.scenario.id, s.seat_ref, start.value || null, end.value || null);
        refresh();
      } catch (err) { fail(err); }
    };
    start.addEventListener('change', onDates);
    end.addEventListener('change', onDates);
    const removable = s.seat_ref.kind === 'added' || p.status === 'planned' || p.status === 'open';
    return h('tr', { class: s.changed ? 'sc-changed' : '', 'data-seat': s.seat_ref.kind === 'plan' ? `plan-${s.seat_ref.position_id}` : `added-${s.seat_ref.seat_id}` },
      h('td', { text: teamName(p.team_id) }),
      h('td', { title: label }, s.changed ? h('span', { class: 'sc-dot', title: s.seat_ref.kind === 'added' ? 'Added in this scenario' : 'Changed in this scenario', text: '● ' }) : null, label),
      h('td', { text: fmt.words(p.status) }),
      h('td', {}, start), h('td', {}, end),
      h('td', {}, removable ? h('button', {
        type: 'button', class: 'button danger-quiet sc-small', text: 'Remove', 'aria-label': `Remove ${label} from the scenario`,
        onclick: async () => {
          try {
            await api.scenarioRemoveSeat(view.scenario.id, s.seat_ref);
            refresh();
          } catch (err) { fail(err); }
        },
      }) : null));
  }

  /** @param {ScenarioView} view @param {() => void} refresh */
  function addSeatForm(view, refresh) {
    const currency = ctx.session?.settings?.currency ?? 'USD';
    const team = h('select', { id: 'sc-seat-team' }, teams.map((t) => h('option', { value: t.id, text: t.name })));
    const role = h('input', { type: 'text', id: 'sc-seat-role', value: 'ML Engineer' });
    const level = h('input', { type: 'text', id: 'sc-seat-level', value: 'L5' });
    const start = h('input', { type: 'date', id: 'sc-seat-start' });
    const cost = h('input', { type: 'text', id: 'sc-seat-cost', inputmode: 'decimal', placeholder: '0.00' });
    const ramp = h('input', { type: 'number', id: 'sc-seat-ramp', min: 0, step: 1, value: 3 });
    const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
    /** @param {string} id @param {string} text @param {HTMLElement} input */
    const field = (id, text, input) => h('div', { class: 'field' }, h('label', { for: id, text }), input);
    const form = h('form', { class: 'sc-seat-form', novalidate: true },
      field('sc-seat-team', 'Team', team), field('sc-seat-role', 'Role', role), field('sc-seat-level', 'Level', level),
      field('sc-seat-start', 'Expected start', start),
      field('sc-seat-cost', `Loaded cost a year (${currency})`, cost), field('sc-seat-ramp', 'Ramp-up months', ramp),
      h('div', { class: 'field sc-seat-submit' }, h('button', { type: 'submit', class: 'button', 'data-action': 'add-seat', text: 'Add planned position' })),
      error);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      try {
        const minor = cost.value.trim() ? await api.parseAmount(cost.value, currency, 'loaded_cost_minor') : 0;
        await api.scenarioAddSeat(view.scenario.id, {
          team_id: Number(team.value), role: role.value, level: level.value, status: 'planned', person: '',
          start_date: start.value || null, end_date: null, allocation_percent: 100, loaded_cost_minor: minor,
          currency, ramp_months: Number(ramp.value),
        });
        ctx.notify(`Added a planned ${role.value} to ${teamName(Number(team.value))} in ${view.scenario.name}`);
        refresh();
      } catch (err) {
        error.hidden = false;
        error.textContent = message(err);
      }
    });
    return form;
  }

  /** @param {ScenarioView} view */
  async function promote(view) {
    const moved = view.initiatives.filter((i) => i.changed).length;
    const seats = view.seats.filter((s) => s.changed).length;
    const ok = await confirmDialog({
      title: `Promote ${view.scenario.name} to the plan?`,
      lines: [
        `The plan takes this scenario's changes: ${fmt.plural(moved, 'initiative')} moved or resized, ${fmt.plural(seats, 'position')} added or with new dates, ${fmt.plural(view.removed.length, 'position')} removed.`,
        'The scenario is then deleted. Every change is recorded in the audit log.',
      ],
      confirm: 'Promote to plan',
    });
    if (!ok) return;
    try {
      const done = await api.scenarioPromote(view.scenario.id);
      ctx.notify(`Promoted ${view.scenario.name}: ${fmt.plural(done.initiatives_changed, 'initiative')} and ${fmt.plural(done.seats_added + done.seats_changed + done.seats_removed, 'position')} changed`);
      ctx.refreshCounts();
      ctx.navigate('#/roadmap/scenarios');
    } catch (err) {
      fail(err);
    }
  }

  /** @param {ScenarioView} view */
  async function discard(view) {
    const ok = await confirmDialog({
      title: `Discard scenario ${view.scenario.name}?`,
      lines: ['Its changes are dropped; the plan is not touched.'],
      confirm: 'Discard scenario',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.scenarioDiscard(view.scenario.id);
      ctx.notify(`Discarded ${view.scenario.name}`);
      ctx.navigate('#/roadmap/scenarios');
    } catch (err) {
      fail(err);
    }
  }
}
