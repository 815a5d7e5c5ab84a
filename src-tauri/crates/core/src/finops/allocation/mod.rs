//! Allocation of spend to models, teams and categories: rules tried in priority order
//! (lowest first, then oldest), the first match wins; spend no rule catches stays
//! *unallocated* and is reported as such, never dropped.
//!
//! Patterns are exact values or `*` wildcards, compared without regard to ASCII case, because
//! billing data spells the same thing several ways. A rule that names no model takes it from
//! the line: the model whose cost tag equals the value the rule matched (tag rules), or else
//! the value of the line's `model` tag; a rule that names no team takes the model's owner team.

pub mod cache;

use std::collections::HashMap;

use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::finops::rollup::{self, SpendGroup};
use crate::finops::{AllocationRule, Category, MatchOn};
use crate::store::entity;
use crate::values::amount::Amount;
use crate::{org::settings, Result};

/// Where one group of spend goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Allocation {
    /// The rule that caught it; `None`: unallocated.
    pub rule_id: Option<i64>,
    pub model_id: Option<i64>,
    pub team_id: Option<i64>,
    pub category: Option<Category>,
}

impl Allocation {
    pub const UNALLOCATED: Allocation = Allocation {
        rule_id: None,
        model_id: None,
        team_id: None,
        category: None,
    };
}

/// Rules prepared for matching many groups.
pub struct Allocator {
    rules: Vec<(AllocationRule, String, String)>,
    /// Lower-cased cost tag → model id.
    models_by_tag: HashMap<String, i64>,
    owner_team: HashMap<i64, Option<i64>>,
}

impl Allocator {
    /// Prepares `rules` (stored or still being edited) in priority order.
    pub fn new(conn: &Connection, mut rules: Vec<AllocationRule>) -> Result<Allocator> {
        rules.sort_by_key(|r| (r.priority, r.id));
        let rules = rules
            .into_iter()
            .map(|r| {
                let (key, pattern) = (
                    r.tag_key.trim().to_ascii_lowercase(),
                    r.pattern.trim().to_ascii_lowercase(),
                );
                (r, key, pattern)
            })
            .collect();
        let mut stmt = conn.prepare("SELECT id, cost_tag, owner_team_id FROM model")?;
        let models = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let models_by_tag = models
            .iter()
            .filter(|(_, tag, _)| !tag.trim().is_empty())
            .map(|(id, tag, _)| (tag.trim().to_ascii_lowercase(), *id))
            .collect();
        let owner_team = models.iter().map(|(id, _, team)| (*id, *team)).collect();
        Ok(Allocator {
            rules,
            models_by_tag,
            owner_team,
        })
    }

    /// The stored rules.
    pub fn stored(conn: &Connection) -> Result<Allocator> {
        Allocator::new(conn, entity::list(conn)?)
    }

    /// Where `group` goes; `tags` is its parsed Tags object.
    pub fn allocate(&self, group: &SpendGroup, tags: &Map<String, Value>) -> Allocation {
        for (rule, key, pattern) in &self.rules {
            let matched: Option<String> = match rule.match_on {
                MatchOn::Tag => tag_values(tags, key).find(|v| wildcard_match(pattern, v)),
                MatchOn::Service => wildcard_match(pattern, &group.service_name).then(String::new),
                MatchOn::SubAccount => {
                    wildcard_match(pattern, &group.sub_account_id).then(String::new)
                }
                MatchOn::Resource => wildcard_match(pattern, &group.resource_id).then(String::new),
            };
            let Some(value) = matched else { continue };
            let model_id = rule.model_id.or_else(|| {
                let by_value = self
                    .models_by_tag
                    .get(value.trim().to_ascii_lowercase().as_str());
                by_value.copied().or_else(|| {
                    tag_values(tags, "model").find_map(|v| {
                        self.models_by_tag
                            .get(v.trim().to_ascii_lowercase().as_str())
                            .copied()
                    })
                })
            });
            let team_id = rule
                .team_id
                .or_else(|| model_id.and_then(|m| self.owner_team.get(&m).copied().flatten()));
            return Allocation {
                rule_id: Some(rule.id),
                model_id,
                team_id,
                category: Some(rule.category),
            };
        }
        Allocation::UNALLOCATED
    }

    fn needs_tags(&self) -> bool {
        !self.models_by_tag.is_empty()
            || self
                .rules
                .iter()
                .any(|(r, _, _)| r.match_on == MatchOn::Tag)
    }
}

