//! The KPIs area and the executive report in the real window (WebDriver under Xvfb): the
//! trends page against the core's scorecard (as `quartermaster report --format csv` writes it),
//! a KPI's trend chart and values, adding a manual value, the Overview's KPIs off target, and
//! Reports → Export writing the workbook.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{json, Value};

use super::harness::{require_display, App};
use crate::support;

/// WebDriver key codes.
const ARROW_DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";

/// One row of the KPI scorecard block of `KPIs.csv`.
struct ScoreRow {
    source: String,
    period: String,
    value: Option<f64>,
    status: String,
    trend: String,
}

/// The scorecard as the report crate computes it for the current quarter, by KPI name.
fn scorecard_from_cli(home: &Path, db: &Path, quarter: &str) -> HashMap<String, ScoreRow> {
    let out = home.join("kpi-csv");
    support::ok(
        home,
        &[
            "--db",
            db.to_str().expect("utf-8 path"),
            "report",
            "--quarter",
            quarter,
            "--format",
            "csv",
            "--out",
            out.to_str().expect("utf-8 path"),
        ],
    );
    let text = std::fs::read_to_string(out.join("KPIs.csv")).expect("KPIs.csv");
    let block: String = text
        .lines()
        .skip(2)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(block.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.expect("csv row");
            let cell = |i: usize| r.get(i).unwrap_or_default().to_string();
            (
                cell(0),
                ScoreRow {
                    source: cell(2),
                    period: cell(3).replace(" (to date)", ""),
                    value: cell(4).parse().ok(),
                    status: cell(8),
                    trend: cell(9),
                },
            )
        })
        .collect()
}

/// The report's red/amber/green as the app's status key.
fn status_key(rag: &str) -> &'static str {
    match rag {
        "green" => "on_target",
        "amber" => "near",
        "red" => "off_target",
        _ => "none",
    }
}

/// Waits until the detail pane shows KPI `key`, loaded.
async fn detail_of(app: &App, key: &str) {
    app.wait_for(&format!(
        "document.querySelector('.kpi-detail')?.dataset.key === {} && document.querySelector('.kpi-detail').dataset.ready === 'true' && document.querySelector('.kpi-detail img.kpi-chart')",
        json!(key)
    ))
    .await;
}

