//! Tests of the brief: its content against the store, and its pages as readers get them — the
//! HTML printed by headless Chromium and the PDF made here, counted with poppler's `pdfinfo`,
//! fonts checked with `pdffonts` and text read back with `pdftotext` — on the demo and at 10×.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use quartermaster_core::values::quarter::FiscalQuarter;
use quartermaster_core::Store;

use super::*;
use crate::test_support::ten_times_demo;

fn q1() -> FiscalQuarter {
    "FY2027-Q1".parse().unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
}

fn demo() -> Store {
    quartermaster_core::demo::in_memory().unwrap()
}

fn count(conn: &Connection, sql: &str) -> usize {
    conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize
}

/// Runs a tool that CI installs (`.ci/deps.sh`), with a clear message when it is missing.
fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} is needed for this test (installed by .ci/deps.sh): {e}")
        });
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Pages of a PDF file, as `pdfinfo` reads them.
fn pages(pdf: &Path) -> usize {
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap()
}

/// Prints `html` to PDF with headless Chromium, as a reader's browser would.
fn chromium_print(html: &Path, pdf: &Path, profile: &Path) {
    run(
        "chromium",
        &[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", html.display()),
        ],
    );
}

#[test]
fn the_demo_brief_shows_tiles_charts_commitments_risks_and_decisions() {
    let store = demo();
    let conn = store.conn();
    let brief = build(conn, q1(), today(), false).unwrap();
    assert_eq!(brief.title, "Northwind Analytics — FY2027-Q1 brief");
    assert_eq!(brief.as_of, today());
    assert_eq!(
        brief
            .tiles
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        [
            "Roadmap predictability",
            "Cost per 1k inferences",
            "Inference availability",
            "Time to mitigate",
            "Models with automated CI/CD",
            "Hiring cycle time",
        ]
    );
    for tile in &brief.tiles {
        assert_eq!(tile.status_word, status_word(tile.status), "{}", tile.name);
        assert!(
            tile.sparkline.iter().flatten().count() >= 1,
            "{}",
            tile.name
        );
    }
    let titles: Vec<&str> = brief
        .charts
        .iter()
        .map(|c| c.chart.title.as_str())
        .collect();
    assert_eq!(titles[0], "Spend against budget, FY2027-Q1");
    assert!(
        titles[1].starts_with("Cost per 1k inferences, "),
        "{titles:?}"
    );
    assert_eq!(titles[2], "Capacity against demand, FY2026-Q4 to FY2027-Q3");
    assert_eq!(
        titles[3],
        "Hiring funnel, all requisitions, as of 2026-11-16"
    );

    let committed = count(
        conn,
        "SELECT count(*) FROM initiative WHERE quarter = 'FY2027-Q1'
         AND status IN ('committed', 'in_progress', 'delivered', 'slipped')",
    );
    assert!(committed > 0);
    assert_eq!(
        brief.commitments.shown.len() + brief.commitments.more,
        committed
    );
    assert!(brief
        .commitments_summary
        .starts_with(&format!("{committed} committed: ")));
    let open_risks = count(conn, "SELECT count(*) FROM risk WHERE status <> 'closed'");
    assert_eq!(brief.risks.shown.len() + brief.risks.more, open_risks);
    assert!(brief.appendix.is_none());
    // The brief reads budgets and capacity once; the decisions are those of the one function.
    let decisions = decisions_needed(conn, q1(), today()).unwrap();
    assert_eq!(
        brief.decisions.shown.len() + brief.decisions.more,
        decisions.len()
    );
    assert_eq!(
        brief.decisions.shown[..],
        decisions[..brief.decisions.shown.len()]
    );
    // With the appendix the tiles are the same, read from the whole scorecard.
    let with = build(conn, q1(), today(), true).unwrap();
    assert_eq!(with.tiles, brief.tiles);
    assert!(with.appendix.unwrap().rows.len() >= brief.tiles.len());
}

