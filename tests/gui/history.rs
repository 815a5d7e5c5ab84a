//! Undo and redo in the real window (WebDriver under Xvfb): an initiative moved on the roadmap
//! board, Ctrl+Z puts the board order, the plan in the file and the capacity balances back
//! exactly; Ctrl+Shift+Z gives the moved state again. The History view lists the move.

use fantoccini::key::Key;
use serde_json::{json, Value};

use super::harness::{require_display, App};
use crate::support;

/// What the board shows of the teams and quarters involved: card order and balance per cell.
async fn board_state(app: &App, team_id: i64) -> Value {
    app.js(
        "const out = {};
         for (const q of ['FY2027-Q2', 'FY2027-Q3']) {
           const cell = document.querySelector(`.board-cell[data-team=\"${arguments[0]}\"][data-quarter=\"${q}\"]`);
           out[q] = {
             cards: [...cell.querySelectorAll('.board-card')].map((c) => c.dataset.id),
             balance: cell.querySelector('.board-balance')?.textContent ?? null,
           };
         }
         return out;",
        vec![json!(team_id)],
    )
    .await
}

/// The plan in the file: every initiative's team, quarter and rank.
fn plan(app: &App) -> Vec<(i64, i64, String, i64)> {
    let conn = app.db();
    let mut stmt = conn
        .prepare("SELECT id, team_id, quarter, rank FROM initiative ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// `quartermaster capacity` for a quarter as CSV (the balances by the CLI, not the window).
fn cli_capacity(app: &App, quarter: &str) -> String {
    let db = app.db.to_str().expect("utf-8 path");
    support::ok(
        app.home.path(),
        &[
            "--db",
            db,
            "capacity",
            "--quarter",
            quarter,
            "--format",
            "csv",
        ],
    )
}

async fn press(app: &App, id: i64, keys: &str) {
    app.wait_for(&format!(
        "document.querySelector('.board-card[data-id=\"{id}\"]')"
    ))
    .await;
    app.js(
        "document.querySelector(`.board-card[data-id=\"${arguments[0]}\"]`).focus();",
        vec![json!(id)],
    )
    .await;
    let card = app.find(&format!(".board-card[data-id=\"{id}\"]")).await;
    card.send_keys(keys).await.expect("send keys");
}

#[tokio::test]
async fn undo_and_redo_a_board_move_with_the_keyboard() {
    require_display!();
    let app = App::demo().await;
    let before = app.painted().await;
    app.js(
        "const s = document.getElementById('quarter'); s.value = 'FY2027-Q2'; s.dispatchEvent(new Event('change'));",
        vec![],
    )
    .await;
    app.after_navigation(before).await;
    let (id, team_id): (i64, i64) = app
        .db()
        .query_row(
            "SELECT id, team_id FROM initiative WHERE quarter = 'FY2027-Q2' AND status <> 'cancelled' ORDER BY rank LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    app.goto("#/roadmap").await;
    app.wait_for(&format!(
        "document.querySelector('.board-card[data-id=\"{id}\"]')"
    ))
    .await;
    let (board_before, plan_before) = (board_state(&app, team_id).await, plan(&app));
    let cli_before = (
        cli_capacity(&app, "FY2027-Q2"),
        cli_capacity(&app, "FY2027-Q3"),
    );

    // The move: Ctrl+→ takes the card to FY2027-Q3.
    press(
        &app,
        id,
        &format!("{}{}", char::from(Key::Control), char::from(Key::Right)),
    )
    .await;
    app.wait_db(
        &format!("SELECT count(*) FROM initiative WHERE id = {id} AND quarter = 'FY2027-Q3'"),
        1,
    )
    .await;
    app.wait_for(&format!(
        "document.querySelector('.board-cell[data-quarter=\"FY2027-Q3\"] .board-card[data-id=\"{id}\"]')"
    ))
    .await;
    // The notice after the move offers Undo.
    app.wait_for("document.querySelector('.toast .toast-action[data-action=undo]')")
        .await;
    let (board_moved, plan_moved) = (board_state(&app, team_id).await, plan(&app));
    assert_ne!(board_moved, board_before);
    assert_ne!(plan_moved, plan_before);
    let cli_moved = (
        cli_capacity(&app, "FY2027-Q2"),
        cli_capacity(&app, "FY2027-Q3"),
    );
    assert_ne!(
        cli_moved, cli_before,
        "the move changes the capacity balances"
    );

    // Ctrl+Z: the board, the file and the capacity figures are back to before, exactly.
    press(&app, id, &format!("{}z", char::from(Key::Control))).await;
    app.wait_db(
        &format!("SELECT count(*) FROM initiative WHERE id = {id} AND quarter = 'FY2027-Q2'"),
        1,
    )
    .await;
    app.wait_for(&format!(
        "document.querySelector('.board-cell[data-quarter=\"FY2027-Q2\"] .board-card[data-id=\"{id}\"]') && [...document.querySelectorAll('.toast')].some((t) => t.textContent.startsWith('Undid: Move initiative'))"
    ))
    .await;
    assert_eq!(board_state(&app, team_id).await, board_before);
    assert_eq!(plan(&app), plan_before);
    assert_eq!(
        (
            cli_capacity(&app, "FY2027-Q2"),
            cli_capacity(&app, "FY2027-Q3")
        ),
        cli_before
    );
    app.screenshot("history-undo").await;

    // Ctrl+Shift+Z: the moved state again.
    press(
        &app,
        id,
        &format!("{}{}z", char::from(Key::Control), char::from(Key::Shift)),
    )
    .await;
    app.wait_db(
        &format!("SELECT count(*) FROM initiative WHERE id = {id} AND quarter = 'FY2027-Q3'"),
        1,
    )
    .await;
    app.wait_for(&format!(
        "document.querySelector('.board-cell[data-quarter=\"FY2027-Q3\"] .board-card[data-id=\"{id}\"]')"
    ))
    .await;
    assert_eq!(board_state(&app, team_id).await, board_moved);
    assert_eq!(plan(&app), plan_moved);
    assert_eq!(
        (
            cli_capacity(&app, "FY2027-Q2"),
            cli_capacity(&app, "FY2027-Q3")
        ),
        cli_moved
    );

    // The History view lists the move, its undo and its redo.
    app.goto("#/history").await;
    app.wait_for("document.querySelector('.history-item')")
        .await;
    let text = app.text(".history-list").await;
    assert!(text.contains("Move initiative"), "{text}");
    assert!(
        text.to_lowercase().contains("redo") && text.to_lowercase().contains("undo"),
        "{text}"
    );
    app.screenshot("history-view").await;

    // The initiative's side panel: its History tab shows the quarter before → after.
    app.goto(&format!("#/roadmap/initiative/{id}")).await;
    app.wait_for("document.querySelector('.panel [data-tab=history]')")
        .await;
    app.click(".panel [data-tab=history]").await;
    app.wait_for("document.querySelector('.record-history .history-item')")
        .await;
    let tab = app.text(".record-history").await;
    assert!(tab.contains("FY2027-Q2 → FY2027-Q3"), "{tab}");
    assert!(tab.contains("Move initiative"), "{tab}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let shown = app
        .js("const p = document.querySelector('.record-history'); return Boolean(p && !p.hidden && p.querySelector('.history-item'));", vec![])
        .await;
    assert_eq!(shown, json!(true), "the History tab stays shown");
    app.screenshot("history-record-tab").await;
    app.close().await;
}
