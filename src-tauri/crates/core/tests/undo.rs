//! Undo and redo are exact: a random sequence of user actions across areas, undone step by
//! step, gives back every table (the audit log and the undo tables aside) exactly as it was;
//! redone, exactly the end state. Steps that cannot be undone say why; a new action clears redo.

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use quartermaster_core::finops::allocation;
use quartermaster_core::hiring::{debrief, pipeline, DecisionOutcome, Stage};
use quartermaster_core::history::{log, undo};
use quartermaster_core::records;
use quartermaster_core::roadmap::{initiative, scenario};
use quartermaster_core::values::quarter::FiscalQuarter;
use quartermaster_core::{demo, Store, Timestamp};
use rusqlite::types::Value as Sql;
use serde_json::{json, Value};

use crate::support::now;

/// Every table's rows but the audit, the undo bookkeeping and the allocated-spend cache (only
/// a cache, dropped and recomputed with what it covers).
fn dump(store: &Store) -> Vec<(String, Vec<Vec<Sql>>)> {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name NOT IN ('change', 'undo_step', 'undo_row',
                              'allocated_spend_cache', 'allocated_spend_key') ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables
        .into_iter()
        .map(|table| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
                .unwrap();
            let width = stmt.column_count();
            let rows = stmt
                .query_map([], |r| (0..width).map(|i| r.get::<_, Sql>(i)).collect())
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (table, rows)
        })
        .collect()
}

fn demo_store() -> Store {
    demo::in_memory().unwrap()
}

