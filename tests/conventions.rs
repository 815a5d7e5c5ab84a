//! Conventions checked on the source tree: every Rust module says what it is for in a `//!`
//! line, and production code never unwraps (tests and test-only fixtures may).

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "target" && name != "gen" {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src-tauri"), &mut files);
    rust_files(&root.join("tests"), &mut files);
    assert!(files.len() > 40, "found only {} files", files.len());
    files
}

#[test]
fn every_module_opens_with_a_doc_line() {
    let missing: Vec<String> = sources()
        .into_iter()
        .filter(|path| path.file_name().is_some_and(|n| n != "build.rs"))
        .filter(|path| {
            let text = fs::read_to_string(path).unwrap();
            !text.trim_start().starts_with("//!")
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a //! line: {missing:#?}"
    );
}

#[test]
fn production_code_does_not_unwrap() {
    let mut found = Vec::new();
    for path in sources() {
        let shown = path.display().to_string();
        let test_only = shown.contains("/tests/")
            || shown.ends_with("_fixtures.rs")
            || shown.ends_with("/fixtures.rs");
        if test_only {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            if line.contains(".unwrap()") || line.contains(".expect(") {
                found.push(format!("{shown}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "unwrap/expect in production code: {found:#?}"
    );
}
