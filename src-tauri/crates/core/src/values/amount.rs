//! Exact decimal amounts (billing costs with sub-cent precision) stored as text, never floats.

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::ToSql;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A decimal amount kept exactly as written; sums of amounts are exact.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Amount(pub Decimal);

impl Amount {
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// Parses plain (`12.50`) or scientific (`1.5E-7`) notation exactly.
    pub fn parse(text: &str) -> Option<Amount> {
        let text = text.trim();
        Decimal::from_str(text)
            .or_else(|_| Decimal::from_scientific(text))
            .ok()
            .map(Amount)
    }

    pub fn is_negative(&self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, other: Amount) -> Amount {
        Amount(self.0 + other.0)
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl ToSql for Amount {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(self.to_string().into())
    }
}

impl FromSql for Amount {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Amount::parse(text)
            .ok_or_else(|| FromSqlError::Other(format!("not a decimal: {text:?}").into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_exact() {
        let tenth = Amount::parse("0.1").unwrap();
        let total: Amount = std::iter::repeat(tenth).take(10).sum();
        assert_eq!(total, Amount::parse("1").unwrap());
        assert_eq!(total.to_string(), "1");
    }

    #[test]
    fn parses_scientific_and_keeps_precision() {
        assert_eq!(Amount::parse("1.5E-7").unwrap().to_string(), "0.00000015");
        assert_eq!(
            Amount::parse("0.00000080000").unwrap().to_string(),
            "0.0000008"
        );
        assert!(Amount::parse("NULL").is_none());
        assert!(Amount::parse("-0.5").unwrap().is_negative());
    }
}
