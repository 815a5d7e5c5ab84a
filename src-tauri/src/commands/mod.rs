//! The commands the UI invokes, one module per concern. Each is thin: deserialize the
//! arguments, make one core call, map the error to `{kind, message, field?}`. Every command
//! that reads or writes the store is `async` (run off the main thread), so the window keeps
//! painting while Rust works.

pub mod backups;
pub mod file;
pub mod finops;
pub mod hiring;
pub mod history;
pub mod kpis;
pub mod overview;
pub mod record_import;
pub mod records;
pub mod reports;
pub mod roadmap;

use chrono::{DateTime, NaiveDate, Utc};

/// The current moment, read here in the shell and passed into the core.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Today's date where the user is, passed into the core.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
