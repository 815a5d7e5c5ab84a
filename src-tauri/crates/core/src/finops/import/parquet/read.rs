//! Streams a Parquet file row group by row group (never the whole file in memory; its footer
//! parsed once), giving each row as text cells in the order of the top-level columns. Types that cannot be read exactly
//! or at all are found from the schema before any row is read.

use std::cell::Cell;
use std::fs::File;
use std::panic::{catch_unwind, set_hook, take_hook, AssertUnwindSafe};
use std::sync::Once;

use ::parquet::basic::{ConvertedType, LogicalType, TimeUnit, Type as PhysicalType};
use ::parquet::file::reader::{FileReader, SerializedFileReader};
use ::parquet::record::reader::RowIter;
use ::parquet::schema::types::{ColumnDescriptor, Type};
use csv::ByteRecord;

use super::value::{text_of, Shape};

/// What went wrong, for the caller to locate (it knows the file and the row reached).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The column at fault; empty when the problem is not one column's.
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl Problem {
    fn file(reason: String) -> Problem {
        Problem {
            column: String::new(),
            value: String::new(),
            reason,
        }
    }
}

/// A Parquet file being read: its top-level column names, and its rows one at a time.
pub struct ParquetRows {
    pub headers: Vec<String>,
    shapes: Vec<Shape>,
    /// Physical type of each column holding floating-point numbers (`None`: exact or text).
    floats: Vec<Option<&'static str>>,
    /// Reads one row group at a time, in order, with the footer parsed once.
    rows: RowIter<'static>,
    /// Rows in the file up to the end of each row group, to say where a row is.
    group_ends: Vec<u64>,
    /// The row read last, or being read (1-based; 0 before the first).
    row: u64,
    pub rows_total: u64,
}

impl ParquetRows {
    /// Reads the footer and schema; refuses a file that is not readable Parquet (truncated,
    /// corrupt) or has a column of a type it cannot read.
    pub fn open(file: File) -> Result<ParquetRows, Problem> {
        let reader = contained(|| SerializedFileReader::new(file))?.map_err(unreadable)?;
        let metadata = reader.metadata();
        let schema = metadata.file_metadata().schema_descr();
        for leaf in schema.columns() {
            readable(leaf)?;
        }
        let fields = schema.root_schema().get_fields();
        let headers = fields.iter().map(|f| f.name().to_string()).collect();
        let shapes = fields.iter().map(|f| shape_of(f)).collect();
        let floats = fields.iter().map(|f| float_type(f)).collect();
        let group_ends: Vec<u64> = metadata
            .row_groups()
            .iter()
            .scan(0u64, |end, group| {
                *end += group.num_rows().max(0) as u64;
                Some(*end)
            })
            .collect();
        Ok(ParquetRows {
            headers,
            shapes,
            floats,
            rows_total: group_ends.last().copied().unwrap_or(0),
            group_ends,
            rows: RowIter::from_file_into(Box::new(reader)),
            row: 0,
        })
    }

    /// The type (`FLOAT`, `DOUBLE`, `FLOAT16`) of column `index` if it holds floating-point numbers.
    pub fn float_type(&self, index: usize) -> Option<&'static str> {
        self.floats.get(index).copied().flatten()
    }

    /// Where the row read last (or being read) is: row group (1-based) and row in it (1-based).
    pub fn position(&self) -> (u32, u32) {
        let group = self.group_ends.partition_point(|end| *end < self.row);
        let start = match group {
            0 => 0,
            g => self.group_ends.get(g - 1).copied().unwrap_or(0),
        };
        let fit = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        (fit(group as u64 + 1), fit(self.row - start))
    }

    /// Reads the next row into `record` as text cells; `false` after the last row.
    pub fn next_row(&mut self, record: &mut ByteRecord) -> Result<bool, Problem> {
        if self.row >= self.rows_total {
            return Ok(false);
        }
        self.row += 1;
        let rows = &mut self.rows;
        let row = match contained(|| rows.next())? {
            Some(Ok(row)) => row,
            Some(Err(e)) => {
                return Err(Problem::file(format!(
                    "the Parquet data is corrupt or truncated ({e})"
                )))
            }
            None => {
                return Err(Problem::file(
                    "the file holds fewer rows than its footer says; it is corrupt".into(),
                ))
            }
        };
        record.clear();
        for (index, (_, field)) in row.get_column_iter().enumerate() {
            let shape = self.shapes.get(index).copied().unwrap_or(Shape::Plain);
            let text = text_of(field, shape).map_err(|(value, reason)| Problem {
                column: self.headers.get(index).cloned().unwrap_or_default(),
                value,
                reason,
            })?;
            record.push_field(text.as_bytes());
        }
        Ok(true)
    }
}

