//! The CLI as a user or a finance script drives it: init, export, errors; `backups` in its
//! own module.

mod backups;

mod current_demo;

mod focus;

mod history;

mod import_records;

use std::fs;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::support::{
    chart_titles, fails, fixture, html_cells, ok, read_csv, read_xlsx, run, sheet, xlsx_formula,
};
use quartermaster_core::demo::REFERENCE_DAY;

const REQUIRED_FILES: &[&str] = &[
    "teams.csv",
    "positions.csv",
    "models.csv",
    "initiatives.csv",
    "cost_lines.csv",
    "usage.csv",
    "budgets.csv",
    "requisitions.csv",
    "candidates.csv",
    "interviews.csv",
    "scorecards.csv",
    "kpis.csv",
    "kpi_values.csv",
    "incidents.csv",
    "risks.csv",
    "audit_log.csv",
];

#[test]
fn version_and_help_on_every_subcommand() {
    let home = tempfile::tempdir().unwrap();
    let version = ok(home.path(), &["--version"]);
    assert_eq!(
        version.trim(),
        format!("quartermaster {}", env!("CARGO_PKG_VERSION"))
    );
    for args in [
        &["--help"][..],
        &["init", "--help"],
        &["export", "--help"],
        &["export", "csv", "--help"],
        &["summary", "--help"],
    ] {
        let help = ok(home.path(), args);
        assert!(help.contains("Usage: quartermaster"), "{args:?}: {help}");
    }
}

