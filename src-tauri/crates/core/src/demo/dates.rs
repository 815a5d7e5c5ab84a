//! The demo's calendar. The tables are written as they stand on [`REFERENCE_DAY`]; a
//! [`Timeline`] moves them to another "today" so that the demo always looks current: days and
//! times keep their distance to today, the twelve months of billing and KPI history end last
//! month, and quarter labels keep their distance to today's quarter.

use chrono::{Datelike, Days, Months, NaiveDate, Utc};

use crate::store::entity::Timestamp;
use crate::values::quarter::FiscalQuarter;
use crate::{Error, Result};

/// The day the demo's tables are written for (their "today").
pub const REFERENCE_DAY: &str = "2026-11-16";

/// Months of billing and usage: index 0 is the month a year before last month, index 11 last
/// month (November 2025 and October 2026 on the reference day).
pub(super) const MONTHS: usize = 12;
/// The first month of history on the reference day.
const FIRST_MONTH: (i32, u32) = (2025, 11);

/// English month names, as the demo's prose uses them.
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(super) fn day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| Error::Conflict(format!("demo date {text:?}: {e}")))
}

pub(super) fn plus_days(date: NaiveDate, days: u64) -> Result<NaiveDate> {
    date.checked_add_days(Days::new(days))
        .ok_or_else(|| Error::Conflict(format!("demo date {date} + {days} days")))
}

pub(super) fn timestamp(text: &str) -> Result<Timestamp> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::Conflict(format!("demo timestamp {text:?}: {e}")))
}

pub(super) fn at_time(date: NaiveDate, hour: u32, minute: u32) -> Result<Timestamp> {
    date.and_hms_opt(hour, minute, 0)
        .map(|t| t.and_utc())
        .ok_or_else(|| Error::Conflict(format!("demo time {date} {hour}:{minute}")))
}

/// Months since year 0 of `(year, month)`, so month arithmetic is integer arithmetic.
fn absolute_month(year: i32, month: u32) -> i32 {
    year * 12 + month as i32 - 1
}

fn from_absolute_month(absolute: i32) -> (i32, u32) {
    (absolute.div_euclid(12), absolute.rem_euclid(12) as u32 + 1)
}

/// How far the demo moves from [`REFERENCE_DAY`] to today.
///
/// Three distances, because the demo holds three kinds of time: a dated event (a hire, an
/// interview, an incident) keeps its distance in days to today, so ages, "open for" and "in
/// N days" read the same; a month of billing or KPI history keeps its distance in months to
/// this month, so history always ends last month; a quarter label keeps its distance in
/// quarters to today's quarter, so today always falls in the demo's current quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Timeline {
    days: i64,
    months: i32,
    quarters: i32,
}

impl Timeline {
    /// The timeline that places the reference day on `today`, for fiscal years starting in
    /// `fy_start_month`.
    pub(super) fn to(today: NaiveDate, fy_start_month: u32) -> Result<Self> {
        let reference = day(REFERENCE_DAY)?;
        let month_of = |d: NaiveDate| absolute_month(d.year(), d.month());
        let quarter_of = |d: NaiveDate| (month_of(d) - (fy_start_month as i32 - 1)).div_euclid(3);
        Ok(Timeline {
            days: (today - reference).num_days(),
            months: month_of(today) - month_of(reference),
            quarters: quarter_of(today) - quarter_of(reference),
        })
    }

    /// A literal date of the tables, moved.
    pub(super) fn day(&self, text: &str) -> Result<NaiveDate> {
        let date = day(text)?;
        date.checked_add_signed(chrono::Duration::days(self.days))
            .ok_or_else(|| Error::Conflict(format!("demo date {text} moved {} days", self.days)))
    }

    /// A literal date of the tables, moved; `""` is none.
    pub(super) fn optional_day(&self, text: &str) -> Result<Option<NaiveDate>> {
        if text.is_empty() {
            Ok(None)
        } else {
            self.day(text).map(Some)
        }
    }

