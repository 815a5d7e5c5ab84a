//! FOCUS billing import: streams a FOCUS 1.0–1.3 CSV (plain or gzipped) into cost lines,
//! one transaction per file, exact decimals, every interpreted value counted as a warning.
//!
//! Real exports bend the spec (bare `NULL`, `2024-09-18 22:00:00` timestamps, values spelled
//! two ways, extra columns), so the reader accepts what it can read unambiguously, says what it
//! interpreted, and refuses anything else with the file, line, column, value and reason.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::finops::import::reader::{
    Cells, CsvInput, ImportWarning, OnProgress, Records, Warnings,
};
use crate::finops::import::{self, ImportOptions};
use crate::finops::rollup::{self, RollupWriter};
use crate::finops::{BatchKind, ImportBatch};
use crate::store::entity::{timestamp_text, Timestamp};
use crate::values::amount::Amount;
use crate::{Result, Store};

/// What one imported file gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FocusImport {
    pub batch: ImportBatch,
    /// The FOCUS version the header's columns point to (`1.0` … `1.3`).
    pub focus_version: &'static str,
    /// Earlier imports of the same bytes that were undone (`replace`).
    pub replaced: Vec<i64>,
    pub warnings: Vec<ImportWarning>,
    /// Sums per billing month and currency, as read from the file.
    pub totals: Vec<MonthTotal>,
}

/// Exact sums of one billing month in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthTotal {
    /// `YYYY-MM` of BillingPeriodStart.
    pub month: String,
    pub currency: String,
    pub lines: i64,
    pub billed_cost: Amount,
    pub effective_cost: Amount,
}

/// Imports one file in its own transaction: all of it, or (on any error) nothing.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    options: ImportOptions,
    now: Timestamp,
    on_progress: Option<OnProgress<'_>>,
) -> Result<FocusImport> {
    store.with_bulk_tx(|tx| import_in(tx, path, options, now, on_progress))
}

/// Imports one file inside the caller's transaction.
pub fn import_in(
    conn: &Connection,
    path: &Path,
    options: ImportOptions,
    now: Timestamp,
    on_progress: Option<OnProgress<'_>>,
) -> Result<FocusImport> {
    rollup::without_insert_trigger(conn, || import_lines(conn, path, options, now, on_progress))
}

/// Streams the file into cost lines and their rollup.
fn import_lines(
    conn: &Connection,
    path: &Path,
    options: ImportOptions,
    now: Timestamp,
    on_progress: Option<OnProgress<'_>>,
) -> Result<FocusImport> {
    let streamed = import::stream(
        conn,
        path,
        BatchKind::Focus,
        options,
        now,
        on_progress,
        |input, batch_id, warnings| {
            let columns = Columns::find(input)?;
            note_ignored_columns(input, &columns, warnings);
            Ok(Lines {
                conn,
                insert: conn.prepare(INSERT_LINE)?,
                batch_id,
                stamp: timestamp_text(now),
                rollup: RollupWriter::new(batch_id, now),
                totals: Vec::new(),
                seen_tags: TagsSeen::default(),
                columns,
            })
        },
    )?;
    let Lines {
        rollup,
        mut totals,
        columns,
        ..
    } = streamed.records;
    rollup.finish(conn)?;
    totals.sort_by(|a, b| (&a.month, &a.currency).cmp(&(&b.month, &b.currency)));
    Ok(FocusImport {
        batch: streamed.batch,
        focus_version: columns.version,
        replaced: streamed.replaced,
        warnings: streamed.warnings,
        totals,
    })
}

/// Where the records of a FOCUS file go: cost lines, the rollup, the per-month totals.
struct Lines<'c> {
    conn: &'c Connection,
    insert: rusqlite::Statement<'c>,
    batch_id: i64,
    stamp: String,
    rollup: RollupWriter,
    totals: Vec<MonthTotal>,
    seen_tags: TagsSeen,
    columns: Columns,
}

