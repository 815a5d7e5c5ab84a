// @ts-check
/**
 * Reports: the quarterly executive report (xlsx for finance, a CSV folder, PNG charts) or the
 * quarter's one-page brief (printable HTML or PDF), a preview of that brief, and the CSV export of
 * every table, all written by the report crate to a place the user picks. The page only gathers
 * the choices, lays out the brief Rust built, and shows what was written.
 */
import * as api from '../api.js';
import * as fmt from '../format.js';
import { chartImage, h, replace } from '../components/dom.js';
import { viewHead } from '../components/view_head.js';
import { ctx } from '../context.js';

/** An area of one page and no kinds. @type {import('../components/registry.js').Area} */
export const reports = {
  id: 'reports',
  title: 'Reports',
  pages: [{ id: 'reports', tab: 'Reports', render: renderReports }],
  kinds: [],
};

/** @type {{value: import('../api.js').ReportFormat, label: string, detail: string}[]} */
const FORMATS = [
  { value: 'xlsx', label: 'Excel workbook', detail: '.xlsx with formats, formulas and native charts' },
  { value: 'csv', label: 'CSV files', detail: 'one file per sheet, into a folder' },
  { value: 'png', label: 'PNG charts', detail: 'one image per chart, into a folder' },
  { value: 'html', label: 'Brief (HTML)', detail: 'the one-page brief, prints on one A4 landscape page' },
  { value: 'pdf', label: 'Brief (PDF)', detail: 'the same brief as a PDF, fonts embedded' },
];

/** @param {unknown} err */
const message = (err) => (err instanceof Error ? err.message : String(err));

/** The file name at the end of a path. @param {string} path */
const baseName = (path) => path.split(/[\\/]/).filter(Boolean).pop() ?? path;

