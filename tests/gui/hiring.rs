//! The hiring area in the real window (WebDriver under Xvfb): the blind rule as the page shows
//! it, draft autosave, submission, the debrief's disagreement flag, stage moves with their
//! dates, kits through the path-taking commands, and erasure — each checked against the store.

use std::collections::BTreeSet;

use rusqlite::types::FromSql;
use serde_json::{json, Value};

use super::harness::{require_display, App};

/// The page's whole markup plus every field's value, so "absent" means absent from the DOM,
/// not only hidden.
async fn source(app: &App) -> String {
    app.js(
        "return document.documentElement.outerHTML + [...document.querySelectorAll('input, textarea')].map(e => e.value).join('\\n')",
        vec![],
    )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Clicks the label of a radio button (its face; the input itself is transparent).
async fn choose(app: &App, css: &str) {
    click_centred(app, &format!("label:has(> {css})")).await;
}

/// Scrolls an element to the middle of its box (clear of notices in the corner), then clicks it.
async fn click_centred(app: &App, css: &str) {
    app.find(css).await;
    app.js(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})",
        vec![json!(css)],
    )
    .await;
    app.click(css).await;
}

/// Sets an input's value by script rather than typing (the date fields).
async fn set_value(app: &App, css: &str, value: &str) {
    app.js(
        "document.querySelector(arguments[0]).value = arguments[1]",
        vec![json!(css), json!(value)],
    )
    .await;
}

/// Calls a command the UI can call (for the path-taking halves of the dialog commands).
async fn invoke(app: &App, command: &str, args: Value) -> Value {
    app.js(
        "return window.__TAURI__.core.invoke(arguments[0], arguments[1])
           .then((v) => ({ok: v}), (e) => ({err: e}));",
        vec![json!(command), args],
    )
    .await
}

/// Clicks an action that saves and repaints the view, waits for the repaint, then until the
/// store holds what was saved (`saved` counts exactly one row).
async fn save_and_check(app: &App, css: &str, saved: &str) {
    let painted = app.painted().await;
    click_centred(app, css).await;
    app.after_navigation(painted).await;
    app.wait_db(saved, 1).await;
}

