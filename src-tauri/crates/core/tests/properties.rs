//! Property tests (proptest, shrinking to the smallest failing input) of the parsers and the
//! arithmetic every figure rests on: decimal and money text, month and quarter labels, quarter
//! and month arithmetic against chrono's calendar, and FOCUS and usage files imported to exactly
//! the values that were written into them.

use std::collections::BTreeMap;
use std::io::Write;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};
use proptest::prelude::*;
use quartermaster_core::finops::import::synth::{write_focus_file, SynthOptions};
use quartermaster_core::finops::import::ImportOptions;
use quartermaster_core::finops::import::{focus, usage};
use quartermaster_core::values::amount::Amount;
use quartermaster_core::values::money::{self, Currency};
use quartermaster_core::values::month;
use quartermaster_core::values::quarter::{FiscalCalendar, FiscalQuarter};
use rust_decimal::Decimal;

use crate::finops_import::stored_sums;
use crate::support::{now, org};

// -- Decimal text ----------------------------------------------------------------------------------

/// A decimal as (mantissa, scale): up to 15 digits and 12 decimal places, either sign.
fn decimal_parts() -> impl Strategy<Value = (i64, u32)> {
    (-999_999_999_999_999i64..=999_999_999_999_999, 0u32..=12)
}

/// The same value in integer units of 10^-12, computed without `Decimal`.
fn pico(mantissa: i64, scale: u32) -> i128 {
    i128::from(mantissa) * 10i128.pow(12 - scale)
}

proptest! {
    /// Plain text (`-12.500`, trailing zeros kept) reads back to exactly its value everywhere a
    /// decimal is read: FOCUS cells, typed amounts, stored amounts.
    #[test]
    fn plain_decimal_text_reads_back_exactly((mantissa, scale) in decimal_parts()) {
        let value = Decimal::new(mantissa, scale);
        let text = value.to_string();
        prop_assert_eq!(focus::cells::parse_decimal(&text), Ok((value, false)));
        prop_assert_eq!(money::parse_decimal(&text), Some(value));
        prop_assert_eq!(Amount::parse(&text), Some(Amount(value)));
        // What the store writes (`Amount`'s normalised text) reads back to the same value.
        prop_assert_eq!(Amount::parse(&Amount(value).to_string()), Some(Amount(value)));
        let plus = format!("+{}", Decimal::new(mantissa.abs(), scale));
        prop_assert_eq!(focus::cells::parse_decimal(&plus), Ok((value.abs(), false)));
    }

    /// Scientific text (`125E-3`, `1.25e-1`) reads to the same exact value and is flagged.
    #[test]
    fn scientific_decimal_text_reads_back_exactly(
        (mantissa, scale) in decimal_parts(),
        lower in any::<bool>(),
    ) {
        let value = Decimal::new(mantissa, scale);
        let e = if lower { 'e' } else { 'E' };
        let text = format!("{mantissa}{e}-{scale}");
        prop_assert_eq!(focus::cells::parse_decimal(&text), Ok((value, true)));
        prop_assert_eq!(money::parse_decimal(&text), Some(value));
        prop_assert_eq!(Amount::parse(&text), Some(Amount(value)));
    }

    /// A thousands separator or a decimal comma is refused, never read as another number.
    #[test]
    fn separators_in_billing_numbers_are_refused(whole in 1_000u64..1_000_000_000, cents in 0u32..100) {
        let grouped = format!("{},{:03}.{cents:02}", whole / 1000, whole % 1000);
        prop_assert!(focus::cells::parse_decimal(&grouped).is_err(), "{}", grouped);
        prop_assert_eq!(money::parse_decimal(&grouped), None);
        let comma = format!("{whole},{cents:02}");
        prop_assert!(focus::cells::parse_decimal(&comma).is_err(), "{}", comma);
    }

    /// Sums of amounts are exact: adding the parsed texts gives what integer arithmetic gives.
    #[test]
    fn sums_of_amounts_are_exact(parts in prop::collection::vec(decimal_parts(), 0..60)) {
        let sum: Amount = parts
            .iter()
            .map(|&(m, s)| Amount::parse(&Decimal::new(m, s).to_string()).unwrap_or_default())
            .sum();
        let exact: i128 = parts.iter().map(|&(m, s)| pico(m, s)).sum();
        prop_assert_eq!(sum.0, Decimal::from_i128_with_scale(exact, 12));
    }
}

