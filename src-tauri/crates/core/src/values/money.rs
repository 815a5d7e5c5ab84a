//! Exact money: integer minor units plus an ISO 4217 currency, and exact decimals for billing.
//!
//! Amounts that are summed are never floats. Budgets and costs are `i64` minor units
//! (cents for USD, yen for JPY, fils for BHD); billing rows with sub-cent prices are
//! `rust_decimal::Decimal`, parsed exactly from their text.

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Error, Result};

/// An ISO 4217 currency code such as `USD`: always three ASCII uppercase letters.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Reads a three-letter code; lower case is accepted and upper-cased, spaces around it ignored.
    pub fn parse(code: &str) -> Result<Currency> {
        let bytes = code.trim().as_bytes();
        match bytes {
            [a, b, c] if bytes.iter().all(u8::is_ascii_alphabetic) => Ok(Currency([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => Err(Error::invalid(
                "currency",
                "Currency must be a three-letter ISO 4217 code like USD",
            )),
        }
    }

    /// The code, e.g. `"USD"`.
    pub fn as_str(&self) -> &str {
        // Always ASCII by construction, so the fallback is unreachable.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point in this currency's minor unit (ISO 4217 exponent).
    pub fn minor_digits(&self) -> u32 {
        match self.as_str() {
            "JPY" | "KRW" | "VND" | "CLP" | "ISK" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
            _ => 2,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl FromStr for Currency {
    type Err = Error;

    fn from_str(code: &str) -> Result<Self> {
        Currency::parse(code)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Currency::parse(&code).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

impl ToSql for Currency {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(&self.0)))
    }
}

impl FromSql for Currency {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Currency::parse(value.as_str()?).map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

/// `minor` units of `currency` as an exact decimal with the currency's scale (12345 USD → 123.45).
pub fn minor_to_decimal(minor: i64, currency: Currency) -> Decimal {
    Decimal::new(minor, currency.minor_digits())
}

/// An exact amount in minor units; refuses amounts finer than the currency's minor unit
/// (0.001 USD) rather than rounding money away silently.
pub fn decimal_to_minor(amount: Decimal, currency: Currency) -> Result<i64> {
    let digits = currency.minor_digits();
    let amount = amount.normalize();
    if amount.scale() > digits {
        let message = match digits {
            0 => format!("{currency} amounts are whole numbers"),
            1 => format!("{currency} amounts have at most 1 decimal place"),
            n => format!("{currency} amounts have at most {n} decimal places"),
        };
        return Err(Error::invalid("amount", message));
    }
    // scale <= digits <= 3, so the power is at most 1000.
    let factor = 10_i128.pow(digits - amount.scale());
    amount
        .mantissa()
        .checked_mul(factor)
        .and_then(|minor| i64::try_from(minor).ok())
        .ok_or_else(|| Error::invalid("amount", "Amount is too large"))
}

/// Reads an amount typed by a user or found in a file ("1234.5", "1,234.50", "-3") into minor
/// units. Thousands separators must be in the right places; errors name `field`.
pub fn parse_amount(text: &str, currency: Currency, field: &str) -> Result<i64> {
    let example = match currency.minor_digits() {
        0 => "1234",
        3 => "1234.500",
        _ => "1234.50",
    };
    let bad = || {
        Error::invalid(
            field,
            format!("{text:?} is not an amount; write it like {example}"),
        )
    };
    let trimmed = text.trim();
    let (sign, unsigned) = match trimmed.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let whole = ungroup(whole).ok_or_else(bad)?;
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let fraction_ok = fraction.is_none_or(|f| !f.is_empty() && digits_only(f));
    if !digits_only(&whole) || !fraction_ok || (whole.is_empty() && fraction.is_none()) {
        return Err(bad());
    }
    let whole = if whole.is_empty() {
        "0"
    } else {
        whole.as_str()
    };
    let plain = match fraction {
        Some(f) => format!("{sign}{whole}.{f}"),
        None => format!("{sign}{whole}"),
    };
    let amount = Decimal::from_str_exact(&plain).map_err(|_| bad())?;
    decimal_to_minor(amount, currency).map_err(|e| Error::invalid(field, e.message()))
}

/// Removes thousands separators from the whole part, or `None` when they are misplaced
/// ("1,23,4"), so a typo is refused instead of read as a different number.
fn ungroup(whole: &str) -> Option<String> {
    if !whole.contains(',') {
        return Some(whole.to_owned());
    }
    let mut groups = whole.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut out = first.to_owned();
    for group in groups {
        if group.len() != 3 {
            return None;
        }
        out.push_str(group);
    }
    Some(out)
}

/// Plain decimal text of `minor` units, e.g. "1234.50", "-0.05", "1234" for JPY: no
/// separators or symbol, so spreadsheets and CSV readers take it as a number.
pub fn format_minor(minor: i64, currency: Currency) -> String {
    minor_to_decimal(minor, currency).to_string()
}

/// Reads a billing decimal exactly, in plain ("0.000125") or scientific ("1.5E-7") notation.
/// `None` for anything else, including text with more precision than a `Decimal` holds
/// (it would otherwise be rounded).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let text = text.trim();
    match text.split_once(['e', 'E']) {
        None => {
            if !is_plain_number(text) {
                return None;
            }
            Decimal::from_str_exact(text).ok()
        }
        Some((base, exponent)) => {
            let unsigned_exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            if !is_plain_number(base)
                || unsigned_exponent.is_empty()
                || !unsigned_exponent.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            // Parse the base exactly first: `from_scientific` alone would round a long base.
            Decimal::from_str_exact(base).ok()?;
            Decimal::from_scientific(text).ok()
        }
    }
}

/// `[+-]digits[.digits]` with at least one digit: the syntax `Decimal` parses, minus its
/// leniencies (underscores).
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty())
}

#[cfg(test)]
mod tests;
