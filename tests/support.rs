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

/// One sheet of a workbook read back with calamine: every cell from A1 to the last used one.
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<calamine::Data>>,
}

impl Sheet {
    /// A cell as a spreadsheet shows its value: text, or a number without trailing zeros.
    pub fn text(&self, row: usize, col: usize) -> String {
        use calamine::Data;
        match self.rows.get(row).and_then(|r| r.get(col)) {
            None | Some(Data::Empty) => String::new(),
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Some(Data::Float(f)) => f.to_string(),
            Some(Data::Int(i)) => i.to_string(),
            Some(Data::Bool(b)) => b.to_string(),
            Some(other) => format!("{other:?}"),
        }
    }

    /// A numeric cell; panics, naming the cell, on anything else.
    pub fn number(&self, row: usize, col: usize) -> f64 {
        use calamine::Data;
        match self.rows.get(row).and_then(|r| r.get(col)) {
            Some(Data::Float(f)) => *f,
            Some(Data::Int(i)) => *i as f64,
            other => panic!(
                "{} row {} col {}: not a number: {other:?}",
                self.name,
                row + 1,
                col + 1
            ),
        }
    }

    /// The index of the first row whose first cell is `first`.
    pub fn row_of(&self, first: &str) -> usize {
        (0..self.rows.len())
            .find(|&r| self.text(r, 0) == first)
            .unwrap_or_else(|| panic!("{}: no row starts with {first:?}", self.name))
    }
}

/// Every sheet of an xlsx file, in workbook order.
pub fn read_xlsx(path: &Path) -> Vec<Sheet> {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = workbook
                .worksheet_range(&name)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let (rows, cols) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
            let rows = (0..rows)
                .map(|r| {
                    (0..cols)
                        .map(|c| range.get_value((r, c)).cloned().unwrap_or_default())
                        .collect()
                })
                .collect();
            Sheet { name, rows }
        })
        .collect()
}

/// The formula of a cell (`SUM(F3:F12)`, without `=`), or "" when it holds none.
pub fn xlsx_formula(path: &Path, sheet: &str, row: usize, col: usize) -> String {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let formulas = workbook
        .worksheet_formula(sheet)
        .unwrap_or_else(|e| panic!("{sheet}: {e}"));
    formulas
        .get_value((row as u32, col as u32))
        .cloned()
        .unwrap_or_default()
}

/// The sheet named `name`.
pub fn sheet<'a>(book: &'a [Sheet], name: &str) -> &'a Sheet {
    book.iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

/// The text of an HTML page as `|`-separated cells (tags and charts removed, `&amp;` read), so
/// a table row reads `|Initiatives delivered|2|`.
pub fn html_cells(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    while let Some(start) = rest.find('<') {
        let text = rest[..start].trim();
        if !text.is_empty() {
            out.push_str(
                &text
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">"),
            );
        }
        let tag = &rest[start..];
        let skip_to = ["<svg", "<style"]
            .iter()
            .find(|open| tag.starts_with(**open))
            .and_then(|open| {
                tag.find(&format!("</{}>", &open[1..]))
                    .map(|end| end + open.len() + 2)
            });
        let end = match skip_to {
            Some(end) => end,
            None => tag.find('>').map_or(tag.len(), |e| e + 1),
        };
        if !out.ends_with('|') {
            out.push('|');
        }
        rest = &tag[end..];
    }
    out
}

/// The title (first `<text>`) of every SVG chart in a page, trimmed.
pub fn chart_titles(page: &str) -> Vec<String> {
    page.split("<svg")
        .skip(1)
        .map(|chart| {
            let chart = chart.split("</svg>").next().unwrap_or_default();
            let text = chart.split("<text").nth(1).unwrap_or_default();
            let text = text.split_once('>').map_or("", |(_, t)| t);
            text.split("</text>")
                .next()
                .unwrap_or_default()
                .trim()
                .replace("&amp;", "&")
        })
        .collect()
}

/// A small pseudo-random sequence for crash and fuzz tests, seeded from the clock unless the
/// environment variable `env` gives the seed; the seed is printed so a failure can be replayed.
pub struct Seeded(u64);

impl Seeded {
    pub fn new(what: &str, env: &str) -> Seeded {
        let seed = std::env::var(env)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            });
        eprintln!("{what}: {env}={seed}");
        Seeded(seed | 1)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    /// A fraction in `[0, 1)`.
    pub fn fraction(&mut self) -> f64 {
        self.below(10_000) as f64 / 10_000.0
    }
}
