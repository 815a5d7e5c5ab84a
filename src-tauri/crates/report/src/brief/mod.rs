//! The quarter's brief: one landscape page for a director's readers — headline KPI tiles,
//! four charts, commitments, top risks and the decisions waiting — with a second page only when
//! the appendix is asked for. Built once as data, then written as printable HTML or as a PDF
//! made here, so both show the same text; the app previews the same data.

mod charts;
pub mod decisions;
mod html;
mod layout;
mod pdf;
#[cfg(test)]
mod tests;

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use quartermaster_core::finops::unit_cost::budget::budget_vs_actual;
use quartermaster_core::kpi::series::{self, KpiStatusRow};
use quartermaster_core::kpi::status::KpiStatus;
use quartermaster_core::org::settings;
use quartermaster_core::roadmap::capacity::plan_capacity;
use quartermaster_core::values::quarter::{FiscalCalendar, FiscalQuarter};
use quartermaster_core::{Error, Result};
use rusqlite::Connection;
use serde::Serialize;

use crate::chart::{self, short_number, Chart, Theme};
use crate::write;

pub use decisions::{decisions_needed, Decision};
pub use html::html;
pub use pdf::pdf_bytes;

/// The KPIs shown as tiles, in order.
const TILE_KPIS: &[&str] = &[
    "roadmap_predictability",
    "cost_per_1k_inferences",
    "availability",
    "time_to_mitigate",
    "cicd_coverage",
    "hiring_cycle_time",
];
/// Rows each list keeps on the page; the rest is counted ("and 4 more").
const COMMITMENTS_SHOWN: usize = 9;
const RISKS_SHOWN: usize = 5;
const DECISIONS_SHOWN: usize = 6;
/// Rows of the appendix's KPI scorecard that fit its page.
const APPENDIX_ROWS: usize = 26;

/// The brief of one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    pub org_name: String,
    /// `FY2027-Q1`.
    pub quarter: String,
    /// The last day of the quarter, or the report date when the quarter is not over.
    pub as_of: NaiveDate,
    /// "Northwind Analytics — FY2027-Q1 brief".
    pub title: String,
    pub tiles: Vec<Tile>,
    /// Spend against budget, unit-cost trend, capacity against demand, hiring funnel.
    pub charts: Vec<BriefChart>,
    pub commitments: Listed<Commitment>,
    /// A one-line count of the commitments by status, e.g. "12 committed: 5 delivered, …".
    pub commitments_summary: String,
    pub risks: Listed<RiskLine>,
    pub decisions: Listed<Decision>,
    /// The second page, only when asked for.
    pub appendix: Option<Appendix>,
}

/// A headline KPI: its status as a shape and a word, the latest value, target and recent values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tile {
    pub name: String,
    pub status: Option<KpiStatus>,
    /// "on target", "near target", "off target" or "no data": status is never colour alone.
    pub status_word: &'static str,
    /// The latest value with its unit, e.g. "92.0%" or "USD 0.42".
    pub value: String,
    /// "target 90.0%", or "no target".
    pub target: String,
    /// The period of the latest value, e.g. "2026-10".
    pub period: String,
    /// The recent values, oldest first, for the sparkline.
    pub sparkline: Vec<Option<f64>>,
    /// The same as an SVG polyline stroked in `currentColor` (HTML and the app's preview).
    pub sparkline_svg: String,
}

/// A chart of the brief: its data, and the SVG every format draws (the PDF embeds the same SVG).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BriefChart {
    pub chart: Chart,
    pub svg: String,
}

/// The first rows of a list, and how many more there are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listed<T> {
    pub shown: Vec<T>,
    pub more: usize,
}

/// An initiative committed for the quarter and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commitment {
    pub title: String,
    pub team: String,
    pub status: String,
}

/// An open risk of the register.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskLine {
    pub title: String,
    pub severity: String,
    pub likelihood: String,
    pub owner: String,
    /// The mitigation, or "no mitigation".
    pub mitigation: String,
}

/// The appendix page: the full KPI scorecard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appendix {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub more: usize,
}

/// Sparkline size in pixels (drawn 16 × 5 mm on the page).
const SPARKLINE_SIZE: (u32, u32) = (64, 20);

/// Chart size in pixels: the SVG's own coordinates, scaled to its box on the page.
pub const CHART_SIZE: (u32, u32) = (560, 300);

