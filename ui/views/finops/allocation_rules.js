// @ts-check
/**
 * FinOps › Allocation rules: the rules in priority order with what each catches of the imported
 * spend and what stays unallocated. Editing a rule previews it live (the unsaved rule, in its
 * place among the others); Alt+↑/↓ on a row, or Move up/down in the editor, reorders them.
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { ctx } from '../../context.js';
import { h, replace } from '../../components/dom.js';
import { confirmDialog } from '../../components/dialog.js';
import { buildForm } from '../../components/form.js';
import { loadLookup } from '../../components/registry.js';
import { viewHead } from '../../components/view_head.js';
import { amount, th } from './common.js';

/** @typedef {import('../../api.js').AllocationRule} AllocationRule */
/** @typedef {import('../../api.js').AllocationPreview} AllocationPreview */

const CATEGORIES = ['training', 'inference', 'storage', 'data', 'other'];
const MATCH_ON = ['tag', 'service', 'sub_account', 'resource'];
const MATCH_WORDS = { tag: 'Tag', service: 'Service', sub_account: 'Sub-account', resource: 'Resource id' };

/** The editor's fields (the generic form builds them). @type {import('../../components/registry.js').KindSpec} */
const RULE_FORM = {
  kind: 'allocation_rule',
  label: 'allocation rule',
  plural: 'allocation rules',
  name: (r) => ruleName(/** @type {any} */ (r)),
  columns: [],
  empty: '',
  fields: [
    { key: 'match_on', label: 'Match on', type: 'enum', options: MATCH_ON },
    { key: 'tag_key', label: 'Tag key', type: 'text', placeholder: 'team' },
    { key: 'pattern', label: 'Pattern', type: 'text', wide: true, hint: 'Exact value, or * for any run of characters (case is ignored)', placeholder: 'ranker-*' },
    { key: 'model_id', label: 'Model', type: 'ref', ref: 'model', optional: true, hint: 'Empty: the model whose cost tag matches' },
    { key: 'team_id', label: 'Team', type: 'ref', ref: 'team', optional: true, hint: 'Empty: the model\'s owner team' },
    { key: 'category', label: 'Category', type: 'enum', options: CATEGORIES },
    { key: 'priority', label: 'Priority', type: 'int', hint: 'Lower is tried first' },
  ],
};

/** @param {AllocationRule} r */
function ruleName(r) {
  return `${MATCH_WORDS[/** @type {keyof MATCH_WORDS} */ (r.match_on)] ?? r.match_on} ${r.match_on === 'tag' && r.tag_key ? `${r.tag_key} = ` : ''}${r.pattern}`;
}

/** The month the preview covers (`null`: all months); kept while the app runs. @type {string | null} */
let previewMonth = null;

/** @param {AllocationRule[]} rules */
const ordered = (rules) => [...rules].sort((a, b) => a.priority - b.priority || a.id - b.id);

/** @type {import('../../components/registry.js').Page} */
export default { id: 'allocation-rules', tab: 'Allocation rules', render: renderAllocationRules };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route `id`: a rule id or `new`
 */
