//! KPIs: the catalogue with targets, and the values recorded per period.
//! Derived KPIs are computed from the other areas and never typed in.

pub mod derived;
pub mod page;
pub mod series;
pub mod status;

use rusqlite::Connection;

use crate::store::entity::{self, Timestamp, Validate};
use crate::{entity, store::rules, text_enum, Error, Result};

text_enum! {
    /// Whether a higher value is better.
    pub enum Direction as "direction" { Higher = "higher", Lower = "lower" }
}

text_enum! {
    /// How often a KPI is measured.
    pub enum Frequency as "frequency" { Monthly = "monthly", Quarterly = "quarterly" }
}

text_enum! {
    /// Typed in by a person, or computed from the store.
    pub enum Source as "source" { Manual = "manual", Derived = "derived" }
}

entity! {
    /// A KPI of the catalogue.
    pub struct Kpi in "kpi" as "KPI" {
        key: String,
        name: String,
        unit: String,
        direction: Direction,
        target: Option<f64>,
        /// The level past which the KPI is amber rather than green.
        warn: Option<f64>,
        frequency: Frequency,
        source: Source,
    }
}

entity! {
    /// One measured value of a KPI; `period` is `2026-09` (monthly) or `FY2027-Q1` (quarterly).
    pub struct KpiValue in "kpi_value" as "KPI value" {
        kpi_id: i64 => "kpi",
        period: String,
        value: f64,
        note: String,
    }
}

impl Validate for Kpi {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("name", "Name", &self.name)?;
        let key_ok = self.key.starts_with(|c: char| c.is_ascii_lowercase())
            && self
                .key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok {
            return Err(Error::invalid(
                "key",
                "Key must be lower-case letters, digits and _",
            ));
        }
        match (self.source, is_derivable(&self.key)) {
            (Source::Derived, false) => return Err(Error::invalid(
                "source",
                "Only the built-in derived KPIs are computed from the data; a new KPI is manual",
            )),
            (Source::Manual, true) => {
                return Err(Error::invalid(
                    "source",
                    format!(
                        "{} is computed from the data and cannot be typed in",
                        self.name
                    ),
                ))
            }
            _ => {}
        }
        for (field, label, level) in [
            ("target", "Target", self.target),
            ("warn", "Warn at", self.warn),
        ] {
            if level.is_some_and(|v| !v.is_finite()) {
                return Err(Error::invalid(field, format!("{label} must be a number")));
            }
        }
        if let (Some(target), Some(warn)) = (self.target, self.warn) {
            let wrong_side = match self.direction {
                Direction::Higher => warn > target,
                Direction::Lower => warn < target,
            };
            if wrong_side {
                let side = match self.direction {
                    Direction::Higher => "at or below the target when higher is better",
                    Direction::Lower => "at or above the target when lower is better",
                };
                return Err(Error::invalid("warn", format!("Warn at must be {side}")));
            }
        }
        Ok(())
    }
}

/// Whether `key` is a KPI the store can compute (a derived KPI of the catalogue).
pub fn is_derivable(key: &str) -> bool {
    CATALOGUE
        .iter()
        .any(|entry| entry.0 == key && entry.7 == Source::Derived)
}

impl Validate for KpiValue {
    fn validate(&self, conn: &Connection) -> Result<()> {
        if !self.value.is_finite() {
            return Err(Error::invalid("value", "Value must be a number"));
        }
        let kpi: Kpi = entity::get(conn, self.kpi_id)?;
        if kpi.source == Source::Derived {
            return Err(Error::invalid(
                "kpi_id",
                format!(
                    "{} is derived from the data and cannot be typed in",
                    kpi.name
                ),
            ));
        }
        let period_ok = match kpi.frequency {
            Frequency::Monthly => crate::values::month::is_month(&self.period),
            Frequency::Quarterly => self
                .period
                .parse::<crate::values::quarter::FiscalQuarter>()
                .is_ok(),
        };
        if !period_ok {
            let example = match kpi.frequency {
                Frequency::Monthly => "2026-09",
                Frequency::Quarterly => "FY2027-Q1",
            };
            return Err(Error::invalid(
                "period",
                format!("Period must look like {example}"),
            ));
        }
        Ok(())
    }
}