// -- Money in minor units --------------------------------------------------------------------------

/// Currencies of every minor-unit size: JPY 0, USD and EUR 2, BHD 3 decimals.
fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(vec!["JPY", "USD", "EUR", "BHD"])
        .prop_map(|code| Currency::parse(code).unwrap_or_else(|e| panic!("{code}: {e}")))
}

/// `minor` units written the way a person types them: "1,234,567.89".
fn grouped(minor: i64, currency: Currency) -> String {
    let plain = money::format_minor(minor, currency);
    let (sign, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, format!(".{f}")),
        None => (unsigned, String::new()),
    };
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{fraction}")
}

proptest! {
    /// An amount written plainly or with thousands separators reads back to its minor units.
    #[test]
    fn money_text_reads_back_to_its_minor_units(
        minor in -10_000_000_000_000i64..=10_000_000_000_000,
        currency in currency(),
    ) {
        let plain = money::format_minor(minor, currency);
        prop_assert_eq!(money::parse_amount(&plain, currency, "amount").ok(), Some(minor));
        let typed = grouped(minor, currency);
        prop_assert_eq!(money::parse_amount(&typed, currency, "amount").ok(), Some(minor), "{}", typed);
        prop_assert_eq!(
            money::decimal_to_minor(money::minor_to_decimal(minor, currency), currency).ok(),
            Some(minor)
        );
    }

    /// Minor units and decimals add alike: no rounding between the two.
    #[test]
    fn money_addition_is_exact(
        a in -1_000_000_000_000i64..=1_000_000_000_000,
        b in -1_000_000_000_000i64..=1_000_000_000_000,
        currency in currency(),
    ) {
        prop_assert_eq!(
            money::minor_to_decimal(a, currency) + money::minor_to_decimal(b, currency),
            money::minor_to_decimal(a + b, currency)
        );
    }

    /// A digit finer than the currency's minor unit is refused, not rounded away.
    #[test]
    fn money_finer_than_the_minor_unit_is_refused(
        minor in 0i64..=1_000_000_000,
        extra in 1u32..=9,
        currency in currency(),
    ) {
        let plain = money::format_minor(minor, currency);
        let finer = if plain.contains('.') {
            format!("{plain}{extra}")
        } else {
            format!("{plain}.{extra}")
        };
        prop_assert!(money::parse_amount(&finer, currency, "amount").is_err(), "{}", finer);
    }

    /// A misplaced thousands separator ("12,34") is refused.
    #[test]
    fn misplaced_separators_are_refused(head in 1u32..1000, tail in 0u32..100) {
        let usd = Currency::parse("USD").unwrap_or_else(|e| panic!("{e}"));
        let text = format!("{head},{tail:02}");
        prop_assert!(money::parse_amount(&text, usd, "amount").is_err(), "{}", text);
    }
}

// -- Month labels ----------------------------------------------------------------------------------

/// A `YYYY-MM` label from 1900-01 to 9999-12.
fn month_label() -> impl Strategy<Value = (i32, u32)> {
    (1900i32..=9999, 1u32..=12)
}

