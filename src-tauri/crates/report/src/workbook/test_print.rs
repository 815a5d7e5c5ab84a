//! The workbook as it prints, read back from its XML on the demo and at 10× the demo: every
//! sheet's page setup, print titles, print area, header and footer; every column as wide as the
//! longest value it shows in its number format (re-derived here from the styles, so no `###`);
//! no chart over a cell that holds a value; the Summary on one screen.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use super::tests::{now, q1, today, zip_entries, SHEETS};
use super::*;
use crate::test_support::ten_times_demo;

/// One full-HD screen at 100% zoom: about 1,850 pixels of columns (7 pixels a width unit) and
/// 40 rows of 20 pixels under the ribbon.
const SCREEN_WIDTH_UNITS: f64 = 260.0;
const SCREEN_ROWS: u32 = 40;

/// A cell with a value: 0-based row and column, its style index, its type and its raw value.
#[derive(Debug)]
struct XmlCell {
    row: u32,
    col: u32,
    style: usize,
    kind: String,
    value: String,
}

/// A cell style as far as widths go.
struct Style {
    code: String,
    wraps: bool,
    title: bool,
}

struct Book {
    parts: HashMap<String, String>,
}

impl Book {
    fn of(store: &quartermaster_core::Store) -> Book {
        let bytes = xlsx_bytes(&build(store.conn(), q1(), today()).unwrap(), now()).unwrap();
        let parts = zip_entries(&bytes)
            .into_iter()
            .filter(|(name, _)| name.ends_with(".xml") || name.ends_with(".rels"))
            .map(|(name, data)| (name, String::from_utf8(data).unwrap()))
            .collect();
        Book { parts }
    }

