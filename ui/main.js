// @ts-check
/**
 * The app shell: sidebar (file, quarter, areas with counts), hash router, global keyboard
 * shortcuts, File menu and settings. Views render into `<main>`; every figure comes from Rust.
 */
import * as api from './api.js';
import * as fmt from './format.js';
import { ctx } from './context.js';
import { h, replace, afterPaint, focusKey, refocus } from './components/dom.js';
import { modal } from './components/dialog.js';
import { notify, addAction } from './components/toast.js';
import { openPalette } from './components/palette.js';
import { area, areas, registerArea } from './components/registry.js';
import { renderArea } from './components/records.js';
import { overview, prefetchOverview } from './views/overview.js';
import { reports } from './views/reports.js';
import { renderWelcome, organisationForm } from './views/welcome.js';
import { portfolio } from './views/portfolio.js';
import { org } from './views/org.js';
import { roadmap } from './views/roadmap.js';
import { finops } from './views/finops.js';
import { openImport } from './views/finops/import.js';
import { openRecordImport } from './views/import/dialog.js';
import { openBackups } from './views/backups.js';
import { hiring } from './views/hiring.js';
import { kpis } from './views/kpis.js';
import { operations } from './views/operations.js';
import { history } from './views/history.js';

// The sidebar's entries, in its order: every one is an area of pages and kinds.
for (const a of [overview, portfolio, org, roadmap, finops, hiring, kpis, operations, reports, history]) registerArea(a);

/**
 * Timing marks for the benchmark (read by the `bench_gui` test through WebDriver).
 * @type {{processStart: number | null, firstPaint: number | null, views: {view: string, ms: number, built: number}[],
 *   boot: Record<string, number>}}
 */
const perf = { processStart: null, firstPaint: null, views: [], boot: /** @type {Record<string, number>} */ ({ moduleStart: performance.now() }) };
/** @type {any} */ (window).quartermasterPerf = perf;

const sidebar = /** @type {HTMLElement} */ (document.getElementById('sidebar'));
const main = /** @type {HTMLElement} */ (document.getElementById('view'));
/** @type {Map<string, HTMLElement>} */
const countBadges = new Map();
let renderSeq = 0;
/** The sidebar counts of the current file: the first paint waits for them. */
let countsLoaded = Promise.resolve();
/** @type {{focusFilter: () => void} | null} */
let currentView = null;
/** The route on screen. @type {{view: string, kind?: string, id?: string} | null} */
let shownRoute = null;

/** The step on top of the undo stack when last looked: a notice after a new one offers Undo. */
let lastStep = /** @type {number | null | undefined} */ (undefined);

/** Notices from the views: one that follows a new user action gets an "Undo" button. */
ctx.notify = (text, tone = 'info') => {
  const toast = notify(text, tone);
  if (tone !== 'error') {
    api.historyStacks().then((stacks) => {
      const top = stacks.undo?.id ?? null;
      if (top !== null && top !== lastStep && !stacks.undo?.refusal) addAction(toast, { label: 'Undo', run: () => { undoOrRedo('undo'); } });
      lastStep = top;
    }).catch(() => {});
  }
  return toast;
};

/**
 * Undoes (or redoes) one action, then shows the current view again with fresh data.
 * @param {'undo' | 'redo'} which
 */
async function undoOrRedo(which) {
  try {
    const step = which === 'undo' ? await api.historyUndo() : await api.historyRedo();
    if (!step) { notify(which === 'undo' ? 'Nothing to undo' : 'Nothing to redo'); return; }
    lastStep = (await api.historyStacks().catch(() => null))?.undo?.id ?? null;
    await route();
    refreshCounts();
    const again = which === 'undo' ? 'redo' : 'undo';
    notify(`${which === 'undo' ? 'Undid' : 'Redid'}: ${step.label}`, 'info',
      { label: again === 'redo' ? 'Redo' : 'Undo', run: () => { undoOrRedo(again); } });
  } catch (err) {
    notify(err instanceof Error ? err.message : String(err), 'error');
  }
}
ctx.undo = () => undoOrRedo('undo');
ctx.redo = () => undoOrRedo('redo');
ctx.navigate = (hash) => {
  if (location.hash === hash) route();
  else location.hash = hash;
};
ctx.refreshCounts = () => { refreshCounts(); };

