//! The demo's roadmap: initiatives quarter by quarter, committed, frozen and closed with outcomes,
//! and the dependencies between them.

use std::collections::BTreeSet;

use crate::roadmap::initiative::{
    self, Dependency, Initiative, InitiativeKind, InitiativeStatus, Outcome, SnapshotItem,
};
use crate::store::entity;
use crate::values::quarter::FiscalQuarter;
use crate::{Error, Result};

use super::dates::at_time;
use super::{missing, Demo};

/// How an initiative entered its quarter's plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// Committed at quarter start, so it is in the frozen snapshot.
    Frozen,
    /// Added after the quarter was frozen (unplanned work).
    AddedLater,
    /// A future quarter: not frozen yet.
    Next,
}

/// key, quarter, team, title, kind, model tag, effort (person-weeks), outcome metric,
/// releases a model, plan, status today.
type InitiativeRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    InitiativeKind,
    &'static str,
    f64,
    &'static str,
    bool,
    Plan,
    InitiativeStatus,
);

/// Rows are in rank order within each quarter.
#[rustfmt::skip]
const INITIATIVES: &[InitiativeRow] = {
    use InitiativeKind::*;
    use InitiativeStatus::*;
    use Plan::*;
    &[
        ("q3-ranker-v13", "FY2026-Q3", "search", "Search ranker v13: freshness features", Feature, "search-ranker", 24.0, "Search CTR +2%", true, Frozen, Delivered),
        ("q3-home-feed-mo", "FY2026-Q3", "recs", "Home feed: multi-objective ranking", Feature, "home-feed-recs", 30.0, "Session length +3%", true, Frozen, Delivered),
        ("q3-fraud-retrain", "FY2026-Q3", "fraud", "Automated retraining pipeline for card fraud", Reliability, "card-fraud", 18.0, "Retrain lead time under 1 day", false, Frozen, Delivered),
        ("q3-promo-signal", "FY2026-Q3", "forecasting", "Demand forecast: promotions signal", Feature, "demand-forecast", 20.0, "WAPE -2 points", true, Frozen, Slipped),
        ("q3-registry-cicd", "FY2026-Q3", "platform", "Model registry and CI/CD templates GA", Platform, "", 34.0, "CI/CD coverage from 60% to 70%", false, Frozen, Delivered),
        ("q3-data-contracts", "FY2026-Q3", "data", "Data contracts on feature pipelines", Governance, "", 22.0, "Pipeline success at least 97%", false, Frozen, Delivered),
        ("q3-email-send-time", "FY2026-Q3", "recs", "Email recommendations: send-time optimisation", Feature, "email-recs", 12.0, "Email CTR +5%", false, Frozen, Cancelled),
        ("q3-sre-oncall", "FY2026-Q3", "sre", "ML on-call rotation and escalation matrix", Reliability, "", 10.0, "Every tier-1 model has an on-call owner", false, Frozen, Delivered),
        ("q3-fraud-drift-fix", "FY2026-Q3", "fraud", "Card fraud drift remediation after the April incident", Reliability, "card-fraud", 8.0, "False-positive rate back under 0.5%", false, AddedLater, Delivered),
        ("q4-serving-v1", "FY2026-Q4", "platform", "Shared model serving platform v1", Platform, "", 48.0, "Inference cost per 1k -30%", false, Frozen, Delivered),
        ("q4-ranker-v14", "FY2026-Q4", "search", "Search ranker v14: semantic features", Feature, "search-ranker", 26.0, "NDCG@10 +3%", true, Frozen, Delivered),
        ("q4-embeddings-canary", "FY2026-Q4", "search", "Query embeddings v2 to canary", Feature, "query-embeddings", 16.0, "Zero-result queries -10%", false, Frozen, Delivered),
        ("q4-session-streaming", "FY2026-Q4", "recs", "Session recommender: streaming features", Feature, "session-recs", 28.0, "Shadow parity with the home feed", false, Frozen, Slipped),
        ("q4-ato-v3", "FY2026-Q4", "fraud", "Account takeover detector v3", Feature, "ato-detector", 24.0, "Account takeover losses -15%", true, Frozen, Delivered),
        ("q4-promo-carry", "FY2026-Q4", "forecasting", "Demand forecast: promotions signal (carry-over)", Feature, "demand-forecast", 14.0, "WAPE -2 points", true, Frozen, Delivered),
        ("q4-online-features", "FY2026-Q4", "data", "Feature store: online serving for tier-1 models", Platform, "", 30.0, "p95 feature fetch under 10 ms", false, Frozen, Delivered),
        ("q4-tier1-slos", "FY2026-Q4", "sre", "Tier-1 SLOs, alerts and runbooks", Reliability, "", 16.0, "Time to detect under 30 min for tier 1", false, Frozen, Delivered),
        ("q4-similar-cards", "FY2026-Q4", "recs", "Similar items: model card and lineage backfill", Governance, "similar-items", 8.0, "Lineage on every recs model", false, Frozen, Cancelled),
        ("c-ranker-migration", "FY2027-Q1", "search", "Migrate the search ranker to shared serving", Platform, "search-ranker", 10.0, "Ranker cost per 1k -35%", false, Frozen, Delivered),
        ("c-llm-offline", "FY2027-Q1", "search", "LLM re-ranker offline evaluation", Feature, "llm-reranker", 22.0, "NDCG@10 +5% offline", false, Frozen, InProgress),
        ("c-session-carry", "FY2027-Q1", "recs", "Session recommender: streaming features (carry-over)", Feature, "session-recs", 26.0, "Canary by December", false, Frozen, InProgress),
        ("c-home-migration", "FY2027-Q1", "recs", "Move the home feed to shared serving", Platform, "home-feed-recs", 12.0, "Home feed serving cost -30%", false, Frozen, InProgress),
        ("c-fraud-v5", "FY2027-Q1", "fraud", "Card fraud model v5 with graph features", Feature, "card-fraud", 28.0, "Fraud losses -8%", true, Frozen, InProgress),
        ("c-eta-prod", "FY2027-Q1", "forecasting", "Delivery ETA to production", Feature, "delivery-eta", 18.0, "ETA MAE -12%", true, Frozen, InProgress),
        ("c-monitoring-ga", "FY2027-Q1", "platform", "Model monitoring and drift alerts GA", Platform, "", 36.0, "Monitoring on 95% of live models", false, Frozen, InProgress),
        ("c-lineage", "FY2027-Q1", "data", "Lineage capture in pipeline templates", Governance, "", 20.0, "Lineage on 90% of live models", false, Frozen, Committed),
        ("c-incident-reviews", "FY2027-Q1", "sre", "Incident review programme and game days", Reliability, "", 10.0, "Time to mitigate under 4 h", false, Frozen, InProgress),
        ("c-chargeback-leak", "FY2027-Q1", "fraud", "Chargeback predictor: fix label leakage", Debt, "chargeback-predictor", 6.0, "Offline/online AUC gap under 0.02", false, AddedLater, Delivered),
        ("n-session-prod", "FY2027-Q2", "recs", "Real-time session recommender to production", Feature, "session-recs", 48.0, "Session CTR +4%", true, Next, Committed),
        ("n-home-v8", "FY2027-Q2", "recs", "Home feed v8: multi-task ranking", Feature, "home-feed-recs", 36.0, "Session length +5%", true, Next, Committed),
        ("n-serving-v2", "FY2027-Q2", "platform", "Shared serving v2: GPU autoscaling and multi-model endpoints", Platform, "", 40.0, "GPU utilisation above 60%", false, Next, Committed),
        ("n-streaming-features", "FY2027-Q2", "data", "Streaming feature pipeline into the online store", Platform, "", 30.0, "Feature freshness under 1 min", false, Next, Committed),
        ("n-llm-canary", "FY2027-Q2", "search", "LLM re-ranker canary", Feature, "llm-reranker", 30.0, "NDCG@10 +4% online", false, Next, Committed),
        ("n-email-rebuild", "FY2027-Q2", "recs", "Email recommendations rebuild", Feature, "email-recs", 22.0, "Email CTR +10%", true, Next, Proposed),
        ("n-recs-governance", "FY2027-Q2", "recs", "Model cards and lineage for every recs model", Governance, "similar-items", 14.0, "Model card on every recs model", false, Next, Proposed),
        ("n-recs-debt", "FY2027-Q2", "recs", "Retire legacy batch feature jobs", Debt, "", 12.0, "Nightly batch cost -20%", false, Next, Proposed),
        ("n-merchant-shadow", "FY2027-Q2", "fraud", "Merchant risk graph model to shadow", Feature, "merchant-risk-gnn", 26.0, "Shadow precision at 1% FPR", false, Next, Proposed),
        ("n-elasticity-exp", "FY2027-Q2", "forecasting", "Price elasticity experiment", Feature, "price-elasticity", 16.0, "Offline uplift estimate within 5%", false, Next, Proposed),
        ("n-chaos", "FY2027-Q2", "sre", "Chaos tests for tier-1 endpoints", Reliability, "", 12.0, "A game day per tier-1 model each quarter", false, Next, Proposed),
        ("f-feature-self-serve", "FY2027-Q3", "platform", "Self-serve feature store onboarding", Platform, "", 30.0, "New feature to production in under 2 days", false, Next, Proposed),
        ("f-aml-model", "FY2027-Q3", "fraud", "AML screening model to replace the retired rules", Feature, "", 34.0, "Alert precision x2", true, Next, Proposed),
        ("f-spell-retire", "FY2027-Q3", "search", "Retire the spell-correct v1 endpoint", Debt, "spell-correct", 6.0, "One legacy SageMaker endpoint fewer", false, Next, Proposed),
        ("f-staffing-prod", "FY2027-Q3", "forecasting", "Store staffing forecast to production", Feature, "staffing-forecast", 18.0, "Staffing forecast error -10%", true, Next, Proposed),
        ("f-pii-audit", "FY2027-Q3", "data", "PII tagging and retention audit", Governance, "", 16.0, "Every dataset tagged", false, Next, Proposed),
    ]
};

