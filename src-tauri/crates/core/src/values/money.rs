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
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    #[test]
    fn currency_codes() {
        assert_eq!(cur("usd"), cur("USD"));
        assert_eq!(cur(" eur ").as_str(), "EUR");
        assert_eq!(cur("JPY").to_string(), "JPY");
        assert_eq!(format!("{:?}", cur("GBP")), "Currency(GBP)");
        for bad in ["", "US", "USDX", "U$D", "12A", "ÜSD", "US D"] {
            let err = Currency::parse(bad).unwrap_err();
            assert_eq!(err.field(), Some("currency"), "{bad}");
            assert_eq!(
                err.message(),
                "Currency must be a three-letter ISO 4217 code like USD"
            );
        }
    }

    #[test]
    fn minor_digits() {
        assert_eq!(cur("JPY").minor_digits(), 0);
        assert_eq!(cur("KRW").minor_digits(), 0);
        assert_eq!(cur("ISK").minor_digits(), 0);
        assert_eq!(cur("USD").minor_digits(), 2);
        assert_eq!(cur("EUR").minor_digits(), 2);
        assert_eq!(cur("BHD").minor_digits(), 3);
        assert_eq!(cur("KWD").minor_digits(), 3);
    }

    #[test]
    fn currency_serde_and_sql() {
        assert_eq!(serde_json::to_string(&cur("USD")).unwrap(), r#""USD""#);
        assert_eq!(
            serde_json::from_str::<Currency>(r#""jpy""#).unwrap(),
            cur("JPY")
        );
        assert!(serde_json::from_str::<Currency>(r#""dollars""#).is_err());

        let db = rusqlite::Connection::open_in_memory().unwrap();
        db.execute_batch("CREATE TABLE t (c TEXT NOT NULL) STRICT")
            .unwrap();
        db.execute("INSERT INTO t (c) VALUES (?1)", [cur("BHD")])
            .unwrap();
        let text: String = db.query_row("SELECT c FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(text, "BHD");
        let back: Currency = db.query_row("SELECT c FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(back, cur("BHD"));
        assert!(db
            .query_row("SELECT 'dollars'", [], |r| r.get::<_, Currency>(0))
            .is_err());
    }

    #[test]
    fn minor_to_decimal_uses_currency_scale() {
        assert_eq!(minor_to_decimal(123_450, cur("USD")), dec("1234.50"));
        assert_eq!(minor_to_decimal(123_450, cur("USD")).scale(), 2);
        assert_eq!(minor_to_decimal(1234, cur("JPY")), dec("1234"));
        assert_eq!(minor_to_decimal(1_234_567, cur("BHD")), dec("1234.567"));
        assert_eq!(minor_to_decimal(-5, cur("USD")), dec("-0.05"));
    }

    #[test]
    fn decimal_to_minor_is_exact_or_refuses() {
        assert_eq!(
            decimal_to_minor(dec("1234.5"), cur("USD")).unwrap(),
            123_450
        );
        assert_eq!(
            decimal_to_minor(dec("1234.500"), cur("USD")).unwrap(),
            123_450
        );
        assert_eq!(decimal_to_minor(dec("-0.01"), cur("USD")).unwrap(), -1);
        assert_eq!(decimal_to_minor(dec("1234"), cur("JPY")).unwrap(), 1234);
        assert_eq!(decimal_to_minor(dec("1.234"), cur("BHD")).unwrap(), 1234);

        let err = decimal_to_minor(dec("0.001"), cur("USD")).unwrap_err();
        assert_eq!(err.field(), Some("amount"));
        assert_eq!(err.message(), "USD amounts have at most 2 decimal places");
        let err = decimal_to_minor(dec("1.5"), cur("JPY")).unwrap_err();
        assert_eq!(err.message(), "JPY amounts are whole numbers");
        assert!(decimal_to_minor(dec("0.0001"), cur("BHD")).is_err());
        let too_big = Decimal::from(i64::MAX);
        assert!(decimal_to_minor(too_big, cur("USD")).is_err());
    }

    #[test]
    fn round_trips() {
        for currency in ["USD", "JPY", "BHD"].map(cur) {
            for minor in [
                0,
                1,
                -1,
                5,
                99,
                100,
                123_456,
                -987_654_321,
                i64::MAX,
                i64::MIN,
            ] {
                let amount = minor_to_decimal(minor, currency);
                assert_eq!(decimal_to_minor(amount, currency).unwrap(), minor);
                let text = format_minor(minor, currency);
                assert_eq!(
                    parse_amount(&text, currency, "amount").unwrap(),
                    minor,
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn format_minor_is_plain() {
        assert_eq!(format_minor(123_450, cur("USD")), "1234.50");
        assert_eq!(format_minor(-5, cur("USD")), "-0.05");
        assert_eq!(format_minor(0, cur("USD")), "0.00");
        assert_eq!(format_minor(1234, cur("JPY")), "1234");
        assert_eq!(format_minor(-1_234_567, cur("BHD")), "-1234.567");
    }

    #[test]
    fn parse_amount_accepts_common_forms() {
        let usd = cur("USD");
        assert_eq!(parse_amount("1234.5", usd, "budget").unwrap(), 123_450);
        assert_eq!(parse_amount("1,234.50", usd, "budget").unwrap(), 123_450);
        assert_eq!(
            parse_amount("1,234,567", usd, "budget").unwrap(),
            123_456_700
        );
        assert_eq!(parse_amount("-3", usd, "budget").unwrap(), -300);
        assert_eq!(parse_amount("+3", usd, "budget").unwrap(), 300);
        assert_eq!(parse_amount(" .5 ", usd, "budget").unwrap(), 50);
        assert_eq!(parse_amount("1000", cur("JPY"), "budget").unwrap(), 1000);
        assert_eq!(parse_amount("1.005", cur("BHD"), "budget").unwrap(), 1005);
    }

    #[test]
    fn parse_amount_errors_name_the_field() {
        let usd = cur("USD");
        for bad in [
            "", "abc", "1.2.3", "1,23", "12,34.5", ",123", "1,2345", "1.", "--3", "1e3", "$12",
            "1_000", "1 000", "- 3",
        ] {
            let err = parse_amount(bad, usd, "annual_cost").unwrap_err();
            assert_eq!(err.field(), Some("annual_cost"), "{bad:?}");
        }
        let err = parse_amount("abc", usd, "annual_cost").unwrap_err();
        assert_eq!(
            err.message(),
            r#""abc" is not an amount; write it like 1234.50"#
        );
        let err = parse_amount("0.001", usd, "annual_cost").unwrap_err();
        assert_eq!(err.field(), Some("annual_cost"));
        assert_eq!(err.message(), "USD amounts have at most 2 decimal places");
        assert!(parse_amount("12.5", cur("JPY"), "x").is_err());
    }

    #[test]
    fn parse_decimal_plain_and_scientific() {
        assert_eq!(parse_decimal("0.000125"), Some(dec("0.000125")));
        assert_eq!(parse_decimal("-42"), Some(dec("-42")));
        assert_eq!(parse_decimal("1.5E-7"), Some(dec("0.00000015")));
        assert_eq!(parse_decimal("1.5e-7"), Some(dec("0.00000015")));
        assert_eq!(parse_decimal("2.5E+3"), Some(dec("2500")));
        assert_eq!(parse_decimal("2.5E3"), Some(dec("2500")));
        assert_eq!(parse_decimal("-4E0"), Some(dec("-4")));
        for bad in [
            "", "abc", "1_000", "1.5E", "E5", "1.5E-7x", "1,5", "0x10", "1e-40", "NaN",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        // Too many digits to hold exactly: refused, not rounded.
        assert_eq!(parse_decimal("0.12345678901234567890123456789012"), None);
    }

    #[test]
    fn decimal_sums_are_exact() {
        let tenth = parse_decimal("0.1").unwrap();
        let sum: Decimal = std::iter::repeat_n(tenth, 10).sum();
        assert_eq!(sum, Decimal::ONE);

        let price = parse_decimal("1.5E-7").unwrap();
        let total: Decimal = std::iter::repeat_n(price, 1_000_000).sum();
        assert_eq!(total, dec("0.15"));

        let cents: i64 = ["19.99", "0.01", "80.00"]
            .iter()
            .map(|t| parse_amount(t, cur("USD"), "amount").unwrap())
            .sum();
        assert_eq!(format_minor(cents, cur("USD")), "100.00");
    }
}
