//! The one fixed clock of the core's unit tests, so every fixture agrees on "now" and on dates.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, TimeZone, Utc};

use crate::store::entity::Timestamp;

/// The moment every unit test writes at.
pub fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
        .single()
        .unwrap()
}

/// A date from its ISO text, for terse test data.
pub fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}
