//! The finops area in the real window (WebDriver under Xvfb): a billing import driven through
//! the view's import function (native dialogs cannot be driven), its progress reaching 100 % and
//! totals equal to the database's sums, the duplicate refused with a Replace offer, undo from the
//! Imports page restoring the totals, the unit-cost page against the core, the allocation rule
//! editor's live preview against SQL, reordering rules by keyboard, and usage edited in a form.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Value};

use super::harness::{require_display, App};

/// Per (billing month, currency): (lines, BilledCost, EffectiveCost) summed exactly from the
/// stored text; `batch` limits it to one import.
fn sums(app: &App, batch: Option<i64>) -> BTreeMap<(String, String), (i64, Decimal, Decimal)> {
    let db = app.db();
    let mut stmt = db
        .prepare(
            "SELECT substr(billing_period_start, 1, 7), billing_currency, billed_cost, effective_cost
             FROM cost_line WHERE ?1 IS NULL OR batch_id = ?1",
        )
        .unwrap();
    let rows = stmt
        .query_map([batch], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .unwrap();
    let mut out: BTreeMap<(String, String), (i64, Decimal, Decimal)> = BTreeMap::new();
    for row in rows {
        let (month, currency, billed, effective) = row.unwrap();
        let sum = out.entry((month, currency)).or_default();
        sum.0 += 1;
        sum.1 += Decimal::from_str(&billed).unwrap();
        sum.2 += Decimal::from_str(&effective).unwrap();
    }
    out
}

fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
        .to_str()
        .unwrap()
        .to_string()
}

/// Starts an import of `paths` through the view's own import function (what File → Import
/// billing… runs once the native dialog has answered).
async fn start_import(app: &App, kind: &str, paths: &[String]) {
    app.js(
        "import('./views/finops/import.js').then((m) => m.runImport(arguments[0], arguments[1]));",
        vec![json!(kind), json!(paths)],
    )
    .await;
}

/// The totals table of the import dialog: (month, currency) → (lines, billed, effective).
async fn shown_totals(app: &App) -> BTreeMap<(String, String), (i64, Decimal, Decimal)> {
    let rows = app
        .js(
            "return [...document.querySelectorAll('[data-testid=import-totals] tbody tr')].map((tr) => [
               tr.dataset.month, tr.dataset.currency, tr.children[2].textContent,
               tr.children[3].querySelector('[data-exact]').dataset.exact,
               tr.children[4].querySelector('[data-exact]').dataset.exact])",
            vec![],
        )
        .await;
    let mut out = BTreeMap::new();
    for row in rows.as_array().unwrap() {
        let cell = |i: usize| row[i].as_str().unwrap().to_string();
        out.insert(
            (cell(0), cell(1)),
            (
                cell(2).replace(',', "").parse::<i64>().unwrap(),
                Decimal::from_str(&cell(3)).unwrap(),
                Decimal::from_str(&cell(4)).unwrap(),
            ),
        );
    }
    out
}

