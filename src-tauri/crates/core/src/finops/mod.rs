//! FinOps: imported billing lines (FOCUS), allocation rules, model usage and budgets.

pub mod allocation;
pub mod import;
pub mod lines;
pub mod rollup;
pub mod unit_cost;

use rusqlite::Connection;

use crate::store::entity::{Timestamp, Validate};
use crate::values::amount::Amount;
use crate::values::money::Currency;
use crate::values::month::is_month;
use crate::values::quarter::FiscalQuarter;
use crate::{entity, store::rules, text_enum, Error, Result};

text_enum! {
    /// Where a batch of rows came from.
    pub enum BatchKind as "kind" { Focus = "focus", Usage = "usage", Demo = "demo" }
}

text_enum! {
    /// What spend is for.
    pub enum Category as "category" {
        Training = "training", Inference = "inference", Storage = "storage", Data = "data", Other = "other",
    }
}

text_enum! {
    /// Which part of a cost line an allocation rule looks at.
    pub enum MatchOn as "match_on" {
        Tag = "tag", Service = "service", SubAccount = "sub_account", Resource = "resource",
    }
}

entity! {
    /// One imported file (or generated set) of rows; undoing it removes its rows.
    pub struct ImportBatch in "import_batch" as "import" {
        kind: BatchKind,
        file_name: String,
        sha256: String,
        row_count: i64,
        warning_count: i64,
        imported_at: Timestamp,
    }
}

entity! {
    /// One billing charge with the FOCUS columns that matter; costs are exact decimals.
    pub struct CostLine in "cost_line" as "cost line" {
        batch_id: i64 => "import_batch",
        billed_cost: Amount,
        effective_cost: Amount,
        list_cost: Amount,
        billing_currency: Currency,
        charge_period_start: Timestamp,
        charge_period_end: Timestamp,
        billing_period_start: Timestamp,
        charge_category: String,
        provider_name: String,
        service_name: String,
        service_category: String,
        sub_account_id: String,
        resource_id: String,
        resource_name: String,
        region_id: String,
        sku_id: String,
        consumed_quantity: Option<Amount>,
        consumed_unit: String,
        tags: serde_json::Value,
    }
}

/// FOCUS column names of `CostLine`'s fields, in `COLUMNS` order after `batch_id`.
pub const FOCUS_COLUMNS: &[(&str, &str)] = &[
    ("billed_cost", "BilledCost"),
    ("effective_cost", "EffectiveCost"),
    ("list_cost", "ListCost"),
    ("billing_currency", "BillingCurrency"),
    ("charge_period_start", "ChargePeriodStart"),
    ("charge_period_end", "ChargePeriodEnd"),
    ("billing_period_start", "BillingPeriodStart"),
    ("charge_category", "ChargeCategory"),
    ("provider_name", "ProviderName"),
    ("service_name", "ServiceName"),
    ("service_category", "ServiceCategory"),
    ("sub_account_id", "SubAccountId"),
    ("resource_id", "ResourceId"),
    ("resource_name", "ResourceName"),
    ("region_id", "RegionId"),
    ("sku_id", "SkuId"),
    ("consumed_quantity", "ConsumedQuantity"),
    ("consumed_unit", "ConsumedUnit"),
    ("tags", "Tags"),
];

entity! {
    /// Maps matching cost lines to a model, a team and a category; lower priority wins first.
    pub struct AllocationRule in "allocation_rule" as "allocation rule" {
        priority: i64,
        match_on: MatchOn,
        /// For tag rules: the tag key whose value is matched.
        tag_key: String,
        /// Exact value, or a `*` wildcard pattern.
        pattern: String,
        model_id: Option<i64> => "model",
        team_id: Option<i64> => "team",
        category: Category,
    }
}

entity! {
    /// A model's usage in one month: the denominators of unit costs.
    pub struct Usage in "usage" as "usage" {
        model_id: i64 => "model",
        /// `YYYY-MM`.
        month: String,
        inferences: i64,
        training_runs: i64,
    }
}

entity! {
    /// Spend allowed in a quarter, for a team and/or category (both empty: the whole org).
    pub struct Budget in "budget" as "budget" {
        quarter: FiscalQuarter,
        team_id: Option<i64> => "team",
        category: Option<Category>,
        amount_minor: i64,
        currency: Currency,
    }
}

impl Validate for ImportBatch {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("file_name", "File name", &self.file_name)
    }
}

impl Validate for CostLine {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        if self.charge_period_end < self.charge_period_start {
            return Err(Error::invalid(
                "charge_period_end",
                "ChargePeriodEnd is before ChargePeriodStart",
            ));
        }
        if !self.tags.is_object() {
            return Err(Error::invalid("tags", "Tags must be a JSON object"));
        }
        Ok(())
    }
}

impl Validate for AllocationRule {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("pattern", "Pattern", &self.pattern)?;
        if self.match_on == MatchOn::Tag {
            rules::non_empty("tag_key", "Tag key", &self.tag_key)?;
        }
        Ok(())
    }
}

impl Validate for Usage {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        if !is_month(&self.month) {
            return Err(Error::invalid("month", "Month must look like 2026-09"));
        }
        rules::non_negative("inferences", "Inferences", self.inferences as f64)?;
        rules::non_negative("training_runs", "Training runs", self.training_runs as f64)
    }
}

impl Validate for Budget {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_negative("amount_minor", "Budget", self.amount_minor as f64)
    }
}

/// Every billing month with imported spend, oldest first (from the per-import rollup where
/// there is one, else from the lines).
pub fn spend_months(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT month FROM cost_rollup WHERE batch_id IN (SELECT id FROM cost_rollup_batch)
         UNION
         SELECT substr(billing_period_start, 1, 7) FROM cost_line
         WHERE batch_id IN (SELECT id FROM import_batch EXCEPT SELECT id FROM cost_rollup_batch)
         ORDER BY 1",
    )?;
    let months = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(months.collect::<rusqlite::Result<_>>()?)
}
