//! The shared streaming reader of the file imports (FOCUS billing, usage): `.csv`, gzipped CSV
//! and Parquet (told apart by their first bytes), hashed (SHA-256), header lookup by name,
//! errors located at file, line (or row group and row) and column, progress, and counted
//! warnings with first examples. Knows nothing of batches.
//!
//! A Parquet row reaches the importers as the same text cells a CSV row would, so every rule
//! and warning applies to both alike.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Seek, SeekFrom};
use std::path::Path;

use csv::ByteRecord;
use flate2::read::MultiGzDecoder;
use serde::Serialize;
use sha2::{Digest, Sha256};

mod parquet_input;
mod source;

use crate::finops::import::parquet::read::ParquetRows;
use crate::finops::import::parquet::MAGIC;
use crate::{Error, Location, Result};
use source::{hex, read_up_to, Hashed, Source};

/// How many examples of each warning are kept.
pub const WARNING_EXAMPLES: usize = 5;

/// How often (in rows) progress is reported while reading; a power of two.
const PROGRESS_EVERY: u64 = 4096;

/// Where an import stands, reported while it reads; bytes are of the file as stored on disk
/// (compressed for `.gz`), so the fraction reaches exactly 1 when the file has been read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub file: String,
    pub bytes_read: u64,
    pub bytes_total: u64,
    pub rows: u64,
}

impl Progress {
    /// 0 to 100.
    pub fn percent(&self) -> f64 {
        if self.bytes_total == 0 {
            return 100.0;
        }
        (self.bytes_read as f64 * 100.0 / self.bytes_total as f64).min(100.0)
    }
}

/// Receives progress; returning `false` cancels the import (it is rolled back).
pub type OnProgress<'a> = &'a mut dyn FnMut(&Progress) -> bool;

/// A value an import had to interpret, counted per column and reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ImportWarning {
    pub column: String,
    pub reason: String,
    pub count: i64,
    /// The first few occurrences.
    pub examples: Vec<WarningExample>,
}

/// One occurrence of a warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct WarningExample {
    /// The line of a CSV file; the row (1 is the first) of a Parquet file.
    pub line: u64,
    pub value: String,
}

/// Collects warnings during one import; memory stays bounded by columns × reasons.
#[derive(Debug, Default)]
pub struct Warnings {
    list: Vec<ImportWarning>,
    /// (column position, reason) → index in `list`; positions avoid a string per lookup.
    index: HashMap<(usize, &'static str), usize>,
}

impl Warnings {
    /// Counts one occurrence of `reason` in column `position` (named `column`), keeping it as
    /// an example while there are few.
    pub fn add(
        &mut self,
        position: usize,
        column: &str,
        reason: &'static str,
        line: u64,
        value: &str,
    ) {
        let list = &mut self.list;
        let at = *self.index.entry((position, reason)).or_insert_with(|| {
            list.push(ImportWarning {
                column: column.to_string(),
                reason: reason.to_string(),
                count: 0,
                examples: Vec::new(),
            });
            list.len() - 1
        });
        let warning = &mut list[at];
        warning.count += 1;
        if warning.examples.len() < WARNING_EXAMPLES {
            warning.examples.push(WarningExample {
                line,
                value: value.to_string(),
            });
        }
    }

    /// Total occurrences of every warning.
    pub fn total(&self) -> i64 {
        self.list.iter().map(|w| w.count).sum()
    }