    fn part(&self, name: &str) -> &str {
        self.parts
            .get(name)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("{name}"))
    }

    fn sheet(&self, index: usize) -> &str {
        self.part(&format!("xl/worksheets/sheet{}.xml", index + 1))
    }

    /// The workbook's defined name `name` for sheet `index`.
    fn defined(&self, name: &str, index: usize) -> Option<String> {
        let workbook = self.part("xl/workbook.xml");
        workbook.split("<definedName ").skip(1).find_map(|d| {
            let (attrs, rest) = d.split_once('>')?;
            (attr(attrs, "name")? == name && attr(attrs, "localSheetId")? == index.to_string())
                .then(|| {
                    rest.split("</definedName>")
                        .next()
                        .unwrap_or("")
                        .to_string()
                })
        })
    }

    /// Every cell style: its number format, whether it wraps, whether it is a title.
    fn styles(&self) -> Vec<Style> {
        let styles = self.part("xl/styles.xml");
        // Titles are the large fonts (12 and 16 points); the body is 11.
        let large: Vec<bool> = styles
            .split("<fonts")
            .nth(1)
            .unwrap()
            .split("</fonts>")
            .next()
            .unwrap()
            .split("<font>")
            .skip(1)
            .map(|f| {
                f.split("<sz val=\"")
                    .nth(1)
                    .and_then(|v| v.split('"').next())
                    .and_then(|v| v.parse::<f64>().ok())
                    .is_some_and(|size| size >= 12.0)
            })
            .collect();
        let custom: HashMap<String, String> = styles
            .split("<numFmt ")
            .skip(1)
            .filter_map(|f| {
                let attrs = f.split_once("/>")?.0;
                Some((
                    attr(attrs, "numFmtId")?,
                    unescape(&attr(attrs, "formatCode")?),
                ))
            })
            .collect();
        let xfs = styles
            .split("<cellXfs")
            .nth(1)
            .unwrap()
            .split("</cellXfs>")
            .next()
            .unwrap();
        xfs.split("<xf ")
            .skip(1)
            .map(|xf| {
                let id = attr(xf, "numFmtId").unwrap_or_else(|| "0".into());
                let code = match id.as_str() {
                    "0" => "General".to_string(),
                    "3" => "#,##0".to_string(),
                    "4" => "#,##0.00".to_string(),
                    other => custom
                        .get(other)
                        .cloned()
                        .unwrap_or_else(|| panic!("format {other}")),
                };
                let font: usize = attr(xf, "fontId").map_or(0, |f| f.parse().unwrap());
                Style {
                    code,
                    wraps: xf
                        .split("</xf>")
                        .next()
                        .unwrap_or("")
                        .contains("wrapText=\"1\""),
                    title: large.get(font).copied().unwrap_or(false),
                }
            })
            .collect()
    }

    fn shared_strings(&self) -> Vec<String> {
        self.part("xl/sharedStrings.xml")
            .split("<si>")
            .skip(1)
            .map(|si| {
                let t = si.split_once('>').map_or("", |(_, rest)| rest);
                unescape(t.split("</t>").next().unwrap_or(""))
            })
            .collect()
    }

    fn cells(&self, index: usize) -> Vec<XmlCell> {
        let data = self.sheet(index).split("<sheetData>").nth(1).unwrap_or("");
        data.split("<c r=\"")
            .skip(1)
            .filter_map(|c| {
                let (attrs, body) = c.split_once('>')?;
                if attrs.ends_with('/') {
                    return None;
                }
                let reference = attrs.split('"').next()?;
                let value = body.split("<v>").nth(1)?.split("</v>").next()?.to_string();
                let (row, col) = cell_at(reference);
                Some(XmlCell {
                    row,
                    col,
                    style: attr(attrs, "s").map_or(0, |s| s.parse().unwrap()),
                    kind: attr(attrs, "t").unwrap_or_default(),
                    value,
                })
            })
            .collect()
    }

    /// Column widths (0-based column → width in character units).
    fn widths(&self, index: usize) -> HashMap<u32, f64> {
        let mut widths = HashMap::new();
        for col in self.sheet(index).split("<col ").skip(1) {
            let (min, max): (u32, u32) = (
                attr(col, "min").unwrap().parse().unwrap(),
                attr(col, "max").unwrap().parse().unwrap(),
            );
            let width: f64 = attr(col, "width").unwrap().parse().unwrap();
            for c in min..=max {
                widths.insert(c - 1, width);
            }
        }
        widths
    }

    /// Chart anchors of sheet `index`: (first row, first col, last row, last col), 0-based.
    fn chart_anchors(&self, index: usize) -> Vec<(u32, u32, u32, u32)> {
        let rels = format!("xl/worksheets/_rels/sheet{}.xml.rels", index + 1);
        let Some(rels) = self.parts.get(&rels) else {
            return Vec::new();
        };
        let Some(drawing) = rels
            .split("Target=\"../drawings/")
            .nth(1)
            .and_then(|t| t.split('"').next())
        else {
            return Vec::new();
        };
        let drawing = self.part(&format!("xl/drawings/{drawing}"));
        let number = |block: &str, tag: &str| -> u32 {
            block
                .split(&format!("<xdr:{tag}>"))
                .nth(1)
                .and_then(|v| v.split('<').next())
                .unwrap()
                .parse()
                .unwrap()
        };
        drawing
            .split("<xdr:twoCellAnchor")
            .skip(1)
            .map(|anchor| {
                let from = anchor.split("<xdr:from>").nth(1).unwrap();
                let to = anchor.split("<xdr:to>").nth(1).unwrap();
                (
                    number(from, "row"),
                    number(from, "col"),
                    number(to, "row"),
                    number(to, "col"),
                )
            })
            .collect()
    }
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let at = attrs.find(&format!(" {name}=\"")).or_else(|| {
        attrs
            .starts_with(&format!("{name}=\""))
            .then_some(0)
            .map(|_| usize::MAX)
    })?;
    let start = if at == usize::MAX {
        name.len() + 2
    } else {
        at + name.len() + 3
    };
    attrs.get(start..)?.split('"').next().map(String::from)
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `B7` → (6, 1).
fn cell_at(reference: &str) -> (u32, u32) {
    let letters: String = reference
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let row: u32 = reference[letters.len()..].parse().unwrap();
    let col = letters
        .chars()
        .fold(0, |n, c| n * 26 + (c as u32 - 'A' as u32 + 1));
    (row - 1, col - 1)
}

/// `$A$1:$R$67` (after the sheet name) → (last row, last col), 0-based.
fn area_end(area: &str) -> (u32, u32) {
    let end = area.rsplit(':').next().unwrap().replace('$', "");
    cell_at(&end)
}

/// The digits of `v` rounded to `decimals`, with a comma between thousands.
fn thousands(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), format!(".{f}")),
        None => (text.clone(), String::new()),
    };
    let digits: Vec<char> = whole.chars().collect();
    let mut out = String::new();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*d);
    }
    let sign = if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    format!("{sign}{out}{fraction}")
}

/// How many characters a number shows in Excel with `code`.
fn shown_chars(value: f64, code: &str) -> usize {
    if let Some(currency) = code.strip_prefix("[$").and_then(|c| c.split(']').next()) {
        return currency.len() + 1 + thousands(value, 2).len();
    }
    match code {
        "0.0%" => format!("{:.1}%", value * 100.0).len(),
        "#,##0.00" => thousands(value, 2).len(),
        "#,##0" => thousands(value, 0).len(),
        "yyyy-mm-dd" => 10,
        // General shows up to 11 characters of a number.
        _ => value.to_string().len().min(11),
    }
}