fn ids(store: &Store, kind: &str) -> Vec<i64> {
    records::list(store.conn(), kind)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

fn pick(list: &[i64], n: usize) -> Option<i64> {
    (!list.is_empty()).then(|| list[n % list.len()])
}

/// One user action; `n` and `x` choose the record and the value.
#[derive(Debug, Clone)]
enum Action {
    CreateCopy(&'static str),
    Edit(&'static str),
    Delete(&'static str),
    BoardMove,
    ScenarioEdit,
    RuleReorder,
    StageMove,
    Decide,
}

fn action() -> impl Strategy<Value = (Action, usize, u32)> {
    let kinds = prop::sample::select(vec![
        "team",
        "position",
        "model",
        "initiative",
        "dependency",
        "allocation_rule",
        "budget",
        "requisition",
        "candidate",
        "kpi",
        "kpi_value",
        "incident",
        "risk",
    ]);
    let action = prop_oneof![
        kinds.clone().prop_map(Action::CreateCopy),
        kinds.clone().prop_map(Action::Edit),
        kinds.prop_map(Action::Delete),
        Just(Action::BoardMove),
        Just(Action::ScenarioEdit),
        Just(Action::RuleReorder),
        Just(Action::StageMove),
        Just(Action::Decide),
    ];
    (action, any::<usize>(), any::<u32>())
}

/// Makes a record unique again where the schema asks for it.
fn make_unique(kind: &str, record: &mut Value, x: u32) {
    let tag = format!("u{x}");
    match kind {
        "team" | "model" => {
            record["name"] = json!(format!("{} {tag}", record["name"].as_str().unwrap()))
        }
        "kpi" => record["key"] = json!(format!("k{x}")),
        "kpi_value" => record["period"] = json!(format!("20{:02}-{:02}", 40 + x % 50, 1 + x % 12)),
        "initiative" | "risk" | "requisition" => {
            record["title"] = json!(format!("{} {tag}", record["title"].as_str().unwrap()))
        }
        _ => {}
    }
}

/// A small edit of one field per kind, with reals that are not round in binary.
fn edit(kind: &str, record: &mut Value, x: u32) {
    let real = f64::from(x % 1000) / 7.0 + 0.1;
    match kind {
        "team" => record["ktlo_percent"] = json!(x % 60),
        "position" => record["allocation_percent"] = json!(1 + x % 100),
        "model" => record["tier"] = json!(1 + x % 3),
        "initiative" => {
            record["effort_pw"] = json!(real);
            record["rank"] = json!(x % 9);
        }
        "allocation_rule" => record["priority"] = json!(x % 500),
        "budget" => record["amount_minor"] = json!(x),
        "requisition" => record["hiring_manager"] = json!(format!("HM {x}")),
        "candidate" => record["source"] = json!(format!("referral {x}")),
        "kpi" => record["target"] = json!(real),
        "kpi_value" => record["value"] = json!(real * 3.3),
        "incident" => record["summary"] = json!(format!("summary {x}")),
        "risk" => record["mitigation"] = json!(format!("mitigation {x}")),
        _ => {}
    }
}

fn day(x: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 16).unwrap() + Duration::days(i64::from(x % 30))
}

fn at(step: usize) -> Timestamp {
    now() + Duration::minutes(step as i64)
}

/// Runs one action as one user step; `true` when it changed something.
fn run(store: &mut Store, (action, n, x): &(Action, usize, u32), when: Timestamp) -> bool {
    let before = undo::stacks(store.conn()).unwrap().undo.map(|s| s.id);
    let kinds_ids = |kind: &str| ids(store, kind);
    let result = match action {
        Action::CreateCopy(kind) => {
            let Some(id) = pick(&kinds_ids(kind), *n) else {
                return false;
            };
            let mut record = records::get(store.conn(), kind, id).unwrap();
            record["id"] = json!(0);
            make_unique(kind, &mut record, *x);
            store.with_tx(|tx| records::save(tx, kind, record, when).map(|_| ()))
        }
        Action::Edit(kind) => {
            let Some(id) = pick(&kinds_ids(kind), *n) else {
                return false;
            };
            let mut record = records::get(store.conn(), kind, id).unwrap();
            edit(kind, &mut record, *x);
            store.with_tx(|tx| records::save(tx, kind, record, when).map(|_| ()))
        }
        Action::Delete(kind) => {
            let Some(id) = pick(&kinds_ids(kind), *n) else {
                return false;
            };
            store.with_tx(|tx| records::delete(tx, kind, id, when).map(|_| ()))
        }
        Action::BoardMove => {
            let (Some(id), Some(team)) = (
                pick(&kinds_ids("initiative"), *n),
                pick(&kinds_ids("team"), *x as usize),
            ) else {
                return false;
            };
            let quarter: FiscalQuarter = ["FY2027-Q1", "FY2027-Q2", "FY2027-Q3"][*x as usize % 3]
                .parse()
                .unwrap();
            let rank = Some(i64::from(x % 6));
            store.with_tx(|tx| {
                initiative::move_initiative(tx, id, team, quarter, rank, when).map(|_| ())
            })
        }
        Action::ScenarioEdit => {
            let (Some(init), Some(team)) = (
                pick(&kinds_ids("initiative"), *n),
                pick(&kinds_ids("team"), *x as usize),
            ) else {
                return false;
            };
            let existing = scenario::scenarios(store.conn()).unwrap();
            store.with_tx(|tx| {
                let id = match existing.first() {
                    Some(s) => s.id,
                    None => scenario::create(tx, "What if", "", when)?.id,
                };
                if x % 2 == 0 {
                    scenario::resize_initiative(tx, id, init, f64::from(x % 40) / 3.0, when)
                        .map(|_| ())
                } else {
                    let quarter: FiscalQuarter = "FY2027-Q3".parse().unwrap();
                    scenario::move_initiative(tx, id, init, team, quarter, when).map(|_| ())
                }
            })
        }
        Action::RuleReorder => {
            let mut rules = kinds_ids("allocation_rule");
            if rules.len() < 2 {
                return false;
            }
            let len = rules.len();
            rules.rotate_left(n % len);
            store.with_tx(|tx| allocation::reorder(tx, &rules, when).map(|_| ()))
        }
        Action::StageMove => {
            let Some(id) = pick(&kinds_ids("candidate"), *n) else {
                return false;
            };
            let stage = [
                Stage::Screen,
                Stage::Onsite,
                Stage::Debrief,
                Stage::Offer,
                Stage::Rejected,
            ][*x as usize % 5];
            store.with_tx(|tx| pipeline::move_candidate(tx, id, stage, day(*x), when).map(|_| ()))
        }
        Action::Decide => {
            let Some(id) = pick(&kinds_ids("candidate"), *n) else {
                return false;
            };
            let outcome = if x % 2 == 0 {
                DecisionOutcome::Hire
            } else {
                DecisionOutcome::NoHire
            };
            store.with_tx(|tx| {
                debrief::decide(tx, id, outcome, "Strong signals", day(*x), when).map(|_| ())
            })
        }
    };
    let after = undo::stacks(store.conn()).unwrap().undo.map(|s| s.id);
    result.is_ok() && after != before
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 40, ..ProptestConfig::default() })]

    /// N actions, N undos: the exact start; N redos: the exact end.
    #[test]
    fn undo_then_redo_is_exact(actions in prop::collection::vec(action(), 1..20)) {
        let mut store = demo_store();
        let start = dump(&store);
        let mut steps = 0;
        for (i, a) in actions.iter().enumerate() {
            if run(&mut store, a, at(i)) {
                steps += 1;
            }
        }
        let end = dump(&store);
        for _ in 0..steps {
            prop_assert!(undo::undo(&mut store, now()).unwrap().is_some());
        }
        prop_assert!(undo::stacks(store.conn()).unwrap().undo.is_none());
        prop_assert!(start == dump(&store), "undo did not give back the start");
        for _ in 0..steps {
            prop_assert!(undo::redo(&mut store, now()).unwrap().is_some());
        }
        prop_assert!(undo::stacks(store.conn()).unwrap().redo.is_none());
        prop_assert!(end == dump(&store), "redo did not give back the end");
    }
}