/// (initiative, initiative it depends on), by key.
const DEPENDENCIES: &[(&str, &str)] = &[
    ("q4-promo-carry", "q3-data-contracts"),
    ("c-ranker-migration", "q4-serving-v1"),
    ("c-home-migration", "q4-serving-v1"),
    ("c-fraud-v5", "q4-online-features"),
    ("n-session-prod", "c-session-carry"),
    ("n-session-prod", "n-streaming-features"),
    ("n-llm-canary", "n-serving-v2"),
    ("n-merchant-shadow", "c-monitoring-ga"),
];

impl Demo<'_> {
    /// Quarter by quarter: commit, freeze at quarter start, then record how past quarters ended.
    pub(super) fn add_roadmap(&mut self) -> Result<()> {
        let current = self.calendar.quarter_of(self.now.date_naive());
        let mut quarters = BTreeSet::new();
        for row in INITIATIVES {
            quarters.insert(row.1.parse::<FiscalQuarter>()?);
        }
        for written_as in quarters {
            let label = written_as.to_string();
            let rows: Vec<&InitiativeRow> = INITIATIVES.iter().filter(|r| r.1 == label).collect();
            let quarter = self.dates.quarter(&label)?;
            if quarter > current {
                for (rank, row) in (1..).zip(&rows) {
                    self.add_initiative(row, rank, row.10)?;
                }
                continue;
            }
            for (rank, row) in (1..).zip(&rows) {
                if row.9 == Plan::Frozen {
                    self.add_initiative(row, rank, InitiativeStatus::Committed)?;
                }
            }
            let frozen_at = at_time(self.calendar.first_day(quarter), 9, 0)?;
            let snapshot = initiative::freeze_quarter(self.conn, quarter, frozen_at)?;
            for row in rows
                .iter()
                .filter(|r| r.9 == Plan::Frozen && r.10 != InitiativeStatus::Committed)
            {
                self.set_status(row.0, row.10)?;
            }
            if quarter < current {
                self.record_outcomes(snapshot.id)?;
            }
            for (rank, row) in (1..).zip(&rows) {
                if row.9 == Plan::AddedLater {
                    self.add_initiative(row, rank, row.10)?;
                }
            }
        }
        for &(key, depends_on) in DEPENDENCIES {
            let initiative_id = self.initiative(key)?.id;
            let depends_on_id = self.initiative(depends_on)?.id;
            self.put(Dependency {
                id: 0,
                initiative_id,
                depends_on_id,
            })?;
        }
        Ok(())
    }

    fn initiative(&self, key: &str) -> Result<&Initiative> {
        self.initiatives
            .get(key)
            .ok_or_else(|| missing("initiative", key))
    }

    fn add_initiative(
        &mut self,
        row: &InitiativeRow,
        rank: i64,
        status: InitiativeStatus,
    ) -> Result<()> {
        let &(key, quarter, team, title, kind, model, effort_pw, outcome, releases_model, _, _) =
            row;
        let initiative = self.put(Initiative {
            id: 0,
            title: self.dates.prose(title),
            kind,
            team_id: self.team(team)?,
            model_id: self.model_id(model)?,
            quarter: self.dates.quarter(quarter)?,
            status,
            effort_pw,
            outcome_metric: self.dates.prose(outcome),
            releases_model,
            rank,
        })?;
        self.initiatives.insert(key, initiative);
        Ok(())
    }

    fn set_status(&mut self, key: &'static str, status: InitiativeStatus) -> Result<()> {
        let mut initiative = self.initiative(key)?.clone();
        initiative.status = status;
        let updated = entity::update(self.conn, initiative, self.now)?;
        self.initiatives.insert(key, updated);
        Ok(())
    }

    /// Sets each snapshot item's outcome from where its initiative ended.
    fn record_outcomes(&self, snapshot_id: i64) -> Result<()> {
        let items: Vec<SnapshotItem> =
            entity::list_where(self.conn, "snapshot_id = ?1", [snapshot_id])?;
        for mut item in items {
            let status = self
                .initiatives
                .values()
                .find(|i| Some(i.id) == item.initiative_id)
                .map(|i| i.status)
                .ok_or_else(|| missing("initiative of snapshot item", &item.title))?;
            item.outcome = Some(match status {
                InitiativeStatus::Delivered => Outcome::Delivered,
                InitiativeStatus::Slipped => Outcome::Slipped,
                InitiativeStatus::Cancelled => Outcome::Cancelled,
                other => {
                    return Err(Error::Conflict(format!(
                        "demo: past initiative {:?} is still {other}",
                        item.title
                    )))
                }
            });
            entity::update(self.conn, item, self.now)?;
        }
        Ok(())
    }
}
