//! The import benchmark of issue 4, run by hand (it writes about 0.7 GB):
//! `cargo test --release -p quartermaster-core --test core -- --ignored --nocapture bench_import_of_a_million_rows`
//! Set `QM_BENCH_ROWS` for another size, `QM_BENCH_PARQUET=1` to import the rows as Parquet.

use quartermaster_core::bench::import::bench_import;

use crate::support::now;

#[test]
#[ignore = "benchmark: about a minute and 0.7 GB of disk; run by hand in release mode"]
fn bench_import_of_a_million_rows() {
    let rows = std::env::var("QM_BENCH_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let parquet = std::env::var_os("QM_BENCH_PARQUET").is_some();
    let report = bench_import(dir.path(), rows, parquet, now()).unwrap();
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
    assert!(
        report.totals_exact,
        "imported sums differ from the generated file's"
    );
}
