//! Synthetic FOCUS files for the import benchmark (`bench::import`) and property tests: a fixed seed always gives
//! the same file, with every FOCUS 1.0 column, hourly charges per resource, model/team/workload
//! tags, optional real-world quirks, and the exact totals the file must import to.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use rust_decimal::Decimal;

use crate::{Error, Result};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthOptions {
    pub rows: u64,
    pub seed: u64,
    /// Billing months covered, starting `first_month` months after 2025-01; rows are spread
    /// evenly and in order.
    pub months: u32,
    pub first_month: u32,
    /// Distinct resources charged (each belongs to one model and workload).
    pub resources: u32,
    /// Write real-world quirks: bare NULLs, `2024-09-18 22:00:00` timestamps, quoted numbers,
    /// a BOM and CRLF line ends, scientific notation — chosen by the seed.
    pub quirks: bool,
}

impl SynthOptions {
    /// A realistic shape for `rows` rows: a year of hourly charges over 400 resources.
    pub fn realistic(rows: u64, seed: u64) -> SynthOptions {
        SynthOptions {
            rows,
            seed,
            months: 12,
            first_month: 0,
            resources: 400,
            quirks: false,
        }
    }
}

/// Exact sums the generated file holds per billing month (`YYYY-MM`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SynthTotals {
    pub per_month: BTreeMap<String, (Decimal, Decimal, i64)>,
}

/// The cost tags of the generated models, in the `model` tag of every line.
pub const MODEL_TAGS: &[&str] = &[
    "ranker", "embedder", "fraud", "forecast", "search", "churn", "vision", "speech",
];

const HEADER: &str = "AvailabilityZone,BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,CommitmentDiscountCategory,CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountStatus,CommitmentDiscountType,ConsumedQuantity,ConsumedUnit,ContractedCost,ContractedUnitPrice,EffectiveCost,InvoiceIssuerName,ListCost,ListUnitPrice,PricingCategory,PricingQuantity,PricingUnit,ProviderName,PublisherName,RegionId,RegionName,ResourceId,ResourceName,ResourceType,ServiceCategory,ServiceName,SkuId,SkuPriceId,SubAccountId,SubAccountName,Tags,x_Generator";

/// splitmix64: tiny, fast and good enough for test data; no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }
}

