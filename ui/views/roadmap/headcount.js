// @ts-check
/**
 * The headcount plan for finance: per team and quarter, filled, open and planned heads, the
 * loaded cost prorated by start and end dates, and attrition and backfills (`core::headcount`).
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { h, replace } from '../../components/dom.js';
import { viewHead } from '../../components/view_head.js';
import { baseQuarter, cols, needsQuarter, quartersFrom } from './common.js';

/** @type {import('../../components/registry.js').Page} */
export default { id: 'headcount', tab: 'Headcount plan', render: renderHeadcount };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route
 */
async function renderHeadcount(root, { area }) {
  const from = baseQuarter();
  if (!from) {
    replace(root, viewHead(area, 'headcount'), needsQuarter('the headcount plan'));
    return { focusFilter: () => {} };
  }
  const quarters = quartersFrom(from, 4);
  const report = await api.roadmapHeadcount(quarters);
  const rows = report.rows;
  const currency = report.totals[0]?.currency ?? fmt.reportingCurrency();
  const body = quarters.flatMap((quarter) => {
    const inQuarter = rows.filter((r) => r.quarter === quarter);
    return [
      h('tr', { class: 'hcp-group' }, h('th', { colspan: 10, scope: 'rowgroup', text: quarter })),
      ...inQuarter.map((r) => h('tr', { 'data-team': r.team_id, 'data-quarter': r.quarter },
        h('td', { text: r.team }),
        h('td', { class: 'num hcp-filled', text: fmt.integer(r.filled) }),
        h('td', { class: 'num hcp-open', text: fmt.integer(r.open) }),
        h('td', { class: 'num hcp-planned', text: fmt.integer(r.planned) }),
        h('td', { class: 'num muted', text: fmt.integer(r.unscheduled) }),
        h('td', { class: 'num', text: fmt.integer(r.joiners) }),
        h('td', { class: 'num', text: fmt.integer(r.backfills) }),
        h('td', { class: `num${r.attrition ? ' bad' : ''}`, text: fmt.integer(r.attrition) }),
        h('td', { class: 'hcp-leavers', title: r.leavers.join(', '), text: r.leavers.join(', ') }),
        h('td', { class: 'num hcp-cost', text: fmt.money(r.cost_minor, r.currency, { whole: true }) },
          r.other_currency_seats ? h('span', { class: 'muted', title: 'Seats costed in another currency are left out (no exchange rates offline)', text: ` +${r.other_currency_seats} other currency` }) : null))),
      ...report.totals.filter((t) => t.quarter === quarter).map((t) => h('tr', { class: 'hcp-total', 'data-quarter': t.quarter, 'data-team': 'total' },
        h('th', { scope: 'row', text: `Total ${t.quarter}` }),
        h('td', { class: 'num hcp-filled', text: fmt.integer(t.filled) }),
        h('td', { class: 'num hcp-open', text: fmt.integer(t.open) }),
        h('td', { class: 'num hcp-planned', text: fmt.integer(t.planned) }),
        h('td', { class: 'num', text: fmt.integer(t.unscheduled) }),
        h('td', { class: 'num', text: fmt.integer(t.joiners) }),
        h('td', { class: 'num', text: fmt.integer(t.backfills) }),
        h('td', { class: 'num', text: fmt.integer(t.attrition) }),
        h('td'),
        h('td', { class: 'num hcp-cost', text: fmt.money(t.cost_minor, t.currency, { whole: true }) }))),
    ];
  });
  replace(root,
    viewHead(area, 'headcount', h('span', { class: 'scope', text: `${quarters[0]} → ${quarters[quarters.length - 1]}` })),
    h('div', { class: 'hcp-body' }, !rows.length
      ? h('div', { class: 'empty' }, h('p', { text: 'No teams yet. The headcount plan counts each team\'s filled, open and planned positions per quarter.' }),
        h('a', { class: 'button', href: '#/org/team/new', text: 'New team' }))
      : h('table', { class: 'mini hcp-table', 'data-testid': 'headcount-table' },
        cols([180, 64, 64, 76, 76, 68, 80, 80, 0, 150]),
        h('thead', {}, h('tr', {},
          h('th', { text: 'Team' }), h('th', { class: 'num', text: 'Filled' }), h('th', { class: 'num', text: 'Open' }),
          h('th', { class: 'num', text: 'Planned' }),
          h('th', { class: 'num', title: 'Open and planned positions without an expected start date: counted, costing nothing yet', text: 'Undated' }),
          h('th', { class: 'num', text: 'Joiners' }), h('th', { class: 'num', text: 'Backfills' }),
          h('th', { class: 'num', text: 'Attrition' }), h('th', { text: 'Leavers' }), h('th', { class: 'num', text: `Loaded cost (${currency})` }))),
        h('tbody', {}, body)),
      h('p', { class: 'note', text: 'Heads are counted on the last day of each quarter; a seat whose end date falls in the quarter is attrition there. Cost is each seat\'s loaded annual cost for the days it is on the team.' })),
    h('footer', { class: 'view-foot', text: `${fmt.plural(new Set(rows.map((r) => r.team_id)).size, 'team')} × ${quarters.length} quarters` }));
  return { focusFilter: () => {} };
}
