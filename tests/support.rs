//! Locating and running the built binary, and reading what it wrote.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The app under test: `$QUARTERMASTER_BIN` when set (e.g. a release build for the benchmark),
/// else the `quartermaster` binary built by this `cargo test` run (next to this test's `deps/`).
pub fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("QUARTERMASTER_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile> directory");
    let binary = profile_dir.join(format!("quartermaster{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} is missing: build it with `cargo build -p quartermaster`",
        binary.display()
    );
    binary
}

/// The repository's fixtures directory.
pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

/// Runs the binary with `args` in a clean environment whose data dir is `home`.
pub fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .env_remove("QUARTERMASTER_DB")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .output()
        .expect("run quartermaster")
}

/// Runs and asserts success; returns stdout.
pub fn ok(home: &Path, args: &[&str]) -> String {
    let out = run(home, args);
    assert!(
        out.status.success(),
        "quartermaster {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs and asserts failure with exactly one `error: …` line; returns that line.
pub fn fails(home: &Path, args: &[&str]) -> String {
    let out = run(home, args);
    assert!(!out.status.success(), "quartermaster {args:?} should fail");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one error line expected, got: {stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    lines[0].to_string()
}

/// Reads a CSV export as a header and rows.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}
