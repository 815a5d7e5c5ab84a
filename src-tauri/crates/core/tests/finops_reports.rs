//! Allocation rules, unit costs, spend breakdowns and budgets over imported billing, with the
//! exact figures a director would read.

use std::str::FromStr;

use quartermaster_core::finops::allocation::{self, Allocation};
use quartermaster_core::finops::import::ImportOptions;
use quartermaster_core::finops::unit_cost;
use quartermaster_core::finops::unit_cost::spend_by::SpendBy;
use quartermaster_core::finops::{AllocationRule, Budget, Category, MatchOn};
use quartermaster_core::org::{Team, TeamKind};
use quartermaster_core::portfolio::{Lifecycle, Model, RiskLevel, Serving};
use quartermaster_core::store::entity;
use quartermaster_core::values::amount::Amount;
use quartermaster_core::values::money::Currency;
use quartermaster_core::values::quarter::FiscalQuarter;
use quartermaster_core::{finops::import::focus, finops::import::usage, Store};
use rust_decimal::Decimal;

use crate::finops_import::fixture;
use crate::support::{now, org};

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn amount(text: &str) -> Amount {
    Amount(dec(text))
}

fn id_of(store: &Store, table: &str, name: &str) -> i64 {
    store
        .conn()
        .query_row(
            &format!("SELECT id FROM {table} WHERE name = ?1"),
            [name],
            |r| r.get(0),
        )
        .unwrap()
}

/// The test organisation (fiscal year from October, USD) with teams Search and Platform and
/// models Ranker (tag `ranker`, Search) and Embedder (tag `embedder`, Platform).
pub fn org_with_models() -> Store {
    let mut store = org();
    store
        .with_tx(|tx| {
            let team = |name: &str, kind| Team {
                id: 0,
                name: name.into(),
                kind,
                domain: String::new(),
                parent_id: None,
                ktlo_percent: 20,
                leave_percent: 10,
            };
            let search = entity::insert(tx, team("Search", TeamKind::Applied), now())?;
            let platform = entity::insert(tx, team("Platform", TeamKind::Platform), now())?;
            for (name, tag, owner) in [
                ("Ranker", "ranker", search.id),
                ("Embedder", "embedder", platform.id),
            ] {
                let model = Model {
                    id: 0,
                    name: name.into(),
                    product_area: String::new(),
                    owner_team_id: Some(owner),
                    tier: 1,
                    lifecycle: Lifecycle::Production,
                    serving: Serving::Online,
                    business_kpi: String::new(),
                    has_cicd: true,
                    has_monitoring: true,
                    has_lineage: true,
                    has_model_card: true,
                    last_readiness_review: None,
                    risk_level: RiskLevel::Low,
                    cost_tag: tag.into(),
                };
                entity::insert(tx, model, now())?;
            }
            Ok(())
        })
        .unwrap();
    store
}

fn rule(
    priority: i64,
    match_on: MatchOn,
    tag_key: &str,
    pattern: &str,
    category: Category,
) -> AllocationRule {
    AllocationRule {
        id: 0,
        priority,
        match_on,
        tag_key: tag_key.into(),
        pattern: pattern.into(),
        model_id: None,
        team_id: None,
        category,
    }
}

/// The workload rules of the demo plus a storage rule by service for the Platform team.
fn workload_rules(store: &Store) -> Vec<AllocationRule> {
    let platform = id_of(store, "team", "Platform");
    vec![
        rule(
            10,
            MatchOn::Tag,
            "workload",
            "inference",
            Category::Inference,
        ),
        rule(20, MatchOn::Tag, "Workload", "train*", Category::Training),
        AllocationRule {
            team_id: Some(platform),
            ..rule(30, MatchOn::Service, "", "amazon s3", Category::Storage)
        },
    ]
}

/// Org + the FOCUS 1.2 fixture + usage + the workload rules, saved.
fn billed_org() -> Store {
    let mut store = org_with_models();
    focus::import_file(
        &mut store,
        &fixture("focus/focus-1.2-bom-crlf.csv"),
        ImportOptions::default(),
        now(),
        None,
    )
    .unwrap();
    usage::import_file(
        &mut store,
        &fixture("usage/usage-2026.csv"),
        ImportOptions::default(),
        now(),
        None,
    )
    .unwrap();
    let rules = workload_rules(&store);
    store
        .with_tx(|tx| {
            for r in rules {
                entity::insert(tx, r, now())?;
            }
            Ok(())
        })
        .unwrap();
    store
}