/// One catalogue entry: key, name, unit, direction, target, warn, frequency, source.
type CatalogueEntry = (
    &'static str,
    &'static str,
    &'static str,
    Direction,
    f64,
    f64,
    Frequency,
    Source,
);

/// The KPI catalogue every new organisation starts with (targets are editable).
pub const CATALOGUE: &[CatalogueEntry] = {
    use Direction::*;
    use Frequency::*;
    use Source::*;
    &[
        (
            "ml_releases",
            "ML releases per quarter",
            "releases",
            Higher,
            6.0,
            4.0,
            Quarterly,
            Derived,
        ),
        (
            "lead_time",
            "Lead time for ML changes",
            "days",
            Lower,
            7.0,
            14.0,
            Monthly,
            Manual,
        ),
        (
            "cicd_coverage",
            "Models with automated CI/CD",
            "%",
            Higher,
            80.0,
            60.0,
            Quarterly,
            Derived,
        ),
        (
            "model_performance",
            "Primary model performance (AUC)",
            "AUC",
            Higher,
            0.85,
            0.80,
            Monthly,
            Manual,
        ),
        (
            "drift_rate",
            "Drift rate",
            "% of models",
            Lower,
            5.0,
            10.0,
            Monthly,
            Manual,
        ),
        (
            "time_to_detect",
            "Time to detect",
            "minutes",
            Lower,
            30.0,
            60.0,
            Quarterly,
            Derived,
        ),
        (
            "time_to_mitigate",
            "Time to mitigate",
            "hours",
            Lower,
            4.0,
            8.0,
            Quarterly,
            Derived,
        ),
        (
            "availability",
            "Inference availability",
            "%",
            Higher,
            99.9,
            99.5,
            Monthly,
            Manual,
        ),
        (
            "latency_p95",
            "p95 inference latency",
            "ms",
            Lower,
            120.0,
            200.0,
            Monthly,
            Manual,
        ),
        (
            "latency_p99",
            "p99 inference latency",
            "ms",
            Lower,
            300.0,
            450.0,
            Monthly,
            Manual,
        ),
        (
            "cost_per_1k_inferences",
            "Cost per 1k inferences",
            "currency",
            Lower,
            0.40,
            0.55,
            Monthly,
            Derived,
        ),
        (
            "cost_per_training_run",
            "Cost per training run",
            "currency",
            Lower,
            250.0,
            350.0,
            Monthly,
            Derived,
        ),
        (
            "pipeline_success",
            "Pipeline success rate",
            "%",
            Higher,
            98.0,
            95.0,
            Monthly,
            Manual,
        ),
        (
            "lineage_coverage",
            "Models with full lineage",
            "%",
            Higher,
            90.0,
            70.0,
            Quarterly,
            Derived,
        ),
        (
            "monitoring_coverage",
            "Models with monitoring",
            "%",
            Higher,
            95.0,
            80.0,
            Quarterly,
            Derived,
        ),
        (
            "defect_escape",
            "Defect escape rate",
            "%",
            Lower,
            5.0,
            10.0,
            Monthly,
            Manual,
        ),
        (
            "stakeholder_satisfaction",
            "Stakeholder satisfaction",
            "score /5",
            Higher,
            4.2,
            3.8,
            Quarterly,
            Manual,
        ),
        (
            "roadmap_predictability",
            "Roadmap predictability",
            "%",
            Higher,
            80.0,
            65.0,
            Quarterly,
            Derived,
        ),
        (
            "engagement",
            "Team engagement",
            "score /5",
            Higher,
            4.0,
            3.6,
            Quarterly,
            Manual,
        ),
        (
            "regretted_attrition",
            "Regretted attrition",
            "% yearly",
            Lower,
            5.0,
            10.0,
            Quarterly,
            Manual,
        ),
        (
            "hiring_cycle_time",
            "Hiring cycle time",
            "days",
            Lower,
            45.0,
            60.0,
            Quarterly,
            Derived,
        ),
        (
            "platform_adoption",
            "Platform adoption",
            "% of models",
            Higher,
            75.0,
            50.0,
            Quarterly,
            Manual,
        ),
    ]
};