fn unreadable(e: ::parquet::errors::ParquetError) -> Problem {
    Problem::file(format!(
        "not a readable Parquet file; it may be truncated or corrupt ({e})"
    ))
}

thread_local! {
    /// Set while this thread runs a contained decoder step, so its panic is not reported.
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// Installs, once, a panic hook that stays silent for contained decoder panics and hands every
/// other panic to the hook that was there before (the CLI's, the test harness's, the default).
static QUIET_WHEN_CONTAINED: Once = Once::new();

/// Runs a step of the Parquet decoder, which panics on some malformed files (its footer or
/// pages) instead of failing: a panic becomes a refusal of the file, and is not reported as
/// an internal error since the user is told what is wrong.
fn contained<T>(step: impl FnOnce() -> T) -> Result<T, Problem> {
    QUIET_WHEN_CONTAINED.call_once(|| {
        let previous = take_hook();
        set_hook(Box::new(move |info| {
            if !CONTAINING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    CONTAINING.with(|c| c.set(true));
    let outcome = catch_unwind(AssertUnwindSafe(step));
    CONTAINING.with(|c| c.set(false));
    outcome
        .map_err(|_| Problem::file("the Parquet data is corrupt (it could not be decoded)".into()))
}

/// Refuses a column whose type the record reader cannot convert (it would panic on it).
fn readable(leaf: &ColumnDescriptor) -> Result<(), Problem> {
    use ConvertedType as C;
    let converted = leaf.converted_type();
    let ok = match leaf.physical_type() {
        PhysicalType::BOOLEAN | PhysicalType::INT96 => true,
        PhysicalType::FLOAT | PhysicalType::DOUBLE => true,
        PhysicalType::INT32 => matches!(
            converted,
            C::NONE
                | C::INT_8
                | C::INT_16
                | C::INT_32
                | C::UINT_8
                | C::UINT_16
                | C::UINT_32
                | C::DATE
                | C::TIME_MILLIS
                | C::DECIMAL
        ),
        PhysicalType::INT64 => matches!(
            converted,
            C::NONE
                | C::INT_64
                | C::UINT_64
                | C::TIME_MICROS
                | C::TIMESTAMP_MILLIS
                | C::TIMESTAMP_MICROS
                | C::DECIMAL
        ),
        PhysicalType::BYTE_ARRAY => matches!(
            converted,
            C::NONE | C::UTF8 | C::ENUM | C::JSON | C::BSON | C::DECIMAL
        ),
        PhysicalType::FIXED_LEN_BYTE_ARRAY => matches!(converted, C::NONE | C::DECIMAL),
    };
    if ok {
        return Ok(());
    }
    Err(Problem {
        column: leaf.path().string(),
        value: String::new(),
        reason: format!(
            "the column's type ({:?} {:?}) cannot be read; write it as text, a DECIMAL, an integer or a timestamp",
            leaf.physical_type(),
            converted
        ),
    })
}

/// How a top-level column's values become text beyond what the record reader says.
fn shape_of(field: &Type) -> Shape {
    if !field.is_primitive() {
        return Shape::Plain;
    }
    match field.get_basic_info().logical_type_ref() {
        Some(LogicalType::Timestamp {
            unit: TimeUnit::NANOS,
            ..
        }) => Shape::TimestampNanos,
        _ => Shape::Plain,
    }
}

fn float_type(field: &Type) -> Option<&'static str> {
    if !field.is_primitive() {
        return None;
    }
    match field.get_physical_type() {
        PhysicalType::FLOAT => Some("FLOAT"),
        PhysicalType::DOUBLE => Some("DOUBLE"),
        PhysicalType::FIXED_LEN_BYTE_ARRAY
            if field.get_basic_info().logical_type_ref() == Some(&LogicalType::Float16) =>
        {
            Some("FLOAT16")
        }
        _ => None,
    }
}
