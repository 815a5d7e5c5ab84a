// @ts-check
/**
 * KPIs › Trends: every KPI of the catalogue with its latest value against target, status, trend
 * and sparkline; one KPI opened with its full trend chart, values and annotations. Every figure,
 * status and chart comes from Rust (`report::chart::kpi_trends`, `kpi_detail`); this module
 * formats.
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { chartImage, h, replace } from '../../components/dom.js';
import { modal } from '../../components/dialog.js';
import { buildForm } from '../../components/form.js';
import { kindSpec, loadLookup } from '../../components/registry.js';
import { viewHead } from '../../components/view_head.js';
import { ctx } from '../../context.js';

/** @typedef {import('../../api.js').KpiCard} KpiCard */
/** @typedef {import('../../api.js').KpiDetail} KpiDetail */
/** @typedef {import('../../api.js').KpiStatusRow} KpiStatusRow */

/** Status as words and a shape, so colour is never the only cue. */
const STATUS = {
  on_target: { text: 'On target', mark: '●', tone: 'good' },
  near: { text: 'Near target', mark: '▲', tone: 'warn' },
  off_target: { text: 'Off target', mark: '▼', tone: 'bad' },
};
const NO_STATUS = { text: 'No data', mark: '–', tone: 'muted' };
const TREND = {
  improving: { text: 'Better', long: 'Improving since the period before', mark: '↗', tone: 'good' },
  worsening: { text: 'Worse', long: 'Worsening since the period before', mark: '↘', tone: 'bad' },
  flat: { text: 'Flat', long: 'About the same as the period before', mark: '→', tone: 'muted' },
};

/** @param {import('../../api.js').KpiStatus | null} status */
const statusOf = (status) => (status ? STATUS[status] : NO_STATUS);

/** @param {import('../../api.js').KpiStatus | null} status */
function statusPill(status) {
  const s = statusOf(status);
  return h('span', { class: `pill ${s.tone}`, 'data-status': status ?? 'none', text: `${s.mark} ${s.text}` });
}

/** @param {import('../../api.js').Trend | null} trend */
function trendText(trend) {
  if (!trend) return h('span', { class: 'muted', text: '—' });
  const t = TREND[trend];
  return h('span', { class: `kpi-trend ${t.tone}`, 'data-trend': trend, title: t.long, text: `${t.mark} ${t.text}` });
}

/** The unit as a reader says it (`currency` is the reporting currency). @param {string} unit */
const unitText = (unit) => (unit === 'currency' ? fmt.reportingCurrency() : unit);

/**
 * A KPI value in its unit, with up to two decimals (99.97% availability must not read as 100%).
 * @param {number | null} value @param {string} unit
 */
function valueText(value, unit) {
  if (value === null || value === undefined) return '—';
  return unit === '%' ? `${fmt.number(value)}%` : fmt.number(value);
}

/** How each derived KPI is computed, in words. */
const DERIVATION = {
  ml_releases: 'Counted from the roadmap: initiatives of the quarter delivered that take a model to production. Judged on complete quarters.',
  cicd_coverage: 'From the portfolio: share of live (canary or production) models with automated CI/CD, as of today.',
  monitoring_coverage: 'From the portfolio: share of live (canary or production) models with monitoring, as of today.',
  lineage_coverage: 'From the portfolio: share of live (canary or production) models with full lineage, as of today.',
  time_to_detect: 'From incidents: mean minutes from start to detection of the incidents that started in the quarter.',
  time_to_mitigate: 'From incidents: mean hours from detection to mitigation of the incidents that started in the quarter.',
  cost_per_1k_inferences: 'From FinOps: allocated inference spend per thousand inferences, per month.',
  cost_per_training_run: 'From FinOps: allocated training spend per training run, per month.',
  roadmap_predictability: 'From the roadmap: delivered ÷ committed in the quarter’s frozen plan. Judged on complete quarters.',
  hiring_cycle_time: 'From hiring: mean days from application to accepted offer of the quarter’s hires.',
};

/** A period label: months as "Oct 2026", quarters as they are. @param {string | null} period */
const periodLabel = (period) => (!period ? '' : /^\d{4}-\d{2}$/.test(period) ? fmt.month(period) : period);

