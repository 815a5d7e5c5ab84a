//! Readers of one FOCUS cell: exact decimals (`parse_decimal`, scientific notation counted as a
//! warning), three-letter currency codes, and the tags: the Tags JSON object (each distinct text
//! parsed once) merged with the provider's `x_` columns.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::finops::import::reader::Cells;
use crate::values::amount::Amount;
use crate::Result;

/// An exact decimal and the text stored for it.
pub(super) struct Number<'a> {
    pub(super) value: Decimal,
    /// The file's own text when it is plain decimal notation, else the normalised value.
    pub(super) text: Cow<'a, str>,
}

/// A three-letter currency code, upper-cased.
pub(super) struct Code([u8; 3]);

impl Code {
    pub(super) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

const SCIENTIFIC: &str = "number in scientific notation; read exactly";

/// An exact decimal from the cell; `required` refuses an empty value.
pub(super) fn number<'a>(
    cells: &mut Cells<'a>,
    index: usize,
    required: bool,
) -> Result<Number<'a>> {
    let text = if required {
        cells.required(index)?
    } else {
        cells.optional(Some(index))?
    };
    match parse_decimal(text) {
        Ok((value, false)) => Ok(Number {
            value,
            text: text.into(),
        }),
        Ok((value, true)) => {
            cells.warn(index, SCIENTIFIC, text);
            Ok(Number {
                value,
                text: Amount(value).to_string().into(),
            })
        }
        Err(reason) => Err(cells.error(index, text, reason)),
    }
}

/// Reads plain (`-12.50`) or scientific (`1.5E-7`) notation exactly; `true` for scientific.
/// Refuses what a decimal cannot hold exactly rather than rounding money.
pub fn parse_decimal(text: &str) -> std::result::Result<(Decimal, bool), &'static str> {
    const NOT_A_NUMBER: &str =
        "not a number; write it like 12.50 (a dot for decimals, no thousands separators)";
    let bytes = text.as_bytes();
    let unsigned = match bytes.first() {
        Some(b'-' | b'+') => &bytes[1..],
        _ => bytes,
    };
    let (mantissa, exponent) = match unsigned.iter().position(|b| *b == b'e' || *b == b'E') {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.iter().position(|b| *b == b'.') {
        Some(at) => (&mantissa[..at], &mantissa[at + 1..]),
        None => (mantissa, &mantissa[mantissa.len()..]),
    };
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) {
        return Err(NOT_A_NUMBER);
    }
    if let Some(exponent) = exponent {
        let exponent = exponent
            .strip_prefix(b"-")
            .or(exponent.strip_prefix(b"+"))
            .unwrap_or(exponent);
        if exponent.is_empty() || !digits(exponent) {
            return Err(NOT_A_NUMBER);
        }
        return Decimal::from_scientific(text)
            .map(|d| (d, true))
            .map_err(|_| "cannot be held exactly (too large or too many digits)");
    }
    let fraction_digits =
        fraction.len() - fraction.iter().rev().take_while(|b| **b == b'0').count();
    let whole_digits = whole.len() - whole.iter().take_while(|b| **b == b'0').count();
    if fraction_digits > 28 || whole_digits + fraction_digits > 28 {
        return Err("has more than 28 significant digits, which cannot be held exactly");
    }
    Decimal::from_str(text)
        .map(|d| (d, false))
        .map_err(|_| "cannot be held exactly (too large)")
}

pub(super) fn currency(cells: &mut Cells<'_>, index: usize) -> Result<Code> {
    let text = cells.required(index)?;
    match text.as_bytes() {
        [a, b, c] if text.bytes().all(|b| b.is_ascii_alphabetic()) => {
            if !text.bytes().all(|b| b.is_ascii_uppercase()) {
                cells.warn(
                    index,
                    "currency code in lower case; read in upper case",
                    text,
                );
            }
            Ok(Code([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ]))
        }
        _ => Err(cells.error(
            index,
            text,
            "not a three-letter ISO 4217 currency code like USD",
        )),
    }
}

const TAG_KEY_SPACES: &str = "tag key with spaces around it; allocation rules match it trimmed";

/// Tags texts already checked, with their keys that have spaces around them, and tags already
/// merged with `x_` values: exports repeat the same tags for every charge of a resource, so each
/// distinct text is parsed (and each distinct merge built) once while every row is still counted.
/// Bounded: each map is cleared when it holds `TAGS_SEEN_MAX` texts.
#[derive(Default)]
pub(super) struct TagsSeen {
    checked: FxHashMap<String, Vec<String>>,
    merged: FxHashMap<String, Merged>,
    /// The Tags text and `x_` values of the current row, joined: the key into `merged`.
    key: String,
}