    pub fn into_list(self) -> Vec<ImportWarning> {
        self.list
    }
}

/// Where the records come from; one per import, so its size does not matter.
#[allow(clippy::large_enum_variant)]
enum Rows {
    Csv(csv::Reader<Source>),
    Parquet(Box<ParquetRows>),
}

/// An input file being streamed: headers by name, records one at a time, every error
/// located, the SHA-256 of the stored bytes computed on the way (for Parquet, at the end).
pub struct Input {
    /// The path as the user gave it, used in every message.
    pub shown: String,
    /// The file's own name, stored on the batch.
    pub file_name: String,
    pub headers: Vec<String>,
    rows_from: Rows,
    /// Kept to hash a Parquet file, which is read out of order.
    path: std::path::PathBuf,
    bytes_total: u64,
    /// Line of the record read last (1 is the header); in Parquet, the row (1 is the first).
    pub line: u64,
    /// Data rows read so far.
    pub(super) rows: u64,
}

impl Input {
    /// Opens `path` (Parquet, gzip or plain CSV, detected by content) and reads its header.
    pub fn open(path: &Path) -> Result<Input> {
        let shown = path.display().to_string();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown.clone());
        let mut file = File::open(path).map_err(|e| Error::io(&shown, e))?;
        let bytes_total = file.metadata().map_err(|e| Error::io(&shown, e))?.len();
        if bytes_total == 0 {
            return Err(located(
                &shown,
                1,
                "",
                "",
                "the file is empty; there is no header row",
            ));
        }
        let mut magic = [0u8; 4];
        let read = read_up_to(&mut file, &mut magic).map_err(|e| Error::io(&shown, e))?;
        file.seek(SeekFrom::Start(0))
            .map_err(|e| Error::io(&shown, e))?;
        if read == 4 && &magic == MAGIC {
            return Input::open_parquet(file, path, shown, file_name, bytes_total);
        }
        let hashed = Hashed {
            file,
            hasher: Sha256::new(),
            bytes: 0,
        };
        let source = if read >= 2 && magic[..2] == [0x1f, 0x8b] {
            Source::Gzip(Box::new(MultiGzDecoder::new(hashed)))
        } else {
            Source::Plain(hashed)
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .buffer_capacity(256 * 1024)
            .from_reader(source);
        let mut input = Input {
            shown,
            file_name,
            headers: Vec::new(),
            rows_from: Rows::Csv(reader),
            path: path.to_path_buf(),
            bytes_total,
            line: 1,
            rows: 0,
        };
        let mut header = ByteRecord::new();
        if !input.next_record(&mut header)? {
            return Err(located(
                &input.shown,
                1,
                "",
                "",
                "the file is empty; there is no header row",
            ));
        }
        input.rows = 0;
        let headers = header
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let name = std::str::from_utf8(name).map_err(|_| {
                    input.error(
                        &format!("column {}", i + 1),
                        &String::from_utf8_lossy(name),
                        "the header is not UTF-8 text",
                    )
                })?;
                Ok(name.trim_start_matches('\u{feff}').trim().to_string())
            })
            .collect::<Result<_>>()?;
        input.with_headers(headers)
    }

    /// Takes the header's names, refusing a blank header or a name given twice.
    fn with_headers(mut self, headers: Vec<String>) -> Result<Input> {
        let input = &mut self;
        input.headers = headers;
        if input.headers.iter().all(|h| h.is_empty()) {
            return Err(input.error("", "", "the header row is blank"));
        }
        for (i, name) in input.headers.iter().enumerate() {
            if !name.is_empty()
                && input.headers[..i]
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(name))
            {
                return Err(input.error(
                    name,
                    name,
                    "this column name appears twice in the header",
                ));
            }
        }
        Ok(self)
    }

    /// Position of the first column named like one of `names` (case and spaces ignored).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|name| {
            self.headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
        })
    }

    /// Like `column`, but a missing column is an error naming it.
    pub fn required_column(&self, names: &[&str]) -> Result<usize> {
        self.column(names).ok_or_else(|| {
            let wanted = names.join(" or ");
            let column = names.first().copied().unwrap_or("");
            Error::Parse {
                at: self.header_location(column),
                value: String::new(),
                reason: format!("the required column {wanted} is missing from the header"),
            }
        })
    }

    /// Where the header is: line 1 of a CSV file; the schema of a Parquet file.
    fn header_location(&self, column: &str) -> Location {
        let line = match self.rows_from {
            Rows::Csv(_) => 1,
            Rows::Parquet(_) => 0,
        };
        Location {
            file: self.shown.clone(),
            line,
            column: column.to_string(),
            row_group: None,
        }
    }

    /// Reads the next record into `record`; `false` at the end of the file.
    pub fn next_record(&mut self, record: &mut ByteRecord) -> Result<bool> {
        let reader = match &mut self.rows_from {
            Rows::Csv(reader) => reader,
            Rows::Parquet(_) => return self.next_parquet_row(record),
        };
        match reader.read_byte_record(record) {
            Ok(more) => {
                if more {
                    self.line = record.position().map_or(self.line + 1, |p| p.line());
                    self.rows += 1;
                }
                Ok(more)
            }
            Err(err) => Err(self.read_error(err)),
        }
    }

    fn read_error(&self, err: csv::Error) -> Error {
        match err.into_kind() {
            csv::ErrorKind::UnequalLengths {
                pos,
                expected_len,
                len,
            } => {
                let line = pos.map_or(self.line + 1, |p| p.line());
                located(
                    &self.shown,
                    line,
                    "",
                    &format!("{len} fields"),
                    &format!("the row has {len} fields but the header has {expected_len}"),
                )
            }
            csv::ErrorKind::Io(e) if self.is_gzip() => located(
                &self.shown,
                self.line + 1,
                "",
                "",
                &format!("the gzip data is truncated or corrupt ({e})"),
            ),
            csv::ErrorKind::Io(e) => Error::io(&self.shown, e),
            other => located(
                &self.shown,
                self.line + 1,
                "",
                "",
                &format!("unreadable CSV: {other:?}"),
            ),
        }
    }

    /// Whether the file is Parquet (else CSV, plain or gzipped).
    pub fn is_parquet(&self) -> bool {
        matches!(self.rows_from, Rows::Parquet(_))
    }

    fn is_gzip(&self) -> bool {
        matches!(&self.rows_from, Rows::Csv(r) if matches!(r.get_ref(), Source::Gzip(_)))
    }

    /// An error at the current line (or Parquet row).
    pub fn error(&self, column: &str, value: &str, reason: &str) -> Error {
        let row_group = match &self.rows_from {
            Rows::Parquet(rows) if self.line > 0 => Some(rows.position()),
            _ => None,
        };
        Error::Parse {
            at: Location {
                file: self.shown.clone(),
                line: self.line,
                column: column.to_string(),
                row_group,
            },
            value: value.to_string(),
            reason: reason.to_string(),
        }
    }

    /// The cell of `index` as text; `None` for a missing optional column.
    pub fn text<'r>(&self, record: &'r ByteRecord, index: Option<usize>) -> Result<&'r str> {
        let Some(index) = index else { return Ok("") };
        let raw = record.get(index).unwrap_or_default();
        std::str::from_utf8(raw).map_err(|_| {
            self.error(
                &self.headers[index],
                &String::from_utf8_lossy(raw),
                "the value is not UTF-8 text",
            )
        })
    }

    /// Where reading stands, for progress reports.
    pub fn progress(&self) -> Progress {
        let bytes_read = match &self.rows_from {
            Rows::Csv(reader) => reader.get_ref().hashed().bytes,
            // Parquet is read out of order: the share of its rows read stands for its bytes.
            Rows::Parquet(rows) => {
                let total = u128::from(rows.rows_total.max(1));
                (u128::from(self.bytes_total) * u128::from(self.rows) / total) as u64
            }
        };
        Progress {
            file: self.shown.clone(),
            bytes_read: bytes_read.min(self.bytes_total),
            bytes_total: self.bytes_total,
            rows: self.rows,
        }
    }

    /// Reports progress every few thousand rows; a `false` from the callback cancels.
    pub fn tick(&self, on_progress: &mut Option<OnProgress<'_>>) -> Result<()> {
        if self.rows & (PROGRESS_EVERY - 1) == 0 {
            self.report(on_progress)?;
        }
        Ok(())
    }

    fn report(&self, on_progress: &mut Option<OnProgress<'_>>) -> Result<()> {
        if let Some(callback) = on_progress {
            if !callback(&self.progress()) {
                return Err(Error::Conflict(format!(
                    "{}: import cancelled; nothing from this file was kept",
                    self.shown
                )));
            }
        }
        Ok(())
    }

    /// Reads to the very end (so the hash covers every byte), reports 100 % and returns the
    /// SHA-256 in lower-case hex.
    pub fn finish(self, on_progress: &mut Option<OnProgress<'_>>) -> Result<String> {
        let shown = self.shown.clone();
        let line = self.line;
        let rows = self.rows;
        let bytes_total = self.bytes_total;
        let is_gzip = self.is_gzip();
        let hashed = match self.rows_from {
            Rows::Csv(reader) => {
                let mut source = reader.into_inner();
                io::copy(&mut source, &mut io::sink()).map_err(|e| {
                    if is_gzip {
                        located(
                            &shown,
                            line,
                            "",
                            "",
                            &format!("the gzip data is truncated or corrupt ({e})"),
                        )
                    } else {
                        Error::io(&shown, e)
                    }
                })?;
                source.into_hashed()
            }
            Rows::Parquet(_) => {
                let file = File::open(&self.path).map_err(|e| Error::io(&shown, e))?;
                let mut hashed = Hashed {
                    file,
                    hasher: Sha256::new(),
                    bytes: 0,
                };
                io::copy(&mut hashed, &mut io::sink()).map_err(|e| Error::io(&shown, e))?;
                hashed
            }
        };
        if let Some(callback) = on_progress {
            let done = Progress {
                file: shown.clone(),
                bytes_read: bytes_total,
                bytes_total,
                rows,
            };
            if !callback(&done) {
                return Err(Error::Conflict(format!(
                    "{shown}: import cancelled; nothing from this file was kept"
                )));
            }
        }
        Ok(hex(&hashed.hasher.finalize()))
    }
}

