//! Writes Parquet files: any table of text cells with a type per column (`write_parquet`), and
//! a FOCUS CSV as a FOCUS Parquet export (`write_focus_parquet`: costs as DECIMAL(38, s),
//! periods as UTC timestamps, the rest as text). Used by tests and benchmarks to make Parquet
//! input from the CSV files they already have, so both formats can be checked to import alike.

use std::fs::File;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use ::parquet::basic::Compression;
use ::parquet::data_type::{
    ByteArray, ByteArrayType, DoubleType, FixedLenByteArray, FixedLenByteArrayType, Int64Type,
};
use ::parquet::file::properties::WriterProperties;
use ::parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use ::parquet::schema::parser::parse_message_type;
use chrono::{DateTime, NaiveDateTime};
use rust_decimal::Decimal;

use crate::{Error, Result};

/// How a column's text cells are written; an empty cell is a null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 text.
    Text,
    /// DECIMAL(38, scale) in 16 bytes: exact.
    Decimal { scale: u32 },
    /// TIMESTAMP(MICROS, UTC) from RFC 3339 text (or `YYYY-MM-DD HH:MM:SS`, read as UTC).
    Timestamp,
    /// DOUBLE: what some exporters use for costs, which imports refuse.
    Double,
}

/// One column of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

/// Writes `rows` (cells in column order) to `path`, `rows_per_group` rows to a row group,
/// Snappy-compressed; only one row group is held in memory.
pub fn write_parquet(
    path: &Path,
    columns: &[Column],
    rows: impl IntoIterator<Item = Result<Vec<String>>>,
    rows_per_group: usize,
) -> Result<()> {
    let shown = path.display().to_string();
    let fail = |e: ::parquet::errors::ParquetError| Error::io(&shown, e);
    let schema = Arc::new(parse_message_type(&schema_text(columns)).map_err(fail)?);
    let properties = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build(),
    );
    let file = File::create(path).map_err(|e| Error::io(&shown, e))?;
    let mut writer = SerializedFileWriter::new(file, schema, properties).map_err(fail)?;
    let mut group: Vec<Vec<String>> = Vec::new();
    let mut written = 0u64;
    let mut rows = rows.into_iter();
    loop {
        let row = rows.next().transpose()?;
        let full = group.len() >= rows_per_group.max(1);
        if (row.is_none() || full) && !group.is_empty() {
            let mut group_writer = writer.next_row_group().map_err(fail)?;
            for (index, column) in columns.iter().enumerate() {
                let mut column_writer = group_writer
                    .next_column()
                    .map_err(fail)?
                    .ok_or_else(|| Error::io(&shown, "the schema has fewer columns than given"))?;
                write_column(&mut column_writer, column, &group, index, written)
                    .map_err(|reason| Error::io(&shown, reason))?;
                column_writer.close().map_err(fail)?;
            }
            group_writer.close().map_err(fail)?;
            written += group.len() as u64;
            group.clear();
        }
        match row {
            Some(row) => group.push(row),
            None => break,
        }
    }
    writer.close().map_err(fail)?;
    Ok(())
}

fn schema_text(columns: &[Column]) -> String {
    let fields: String = columns
        .iter()
        .map(|c| {
            let name = &c.name;
            match c.kind {
                Kind::Text => format!("OPTIONAL BYTE_ARRAY {name} (UTF8);\n"),
                Kind::Decimal { scale } => {
                    format!("OPTIONAL FIXED_LEN_BYTE_ARRAY (16) {name} (DECIMAL(38, {scale}));\n")
                }
                Kind::Timestamp => format!("OPTIONAL INT64 {name} (TIMESTAMP(MICROS, true));\n"),
                Kind::Double => format!("OPTIONAL DOUBLE {name};\n"),
            }
        })
        .collect();
    format!("message focus {{\n{fields}}}")
}

/// Writes column `index` of the rows of one group; a value that does not fit its kind is an
/// error naming its row (counted from `first_row` + 1) and column.
fn write_column(
    writer: &mut SerializedColumnWriter<'_>,
    column: &Column,
    group: &[Vec<String>],
    index: usize,
    first_row: u64,
) -> std::result::Result<(), String> {
    let cells = group
        .iter()
        .map(|row| row.get(index).map_or("", String::as_str));
    let levels: Vec<i16> = cells.clone().map(|c| i16::from(!c.is_empty())).collect();
    let present = cells.enumerate().filter(|(_, c)| !c.is_empty());
    let at = |row: usize, text: &str, what: &str| {
        format!(
            "row {}, column {}: {text:?} is not {what}",
            first_row + row as u64 + 1,
            column.name
        )
    };
    let parquet_error = |e: ::parquet::errors::ParquetError| e.to_string();
    match column.kind {
        Kind::Text => {
            let values: Vec<ByteArray> = present.map(|(_, c)| ByteArray::from(c)).collect();
            writer
                .typed::<ByteArrayType>()
                .write_batch(&values, Some(&levels), None)
                .map_err(parquet_error)?;
        }
        Kind::Decimal { scale } => {
            let values = present
                .map(|(row, c)| {
                    unscaled(c, scale)
                        .map(|v| FixedLenByteArray::from(v.to_be_bytes().to_vec()))
                        .ok_or_else(|| {
                            at(row, c, &format!("a decimal with at most {scale} places"))
                        })
                })
                .collect::<std::result::Result<Vec<_>, _>>()?;
            writer
                .typed::<FixedLenByteArrayType>()
                .write_batch(&values, Some(&levels), None)
                .map_err(parquet_error)?;
        }
        Kind::Timestamp => {
            let values = present
                .map(|(row, c)| micros(c).ok_or_else(|| at(row, c, "a timestamp")))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            writer
                .typed::<Int64Type>()
                .write_batch(&values, Some(&levels), None)
                .map_err(parquet_error)?;
        }
        Kind::Double => {
            let values = present
                .map(|(row, c)| c.parse::<f64>().map_err(|_| at(row, c, "a number")))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            writer
                .typed::<DoubleType>()
                .write_batch(&values, Some(&levels), None)
                .map_err(parquet_error)?;
        }
    }
    Ok(())
}

