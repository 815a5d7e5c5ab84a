//! An organisation ten times the demo's (as the benchmark makes it): the views that build only
//! their first screen still reach every row — the FinOps tables and History through "Show all",
//! the roadmap board by building its remaining team rows after the first paint.

use super::bench::ten_times;
use super::harness::{require_display, App};

#[tokio::test]
async fn large_views_reach_every_row() {
    require_display!();
    let app = App::with_demo_prepared(ten_times).await;

    // The board: every team gets its row and every card of the quarters shown is there.
    app.goto("#/roadmap/board").await;
    let teams = app.count("SELECT count(*) FROM team");
    app.wait_for(&format!(
        "document.querySelectorAll('.board-row:not(.board-head)').length === {teams}"
    ))
    .await;
    let cards = app
        .js(
            "return [document.querySelectorAll('.board-card').length, document.querySelector('.view-foot').textContent];",
            vec![],
        )
        .await;
    assert!(
        cards[1]
            .as_str()
            .unwrap_or("")
            .starts_with(&format!("{} initiatives", cards[0])),
        "{cards}"
    );

    app.screenshot("large-board").await;

    // Budgets against actual: the first 25, then all of them with the toggle, then 25 again.
    app.goto("#/finops/unit-costs").await;
    app.screenshot("large-finops").await;
    let rows = "document.querySelectorAll('[data-testid=budgets] tbody tr').length";
    assert_eq!(app.js(&format!("return {rows};"), vec![]).await, 25);
    let toggle = "[data-testid=budgets] [data-action=show-all]";
    let label = app.text(toggle).await;
    let total: u64 = label
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.replace(',', "").parse().ok())
        .unwrap_or_else(|| panic!("{label}"));
    assert!(total > 25, "{label}");
    app.click(toggle).await;
    app.wait_for(&format!("{rows} === {total}")).await;
    // The toggle keeps the keyboard and says it is expanded.
    assert_eq!(
        app.js(
            "const t = document.querySelector(arguments[0]); return [t.getAttribute('aria-expanded'), document.activeElement === t];",
            vec![serde_json::json!(toggle)]
        )
        .await,
        serde_json::json!(["true", true])
    );
    app.click(toggle).await;
    app.wait_for(&format!("{rows} === 25")).await;

    // History: the first 100 changes, every one of the 500 listed behind the toggle.
    app.goto("#/history").await;
    app.wait_for("document.querySelectorAll('.history-item').length === 100")
        .await;
    // Clicked from script: the changes above it get their real heights as WebDriver scrolls to
    // it (`content-visibility`), which moves it before WebDriver's pointer lands.
    app.js(
        "document.querySelector('.history-host [data-action=show-all]').click();",
        vec![],
    )
    .await;
    app.wait_for("document.querySelectorAll('.history-item').length === 500")
        .await;
    app.close().await;
}
