//! Every mutation writes its audit row, with the values before and after, in the same transaction.

use quartermaster_core::records;
use serde_json::{json, Value};

use super::support::{now, org};

fn changes(
    store: &quartermaster_core::Store,
    entity: &str,
) -> Vec<(String, Option<Value>, Option<Value>)> {
    let mut stmt = store
        .conn()
        .prepare("SELECT action, before, after FROM change WHERE entity = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([entity], |r| {
        let parse = |t: Option<String>| t.map(|t| serde_json::from_str::<Value>(&t).unwrap());
        Ok((r.get::<_, String>(0)?, parse(r.get(1)?), parse(r.get(2)?)))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn create_update_delete_are_audited_with_before_and_after() {
    let store = org();
    let risk = json!({"title": "Single GPU vendor", "severity": "high", "likelihood": "medium",
                      "owner": "Director", "mitigation": "Second cloud quota", "status": "open"});
    let created = records::save(store.conn(), "risk", risk, now()).unwrap();
    let mut changed = created.clone();
    changed["status"] = json!("mitigating");
    records::save(store.conn(), "risk", changed, now()).unwrap();
    records::delete(store.conn(), "risk", created["id"].as_i64().unwrap(), now()).unwrap();

    let log = changes(&store, "risk");
    assert_eq!(log.len(), 3);
    assert_eq!(log[0].0, "create");
    assert_eq!(log[0].1, None);
    assert_eq!(log[0].2.as_ref().unwrap()["title"], "Single GPU vendor");
    assert_eq!(log[1].0, "update");
    assert_eq!(log[1].1.as_ref().unwrap()["status"], "open");
    assert_eq!(log[1].2.as_ref().unwrap()["status"], "mitigating");
    assert_eq!(log[2].0, "delete");
    assert_eq!(log[2].1.as_ref().unwrap()["status"], "mitigating");
    assert_eq!(log[2].2, None);
    let at: String = store
        .conn()
        .query_row("SELECT at FROM change ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(at, "2026-11-27 09:00:00+00:00");
}

#[test]
fn new_organisation_is_audited_and_seeded() {
    let store = org();
    assert_eq!(
        records::count(store.conn(), "kpi").unwrap(),
        quartermaster_core::kpi::CATALOGUE.len() as i64
    );
    assert_eq!(records::count(store.conn(), "dimension").unwrap(), 8);
    let settings = changes(&store, "settings");
    assert_eq!(settings.len(), 1);
    assert_eq!(
        settings[0].2.as_ref().unwrap()["fiscal_year_start_month"],
        10
    );
}