impl Records for Lines<'_> {
    fn record(&mut self, cells: &mut Cells<'_>) -> Result<()> {
        let line = read_line(cells, &self.columns, &mut self.seen_tags)?;
        bind_line(&mut self.insert, &line, self.batch_id, &self.stamp)?;
        self.insert.raw_execute()?;
        let month = &line.billing_period_start.as_str()[..7];
        let key = [
            month,
            line.currency.as_str(),
            line.provider,
            line.service_name,
            line.service_category,
            line.sub_account_id,
            line.resource_id,
            line.tags,
        ];
        self.rollup
            .add(self.conn, key, line.billed.value, line.effective.value)?;
        add_total(&mut self.totals, month, line.currency.as_str(), &line);
        Ok(())
    }
}

const INSERT_LINE: &str = "INSERT INTO cost_line (batch_id, billed_cost, effective_cost, list_cost, billing_currency,
    charge_period_start, charge_period_end, billing_period_start, charge_category, provider_name, service_name,
    service_category, sub_account_id, resource_id, resource_name, region_id, sku_id, consumed_quantity,
    consumed_unit, tags, created_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21)";

/// Positions of the FOCUS columns kept, found by name.
struct Columns {
    billed: usize,
    effective: usize,
    list: usize,
    currency: usize,
    charge_start: usize,
    charge_end: usize,
    billing_start: usize,
    charge_category: usize,
    provider: usize,
    service_name: usize,
    service_category: usize,
    sub_account: Option<usize>,
    resource_id: Option<usize>,
    resource_name: Option<usize>,
    region: Option<usize>,
    sku: Option<usize>,
    consumed_quantity: Option<usize>,
    consumed_unit: Option<usize>,
    tags: Option<usize>,
    /// Read only to report its spelling; not stored.
    charge_frequency: Option<usize>,
    version: &'static str,
}

impl Columns {
    fn find(input: &CsvInput) -> Result<Columns> {
        let need = |names: &[&str]| input.required_column(names);
        let may = |names: &[&str]| input.column(names);
        Ok(Columns {
            billed: need(&["BilledCost"])?,
            effective: need(&["EffectiveCost"])?,
            list: need(&["ListCost"])?,
            currency: need(&["BillingCurrency"])?,
            charge_start: need(&["ChargePeriodStart"])?,
            charge_end: need(&["ChargePeriodEnd"])?,
            billing_start: need(&["BillingPeriodStart"])?,
            charge_category: need(&["ChargeCategory"])?,
            // 1.3 renames the provider; prefer the new name when both are present.
            provider: need(&["ServiceProviderName", "ProviderName"])?,
            service_name: need(&["ServiceName"])?,
            service_category: need(&["ServiceCategory"])?,
            sub_account: may(&["SubAccountId"]),
            resource_id: may(&["ResourceId"]),
            resource_name: may(&["ResourceName"]),
            region: may(&["RegionId", "Region"]),
            sku: may(&["SkuId"]),
            consumed_quantity: may(&["ConsumedQuantity"]),
            consumed_unit: may(&["ConsumedUnit"]),
            tags: may(&["Tags"]),
            charge_frequency: may(&["ChargeFrequency"]),
            version: version_of(input),
        })
    }

    fn used(&self) -> Vec<usize> {
        let mut used = vec![
            self.billed,
            self.effective,
            self.list,
            self.currency,
            self.charge_start,
            self.charge_end,
            self.billing_start,
            self.charge_category,
            self.provider,
            self.service_name,
            self.service_category,
        ];
        used.extend(
            [
                self.sub_account,
                self.resource_id,
                self.resource_name,
                self.region,
                self.sku,
                self.consumed_quantity,
                self.consumed_unit,
                self.tags,
                self.charge_frequency,
            ]
            .into_iter()
            .flatten(),
        );
        used
    }
}

