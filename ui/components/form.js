// @ts-check
/**
 * The one record form, built from an area's field descriptions: labels above fields, units in
 * suffixes, defaults filled in. Validation is Rust's: an error that names a field is shown
 * next to that field, any other above the buttons.
 */
import * as api from '../api.js';
import * as fmt from '../format.js';
import { h } from './dom.js';
import { ctx } from '../context.js';

/** @typedef {import('./registry.js').Field} Field */
/** @typedef {import('./registry.js').KindSpec} KindSpec */
/** @typedef {import('./registry.js').Lookup} Lookup */
/** @typedef {import('../api.js').AnyRecord} AnyRecord */

/**
 * @param {{spec: KindSpec, record: Record<string, any>, lookup: Lookup,
 *   options: Map<string, AnyRecord[]>}} args
 */
export function buildForm({ spec, record, lookup, options }) {
  /** @type {Map<string, {field: Field, input: HTMLElement, error: HTMLElement}>} */
  const controls = new Map();
  const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });

  const rows = spec.fields.map((field) => {
    const id = `f-${field.key}`;
    const error = h('div', { class: 'field-error', id: `${id}-error`, 'data-error-for': field.key, role: 'alert' });
    const input = control(field, record, id, lookup, options);
    input.setAttribute('aria-describedby', `${id}-error`);
    controls.set(field.key, { field, input, error });
    const labelled = field.type === 'bool'
      ? h('label', { class: 'check', for: id }, input, field.label)
      : [h('label', { for: id, text: field.label }),
        field.suffix ? h('div', { class: 'affix' }, input, h('span', { class: 'suffix', text: field.suffix })) : input];
    return h('div', { class: `field ${field.wide ? 'wide' : ''} ${field.type === 'bool' ? 'bool' : ''}`, 'data-field': field.key },
      labelled, field.hint ? h('div', { class: 'hint', text: field.hint }) : null, error);
  });

  /** Clears every error. */
  function clearErrors() {
    formError.hidden = true;
    formError.textContent = '';
    for (const { input, error } of controls.values()) {
      error.textContent = '';
      input.removeAttribute('aria-invalid');
    }
  }

  /**
   * Shows an error from Rust next to its field (or above the buttons).
   * @param {api.ApiError} err
   */
  function showError(err) {
    const target = err.field ? controls.get(err.field) : undefined;
    if (target) {
      target.error.textContent = err.message;
      target.input.setAttribute('aria-invalid', 'true');
      target.input.focus();
    } else {
      formError.hidden = false;
      formError.textContent = err.field && err.field !== 'record' ? `${err.field}: ${err.message}` : err.message;
    }
  }

  /**
   * The record as typed, ready for `record_save` (money parsed in Rust to minor units).
   * A required number left empty is left out, so Rust names it as required.
   * @returns {Promise<Record<string, unknown>>}
   */
  async function values() {
    /** @type {Record<string, unknown>} */
    const out = { ...record };
    for (const { field, input } of controls.values()) {
      const key = field.key;
      const el = /** @type {HTMLInputElement} */ (input);
      const raw = el.value ?? '';
      const blank = raw.trim() === '';
      switch (field.type) {
        case 'bool': out[key] = el.checked; break;
        case 'int': case 'number': case 'effort': case 'percent': case 'ref':
          if (blank) { if (field.optional) out[key] = null; else delete out[key]; } else out[key] = Number(raw);
          break;
        case 'enum': case 'date': case 'month': case 'quarter':
          if (blank) { if (field.optional) out[key] = null; else delete out[key]; } else out[key] = raw.trim();
          break;
        case 'timestamp':
          if (blank) { if (field.optional) out[key] = null; else delete out[key]; } else out[key] = `${raw.length === 16 ? `${raw}:00` : raw}Z`;
          break;
        case 'money': {
          const currencyInput = field.currencyKey ? /** @type {HTMLInputElement | undefined} */ (controls.get(field.currencyKey)?.input) : undefined;
          const currency = currencyInput?.value || record[field.currencyKey ?? ''] || fmt.reportingCurrency();
          out[key] = blank ? 0 : await api.parseAmount(raw, currency, key);
          break;
        }
        case 'ids': {
          const boxes = /** @type {NodeListOf<HTMLInputElement>} */ (input.querySelectorAll('input[type=checkbox]'));
          out[key] = [...boxes].filter((b) => b.checked).map((b) => Number(b.value));
          break;
        }
        default: out[key] = raw;
      }
    }
    return out;
  }

  return { fields: rows, formError, clearErrors, showError, values, controls };
}