async function refreshCounts() {
  if (!ctx.session?.settings) return;
  try {
    const counts = await api.recordCounts();
    for (const a of areas()) {
      const badge = countBadges.get(a.id);
      if (badge && a.countKind) badge.textContent = fmt.integer(counts[a.countKind] ?? 0);
    }
  } catch {
    // Counts are a convenience; the views say what is wrong.
  }
}

/** Builds the sidebar for the open organisation. */
function renderSidebar() {
  const session = /** @type {import('./api.js').SessionInfo} */ (ctx.session);
  const quarter = h('select', { id: 'quarter', 'aria-label': 'Fiscal quarter' },
    h('option', { value: '', text: 'All quarters' }),
    session.quarters.map((q) => h('option', { value: q, selected: q === ctx.quarter, text: q === session.quarter ? `${q} (current)` : q })));
  quarter.addEventListener('change', () => {
    ctx.quarter = quarter.value || null;
    route();
  });
  countBadges.clear();
  /**
   * @param {string} id
   * @param {string} title
   * @param {boolean} counted
   */
  const item = (id, title, counted) => {
    const badge = h('span', { class: 'count' });
    if (counted) countBadges.set(id, badge);
    const href = `#/${id}`;
    // Clicking the current area again reloads it (a hash change alone would not fire).
    const onclick = (/** @type {Event} */ event) => { if (location.hash === href) { event.preventDefault(); route(); } };
    return h('a', { href, class: 'nav-item', 'data-nav': id, onclick }, h('span', { text: title }), counted ? badge : null);
  };
  const fileButton = h('button', { type: 'button', class: 'file-button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', title: 'File', text: 'File' });
  const menu = h('div', { class: 'menu', role: 'menu', hidden: true },
    menuItem('New organisation…', 'Ctrl+N', fileNew),
    menuItem('Open…', 'Ctrl+O', fileOpen),
    menuItem('Save a copy…', 'Ctrl+Shift+S', fileSaveCopy),
    h('hr'),
    menuItem('Undo', 'Ctrl+Z', () => { undoOrRedo('undo'); }),
    menuItem('Redo', 'Ctrl+Shift+Z', () => { undoOrRedo('redo'); }),
    menuItem('History', '', () => ctx.navigate('#/history')),
    h('hr'),
    menuItem('Import records…', '', () => openRecordImport()),
    menuItem('Import billing…', '', () => openImport('focus')),
    h('hr'),
    menuItem('Backups…', '', fileBackups),
    h('div', { class: 'menu-note', 'data-testid': 'last-backup', text: session.last_backup ? `Last backup ${fmt.timestamp(session.last_backup)} UTC` : 'No backup yet' }),
    h('hr'),
    menuItem('Organisation settings…', '', openSettings));
  fileButton.addEventListener('click', () => { toggleMenu(menu, fileButton); refreshLastBackup(menu); });
  replace(sidebar,
    h('div', { class: 'brand' },
      h('div', { class: 'org-name', title: session.settings?.org_name ?? '', text: session.settings?.org_name ?? '' }),
      h('div', { class: 'file-row' },
        h('div', { class: 'file-name', title: session.path, text: session.file_name }),
        session.read_only && !session.backup ? h('button', {
          type: 'button', class: 'read-only-badge', 'data-testid': 'read-only', text: 'Read-only',
          title: 'Another Quartermaster has this file open for writing; here it can only be looked at. Click to edit once it is closed there.',
          onclick: editAgain,
        }) : null,
        h('div', { class: 'menu-host' }, fileButton, menu)),
      session.backup ? h('div', { class: 'backup-badge', 'data-testid': 'backup-read-only' },
        h('span', { text: 'A backup, read-only' }),
        h('button', { type: 'button', text: 'Back to the file', onclick: leaveReadOnly })) : null),
    h('div', { class: 'quarter-picker' }, quarter),
    h('nav', { class: 'nav', 'aria-label': 'Areas' },
      areas().map((a) => item(a.id, a.title, Boolean(a.countKind)))),
    h('div', { class: 'sidebar-foot' },
      h('button', { type: 'button', class: 'jump', onclick: openPalette, 'aria-keyshortcuts': 'Control+K' },
        h('span', { text: 'Jump to…' }), h('kbd', { text: 'Ctrl K' }))));
}

/** Shows the newest backup's time in the File menu (it changes after every guarded action). */
async function refreshLastBackup(/** @type {HTMLElement} */ menu) {
  const note = menu.querySelector('[data-testid="last-backup"]');
  if (!note) return;
  try {
    const [newest] = await api.backupsList();
    note.textContent = newest ? `Last backup ${fmt.timestamp(newest.taken_at)} UTC` : 'No backup yet';
  } catch {
    // The menu keeps the time it was built with.
  }
}

