//! One Parquet value as the text a CSV export would hold: decimals exactly (never through a
//! float), timestamps as RFC 3339 UTC, dates as `YYYY-MM-DD`, nulls as empty, nested values as
//! JSON (a MAP of tags becomes the Tags object).

use std::borrow::Cow;

use ::parquet::data_type::Decimal;
use ::parquet::record::Field;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::Value;

/// What the record reader cannot tell from the value alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Plain,
    /// INT64 nanoseconds since the epoch (the reader gives them as plain integers).
    TimestampNanos,
}

/// A value that cannot be written as text: (the value as far as it shows, the reason).
pub(super) type Unreadable = (String, String);

/// The text of one value.
pub(super) fn text_of(field: &Field, shape: Shape) -> Result<Cow<'_, str>, Unreadable> {
    Ok(match field {
        Field::Null => Cow::Borrowed(""),
        Field::Str(s) => Cow::Borrowed(s.as_str()),
        Field::Bytes(b) => Cow::Borrowed(std::str::from_utf8(b.data()).map_err(|_| {
            (
                String::from_utf8_lossy(b.data()).into_owned(),
                "binary value that is not UTF-8 text".to_string(),
            )
        })?),
        Field::Long(n) if shape == Shape::TimestampNanos => Cow::Owned(timestamp(
            n.div_euclid(1_000_000_000),
            n.rem_euclid(1_000_000_000),
        )?),
        Field::TimestampMillis(n) => Cow::Owned(timestamp(
            n.div_euclid(1_000),
            n.rem_euclid(1_000) * 1_000_000,
        )?),
        Field::TimestampMicros(n) => Cow::Owned(timestamp(
            n.div_euclid(1_000_000),
            n.rem_euclid(1_000_000) * 1_000,
        )?),
        Field::Date(days) => Cow::Owned(date(*days)?),
        Field::TimeMillis(ms) => Cow::Owned(time(i64::from(*ms) * 1_000_000)?),
        Field::TimeMicros(us) => Cow::Owned(time(us.saturating_mul(1_000))?),
        Field::Decimal(d) => Cow::Owned(decimal_text(d)?),
        Field::Group(_) | Field::ListInternal(_) | Field::MapInternal(_) => {
            Cow::Owned(json_of(field).to_string())
        }
        // Integers, booleans, and floats (whose columns the importer may refuse, see
        // `ParquetRows::float_type`) in Rust's shortest round-trip form.
        other => Cow::Owned(other.to_string()),
    })
}

/// `YYYY-MM-DDTHH:MM:SSZ`, with the fraction when there is one (the FOCUS reader says it dropped it).
fn timestamp(seconds: i64, nanos: i64) -> Result<String, Unreadable> {
    let at = u32::try_from(nanos)
        .ok()
        .and_then(|n| DateTime::<Utc>::from_timestamp(seconds, n))
        .ok_or_else(|| (format!("{seconds}s"), "timestamp out of range".to_string()))?;
    let fraction = match nanos {
        0 => String::new(),
        n => format!(".{:09}", n).trim_end_matches('0').to_string(),
    };
    Ok(format!("{}{fraction}Z", at.format("%Y-%m-%dT%H:%M:%S")))
}

fn date(days: i32) -> Result<String, Unreadable> {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(i64::from(days))))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .ok_or_else(|| (days.to_string(), "date out of range".to_string()))
}

fn time(nanos: i64) -> Result<String, Unreadable> {
    let seconds = u32::try_from(nanos.div_euclid(1_000_000_000)).ok();
    let fraction = u32::try_from(nanos.rem_euclid(1_000_000_000)).ok();
    seconds
        .zip(fraction)
        .and_then(|(s, f)| NaiveTime::from_num_seconds_from_midnight_opt(s, f))
        .map(|t| t.format("%H:%M:%S%.f").to_string())
        .ok_or_else(|| (nanos.to_string(), "time of day out of range".to_string()))
}

