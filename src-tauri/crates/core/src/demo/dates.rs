//! The demo's calendar: its literal dates and times parsed, and the twelve months of billing and
//! KPI history indexed from November 2025.

use chrono::{Days, NaiveDate, Utc};

use crate::store::entity::Timestamp;
use crate::{Error, Result};

/// Months of billing and usage: index 0 is November 2025, index 11 is October 2026.
pub(super) const MONTHS: usize = 12;
pub(super) const FIRST_MONTH: (i32, u32) = (2025, 11);

pub(super) fn day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| Error::Conflict(format!("demo date {text:?}: {e}")))
}

pub(super) fn plus_days(date: NaiveDate, days: u64) -> Result<NaiveDate> {
    date.checked_add_days(Days::new(days))
        .ok_or_else(|| Error::Conflict(format!("demo date {date} + {days} days")))
}

pub(super) fn optional_day(text: &str) -> Result<Option<NaiveDate>> {
    if text.is_empty() {
        Ok(None)
    } else {
        day(text).map(Some)
    }
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

/// `(year, month)` of month index `index` (0 = November 2025).
pub(super) fn calendar_month(index: usize) -> (i32, u32) {
    let absolute = FIRST_MONTH.0 * 12 + FIRST_MONTH.1 as i32 - 1 + index as i32;
    (absolute.div_euclid(12), absolute.rem_euclid(12) as u32 + 1)
}

pub(super) fn month_label(index: usize) -> String {
    let (year, month) = calendar_month(index);
    format!("{year:04}-{month:02}")
}

pub(super) fn month_start(index: usize) -> Result<Timestamp> {
    let (year, month) = calendar_month(index);
    let date = NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| Error::Conflict(format!("demo month {year}-{month}")))?;
    at_time(date, 0, 0)
}