/// The text a script returns ("" when it returns something else).
async fn js_text(app: &App, script: &str) -> String {
    app.js(script, vec![])
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The trend chart's SVG text, decoded from the `<img>` data URL.
async fn chart_svg(app: &App) -> String {
    js_text(
        app,
        "const src = document.querySelector('.kpi-detail img.kpi-chart').getAttribute('src'); return decodeURIComponent(src.slice(src.indexOf(',') + 1));",
    )
    .await
}

/// Clicks a KPI's row on the board and waits for its detail.
async fn open_kpi(app: &App, key: &str) {
    app.click(&format!(".kpi-board tr[data-key={key}] td.kpi-name"))
        .await;
    detail_of(app, key).await;
}

/// The period and latest value the board shows for `lead_time`, as `[period, value]`.
async fn lead_time_on_board(app: &App) -> Value {
    app.js(
        "const tr = document.querySelector('.kpi-board tr[data-key=lead_time]'); return [tr.querySelector('.kpi-period').dataset.period, Number(tr.querySelector('.kpi-value').dataset.value)];",
        vec![],
    )
    .await
}

/// Types where the executive report goes and clicks Export.
async fn export_report(app: &App, path: &Path) {
    app.fill("#report-path", path.to_str().expect("utf-8 path"))
        .await;
    app.click("[data-action=export-report]").await;
}

#[tokio::test]
async fn kpis_page_shows_every_kpi_as_the_core_computes_it() {
    require_display!();
    let app = App::demo().await;
    let quarter = js_text(&app, "return document.getElementById('quarter').value").await;
    let expected = scorecard_from_cli(app.home.path(), &app.db, &quarter);

    // The Overview's "KPIs off target" counts derived KPIs too, as the CLI summary does.
    app.wait_for("document.querySelector('[data-testid=overview]')")
        .await;
    let summary = support::ok(
        app.home.path(),
        &["--db", app.db.to_str().expect("utf-8 path"), "summary"],
    );
    let kpi_line = summary
        .lines()
        .find(|l| l.starts_with("KPIs: "))
        .expect("a KPIs line in the summary");
    let numbers: Vec<&str> = kpi_line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let overview = app.text("[data-testid=overview]").await;
    assert!(
        overview.contains(&format!(
            "{} measured · {} on target · {} near · {} off target",
            numbers[0], numbers[1], numbers[2], numbers[3]
        )),
        "{kpi_line} vs {overview}"
    );
    let derived_off: Vec<&String> = expected
        .iter()
        .filter(|(_, r)| r.source == "derived" && r.status == "red")
        .map(|(name, _)| name)
        .collect();
    assert!(
        !derived_off.is_empty(),
        "the demo has derived KPIs off target"
    );
    for name in &derived_off {
        assert!(
            overview.contains(name.as_str()),
            "{name} is listed among the KPIs off target: {overview}"
        );
    }

    app.screenshot("overview-kpis").await;

    // The trends page: every KPI of the catalogue, with the core's value, period, status and trend.
    app.goto("#/kpis").await;
    detail_of(&app, "ml_releases").await;
    let kpis = app.count("SELECT count(*) FROM kpi");
    let rows = app
        .js(
            "return [...document.querySelectorAll('.kpi-board tbody tr')].map(tr => ({
                name: tr.querySelector('.kpi-name-text').textContent,
                value: tr.querySelector('.kpi-value').dataset.value,
                period: tr.querySelector('.kpi-period').dataset.period,
                status: tr.querySelector('[data-status]').dataset.status,
                trend: tr.querySelector('[data-trend]')?.dataset.trend ?? '',
                spark: tr.querySelectorAll('.kpi-spark svg polyline').length,
            }))",
            vec![],
        )
        .await;
    let rows = rows.as_array().expect("rows").clone();
    assert_eq!(rows.len() as i64, kpis, "one row per catalogue KPI");
    assert_eq!(expected.len() as i64, kpis);
    assert_eq!(
        app.text(".view-foot .row-count").await,
        format!("{kpis} KPIs")
    );
    for row in &rows {
        let name = row["name"].as_str().unwrap_or_default();
        let want = expected
            .get(name)
            .unwrap_or_else(|| panic!("{name} is in the report"));
        let shown: Option<f64> = row["value"].as_str().and_then(|v| v.parse().ok());
        match (shown, want.value) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 0.006, "{name}: {a} vs {b}"),
            (None, None) => {}
            other => panic!("{name}: value {other:?}"),
        }
        assert_eq!(row["period"], json!(want.period), "{name}: period");
        assert_eq!(
            row["status"],
            json!(status_key(&want.status)),
            "{name}: status"
        );
        assert_eq!(row["trend"], json!(want.trend), "{name}: trend");
        assert_eq!(row["spark"], json!(1), "{name}: a sparkline");
    }
    // Independently of the report: CI/CD coverage counted by SQL over the live models, and its
    // status by the rule worked by hand (higher is better: at or above target on target, at or
    // above warn near, else off target).
    let (with, live): (f64, f64) = app.pair(
        "SELECT sum(has_cicd), count(*) FROM model WHERE lifecycle IN ('canary', 'production')",
        [],
    );
    assert_eq!((with, live), (10.0, 14.0));
    let (target, warn): (f64, f64) = app.pair(
        "SELECT target, warn FROM kpi WHERE key = 'cicd_coverage'",
        [],
    );
    let cicd = app
        .js(
            "const tr = document.querySelector('.kpi-board tr[data-key=cicd_coverage]'); return [Number(tr.querySelector('.kpi-value').dataset.value), tr.querySelector('[data-status]').dataset.status, tr.querySelector('.kpi-value').textContent];",
            vec![],
        )
        .await;
    let value = with * 100.0 / live;
    assert!(
        (cicd[0].as_f64().unwrap_or(f64::NAN) - value).abs() < 0.006,
        "{cicd}"
    );
    let status = if value >= target {
        "on_target"
    } else if value >= warn {
        "near"
    } else {
        "off_target"
    };
    assert_eq!((target, warn, status), (80.0, 60.0, "near"));
    assert_eq!(cicd[1], json!(status));
    assert!(
        cicd[2].as_str().unwrap_or_default().starts_with("71.4"),
        "shown as {cicd}"
    );
    // A manual KPI's latest value is the one typed into the store.
    let (lead_period, lead_value): (String, f64) = app.pair(
        "SELECT v.period, v.value FROM kpi_value v JOIN kpi k ON k.id = v.kpi_id
         WHERE k.key = 'lead_time' ORDER BY v.period DESC LIMIT 1",
        [],
    );
    let lead = lead_time_on_board(&app).await;
    assert_eq!(lead[0], json!(lead_period));
    assert_eq!(lead[1].as_f64(), Some(lead_value));
    app.screenshot("kpis-trends").await;

    // Select a KPI with the mouse: its chart (target band and dashed target) and its values.
    open_kpi(&app, "lead_time").await;
    let svg = chart_svg(&app).await;
    assert!(svg.starts_with("<svg"), "{svg:.80}");
    assert!(svg.to_uppercase().contains("#F2A900"), "the target band");
    let target: f64 = app
        .db()
        .query_row("SELECT target FROM kpi WHERE key = 'lead_time'", [], |r| {
            r.get(0)
        })
        .expect("target");
    assert!(
        svg.contains(&format!("target {target}")),
        "target in the legend"
    );
    let values = app
        .js(
            "return [...document.querySelectorAll('.kpi-values tbody tr')].map(tr => [tr.dataset.period, Number(tr.querySelector('[data-value]').dataset.value), tr.querySelector('.kpi-note').textContent]);",
            vec![],
        )
        .await;
    let values = values.as_array().expect("values").clone();
    assert!(values.len() >= 6, "a year of monthly values: {values:?}");
    let db = app.db();
    for v in &values {
        let period = v[0].as_str().unwrap_or_default();
        let (value, note): (f64, String) = app.pair(
            "SELECT v.value, v.note FROM kpi_value v JOIN kpi k ON k.id = v.kpi_id
             WHERE k.key = 'lead_time' AND v.period = ?1",
            [period],
        );
        assert_eq!(v[1].as_f64(), Some(value), "{period}");
        assert_eq!(v[2], json!(note), "{period}");
    }
    let annotated: String = db
        .query_row(
            "SELECT v.note FROM kpi_value v JOIN kpi k ON k.id = v.kpi_id
             WHERE k.key = 'lead_time' AND v.note <> '' ORDER BY v.period DESC",
            [],
            |r| r.get(0),
        )
        .expect("an annotated lead-time value");
    assert!(
        values.iter().any(|v| v[2] == json!(annotated)),
        "the annotation is in the table"
    );
    // On the chart, the note is shortened to fit; its start is there.
    let start: String = annotated.chars().take(12).collect();
    assert!(
        svg.contains(&start),
        "and on the chart: {annotated}: {:?}",
        svg.lines().filter(|l| l.contains('▲')).collect::<Vec<_>>()
    );
    app.screenshot("kpis-trend-detail").await;

    // The keyboard: ↓ moves to the next KPI, Enter opens it.
    let next = js_text(
        &app,
        "return document.querySelector('.kpi-board tr[data-key=lead_time]').nextElementSibling.dataset.key",
    )
    .await;
    let row = app.find(".kpi-board tr[data-key=lead_time]").await;
    row.send_keys(ARROW_DOWN).await.expect("arrow down");
    let focused = app
        .js("return document.activeElement.dataset.key ?? ''", vec![])
        .await;
    assert_eq!(focused, json!(next));
    app.find(&format!(".kpi-board tr[data-key={next}]"))
        .await
        .send_keys(ENTER)
        .await
        .expect("enter");
    detail_of(&app, &next).await;
    let hash = app.js("return location.hash", vec![]).await;
    assert_eq!(hash, json!(format!("#/kpis/trends/{next}")));
    app.close().await;
}

