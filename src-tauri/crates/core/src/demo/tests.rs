//! Tests of the demo organisation: deterministic output, and the story its data tells in every area.

use std::collections::BTreeSet;

use rusqlite::types::ValueRef;
use rust_decimal::Decimal;
use serde_json::Value;

use super::finops_data::{BUDGETS, BUDGET_QUARTERS};
use super::*;
use crate::finops::{BatchKind, ImportBatch};
use crate::hiring::{DecisionOutcome, Rating, Stage, StageChange};
use crate::kpi::{self, Kpi};
use crate::ops::Severity;
use crate::org::{PositionStatus, TeamKind};
use crate::portfolio::{Lifecycle, Serving};
use crate::roadmap::initiative::{InitiativeStatus, Outcome, QuarterSnapshot, SnapshotItem};
use crate::Store;

fn demo_store() -> Store {
    in_memory().unwrap()
}

fn list<E: Entity>(store: &Store) -> Vec<E> {
    entity::list(store.conn()).unwrap()
}

/// Every row of every table, rendered as text in rowid order.
pub(super) fn dump(conn: &Connection) -> String {
    let mut out = String::new();
    let mut tables = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|n| n.unwrap())
        .collect();
    for table in names {
        out.push_str(&format!("## {table}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
            .unwrap();
        let width = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..width)
                .map(|i| match row.get_ref(i).unwrap() {
                    ValueRef::Null => "NULL".to_string(),
                    ValueRef::Integer(v) => v.to_string(),
                    ValueRef::Real(v) => format!("{v:?}"),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    ValueRef::Blob(b) => format!("{b:?}"),
                })
                .collect();
            out.push_str(&cells.join("|"));
            out.push('\n');
        }
    }
    out
}

fn team_id(store: &Store, name: &str) -> i64 {
    list::<Team>(store)
        .into_iter()
        .find(|t| t.name == name)
        .unwrap()
        .id
}

fn month_of(at: Timestamp) -> String {
    at.format("%Y-%m").to_string()
}

#[test]
fn two_runs_are_byte_identical() {
    let first = dump(demo_store().conn());
    let second = dump(demo_store().conn());
    assert!(first.len() > 100_000, "the dump covers the whole file");
    assert_eq!(first, second);
}

#[test]
fn summary_meets_every_minimum() {
    let mut store = Store::open_in_memory().unwrap();
    let summary = store.with_tx(|tx| create(tx)).unwrap();
    assert!(summary.teams >= 6, "{summary:?}");
    assert!(summary.positions >= 40);
    assert!(summary.models >= 20);
    assert!(summary.initiatives >= 24);
    assert!(summary.dependencies >= 5);
    assert!(
        (300..=2_000).contains(&summary.cost_lines),
        "{} cost lines",
        summary.cost_lines
    );
    assert!(summary.allocation_rules >= summary.models);
    assert!(summary.usage_rows >= 12 * 14);
    assert!(summary.budgets >= 5 * 6);
    assert!(summary.requisitions >= 5);
    assert!(summary.scorecards > 0 && summary.decisions > 0);
    assert!(summary.incidents >= 3 && (5..=8).contains(&summary.risks));
    assert_eq!(summary, super::summary(store.conn()).unwrap());
    assert!(summary.to_string().contains("22 models"));
    let settings = crate::org::settings::get(store.conn()).unwrap();
    assert_eq!(
        (settings.org_name.as_str(), settings.fiscal_year_start_month),
        (ORG_NAME, 10)
    );
    assert_eq!(settings.currency.as_str(), "USD");
}