/// Adds the catalogue to a new organisation.
pub fn seed_catalogue(conn: &Connection, now: Timestamp) -> Result<Vec<Kpi>> {
    CATALOGUE
        .iter()
        .map(
            |&(key, name, unit, direction, target, warn, frequency, source)| {
                let kpi = Kpi {
                    id: 0,
                    key: key.into(),
                    name: name.into(),
                    unit: unit.into(),
                    direction,
                    target: Some(target),
                    warn: Some(warn),
                    frequency,
                    source,
                };
                entity::insert(conn, kpi, now)
            },
        )
        .collect()
}

/// A KPI by its key.
pub fn by_key(conn: &Connection, key: &str) -> Result<Kpi> {
    entity::list_where::<Kpi, _>(conn, "key = ?1", [key])?
        .into_iter()
        .next()
        .ok_or_else(|| Error::invalid("key", format!("there is no KPI with key {key}")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::records;
    use serde_json::json;

    fn store() -> crate::Store {
        let mut store = crate::Store::open_in_memory().unwrap();
        let now = chrono::DateTime::<chrono::Utc>::default();
        let settings = crate::org::settings::Settings::new("Org", 10, "USD").unwrap();
        store
            .with_tx(|tx| crate::org::setup::new_organisation(tx, &settings, now))
            .unwrap();
        store
    }

    fn refused(store: &crate::Store, record: serde_json::Value, field: &str) -> String {
        let now = chrono::DateTime::<chrono::Utc>::default();
        let err = records::save(store.conn(), "kpi", record, now).unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
        err.message()
    }

    #[test]
    fn derived_kpis_stay_derived_and_new_ones_are_manual() {
        let store = store();
        let conn = store.conn();
        let derived = by_key(conn, "roadmap_predictability").unwrap();
        let mut record = serde_json::to_value(&derived).unwrap();
        record["source"] = json!("manual");
        let message = refused(&store, record, "source");
        assert!(message.contains("cannot be typed in"), "{message}");
        let new = json!({"id": 0, "key": "gpu_utilisation", "name": "GPU utilisation", "unit": "%",
            "direction": "higher", "target": 70.0, "warn": 50.0, "frequency": "monthly", "source": "derived"});
        let message = refused(&store, new.clone(), "source");
        assert!(message.contains("a new KPI is manual"), "{message}");
        let mut manual = new;
        manual["source"] = json!("manual");
        let now = chrono::DateTime::<chrono::Utc>::default();
        records::save(conn, "kpi", manual, now).unwrap();
        // Every derived KPI of the catalogue is derivable; no manual one is.
        for entry in CATALOGUE {
            assert_eq!(
                is_derivable(entry.0),
                entry.7 == Source::Derived,
                "{}",
                entry.0
            );
        }
    }

    #[test]
    fn warn_level_sits_on_the_worse_side_of_the_target() {
        let store = store();
        let conn = store.conn();
        let with_warn = |key, warn: f64| {
            let mut record = serde_json::to_value(by_key(conn, key).unwrap()).unwrap();
            record["warn"] = json!(warn);
            record
        };
        let mut latency = with_warn("latency_p95", 100.0);
        assert_eq!(
            refused(&store, latency.clone(), "warn"),
            "Warn at must be at or above the target when lower is better"
        );
        let mut releases = with_warn("ml_releases", 8.0);
        assert_eq!(
            refused(&store, releases.clone(), "warn"),
            "Warn at must be at or below the target when higher is better"
        );
        // Editing the target and warn level of a derived KPI is allowed.
        releases["target"] = json!(10.0);
        let now = chrono::DateTime::<chrono::Utc>::default();
        let saved = records::save(conn, "kpi", releases, now).unwrap();
        assert_eq!(saved["target"], 10.0);
        latency["warn"] = json!(220.0);
        records::save(conn, "kpi", latency, now).unwrap();
    }
}
