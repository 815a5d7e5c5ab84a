//! The `quartermaster` binary: the desktop app, or the CLI when given a subcommand.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    std::process::exit(quartermaster::cli::main());
}
