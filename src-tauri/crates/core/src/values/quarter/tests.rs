//! Tests of fiscal quarters: every fiscal-year start, labels and their errors, arithmetic across years, serde and SQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

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