/// Builds the brief of `quarter` as of `today` (or the quarter's last day if earlier); with
/// `appendix`, the second page is included.
pub fn build(
    conn: &Connection,
    quarter: FiscalQuarter,
    today: NaiveDate,
    appendix: bool,
) -> Result<Brief> {
    let settings = settings::get(conn)?;
    let calendar = settings.calendar()?;
    let as_of = today.min(calendar.last_day(quarter));
    let currency = settings.currency.as_str().to_string();
    // The whole scorecard only for the appendix; the tiles alone need just their own KPIs.
    let scorecard = if appendix {
        series::scorecard(conn, as_of)?
    } else {
        let kpis: Vec<quartermaster_core::kpi::Kpi> =
            quartermaster_core::store::entity::list(conn)?;
        TILE_KPIS
            .iter()
            .filter(|key| kpis.iter().any(|k| k.key == **key))
            .map(|key| series::kpi_status_row(conn, key, as_of))
            .collect::<Result<_>>()?
    };
    let tiles = TILE_KPIS
        .iter()
        .filter_map(|key| scorecard.iter().find(|r| r.key == *key))
        .map(|row| tile(conn, &calendar, row, as_of, &currency))
        .collect::<Result<Vec<_>>>()?;
    // Budgets and capacity are read once, for the charts and the decisions alike.
    let budgets = budget_vs_actual(conn, Some(quarter))?;
    let quarters: Vec<FiscalQuarter> = (-1..=2).map(|n| quarter.offset(n)).collect();
    let capacity = plan_capacity(conn, &quarters)?;
    let theme = Theme::light();
    let charts = [
        charts::spend_against_budget(quarter, settings.currency, &budgets),
        chart::kpi_trend(conn, "cost_per_1k_inferences", as_of)?,
        charts::capacity_against_demand(&quarters, &capacity),
        chart::hiring_funnel(conn, as_of)?,
    ]
    .into_iter()
    .map(|chart| {
        Ok(BriefChart {
            svg: chart::svg(&chart, CHART_SIZE, &theme)?,
            chart,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let (commitments, commitments_summary) = commitments(conn, quarter)?;
    Ok(Brief {
        title: format!("{} — {quarter} brief", settings.org_name),
        org_name: settings.org_name,
        quarter: quarter.to_string(),
        as_of,
        tiles,
        charts,
        commitments: listed(commitments, COMMITMENTS_SHOWN),
        commitments_summary,
        risks: listed(risks(conn)?, RISKS_SHOWN),
        decisions: listed(
            decisions::decisions_needed_in(conn, quarter, as_of, &budgets, &capacity)?,
            DECISIONS_SHOWN,
        ),
        appendix: appendix.then(|| scorecard_appendix(&scorecard, &currency)),
    })
}

fn listed<T>(mut all: Vec<T>, keep: usize) -> Listed<T> {
    let more = all.len().saturating_sub(keep);
    all.truncate(keep);
    Listed { shown: all, more }
}

/// The word of a status, as every format prints it beside the shape.
pub fn status_word(status: Option<KpiStatus>) -> &'static str {
    match status {
        Some(KpiStatus::OnTarget) => "on target",
        Some(KpiStatus::Near) => "near target",
        Some(KpiStatus::OffTarget) => "off target",
        None => "no data",
    }
}

/// A KPI value with its unit: percentages as `92.0%`, money with the currency first.
pub fn kpi_value_text(value: f64, unit: &str, currency: &str) -> String {
    if let Some(rest) = unit.strip_prefix('%') {
        format!("{value:.1}%{rest}")
    } else if unit == "currency" || unit == currency {
        format!("{currency} {}", short_number(value))
    } else {
        format!("{} {unit}", short_number(value))
    }
}

fn tile(
    conn: &Connection,
    calendar: &FiscalCalendar,
    row: &KpiStatusRow,
    as_of: NaiveDate,
    currency: &str,
) -> Result<Tile> {
    let kpi = quartermaster_core::kpi::by_key(conn, &row.key)?;
    let sparkline = chart::sparkline_values(calendar, &kpi, row, as_of);
    let sparkline_svg = chart::sparkline_svg(&sparkline, SPARKLINE_SIZE);
    let value_text = |v: f64| kpi_value_text(v, &row.unit, currency);
    Ok(Tile {
        name: row.name.clone(),
        status: row.status,
        status_word: status_word(row.status),
        value: row.value.map_or_else(|| "—".to_string(), value_text),
        target: row.target.map_or_else(
            || "no target".to_string(),
            |t| format!("target {}", value_text(t)),
        ),
        period: match (&row.period, row.in_progress) {
            (Some(p), true) => format!("{p} to date"),
            (Some(p), false) => p.clone(),
            (None, _) => String::new(),
        },
        sparkline,
        sparkline_svg,
    })
}

/// The quarter's committed initiatives (committed, in progress, delivered or slipped) by rank,
/// and a one-line count of them by status.
fn commitments(conn: &Connection, quarter: FiscalQuarter) -> Result<(Vec<Commitment>, String)> {
    let mut stmt = conn.prepare(
        "SELECT i.title, t.name, i.status FROM initiative i JOIN team t ON t.id = i.team_id
         WHERE i.quarter = ?1 AND i.status IN ('committed', 'in_progress', 'delivered', 'slipped')
         ORDER BY i.rank, i.id",
    )?;
    let all: Vec<Commitment> = stmt
        .query_map([quarter], |r| {
            Ok(Commitment {
                title: r.get(0)?,
                team: r.get(1)?,
                status: r.get::<_, String>(2)?.replace('_', " "),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let counts: Vec<String> = ["delivered", "in progress", "committed", "slipped"]
        .iter()
        .filter_map(|status| {
            let n = all.iter().filter(|c| c.status == *status).count();
            (n > 0).then(|| format!("{n} {status}"))
        })
        .collect();
    let summary = if all.is_empty() {
        format!("Nothing committed for {quarter} yet")
    } else {
        format!("{} committed: {}", all.len(), counts.join(", "))
    };
    Ok((all, summary))
}

/// Open risks, the worst first.
fn risks(conn: &Connection) -> Result<Vec<RiskLine>> {
    let mut stmt = conn.prepare(
        "SELECT title, severity, likelihood, owner, mitigation FROM risk WHERE status <> 'closed'
         ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
                  CASE likelihood WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let mitigation: String = r.get(4)?;
            Ok(RiskLine {
                title: r.get(0)?,
                severity: r.get(1)?,
                likelihood: r.get(2)?,
                owner: r.get(3)?,
                mitigation: if mitigation.trim().is_empty() {
                    "no mitigation".into()
                } else {
                    mitigation
                },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A risk's second line: severity, likelihood, owner and mitigation.
fn risk_detail(risk: &RiskLine) -> String {
    format!(
        "{} severity, {} likelihood · {} · {}",
        risk.severity, risk.likelihood, risk.owner, risk.mitigation
    )
}

fn scorecard_appendix(scorecard: &[KpiStatusRow], currency: &str) -> Appendix {
    let text = |v: Option<f64>, unit: &str| {
        v.map_or_else(String::new, |v| kpi_value_text(v, unit, currency))
    };
    let rows: Vec<Vec<String>> = scorecard
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.period.clone().unwrap_or_default(),
                text(r.value, &r.unit),
                text(r.previous, &r.unit),
                text(r.target, &r.unit),
                status_word(r.status).to_string(),
            ]
        })
        .collect();
    let more = rows.len().saturating_sub(APPENDIX_ROWS);
    Appendix {
        title: "Appendix: KPI scorecard".into(),
        headers: ["KPI", "Period", "Value", "Previous", "Target", "Status"]
            .iter()
            .map(|h| h.to_string())
            .collect(),
        rows: rows.into_iter().take(APPENDIX_ROWS).collect(),
        more,
    }
}

/// Writes the brief as printable HTML to `path`, through a temporary file.
pub fn write_html(brief: &Brief, path: &Path) -> Result<()> {
    let text = html(brief);
    write_bytes(path, text.as_bytes())
}

/// Writes the brief as PDF to `path`, through a temporary file.
pub fn write_pdf(brief: &Brief, path: &Path) -> Result<()> {
    write_bytes(path, &pdf_bytes(brief)?)
}

fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write::atomically(path, |out: &mut dyn Write| {
        out.write_all(bytes)
            .map_err(|e| Error::io(path.display(), e))
    })
}