#[test]
fn preview_shows_what_each_rule_catches_and_what_stays_unallocated() {
    let store = org_with_models();
    let mut store = store;
    focus::import_file(
        &mut store,
        &fixture("focus/focus-1.2-bom-crlf.csv"),
        ImportOptions::default(),
        now(),
        None,
    )
    .unwrap();
    let rules = workload_rules(&store);
    let preview = allocation::preview(store.conn(), rules, None).unwrap();
    assert_eq!(preview.currency, "USD");
    assert_eq!(preview.total_effective_cost, amount("346.750125"));
    let caught: Vec<(i64, i64, Amount)> = preview
        .rules
        .iter()
        .map(|c| (c.priority, c.lines, c.effective_cost))
        .collect();
    assert_eq!(
        caught,
        vec![
            (10, 2, amount("230.25")),
            (20, 2, amount("111.500125")),
            (30, 1, amount("10.00"))
        ]
    );
    assert_eq!(
        (
            preview.unallocated_lines,
            preview.unallocated_effective_cost
        ),
        (1, amount("-5.00"))
    );
    let sum: Decimal = preview
        .rules
        .iter()
        .map(|c| c.effective_cost.0)
        .sum::<Decimal>()
        + preview.unallocated_effective_cost.0;
    assert_eq!(sum, preview.total_effective_cost.0, "nothing is dropped");
    assert_eq!(preview.rules[0].share_percent, 66.4);

    let august =
        allocation::preview(store.conn(), workload_rules(&store), Some("2026-08")).unwrap();
    assert_eq!(august.total_effective_cost, amount("190.250125"));
    let none = allocation::preview(store.conn(), Vec::new(), None).unwrap();
    assert_eq!(
        (none.unallocated_lines, none.unallocated_effective_cost),
        (6, amount("346.750125"))
    );
}