/// The exact decimal `text` as an integer count of 10^-`scale`; `None` when it has more places.
fn unscaled(text: &str, scale: u32) -> Option<i128> {
    let value = exact(text)?.normalize();
    let shift = scale.checked_sub(value.scale())?;
    value.mantissa().checked_mul(10i128.checked_pow(shift)?)
}

fn exact(text: &str) -> Option<Decimal> {
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str(text).ok()
    }
}

fn micros(text: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp_micros())
        .or_else(|_| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                .map(|t| t.and_utc().timestamp_micros())
        })
        .ok()
}

/// FOCUS amount columns, written as DECIMAL.
const DECIMAL_COLUMNS: &[&str] = &[
    "BilledCost",
    "EffectiveCost",
    "ListCost",
    "ContractedCost",
    "ConsumedQuantity",
    "PricingQuantity",
    "ListUnitPrice",
    "ContractedUnitPrice",
];

/// FOCUS period columns, written as timestamps.
const TIMESTAMP_COLUMNS: &[&str] = &[
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "BillingPeriodStart",
    "BillingPeriodEnd",
];

/// Choices for `write_focus_parquet`.
#[derive(Debug, Clone, Default)]
pub struct FocusParquet<'a> {
    /// Rows per row group (at least 1).
    pub rows_per_group: usize,
    /// Columns written as DOUBLE instead of DECIMAL, as some exporters do.
    pub as_double: &'a [&'a str],
    /// Columns written as text whatever their FOCUS type.
    pub as_text: &'a [&'a str],
}

/// Writes the FOCUS CSV `csv` as Parquet at `out`: amounts as DECIMAL(38, s) with `s` the most
/// decimal places any amount has (so every value is exact), periods as UTC timestamps, every
/// other column (Tags too) as text; `NULL` and empty cells as nulls. Reads the CSV twice (once
/// for the scale), holding one row group at a time.
pub fn write_focus_parquet(csv: &Path, out: &Path, options: &FocusParquet<'_>) -> Result<()> {
    let headers = csv_headers(csv)?;
    let kind_of = |name: &str| {
        if options.as_text.contains(&name) {
            Kind::Text
        } else if options.as_double.contains(&name) {
            Kind::Double
        } else if DECIMAL_COLUMNS.contains(&name) {
            Kind::Decimal { scale: 0 }
        } else if TIMESTAMP_COLUMNS.contains(&name) {
            Kind::Timestamp
        } else {
            Kind::Text
        }
    };
    let mut columns: Vec<Column> = headers
        .iter()
        .map(|name| Column {
            name: name.clone(),
            kind: kind_of(name),
        })
        .collect();
    let mut scale = 2;
    for row in csv_rows(csv)? {
        let row = row?;
        for (column, cell) in columns.iter().zip(&row) {
            if let (Kind::Decimal { .. }, Some(value)) = (column.kind, exact(cell)) {
                scale = scale.max(value.normalize().scale());
            }
        }
    }
    for column in &mut columns {
        if let Kind::Decimal { .. } = column.kind {
            column.kind = Kind::Decimal { scale };
        }
    }
    write_parquet(out, &columns, csv_rows(csv)?, options.rows_per_group)
}

fn csv_reader(csv: &Path) -> Result<csv::Reader<File>> {
    csv::Reader::from_path(csv).map_err(|e| Error::io(csv.display(), e))
}

fn csv_headers(csv: &Path) -> Result<Vec<String>> {
    let mut reader = csv_reader(csv)?;
    let headers = reader.headers().map_err(|e| Error::io(csv.display(), e))?;
    Ok(headers
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect())
}

/// The CSV's data rows, `NULL` read as empty (a null).
fn csv_rows(csv: &Path) -> Result<impl Iterator<Item = Result<Vec<String>>>> {
    let shown = csv.display().to_string();
    Ok(csv_reader(csv)?.into_records().map(move |record| {
        let record = record.map_err(|e| Error::io(&shown, e))?;
        Ok(record
            .iter()
            .map(|cell| match cell.trim() {
                "NULL" | "null" => String::new(),
                cell => cell.to_string(),
            })
            .collect())
    }))
}