async function renderAllocationRules(root, route) {
  const { area } = route;
  const [stored, lookup, models, teams] = await Promise.all([
    api.recordList('allocation_rule').then((list) => ordered(/** @type {AllocationRule[]} */ (/** @type {unknown} */ (list)))),
    loadLookup(['model', 'team']),
    api.recordList('model'),
    api.recordList('team'),
  ]);
  const editing = route.id === 'new' ? 'new' : route.id ? Number(route.id) : null;
  const filterInput = h('input', {
    type: 'search', class: 'filter', 'data-filter': 'allocation-rules', placeholder: 'Filter rules…',
    'aria-label': 'Filter allocation rules', 'aria-keyshortcuts': '/',
  });
  const newButton = h('button', { type: 'button', class: 'button primary', 'data-action': 'new', text: 'New rule', onclick: () => ctx.navigate('#/finops/allocation-rules/new') });
  const countText = h('span', { class: 'row-count', 'aria-live': 'polite' });
  const monthPicker = h('select', { class: 'fo-month', 'aria-label': 'Preview over', 'data-testid': 'preview-month' },
    h('option', { value: '', text: 'All months' }),
    previewMonth ? h('option', { value: previewMonth, selected: true, text: fmt.month(previewMonth) }) : null);
  const tbody = h('tbody');
  const tfoot = h('tfoot');
  const summaryLine = h('div', { class: 'fo-rules-summary', 'data-testid': 'allocation-summary', 'aria-live': 'polite' });
  const table = h('table', { class: 'grid fo-grid', 'aria-label': 'Allocation rules in priority order' },
    h('thead', {}, h('tr', {},
      th('#', 60, true),
      th('Rule (matched in priority order)'),
      th('Goes to', undefined, false, true),
      th('Lines', 80, true),
      th(`Catches (${fmt.reportingCurrency()})`, 140, true),
      th('Share', 76, true))),
    tbody, tfoot);
  const empty = h('div', { class: 'empty', hidden: stored.length > 0 },
    h('p', { text: 'No allocation rules yet. Rules map billing lines to models, teams and categories by tag, service, sub-account or resource id; spend no rule catches is reported as unallocated.' }),
    h('button', { type: 'button', class: 'button', text: 'New rule', onclick: () => ctx.navigate('#/finops/allocation-rules/new') }));
  const panel = h('aside', { class: 'panel fo-rule-panel', hidden: true, 'aria-label': 'Allocation rule' });

  /** The rules as the table shows them: stored, with the one being edited replaced by its draft. */
  let shownRules = stored;
  /** @type {AllocationPreview | null} */
  let preview = null;
  /** Id of the draft in `shownRules` (0 for a new rule), or null when nothing is edited. */
  let draftId = editing === 'new' ? 0 : editing;

  function render() {
    const words = filterInput.value.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const list = ordered(shownRules);
    const catchOf = (/** @type {AllocationRule} */ r) => {
      const index = shownRules.indexOf(r);
      return preview?.rules.find((c) => c.index === index) ?? null;
    };
    const text = (/** @type {AllocationRule} */ r) => [ruleName(r), r.tag_key, r.pattern, lookup('model', r.model_id), lookup('team', r.team_id), r.category].join(' ').toLocaleLowerCase();
    const rows = list.filter((r) => words.every((w) => text(r).includes(w)));
    replace(tbody, rows.map((r) => {
      const c = catchOf(r);
      const isDraft = draftId !== null && r.id === draftId;
      return h('tr', {
        'data-id': r.id, tabindex: 0,
        class: isDraft ? 'active fo-draft' : null, 'aria-selected': isDraft ? 'true' : null,
        onclick: () => ctx.navigate(`#/finops/allocation-rules/${r.id || 'new'}`),
        onkeydown: (/** @type {KeyboardEvent} */ e) => keyOnRow(e, r),
      },
      h('td', { class: 'num', text: String(list.indexOf(r) + 1) }),
      h('td', { title: ruleName(r) }, ruleCell(r), isDraft ? h('span', { class: 'pill warn fo-unsaved', text: r.id ? 'editing' : 'new' }) : null),
      h('td', { class: 'fo-wide-only', title: goesTo(r) , text: goesTo(r) }),
      h('td', { class: 'num', 'data-testid': 'rule-lines', text: c ? fmt.integer(c.lines) : '…' }),
      h('td', { class: 'num', 'data-testid': 'rule-spend', 'data-exact': c?.effective_cost ?? null, text: c ? amount(c.effective_cost) : '…' }),
      h('td', { class: 'num', text: c ? fmt.percent(c.share_percent) : '' }));
    }));
    replace(tfoot, preview ? h('tr', { class: 'fo-unallocated', 'data-testid': 'unallocated-row' },
      h('td', {}),
      h('td', {}, h('span', { class: 'pill muted', text: 'Unallocated' }), ' spend no rule catches'),
      h('td', { class: 'fo-wide-only' }),
      h('td', { class: 'num', text: fmt.integer(preview.unallocated_lines) }),
      h('td', { class: 'num', 'data-exact': preview.unallocated_effective_cost, text: amount(preview.unallocated_effective_cost) }),
      h('td', { class: 'num', text: fmt.percent(preview.unallocated_share_percent) })) : null);
    table.hidden = shownRules.length === 0;
    empty.hidden = shownRules.length > 0;
    countText.textContent = `${fmt.count(rows.length, list.length, 'allocation rule', 'allocation rules')} · Alt+↑/↓ on a row moves it`;
    summaryLine.textContent = preview
      ? `Total effective cost ${amount(preview.total_effective_cost)} ${preview.currency}, ${preview.month ? fmt.month(preview.month) : 'all months'}${preview.other_currency_lines ? ` · ${fmt.plural(preview.other_currency_lines, 'line')} in other currencies not counted` : ''}`
      : 'Working out what each rule catches…';
  }

  /** How a rule matches, with its pattern as code. @param {AllocationRule} r */
  function ruleCell(r) {
    const on = MATCH_WORDS[/** @type {keyof MATCH_WORDS} */ (r.match_on)] ?? r.match_on;
    return [h('span', { class: 'muted', text: r.match_on === 'tag' ? `Tag ${r.tag_key} = ` : `${on} ` }), h('code', { text: r.pattern })];
  }

  /** Where a rule sends spend. @param {AllocationRule} r */
  function goesTo(r) {
    return `${fmt.words(r.category)} · ${r.model_id ? lookup('model', r.model_id) : 'model from tag'} · ${r.team_id ? lookup('team', r.team_id) : 'owner team'}`;
  }

  /** @param {KeyboardEvent} event @param {AllocationRule} rule */
  function keyOnRow(event, rule) {
    const row = /** @type {HTMLElement} */ (event.currentTarget);
    if (event.key === 'Enter') { event.preventDefault(); ctx.navigate(`#/finops/allocation-rules/${rule.id || 'new'}`); return; }
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      if (rule.id) move(rule.id, event.key === 'ArrowUp' ? -1 : 1);
      return;
    }
    if (event.key === 'ArrowDown') { event.preventDefault(); /** @type {HTMLElement | null} */ (row.nextElementSibling)?.focus(); }
    if (event.key === 'ArrowUp') { event.preventDefault(); /** @type {HTMLElement | null} */ (row.previousElementSibling)?.focus(); }
  }

  /**
   * Moves a stored rule one place up or down and saves the new order.
   * @param {number} id
   * @param {-1 | 1} step
   */
  async function move(id, step) {
    const ids = ordered(stored).map((r) => r.id);
    const at = ids.indexOf(id);
    const to = at + step;
    if (at < 0 || to < 0 || to >= ids.length) return;
    [ids[at], ids[to]] = [ids[to], ids[at]];
    try {
      const updated = ordered(await api.finopsAllocationReorder(ids));
      stored.splice(0, stored.length, ...updated);
      ctx.notify(`Moved the rule to place ${to + 1}`);
      if (afterReorder) await afterReorder(); else await runPreview(stored);
      /** @type {HTMLElement | null} */ (tbody.querySelector(`tr[data-id="${id}"]`))?.focus();
    } catch (err) {
      ctx.notify(err instanceof Error ? err.message : String(err), 'error');
    }
  }

  /** Set while a rule is edited: keeps its form in step after a reorder. @type {(() => Promise<void>) | null} */
  let afterReorder = null;
  let previewSeq = 0;
  /** @param {AllocationRule[]} rules @param {(p: AllocationPreview) => void} [after] @param {(e: unknown) => void} [failed] */
  async function runPreview(rules, after, failed) {
    const seq = ++previewSeq;
    try {
      const result = await api.finopsAllocationPreview(rules, previewMonth);
      if (seq !== previewSeq) return;
      shownRules = rules;
      preview = result;
      if (monthPicker.options.length !== result.months.length + 1) {
        replace(monthPicker, h('option', { value: '', text: 'All months' }),
          [...result.months].reverse().map((m) => h('option', { value: m, selected: m === previewMonth, text: fmt.month(m) })));
      }
      render();
      after?.(result);
    } catch (err) {
      if (seq !== previewSeq) return;
      if (failed) failed(err); else ctx.notify(err instanceof Error ? err.message : String(err), 'error');
    }
  }

  /** Runs the preview again for the month chosen (the editor replaces it with its draft's). */
  let refreshPreview = () => runPreview(stored);
  monthPicker.addEventListener('change', () => {
    previewMonth = monthPicker.value || null;
    refreshPreview();
  });
  filterInput.addEventListener('input', render);
  filterInput.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter') { event.preventDefault(); /** @type {HTMLElement | null} */ (tbody.querySelector('tr'))?.focus(); }
  });
  render();

  replace(root,
    viewHead(area, 'allocation-rules', h('label', { class: 'fo-month-label', text: 'Preview over' }), monthPicker, h('div', { class: 'grow' }), filterInput, newButton),
    h('div', { class: 'view-body' },
      h('div', { class: 'table-host' }, summaryLine, h('div', { class: 'table-wrap fo-wrap' }, table, empty)),
      panel),
    h('footer', { class: 'view-foot' }, countText));

  if (editing !== null) {
    const record = editing === 'new'
      ? /** @type {AllocationRule} */ ({ id: 0, priority: (ordered(stored).at(-1)?.priority ?? 0) + 10, match_on: 'tag', tag_key: '', pattern: '', model_id: null, team_id: null, category: 'inference' })
      : stored.find((r) => r.id === editing);
    if (!record) {
      ctx.notify(`Allocation rule #${editing} no longer exists`, 'error');
      await runPreview(stored);
    } else {
      openEditor(record);
    }
  } else {
    await runPreview(stored);
  }
  return { focusFilter: () => filterInput.focus() };

  /** @param {AllocationRule} record */
  function openEditor(record) {
    const close = () => ctx.navigate('#/finops/allocation-rules');
    const form = buildForm({ spec: RULE_FORM, record, lookup, options: new Map([['model', models], ['team', teams]]) });
    const tagField = /** @type {HTMLElement | null} */ (form.fields.find((f) => f.dataset.field === 'tag_key') ?? null);
    const matchInput = /** @type {HTMLSelectElement} */ (form.controls.get('match_on')?.input);
    const syncTagField = () => { if (tagField) tagField.hidden = matchInput.value !== 'tag'; };
    syncTagField();
    const catches = h('div', { class: 'fo-catch', 'data-testid': 'rule-preview', 'aria-live': 'polite', text: 'Working out what this rule catches…' });
    const previewError = h('div', { class: 'field-error', role: 'alert' });
    const saveButton = h('button', { type: 'submit', class: 'button primary', 'data-action': 'save', text: record.id ? 'Save' : 'Create rule' });
    const moveButtons = record.id ? [
      h('button', { type: 'button', class: 'button', 'data-action': 'move-up', 'aria-keyshortcuts': 'Alt+ArrowUp', text: '↑ Move up', onclick: () => move(record.id, -1) }),
      h('button', { type: 'button', class: 'button', 'data-action': 'move-down', 'aria-keyshortcuts': 'Alt+ArrowDown', text: '↓ Move down', onclick: () => move(record.id, 1) }),
    ] : [];
    const formEl = h('form', { class: 'record-form', novalidate: true, 'data-kind': 'allocation_rule' },
      h('div', { class: 'fo-panel-section' }, h('h3', { text: 'Live preview' }), catches, previewError),
      h('div', { class: 'fields' }, form.fields),
      record.id ? h('div', { class: 'fo-move' }, moveButtons) : null,
      form.formError,
      h('div', { class: 'panel-actions' },
        saveButton,
        h('button', { type: 'button', class: 'button', text: 'Cancel', onclick: close }),
        h('div', { class: 'grow' }),
        record.id ? h('button', { type: 'button', class: 'button danger-quiet', 'data-action': 'delete', text: 'Delete…', onclick: () => confirmDelete(record) }) : null));

    /** Previews the draft in its place among the stored rules. */
    async function previewDraft() {
      /** @type {AllocationRule} */
      let draft;
      try {
        draft = /** @type {AllocationRule} */ (await form.values());
      } catch (err) {
        previewError.textContent = err instanceof Error ? err.message : String(err);
        return;
      }
      const rules = record.id ? stored.map((r) => (r.id === record.id ? draft : r)) : [...stored, draft];
      const index = rules.indexOf(draft);
      await runPreview(rules, (p) => {
        previewError.textContent = '';
        const c = p.rules.find((x) => x.index === index);
        if (!c) return;
        replace(catches,
          h('div', { class: 'figures' },
            h('div', { class: 'figure' }, h('span', { class: 'figure-value', 'data-exact': c.effective_cost, 'data-testid': 'draft-spend', text: amount(c.effective_cost) }), h('span', { class: 'figure-label', text: `caught (${p.currency})` })),
            h('div', { class: 'figure' }, h('span', { class: 'figure-value', 'data-testid': 'draft-lines', text: fmt.integer(c.lines) }), h('span', { class: 'figure-label', text: 'lines' })),
            h('div', { class: 'figure' }, h('span', { class: 'figure-value', text: fmt.percent(c.share_percent) }), h('span', { class: 'figure-label', text: 'of spend' }))),
          h('p', { class: 'note' }, 'Still unallocated with this rule: ',
            h('strong', { 'data-testid': 'draft-unallocated', 'data-exact': p.unallocated_effective_cost, text: `${amount(p.unallocated_effective_cost)} ${p.currency}` }),
            ` (${fmt.percent(p.unallocated_share_percent)}). Rules before it take their spend first.`));
      }, (err) => {
        previewError.textContent = err instanceof Error ? err.message : String(err);
      });
    }

    refreshPreview = () => previewDraft();
    afterReorder = async () => {
      const now = stored.find((r) => r.id === record.id);
      const input = /** @type {HTMLInputElement | undefined} */ (form.controls.get('priority')?.input);
      if (now && input) input.value = String(now.priority);
      await previewDraft();
    };
    let timer = 0;
    const schedule = () => { syncTagField(); clearTimeout(timer); timer = window.setTimeout(previewDraft, 150); };
    formEl.addEventListener('input', schedule);
    formEl.addEventListener('change', schedule);
    formEl.addEventListener('submit', async (event) => {
      event.preventDefault();
      form.clearErrors();
      saveButton.disabled = true;
      try {
        const values = await form.values();
        if (values.match_on !== 'tag') values.tag_key = '';
        const saved = /** @type {AllocationRule} */ (/** @type {unknown} */ (await api.recordSave('allocation_rule', values)));
        ctx.notify(`Saved allocation rule ${ruleName(saved)}`);
        ctx.navigate('#/finops/allocation-rules');
      } catch (err) {
        form.showError(err instanceof api.ApiError ? err : new api.ApiError({ kind: 'app', message: String(err) }));
      } finally {
        saveButton.disabled = false;
      }
    });
    replace(panel,
      h('div', { class: 'panel-head' },
        h('div', {}, h('div', { class: 'eyebrow', text: record.id ? 'Allocation rule' : 'New' }), h('h2', { text: record.id ? ruleName(record) : 'New allocation rule' })),
        h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', title: 'Close (Esc)', text: '×', onclick: close })),
      formEl);
    panel.hidden = false;
    table.classList.add('fo-panel-open');
    previewDraft();
  }

  /** @param {AllocationRule} record */
  async function confirmDelete(record) {
    const ok = await confirmDialog({
      title: `Delete allocation rule ${ruleName(record)}?`,
      lines: ['The spend it catches goes to the next rule that matches, or stays unallocated.'],
      confirm: 'Delete rule',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.recordDelete('allocation_rule', record.id);
      ctx.notify(`Deleted allocation rule ${ruleName(record)}`);
      ctx.navigate('#/finops/allocation-rules');
    } catch (err) {
      ctx.notify(err instanceof Error ? err.message : String(err), 'error');
    }
  }
}