/// Values (as text) of the tags whose key, trimmed and ignoring case, is `key` (lower case).
fn tag_values<'a>(tags: &'a Map<String, Value>, key: &'a str) -> impl Iterator<Item = String> + 'a {
    tags.iter()
        .filter(move |(k, _)| k.trim().eq_ignore_ascii_case(key))
        .map(|(_, v)| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters; ASCII case
/// is ignored (`pattern` must already be lower case).
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] != b'*' && p[pi] == t[ti].to_ascii_lowercase() {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((star_p, star_t)) = star {
            pi = star_p + 1;
            ti = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|b| *b == b'*')
}

/// Spend of one month and currency that went to the same place through the same rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllocatedSpend {
    pub month: String,
    pub currency: String,
    #[serde(flatten)]
    pub allocation: Allocation,
    pub provider_name: String,
    pub service_name: String,
    pub billed_cost: Decimal,
    pub effective_cost: Decimal,
    pub lines: i64,
}

/// Month, currency, allocation, provider and service: what allocated spend is summed by.
type SpendKey<'a> = (&'a str, &'a str, Allocation, &'a str, &'a str);

/// Allocated spend being summed per `SpendKey`.
#[derive(Default)]
struct Sums<'a>(HashMap<SpendKey<'a>, (Decimal, Decimal, i64)>);

impl<'a> Sums<'a> {
    fn add(&mut self, key: SpendKey<'a>, billed: Decimal, effective: Decimal, lines: i64) {
        let sum = self.0.entry(key).or_default();
        sum.0 += billed;
        sum.1 += effective;
        sum.2 += lines;
    }

    /// The sums as rows, in a stable order (month, currency, rule, provider, service, model).
    fn into_rows(self) -> Vec<AllocatedSpend> {
        let mut spend: Vec<AllocatedSpend> = self
            .0
            .into_iter()
            .map(
                |((month, currency, allocation, provider, service), (billed, effective, lines))| {
                    AllocatedSpend {
                        month: month.to_string(),
                        currency: currency.to_string(),
                        allocation,
                        provider_name: provider.to_string(),
                        service_name: service.to_string(),
                        billed_cost: billed,
                        effective_cost: effective,
                        lines,
                    }
                },
            )
            .collect();
        spend.sort_by(|a, b| {
            (
                &a.month,
                &a.currency,
                a.allocation.rule_id,
                &a.provider_name,
                &a.service_name,
                a.allocation.model_id,
            )
                .cmp(&(
                    &b.month,
                    &b.currency,
                    b.allocation.rule_id,
                    &b.provider_name,
                    &b.service_name,
                    b.allocation.model_id,
                ))
        });
        spend
    }
}

/// Every spend group allocated by `allocator` and summed per month, currency, allocation,
/// provider and service; optionally of one month only.
pub fn allocated_spend(
    conn: &Connection,
    allocator: &Allocator,
    month: Option<&str>,
) -> Result<Vec<AllocatedSpend>> {
    Ok(allocate_groups(
        allocator,
        &rollup::spend_groups(conn, month)?,
    ))
}

/// `groups` allocated by `allocator` and summed per month, currency, allocation, provider and
/// service. Each distinct Tags text is parsed once.
pub fn allocate_groups(allocator: &Allocator, groups: &[SpendGroup]) -> Vec<AllocatedSpend> {
    let mut parsed: HashMap<&str, Map<String, Value>> = HashMap::new();
    let empty = Map::new();
    let mut sums = Sums::default();
    for group in groups {
        let tags = if allocator.needs_tags() {
            parsed
                .entry(group.tags.as_str())
                .or_insert_with(|| serde_json::from_str(&group.tags).unwrap_or_default())
        } else {
            &empty
        };
        let allocation = allocator.allocate(group, tags);
        let key = (
            group.month.as_str(),
            group.currency.as_str(),
            allocation,
            group.provider_name.as_str(),
            group.service_name.as_str(),
        );
        sums.add(key, group.billed_cost, group.effective_cost, group.lines);
    }
    sums.into_rows()
}

/// Rows of allocated spend from several sources summed into one list, same order as
/// `allocated_spend`.
pub fn merge(rows: &[AllocatedSpend]) -> Vec<AllocatedSpend> {
    let mut sums = Sums::default();
    for row in rows {
        let key = (
            row.month.as_str(),
            row.currency.as_str(),
            row.allocation,
            row.provider_name.as_str(),
            row.service_name.as_str(),
        );
        sums.add(key, row.billed_cost, row.effective_cost, row.lines);
    }
    sums.into_rows()
}

/// How much spend one rule catches (after the rules before it took theirs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleCatch {
    /// The rule's id; 0 for a rule not saved yet.
    pub rule_id: i64,
    /// Position of the rule in the list given to `preview`.
    pub index: usize,
    pub priority: i64,
    pub lines: i64,
    pub effective_cost: Amount,
    pub billed_cost: Amount,
    /// Share of the total effective cost, 0–100 (of magnitudes when credits make it odd).
    pub share_percent: f64,
}

