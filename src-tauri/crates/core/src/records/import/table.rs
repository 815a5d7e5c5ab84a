//! A spreadsheet read as text: a CSV or the first sheet of an XLSX becomes a header and rows of
//! cells, each row keeping the line (or sheet row) it came from so errors can name it. Exports
//! from HR tools often put a title or a date above the header; the header is the first row that
//! looks like one (see `header_at`).

use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use serde::Serialize;

use crate::{Error, Result};

/// A file's rows below its header, as text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// The file name, for messages.
    pub file: String,
    /// Column names as written (trimmed); a name may repeat (Jira's `Labels`, `Sprint`).
    pub headers: Vec<String>,
    /// The 1-based line or sheet row of the header.
    pub header_line: u64,
    pub rows: Vec<Row>,
}

/// One data row: its cells in header order and where it was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// 1-based line of a CSV, or row of the sheet.
    pub line: u64,
    pub cells: Vec<String>,
}

impl Table {
    /// The value of the column named `header` in `row`: the last non-empty one when the name
    /// repeats (a Jira issue's latest sprint is its last `Sprint` column), trimmed.
    pub fn cell<'a>(&self, row: &'a Row, header: &str) -> &'a str {
        let mut found = "";
        for (name, cell) in self.headers.iter().zip(&row.cells) {
            if name == header && !cell.trim().is_empty() {
                found = cell.trim();
            }
        }
        found
    }

    /// Whether a column named `header` exists.
    pub fn has(&self, header: &str) -> bool {
        self.headers.iter().any(|h| h == header)
    }

    /// The header names once each, in the order they first appear.
    pub fn distinct_headers(&self) -> Vec<String> {
        let mut seen = Vec::<String>::new();
        for header in &self.headers {
            if !header.is_empty() && !seen.contains(header) {
                seen.push(header.clone());
            }
        }
        seen
    }
}

/// Reads `path` as XLSX when its name ends `.xlsx` (or it starts like a zip), else as CSV.
pub fn read(path: &Path) -> Result<Table> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let bytes = std::fs::read(path).map_err(|e| Error::io(path.display(), e))?;
    let grid = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(path, &file)?
    } else {
        read_csv(&bytes, &file)?
    };
    from_grid(file, grid)
}

/// Builds a table from rows of cells (line number, cells): finds the header, drops empty rows.
pub fn from_grid(file: String, grid: Vec<(u64, Vec<String>)>) -> Result<Table> {
    let at = header_at(&grid).ok_or_else(|| {
        Error::io(
            &file,
            "no header row found: the file is empty or has no row of column names",
        )
    })?;
    let (header_line, header_cells) = &grid[at];
    let headers: Vec<String> = header_cells.iter().map(|h| h.trim().to_string()).collect();
    let width = headers.len();
    let rows = grid[at + 1..]
        .iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(line, cells)| {
            let mut cells = cells.clone();
            cells.resize(width.max(cells.len()), String::new());
            Row { line: *line, cells }
        })
        .collect();
    Ok(Table {
        file,
        headers,
        header_line: *header_line,
        rows,
    })
}

/// The index of the header row among the first rows: the first row with at least two cells,
/// none of them a number, filling at least 60% of the widest row seen there. A title row
/// ("Headcount report — March 2026") has one cell; data rows hold numbers or dates.
fn header_at(grid: &[(u64, Vec<String>)]) -> Option<usize> {
    let filled = |cells: &[String]| cells.iter().filter(|c| !c.trim().is_empty()).count();
    let window = &grid[..grid.len().min(20)];
    let widest = window.iter().map(|(_, c)| filled(c)).max()?;
    let needed = (widest * 3).div_ceil(5).max(2.min(widest));
    window.iter().position(|(_, cells)| {
        let named = cells
            .iter()
            .filter(|c| !c.trim().is_empty())
            .all(|c| c.trim().parse::<f64>().is_err() && !looks_like_date(c.trim()));
        filled(cells) >= needed && named
    })
}

fn looks_like_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").is_ok()
}

