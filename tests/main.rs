//! End-to-end tests of the built `quartermaster` binary: the CLI against fixtures/,
//! and the desktop window through WebDriver.

mod cli;
mod conventions;
mod crash;
mod dist;
mod fuzz;
mod gui;
mod icons;
mod support;
mod writer;