#[test]
fn rules_apply_in_priority_order_then_oldest_first() {
    let mut store = org_with_models();
    focus::import_file(
        &mut store,
        &fixture("focus/focus-1.2-bom-crlf.csv"),
        ImportOptions::default(),
        now(),
        None,
    )
    .unwrap();
    let (ranker, embedder) = (
        id_of(&store, "model", "Ranker"),
        id_of(&store, "model", "Embedder"),
    );
    let platform = id_of(&store, "team", "Platform");
    let mut rules = workload_rules(&store);
    // A resource pattern with a lower priority number wins over the tag rule.
    rules.push(AllocationRule {
        id: 101,
        model_id: Some(embedder),
        team_id: Some(platform),
        ..rule(
            5,
            MatchOn::Resource,
            "",
            "arn:aws:sagemaker:*:endpoint/ranker-*",
            Category::Other,
        )
    });
    // Same priority as the storage rule but newer: never reached for S3, catches by sub-account.
    rules[2].id = 50;
    rules.push(rule(30, MatchOn::SubAccount, "", "2222*", Category::Data));
    rules[4].id = 60;
    rules[0].id = 10;
    rules[1].id = 20;
    let preview = allocation::preview(store.conn(), rules.clone(), None).unwrap();
    let by_id = |id: i64| {
        preview
            .rules
            .iter()
            .find(|c| c.rule_id == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (by_id(101).lines, by_id(101).effective_cost),
        (2, amount("230.25"))
    );
    assert_eq!(by_id(10).lines, 0);
    assert_eq!((by_id(50).lines, by_id(60).lines), (1, 0));
    assert_eq!(
        preview.rules.iter().map(|c| c.rule_id).collect::<Vec<_>>(),
        vec![101, 10, 20, 50, 60]
    );

    let allocator = allocation::Allocator::new(store.conn(), rules).unwrap();
    let spend = allocation::allocated_spend(store.conn(), &allocator, Some("2026-09")).unwrap();
    let endpoint = spend
        .iter()
        .find(|s| s.allocation.rule_id == Some(101))
        .unwrap();
    assert_eq!(
        endpoint.allocation,
        Allocation {
            rule_id: Some(101),
            model_id: Some(embedder),
            team_id: Some(platform),
            category: Some(Category::Other)
        }
    );
    let training = spend
        .iter()
        .find(|s| s.allocation.rule_id == Some(20))
        .unwrap();
    assert_eq!(
        training.allocation.model_id,
        Some(embedder),
        "model from the line's model tag"
    );
    assert_eq!(
        training.allocation.team_id,
        Some(platform),
        "team from the model's owner"
    );
    // September by model, summed by hand from the file: the ranker-prod endpoint line (120.00,
    // tagged model=ranker) goes to Embedder through the resource rule, and the training line
    // (36.50) to Embedder by its tag; Ranker gets nothing although its tag is on a line.
    let mut by_model: std::collections::BTreeMap<Option<i64>, (Decimal, i64)> = Default::default();
    for s in &spend {
        let entry = by_model.entry(s.allocation.model_id).or_default();
        entry.0 += s.effective_cost;
        entry.1 += s.lines;
    }
    assert_eq!(
        by_model,
        std::collections::BTreeMap::from([(Some(embedder), (dec("156.50"), 2))])
    );
    assert!(!by_model.contains_key(&Some(ranker)));
}

#[test]
fn unit_costs_per_model_per_month_with_month_over_month_change() {
    let store = billed_org();
    let costs = unit_cost::unit_costs(store.conn(), None).unwrap();
    assert_eq!(costs.currency, "USD");
    assert_eq!(
        costs.spend_without_model,
        amount("5.00"),
        "S3 storage (no model) and the unallocated credit"
    );
    let rows: Vec<_> = costs
        .rows
        .iter()
        .map(|c| {
            (
                c.model.as_str(),
                c.month.as_str(),
                c.cost_per_1k_inferences,
                c.cost_per_training_run,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Ranker", "2026-08", Some(amount("0.055125")), None),
            ("Ranker", "2026-09", Some(amount("0.048")), None),
            ("Embedder", "2026-08", None, Some(amount("18.750031"))),
            (
                "Embedder",
                "2026-09",
                Some(amount("0")),
                Some(amount("18.25"))
            ),
        ]
    );
    let ranker_sep = &costs.rows[1];
    assert_eq!(
        (ranker_sep.inference_spend, ranker_sep.inferences),
        (amount("120.00"), 2_500_000)
    );
    assert_eq!(
        ranker_sep.cost_per_1k_inferences_mom_percent,
        Some(dec("-12.9"))
    );
    assert_eq!(ranker_sep.cost_per_1k_inferences_yoy_percent, None);
    assert_eq!(
        costs.rows[3].cost_per_training_run_mom_percent,
        Some(dec("-2.7"))
    );

    let september = unit_cost::unit_costs(store.conn(), Some("2026-09")).unwrap();
    assert_eq!(september.rows.len(), 2);
    assert_eq!(
        september.rows[0].cost_per_1k_inferences_mom_percent,
        Some(dec("-12.9")),
        "change still measured"
    );

    let org_kpis = unit_cost::org_unit_costs(store.conn()).unwrap();
    let kpis: Vec<_> = org_kpis
        .iter()
        .map(|k| {
            (
                k.month.as_str(),
                k.cost_per_1k_inferences,
                k.cost_per_training_run,
            )
        })
        .collect();
    assert_eq!(
        kpis,
        vec![
            (
                "2026-08",
                Some(amount("0.055125")),
                Some(amount("18.750031"))
            ),
            ("2026-09", Some(amount("0.046154")), Some(amount("18.25"))),
        ]
    );
}

#[test]
fn spend_by_category_and_team_keeps_unallocated_spend_visible() {
    let store = billed_org();
    let report = unit_cost::spend_by::spend_by(store.conn(), SpendBy::Category).unwrap();
    let rows: Vec<_> = report
        .rows
        .iter()
        .map(|r| {
            (
                r.month.as_str(),
                r.key.as_str(),
                r.effective_cost,
                r.mom_percent,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("2026-08", "inference", amount("110.25"), None),
            ("2026-08", "storage", amount("10.00"), None),
            ("2026-08", "training", amount("75.000125"), None),
            ("2026-08", "unallocated", amount("-5.00"), None),
            ("2026-09", "inference", amount("120.00"), Some(dec("8.8"))),
            ("2026-09", "training", amount("36.50"), Some(dec("-51.3"))),
        ]
    );
    let teams = unit_cost::spend_by::spend_by(store.conn(), SpendBy::Team).unwrap();
    let august: Vec<_> = teams
        .rows
        .iter()
        .filter(|r| r.month == "2026-08")
        .map(|r| (r.key.as_str(), r.effective_cost))
        .collect();
    assert_eq!(
        august,
        vec![
            ("Platform", amount("85.000125")),
            ("Search", amount("110.25")),
            ("unallocated", amount("-5.00"))
        ]
    );
    let providers = unit_cost::spend_by::spend_by(store.conn(), SpendBy::Provider).unwrap();
    assert_eq!(
        providers
            .rows
            .iter()
            .map(|r| r.billed_cost.0)
            .sum::<Decimal>(),
        dec("375.625")
    );
}

#[test]
fn budget_against_actual_per_quarter_team_and_category() {
    let store = billed_org();
    let search = id_of(&store, "team", "Search");
    let q4 = FiscalQuarter::from_str("FY2026-Q4").unwrap();
    let usd = Currency::parse("USD").unwrap();
    let budget = |team_id, category, amount_minor, quarter| Budget {
        id: 0,
        quarter,
        team_id,
        category,
        amount_minor,
        currency: usd,
    };
    store.conn().execute_batch("SAVEPOINT b").unwrap();
    for b in [
        budget(Some(search), None, 20_000, q4),
        budget(None, Some(Category::Storage), 5_000, q4),
        budget(None, None, 40_000, q4),
        budget(
            None,
            None,
            10_000,
            FiscalQuarter::from_str("FY2027-Q1").unwrap(),
        ),
    ] {
        entity::insert(store.conn(), b, now()).unwrap();
    }
    store.conn().execute_batch("RELEASE b").unwrap();
    let report = unit_cost::budget::budget_vs_actual(store.conn(), Some(q4)).unwrap();
    let rows: Vec<_> = report
        .iter()
        .map(|r| {
            (
                r.team.as_deref(),
                r.category,
                r.budget_minor,
                r.actual_minor,
                r.variance_minor,
                r.over_budget,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (None, None, 40_000, 34_675, 5_325, false),
            (None, Some(Category::Storage), 5_000, 1_000, 4_000, false),
            (Some("Search"), None, 20_000, 23_025, -3_025, true),
        ]
    );
    assert_eq!(report[2].used_percent, Some(115.125));
    let all = unit_cost::budget::budget_vs_actual(store.conn(), None).unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[3].actual_minor, 0, "no spend in FY2027-Q1 yet");
}
