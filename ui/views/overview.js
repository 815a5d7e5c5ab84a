// @ts-check
/**
 * Overview: the headline figures computed in Rust (`core::overview::overview`), each linking
 * into the view it summarises, and a new organisation's getting-started checklist above them.
 * An area of one page and no kinds.
 */
import * as api from '../api.js';
import * as fmt from '../format.js';
import { h, replace } from '../components/dom.js';
import { viewHead } from '../components/view_head.js';
import { gettingStarted } from './overview/getting_started.js';

/** @type {import('../components/registry.js').Area} */
export const overview = {
  id: 'overview',
  title: 'Overview',
  pages: [{ id: 'overview', tab: 'Overview', render: renderOverview }],
  kinds: [],
};

/**
 * A card with a title that links to a view.
 * @param {string} title
 * @param {string} href
 * @param {string} linkText
 * @param {...(Node | null)} content
 */
function card(title, href, linkText, ...content) {
  return h('section', { class: 'card' },
    h('header', { class: 'card-head' }, h('h2', { text: title }), h('a', { href, class: 'card-link', text: linkText })),
    ...content);
}

/**
 * One big figure with its label.
 * @param {string} value
 * @param {string} label
 * @param {string} [href]
 */
function figure(value, label, href) {
  const inner = [h('span', { class: 'figure-value', text: value }), h('span', { class: 'figure-label', text: label })];
  return href ? h('a', { class: 'figure', href }, inner) : h('div', { class: 'figure' }, inner);
}

/**
 * Column widths of a small table, in percent.
 * @param {number[]} widths
 */
function cols(widths) {
  return h('colgroup', {}, widths.map((w) => {
    const col = h('col');
    col.style.width = `${w}%`;
    return col;
  }));
}

/** A period label: months as "Oct 2026", quarters as they are. @param {string} period */
const periodLabel = (period) => (/^\d{4}-\d{2}$/.test(period) ? fmt.month(period) : period);

/** A KPI figure in its unit, with up to two decimals, as on the KPIs page. @param {number} value @param {string} unit */
const kpiValue = (value, unit) => (unit === '%' ? `${fmt.number(value)}%` : fmt.number(value));

/** @param {import('../api.js').KpiAlert} alert */
function kpiTarget(alert) {
  if (alert.target === null) return '';
  return `${alert.direction === 'higher' ? '≥' : '≤'} ${kpiValue(alert.target, alert.unit)}`;
}

/** The unit as a reader says it (`currency` is the reporting currency). @param {string} unit */
const kpiUnit = (unit) => (unit === 'currency' ? fmt.reportingCurrency() : unit);

/** @type {Promise<import('../api.js').Overview> | null} */
let prefetched = null;

/** Starts loading the figures while the rest of the app boots (used by the first render only). */
export function prefetchOverview() {
  prefetched = api.overview();
  prefetched.catch(() => {});
}

/**
 * @param {HTMLElement} root
 * @param {import('../components/registry.js').PageRoute} route
 */
