//! Unit tests of the FOCUS cell readers: timestamps in every shape real exports use, and
//! decimals read exactly or refused.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::finops::import::focus::cells::parse_decimal;
use crate::finops::import::focus::instant::{parse_instant, DATE_ONLY, FRACTION, NO_ZONE, OFFSET};

fn read(text: &str) -> (String, Vec<&'static str>) {
    let (instant, quirks) = parse_instant(text).unwrap();
    (
        instant.as_str().to_string(),
        quirks.into_iter().flatten().collect(),
    )
}

#[test]
fn timestamps_in_every_shape_real_exports_use() {
    assert_eq!(
        read("2024-09-18T22:00:00Z"),
        ("2024-09-18T22:00:00Z".into(), vec![])
    );
    assert_eq!(
        read("2024-09-18 22:00:00"),
        ("2024-09-18T22:00:00Z".into(), vec![NO_ZONE])
    );
    assert_eq!(
        read("2024-09-18T22:00:00"),
        ("2024-09-18T22:00:00Z".into(), vec![NO_ZONE])
    );
    assert_eq!(
        read("2024-09-18T22:00Z"),
        ("2024-09-18T22:00:00Z".into(), vec![])
    );
    assert_eq!(
        read("2024-09-18T22:00:00.000Z"),
        ("2024-09-18T22:00:00Z".into(), vec![])
    );
    assert_eq!(
        read("2024-09-18T22:00:00.5Z"),
        ("2024-09-18T22:00:00Z".into(), vec![FRACTION])
    );
    assert_eq!(
        read("2024-09-18T22:00:00+00:00"),
        ("2024-09-18T22:00:00Z".into(), vec![])
    );
    assert_eq!(
        read("2024-09-19T01:30:00+03:30"),
        ("2024-09-18T22:00:00Z".into(), vec![OFFSET])
    );
    assert_eq!(
        read("2024-09-18T20:00:00-0200"),
        ("2024-09-18T22:00:00Z".into(), vec![OFFSET])
    );
    assert_eq!(
        read("2024-09-18 22:00:00 UTC"),
        ("2024-09-18T22:00:00Z".into(), vec![])
    );
    assert_eq!(
        read("2024-09-01"),
        ("2024-09-01T00:00:00Z".into(), vec![DATE_ONLY])
    );
    assert_eq!(read("2024-02-29T00:00:00Z").0, "2024-02-29T00:00:00Z");
}

#[test]
fn timestamps_that_are_refused_say_why() {
    assert_eq!(
        parse_instant("2023-02-29T00:00:00Z").err(),
        Some("no such date")
    );
    assert_eq!(
        parse_instant("2024-09-18T24:00:00Z").err(),
        Some("no such time of day")
    );
    for bad in [
        "",
        "yesterday",
        "18/09/2024 22:00",
        "2024-09-18X22:00:00",
        "2024-09-18T22",
        "2024-09-18T22:00:00+25:00",
    ] {
        assert!(parse_instant(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn decimals_are_exact_or_refused() {
    let value = |t: &str| parse_decimal(t).unwrap();
    assert_eq!(
        value("0.00000080000"),
        (Decimal::from_str("0.0000008").unwrap(), false)
    );
    assert_eq!(value("-12.5"), (Decimal::new(-125, 1), false));
    assert_eq!(value("1.5E-7"), (Decimal::new(15, 8), true));
    assert_eq!(value(".5").0, Decimal::new(5, 1));
    for bad in [
        "", "-", "1,234.50", "1_000", "12.5.1", "NaN", "1e", "abc", " 1",
    ] {
        assert!(parse_decimal(bad).is_err(), "{bad:?}");
    }
    assert!(parse_decimal("0.00000000000000000000000000001").is_err());
    assert!(parse_decimal("0.1000000000000000000000000000000").is_ok());
}