/// Tags merged with a row's `x_` values, with the clashes to count as warnings on every such row.
struct Merged {
    text: String,
    clashes: Vec<(usize, String)>,
}

const TAGS_SEEN_MAX: usize = 4096;

/// Warning for an `x_` column whose key the Tags object already holds with another value.
const TAG_CLASH: &str = "Tags already has this key with another value; kept the value from Tags";

/// The line's tags as JSON object text (`{}` when empty): the Tags cell, plus a tag for each
/// non-empty `x_` provider column (`custom`) under its header name, so allocation rules can
/// match them. Tags wins a clash (counted as a warning). Without `x_` values the file's own
/// text is kept; with them the object is rebuilt with its keys sorted, so the text is canonical.
pub(super) fn tags<'a>(
    cells: &mut Cells<'a>,
    index: Option<usize>,
    custom: &[(usize, String)],
    seen: &mut TagsSeen,
) -> Result<Cow<'a, str>> {
    let text = tags_cell(cells, index, seen)?;
    let mut added = Vec::new();
    seen.key.clear();
    seen.key.push_str(text);
    for (at, name) in custom {
        let value = cells.optional(Some(*at))?;
        seen.key.push('\u{1f}');
        seen.key.push_str(value);
        if !value.is_empty() {
            added.push((*at, name.as_str(), value));
        }
    }
    if added.is_empty() {
        return Ok(Cow::Borrowed(text));
    }
    if let Some(merged) = seen.merged.get(seen.key.as_str()) {
        for (at, example) in &merged.clashes {
            cells.warn(*at, TAG_CLASH, example);
        }
        return Ok(Cow::Owned(merged.text.clone()));
    }
    let merged = merge(text, added)
        .map_err(|e| cells.error(index.unwrap_or(0), text, &format!("cannot write tags: {e}")))?;
    for (at, example) in &merged.clashes {
        cells.warn(*at, TAG_CLASH, example);
    }
    let out = merged.text.clone();
    if seen.merged.len() >= TAGS_SEEN_MAX {
        seen.merged.clear();
    }
    seen.merged.insert(seen.key.clone(), merged);
    Ok(Cow::Owned(out))
}

/// The Tags object `text` (already checked) with the `x_` values `added` where it has no such key.
fn merge(text: &str, added: Vec<(usize, &str, &str)>) -> serde_json::Result<Merged> {
    // A BTreeMap sorts the keys whatever serde_json's features.
    let mut map: BTreeMap<String, Value> = serde_json::from_str(text).unwrap_or_default();
    let mut clashes = Vec::new();
    for (at, name, value) in added {
        match map.get(name) {
            None => {
                map.insert(name.to_string(), Value::String(value.to_string()));
            }
            Some(kept) if text_of(kept) == value => {}
            Some(kept) => clashes.push((at, format!("{value} (Tags has {})", text_of(kept)))),
        }
    }
    Ok(Merged {
        text: serde_json::to_string(&map)?,
        clashes,
    })
}

/// A tag value as text: a string's own characters, anything else as JSON.
fn text_of(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

/// The Tags cell as JSON object text (`{}` when empty), checked once per distinct text.
fn tags_cell<'a>(
    cells: &mut Cells<'a>,
    index: Option<usize>,
    seen: &mut TagsSeen,
) -> Result<&'a str> {
    let text = cells.optional(index)?;
    let Some(index) = index.filter(|_| !text.is_empty()) else {
        return Ok("{}");
    };
    if !seen.checked.contains_key(text) {
        let parsed: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| cells.error(index, text, &format!("Tags is not valid JSON: {e}")))?;
        let serde_json::Value::Object(map) = parsed else {
            return Err(cells.error(
                index,
                text,
                "Tags must be a JSON object like {\"team\": \"search\"}",
            ));
        };
        if seen.checked.len() >= TAGS_SEEN_MAX {
            seen.checked.clear();
        }
        let spaced = map
            .keys()
            .filter(|k| k.trim() != k.as_str())
            .cloned()
            .collect();
        seen.checked.insert(text.to_string(), spaced);
    }
    for key in seen.checked.get(text).into_iter().flatten() {
        cells.warn(index, TAG_KEY_SPACES, key);
    }
    Ok(text)
}
