//! The demo organisation, "Northwind Analytics": a deterministic, believable org that fills every area.
//!
//! Everything is written through `entity::insert`/`update` or the area functions, so every row has
//! its audit record, and with the fixed [`DEMO_NOW`] (no clock reads; the only variety comes from a
//! seeded xorshift generator), so two runs produce identical files.
//!
//! The story in the data: seven teams (four applied squads, ML Platform, Data, ML Reliability) own
//! 22 models. ML Platform delivered "Shared model serving platform v1" in FY2026-Q4 (September
//! 2026); workloads moved onto it, and inference cost per 1k falls from about $0.60 to about $0.38.
//! Recommendations, already losing an engineer, is over-committed for FY2027-Q2. An LLM re-ranker
//! experiment puts Search's October spend slightly over its budget. Hiring is slow, lineage
//! coverage lags, and the KPI history shows the improvements and the incidents behind them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{Days, NaiveDate, Utc};
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::finops::{
    AllocationRule, BatchKind, Budget, Category, CostLine, ImportBatch, MatchOn, Usage,
};
use crate::hiring::{
    Candidate, Decision, DecisionOutcome, Dimension, IdList, Interview, Rating, Recommendation,
    Requisition, Scorecard, Stage, StageChange,
};
use crate::kpi::{self, KpiValue};
use crate::ops::{Incident, Likelihood, Risk, RiskSeverity, RiskStatus, Severity};
use crate::org::settings::Settings;
use crate::org::{Position, PositionStatus, Team, TeamKind};
use crate::portfolio::{Lifecycle, Model, RiskLevel, Serving};
use crate::roadmap::initiative::{
    self, Dependency, Initiative, InitiativeKind, InitiativeStatus, Outcome, SnapshotItem,
};
use crate::store::entity::{self, Entity, Timestamp, Validate};
use crate::values::amount::Amount;
use crate::values::money::Currency;
use crate::values::quarter::{FiscalCalendar, FiscalQuarter};
use crate::{org::setup, Error, Result};

/// The moment every demo row is written at (the demo's "today" is 2026-11-16).
pub const DEMO_NOW: &str = "2026-11-16T09:00:00Z";
/// The demo organisation's name.
pub const ORG_NAME: &str = "Northwind Analytics";
/// Fiscal years start in October: FY2027-Q1 is October to December 2026.
pub const FISCAL_YEAR_START_MONTH: u32 = 10;
/// Reporting and billing currency.
pub const CURRENCY: &str = "USD";

/// The fixed timestamp of every demo write, [`DEMO_NOW`] parsed.
pub fn demo_now() -> Result<Timestamp> {
    timestamp(DEMO_NOW)
}

/// How many rows of each kind the demo created.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub teams: i64,
    pub positions: i64,
    pub models: i64,
    pub initiatives: i64,
    pub dependencies: i64,
    pub snapshots: i64,
    pub cost_lines: i64,
    pub allocation_rules: i64,
    pub usage_rows: i64,
    pub budgets: i64,
    pub requisitions: i64,
    pub candidates: i64,
    pub interviews: i64,
    pub scorecards: i64,
    pub decisions: i64,
    pub kpi_values: i64,
    pub incidents: i64,
    pub risks: i64,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} teams, {} positions, {} models, {} initiatives, {} cost lines, {} usage rows, \
             {} budgets, {} requisitions, {} candidates, {} scorecards, {} KPI values, \
             {} incidents, {} risks",
            self.teams,
            self.positions,
            self.models,
            self.initiatives,
            self.cost_lines,
            self.usage_rows,
            self.budgets,
            self.requisitions,
            self.candidates,
            self.scorecards,
            self.kpi_values,
            self.incidents,
            self.risks
        )
    }
}

/// Fills an empty file with the demo organisation. Run it inside the caller's transaction:
/// any failure leaves the file as it was. Refused when the file already holds an organisation.
pub fn create(conn: &Connection) -> Result<DemoSummary> {
    let now = demo_now()?;
    let settings = Settings::new(ORG_NAME, FISCAL_YEAR_START_MONTH, CURRENCY)?;
    setup::new_organisation(conn, &settings, now)?;
    let mut demo = Demo {
        conn,
        now,
        usd: settings.currency,
        calendar: settings.calendar()?,
        rng: Xorshift(0x9E37_79B9_7F4A_7C15),
        teams: BTreeMap::new(),
        positions: Vec::new(),
        models: BTreeMap::new(),
        initiatives: BTreeMap::new(),
        lines: Vec::new(),
        usage: Vec::new(),
        spend: BTreeMap::new(),
    };
    demo.add_teams()?;
    demo.add_positions()?;
    demo.add_models()?;
    demo.add_roadmap()?;
    demo.add_finops()?;
    demo.add_hiring()?;
    demo.add_kpi_values()?;
    demo.add_operations()?;
    summary(conn)
}

fn summary(conn: &Connection) -> Result<DemoSummary> {
    use entity::count;
    Ok(DemoSummary {
        teams: count::<Team>(conn)?,
        positions: count::<Position>(conn)?,
        models: count::<Model>(conn)?,
        initiatives: count::<Initiative>(conn)?,
        dependencies: count::<Dependency>(conn)?,
        snapshots: count::<initiative::QuarterSnapshot>(conn)?,
        cost_lines: count::<CostLine>(conn)?,
        allocation_rules: count::<AllocationRule>(conn)?,
        usage_rows: count::<Usage>(conn)?,
        budgets: count::<Budget>(conn)?,
        requisitions: count::<Requisition>(conn)?,
        candidates: count::<Candidate>(conn)?,
        interviews: count::<Interview>(conn)?,
        scorecards: count::<Scorecard>(conn)?,
        decisions: count::<Decision>(conn)?,
        kpi_values: count::<KpiValue>(conn)?,
        incidents: count::<Incident>(conn)?,
        risks: count::<Risk>(conn)?,
    })
}

// ---------------------------------------------------------------------------------------------
// Org

/// slug (used in billing tags), name, kind, domain, parent slug, KTLO %, leave %.
type TeamRow = (
    &'static str,
    &'static str,
    TeamKind,
    &'static str,
    &'static str,
    i64,
    i64,
);

#[rustfmt::skip]
const TEAMS: &[TeamRow] = {
    use TeamKind::*;
    &[
        ("search", "Search Relevance", Applied, "Search", "", 20, 10),
        ("recs", "Recommendations", Applied, "Personalisation", "", 15, 10),
        ("fraud", "Fraud & Risk ML", Applied, "Payments risk", "", 25, 10),
        ("forecasting", "Forecasting", Applied, "Supply chain", "", 15, 10),
        ("platform", "ML Platform", Platform, "Serving, registry, CI/CD", "", 30, 10),
        ("data", "Data Engineering", Data, "Pipelines and feature store", "", 35, 10),
        ("sre", "ML Reliability", Sre, "SLOs, on-call and incidents", "platform", 50, 10),
    ]
};

/// team, role, level, status, person, start, end ("" = none), allocation %, loaded cost in $k, ramp months.
type PositionRow = (
    &'static str,
    &'static str,
    &'static str,
    PositionStatus,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    i64,
);