/// The first column of every row of `sql`, with `?1` bound to `id`.
fn column<T: FromSql, C: FromIterator<T>>(app: &App, sql: &str, id: i64) -> C {
    let db = app.db();
    let mut stmt = db.prepare(sql).unwrap();
    let values = stmt
        .query_map([id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    values
}

/// Dimensions of a candidate whose submitted ratings differ by 2 or more.
fn disagreements(app: &App, candidate_id: i64) -> BTreeSet<i64> {
    column(
        app,
        "SELECT r.dimension_id FROM rating r
         JOIN scorecard s ON s.id = r.scorecard_id AND s.submitted_at IS NOT NULL
         JOIN interview i ON i.id = s.interview_id
         WHERE i.candidate_id = ?1
         GROUP BY r.dimension_id HAVING max(r.score) - min(r.score) >= 2",
        candidate_id,
    )
}

#[tokio::test]
async fn hiring_blind_scorecards_autosave_submit_and_debrief_flags() {
    require_display!();
    let app = App::demo().await;
    // The demo's Jordan Ellis: three panelists submitted; Diego Alvarez still has a draft.
    let (candidate, interview, card): (i64, i64, i64) = app
        .db()
        .query_row(
            "SELECT c.id, i.id, s.id FROM candidate c JOIN interview i ON i.candidate_id = c.id
             JOIN scorecard s ON s.interview_id = i.id
             WHERE c.name = 'Jordan Ellis' AND i.interviewer = 'Diego Alvarez' AND s.submitted_at IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("the demo has Diego's draft for Jordan Ellis");
    // What the other panelists wrote that Diego's own card does not also say.
    let own: BTreeSet<String> = column(
        &app,
        "SELECT evidence FROM rating WHERE scorecard_id = ?1
         UNION SELECT evidence FROM draft_evidence WHERE scorecard_id = ?1
         UNION SELECT strong_signals FROM scorecard WHERE id = ?1
         UNION SELECT red_flags FROM scorecard WHERE id = ?1",
        card,
    );
    let others: Vec<String> = column::<String, Vec<_>>(
        &app,
        "SELECT r.evidence FROM rating r JOIN scorecard s ON s.id = r.scorecard_id
         JOIN interview i ON i.id = s.interview_id
         WHERE i.candidate_id = ?1 AND i.interviewer <> 'Diego Alvarez' AND s.submitted_at IS NOT NULL
         UNION SELECT s.strong_signals FROM scorecard s JOIN interview i ON i.id = s.interview_id
         WHERE i.candidate_id = ?1 AND i.interviewer <> 'Diego Alvarez' AND s.strong_signals <> ''",
        candidate,
    )
    .into_iter()
    .filter(|t| !own.contains(t))
    .collect();
    assert!(
        !others.is_empty(),
        "the other panelists wrote evidence to look for"
    );

    // Diego picks himself and opens his card: the panel's cards are not in the page at all.
    app.goto("#/hiring/scorecards").await;
    let painted = app.painted().await;
    app.select("#hiring-viewer", "Diego Alvarez").await;
    app.after_navigation(painted).await;
    app.goto(&format!("#/hiring/scorecards/{interview}")).await;
    app.wait_for("document.querySelector('[data-testid=blind]')")
        .await;
    assert!(app
        .text("[data-testid=blind]")
        .await
        .contains("Submit your scorecard to see the panel's"));
    let page = source(&app).await;
    for text in &others {
        assert!(
            !page.contains(text.as_str()),
            "a blind panelist's page holds another card's text: {text:?}"
        );
    }
    app.screenshot("hiring-scorecard-blind").await;
    // The debrief is refused for him as well.
    app.goto(&format!("#/hiring/debrief/{candidate}")).await;
    app.wait_for("document.querySelector('[data-testid=blind]')")
        .await;
    let page = source(&app).await;
    for text in &others {
        assert!(!page.contains(text.as_str()), "debrief leaks {text:?}");
    }

    // Autosave: evidence typed for a dimension not rated yet is kept as a draft.
    app.goto(&format!("#/hiring/scorecards/{interview}")).await;
    let systems: i64 =
        app.count("SELECT id FROM dimension WHERE name = 'ML Systems & Architecture'");
    let typed = "Skipped the rollback plan entirely when asked about a bad model push.";
    app.fill(&format!("[data-evidence='{systems}']"), typed)
        .await;
    app.wait_db(
        &format!(
            "SELECT count(*) FROM draft_evidence WHERE scorecard_id = {card} AND dimension_id = {systems} AND evidence = '{typed}'"
        ),
        1,
    )
    .await;
    app.wait_for("document.querySelector('[data-testid=save-state]').textContent === 'Saved'")
        .await;
    // A 1 with that evidence becomes a rating row of the draft.
    choose(&app, &format!("input[name='score-{systems}'][value='1']")).await;
    app.wait_db(
        &format!(
            "SELECT count(*) FROM rating WHERE scorecard_id = {card} AND dimension_id = {systems} AND score = 1"
        ),
        1,
    )
    .await;
    assert_eq!(
        app.count(&format!(
            "SELECT submitted_at IS NULL FROM scorecard WHERE id = {card}"
        )),
        1,
        "still a draft"
    );

    // Rate every focus dimension; submitting without a recommendation is refused beside it.
    let unrated: Vec<i64> = {
        let db = app.db();
        let focus: String = db
            .query_row(
                "SELECT focus FROM interview WHERE id = ?1",
                [interview],
                |r| r.get(0),
            )
            .unwrap();
        serde_json::from_str::<Vec<i64>>(&focus)
            .unwrap()
            .into_iter()
            .filter(|d| *d != systems)
            .collect()
    };
    for dimension in &unrated {
        choose(&app, &format!("input[name='score-{dimension}'][value='4']")).await;
    }
    click_centred(&app, "[data-action=submit-card]").await;
    app.wait_for("document.querySelector('[data-error-for=recommendation]').textContent !== ''")
        .await;
    assert!(app
        .text("[data-error-for=recommendation]")
        .await
        .contains("recommendation"));
    assert_eq!(
        app.count(&format!(
            "SELECT submitted_at IS NULL FROM scorecard WHERE id = {card}"
        )),
        1
    );
    app.screenshot("hiring-scorecard-error").await;

    choose(&app, "input[name=recommendation][value=no]").await;
    save_and_check(
        &app,
        "[data-action=submit-card]",
        &format!("SELECT count(*) FROM scorecard WHERE id = {card} AND submitted_at IS NOT NULL AND recommendation = 'no'"),
    )
    .await;

    // Submitted: now the panel's cards are on the page.
    app.wait_for("document.querySelector('[data-testid=panel-cards] .hs-other')")
        .await;
    assert!(
        app.js(
            "return !document.querySelector('[data-testid=blind]')",
            vec![]
        )
        .await
            == json!(true)
    );
    let page = source(&app).await;
    assert!(
        others.iter().any(|t| page.contains(t.as_str())),
        "after submitting, the panel's evidence is shown"
    );
    app.screenshot("hiring-scorecard-submitted").await;

    // Amend: an explicit action with a reason; the submission keeps its time.
    let submitted_at = || -> String {
        app.db()
            .query_row(
                "SELECT submitted_at FROM scorecard WHERE id = ?1",
                [card],
                |r| r.get(0),
            )
            .unwrap()
    };
    let first_submitted = submitted_at();
    click_centred(&app, "[data-action=amend]").await;
    choose(&app, &format!("input[name='score-{systems}'][value='2']")).await;
    click_centred(&app, "[data-action=submit-card]").await;
    app.wait_for("document.querySelector('dialog[open] #hs-reason')")
        .await;
    app.fill("dialog[open] #hs-reason", "Re-read my notes: a 2, not a 1")
        .await;
    save_and_check(
        &app,
        "dialog[open] [data-action=confirm]",
        &format!("SELECT count(*) FROM scorecard_amendment WHERE scorecard_id = {card} AND applied = 1 AND reason = 'Re-read my notes: a 2, not a 1'"),
    )
    .await;
    assert_eq!(
        app.count(&format!(
            "SELECT score FROM rating WHERE scorecard_id = {card} AND dimension_id = {systems}"
        )),
        2
    );
    assert_eq!(
        submitted_at(),
        first_submitted,
        "an amendment keeps the submission time"
    );

    // The debrief: the flags are exactly the dimensions whose ratings differ by 2 or more.
    let expected = disagreements(&app, candidate);
    assert!(
        expected.contains(&systems),
        "Diego's 1 against the others' ratings is a disagreement"
    );
    app.goto(&format!("#/hiring/debrief/{candidate}")).await;
    app.wait_for("document.querySelector('[data-testid=matrix]')")
        .await;
    let flagged = app
        .js(
            "return [...document.querySelectorAll('[data-testid=matrix] tr.flagged')].map(tr => Number(tr.dataset.dimension))",
            vec![],
        )
        .await;
    let flagged: BTreeSet<i64> = serde_json::from_value(flagged).unwrap();
    assert_eq!(flagged, expected);
    assert!(app
        .text(&format!(
            "[data-testid=matrix] tr[data-dimension='{systems}']"
        ))
        .await
        .contains("Differ by 2+"));
    assert_eq!(
        app.text("[data-testid=disagreements] .figure-value").await,
        expected.len().to_string()
    );
    app.screenshot("hiring-debrief").await;

    // The decision record, with its rationale.
    choose(&app, "input[name=outcome][value=no_hire]").await;
    app.fill(
        "#hr-rationale",
        "Reliability depth below the bar for senior",
    )
    .await;
    save_and_check(
        &app,
        "[data-action=decide]",
        &format!("SELECT count(*) FROM decision WHERE candidate_id = {candidate} AND outcome = 'no_hire' AND rationale = 'Reliability depth below the bar for senior'"),
    )
    .await;
    app.wait_for("document.querySelector('[data-testid=decision]')")
        .await;
    assert!(app.text("[data-testid=decision]").await.contains("No hire"));

    // Calibration of the requisition, as the director.
    let requisition = app.count(&format!(
        "SELECT requisition_id FROM candidate WHERE id = {candidate}"
    ));
    app.js(
        "localStorage.setItem('quartermaster.hiring.viewer', 'Director')",
        vec![],
    )
    .await;
    app.goto(&format!("#/hiring/calibration/{requisition}"))
        .await;
    let interviewed = app.count(&format!(
        "SELECT count(DISTINCT c.id) FROM candidate c JOIN interview i ON i.candidate_id = c.id WHERE c.requisition_id = {requisition}"
    ));
    let rows = app
        .js(
            "return document.querySelectorAll('.hc-table thead th[data-candidate]').length",
            vec![],
        )
        .await;
    assert_eq!(rows, json!(interviewed));
    app.screenshot("hiring-calibration").await;
    app.close().await;
}

#[tokio::test]
async fn hiring_pipeline_moves_a_candidate_with_its_date_and_erases_one() {
    require_display!();
    let app = App::demo().await;
    app.goto("#/hiring").await;
    app.wait_for("document.querySelector('[data-testid=pipeline]')")
        .await;
    // The funnel's first step counts every candidate who applied.
    let applied = app.count("SELECT count(DISTINCT candidate_id) FROM stage_change");
    let first = app
        .js(
            "return document.querySelector('[data-testid=funnel] tbody tr td').textContent",
            vec![],
        )
        .await;
    assert_eq!(first, json!(applied.to_string()));
    app.screenshot("hiring-pipeline").await;

    // Move a candidate at "applied" in an open requisition to screen on a chosen date.
    let (id, name, on): (i64, String, String) = app
        .db()
        .query_row(
            "SELECT c.id, c.name, date(c.applied_on, '+3 days') FROM candidate c
             JOIN requisition r ON r.id = c.requisition_id
             WHERE c.stage = 'applied' AND r.closed_on IS NULL ORDER BY c.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    // From the keyboard: the chip takes focus and Enter opens the candidate.
    let chip = format!("[data-candidate='{id}']");
    app.js(
        "document.querySelector(arguments[0]).focus()",
        vec![json!(chip)],
    )
    .await;
    app.find(&chip)
        .await
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap();
    app.wait_for("document.querySelector('dialog[open] [data-testid=move-stage]')")
        .await;
    assert!(app.text("dialog[open] .modal-title").await.contains(&name));
    app.select("dialog[open] [data-testid=move-stage]", "screen")
        .await;
    set_value(&app, "dialog[open] [data-testid=move-on]", &on).await;
    app.screenshot("hiring-candidate").await;
    save_and_check(
        &app,
        "dialog[open] [data-action=move]",
        &format!("SELECT count(*) FROM stage_change WHERE candidate_id = {id} AND stage = 'screen' AND changed_on = '{on}'"),
    )
    .await;
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM candidate WHERE id = {id} AND stage = 'screen'"
        )),
        1
    );
    // The lane shows the candidate, and the history lists the dated move.
    app.wait_for(&format!(
        "document.querySelector(\"[data-stage=screen] [data-candidate='{id}']\")"
    ))
    .await;
    click_centred(&app, &format!("[data-candidate='{id}']")).await;
    app.wait_for(
        "document.querySelector('dialog[open] [data-testid=stage-history] li:nth-child(2)')",
    )
    .await;
    let history = app.text("dialog[open] [data-testid=stage-history]").await;
    assert!(
        history.contains(&on) && history.contains("Screen"),
        "history shows the move on {on}: {history}"
    );
    // Moving back is refused, with the core's words beside the field.
    app.select("dialog[open] [data-testid=move-stage]", "rejected")
        .await;
    set_value(&app, "dialog[open] [data-testid=move-on]", "2000-01-01").await;
    app.click("dialog[open] [data-action=move]").await;
    app.wait_for(
        "document.querySelector('dialog[open] [data-error-for=changed_on]').textContent !== ''",
    )
    .await;
    assert!(app
        .text("dialog[open] [data-error-for=changed_on]")
        .await
        .contains("before the last stage change"));
    app.click("dialog[open] .modal-actions .button:last-child")
        .await;
    app.wait_for("!document.querySelector('dialog[open]')")
        .await;

    // Erase a rejected candidate: the confirmation names what goes; the name leaves the store.
    let (gone, gone_name): (i64, String) = app.pair(
        "SELECT id, name FROM candidate WHERE stage = 'rejected' AND id IN (SELECT candidate_id FROM interview) ORDER BY id",
        [],
    );
    let interviews = app.count(&format!(
        "SELECT count(*) FROM interview WHERE candidate_id = {gone}"
    ));
    click_centred(&app, &format!("[data-candidate='{gone}']")).await;
    app.click("dialog[open] [data-action=erase]").await;
    app.wait_for("document.querySelector('dialog[open] [data-action=confirm]')")
        .await;
    let dialog = app.text("dialog[open]").await;
    assert!(dialog.contains(&format!("Erase {gone_name}'s personal data?")));
    assert!(
        dialog.contains(&format!("{interviews} interviews")),
        "{dialog}"
    );
    assert!(
        dialog.contains("every backup of the file is rewritten without them"),
        "{dialog}"
    );
    app.screenshot("hiring-erase-confirm").await;
    save_and_check(
        &app,
        "dialog[open] [data-action=confirm]",
        &format!("SELECT count(*) FROM candidate WHERE id = {gone} AND name = 'Erased candidate'"),
    )
    .await;
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM interview WHERE candidate_id = {gone}"
        )),
        0
    );
    // The daily backup taken on opening held the name; it was rewritten without it.
    let folder = quartermaster_core::backup::folder(&app.db);
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&folder)
        .expect("the backups folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert!(files.len() >= 2, "{files:?}");
    for file in files {
        let bytes = std::fs::read(&file).expect("read a backup file");
        assert!(
            !bytes
                .windows(gone_name.len())
                .any(|w| w == gone_name.as_bytes()),
            "{} still holds {gone_name}",
            file.display()
        );
    }

    // The hire of a candidate with an offer fills the position with name and start date.
    let (offer, offer_name): (i64, String) = app.pair(
        "SELECT id, name FROM candidate WHERE stage = 'offer' ORDER BY id",
        [],
    );
    click_centred(&app, &format!("[data-candidate='{offer}']")).await;
    app.wait_for("document.querySelector('dialog[open] [data-action=hire]')")
        .await;
    set_value(&app, "dialog[open] #hr-start-date", "2027-01-04").await;
    save_and_check(
        &app,
        "dialog[open] [data-action=hire]",
        &format!(
            "SELECT count(*) FROM position p JOIN requisition r ON r.position_id = p.id
             JOIN candidate c ON c.requisition_id = r.id
             WHERE c.id = {offer} AND c.stage = 'hired' AND p.status = 'filled'
               AND p.person = '{offer_name}' AND p.start_date = '2027-01-04' AND r.closed_on IS NOT NULL"
        ),
    )
    .await;

    // Open a requisition on a planned position; the position becomes open.
    let position = app.count(
        "SELECT min(id) FROM position WHERE status = 'planned'
         AND id NOT IN (SELECT position_id FROM requisition WHERE closed_on IS NULL)",
    );
    app.click("[data-action=open-requisition]").await;
    app.wait_for("document.querySelector('dialog[open] #hr-position-id')")
        .await;
    app.select("dialog[open] #hr-position-id", &position.to_string())
        .await;
    app.fill("dialog[open] #hr-title", "Principal ML Engineer, GUI test")
        .await;
    app.screenshot("hiring-open-requisition").await;
    save_and_check(
        &app,
        "dialog[open] [data-action=confirm]",
        &format!("SELECT count(*) FROM requisition r JOIN position p ON p.id = r.position_id WHERE r.title = 'Principal ML Engineer, GUI test' AND p.id = {position} AND p.status = 'open'"),
    )
    .await;
    app.close().await;
}