async function renderOverview(root, { area }) {
  const pending = prefetched;
  prefetched = null;
  const o = await (pending ?? api.overview()).catch(() => api.overview());
  const spend = o.spend;
  const bar = h('div', { class: 'meter', role: 'meter', 'aria-label': 'Share of the monthly budget spent', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(spend.used_percent ?? 0) });
  const fill = h('div', { class: `meter-fill ${(spend.used_percent ?? 0) > 100 ? 'bad' : (spend.used_percent ?? 0) > 90 ? 'warn' : 'good'}` });
  fill.style.width = `${Math.min(100, spend.used_percent ?? 0)}%`;
  bar.appendChild(fill);

  const spendLabel = spend.used_percent === null
    ? spend.budget_basis
    : `${fmt.percent(spend.used_percent)} of ${fmt.money(spend.budget_minor, spend.currency, { symbol: true, whole: true })} · ${spend.budget_basis}`;

  const committedTable = o.committed.length === 0
    ? h('p', { class: 'muted', text: `Nothing committed for ${o.quarter} yet.` })
    : h('table', { class: 'mini' }, cols([40, 19, 22, 19]),
      h('thead', {}, h('tr', {}, h('th', { text: 'Initiative' }), h('th', { text: 'Team' }), h('th', { text: 'Status' }), h('th', { class: 'num', text: 'Effort (pw)', title: 'person-weeks' }))),
      h('tbody', {}, o.committed.slice(0, 8).map((c) => h('tr', {},
        h('td', {}, h('a', { href: `#/roadmap/initiative/${c.id}`, text: c.title })),
        h('td', { text: c.team }),
        h('td', {}, h('span', { class: `pill ${c.status === 'delivered' ? 'good' : c.status === 'slipped' ? 'bad' : c.status === 'in_progress' ? 'warn' : ''}`, text: fmt.words(c.status) })),
        h('td', { class: 'num', text: fmt.oneDp(c.effort_pw) })))));

  const kpiTable = o.kpi_alerts.length === 0
    ? h('p', { class: 'muted', text: o.kpis_measured ? 'Every measured KPI is on target.' : 'No KPI has a value yet.' })
    : h('table', { class: 'mini' }, cols([44, 17, 15, 24]),
      h('thead', {}, h('tr', {}, h('th', { text: 'KPI' }), h('th', { class: 'num', text: 'Latest' }), h('th', { class: 'num', text: 'Target' }), h('th', { text: 'Status' }))),
      h('tbody', {}, o.kpi_alerts.slice(0, 8).map((a) => h('tr', { 'data-kpi': a.key },
        h('td', { title: `${a.name} (${kpiUnit(a.unit)}), ${periodLabel(a.period)}${a.derived ? ', derived from the data' : ''}` },
          h('a', { href: `#/kpis/trends/${a.key}`, text: a.name })),
        h('td', { class: 'num', title: `${periodLabel(a.period)}${a.unit === '%' ? '' : `, ${kpiUnit(a.unit)}`}`, text: kpiValue(a.value, a.unit) }),
        h('td', { class: 'num', text: kpiTarget(a) }),
        h('td', {}, h('span', { class: `pill ${a.status === 'off_target' ? 'bad' : 'warn'}`, text: a.status === 'off_target' ? '▼ Off target' : '● Near' }))))));

  replace(root,
    viewHead(area, 'overview', h('span', { class: 'scope', text: `${o.org_name} · ${o.quarter} · as of ${fmt.date(o.today)}` })),
    h('div', { class: 'overview', 'data-testid': 'overview' },
      gettingStarted(o.getting_started),
      h('div', { class: 'cards three' },
        card('Headcount', '#/org/position', 'Positions →',
          h('div', { class: 'figures' },
            figure(fmt.integer(o.heads.filled), 'filled'),
            figure(fmt.integer(o.heads.open), 'open'),
            figure(fmt.integer(o.heads.planned), 'planned')),
          o.heads.leaving ? h('p', { class: 'note', text: `${fmt.plural(o.heads.leaving, 'person', 'people')} leaving` }) : null),
        card('Hiring', '#/hiring/candidate', 'Candidates →',
          h('div', { class: 'figures' },
            figure(fmt.integer(o.hiring.open_requisitions), 'open requisitions'),
            figure(fmt.integer(o.hiring.in_process), 'in process'),
            figure(fmt.integer(o.hiring.offers), 'offers out')),
          h('p', { class: 'note', text: `${fmt.plural(o.hiring.hired, 'candidate')} hired` })),
        card('Models in production', '#/portfolio', 'Portfolio →',
          h('div', { class: 'figures' },
            figure(fmt.integer(o.production_total), 'models'),
            ...o.production_by_tier.map((t) => figure(fmt.integer(t.models), `tier ${t.tier}`)))),
        card(`Committed in ${o.quarter}`, '#/roadmap', 'Roadmap →',
          h('div', { class: 'figures' },
            figure(fmt.integer(o.committed.length), 'initiatives'),
            figure(fmt.oneDp(o.committed_effort_pw), 'person-weeks'))),
        card(`Spend in ${fmt.month(spend.month)}`, '#/finops', 'FinOps →',
          h('div', { class: 'figures' }, figure(fmt.money(spend.spend_minor, spend.currency, { symbol: true, whole: true }), `${fmt.plural(spend.lines, 'billing line')}`)),
          spend.used_percent === null ? null : bar,
          h('p', { class: 'note', text: spendLabel })),
        card('Operations', '#/operations', 'Risks →',
          h('div', { class: 'figures' },
            figure(fmt.integer(o.operations.open_risks), 'open risks'),
            figure(fmt.integer(o.operations.severe_risks), 'high or critical'),
            figure(fmt.integer(o.operations.recent_incidents), 'incidents, 90 days')),
          h('p', { class: 'note', text: o.operations.unmitigated_incidents ? `${fmt.plural(o.operations.unmitigated_incidents, 'incident')} not yet mitigated` : 'Every incident is mitigated' }))),
      h('div', { class: 'cards two' },
        card(`This quarter's commitments`, '#/roadmap', `All ${fmt.plural(o.committed.length, 'initiative')} →`, committedTable),
        card('KPIs off target', '#/kpis', 'Trends →',
          h('p', { class: 'note', text: `Latest values, typed and derived: ${fmt.integer(o.kpis_measured)} measured · ${fmt.integer(o.kpis_on_target)} on target · ${fmt.integer(o.kpis_near)} near · ${fmt.integer(o.kpis_off_target)} off target` }),
          kpiTable,
          o.kpi_alerts.length > 8 ? h('p', { class: 'note' }, h('a', { href: '#/kpis/trends', text: `${fmt.plural(o.kpi_alerts.length - 8, 'more KPI')} near or off target →` })) : null))));
}
