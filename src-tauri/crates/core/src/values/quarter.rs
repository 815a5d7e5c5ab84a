//! Fiscal quarters (`FY2027-Q1`) and the calendar that maps them to dates.
//!
//! Convention: a fiscal year is named after the calendar year in which it ends.
//! With a January start FY2027 is calendar 2027; with an October start FY2027
//! runs 2026-10-01..2027-09-30.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Error, Result};

/// Maps fiscal quarters to calendar dates for one organisation's fiscal-year start month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FiscalCalendar {
    start_month: u32,
}

impl Default for FiscalCalendar {
    /// The calendar year: fiscal and calendar quarters coincide.
    fn default() -> Self {
        FiscalCalendar { start_month: 1 }
    }
}

impl FiscalCalendar {
    /// A calendar whose fiscal year starts on the first day of `start_month` (1 = January).
    pub fn new(start_month: u32) -> Result<Self> {
        if !(1..=12).contains(&start_month) {
            return Err(Error::invalid(
                "fiscal_year_start_month",
                "Fiscal year start month must be 1 to 12",
            ));
        }
        Ok(FiscalCalendar { start_month })
    }

    /// The month (1 = January) on whose first day every fiscal year starts.
    pub fn start_month(&self) -> u32 {
        self.start_month
    }

    /// The fiscal quarter that contains `date`.
    pub fn quarter_of(&self, date: NaiveDate) -> FiscalQuarter {
        let month = date.month();
        let months_into_year = (month + 12 - self.start_month) % 12;
        let start_year = if month >= self.start_month {
            date.year()
        } else {
            date.year() - 1
        };
        FiscalQuarter {
            year: start_year + self.year_shift(),
            // months_into_year is 0..=11, so this is 1..=4.
            quarter: (months_into_year / 3 + 1) as u8,
        }
    }

    /// The first day of `q`.
    pub fn first_day(&self, q: FiscalQuarter) -> NaiveDate {
        let (year, month) = self.first_month(q.index());
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(if year < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
    }

    /// The last day of `q` (the day before the next quarter starts).
    pub fn last_day(&self, q: FiscalQuarter) -> NaiveDate {
        let (year, month) = self.first_month(q.index() + 1);
        NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|next_start| next_start.pred_opt())
            .unwrap_or(if year < 0 {
                NaiveDate::MIN
            } else {
                NaiveDate::MAX
            })
    }

    /// Whether `date` falls within `q`.
    pub fn contains(&self, q: FiscalQuarter, date: NaiveDate) -> bool {
        self.quarter_of(date) == q
    }

    /// The three calendar months `(year, month)` of `q`, in order.
    pub fn months(&self, q: FiscalQuarter) -> [(i32, u32); 3] {
        let months = q.index() * 3;
        [0, 1, 2].map(|i| self.calendar_month(months + i))
    }

    /// Number of days in `q`, both ends included (90 to 92).
    pub fn days(&self, q: FiscalQuarter) -> i64 {
        (self.last_day(q) - self.first_day(q)).num_days() + 1
    }

    /// How much the fiscal year's name exceeds the calendar year it starts in.
    fn year_shift(&self) -> i32 {
        if self.start_month == 1 {
            0
        } else {
            1
        }
    }

    /// First calendar month of the quarter with chronological `index` (see `FiscalQuarter::index`).
    fn first_month(&self, index: i64) -> (i32, u32) {
        self.calendar_month(index * 3)
    }

    /// Calendar `(year, month)` of the fiscal month counted from the start of "fiscal year 0".
    fn calendar_month(&self, fiscal_month: i64) -> (i32, u32) {
        let absolute =
            fiscal_month + i64::from(self.start_month - 1) - 12 * i64::from(self.year_shift());
        let year = clamp_year(absolute.div_euclid(12));
        // rem_euclid(12) is 0..=11.
        let month = absolute.rem_euclid(12) as u32 + 1;
        (year, month)
    }
}