/// What a set of rules would do to the spend: per rule, and what stays unallocated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllocationPreview {
    /// The reporting currency; lines in other currencies are only counted.
    pub currency: String,
    pub month: Option<String>,
    /// Every month with spend, oldest first (what `month` can be).
    pub months: Vec<String>,
    pub total_effective_cost: Amount,
    pub rules: Vec<RuleCatch>,
    pub unallocated_lines: i64,
    pub unallocated_effective_cost: Amount,
    pub unallocated_billed_cost: Amount,
    /// Share of the total effective cost no rule catches, 0–100.
    pub unallocated_share_percent: f64,
    pub other_currency_lines: i64,
}

/// Previews `rules` (saved or not) over the stored spend, so an editor can show live what each
/// rule catches and what stays unallocated.
pub fn preview(
    conn: &Connection,
    rules: Vec<AllocationRule>,
    month: Option<&str>,
) -> Result<AllocationPreview> {
    let currency = settings::get(conn)?.currency.to_string();
    // Unsaved rules all have id 0, so key each by its place in priority order (saved rules
    // oldest first, then new ones as listed) and report the given id and position.
    let mut given: Vec<(usize, AllocationRule)> = rules.into_iter().enumerate().collect();
    given.sort_by_key(|(index, r)| (r.priority, r.id == 0, r.id, *index));
    let keyed = given
        .iter()
        .enumerate()
        .map(|(order, (_, rule))| AllocationRule {
            id: order as i64 + 1,
            ..rule.clone()
        })
        .collect();
    let mut stored: Vec<AllocationRule> = entity::list(conn)?;
    let mut sorted: Vec<AllocationRule> = given.iter().map(|(_, r)| r.clone()).collect();
    stored.sort_by_key(|r| r.id);
    sorted.sort_by_key(|r| r.id);
    // The stored rules themselves (the page as it opens): their allocation is kept in the file.
    let (allocated, catch_of): (Vec<AllocatedSpend>, HashMap<i64, usize>) = if sorted == stored {
        let all = cache::stored_allocation(conn, &Allocator::stored(conn)?)?;
        let by_id = given
            .iter()
            .enumerate()
            .map(|(order, (_, r))| (r.id, order))
            .collect();
        let of_month = all
            .into_iter()
            .filter(|row| month.is_none_or(|m| row.month == m))
            .collect();
        (of_month, by_id)
    } else {
        let by_key = (0..given.len())
            .map(|order| (order as i64 + 1, order))
            .collect();
        (
            allocated_spend(conn, &Allocator::new(conn, keyed)?, month)?,
            by_key,
        )
    };
    let mut catches: Vec<RuleCatch> = given
        .iter()
        .map(|(index, r)| RuleCatch {
            rule_id: r.id,
            index: *index,
            priority: r.priority,
            lines: 0,
            effective_cost: Amount::ZERO,
            billed_cost: Amount::ZERO,
            share_percent: 0.0,
        })
        .collect();
    let mut preview = AllocationPreview {
        currency: currency.clone(),
        month: month.map(str::to_string),
        months: crate::finops::spend_months(conn)?,
        total_effective_cost: Amount::ZERO,
        rules: Vec::new(),
        unallocated_lines: 0,
        unallocated_effective_cost: Amount::ZERO,
        unallocated_billed_cost: Amount::ZERO,
        unallocated_share_percent: 0.0,
        other_currency_lines: 0,
    };
    for spend in allocated {
        if spend.currency != currency {
            preview.other_currency_lines += spend.lines;
            continue;
        }
        preview.total_effective_cost.0 += spend.effective_cost;
        let catch = spend
            .allocation
            .rule_id
            .and_then(|key| catch_of.get(&key))
            .and_then(|order| catches.get_mut(*order));
        match catch {
            Some(c) => {
                c.lines += spend.lines;
                c.effective_cost.0 += spend.effective_cost;
                c.billed_cost.0 += spend.billed_cost;
            }
            None => {
                preview.unallocated_lines += spend.lines;
                preview.unallocated_effective_cost.0 += spend.effective_cost;
                preview.unallocated_billed_cost.0 += spend.billed_cost;
            }
        }
    }
    let total = preview.total_effective_cost.0;
    for c in &mut catches {
        c.share_percent = percent_of(c.effective_cost.0, total);
    }
    preview.unallocated_share_percent = percent_of(preview.unallocated_effective_cost.0, total);
    preview.rules = catches;
    Ok(preview)
}

/// `part` as a percentage of `whole` (0 when the whole is zero), for display only.
pub fn percent_of(part: Decimal, whole: Decimal) -> f64 {
    if whole.is_zero() {
        return 0.0;
    }
    let ratio = (part * Decimal::ONE_HUNDRED / whole).round_dp(2);
    ratio.to_string().parse().unwrap_or(0.0)
}

/// Gap between priorities written by `reorder`, so a rule can later be put between two others.
pub const PRIORITY_STEP: i64 = 10;

