//! Benchmarks behind `quartermaster bench`, the one home of the core's benchmark code: the
//! capacity figures, the import and backups. They read the clock (timing is their point) and only call
//! into the areas; nothing in an area calls them.

pub mod backups;
pub mod capacity;
pub mod import;
pub mod undo;
pub mod year;
