//! Fiscal quarters (`FY2027-Q1`) and the calendar that maps them to dates.
//!
//! Convention: a fiscal year is named after the calendar year in which it ends.
//! With a January start FY2027 is calendar 2027; with an October start FY2027
//! runs 2026-10-01..2027-09-30.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Error, Result};

/// Maps fiscal quarters to calendar dates for one organisation's fiscal-year start month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FiscalCalendar {
    start_month: u32,
}

impl Default for FiscalCalendar {
    /// The calendar year: fiscal and calendar quarters coincide.
    fn default() -> Self {
        FiscalCalendar { start_month: 1 }
    }
}

impl FiscalCalendar {
    /// A calendar whose fiscal year starts on the first day of `start_month` (1 = January).
    pub fn new(start_month: u32) -> Result<Self> {
        if !(1..=12).contains(&start_month) {
            return Err(Error::invalid(
                "fiscal_year_start_month",
                "Fiscal year start month must be 1 to 12",
            ));
        }
        Ok(FiscalCalendar { start_month })
    }

    /// The month (1 = January) on whose first day every fiscal year starts.
    pub fn start_month(&self) -> u32 {
        self.start_month
    }

    /// The fiscal quarter that contains `date`.
    pub fn quarter_of(&self, date: NaiveDate) -> FiscalQuarter {
        let month = date.month();
        let months_into_year = (month + 12 - self.start_month) % 12;
        let start_year = if month >= self.start_month {
            date.year()
        } else {
            date.year() - 1
        };
        FiscalQuarter {
            year: start_year + self.year_shift(),
            // months_into_year is 0..=11, so this is 1..=4.
            quarter: (months_into_year / 3 + 1) as u8,
        }
    }

    /// The first day of `q`.
    pub fn first_day(&self, q: FiscalQuarter) -> NaiveDate {
        let (year, month) = self.first_month(q.index());
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(if year < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
    }

    /// The last day of `q` (the day before the next quarter starts).
    pub fn last_day(&self, q: FiscalQuarter) -> NaiveDate {
        let (year, month) = self.first_month(q.index() + 1);
        NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|next_start| next_start.pred_opt())
            .unwrap_or(if year < 0 {
                NaiveDate::MIN
            } else {
                NaiveDate::MAX
            })
    }

    /// Whether `date` falls within `q`.
    pub fn contains(&self, q: FiscalQuarter, date: NaiveDate) -> bool {
        self.quarter_of(date) == q
    }

    /// The three calendar months `(year, month)` of `q`, in order.
    pub fn months(&self, q: FiscalQuarter) -> [(i32, u32); 3] {
        let months = q.index() * 3;
        [0, 1, 2].map(|i| self.calendar_month(months + i))
    }

    /// Number of days in `q`, both ends included (90 to 92).
    pub fn days(&self, q: FiscalQuarter) -> i64 {
        (self.last_day(q) - self.first_day(q)).num_days() + 1
    }

    /// How much the fiscal year's name exceeds the calendar year it starts in.
    fn year_shift(&self) -> i32 {
        if self.start_month == 1 {
            0
        } else {
            1
        }
    }

    /// First calendar month of the quarter with chronological `index` (see `FiscalQuarter::index`).
    fn first_month(&self, index: i64) -> (i32, u32) {
        self.calendar_month(index * 3)
    }

    /// Calendar `(year, month)` of the fiscal month counted from the start of "fiscal year 0".
    fn calendar_month(&self, fiscal_month: i64) -> (i32, u32) {
        let absolute =
            fiscal_month + i64::from(self.start_month - 1) - 12 * i64::from(self.year_shift());
        let year = clamp_year(absolute.div_euclid(12));
        // rem_euclid(12) is 0..=11.
        let month = absolute.rem_euclid(12) as u32 + 1;
        (year, month)
    }
}

/// A fiscal quarter such as `FY2027-Q1`; ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalQuarter {
    /// Fiscal year, named after the calendar year in which it ends.
    pub year: i32,
    /// 1 to 4.
    pub quarter: u8,
}

impl FiscalQuarter {
    /// A validated quarter: year 1 to 9999 (so the label has four digits), quarter 1 to 4.
    pub fn new(year: i32, quarter: u8) -> Result<Self> {
        if !(1..=9999).contains(&year) {
            return Err(Error::invalid("quarter", "Fiscal year must be 1 to 9999"));
        }
        if !(1..=4).contains(&quarter) {
            return Err(Error::invalid("quarter", "Quarter must be 1 to 4"));
        }
        Ok(FiscalQuarter { year, quarter })
    }

    /// The quarter after this one.
    pub fn next(self) -> Self {
        self.offset(1)
    }

    /// The quarter before this one.
    pub fn prev(self) -> Self {
        self.offset(-1)
    }

    /// The quarter `n` quarters later (earlier when `n` is negative).
    pub fn offset(self, n: i32) -> Self {
        Self::from_index(self.index() + i64::from(n))
    }

    /// Every quarter from `from` to `to`, both included; empty when `to` is before `from`.
    pub fn range_inclusive(from: FiscalQuarter, to: FiscalQuarter) -> Vec<FiscalQuarter> {
        let (start, end) = (from.index(), to.index());
        (start..=end).map(Self::from_index).collect()
    }

    /// Chronological position: consecutive quarters have consecutive indexes.
    /// A `quarter` outside 1..=4 (only possible through the public fields) is clamped.
    fn index(self) -> i64 {
        i64::from(self.year) * 4 + i64::from(self.quarter.clamp(1, 4)) - 1
    }

    fn from_index(index: i64) -> Self {
        FiscalQuarter {
            year: clamp_year(index.div_euclid(4)),
            // rem_euclid(4) is 0..=3.
            quarter: index.rem_euclid(4) as u8 + 1,
        }
    }
}

/// Years computed from quarter arithmetic saturate instead of wrapping.
fn clamp_year(year: i64) -> i32 {
    i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX })
}

impl fmt::Display for FiscalQuarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FY{:04}-Q{}", self.year, self.quarter)
    }
}

impl FromStr for FiscalQuarter {
    type Err = Error;

    /// Accepts exactly `FY2027-Q1` (any letter case, surrounding spaces ignored).
    /// Two-digit years are refused: `FY27` is ambiguous across centuries and start months.
    fn from_str(text: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "quarter",
                format!("{text:?} is not a fiscal quarter; write it like FY2027-Q1"),
            )
        };
        let upper = text.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix("FY").ok_or_else(bad)?;
        let (year, quarter) = rest.split_once("-Q").ok_or_else(bad)?;
        if year.len() != 4
            || !year.bytes().all(|b| b.is_ascii_digit())
            || quarter.len() != 1
            || !quarter.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let quarter: u8 = quarter.parse().map_err(|_| bad())?;
        FiscalQuarter::new(year, quarter)
    }
}

impl Serialize for FiscalQuarter {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FiscalQuarter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse()
            .map_err(|e: Error| serde::de::Error::custom(e.message()))
    }
}

impl ToSql for FiscalQuarter {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for FiscalQuarter {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e: Error| FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests;
