// @ts-check
/**
 * Formatting for display: numbers, money, percentages, dates and enum values. Figures arrive
 * computed from Rust; this module only turns them into text (currency and date style come
 * from the organisation's settings via `configure`).
 */

/** @typedef {import('./api.js').Settings} Settings */

/** The system's locale, or en-US where the system has none worth the name (C/POSIX). */
const locale = (() => {
  const system = typeof navigator === 'undefined' ? '' : navigator.language || '';
  return /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(system) && !/^(c|posix|und)$/i.test(system) ? system : 'en-US';
})();

/** @type {{currency: string, dateFormat: 'iso' | 'dmy' | 'mdy'}} */
const current = { currency: 'USD', dateFormat: 'iso' };

/** @param {Settings | null} settings */
export function configure(settings) {
  if (!settings) return;
  current.currency = settings.currency;
  current.dateFormat = settings.date_format;
}

/** The reporting currency. */
export const reportingCurrency = () => current.currency;

const integerFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const upToTwo = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
const decimalFormat = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const minus = '\u2212';

/** @param {string} text */
const withMinus = (text) => text.replace(/^-/, minus);

/** @param {number | null | undefined} value */
export function integer(value) {
  return value === null || value === undefined ? '' : withMinus(integerFormat.format(value));
}

/** A measured number: up to two decimals. @param {number | null | undefined} value */
export function number(value) {
  return value === null || value === undefined ? '' : withMinus(upToTwo.format(value));
}

/** Effort and similar quantities with one decimal. @param {number | null | undefined} value */
export function oneDp(value) {
  return value === null || value === undefined ? '' : withMinus(oneDecimal.format(value));
}

/** A percentage already computed in Rust, with one decimal. @param {number | null | undefined} value */
export function percent(value) {
  return value === null || value === undefined ? '' : `${withMinus(oneDecimal.format(value))}%`;
}

/** An exact billing decimal ("1234.000125") shown to the cent with grouping; the detail panel shows every digit. @param {string | null | undefined} text */
export function decimal(text) {
  if (text === null || text === undefined || text === '') return '';
  // Intl formats numeric strings exactly (no float rounding) where supported.
  return withMinus(decimalFormat.format(/** @type {any} */ (text)));
}

/** @type {Map<string, number>} */
const digitsCache = new Map();
/** Digits of the currency's minor unit (2 for USD, 0 for JPY). @param {string} currency */
export function minorDigits(currency) {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

/**
 * Minor units as plain decimal text ("185000.00"), by string arithmetic (no floats).
 * @param {number} minor
 * @param {string} currency
 */
export function minorToText(minor, currency) {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const units = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  if (digits === 0) return sign + units;
  return `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
}

/** Number formats by currency, digits and symbol (building one is slow). @type {Map<string, Intl.NumberFormat>} */
const moneyFormats = new Map();

/**
 * Money in minor units, without the currency symbol when it is the reporting currency shown in
 * the column header; with the code when it differs.
 * @param {number | null | undefined} minor
 * @param {string} [currency]
 * @param {{symbol?: boolean, whole?: boolean}} [options]
 */
export function money(minor, currency = current.currency, options = {}) {
  if (minor === null || minor === undefined) return '';
  const digits = options.whole ? 0 : minorDigits(currency);
  const key = `${currency}/${digits}/${options.symbol ? 1 : 0}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      ...(options.symbol ? { style: 'currency', currency, currencyDisplay: 'narrowSymbol' } : {}),
    });
    moneyFormats.set(key, format);
  }
  const text = withMinus(format.format(/** @type {any} */ (minorToText(minor, currency))));
  return !options.symbol && currency !== current.currency ? `${text} ${currency}` : text;
}

/** A date per the settings. @param {string | null | undefined} iso `YYYY-MM-DD` (or a timestamp) */
export function date(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  if (!d) return iso;
  if (current.dateFormat === 'dmy') return `${d}/${m}/${y}`;
  if (current.dateFormat === 'mdy') return `${m}/${d}/${y}`;
  return `${y}-${m}-${d}`;
}

/** A UTC timestamp as date and minutes. @param {string | null | undefined} rfc3339 */
export function timestamp(rfc3339) {
  if (!rfc3339) return '';
  const time = rfc3339.slice(11, 16);
  return time ? `${date(rfc3339)} ${time}` : date(rfc3339);
}

const monthFormat = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Compares text the way people sort it ("item 2" before "item 10"). */
export const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });

/** A `YYYY-MM` month as "Sep 2026". @param {string} month */
export function month(month) {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return monthFormat.format(Date.UTC(y, m - 1, 1));
}

/** A stored enum value as words: "in_progress" → "In progress", "sev1" → "Sev1". @param {string | null | undefined} value */
export function words(value) {
  if (!value) return '';
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** @param {boolean | null | undefined} value */
export function yesNo(value) {
  return value ? 'Yes' : 'No';
}

/**
 * "24 of 61 models" / "61 models" / "1 model".
 * @param {number} shown
 * @param {number} total
 * @param {string} singular
 * @param {string} plural
 */
export function count(shown, total, singular, plural) {
  const noun = total === 1 ? singular : plural;
  return shown === total ? `${integer(total)} ${noun}` : `${integer(shown)} of ${integer(total)} ${noun}`;
}

/** @param {number} n @param {string} singular @param {string} [plural] */
export function plural(n, singular, plural = `${singular}s`) {
  return `${integer(n)} ${n === 1 ? singular : plural}`;
}