proptest! {
    #[test]
    fn month_labels_are_four_digit_years_and_real_months(
        (year, month) in month_label(),
        wrong in prop::sample::select(vec![0u32, 13, 14, 20, 99]),
    ) {
        let label = format!("{year:04}-{month:02}");
        prop_assert!(month::is_month(&label), "{}", label);
        let wrong_month = format!("{year:04}-{wrong:02}");
        prop_assert!(!month::is_month(&wrong_month), "{}", wrong_month);
        let one_digit = format!("{year:04}-{month}");
        prop_assert_eq!(month::is_month(&one_digit), month >= 10, "{}", one_digit);
        let short_year = format!("{:02}-{month:02}", year % 100);
        prop_assert!(!month::is_month(&short_year), "{}", short_year);
        prop_assert_eq!(month::month_start(&label), NaiveDate::from_ymd_opt(year, month, 1));
    }

    /// `month_before` agrees with chrono's calendar, and steps back compose.
    #[test]
    fn months_before_agree_with_the_calendar(
        (year, month) in month_label(),
        a in 0u32..=600,
        b in 0u32..=600,
    ) {
        let label = format!("{year:04}-{month:02}");
        let start = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
        let back = month::month_before(&label, a);
        let expected = start.checked_sub_months(Months::new(a)).unwrap_or_default();
        prop_assert_eq!(&back, &format!("{:04}-{:02}", expected.year(), expected.month()));
        prop_assert!(month::is_month(&back), "{}", back);
        prop_assert_eq!(
            month::month_before(&back, b),
            month::month_before(&label, a + b)
        );
    }
}

// -- Fiscal quarters -------------------------------------------------------------------------------

fn quarter() -> impl Strategy<Value = FiscalQuarter> {
    (1000i32..=9000, 1u8..=4)
        .prop_map(|(y, q)| FiscalQuarter::new(y, q).unwrap_or_else(|e| panic!("FY{y}-Q{q}: {e}")))
}

/// The fiscal quarter of `date` worked out from the calendar alone: the fiscal year started on
/// the last first-of-`start_month` on or before the date, is named after the calendar year of its
/// last day, and its quarters are three months each.
fn quarter_by_hand(start_month: u32, date: NaiveDate) -> (i32, u8) {
    let this_year = NaiveDate::from_ymd_opt(date.year(), start_month, 1).unwrap_or_default();
    let year_start = if this_year <= date {
        this_year
    } else {
        NaiveDate::from_ymd_opt(date.year() - 1, start_month, 1).unwrap_or_default()
    };
    let year_end = year_start
        .checked_add_months(Months::new(12))
        .and_then(|d| d.pred_opt())
        .unwrap_or_default();
    let months_in =
        (date.year() - year_start.year()) * 12 + date.month() as i32 - year_start.month() as i32;
    (year_end.year(), (months_in / 3 + 1) as u8)
}

