//! The demo's KPI history: monthly and quarterly values for the manual KPIs, with the notes that
//! explain their turns.

use crate::kpi::{self, KpiValue};
use crate::values::quarter::FiscalQuarter;
use crate::Result;

use super::dates::MONTHS;
use super::Demo;

/// Monthly manual KPIs over the months of history (November 2025 to October 2026 on the
/// reference day).
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

/// The first of the eight quarters of quarterly series (FY2025-Q2 … FY2027-Q1 on the reference
/// day: the last is the current quarter).
const FIRST_KPI_QUARTER: (i32, u8) = (2025, 2);
#[rustfmt::skip]
const QUARTERLY_SERIES: &[(&str, [f64; 8])] = &[
    ("stakeholder_satisfaction", [3.4, 3.5, 3.6, 3.7, 3.8, 3.9, 4.1, 4.0]),
    ("engagement", [3.7, 3.8, 3.6, 3.8, 3.9, 4.0, 4.1, 3.8]),
    ("regretted_attrition", [9.0, 8.0, 11.0, 7.0, 6.0, 6.0, 4.5, 8.0]),
    ("platform_adoption", [20.0, 25.0, 30.0, 35.0, 41.0, 48.0, 63.0, 71.0]),
];

/// Annotations shown on KPI charts: KPI key, period (as on the reference day), note.
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
    ("stakeholder_satisfaction", "FY2026-Q4", "Product council: the quarter delivered what was promised"),
    ("engagement", "FY2027-Q1", "Recommendations strained: a resignation and a heavy FY2027-Q2 ask"),
    ("regretted_attrition", "FY2027-Q1", "Senior recommendations engineer resigned"),
];

impl Demo<'_> {
    pub(super) fn add_kpi_values(&mut self) -> Result<()> {
        let first_quarter = FiscalQuarter::new(FIRST_KPI_QUARTER.0, FIRST_KPI_QUARTER.1)?;
        let first_quarter = self.dates.quarter(&first_quarter.to_string())?;
        let mut notes = Vec::with_capacity(KPI_NOTES.len());
        for &(key, period, note) in KPI_NOTES {
            notes.push((key, self.dates.period(period)?, self.dates.prose(note)));
        }
        let monthly = MONTHLY_SERIES.iter().map(|(key, values)| {
            (
                *key,
                values
                    .iter()
                    .enumerate()
                    .map(|(m, v)| (self.dates.month_label(m), *v))
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
                let note = notes
                    .iter()
                    .find(|(k, p, _)| *k == key && *p == period)
                    .map(|(_, _, note)| note.clone())
                    .unwrap_or_default();
                self.put(KpiValue {
                    id: 0,
                    kpi_id,
                    period,
                    value,
                    note,
                })?;
            }
        }
        Ok(())
    }
}