/// The cells of one record, read with the rules both importers share: text must be UTF-8,
/// a bare `NULL` is read as empty and counted as a warning, a required value may not be empty.
pub struct Cells<'a> {
    pub input: &'a Input,
    pub record: &'a ByteRecord,
    pub warnings: &'a mut Warnings,
}

/// Warning for a bare `NULL` token, read as an empty value.
pub const NULL_TOKEN: &str = "bare NULL token; read as empty";

impl<'a> Cells<'a> {
    /// The column name at `index`.
    pub fn name(&self, index: usize) -> &'a str {
        self.input.headers.get(index).map_or("", String::as_str)
    }

    /// A value that must be present.
    pub fn required(&mut self, index: usize) -> Result<&'a str> {
        let text = self.input.text(self.record, Some(index))?.trim();
        if is_null(text) {
            return Err(self.error(index, text, "a value is required here"));
        }
        Ok(text)
    }

    /// A value that may be absent (missing column, empty cell or bare `NULL`): then "".
    pub fn optional(&mut self, index: Option<usize>) -> Result<&'a str> {
        let text = self.input.text(self.record, index)?.trim();
        if text == "NULL" || text == "null" {
            if let Some(index) = index {
                self.warn(index, NULL_TOKEN, text);
            }
            return Ok("");
        }
        Ok(text)
    }

    /// An error about the value in column `index` of this record.
    pub fn error(&self, index: usize, value: &str, reason: &str) -> Error {
        self.input.error(self.name(index), value, reason)
    }

    /// Counts a warning about the value in column `index` of this record.
    pub fn warn(&mut self, index: usize, reason: &'static str, value: &str) {
        let name = self.name(index);
        self.warnings
            .add(index, name, reason, self.input.line, value);
    }
}

/// What an importer does with each record of its file.
pub trait Records {
    /// Checks and stores one record; an error rolls the whole file back.
    fn record(&mut self, cells: &mut Cells<'_>) -> Result<()>;
}

/// A `Parse` error at a place in a file.
pub fn located(file: &str, line: u64, column: &str, value: &str, reason: &str) -> Error {
    Error::Parse {
        at: Location {
            file: file.to_string(),
            line,
            column: column.to_string(),
            row_group: None,
        },
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

/// Whether a cell holds no value: empty, or the bare `NULL` some exporters write.
pub fn is_null(text: &str) -> bool {
    text.is_empty() || text == "NULL" || text == "null"
}
