// @ts-check
/**
 * The descriptions every area gives of its kinds of record (columns, form fields, defaults),
 * and lookups of records by id for showing references by name. One generic table and one
 * generic form are driven by these descriptions.
 */
import * as api from '../api.js';

/**
 * @typedef {'text' | 'textarea' | 'int' | 'number' | 'effort' | 'money' | 'decimal' | 'percent'
 *   | 'date' | 'timestamp' | 'month' | 'quarter' | 'currency' | 'bool' | 'enum' | 'ref' | 'ids' | 'json'} ValueType
 * @typedef {import('../api.js').AnyRecord} AnyRecord
 */
/**
 * A table column.
 * @typedef {{key: string, label: string, type: ValueType, ref?: string, width?: number,
 *   currencyKey?: string, status?: Record<string, 'good' | 'warn' | 'bad' | 'muted'>}} Column
 */
/**
 * A form field.
 * @typedef {{key: string, label: string, type: ValueType, options?: string[], ref?: string,
 *   optional?: boolean, suffix?: string, hint?: string, currencyKey?: string, wide?: boolean,
 *   placeholder?: string}} Field
 */
/**
 * A kind of record as an area shows it.
 * @typedef {{kind: string, label: string, plural: string, tab?: string,
 *   name: (r: AnyRecord, lookup: Lookup) => string, columns: Column[], fields: Field[],
 *   defaults?: (ctx: {quarter: string | null, currency: string, today: string}) => Record<string, unknown>,
 *   nameNeeds?: string[], readOnly?: boolean, noCreate?: boolean, quarterKey?: string, empty: string, sort?: {key: string, dir: 1 | -1},
 *   area?: string}} KindSpec
 */
/**
 * A page of an area that is not a table of one kind (a board, a chart, a matrix): the default
 * export of `views/<area>/<page>.js`. Its `id` is kebab-case and is the route
 * (`#/<area>/<id>/<route id>`); `render` draws it into `root`, starting with
 * `viewHead(route.area, page.id, …)` so its tabs match the area's.
 * @typedef {{focusFilter: () => void}} ViewHandle
 * @typedef {{area: Area, id?: string}} PageRoute
 * @typedef {{id: string, tab: string,
 *   render: (root: HTMLElement, route: PageRoute) => Promise<ViewHandle | void>}} Page
 */
/**
 * An entry of the sidebar (`views/<area>.js`): its pages first (the first is where the area
 * opens), then its kinds. Overview and Reports are areas of one page and no kinds.
 * @typedef {{id: string, title: string, countKind?: string, pages: Page[], kinds: KindSpec[]}} Area
 */
/** @typedef {(kind: string, id: number | null | undefined) => string} Lookup */

/** @type {Map<string, KindSpec>} */
const kinds = new Map();
/** @type {Area[]} */
const areaList = [];

/** @param {Area} area */
export function registerArea(area) {
  areaList.push(area);
  for (const spec of area.kinds) {
    spec.area = area.id;
    kinds.set(spec.kind, spec);
  }
}

/** @returns {Area[]} */
export const areas = () => areaList;

/** @param {string} id */
export const area = (id) => areaList.find((a) => a.id === id);

/** @param {string} kind */
export function kindSpec(kind) {
  const spec = kinds.get(kind);
  if (!spec) throw new Error(`unknown kind ${kind}`);
  return spec;
}

/** @param {string} kind */
export const hasKind = (kind) => kinds.has(kind);

/**
 * Loads the lists that `kindsNeeded` refer to and returns a lookup naming a record by id.
 * @param {Iterable<string>} kindsNeeded
 * @returns {Promise<Lookup>}
 */
export async function loadLookup(kindsNeeded) {
  const wanted = [...new Set(kindsNeeded)];
  const lists = await Promise.all(wanted.map((k) => api.recordList(k)));
  /** @type {Map<string, Map<number, AnyRecord>>} */
  const byKind = new Map(wanted.map((k, i) => [k, new Map(lists[i].map((r) => [r.id, r]))]));
  /** @type {Lookup} */
  const lookup = (kind, id) => {
    if (id === null || id === undefined) return '';
    const record = byKind.get(kind)?.get(id);
    if (!record) return `#${id}`;
    return kinds.get(kind)?.name(record, lookup) ?? `#${id}`;
  };
  return lookup;
}

/**
 * Every kind a spec's columns and fields refer to, including what those names need.
 * @param {KindSpec} spec
 */
export function referencedKinds(spec) {
  /** @type {Set<string>} */
  const out = new Set();
  /** @param {string} kind */
  const add = (kind) => {
    if (out.has(kind)) return;
    out.add(kind);
    for (const k of kinds.get(kind)?.nameNeeds ?? []) add(k);
  };
  for (const item of [...spec.columns, ...spec.fields]) if (item.ref) add(item.ref);
  for (const k of spec.nameNeeds ?? []) add(k);
  out.add(spec.kind);
  return out;
}