/**
 * @param {string} label
 * @param {string} keys
 * @param {() => void} action
 */
function menuItem(label, keys, action) {
  return h('button', {
    type: 'button', role: 'menuitem', class: 'menu-item',
    onclick: () => { closeMenus(); action(); },
  }, h('span', { text: label }), keys ? h('kbd', { text: keys }) : null);
}

/** @param {HTMLElement} menu @param {HTMLElement} button */
function toggleMenu(menu, button) {
  const open = menu.hidden;
  closeMenus();
  if (open) {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    /** @type {HTMLElement | null} */ (menu.querySelector('button'))?.focus();
  }
}

function closeMenus() {
  for (const m of document.querySelectorAll('.menu')) /** @type {HTMLElement} */ (m).hidden = true;
  // Only menu buttons: other toggles (a table's "Show all") keep their state.
  for (const b of document.querySelectorAll('.menu-host [aria-expanded="true"]')) b.setAttribute('aria-expanded', 'false');
}

/** Parses `#/area/kind/id`. */
function parseHash() {
  const [view = 'overview', kind, id] = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  return { view, kind, id };
}

/** Renders the view named by the hash and records how long it took to paint. */
async function route() {
  const seq = ++renderSeq;
  const started = performance.now();
  const { view, kind, id } = parseHash();
  let built = 0;
  main.dataset.ready = 'false';
  for (const link of sidebar.querySelectorAll('.nav-item')) {
    const current = /** @type {HTMLElement} */ (link).dataset.nav === view;
    link.classList.toggle('current', current);
    if (current) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  currentView = null;
  // Where the keyboard was, to put it back after the view is rebuilt (a save, a closed panel).
  const active = document.activeElement;
  const hadFocus = !active || active === document.body || main.contains(active);
  const keep = focusKey(main);
  const closedId = shownRoute && shownRoute.id && !id && shownRoute.view === view && shownRoute.kind === kind ? shownRoute.id : null;
  shownRoute = { view, kind, id };
  try {
    const target = document.createElement('div');
    target.className = 'view';
    const a = area(view);
    if (!a) { ctx.navigate('#/overview'); return; }
    if (kind && !a.kinds.some((k) => k.kind === kind) && !a.pages.some((p) => p.id === kind)) { ctx.navigate(`#/${a.id}`); return; }
    currentView = await renderArea(target, a, { kind, id });
    if (seq !== renderSeq) return;
    built = performance.now() - started;
    perf.boot.firstBuilt ??= performance.now();
    main.replaceChildren(target);
    const first = id ? /** @type {HTMLElement | null} */ (target.querySelector('.panel input:not([type=checkbox]), .panel select, .panel textarea, .panel button')) : null;
    if (first) first.focus();
    else if (hadFocus && (!document.activeElement || document.activeElement === document.body)) {
      const row = closedId ? `[data-id="${CSS.escape(closedId)}"][tabindex]` : null;
      if (!refocus(target, row) && !(closedId && refocus(target, '.table-wrap')) && !refocus(target, keep)) main.focus({ preventScroll: true });
    }
  } catch (err) {
    if (seq !== renderSeq) return;
    replace(main, h('div', { class: 'view' }, h('div', { class: 'problem', role: 'alert' },
      h('h1', { text: 'This view could not be shown' }), h('p', { text: err instanceof Error ? err.message : String(err) }))));
  }
  await countsLoaded;
  await afterPaint();
  if (seq !== renderSeq) return;
  const ms = performance.now() - started;
  perf.views.push({ view: `${view}${kind ? `/${kind}` : ''}${id ? `/${id}` : ''}`, ms, built });
  if (perf.firstPaint === null) perf.firstPaint = performance.timeOrigin + performance.now();
  main.dataset.view = view;
  main.dataset.kind = kind ?? '';
  main.dataset.ready = 'true';
}

/** Starts (or restarts, after a file switch) with the given session. */
async function start(/** @type {import('./api.js').SessionInfo} */ session) {
  perf.boot.session ??= performance.now();
  ctx.session = session;
  api.invalidate();
  if (!session.settings) {
    document.title = `${session.file_name} — Quartermaster`;
    document.body.classList.add('first-run');
    replace(sidebar);
    renderWelcome(main, session, { opened: (s) => { if (s) start(s); } });
    await afterPaint();
    if (perf.firstPaint === null) perf.firstPaint = performance.timeOrigin + performance.now();
    main.dataset.view = 'welcome';
    main.dataset.ready = 'true';
    return;
  }
  document.body.classList.remove('first-run');
  document.title = `${session.file_name} — ${session.settings.org_name} — Quartermaster`;
  fmt.configure(session.settings);
  ctx.quarter = session.quarter;
  renderSidebar();
  countsLoaded = refreshCounts();
  if (!location.hash || location.hash === '#' || location.hash === '#/welcome') location.hash = '#/overview';
  else await route();
}

/** A read-only window asks to write again: it can once the other Quartermaster has closed the file. */
async function editAgain() {
  try {
    const session = await api.fileReopen(false);
    if (session.problem?.kind === 'in_use') {
      await start(await api.fileReopen(true));
      notify(session.problem.message, 'error');
    } else {
      await start(session);
      notify(`${session.file_name} is open for editing`);
    }
  } catch (err) {
    notify(err instanceof Error ? err.message : String(err), 'error');
  }
}

/**
 * Another process's commits (a CLI import, the window that writes a file shown read-only here)
 * are noticed by polling the file's data version; what is shown is then rebuilt, unless the user
 * is in a dialog or typing in a form, where it waits so nothing typed is lost.
 */
let refreshDue = false;
let lastPollProblem = '';
setInterval(async () => {
  if (!ctx.session?.settings || document.hidden) return;
  try {
    if (await api.fileChanged()) refreshDue = true;
    lastPollProblem = '';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (message !== lastPollProblem) notify(message, 'error');
    lastPollProblem = message;
    return;
  }
  const typing = document.activeElement?.matches('input, textarea, select') && main.querySelector('.panel:not([hidden])');
  if (!refreshDue || document.querySelector('dialog[open]') || typing) return;
  refreshDue = false;
  api.invalidate();
  countsLoaded = refreshCounts();
  await route();
  notify('Updated with changes saved by another Quartermaster');
}, 1500);

async function fileNew() {
  const session = await modal({
    title: 'New organisation',
    className: 'wide',
    body: (close) => [
      h('p', { class: 'muted', text: 'Creates a new organisation file; you choose where to save it next.' }),
      organisationForm({
        submitLabel: 'Choose file and create…',
        onSubmit: async (organisation) => { const s = await api.fileNew(organisation); if (s) close(s); },
      }),
    ],
  });
  if (session) { location.hash = '#/overview'; await start(session); notify(`Created ${session.file_name}`); }
}

async function fileOpen() {
  try {
    const session = await api.fileOpen();
    if (session) { location.hash = '#/overview'; await start(session); notify(`Opened ${session.file_name}`); }
  } catch (err) {
    notify(err instanceof Error ? err.message : String(err), 'error');
  }
}

async function fileSaveCopy() {
  try {
    const path = await api.fileSaveCopy();
    if (path) notify(`Saved a copy to ${path}`);
  } catch (err) {
    notify(err instanceof Error ? err.message : String(err), 'error');
  }
}

async function fileBackups() {
  await openBackups(async (session, note) => {
    location.hash = '#/overview';
    await start(session);
    notify(note);
  });
}

async function leaveReadOnly() {
  try {
    const session = await api.backupsCloseReadOnly();
    await start(session);
    notify(`Back to ${session.file_name}`);
  } catch (err) {
    notify(err instanceof Error ? err.message : String(err), 'error');
  }
}

async function openSettings() {
  const settings = ctx.session?.settings;
  if (!settings) return;
  const updated = await modal({
    title: 'Organisation settings',
    className: 'wide',
    body: (close) => {
      /** @type {Record<string, HTMLElement>} */
      const errors = {};
      /** @param {string} key @param {string} label @param {HTMLElement} input */
      const field = (key, label, input) => {
        errors[key] = h('div', { class: 'field-error', 'data-error-for': key, role: 'alert' });
        input.id = `s-${key}`;
        return h('div', { class: 'field' }, h('label', { for: input.id, text: label }), input, errors[key]);
      };
      const name = h('input', { type: 'text', value: settings.org_name });
      const month = h('select', {}, Array.from({ length: 12 }, (_, i) => h('option', {
        value: i + 1, selected: i + 1 === settings.fiscal_year_start_month,
        text: new Intl.DateTimeFormat(undefined, { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2000, i, 1)),
      })));
      const currency = h('input', { type: 'text', class: 'code', maxlength: 3, value: settings.currency });
      const dates = h('select', {}, [['iso', '2026-09-30'], ['dmy', '30/09/2026'], ['mdy', '09/30/2026']].map(([v, t]) => h('option', { value: v, selected: v === settings.date_format, text: t })));
      const keepLast = h('input', { type: 'number', class: 'num', min: 1, max: 1000, value: settings.backup_keep_last });
      const keepDays = h('input', { type: 'number', class: 'num', min: 0, max: 3660, value: settings.backup_keep_daily_days });
      const keepMonths = h('input', { type: 'number', class: 'num', min: 0, max: 1200, value: settings.backup_keep_monthly_months });
      const general = h('div', { class: 'form-error', role: 'alert', hidden: true });
      const form = h('form', { class: 'org-form', novalidate: true },
        field('org_name', 'Organisation name', name),
        field('fiscal_year_start_month', 'Fiscal year starts in', month),
        field('currency', 'Reporting currency', currency),
        field('date_format', 'Dates', dates),
        field('backup_keep_last', 'Backups: keep the last', keepLast),
        field('backup_keep_daily_days', 'Backups: one a day for (days)', keepDays),
        field('backup_keep_monthly_months', 'Backups: one a month for (months)', keepMonths),
        general,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button', text: 'Cancel', onclick: () => close(null) }),
          h('button', { type: 'submit', class: 'button primary', text: 'Save settings' })));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        for (const e of Object.values(errors)) e.textContent = '';
        general.hidden = true;
        try {
          close(await api.settingsUpdate({
            org_name: name.value, fiscal_year_start_month: Number(month.value), currency: currency.value,
            date_format: /** @type {import('./api.js').DateFormat} */ (dates.value),
            backup_keep_last: Number(keepLast.value), backup_keep_daily_days: Number(keepDays.value),
            backup_keep_monthly_months: Number(keepMonths.value),
          }));
        } catch (err) {
          const key = err instanceof api.ApiError ? err.field : undefined;
          if (key && errors[key]) errors[key].textContent = err instanceof Error ? err.message : String(err);
          else { general.hidden = false; general.textContent = err instanceof Error ? err.message : String(err); }
        }
      });
      queueMicrotask(() => name.focus());
      return form;
    },
  });
  if (updated) { await start(updated); notify('Settings saved'); }
}