#[tokio::test]
async fn hiring_loops_and_kits_through_the_path_commands() {
    require_display!();
    let app = App::demo().await;
    // An interview without a submitted card (Noah Fischer's loop is only scheduled).
    let (interview, requisition): (i64, i64) = app.pair(
        "SELECT i.id, c.requisition_id FROM interview i JOIN candidate c ON c.id = i.candidate_id
         WHERE NOT EXISTS (SELECT 1 FROM scorecard s WHERE s.interview_id = i.id) ORDER BY i.id",
        [],
    );
    app.goto(&format!("#/hiring/loops/{requisition}")).await;
    app.wait_for("document.querySelector('[data-testid=loops] [data-action=kit]')")
        .await;
    // A loop step with its focus dimension, saved for the requisition.
    app.click("[data-action=add-step]").await;
    app.fill(
        ".hl-step:last-child input[type=text]",
        "Incident review simulation (GUI)",
    )
    .await;
    click_centred(&app, ".hl-step:last-child .hl-focus input").await;
    app.screenshot("hiring-loops").await;
    save_and_check(
        &app,
        "[data-action=save-loop]",
        &format!("SELECT count(*) FROM loop_step WHERE requisition_id = {requisition} AND exercise = 'Incident review simulation (GUI)' AND json_array_length(focus) = 1"),
    )
    .await;

    // Book an interview from that step: exercise and focus come from the loop.
    let (step, focus): (i64, String) = app.pair(
        "SELECT id, focus FROM loop_step WHERE requisition_id = ?1",
        [requisition],
    );
    let booked = app.count(&format!(
        "SELECT min(id) FROM candidate WHERE requisition_id = {requisition}
         AND stage NOT IN ('hired', 'rejected', 'withdrawn')"
    ));
    click_centred(
        &app,
        &format!("[data-candidate='{booked}'] [data-action=book]"),
    )
    .await;
    app.wait_for("document.querySelector('dialog[open] #hr-loop-step-id')")
        .await;
    app.select("dialog[open] #hr-loop-step-id", &step.to_string())
        .await;
    app.fill("dialog[open] #hr-interviewer", "Grace Mensah")
        .await;
    save_and_check(
        &app,
        "dialog[open] [data-action=confirm]",
        &format!("SELECT count(*) FROM interview WHERE candidate_id = {booked} AND interviewer = 'Grace Mensah' AND exercise = 'Incident review simulation (GUI)' AND focus = '{focus}'"),
    )
    .await;

    let kit = app.home.path().join("kit.xlsx");
    let written = invoke(
        &app,
        "hiring_export_kit_to",
        json!({"interviewId": interview, "path": kit.to_str().unwrap()}),
    )
    .await;
    assert!(written.get("ok").is_some(), "{written}");
    assert!(kit.is_file());
    // Read back: the interview as the store holds it, one blank row per focus dimension.
    let book = crate::support::read_xlsx(&kit);
    let sheet = crate::support::sheet(&book, "Kit");
    let (candidate_name, interviewer, exercise): (String, String, String) = app
        .db()
        .query_row(
            "SELECT c.name, i.interviewer, i.exercise FROM interview i JOIN candidate c ON c.id = i.candidate_id WHERE i.id = ?1",
            [interview],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let head: Vec<(String, String)> = (2..7)
        .filter(|&r| r != 4)
        .map(|r| (sheet.text(r, 0), sheet.text(r, 1)))
        .collect();
    assert_eq!(
        head,
        [
            ("Interview".to_string(), interview.to_string()),
            ("Candidate".to_string(), candidate_name),
            ("Interviewer".to_string(), interviewer),
            ("Exercise".to_string(), exercise),
        ]
    );
    let focus: Vec<String> = column(
        &app,
        "SELECT d.name FROM interview i, json_each(i.focus) f JOIN dimension d ON d.id = f.value WHERE i.id = ?1 ORDER BY f.key",
        interview,
    );
    assert!(!focus.is_empty());
    let header = sheet.row_of("Dimension");
    let rows: Vec<(String, String, String)> = (header + 1..header + 1 + focus.len())
        .map(|r| (sheet.text(r, 0), sheet.text(r, 2), sheet.text(r, 3)))
        .collect();
    assert_eq!(
        rows,
        focus
            .iter()
            .map(|d| (d.clone(), String::new(), String::new()))
            .collect::<Vec<_>>(),
        "each focus dimension, rating and evidence left to fill"
    );
    // The unfilled kit comes back with an error naming its sheet cell; nothing is imported.
    let cards = app.count("SELECT count(*) FROM scorecard");
    let refused = invoke(
        &app,
        "hiring_import_kit_from",
        json!({"path": kit.to_str().unwrap()}),
    )
    .await;
    let message = refused["err"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("kit.xlsx") && message.chars().any(|c| c.is_ascii_digit()),
        "the error names the file and cell: {refused}"
    );
    assert_eq!(app.count("SELECT count(*) FROM scorecard"), cards);

    // The debrief packet: written for a reader the blind rule lets in, refused for one it does not.
    let (candidate, blind_panelist): (i64, String) = app.pair(
        "SELECT i.candidate_id, i.interviewer FROM interview i JOIN scorecard s ON s.interview_id = i.id
         WHERE s.submitted_at IS NULL ORDER BY i.id",
        [],
    );
    let packet = app.home.path().join("packet.xlsx");
    let written = invoke(
        &app,
        "hiring_export_packet_to",
        json!({"viewer": "Director", "candidateId": candidate, "path": packet.to_str().unwrap()}),
    )
    .await;
    assert!(written.get("ok").is_some(), "{written}");
    assert!(packet.is_file());
    // Read back: the candidate, each dimension's mean of the submitted ratings (by SQL) and the
    // disagreement flag exactly where the submitted ratings differ by 2 or more.
    let book = crate::support::read_xlsx(&packet);
    let names: Vec<&str> = book.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Debrief", "Evidence"]);
    let sheet = crate::support::sheet(&book, "Debrief");
    let name: String = app
        .db()
        .query_row(
            "SELECT name FROM candidate WHERE id = ?1",
            [candidate],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sheet.text(0, 0), format!("Debrief: {name}"));
    let means: Vec<(String, f64, i64)> = {
        let db = app.db();
        let mut stmt = db
            .prepare(
                "SELECT d.name, avg(r.score), max(r.score) - min(r.score) >= 2 FROM rating r
                 JOIN scorecard s ON s.id = r.scorecard_id AND s.submitted_at IS NOT NULL
                 JOIN interview i ON i.id = s.interview_id
                 JOIN dimension d ON d.id = r.dimension_id
                 WHERE i.candidate_id = ?1 GROUP BY d.id",
            )
            .unwrap();
        let rows = stmt
            .query_map([candidate], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows
    };
    assert!(!means.is_empty());
    let header = sheet.row_of("Dimension");
    let width = sheet.rows[header].len();
    let at = |heading: &str| {
        (0..width)
            .find(|&c| sheet.text(header, c) == heading)
            .unwrap_or_else(|| panic!("no {heading} column"))
    };
    let (mean_col, flag_col) = (at("Mean"), at("Flag"));
    for (dimension, mean, differs) in &means {
        let row = sheet.row_of(dimension);
        assert!(
            (sheet.number(row, mean_col) - mean).abs() < 1e-9,
            "{dimension}: mean {mean}"
        );
        let flag = if *differs == 1 {
            "Panel differs by 2+: discuss"
        } else {
            ""
        };
        assert_eq!(sheet.text(row, flag_col), flag, "{dimension}");
    }
    let flagged = means.iter().filter(|m| m.2 == 1).count();
    assert_eq!(flagged, disagreements(&app, candidate).len());
    let other = app.home.path().join("blind.xlsx");
    let refused = invoke(
        &app,
        "hiring_export_packet_to",
        json!({"viewer": blind_panelist, "candidateId": candidate, "path": other.to_str().unwrap()}),
    )
    .await;
    assert_eq!(refused["err"]["kind"], json!("conflict"), "{refused}");
    assert!(!other.exists(), "nothing is written for a blind reader");
    app.close().await;
}
