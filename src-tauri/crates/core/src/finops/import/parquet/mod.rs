//! FOCUS billing exports in Parquet, without Arrow: `read` turns each row of each row group
//! into the same text cells a CSV row gives (`value` says how each Parquet type is written as
//! text), so the FOCUS reader checks them with the very same rules; `write` makes Parquet
//! files (from a FOCUS CSV, e.g. the synthetic ones) for tests and benchmarks.
//!
//! Knows nothing of imports: `reader` decides by the file's first bytes and calls `read`.

pub mod read;
mod value;
pub mod write;

/// The first (and last) four bytes of every Parquet file.
pub const MAGIC: &[u8; 4] = b"PAR1";
