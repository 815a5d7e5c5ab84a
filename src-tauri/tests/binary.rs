//! Smoke test of the shell binary; also makes `cargo test` build `quartermaster` for tests/.

use std::process::Command;

#[test]
fn prints_its_version() {
    let out = Command::new(env!("CARGO_BIN_EXE_quartermaster"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("quartermaster "));
}