/// The newest FOCUS version whose new columns the header has.
fn version_of(input: &CsvInput) -> &'static str {
    let has = |name: &str| input.column(&[name]).is_some();
    if has("ServiceProviderName") || has("HostProviderName") || has("AllocatedMethodId") {
        "1.3"
    } else if has("InvoiceId") || has("PricingCurrency") || has("BillingAccountType") {
        "1.2"
    } else if has("ServiceSubcategory") || has("CapacityReservationId") || has("SkuMeter") {
        "1.1"
    } else {
        "1.0"
    }
}

/// Column names of FOCUS 1.0 to 1.3, so a non-spec column (like the sample's `Id`) is named.
const FOCUS_NAMES: &[&str] = &[
    "AllocatedMethodDetails",
    "AllocatedMethodId",
    "AllocatedResourceId",
    "AllocatedResourceName",
    "AllocatedTags",
    "AvailabilityZone",
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingAccountType",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "CapacityReservationId",
    "CapacityReservationStatus",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "CommitmentDiscountCategory",
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "CommitmentDiscountQuantity",
    "CommitmentDiscountStatus",
    "CommitmentDiscountType",
    "CommitmentDiscountUnit",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractApplied",
    "ContractedCost",
    "ContractedUnitPrice",
    "EffectiveCost",
    "HostProviderName",
    "InvoiceId",
    "InvoiceIssuerName",
    "ListCost",
    "ListUnitPrice",
    "PricingCategory",
    "PricingCurrency",
    "PricingCurrencyContractedUnitPrice",
    "PricingCurrencyEffectiveCost",
    "PricingCurrencyListUnitPrice",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "Region",
    "RegionId",
    "RegionName",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "ServiceProviderName",
    "ServiceSubcategory",
    "SkuId",
    "SkuMeter",
    "SkuPriceDetails",
    "SkuPriceId",
    "SubAccountId",
    "SubAccountName",
    "SubAccountType",
    "Tags",
];

/// Unknown columns are ignored, but named once so the user knows they were not read;
/// `x_` provider columns are ignored silently, as the spec intends.
fn note_ignored_columns(input: &CsvInput, columns: &Columns, warnings: &mut Warnings) {
    let used = columns.used();
    for (i, name) in input.headers.iter().enumerate() {
        let known = FOCUS_NAMES.iter().any(|f| f.eq_ignore_ascii_case(name));
        if used.contains(&i) || known || name.to_ascii_lowercase().starts_with("x_") {
            continue;
        }
        warnings.add(i, name, "not a FOCUS column; ignored", 1, name);
    }
}

/// An exact decimal and the text stored for it.
struct Number<'a> {
    value: Decimal,
    /// The file's own text when it is plain decimal notation, else the normalised value.
    text: std::borrow::Cow<'a, str>,
}

/// A UTC instant as canonical `YYYY-MM-DDTHH:MM:SSZ` text (sorts like time).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Instant([u8; 20]);

impl Instant {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("0000-00-00T00:00:00Z")
    }
}

/// A three-letter currency code, upper-cased.
struct Code([u8; 3]);

impl Code {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

/// One record, read and checked, borrowing its text from the record.
struct Line<'a> {
    billed: Number<'a>,
    effective: Number<'a>,
    list: Number<'a>,
    currency: Code,
    charge_start: Instant,
    charge_end: Instant,
    billing_period_start: Instant,
    charge_category: &'static str,
    provider: &'a str,
    service_name: &'a str,
    service_category: &'a str,
    sub_account_id: &'a str,
    resource_id: &'a str,
    resource_name: &'a str,
    region_id: &'a str,
    sku_id: &'a str,
    consumed_quantity: Option<Number<'a>>,
    consumed_unit: &'a str,
    tags: &'a str,
}

const CHARGE_CATEGORIES: &[&str] = &["Usage", "Purchase", "Tax", "Credit", "Adjustment"];

const SERVICE_CATEGORIES: &[&str] = &[
    "AI and Machine Learning",
    "Analytics",
    "Business Applications",
    "Compute",
    "Databases",
    "Developer Tools",
    "Multicloud",
    "Identity",
    "Integration",
    "Internet of Things",
    "Management and Governance",
    "Media",
    "Migration",
    "Mobile",
    "Networking",
    "Security",
    "Storage",
    "Web",
    "Other",
];