#[test]
fn demo_export_is_deterministic_and_sums_match_the_database() {
    let home = tempfile::tempdir().unwrap();
    let mut exports = Vec::new();
    for name in ["a", "b"] {
        let db = home.path().join(format!("{name}.db"));
        let out = home.path().join(format!("export-{name}"));
        ok(
            home.path(),
            &[
                "--db",
                db.to_str().unwrap(),
                "init",
                "--demo",
                "--today",
                REFERENCE_DAY,
            ],
        );
        ok(
            home.path(),
            &[
                "--db",
                db.to_str().unwrap(),
                "export",
                "csv",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        exports.push((db, out));
    }
    for file in REQUIRED_FILES {
        let a = fs::read(exports[0].1.join(file)).unwrap();
        let b = fs::read(exports[1].1.join(file)).unwrap();
        assert!(a == b, "{file} differs between two demo runs");
        let (header, rows) = read_csv(&exports[0].1.join(file));
        assert!(
            header.first().map(String::as_str) == Some("id"),
            "{file} header: {header:?}"
        );
        assert!(!rows.is_empty(), "{file} is empty");
    }

    let (db, out) = &exports[0];
    let conn = rusqlite::Connection::open(db).unwrap();

    // Cost lines: FOCUS names, exact decimal sums equal to the database's.
    let (header, rows) = read_csv(&out.join("cost_lines.csv"));
    for column in [
        "BilledCost",
        "EffectiveCost",
        "ListCost",
        "BillingCurrency",
        "ChargePeriodStart",
        "Tags",
    ] {
        assert!(
            header.iter().any(|h| h == column),
            "cost_lines.csv lacks {column}: {header:?}"
        );
    }
    let billed_at = header.iter().position(|h| h == "BilledCost").unwrap();
    let csv_total: Decimal = rows
        .iter()
        .map(|r| Decimal::from_str(&r[billed_at]).unwrap())
        .sum();
    let mut stmt = conn.prepare("SELECT billed_cost FROM cost_line").unwrap();
    let db_total: Decimal = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|t| Decimal::from_str(&t.unwrap()).unwrap())
        .sum();
    assert_eq!(csv_total, db_total);
    assert!(db_total > Decimal::ZERO);

    // Positions: money as a decimal with its currency beside it.
    let (header, rows) = read_csv(&out.join("positions.csv"));
    let cost_at = header
        .iter()
        .position(|h| h == "loaded_cost")
        .expect("loaded_cost column");
    let currency_at = header
        .iter()
        .position(|h| h == "currency")
        .expect("currency column");
    let csv_cost: Decimal = rows
        .iter()
        .map(|r| Decimal::from_str(&r[cost_at]).unwrap())
        .sum();
    let db_cost: i64 = conn
        .query_row("SELECT sum(loaded_cost_minor) FROM position", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(csv_cost, Decimal::new(db_cost, 2));
    assert!(rows.iter().all(|r| r[currency_at] == "USD"));
    let count: i64 = conn
        .query_row("SELECT count(*) FROM position", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows.len() as i64, count);
}

#[test]
fn quoting_round_trips_awkward_text() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("org.db");
    ok(
        home.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "init",
            "--name",
            "Acme, \"ML\"\nOrg",
            "--fy-start-month",
            "2",
        ],
    );
    let out = home.path().join("out");
    ok(
        home.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "export",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let (header, rows) = read_csv(&out.join("settings.csv"));
    let name_at = header.iter().position(|h| h == "org_name").unwrap();
    assert_eq!(rows[0][name_at], "Acme, \"ML\"\nOrg");
    let raw = fs::read_to_string(out.join("settings.csv")).unwrap();
    assert!(
        raw.contains("\"Acme, \"\"ML\"\"\nOrg\""),
        "RFC 4180 quoting: {raw}"
    );
    let (_, kpis) = read_csv(&out.join("kpis.csv"));
    assert_eq!(kpis.len(), 22);
}

#[test]
fn default_database_location_and_environment_override() {
    let home = tempfile::tempdir().unwrap();
    ok(home.path(), &["init", "--name", "Default Org"]);
    assert!(home
        .path()
        .join("data/quartermaster/quartermaster.db")
        .exists());

    let env_db = home.path().join("from-env.db");
    let out = std::process::Command::new(crate::support::binary())
        .args(["init", "--name", "Env Org"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("QUARTERMASTER_DB", &env_db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(env_db.exists());
}

#[test]
fn bad_input_gets_one_clear_error_line_and_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let garbage = home.path().join("notes.db");
    fs::copy(fixture("invalid/not-a-database.db"), &garbage).unwrap();
    let before = fs::read(&garbage).unwrap();
    for args in [
        &["init"][..],
        &["export", "csv", "--out", "x"],
        &["summary"],
    ] {
        let mut full = vec!["--db", garbage.to_str().unwrap()];
        full.extend_from_slice(args);
        let line = fails(home.path(), &full);
        assert!(
            line.contains("notes.db") && line.contains("not a Quartermaster database"),
            "{line}"
        );
    }
    assert_eq!(fs::read(&garbage).unwrap(), before);
    assert!(!home.path().join("x").exists());

    let db = home.path().join("org.db");
    let line = fails(
        home.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "init",
            "--fy-start-month",
            "13",
        ],
    );
    assert_eq!(
        line,
        "error: fiscal_year_start_month: Fiscal year start month must be 1 to 12"
    );
    let line = fails(
        home.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "init",
            "--currency",
            "dollars",
        ],
    );
    assert_eq!(
        line,
        "error: currency: Currency must be a three-letter ISO 4217 code like USD"
    );

    let missing = home.path().join("missing.db");
    let line = fails(
        home.path(),
        &[
            "--db",
            missing.to_str().unwrap(),
            "export",
            "csv",
            "--out",
            "x",
        ],
    );
    assert!(
        line.contains("missing.db") && line.contains("no such database"),
        "{line}"
    );
    assert!(!missing.exists());

    ok(home.path(), &["--db", db.to_str().unwrap(), "init"]);
    let line = fails(
        home.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "init",
            "--demo",
            "--today",
            REFERENCE_DAY,
        ],
    );
    assert!(line.contains("already holds an organisation"), "{line}");
}

