//! The demo's FinOps builder: a year of FOCUS-shaped billing lines and usage for every model and
//! the shared platform, then the allocation rules and the budgets set from that spend.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::finops::{
    AllocationRule, BatchKind, Budget, Category, CostLine, ImportBatch, MatchOn, Usage,
};
use crate::portfolio::{Lifecycle, Model, Serving};
use crate::values::amount::Amount;
use crate::{Error, Result};

use super::dates::MONTHS;
use super::finops_data::*;
use super::org::TEAMS;
use super::{missing, Demo};

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

impl Demo<'_> {
    pub(super) fn add_finops(&mut self) -> Result<()> {
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
            month: self.dates.month_label(month),
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
        let start = self.dates.month_start(month)?;
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
            if month == MONTHS - 1 {
                *self.last_month_spend.entry(holder).or_default() += cost_e4;
            }
        }
        self.lines.push(CostLine {
            id: 0,
            batch_id: 0,
            billed_cost: dollars_e4(cost_e4),
            effective_cost: dollars_e4(cost_e4),
            list_cost: dollars_e4(cost_e4 * 1000 / (1000 - sku.discount_permille)),
            billing_currency: self.usd,
            charge_period_start: start,
            charge_period_end: self.dates.month_start(month + 1)?,
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

    /// Budgets: past quarters from their actual spend, the rest from last month's run-rate.
    fn add_budgets(&mut self) -> Result<()> {
        let current = self.calendar.quarter_of(self.now.date_naive());
        let spent = |holder, quarter| self.spend.get(&(holder, quarter)).copied().unwrap_or(0);
        let run_rate = |holder| self.last_month_spend.get(&holder).copied().unwrap_or(0);
        for &(holder, headroom) in BUDGETS {
            let (team_id, category) = match holder {
                BudgetFor::Team(slug) => (Some(self.team(slug)?), None),
                BudgetFor::Category(category) => (None, Some(category)),
            };
            for (quarter, permille) in BUDGET_QUARTERS.iter().zip(headroom) {
                let quarter = self.dates.quarter(quarter)?;
                let basis = if quarter < current {
                    spent(holder, quarter)
                } else {
                    3 * run_rate(holder)
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