const CHARGE_FREQUENCIES: &[&str] = &["One-Time", "Recurring", "Usage-Based"];

const SPELLING: &str = "spelled differently from the FOCUS value; read as the FOCUS spelling";

fn read_line<'a>(cells: &mut Cells<'a>, c: &Columns, seen_tags: &mut TagsSeen) -> Result<Line<'a>> {
    let charge_start = timestamp(cells, c.charge_start)?;
    let charge_end = timestamp(cells, c.charge_end)?;
    if charge_end < charge_start {
        let value = cells.required(c.charge_end)?;
        return Err(cells.error(
            c.charge_end,
            value,
            "ChargePeriodEnd is before ChargePeriodStart",
        ));
    }
    let category_text = cells.required(c.charge_category)?;
    let charge_category = canonical(cells, c.charge_category, category_text, CHARGE_CATEGORIES)
        .ok_or_else(|| {
            cells.error(
                c.charge_category,
                category_text,
                "not a FOCUS ChargeCategory (Usage, Purchase, Tax, Credit or Adjustment)",
            )
        })?;
    let service_category = cells.required(c.service_category)?;
    let service_category = match canonical(
        cells,
        c.service_category,
        service_category,
        SERVICE_CATEGORIES,
    ) {
        Some(name) => name,
        None => {
            cells.warn(
                c.service_category,
                "not a FOCUS ServiceCategory; kept as written",
                service_category,
            );
            service_category
        }
    };
    if let Some(frequency) = c.charge_frequency {
        let text = cells.optional(Some(frequency))?;
        if !text.is_empty() && canonical(cells, frequency, text, CHARGE_FREQUENCIES).is_none() {
            cells.warn(frequency, "not a FOCUS ChargeFrequency", text);
        }
    }
    let consumed_quantity = match cells.optional(c.consumed_quantity)? {
        "" => None,
        _ => Some(number(
            cells,
            c.consumed_quantity.unwrap_or_default(),
            false,
        )?),
    };
    Ok(Line {
        billed: number(cells, c.billed, true)?,
        effective: number(cells, c.effective, true)?,
        list: number(cells, c.list, true)?,
        currency: currency(cells, c.currency)?,
        charge_start,
        charge_end,
        billing_period_start: timestamp(cells, c.billing_start)?,
        charge_category,
        provider: cells.required(c.provider)?,
        service_name: cells.required(c.service_name)?,
        service_category,
        sub_account_id: cells.optional(c.sub_account)?,
        resource_id: cells.optional(c.resource_id)?,
        resource_name: cells.optional(c.resource_name)?,
        region_id: cells.optional(c.region)?,
        sku_id: cells.optional(c.sku)?,
        consumed_quantity,
        consumed_unit: cells.optional(c.consumed_unit)?,
        tags: tags(cells, c.tags, seen_tags)?,
    })
}

/// The FOCUS spelling of `text` among `allowed`, ignoring case; a different case is a warning.
fn canonical(
    cells: &mut Cells<'_>,
    index: usize,
    text: &str,
    allowed: &[&'static str],
) -> Option<&'static str> {
    if let Some(exact) = allowed.iter().find(|a| **a == text) {
        return Some(exact);
    }
    let found = allowed.iter().find(|a| a.eq_ignore_ascii_case(text))?;
    cells.warn(index, SPELLING, text);
    Some(found)
}