#[test]
fn a_newer_database_is_refused_by_the_cli() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("newer.db");
    ok(home.path(), &["--db", db.to_str().unwrap(), "init"]);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 42).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = fs::read(&db).unwrap();
    let line = fails(home.path(), &["--db", db.to_str().unwrap(), "summary"]);
    assert!(line.contains("newer Quartermaster"), "{line}");
    assert_eq!(fs::read(&db).unwrap(), before);
    let status = run(home.path(), &["--db", db.to_str().unwrap(), "summary"]).status;
    assert_eq!(status.code(), Some(1));
}

#[test]
fn billing_import_is_exact_refuses_repeats_and_undoes() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("org.db");
    let db = db.to_str().unwrap();
    ok(home.path(), &["--db", db, "init", "--name", "Billing Org"]);
    let sample = fixture("focus/focus-1.0-sample-trimmed.csv");
    let out = ok(
        home.path(),
        &["--db", db, "import", "focus", sample.to_str().unwrap()],
    );
    assert!(out.contains("179 cost lines"), "{out}");
    assert!(out.contains("BilledCost 0.75477929489"), "{out}");

    // The same bytes again are refused, and nothing changes.
    let line = fails(
        home.path(),
        &["--db", db, "import", "focus", sample.to_str().unwrap()],
    );
    assert!(line.contains("already imported"), "{line}");
    let list = ok(home.path(), &["--db", db, "imports", "list"]);
    assert_eq!(
        list.lines()
            .filter(|l| l.contains("focus-1.0-sample-trimmed.csv"))
            .count(),
        1,
        "{list}"
    );

    let conn = rusqlite::Connection::open(db).unwrap();
    let lines: i64 = conn
        .query_row("SELECT count(*) FROM cost_line", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lines, 179);
    let batch: i64 = conn
        .query_row("SELECT max(id) FROM import_batch", [], |r| r.get(0))
        .unwrap();
    ok(
        home.path(),
        &["--db", db, "imports", "undo", &batch.to_string()],
    );
    let lines: i64 = conn
        .query_row("SELECT count(*) FROM cost_line", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lines, 0);
}

#[test]
fn a_bad_billing_file_names_line_and_column_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("org.db");
    let db = db.to_str().unwrap();
    ok(home.path(), &["--db", db, "init"]);
    let before = ok(home.path(), &["--db", db, "imports", "list"]);
    // The whole line a user reads after the file's path: line, column, reason and value.
    for (file, message) in [
        (
            "invalid/focus-bad-number.csv",
            ", line 4, column BilledCost: not a number; write it like 12.50 (a dot for decimals, no thousands separators) (value \"12,50\")",
        ),
        (
            "invalid/focus-missing-column.csv",
            ", line 1, column EffectiveCost: the required column EffectiveCost is missing from the header (value \"\")",
        ),
        (
            "invalid/focus-truncated.csv.gz",
            ", line 217: the gzip data is truncated or corrupt (incomplete deflate stream) (value \"\")",
        ),
        (
            "invalid/focus-empty.csv",
            ", line 1: the file is empty; there is no header row (value \"\")",
        ),
    ] {
        let path = fixture(file);
        let line = fails(
            home.path(),
            &["--db", db, "import", "focus", path.to_str().unwrap()],
        );
        assert_eq!(line, format!("error: {}{message}", path.display()));
    }
    assert_eq!(ok(home.path(), &["--db", db, "imports", "list"]), before);
}

#[test]
fn capacity_csv_for_the_demo_shows_the_over_committed_team() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("demo.db");
    let db = db.to_str().unwrap();
    ok(
        home.path(),
        &["--db", db, "init", "--demo", "--today", REFERENCE_DAY],
    );
    let out = ok(
        home.path(),
        &[
            "--db",
            db,
            "capacity",
            "--quarter",
            "FY2027-Q2",
            "--format",
            "csv",
        ],
    );
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("team,capacity_pw,demand_pw,balance_pw"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.last().unwrap()[0], "Total");
    let recs = rows
        .iter()
        .find(|r| r[0] == "Recommendations")
        .expect("Recommendations row");
    let balance: f64 = recs[3].parse().unwrap();
    assert!(
        balance < -50.0,
        "Recommendations should be over-committed: {recs:?}"
    );
    let total_demand: f64 = rows.last().unwrap()[2].parse().unwrap();
    let sum: f64 = rows[..rows.len() - 1]
        .iter()
        .map(|r| r[2].parse::<f64>().unwrap())
        .sum();
    assert!(
        (total_demand - sum).abs() < 0.05,
        "total {total_demand} vs sum {sum}"
    );
    let line = fails(
        home.path(),
        &["--db", db, "capacity", "--quarter", "FY27Q2"],
    );
    assert!(line.contains("FY2027-Q1"), "{line}");
}