document.addEventListener('keydown', (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  const typing = target.matches('input, textarea, select, [contenteditable]');
  const ctrl = event.ctrlKey || event.metaKey;
  if (!ctx.session?.settings) return;
  if (ctrl && event.key.toLowerCase() === 'k') { event.preventDefault(); closeMenus(); openPalette(); return; }
  if (ctrl && event.key.toLowerCase() === 'n') { event.preventDefault(); fileNew(); return; }
  if (ctrl && event.key.toLowerCase() === 'o') { event.preventDefault(); fileOpen(); return; }
  if (ctrl && event.shiftKey && event.key.toLowerCase() === 's') { event.preventDefault(); fileSaveCopy(); return; }
  if (document.querySelector('dialog[open]')) return;
  // Undo and redo everywhere but while typing, where the field's own undo applies.
  if (ctrl && !typing && !event.altKey) {
    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) { event.preventDefault(); undoOrRedo('undo'); return; }
    if ((key === 'z' && event.shiftKey) || key === 'y') { event.preventDefault(); undoOrRedo('redo'); return; }
  }
  if (event.key === 'Escape') {
    if (document.querySelector('.menu:not([hidden])')) { closeMenus(); return; }
    const { view, kind, id } = parseHash();
    // Only a side panel closes; on pages an id picks what is shown (a scenario, a month).
    if (id && main.querySelector('.panel:not([hidden])')) { event.preventDefault(); ctx.navigate(`#/${view}/${kind}`); }
    return;
  }
  if (event.key === '/' && !typing) {
    event.preventDefault();
    currentView?.focusFilter();
  }
});
document.addEventListener('click', (event) => {
  if (!/** @type {HTMLElement} */ (event.target).closest('.menu-host')) closeMenus();
});
window.addEventListener('hashchange', () => { if (ctx.session?.settings) route(); });

api.startupMarks().then((t) => { perf.processStart = t; }).catch(() => {});
if (!location.hash || location.hash === '#/overview') prefetchOverview();
api.sessionInfo().then(start).catch((err) => {
  replace(main, h('div', { class: 'problem', role: 'alert' }, h('h1', { text: 'Quartermaster could not start' }), h('p', { text: err instanceof Error ? err.message : String(err) })));
});
