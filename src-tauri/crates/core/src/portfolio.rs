//! The ML portfolio: every model, feature or ML service, with the facts coverage KPIs come from.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::store::entity::Validate;
use crate::{entity, store::rules, text_enum, Result};

text_enum! {
    /// Where a model is in its life, from idea to retirement.
    pub enum Lifecycle as "lifecycle" {
        Idea = "idea", Experiment = "experiment", Shadow = "shadow", Canary = "canary",
        Production = "production", Deprecated = "deprecated", Retired = "retired",
    }
}

text_enum! {
    /// How predictions are served.
    pub enum Serving as "serving" { Online = "online", Batch = "batch", Streaming = "streaming" }
}

text_enum! {
    /// Low, medium or high: for model risk.
    pub enum RiskLevel as "risk_level" { Low = "low", Medium = "medium", High = "high" }
}

entity! {
    /// An ML model, feature or service of the portfolio.
    pub struct Model in "model" as "model" {
        name: String,
        product_area: String,
        owner_team_id: Option<i64> => "team",
        /// Business criticality: 1 is the most critical.
        tier: i64,
        lifecycle: Lifecycle,
        serving: Serving,
        business_kpi: String,
        has_cicd: bool,
        has_monitoring: bool,
        has_lineage: bool,
        has_model_card: bool,
        last_readiness_review: Option<NaiveDate>,
        risk_level: RiskLevel,
        /// Value of the cost-allocation tag that billing rows carry for this model.
        cost_tag: String,
    }
}

impl Validate for Model {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("name", "Name", &self.name)?;
        rules::between("tier", "Tier", self.tier, 1, 3)
    }
}

impl Lifecycle {
    /// Models that serve real traffic and so count in coverage KPIs.
    pub fn is_live(self) -> bool {
        matches!(self, Lifecycle::Canary | Lifecycle::Production)
    }
}