fn bind_line(
    insert: &mut rusqlite::Statement<'_>,
    line: &Line<'_>,
    batch_id: i64,
    stamp: &str,
) -> Result<()> {
    insert.raw_bind_parameter(1, batch_id)?;
    insert.raw_bind_parameter(2, line.billed.text.as_ref())?;
    insert.raw_bind_parameter(3, line.effective.text.as_ref())?;
    insert.raw_bind_parameter(4, line.list.text.as_ref())?;
    insert.raw_bind_parameter(5, line.currency.as_str())?;
    insert.raw_bind_parameter(6, line.charge_start.as_str())?;
    insert.raw_bind_parameter(7, line.charge_end.as_str())?;
    insert.raw_bind_parameter(8, line.billing_period_start.as_str())?;
    insert.raw_bind_parameter(9, line.charge_category)?;
    insert.raw_bind_parameter(10, line.provider)?;
    insert.raw_bind_parameter(11, line.service_name)?;
    insert.raw_bind_parameter(12, line.service_category)?;
    insert.raw_bind_parameter(13, line.sub_account_id)?;
    insert.raw_bind_parameter(14, line.resource_id)?;
    insert.raw_bind_parameter(15, line.resource_name)?;
    insert.raw_bind_parameter(16, line.region_id)?;
    insert.raw_bind_parameter(17, line.sku_id)?;
    insert.raw_bind_parameter(18, line.consumed_quantity.as_ref().map(|q| q.text.as_ref()))?;
    insert.raw_bind_parameter(19, line.consumed_unit)?;
    insert.raw_bind_parameter(20, line.tags)?;
    insert.raw_bind_parameter(21, stamp)?;
    Ok(())
}

fn add_total(totals: &mut Vec<MonthTotal>, month: &str, currency: &str, line: &Line<'_>) {
    let at = match totals
        .iter()
        .position(|t| t.month == month && t.currency == currency)
    {
        Some(at) => at,
        None => {
            totals.push(MonthTotal {
                month: month.to_string(),
                currency: currency.to_string(),
                lines: 0,
                billed_cost: Amount::ZERO,
                effective_cost: Amount::ZERO,
            });
            totals.len() - 1
        }
    };
    let total = &mut totals[at];
    total.lines += 1;
    total.billed_cost.0 += line.billed.value;
    total.effective_cost.0 += line.effective.value;
}

const SCIENTIFIC: &str = "number in scientific notation; read exactly";

/// An exact decimal from the cell; `required` refuses an empty value.
fn number<'a>(cells: &mut Cells<'a>, index: usize, required: bool) -> Result<Number<'a>> {
    let text = if required {
        cells.required(index)?
    } else {
        cells.optional(Some(index))?
    };
    match parse_decimal(text) {
        Ok((value, false)) => Ok(Number {
            value,
            text: text.into(),
        }),
        Ok((value, true)) => {
            cells.warn(index, SCIENTIFIC, text);
            Ok(Number {
                value,
                text: Amount(value).to_string().into(),
            })
        }
        Err(reason) => Err(cells.error(index, text, reason)),
    }
}

/// Reads plain (`-12.50`) or scientific (`1.5E-7`) notation exactly; `true` for scientific.
/// Refuses what a decimal cannot hold exactly rather than rounding money.
pub fn parse_decimal(text: &str) -> std::result::Result<(Decimal, bool), &'static str> {
    const NOT_A_NUMBER: &str =
        "not a number; write it like 12.50 (a dot for decimals, no thousands separators)";
    let bytes = text.as_bytes();
    let unsigned = match bytes.first() {
        Some(b'-' | b'+') => &bytes[1..],
        _ => bytes,
    };
    let (mantissa, exponent) = match unsigned.iter().position(|b| *b == b'e' || *b == b'E') {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.iter().position(|b| *b == b'.') {
        Some(at) => (&mantissa[..at], &mantissa[at + 1..]),
        None => (mantissa, &mantissa[mantissa.len()..]),
    };
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) {
        return Err(NOT_A_NUMBER);
    }
    if let Some(exponent) = exponent {
        let exponent = exponent
            .strip_prefix(b"-")
            .or(exponent.strip_prefix(b"+"))
            .unwrap_or(exponent);
        if exponent.is_empty() || !digits(exponent) {
            return Err(NOT_A_NUMBER);
        }
        return Decimal::from_scientific(text)
            .map(|d| (d, true))
            .map_err(|_| "cannot be held exactly (too large or too many digits)");
    }
    let fraction_digits =
        fraction.len() - fraction.iter().rev().take_while(|b| **b == b'0').count();
    let whole_digits = whole.len() - whole.iter().take_while(|b| **b == b'0').count();
    if fraction_digits > 28 || whole_digits + fraction_digits > 28 {
        return Err("has more than 28 significant digits, which cannot be held exactly");
    }
    Decimal::from_str(text)
        .map(|d| (d, false))
        .map_err(|_| "cannot be held exactly (too large)")
}