#[test]
fn teams_and_positions_look_like_a_real_org() {
    let store = demo_store();
    let teams = list::<Team>(&store);
    for kind in [
        TeamKind::Applied,
        TeamKind::Platform,
        TeamKind::Data,
        TeamKind::Sre,
    ] {
        assert!(teams.iter().any(|t| t.kind == kind), "{kind}");
    }
    for name in [
        "Search Relevance",
        "Recommendations",
        "Fraud & Risk ML",
        "Forecasting",
        "ML Platform",
        "Data Engineering",
    ] {
        assert!(teams.iter().any(|t| t.name == name), "{name}");
    }
    let positions = list::<Position>(&store);
    let today = demo_now().unwrap().date_naive();
    for status in PositionStatus::ALL {
        assert!(positions.iter().any(|p| p.status == *status), "{status}");
    }
    assert!(
        positions
            .iter()
            .filter(|p| p.status == PositionStatus::Open)
            .count()
            >= 5
    );
    for p in &positions {
        match p.status {
            PositionStatus::Planned => assert!(p.start_date.unwrap() > today, "{p:?}"),
            PositionStatus::Leaving => {
                assert!(p.end_date.unwrap() > today && !p.person.is_empty())
            }
            PositionStatus::Filled => assert!(p.start_date.unwrap() <= today),
            PositionStatus::Open => assert!(p.person.is_empty()),
        }
        assert!(
            (18_000_000..=32_000_000).contains(&p.loaded_cost_minor),
            "{p:?}"
        );
    }
    assert!(
        positions
            .iter()
            .filter(|p| p.allocation_percent < 100)
            .count()
            >= 2
    );
    let levels: BTreeSet<&str> = positions.iter().map(|p| p.level.as_str()).collect();
    assert!(["L4", "L5", "L6", "Staff", "EM"]
        .iter()
        .all(|l| levels.contains(l)));
}

#[test]
fn portfolio_covers_every_lifecycle_with_believable_coverage() {
    let store = demo_store();
    let models = list::<Model>(&store);
    for lifecycle in Lifecycle::ALL {
        assert!(
            models.iter().any(|m| m.lifecycle == *lifecycle),
            "{lifecycle}"
        );
    }
    for serving in Serving::ALL {
        assert!(models.iter().any(|m| m.serving == *serving), "{serving}");
    }
    for tier in 1..=3 {
        assert!(models.iter().any(|m| m.tier == tier));
    }
    assert!(models.iter().all(|m| !m.cost_tag.is_empty()));
    let live: Vec<&Model> = models.iter().filter(|m| m.lifecycle.is_live()).collect();
    let share = |f: fn(&Model) -> bool| live.iter().filter(|m| f(m)).count() * 100 / live.len();
    assert!(
        (65..=75).contains(&share(|m| m.has_cicd)),
        "CI/CD {}%",
        share(|m| m.has_cicd)
    );
    assert!((80..=90).contains(&share(|m| m.has_monitoring)));
    assert!((55..=70).contains(&share(|m| m.has_lineage)));
    assert!(live.iter().all(|m| m.last_readiness_review.is_some()));
}

#[test]
fn past_quarters_are_frozen_with_outcomes() {
    let store = demo_store();
    let snapshots = list::<QuarterSnapshot>(&store);
    let items = list::<SnapshotItem>(&store);
    let outcomes = |quarter: &str| -> Vec<Option<Outcome>> {
        let snapshot = snapshots
            .iter()
            .find(|s| s.quarter.to_string() == quarter)
            .unwrap();
        items
            .iter()
            .filter(|i| i.snapshot_id == snapshot.id)
            .map(|i| i.outcome)
            .collect()
    };
    for quarter in ["FY2026-Q3", "FY2026-Q4"] {
        let ended = outcomes(quarter);
        assert!(
            ended.len() >= 7 && ended.iter().all(Option::is_some),
            "{quarter}: {ended:?}"
        );
    }
    let q4 = outcomes("FY2026-Q4");
    assert_eq!(
        (
            q4.iter()
                .filter(|o| **o == Some(Outcome::Delivered))
                .count(),
            q4.len()
        ),
        (7, 9)
    );
    assert!(
        outcomes("FY2027-Q1").iter().all(Option::is_none),
        "the current quarter is still running"
    );

    let initiatives = list::<Initiative>(&store);
    let serving = initiatives
        .iter()
        .find(|i| i.title == "Shared model serving platform v1")
        .unwrap();
    assert_eq!(
        (serving.quarter.to_string(), serving.status),
        ("FY2026-Q4".into(), InitiativeStatus::Delivered)
    );
    // Statuses agree with snapshot outcomes.
    for item in items.iter().filter(|i| i.outcome.is_some()) {
        let initiative = initiatives
            .iter()
            .find(|i| Some(i.id) == item.initiative_id)
            .unwrap();
        assert_eq!(
            item.outcome.map(|o| o.as_str()),
            Some(initiative.status.as_str())
        );
    }
    let quarters: BTreeSet<String> = initiatives.iter().map(|i| i.quarter.to_string()).collect();
    assert_eq!(quarters.len(), 5, "{quarters:?}");
    assert!(initiatives.iter().filter(|i| i.releases_model).count() >= 5);
}

