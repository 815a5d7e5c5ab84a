// @ts-check
/**
 * FinOps › Unit costs: per model cost per 1k inferences and per training run in a month, with
 * month-over-month and year-over-year change; spend by category, team, service and provider;
 * the quarter's budgets against actual; trend charts drawn in Rust. Every figure is Rust's, and
 * one command (`finops_unit_costs`) brings them all from one allocation of spend.
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { ctx } from '../../context.js';
import { chartImage, h, replace } from '../../components/dom.js';
import { viewHead } from '../../components/view_head.js';
import { amount, changeCell, importButtons, miniTable, unitAmount } from './common.js';

const BREAKDOWN_TITLES = { category: 'Spend by category', team: 'Spend by team', service: 'Spend by service', provider: 'Spend by provider' };
const BREAKDOWN_NOUNS = { category: 'categories', team: 'teams', service: 'services', provider: 'providers' };
/** Rows each table shows before its "Show all" (every row of the demo organisation fits). */
const ROWS_SHOWN = 25;

/** @type {import('../../components/registry.js').Page} */
export default { id: 'unit-costs', tab: 'Unit costs', render: renderUnitCosts };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route `id` is the month shown
 *   (`YYYY-MM`), default the latest
 */
async function renderUnitCosts(root, { area, id }) {
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  const page = await api.finopsUnitCosts(id ?? null, dark);
  const month = page.month;
  const monthPicker = h('select', { class: 'fo-month', 'aria-label': 'Month', 'data-testid': 'month-picker', disabled: page.months.length === 0 },
    [...page.months, ...(month && !page.months.includes(month) ? [month] : [])].sort().reverse()
      .map((m) => h('option', { value: m, selected: m === month, text: fmt.month(m) })));
  monthPicker.addEventListener('change', () => ctx.navigate(`#/finops/unit-costs/${monthPicker.value}`));
  const head = viewHead(area, 'unit-costs', h('label', { class: 'fo-month-label', text: 'Month' }), monthPicker,
    h('div', { class: 'grow' }), ...importButtons());

  if (!month) {
    replace(root, head, h('div', { class: 'fo-page' }, h('div', { class: 'empty' },
      h('p', { text: 'No spend or usage yet. Unit costs come from billing exports (FOCUS) allocated to models by the allocation rules, divided by each model\'s monthly inferences and training runs.' }),
      h('div', { class: 'fo-actions' }, importButtons()))));
    return { focusFilter: () => monthPicker.focus() };
  }

  const c = page.charts;
  const charts = h('div', { class: 'fo-charts' }, c ? [
    h('figure', { class: 'card fo-chart-card', 'data-testid': 'chart-spend' }, chartImage(c.spend_by_category_svg, c.spend_by_category_title, 'fo-chart')),
    h('figure', { class: 'card fo-chart-card', 'data-testid': 'chart-unit-cost' }, chartImage(c.unit_cost_svg, c.unit_cost_title, 'fo-chart')),
  ] : null);

  const figures = h('section', { class: 'card fo-figures', 'aria-label': 'Spend this month' },
    h('div', { class: 'figures' },
      changeFigure(`Spend, ${fmt.month(month)} (${page.currency})`, amount(page.total_spend), page.total_mom_percent, page.total_yoy_percent, 'total-spend'),
      h('div', { class: 'fo-divider', 'aria-hidden': 'true' }),
      changeFigure('Per 1k inferences, all models', unitAmount(page.org_cost_per_1k_inferences), page.org_cost_per_1k_inferences_mom_percent, undefined, 'org-per-1k'),
      changeFigure('Per training run, all models', unitAmount(page.org_cost_per_training_run), page.org_cost_per_training_run_mom_percent, undefined, 'org-per-run'),
      page.other_currency_lines
        ? figure('Lines in other currencies (not converted)', fmt.integer(page.other_currency_lines))
        : null));

  /** @param {import('../../api.js').UnitCost} u */
  const unitCells = (u) => [
    h('a', { href: `#/portfolio/model/${u.model_id}`, title: u.model, text: u.model }),
    amount(u.spend),
    fmt.integer(u.inferences),
    h('strong', { title: `Inference spend ${amount(u.inference_spend)} for ${fmt.integer(u.inferences)} inferences`, text: unitAmount(u.cost_per_1k_inferences) }),
    changeCell(u.cost_per_1k_inferences_mom_percent),
    changeCell(u.cost_per_1k_inferences_yoy_percent),
    fmt.integer(u.training_runs),
    h('strong', { title: `Training spend ${amount(u.training_spend)} for ${fmt.plural(u.training_runs, 'run')}`, text: unitAmount(u.cost_per_training_run) }),
    changeCell(u.cost_per_training_run_mom_percent),
    changeCell(u.cost_per_training_run_yoy_percent),
  ];
  const unitTable = h('section', { class: 'card fo-section' },
    h('div', { class: 'card-head' }, h('h2', { text: `Unit costs per model, ${fmt.month(month)} (${page.currency})` }),
      h('a', { class: 'card-link', href: '#/finops/usage', text: 'Usage' })),
    page.unit_costs.length
      ? h('div', { class: 'fo-scroll' }, miniTable({
        label: 'Unit costs per model',
        testid: 'unit-costs',
        limit: ROWS_SHOWN,
        noun: 'models',
        head: [
          { text: 'Model', width: '17%' },
          { text: 'Spend', num: true, width: '11%' },
          { text: 'Inferences', num: true, width: '11%' },
          { text: 'Per 1k inf.', num: true, width: '11%' },
          { text: 'MoM', num: true, width: '86px' },
          { text: 'YoY', num: true, width: '86px' },
          { text: 'Runs', num: true, width: '64px' },
          { text: 'Per run', num: true },
          { text: 'MoM', num: true, width: '86px' },
          { text: 'YoY', num: true, width: '86px' },
        ],
        rows: page.unit_costs,
        cells: unitCells,
      }))
      : h('p', { class: 'muted', text: 'No model received spend or had usage this month. Allocation rules map spend to models.' }));

  const breakdowns = h('div', { class: 'cards two' }, page.breakdowns.map((b) => h('section', { class: 'card fo-section', 'data-testid': `spend-${b.by}` },
    h('div', { class: 'card-head' }, h('h2', { text: `${BREAKDOWN_TITLES[/** @type {keyof BREAKDOWN_TITLES} */ (b.by)] ?? b.by}, ${fmt.month(month)}` })),
    b.rows.length
      ? miniTable({
        label: BREAKDOWN_TITLES[/** @type {keyof BREAKDOWN_TITLES} */ (b.by)] ?? b.by,
        head: [{ text: fmt.words(b.by), width: '32%' }, { text: page.currency, num: true }, { text: 'Share', num: true, width: '58px' }, { text: 'MoM', num: true, width: '82px' }, { text: 'YoY', num: true, width: '82px' }],
        limit: ROWS_SHOWN,
        noun: BREAKDOWN_NOUNS[/** @type {keyof BREAKDOWN_NOUNS} */ (b.by)] ?? 'rows',
        rows: b.rows,
        cells: (r) => [
          r.key === 'unallocated' ? h('span', { class: 'pill muted', text: 'Unallocated' }) : (b.by === 'category' ? fmt.words(r.key) : r.key),
          amount(r.effective_cost),
          fmt.percent(r.share_percent),
          changeCell(r.mom_percent),
          changeCell(r.yoy_percent),
        ],
      })
      : h('p', { class: 'muted', text: 'No spend this month.' }))));

  const budgets = h('section', { class: 'card fo-section', 'data-testid': 'budgets' },
    h('div', { class: 'card-head' }, h('h2', { text: page.quarter ? `Budget against actual, ${page.quarter}` : 'Budget against actual' }),
      h('a', { class: 'card-link', href: '#/finops/budget', text: 'Budgets' })),
    page.budgets.length
      ? miniTable({
        label: 'Budget against actual',
        head: [{ text: 'Team' }, { text: 'Category' }, { text: `Budget (${page.currency})`, num: true }, { text: 'Actual', num: true }, { text: 'Variance', num: true }, { text: 'Used', num: true, width: '70px' }, { text: 'Status', width: '120px' }],
        limit: ROWS_SHOWN,
        noun: 'budgets',
        rows: page.budgets,
        cells: (b) => [
          b.team ?? (b.team_id ? `#${b.team_id}` : 'Whole organisation'),
          b.category ? fmt.words(b.category) : 'All',
          fmt.money(b.budget_minor, b.currency, { whole: true }),
          fmt.money(b.actual_minor, b.currency, { whole: true }),
          h('span', { class: b.variance_minor < 0 ? 'fo-negative' : null, text: fmt.money(b.variance_minor, b.currency, { whole: true }) }),
          b.used_percent === null ? '—' : fmt.percent(b.used_percent),
          h('span', { class: `pill ${b.over_budget ? 'bad' : 'good'}`, text: b.over_budget ? 'Over budget' : 'Within budget' }),
        ],
      })
      : h('p', { class: 'muted' }, `No budgets for ${page.quarter ?? 'this quarter'}. `, h('a', { href: '#/finops/budget/new', text: 'Set one' })));

  replace(root, head, h('div', { class: 'fo-page', 'data-testid': 'unit-costs-page' }, figures, unitTable, charts, breakdowns, budgets));
  return { focusFilter: () => monthPicker.focus() };
}

/**
 * @param {string} label
 * @param {string} value
 * @param {string} [testid]
 */
function figure(label, value, testid) {
  return h('div', { class: 'figure' }, h('span', { class: 'figure-value', 'data-testid': testid ?? null, text: value }), h('span', { class: 'figure-label', text: label }));
}

/**
 * A headline figure with its change against the month before (and the year before, if given).
 * @param {string} label
 * @param {string} value
 * @param {string | null} mom
 * @param {string | null | undefined} yoy
 * @param {string} testid
 */
function changeFigure(label, value, mom, yoy, testid) {
  return h('div', { class: 'figure' },
    h('span', { class: 'figure-value' }, h('span', { 'data-testid': testid, text: value }), ' ', h('span', { class: 'fo-figure-change' }, changeCell(mom), h('span', { class: 'fo-figure-unit', text: ' MoM' }))),
    h('span', { class: 'figure-label' }, label, yoy !== undefined ? [' · YoY ', changeCell(yoy)] : null));
}
