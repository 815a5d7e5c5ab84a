// @ts-check
/**
 * The forms of the guided import's steps 3 and 4: which column fills each field (or one value
 * for every row, and the unit of an effort), and what each status or team name found in the
 * file stands for (a choice, a team, a team to create, or nothing: the row must be fixed).
 * Each returns its node and a `read()` giving what the user chose; Rust decides the rest.
 */
import { h } from '../../components/dom.js';
import * as fmt from '../../format.js';

/** @typedef {import('./types.js').ImportMapping} ImportMapping */
/** @typedef {import('./types.js').ImportField} ImportField */
/** @typedef {import('./types.js').ImportValueQuestion} ImportValueQuestion */

/** The value of a step-4 choice that creates a team. */
const CREATE = '__create__';

/**
 * Step 3: one line per field.
 * @param {import('./types.js').ImportPreview} preview
 * @param {ImportMapping} mapping
 * @returns {{node: HTMLElement, read: () => ImportMapping}}
 */
export function columnsStep(preview, mapping) {
  const lines = preview.fields.map((field) => fieldLine(field, preview.headers, mapping));
  const node = h('div', { class: 'ri-columns-box' },
    h('table', { class: 'mini ri-columns', 'aria-label': 'Columns to fields', 'data-testid': 'import-columns' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: 'Field' }),
        h('th', { scope: 'col', text: 'Column in the file' }),
        h('th', { scope: 'col', text: 'Or one value for every row' }))),
      h('tbody', {}, lines.map((l) => l.row))));
  return {
    node,
    read: () => {
      /** @type {ImportMapping} */
      const next = { ...mapping, columns: {}, constants: {}, units: {} };
      for (const l of lines) {
        const name = l.field.name;
        if (l.column.value) next.columns[name] = l.column.value;
        else if (l.constant.value.trim()) next.constants[name] = l.constant.value.trim();
        if (l.unit && l.unit.value && l.column.value) next.units[name] = /** @type {'seconds'|'hours'|'days'} */ (l.unit.value);
      }
      return next;
    },
  };
}

/**
 * @param {ImportField} field
 * @param {string[]} headers
 * @param {ImportMapping} mapping
 */
function fieldLine(field, headers, mapping) {
  const id = `ri-col-${field.name}`;
  const chosen = mapping.columns[field.name] ?? '';
  const column = h('select', { id, 'data-role': 'column', 'aria-label': `Column for ${field.label}` },
    h('option', { value: '', text: '— not in the file —' }),
    headers.map((header) => h('option', { value: header, selected: header === chosen, text: header })));
  const given = mapping.constants[field.name] ?? '';
  const constantLabel = `Value of ${field.label} for every row`;
  /** @type {HTMLInputElement | HTMLSelectElement} */
  const constant = field.type === 'choice' || field.type === 'bool'
    ? h('select', { 'data-role': 'constant', 'aria-label': constantLabel },
      h('option', { value: '', text: field.default === null ? '—' : `default (${field.type === 'bool' ? (field.default === '1' ? 'yes' : 'no') : field.default})` }),
      (field.type === 'bool' ? ['yes', 'no'] : field.choices).map((c) => h('option', { value: c, selected: c === given, text: fmt.words(c) })))
    : h('input', { type: 'text', 'data-role': 'constant', 'aria-label': constantLabel, value: given, placeholder: field.default !== null ? `default: ${field.default || '(empty)'}` : field.optional ? 'empty' : '' });
  const unit = field.type === 'number' && field.name.endsWith('_pw')
    ? h('select', { 'data-role': 'unit', 'aria-label': `Unit of the ${field.label} column` },
      [['', 'person-weeks'], ['seconds', 'seconds (Jira estimates)'], ['hours', 'hours'], ['days', 'days']]
        .map(([value, text]) => h('option', { value, selected: (mapping.units[field.name] ?? '') === value, text })))
    : null;
  const sync = () => { constant.disabled = Boolean(column.value); if (unit) unit.disabled = !column.value; };
  column.addEventListener('change', sync);
  sync();
  const row = h('tr', { 'data-field': field.name, class: field.required ? 'required' : '' },
    h('th', { scope: 'row' },
      h('label', { for: id, text: field.label }),
      field.required ? h('span', { class: 'ri-required', title: 'Required', text: ' *' }) : null),
    h('td', {}, column, unit),
    h('td', {}, constant));
  return { field, row, column, constant, unit };
}

/**
 * Step 4: the values found in the mapped status and reference columns.
 * @param {ImportValueQuestion[]} questions
 * @returns {{node: HTMLElement, read: () => {field: string, value: string, target: string}[]}}
 */
export function valuesStep(questions) {
  if (!questions.length) {
    return { node: h('p', { class: 'muted', text: 'No statuses or names to map: every mapped column is read as it is.' }), read: () => [] };
  }
  /** @type {Map<string, ImportValueQuestion[]>} */
  const byField = new Map();
  for (const q of questions) byField.set(q.field, [...(byField.get(q.field) ?? []), q]);
  /** @type {{q: ImportValueQuestion, select: HTMLSelectElement}[]} */
  const answers = [];
  const groups = [...byField.values()].map((group) => {
    const first = group[0];
    const attention = group.filter((q) => q.proposed === null).length;
    return h('fieldset', { class: 'ri-values', 'data-field': first.field },
      h('legend', { text: `${first.label} — column “${first.column}”${attention ? ` · ${attention === 1 ? '1 value matches' : `${attention} values match`} nothing` : ''}` }),
      h('table', { class: 'mini' }, h('tbody', {}, group.map((q) => {
        const select = h('select', { 'data-role': 'value', 'data-value': q.value, 'aria-label': `${first.label} for “${q.value}”` },
          h('option', { value: '', text: 'No match — fix the rows' }),
          q.can_create && !q.choices.includes(q.value) ? h('option', { value: CREATE, selected: q.create, text: `Create team “${q.value}”` }) : null,
          q.choices.map((c) => h('option', { value: c, selected: !q.create && c === q.proposed, text: c })));
        answers.push({ q, select });
        return h('tr', { class: q.proposed === null ? 'ri-unmatched' : '' },
          h('th', { scope: 'row', title: q.value, text: q.value }),
          h('td', { class: 'num', text: fmt.plural(q.rows, 'row') }),
          h('td', { text: '→' }),
          h('td', {}, select));
      }))));
  });
  return {
    node: h('div', { class: 'ri-values-box', 'data-testid': 'import-values' }, groups),
    read: () => answers.map(({ q, select }) => ({ field: q.field, value: q.value, target: select.value })),
  };
}

/**
 * The mapping with step 4's answers: a value mapped elsewhere, or a team to create.
 * @param {ImportMapping} mapping
 * @param {{field: string, value: string, target: string}[]} answers
 * @returns {ImportMapping}
 */
export function mappingFrom(mapping, answers) {
  /** @type {Record<string, Record<string, string>>} */
  const values = {};
  /** @type {string[]} */
  const create = [];
  for (const { field, value, target } of answers) {
    if (target === CREATE) create.push(value);
    else if (target && target !== value) (values[field] ??= {})[value] = target;
  }
  return { ...mapping, values, create_teams: create };
}