fn check_book(book: &Book, label: &str) {
    let styles = book.styles();
    let strings = book.shared_strings();
    for (index, name) in SHEETS.iter().enumerate() {
        let sheet = book.sheet(index);
        let what = format!("{label} {name}");
        // Page setup: landscape A4, fit to one page wide (any number tall).
        assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{what}");
        let setup = sheet
            .split("<pageSetup ")
            .nth(1)
            .unwrap()
            .split("/>")
            .next()
            .unwrap();
        assert_eq!(
            attr(setup, "orientation").as_deref(),
            Some("landscape"),
            "{what}"
        );
        assert_eq!(attr(setup, "paperSize").as_deref(), Some("9"), "{what}");
        assert_eq!(attr(setup, "fitToHeight").as_deref(), Some("0"), "{what}");
        assert!(
            matches!(attr(setup, "fitToWidth").as_deref(), None | Some("1")),
            "{what}"
        );
        // Header and footer: organisation, quarter, as-of date; page x of y.
        let header = sheet
            .split("<oddHeader>")
            .nth(1)
            .unwrap()
            .split("</oddHeader>")
            .next()
            .unwrap();
        assert_eq!(
            unescape(header),
            "&LNorthwind Analytics&CFY2027-Q1&RAs of 2026-11-16",
            "{what}"
        );
        assert!(
            sheet.contains("<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter>"),
            "{what}"
        );
        // Print titles: the first table's header row (the report title on the Summary).
        let titles = book
            .defined("_xlnm.Print_Titles", index)
            .unwrap_or_else(|| panic!("{what}"));
        let expected = if *name == "Summary" { "$1:$1" } else { "$2:$2" };
        assert!(
            titles.ends_with(&format!("!{expected}")),
            "{what}: {titles}"
        );
        // The print area holds every value and every chart.
        let area = book
            .defined("_xlnm.Print_Area", index)
            .unwrap_or_else(|| panic!("{what}"));
        let (last_row, last_col) = area_end(&area);
        let cells = book.cells(index);
        for c in &cells {
            assert!(
                c.row <= last_row && c.col <= last_col,
                "{what}: {c:?} outside {area}"
            );
        }
        let anchors = book.chart_anchors(index);
        for &(r0, c0, r1, c1) in &anchors {
            assert!(
                r1 <= last_row && c1 <= last_col,
                "{what}: chart to ({r1}, {c1}) outside {area}"
            );
            // No chart over a cell holding a value.
            for c in &cells {
                let under = (r0..=r1).contains(&c.row) && (c0..=c1).contains(&c.col);
                assert!(!under, "{what}: chart ({r0},{c0})-({r1},{c1}) covers {c:?}");
            }
        }
        // Columns as wide as their longest shown value; long text wraps instead.
        let widths = book.widths(index);
        for c in &cells {
            let Style { code, wraps, title } = &styles[c.style];
            let chars = match c.kind.as_str() {
                // Titles above the tables spill over their empty neighbours, as titles do.
                "s" if *wraps || *title => continue,
                "s" => strings[c.value.parse::<usize>().unwrap()].chars().count(),
                "str" | "b" | "e" => continue,
                _ => shown_chars(c.value.parse().unwrap(), code),
            };
            let width = widths.get(&c.col).copied().unwrap_or(8.43);
            assert!(
                width >= chars as f64,
                "{what}: column {} is {width} wide for {chars} characters ({c:?}, {code})",
                c.col
            );
        }
        // The demo's Summary on one screen (at 10× it has ten times the teams and budgets).
        if *name == "Summary" && label == "demo" {
            let used: f64 = (0..=last_col)
                .map(|c| widths.get(&c).copied().unwrap_or(8.43))
                .sum();
            assert!(used <= SCREEN_WIDTH_UNITS, "{what}: {used} units wide");
            assert!(last_row < SCREEN_ROWS, "{what}: {} rows", last_row + 1);
        }
        if ["Headcount", "FinOps", "Hiring", "KPIs"].contains(name) {
            assert!(!anchors.is_empty(), "{what} has its charts");
        }
    }
}

#[test]
fn every_sheet_prints_one_page_wide_with_titles_area_header_and_footer() {
    check_book(
        &Book::of(&quartermaster_core::demo::in_memory().unwrap()),
        "demo",
    );
}

#[test]
fn at_ten_times_the_demo_columns_still_fit_and_charts_cover_no_value() {
    check_book(&Book::of(&ten_times_demo()), "10x");
}
