//! Derived KPIs of the roadmap and headcount: computed from the plan, snapshots and seats,
//! never typed in. Each takes `(conn, quarter)` and returns the value in the catalogue's unit.

use rusqlite::Connection;

use crate::roadmap::cycle;
use crate::roadmap::headcount;
use crate::values::quarter::FiscalQuarter;
use crate::Result;

/// `roadmap_predictability`: delivered ÷ committed in the quarter's snapshot, in percent;
/// `None` when the quarter was never committed or committed nothing.
pub fn roadmap_predictability(conn: &Connection, quarter: FiscalQuarter) -> Result<Option<f64>> {
    Ok(cycle::predictability(conn, quarter)?
        .and_then(|p| p.ratio)
        .map(|r| r * 100.0))
}

/// `ml_releases`: initiatives of the quarter delivered that take a model to production.
pub fn ml_releases(conn: &Connection, quarter: FiscalQuarter) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM initiative WHERE quarter = ?1 AND status = 'delivered' AND releases_model = 1",
        [quarter],
        |r| r.get(0),
    )?)
}

/// Headcount fill rate: filled heads ÷ all heads (filled, open, planned) on the quarter's last
/// day, in percent; `None` when there are no heads at all.
pub fn headcount_fill_rate(conn: &Connection, quarter: FiscalQuarter) -> Result<Option<f64>> {
    let rows = headcount::headcount_plan(conn, &[quarter])?;
    let filled: i64 = rows.iter().map(|r| r.filled).sum();
    let heads: i64 = rows.iter().map(|r| r.filled + r.open + r.planned).sum();
    Ok((heads > 0).then(|| filled as f64 * 100.0 / heads as f64))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::org::PositionStatus;
    use crate::roadmap::fixtures::{initiative, org, q, seat, team};
    use crate::roadmap::initiative::{Initiative, InitiativeStatus};
    use crate::store::entity;
    use crate::test_clock::now;

    #[test]
    fn releases_and_fill_rate_on_known_data() {
        let mut store = org();
        store
            .with_tx(|tx| {
                let t = team(tx, "T", 0, 0)?;
                for (status, releases) in [
                    (InitiativeStatus::Delivered, true),
                    (InitiativeStatus::Delivered, true),
                    (InitiativeStatus::Delivered, false),
                    (InitiativeStatus::Slipped, true),
                ] {
                    let mut i: Initiative = initiative(tx, t, "FY2027-Q1", 1.0, status)?;
                    i.releases_model = releases;
                    entity::update(tx, i, now())?;
                }
                let mut elsewhere =
                    initiative(tx, t, "FY2027-Q2", 1.0, InitiativeStatus::Delivered)?;
                elsewhere.releases_model = true;
                entity::update(tx, elsewhere, now())?;
                // On 2026-12-31: 3 filled, 1 open; the planned seat starts in January.
                for s in [
                    seat(t, PositionStatus::Filled, Some("2020-01-06"), None, 100, 3),
                    seat(t, PositionStatus::Filled, Some("2021-01-04"), None, 100, 3),
                    seat(
                        t,
                        PositionStatus::Leaving,
                        Some("2021-01-04"),
                        Some("2027-02-01"),
                        100,
                        3,
                    ),
                    seat(t, PositionStatus::Open, Some("2026-12-01"), None, 100, 3),
                    seat(t, PositionStatus::Planned, Some("2027-01-04"), None, 100, 3),
                ] {
                    entity::insert(tx, s, now())?;
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(ml_releases(store.conn(), q("FY2027-Q1")).unwrap(), 2);
        assert_eq!(
            headcount_fill_rate(store.conn(), q("FY2027-Q1")).unwrap(),
            Some(75.0)
        );
        // Q2 ends 2027-03-31: the leaver is gone, the planned seat counts: 2 of 4 filled.
        assert_eq!(
            headcount_fill_rate(store.conn(), q("FY2027-Q2")).unwrap(),
            Some(50.0)
        );
        assert_eq!(
            roadmap_predictability(store.conn(), q("FY2027-Q1")).unwrap(),
            None
        );
    }

    #[test]
    fn predictability_in_percent() {
        let mut store = org();
        store
            .with_tx(|tx| {
                let t = team(tx, "T", 0, 0)?;
                for status in [
                    InitiativeStatus::Committed,
                    InitiativeStatus::Delivered,
                    InitiativeStatus::Delivered,
                    InitiativeStatus::Delivered,
                ] {
                    initiative(tx, t, "FY2027-Q1", 1.0, status)?;
                }
                cycle::commit_quarter(tx, q("FY2027-Q1"), now())?;
                Ok(())
            })
            .unwrap();
        // Not closed: 3 of 4 delivered so far.
        assert_eq!(
            roadmap_predictability(store.conn(), q("FY2027-Q1")).unwrap(),
            Some(75.0)
        );
    }
}