/// Reals come back bit for bit through the row images.
#[test]
fn reals_round_trip_exactly() {
    let mut store = demo_store();
    let id = ids(&store, "initiative")[0];
    let original = dump(&store);
    let values = [
        0.1,
        1.0 / 3.0,
        2.0f64.sqrt(),
        1e-300,
        123456.789012345,
        5e15 + 0.5,
        f64::MIN_POSITIVE,
    ];
    for (i, value) in values.iter().enumerate() {
        let mut record = records::get(store.conn(), "initiative", id).unwrap();
        record["effort_pw"] = json!(value);
        store
            .with_tx(|tx| records::save(tx, "initiative", record, at(i)))
            .unwrap();
    }
    let end = dump(&store);
    for _ in values {
        undo::undo(&mut store, now()).unwrap().unwrap();
    }
    assert!(original == dump(&store));
    for _ in values {
        undo::redo(&mut store, now()).unwrap().unwrap();
    }
    assert!(end == dump(&store));
    let stored: f64 = store
        .conn()
        .query_row(
            "SELECT effort_pw FROM initiative WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored.to_bits(), f64::MIN_POSITIVE.to_bits());
}

#[test]
fn a_step_is_labelled_audited_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.qm");
    let id;
    {
        let mut store = Store::open(&path).unwrap();
        store
            .with_untracked_tx(|tx| demo::create(tx).map(|_| ()))
            .unwrap();
        id = ids(&store, "team")[0];
        let mut team = records::get(store.conn(), "team", id).unwrap();
        team["domain"] = json!("Search & ranking");
        store
            .with_tx(|tx| records::save(tx, "team", team, now()))
            .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let stacks = undo::stacks(store.conn()).unwrap();
    let step = stacks.undo.unwrap();
    assert!(step.label.starts_with("Edit team «"), "{}", step.label);
    assert_eq!(step.rows, 1);
    let undone = undo::undo(&mut store, now()).unwrap().unwrap();
    assert_eq!(undone.id, step.id);
    let team = records::get(store.conn(), "team", id).unwrap();
    assert_ne!(team["domain"], json!("Search & ranking"));
    // The record's history: the edit, then its undo, field by field.
    let history = log::record(store.conn(), "team", id).unwrap();
    assert_eq!(history[0].action, "undo");
    assert_eq!(history[1].action, "update");
    let domain = history[1]
        .fields
        .iter()
        .find(|f| f.field == "domain")
        .unwrap();
    assert_eq!(domain.after, json!("Search & ranking"));
    assert_eq!(history[1].step.as_deref(), Some(step.label.as_str()));
    assert_eq!(history[0].area, "org");
    let filtered = log::list(
        store.conn(),
        &log::Filter {
            text: Some("search & RANKING".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(filtered.len(), 2);
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        undo::stacks(store.conn()).unwrap().redo.unwrap().id,
        step.id
    );
    undo::redo(&mut store, now()).unwrap().unwrap();
    let team = records::get(store.conn(), "team", id).unwrap();
    assert_eq!(team["domain"], json!("Search & ranking"));
}

#[test]
fn a_new_action_clears_the_redo_stack() {
    let mut store = demo_store();
    let id = ids(&store, "risk")[0];
    for (i, text) in ["first", "second"].iter().enumerate() {
        let mut risk = records::get(store.conn(), "risk", id).unwrap();
        risk["mitigation"] = json!(text);
        store
            .with_tx(|tx| records::save(tx, "risk", risk, at(i)))
            .unwrap();
    }
    undo::undo(&mut store, now()).unwrap().unwrap();
    assert!(undo::stacks(store.conn()).unwrap().redo.is_some());
    let mut risk = records::get(store.conn(), "risk", id).unwrap();
    risk["owner"] = json!("Someone else");
    store
        .with_tx(|tx| records::save(tx, "risk", risk, at(5)))
        .unwrap();
    assert!(undo::stacks(store.conn()).unwrap().redo.is_none());
    assert!(undo::redo(&mut store, now()).unwrap().is_none());
    let left: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM undo_row r JOIN undo_step s ON s.id = r.step_id WHERE s.state = 'dropped'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
    // What stays undoable: the new edit, then the first one.
    undo::undo(&mut store, now()).unwrap().unwrap();
    undo::undo(&mut store, now()).unwrap().unwrap();
    let risk = records::get(store.conn(), "risk", id).unwrap();
    assert_ne!(risk["mitigation"], json!("first"));
    assert!(undo::undo(&mut store, now()).unwrap().is_none());
}

#[test]
fn a_failed_action_leaves_no_step() {
    let mut store = demo_store();
    let team = ids(&store, "team")[0];
    let refused = store.with_tx(|tx| records::delete(tx, "team", team, now()));
    assert!(refused.is_err());
    assert!(undo::stacks(store.conn()).unwrap().undo.is_none());
}

#[test]
fn an_erasure_cannot_be_undone_and_keeps_no_images() {
    let mut store = demo_store();
    let candidate = records::list(store.conn(), "candidate")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["stage"] != json!("hired"))
        .map(|c| c["id"].as_i64().unwrap())
        .unwrap();
    let name = records::get(store.conn(), "candidate", candidate).unwrap()["name"]
        .as_str()
        .unwrap()
        .to_string();
    let mut edited = records::get(store.conn(), "candidate", candidate).unwrap();
    edited["source"] = json!("agency");
    store
        .with_tx(|tx| records::save(tx, "candidate", edited, now()))
        .unwrap();
    quartermaster_core::hiring::erase::erase_candidate(&mut store, candidate, now()).unwrap();
    let err = undo::undo(&mut store, now()).unwrap_err();
    assert!(
        err.to_string().contains("an erasure cannot be undone"),
        "{err}"
    );
    let images: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM undo_row WHERE instr(coalesce(before, '') || coalesce(after, ''), ?1) > 0", [&name], |r| r.get(0))
        .unwrap();
    assert_eq!(images, 0);
    let labels: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM undo_step WHERE instr(label, ?1) > 0",
            [&name],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(labels, 0, "the action labels no longer name the candidate");
    // Still refused, and nothing changed.
    assert!(undo::undo(&mut store, now()).is_err());
}

#[test]
fn a_submitted_scorecard_is_amended_not_undone() {
    let mut store = demo_store();
    let refusal = store.with_tx(|tx| {
        quartermaster_core::store::capture::refuse(tx, quartermaster_core::hiring::scorecards::NOT_UNDONE)?;
        records::save(tx, "risk", json!({"title": "R", "severity": "low", "likelihood": "low", "owner": "", "mitigation": "", "status": "open"}), now())
    });
    refusal.unwrap();
    let err = undo::undo(&mut store, now()).unwrap_err();
    assert!(
        err.to_string()
            .contains("submitted scorecards are amended, not undone"),
        "{err}"
    );
    assert_eq!(
        undo::stacks(store.conn())
            .unwrap()
            .undo
            .unwrap()
            .refusal
            .as_deref(),
        Some("submitted scorecards are amended, not undone")
    );
}

#[test]
fn an_import_is_undone_as_one_unit_and_redone_by_importing_again() {
    use quartermaster_core::finops::import::synth::{write_focus_file, SynthOptions};
    use quartermaster_core::finops::import::{focus, ImportOptions};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bill.csv");
    write_focus_file(
        &path,
        SynthOptions {
            rows: 300,
            seed: 7,
            months: 2,
            resources: 5,
            first_month: 0,
            quirks: false,
        },
    )
    .unwrap();
    let mut store = demo_store();
    let start = dump(&store);
    focus::import_file(&mut store, &path, ImportOptions::default(), now(), None).unwrap();
    let step = undo::stacks(store.conn()).unwrap().undo.unwrap();
    assert_eq!(step.label, "Import «bill.csv»");
    let lines: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM undo_row WHERE table_name = 'billing_line'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(lines, 0, "bulk lines are not kept row by row");
    undo::undo(&mut store, now()).unwrap().unwrap();
    // Billing strings first seen in the import stay in the dictionary (`billing_text`):
    // nothing refers to them any more and an import of the same file reuses them. The
    // allocated-spend cache is only a cache, kept under the fingerprint of what it covers.
    let records = |dump: Vec<(String, Vec<Vec<Sql>>)>| {
        dump.into_iter()
            .filter(|(table, _)| {
                ![
                    "billing_text",
                    "allocated_spend_cache",
                    "allocated_spend_key",
                ]
                .contains(&table.as_str())
            })
            .collect::<Vec<_>>()
    };
    assert!(records(start.clone()) == records(dump(&store)));
    let err = undo::redo(&mut store, now()).unwrap_err();
    assert!(
        err.to_string().contains("importing its file again"),
        "{err}"
    );
    // Imported again, then undone from the Imports list: that step is not undone.
    let batch =
        focus::import_file(&mut store, &path, ImportOptions::default(), now(), None).unwrap();
    let batch_id = batch.batch.id;
    store
        .with_tx(|tx| quartermaster_core::finops::import::undo(tx, batch_id, now()))
        .unwrap();
    let err = undo::undo(&mut store, now()).unwrap_err();
    assert!(
        err.to_string()
            .contains("comes back by importing its file again"),
        "{err}"
    );
}

#[test]
fn a_manual_cost_line_edit_is_undone_with_its_rollup() {
    use quartermaster_core::finops::import::synth::{write_focus_file, SynthOptions};
    use quartermaster_core::finops::import::{focus, ImportOptions};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bill.csv");
    write_focus_file(
        &path,
        SynthOptions {
            rows: 50,
            seed: 3,
            months: 1,
            resources: 3,
            first_month: 0,
            quirks: false,
        },
    )
    .unwrap();
    let mut store = demo_store();
    focus::import_file(&mut store, &path, ImportOptions::default(), now(), None).unwrap();
    let start = dump(&store);
    let line: i64 = store
        .conn()
        .query_row("SELECT max(id) FROM cost_line", [], |r| r.get(0))
        .unwrap();
    let mut record = records::get(store.conn(), "cost_line", line).unwrap();
    record["billed_cost"] = json!("12.34");
    store
        .with_tx(|tx| records::save(tx, "cost_line", record, now()))
        .unwrap();
    assert!(start != dump(&store));
    undo::undo(&mut store, now()).unwrap().unwrap();
    assert!(
        start == dump(&store),
        "the line and its batch's rollup are back"
    );
}
