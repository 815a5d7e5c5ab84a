//! Small validation rules shared by the areas, each producing the words a user reads.

use chrono::NaiveDate;

use crate::{Error, Result};

/// A name or title must have visible text.
pub fn non_empty(field: &str, label: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, format!("{label} must not be empty")));
    }
    Ok(())
}

/// An integer within an inclusive range, e.g. tier 1–3 or rating 1–5.
pub fn between(field: &str, label: &str, value: i64, low: i64, high: i64) -> Result<()> {
    if value < low || value > high {
        let allowed = if high - low == 2 {
            format!("{low}, {} or {high}", low + 1)
        } else {
            format!("from {low} to {high}")
        };
        return Err(Error::invalid(field, format!("{label} must be {allowed}")));
    }
    Ok(())
}

/// Money or effort that cannot be negative.
pub fn non_negative(field: &str, label: &str, value: f64) -> Result<()> {
    if !value.is_finite() || value < 0.0 {
        return Err(Error::invalid(
            field,
            format!("{label} must be zero or more"),
        ));
    }
    Ok(())
}

/// An end date, when given, may not come before the start date.
pub fn not_before(field: &str, end: Option<NaiveDate>, start: Option<NaiveDate>) -> Result<()> {
    if let (Some(end), Some(start)) = (end, start) {
        if end < start {
            return Err(Error::invalid(
                field,
                format!("{end} is before the start date {start}"),
            ));
        }
    }
    Ok(())
}
