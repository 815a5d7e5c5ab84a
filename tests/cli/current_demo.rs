//! The demo made on a given day (`init --demo --today`) and a new organisation's getting-started
//! checklist, end to end through the built binary.

use crate::support::{fails, ok, read_csv};

#[test]
fn a_demo_made_on_a_day_bills_through_the_month_before_and_reads_the_same() {
    let home = tempfile::tempdir().unwrap();
    let later = home.path().join("later.db");
    let reference = home.path().join("reference.db");
    let (later, reference) = (later.to_str().unwrap(), reference.to_str().unwrap());
    ok(
        home.path(),
        &["--db", later, "init", "--demo", "--today", "2027-05-20"],
    );
    ok(
        home.path(),
        &["--db", reference, "init", "--demo", "--today", "2026-11-16"],
    );

    let out = home.path().join("csv");
    ok(
        home.path(),
        &[
            "--db",
            later,
            "export",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let (header, rows) = read_csv(&out.join("cost_lines.csv"));
    let start = header
        .iter()
        .position(|h| h == "ChargePeriodStart")
        .unwrap();
    let months: std::collections::BTreeSet<String> =
        rows.iter().map(|r| r[start][..7].to_string()).collect();
    assert_eq!(months.first().map(String::as_str), Some("2026-05"));
    assert_eq!(months.last().map(String::as_str), Some("2027-04"));

    // The same headline figures, six months on: only the dates differ.
    let later_summary = ok(
        home.path(),
        &["--db", later, "--today", "2027-05-20", "summary"],
    );
    let reference_summary = ok(
        home.path(),
        &["--db", reference, "--today", "2026-11-16", "summary"],
    );
    let spend = |summary: &str| -> String {
        let line = summary
            .lines()
            .find(|l| l.starts_with("Spend "))
            .unwrap()
            .to_string();
        line.split_once(": ")
            .unwrap()
            .1
            .split(" (")
            .next()
            .unwrap()
            .to_string()
    };
    assert!(later_summary.contains("Spend 2027-04: "), "{later_summary}");
    assert!(
        reference_summary.contains("Spend 2026-10: "),
        "{reference_summary}"
    );
    assert_eq!(spend(&later_summary), spend(&reference_summary));
    assert!(
        !spend(&later_summary).starts_with("0.00"),
        "{later_summary}"
    );
    assert!(later_summary.starts_with("Northwind Analytics — FY2027-Q3 (as of 2027-05-20)"));
    let heads = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("Heads:"))
            .unwrap()
            .to_string()
    };
    assert_eq!(heads(&later_summary), heads(&reference_summary));
    assert!(
        !later_summary.contains("Getting started"),
        "the demo has every step done"
    );

    let bad = fails(
        home.path(),
        &["--db", later, "--today", "2027-02-30", "summary"],
    );
    assert!(bad.contains("--today"), "{bad}");
}

#[test]
fn a_new_organisation_gets_a_checklist_that_ticks_as_it_fills() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("new.db");
    let db = db.to_str().unwrap();
    ok(home.path(), &["--db", db, "init", "--name", "Acme ML"]);
    let summary = ok(home.path(), &["--db", db, "summary"]);
    assert!(
        summary
            .contains("Getting started: 0 of 6 done\n  [ ] Add your teams\n  [ ] Add positions\n"),
        "{summary}"
    );
    assert!(
        summary.contains("  [ ] Import a cloud bill\n  [ ] Set KPI targets\n"),
        "{summary}"
    );

    ok(
        home.path(),
        &[
            "--db",
            db,
            "import",
            "focus",
            crate::support::fixture("focus/focus-1.1-minimal.csv")
                .to_str()
                .unwrap(),
        ],
    );
    let summary = ok(home.path(), &["--db", db, "summary"]);
    assert!(
        summary.contains("Getting started: 1 of 6 done"),
        "{summary}"
    );
    assert!(summary.contains("  [x] Import a cloud bill ("), "{summary}");
}
