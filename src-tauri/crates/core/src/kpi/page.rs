//! The KPI page's data shapes: a KPI card with its sparkline, and one KPI opened in detail.
//! They live beside the scorecard they wrap; the report crate draws their SVG and fills them in.

use serde::Serialize;

use crate::kpi::series::KpiStatusRow;

/// A KPI of the KPIs page: its scorecard row and a sparkline of its recent values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiCard {
    #[serde(flatten)]
    pub row: KpiStatusRow,
    /// SVG stroked in `currentColor`, drawn by the report crate
    /// (`quartermaster_report::chart::sparkline_svg`).
    pub sparkline: String,
}

/// One KPI opened on the KPIs page: its scorecard row (whose `points` are the table of values
/// and annotations), the full trend chart, and the period a new value is most likely for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiDetail {
    #[serde(flatten)]
    pub row: KpiStatusRow,
    pub chart_title: String,
    /// The trend with its target band and annotations, as SVG drawn by the report crate
    /// (`quartermaster_report::chart::kpi_detail`).
    pub chart_svg: String,
    /// For manual KPIs: the period "Add value" proposes.
    pub suggested_period: Option<String>,
}