#[rustfmt::skip]
const POSITIONS: &[PositionRow] = {
    use PositionStatus::*;
    &[
        ("search", "Engineering Manager", "EM", Filled, "Priya Raman", "2021-03-01", "", 100, 265, 4),
        ("search", "Staff ML Engineer", "Staff", Filled, "Tomasz Nowak", "2020-06-15", "", 100, 305, 4),
        ("search", "Senior ML Engineer", "L6", Filled, "Aisha Bello", "2022-01-10", "", 100, 252, 3),
        ("search", "ML Engineer", "L5", Filled, "Daniel Okafor", "2023-05-01", "", 100, 216, 3),
        ("search", "ML Engineer", "L5", Filled, "Mei Lin", "2024-02-12", "", 100, 211, 3),
        ("search", "ML Engineer", "L4", Filled, "Lucas Ferreira", "2026-08-03", "", 100, 184, 4),
        ("search", "Senior ML Engineer", "L6", Open, "", "", "", 100, 250, 3),
        ("search", "Applied Scientist", "L5", Planned, "", "2027-04-05", "", 100, 220, 3),
        ("recs", "Engineering Manager", "EM", Filled, "Hannah Schmidt", "2022-09-01", "", 100, 262, 4),
        ("recs", "Senior ML Engineer", "L6", Filled, "Rafael Costa", "2021-11-01", "", 100, 256, 3),
        ("recs", "ML Engineer", "L5", Filled, "Yuki Tanaka", "2023-07-17", "", 100, 214, 3),
        ("recs", "ML Engineer", "L5", Leaving, "Omar Haddad", "2022-04-04", "2026-12-18", 100, 209, 3),
        ("recs", "ML Engineer", "L4", Filled, "Chloe Martin", "2025-10-06", "", 100, 181, 4),
        ("recs", "Senior ML Engineer", "L6", Open, "", "", "", 100, 250, 3),
        ("fraud", "Engineering Manager", "EM", Filled, "Grace Mensah", "2020-02-03", "", 100, 270, 4),
        ("fraud", "Staff ML Engineer", "Staff", Filled, "Viktor Petrov", "2019-09-16", "", 100, 312, 4),
        ("fraud", "Senior ML Engineer", "L6", Filled, "Fatima Zahra", "2022-03-14", "", 100, 255, 3),
        ("fraud", "ML Engineer", "L5", Filled, "Ethan Brooks", "2023-10-02", "", 100, 215, 3),
        ("fraud", "ML Engineer", "L5", Filled, "Sofia Rossi", "2024-06-03", "", 100, 212, 3),
        ("fraud", "ML Engineer", "L4", Filled, "Kwame Asante", "2025-09-01", "", 100, 186, 4),
        ("fraud", "ML Engineer", "L5", Planned, "", "2027-01-04", "", 100, 215, 3),
        ("forecasting", "Engineering Manager", "EM", Filled, "Laura Jensen", "2021-05-10", "", 100, 255, 4),
        ("forecasting", "Senior ML Engineer", "L6", Filled, "Arjun Mehta", "2022-08-22", "", 100, 246, 3),
        ("forecasting", "ML Engineer", "L5", Filled, "Nina Kowalski", "2023-03-06", "", 100, 206, 3),
        ("forecasting", "ML Engineer", "L4", Filled, "Samuel Adeyemi", "2024-09-09", "", 100, 180, 4),
        ("forecasting", "Data Scientist", "L5", Filled, "Elena Popescu", "2023-01-09", "", 50, 200, 3),
        ("forecasting", "ML Engineer", "L5", Open, "", "", "", 100, 215, 3),
        ("platform", "Senior Engineering Manager", "EM", Filled, "Marcus Lindqvist", "2020-01-13", "", 100, 288, 4),
        ("platform", "Staff Platform Engineer", "Staff", Filled, "Ines Duarte", "2020-04-20", "", 100, 318, 4),
        ("platform", "Senior MLOps Engineer", "L6", Filled, "Ravi Shankar", "2021-08-02", "", 100, 257, 3),
        ("platform", "Senior MLOps Engineer", "L6", Filled, "Julia Weber", "2022-02-28", "", 100, 251, 3),
        ("platform", "MLOps Engineer", "L5", Filled, "Ahmed Karim", "2023-06-12", "", 100, 221, 3),
        ("platform", "MLOps Engineer", "L5", Filled, "Olivia Chen", "2024-01-08", "", 100, 216, 3),
        ("platform", "MLOps Engineer", "L4", Filled, "Ben Carter", "2026-05-04", "", 100, 186, 4),
        ("platform", "Technical Program Manager", "L6", Filled, "Zoe Adams", "2023-04-03", "", 50, 232, 3),
        ("platform", "Staff MLOps Engineer", "Staff", Open, "", "", "", 100, 310, 5),
        ("platform", "MLOps Engineer", "L5", Planned, "", "2027-02-01", "", 100, 216, 3),
        ("data", "Engineering Manager", "EM", Filled, "Carlos Mendoza", "2021-01-11", "", 100, 250, 4),
        ("data", "Senior Data Engineer", "L6", Filled, "Anna Novak", "2021-10-04", "", 100, 241, 3),
        ("data", "Data Engineer", "L5", Filled, "Liam O'Brien", "2022-11-14", "", 100, 205, 3),
        ("data", "Data Engineer", "L5", Filled, "Sara Lindholm", "2024-03-18", "", 100, 201, 3),
        ("data", "Data Engineer", "L4", Leaving, "Jonas Berg", "2025-02-03", "2027-01-15", 100, 182, 3),
        ("data", "Analytics Engineer", "L5", Filled, "Maya Patel", "2023-08-21", "", 60, 196, 3),
        ("data", "Data Engineer", "L5", Open, "", "", "", 100, 205, 3),
        ("sre", "Staff Site Reliability Engineer", "Staff", Filled, "Diego Alvarez", "2021-07-05", "", 100, 300, 4),
        ("sre", "Site Reliability Engineer", "L6", Filled, "Hiroshi Sato", "2022-05-16", "", 100, 249, 3),
        ("sre", "Site Reliability Engineer", "L5", Filled, "Amelia Wright", "2024-11-04", "", 100, 221, 3),
        ("sre", "Site Reliability Engineer, ML", "L5", Open, "", "", "", 100, 220, 3),
        ("sre", "Site Reliability Engineer", "L5", Planned, "", "2027-04-05", "", 100, 220, 3),
    ]
};

// ---------------------------------------------------------------------------------------------
// Portfolio

/// cost tag, name, product area, owner team, tier, lifecycle, serving, business KPI, coverage
/// (C = CI/CD, M = monitoring, L = lineage, K = model card), last readiness review, risk.
type ModelRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    Lifecycle,
    Serving,
    &'static str,
    &'static str,
    &'static str,
    RiskLevel,
);

#[rustfmt::skip]
const MODELS: &[ModelRow] = {
    use Lifecycle::*;
    use RiskLevel::*;
    use Serving::*;
    &[
        ("search-ranker", "Search ranker", "Search", "search", 1, Production, Online, "Search click-through rate", "CMLK", "2026-09-15", Medium),
        ("query-autocomplete", "Query autocomplete", "Search", "search", 2, Production, Online, "Keystrokes saved per query", "CM", "2026-05-20", Low),
        ("query-embeddings", "Semantic query embeddings v2", "Search", "search", 2, Canary, Online, "Zero-result query rate", "CML", "2026-10-28", Medium),
        ("spell-correct", "Spell correction v1", "Search", "search", 3, Deprecated, Online, "Corrected query rate", "M", "2025-06-10", Low),
        ("llm-reranker", "LLM re-ranker", "Search", "search", 2, Experiment, Online, "NDCG@10", "", "", High),
        ("home-feed-recs", "Home feed recommender", "Personalisation", "recs", 1, Production, Online, "Session length", "CMLK", "2026-08-20", Medium),
        ("similar-items", "Similar items", "Personalisation", "recs", 2, Production, Batch, "Add-to-cart from product pages", "MK", "2026-03-11", Low),
        ("email-recs", "Email recommendations", "Marketing", "recs", 3, Production, Batch, "Email click-through rate", "", "2025-11-05", Low),
        ("session-recs", "Session-based recommender", "Personalisation", "recs", 2, Shadow, Streaming, "Session click-through rate", "CM", "2026-10-14", Medium),
        ("legacy-cf", "Legacy collaborative filter", "Personalisation", "recs", 3, Retired, Batch, "Add-to-cart rate", "", "2025-04-02", Low),
        ("card-fraud", "Card fraud scorer", "Payments", "fraud", 1, Production, Streaming, "Fraud losses (basis points)", "CMLK", "2026-10-02", High),
        ("ato-detector", "Account takeover detector", "Identity", "fraud", 1, Production, Online, "Account takeover losses", "CMLK", "2026-07-22", High),
        ("chargeback-predictor", "Chargeback predictor", "Payments", "fraud", 2, Production, Batch, "Chargeback rate", "ML", "2026-02-18", Medium),
        ("merchant-risk-gnn", "Merchant risk graph model", "Payments", "fraud", 2, Experiment, Batch, "Merchant loss rate", "", "", High),
        ("aml-rules-v0", "AML screening rules v0", "Compliance", "fraud", 2, Retired, Batch, "Alert precision", "", "2024-12-01", Medium),
        ("demand-forecast", "Demand forecast", "Supply chain", "forecasting", 1, Production, Batch, "Forecast WAPE", "CMLK", "2026-06-30", Medium),
        ("replenishment", "Inventory replenishment", "Supply chain", "forecasting", 2, Production, Batch, "Stock-out rate", "C", "2026-01-27", Medium),
        ("delivery-eta", "Delivery ETA", "Logistics", "forecasting", 2, Canary, Online, "ETA mean absolute error", "CMK", "2026-11-04", Low),
        ("price-elasticity", "Price elasticity", "Pricing", "forecasting", 3, Idea, Batch, "Margin uplift", "", "", Medium),
        ("staffing-forecast", "Store staffing forecast", "Operations", "forecasting", 3, Shadow, Batch, "Staffing forecast error", "", "", Low),
        ("shared-embeddings", "Shared embedding service", "Platform", "platform", 2, Production, Online, "Teams served", "CML", "2026-09-30", Low),
        ("dq-anomaly", "Data quality anomaly detector", "Data platform", "data", 3, Production, Batch, "Bad batches stopped before training", "ML", "2026-04-15", Low),
    ]
};

// ---------------------------------------------------------------------------------------------
// Roadmap

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

// ---------------------------------------------------------------------------------------------
// FinOps

