//! FOCUS timestamps: the spec's `2024-09-01T00:00:00Z` and the shapes real exports use instead,
//! read as a UTC instant with a warning for each thing interpreted.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::finops::import::reader::Cells;
use crate::finops::lines::Stored;
use crate::Result;

/// A UTC instant as canonical `YYYY-MM-DDTHH:MM:SSZ` text (sorts like time), with its Unix
/// seconds when that text is the instant itself (years 0–9999), so storing it parses nothing again.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Instant {
    text: [u8; 20],
    seconds: Option<i64>,
}

impl Instant {
    pub(super) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.text).unwrap_or("0000-00-00T00:00:00Z")
    }

    /// How the instant is stored (`finops::lines`): its seconds, or its text out of range.
    pub(super) fn stored(&self) -> Stored<'_> {
        match self.seconds {
            Some(seconds) => Stored::Int(seconds),
            None => Stored::Text(self.as_str()),
        }
    }
}

pub(super) fn timestamp(cells: &mut Cells<'_>, index: usize) -> Result<Instant> {
    let text = cells.required(index)?;
    let (instant, quirks) =
        parse_instant(text).map_err(|reason| cells.error(index, text, reason))?;
    for quirk in quirks.into_iter().flatten() {
        cells.warn(index, quirk, text);
    }
    Ok(instant)
}

pub(super) const NO_ZONE: &str = "timestamp without a time zone; read as UTC";
pub(super) const DATE_ONLY: &str = "date without a time; read as 00:00:00 UTC";
pub(super) const OFFSET: &str = "timestamp with a UTC offset; converted to UTC";
pub(super) const FRACTION: &str = "fractional seconds; dropped";

/// Reads `2024-09-01T00:00:00Z` (the spec) and the shapes real exports use instead: a space
/// for `T`, no zone (read as UTC), an offset, fractional seconds, a bare date. Returns the
/// UTC instant and what had to be interpreted.
pub(super) fn parse_instant(
    text: &str,
) -> std::result::Result<(Instant, [Option<&'static str>; 2]), &'static str> {
    const SHAPE: &str = "not a timestamp; write it like 2024-09-01T00:00:00Z";
    let b = text.as_bytes();
    let num = |s: &[u8]| -> std::result::Result<u32, &'static str> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return Err(SHAPE);
        }
        Ok(s.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(SHAPE);
    }
    let (year, month, day) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
    let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or("no such date")?;
    let rest = &b[10..];
    let Some((&separator, t)) = rest.split_first() else {
        return Ok((
            instant(date.and_time(NaiveTime::MIN)),
            [Some(DATE_ONLY), None],
        ));
    };
    if !matches!(separator, b'T' | b't' | b' ') || t.len() < 5 || t[2] != b':' {
        return Err(SHAPE);
    }
    let (hour, minute) = (num(&t[0..2])?, num(&t[3..5])?);
    let mut at = 5;
    let mut second = 0;
    if t.get(at) == Some(&b':') {
        second = num(t.get(at + 1..at + 3).ok_or(SHAPE)?)?;
        at += 3;
    }
    let mut fraction = None;
    if t.get(at) == Some(&b'.') {
        let digits = t[at + 1..]
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        if digits == 0 {
            return Err(SHAPE);
        }
        if t[at + 1..at + 1 + digits].iter().any(|d| *d != b'0') {
            fraction = Some(FRACTION);
        }
        at += 1 + digits;
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second).ok_or("no such time of day")?;
    let zone = &t[at..];
    let zone = zone.strip_prefix(b" ").unwrap_or(zone);
    let (offset_minutes, zone_quirk) = match zone {
        b"" => (0, Some(NO_ZONE)),
        b"Z" | b"z" | b"UTC" | b"GMT" => (0, None),
        _ => {
            let (sign, hhmm) = match zone.split_first() {
                Some((b'+', rest)) => (1, rest),
                Some((b'-', rest)) => (-1, rest),
                _ => return Err(SHAPE),
            };
            let (h, m) = match hhmm {
                [h1, h2] => (num(&[*h1, *h2])?, 0),
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => (num(&[*h1, *h2])?, num(&[*m1, *m2])?),
                _ => return Err(SHAPE),
            };
            if h > 23 || m > 59 {
                return Err("no such UTC offset");
            }
            let minutes = sign * (h * 60 + m) as i64;
            (minutes, if minutes == 0 { None } else { Some(OFFSET) })
        }
    };
    let local = NaiveDateTime::new(date, time);
    let utc = local
        .checked_sub_signed(Duration::minutes(offset_minutes))
        .ok_or("out of range")?;
    Ok((instant(utc), [zone_quirk, fraction]))
}

fn instant(at: NaiveDateTime) -> Instant {
    let mut out = *b"0000-00-00T00:00:00Z";
    let mut put = |start: usize, width: usize, value: u32| {
        let mut v = value;
        for i in (start..start + width).rev() {
            out[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    let in_range = (0..=9999).contains(&at.year());
    put(0, 4, at.year().clamp(0, 9999) as u32);
    put(5, 2, at.month());
    put(8, 2, at.day());
    put(11, 2, at.hour());
    put(14, 2, at.minute());
    put(17, 2, at.second());
    Instant {
        text: out,
        seconds: in_range.then(|| at.and_utc().timestamp()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(text: &str) -> Option<i64> {
        let (at, _) = parse_instant(text).ok()?;
        match at.stored() {
            Stored::Int(seconds) => Some(seconds),
            Stored::Text(_) => None,
        }
    }

    #[test]
    fn an_instant_is_stored_as_the_seconds_of_its_canonical_text() {
        assert_eq!(stored("2026-10-01T00:00:00Z"), Some(1_790_812_800));
        assert_eq!(stored("2026-10-01 02:00:00+02:00"), Some(1_790_812_800));
        assert_eq!(stored("2026-10-01"), Some(1_790_812_800));
        assert_eq!(stored("1970-01-01T00:00:01.000Z"), Some(1));
    }
}