/** The executive report card; `onQuarter` is told when the quarter changes (the preview follows). @param {(quarter: string) => void} onQuarter */
function executiveReport(onQuarter) {
  const session = ctx.session;
  const quarters = session?.quarters ?? [];
  const initial = ctx.quarter ?? session?.quarter ?? quarters[0] ?? '';
  const quarter = h('select', { id: 'report-quarter', 'data-field': 'quarter' },
    quarters.map((q) => h('option', { value: q, selected: q === initial, text: q === session?.quarter ? `${q} (current)` : q })));
  const formats = h('div', { class: 'report-formats', role: 'radiogroup', 'aria-labelledby': 'report-format-label' },
    FORMATS.map((f, i) => h('label', { class: 'report-format' },
      h('input', { type: 'radio', name: 'report-format', value: f.value, checked: i === 0, 'data-format': f.value }),
      h('span', { class: 'report-format-text' }, h('span', { class: 'report-format-label', text: f.label }), h('span', { class: 'muted', text: f.detail })))));
  const appendixBox = h('input', { type: 'checkbox', id: 'report-appendix', 'data-field': 'appendix' });
  const appendix = h('label', { class: 'report-appendix', for: 'report-appendix' }, appendixBox, ' Add the appendix page (the full KPI scorecard)');
  const path = h('input', { type: 'text', id: 'report-path', 'data-field': 'path', placeholder: 'Choose a file…', spellcheck: 'false', autocomplete: 'off' });
  const pathError = h('div', { class: 'field-error', 'data-error-for': 'path', role: 'alert' });
  const choose = h('button', { type: 'button', class: 'button', 'data-action': 'choose-path', text: 'Choose…' });
  const exportButton = h('button', { type: 'submit', class: 'button primary', 'data-action': 'export-report', text: 'Export report' });
  const command = h('pre', { class: 'command' });
  const status = h('div', { class: 'report-status', 'aria-live': 'polite' });

  const format = () => /** @type {import('../api.js').ReportFormat} */ (
    /** @type {HTMLInputElement | null} */ (formats.querySelector('input:checked'))?.value ?? 'xlsx');
  const isFolder = () => format() === 'csv' || format() === 'png';
  const isBrief = () => format() === 'html' || format() === 'pdf';
  const syncHints = () => {
    path.placeholder = isFolder() ? 'Choose a folder…' : 'Choose a file…';
    appendix.hidden = !isBrief();
    const extra = isBrief() && appendixBox.checked ? ' --appendix' : '';
    command.textContent = `quartermaster report --quarter ${quarter.value} --format ${format()}${extra} --out ${path.value.trim() || (isFolder() ? 'DIR' : `report.${format()}`)}`;
  };
  appendixBox.addEventListener('change', syncHints);
  formats.addEventListener('change', () => {
    // A file chosen for one format is rarely right for another (file or folder, extension).
    path.value = '';
    pathError.textContent = '';
    syncHints();
  });
  quarter.addEventListener('change', () => { syncHints(); onQuarter(quarter.value); });
  path.addEventListener('input', () => { pathError.textContent = ''; path.removeAttribute('aria-invalid'); syncHints(); });
  syncHints();

  /** Asks where to write with the native dialog; false when cancelled. */
  async function choosePath() {
    try {
      const picked = await api.reportChoosePath(quarter.value, format());
      if (!picked) return false;
      path.value = picked;
      pathError.textContent = '';
      path.removeAttribute('aria-invalid');
      syncHints();
      return true;
    } catch (err) {
      replace(status, h('p', { class: 'error-text', role: 'alert', text: message(err) }));
      return false;
    }
  }
  choose.addEventListener('click', () => { choosePath(); });

  const form = h('form', { class: 'report-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'report-quarter', text: 'Quarter' }), quarter),
    h('div', { class: 'field report-format-field' }, h('span', { id: 'report-format-label', class: 'field-label', text: 'Format' }), formats, appendix),
    h('div', { class: 'field report-path-field' }, h('label', { for: 'report-path', text: 'Save to' }),
      h('div', { class: 'report-path-row' }, path, choose), pathError),
    h('div', { class: 'actions' }, exportButton));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!path.value.trim() && !(await choosePath())) return;
    exportButton.disabled = true;
    choose.disabled = true;
    const q = quarter.value;
    const f = format();
    replace(status,
      h('p', { class: 'muted', text: `Writing the ${q} executive report…` }),
      h('div', { class: 'meter report-progress', role: 'progressbar', 'aria-label': 'Writing the report' }, h('div', { class: 'meter-fill indeterminate' })));
    try {
      const written = await api.reportExport(q, f, path.value.trim(), isBrief() && appendixBox.checked);
      const what = f === 'xlsx'
        ? `${fmt.plural(written.sheets.length, 'sheet')} (${written.sheets.join(', ')}), ${fmt.plural(written.charts, 'native chart')}`
        : written.pages ? `the brief, ${fmt.plural(written.charts, 'chart')} on ${fmt.plural(written.pages, 'page')}`
          : fmt.plural(written.files.length, 'file');
      ctx.notify(`Exported the ${written.quarter} executive report`);
      replace(status,
        h('div', { class: 'report-written', 'data-testid': 'report-written' },
          h('p', {}, h('strong', { text: `Wrote the ${written.quarter} report` }), ` as of ${fmt.date(written.as_of)}: ${what}.`),
          h('ul', { class: 'file-list report-files' }, written.files.map((file) => h('li', { title: file, 'data-file': file, text: written.files.length > 1 ? baseName(file) : file })))));
    } catch (err) {
      const field = err instanceof api.ApiError ? err.field : undefined;
      if (field === 'path') {
        pathError.textContent = message(err);
        path.setAttribute('aria-invalid', 'true');
        replace(status);
        path.focus();
      } else {
        replace(status, h('p', { class: 'error-text', role: 'alert', text: `The report was not written: ${message(err)}` }));
      }
    } finally {
      exportButton.disabled = false;
      choose.disabled = false;
    }
  });

  return h('section', { class: 'card report-card', 'data-testid': 'executive-report' },
    h('header', { class: 'card-head' }, h('h2', { text: 'Executive report' })),
    h('p', { text: 'The quarter for executives and finance: headline KPIs with status, top risks, spend against budget, headcount and roadmap predictability on a Summary sheet, then Portfolio, Headcount, Roadmap, FinOps, Hiring and KPIs, every sheet set up to print. Or the one-page brief previewed below, as HTML or PDF. Files are written to a temporary name and renamed, so a failure never leaves half a file behind. The same export runs headless with:' }),
    command,
    form,
    status);
}

/**
 * The brief of a quarter as it prints: tiles, charts, decisions, risks and commitments laid out
 * like the page. Every text and chart comes from Rust (`report_brief`).
 */
function briefPreview() {
  const body = h('div', { class: 'brief-body', 'aria-live': 'polite' });
  const section = h('section', { class: 'card brief-card', 'data-testid': 'brief-preview' },
    h('header', { class: 'card-head' }, h('h2', { text: 'Brief preview' })), body);
  /** @param {string} quarter */
  async function show(quarter) {
    if (!quarter) { replace(body, h('p', { class: 'muted', text: 'Choose a quarter to preview its brief.' })); return; }
    replace(body, h('p', { class: 'muted', text: `Building the ${quarter} brief…` }));
    try {
      replace(body, briefPage(await api.reportBrief(quarter)));
    } catch (err) {
      replace(body, h('p', { class: 'error-text', role: 'alert', text: `The brief could not be built: ${message(err)}` }));
    }
  }
  return { section, show };
}