#[tokio::test]
async fn add_a_manual_value_and_open_a_derived_kpi() {
    require_display!();
    let app = App::demo().await;
    let before = app.count(
        "SELECT count(*) FROM kpi_value v JOIN kpi k ON k.id = v.kpi_id WHERE k.key = 'lead_time'",
    );
    app.goto("#/kpis/trends/lead_time").await;
    detail_of(&app, "lead_time").await;
    app.click("[data-action=add-value]").await;
    app.wait_for("document.querySelector('dialog[open] #f-period')")
        .await;
    let period = js_text(
        &app,
        "return document.querySelector('dialog[open] #f-period').value",
    )
    .await;
    let latest: String = app
        .db()
        .query_row(
            "SELECT max(v.period) FROM kpi_value v JOIN kpi k ON k.id = v.kpi_id WHERE k.key = 'lead_time'",
            [],
            |r| r.get(0),
        )
        .expect("latest period");
    assert!(
        period.len() == 7 && period > latest,
        "suggests the month after {latest}, got {period}"
    );
    // A bad period is refused next to its field; nothing is written.
    app.fill("dialog[open] #f-period", "FY2027-Q1").await;
    app.fill("dialog[open] #f-value", "8.25").await;
    app.click("dialog[open] [data-action=save-value]").await;
    app.wait_for(
        "document.querySelector('dialog[open] [data-error-for=period]')?.textContent !== ''",
    )
    .await;
    assert!(app
        .text("dialog[open] [data-error-for=period]")
        .await
        .contains("2026-09"));
    app.screenshot("kpis-add-value").await;
    app.fill("dialog[open] #f-period", &period).await;
    app.fill("dialog[open] #f-note", "CI cache warmed").await;
    let painted = app.painted().await;
    app.click("dialog[open] [data-action=save-value]").await;
    app.after_navigation(painted).await;
    app.wait_db(
        &format!(
            "SELECT count(*) FROM kpi_value v JOIN kpi k ON k.id = v.kpi_id WHERE k.key = 'lead_time' AND v.period = '{period}' AND v.value = 8.25"
        ),
        1,
    )
    .await;
    assert_eq!(
        app.count("SELECT count(*) FROM kpi_value v JOIN kpi k ON k.id = v.kpi_id WHERE k.key = 'lead_time'"),
        before + 1
    );
    detail_of(&app, "lead_time").await;
    assert_eq!(lead_time_on_board(&app).await, json!([period, 8.25]));
    assert!(app.text(".kpi-values").await.contains("CI cache warmed"));

    // A derived KPI has no "Add value": it is computed, never typed.
    open_kpi(&app, "lineage_coverage").await;
    let add = app
        .js(
            "return document.querySelectorAll('.kpi-detail [data-action=add-value]').length",
            vec![],
        )
        .await;
    assert_eq!(add, json!(0));
    let (with, live): (f64, f64) = app.pair(
        "SELECT sum(has_lineage), count(*) FROM model WHERE lifecycle IN ('canary', 'production')",
        [],
    );
    let shown = app
        .js(
            "return Number(document.querySelector('.kpi-board tr[data-key=lineage_coverage] .kpi-value').dataset.value)",
            vec![],
        )
        .await;
    let shown = shown.as_f64().unwrap_or(f64::NAN);
    assert!((shown - with * 100.0 / live).abs() < 1e-9, "{shown}");
    app.screenshot("kpis-derived-detail").await;
    app.close().await;
}

