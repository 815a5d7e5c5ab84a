//! Integration tests of the core: the store, validation, audit and fiscal quarters.

mod audit;
mod store;
mod support;
mod validation;
