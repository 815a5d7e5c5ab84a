//! The Overview's headline read model, for the desktop app and `quartermaster summary`: heads,
//! production models, committed initiatives, last month's spend against budget, hiring,
//! operations and the KPIs off target. Every figure the Overview shows is computed here; the UI
//! only formats it. (Record counts, search and references live in `records`.)

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::getting_started::{self, Checklist};
use crate::kpi::status::KpiStatus;
use crate::kpi::{Direction, Source};
use crate::values::amount::Amount;
use crate::values::money::{self, Currency};
use crate::{finops::rollup, kpi::series, org::settings, Result};

/// Positions by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Heads {
    pub filled: i64,
    pub open: i64,
    pub planned: i64,
    pub leaving: i64,
}

/// How many models of one tier are in production.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierCount {
    pub tier: i64,
    pub models: i64,
}

/// A committed initiative of the current quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommittedInitiative {
    pub id: i64,
    pub title: String,
    pub team: String,
    pub status: String,
    pub effort_pw: f64,
}

/// Last calendar month's cloud spend against its share of the quarter's budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spend {
    /// `YYYY-MM`.
    pub month: String,
    pub currency: Currency,
    /// Effective cost of the month's billing lines in the reporting currency, rounded to minor units.
    pub spend_minor: i64,
    /// A third of the quarter's budget, when there is one.
    pub budget_minor: Option<i64>,
    /// Spend as a percentage of the budget.
    pub used_percent: Option<f64>,
    /// Where the budget figure comes from, in words.
    pub budget_basis: String,
    /// Billing lines counted.
    pub lines: i64,
    /// Billing lines of the month in another currency, not counted.
    pub other_currency_lines: i64,
}

/// The hiring pipeline at a glance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Hiring {
    /// Requisitions not closed.
    pub open_requisitions: i64,
    /// Candidates still in the process (not hired, rejected or withdrawn).
    pub in_process: i64,
    /// Candidates with an offer out.
    pub offers: i64,
    /// Candidates hired.
    pub hired: i64,
}

/// Incidents and risks that need attention.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Operations {
    /// Risks not closed.
    pub open_risks: i64,
    /// Of those, high or critical.
    pub severe_risks: i64,
    /// Incidents that started in the 90 days up to today.
    pub recent_incidents: i64,
    /// Incidents without a mitigation time.
    pub unmitigated_incidents: i64,
}

/// A KPI (manual or derived) whose latest value is not on target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiAlert {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub period: String,
    pub value: f64,
    pub target: Option<f64>,
    pub warn: Option<f64>,
    pub status: KpiStatus,
    /// Derived from the other areas rather than typed in.
    pub derived: bool,
}

/// The organisation's headline figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub org_name: String,
    pub today: NaiveDate,
    /// The fiscal quarter containing `today`, e.g. `FY2027-Q1`.
    pub quarter: String,
    pub heads: Heads,
    pub hiring: Hiring,
    pub operations: Operations,
    /// Tiers 1 to 3, in order.
    pub production_by_tier: Vec<TierCount>,
    pub production_total: i64,
    pub committed: Vec<CommittedInitiative>,
    pub committed_effort_pw: f64,
    pub spend: Spend,
    /// Near and off-target KPIs, off-target first.
    pub kpi_alerts: Vec<KpiAlert>,
    /// KPIs (manual and derived) with a recent value.
    pub kpis_measured: i64,
    pub kpis_on_target: i64,
    pub kpis_near: i64,
    pub kpis_off_target: i64,
    /// The setup checklist of a new organisation (shown until every step is done).
    pub getting_started: Checklist,
}