/// The names of the entries of a zip file (from its central directory, stored uncompressed).
fn zip_entries(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut i = 0;
    while i + 46 <= bytes.len() {
        if bytes[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            let len = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
            if let Some(name) = bytes.get(i + 46..i + 46 + len) {
                names.push(String::from_utf8_lossy(name).into_owned());
            }
            i += 46 + len;
        } else {
            i += 1;
        }
    }
    names
}

#[tokio::test]
async fn reports_export_writes_the_executive_workbook() {
    require_display!();
    let app = App::demo().await;
    app.goto("#/reports").await;
    let quarter = js_text(
        &app,
        "return document.getElementById('report-quarter').value",
    )
    .await;
    let session_quarter = js_text(&app, "return document.getElementById('quarter').value").await;
    assert_eq!(quarter, session_quarter, "defaults to the selected quarter");

    // A folder that does not exist: the error is shown, nothing is written.
    let missing = app.home.path().join("no such folder").join("report.xlsx");
    export_report(&app, &missing).await;
    app.wait_for("document.querySelector('.report-status [role=alert]')")
        .await;
    assert!(!missing.exists());

    // The workbook.
    let out = app.home.path().join("executive.xlsx");
    app.fill("#report-path", out.to_str().expect("utf-8 path"))
        .await;
    let command = app.text(".report-card pre.command").await;
    assert_eq!(
        command,
        format!(
            "quartermaster report --quarter {quarter} --format xlsx --out {}",
            out.display()
        )
    );
    app.click("[data-action=export-report]").await;
    app.wait_for("document.querySelector('[data-testid=report-written]')")
        .await;
    let written = app.text("[data-testid=report-written]").await;
    assert!(
        written.contains("7 sheets (Summary, Portfolio, Headcount, Roadmap, FinOps, Hiring, KPIs)"),
        "{written}"
    );
    assert!(
        written.contains(out.to_str().unwrap_or_default()),
        "{written}"
    );
    let bytes = std::fs::read(&out).expect("the workbook was written");
    assert_eq!(&bytes[..2], b"PK");
    let entries = zip_entries(&bytes);
    for sheet in 1..=7 {
        let name = format!("xl/worksheets/sheet{sheet}.xml");
        assert!(entries.contains(&name), "{name} in {entries:?}");
    }
    let charts = entries
        .iter()
        .filter(|e| e.starts_with("xl/charts/chart"))
        .count();
    assert!(charts >= 6, "native charts: {entries:?}");
    assert!(
        written.contains(&format!("{charts} native charts")),
        "{written}"
    );
    // Read back as a spreadsheet shows it, figures checked against SQL on the app's file.
    let book = support::read_xlsx(&out);
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
    let roadmap = support::sheet(&book, "Roadmap");
    assert_eq!(roadmap.text(0, 0), format!("Initiatives, {quarter}"));
    let initiatives: Vec<(String, f64)> = {
        let db = app.db();
        let mut stmt = db
            .prepare("SELECT title, effort_pw FROM initiative WHERE quarter = ?1 AND status <> 'cancelled' ORDER BY rank")
            .expect("initiatives");
        let rows = stmt
            .query_map([&quarter], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("initiatives")
            .map(|r| r.expect("a row"))
            .collect();
        rows
    };
    assert!(!initiatives.is_empty());
    let shown: Vec<(String, f64)> = (2..2 + initiatives.len())
        .map(|r| (roadmap.text(r, 1), roadmap.number(r, 5)))
        .collect();
    assert_eq!(shown, initiatives);
    let total = roadmap.row_of("Total");
    assert_eq!(
        roadmap.number(total, 5),
        initiatives.iter().map(|i| i.1).sum::<f64>()
    );
    assert_eq!(
        support::xlsx_formula(&out, "Roadmap", total, 5),
        format!("SUM(F3:F{})", total)
    );
    // The lead-time KPI's value, as typed into the store for the period the sheet shows.
    let kpis = support::sheet(&book, "KPIs");
    let lead = kpis.row_of("Lead time for ML changes");
    let period = kpis.text(lead, 3);
    let typed: f64 = app
        .db()
        .query_row(
            "SELECT v.value FROM kpi_value v JOIN kpi k ON k.id = v.kpi_id WHERE k.key = 'lead_time' AND v.period = ?1",
            [&period],
            |r| r.get(0),
        )
        .expect("the value of the period shown");
    assert_eq!(kpis.number(lead, 4), typed, "lead time in {period}");
    app.screenshot("reports-executive").await;

    // The brief: previewed on the page from the same data, then written as HTML and read back.
    app.wait_for(
        "document.querySelectorAll('[data-testid=brief-preview] .brief-tile').length === 6",
    )
    .await;
    let preview = app
        .js(
            "const p = document.querySelector('[data-testid=brief-preview]'); \
             return [p.querySelectorAll('img.brief-chart').length, p.querySelector('.brief-title')?.textContent ?? '']",
            vec![],
        )
        .await;
    assert_eq!(
        preview,
        json!([4, format!("Northwind Analytics — {quarter} brief")])
    );
    let scrolled = app
        .js(
            "const p = document.querySelector('[data-testid=brief-preview]'); \
             let box = p.parentElement; \
             while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement; \
             if (box) box.scrollTop = p.offsetTop - box.offsetTop; \
             return box ? box.scrollTop : 0",
            vec![],
        )
        .await;
    assert!(
        scrolled.as_f64().is_some_and(|top| top > 0.0),
        "the preview is below the form"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.screenshot("reports-brief-preview").await;
    app.click("input[data-format=html]").await;
    let html = app.home.path().join("brief.html");
    export_report(&app, &html).await;
    app.wait_for(&format!(
        "document.querySelector('[data-testid=report-written] [data-file]')?.dataset.file === {}",
        json!(html.to_str())
    ))
    .await;
    let page = std::fs::read_to_string(&html).expect("the html was written");
    assert!(page.contains(&quarter) && page.contains("@page{size:A4 landscape"));
    let titles: Vec<String> = support::chart_titles(&page)
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(titles.len(), 4, "{titles:#?}");
    assert!(
        titles.contains(&format!("Spend against budget, {quarter}")),
        "{titles:#?}"
    );
    let cells = support::html_cells(&page);
    let delivered = app.count(&format!(
        "SELECT count(*) FROM initiative WHERE quarter = '{quarter}' AND status = 'delivered'"
    ));
    assert!(cells.contains("|Commitments — "), "{cells:.2000}");
    if delivered > 0 {
        assert!(
            cells.contains(&format!("{delivered} delivered")),
            "{delivered} delivered in {cells:.2000}"
        );
    }
    let leftovers: Vec<Value> = std::fs::read_dir(app.home.path())
        .expect("home")
        .filter_map(|e| e.ok())
        .map(|e| json!(e.file_name().to_string_lossy()))
        .filter(|n| n.as_str().is_some_and(|n| n.ends_with(".partial")))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files: {leftovers:?}");
    app.close().await;
}

#[tokio::test]
async fn kpi_chart_follows_the_dark_theme() {
    require_display!();
    let app = App::demo_with_env(&[("GTK_THEME", "Adwaita:dark")]).await;
    app.goto("#/kpis/trends/latency_p95").await;
    detail_of(&app, "latency_p95").await;
    let selected = app
        .js(
            "return document.querySelector('.kpi-board tr.active')?.dataset.key ?? ''",
            vec![],
        )
        .await;
    assert_eq!(selected, json!("latency_p95"), "the route opens that KPI");
    let svg = chart_svg(&app).await.to_uppercase();
    assert!(
        svg.contains("#1E1E1E"),
        "the chart is drawn on the dark background"
    );
    app.screenshot("kpis-dark").await;
    app.close().await;
}