/// Months of billing and usage: index 0 is November 2025, index 11 is October 2026.
const MONTHS: usize = 12;
const FIRST_MONTH: (i32, u32) = (2025, 11);
/// Month index of September 2026, when workloads moved to the shared serving platform.
const PLATFORM_MONTH: usize = 10;
/// Demand seasonality per month index, per mille (holiday peak in December).
const SEASON: [i64; MONTHS] = [
    1060, 1140, 980, 960, 990, 1000, 1000, 1000, 990, 1000, 1010, 1040,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cloud {
    Aws,
    Gcp,
}

/// A billable SKU and how its FOCUS columns look.
struct Sku {
    provider: &'static str,
    service: &'static str,
    service_category: &'static str,
    sku_id: &'static str,
    unit: &'static str,
    /// Unit price in ten-thousandths of a dollar; 0 when there is no consumed quantity.
    price_e4: i64,
    /// Negotiated discount against list price, per mille.
    discount_permille: i64,
    charge_category: &'static str,
    /// Resource id with `{region}`, `{account}` and `{tag}` placeholders.
    resource: &'static str,
}

/// An AWS usage SKU; Northwind's enterprise agreement takes 12% off list price.
const fn aws(
    service: &'static str,
    service_category: &'static str,
    sku_id: &'static str,
    unit: &'static str,
    price_e4: i64,
    resource: &'static str,
) -> Sku {
    Sku {
        provider: "AWS",
        service,
        service_category,
        sku_id,
        unit,
        price_e4,
        discount_permille: 120,
        charge_category: "Usage",
        resource,
    }
}

/// A Google Cloud usage SKU, billed at list price.
const fn gcp(
    service: &'static str,
    service_category: &'static str,
    sku_id: &'static str,
    unit: &'static str,
    price_e4: i64,
    resource: &'static str,
) -> Sku {
    Sku {
        provider: "Google Cloud",
        discount_permille: 0,
        ..aws(service, service_category, sku_id, unit, price_e4, resource)
    }
}

/// The SKUs Northwind's demo bill uses.
#[rustfmt::skip]
mod skus {
    use super::{aws, gcp, Sku};

    pub(super) const AI_ML: &str = "AI and Machine Learning";

    pub(super) const SM_HOSTING: Sku = aws("Amazon SageMaker", AI_ML, "SM-Hosting:ml.g5.xlarge", "Hours", 14_080, "arn:aws:sagemaker:{region}:{account}:endpoint/{tag}-prod");
    pub(super) const SM_BATCH: Sku = aws("Amazon SageMaker", AI_ML, "SM-BatchTransform:ml.m5.4xlarge", "Hours", 9_220, "arn:aws:sagemaker:{region}:{account}:transform-job/{tag}-nightly");
    pub(super) const EKS_GPU_NODES: Sku = aws("Amazon Elastic Compute Cloud", "Compute", "BoxUsage:g5.2xlarge", "Hours", 12_120, "arn:aws:eks:{region}:{account}:nodegroup/nw-serving-prod/{tag}");
    pub(super) const EKS_SPOT_NODES: Sku = aws("Amazon Elastic Compute Cloud", "Compute", "SpotUsage:m6i.4xlarge", "Hours", 3_100, "arn:aws:eks:{region}:{account}:nodegroup/nw-batch-prod/{tag}");
    pub(super) const SM_TRAINING: Sku = aws("Amazon SageMaker", AI_ML, "SM-Training:ml.g5.12xlarge", "Hours", 70_900, "arn:aws:sagemaker:{region}:{account}:training-job/{tag}");
    pub(super) const SM_TRAINING_P4: Sku = aws("Amazon SageMaker", AI_ML, "SM-Training:ml.p4d.24xlarge", "Hours", 377_200, "arn:aws:sagemaker:{region}:{account}:training-job/{tag}");
    pub(super) const S3: Sku = aws("Amazon Simple Storage Service", "Storage", "TimedStorage-ByteHrs", "GB-Mo", 230, "arn:aws:s3:::northwind-ml-{tag}");
    pub(super) const VERTEX_PREDICTION: Sku = gcp("Vertex AI", AI_ML, "Vertex AI Prediction n1-standard-8", "Hours", 4_370, "projects/{account}/locations/{region}/endpoints/{tag}");
    pub(super) const GKE_NODES: Sku = gcp("Compute Engine", "Compute", "N2 Instance Core running in Americas", "Hours", 3_880, "projects/{account}/zones/{region}-a/instances/gke-nw-serving-{tag}");
    pub(super) const GCE_SPOT: Sku = gcp("Compute Engine", "Compute", "Spot Preemptible N2 Instance Core", "Hours", 940, "projects/{account}/zones/{region}-a/instances/{tag}-batch");
    pub(super) const VERTEX_TRAINING: Sku = gcp("Vertex AI", AI_ML, "Vertex AI Training A2 highgpu 1g", "Hours", 44_100, "projects/{account}/locations/{region}/customJobs/{tag}");
    pub(super) const GCS: Sku = gcp("Cloud Storage", "Storage", "Standard Storage US Multi-region", "GiB-Mo", 260, "projects/{account}/buckets/northwind-ml-{tag}");
    pub(super) const BIGQUERY: Sku = gcp("BigQuery", "Analytics", "Analysis (on-demand)", "TiB", 62_500, "projects/{account}/datasets/{tag}");
    pub(super) const DATAFLOW: Sku = gcp("Dataflow", "Analytics", "Dataflow vCPU Time Batch", "Hours", 560, "projects/{account}/locations/{region}/jobs/{tag}");
    pub(super) const MSK: Sku = aws("Amazon Managed Streaming for Apache Kafka", "Analytics", "Kafka.m5.large", "Hours", 2_100, "arn:aws:kafka:{region}:{account}:cluster/{tag}");
    pub(super) const DYNAMODB: Sku = aws("Amazon DynamoDB", "Databases", "PayPerRequestThroughput", "Million requests", 2_500, "arn:aws:dynamodb:{region}:{account}:table/{tag}");
    pub(super) const EKS_CONTROL: Sku = aws("Amazon Elastic Kubernetes Service", "Compute", "AmazonEKS-Hours:perCluster", "Hours", 1_000, "arn:aws:eks:{region}:{account}:cluster/{tag}");
    pub(super) const EKS_SYSTEM_NODES: Sku = aws("Amazon Elastic Compute Cloud", "Compute", "BoxUsage:m6i.2xlarge", "Hours", 3_840, "arn:aws:eks:{region}:{account}:nodegroup/nw-serving-prod/{tag}");
    pub(super) const CLOUDWATCH: Sku = aws("Amazon CloudWatch", "Management and Governance", "CW:MetricMonitorUsage", "Metrics", 3_000, "arn:aws:cloudwatch:{region}:{account}:dashboard/{tag}");
    pub(super) const ELB: Sku = aws("Elastic Load Balancing", "Networking", "LoadBalancerUsage", "Hours", 225, "arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/app/{tag}/7f3a9c2e51d04b86");
    pub(super) const CLOUDTRAIL: Sku = aws("AWS CloudTrail", "Management and Governance", "PaidEventsRecorded", "100K Events", 20_000, "arn:aws:cloudtrail:{region}:{account}:trail/{tag}");
    pub(super) const NAT_GATEWAY: Sku = aws("Amazon Virtual Private Cloud", "Networking", "NatGateway-Bytes", "GB", 450, "arn:aws:ec2:{region}:{account}:natgateway/{tag}");
    pub(super) const SUPPORT: Sku = Sku {
        discount_permille: 0,
        charge_category: "Purchase",
        ..aws("AWS Support (Business)", "Other", "AWSSupportBusiness", "", 0, "")
    };
}
use skus::*;

/// team slug, AWS account, GCP project (the SubAccountId of its lines).
#[rustfmt::skip]
const TEAM_ACCOUNTS: &[(&str, &str, &str)] = &[
    ("search", "318420775106", ""),
    ("recs", "318420775214", ""),
    ("fraud", "529104338871", ""),
    ("forecasting", "", "nw-forecasting-prod"),
    ("platform", "771203094452", ""),
    ("data", "771203094460", "nw-data-platform"),
    ("sre", "771203094452", ""),
];
/// The shared serving platform runs in ML Platform's account.
const PLATFORM_ACCOUNT: &str = "771203094452";
const PAYER_ACCOUNT: &str = "104857392011";

/// cost tag, cloud, thousand inferences per month (November 2025), inference $ per 1k before the
/// platform (ten-thousandths), training runs per month, extra runs per month since the first,
/// $ per training run, storage TB, first month index.
type ServingRow = (&'static str, Cloud, i64, i64, i64, i64, i64, i64, usize);

#[rustfmt::skip]
const SERVING: &[ServingRow] = {
    use Cloud::*;
    &[
        ("search-ranker", Aws, 95_000, 7_800, 12, 0, 310, 40, 0),
        ("query-autocomplete", Aws, 70_000, 3_200, 8, 0, 90, 5, 0),
        ("query-embeddings", Aws, 20_000, 7_000, 6, 0, 520, 12, 0),
        ("spell-correct", Aws, 6_000, 4_500, 0, 0, 0, 1, 0),
        ("llm-reranker", Aws, 0, 0, 2, 2, 2_400, 8, 6),
        ("home-feed-recs", Aws, 80_000, 8_200, 16, 0, 420, 55, 0),
        ("similar-items", Aws, 45_000, 3_000, 4, 0, 150, 20, 0),
        ("email-recs", Aws, 12_000, 2_500, 4, 0, 70, 6, 0),
        ("session-recs", Aws, 18_000, 7_500, 8, 0, 380, 10, 0),
        ("card-fraud", Aws, 40_000, 6_600, 30, 0, 180, 35, 0),
        ("ato-detector", Aws, 22_000, 7_200, 8, 0, 240, 15, 0),
        ("chargeback-predictor", Aws, 3_000, 4_500, 4, 0, 110, 4, 0),
        ("merchant-risk-gnn", Aws, 0, 0, 3, 1, 900, 5, 8),
        ("demand-forecast", Gcp, 8_000, 5_500, 4, 0, 260, 30, 0),
        ("replenishment", Gcp, 5_000, 4_000, 4, 0, 120, 8, 0),
        ("delivery-eta", Gcp, 14_000, 6_000, 8, 0, 200, 6, 0),
        ("staffing-forecast", Gcp, 300, 4_000, 4, 0, 80, 1, 0),
        ("shared-embeddings", Aws, 55_000, 5_200, 4, 0, 650, 25, 0),
        ("dq-anomaly", Gcp, 1_500, 3_000, 30, 0, 40, 2, 0),
    ]
};

/// Spend that is not a model's: SKU, sub-account, region, resource, team and workload tags
/// ("" = untagged), $ per month at the start, $ added per month, first month index.
type SharedRow = (
    &'static Sku,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    usize,
);

#[rustfmt::skip]
const SHARED: &[SharedRow] = &[
    (&BIGQUERY, "nw-data-platform", "US", "features", "data", "data", 8_800, 260, 0),
    (&DATAFLOW, "nw-data-platform", "us-central1", "feature-backfill", "data", "data", 5_100, 110, 0),
    (&MSK, "771203094460", "us-east-1", "nw-events", "data", "data", 4_300, 0, 0),
    (&DYNAMODB, "771203094460", "us-east-1", "online-features", "data", "data", 2_700, 90, 0),
    (&EKS_CONTROL, PLATFORM_ACCOUNT, "us-east-1", "nw-serving-prod", "platform", "shared", 219, 0, 0),
    (&EKS_SYSTEM_NODES, PLATFORM_ACCOUNT, "us-east-1", "system", "platform", "shared", 3_900, 0, 9),
    (&ELB, PLATFORM_ACCOUNT, "us-east-1", "nw-inference", "platform", "shared", 1_850, 20, 0),
    (&CLOUDWATCH, PLATFORM_ACCOUNT, "us-east-1", "ml-slos", "sre", "shared", 2_500, 60, 0),
    (&SUPPORT, PAYER_ACCOUNT, "", "", "", "", 9_800, 150, 0),
    (&CLOUDTRAIL, PAYER_ACCOUNT, "us-east-1", "org-trail", "", "", 420, 0, 0),
    (&NAT_GATEWAY, "318420775106", "us-east-1", "nat-0a41c7d2e9b3f6a18", "", "", 1_300, 40, 0),
];

/// Allocation rules besides the per-model and per-team tag rules: priority, match on, tag key,
/// pattern, team slug ("" = the owner team of the line's model), category. The first matching
/// rule wins and, naming no model, takes the model from the line's `model` tag: so data-platform
/// services and observability come first, then workload tags (which carry model and team), then
/// fallbacks for untagged storage and the platform account.
#[rustfmt::skip]
const ALLOCATION_RULES: &[(i64, MatchOn, &str, &str, &str, Category)] = {
    use Category::*;
    use MatchOn::*;
    &[
        (1, Service, "", BIGQUERY.service, "data", Data),
        (2, Service, "", DATAFLOW.service, "data", Data),
        (3, Service, "", MSK.service, "data", Data),
        (4, Service, "", DYNAMODB.service, "data", Data),
        (5, Service, "", CLOUDWATCH.service, "sre", Other),
        (10, Tag, "workload", "inference", "", Inference),
        (11, Tag, "workload", "training", "", Training),
        (12, Tag, "workload", "storage", "", Storage),
        (13, Tag, "workload", "data", "", Data),
        (14, Tag, "workload", "shared", "platform", Other),
        (20, Service, "", S3.service, "", Storage),
        (21, Service, "", GCS.service, "", Storage),
        (300, SubAccount, "", PLATFORM_ACCOUNT, "platform", Other),
    ]
};

/// Who a budget is for: one team (by slug) or one category across the org.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum BudgetFor {
    Team(&'static str),
    Category(Category),
}

/// The quarters that get budgets.
const BUDGET_QUARTERS: [&str; 5] = [
    "FY2026-Q3",
    "FY2026-Q4",
    "FY2027-Q1",
    "FY2027-Q2",
    "FY2027-Q3",
];

/// Budget per mille of actual spend (past quarters) or of October's run-rate (current and next
/// quarters), for each of `BUDGET_QUARTERS`. Search's FY2027-Q1 budget is below its October
/// run-rate: the LLM re-ranker's GPU training put it over.
#[rustfmt::skip]
const BUDGETS: &[(BudgetFor, [i64; 5])] = {
    use BudgetFor::*;
    &[
        (Team("search"), [1050, 1040, 960, 1060, 1080]),
        (Team("recs"), [1040, 1060, 1050, 1060, 1080]),
        (Team("fraud"), [1060, 1050, 1070, 1080, 1080]),
        (Team("forecasting"), [1080, 1060, 1050, 1060, 1060]),
        (Team("platform"), [1100, 1080, 1060, 1120, 1150]),
        (Team("data"), [1050, 1040, 1050, 1060, 1060]),
        (Team("sre"), [1100, 1100, 1080, 1080, 1080]),
        (BudgetFor::Category(crate::finops::Category::Inference), [1050, 1050, 1030, 1040, 1060]),
        (BudgetFor::Category(crate::finops::Category::Training), [1080, 1060, 1040, 1060, 1080]),
    ]
};

// ---------------------------------------------------------------------------------------------
// Hiring

/// key, team, seat (person for a filled seat, role for an open one), title, hiring manager,
/// opened, closed ("" = open), interview panel (one interviewer per exercise).
type RequisitionRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    [&'static str; 4],
);

#[rustfmt::skip]
const REQUISITIONS: &[RequisitionRow] = &[
    ("search-senior", "search", "Senior ML Engineer", "Senior ML Engineer, Search Relevance", "Priya Raman", "2026-08-17", "", ["Tomasz Nowak", "Aisha Bello", "Ines Duarte", "Diego Alvarez"]),
    ("recs-backfill", "recs", "Senior ML Engineer", "Senior ML Engineer, Recommendations (backfill)", "Hannah Schmidt", "2026-10-26", "", ["Rafael Costa", "Hannah Schmidt", "Julia Weber", "Hiroshi Sato"]),
    ("platform-staff", "platform", "Staff MLOps Engineer", "Staff MLOps Engineer, ML Platform", "Marcus Lindqvist", "2026-06-01", "", ["Ines Duarte", "Ravi Shankar", "Grace Mensah", "Diego Alvarez"]),
    ("sre", "sre", "Site Reliability Engineer, ML", "Site Reliability Engineer, ML Reliability", "Diego Alvarez", "2026-09-14", "", ["Hiroshi Sato", "Ravi Shankar", "Laura Jensen", "Diego Alvarez"]),
    ("data", "data", "Data Engineer", "Data Engineer, Feature Pipelines", "Carlos Mendoza", "2026-10-05", "", ["Anna Novak", "Carlos Mendoza", "Ahmed Karim", "Amelia Wright"]),
    ("search-l4", "search", "Lucas Ferreira", "ML Engineer, Search Relevance", "Priya Raman", "2026-04-06", "2026-06-12", ["Tomasz Nowak", "Daniel Okafor", "Julia Weber", "Hiroshi Sato"]),
    ("platform-l4", "platform", "Ben Carter", "MLOps Engineer, ML Platform", "Marcus Lindqvist", "2026-01-12", "2026-03-20", ["Ravi Shankar", "Olivia Chen", "Arjun Mehta", "Amelia Wright"]),
];

/// How far a candidate's interview loop has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    /// No onsite loop.
    NoLoop,
    /// Every scorecard submitted.
    Submitted,
    /// The last panelist has a draft scorecard (others cannot see theirs yet).
    OneDraft,
    /// Interviews booked after today, no scorecards yet.
    Scheduled,
}

/// requisition key, name, source, stage history, loop, true ability per default dimension (1–5).
type CandidateRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(Stage, &'static str)],
    Panel,
    [i64; 8],
);

#[rustfmt::skip]
const CANDIDATES: &[CandidateRow] = {
    use Panel::*;
    use Stage::*;
    const NONE: [i64; 8] = [3; 8];
    &[
        ("search-senior", "Amara Nwosu", "referral", &[(Applied, "2026-08-25"), (Screen, "2026-09-01"), (Onsite, "2026-09-22"), (Debrief, "2026-09-30"), (Offer, "2026-10-06")], Submitted, [5, 4, 4, 4, 4, 3, 4, 5]),
        ("search-senior", "Jordan Ellis", "LinkedIn", &[(Applied, "2026-09-02"), (Screen, "2026-09-10"), (Onsite, "2026-11-10")], OneDraft, [4, 3, 3, 3, 4, 3, 2, 4]),
        ("search-senior", "Felix Wagner", "agency", &[(Applied, "2026-08-28"), (Screen, "2026-09-04"), (Rejected, "2026-09-08")], NoLoop, NONE),
        ("search-senior", "Isabel Moreno", "careers site", &[(Applied, "2026-11-09")], NoLoop, NONE),
        ("recs-backfill", "Kenji Watanabe", "referral", &[(Applied, "2026-10-28"), (Screen, "2026-11-06")], NoLoop, NONE),
        ("recs-backfill", "Leila Farahani", "LinkedIn", &[(Applied, "2026-11-02")], NoLoop, NONE),
        ("platform-staff", "Dmitri Volkov", "LinkedIn", &[(Applied, "2026-06-15"), (Screen, "2026-06-24"), (Onsite, "2026-07-14"), (Debrief, "2026-07-21"), (Rejected, "2026-07-22")], Submitted, [3, 2, 2, 3, 2, 2, 1, 3]),
        ("platform-staff", "Sun-Hee Park", "referral", &[(Applied, "2026-07-06"), (Screen, "2026-07-15"), (Withdrawn, "2026-07-29")], NoLoop, NONE),
        ("platform-staff", "Patrick O'Neill", "agency", &[(Applied, "2026-09-21"), (Screen, "2026-09-29"), (Onsite, "2026-10-27"), (Debrief, "2026-11-04")], Submitted, [4, 5, 4, 4, 3, 3, 3, 4]),
        ("platform-staff", "Noah Fischer", "careers site", &[(Applied, "2026-10-19"), (Screen, "2026-10-30"), (Onsite, "2026-11-13")], Scheduled, NONE),
        ("sre", "Valentina Cruz", "referral", &[(Applied, "2026-09-20"), (Screen, "2026-09-29"), (Onsite, "2026-10-20")], Submitted, [3, 3, 5, 3, 4, 3, 3, 4]),
        ("sre", "Ali Rahimi", "LinkedIn", &[(Applied, "2026-10-12"), (Screen, "2026-10-22")], NoLoop, NONE),
        ("data", "Mateo Silva", "referral", &[(Applied, "2026-10-09"), (Screen, "2026-10-21")], NoLoop, NONE),
        ("data", "Harriet Osei", "careers site", &[(Applied, "2026-10-14")], NoLoop, NONE),
        ("search-l4", "Lucas Ferreira", "university network", &[(Applied, "2026-04-20"), (Screen, "2026-04-29"), (Onsite, "2026-05-19"), (Debrief, "2026-05-27"), (Offer, "2026-06-02"), (Hired, "2026-06-12")], Submitted, [4, 3, 4, 3, 3, 3, 3, 3]),
        ("search-l4", "Tariq Aziz", "agency", &[(Applied, "2026-04-22"), (Screen, "2026-05-01"), (Onsite, "2026-05-21"), (Debrief, "2026-05-27"), (Rejected, "2026-05-28")], Submitted, [2, 3, 2, 2, 3, 2, 3, 2]),
        ("platform-l4", "Ben Carter", "referral", &[(Applied, "2026-01-26"), (Screen, "2026-02-04"), (Onsite, "2026-02-24"), (Debrief, "2026-03-03"), (Offer, "2026-03-10"), (Hired, "2026-03-20")], Submitted, [3, 4, 3, 3, 3, 3, 3, 3]),
        ("platform-l4", "Ella Svensson", "LinkedIn", &[(Applied, "2026-01-30"), (Screen, "2026-02-09"), (Onsite, "2026-03-02"), (Withdrawn, "2026-03-05")], Submitted, [3, 3, 3, 4, 3, 3, 3, 3]),
    ]
};

/// The four exercises of the loop and the dimensions (default order, 0-based) each one probes.
#[rustfmt::skip]
const EXERCISES: [(&str, &[usize]); 4] = [
    ("Architecture case study: real-time inference for a product feature, with pipelines, rollout, rollback and cost", &[0, 2, 7]),
    ("MLOps maturity assessment: 6–12 month plan for a team with manual deployments and thin monitoring", &[1, 3]),
    ("Leadership scenario: Product wants to launch sooner, Security wants controls, data pipelines are unstable", &[4, 5, 6]),
    ("Incident review simulation: a drift-driven degradation in production", &[2, 0]),
];

/// What a panelist wrote for a low (1–2), middling (3) and high (4–5) rating, per default dimension.
const EVIDENCE: [[&str; 3]; 8] = [
    [
        "Design stopped at the model: no serving path, fallback or rollback.",
        "Sound online design with a feature store and a canary; latency and cost trade-offs stayed vague.",
        "Went from event ingestion to serving with a latency budget, fallback rules, rollback and cost per 1k.",
    ],
    [
        "Treats deployment as another team's hand-off; no view on CI/CD, registry or reproducibility.",
        "Knows the MLOps building blocks; the adoption plan leaned on mandates rather than paved roads.",
        "Sequenced registry, CI/CD templates and monitoring into a nine-month plan with adoption KPIs.",
    ],
    [
        "Could not say how drift would be noticed or who gets paged; called it a data science problem.",
        "Reasonable mitigations (rollback, rules fallback) but no SLOs or error budget.",
        "Named the signals first, rolled back within minutes and proposed fixes that prevent a repeat.",
    ],
    [
        "Roadmap was a list of models without outcomes, sequencing or opportunity cost.",
        "Tied work to outcomes but did not sequence platform work against feature delivery.",
        "Balanced platform, debt and features with outcome metrics and an explicit cut line.",
    ],
    [
        "Adversarial towards Security and Product; wanted to escalate rather than negotiate.",
        "Reached a workable compromise between launch date and controls after prompting.",
        "Reframed the conflict around a shared launch criterion and agreed a staged rollout.",
    ],
    [
        "No example of growing a senior engineer or handling underperformance.",
        "Good one-to-one practice; little evidence of building managers or succession.",
        "Concrete stories of growing tech leads into managers and holding a high hiring bar.",
    ],
    [
        "Dismissed privacy and model risk review as someone else's job.",
        "Aware of model risk review and PII handling; would need help designing controls.",
        "Made model cards, lineage and privacy review release gates without slowing delivery.",
    ],
    [
        "Answers wandered; no summary and no decision asked for.",
        "Clear when prompted; the executive summary came late.",
        "Opened with the decision needed, the risk and the cost in three sentences.",
    ],
];

/// candidate, outcome, rationale, decided on.
#[rustfmt::skip]
const DECISIONS: &[(&str, DecisionOutcome, &str, &str)] = &[
    ("Ben Carter", DecisionOutcome::Hire, "Hands-on MLOps experience and steady reliability instincts; the panel said yes across the board.", "2026-03-04"),
    ("Lucas Ferreira", DecisionOutcome::Hire, "Solid fundamentals and good operational judgement for L4; clear growth path.", "2026-05-28"),
    ("Tariq Aziz", DecisionOutcome::NoHire, "Could not connect modelling work to production operation or to outcomes.", "2026-05-27"),
    ("Dmitri Volkov", DecisionOutcome::NoHire, "No credible approach to monitoring or rollback, and dismissed privacy review.", "2026-07-21"),
    ("Amara Nwosu", DecisionOutcome::Hire, "Strong systems depth and cost fluency; unanimous yes. Offer at L6.", "2026-10-01"),
];

// ---------------------------------------------------------------------------------------------
// KPIs

/// Monthly manual KPIs, November 2025 to October 2026.
#[rustfmt::skip]
const MONTHLY_SERIES: &[(&str, [f64; MONTHS])] = &[
    ("lead_time", [16.0, 15.5, 17.0, 15.0, 14.5, 14.0, 13.5, 13.0, 12.5, 12.0, 10.5, 9.5]),
    ("model_performance", [0.871, 0.868, 0.865, 0.861, 0.856, 0.829, 0.858, 0.866, 0.872, 0.874, 0.879, 0.881]),
    ("drift_rate", [8.0, 7.0, 9.0, 8.0, 7.0, 12.0, 9.0, 7.0, 6.0, 6.0, 5.0, 4.0]),
    ("availability", [99.92, 99.95, 99.71, 99.93, 99.90, 99.62, 99.91, 99.94, 99.88, 99.93, 99.95, 99.97]),
    ("latency_p95", [145.0, 152.0, 158.0, 148.0, 142.0, 140.0, 138.0, 135.0, 132.0, 128.0, 104.0, 96.0]),
    ("latency_p99", [380.0, 395.0, 420.0, 390.0, 372.0, 366.0, 360.0, 352.0, 341.0, 333.0, 281.0, 256.0]),
    ("pipeline_success", [94.1, 93.5, 92.8, 95.2, 96.0, 96.4, 97.1, 97.9, 98.2, 98.4, 98.6, 98.9]),
    ("defect_escape", [12.0, 11.0, 13.0, 11.0, 9.5, 9.0, 8.5, 8.0, 7.0, 7.0, 6.0, 5.5]),
];

/// The first of the eight quarters of quarterly series (FY2025-Q2 … FY2027-Q1).
const FIRST_KPI_QUARTER: (i32, u8) = (2025, 2);
#[rustfmt::skip]
const QUARTERLY_SERIES: &[(&str, [f64; 8])] = &[
    ("stakeholder_satisfaction", [3.4, 3.5, 3.6, 3.7, 3.8, 3.9, 4.1, 4.0]),
    ("engagement", [3.7, 3.8, 3.6, 3.8, 3.9, 4.0, 4.1, 3.8]),
    ("regretted_attrition", [9.0, 8.0, 11.0, 7.0, 6.0, 6.0, 4.5, 8.0]),
    ("platform_adoption", [20.0, 25.0, 30.0, 35.0, 41.0, 48.0, 63.0, 71.0]),
];

/// Annotations shown on KPI charts: KPI key, period, note.
#[rustfmt::skip]
const KPI_NOTES: &[(&str, &str, &str)] = &[
    ("availability", "2026-01", "Feature store lag served stale embeddings to the home feed (sev2)"),
    ("defect_escape", "2026-02", "Model readiness review made mandatory for tier-1 releases"),
    ("model_performance", "2026-04", "Card fraud drift after a merchant mix shift; retrained in May"),
    ("drift_rate", "2026-04", "Merchant mix shift hit the card fraud and chargeback models"),
    ("pipeline_success", "2026-06", "Data contracts enforced on feature pipelines"),
    ("lead_time", "2026-09", "Serving platform v1 launched: deploy templates remove the hand-off"),
    ("latency_p95", "2026-09", "Search ranker moved to shared serving (GPU batching)"),
    ("platform_adoption", "FY2026-Q4", "Shared serving v1 GA; four teams onboarded"),
    ("stakeholder_satisfaction", "FY2026-Q4", "Product council: Q4 delivered what was promised"),
    ("engagement", "FY2027-Q1", "Recommendations strained: a resignation and a heavy FY2027-Q2 ask"),
    ("regretted_attrition", "FY2027-Q1", "Senior recommendations engineer resigned"),
];

// ---------------------------------------------------------------------------------------------
// Operations

/// model tag ("" = none), severity, started, detected, mitigated ("" = still open), summary.
#[rustfmt::skip]
const INCIDENTS: &[(&str, Severity, &str, &str, &str, &str)] = {
    use Severity::*;
    &[
        ("home-feed-recs", Sev2, "2026-01-14T08:10:00Z", "2026-01-14T09:55:00Z", "2026-01-14T13:40:00Z", "Feature store lag served stale user embeddings; home feed CTR fell 6%"),
        ("card-fraud", Sev1, "2026-04-08T02:00:00Z", "2026-04-08T05:20:00Z", "2026-04-08T11:45:00Z", "Merchant mix shift drifted the card fraud model; false declines doubled until rollback"),
        ("demand-forecast", Sev3, "2026-04-22T04:00:00Z", "2026-04-22T04:35:00Z", "2026-04-22T13:05:00Z", "Upstream sales table landed late; store forecasts published 9 hours late"),
        ("search-ranker", Sev2, "2026-07-09T15:20:00Z", "2026-07-09T15:48:00Z", "2026-07-09T16:30:00Z", "Ranker v14 deploy read a null freshness feature; relevance dropped until rollback"),
        ("ato-detector", Sev3, "2026-08-19T10:05:00Z", "2026-08-19T10:17:00Z", "2026-08-19T11:02:00Z", "p99 latency spike while the ATO endpoint scaled out; login checks fell back to rules"),
        ("", Sev2, "2026-09-24T13:30:00Z", "2026-09-24T13:41:00Z", "2026-09-24T15:05:00Z", "Shared serving cluster ran out of GPU nodes during a migration wave; traffic shifted back"),
        ("query-embeddings", Sev3, "2026-10-06T21:00:00Z", "2026-10-06T21:12:00Z", "2026-10-06T21:40:00Z", "Canary embeddings drifted after an index rebuild; automatic rollback"),
        ("delivery-eta", Sev4, "2026-11-03T06:00:00Z", "2026-11-03T06:25:00Z", "2026-11-03T09:10:00Z", "ETA canary skewed late in a newly opened delivery region"),
        ("email-recs", Sev3, "2026-11-14T07:00:00Z", "2026-11-14T08:30:00Z", "", "Nightly email recommendations batch produced duplicates; sends paused, fix in progress"),
    ]
};

/// title, severity, likelihood, owner, mitigation, status.
#[rustfmt::skip]
const RISKS: &[(&str, RiskSeverity, Likelihood, &str, &str, RiskStatus)] = &[
    ("Recommendations over-committed for FY2027-Q2", RiskSeverity::High, Likelihood::High, "Hannah Schmidt", "Cut to the top two initiatives at planning, borrow a platform engineer for six weeks, backfill the leaver first", RiskStatus::Open),
    ("Card fraud feature pipeline depends on one engineer", RiskSeverity::High, Likelihood::Medium, "Grace Mensah", "Pairing rotation, a runbook and a second on-call owner by December", RiskStatus::Mitigating),
    ("Staff MLOps requisition open for over five months", RiskSeverity::Medium, Likelihood::High, "Marcus Lindqvist", "Add agencies, consider an internal promotion, re-scope to L6 if there is no offer by January", RiskStatus::Open),
    ("LLM re-ranker GPU training puts Search over budget", RiskSeverity::Medium, Likelihood::High, "Priya Raman", "Spot training, per-team GPU quotas and a weekly spend review with finance", RiskStatus::Mitigating),
    ("Lineage missing on five live models blocks audit readiness", RiskSeverity::High, Likelihood::Medium, "Carlos Mendoza", "Lineage capture in pipeline templates this quarter, tier-1 backfill first", RiskStatus::Mitigating),
    ("Legacy SageMaker endpoints still run beside shared serving", RiskSeverity::Low, Likelihood::Medium, "Ines Duarte", "Migration waves with decommission dates; spell-correct endpoint retired in FY2027-Q3", RiskStatus::Open),
    ("EU data residency for account takeover features", RiskSeverity::Medium, Likelihood::Low, "Fatima Zahra", "EU feature store replica in eu-west-1 shipped with ATO v3", RiskStatus::Closed),
];

// ---------------------------------------------------------------------------------------------
// The builder

/// A tiny deterministic generator (xorshift64) for the little variety the demo needs.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A whole number in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        let span = (high - low + 1).max(1) as u64;
        low + (self.next() % span) as i64
    }

    /// A per-mille factor within `1000 ± spread`.
    fn permille(&mut self, spread: i64) -> i64 {
        self.between(1000 - spread, 1000 + spread)
    }
}