/// Computes the headline figures as of `today`.
pub fn overview(conn: &Connection, today: NaiveDate) -> Result<Overview> {
    let settings = settings::get(conn)?;
    let calendar = settings.calendar()?;
    let quarter = calendar.quarter_of(today).to_string();
    let production_by_tier = production_by_tier(conn)?;
    let committed = committed_initiatives(conn, &quarter)?;
    let (kpi_alerts, kpis_measured, kpis_on_target) = kpi_alerts(conn, today)?;
    let last_month = first_of_previous_month(today);
    let budget_quarter = calendar.quarter_of(last_month).to_string();
    Ok(Overview {
        org_name: settings.org_name,
        today,
        quarter,
        heads: heads(conn)?,
        hiring: hiring(conn)?,
        operations: operations(conn, today)?,
        production_total: production_by_tier.iter().map(|t| t.models).sum(),
        production_by_tier,
        // A fold from +0.0: an empty f64 sum is -0.0, shown as "−0.0".
        committed_effort_pw: committed.iter().fold(0.0, |sum, c| sum + c.effort_pw),
        committed,
        spend: spend(conn, last_month, &budget_quarter, settings.currency)?,
        kpis_near: count_status(&kpi_alerts, KpiStatus::Near),
        kpis_off_target: count_status(&kpi_alerts, KpiStatus::OffTarget),
        kpi_alerts,
        kpis_measured,
        kpis_on_target,
        getting_started: getting_started::checklist(conn)?,
    })
}

fn heads(conn: &Connection) -> Result<Heads> {
    let mut heads = Heads::default();
    let mut stmt = conn.prepare("SELECT status, count(*) FROM position GROUP BY status")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (status, count) = row?;
        match status.as_str() {
            "filled" => heads.filled = count,
            "open" => heads.open = count,
            "planned" => heads.planned = count,
            "leaving" => heads.leaving = count,
            _ => {}
        }
    }
    Ok(heads)
}

fn hiring(conn: &Connection) -> Result<Hiring> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM requisition WHERE closed_on IS NULL),
                (SELECT count(*) FROM candidate WHERE stage NOT IN ('hired', 'rejected', 'withdrawn')),
                (SELECT count(*) FROM candidate WHERE stage = 'offer'),
                (SELECT count(*) FROM candidate WHERE stage = 'hired')",
        [],
        |r| Ok(Hiring { open_requisitions: r.get(0)?, in_process: r.get(1)?, offers: r.get(2)?, hired: r.get(3)? }),
    )?)
}

fn operations(conn: &Connection, today: NaiveDate) -> Result<Operations> {
    let since = (today - chrono::Days::new(90))
        .format("%Y-%m-%d")
        .to_string();
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM risk WHERE status <> 'closed'),
                (SELECT count(*) FROM risk WHERE status <> 'closed' AND severity IN ('high', 'critical')),
                (SELECT count(*) FROM incident WHERE substr(started_at, 1, 10) >= ?1),
                (SELECT count(*) FROM incident WHERE mitigated_at IS NULL)",
        [since],
        |r| {
            Ok(Operations {
                open_risks: r.get(0)?,
                severe_risks: r.get(1)?,
                recent_incidents: r.get(2)?,
                unmitigated_incidents: r.get(3)?,
            })
        },
    )?)
}

fn production_by_tier(conn: &Connection) -> Result<Vec<TierCount>> {
    let mut stmt =
        conn.prepare("SELECT count(*) FROM model WHERE lifecycle = 'production' AND tier = ?1")?;
    (1..=3)
        .map(|tier| {
            let models = stmt.query_row([tier], |r| r.get(0))?;
            Ok(TierCount { tier, models })
        })
        .collect()
}