/** @template T @param {{shown: T[], more: number}} list @param {string} what */
const moreLine = (list, what) => (list.more ? h('p', { class: 'brief-more muted', text: `and ${list.more} more ${what}` }) : null);

/** @param {import('../api.js').Brief} brief */
function briefPage(brief) {
  const tiles = h('div', { class: 'brief-tiles' }, brief.tiles.map((t) => h('div', { class: 'brief-tile', 'data-kpi': t.name },
    h('div', { class: 'brief-tile-name', text: t.name, title: t.name }),
    h('div', { class: 'brief-tile-value', text: t.value }),
    h('div', { class: `brief-tile-status status-${t.status ?? 'none'}` }, h('span', { class: 'brief-shape', 'aria-hidden': 'true' }), t.status_word),
    h('div', { class: 'brief-tile-meta muted', text: t.target }),
    h('div', { class: 'brief-tile-meta muted', text: t.period }),
    chartImage(t.sparkline_svg, `${t.name}, recent values`, 'brief-spark'))));
  const charts = h('div', { class: 'brief-charts' }, brief.charts.map((c) => chartImage(c.svg, c.chart.title, 'brief-chart')));
  const decisions = h('div', { class: 'brief-list', 'data-testid': 'brief-decisions' },
    h('h3', { text: 'Decisions needed' }),
    brief.decisions.shown.length
      ? h('ul', {}, brief.decisions.shown.map((d) => h('li', {}, h('div', {}, h('strong', { text: `${d.area}: ` }), d.subject), h('div', { class: 'muted', text: d.detail }))))
      : h('p', { class: 'muted', text: 'Nothing waits for a decision.' }),
    moreLine(brief.decisions, 'decisions'));
  const risks = h('div', { class: 'brief-list' },
    h('h3', { text: 'Top risks' }),
    h('ul', {}, brief.risks.shown.map((r) => h('li', {}, h('strong', { text: r.title }),
      h('div', { class: 'muted', text: `${r.severity} severity, ${r.likelihood} likelihood · ${r.owner} · ${r.mitigation}` })))),
    moreLine(brief.risks, 'open risks'));
  const commitments = h('div', { class: 'brief-commitments' },
    h('h3', { text: `Commitments — ${brief.commitments_summary}` }),
    h('table', { class: 'brief-table' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Initiative' }), h('th', { text: 'Team' }), h('th', { text: 'Status' }))),
      h('tbody', {}, brief.commitments.shown.map((c) => h('tr', {}, h('td', { text: c.title }), h('td', { text: c.team }), h('td', { text: c.status }))))),
    moreLine(brief.commitments, 'commitments'));
  return h('article', { class: 'brief-page', 'aria-label': brief.title },
    h('h3', { class: 'brief-title', text: brief.title }),
    h('p', { class: 'muted brief-sub', text: `As of ${fmt.date(brief.as_of)} · ${brief.org_name}` }),
    tiles,
    h('div', { class: 'brief-grid' }, h('div', {}, charts, commitments), h('div', {}, decisions, risks)));
}

/** The CSV export of every table. */
function csvExport() {
  const result = h('div', { class: 'export-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'button', 'data-action': 'export-csv', text: 'Export CSV files…' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    replace(result, h('p', { class: 'muted', text: 'Choose a folder…' }));
    try {
      const files = await api.exportCsv();
      if (!files) { replace(result); return; }
      ctx.notify(`Exported ${files.length} CSV files`);
      replace(result,
        h('p', { text: `Wrote ${files.length} files:` }),
        h('ul', { class: 'file-list' }, files.map((f) => h('li', { text: f }))));
    } catch (err) {
      replace(result, h('p', { class: 'error-text', role: 'alert', text: message(err) }));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'card' },
    h('header', { class: 'card-head' }, h('h2', { text: 'CSV export' })),
    h('p', { text: 'One CSV file per table (teams.csv, positions.csv, models.csv, …) with a header row, UTF-8, RFC 4180 quoting. Money is written as plain decimals next to its currency; billing lines keep their FOCUS column names. The same export runs headless with:' }),
    h('pre', { class: 'command', text: 'quartermaster export csv --out DIR' }),
    h('div', { class: 'actions' }, button),
    result);
}

/**
 * @param {HTMLElement} root
 * @param {import('../components/registry.js').PageRoute} route
 */
async function renderReports(root, { area }) {
  const preview = briefPreview();
  const report = executiveReport(preview.show);
  replace(root,
    viewHead(area, 'reports'),
    h('div', { class: 'reports' }, report, preview.section, csvExport()));
  const quarter = /** @type {HTMLSelectElement | null} */ (report.querySelector('#report-quarter'));
  await preview.show(quarter?.value ?? '');
}