proptest! {
    /// Labels: `FY2027-Q1` round-trips in any case and spacing; other spellings are refused.
    #[test]
    fn quarter_labels_round_trip(q in quarter(), spaces in "[ ]{0,3}") {
        let label = q.to_string();
        prop_assert_eq!(label.len(), 9);
        prop_assert_eq!(FiscalQuarter::from_str(&label).ok(), Some(q));
        let typed = format!("{spaces}{}{spaces}", label.to_lowercase());
        prop_assert_eq!(FiscalQuarter::from_str(&typed).ok(), Some(q));
        let short = format!("FY{:02}-Q{}", q.year % 100, q.quarter);
        prop_assert!(FiscalQuarter::from_str(&short).is_err(), "{}", short);
        for wrong in [0, 5, 9] {
            let label = format!("FY{:04}-Q{wrong}", q.year);
            prop_assert!(FiscalQuarter::from_str(&label).is_err(), "{}", label);
        }
    }

    /// Quarter arithmetic: offsets compose, next and prev undo each other, order follows offset,
    /// four quarters make a year.
    #[test]
    fn quarter_arithmetic_is_consistent(q in quarter(), a in -400i32..=400, b in -400i32..=400) {
        prop_assert_eq!(q.offset(a).offset(b), q.offset(a + b));
        prop_assert_eq!(q.next().prev(), q);
        prop_assert_eq!(q.prev().next(), q);
        prop_assert_eq!(q.offset(4), FiscalQuarter { year: q.year + 1, quarter: q.quarter });
        prop_assert_eq!(q.offset(a).cmp(&q), a.cmp(&0));
        let range = FiscalQuarter::range_inclusive(q, q.offset(a));
        prop_assert_eq!(range.len(), if a < 0 { 0 } else { a as usize + 1 });
        prop_assert!(range.windows(2).all(|w| w[0].next() == w[1]));
    }

    /// Quarters against the calendar, for every fiscal-year start month.
    #[test]
    fn quarters_agree_with_the_calendar(
        start_month in 1u32..=12,
        days in 0i64..=(200 * 366),
    ) {
        let calendar = FiscalCalendar::new(start_month).unwrap_or_else(|e| panic!("{e}"));
        let date = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default() + chrono::Duration::days(days);
        let q = calendar.quarter_of(date);
        prop_assert_eq!((q.year, q.quarter), quarter_by_hand(start_month, date), "{}", date);
        let (first, last) = (calendar.first_day(q), calendar.last_day(q));
        prop_assert!(first <= date && date <= last, "{} in {}..{}", date, first, last);
        prop_assert!(calendar.contains(q, date));
        prop_assert_eq!(first.day(), 1);
        prop_assert_eq!(first.checked_add_months(Months::new(3)).and_then(|d| d.pred_opt()), Some(last));
        prop_assert_eq!(calendar.days(q), (last - first).num_days() + 1);
        let months = calendar.months(q);
        for (i, (y, m)) in months.iter().enumerate() {
            let expected = first.checked_add_months(Months::new(i as u32)).unwrap_or_default();
            prop_assert_eq!((*y, *m), (expected.year(), expected.month()));
        }
        prop_assert_eq!(calendar.first_day(q.next()), last.succ_opt().unwrap_or_default());
        // A fiscal year's four quarters cover exactly its days.
        let q1 = FiscalQuarter { year: q.year, quarter: 1 };
        let year_days: i64 = (0..4).map(|i| calendar.days(q1.offset(i))).sum();
        let year_start = calendar.first_day(q1);
        let next_year = year_start.checked_add_months(Months::new(12)).unwrap_or_default();
        prop_assert_eq!(year_days, (next_year - year_start).num_days());
    }
}

// -- FOCUS and usage files -------------------------------------------------------------------------

/// How a cost is written in a generated FOCUS cell.
#[derive(Debug, Clone, Copy)]
enum Spelling {
    Plain,
    Quoted,
    Scientific,
    Plus,
}

fn spelling() -> impl Strategy<Value = Spelling> {
    prop::sample::select(vec![
        Spelling::Plain,
        Spelling::Quoted,
        Spelling::Scientific,
        Spelling::Plus,
    ])
}

fn cell(mantissa: i64, scale: u32, spelling: Spelling) -> String {
    let value = Decimal::new(mantissa, scale);
    match spelling {
        Spelling::Plain => value.to_string(),
        Spelling::Quoted => format!("\"{value}\""),
        Spelling::Scientific => format!("{mantissa}E-{scale}"),
        Spelling::Plus if mantissa >= 0 => format!("+{value}"),
        Spelling::Plus => value.to_string(),
    }
}

/// One generated billing line: month index from 2025-01, billed and effective cost.
type Line = (u32, (i64, u32), (i64, u32), Spelling);