fn committed_initiatives(conn: &Connection, quarter: &str) -> Result<Vec<CommittedInitiative>> {
    let mut stmt = conn.prepare(
        "SELECT i.id, i.title, t.name, i.status, i.effort_pw
         FROM initiative i JOIN team t ON t.id = i.team_id
         WHERE i.quarter = ?1 AND i.status IN ('committed', 'in_progress', 'delivered', 'slipped')
         ORDER BY i.rank, i.id",
    )?;
    let rows = stmt.query_map([quarter], |r| {
        Ok(CommittedInitiative {
            id: r.get(0)?,
            title: r.get(1)?,
            team: r.get(2)?,
            status: r.get(3)?,
            effort_pw: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The first day of the calendar month before `today`'s.
fn first_of_previous_month(today: NaiveDate) -> NaiveDate {
    let (year, month) = if today.month() == 1 {
        (today.year() - 1, 12)
    } else {
        (today.year(), today.month() - 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(today)
}

fn spend(
    conn: &Connection,
    month_start: NaiveDate,
    quarter: &str,
    currency: Currency,
) -> Result<Spend> {
    let month = month_start.format("%Y-%m").to_string();
    // The import's pre-aggregated sums: a million cost lines are a few thousand groups here.
    let (mut total, mut lines, mut other_currency_lines) = (Amount::ZERO, 0, 0);
    for group in rollup::spend_groups(conn, Some(&month))? {
        if group.currency == currency.as_str() {
            total.0 += group.effective_cost;
            lines += group.lines;
        } else {
            other_currency_lines += group.lines;
        }
    }
    let spend_minor = to_minor(total.0, currency)?;
    let (budget_minor, budget_basis) = monthly_budget(conn, quarter, currency)?;
    let used_percent = budget_minor
        .filter(|b| *b > 0)
        .map(|b| spend_minor as f64 * 100.0 / b as f64);
    Ok(Spend {
        month,
        currency,
        spend_minor,
        budget_minor,
        used_percent,
        budget_basis,
        lines,
        other_currency_lines,
    })
}

/// Rounds an exact amount to the currency's minor unit (half away from zero).
fn to_minor(amount: Decimal, currency: Currency) -> Result<i64> {
    let rounded = amount.round_dp_with_strategy(
        currency.minor_digits(),
        RoundingStrategy::MidpointAwayFromZero,
    );
    money::decimal_to_minor(rounded, currency)
}

/// A third of the quarter's budget: the org-wide budget when there is one, else the sum of the
/// team budgets, else the sum of the category budgets (never both, which would count twice).
fn monthly_budget(
    conn: &Connection,
    quarter: &str,
    currency: Currency,
) -> Result<(Option<i64>, String)> {
    let levels = [
        ("team_id IS NULL AND category IS NULL", "org budget"),
        ("team_id IS NOT NULL AND category IS NULL", "team budgets"),
        (
            "team_id IS NULL AND category IS NOT NULL",
            "category budgets",
        ),
    ];
    for (condition, basis) in levels {
        let sql = format!(
            "SELECT count(*), coalesce(sum(amount_minor), 0) FROM budget
             WHERE quarter = ?1 AND currency = ?2 AND {condition}"
        );
        let (rows, total): (i64, i64) =
            conn.query_row(&sql, rusqlite::params![quarter, currency], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        if rows > 0 {
            // Budgets are never negative, so this rounds a third half up.
            let third = i64::try_from((i128::from(total) * 2 + 3) / 6).unwrap_or(i64::MAX);
            return Ok((Some(third), format!("⅓ of the {quarter} {basis}")));
        }
    }
    Ok((None, format!("no budget for {quarter}")))
}

fn count_status(alerts: &[KpiAlert], status: KpiStatus) -> i64 {
    alerts.iter().filter(|a| a.status == status).count() as i64
}

/// Near and off-target KPIs, manual and derived, by their latest value in the scorecard as of
/// `today`; also how many were measured and how many are on target.
fn kpi_alerts(conn: &Connection, today: NaiveDate) -> Result<(Vec<KpiAlert>, i64, i64)> {
    let (mut alerts, mut measured, mut on_target) = (Vec::new(), 0, 0);
    for row in series::scorecard(conn, today)? {
        let (Some(value), Some(period)) = (row.value, row.period) else {
            continue;
        };
        measured += 1;
        let Some(status) = row.status else { continue };
        if status == KpiStatus::OnTarget {
            on_target += 1;
            continue;
        }
        alerts.push(KpiAlert {
            id: row.id,
            key: row.key,
            name: row.name,
            unit: row.unit,
            direction: row.direction,
            period,
            value,
            target: row.target,
            warn: row.warn,
            status,
            derived: row.source == Source::Derived,
        });
    }
    alerts.sort_by_key(|a| (a.status != KpiStatus::OffTarget, a.id));
    Ok((alerts, measured, on_target))
}

impl fmt::Display for Overview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = &self.heads;
        writeln!(
            f,
            "{} — {} (as of {})",
            self.org_name, self.quarter, self.today
        )?;
        writeln!(
            f,
            "Heads: {} filled, {} open, {} planned, {} leaving",
            h.filled, h.open, h.planned, h.leaving
        )?;
        let tiers = self
            .production_by_tier
            .iter()
            .map(|t| format!("tier {} {}", t.tier, t.models))
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(
            f,
            "Models in production: {} ({tiers})",
            self.production_total
        )?;
        let hiring = &self.hiring;
        writeln!(
            f,
            "Hiring: {} open requisitions, {} candidates in process, {} offers out, {} hired",
            hiring.open_requisitions, hiring.in_process, hiring.offers, hiring.hired
        )?;
        let ops = &self.operations;
        writeln!(
            f,
            "Operations: {} open risks ({} high or critical), {} incidents in 90 days, {} not mitigated",
            ops.open_risks, ops.severe_risks, ops.recent_incidents, ops.unmitigated_incidents
        )?;
        writeln!(
            f,
            "Committed this quarter: {} initiatives, {:.1} person-weeks",
            self.committed.len(),
            self.committed_effort_pw
        )?;
        let s = &self.spend;
        let spend = money::format_minor(s.spend_minor, s.currency);
        match (s.budget_minor, s.used_percent) {
            (Some(budget), Some(used)) => writeln!(
                f,
                "Spend {}: {spend} {} of {} ({used:.1}% of {})",
                s.month,
                s.currency,
                money::format_minor(budget, s.currency),
                s.budget_basis
            )?,
            _ => writeln!(
                f,
                "Spend {}: {spend} {} ({})",
                s.month, s.currency, s.budget_basis
            )?,
        }
        writeln!(
            f,
            "KPIs: {} measured, {} on target, {} near, {} off target",
            self.kpis_measured, self.kpis_on_target, self.kpis_near, self.kpis_off_target
        )?;
        for alert in &self.kpi_alerts {
            let label = match alert.status {
                KpiStatus::OffTarget => "off target",
                KpiStatus::Near => "near",
                KpiStatus::OnTarget => "on target",
            };
            let target = alert
                .target
                .map(|t| format!(", target {t}"))
                .unwrap_or_default();
            writeln!(
                f,
                "  {label}: {} = {} {} in {}{target}",
                alert.name, alert.value, alert.unit, alert.period
            )?;
        }
        let setup = &self.getting_started;
        if !setup.complete {
            writeln!(
                f,
                "Getting started: {} of {} done",
                setup.done,
                setup.steps.len()
            )?;
            for step in &setup.steps {
                let tick = if step.done { 'x' } else { ' ' };
                let progress = match step.progress.as_str() {
                    "" => String::new(),
                    text => format!(" ({text})"),
                };
                writeln!(f, "  [{tick}] {}{progress}", step.title)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::kpi::derived;
    use crate::records;

    #[test]
    fn last_months_spend_equals_the_sum_of_its_cost_lines() {
        let store = crate::demo::in_memory().unwrap();
        let conn = store.conn();
        let o = overview(conn, NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()).unwrap();
        assert_eq!(o.spend.month, "2026-10");
        let mut stmt = conn
            .prepare(
                "SELECT effective_cost FROM cost_line
                 WHERE billing_period_start LIKE '2026-10%' AND billing_currency = 'USD'",
            )
            .unwrap();
        let costs: Vec<Amount> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let total: Decimal = costs.iter().map(|a| a.0).sum();
        assert!(!costs.is_empty());
        assert_eq!(o.spend.lines, costs.len() as i64);
        assert_eq!(
            o.spend.spend_minor,
            to_minor(total, o.spend.currency).unwrap()
        );
    }

    #[test]
    fn kpis_off_target_include_derived_kpis_on_the_demo() {
        let store = crate::demo::in_memory().unwrap();
        let conn = store.conn();
        let today = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        let o = overview(conn, today).unwrap();
        let scorecard = series::scorecard(conn, today).unwrap();
        // By hand from the scorecard: every KPI with a value counts; near and off ones alert.
        let measured = scorecard.iter().filter(|r| r.value.is_some()).count() as i64;
        let on = scorecard
            .iter()
            .filter(|r| r.status == Some(KpiStatus::OnTarget))
            .count() as i64;
        assert_eq!(o.kpis_measured, measured);
        assert_eq!(o.kpis_on_target, on);
        assert_eq!(o.kpi_alerts.len() as i64, measured - on);
        assert_eq!(o.kpis_near + o.kpis_off_target, measured - on);
        // Derived KPIs are among them: cost per training run (389.69 against 250, warn 350)
        // and lineage coverage (64.3% of live models against 90, warn 70) are off target.
        let off: Vec<&str> = o
            .kpi_alerts
            .iter()
            .filter(|a| a.status == KpiStatus::OffTarget)
            .map(|a| a.key.as_str())
            .collect();
        assert!(off.contains(&"cost_per_training_run"), "{off:?}");
        assert!(off.contains(&"lineage_coverage"), "{off:?}");
        let lineage = o
            .kpi_alerts
            .iter()
            .find(|a| a.key == "lineage_coverage")
            .unwrap();
        assert!(lineage.derived);
        assert_eq!(
            Some(lineage.value),
            derived::coverage_percent(conn, "lineage_coverage").unwrap()
        );
        // Off target first, then near, each in catalogue order.
        let first_near = o
            .kpi_alerts
            .iter()
            .position(|a| a.status == KpiStatus::Near)
            .unwrap();
        assert!(o.kpi_alerts[first_near..]
            .iter()
            .all(|a| a.status == KpiStatus::Near));
        // Manual KPIs are still there: lead time 9.5 days against 7 is near.
        assert!(o
            .kpi_alerts
            .iter()
            .any(|a| a.key == "lead_time" && a.status == KpiStatus::Near && !a.derived));
    }

    #[test]
    fn previous_month_wraps_the_year() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(first_of_previous_month(d(2027, 1, 15)), d(2026, 12, 1));
        assert_eq!(first_of_previous_month(d(2026, 10, 31)), d(2026, 9, 1));
    }

    #[test]
    fn search_and_counts_on_an_empty_organisation() {
        let mut store = crate::Store::open_in_memory().unwrap();
        let now = chrono::DateTime::<chrono::Utc>::default();
        let settings = settings::Settings::new("Org", 1, "USD").unwrap();
        store
            .with_tx(|tx| crate::org::setup::new_organisation(tx, &settings, now))
            .unwrap();
        let conn = store.conn();
        let counts = records::counts(conn).unwrap();
        assert_eq!(counts["dimension"], 8);
        assert_eq!(counts["model"], 0);
        let hits = records::search::search(conn, "people", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, "dimension");
        assert_eq!(hits[0].label, "People Leadership");
        assert!(records::search::search(conn, "100%_", 10)
            .unwrap()
            .is_empty());
        let o = overview(conn, NaiveDate::from_ymd_opt(2026, 11, 5).unwrap()).unwrap();
        assert_eq!(o.quarter, "FY2026-Q4");
        assert_eq!(o.spend.month, "2026-10");
        assert_eq!(o.spend.spend_minor, 0);
        assert_eq!(o.spend.budget_minor, None);
        assert_eq!(o.heads, Heads::default());
        assert_eq!(o.hiring, Hiring::default());
        assert_eq!(o.operations, Operations::default());
        assert_eq!(o.production_total, 0);
    }
}