/** "≥ 80%" or "≤ 7" for a target. @param {KpiStatusRow} row @param {number | null} level */
function levelText(row, level) {
  if (level === null || level === undefined) return '—';
  return `${row.direction === 'higher' ? '≥' : '≤'} ${valueText(level, row.unit)}`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Elements a sparkline may contain. */
const SPARKLINE_TAGS = new Set(['svg', 'polyline', 'circle']);

/**
 * An SVG produced by the Rust core (a sparkline: shapes and numbers only) as a DOM node, parsed
 * as SVG rather than HTML and stripped of anything but its shapes, so it inherits `currentColor`
 * and nothing inside it can run.
 * @param {string} text
 * @returns {Element | null}
 */
function sparklineNode(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.namespaceURI !== SVG_NS || root.localName !== 'svg') return null;
  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (!SPARKLINE_TAGS.has(el.localName)) { el.remove(); continue; }
    for (const attr of [...el.attributes]) {
      if (attr.name.startsWith('on') || attr.name.includes('href')) el.removeAttribute(attr.name);
    }
  }
  root.setAttribute('aria-hidden', 'true');
  root.setAttribute('focusable', 'false');
  return document.importNode(root, true);
}


const prefersDark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;

/** @type {import('../../components/registry.js').Page} */
export default { id: 'trends', tab: 'Trends', render: renderTrends };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route `id` is the key of the KPI opened
 */
async function renderTrends(root, { area, id }) {
  const openKey = id ?? null;
  const cards = await api.kpiTrends();
  const filterInput = h('input', {
    type: 'search', class: 'filter', 'data-filter': 'kpi-trends', placeholder: 'Filter KPIs…',
    'aria-label': 'Filter KPIs', 'aria-keyshortcuts': '/',
  });
  const countText = h('span', { class: 'row-count', 'aria-live': 'polite' });
  const detail = h('section', { class: 'kpi-detail', 'aria-label': 'KPI trend', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const table = h('table', { class: 'kpi-board', 'aria-label': 'KPIs with status and trend' },
    h('colgroup', {}, [28, 14, 14, 19, 12, 13].map((w) => {
      const col = h('col');
      col.style.width = `${w}%`;
      return col;
    })),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'KPI' }),
      h('th', { scope: 'col', class: 'num', text: 'Latest' }),
      h('th', { scope: 'col', class: 'num', text: 'Target' }),
      h('th', { scope: 'col', text: 'Status' }),
      h('th', { scope: 'col', text: 'Trend' }),
      h('th', { scope: 'col', text: 'Recent' }))),
    tbody);

  /** @type {Map<string, HTMLTableRowElement>} */
  const rows = new Map();
  for (const card of cards) {
    const spark = sparklineNode(card.sparkline);
    const tr = h('tr', {
      tabindex: -1, 'data-key': card.key, 'data-id': card.id, 'aria-selected': 'false',
      title: `${card.name}: ${statusOf(card.status).text}`,
    },
    h('td', { class: 'kpi-name' },
      h('div', { class: 'kpi-name-text', text: card.name }),
      h('div', { class: 'kpi-sub' },
        card.unit ? h('span', { text: unitText(card.unit) }) : null,
        card.source === 'derived' ? h('span', { class: 'kpi-tag', title: 'Computed from the organisation’s data, never typed in', text: 'derived' }) : null)),
    h('td', { class: 'num kpi-latest', title: card.in_progress ? `${periodLabel(card.period)} to date: the period is still running` : periodLabel(card.period) },
      h('div', { class: 'kpi-value', 'data-value': card.value ?? '', text: valueText(card.value, card.unit) }),
      h('div', { class: `kpi-period ${card.in_progress ? 'in-progress' : ''}`, 'data-period': card.period ?? '', text: `${periodLabel(card.period)}${card.in_progress ? '*' : ''}` })),
    h('td', { class: 'num', title: card.warn === null ? '' : `Near target up to ${valueText(card.warn, card.unit)}` }, levelText(card, card.target)),
    h('td', {}, statusPill(card.status)),
    h('td', {}, trendText(card.trend)),
    h('td', { class: `kpi-spark ${statusOf(card.status).tone}` }, spark));
    tr.addEventListener('click', () => select(card.key, true));
    tr.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); select(card.key, true); }
      else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const visible = [...rows.values()].filter((r) => !r.hidden);
        const next = visible[visible.indexOf(tr) + (event.key === 'ArrowDown' ? 1 : -1)];
        if (next) focusRow(next);
      } else if (event.key === 'Home' || event.key === 'End') {
        event.preventDefault();
        const visible = [...rows.values()].filter((r) => !r.hidden);
        const next = event.key === 'Home' ? visible[0] : visible[visible.length - 1];
        if (next) focusRow(next);
      }
    });
    rows.set(card.key, tr);
    tbody.append(tr);
  }

  /** Roving focus: one row is in the tab order. @param {HTMLTableRowElement} tr */
  function focusRow(tr) {
    for (const r of rows.values()) r.tabIndex = -1;
    tr.tabIndex = 0;
    tr.focus();
  }

  const updateCount = () => {
    const shown = [...rows.values()].filter((r) => !r.hidden).length;
    countText.textContent = fmt.count(shown, cards.length, 'KPI', 'KPIs');
  };
  filterInput.addEventListener('input', () => {
    const needle = filterInput.value.trim().toLowerCase();
    for (const card of cards) {
      const tr = /** @type {HTMLTableRowElement} */ (rows.get(card.key));
      tr.hidden = needle !== '' && !`${card.name} ${card.key} ${card.unit}`.toLowerCase().includes(needle);
    }
    updateCount();
  });
  filterInput.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      const first = [...rows.values()].find((r) => !r.hidden);
      if (first) focusRow(first);
    }
  });
  updateCount();

  let loading = 0;
  /**
   * Opens KPI `key` in the detail pane (and in the address, without re-rendering the list).
   * @param {string} key
   * @param {boolean} remember
   */
  async function select(key, remember) {
    const tr = rows.get(key);
    if (!tr) return;
    for (const [k, r] of rows) {
      r.classList.toggle('active', k === key);
      r.setAttribute('aria-selected', String(k === key));
      r.tabIndex = k === key ? 0 : -1;
    }
    if (remember) history.replaceState(null, '', `#/kpis/trends/${key}`);
    const seq = ++loading;
    detail.dataset.key = key;
    detail.dataset.ready = 'false';
    const width = Math.max(400, Math.round(detail.clientWidth || 560) - 34);
    try {
      const d = await api.kpiDetail(key, prefersDark(), width, Math.round(width * 0.52));
      if (seq !== loading) return;
      replace(detail, ...detailView(d));
    } catch (err) {
      if (seq !== loading) return;
      replace(detail, h('p', { class: 'error-text', role: 'alert', text: err instanceof Error ? err.message : String(err) }));
    }
    detail.dataset.ready = 'true';
  }

  replace(root,
    viewHead(area, 'trends', h('span', { class: 'scope', text: ctx.session ? `as of ${fmt.date(ctx.session.today)}` : '' }),
      h('div', { class: 'grow' }), filterInput),
    h('div', { class: 'kpi-page' },
      h('div', { class: 'kpi-list' }, cards.length
        ? table
        : h('div', { class: 'empty' }, h('p', { text: 'No KPIs yet. The catalogue lists what the organisation measures, with targets.' }),
          h('a', { class: 'button', href: '#/kpis/kpi/new', text: 'New KPI' }))),
      detail),
    h('footer', { class: 'view-foot' }, countText,
      h('span', { class: 'muted kpi-foot-note', text: '* the period is still running: a value to date' })));

  const first = openKey && rows.has(openKey) ? openKey : cards[0]?.key;
  if (first) {
    // Once the page is laid out (so the chart gets the pane's real width); the list is shown
    // without waiting for the chart. `select` shows its own errors.
    requestAnimationFrame(() => {
      if (openKey && rows.has(openKey)) rows.get(openKey)?.scrollIntoView({ block: 'nearest' });
      select(first, false);
    });
  }
  return { focusFilter: () => filterInput.focus() };
}