#[test]
fn recommendations_is_over_committed_next_quarter() {
    let store = demo_store();
    let recs = team_id(&store, "Recommendations");
    let heads = list::<Position>(&store)
        .iter()
        .filter(|p| p.team_id == recs)
        .count() as f64;
    let demand: f64 = list::<Initiative>(&store)
        .iter()
        .filter(|i| i.team_id == recs && i.quarter.to_string() == "FY2027-Q2")
        .map(|i| i.effort_pw)
        .sum();
    assert!(
        demand > heads * 13.0 * 1.5,
        "demand {demand} pw vs {heads} heads"
    );
}

#[test]
fn inference_cost_per_1k_falls_after_the_platform() {
    let store = demo_store();
    let mut cost: BTreeMap<String, Decimal> = BTreeMap::new();
    for line in list::<CostLine>(&store) {
        assert_eq!(line.billing_period_start, line.charge_period_start);
        if line.tags.get("workload").and_then(Value::as_str) == Some("inference") {
            *cost.entry(month_of(line.billing_period_start)).or_default() += line.billed_cost.0;
        }
    }
    let mut inferences: BTreeMap<String, i64> = BTreeMap::new();
    for usage in list::<Usage>(&store) {
        *inferences.entry(usage.month).or_default() += usage.inferences;
    }
    let per_1k = |months: &[&str]| {
        let spent: Decimal = months.iter().map(|m| cost[*m]).sum();
        let served: i64 = months.iter().map(|m| inferences[*m]).sum();
        spent * Decimal::from(1000) / Decimal::from(served)
    };
    let before = per_1k(&[
        "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
        "2026-07", "2026-08",
    ]);
    let after = per_1k(&["2026-10"]);
    assert!(
        Decimal::new(56, 2) < before && before < Decimal::new(64, 2),
        "before {before}"
    );
    assert!(
        Decimal::new(35, 2) < after && after < Decimal::new(41, 2),
        "after {after}"
    );
    assert!(inferences["2026-10"] > 400_000_000);
}

#[test]
fn billing_lines_are_focus_shaped_and_allocatable() {
    let store = demo_store();
    let lines = list::<CostLine>(&store);
    let batches = list::<ImportBatch>(&store);
    assert_eq!(batches.len(), 1);
    assert_eq!(
        (batches[0].kind, batches[0].row_count),
        (BatchKind::Demo, lines.len() as i64)
    );
    let months: BTreeSet<String> = lines
        .iter()
        .map(|l| month_of(l.billing_period_start))
        .collect();
    assert_eq!(months.len(), 12);
    let tags: BTreeSet<&str> = lines
        .iter()
        .filter_map(|l| l.tags.get("model").and_then(Value::as_str))
        .collect();
    let rules = list::<AllocationRule>(&store);
    for tag in &tags {
        assert!(
            rules
                .iter()
                .any(|r| r.tag_key == "model" && r.pattern == *tag && r.model_id.is_some()),
            "{tag}"
        );
    }
    assert!(
        lines
            .iter()
            .filter(|l| l.tags.get("model").is_none())
            .count()
            >= 24,
        "shared spend"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.tags.as_object().is_some_and(|t| t.is_empty())),
        "untagged spend"
    );
    assert!(lines
        .iter()
        .all(|l| !l.billed_cost.is_negative() && l.list_cost >= l.billed_cost));
    let usage_share = lines
        .iter()
        .filter(|l| l.charge_category == "Usage")
        .count()
        * 100
        / lines.len();
    assert!(usage_share >= 95);
    for provider in ["AWS", "Google Cloud"] {
        assert!(lines.iter().any(|l| l.provider_name == provider));
    }
    // The same model moves from SageMaker to the shared cluster in September 2026.
    let ranker = |month: &str| -> BTreeSet<String> {
        lines
            .iter()
            .filter(|l| month_of(l.billing_period_start) == month)
            .filter(|l| l.tags.get("model").and_then(Value::as_str) == Some("search-ranker"))
            .filter(|l| l.tags.get("workload").and_then(Value::as_str) == Some("inference"))
            .map(|l| l.service_name.clone())
            .collect()
    };
    assert_eq!(
        ranker("2026-08").into_iter().collect::<Vec<_>>(),
        ["Amazon SageMaker"]
    );
    assert_eq!(ranker("2026-09").len(), 2);
    assert_eq!(
        ranker("2026-10").into_iter().collect::<Vec<_>>(),
        ["Amazon Elastic Compute Cloud"]
    );
}

