//! Tests of money: currency codes and minor units, exact conversions, parsing and display of amounts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

fn cur(code: &str) -> Currency {
    Currency::parse(code).unwrap()
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

#[test]
fn currency_codes() {
    assert_eq!(cur("usd"), cur("USD"));
    assert_eq!(cur(" eur ").as_str(), "EUR");
    assert_eq!(cur("JPY").to_string(), "JPY");
    assert_eq!(format!("{:?}", cur("GBP")), "Currency(GBP)");
    for bad in ["", "US", "USDX", "U$D", "12A", "ÜSD", "US D"] {
        let err = Currency::parse(bad).unwrap_err();
        assert_eq!(err.field(), Some("currency"), "{bad}");
        assert_eq!(
            err.message(),
            "Currency must be a three-letter ISO 4217 code like USD"
        );
    }
}

#[test]
fn minor_digits() {
    assert_eq!(cur("JPY").minor_digits(), 0);
    assert_eq!(cur("KRW").minor_digits(), 0);
    assert_eq!(cur("ISK").minor_digits(), 0);
    assert_eq!(cur("USD").minor_digits(), 2);
    assert_eq!(cur("EUR").minor_digits(), 2);
    assert_eq!(cur("BHD").minor_digits(), 3);
    assert_eq!(cur("KWD").minor_digits(), 3);
}

#[test]
fn currency_serde_and_sql() {
    assert_eq!(serde_json::to_string(&cur("USD")).unwrap(), r#""USD""#);
    assert_eq!(
        serde_json::from_str::<Currency>(r#""jpy""#).unwrap(),
        cur("JPY")
    );
    assert!(serde_json::from_str::<Currency>(r#""dollars""#).is_err());

    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch("CREATE TABLE t (c TEXT NOT NULL) STRICT")
        .unwrap();
    db.execute("INSERT INTO t (c) VALUES (?1)", [cur("BHD")])
        .unwrap();
    let text: String = db.query_row("SELECT c FROM t", [], |r| r.get(0)).unwrap();
    assert_eq!(text, "BHD");
    let back: Currency = db.query_row("SELECT c FROM t", [], |r| r.get(0)).unwrap();
    assert_eq!(back, cur("BHD"));
    assert!(db
        .query_row("SELECT 'dollars'", [], |r| r.get::<_, Currency>(0))
        .is_err());
}

#[test]
fn minor_to_decimal_uses_currency_scale() {
    assert_eq!(minor_to_decimal(123_450, cur("USD")), dec("1234.50"));
    assert_eq!(minor_to_decimal(123_450, cur("USD")).scale(), 2);
    assert_eq!(minor_to_decimal(1234, cur("JPY")), dec("1234"));
    assert_eq!(minor_to_decimal(1_234_567, cur("BHD")), dec("1234.567"));
    assert_eq!(minor_to_decimal(-5, cur("USD")), dec("-0.05"));
}

#[test]
fn decimal_to_minor_is_exact_or_refuses() {
    assert_eq!(
        decimal_to_minor(dec("1234.5"), cur("USD")).unwrap(),
        123_450
    );
    assert_eq!(
        decimal_to_minor(dec("1234.500"), cur("USD")).unwrap(),
        123_450
    );
    assert_eq!(decimal_to_minor(dec("-0.01"), cur("USD")).unwrap(), -1);
    assert_eq!(decimal_to_minor(dec("1234"), cur("JPY")).unwrap(), 1234);
    assert_eq!(decimal_to_minor(dec("1.234"), cur("BHD")).unwrap(), 1234);

    let err = decimal_to_minor(dec("0.001"), cur("USD")).unwrap_err();
    assert_eq!(err.field(), Some("amount"));
    assert_eq!(err.message(), "USD amounts have at most 2 decimal places");
    let err = decimal_to_minor(dec("1.5"), cur("JPY")).unwrap_err();
    assert_eq!(err.message(), "JPY amounts are whole numbers");
    assert!(decimal_to_minor(dec("0.0001"), cur("BHD")).is_err());
    let too_big = Decimal::from(i64::MAX);
    assert!(decimal_to_minor(too_big, cur("USD")).is_err());
}

#[test]
fn round_trips() {
    for currency in ["USD", "JPY", "BHD"].map(cur) {
        for minor in [
            0,
            1,
            -1,
            5,
            99,
            100,
            123_456,
            -987_654_321,
            i64::MAX,
            i64::MIN,
        ] {
            let amount = minor_to_decimal(minor, currency);
            assert_eq!(decimal_to_minor(amount, currency).unwrap(), minor);
            let text = format_minor(minor, currency);
            assert_eq!(
                parse_amount(&text, currency, "amount").unwrap(),
                minor,
                "{text}"
            );
        }
    }
}

#[test]
fn format_minor_is_plain() {
    assert_eq!(format_minor(123_450, cur("USD")), "1234.50");
    assert_eq!(format_minor(-5, cur("USD")), "-0.05");
    assert_eq!(format_minor(0, cur("USD")), "0.00");
    assert_eq!(format_minor(1234, cur("JPY")), "1234");
    assert_eq!(format_minor(-1_234_567, cur("BHD")), "-1234.567");
}

#[test]
fn parse_amount_accepts_common_forms() {
    let usd = cur("USD");
    assert_eq!(parse_amount("1234.5", usd, "budget").unwrap(), 123_450);
    assert_eq!(parse_amount("1,234.50", usd, "budget").unwrap(), 123_450);
    assert_eq!(
        parse_amount("1,234,567", usd, "budget").unwrap(),
        123_456_700
    );
    assert_eq!(parse_amount("-3", usd, "budget").unwrap(), -300);
    assert_eq!(parse_amount("+3", usd, "budget").unwrap(), 300);
    assert_eq!(parse_amount(" .5 ", usd, "budget").unwrap(), 50);
    assert_eq!(parse_amount("1000", cur("JPY"), "budget").unwrap(), 1000);
    assert_eq!(parse_amount("1.005", cur("BHD"), "budget").unwrap(), 1005);
}

#[test]
fn parse_amount_errors_name_the_field() {
    let usd = cur("USD");
    for bad in [
        "", "abc", "1.2.3", "1,23", "12,34.5", ",123", "1,2345", "1.", "--3", "1e3", "$12",
        "1_000", "1 000", "- 3",
    ] {
        let err = parse_amount(bad, usd, "annual_cost").unwrap_err();
        assert_eq!(err.field(), Some("annual_cost"), "{bad:?}");
    }
    let err = parse_amount("abc", usd, "annual_cost").unwrap_err();
    assert_eq!(
        err.message(),
        r#""abc" is not an amount; write it like 1234.50"#
    );
    let err = parse_amount("0.001", usd, "annual_cost").unwrap_err();
    assert_eq!(err.field(), Some("annual_cost"));
    assert_eq!(err.message(), "USD amounts have at most 2 decimal places");
    assert!(parse_amount("12.5", cur("JPY"), "x").is_err());
}

#[test]
fn parse_decimal_plain_and_scientific() {
    assert_eq!(parse_decimal("0.000125"), Some(dec("0.000125")));
    assert_eq!(parse_decimal("-42"), Some(dec("-42")));
    assert_eq!(parse_decimal("1.5E-7"), Some(dec("0.00000015")));
    assert_eq!(parse_decimal("1.5e-7"), Some(dec("0.00000015")));
    assert_eq!(parse_decimal("2.5E+3"), Some(dec("2500")));
    assert_eq!(parse_decimal("2.5E3"), Some(dec("2500")));
    assert_eq!(parse_decimal("-4E0"), Some(dec("-4")));
    for bad in [
        "", "abc", "1_000", "1.5E", "E5", "1.5E-7x", "1,5", "0x10", "1e-40", "NaN",
    ] {
        assert_eq!(parse_decimal(bad), None, "{bad:?}");
    }
    // Too many digits to hold exactly: refused, not rounded.
    assert_eq!(parse_decimal("0.12345678901234567890123456789012"), None);
}

#[test]
fn decimal_sums_are_exact() {
    let tenth = parse_decimal("0.1").unwrap();
    let sum: Decimal = std::iter::repeat_n(tenth, 10).sum();
    assert_eq!(sum, Decimal::ONE);

    let price = parse_decimal("1.5E-7").unwrap();
    let total: Decimal = std::iter::repeat_n(price, 1_000_000).sum();
    assert_eq!(total, dec("0.15"));

    let cents: i64 = ["19.99", "0.01", "80.00"]
        .iter()
        .map(|t| parse_amount(t, cur("USD"), "amount").unwrap())
        .sum();
    assert_eq!(format_minor(cents, cur("USD")), "100.00");
}
