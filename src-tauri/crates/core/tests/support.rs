//! Shared helpers: a fresh organisation in memory or in a temp file, and a fixed clock.

use chrono::{TimeZone, Utc};
use quartermaster_core::org::settings::Settings;
use quartermaster_core::{org::setup, Store, Timestamp};

/// The fixed "now" every test passes in.
pub fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
        .single()
        .unwrap()
}

/// An in-memory store holding a new organisation (fiscal year from October, USD).
pub fn org() -> Store {
    let settings = Settings::new("Test Org", 10, "USD").unwrap();
    setup::in_memory(&settings, now()).unwrap()
}