/**
 * The detail pane of one KPI.
 * @param {KpiDetail} d
 */
function detailView(d) {
  const unit = unitText(d.unit);
  const figure = (/** @type {string} */ value, /** @type {string} */ label, /** @type {string} */ testid) =>
    h('div', { class: 'figure', 'data-figure': testid }, h('span', { class: 'figure-value', text: value }), h('span', { class: 'figure-label', text: label }));
  const actions = [
    d.source === 'manual'
      ? h('button', { type: 'button', class: 'button primary', 'data-action': 'add-value', text: 'Add value…', onclick: () => addValue(d) })
      : null,
    h('a', { class: 'button', href: `#/kpis/kpi/${d.id}`, 'data-action': 'edit-kpi', text: 'Edit target…' }),
  ];
  const values = [...d.points].reverse();
  const valuesTable = values.length === 0
    ? h('p', { class: 'muted', text: d.source === 'manual' ? 'No values recorded in this period yet.' : 'No data to compute it from in this period yet.' })
    : h('table', { class: 'mini kpi-values', 'aria-label': `Values of ${d.name}` },
      h('colgroup', {}, [20, 30, 50].map((w) => { const col = h('col'); col.style.width = `${w}%`; return col; })),
      h('thead', {}, h('tr', {}, h('th', { text: 'Period' }), h('th', { class: 'num', text: d.unit === '%' ? 'Value' : `Value${unit ? ` (${unit})` : ''}` }), h('th', { text: 'Note' }))),
      h('tbody', {}, values.map((p) => h('tr', { 'data-period': p.period },
        h('td', {}, p.value_id !== null
          ? h('a', { href: `#/kpis/kpi_value/${p.value_id}`, title: 'Edit this value', text: periodLabel(p.period) })
          : periodLabel(p.period)),
        h('td', { class: 'num', 'data-value': p.value, text: valueText(p.value, d.unit) }),
        h('td', { class: 'kpi-note', title: p.note, text: p.note })))));
  return [
    h('div', { class: 'kpi-detail-head' },
      h('div', { class: 'kpi-detail-title' },
        h('div', { class: 'eyebrow', text: `${d.source === 'derived' ? 'Derived' : 'Manual'} · ${d.frequency} · ${d.direction} is better` }),
        h('h2', { text: d.name }))),
    h('div', { class: 'kpi-state' }, statusPill(d.status), trendText(d.trend), h('div', { class: 'grow' }), h('div', { class: 'kpi-actions' }, actions)),
    h('div', { class: 'figures kpi-figures' },
      figure(`${valueText(d.value, d.unit)}${d.value !== null && d.unit !== '%' && unit ? ` ${unit}` : ''}`,
        d.period ? `latest, ${periodLabel(d.period)}${d.in_progress ? ' to date' : ''}` : 'no value yet', 'latest'),
      figure(valueText(d.previous, d.unit), 'previous', 'previous'),
      figure(levelText(d, d.target), d.warn === null ? 'target' : `target · near up to ${valueText(d.warn, d.unit)}`, 'target')),
    d.source === 'derived' ? h('p', { class: 'kpi-derivation muted', text: DERIVATION[/** @type {keyof typeof DERIVATION} */ (d.key)] ?? 'Computed from the organisation’s data.' }) : null,
    h('figure', { class: 'kpi-chart-box' },
      chartImage(d.chart_svg, `${d.chart_title}. ${statusOf(d.status).text}; target ${levelText(d, d.target)}.`, 'kpi-chart'),
      h('figcaption', { class: 'muted', text: d.target === null ? d.chart_title : `${d.chart_title} · dashed line: target; shaded band: near target` })),
    h('h3', { class: 'kpi-values-title', text: 'Values and annotations' }),
    valuesTable,
  ];
}

