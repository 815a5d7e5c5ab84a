//! Tests of the derived KPIs: coverage, incident times and unit costs worked by hand, and the
//! roadmap and hiring figures matching the modules they come from.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::demo;
use crate::kpi::series::series;
use crate::ops::{Incident, Severity};
use crate::portfolio::{Lifecycle, Model};
use crate::store::entity;
use crate::Store;

fn demo_store() -> Store {
    crate::demo::in_memory().unwrap()
}

fn now() -> entity::Timestamp {
    demo::demo_now().unwrap()
}

#[test]
fn coverage_counts_only_live_models() {
    let mut store = demo_store();
    let conn = store.conn();
    let models: Vec<Model> = entity::list(conn).unwrap();
    let live: Vec<&Model> = models.iter().filter(|m| m.lifecycle.is_live()).collect();
    let cicd = live.iter().filter(|m| m.has_cicd).count() as f64;
    let expected = cicd * 100.0 / live.len() as f64;
    assert_eq!(
        coverage_percent(conn, "cicd_coverage").unwrap(),
        Some(expected)
    );
    // Adding a live model without CI/CD lowers coverage by a hand-computed amount.
    let mut extra = live[0].clone();
    extra.id = 0;
    extra.name = "new live model".into();
    extra.has_cicd = false;
    extra.lifecycle = Lifecycle::Production;
    let n = live.len() as f64;
    store
        .with_tx(|tx| entity::insert(tx, extra, now()).map(|_| ()))
        .unwrap();
    let after = coverage_percent(store.conn(), "cicd_coverage")
        .unwrap()
        .unwrap();
    assert!((after - cicd * 100.0 / (n + 1.0)).abs() < 1e-9);
    // Coverage has no history: only the last period asked for has a value.
    let periods = ["FY2026-Q4".to_string(), "FY2027-Q1".to_string()];
    let points = series(store.conn(), "monitoring_coverage", &periods).unwrap();
    assert_eq!(points.len(), 1);
    assert_eq!(points[0].period, "FY2027-Q1");
}

#[test]
fn incident_times_per_quarter_by_hand() {
    let mut store = demo_store();
    store
        .with_tx(|tx| {
            tx.execute("DELETE FROM incident", [])?;
            for (start, detect, mitigate) in [
                (
                    "2026-10-01T10:00:00Z",
                    "2026-10-01T10:20:00Z",
                    Some("2026-10-01T12:20:00Z"),
                ),
                (
                    "2026-11-02T08:00:00Z",
                    "2026-11-02T08:40:00Z",
                    Some("2026-11-02T12:40:00Z"),
                ),
                ("2026-12-20T00:00:00Z", "2026-12-20T01:00:00Z", None),
                ("2026-09-30T00:00:00Z", "2026-09-30T05:00:00Z", None),
            ] {
                let at = |t: &str| t.parse::<entity::Timestamp>().unwrap();
                entity::insert(
                    tx,
                    Incident {
                        id: 0,
                        model_id: None,
                        severity: Severity::Sev2,
                        started_at: at(start),
                        detected_at: at(detect),
                        mitigated_at: mitigate.map(at),
                        summary: "x".into(),
                    },
                    now(),
                )?;
            }
            Ok(())
        })
        .unwrap();
    let q1 = vec!["FY2027-Q1".to_string()];
    // Detect: (20 + 40 + 60) / 3 = 40 minutes; mitigate: (2 h + 4 h) / 2 = 3 hours.
    let ttd = series(store.conn(), "time_to_detect", &q1).unwrap();
    assert_eq!(ttd[0].value, 40.0);
    let ttm = series(store.conn(), "time_to_mitigate", &q1).unwrap();
    assert_eq!(ttm[0].value, 3.0);
    // The September incident belongs to FY2026-Q4 (fiscal year from October): 300 minutes.
    let q4 = series(store.conn(), "time_to_detect", &["FY2026-Q4".to_string()]).unwrap();
    assert_eq!(q4[0].value, 300.0);
    assert!(
        series(store.conn(), "time_to_mitigate", &["FY2026-Q4".to_string()])
            .unwrap()
            .is_empty()
    );
}

#[test]
fn unit_costs_roadmap_and_hiring_match_their_modules() {
    let store = demo_store();
    let conn = store.conn();
    let org = unit_cost::org_unit_costs(conn).unwrap();
    let last = org.last().unwrap();
    let expected = last
        .cost_per_1k_inferences
        .as_ref()
        .unwrap()
        .0
        .to_f64()
        .unwrap();
    let points = series(
        conn,
        "cost_per_1k_inferences",
        std::slice::from_ref(&last.month),
    )
    .unwrap();
    assert_eq!(points[0].value, expected);
    let q = "FY2026-Q4".parse::<FiscalQuarter>().unwrap();
    let periods = [q.to_string()];
    let releases = series(conn, "ml_releases", &periods).unwrap();
    assert_eq!(
        releases[0].value,
        kpis::ml_releases(conn, q).unwrap() as f64
    );
    let cycle = metrics::hiring_cycle_time(conn, q).unwrap();
    let points = series(conn, "hiring_cycle_time", &periods).unwrap();
    assert_eq!(points.first().map(|p| p.value), cycle);
}

#[test]
fn unit_cost_by_hand_on_usage_and_spend() {
    // Org unit cost = inference spend × 1000 ÷ inferences over models with inferences.
    let store = demo_store();
    let conn = store.conn();
    let costs = unit_cost::unit_costs(conn, None).unwrap();
    let month = costs.rows.last().unwrap().month.clone();
    let (mut spend, mut inferences) = (rust_decimal::Decimal::ZERO, 0i64);
    for row in costs
        .rows
        .iter()
        .filter(|r| r.month == month && r.inferences > 0)
    {
        spend += row.inference_spend.0;
        inferences += row.inferences;
    }
    let by_hand = (spend * rust_decimal::Decimal::ONE_THOUSAND
        / rust_decimal::Decimal::from(inferences))
    .to_f64()
    .unwrap();
    let points = series(conn, "cost_per_1k_inferences", &[month]).unwrap();
    assert!(
        (points[0].value - by_hand).abs() < 0.005,
        "{} vs {by_hand}",
        points[0].value
    );
}
