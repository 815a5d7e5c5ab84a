//! A new organisation's first screens: the Overview's getting-started checklist, whose steps
//! open their forms and tick as the file fills, and the first-run demo, current on today.

use chrono::{Datelike, Months};
use serde_json::Value;

use super::harness::{require_display, App};

/// The checklist's step keys with their done flag, and its "N of 6 done" line.
async fn checklist(app: &App) -> (Vec<(String, bool)>, String) {
    let steps = app
        .js(
            "return [...document.querySelectorAll('[data-testid=getting-started] li')]
                .map((li) => [li.dataset.step, li.dataset.done === 'true'])",
            vec![],
        )
        .await;
    let steps = steps
        .as_array()
        .expect("an array")
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap_or_default().to_string(),
                pair[1] == Value::Bool(true),
            )
        })
        .collect();
    (
        steps,
        app.text("[data-testid=getting-started] .card-head").await,
    )
}

#[tokio::test]
async fn a_new_organisation_is_guided_step_by_step_from_the_overview() {
    require_display!();
    let app = App::first_run().await;
    app.wait_for("document.querySelector('[data-action=create-organisation]')")
        .await;
    app.fill("#org-name", "Acme ML").await;
    let painted = app.painted().await;
    app.click("[data-action=create-organisation]").await;
    app.after_navigation(painted).await;
    app.wait_for("document.querySelector('[data-testid=getting-started]')")
        .await;

    let (steps, head) = checklist(&app).await;
    let keys: Vec<&str> = steps.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "teams",
            "positions",
            "models",
            "initiatives",
            "billing",
            "kpi_targets"
        ]
    );
    assert!(steps.iter().all(|(_, done)| !done));
    assert!(head.contains("0 of 6 done"), "{head}");
    // Each step leads to where it is done: a form, the billing import, the KPI catalogue.
    let hrefs = app
        .js(
            "return [...document.querySelectorAll('[data-testid=getting-started] a[data-action]')]
                .map((a) => a.getAttribute('href'))",
            vec![],
        )
        .await;
    assert_eq!(
        hrefs,
        serde_json::json!([
            "#/org/team/new",
            "#/org/position/new",
            "#/portfolio/model/new",
            "#/roadmap/initiative/new",
            "#/kpis/kpi"
        ])
    );
    assert_eq!(
        app.text("[data-testid=getting-started] button[data-action=billing]")
            .await,
        "Import billing…"
    );
    // Teams, positions, models, initiatives and KPI history can come from a file instead.
    let imports = app
        .js(
            "return [...document.querySelectorAll('[data-testid=getting-started] button[data-action^=import-]')]
                .map((b) => b.dataset.action)",
            vec![],
        )
        .await;
    assert_eq!(
        imports,
        serde_json::json!([
            "import-teams",
            "import-positions",
            "import-models",
            "import-initiatives",
            "import-kpi_targets"
        ])
    );
    app.click("[data-action=import-positions]").await;
    app.wait_for("document.querySelector('dialog.record-import[data-step=\"1\"]')")
        .await;
    let kind = app
        .js("return document.getElementById('ri-kind').value", vec![])
        .await;
    assert_eq!(kind, serde_json::json!("position"));
    app.js(
        "document.querySelector('dialog.record-import').dispatchEvent(new Event('cancel'))",
        vec![],
    )
    .await;
    app.wait_for("!document.querySelector('dialog.record-import')")
        .await;
    app.screenshot("getting-started").await;

    // The first step from the keyboard: focus its link, Enter opens the new-team form.
    app.js(
        "document.querySelector('[data-action=teams]').focus()",
        vec![],
    )
    .await;
    let painted = app.painted().await;
    app.find("[data-action=teams]")
        .await
        .send_keys("\u{E007}")
        .await
        .expect("Enter");
    app.after_navigation(painted).await;
    app.wait_for("document.getElementById('f-name')").await;
    app.fill("#f-name", "Search Relevance").await;
    let painted = app.painted().await;
    app.click("[data-action=save]").await;
    app.after_navigation(painted).await;
    app.wait_db(
        "SELECT count(*) FROM team WHERE name = 'Search Relevance'",
        1,
    )
    .await;

    app.goto("#/overview").await;
    app.wait_for(
        "document.querySelector('[data-testid=getting-started] [data-step=teams][data-done=true]')",
    )
    .await;
    let (steps, head) = checklist(&app).await;
    assert_eq!(steps[0], ("teams".to_string(), true));
    assert!(steps[1..].iter().all(|(_, done)| !done));
    assert!(head.contains("1 of 6 done"), "{head}");
    assert!(app.text("[data-step=teams]").await.contains("1 team"));
    app.screenshot("getting-started-one-done").await;
    app.close().await;
}

#[tokio::test]
async fn the_first_run_demo_bills_through_last_month() {
    require_display!();
    let app = App::first_run().await;
    app.wait_for("document.querySelector('[data-action=open-demo]')")
        .await;
    let painted = app.painted().await;
    app.click("[data-action=open-demo]").await;
    app.after_navigation(painted).await;
    app.wait_for("document.querySelector('[data-testid=overview]')")
        .await;

    let today = chrono::Local::now().date_naive();
    let last_month = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(1)))
        .expect("a month before today");
    let (newest,): (String,) = app
        .db()
        .query_row(
            "SELECT max(substr(charge_period_start, 1, 7)) FROM cost_line",
            [],
            |r| Ok((r.get(0)?,)),
        )
        .expect("billing lines");
    assert_eq!(newest, last_month.format("%Y-%m").to_string());

    // The spend card reads last month, with money in it; the demo needs no checklist.
    let spend = app
        .js(
            "const card = [...document.querySelectorAll('.card')]
                .find((c) => c.querySelector('h2')?.textContent.startsWith('Spend in'));
             return [card.querySelector('h2').textContent, card.querySelector('.figure-value').textContent,
                     card.querySelector('.figure-label').textContent]",
            vec![],
        )
        .await;
    let title = spend[0].as_str().unwrap_or_default();
    assert!(
        title.ends_with(&last_month.format("%Y").to_string()),
        "{spend}"
    );
    assert!(
        title.contains(&last_month.format("%b").to_string()),
        "{spend}"
    );
    let figure = spend[1].as_str().unwrap_or_default();
    assert!(
        figure.chars().any(|c| c.is_ascii_digit() && c != '0'),
        "{spend}"
    );
    assert_ne!(
        spend[2].as_str().unwrap_or_default(),
        "0 billing lines",
        "{spend}"
    );
    assert!(app
        .js(
            "return document.querySelector('[data-testid=getting-started]') === null",
            vec![]
        )
        .await
        .as_bool()
        .unwrap_or(false));
    app.screenshot("first-run-demo-current").await;
    app.close().await;
}