#[tokio::test]
async fn billing_import_shows_progress_and_totals_and_undo_restores_them() {
    require_display!();
    let app = App::demo().await;
    let before = sums(&app, None);
    let batches = app.count("SELECT count(*) FROM import_batch");
    let file = fixture("focus/focus-1.0-sample-trimmed.csv");

    app.goto("#/finops/imports").await;
    assert_eq!(
        app.js(
            "return document.querySelectorAll('.tabs .tab').length",
            vec![]
        )
        .await,
        json!(6),
        "Unit costs, Allocation rules, Imports, Budgets, Billing lines, Usage"
    );
    start_import(&app, "focus", std::slice::from_ref(&file)).await;
    app.wait_for("document.querySelector('[data-testid=import-headline]')")
        .await;
    assert_eq!(
        app.js(
            "return document.querySelector('[data-testid=import-progress]').getAttribute('aria-valuenow')",
            vec![]
        )
        .await,
        json!("100"),
        "the progress bar reached 100%"
    );
    app.wait_db("SELECT count(*) FROM import_batch", batches + 1)
        .await;
    let batch = app.count("SELECT max(id) FROM import_batch");
    let lines = app.count(&format!(
        "SELECT count(*) FROM cost_line WHERE batch_id = {batch}"
    ));
    let headline = app.text("[data-testid=import-headline]").await;
    assert!(
        headline.contains(&format!("Imported {lines} billing lines from 1 file")),
        "{headline}"
    );
    let warnings = app.count(&format!(
        "SELECT warning_count FROM import_batch WHERE id = {batch}"
    ));
    assert!(warnings > 0, "the real sample needs interpreting");
    assert!(
        headline.contains(&format!("{warnings} warnings")),
        "{headline}"
    );
    assert_eq!(
        shown_totals(&app).await,
        sums(&app, Some(batch)),
        "the totals shown are the database's sums of the new lines"
    );
    // Every warning as the dialog lists it: count, column and reason, as stored for the import.
    let mut shown: Vec<String> = serde_json::from_value(
        app.js(
            "return [...document.querySelectorAll('[data-testid=import-warnings] details.fo-warning > summary')].map((s) => s.textContent)",
            vec![],
        )
        .await,
    )
    .unwrap();
    let mut stored: Vec<String> = {
        let db = app.db();
        let mut stmt = db
            .prepare("SELECT count, column_name, reason FROM import_warning WHERE batch_id = ?1")
            .unwrap();
        let rows = stmt
            .query_map([batch], |r| {
                Ok(format!(
                    "{} {}: {}",
                    format_int(r.get(0)?),
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows
    };
    shown.sort();
    stored.sort();
    assert_eq!(shown, stored);
    // Counted by hand in the file: the 7 Oracle rows spell ChargeFrequency "Usage-based"; the
    // examples name their lines, each read here from the file.
    let spelling =
        "7 ChargeFrequency: spelled differently from the FOCUS value; read as the FOCUS spelling";
    assert!(shown.iter().any(|w| w == spelling), "{shown:#?}");
    let (header, rows) = crate::support::read_csv(Path::new(&file));
    let frequency = header.iter().position(|h| h == "ChargeFrequency").unwrap();
    let spelled: Vec<String> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r[frequency] == "Usage-based")
        .map(|(i, _)| format!("line {}: Usage-based", i + 2))
        .collect();
    assert_eq!(spelled.len(), 7);
    let examples: Vec<String> = serde_json::from_value(
        app.js(
            "const d = [...document.querySelectorAll('[data-testid=import-warnings] details.fo-warning')].find((d) => d.querySelector('summary').textContent.includes('ChargeFrequency')); return [...d.querySelectorAll('li')].map((li) => li.textContent)",
            vec![],
        )
        .await,
    )
    .unwrap();
    assert_eq!(examples, spelled[..examples.len()], "the first examples");
    assert_eq!(examples.len(), 5, "five examples and the rest counted");
    shot(&app, "finops-import-done").await;
    app.click("[data-action=close-import]").await;
    app.wait_for("!document.querySelector('dialog[open]')")
        .await;

    // The same file again is refused, naming the earlier import; Replace imports it again.
    start_import(&app, "focus", std::slice::from_ref(&file)).await;
    app.wait_for("document.querySelector('[data-action=replace-import]')")
        .await;
    let error = app.text("[data-testid=import-error]").await;
    assert!(
        error.contains(&format!("import #{batch}")),
        "the duplicate names the earlier import: {error}"
    );
    shot(&app, "finops-import-duplicate").await;
    app.click("[data-action=replace-import]").await;
    app.wait_for("document.querySelector('[data-testid=import-headline]')")
        .await;
    assert!(app
        .text("dialog[open]")
        .await
        .contains(&format!("replaces import #{batch}")));
    app.click("[data-action=close-import]").await;
    app.wait_for("!document.querySelector('dialog[open]')")
        .await;
    assert_eq!(app.count("SELECT count(*) FROM import_batch"), batches + 1);
    let batch = app.count("SELECT max(id) FROM import_batch");

    // Undo from the Imports page restores the previous totals exactly.
    app.goto("#/finops/imports").await;
    assert!(app.row_with("focus-1.0-sample-trimmed.csv").await);
    shot(&app, "finops-imports").await;
    app.goto(&format!("#/finops/imports/{batch}")).await;
    let detail = app
        .js(
            "return [...document.querySelectorAll('[data-testid=import-detail-totals] [data-exact]')].map((e) => e.dataset.exact)",
            vec![],
        )
        .await;
    let new_lines = sums(&app, Some(batch));
    let effective: Decimal = new_lines.values().map(|s| s.2).sum();
    assert!(
        detail
            .as_array()
            .unwrap()
            .iter()
            .any(|v| Decimal::from_str(v.as_str().unwrap()).unwrap() == effective),
        "the panel shows the import's effective total {effective}: {detail}"
    );
    shot(&app, "finops-import-detail").await;
    // Notices from the imports may still cover the panel's buttons; let them go.
    app.wait_for("!document.querySelector('.toast')").await;
    app.click("[data-action=undo-import]").await;
    app.wait_for("document.querySelector('dialog[open]')").await;
    assert!(app
        .text("dialog[open]")
        .await
        .contains(&format!("{lines} billing lines")));
    let painted = app.painted().await;
    app.click("dialog[open] [data-action=confirm]").await;
    app.after_navigation(painted).await;
    app.wait_db("SELECT count(*) FROM import_batch", batches)
        .await;
    assert_eq!(sums(&app, None), before, "undo restored the totals exactly");
    assert!(!app.row_with("focus-1.0-sample-trimmed.csv").await);
    app.close().await;
}

#[tokio::test]
async fn a_bad_file_names_the_line_column_and_value_and_keeps_nothing() {
    require_display!();
    let app = App::demo().await;
    let batches = app.count("SELECT count(*) FROM import_batch");
    app.goto("#/finops").await;
    start_import(&app, "focus", &[fixture("invalid/focus-bad-number.csv")]).await;
    app.wait_for("document.querySelector('[data-testid=import-error]')")
        .await;
    // Line 4 of the file has BilledCost "12,50" (a decimal comma).
    let lines: Vec<String> = serde_json::from_value(
        app.js(
            "return [...document.querySelectorAll('[data-testid=import-error] > div')].map((d) => d.textContent)",
            vec![],
        )
        .await,
    )
    .unwrap();
    assert_eq!(
        lines,
        [
            "focus-bad-number.csv, line 4, column BilledCost",
            "not a number; write it like 12.50 (a dot for decimals, no thousands separators) (value “12,50”)",
            "Nothing from this file was kept; fix it and import it again.",
        ]
    );
    let text = std::fs::read_to_string(fixture("invalid/focus-bad-number.csv")).unwrap();
    let line_4 = text.lines().nth(3).unwrap();
    assert!(line_4.starts_with("\"12,50\","), "{line_4}");
    shot(&app, "finops-import-error").await;
    assert_eq!(app.count("SELECT count(*) FROM import_batch"), batches);
    app.click("[data-action=close-import]").await;
    app.close().await;
}

#[tokio::test]
async fn cancel_stops_a_long_import_and_keeps_nothing_of_it() {
    require_display!();
    use quartermaster_core::finops::import::synth::{write_focus_file, SynthOptions};
    let app = App::demo().await;
    let batches = app.count("SELECT count(*) FROM import_batch");
    let lines = app.count("SELECT count(*) FROM cost_line");
    let big = app.home.path().join("big-focus.csv");
    write_focus_file(&big, SynthOptions::realistic(600_000, 7)).unwrap();
    app.goto("#/finops/imports").await;
    start_import(&app, "focus", &[big.to_str().unwrap().to_string()]).await;
    // Cancel while it is reading: progress has started but not finished.
    app.wait_for(
        "(() => { const v = Number(document.querySelector('[data-testid=import-progress]')?.getAttribute('aria-valuenow')); return v > 0 && v < 100; })()",
    )
    .await;
    shot(&app, "finops-import-progress").await;
    app.click("[data-action=cancel-import]").await;
    app.wait_for(
        "document.querySelector('dialog[open] .modal-title')?.textContent === 'Import cancelled'",
    )
    .await;
    let shown = app.text("dialog[open]").await;
    assert!(
        shown.contains("nothing from the file being read was kept"),
        "{shown}"
    );
    shot(&app, "finops-import-cancelled").await;
    assert_eq!(app.count("SELECT count(*) FROM import_batch"), batches);
    assert_eq!(app.count("SELECT count(*) FROM cost_line"), lines);
    app.click("[data-action=close-import]").await;
    app.close().await;
}

#[tokio::test]
async fn unit_costs_page_shows_the_cores_figures_and_charts() {
    require_display!();
    let app = App::demo().await;
    let summary =
        quartermaster_core::finops::unit_cost::page::unit_costs_page(&app.db(), None).unwrap();
    let month = summary.month.clone().expect("the demo has spend");
    app.goto("#/finops").await;
    app.wait_for("document.querySelector('[data-testid=unit-costs-page]')")
        .await;
    assert_eq!(
        app.js(
            "return document.querySelector('[data-testid=month-picker]').value",
            vec![]
        )
        .await,
        json!(month)
    );
    // Total spend, to the cent.
    let total = app.text("[data-testid=total-spend]").await;
    let shown = Decimal::from_str(&total.replace(',', "").replace('\u{2212}', "-")).unwrap();
    assert_eq!(
        shown,
        summary
            .total_spend
            .0
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
        "{total}"
    );
    // And summed here from the month's billing lines by SQL, independently of the core.
    let by_sql: Decimal = {
        let db = app.db();
        let mut stmt = db
            .prepare("SELECT effective_cost FROM cost_line WHERE substr(billing_period_start, 1, 7) = ?1")
            .unwrap();
        let costs: Vec<String> = stmt
            .query_map([&month], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        costs.iter().map(|c| Decimal::from_str(c).unwrap()).sum()
    };
    assert_eq!(
        shown,
        by_sql.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
        "{total} is the sum of {month}'s lines"
    );
    // The organisation's cost per 1k inferences (the derived KPI), to four decimals.
    let org = app.text("[data-testid=org-per-1k]").await;
    match summary.org_cost_per_1k_inferences {
        Some(c) => assert_eq!(
            Decimal::from_str(&org.replace(',', "")).unwrap(),
            c.0.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
        ),
        None => assert_eq!(org, "—"),
    }
    // Each model's row in the core's order, with its cost per 1k inferences.
    let rows = app
        .js(
            "return [...document.querySelectorAll('[data-testid=unit-costs] tbody tr')].map((tr) => [tr.children[0].textContent, tr.children[3].textContent, tr.children[2].textContent])",
            vec![],
        )
        .await;
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), summary.unit_costs.len());
    let mut with_usage = 0;
    for (row, cost) in rows.iter().zip(&summary.unit_costs) {
        assert_eq!(row[0], json!(cost.model));
        // Each model's inferences, read from the usage table by SQL.
        let inferences: Option<i64> = app
            .db()
            .query_row(
                "SELECT u.inferences FROM usage u JOIN model m ON m.id = u.model_id WHERE m.name = ?1 AND u.month = ?2",
                [&cost.model, &month],
                |r| r.get(0),
            )
            .ok();
        if let Some(n) = inferences {
            assert_eq!(row[2], json!(format_int(n)), "{}: inferences", cost.model);
            with_usage += 1;
        }
        let shown = row[1].as_str().unwrap().replace(',', "");
        match cost.cost_per_1k_inferences {
            Some(c) => assert_eq!(
                Decimal::from_str(&shown).unwrap(),
                c.0.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero),
                "{}",
                cost.model
            ),
            None => assert_eq!(shown, "—"),
        }
    }
    assert!(with_usage >= 6, "{with_usage} models with usage in {month}");
    // Breakdowns and budgets are there; unallocated spend is shown, not dropped.
    for by in ["category", "team", "service", "provider"] {
        assert!(
            app.js(
                &format!(
                    "return document.querySelectorAll('[data-testid=spend-{by}] tbody tr').length"
                ),
                vec![]
            )
            .await
            .as_u64()
            .unwrap_or(0)
                > 0
        );
    }
    let category = &summary.breakdowns[0];
    if category.rows.iter().any(|r| r.key == "unallocated") {
        assert!(app
            .text("[data-testid=spend-category]")
            .await
            .contains("Unallocated"));
    }
    app.wait_for("document.querySelectorAll('img.fo-chart').length === 2")
        .await;
    let alts = app
        .js(
            "return [...document.querySelectorAll('img.fo-chart')].map((i) => i.alt + '|' + i.naturalWidth)",
            vec![],
        )
        .await;
    for alt in alts.as_array().unwrap() {
        let alt = alt.as_str().unwrap();
        assert!(alt.contains(&month), "the chart title says when: {alt}");
        assert!(!alt.ends_with("|0"), "the chart image decoded: {alt}");
    }
    shot(&app, "finops-unit-costs").await;
    app.js(
        "document.querySelector('[data-testid=spend-category]').scrollIntoView();",
        vec![],
    )
    .await;
    shot(&app, "finops-unit-costs-breakdowns").await;
    app.js(
        "document.querySelector('[data-testid=budgets]').scrollIntoView();",
        vec![],
    )
    .await;
    shot(&app, "finops-unit-costs-budgets").await;

    // Another month through the picker (keyboard-usable select).
    if let Some(earlier) = summary.months.iter().rev().nth(1) {
        let painted = app.painted().await;
        app.select("[data-testid=month-picker]", earlier).await;
        app.after_navigation(painted).await;
        app.wait_for(&format!(
            "document.querySelector('[data-testid=month-picker]')?.value === {}",
            json!(earlier)
        ))
        .await;
        let summary =
            quartermaster_core::finops::unit_cost::page::unit_costs_page(&app.db(), Some(earlier))
                .unwrap();
        let total = app.text("[data-testid=total-spend]").await;
        let shown = Decimal::from_str(&total.replace(',', "")).unwrap();
        assert_eq!(
            shown,
            summary
                .total_spend
                .0
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        );
    }
    app.close().await;
}

#[tokio::test]
async fn a_rule_being_edited_previews_the_spend_it_catches() {
    require_display!();
    let app = App::demo().await;
    let currency: String = app
        .db()
        .query_row("SELECT currency FROM settings", [], |r| r.get(0))
        .unwrap();
    // The service with the most lines in the reporting currency.
    let service: String = app
        .db()
        .query_row(
            "SELECT service_name FROM cost_line WHERE billing_currency = ?1 GROUP BY service_name ORDER BY count(*) DESC",
            [&currency],
            |r| r.get(0),
        )
        .unwrap();
    let (lines, spend) = {
        let db = app.db();
        let mut stmt = db
            .prepare("SELECT effective_cost FROM cost_line WHERE billing_currency = ?1 AND lower(service_name) = lower(?2)")
            .unwrap();
        let costs: Vec<String> = stmt
            .query_map([&currency, &service], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let spend: Decimal = costs.iter().map(|c| Decimal::from_str(c).unwrap()).sum();
        (costs.len() as i64, spend)
    };
    let rules = app.count("SELECT count(*) FROM allocation_rule");

    app.goto("#/finops/allocation-rules/new").await;
    app.wait_for("document.querySelector('tfoot [data-testid=unallocated-row]')")
        .await;
    app.select("#f-match_on", "service").await;
    app.fill("#f-pattern", &service).await;
    app.fill("#f-priority", "0").await;
    app.select("#f-category", "inference").await;
    app.wait_for(&format!(
        "document.querySelector('[data-testid=draft-lines]')?.textContent === {}",
        json!(format_int(lines))
    ))
    .await;
    let caught = app
        .js(
            "return document.querySelector('[data-testid=draft-spend]').dataset.exact",
            vec![],
        )
        .await;
    assert_eq!(
        Decimal::from_str(caught.as_str().unwrap()).unwrap(),
        spend,
        "the unsaved rule catches every {service} line, placed first"
    );
    assert!(
        app.text("[data-testid=draft-unallocated]")
            .await
            .contains(&currency),
        "what stays unallocated is shown"
    );
    shot(&app, "finops-rule-preview").await;

    let painted = app.painted().await;
    app.click("[data-action=save]").await;
    app.after_navigation(painted).await;
    app.wait_db("SELECT count(*) FROM allocation_rule", rules + 1)
        .await;
    let id = app.count("SELECT max(id) FROM allocation_rule");
    app.wait_for(&format!(
        "document.querySelector('tbody tr[data-id=\"{id}\"] [data-testid=rule-spend]')?.dataset.exact"
    ))
    .await;
    assert_eq!(rule_spend(&app, id).await, spend);
    shot(&app, "finops-rules").await;

    // Alt+↓ on the first row moves the rule below the next one.
    let order = |app: &App| -> Vec<i64> {
        let db = app.db();
        let mut stmt = db
            .prepare("SELECT id FROM allocation_rule ORDER BY priority, id")
            .unwrap();
        let ids: Vec<i64> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        ids
    };
    let first = order(&app);
    assert_eq!(first[0], id, "priority 0 puts it first");
    app.js(
        &format!("document.querySelector('tbody tr[data-id=\"{id}\"]').focus();"),
        vec![],
    )
    .await;
    app.js(
        "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', altKey: true, bubbles: true}));",
        vec![],
    )
    .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while order(&app).first() == Some(&id) {
        assert!(std::time::Instant::now() < deadline, "the rule moved");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(order(&app)[1], id);
    app.wait_for(&format!(
        "document.activeElement?.dataset?.id === '{id}' && document.activeElement.children[0].textContent === '2'"
    ))
    .await;

    // The preview over one month: the rule catches that month's lines of the service.
    let month: String = app
        .db()
        .query_row(
            "SELECT max(substr(billing_period_start, 1, 7)) FROM cost_line",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let in_month: Decimal = {
        let db = app.db();
        let mut stmt = db
            .prepare("SELECT effective_cost FROM cost_line WHERE billing_currency = ?1 AND lower(service_name) = lower(?2) AND substr(billing_period_start, 1, 7) = ?3")
            .unwrap();
        let costs: Vec<String> = stmt
            .query_map([&currency, &service, &month], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        costs.iter().map(|c| Decimal::from_str(c).unwrap()).sum()
    };
    app.select("[data-testid=preview-month]", &month).await;
    app.wait_for(&format!(
        "document.querySelector('[data-testid=allocation-summary]').textContent.includes('all months') === false && document.querySelector('tbody tr[data-id=\"{id}\"] [data-testid=rule-spend]')?.dataset.exact !== undefined"
    ))
    .await;
    assert_eq!(rule_spend(&app, id).await, in_month, "{service} in {month}");
    shot(&app, "finops-rules-month").await;
    app.close().await;
}

#[tokio::test]
async fn usage_imports_through_the_same_dialog_and_shows_in_unit_costs() {
    require_display!();
    let app = App::demo().await;
    let (model_id, model): (i64, String) = app
        .db()
        .query_row("SELECT id, name FROM model ORDER BY id", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let file = app.home.path().join("usage-2031.csv");
    std::fs::write(
        &file,
        format!("model,month,inferences,training_runs\n{model},2031-01,4000,2\n{model},2031-02,5000,1\n"),
    )
    .unwrap();

    // The File menu offers the billing import (its native dialog is not driven here).
    app.click(".file-button").await;
    assert!(app.text(".menu").await.contains("Import billing…"));
    app.click(".file-button").await;

    app.goto("#/finops/usage").await;
    start_import(&app, "usage", &[file.to_str().unwrap().to_string()]).await;
    app.wait_for("document.querySelector('[data-testid=import-headline]')")
        .await;
    assert!(app
        .text("[data-testid=import-headline]")
        .await
        .contains("Imported 2 usage rows from 1 file"));
    shot(&app, "finops-usage-import").await;
    app.click("[data-action=close-import]").await;
    app.wait_db(
        &format!("SELECT count(*) FROM usage WHERE model_id = {model_id} AND month IN ('2031-01', '2031-02')"),
        2,
    )
    .await;
    // The month appears in the unit-cost page's picker, with the model's usage.
    app.goto("#/finops/unit-costs/2031-02").await;
    app.wait_for("document.querySelector('[data-testid=unit-costs-page]')")
        .await;
    // The model's row for 2031-02: the usage typed into the file, and no spend that month.
    let row = app
        .js(
            "const tr = [...document.querySelectorAll('[data-testid=unit-costs] tbody tr')].find((tr) => tr.children[0].textContent === arguments[0]); return tr ? [...tr.children].map((td) => td.textContent) : null;",
            vec![json!(model)],
        )
        .await;
    assert_eq!(
        row[0],
        json!(model),
        "the model has a row in 2031-02: {row}"
    );
    assert_eq!(row[2], json!("5,000"), "inferences of 2031-02: {row}");
    assert_eq!(row[6], json!("1"), "training runs of 2031-02: {row}");
    // The unit cost says what it is made of: the inferences typed into the file.
    let per_1k_title = app
        .js(
            "const tr = [...document.querySelectorAll('[data-testid=unit-costs] tbody tr')].find((tr) => tr.children[0].textContent === arguments[0]); return tr.children[3].querySelector('strong').title;",
            vec![json!(model)],
        )
        .await;
    assert!(
        per_1k_title
            .as_str()
            .unwrap_or("")
            .ends_with("for 5,000 inferences"),
        "the per-1k cell explains its inputs: {per_1k_title}"
    );
    app.close().await;
}

#[tokio::test]
async fn the_unit_cost_page_in_the_dark_theme() {
    require_display!();
    let app = App::demo_with_env(&[("GTK_THEME", "Adwaita:dark")]).await;
    app.goto("#/finops").await;
    app.wait_for("document.querySelectorAll('img.fo-chart').length === 2 && [...document.querySelectorAll('img.fo-chart')].every((i) => i.complete && i.naturalWidth > 0)")
        .await;
    shot(&app, "finops-unit-costs-dark").await;
    // The page is in the dark theme: its colours, as computed, and their contrast.
    let colours = app
        .js(
            "const c = (s) => getComputedStyle(document.querySelector(s)); return [matchMedia('(prefers-color-scheme: dark)').matches, c('body').backgroundColor, c('body').color, c('[data-testid=unit-costs-page] .card').backgroundColor, c('[data-testid=unit-costs-page] .card-head h2').color, c('[data-testid=total-spend]').color];",
            vec![],
        )
        .await;
    assert_eq!(
        colours,
        json!([
            true,
            "rgb(22, 24, 28)",
            "rgb(227, 230, 234)",
            "rgb(22, 24, 28)",
            "rgb(160, 168, 179)",
            "rgb(227, 230, 234)"
        ]),
        "#16181c background, #e3e6ea text, #a0a8b3 headings"
    );
    let rgb = |i: usize| parse_rgb(colours[i].as_str().unwrap());
    let text = contrast(rgb(2), rgb(1));
    assert!((text - 14.2).abs() < 0.05, "text contrast {text:.2}:1");
    let muted = contrast(rgb(4), rgb(3));
    assert!((muted - 7.4).abs() < 0.05, "headings contrast {muted:.2}:1");
    assert!(muted >= 7.0, "AAA for the smallest text");
    // Both charts are drawn on the dark chart background (#1E1E1E) with light ink (#EEEEEE).
    let charts = app
        .js(
            "return [...document.querySelectorAll('img.fo-chart')].map((i) => { const s = i.getAttribute('src'); return decodeURIComponent(s.slice(s.indexOf(',') + 1)).toUpperCase(); });",
            vec![],
        )
        .await;
    let charts: Vec<String> = serde_json::from_value(charts).unwrap();
    assert_eq!(charts.len(), 2);
    for svg in &charts {
        assert!(
            svg.contains("#1E1E1E") && svg.contains("#EEEEEE"),
            "{svg:.300}"
        );
        assert!(!svg.contains("#FFFFFF"), "no light background");
    }
    app.js(
        "document.querySelector('[data-testid=chart-spend]').scrollIntoView();",
        vec![],
    )
    .await;
    shot(&app, "finops-charts-dark").await;
    app.close().await;
}

#[tokio::test]
async fn usage_is_editable_in_a_form() {
    require_display!();
    let app = App::demo().await;
    let model = app.count("SELECT min(id) FROM model");
    app.goto("#/finops/usage/new").await;
    app.select("#f-model_id", &model.to_string()).await;
    app.fill("#f-month", "2031-05").await;
    app.fill("#f-inferences", "125000").await;
    app.fill("#f-training_runs", "3").await;
    let painted = app.painted().await;
    app.click("[data-action=save]").await;
    app.after_navigation(painted).await;
    app.wait_db(
        &format!("SELECT count(*) FROM usage WHERE model_id = {model} AND month = '2031-05' AND inferences = 125000 AND training_runs = 3"),
        1,
    )
    .await;
    let _: Value = app.js("return true", vec![]).await;
    app.close().await;
}

/// A screenshot once the last change has been painted (WebKit composites asynchronously).
async fn shot(app: &App, name: &str) {
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.screenshot(name).await;
}

/// `rgb(r, g, b)` as computed by the page.
fn parse_rgb(text: &str) -> [f64; 3] {
    let inner = text.trim_start_matches("rgb(").trim_end_matches(')');
    let parts: Vec<f64> = inner
        .split(',')
        .map(|p| p.trim().parse().unwrap())
        .collect();
    [parts[0], parts[1], parts[2]]
}

/// The WCAG contrast ratio of two colours.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let luminance = |c: [f64; 3]| {
        let channel = |v: f64| {
            let v = v / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// An integer as the page shows it (en-US grouping).
fn format_int(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("\u{2212}{out}")
    } else {
        out
    }
}

/// Keyboard only: Enter on a rule opens its editor, Escape closes it, and the focus is back on
/// that rule's row (not lost at the top of the window).
#[tokio::test]
async fn escape_closes_the_rule_editor_and_returns_to_its_row() {
    require_display!();
    let app = App::demo().await;
    let id = app.count("SELECT id FROM allocation_rule ORDER BY priority, id LIMIT 1 OFFSET 1");
    app.goto("#/finops/allocation-rules").await;
    let row = app.find(&format!("tr[data-id=\"{id}\"]")).await;
    app.js(
        "document.querySelector(`tr[data-id=\"${arguments[0]}\"]`).focus();",
        vec![json!(id)],
    )
    .await;
    let before = app.painted().await;
    row.send_keys("\u{E007}").await.expect("Enter");
    app.after_navigation(before).await;
    app.wait_for("document.querySelector('.fo-rule-panel:not([hidden])')")
        .await;
    let before = app.painted().await;
    app.js(
        "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));",
        vec![],
    )
    .await;
    app.after_navigation(before).await;
    let focused = app
        .js("return document.activeElement?.dataset?.id ?? '';", vec![])
        .await;
    assert_eq!(
        focused,
        json!(id.to_string()),
        "focus is back on the rule's row"
    );
    app.close().await;
}

/// The exact spend the rules table shows for rule `id`.
async fn rule_spend(app: &App, id: i64) -> Decimal {
    let text = app
        .js(
            &format!("return document.querySelector('tbody tr[data-id=\"{id}\"] [data-testid=rule-spend]').dataset.exact"),
            vec![],
        )
        .await;
    Decimal::from_str(text.as_str().unwrap()).unwrap()
}