/// Tags of a billing line; `None` leaves the tag off (untagged spend stays unallocated).
#[derive(Clone, Copy)]
struct Labels {
    model: Option<&'static str>,
    team: Option<&'static str>,
    workload: Option<&'static str>,
}

/// One charge to turn into a FOCUS-shaped cost line.
#[derive(Clone, Copy)]
struct Charge<'a> {
    month: usize,
    sku: &'a Sku,
    account: &'a str,
    region: &'a str,
    /// Substituted for `{tag}` in the SKU's resource template.
    name: &'a str,
    labels: Labels,
    cost_e4: i64,
}

struct Demo<'c> {
    conn: &'c Connection,
    now: Timestamp,
    usd: Currency,
    calendar: FiscalCalendar,
    rng: Xorshift,
    teams: BTreeMap<&'static str, i64>,
    positions: Vec<Position>,
    /// By cost tag: the model and its owner team's slug.
    models: BTreeMap<&'static str, (Model, &'static str)>,
    initiatives: BTreeMap<&'static str, Initiative>,
    lines: Vec<CostLine>,
    usage: Vec<Usage>,
    /// Spend in ten-thousandths of a dollar by team and by category, per quarter.
    spend: BTreeMap<(BudgetFor, FiscalQuarter), i64>,
}