/// A fiscal quarter such as `FY2027-Q1`; ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalQuarter {
    /// Fiscal year, named after the calendar year in which it ends.
    pub year: i32,
    /// 1 to 4.
    pub quarter: u8,
}

impl FiscalQuarter {
    /// A validated quarter: year 1 to 9999 (so the label has four digits), quarter 1 to 4.
    pub fn new(year: i32, quarter: u8) -> Result<Self> {
        if !(1..=9999).contains(&year) {
            return Err(Error::invalid("quarter", "Fiscal year must be 1 to 9999"));
        }
        if !(1..=4).contains(&quarter) {
            return Err(Error::invalid("quarter", "Quarter must be 1 to 4"));
        }
        Ok(FiscalQuarter { year, quarter })
    }

    /// The quarter after this one.
    pub fn next(self) -> Self {
        self.offset(1)
    }

    /// The quarter before this one.
    pub fn prev(self) -> Self {
        self.offset(-1)
    }

    /// The quarter `n` quarters later (earlier when `n` is negative).
    pub fn offset(self, n: i32) -> Self {
        Self::from_index(self.index() + i64::from(n))
    }

    /// Every quarter from `from` to `to`, both included; empty when `to` is before `from`.
    pub fn range_inclusive(from: FiscalQuarter, to: FiscalQuarter) -> Vec<FiscalQuarter> {
        let (start, end) = (from.index(), to.index());
        (start..=end).map(Self::from_index).collect()
    }

    /// Chronological position: consecutive quarters have consecutive indexes.
    /// A `quarter` outside 1..=4 (only possible through the public fields) is clamped.
    fn index(self) -> i64 {
        i64::from(self.year) * 4 + i64::from(self.quarter.clamp(1, 4)) - 1
    }

    fn from_index(index: i64) -> Self {
        FiscalQuarter {
            year: clamp_year(index.div_euclid(4)),
            // rem_euclid(4) is 0..=3.
            quarter: index.rem_euclid(4) as u8 + 1,
        }
    }
}

/// Years computed from quarter arithmetic saturate instead of wrapping.
fn clamp_year(year: i64) -> i32 {
    i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX })
}

impl fmt::Display for FiscalQuarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FY{:04}-Q{}", self.year, self.quarter)
    }
}

impl FromStr for FiscalQuarter {
    type Err = Error;

    /// Accepts exactly `FY2027-Q1` (any letter case, surrounding spaces ignored).
    /// Two-digit years are refused: `FY27` is ambiguous across centuries and start months.
    fn from_str(text: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "quarter",
                format!("{text:?} is not a fiscal quarter; write it like FY2027-Q1"),
            )
        };
        let upper = text.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix("FY").ok_or_else(bad)?;
        let (year, quarter) = rest.split_once("-Q").ok_or_else(bad)?;
        if year.len() != 4
            || !year.bytes().all(|b| b.is_ascii_digit())
            || quarter.len() != 1
            || !quarter.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let quarter: u8 = quarter.parse().map_err(|_| bad())?;
        FiscalQuarter::new(year, quarter)
    }
}

impl Serialize for FiscalQuarter {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FiscalQuarter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse()
            .map_err(|e: Error| serde::de::Error::custom(e.message()))
    }
}

impl ToSql for FiscalQuarter {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for FiscalQuarter {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e: Error| FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn q(year: i32, quarter: u8) -> FiscalQuarter {
        FiscalQuarter::new(year, quarter).unwrap()
    }

    fn cal(start: u32) -> FiscalCalendar {
        FiscalCalendar::new(start).unwrap()
    }

    #[test]
    fn start_month_is_validated() {
        assert!(FiscalCalendar::new(0).is_err());
        assert!(FiscalCalendar::new(13).is_err());
        let err = FiscalCalendar::new(13).unwrap_err();
        assert_eq!(err.field(), Some("fiscal_year_start_month"));
        assert_eq!(err.message(), "Fiscal year start month must be 1 to 12");
        assert_eq!(cal(10).start_month(), 10);
        assert_eq!(FiscalCalendar::default(), cal(1));
    }