#[test]
fn the_cost_engine_tells_the_same_story() {
    let store = demo_store();
    let conn = store.conn();
    let costs = crate::finops::unit_cost::org_unit_costs(conn).unwrap();
    let per_1k = |month: &str| {
        let row = costs.iter().find(|c| c.month == month).unwrap();
        row.cost_per_1k_inferences.unwrap().0
    };
    assert!((Decimal::new(57, 2)..Decimal::new(63, 2)).contains(&per_1k("2026-03")));
    assert!((Decimal::new(35, 2)..Decimal::new(41, 2)).contains(&per_1k("2026-10")));
    // Allocation gives every team the spend its budget was planned from.
    let q4 = crate::finops::unit_cost::budget::budget_vs_actual(
        conn,
        Some("FY2026-Q4".parse().unwrap()),
    )
    .unwrap();
    assert_eq!(q4.len(), BUDGETS.len());
    for budget in &q4 {
        let used = budget.used_percent.unwrap();
        assert!((90.0..100.0).contains(&used), "{budget:?}");
    }
    // Only the untagged lines (support, CloudTrail, a NAT gateway) stay unallocated.
    let rules = entity::list(conn).unwrap();
    let october = crate::finops::allocation::preview(conn, rules, Some("2026-10")).unwrap();
    assert_eq!(october.unallocated_lines, 3);
}

#[test]
fn search_is_slightly_over_budget_last_month() {
    let store = demo_store();
    let spend = |team: &str| -> Decimal {
        list::<CostLine>(&store)
            .iter()
            .filter(|l| month_of(l.billing_period_start) == "2026-10")
            .filter(|l| l.tags.get("team").and_then(Value::as_str) == Some(team))
            .map(|l| l.billed_cost.0)
            .sum()
    };
    let budgets = list::<Budget>(&store);
    let monthly_budget = |name: &str| -> Decimal {
        let id = team_id(&store, name);
        let budget = budgets
            .iter()
            .find(|b| b.team_id == Some(id) && b.quarter.to_string() == "FY2027-Q1")
            .unwrap();
        Decimal::new(budget.amount_minor, 2) / Decimal::from(3)
    };
    for quarter in BUDGET_QUARTERS {
        assert!(
            budgets
                .iter()
                .filter(|b| b.quarter.to_string() == quarter)
                .count()
                >= 7
        );
    }
    let over = spend("search") / monthly_budget("Search Relevance");
    assert!(
        over > Decimal::ONE && over < Decimal::new(110, 2),
        "search at {over} of budget"
    );
    for (slug, name) in [
        ("recs", "Recommendations"),
        ("fraud", "Fraud & Risk ML"),
        ("platform", "ML Platform"),
    ] {
        assert!(spend(slug) < monthly_budget(name), "{name}");
    }
}

#[test]
fn every_manual_kpi_has_history() {
    let store = demo_store();
    let values = list::<KpiValue>(&store);
    for kpi in list::<Kpi>(&store) {
        let periods: Vec<&str> = values
            .iter()
            .filter(|v| v.kpi_id == kpi.id)
            .map(|v| v.period.as_str())
            .collect();
        match (kpi.source, kpi.frequency) {
            (kpi::Source::Derived, _) => assert!(periods.is_empty()),
            (kpi::Source::Manual, kpi::Frequency::Monthly) => {
                assert_eq!(
                    (periods.len(), periods[0], periods[11]),
                    (12, "2025-11", "2026-10"),
                    "{}",
                    kpi.key
                )
            }
            (kpi::Source::Manual, kpi::Frequency::Quarterly) => {
                assert_eq!(
                    (periods.len(), periods[0], periods[7]),
                    (8, "FY2025-Q2", "FY2027-Q1"),
                    "{}",
                    kpi.key
                )
            }
        }
    }
    assert!(values.iter().filter(|v| !v.note.is_empty()).count() >= 8);
    let serving_note = values
        .iter()
        .find(|v| v.note.contains("platform v1"))
        .unwrap();
    assert_eq!(serving_note.period, "2026-09");
}

