//! The demo's operations: incidents on the models and the open and closed risks.

use crate::ops::{Incident, Likelihood, Risk, RiskSeverity, RiskStatus, Severity};
use crate::Result;

use super::Demo;

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

impl Demo<'_> {
    pub(super) fn add_operations(&mut self) -> Result<()> {
        for &(model, severity, started, detected, mitigated, summary) in INCIDENTS {
            self.put(Incident {
                id: 0,
                model_id: self.model_id(model)?,
                severity,
                started_at: self.dates.timestamp(started)?,
                detected_at: self.dates.timestamp(detected)?,
                mitigated_at: if mitigated.is_empty() {
                    None
                } else {
                    Some(self.dates.timestamp(mitigated)?)
                },
                summary: self.dates.prose(summary),
            })?;
        }
        for &(title, severity, likelihood, owner, mitigation, status) in RISKS {
            self.put(Risk {
                id: 0,
                title: self.dates.prose(title),
                severity,
                likelihood,
                owner: owner.into(),
                mitigation: self.dates.prose(mitigation),
                status,
            })?;
        }
        Ok(())
    }
}
