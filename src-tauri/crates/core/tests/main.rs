//! Integration tests of the core: the store, validation, audit and fiscal quarters.

mod audit;
mod finops_bench;
mod finops_import;
mod finops_reports;
mod store;
mod support;
mod upgrade;
mod validation;
