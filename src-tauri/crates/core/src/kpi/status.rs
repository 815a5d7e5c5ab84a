//! The KPI status rule: where a value stands against its target and warning threshold, given
//! whether higher or lower is better. The scorecard, the Overview and the report all use it.

use serde::Serialize;

use crate::kpi::Direction;

/// Where a KPI's latest value stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiStatus {
    OnTarget,
    Near,
    OffTarget,
}

/// Where `value` stands against `target` and `warn` for a KPI with `direction`.
pub fn kpi_status(direction: Direction, value: f64, target: f64, warn: Option<f64>) -> KpiStatus {
    let better_or_equal = |a: f64, b: f64| match direction {
        Direction::Higher => a >= b,
        Direction::Lower => a <= b,
    };
    if better_or_equal(value, target) {
        KpiStatus::OnTarget
    } else if warn.is_some_and(|w| better_or_equal(value, w)) {
        KpiStatus::Near
    } else {
        KpiStatus::OffTarget
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::Direction::{Higher, Lower};

    #[test]
    fn kpi_status_follows_direction() {
        assert_eq!(
            kpi_status(Higher, 99.95, 99.9, Some(99.5)),
            KpiStatus::OnTarget
        );
        assert_eq!(kpi_status(Higher, 99.6, 99.9, Some(99.5)), KpiStatus::Near);
        assert_eq!(
            kpi_status(Higher, 99.0, 99.9, Some(99.5)),
            KpiStatus::OffTarget
        );
        assert_eq!(
            kpi_status(Lower, 110.0, 120.0, Some(200.0)),
            KpiStatus::OnTarget
        );
        assert_eq!(
            kpi_status(Lower, 150.0, 120.0, Some(200.0)),
            KpiStatus::Near
        );
        assert_eq!(
            kpi_status(Lower, 250.0, 120.0, Some(200.0)),
            KpiStatus::OffTarget
        );
        assert_eq!(kpi_status(Lower, 150.0, 120.0, None), KpiStatus::OffTarget);
    }
}