impl Demo<'_> {
    fn put<E: Entity + Validate>(&self, row: E) -> Result<E> {
        entity::insert(self.conn, row, self.now)
    }

    fn team(&self, slug: &str) -> Result<i64> {
        self.teams
            .get(slug)
            .copied()
            .ok_or_else(|| missing("team", slug))
    }

    fn model(&self, tag: &str) -> Result<&(Model, &'static str)> {
        self.models.get(tag).ok_or_else(|| missing("model", tag))
    }

    fn model_id(&self, tag: &str) -> Result<Option<i64>> {
        if tag.is_empty() {
            return Ok(None);
        }
        Ok(Some(self.model(tag)?.0.id))
    }

    fn add_teams(&mut self) -> Result<()> {
        for &(slug, name, kind, domain, parent, ktlo_percent, leave_percent) in TEAMS {
            let parent_id = if parent.is_empty() {
                None
            } else {
                Some(self.team(parent)?)
            };
            let team = self.put(Team {
                id: 0,
                name: name.into(),
                kind,
                domain: domain.into(),
                parent_id,
                ktlo_percent,
                leave_percent,
            })?;
            self.teams.insert(slug, team.id);
        }
        Ok(())
    }

    fn add_positions(&mut self) -> Result<()> {
        for &(team, role, level, status, person, start, end, allocation, cost_k, ramp) in POSITIONS
        {
            let position = self.put(Position {
                id: 0,
                team_id: self.team(team)?,
                role: role.into(),
                level: level.into(),
                status,
                person: person.into(),
                start_date: optional_day(start)?,
                end_date: optional_day(end)?,
                allocation_percent: allocation,
                loaded_cost_minor: cost_k * 1_000 * 100,
                currency: self.usd,
                ramp_months: ramp,
            })?;
            self.positions.push(position);
        }
        Ok(())
    }

    fn add_models(&mut self) -> Result<()> {
        for &(
            tag,
            name,
            area,
            team,
            tier,
            lifecycle,
            serving,
            business_kpi,
            coverage,
            review,
            risk,
        ) in MODELS
        {
            let model = self.put(Model {
                id: 0,
                name: name.into(),
                product_area: area.into(),
                owner_team_id: Some(self.team(team)?),
                tier,
                lifecycle,
                serving,
                business_kpi: business_kpi.into(),
                has_cicd: coverage.contains('C'),
                has_monitoring: coverage.contains('M'),
                has_lineage: coverage.contains('L'),
                has_model_card: coverage.contains('K'),
                last_readiness_review: optional_day(review)?,
                risk_level: risk,
                cost_tag: tag.into(),
            })?;
            self.models.insert(tag, (model, team));
        }
        Ok(())
    }

    // -- roadmap ------------------------------------------------------------------------------

    /// Quarter by quarter: commit, freeze at quarter start, then record how past quarters ended.
    fn add_roadmap(&mut self) -> Result<()> {
        let current = self.calendar.quarter_of(self.now.date_naive());
        let mut quarters = BTreeSet::new();
        for row in INITIATIVES {
            quarters.insert(row.1.parse::<FiscalQuarter>()?);
        }
        for quarter in quarters {
            let rows: Vec<&InitiativeRow> = INITIATIVES
                .iter()
                .filter(|r| r.1 == quarter.to_string())
                .collect();
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
            title: title.into(),
            kind,
            team_id: self.team(team)?,
            model_id: self.model_id(model)?,
            quarter: quarter.parse()?,
            status,
            effort_pw,
            outcome_metric: outcome.into(),
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

    // -- finops -------------------------------------------------------------------------------

    fn add_finops(&mut self) -> Result<()> {
        for month in 0..MONTHS {
            for row in SERVING {
                self.model_month(row, month)?;
            }
            for row in SHARED {
                self.shared_month(row, month)?;
            }
        }
        let batch = self.put(ImportBatch {
            id: 0,
            kind: BatchKind::Demo,
            file_name: "northwind-focus-2025-11_2026-10.csv".into(),
            sha256: String::new(),
            row_count: i64::try_from(self.lines.len())
                .map_err(|_| Error::Conflict("demo: too many lines".into()))?,
            warning_count: 0,
            imported_at: self.now,
        })?;
        for mut line in std::mem::take(&mut self.lines) {
            line.batch_id = batch.id;
            self.put(line)?;
        }
        for usage in std::mem::take(&mut self.usage) {
            self.put(usage)?;
        }
        self.add_allocation_rules()?;
        self.add_budgets()
    }

    /// One model's inference, training and storage lines and usage for one month.
    fn model_month(&mut self, row: &ServingRow, month: usize) -> Result<()> {
        let &(tag, cloud, inferences_k, unit_e4, runs, runs_step, run_usd, storage_tb, first) = row;
        if month < first {
            return Ok(());
        }
        let (model, team) = self.model(tag)?.clone();
        let (aws_account, gcp_project) = accounts(team)?;
        let (account, region) = match cloud {
            Cloud::Aws => (aws_account, "us-east-1"),
            Cloud::Gcp => (gcp_project, "us-central1"),
        };
        let charge = |sku, workload, cost_e4| Charge {
            month,
            sku,
            account,
            region,
            name: tag,
            labels: Labels {
                model: Some(tag),
                team: Some(team),
                workload: Some(workload),
            },
            cost_e4,
        };
        let age = month as i64;

        let volume_k = scale(
            scale(scale(inferences_k, 1000 + 12 * age), SEASON[month]),
            self.rng.permille(20),
        );
        if volume_k > 0 {
            self.inference_lines(
                &model,
                cloud,
                charge(&SM_HOSTING, "inference", volume_k * unit_e4),
            )?;
        }

        let mut run_count = runs + runs_step * (month - first) as i64;
        if runs >= 8 {
            run_count += self.rng.between(-1, 1);
        }
        if run_count > 0 {
            let training = match (cloud, run_usd >= 2_000) {
                (Cloud::Gcp, _) => &VERTEX_TRAINING,
                (Cloud::Aws, true) => &SM_TRAINING_P4,
                (Cloud::Aws, false) => &SM_TRAINING,
            };
            let cost_e4 = scale(run_count * run_usd * 10_000, self.rng.permille(80));
            self.add_charge(charge(training, "training", cost_e4))?;
        }

        let storage = if cloud == Cloud::Aws { &S3 } else { &GCS };
        let gigabytes = scale(storage_tb * 1024, 1000 + 15 * age);
        let cost_e4 = scale(gigabytes * storage.price_e4, self.rng.permille(5));
        self.add_charge(charge(storage, "storage", cost_e4))?;

        self.usage.push(Usage {
            id: 0,
            model_id: model.id,
            month: month_label(month),
            inferences: volume_k * 1_000 + self.rng.between(0, 999),
            training_runs: run_count.max(0),
        });
        Ok(())
    }

    /// Serving cost (`total`'s amount, placed in the team's account and home region): on the
    /// team's own endpoints until the platform lands in September 2026, half and half during the
    /// migration month, then on shared serving at a lower unit cost. Deprecated models stay where
    /// they are. Tier-1 online models on AWS also serve from Europe.
    fn inference_lines(&mut self, model: &Model, cloud: Cloud, total: Charge<'_>) -> Result<()> {
        let (before, after, saving) = match (cloud, model.serving) {
            (Cloud::Aws, Serving::Batch) => (&SM_BATCH, &EKS_SPOT_NODES, 750),
            (Cloud::Aws, Serving::Streaming) => (&SM_HOSTING, &EKS_GPU_NODES, 650),
            (Cloud::Aws, Serving::Online) => (&SM_HOSTING, &EKS_GPU_NODES, 620),
            (Cloud::Gcp, Serving::Batch) => (&VERTEX_PREDICTION, &GCE_SPOT, 750),
            (Cloud::Gcp, _) => (&VERTEX_PREDICTION, &GKE_NODES, 620),
        };
        let migrates = model.lifecycle != Lifecycle::Deprecated;
        // (SKU, share of traffic, unit-cost factor, on the shared platform), per mille.
        let phases: &[(&Sku, i64, i64, bool)] = match total.month {
            m if m < PLATFORM_MONTH || !migrates => &[(before, 1000, 1000, false)],
            PLATFORM_MONTH => &[(before, 500, 1000, false), (after, 500, saving, true)],
            _ => &[(after, 1000, saving, true)],
        };
        let regions: &[(&str, i64)] =
            if model.tier == 1 && model.serving == Serving::Online && cloud == Cloud::Aws {
                &[(total.region, 700), ("eu-west-1", 300)]
            } else {
                &[(total.region, 1000)]
            };
        for &(sku, share, factor, on_platform) in phases {
            // The shared AWS cluster runs in ML Platform's account.
            let account = if on_platform && cloud == Cloud::Aws {
                PLATFORM_ACCOUNT
            } else {
                total.account
            };
            for &(region, region_share) in regions {
                let cost_e4 = scale(
                    scale(scale(scale(total.cost_e4, share), factor), region_share),
                    self.rng.permille(15),
                );
                self.add_charge(Charge {
                    sku,
                    account,
                    region,
                    cost_e4,
                    ..total
                })?;
            }
        }
        Ok(())
    }

    fn shared_month(&mut self, row: &SharedRow, month: usize) -> Result<()> {
        let &(sku, account, region, name, team, workload, base_usd, step_usd, first) = row;
        if month < first {
            return Ok(());
        }
        let tag = |text: &'static str| (!text.is_empty()).then_some(text);
        let labels = Labels {
            model: None,
            team: tag(team),
            workload: tag(workload),
        };
        let cost_e4 = scale(
            (base_usd + step_usd * month as i64) * 10_000,
            self.rng.permille(30),
        );
        self.add_charge(Charge {
            month,
            sku,
            account,
            region,
            name,
            labels,
            cost_e4,
        })
    }

    fn add_charge(&mut self, charge: Charge<'_>) -> Result<()> {
        let Charge {
            month,
            sku,
            account,
            region,
            name,
            labels,
            cost_e4,
        } = charge;
        let start = month_start(month)?;
        let resource_id = sku
            .resource
            .replace("{region}", region)
            .replace("{account}", account)
            .replace("{tag}", name);
        let resource_name = resource_id
            .rsplit(['/', ':'])
            .next()
            .unwrap_or_default()
            .to_string();
        let mut tags = Map::new();
        for (key, value) in [
            ("model", labels.model),
            ("team", labels.team),
            ("workload", labels.workload),
        ] {
            if let Some(value) = value {
                tags.insert(key.into(), Value::from(value));
            }
        }
        if !tags.is_empty() {
            tags.insert("env".into(), Value::from("prod"));
        }
        let quarter = self.calendar.quarter_of(start.date_naive());
        let category = BudgetFor::Category(category_of(labels.workload));
        for holder in labels
            .team
            .map(BudgetFor::Team)
            .into_iter()
            .chain([category])
        {
            *self.spend.entry((holder, quarter)).or_default() += cost_e4;
        }
        self.lines.push(CostLine {
            id: 0,
            batch_id: 0,
            billed_cost: dollars_e4(cost_e4),
            effective_cost: dollars_e4(cost_e4),
            list_cost: dollars_e4(cost_e4 * 1000 / (1000 - sku.discount_permille)),
            billing_currency: self.usd,
            charge_period_start: start,
            charge_period_end: month_start(month + 1)?,
            billing_period_start: start,
            charge_category: sku.charge_category.into(),
            provider_name: sku.provider.into(),
            service_name: sku.service.into(),
            service_category: sku.service_category.into(),
            sub_account_id: account.into(),
            resource_id,
            resource_name,
            region_id: region.into(),
            sku_id: sku.sku_id.into(),
            consumed_quantity: (sku.price_e4 > 0)
                .then(|| dollars_e4(cost_e4 * 10_000 / sku.price_e4)),
            consumed_unit: sku.unit.into(),
            tags: Value::Object(tags),
        });
        Ok(())
    }

    /// The fixed rules, then one per model cost tag (priority 100 on) and one per team tag
    /// (priority 200 on), stored in priority order.
    fn add_allocation_rules(&mut self) -> Result<()> {
        // priority, match on, tag key, pattern, model, team slug, category
        type Rule = (
            i64,
            MatchOn,
            &'static str,
            String,
            Option<i64>,
            &'static str,
            Category,
        );
        let mut rules: Vec<Rule> = Vec::new();
        for &(priority, match_on, tag_key, pattern, team, category) in ALLOCATION_RULES {
            rules.push((
                priority,
                match_on,
                tag_key,
                pattern.into(),
                None,
                team,
                category,
            ));
        }
        for (priority, (model, team)) in (100..).zip(self.models.values()) {
            let tag = model.cost_tag.clone();
            rules.push((
                priority,
                MatchOn::Tag,
                "model",
                tag,
                Some(model.id),
                team,
                Category::Other,
            ));
        }
        for (priority, &(slug, ..)) in (200..).zip(TEAMS) {
            rules.push((
                priority,
                MatchOn::Tag,
                "team",
                slug.into(),
                None,
                slug,
                Category::Other,
            ));
        }
        rules.sort_by_key(|rule| rule.0);
        for (priority, match_on, tag_key, pattern, model_id, team, category) in rules {
            let team_id = if team.is_empty() {
                None
            } else {
                Some(self.team(team)?)
            };
            self.put(AllocationRule {
                id: 0,
                priority,
                match_on,
                tag_key: tag_key.into(),
                pattern,
                model_id,
                team_id,
                category,
            })?;
        }
        Ok(())
    }

    /// Budgets: past quarters from their actual spend, the rest from October's run-rate.
    fn add_budgets(&mut self) -> Result<()> {
        let current = self.calendar.quarter_of(self.now.date_naive());
        let spent = |holder, quarter| self.spend.get(&(holder, quarter)).copied().unwrap_or(0);
        for &(holder, headroom) in BUDGETS {
            let (team_id, category) = match holder {
                BudgetFor::Team(slug) => (Some(self.team(slug)?), None),
                BudgetFor::Category(category) => (None, Some(category)),
            };
            for (quarter, permille) in BUDGET_QUARTERS.iter().zip(headroom) {
                let quarter: FiscalQuarter = quarter.parse()?;
                let basis = if quarter < current {
                    spent(holder, quarter)
                } else {
                    3 * spent(holder, current)
                };
                self.put(Budget {
                    id: 0,
                    quarter,
                    team_id,
                    category,
                    amount_minor: round_thousand_dollars(scale(basis, permille)),
                    currency: self.usd,
                })?;
            }
        }
        Ok(())
    }

    // -- hiring -------------------------------------------------------------------------------

    fn add_hiring(&mut self) -> Result<()> {
        let mut dimensions: Vec<Dimension> = entity::list(self.conn)?;
        dimensions.sort_by_key(|d| d.sort_order);
        let dimension_ids: Vec<i64> = dimensions.iter().map(|d| d.id).collect();
        let mut requisitions = BTreeMap::new();
        for &(key, team, seat, title, manager, opened, closed, panel) in REQUISITIONS {
            let team_id = self.team(team)?;
            let position = self
                .positions
                .iter()
                .find(|p| {
                    p.team_id == team_id
                        && (p.person == seat
                            || (p.role == seat && p.status == PositionStatus::Open))
                })
                .ok_or_else(|| missing("position for requisition", key))?;
            let requisition = self.put(Requisition {
                id: 0,
                position_id: position.id,
                title: title.into(),
                hiring_manager: manager.into(),
                opened_on: day(opened)?,
                closed_on: optional_day(closed)?,
            })?;
            requisitions.insert(key, (requisition.id, panel));
        }
        let mut candidates = BTreeMap::new();
        for &(requisition, name, source, history, panel, ability) in CANDIDATES {
            let &(requisition_id, interviewers) = requisitions
                .get(requisition)
                .ok_or_else(|| missing("requisition", requisition))?;
            let (&(_, applied), &(stage, _)) = history
                .first()
                .zip(history.last())
                .ok_or_else(|| missing("stage history of", name))?;
            let candidate = self.put(Candidate {
                id: 0,
                requisition_id,
                name: name.into(),
                source: source.into(),
                stage,
                applied_on: day(applied)?,
            })?;
            for &(stage, on) in history {
                self.put(StageChange {
                    id: 0,
                    candidate_id: candidate.id,
                    stage,
                    changed_on: day(on)?,
                })?;
            }
            if let Some(&(_, onsite)) = history.iter().find(|(stage, _)| *stage == Stage::Onsite) {
                let first_day =
                    plus_days(day(onsite)?, if panel == Panel::Scheduled { 5 } else { 0 })?;
                self.interview_loop(
                    candidate.id,
                    first_day,
                    panel,
                    interviewers,
                    ability,
                    &dimension_ids,
                )?;
            }
            candidates.insert(name, candidate.id);
        }
        for &(name, outcome, rationale, decided) in DECISIONS {
            let candidate_id = *candidates
                .get(name)
                .ok_or_else(|| missing("candidate", name))?;
            self.put(Decision {
                id: 0,
                candidate_id,
                outcome,
                rationale: rationale.into(),
                decided_on: day(decided)?,
            })?;
        }
        Ok(())
    }

    /// Four interviews over two days, one per exercise, each rating its focus dimensions.
    fn interview_loop(
        &mut self,
        candidate_id: i64,
        first_day: NaiveDate,
        panel: Panel,
        interviewers: [&str; 4],
        ability: [i64; 8],
        dimension_ids: &[i64],
    ) -> Result<()> {
        for (index, ((exercise, focus), interviewer)) in
            EXERCISES.iter().zip(interviewers).enumerate()
        {
            let scheduled_on = plus_days(first_day, index as u64 / 2)?;
            let focus_ids = focus
                .iter()
                .map(|&d| {
                    dimension_ids
                        .get(d)
                        .copied()
                        .ok_or_else(|| missing("dimension", &d.to_string()))
                })
                .collect::<Result<Vec<i64>>>()?;
            let interview = self.put(Interview {
                id: 0,
                candidate_id,
                interviewer: interviewer.into(),
                exercise: (*exercise).into(),
                scheduled_on,
                focus: IdList(focus_ids.clone()),
            })?;
            if panel == Panel::Scheduled {
                continue;
            }
            let draft = panel == Panel::OneDraft && index == EXERCISES.len() - 1;
            // Panelists mostly see the candidate's true level; one in five reads it a notch off.
            let scores: Vec<(usize, i64)> = focus
                .iter()
                .map(|&d| {
                    let delta = match self.rng.between(0, 9) {
                        0 => -1,
                        9 => 1,
                        _ => 0,
                    };
                    (d, (ability[d] + delta).clamp(1, 5))
                })
                .collect();
            self.scorecard(interview.id, scheduled_on, &scores, &focus_ids, draft)?;
        }
        Ok(())
    }

    fn scorecard(
        &mut self,
        interview_id: i64,
        held_on: NaiveDate,
        scores: &[(usize, i64)],
        dimension_ids: &[i64],
        draft: bool,
    ) -> Result<()> {
        let best = scores.iter().max_by_key(|(_, s)| *s).copied();
        let worst = scores.iter().min_by_key(|(_, s)| *s).copied();
        let strong_signals = best
            .filter(|(_, s)| *s >= 4)
            .map(|(d, s)| evidence(d, s))
            .unwrap_or_default();
        let red_flags = worst
            .filter(|(_, s)| *s <= 2)
            .map(|(d, s)| evidence(d, s))
            .unwrap_or_default();
        let total: i64 = scores.iter().map(|(_, s)| s).sum();
        let mean_x10 = total * 10 / i64::try_from(scores.len().max(1)).unwrap_or(1);
        // A 3 meets the bar for the level, so a panelist averaging 3 leans yes.
        let recommendation = match mean_x10 {
            43.. => Recommendation::StrongYes,
            30..=42 => Recommendation::Yes,
            23..=29 => Recommendation::No,
            _ => Recommendation::StrongNo,
        };
        let card = self.put(Scorecard {
            id: 0,
            interview_id,
            recommendation: (!draft).then_some(recommendation),
            strong_signals: strong_signals.into(),
            red_flags: red_flags.into(),
            submitted_at: if draft {
                None
            } else {
                Some(at_time(plus_days(held_on, 1)?, 17, 30)?)
            },
        })?;
        // A draft has only its first rating so far.
        let rated = if draft { 1 } else { scores.len() };
        for (&(dimension, score), &dimension_id) in scores.iter().zip(dimension_ids).take(rated) {
            self.put(Rating {
                id: 0,
                scorecard_id: card.id,
                dimension_id,
                score,
                evidence: evidence(dimension, score).into(),
            })?;
        }
        Ok(())
    }

    // -- KPIs and operations ------------------------------------------------------------------

    fn add_kpi_values(&mut self) -> Result<()> {
        let first_quarter = FiscalQuarter::new(FIRST_KPI_QUARTER.0, FIRST_KPI_QUARTER.1)?;
        let monthly = MONTHLY_SERIES.iter().map(|(key, values)| {
            (
                *key,
                values
                    .iter()
                    .enumerate()
                    .map(|(m, v)| (month_label(m), *v))
                    .collect::<Vec<_>>(),
            )
        });
        let quarterly = QUARTERLY_SERIES.iter().map(|(key, values)| {
            let periods = (0..).map(|i| first_quarter.offset(i).to_string());
            (
                *key,
                periods.zip(values.iter().copied()).collect::<Vec<_>>(),
            )
        });
        for (key, series) in monthly.chain(quarterly) {
            let kpi_id = kpi::by_key(self.conn, key)?.id;
            for (period, value) in series {
                let note = KPI_NOTES
                    .iter()
                    .find(|(k, p, _)| *k == key && *p == period)
                    .map(|(_, _, note)| *note)
                    .unwrap_or_default();
                self.put(KpiValue {
                    id: 0,
                    kpi_id,
                    period,
                    value,
                    note: note.into(),
                })?;
            }
        }
        Ok(())
    }

    fn add_operations(&mut self) -> Result<()> {
        for &(model, severity, started, detected, mitigated, summary) in INCIDENTS {
            self.put(Incident {
                id: 0,
                model_id: self.model_id(model)?,
                severity,
                started_at: timestamp(started)?,
                detected_at: timestamp(detected)?,
                mitigated_at: if mitigated.is_empty() {
                    None
                } else {
                    Some(timestamp(mitigated)?)
                },
                summary: summary.into(),
            })?;
        }
        for &(title, severity, likelihood, owner, mitigation, status) in RISKS {
            self.put(Risk {
                id: 0,
                title: title.into(),
                severity,
                likelihood,
                owner: owner.into(),
                mitigation: mitigation.into(),
                status,
            })?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

fn missing(what: &str, key: &str) -> Error {
    Error::Conflict(format!("demo data refers to an unknown {what} {key:?}"))
}

fn day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| Error::Conflict(format!("demo date {text:?}: {e}")))
}

fn plus_days(date: NaiveDate, days: u64) -> Result<NaiveDate> {
    date.checked_add_days(Days::new(days))
        .ok_or_else(|| Error::Conflict(format!("demo date {date} + {days} days")))
}

fn optional_day(text: &str) -> Result<Option<NaiveDate>> {
    if text.is_empty() {
        Ok(None)
    } else {
        day(text).map(Some)
    }
}

fn timestamp(text: &str) -> Result<Timestamp> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::Conflict(format!("demo timestamp {text:?}: {e}")))
}

