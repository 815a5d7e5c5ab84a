//! How billing lines are kept on disk (schema 8): small integers, so a year of monthly billing
//! exports stays a file that can be backed up and sent. The `cost_line` view decodes them back
//! to the exact text that was read; this module writes what that view decodes.
//!
//! * An amount is `mantissa × 32 + scale` (`12.50` → 1250 × 32 + 2), a timestamp its Unix
//!   seconds. A value whose encoding would not decode to the very same text (`+12.5`, `.5`,
//!   `-0.00`, more digits than fit) is kept as that text: exact either way.
//! * Repeated strings are ids into `billing_text`; `''` is NULL.

use rustc_hash::FxHashMap;

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql};

use crate::Result;

/// Scale is kept in the low five bits: up to 28 decimal places, as `Decimal` holds.
const SCALE_BITS: i64 = 32;

/// Largest mantissa magnitude stored as an integer (the view decodes with 64-bit integers).
const MAX_MANTISSA: i128 = 1 << 57;

/// A value as stored: an integer when it decodes back to its text, else the text itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored<'a> {
    Int(i64),
    Text(&'a str),
}

impl ToSql for Stored<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Stored::Int(n) => ToSqlOutput::Owned(Value::Integer(*n)),
            Stored::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
        })
    }
}

/// An amount's text stored as a scaled integer when the integer decodes to that very text
/// (`decode_amount`), else as the text. Read from the text alone, without allocating: an
/// import stores three amounts a line.
pub fn amount(text: &str) -> Stored<'_> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) if !fraction.is_empty() => (whole, fraction),
        Some(_) => return Stored::Text(text),
        None => (unsigned, ""),
    };
    let leading_zero = whole.len() > 1 && whole.starts_with('0');
    if whole.is_empty() || leading_zero || fraction.len() >= SCALE_BITS as usize {
        return Stored::Text(text);
    }
    let mut mantissa: i128 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        if !b.is_ascii_digit() || mantissa >= MAX_MANTISSA {
            return Stored::Text(text);
        }
        mantissa = mantissa * 10 + i128::from(b - b'0');
    }
    // `-0.00` decodes without its sign; beyond the limit the view's 64-bit arithmetic overflows.
    if mantissa >= MAX_MANTISSA || (negative && mantissa == 0) {
        return Stored::Text(text);
    }
    let signed = if negative { -mantissa } else { mantissa } as i64;
    Stored::Int(signed * SCALE_BITS + fraction.len() as i64)
}

/// The text the `cost_line` view gives for a stored amount integer (the same arithmetic).
pub fn decode_amount(encoded: i64) -> String {
    let scale = encoded.rem_euclid(SCALE_BITS);
    let mantissa = (encoded - scale) / SCALE_BITS;
    if scale == 0 {
        return mantissa.to_string();
    }
    let digits = format!(
        "{:0width$}",
        mantissa.unsigned_abs(),
        width = scale as usize + 1
    );
    let (whole, fraction) = digits.split_at(digits.len() - scale as usize);
    let sign = if mantissa < 0 { "-" } else { "" };
    format!("{sign}{whole}.{fraction}")
}

/// Strings already given an id, so an import asks the database once per distinct value.
/// Bounded: forgotten when it holds `REMEMBERED` values (ids stay valid in the file).
#[derive(Debug, Default)]
pub struct Dictionary {
    ids: FxHashMap<Box<str>, i64>,
}

const REMEMBERED: usize = 200_000;

impl Dictionary {
    /// The id of `text` in `billing_text`, adding it when new; `None` for `''`.
    pub fn id(&mut self, conn: &Connection, text: &str) -> Result<Option<i64>> {
        if text.is_empty() {
            return Ok(None);
        }
        if let Some(id) = self.ids.get(text) {
            return Ok(Some(*id));
        }
        let found: Option<i64> = conn
            .prepare_cached("SELECT id FROM billing_text WHERE value = ?1")?
            .query_row([text], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                conn.prepare_cached("INSERT INTO billing_text (value) VALUES (?1)")?
                    .execute([text])?;
                conn.last_insert_rowid()
            }
        };
        if self.ids.len() >= REMEMBERED {
            self.ids.clear();
        }
        self.ids.insert(text.into(), id);
        Ok(Some(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn stored(text: &str) -> Stored<'_> {
        amount(text)
    }

    #[test]
    fn plain_amounts_become_integers_that_keep_their_places() {
        assert_eq!(stored("12.50"), Stored::Int(1250 * 32 + 2));
        assert_eq!(stored("-0.5"), Stored::Int(-5 * 32 + 1));
        assert_eq!(stored("13"), Stored::Int(13 * 32));
        assert_eq!(decode_amount(1250 * 32 + 2), "12.50");
        assert_eq!(decode_amount(-5 * 32 + 1), "-0.5");
        assert_eq!(decode_amount(-159), "-0.5");
    }

    #[test]
    fn texts_an_integer_would_not_give_back_are_kept_as_text() {
        for text in ["+12.5", "-0.00", "012.5", "123456789012345678901234.5678"] {
            assert_eq!(stored(text), Stored::Text(text), "{text}");
        }
    }

    /// The rule `amount` reads from the text, stated the slow way: parse, encode, decode, compare.
    fn by_decoding(text: &str) -> Stored<'_> {
        let Ok(value) = Decimal::from_str(text) else {
            return Stored::Text(text);
        };
        let mantissa = value.mantissa();
        if mantissa.abs() < MAX_MANTISSA {
            let encoded = mantissa as i64 * SCALE_BITS + i64::from(value.scale());
            if decode_amount(encoded) == text {
                return Stored::Int(encoded);
            }
        }
        Stored::Text(text)
    }

    #[test]
    fn reading_the_text_agrees_with_decoding_on_every_shape() {
        let wholes = [
            "",
            "0",
            "00",
            "1",
            "012",
            "100",
            "144115188075855871",
            "144115188075855872",
        ];
        let fractions = [
            None,
            Some(""),
            Some("0"),
            Some("5"),
            Some("50"),
            Some("000"),
            Some("0123456789012345"),
        ];
        let mut checked = 0;
        for sign in ["", "-", "+"] {
            for whole in wholes {
                for fraction in fractions {
                    let text = match fraction {
                        Some(f) => format!("{sign}{whole}.{f}"),
                        None => format!("{sign}{whole}"),
                    };
                    assert_eq!(amount(&text), by_decoding(&text), "{text}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 3 * 8 * 7);
    }
}
