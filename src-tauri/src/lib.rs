//! The shell crate: the desktop window (Tauri) and the command-line interface over the core.
//! Commands are thin: deserialize, one core call, map the error.

pub mod app;
pub mod cli;
pub mod commands;
pub mod dialogs;
pub mod error;
pub mod paths;
pub mod process_start;
pub mod state;
pub mod window;