/**
 * The input for one field.
 * @param {Field} field
 * @param {Record<string, any>} record
 * @param {string} id
 * @param {Lookup} lookup
 * @param {Map<string, AnyRecord[]>} options
 * @returns {HTMLElement}
 */
function control(field, record, id, lookup, options) {
  const value = record[field.key];
  const common = { id, name: field.key, placeholder: field.placeholder ?? null };
  switch (field.type) {
    case 'textarea':
      return h('textarea', { ...common, rows: 3, value: value ?? '' });
    case 'bool':
      return h('input', { ...common, type: 'checkbox', checked: Boolean(value) });
    case 'int': case 'percent':
      return h('input', { ...common, type: 'number', step: 1, inputmode: 'numeric', class: 'num', value: value ?? '' });
    case 'number': case 'effort':
      return h('input', { ...common, type: 'number', step: 'any', inputmode: 'decimal', class: 'num', value: value ?? '' });
    case 'money': {
      const currency = (field.currencyKey && record[field.currencyKey]) || fmt.reportingCurrency();
      return h('input', { ...common, type: 'text', inputmode: 'decimal', class: 'num', value: value === null || value === undefined ? '' : fmt.minorToText(value, currency) });
    }
    case 'date':
      return h('input', { ...common, type: 'date', value: value ?? '' });
    case 'timestamp':
      return h('input', { ...common, type: 'datetime-local', value: value ? String(value).slice(0, 16) : '' });
    case 'month':
      return h('input', { ...common, type: 'text', placeholder: '2026-09', value: value ?? '' });
    case 'quarter': {
      const list = h('datalist', { id: `${id}-list` }, (ctx.session?.quarters ?? []).map((q) => h('option', { value: q })));
      const input = h('input', { ...common, type: 'text', list: `${id}-list`, placeholder: 'FY2027-Q1', value: value ?? '' });
      input.appendChild(list);
      return input;
    }
    case 'currency':
      return h('input', { ...common, type: 'text', maxlength: 3, class: 'code', value: value ?? '' });
    case 'enum':
      return h('select', common,
        field.optional ? h('option', { value: '', text: '— none —' }) : null,
        (field.options ?? []).map((o) => h('option', { value: o, text: fmt.words(o), selected: o === value })));
    case 'ref': {
      const records = options.get(/** @type {string} */ (field.ref)) ?? [];
      const choices = records
        .map((r) => ({ id: r.id, label: lookup(/** @type {string} */ (field.ref), r.id) }))
        .sort((a, b) => fmt.collator.compare(a.label, b.label));
      return h('select', common,
        h('option', { value: '', text: field.optional ? '— none —' : '— choose —', selected: value === null || value === undefined }),
        choices.map((c) => h('option', { value: c.id, text: c.label, selected: c.id === value })));
    }
    case 'ids': {
      const records = options.get(/** @type {string} */ (field.ref)) ?? [];
      const chosen = new Set(Array.isArray(value) ? value : []);
      return h('div', { ...common, class: 'checks', role: 'group', tabindex: -1 },
        records.map((r) => h('label', { class: 'check' },
          h('input', { type: 'checkbox', value: r.id, checked: chosen.has(r.id) }),
          lookup(/** @type {string} */ (field.ref), r.id))));
    }
    default:
      return h('input', { ...common, type: 'text', value: value ?? '', autocomplete: 'off' });
  }
}