fn at_time(date: NaiveDate, hour: u32, minute: u32) -> Result<Timestamp> {
    date.and_hms_opt(hour, minute, 0)
        .map(|t| t.and_utc())
        .ok_or_else(|| Error::Conflict(format!("demo time {date} {hour}:{minute}")))
}

/// `(year, month)` of month index `index` (0 = November 2025).
fn calendar_month(index: usize) -> (i32, u32) {
    let absolute = FIRST_MONTH.0 * 12 + FIRST_MONTH.1 as i32 - 1 + index as i32;
    (absolute.div_euclid(12), absolute.rem_euclid(12) as u32 + 1)
}

fn month_label(index: usize) -> String {
    let (year, month) = calendar_month(index);
    format!("{year:04}-{month:02}")
}

fn month_start(index: usize) -> Result<Timestamp> {
    let (year, month) = calendar_month(index);
    let date = NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| Error::Conflict(format!("demo month {year}-{month}")))?;
    at_time(date, 0, 0)
}

/// `value × permille / 1000`, in integers.
fn scale(value: i64, permille: i64) -> i64 {
    value * permille / 1000
}

/// An exact amount from ten-thousandths of a dollar.
fn dollars_e4(value: i64) -> Amount {
    Amount(Decimal::new(value, 4))
}