    /// A literal RFC 3339 time of the tables, moved.
    pub(super) fn timestamp(&self, text: &str) -> Result<Timestamp> {
        Ok(timestamp(text)? + chrono::Duration::days(self.days))
    }

    /// A literal quarter label of the tables (`FY2027-Q1`), moved.
    pub(super) fn quarter(&self, text: &str) -> Result<FiscalQuarter> {
        Ok(text.parse::<FiscalQuarter>()?.offset(self.quarters))
    }

    /// `(year, month)` of history month `index` (0 = the first month of history).
    pub(super) fn calendar_month(&self, index: usize) -> (i32, u32) {
        let first = absolute_month(FIRST_MONTH.0, FIRST_MONTH.1);
        from_absolute_month(first + self.months + index as i32)
    }

    /// `YYYY-MM` of history month `index`.
    pub(super) fn month_label(&self, index: usize) -> String {
        let (year, month) = self.calendar_month(index);
        format!("{year:04}-{month:02}")
    }

    /// Midnight UTC on the first day of history month `index`.
    pub(super) fn month_start(&self, index: usize) -> Result<Timestamp> {
        let (year, month) = self.calendar_month(index);
        let date = NaiveDate::from_ymd_opt(year, month, 1)
            .ok_or_else(|| Error::Conflict(format!("demo month {year}-{month}")))?;
        at_time(date, 0, 0)
    }

    /// A KPI period of the tables, moved: a month (`2026-04`) or a quarter (`FY2026-Q4`).
    pub(super) fn period(&self, text: &str) -> Result<String> {
        if text.starts_with("FY") {
            return Ok(self.quarter(text)?.to_string());
        }
        let first_of_month = day(&format!("{text}-01"))?;
        let moved = self.shift_months(first_of_month)?;
        Ok(moved.format("%Y-%m").to_string())
    }

    fn shift_months(&self, date: NaiveDate) -> Result<NaiveDate> {
        let moved = if self.months >= 0 {
            date.checked_add_months(Months::new(self.months.unsigned_abs()))
        } else {
            date.checked_sub_months(Months::new(self.months.unsigned_abs()))
        };
        moved.ok_or_else(|| Error::Conflict(format!("demo month {date} moved {}", self.months)))
    }

    /// The tables' prose, moved: quarter labels by quarters and month names by months, so
    /// "over-committed for FY2027-Q2" and "an owner by December" stay true.
    pub(super) fn prose(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        let mut word_start = true;
        while !rest.is_empty() {
            if !word_start {
                // Inside a word: copy one character.
            } else if let Some((label, tail)) = quarter_label_prefix(rest) {
                match self.quarter(label) {
                    Ok(quarter) => out.push_str(&quarter.to_string()),
                    Err(_) => out.push_str(label),
                }
                rest = tail;
                word_start = false;
                continue;
            } else if let Some((month, tail)) = month_name_prefix(rest) {
                let moved = (month as i32 + self.months).rem_euclid(12) as usize;
                out.push_str(MONTH_NAMES[moved]);
                rest = tail;
                word_start = false;
                continue;
            }
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                out.push(c);
                word_start = !c.is_alphanumeric();
            }
            rest = chars.as_str();
        }
        out
    }
}

/// `FY` + four digits + `-Q` + one digit at the start of `text`.
fn quarter_label_prefix(text: &str) -> Option<(&str, &str)> {
    let label = text.get(..9)?;
    let bytes = label.as_bytes();
    let shaped = label.starts_with("FY")
        && bytes[2..6].iter().all(u8::is_ascii_digit)
        && &bytes[6..8] == b"-Q"
        && bytes[8].is_ascii_digit();
    shaped.then(|| (label, &text[9..]))
}

/// A whole English month name at the start of `text`, as its index (0 = January).
fn month_name_prefix(text: &str) -> Option<(usize, &str)> {
    MONTH_NAMES.iter().enumerate().find_map(|(index, name)| {
        let tail = text.strip_prefix(name)?;
        let whole_word = !tail.starts_with(|c: char| c.is_alphanumeric());
        whole_word.then_some((index, tail))
    })
}