/**
 * "Add value" for a manual KPI: the KPI value form in a dialog, the period Rust suggests filled
 * in; Rust validates (period format, derived KPIs refused) and the error shows by its field.
 * @param {KpiDetail} d
 */
async function addValue(d) {
  const spec = kindSpec('kpi_value');
  /** @type {[import('../../api.js').AnyRecord[], import('../../components/registry.js').Lookup]} */
  let loaded;
  try {
    loaded = await Promise.all([api.recordList('kpi'), loadLookup(['kpi'])]);
  } catch (err) {
    ctx.notify(err instanceof Error ? err.message : String(err), 'error');
    return;
  }
  const [kpiList, lookup] = loaded;
  const saved = await modal({
    title: `Add a value of ${d.name}`,
    className: 'wide',
    body: (close) => {
      const form = buildForm({
        spec,
        record: { id: 0, kpi_id: d.id, period: d.suggested_period ?? '', value: null, note: '' },
        lookup,
        options: new Map([['kpi', kpiList.filter((k) => k.source === 'manual')]]),
      });
      const submit = h('button', { type: 'submit', class: 'button primary', 'data-action': 'save-value', text: 'Add value' });
      const el = h('form', { class: 'record-form kpi-value-form', novalidate: true, 'data-kind': 'kpi_value' },
        h('div', { class: 'fields' }, form.fields),
        form.formError,
        h('div', { class: 'modal-actions' },
          h('button', { type: 'button', class: 'button', text: 'Cancel', onclick: () => close(null) }),
          submit));
      el.addEventListener('submit', async (event) => {
        event.preventDefault();
        form.clearErrors();
        submit.disabled = true;
        try {
          close(await api.recordSave('kpi_value', await form.values()));
        } catch (err) {
          form.showError(err instanceof api.ApiError ? err : new api.ApiError({ kind: 'app', message: String(err) }));
        } finally {
          submit.disabled = false;
        }
      });
      queueMicrotask(() => /** @type {HTMLElement | null} */ (el.querySelector('#f-value'))?.focus());
      return el;
    },
  });
  if (saved) {
    ctx.notify(`Added ${d.name} for ${periodLabel(String(saved.period))}`);
    ctx.refreshCounts();
    ctx.navigate(`#/kpis/trends/${d.key}`);
  }
}
