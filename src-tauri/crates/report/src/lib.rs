//! Quartermaster's reports: charts and export files, reading the core only.
//! Every file is written to a temporary name and renamed, so a failure never leaves half a file.

pub mod brief;
pub mod chart;
pub mod csv;
pub mod finops;
pub mod finops_chart;
pub mod kit;
pub mod workbook;
pub mod write;

#[cfg(test)]
mod test_support;