#[test]
fn hiring_has_open_loops_scorecards_and_a_hire() {
    let store = demo_store();
    let positions = list::<Position>(&store);
    let requisitions = list::<Requisition>(&store);
    let candidates = list::<Candidate>(&store);
    let open: Vec<&Requisition> = requisitions
        .iter()
        .filter(|r| r.closed_on.is_none())
        .collect();
    assert!(open.len() >= 4);
    for requisition in &open {
        let position = positions
            .iter()
            .find(|p| p.id == requisition.position_id)
            .unwrap();
        assert_eq!(
            position.status,
            PositionStatus::Open,
            "{}",
            requisition.title
        );
    }
    let decisions = list::<Decision>(&store);
    let closed_with_hire = requisitions
        .iter()
        .filter(|r| r.closed_on.is_some())
        .any(|r| {
            candidates
                .iter()
                .filter(|c| c.requisition_id == r.id)
                .any(|c| {
                    c.stage == Stage::Hired
                        && decisions
                            .iter()
                            .any(|d| d.candidate_id == c.id && d.outcome == DecisionOutcome::Hire)
                })
        });
    assert!(closed_with_hire);
    let stages: BTreeSet<Stage> = candidates.iter().map(|c| c.stage).collect();
    assert!(stages.len() >= 6, "{stages:?}");
    let changes = list::<StageChange>(&store);
    for candidate in &candidates {
        let last = changes
            .iter()
            .rfind(|s| s.candidate_id == candidate.id)
            .unwrap();
        assert_eq!(
            (last.stage, candidate.applied_on <= last.changed_on),
            (candidate.stage, true)
        );
    }

    let interviews = list::<Interview>(&store);
    let exercises: BTreeSet<&str> = interviews.iter().map(|i| i.exercise.as_str()).collect();
    assert_eq!(exercises.len(), 4);
    assert!(interviews.iter().all(|i| !i.focus.0.is_empty()));
    let scorecards = list::<Scorecard>(&store);
    assert!(
        scorecards
            .iter()
            .filter(|s| s.submitted_at.is_some())
            .count()
            >= 20
    );
    assert!(
        scorecards.iter().any(|s| s.submitted_at.is_none()),
        "a draft scorecard"
    );
    assert!(
        scorecards.len() < interviews.len(),
        "interviews booked after today"
    );
    let ratings = list::<Rating>(&store);
    for score in 1..=5 {
        assert!(ratings.iter().any(|r| r.score == score), "score {score}");
    }
    assert!(ratings.iter().all(|r| !r.evidence.is_empty()));
    let recommendations: BTreeSet<&str> = scorecards
        .iter()
        .filter_map(|s| s.recommendation.map(|r| r.as_str()))
        .collect();
    assert!(recommendations.len() >= 3, "{recommendations:?}");
}

#[test]
fn operations_have_incidents_and_risks() {
    let store = demo_store();
    let incidents = list::<Incident>(&store);
    assert!(incidents.iter().any(|i| i.severity == Severity::Sev1));
    assert!(
        incidents.iter().any(|i| i.mitigated_at.is_none()),
        "one still open"
    );
    assert!(incidents.iter().filter(|i| i.model_id.is_some()).count() >= 5);
    let risks = list::<Risk>(&store);
    assert!(risks
        .iter()
        .all(|r| !r.owner.is_empty() && !r.mitigation.is_empty()));
}

#[test]
fn every_write_is_audited_at_demo_now() {
    let store = demo_store();
    let conn = store.conn();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let rows = count("SELECT count(*) FROM cost_line") + count("SELECT count(*) FROM model");
    assert!(count("SELECT count(*) FROM change WHERE action = 'create'") > rows);
    // Only the snapshots are stamped with their quarter's start (when the plan was frozen).
    let frozen = count("SELECT count(*) FROM quarter_snapshot")
        + count("SELECT count(*) FROM snapshot_item");
    assert_eq!(
        count(&format!(
            "SELECT count(*) FROM change WHERE at <> '{}'",
            crate::store::entity::timestamp_text(demo_now().unwrap())
        )),
        frozen
    );
}

#[test]
fn refuses_a_file_that_already_has_an_organisation() {
    let mut store = demo_store();
    let before = dump(store.conn());
    let err = store.with_tx(|tx| create(tx)).unwrap_err();
    assert_eq!(err.kind(), "conflict");
    assert_eq!(dump(store.conn()), before);
}
