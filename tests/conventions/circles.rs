//! No module imports in a circle: in each crate, the modules that refer to each other (through
//! `crate::`, `super::` or `self::` paths) form no cycle, test code and benchmarks aside. A
//! module's use of its own submodules is composition and does not count; their use of it does.
//! A circle means modules that can only be understood, changed and tested together.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use super::{is_test_file, root, rust_files, shown};

/// The module path of a file under a crate's `src/`: `finops::import` for
/// `finops/import/mod.rs`, empty for `lib.rs` and `main.rs`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// Splits `text` at top-level commas (those outside braces).
fn top_level_items(text: &str) -> Vec<&str> {
    let (mut depth, mut start, mut items) = (0, 0, Vec::new());
    for (at, ch) in text.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

/// The full paths a `use` tree names: `a::{b, c::d}` gives `a::b` and `a::c::d`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    match tree.find('{') {
        Some(open) if tree.ends_with('}') => {
            let prefix = tree[..open].trim_end_matches("::");
            top_level_items(&tree[open + 1..tree.len() - 1])
                .into_iter()
                .filter(|item| !item.trim().is_empty())
                .flat_map(expand)
                .map(|rest| match rest.as_str() {
                    "self" => prefix.to_string(),
                    _ if prefix.is_empty() => rest,
                    _ => format!("{prefix}::{rest}"),
                })
                .collect()
        }
        _ => {
            let path = tree.split(" as ").next().unwrap_or(tree).trim();
            vec![path.trim_end_matches("::self").to_string()]
        }
    }
}

/// Every path the production part of `text` refers to: its `use` trees in full, and the
/// `crate::…`/`super::…` paths written inline.
fn paths_in(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut paths = Vec::new();
    for statement in code.split(';') {
        let statement = statement.trim();
        let tree = statement
            .strip_prefix("pub(crate) use ")
            .or_else(|| statement.strip_prefix("pub use "))
            .or_else(|| statement.strip_prefix("use "));
        if let Some(tree) = tree.filter(|_| {
            !statement.contains('\n')
                || statement.starts_with("use")
                || statement.starts_with("pub")
        }) {
            paths.extend(expand(
                &tree.split_whitespace().collect::<Vec<_>>().join(" "),
            ));
        }
    }
    for marker in ["crate::", "super::"] {
        for (at, _) in code.match_indices(marker) {
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            paths.push(path.trim_end_matches(':').to_string());
        }
    }
    paths
}

/// The module `path` (as written in module `this`, whose children are `children`) lands in:
/// its longest prefix that is a module of the crate.
fn resolve(
    path: &str,
    this: &str,
    children: &BTreeSet<String>,
    known: &BTreeSet<String>,
) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<&str> = this.split("::").filter(|s| !s.is_empty()).collect();
    match segments.first().copied() {
        Some("crate") => {
            base.clear();
            segments.remove(0);
        }
        Some("self") => {
            segments.remove(0);
        }
        Some("super") => {
            while segments.first() == Some(&"super") {
                segments.remove(0);
                base.pop();
            }
        }
        Some(first) if children.contains(first) => {}
        _ => return None,
    }
    let full: Vec<&str> = base.into_iter().chain(segments).collect();
    (1..=full.len())
        .rev()
        .map(|n| full[..n].join("::"))
        .find(|candidate| known.contains(candidate))
}

/// The import graph of the crate whose sources are in `src`: module → modules it refers to.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.retain(|f| !is_test_file(f) && !shown(f).contains("/bench/"));
    let modules: BTreeMap<String, String> = files
        .iter()
        .map(|f| (module_of(src, f), fs::read_to_string(f).unwrap()))
        .collect();
    let known: BTreeSet<String> = modules.keys().filter(|m| !m.is_empty()).cloned().collect();
    let mut edges = BTreeMap::new();
    for (this, text) in &modules {
        let children: BTreeSet<String> = known
            .iter()
            .filter_map(|m| {
                let rest = if this.is_empty() {
                    Some(m.as_str())
                } else {
                    m.strip_prefix(&format!("{this}::"))
                };
                rest.filter(|r| !r.contains("::")).map(str::to_string)
            })
            .collect();
        let targets: BTreeSet<String> = paths_in(text)
            .iter()
            .filter_map(|p| resolve(p, this, &children, &known))
            // A module using its own submodules is composition, not a circle: the submodules
            // may lean on their parent (`super::`), so only edges that leave the subtree count.
            .filter(|t| t != this && !t.starts_with(&format!("{this}::")) && !this.is_empty())
            .collect();
        edges.insert(this.clone(), targets);
    }
    edges
}

/// The groups of modules that reach each other (strongly connected, more than one module).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reach = |from: &String| -> BTreeSet<String> {
        let (mut seen, mut todo) = (BTreeSet::new(), vec![from.clone()]);
        while let Some(m) = todo.pop() {
            for next in edges.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        edges.keys().map(|m| (m, reach(m))).collect();
    let mut groups: BTreeSet<Vec<String>> = BTreeSet::new();
    for (m, seen) in &reaches {
        let group: Vec<String> = seen
            .iter()
            .filter(|other| reaches.get(other).is_some_and(|back| back.contains(*m)))
            .cloned()
            .collect();
        if group.len() > 1 {
            groups.insert(group);
        }
    }
    groups.into_iter().collect()
}

#[test]
fn no_module_imports_in_a_circle() {
    let mut found = Vec::new();
    for src in [
        "src-tauri/crates/core/src",
        "src-tauri/crates/report/src",
        "src-tauri/src",
    ] {
        let edges = graph(&root().join(src));
        assert!(
            edges.len() > 10,
            "{src}: only {} modules found",
            edges.len()
        );
        found.extend(
            circles(&edges)
                .into_iter()
                .map(|group| format!("{src}: {}", group.join(" ↔ "))),
        );
    }
    assert!(
        found.is_empty(),
        "modules that import each other in a circle: {found:#?}"
    );
}

#[test]
fn a_circle_is_found() {
    let edges: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(m, to)| (m.to_string(), to.into_iter().map(str::to_string).collect()))
    .collect();
    assert_eq!(
        circles(&edges),
        vec![vec!["a".to_string(), "b".to_string(), "c".to_string()]]
    );
    assert_eq!(
        expand("crate::{finops::{rollup, import::self}, Error as E}"),
        [
            "crate::finops::rollup",
            "crate::finops::import",
            "crate::Error"
        ]
    );
}
