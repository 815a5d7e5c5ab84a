//! Each rule rejects a bad row with a message naming the field, and nothing is written.

use quartermaster_core::{records, Error};
use serde_json::{json, Value};

use super::support::{now, org};

fn model(overrides: Value) -> Value {
    let mut base = json!({
        "name": "ranker-v2", "product_area": "Search", "owner_team_id": null, "tier": 1,
        "lifecycle": "production", "serving": "online", "business_kpi": "CTR",
        "has_cicd": true, "has_monitoring": true, "has_lineage": false, "has_model_card": false,
        "last_readiness_review": null, "risk_level": "medium", "cost_tag": "ranker"
    });
    for (k, v) in overrides.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

fn team(store: &quartermaster_core::Store) -> i64 {
    let saved = records::save(
        store.conn(),
        "team",
        json!({"name": "Search", "kind": "applied", "domain": "search", "parent_id": null, "ktlo_percent": 20, "leave_percent": 10}),
        now(),
    )
    .unwrap();
    saved["id"].as_i64().unwrap()
}

/// Asserts `record` of `kind` is refused on `field` with a message containing `words`.
fn refused(store: &quartermaster_core::Store, kind: &str, record: Value, field: &str, words: &str) {
    let before = records::count(store.conn(), kind).unwrap();
    let changes: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM change", [], |r| r.get(0))
        .unwrap();
    let err = records::save(store.conn(), kind, record, now())
        .err()
        .expect("must be refused");
    assert_eq!(err.field(), Some(field), "{err}");
    assert!(
        err.message().contains(words),
        "{:?} should contain {words:?}",
        err.message()
    );
    assert_eq!(
        records::count(store.conn(), kind).unwrap(),
        before,
        "nothing written"
    );
    let after: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM change", [], |r| r.get(0))
        .unwrap();
    assert_eq!(changes, after, "no audit row for a refused write");
}

#[test]
fn model_rules() {
    let store = org();
    refused(
        &store,
        "model",
        model(json!({"tier": 7})),
        "tier",
        "Tier must be 1, 2 or 3",
    );
    refused(
        &store,
        "model",
        model(json!({"name": "  "})),
        "name",
        "must not be empty",
    );
    refused(
        &store,
        "model",
        model(json!({"lifecycle": "launched"})),
        "lifecycle",
        "idea, experiment",
    );
    refused(
        &store,
        "model",
        model(json!({"owner_team_id": 999})),
        "owner_team_id",
        "no team with id 999",
    );
    let saved = records::save(store.conn(), "model", model(json!({})), now()).unwrap();
    assert_eq!(saved["tier"], 1);
    refused(
        &store,
        "model",
        model(json!({})),
        "name",
        "already has this name",
    );
}

#[test]
fn position_rules() {
    let store = org();
    let team_id = team(&store);
    let position = |overrides: Value| {
        let mut base = json!({
            "team_id": team_id, "role": "ML Engineer", "level": "L5", "status": "filled",
            "person": "Ada", "start_date": "2026-01-05", "end_date": null,
            "allocation_percent": 100, "loaded_cost_minor": 21000000, "currency": "USD", "ramp_months": 3
        });
        for (k, v) in overrides.as_object().unwrap() {
            base[k] = v.clone();
        }
        base
    };
    refused(
        &store,
        "position",
        position(json!({"end_date": "2025-12-31"})),
        "end_date",
        "before the start date",
    );
    refused(
        &store,
        "position",
        position(json!({"status": "vacant"})),
        "status",
        "planned, open, filled, leaving",
    );
    refused(
        &store,
        "position",
        position(json!({"loaded_cost_minor": -5})),
        "loaded_cost_minor",
        "zero or more",
    );
    refused(
        &store,
        "position",
        position(json!({"team_id": 4242})),
        "team_id",
        "no team with id 4242",
    );
    refused(
        &store,
        "position",
        position(json!({"person": ""})),
        "person",
        "needs the person's name",
    );
    refused(
        &store,
        "position",
        position(json!({"allocation_percent": 0})),
        "allocation_percent",
        "from 1 to 100",
    );
    refused(
        &store,
        "position",
        position(json!({"currency": "dollars"})),
        "currency",
        "three-letter",
    );
    let saved = records::save(store.conn(), "position", position(json!({})), now()).unwrap();
    assert_eq!(saved["loaded_cost_minor"], 21000000);
    // A team still holding a position cannot be deleted.
    let err = records::delete(store.conn(), "team", team_id, now())
        .err()
        .unwrap();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    assert_eq!(records::count(store.conn(), "team").unwrap(), 1);
}

#[test]
fn rating_and_kpi_rules() {
    let store = org();
    // Ratings are not a generic kind (the blind rule lives in `scorecards`), so the rules
    // are checked on the typed row here.
    for kind in ["rating", "scorecard"] {
        assert!(
            records::list(store.conn(), kind).is_err(),
            "{kind} is not generic"
        );
    }
    use quartermaster_core::store::entity::Validate;
    let rating = |score: i64, evidence: &str| quartermaster_core::hiring::Rating {
        id: 0,
        scorecard_id: 1,
        dimension_id: 1,
        score,
        evidence: evidence.into(),
    };
    let err = rating(6, "x").validate(store.conn()).err().unwrap();
    assert_eq!(err.field(), Some("score"));
    assert!(
        err.message().contains("Rating must be from 1 to 5"),
        "{err}"
    );
    let err = rating(5, "").validate(store.conn()).err().unwrap();
    assert_eq!(err.field(), Some("evidence"));
    assert!(err.message().contains("need written evidence"), "{err}");
    let kpi: quartermaster_core::kpi::Kpi =
        quartermaster_core::kpi::by_key(store.conn(), "lead_time").unwrap();
    refused(
        &store,
        "kpi_value",
        json!({"kpi_id": kpi.id, "period": "FY2027-Q1", "value": 6.5, "note": ""}),
        "period",
        "2026-09",
    );
    let derived = quartermaster_core::kpi::by_key(store.conn(), "roadmap_predictability").unwrap();
    refused(
        &store,
        "kpi_value",
        json!({"kpi_id": derived.id, "period": "FY2027-Q1", "value": 80.0, "note": ""}),
        "kpi_id",
        "derived from the data",
    );
    let saved = records::save(
        store.conn(),
        "kpi_value",
        json!({"kpi_id": kpi.id, "period": "2026-10", "value": 6.5, "note": "after CI cache"}),
        now(),
    )
    .unwrap();
    assert_eq!(saved["value"], 6.5);
}

#[test]
fn missing_fields_and_unknown_kinds_are_named() {
    let store = org();
    let err = records::save(
        store.conn(),
        "risk",
        json!({"title": "GPU shortage"}),
        now(),
    )
    .err()
    .unwrap();
    assert_eq!(err.field(), Some("severity"));
    assert_eq!(err.message(), "This field is required");
    let err = records::list(store.conn(), "spaceship").err().unwrap();
    assert!(err.to_string().contains("spaceship"));
}

#[test]
fn schema_checks_back_up_the_rust_rules() {
    let store = org();
    let err = store
        .conn()
        .execute(
            "INSERT INTO model (name, tier, lifecycle, serving, created_at, updated_at) VALUES ('x', 7, 'production', 'online', '', '')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
    let err = store
        .conn()
        .execute(
            "INSERT INTO position (team_id, role, status, currency, created_at, updated_at) VALUES (77, 'x', 'open', 'USD', '', '')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}