#[test]
fn decisions_needed_come_from_what_waits_in_the_store() {
    let store = demo();
    let conn = store.conn();
    let all = decisions_needed(conn, q1(), today()).unwrap();
    let of = |area: &str| all.iter().filter(|d| d.area == area).count();
    let debriefed = count(
        conn,
        "SELECT count(*) FROM candidate c WHERE c.stage = 'debrief'
         AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.candidate_id = c.id)",
    );
    assert_eq!(of("Hiring"), debriefed);
    let over_budget =
        quartermaster_core::finops::unit_cost::budget::budget_vs_actual(conn, Some(q1()))
            .unwrap()
            .iter()
            .filter(|b| b.over_budget)
            .count();
    assert_eq!(of("Budget"), over_budget);
    let over_capacity =
        quartermaster_core::roadmap::capacity::plan_capacity(conn, &[q1(), q1().offset(1)])
            .unwrap()
            .iter()
            .filter(|t| t.over_allocated)
            .count();
    assert_eq!(of("Capacity"), over_capacity);
    assert_eq!(
        of("Risk"),
        count(
            conn,
            "SELECT count(*) FROM risk WHERE status = 'open' AND severity IN ('high', 'critical')
             AND trim(mitigation) = ''"
        )
    );
    assert!(!all.is_empty(), "the demo has something waiting");

    // A debriefed candidate decided leaves the list; an unmitigated critical risk joins it.
    conn.execute(
        "INSERT INTO risk (title, severity, likelihood, owner, mitigation, status, created_at, updated_at)
         VALUES ('GPU quota lapses', 'critical', 'high', 'Dana', '', 'open', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
        [],
    )
    .unwrap();
    let after = decisions_needed(conn, q1(), today()).unwrap();
    let risk = after.iter().find(|d| d.area == "Risk").unwrap();
    assert_eq!(risk.subject, "Mitigate or accept: GPU quota lapses");
    assert_eq!(
        risk.detail,
        "critical severity, open, no mitigation; owner Dana"
    );
}

#[test]
fn kpi_values_carry_their_unit() {
    assert_eq!(kpi_value_text(92.04, "%", "USD"), "92.0%");
    assert_eq!(
        kpi_value_text(12.5, "% of models", "USD"),
        "12.5% of models"
    );
    assert_eq!(kpi_value_text(0.4213, "currency", "USD"), "USD 0.42");
    assert_eq!(kpi_value_text(3.25, "hours", "USD"), "3.25 hours");
}

#[test]
fn the_html_brief_prints_on_one_page_and_the_appendix_on_a_second() {
    let dir = tempfile::tempdir().unwrap();
    for (name, store) in [("demo", demo()), ("10x", ten_times_demo())] {
        for appendix in [false, true] {
            let brief = build(store.conn(), q1(), today(), appendix).unwrap();
            let html_path = dir.path().join(format!("{name}-{appendix}.html"));
            write_html(&brief, &html_path).unwrap();
            let text = std::fs::read_to_string(&html_path).unwrap();
            assert!(text.contains("@page{size:A4 landscape"), "{name}");
            assert!(text.matches("<svg").count() >= 4 + brief.tiles.len());
            let pdf = dir.path().join(format!("{name}-{appendix}.pdf"));
            chromium_print(&html_path, &pdf, &dir.path().join("profile"));
            let expected = if appendix { 2 } else { 1 };
            assert_eq!(pages(&pdf), expected, "{name}, appendix {appendix}");
            let printed = run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
            for heading in [
                "FY2027-Q1 brief",
                "Decisions needed",
                "Top risks",
                "Commitments",
            ] {
                assert!(printed.contains(heading), "{name}: {heading} in {printed}");
            }
        }
    }
}

#[test]
fn the_pdf_brief_is_one_page_with_embedded_fonts_and_selectable_text() {
    let dir = tempfile::tempdir().unwrap();
    for (name, store) in [("demo", demo()), ("10x", ten_times_demo())] {
        for appendix in [false, true] {
            let brief = build(store.conn(), q1(), today(), appendix).unwrap();
            let pdf = dir.path().join(format!("{name}-{appendix}.pdf"));
            write_pdf(&brief, &pdf).unwrap();
            let expected = if appendix { 2 } else { 1 };
            assert_eq!(pages(&pdf), expected, "{name}, appendix {appendix}");
            let fonts = run("pdffonts", &[pdf.to_str().unwrap()]);
            let embedded: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!embedded.is_empty(), "{fonts}");
            assert!(
                embedded
                    .iter()
                    .all(|l| l.contains("DejaVu") && l.contains(" yes ")),
                "every font embedded: {fonts}"
            );
            let text = run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
            assert!(
                text.contains("Northwind Analytics — FY2027-Q1 brief"),
                "{text}"
            );
            assert!(text.contains("Decisions needed") && text.contains("Top risks"));
            // Chart text is text too: the funnel's title comes from the plotters SVG.
            assert!(text.contains("Hiring funnel"), "{text}");
            for tile in &brief.tiles {
                assert!(text.contains(&tile.value), "{} in {text}", tile.value);
            }
            if appendix {
                assert!(text.contains("Appendix: KPI scorecard"));
            }
        }
    }
}
