//! Operations: incidents (for time to detect and mitigate) and the risk register.

use rusqlite::Connection;

use crate::store::entity::{Timestamp, Validate};
use crate::{entity, store::rules, text_enum, Error, Result};

text_enum! {
    /// Incident severity, sev1 the worst.
    pub enum Severity as "severity" { Sev1 = "sev1", Sev2 = "sev2", Sev3 = "sev3", Sev4 = "sev4" }
}

text_enum! {
    /// How bad a risk would be if it happened.
    pub enum RiskSeverity as "severity" { Low = "low", Medium = "medium", High = "high", Critical = "critical" }
}

text_enum! {
    /// How likely a risk is.
    pub enum Likelihood as "likelihood" { Low = "low", Medium = "medium", High = "high" }
}

text_enum! {
    /// Whether a risk still needs attention.
    pub enum RiskStatus as "status" { Open = "open", Mitigating = "mitigating", Closed = "closed" }
}

entity! {
    /// A production incident of a model or the platform.
    pub struct Incident in "incident" as "incident" {
        model_id: Option<i64> => "model",
        severity: Severity,
        started_at: Timestamp,
        detected_at: Timestamp,
        mitigated_at: Option<Timestamp>,
        summary: String,
    }
}

entity! {
    /// An entry of the risk register.
    pub struct Risk in "risk" as "risk" {
        title: String,
        severity: RiskSeverity,
        likelihood: Likelihood,
        owner: String,
        mitigation: String,
        status: RiskStatus,
    }
}

impl Validate for Incident {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("summary", "Summary", &self.summary)?;
        if self.detected_at < self.started_at {
            return Err(Error::invalid(
                "detected_at",
                "Detection cannot come before the start",
            ));
        }
        if self.mitigated_at.is_some_and(|m| m < self.detected_at) {
            return Err(Error::invalid(
                "mitigated_at",
                "Mitigation cannot come before detection",
            ));
        }
        Ok(())
    }
}

impl Validate for Risk {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("title", "Title", &self.title)
    }
}
