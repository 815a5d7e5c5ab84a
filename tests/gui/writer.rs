//! One writer at a time, in the window: a file another Quartermaster writes is offered
//! read-only, refuses changes in words, follows the other's saves, and can be edited once the
//! other has let go.

use std::time::Duration;

use quartermaster_core::store::Access;
use quartermaster_core::Store;
use serde_json::json;

use super::harness::{require_display, App};

fn hold(db: &std::path::Path) -> Store {
    Store::open_with(
        db,
        Access::Write {
            program: "the other window",
            wait: Duration::ZERO,
        },
    )
    .unwrap()
}

#[tokio::test]
async fn a_file_in_use_opens_read_only_follows_the_writer_and_is_edited_once_free() {
    require_display!();
    let mut other = None;
    let app = App::with_demo_prepared(|db| other = Some(hold(db))).await;
    let mut other = other.unwrap();

    // The window says who has the file and offers to look at it read-only.
    app.wait_for("document.querySelector('[data-testid=file-in-use]')")
        .await;
    let card = app.text("[data-testid=file-in-use]").await;
    assert!(
        card.contains("demo.db is open in another Quartermaster"),
        "{card}"
    );
    assert!(
        card.contains(&format!(
            "another Quartermaster has this file open for writing (the other window, process {} on ",
            std::process::id()
        )),
        "{card}"
    );
    assert!(!card.contains("database is locked"));
    app.screenshot("file-in-use").await;
    let focused = app
        .js("return document.activeElement.dataset.action;", vec![])
        .await;
    assert_eq!(
        focused,
        json!("open-read-only"),
        "the keyboard starts on the choice"
    );
    app.click("[data-action=open-read-only]").await;
    app.wait_for("document.querySelector('[data-testid=read-only]')")
        .await;
    assert_eq!(app.text("[data-testid=read-only]").await, "Read-only");

    // A change is refused in words, and nothing is written.
    let teams = app.count("SELECT count(*) FROM team");
    let (id, name): (i64, String) = app.pair("SELECT id, name FROM model ORDER BY id", []);
    app.goto(&format!("#/portfolio/model/{id}")).await;
    app.fill("#f-name", &format!("{name}-renamed")).await;
    app.click("[data-action=save]").await;
    app.wait_for("document.body.innerText.includes('the file is open read-only here')")
        .await;
    assert_eq!(
        app.count(&format!("SELECT count(*) FROM model WHERE name = '{name}'")),
        1
    );
    app.screenshot("file-read-only-refused").await;

    // The writer saves a new team: the read-only window shows it without being asked.
    app.goto("#/org/team").await;
    other
        .with_tx(|tx| {
            Ok(tx.execute(
                "INSERT INTO team (name, kind, created_at, updated_at) VALUES ('Evaluation', 'applied', '2026-12-05T10:00:00Z', '2026-12-05T10:00:00Z')",
                [],
            )?)
        })
        .unwrap();
    app.wait_for("[...document.querySelectorAll('#view tbody tr')].some((tr) => tr.textContent.includes('Evaluation'))")
        .await;
    app.wait_for(
        "document.body.innerText.includes('Updated with changes saved by another Quartermaster')",
    )
    .await;
    assert_eq!(app.count("SELECT count(*) FROM team"), teams + 1);
    app.screenshot("file-read-only-refreshed").await;

    // Once the other has let go, the badge opens the file for editing, and this window holds it.
    drop(other);
    app.click("[data-testid=read-only]").await;
    app.wait_for("!document.querySelector('[data-testid=read-only]') && document.querySelector('#view [data-nav], #view .view, #view table')")
        .await;
    let refused = Store::open_with(
        &app.db,
        Access::Write {
            program: "a test",
            wait: Duration::ZERO,
        },
    );
    let Err(err) = refused else {
        panic!("the window holds the file for writing")
    };
    assert!(
        err.to_string().contains("(the Quartermaster app, process "),
        "{err}"
    );
    app.close().await;
}