fn line() -> impl Strategy<Value = Line> {
    (0u32..30, decimal_parts(), decimal_parts(), spelling())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A FOCUS 1.1 file of any lines, costs written in any accepted spelling, imports to exactly
    /// the per-month sums of what was written (summed here in integers).
    #[test]
    fn focus_lines_import_to_the_sums_written(lines in prop::collection::vec(line(), 1..40)) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("generated.csv");
        let mut text = String::from(
            "BilledCost,EffectiveCost,ListCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,BillingPeriodStart,ChargeCategory,ProviderName,ServiceName,ServiceCategory,ServiceSubcategory\n",
        );
        let mut expected: BTreeMap<String, (i128, i128, i64)> = BTreeMap::new();
        for &(month, (bm, bs), (em, es), spelling) in &lines {
            let start = NaiveDate::from_ymd_opt(2025, 1, 1)
                .and_then(|d| d.checked_add_months(Months::new(month)))
                .unwrap_or_default();
            let label = format!("{:04}-{:02}", start.year(), start.month());
            text.push_str(&format!(
                "{},{},0,USD,{start}T00:00:00Z,{start}T01:00:00Z,{start}T00:00:00Z,Usage,AWS,Amazon EC2,Compute,Virtual Machines\n",
                cell(bm, bs, spelling),
                cell(em, es, spelling),
            ));
            let sum = expected.entry(label).or_default();
            sum.0 += pico(bm, bs);
            sum.1 += pico(em, es);
            sum.2 += 1;
        }
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut store = org();
        let result = focus::import_file(&mut store, &path, ImportOptions::default(), now(), None)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(result.batch.row_count as usize, lines.len());
        let expected: BTreeMap<String, (Decimal, Decimal, i64)> = expected
            .into_iter()
            .map(|(m, (b, e, n))| {
                (m, (Decimal::from_i128_with_scale(b, 12), Decimal::from_i128_with_scale(e, 12), n))
            })
            .collect();
        prop_assert_eq!(stored_sums(&store), expected);
    }

    /// Any file the generator writes (rows, months, resources, real-world quirks, plain or gzip)
    /// imports to exactly the sums it holds, in the lines and in the rollup.
    #[test]
    fn generated_focus_files_import_to_their_exact_sums(
        rows in 1u64..=400,
        seed in any::<u64>(),
        months in 1u32..=14,
        resources in 1u32..=60,
        quirks in any::<bool>(),
        gzip in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let options = SynthOptions { rows, seed, months, first_month: 0, resources, quirks };
        let path = dir.path().join(if gzip { "synthetic.csv.gz" } else { "synthetic.csv" });
        let expected = write_focus_file(&path, options).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut store = org();
        let result = focus::import_file(&mut store, &path, ImportOptions::default(), now(), None)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(result.batch.row_count as u64, rows);
        prop_assert_eq!(&stored_sums(&store), &expected.per_month, "lines");
        let mut from_rollup: BTreeMap<String, (Decimal, Decimal, i64)> = BTreeMap::new();
        let groups = quartermaster_core::finops::rollup::spend_groups(store.conn(), None)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        for g in groups {
            let sum = from_rollup.entry(g.month).or_default();
            sum.0 += g.billed_cost;
            sum.1 += g.effective_cost;
            sum.2 += g.lines;
        }
        prop_assert_eq!(&from_rollup, &expected.per_month, "rollup");
    }

    /// A usage file of any (model, month) rows, the model named in any letter case or by its
    /// cost tag, imports to exactly those rows.
    #[test]
    fn usage_rows_import_to_the_rows_written(
        rows in prop::collection::btree_map(
            (0usize..2, 0u32..36),
            (0i64..=10_000_000_000, 0i64..=1_000, 0usize..3),
            1..30,
        ),
    ) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("usage.csv");
        let names = [("Ranker", "ranker"), ("Embedder", "embedder")];
        let mut text = String::from("model,month,inferences,training_runs\n");
        let mut expected = Vec::new();
        for (&(model, month), &(inferences, runs, spelling)) in &rows {
            let (name, tag) = names[model];
            let written = match spelling {
                0 => name.to_string(),
                1 => name.to_uppercase(),
                _ => tag.to_string(),
            };
            let label = format!("{:04}-{:02}", 2024 + month / 12, month % 12 + 1);
            text.push_str(&format!("{written},{label},{inferences},{runs}\n"));
            expected.push((name.to_string(), label, inferences, runs));
        }
        expected.sort();
        std::fs::write(&path, &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut store = crate::finops_reports::org_with_models();
        let result = usage::import_file(&mut store, &path, ImportOptions::default(), now(), None)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(result.batch.row_count as usize, rows.len());
        let conn = store.conn();
        let mut stmt = conn
            .prepare("SELECT m.name, u.month, u.inferences, u.training_runs FROM usage u JOIN model m ON m.id = u.model_id ORDER BY 1, 2")
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let stored: Vec<(String, String, i64, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(stored, expected);
    }
}