/// CSV with a comma, semicolon or tab, whichever the first line holds most of; a UTF-8 byte
/// order mark is dropped.
fn read_csv(bytes: &[u8], file: &str) -> Result<Vec<(u64, Vec<String>)>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.iter().filter(|b| *b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut grid = Vec::new();
    let mut record = csv::ByteRecord::new();
    // Lines are counted here from byte offsets: the reader's own line count lags a record
    // behind after a CRLF, and quoted cells may hold newlines.
    let (mut counted_to, mut line) = (0usize, 1u64);
    loop {
        let more = reader.read_byte_record(&mut record).map_err(|e| {
            let at = e.position().map_or(0, |p| p.line());
            Error::io(file, format!("line {at}: not readable as CSV ({e})"))
        })?;
        if !more {
            break;
        }
        let mut start = record.position().map_or(counted_to, |p| p.byte() as usize);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let start = start.clamp(counted_to, bytes.len());
        line += bytes[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        counted_to = start;
        let cells = record
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        grid.push((line, cells));
    }
    Ok(grid)
}

/// The first sheet of a workbook; dates become `2026-03-15` (with the time when it has one),
/// whole numbers lose their `.0`.
fn read_xlsx(path: &Path, file: &str) -> Result<Vec<(u64, Vec<String>)>> {
    let mut workbook: Xlsx<_> = calamine::open_workbook(path)
        .map_err(|e| Error::io(file, format!("not a readable xlsx file ({e})")))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| Error::io(file, "the workbook has no sheet"))?
        .map_err(|e| Error::io(file, format!("the first sheet cannot be read ({e})")))?;
    let first_row = u64::from(range.start().map(|(r, _)| r).unwrap_or(0));
    let first_col = range.start().map(|(_, c)| c).unwrap_or(0) as usize;
    Ok(range
        .rows()
        .zip(first_row + 1..)
        .map(|(cells, line)| {
            let mut row = vec![String::new(); first_col];
            row.extend(cells.iter().map(cell_text));
            (line, row)
        })
        .collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<(u64, Vec<String>)> {
        rows.iter()
            .zip(1..)
            .map(|(r, i)| (i, r.iter().map(|c| c.to_string()).collect()))
            .collect()
    }

    #[test]
    fn the_header_is_found_below_a_title_and_a_blank_row() {
        let table = from_grid(
            "hr.xlsx".into(),
            grid(&[
                &["Headcount report — March 2026", "", ""],
                &["", "", ""],
                &["Employee Name", "Job Title", "Start Date"],
                &["Ada Byron", "ML Engineer", "2024-03-15"],
            ]),
        )
        .unwrap();
        assert_eq!(table.header_line, 3);
        assert_eq!(table.headers, ["Employee Name", "Job Title", "Start Date"]);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].line, 4);
        assert_eq!(table.cell(&table.rows[0], "Job Title"), "ML Engineer");
    }

    #[test]
    fn a_repeated_column_gives_its_last_value() {
        let bytes = b"Summary,Sprint,Sprint,Labels\nRanker,S1,S2,ml\nDrift,S3,,ops\n";
        let table = from_grid("jira.csv".into(), read_csv(bytes, "jira.csv").unwrap()).unwrap();
        assert_eq!(table.cell(&table.rows[0], "Sprint"), "S2");
        assert_eq!(table.cell(&table.rows[1], "Sprint"), "S3");
        assert_eq!(table.distinct_headers(), ["Summary", "Sprint", "Labels"]);
    }

    #[test]
    fn semicolons_and_a_byte_order_mark_are_read() {
        let bytes =
            "\u{feff}name;kind\r\nPlatform;platform\r\n\"ML\nOps\";sre\r\nData;data\r\n".as_bytes();
        let table = from_grid("t.csv".into(), read_csv(bytes, "t.csv").unwrap()).unwrap();
        assert_eq!(table.headers, ["name", "kind"]);
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[1].cells[0], "ML\nOps");
        assert_eq!(table.rows[2].line, 5);
    }
}
