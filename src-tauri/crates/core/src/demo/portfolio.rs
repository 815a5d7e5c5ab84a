//! The demo's model portfolio: 22 models across every lifecycle, with their coverage and risk.

use crate::portfolio::{Lifecycle, Model, RiskLevel, Serving};
use crate::Result;

use super::Demo;

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

impl Demo<'_> {
    pub(super) fn add_models(&mut self) -> Result<()> {
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
                last_readiness_review: self.dates.optional_day(review)?,
                risk_level: risk,
                cost_tag: tag.into(),
            })?;
            self.models.insert(tag, (model, team));
        }
        Ok(())
    }
}
