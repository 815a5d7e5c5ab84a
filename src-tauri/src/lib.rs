//! The shell crate: the desktop window (Tauri) and the command-line interface over the core.
//! Commands are thin: deserialize, one core call, map the error.

pub mod app;
pub mod cli;
pub mod cli_finops;
pub mod cli_hiring;
pub mod cli_report;
pub mod cli_roadmap;
pub mod commands;
pub mod error;
pub mod paths;
pub mod process_start;
pub mod state;
