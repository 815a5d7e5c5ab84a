//! Integration tests of the core: the store, validation, audit, imports, FinOps reports, and
//! property tests of the parsers and the money and quarter arithmetic.

mod audit;
mod finops_bench;
mod finops_focus_tags;
mod finops_import;
mod finops_parquet;
mod finops_reports;
mod finops_spend_cache;
mod properties;
mod store;
mod support;
mod undo;
mod upgrade;
mod validation;
mod writer;
