//! File → Backups in the real window (WebDriver under Xvfb): the daily backup taken on opening
//! is listed with its counts, "Back up now" adds one, a restore puts the risks back in the file
//! (and backs up the state it replaced), and a backup opens read-only with a badge.

use std::time::{Duration, Instant};

use quartermaster_core::backup;
use serde_json::json;

use super::harness::{require_display, App};

async fn open_backups(app: &App) {
    app.click(".file-button").await;
    app.js(
        "[...document.querySelectorAll('.menu-item')].find(b => b.textContent.includes('Backups')).click()",
        vec![],
    )
    .await;
    app.find("dialog.backups tr[data-backup]").await;
}

async fn rows(app: &App) -> Vec<String> {
    let value = app
        .js(
            "return [...document.querySelectorAll('dialog.backups tr[data-backup]')].map(tr => tr.textContent)",
            vec![],
        )
        .await;
    serde_json::from_value(value).unwrap_or_default()
}

async fn wait_rows(app: &App, n: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found = rows(app).await;
        if found.len() == n {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "expected {n} rows, got {found:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn backups() {
    require_display!();
    let app = App::demo().await;
    let risks = app.count("SELECT count(*) FROM risk");
    let teams = app.count("SELECT count(*) FROM team");
    assert!(risks > 0);
    // Opening the file (no backup yet) took the daily one.
    let listed = backup::list(&app.db).expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].reason, "daily");
    assert_eq!(listed[0].counts["risk"], risks);

    // Another program removes every risk; the backup still has them.
    rusqlite::Connection::open(&app.db)
        .expect("open")
        .execute("DELETE FROM risk", [])
        .expect("delete risks");
    assert_eq!(app.count("SELECT count(*) FROM risk"), 0);

    open_backups(&app).await;
    let first = wait_rows(&app, 1).await;
    assert!(first[0].contains("1. daily"), "{first:?}");
    assert!(first[0].contains(&format!("{teams} teams")), "{first:?}");
    app.screenshot("backups").await;

    // Back up now: a second row, newest first, holding no risks.
    app.click("[data-action=backup-now]").await;
    let two = wait_rows(&app, 2).await;
    assert!(two[0].contains("2. on demand"), "{two:?}");
    let listed = backup::list(&app.db).expect("list");
    assert_eq!(listed[0].counts["risk"], 0);

    // Restore the daily backup: the risks come back, and the state replaced is backup 3.
    app.click("tr[data-backup='1'] [data-action=restore]").await;
    app.click("dialog.confirm [data-action=confirm]").await;
    app.wait_db("SELECT count(*) FROM risk", risks).await;
    app.wait_for("!document.querySelector('dialog.backups')")
        .await;
    let listed = backup::list(&app.db).expect("list");
    assert_eq!(listed[0].reason, "before restore");
    assert_eq!(listed[0].counts["risk"], 0);
    assert_eq!(app.count("SELECT count(*) FROM team"), teams);
    let integrity: String = app
        .db()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(integrity, "ok");
    // The app works on the restored file: its risk list shows them.
    app.goto("#/operations/risk").await;
    let shown = app
        .js(
            "return document.querySelectorAll('table.grid tbody tr[data-id]').length",
            vec![],
        )
        .await;
    assert_eq!(shown, json!(risks));

    // Open the on-demand backup read-only: the badge shows, and its risk list is empty.
    open_backups(&app).await;
    wait_rows(&app, 3).await;
    app.click("tr[data-backup='2'] [data-action=open-read-only]")
        .await;
    app.find("[data-testid=backup-read-only]").await;
    app.goto("#/operations/risk").await;
    let shown = app
        .js(
            "return document.querySelectorAll('table.grid tbody tr[data-id]').length",
            vec![],
        )
        .await;
    assert_eq!(shown, json!(0));
    app.screenshot("backup-read-only").await;
    app.click("[data-testid=backup-read-only] button").await;
    app.wait_for("!document.querySelector('[data-testid=backup-read-only]')")
        .await;
    app.close().await;
}