fn currency(cells: &mut Cells<'_>, index: usize) -> Result<Code> {
    let text = cells.required(index)?;
    match text.as_bytes() {
        [a, b, c] if text.bytes().all(|b| b.is_ascii_alphabetic()) => {
            if !text.bytes().all(|b| b.is_ascii_uppercase()) {
                cells.warn(
                    index,
                    "currency code in lower case; read in upper case",
                    text,
                );
            }
            Ok(Code([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ]))
        }
        _ => Err(cells.error(
            index,
            text,
            "not a three-letter ISO 4217 currency code like USD",
        )),
    }
}

fn timestamp(cells: &mut Cells<'_>, index: usize) -> Result<Instant> {
    let text = cells.required(index)?;
    let (instant, quirks) =
        parse_instant(text).map_err(|reason| cells.error(index, text, reason))?;
    for quirk in quirks.into_iter().flatten() {
        cells.warn(index, quirk, text);
    }
    Ok(instant)
}

const NO_ZONE: &str = "timestamp without a time zone; read as UTC";
const DATE_ONLY: &str = "date without a time; read as 00:00:00 UTC";
const OFFSET: &str = "timestamp with a UTC offset; converted to UTC";
const FRACTION: &str = "fractional seconds; dropped";

/// Reads `2024-09-01T00:00:00Z` (the spec) and the shapes real exports use instead: a space
/// for `T`, no zone (read as UTC), an offset, fractional seconds, a bare date. Returns the
/// UTC instant and what had to be interpreted.
fn parse_instant(
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
    put(0, 4, at.year().clamp(0, 9999) as u32);
    put(5, 2, at.month());
    put(8, 2, at.day());
    put(11, 2, at.hour());
    put(14, 2, at.minute());
    put(17, 2, at.second());
    Instant(out)
}

const TAG_KEY_SPACES: &str = "tag key with spaces around it; allocation rules match it trimmed";

/// Tags texts already checked, with their keys that have spaces around them: exports repeat
/// the same tags for every charge of a resource, so each distinct text is parsed once while
/// every row is still counted. Bounded: cleared when it holds `TAGS_SEEN_MAX` texts.
#[derive(Default)]
struct TagsSeen(HashMap<String, Vec<String>>);

const TAGS_SEEN_MAX: usize = 4096;

/// The Tags cell as JSON object text (`{}` when empty).
fn tags<'a>(cells: &mut Cells<'a>, index: Option<usize>, seen: &mut TagsSeen) -> Result<&'a str> {
    let text = cells.optional(index)?;
    let Some(index) = index.filter(|_| !text.is_empty()) else {
        return Ok("{}");
    };
    if !seen.0.contains_key(text) {
        let parsed: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| cells.error(index, text, &format!("Tags is not valid JSON: {e}")))?;
        let serde_json::Value::Object(map) = parsed else {
            return Err(cells.error(
                index,
                text,
                "Tags must be a JSON object like {\"team\": \"search\"}",
            ));
        };
        if seen.0.len() >= TAGS_SEEN_MAX {
            seen.0.clear();
        }
        let spaced = map
            .keys()
            .filter(|k| k.trim() != k.as_str())
            .cloned()
            .collect();
        seen.0.insert(text.to_string(), spaced);
    }
    for key in seen.0.get(text).into_iter().flatten() {
        cells.warn(index, TAG_KEY_SPACES, key);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