/// The exact decimal text of a DECIMAL: its big-endian two's-complement unscaled value with
/// the point put `scale` digits from the right. No float is involved.
pub(super) fn decimal_text(decimal: &Decimal) -> Result<String, Unreadable> {
    let bytes = decimal.data();
    let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
    let fill = if negative { 0xff } else { 0x00 };
    let extra = bytes.len().saturating_sub(16);
    if bytes[..extra].iter().any(|b| *b != fill) {
        return Err((
            format!("{} bytes", bytes.len()),
            "DECIMAL too large to be read exactly".into(),
        ));
    }
    let mut wide = [fill; 16];
    let tail = &bytes[extra..];
    wide[16 - tail.len()..].copy_from_slice(tail);
    let unscaled = i128::from_be_bytes(wide);
    let scale = usize::try_from(decimal.scale()).map_err(|_| {
        (
            unscaled.to_string(),
            format!("DECIMAL with a negative scale ({})", decimal.scale()),
        )
    })?;
    Ok(place_point(unscaled, scale))
}

/// `unscaled` × 10^-`scale` written out in plain decimal notation.
fn place_point(unscaled: i128, scale: usize) -> String {
    let digits = unscaled.unsigned_abs().to_string();
    let sign = if unscaled < 0 { "-" } else { "" };
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    format!("{sign}{whole}.{fraction}")
}

/// A nested value as JSON; a map's keys as text.
fn json_of(field: &Field) -> Value {
    match field {
        Field::Null => Value::Null,
        Field::Bool(b) => Value::Bool(*b),
        Field::Group(row) => Value::Object(
            row.get_column_iter()
                .map(|(name, value)| (name.clone(), json_of(value)))
                .collect(),
        ),
        Field::ListInternal(list) => Value::Array(list.elements().iter().map(json_of).collect()),
        Field::MapInternal(map) => Value::Object(
            map.entries()
                .iter()
                .map(|(key, value)| {
                    let key = match json_of(key) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, json_of(value))
                })
                .collect(),
        ),
        other => match text_of(other, Shape::Plain) {
            Ok(text) => Value::String(text.into_owned()),
            Err((value, _)) => Value::String(value),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_exactly_from_their_unscaled_bytes() {
        let d = |value: i64, scale| decimal_text(&Decimal::from_i64(value, 18, scale));
        assert_eq!(d(12345, 2), Ok("123.45".into()));
        assert_eq!(d(-5, 3), Ok("-0.005".into()));
        assert_eq!(d(7, 0), Ok("7".into()));
        assert_eq!(d(0, 4), Ok("0.0000".into()));
        // 16-byte (DECIMAL(38, 10)) two's complement, beyond any float's precision.
        let big: i128 = -12_345_678_901_234_567_890_123_456_789;
        let bytes = ::parquet::data_type::ByteArray::from(big.to_be_bytes().to_vec());
        assert_eq!(
            decimal_text(&Decimal::from_bytes(bytes, 38, 10)),
            Ok("-1234567890123456789.0123456789".into())
        );
    }

    #[test]
    fn timestamps_are_utc_rfc3339_with_their_fraction_only_when_there_is_one() {
        let ts = |f| text_of(&f, Shape::Plain).map(|t| t.into_owned());
        assert_eq!(
            ts(Field::TimestampMillis(1_788_220_800_000)),
            Ok("2026-09-01T00:00:00Z".into())
        );
        assert_eq!(
            ts(Field::TimestampMicros(1_788_220_800_500_000)),
            Ok("2026-09-01T00:00:00.5Z".into())
        );
        assert_eq!(
            text_of(
                &Field::Long(1_788_220_800_000_000_001),
                Shape::TimestampNanos
            )
            .map(|t| t.into_owned()),
            Ok("2026-09-01T00:00:00.000000001Z".into())
        );
        assert_eq!(ts(Field::Date(20_697)), Ok("2026-09-01".into()));
        assert_eq!(ts(Field::Null), Ok("".into()));
    }
}