/// Ten-thousandths of a dollar to cents, rounded to the nearest $1,000.
fn round_thousand_dollars(value_e4: i64) -> i64 {
    (value_e4 + 5_000_000) / 10_000_000 * 100_000
}

fn category_of(workload: Option<&str>) -> Category {
    match workload {
        Some("inference") => Category::Inference,
        Some("training") => Category::Training,
        Some("storage") => Category::Storage,
        Some("data") => Category::Data,
        _ => Category::Other,
    }
}

fn accounts(team: &str) -> Result<(&'static str, &'static str)> {
    TEAM_ACCOUNTS
        .iter()
        .find(|(slug, ..)| *slug == team)
        .map(|&(_, aws, gcp)| (aws, gcp))
        .ok_or_else(|| missing("team account", team))
}

/// The evidence sentence for a rating of `score` on default dimension `dimension`.
fn evidence(dimension: usize, score: i64) -> &'static str {
    let band = match score {
        ..=2 => 0,
        3 => 1,
        _ => 2,
    };
    EVIDENCE
        .get(dimension)
        .map(|texts| texts[band])
        .unwrap_or_default()
}

/// A scratch in-memory store holding the demo organisation (tests, benchmarks, previews).
pub fn in_memory() -> Result<crate::Store> {
    let mut store = crate::Store::open_in_memory()?;
    store.with_tx(|tx| create(tx))?;
    Ok(store)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use rusqlite::types::ValueRef;

    use super::*;
    use crate::kpi::Kpi;
    use crate::roadmap::initiative::QuarterSnapshot;
    use crate::Store;

    fn demo_store() -> Store {
        in_memory().unwrap()
    }

    fn list<E: Entity>(store: &Store) -> Vec<E> {
        entity::list(store.conn()).unwrap()
    }

    /// Every row of every table, rendered as text in rowid order.
    fn dump(conn: &Connection) -> String {
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
        let quarters: BTreeSet<String> =
            initiatives.iter().map(|i| i.quarter.to_string()).collect();
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
        let q4 =
            crate::finops::unit_cost::budget_vs_actual(conn, Some("FY2026-Q4".parse().unwrap()))
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
                            && decisions.iter().any(|d| {
                                d.candidate_id == c.id && d.outcome == DecisionOutcome::Hire
                            })
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
}