    #[test]
    fn january_start_matches_calendar_quarters() {
        let c = cal(1);
        let expected = [
            (1, d(2027, 1, 1), d(2027, 3, 31)),
            (2, d(2027, 4, 1), d(2027, 6, 30)),
            (3, d(2027, 7, 1), d(2027, 9, 30)),
            (4, d(2027, 10, 1), d(2027, 12, 31)),
        ];
        for (n, first, last) in expected {
            assert_eq!(c.first_day(q(2027, n)), first);
            assert_eq!(c.last_day(q(2027, n)), last);
        }
        assert_eq!(c.quarter_of(d(2026, 12, 31)), q(2026, 4));
        assert_eq!(c.quarter_of(d(2027, 1, 1)), q(2027, 1));
        assert_eq!(c.quarter_of(d(2027, 12, 31)), q(2027, 4));
        assert_eq!(c.quarter_of(d(2028, 1, 1)), q(2028, 1));
    }

    #[test]
    fn february_start_names_year_by_its_end() {
        let c = cal(2);
        let expected = [
            (1, d(2026, 2, 1), d(2026, 4, 30)),
            (2, d(2026, 5, 1), d(2026, 7, 31)),
            (3, d(2026, 8, 1), d(2026, 10, 31)),
            (4, d(2026, 11, 1), d(2027, 1, 31)),
        ];
        for (n, first, last) in expected {
            assert_eq!(c.first_day(q(2027, n)), first);
            assert_eq!(c.last_day(q(2027, n)), last);
        }
        assert_eq!(c.quarter_of(d(2026, 1, 31)), q(2026, 4));
        assert_eq!(c.quarter_of(d(2026, 2, 1)), q(2027, 1));
        assert_eq!(c.quarter_of(d(2027, 1, 31)), q(2027, 4));
        assert_eq!(c.quarter_of(d(2027, 2, 1)), q(2028, 1));
        assert_eq!(c.months(q(2027, 4)), [(2026, 11), (2026, 12), (2027, 1)]);
    }

    #[test]
    fn october_start_names_year_by_its_end() {
        let c = cal(10);
        let expected = [
            (1, d(2026, 10, 1), d(2026, 12, 31)),
            (2, d(2027, 1, 1), d(2027, 3, 31)),
            (3, d(2027, 4, 1), d(2027, 6, 30)),
            (4, d(2027, 7, 1), d(2027, 9, 30)),
        ];
        for (n, first, last) in expected {
            assert_eq!(c.first_day(q(2027, n)), first);
            assert_eq!(c.last_day(q(2027, n)), last);
        }
        assert_eq!(c.quarter_of(d(2026, 9, 30)), q(2026, 4));
        assert_eq!(c.quarter_of(d(2026, 10, 1)), q(2027, 1));
        assert_eq!(c.quarter_of(d(2027, 9, 30)), q(2027, 4));
        assert_eq!(c.quarter_of(d(2027, 10, 1)), q(2028, 1));
        assert_eq!(c.months(q(2027, 1)), [(2026, 10), (2026, 11), (2026, 12)]);
    }

