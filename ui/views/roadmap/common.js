// @ts-check
/** What the roadmap pages share: which quarters they show, status pills, person-weeks, errors. */
import * as fmt from '../../format.js';
import { h } from '../../components/dom.js';
import { ctx } from '../../context.js';

/** The quarter the pages start from: the sidebar's choice, else the current one. */
export function baseQuarter() {
  return ctx.quarter ?? ctx.session?.quarter ?? null;
}

/**
 * `count` consecutive fiscal quarters from `from` ("FY2027-Q4" → "FY2028-Q1": labels, not figures).
 * @param {string} from
 * @param {number} count
 */
export function quartersFrom(from, count) {
  const match = /^FY(\d{4})-Q([1-4])$/.exec(from);
  if (!match) return [from];
  let year = Number(match[1]);
  let quarter = Number(match[2]);
  const out = [];
  for (let i = 0; i < count; i += 1) {
    out.push(`FY${year}-Q${quarter}`);
    quarter += 1;
    if (quarter > 4) { quarter = 1; year += 1; }
  }
  return out;
}

/** @type {Record<string, 'good' | 'warn' | 'bad' | 'muted' | ''>} */
const STATUS_TONE = {
  delivered: 'good', in_progress: 'warn', slipped: 'bad', cancelled: 'muted', committed: '', proposed: 'muted',
};

/** A status as a pill with its words (colour is never the only signal). @param {string} status */
export function statusPill(status) {
  return h('span', { class: `pill ${STATUS_TONE[status] ?? ''}`, 'data-status': status, text: fmt.words(status) });
}

/** Person-weeks with one decimal, as the CLI prints them ("−7.9"). @param {number} value */
export function pw(value) {
  // Half away from zero on the tenths, exactly as the Rust CLI rounds, so the texts agree.
  const rounded = Math.sign(value) * Math.round(Math.abs(value) * 10) / 10;
  return fmt.oneDp(rounded === 0 ? 0 : rounded);
}

/** The text of any thrown value. @param {unknown} err */
export const message = (err) => (err instanceof Error ? err.message : String(err));

/** Shows a failure as a toast (the view stays as it was). @param {unknown} err */
export function fail(err) {
  ctx.notify(message(err), 'error');
}

/**
 * The "no quarter" notice when "All quarters" is chosen and there is no current quarter either.
 * @param {string} what
 */
export function needsQuarter(what) {
  return h('div', { class: 'empty', role: 'status' }, h('p', { text: `Choose a fiscal quarter in the sidebar to see ${what}.` }));
}

/**
 * Column widths of a fixed-layout table in pixels; 0 leaves a column to take the rest.
 * @param {number[]} widths
 */
export function cols(widths) {
  return h('colgroup', {}, widths.map((w) => {
    const col = h('col');
    if (w) col.style.width = `${w}px`;
    return col;
  }));
}