#[test]
fn executive_report_exports_xlsx_and_the_brief_and_refuses_bad_quarters() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("demo.db");
    let db = db.to_str().unwrap();
    ok(
        home.path(),
        &["--db", db, "init", "--demo", "--today", REFERENCE_DAY],
    );
    let xlsx = home.path().join("report.xlsx");
    ok(
        home.path(),
        &[
            "--db",
            db,
            "report",
            "--quarter",
            "FY2027-Q1",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    let bytes = fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip file");
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("xl/charts/chart1.xml"),
        "native charts are in the workbook"
    );
    // Read back as a spreadsheet shows it, each figure checked against SQL on the file.
    let conn = rusqlite::Connection::open(db).unwrap();
    let book = read_xlsx(&xlsx);
    let names: Vec<&str> = book.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Summary",
            "Portfolio",
            "Headcount",
            "Roadmap",
            "FinOps",
            "Hiring",
            "KPIs"
        ]
    );
    assert!(
        sheet(&book, "Summary")
            .text(0, 0)
            .starts_with("Northwind Analytics: executive report FY2027-Q1 (as of "),
        "{}",
        sheet(&book, "Summary").text(0, 0)
    );
    // Roadmap: the quarter's live initiatives in rank order with their effort, and the total.
    let roadmap = sheet(&book, "Roadmap");
    assert_eq!(roadmap.text(0, 0), "Initiatives, FY2027-Q1");
    let initiatives: Vec<(String, f64)> = conn
        .prepare("SELECT title, effort_pw FROM initiative WHERE quarter = 'FY2027-Q1' AND status <> 'cancelled' ORDER BY rank")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(initiatives.len(), 10);
    let shown: Vec<(String, f64)> = (2..2 + initiatives.len())
        .map(|r| (roadmap.text(r, 1), roadmap.number(r, 5)))
        .collect();
    assert_eq!(shown, initiatives);
    let total = roadmap.row_of("Total");
    assert_eq!(total, 2 + initiatives.len());
    assert_eq!(roadmap.number(total, 5), 188.0, "person-weeks in FY2027-Q1");
    assert_eq!(
        roadmap.number(total, 5),
        initiatives.iter().map(|i| i.1).sum::<f64>()
    );
    assert_eq!(xlsx_formula(&xlsx, "Roadmap", total, 5), "SUM(F3:F12)");
    // FinOps: the quarter's billing month, its lines and effective cost summed exactly by SQL.
    let finops = sheet(&book, "FinOps");
    let (lines, effective): (i64, Decimal) = {
        let mut stmt = conn
            .prepare("SELECT effective_cost FROM cost_line WHERE substr(billing_period_start, 1, 7) = '2026-10'")
            .unwrap();
        let costs: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        (
            costs.len() as i64,
            costs.iter().map(|c| Decimal::from_str(c).unwrap()).sum(),
        )
    };
    assert_eq!(
        (lines, effective),
        (68, Decimal::from_str("345315.3966").unwrap())
    );
    let total = finops.row_of("Total");
    assert_eq!(finops.number(total, 4), lines as f64);
    assert!((finops.number(total, 2) - 345_315.3966).abs() < 1e-6);
    assert_eq!(
        (1..total)
            .filter(|&r| finops.text(r, 0) == "2026-10")
            .count(),
        6,
        "data, inference, other, storage, training, unallocated"
    );
    // Portfolio: every model, by tier then name.
    let portfolio = sheet(&book, "Portfolio");
    let models: Vec<(String, f64)> = conn
        .prepare("SELECT name, tier FROM model ORDER BY tier, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(models.len(), 22);
    let shown: Vec<(String, f64)> = (2..2 + models.len())
        .map(|r| (portfolio.text(r, 0), portfolio.number(r, 3)))
        .collect();
    assert_eq!(shown, models);
    // KPIs: a manual KPI's latest value and the one before, as typed into the store.
    let kpis = sheet(&book, "KPIs");
    let lead = kpis.row_of("Lead time for ML changes");
    assert_eq!(
        (
            kpis.text(lead, 3),
            kpis.number(lead, 4),
            kpis.number(lead, 5)
        ),
        ("2026-10".to_string(), 9.5, 10.5)
    );
    let typed: Vec<f64> = conn
        .prepare("SELECT v.value FROM kpi_value v JOIN kpi k ON k.id = v.kpi_id WHERE k.key = 'lead_time' AND v.period <= '2026-10' ORDER BY v.period DESC LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(typed, [9.5, 10.5]);
    // Hiring: every candidate applied; the hired ones reached the last stage.
    let hiring = sheet(&book, "Hiring");
    let (candidates, hired): (i64, i64) = conn
        .query_row(
            "SELECT count(*), sum(stage = 'hired') FROM candidate",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((candidates, hired), (18, 2));
    assert_eq!(
        hiring.number(hiring.row_of("applied"), 1),
        candidates as f64
    );
    assert_eq!(hiring.number(hiring.row_of("hired"), 1), hired as f64);
    // `report --quarter FY2027-Q1` with `more` arguments.
    let report = |more: &[&str]| -> Vec<String> {
        ["--db", db, "report", "--quarter", "FY2027-Q1"]
            .iter()
            .chain(more)
            .map(|a| a.to_string())
            .collect()
    };
    fn args(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let html = home.path().join("report.html");
    let html_args = report(&["--format", "html", "--out", html.to_str().unwrap()]);
    ok(home.path(), &args(&html_args));
    // html is the quarter's one-page brief: print rules, four charts, the lists from the store.
    let page = fs::read_to_string(&html).unwrap();
    assert!(page.contains("@page{size:A4 landscape") && !page.contains("<script"));
    let cells = html_cells(&page);
    assert!(
        cells.contains("|Northwind Analytics — FY2027-Q1 brief|As of "),
        "{cells:.300}"
    );
    let titles: Vec<String> = chart_titles(&page)
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    let expected = [
        "Spend against budget, FY2027-Q1",
        "Cost per 1k inferences, ",
        "Capacity against demand, FY2026-Q4 to FY2027-Q3",
        "Hiring funnel, all requisitions, as of ",
    ];
    assert_eq!(titles.len(), expected.len(), "{titles:#?}");
    for (title, want) in titles.iter().zip(expected) {
        assert!(title.starts_with(want), "{title:?} is {want:?}");
    }
    // Commitments counted by status as the store holds them.
    let count = |status: &str| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM initiative WHERE quarter = 'FY2027-Q1' AND status = ?1",
            [status],
            |r| r.get(0),
        )
        .unwrap()
    };
    let (delivered, in_progress, committed) =
        (count("delivered"), count("in_progress"), count("committed"));
    let total = delivered + in_progress + committed + count("slipped");
    assert!(
        cells.contains(&format!(
            "Commitments — {total} committed: {delivered} delivered, {in_progress} in progress, {committed} committed"
        )),
        "{cells:.3000}"
    );
    // The worst open risk leads the list.
    let risk: String = conn
        .query_row(
            "SELECT title FROM risk WHERE status <> 'closed' ORDER BY CASE severity WHEN 'critical' THEN 0
             WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, CASE likelihood WHEN 'high' THEN 0
             WHEN 'medium' THEN 1 ELSE 2 END, id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(cells.contains(&format!("|Top risks|{risk}|")), "{risk}");
    // The same brief as PDF, with the appendix: two pages, the scorecard on the second.
    let pdf = home.path().join("brief.pdf");
    let pdf_args = report(&[
        "--format",
        "pdf",
        "--appendix",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    ok(home.path(), &args(&pdf_args));
    assert!(fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let xlsx_args = report(&["--appendix", "--out", xlsx.to_str().unwrap()]);
    let line = fails(home.path(), &args(&xlsx_args));
    assert_eq!(
        line,
        "error: --appendix: only the brief (--format html or pdf) has an appendix"
    );
    let target = home.path().join("bad.xlsx");
    let line = fails(
        home.path(),
        &[
            "--db",
            db,
            "report",
            "--quarter",
            "FY2027-Q9",
            "--out",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(line, "error: --quarter: Quarter must be 1 to 4");
    assert!(!target.exists());
}

#[test]
fn summary_unit_costs_kits_and_erasure_on_the_demo() {
    let home = tempfile::tempdir().unwrap();
    let db_path = home.path().join("demo.db");
    let db = db_path.to_str().unwrap();
    ok(
        home.path(),
        &["--db", db, "init", "--demo", "--today", REFERENCE_DAY],
    );

    let summary = ok(home.path(), &["--db", db, "summary"]);
    assert!(summary.starts_with("Northwind Analytics"), "{summary}");
    assert!(
        summary.contains("Heads: 37 filled, 6 open, 4 planned, 2 leaving"),
        "{summary}"
    );
    assert!(
        summary.contains("Models in production: 12 (tier 1 5, tier 2 5, tier 3 2)"),
        "{summary}"
    );

    let costs = ok(
        home.path(),
        &["--db", db, "finops", "unit-costs", "--month", "2026-10"],
    );
    assert!(costs.starts_with("model,month,currency,spend,"), "{costs}");
    let ranker = costs
        .lines()
        .find(|l| l.starts_with("Search ranker,2026-10,USD,"))
        .expect("ranker row");
    assert!(ranker.contains(",109939471,13,0.482099,310,"), "{ranker}");

    // A kit for an interview whose scorecard is still open; a submitted one is refused.
    let kit = home.path().join("kit.xlsx");
    ok(
        home.path(),
        &[
            "--db",
            db,
            "hiring",
            "kit",
            "--interview",
            "8",
            "--out",
            kit.to_str().unwrap(),
        ],
    );
    assert_eq!(&fs::read(&kit).unwrap()[..2], b"PK");
    // The kit names the interview as the store holds it, one row per focus dimension.
    let book = read_xlsx(&kit);
    let names: Vec<&str> = book.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Kit", "Rating scale"]);
    let sheet = sheet(&book, "Kit");
    let conn = rusqlite::Connection::open(db).unwrap();
    let (candidate, interviewer, exercise): (String, String, String) = conn
        .query_row(
            "SELECT c.name, i.interviewer, i.exercise FROM interview i JOIN candidate c ON c.id = i.candidate_id WHERE i.id = 8",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let head: Vec<(String, String)> = (2..7)
        .map(|r| (sheet.text(r, 0), sheet.text(r, 1)))
        .collect();
    assert_eq!(
        head,
        [
            ("Interview", "8"),
            ("Candidate", candidate.as_str()),
            ("Role", "Senior ML Engineer, Search Relevance"),
            ("Interviewer", interviewer.as_str()),
            ("Exercise", exercise.as_str()),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(
        (candidate.as_str(), interviewer.as_str()),
        ("Jordan Ellis", "Diego Alvarez")
    );
    let focus: Vec<String> = conn
        .prepare("SELECT d.name FROM interview i, json_each(i.focus) f JOIN dimension d ON d.id = f.value WHERE i.id = 8 ORDER BY f.key")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        focus,
        ["Reliability & Operations", "ML Systems & Architecture"]
    );
    let header = sheet.row_of("Dimension");
    let rows: Vec<(String, String)> = (header + 1..header + 1 + focus.len())
        .map(|r| (sheet.text(r, 0), sheet.text(r, 2)))
        .collect();
    assert_eq!(
        rows,
        focus
            .iter()
            .map(|d| (d.clone(), String::new()))
            .collect::<Vec<_>>(),
        "each focus dimension, its rating left blank"
    );
    let refused = home.path().join("refused.xlsx");
    let line = fails(
        home.path(),
        &[
            "--db",
            db,
            "hiring",
            "kit",
            "--interview",
            "1",
            "--out",
            refused.to_str().unwrap(),
        ],
    );
    assert!(line.contains("already submitted"), "{line}");
    assert!(!refused.exists());

    // Erasure removes the name from the file itself and keeps the anonymous count.
    let conn = rusqlite::Connection::open(db).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM candidate WHERE id = 3", [], |r| r.get(0))
        .unwrap();
    let candidates: i64 = conn
        .query_row("SELECT count(*) FROM candidate", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    ok(home.path(), &["--db", db, "candidates", "erase", "3"]);
    let bytes = fs::read(&db_path).unwrap();
    assert!(
        !bytes.windows(name.len()).any(|w| w == name.as_bytes()),
        "{name} is still in the file"
    );
    let conn = rusqlite::Connection::open(db).unwrap();
    let after: i64 = conn
        .query_row("SELECT count(*) FROM candidate", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, candidates);
}

/// Rows of a query, as text, to compare a table before and after a refused import.
fn table_text(db: &str, sql: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let width = stmt.column_count();
    let rows = stmt
        .query_map([], |r| {
            Ok((0..width)
                .map(|i| match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    other => format!("{other:?}"),
                })
                .collect::<Vec<_>>()
                .join("|"))
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn usage_files_and_filled_interview_kits_import_all_or_nothing() {
    let home = tempfile::tempdir().unwrap();
    let db_path = home.path().join("demo.db");
    let db = db_path.to_str().unwrap();
    ok(
        home.path(),
        &["--db", db, "init", "--demo", "--today", REFERENCE_DAY],
    );

    let usage = home.path().join("usage-december.csv");
    fs::write(
        &usage,
        "model,month,inferences,training_runs\nSearch ranker,2026-12,4200000,3\nsearch RANKER,2027-01,4300000,0\n",
    )
    .unwrap();
    let out = ok(
        home.path(),
        &["--db", db, "import", "usage", usage.to_str().unwrap()],
    );
    assert!(out.contains("2 usage rows"), "{out}");
    let stored = table_text(
        db,
        "SELECT u.month, u.inferences, u.training_runs FROM usage u JOIN model m ON m.id = u.model_id
         WHERE m.name = 'Search ranker' AND u.month >= '2026-12' ORDER BY u.month",
    );
    assert_eq!(
        stored,
        [
            "2026-12|Integer(4200000)|Integer(3)",
            "2027-01|Integer(4300000)|Integer(0)"
        ]
    );
    let line = fails(
        home.path(),
        &["--db", db, "import", "usage", usage.to_str().unwrap()],
    );
    assert!(
        line.contains("usage-december.csv") && line.contains("--replace"),
        "{line}"
    );

    let before = table_text(db, "SELECT * FROM usage ORDER BY id");
    let bad = home.path().join("usage-bad-number.csv");
    fs::write(
        &bad,
        "model,month,inferences,training_runs\nSearch ranker,2027-02,100,1\nSearch ranker,2027-03,\"1,000\",3\n",
    )
    .unwrap();
    let line = fails(
        home.path(),
        &["--db", db, "import", "usage", bad.to_str().unwrap()],
    );
    assert!(
        line.contains("usage-bad-number.csv") && line.contains("line 3") && line.contains("1,000"),
        "{line}"
    );
    assert_eq!(table_text(db, "SELECT * FROM usage ORDER BY id"), before);

    // A kit the panelist filled: every focus dimension rated, evidence where required.
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut kit = quartermaster_core::hiring::interview_kit::kit_content(&conn, 8).unwrap();
    drop(conn);
    let rows = kit.dimensions.len();
    kit.answers.ratings = (0..rows)
        .map(|i| {
            (
                Some(if i == 0 { 5 } else { 4 }),
                format!("Walked through design choice {i}"),
            )
        })
        .collect();
    kit.answers.strong_signals = "Clear cost reasoning".into();
    kit.answers.recommendation = "Strong yes".into();
    let filled = home.path().join("kit-filled.xlsx");
    quartermaster_report::kit::write_kit(&filled, &kit).unwrap();

    // The same kit with a rating of 5 but no evidence is refused, naming its sheet and cell.
    let mut careless = kit.clone();
    careless.answers.ratings[0].1.clear();
    let unfilled = home.path().join("kit-careless.xlsx");
    quartermaster_report::kit::write_kit(&unfilled, &careless).unwrap();
    let cards = "SELECT * FROM scorecard ORDER BY id";
    let before = table_text(db, cards);
    let line = fails(
        home.path(),
        &[
            "--db",
            db,
            "import",
            "scorecards",
            unfilled.to_str().unwrap(),
        ],
    );
    // The evidence cell of the first dimension's row, as a spreadsheet names it.
    assert_eq!(
        line,
        format!(
            "error: {}, column Kit!D14: Reliability & Operations: Ratings of 1, 2 and 5 need written evidence (value \"\")",
            unfilled.display()
        )
    );
    assert_eq!(table_text(db, cards), before);

    ok(
        home.path(),
        &["--db", db, "import", "scorecards", filled.to_str().unwrap()],
    );
    let card = table_text(
        db,
        "SELECT recommendation, submitted_at IS NOT NULL FROM scorecard WHERE interview_id = 8",
    );
    assert_eq!(card, ["strong_yes|Integer(1)"]);
    let ratings = table_text(
        db,
        &format!(
            "SELECT r.dimension_id = {}, r.score FROM rating r JOIN scorecard s ON s.id = r.scorecard_id
             WHERE s.interview_id = 8 ORDER BY r.dimension_id = {} DESC",
            kit.dimensions[0].id, kit.dimensions[0].id
        ),
    );
    assert_eq!(ratings.len(), rows);
    assert_eq!(ratings[0], "Integer(1)|Integer(5)");
}

#[test]
fn bench_import_reports_exact_totals_that_the_file_holds() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("bench");
    let out = ok(
        home.path(),
        &[
            "bench",
            "import",
            "--rows",
            "3000",
            "--dir",
            dir.to_str().unwrap(),
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["rows"], serde_json::json!(3000));
    assert_eq!(report["format"], serde_json::json!("csv"));
    assert_eq!(report["totals_exact"], serde_json::json!(true), "{out}");
    // Checked here too: the scratch file's lines, summed from the CSV, are the database's.
    let (header, rows) = read_csv(&dir.join("bench-focus.csv"));
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (month, cost) = (at("BillingPeriodStart"), at("EffectiveCost"));
    let mut from_file: std::collections::BTreeMap<String, (Decimal, i64)> = Default::default();
    for row in &rows {
        let sum = from_file.entry(row[month][..7].to_string()).or_default();
        sum.0 += Decimal::from_str(&row[cost]).unwrap();
        sum.1 += 1;
    }
    assert_eq!(rows.len(), 3000);
    assert_eq!(from_file.len(), 12, "a year of months");
    let conn = rusqlite::Connection::open(dir.join("bench.db")).unwrap();
    let mut stored: std::collections::BTreeMap<String, (Decimal, i64)> = Default::default();
    let mut stmt = conn
        .prepare("SELECT substr(billing_period_start, 1, 7), effective_cost FROM cost_line")
        .unwrap();
    for row in stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
    {
        let (month, cost) = row.unwrap();
        let sum = stored.entry(month).or_default();
        sum.0 += Decimal::from_str(&cost).unwrap();
        sum.1 += 1;
    }
    assert_eq!(stored, from_file);
}