    #[test]
    fn december_start_names_year_by_its_end() {
        let c = cal(12);
        let expected = [
            (1, d(2026, 12, 1), d(2027, 2, 28)),
            (2, d(2027, 3, 1), d(2027, 5, 31)),
            (3, d(2027, 6, 1), d(2027, 8, 31)),
            (4, d(2027, 9, 1), d(2027, 11, 30)),
        ];
        for (n, first, last) in expected {
            assert_eq!(c.first_day(q(2027, n)), first);
            assert_eq!(c.last_day(q(2027, n)), last);
        }
        assert_eq!(c.quarter_of(d(2026, 11, 30)), q(2026, 4));
        assert_eq!(c.quarter_of(d(2026, 12, 1)), q(2027, 1));
        assert_eq!(c.quarter_of(d(2027, 11, 30)), q(2027, 4));
        assert_eq!(c.quarter_of(d(2027, 12, 1)), q(2028, 1));
        assert_eq!(c.months(q(2027, 1)), [(2026, 12), (2027, 1), (2027, 2)]);
        assert_eq!(c.days(q(2027, 1)), 31 + 31 + 28);
    }

    #[test]
    fn leap_days() {
        let jan = cal(1);
        assert_eq!(jan.quarter_of(d(2024, 2, 29)), q(2024, 1));
        assert_eq!(jan.quarter_of(d(2028, 2, 29)), q(2028, 1));
        assert_eq!(jan.days(q(2024, 1)), 91);
        assert_eq!(jan.days(q(2025, 1)), 90);
        assert_eq!(jan.days(q(2028, 1)), 91);
        assert_eq!(jan.days(q(2024, 2)), 91);
        assert_eq!(jan.days(q(2024, 3)), 92);
        assert_eq!(jan.days(q(2024, 4)), 92);

        let feb = cal(2);
        // Feb 2024 opens FY2025; Feb 2028 opens FY2029.
        assert_eq!(feb.quarter_of(d(2024, 2, 29)), q(2025, 1));
        assert_eq!(feb.quarter_of(d(2028, 2, 29)), q(2029, 1));
        assert_eq!(feb.first_day(q(2025, 1)), d(2024, 2, 1));
        assert_eq!(feb.days(q(2025, 1)), 29 + 31 + 30);
        assert_eq!(feb.days(q(2026, 1)), 28 + 31 + 30);
        assert_eq!(feb.days(q(2029, 1)), 90);
        // Q4 of the year before ends on January 31, not on the leap day.
        assert_eq!(feb.last_day(q(2024, 4)), d(2024, 1, 31));

        // A December start puts the leap day at the end of Q1.
        assert_eq!(cal(12).last_day(q(2024, 1)), d(2024, 2, 29));
        assert_eq!(cal(12).days(q(2024, 1)), 91);
    }

    #[test]
    fn every_start_month_is_consistent() {
        for start in 1..=12 {
            let c = cal(start);
            let mut total_days = 0;
            for quarter in FiscalQuarter::range_inclusive(q(2019, 1), q(2034, 4)) {
                let first = c.first_day(quarter);
                let last = c.last_day(quarter);
                assert_eq!(c.quarter_of(first), quarter, "start {start} {quarter}");
                assert_eq!(c.quarter_of(last), quarter, "start {start} {quarter}");
                assert!(c.contains(quarter, first) && c.contains(quarter, last));
                assert!(!c.contains(quarter, first.pred_opt().unwrap()));
                assert!(!c.contains(quarter, last.succ_opt().unwrap()));
                assert_eq!(last.succ_opt().unwrap(), c.first_day(quarter.next()));
                assert_eq!(first.day(), 1);
                if quarter.quarter == 1 {
                    assert_eq!(first.month(), start);
                }
                let months = c.months(quarter);
                assert_eq!(months[0], (first.year(), first.month()));
                assert_eq!(months[2], (last.year(), last.month()));
                let days = c.days(quarter);
                assert!((89..=92).contains(&days), "{days}");
                total_days += days;
            }
            // 16 fiscal years from FY2019 to FY2034 hold 4 leap days each way.
            assert_eq!(total_days, 16 * 365 + 4, "start {start}");
            // The fiscal year ends in the calendar year it is named after.
            assert_eq!(c.last_day(q(2027, 4)).year(), 2027);
        }
    }