/// Puts the stored rules in the order of `ids` (first is tried first) by rewriting their
/// priorities as 10, 20, 30…; rules not named keep their place after the named ones. Each
/// change is audited; run it in a transaction. Returns every rule in its new order.
pub fn reorder(
    conn: &Connection,
    ids: &[i64],
    now: crate::store::entity::Timestamp,
) -> Result<Vec<AllocationRule>> {
    crate::store::capture::label(conn, "Reorder allocation rules")?;
    let mut rules: Vec<AllocationRule> = entity::list(conn)?;
    rules.sort_by_key(|r| (r.priority, r.id));
    for id in ids {
        if !rules.iter().any(|r| r.id == *id) {
            return Err(crate::Error::NotFound {
                entity: "allocation rule",
                id: *id,
            });
        }
    }
    let position = |r: &AllocationRule| ids.iter().position(|id| *id == r.id).unwrap_or(usize::MAX);
    rules.sort_by_key(|r| position(r));
    let mut out = Vec::with_capacity(rules.len());
    for (i, rule) in rules.into_iter().enumerate() {
        let priority = (i as i64 + 1) * PRIORITY_STEP;
        if rule.priority == priority {
            out.push(rule);
        } else {
            out.push(entity::update(
                conn,
                AllocationRule { priority, ..rule },
                now,
            )?);
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn reorder_rewrites_priorities_in_the_given_order_and_audits_each_change() {
        let mut store = crate::demo::in_memory().unwrap();
        let now = Utc
            .with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
            .single()
            .unwrap();
        let before: Vec<AllocationRule> = {
            let mut rules: Vec<AllocationRule> = entity::list(store.conn()).unwrap();
            rules.sort_by_key(|r| (r.priority, r.id));
            rules
        };
        assert!(before.len() > 3);
        let (first, second, last) = (before[0].id, before[1].id, before[before.len() - 1].id);
        let changes = |store: &crate::Store| -> i64 {
            store
                .conn()
                .query_row(
                    "SELECT count(*) FROM change WHERE entity = 'allocation_rule'",
                    [],
                    |r| r.get(0),
                )
                .unwrap()
        };
        let audited = changes(&store);
        let after = store
            .with_tx(|tx| reorder(tx, &[last, second, first], now))
            .unwrap();
        let ids: Vec<i64> = after.iter().map(|r| r.id).collect();
        assert_eq!(&ids[..3], &[last, second, first]);
        assert_eq!(
            ids.len(),
            before.len(),
            "rules not named keep their place after"
        );
        assert_eq!(
            after.iter().map(|r| r.priority).collect::<Vec<_>>(),
            (1..=before.len() as i64)
                .map(|i| i * PRIORITY_STEP)
                .collect::<Vec<_>>()
        );
        let mut stored: Vec<AllocationRule> = entity::list(store.conn()).unwrap();
        stored.sort_by_key(|r| (r.priority, r.id));
        assert_eq!(stored, after);
        assert!(changes(&store) > audited, "each change is audited");
        let missing = store.with_tx(|tx| reorder(tx, &[first, 999_999], now));
        assert!(matches!(
            missing,
            Err(crate::Error::NotFound { id: 999_999, .. })
        ));
    }

    #[test]
    fn the_preview_reports_the_unallocated_share() {
        let store = crate::demo::in_memory().unwrap();
        let preview = super::preview(store.conn(), Vec::new(), None).unwrap();
        assert!(preview.rules.is_empty());
        assert_eq!(
            preview.unallocated_effective_cost,
            preview.total_effective_cost
        );
        assert_eq!(preview.unallocated_share_percent, 100.0);
        let month = preview.months.last().unwrap().clone();
        let groups = rollup::spend_groups(store.conn(), None).unwrap();
        let mut months: Vec<&str> = groups.iter().map(|g| g.month.as_str()).collect();
        months.dedup();
        assert_eq!(preview.months, months);
        let one = super::preview(store.conn(), Vec::new(), Some(&month)).unwrap();
        let in_month: Decimal = groups
            .iter()
            .filter(|g| g.month == month && g.currency == one.currency)
            .map(|g| g.effective_cost)
            .sum();
        assert_eq!(one.total_effective_cost.0, in_month);
    }

    #[test]
    fn wildcards_match_any_run_and_ignore_case() {
        assert!(wildcard_match(
            "arn:aws:sagemaker:*:training-job/*",
            "arn:AWS:sagemaker:us-east-1:1:training-job/ranker-7"
        ));
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("ranker", "Ranker"));
        assert!(wildcard_match("*gpu*", "p4d-gpu-node"));
        assert!(wildcard_match("a*b*c", "aXXbYYc"));
        assert!(!wildcard_match("a*b*c", "aXXbYY"));
        assert!(!wildcard_match("ranker", "ranker-v2"));
        assert!(!wildcard_match("", "x"));
    }
}
