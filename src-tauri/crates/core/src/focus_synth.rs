//! Synthetic FOCUS files for the import benchmark and property tests: a fixed seed always gives
//! the same file, with every FOCUS 1.0 column, hourly charges per resource, model/team/workload
//! tags, optional real-world quirks, and the exact totals the file must import to.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::finops::{AllocationRule, Category, MatchOn};
use crate::import::ImportOptions;
use crate::org::{Team, TeamKind};
use crate::portfolio::{Lifecycle, Model, RiskLevel, Serving};
use crate::settings::Settings;
use crate::store::entity::{self, Timestamp};
use crate::{focus, setup, unit_cost, Error, Result, Store};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthOptions {
    pub rows: u64,
    pub seed: u64,
    /// Billing months covered, starting 2025-01; rows are spread evenly and in order.
    pub months: u32,
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
        let month_index = i * months / options.rows.max(1);
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

/// Figures of one benchmark run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchReport {
    pub rows: u64,
    pub file_bytes: u64,
    pub import_seconds: f64,
    pub rows_per_second: f64,
    /// `sqlite3 -csv … ".import FILE raw"` of the same file into a new untyped table; `None`
    /// when the sqlite3 command-line tool is not installed.
    pub sqlite3_import_seconds: Option<f64>,
    /// Peak resident memory of this process so far (Linux `VmHWM`), in MiB.
    pub peak_memory_mib: Option<f64>,
    /// The per-model unit-cost query over all months: first run, and best of five.
    pub unit_cost_first_ms: f64,
    pub unit_cost_best_ms: f64,
    pub unit_cost_rows: usize,
    /// Everything the FinOps unit-costs page shows for the latest month, best of five.
    pub unit_cost_page_best_ms: f64,
    /// Whether the imported per-month sums equal the generator's exactly.
    pub totals_exact: bool,
}

/// Generates `rows` synthetic FOCUS rows in `dir`, imports them into a new organisation file
/// there, times the unit-cost query, and times the sqlite3 tool's `.import` of the same file.
/// Wall-clock timing is the point here, so this reads the clock; business logic still gets `now`.
pub fn bench_import(dir: &Path, rows: u64, now: Timestamp) -> Result<BenchReport> {
    let csv_path = dir.join("bench-focus.csv");
    let totals = write_focus_file(&csv_path, SynthOptions::realistic(rows, 42))?;
    let file_bytes = std::fs::metadata(&csv_path)
        .map_err(|e| Error::io(csv_path.display(), e))?
        .len();
    let db_path = dir.join("bench.db");
    remove_database(&db_path);
    let mut store = Store::open(&db_path)?;
    store.with_tx(|tx| seed_bench_org(tx, now))?;

    let started = Instant::now();
    let imported = focus::import_file(&mut store, &csv_path, ImportOptions::default(), now, None)?;
    let import_seconds = started.elapsed().as_secs_f64();
    let totals_exact = imported.totals.iter().all(|t| {
        totals.per_month.get(&t.month) == Some(&(t.billed_cost.0, t.effective_cost.0, t.lines))
    }) && imported.totals.len() == totals.per_month.len();

    let mut timings = Vec::new();
    let mut unit_cost_rows = 0;
    for _ in 0..5 {
        let started = Instant::now();
        unit_cost_rows = unit_cost::unit_costs(store.conn(), None)?.rows.len();
        timings.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let page_ms = (0..5)
        .map(|_| {
            let started = Instant::now();
            unit_cost::unit_costs_page(store.conn(), None)
                .map(|_| started.elapsed().as_secs_f64() * 1000.0)
        })
        .collect::<Result<Vec<f64>>>()?;
    let peak_memory_mib = peak_memory_mib();
    let sqlite3_import_seconds = sqlite3_import(dir, &csv_path);
    Ok(BenchReport {
        rows,
        file_bytes,
        import_seconds,
        rows_per_second: rows as f64 / import_seconds.max(f64::EPSILON),
        sqlite3_import_seconds,
        peak_memory_mib,
        unit_cost_first_ms: timings[0],
        unit_cost_best_ms: timings.iter().copied().fold(f64::INFINITY, f64::min),
        unit_cost_rows,
        unit_cost_page_best_ms: page_ms.iter().copied().fold(f64::INFINITY, f64::min),
        totals_exact,
    })
}

/// Settings, teams, one model per generated tag, and the three workload rules of the demo.
fn seed_bench_org(conn: &rusqlite::Connection, now: Timestamp) -> Result<()> {
    setup::new_organisation(conn, &Settings::new("Benchmark", 1, "USD")?, now)?;
    let team = entity::insert(
        conn,
        Team {
            id: 0,
            name: "ML".into(),
            kind: TeamKind::Applied,
            domain: String::new(),
            parent_id: None,
            ktlo_percent: 20,
            leave_percent: 10,
        },
        now,
    )?;
    for tag in MODEL_TAGS {
        entity::insert(conn, bench_model(tag, team.id), now)?;
    }
    for (priority, (workload, category)) in [
        ("training", Category::Training),
        ("inference", Category::Inference),
        ("storage", Category::Storage),
    ]
    .into_iter()
    .enumerate()
    {
        let rule = AllocationRule {
            id: 0,
            priority: priority as i64,
            match_on: MatchOn::Tag,
            tag_key: "workload".into(),
            pattern: workload.into(),
            model_id: None,
            team_id: None,
            category,
        };
        entity::insert(conn, rule, now)?;
    }
    Ok(())
}

fn bench_model(tag: &str, team_id: i64) -> Model {
    Model {
        id: 0,
        name: tag.to_string(),
        product_area: String::new(),
        owner_team_id: Some(team_id),
        tier: 2,
        lifecycle: Lifecycle::Production,
        serving: Serving::Online,
        business_kpi: String::new(),
        has_cicd: true,
        has_monitoring: true,
        has_lineage: true,
        has_model_card: true,
        last_readiness_review: None,
        risk_level: RiskLevel::Low,
        cost_tag: tag.to_string(),
    }
}

fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Seconds the sqlite3 tool takes to `.import` the file into a new (untyped) table.
fn sqlite3_import(dir: &Path, csv_path: &Path) -> Option<f64> {
    let db = dir.join("sqlite3-import.db");
    remove_database(&db);
    let started = Instant::now();
    let status = std::process::Command::new("sqlite3")
        .arg(&db)
        .arg(format!(".import --csv {} raw", csv_path.display()))
        .status()
        .ok()?;
    let seconds = started.elapsed().as_secs_f64();
    status.success().then_some(seconds)
}

/// Peak resident memory of this process (Linux only).
pub fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
