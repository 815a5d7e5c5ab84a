//! How a Parquet file feeds an `Input`: opened from its footer, its rows read as text cells,
//! every problem located by row group and row, and float columns refused where amounts must be
//! exact. The rest of reading (cells, warnings, progress, the hash) is shared with CSV.

use std::fs::File;
use std::path::Path;

use csv::ByteRecord;

use super::{Input, Rows};
use crate::finops::import::parquet::read::{ParquetRows, Problem};
use crate::{Error, Location, Result};

impl Input {
    /// An input reading the Parquet `file` (found by its first bytes) at `path`.
    pub(super) fn open_parquet(
        file: File,
        path: &Path,
        shown: String,
        file_name: String,
        bytes_total: u64,
    ) -> Result<Input> {
        let rows = ParquetRows::open(file).map_err(|p| problem(&shown, None, p))?;
        let headers = rows.headers.clone();
        let input = Input {
            shown,
            file_name,
            headers: Vec::new(),
            rows_from: Rows::Parquet(Box::new(rows)),
            path: path.to_path_buf(),
            bytes_total,
            line: 0,
            rows: 0,
        };
        input.with_headers(headers)
    }

    /// The next Parquet row into `record`; `line` is the row in the file.
    pub(super) fn next_parquet_row(&mut self, record: &mut ByteRecord) -> Result<bool> {
        let Rows::Parquet(rows) = &mut self.rows_from else {
            return Ok(false);
        };
        self.line = self.rows + 1;
        let more = rows
            .next_row(record)
            .map_err(|p| problem(&self.shown, Some((self.line, &**rows)), p))?;
        if more {
            self.rows += 1;
        } else {
            self.line = self.rows;
        }
        Ok(more)
    }

    /// Refuses a column of floating-point numbers where exact decimals are needed (money):
    /// rounding them would silently change the sums. Only Parquet columns can be floats.
    pub fn require_exact(&self, index: usize) -> Result<()> {
        let Rows::Parquet(rows) = &self.rows_from else {
            return Ok(());
        };
        let Some(physical) = rows.float_type(index) else {
            return Ok(());
        };
        let column = self.headers.get(index).map_or("", String::as_str);
        Err(Error::Parse {
            at: self.header_location(column),
            value: String::new(),
            reason: format!(
                "{column} is a {physical} (floating-point) column, which cannot hold amounts exactly; \
                 exact decimals are required: write it as DECIMAL (e.g. DECIMAL(38, 12)) or as text"
            ),
        })
    }
}

/// A Parquet problem located in `file`, at the row reached (in the file, and in its group)
/// when one was being read.
fn problem(file: &str, at: Option<(u64, &ParquetRows)>, problem: Problem) -> Error {
    Error::Parse {
        at: Location {
            file: file.to_string(),
            line: at.map_or(0, |(line, _)| line),
            column: problem.column,
            row_group: at.map(|(_, rows)| rows.position()),
        },
        value: problem.value,
        reason: problem.reason,
    }
}