/// Writes a FOCUS 1.0 CSV to `out` and returns its exact totals.
pub fn write_focus(out: &mut dyn Write, options: SynthOptions) -> io::Result<SynthTotals> {
    let mut rng = Rng(options.seed);
    let quirk = |rng: &mut Rng, one_in: u64| options.quirks && rng.chance(one_in);
    let crlf = options.quirks && options.seed % 2 == 1;
    let end = if crlf { "\r\n" } else { "\n" };
    if options.quirks && options.seed % 3 == 2 {
        out.write_all("\u{feff}".as_bytes())?;
    }
    write!(out, "{HEADER}{end}")?;
    let mut totals = SynthTotals::default();
    let months = options.months.max(1) as u64;
    for i in 0..options.rows {
        let month_index = options.first_month as u64 + i * months / options.rows.max(1);
        let (year, month) = (2025 + month_index / 12, month_index % 12 + 1);
        let (next_year, next_month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let resource = rng.below(options.resources.max(1) as u64);
        let model = MODEL_TAGS[resource as usize % MODEL_TAGS.len()];
        let workload = ["inference", "training", "storage"][(resource / 8 % 3) as usize];
        let (service, category, unit) = match workload {
            "inference" => ("Amazon SageMaker", "AI and Machine Learning", "Hours"),
            "training" => ("Amazon EC2", "Compute", "Hours"),
            _ => ("Amazon S3", "Storage", "GB-Mo"),
        };
        let day = rng.below(28) + 1;
        let hour = rng.below(23);
        let credit = rng.chance(500);
        let units = rng.below(50_000_000) as i64;
        let billed = Decimal::new(if credit { -units } else { units }, 8);
        let effective = Decimal::new(
            billed.mantissa() as i64 * (70 + rng.below(31) as i64) / 100,
            8,
        );
        let list = Decimal::new(units + rng.below(1000) as i64, 8);
        let sum = totals
            .per_month
            .entry(format!("{year:04}-{month:02}"))
            .or_default();
        sum.0 += billed;
        sum.1 += effective;
        sum.2 += 1;
        let stamp = |rng: &mut Rng, y: u64, m: u64, d: u64, h: u64| {
            if quirk(rng, 2) {
                format!("\"{y:04}-{m:02}-{d:02} {h:02}:00:00\"")
            } else {
                format!("{y:04}-{m:02}-{d:02}T{h:02}:00:00Z")
            }
        };
        let number = |rng: &mut Rng, value: Decimal| {
            if quirk(rng, 5) {
                format!("\"{value}\"")
            } else if quirk(rng, 50) && !value.is_zero() {
                format!("{}E-8", value.mantissa())
            } else {
                value.to_string()
            }
        };
        let null = |rng: &mut Rng, value: &str| {
            if quirk(rng, 4) {
                "NULL".to_string()
            } else {
                value.to_string()
            }
        };
        let team = ["search", "platform", "data", "risk"][resource as usize % 4];
        let tags = format!(
            "\"{{\"\"model\"\": \"\"{model}\"\", \"\"team\"\": \"\"{team}\"\", \"\"workload\"\": \"\"{workload}\"\"}}\""
        );
        let charge_start = stamp(&mut rng, year, month, day, hour);
        let charge_end = stamp(&mut rng, year, month, day, hour + 1);
        let billing_start = stamp(&mut rng, year, month, 1, 0);
        let billing_end = stamp(&mut rng, next_year, next_month, 1, 0);
        let billed_text = number(&mut rng, billed);
        let effective_text = number(&mut rng, effective);
        let list_text = number(&mut rng, list);
        let resource_name = null(&mut rng, &format!("{model}-{workload}-{resource}"));
        let region = null(&mut rng, "us-east-1");
        write!(
            out,
            "us-east-1a,{billed_text},\"1234567890123\",\"SunBird\",USD,{billing_end},{billing_start},{charge},NULL,\
             \"{service} {workload}, hourly\",Usage-Based,{charge_end},{charge_start},NULL,NULL,NULL,NULL,NULL,\
             {quantity},{unit},0.00000000,0.00000000,{effective_text},\"Amazon Web Services, Inc.\",{list_text},\"0.0004\",\
             Standard,{quantity},{unit},AWS,\"Amazon Web Services, Inc.\",{region},\"US East (N. Virginia)\",\
             \"arn:aws:{workload}:us-east-1:{account}:resource/{model}-{resource}\",{resource_name},{workload},{category},\
             {service},SKU{sku},SKU{sku}.PRICE,\"{account}\",\"Account {account}\",{tags},{seed}{end}",
            charge = if credit { "Credit" } else { "Usage" },
            quantity = units % 1000,
            account = 100_000_000_000u64 + resource % 7,
            sku = resource % 40,
            seed = options.seed,
        )?;
    }
    Ok(totals)
}

/// Writes the file at `path` (gzipped when the name ends in `.gz`) and returns its totals.
pub fn write_focus_file(path: &Path, options: SynthOptions) -> Result<SynthTotals> {
    let io_error = |e: io::Error| Error::io(path.display(), e);
    let file = File::create(path).map_err(io_error)?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut gz =
            flate2::write::GzEncoder::new(BufWriter::new(file), flate2::Compression::fast());
        let totals = write_focus(&mut gz, options).map_err(io_error)?;
        gz.finish().map_err(io_error)?.flush().map_err(io_error)?;
        Ok(totals)
    } else {
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let totals = write_focus(&mut out, options).map_err(io_error)?;
        out.flush().map_err(io_error)?;
        Ok(totals)
    }
}
