//! The guided import in the real window: the Jira Cloud fixture walked through the four steps
//! from the roadmap board's "Import…" (file, first rows, columns with the initiative kind given
//! for every row, values with Jira's statuses mapped), checked, imported, and shown on the
//! board in its quarters with its effort; the notice's Undo takes the import back as one step.

use fantoccini::key::Key;
use serde_json::json;

use super::harness::{require_display, App};
use crate::support::fixture;

/// Waits until the import dialog shows step `n`.
async fn at_step(app: &App, n: u32) {
    app.wait_for(&format!(
        "document.querySelector('dialog.record-import[data-step=\"{n}\"]')"
    ))
    .await;
}

/// Waits two frames, so a screenshot shows the step just drawn.
async fn shot(app: &App, name: &str) {
    app.js(
        "window.riPainted = false; requestAnimationFrame(() => requestAnimationFrame(() => { window.riPainted = true; }));",
        vec![],
    )
    .await;
    app.wait_for("window.riPainted === true").await;
    app.screenshot(name).await;
}

/// The value chosen in a select of the import dialog.
async fn chosen(app: &App, css: &str) -> String {
    let value = app
        .js(
            "return document.querySelector(arguments[0])?.value ?? '(none)'",
            vec![json!(css)],
        )
        .await;
    value.as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_jira_export_walks_the_four_steps_onto_the_roadmap_board() {
    require_display!();
    let app = App::demo().await;
    let before = app.count("SELECT count(*) FROM initiative");
    app.goto("#/roadmap/board").await;
    app.click("[data-action=import]").await;

    // 1. The kind and the file.
    at_step(&app, 1).await;
    assert_eq!(chosen(&app, "#ri-kind").await, "initiative");
    let jira = fixture("import/jira-cloud-initiatives.csv");
    app.fill("#ri-path", jira.to_str().expect("utf-8 path"))
        .await;
    app.click("dialog.record-import [data-action=next]").await;

    // 2. Its first rows.
    at_step(&app, 2).await;
    let found = app.text("[data-testid=import-found]").await;
    assert!(
        found.starts_with("10 rows below the header on the first row, 23 columns."),
        "{found}"
    );
    let sample = app.text("[data-testid=import-sample]").await;
    assert!(
        sample.contains("Ranker v3 with LLM features") && sample.contains("MLR-412"),
        "{sample}"
    );
    shot(&app, "import-2-first-rows").await;
    app.click("dialog.record-import [data-action=next]").await;

    // 3. Columns matched by their Jira names; the kind is given for every row.
    at_step(&app, 3).await;
    for (field, column) in [
        ("title", "Summary"),
        ("status", "Status"),
        ("team_id", "Custom field (Team)"),
        ("quarter", "Fix versions"),
        ("effort_pw", "Custom field (Story Points)"),
        ("kind", ""),
    ] {
        let css = format!("tr[data-field={field}] [data-role=column]");
        assert_eq!(chosen(&app, &css).await, column, "{field}");
    }
    app.select("tr[data-field=kind] [data-role=constant]", "feature")
        .await;
    shot(&app, "import-3-columns").await;
    app.click("dialog.record-import [data-action=next]").await;

    // 4. Jira's statuses mapped to initiative statuses; team names found as they are.
    at_step(&app, 4).await;
    app.wait_for("document.querySelector('[data-testid=import-values]')")
        .await;
    for (value, status) in [
        ("Selected for Development", "committed"),
        ("In Review", "in_progress"),
        ("Won't Do", "cancelled"),
        ("To Do", "proposed"),
    ] {
        let css = format!("fieldset[data-field=status] [data-value=\"{value}\"]");
        assert_eq!(chosen(&app, &css).await, status, "{value}");
    }
    assert_eq!(
        chosen(
            &app,
            "fieldset[data-field=team_id] [data-value=\"ML Platform\"]"
        )
        .await,
        "ML Platform"
    );
    app.click("dialog.record-import [data-action=check]").await;
    app.wait_for("document.querySelector('[data-testid=import-result] .ri-ready')")
        .await;
    let ready = app.text("[data-testid=import-result]").await;
    assert!(ready.starts_with("All 10 rows pass."), "{ready}");
    assert_eq!(
        app.count("SELECT count(*) FROM initiative"),
        before,
        "a check keeps nothing"
    );
    shot(&app, "import-4-values").await;
    app.click("dialog.record-import [data-action=import]").await;

    // The board shows them in their quarters with their effort.
    app.wait_db("SELECT count(*) FROM initiative", before + 10)
        .await;
    app.wait_for(
        "!document.querySelector('dialog.record-import') && document.querySelector('.board-card[data-title=\"Model registry lineage capture\"]')",
    )
    .await;
    for (title, quarter, effort) in [
        ("Ranker v3 with LLM features", "FY2027-Q1", "8.0 pw"),
        ("Feature store online serving GA", "FY2027-Q1", "10.0 pw"),
        ("Model registry lineage capture", "FY2027-Q2", "7.0 pw"),
        ("Card fraud scorer drift monitoring", "FY2027-Q2", "5.0 pw"),
    ] {
        let css = format!(
            ".board-cell[data-quarter=\"{quarter}\"] .board-card[data-title=\"{title}\"] .board-effort"
        );
        assert_eq!(app.text(&css).await, effort, "{title}");
    }
    shot(&app, "import-board").await;

    // The whole import is one step: the notice's Undo takes all ten away.
    app.click(".toast [data-action=undo]").await;
    app.wait_db("SELECT count(*) FROM initiative", before).await;
    app.close().await;
}

/// Sends `keys` to the element matching `css`.
async fn keys(app: &App, css: &str, keys: &str) {
    app.find(css)
        .await
        .send_keys(keys)
        .await
        .unwrap_or_else(|e| panic!("keys to {css}: {e}"));
}

#[tokio::test]
async fn an_unknown_team_is_refused_then_created_in_the_values_step() {
    require_display!();
    let app = App::demo().await;
    let initiatives = app.count("SELECT count(*) FROM initiative");
    let growth = "SELECT count(*) FROM team WHERE name = 'Growth Analytics'";
    assert_eq!(app.count(growth), 0);

    // From the keyboard: Ctrl+K, "Import initiatives…", Enter.
    app.goto("#/overview").await;
    keys(&app, "body", &format!("{}k", char::from(Key::Control))).await;
    app.wait_for("document.querySelector('dialog.palette .palette-input')")
        .await;
    keys(&app, "dialog.palette .palette-input", "import initiatives").await;
    app.wait_for(
        "document.querySelector('dialog.palette li.active')?.textContent.startsWith('Import initiatives')",
    )
    .await;
    keys(
        &app,
        "dialog.palette .palette-input",
        &Key::Enter.to_string(),
    )
    .await;
    at_step(&app, 1).await;
    assert_eq!(chosen(&app, "#ri-kind").await, "initiative");
    let broken = fixture("import/jira-cloud-initiatives-unknown-team.csv");
    app.fill("#ri-path", broken.to_str().expect("utf-8 path"))
        .await;
    keys(&app, "#ri-path", &Key::Enter.to_string()).await;
    at_step(&app, 2).await;
    app.click("dialog.record-import [data-action=next]").await;
    at_step(&app, 3).await;
    app.select("tr[data-field=kind] [data-role=constant]", "platform")
        .await;
    app.click("dialog.record-import [data-action=next]").await;
    at_step(&app, 4).await;

    // The name matching no team: left unmatched, the check names its row and column.
    let unknown = "fieldset[data-field=team_id] [data-value=\"Growth Analytics\"]";
    app.wait_for(&format!(
        "document.querySelector('{}')",
        unknown.replace('\'', "\\'")
    ))
    .await;
    assert_eq!(chosen(&app, unknown).await, "");
    app.click("dialog.record-import [data-action=check]").await;
    app.wait_for("document.querySelector('[data-testid=import-errors]')")
        .await;
    let refused = app.text("[data-testid=import-errors] tbody tr").await;
    assert_eq!(
        refused,
        "8 (MLR-441)Custom field (Team)Growth Analyticsno team has this name or id; map it to one or create it"
    );
    shot(&app, "import-refused").await;

    // Created instead: the team and all ten initiatives arrive together.
    app.select(unknown, "__create__").await;
    app.click("dialog.record-import [data-action=import]").await;
    app.wait_db("SELECT count(*) FROM initiative", initiatives + 10)
        .await;
    assert_eq!(app.count(growth), 1);
    let kind = app.count(
        "SELECT count(*) FROM initiative i JOIN team t ON t.id = i.team_id \
         WHERE t.name = 'Growth Analytics' AND i.kind = 'platform' AND i.title = 'Model registry lineage capture'",
    );
    assert_eq!(kind, 1);
    app.close().await;
}
