//! Conventions checked on the source tree: core and report never depend on Tauri, no module
//! imports in a circle (`circles`), no source file outgrows 600 lines, every module says what it is for in its opening doc line, and production
//! code never unwraps (tests and test-only fixtures may).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

mod circles;

/// The largest a source file may grow (demo data and tests aside).
const MAX_LINES: usize = 600;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` whose name ends with `suffix`, skipping build output.
fn files(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "target" && name != "gen" && name != "node_modules" {
                files(&path, suffix, out);
            }
        } else if name.ends_with(suffix) {
            out.push(path);
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    files(dir, ".rs", out);
}

fn sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&root().join("src-tauri"), &mut files);
    rust_files(&root().join("tests"), &mut files);
    assert!(files.len() > 40, "found only {} files", files.len());
    files
}

/// The path from the repository root, with `/` separators.
fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Test code: a `tests.rs`, anything under a `tests/` folder, and test-only fixture modules.
fn is_test_file(path: &Path) -> bool {
    let shown = shown(path);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name == "tests.rs"
        || name == "fixtures.rs"
        || name.starts_with("test_")
        || name.ends_with("_fixtures.rs")
        || shown.starts_with("tests/")
        || shown.contains("/tests/")
}

// -- No Tauri below the shell ----------------------------------------------------------------------

/// Crates that are Tauri or a GUI toolkit: none of them may be a dependency of a crate under
/// `src-tauri/crates/`.
fn is_gui_crate(name: &str) -> bool {
    let name = name.trim().trim_matches('"');
    name == "tauri"
        || name.starts_with("tauri-")
        || name.starts_with("tauri_")
        || [
            "wry",
            "tao",
            "gtk",
            "webkit2gtk",
            "webkit2gtk-sys",
            "gtk-sys",
        ]
        .contains(&name)
}

/// Every dependency a `Cargo.toml` declares, in any dependency table (normal, dev, build, and
/// their `[target.'cfg(…)'.…]` forms, inline or as `[dependencies.NAME]`): (table, name,
/// the crate it really is when renamed with `package = "…"`).
fn declared_dependencies(manifest: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut table = String::new();
    let mut dotted: Option<(String, String)> = None;
    for raw in manifest.lines() {
        let line = raw.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('[') {
            let header = line
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string();
            dotted = None;
            // `[dependencies.tauri]`, `[target.'cfg(unix)'.dev-dependencies.tauri]`
            let parts: Vec<&str> = header.rsplitn(2, '.').collect();
            if parts.len() == 2 && parts[1].ends_with("dependencies") {
                let name = parts[0].trim_matches('"').to_string();
                out.push((parts[1].to_string(), name.clone(), name.clone()));
                dotted = Some((parts[1].to_string(), name));
            }
            table = header;
            continue;
        }
        if let Some((table, name)) = &dotted {
            if let Some(package) = package_of(line) {
                out.push((table.clone(), name.clone(), package));
            }
            continue;
        }
        if !table.ends_with("dependencies") {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let name = key.trim().split('.').next().unwrap_or_default();
        let name = name.trim_matches('"').to_string();
        let real = package_of(value).unwrap_or_else(|| name.clone());
        out.push((table.clone(), name, real));
    }
    out
}

/// The `package = "…"` of a dependency's value, if it renames one.
fn package_of(text: &str) -> Option<String> {
    let at = text.find("package")?;
    let rest = text[at + "package".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let quoted = rest.trim_start().strip_prefix('"')?;
    Some(quoted.split('"').next()?.to_string())
}

/// The crates under `src-tauri/crates/`, by directory, with their manifest text.
fn library_crates() -> BTreeMap<String, String> {
    let dir = root().join("src-tauri/crates");
    let mut crates = BTreeMap::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path().join("Cargo.toml");
        if path.is_file() {
            crates.insert(shown(&path), fs::read_to_string(&path).unwrap());
        }
    }
    assert!(
        crates.len() >= 2,
        "core and report at least: {:?}",
        crates.keys()
    );
    crates
}

#[test]
fn no_crate_under_src_tauri_crates_depends_on_tauri() {
    // The check reads what the shell declares, so it would see Tauri if it were there.
    let shell = fs::read_to_string(root().join("src-tauri/Cargo.toml")).unwrap();
    let shell_deps = declared_dependencies(&shell);
    for (table, name) in [
        ("dependencies", "tauri"),
        ("dev-dependencies", "tauri"),
        ("build-dependencies", "tauri-build"),
    ] {
        assert!(
            shell_deps.iter().any(|(t, n, _)| t == table && n == name),
            "the manifest reader finds {name} in the shell's [{table}]: {shell_deps:?}"
        );
    }
    // Workspace-inherited dependencies (`x.workspace = true`) are checked by what the workspace
    // says `x` is.
    let workspace = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let inherited: BTreeMap<String, String> = declared_dependencies(&workspace)
        .into_iter()
        .filter(|(table, _, _)| table == "workspace.dependencies")
        .map(|(_, name, real)| (name, real))
        .collect();

    let mut found = Vec::new();
    for (manifest, text) in library_crates() {
        let declared = declared_dependencies(&text);
        assert!(
            declared.iter().any(|(t, _, _)| t == "dependencies"),
            "{manifest}: no [dependencies] read: {declared:?}"
        );
        for (table, name, real) in declared {
            let real = inherited.get(&name).cloned().unwrap_or(real);
            if is_gui_crate(&name) || is_gui_crate(&real) {
                found.push(format!("{manifest} [{table}] {name} ({real})"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "crates under src-tauri/crates/ must not depend on Tauri or a GUI toolkit: {found:#?}"
    );
}

/// What each package in `Cargo.lock` depends on, by name (all targets, dev and build included).
fn lock_graph() -> BTreeMap<String, BTreeSet<String>> {
    let lock = fs::read_to_string(root().join("Cargo.lock")).unwrap();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for package in lock.split("[[package]]").skip(1) {
        let mut name = None;
        let mut deps = BTreeSet::new();
        let mut in_deps = false;
        for line in package.lines() {
            let line = line.trim();
            if let Some(value) = line.strip_prefix("name = ") {
                name = Some(value.trim_matches('"').to_string());
            } else if line.starts_with("dependencies = [") {
                in_deps = !line.ends_with(']');
            } else if in_deps && line == "]" {
                in_deps = false;
            } else if in_deps {
                let dep = line.trim_matches(|c| c == '"' || c == ',');
                deps.insert(dep.split(' ').next().unwrap_or_default().to_string());
            }
        }
        if let Some(name) = name {
            graph.entry(name).or_default().extend(deps);
        }
    }
    graph
}

#[test]
fn core_and_report_reach_no_tauri_crate_even_indirectly() {
    let graph = lock_graph();
    let reach = |start: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![start.to_string()];
        while let Some(name) = todo.pop() {
            for dep in graph.get(&name).into_iter().flatten() {
                if seen.insert(dep.clone()) {
                    todo.push(dep.clone());
                }
            }
        }
        seen
    };
    assert!(
        reach("quartermaster").contains("tauri"),
        "the lock-file reader sees the shell's Tauri"
    );
    let mut checked = 0;
    for (manifest, text) in library_crates() {
        let name = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("name = "))
            .map(|n| n.trim_matches('"').to_string())
            .unwrap_or_else(|| panic!("{manifest}: no package name"));
        assert!(graph.contains_key(&name), "{name} is in Cargo.lock");
        let gui: Vec<String> = reach(&name)
            .into_iter()
            .filter(|n| is_gui_crate(n))
            .collect();
        assert!(gui.is_empty(), "{name} reaches {gui:?} through Cargo.lock");
        checked += 1;
    }
    assert!(checked >= 2);
}

// -- File size -------------------------------------------------------------------------------------

/// Source files that count toward the size rule: non-test `.rs` under `src-tauri/` and `.js`
/// under `ui/`; demo data (anything in a `demo/` folder) aside.
fn sized_sources() -> Vec<PathBuf> {
    let mut out = Vec::new();
    rust_files(&root().join("src-tauri"), &mut out);
    files(&root().join("ui"), ".js", &mut out);
    out.retain(|path| !is_test_file(path) && !shown(path).contains("/demo/"));
    assert!(out.len() > 60, "found only {} files", out.len());
    out
}

#[test]
fn no_source_file_is_over_600_lines() {
    let mut over: Vec<(usize, String)> = sized_sources()
        .into_iter()
        .map(|path| {
            let lines = fs::read_to_string(&path).unwrap().lines().count();
            (lines, shown(&path))
        })
        .filter(|(lines, _)| *lines > MAX_LINES)
        .collect();
    over.sort_by(|a, b| b.cmp(a));
    let listed: Vec<String> = over
        .iter()
        .map(|(lines, path)| format!("{path}: {lines} lines"))
        .collect();
    assert!(
        over.is_empty(),
        "source files over {MAX_LINES} lines (split them along their seams; demo data goes in a \
         demo/ folder, tests in tests.rs): {listed:#?}"
    );
}

// -- Doc lines -------------------------------------------------------------------------------------

/// The words of a doc comment's first line, without its marker.
fn words(line: &str, marker: &str) -> usize {
    line.trim_start()
        .trim_start_matches(marker)
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[test]
fn every_module_opens_with_a_doc_line() {
    let missing: Vec<String> = sources()
        .into_iter()
        .filter(|path| {
            let text = fs::read_to_string(path).unwrap();
            let first = text.trim_start().lines().next().unwrap_or_default();
            !first.starts_with("//!") || words(first, "//!") < 3
        })
        .map(|path| shown(&path))
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a //! line saying what they hold: {missing:#?}"
    );
}

#[test]
fn every_ui_module_opens_with_a_doc_comment() {
    let mut scripts = Vec::new();
    files(&root().join("ui"), ".js", &mut scripts);
    assert!(scripts.len() > 20, "found only {} scripts", scripts.len());
    let missing: Vec<String> = scripts
        .into_iter()
        .filter(|path| {
            let text = fs::read_to_string(path).unwrap();
            let mut lines = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && *l != "// @ts-check");
            let first = lines.next().unwrap_or_default();
            let said = if first == "/**" {
                lines.next().map_or(0, |l| words(l, "*"))
            } else {
                words(first, "/**")
            };
            !first.starts_with("/**") || said < 3
        })
        .map(|path| shown(&path))
        .collect();
    assert!(
        missing.is_empty(),
        "UI modules without an opening /** … */ saying what they hold: {missing:#?}"
    );
}

// -- No unwrap in production -----------------------------------------------------------------------

#[test]
fn production_code_does_not_unwrap() {
    let mut found = Vec::new();
    for path in sources() {
        if is_test_file(&path) {
            continue;
        }
        let shown = shown(&path);
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

/// The UI describes a kind of record (`kind: 'team',` opening a spec in `ui/views/<area>.js`)
/// only under a name the core's one `records::KINDS` table knows, so a renamed or removed kind
/// cannot leave a UI spec that fails only when a user opens it.
#[test]
fn ui_kind_specs_name_record_kinds() {
    let known: BTreeSet<&str> = quartermaster_core::records::names().collect();
    let mut specs = Vec::new();
    files(&root().join("ui/views"), ".js", &mut specs);
    let mut seen = BTreeSet::new();
    for path in specs {
        let text = fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let Some(name) = line
                .trim()
                .strip_prefix("kind: '")
                .and_then(|rest| rest.strip_suffix("',"))
            else {
                continue;
            };
            assert!(
                known.contains(name),
                "{}:{}: UI kind '{name}' is not in records::KINDS ({known:?})",
                shown(&path),
                n + 1
            );
            seen.insert(name.to_string());
        }
    }
    // The areas' tables: org, portfolio, roadmap, finops, hiring, kpis and operations.
    for kind in [
        "team",
        "position",
        "model",
        "initiative",
        "budget",
        "candidate",
        "kpi",
        "risk",
    ] {
        assert!(
            seen.contains(kind),
            "no UI spec found for '{kind}': {seen:?}"
        );
    }
}