    #[test]
    fn labels_round_trip() {
        for quarter in FiscalQuarter::range_inclusive(q(1999, 3), q(2031, 2)) {
            let label = quarter.to_string();
            assert_eq!(label.parse::<FiscalQuarter>().unwrap(), quarter);
        }
        assert_eq!(q(2027, 1).to_string(), "FY2027-Q1");
        assert_eq!("fy2027-q3".parse::<FiscalQuarter>().unwrap(), q(2027, 3));
        assert_eq!(" FY2030-Q4 ".parse::<FiscalQuarter>().unwrap(), q(2030, 4));
    }

    #[test]
    fn parse_errors() {
        for text in [
            "FY27Q1",
            "FY27-Q1",
            "FY2027Q1",
            "FY2027-Q5",
            "FY2027-Q0",
            "2027-Q1",
            "FY2027-1",
            "FY2027-Q",
            "FY+027-Q1",
            "FY2027-Q+1",
            "FY2027-Q12",
            "FY0000-Q1",
            "",
            "Q1 2027",
        ] {
            let err = text.parse::<FiscalQuarter>().unwrap_err();
            assert_eq!(err.field(), Some("quarter"), "{text}");
        }
        let err = "FY27Q1".parse::<FiscalQuarter>().unwrap_err();
        assert_eq!(
            err.message(),
            r#""FY27Q1" is not a fiscal quarter; write it like FY2027-Q1"#
        );
        assert!(FiscalQuarter::new(2027, 0).is_err());
        assert!(FiscalQuarter::new(2027, 5).is_err());
        assert!(FiscalQuarter::new(0, 1).is_err());
        assert!(FiscalQuarter::new(10_000, 1).is_err());
    }

    #[test]
    fn next_prev_and_offset_cross_years() {
        assert_eq!(q(2026, 4).next(), q(2027, 1));
        assert_eq!(q(2027, 1).prev(), q(2026, 4));
        assert_eq!(q(2027, 2).next(), q(2027, 3));
        assert_eq!(q(2027, 1).offset(4), q(2028, 1));
        assert_eq!(q(2027, 1).offset(-5), q(2025, 4));
        assert_eq!(q(2027, 3).offset(0), q(2027, 3));
        assert!(q(2026, 4) < q(2027, 1));
        assert!(q(2027, 1) < q(2027, 2));
    }

    #[test]
    fn range_inclusive() {
        assert_eq!(
            FiscalQuarter::range_inclusive(q(2026, 3), q(2027, 2)),
            vec![q(2026, 3), q(2026, 4), q(2027, 1), q(2027, 2)]
        );
        assert_eq!(
            FiscalQuarter::range_inclusive(q(2027, 1), q(2027, 1)),
            vec![q(2027, 1)]
        );
        assert!(FiscalQuarter::range_inclusive(q(2027, 2), q(2027, 1)).is_empty());
    }

    #[test]
    fn serde_as_label() {
        let json = serde_json::to_string(&q(2027, 1)).unwrap();
        assert_eq!(json, r#""FY2027-Q1""#);
        assert_eq!(
            serde_json::from_str::<FiscalQuarter>(&json).unwrap(),
            q(2027, 1)
        );
        let err = serde_json::from_str::<FiscalQuarter>(r#""FY27-Q1""#).unwrap_err();
        assert!(err.to_string().contains("write it like FY2027-Q1"), "{err}");
    }

    #[test]
    fn sql_as_text() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        db.execute_batch("CREATE TABLE t (q TEXT NOT NULL) STRICT")
            .unwrap();
        db.execute("INSERT INTO t (q) VALUES (?1)", [q(2027, 2)])
            .unwrap();
        let text: String = db.query_row("SELECT q FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(text, "FY2027-Q2");
        let back: FiscalQuarter = db.query_row("SELECT q FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(back, q(2027, 2));
        let bad = db.query_row("SELECT 'Q2'", [], |r| r.get::<_, FiscalQuarter>(0));
        assert!(bad.is_err());
    }
}
