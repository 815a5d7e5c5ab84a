//! The getting-started checklist the Overview shows a new organisation: the six things to set
//! up, in the order each needs the one before (teams → positions → models → initiatives →
//! billing → KPI targets), each ticked once the file holds it. Read from the data, so there is
//! nothing to store: a step is done the moment its records exist, whoever made them.

use rusqlite::Connection;
use serde::Serialize;

use crate::kpi::{Kpi, KpiValue, CATALOGUE};
use crate::org::{Position, Team};
use crate::portfolio::Model;
use crate::roadmap::initiative::Initiative;
use crate::store::entity::{self, Entity};
use crate::Result;

/// One step of the checklist. `key` names it for the UI, which links it to its form or import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub key: &'static str,
    pub title: &'static str,
    /// What the step is for, in a sentence.
    pub why: &'static str,
    pub done: bool,
    /// What the file holds for this step, e.g. `7 teams` (empty when nothing yet).
    pub progress: String,
    /// The kind of record the guided import (`records::import`) brings in for this step, when
    /// it can: a headcount sheet, a model list, a Jira export, KPI history.
    pub import_kind: Option<&'static str>,
}

/// The checklist: every step in order, and how many are done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checklist {
    pub steps: Vec<Step>,
    pub done: usize,
    /// Every step done: the Overview stops showing the checklist.
    pub complete: bool,
}

/// The checklist as the file stands.
pub fn checklist(conn: &Connection) -> Result<Checklist> {
    let kpis_set = kpis_set(conn)?;
    let billing_lines: i64 = conn.query_row(
        "SELECT coalesce(sum(row_count), 0) FROM import_batch WHERE kind IN ('focus', 'demo')",
        [],
        |r| r.get(0),
    )?;
    let steps = vec![
        step::<Team>(
            conn,
            "teams",
            "Add your teams",
            "Teams own models, initiatives and budgets.",
            "team",
            "teams",
            Some("team"),
        )?,
        step::<Position>(
            conn,
            "positions",
            "Add positions",
            "People and open seats make each team's capacity.",
            "position",
            "positions",
            Some("position"),
        )?,
        step::<Model>(
            conn,
            "models",
            "Add the models you run",
            "The portfolio: owners, tiers, lifecycle and coverage.",
            "model",
            "models",
            Some("model"),
        )?,
        step::<Initiative>(
            conn,
            "initiatives",
            "Plan initiatives",
            "The roadmap, measured against each team's capacity.",
            "initiative",
            "initiatives",
            Some("initiative"),
        )?,
        Step {
            key: "billing",
            title: "Import a cloud bill",
            why: "FOCUS billing gives spend against budget and cost per 1k inferences.",
            done: billing_lines > 0,
            progress: counted(billing_lines, "billing line", "billing lines"),
            import_kind: None,
        },
        Step {
            key: "kpi_targets",
            title: "Set KPI targets",
            why: "Targets decide which KPIs show as on, near or off target.",
            done: kpis_set > 0,
            progress: counted(kpis_set, "KPI set", "KPIs set"),
            import_kind: Some("kpi_value"),
        },
    ];
    let done = steps.iter().filter(|s| s.done).count();
    Ok(Checklist {
        complete: done == steps.len(),
        done,
        steps,
    })
}

/// A step that is done once there is a row of `E`.
fn step<E: Entity>(
    conn: &Connection,
    key: &'static str,
    title: &'static str,
    why: &'static str,
    one: &str,
    many: &str,
    import_kind: Option<&'static str>,
) -> Result<Step> {
    let rows = entity::count::<E>(conn)?;
    Ok(Step {
        key,
        title,
        why,
        done: rows > 0,
        progress: counted(rows, one, many),
        import_kind,
    })
}

/// `7 teams`, `1 team`, or nothing for none.
fn counted(n: i64, one: &str, many: &str) -> String {
    match n {
        0 => String::new(),
        1 => format!("1 {one}"),
        _ => format!("{n} {many}"),
    }
}

/// KPIs made the organisation's own: a target or warn level changed from the catalogue's, or a
/// KPI added to it. A file already recording KPI values has its targets in use, so it counts
/// every KPI with a target.
fn kpis_set(conn: &Connection) -> Result<i64> {
    let kpis: Vec<Kpi> = entity::list(conn)?;
    if entity::count::<KpiValue>(conn)? > 0 {
        return Ok(kpis.iter().filter(|k| k.target.is_some()).count() as i64);
    }
    let own = kpis.iter().filter(
        |kpi| match CATALOGUE.iter().find(|entry| entry.0 == kpi.key) {
            Some(&(_, _, _, _, target, warn, _, _)) => {
                kpi.target != Some(target) || kpi.warn != Some(warn)
            }
            None => true,
        },
    );
    Ok(own.count() as i64)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::org::settings::Settings;
    use crate::org::{setup, TeamKind};
    use crate::store::entity::Timestamp;

    fn now() -> Timestamp {
        "2026-12-06T09:00:00Z".parse().unwrap()
    }

    fn keys_done(list: &Checklist) -> Vec<&str> {
        list.steps
            .iter()
            .filter(|s| s.done)
            .map(|s| s.key)
            .collect()
    }

    #[test]
    fn a_new_organisation_starts_with_nothing_ticked() {
        let settings = Settings::new("Acme ML", 1, "EUR").unwrap();
        let store = setup::in_memory(&settings, now()).unwrap();
        let list = checklist(store.conn()).unwrap();
        let keys: Vec<&str> = list.steps.iter().map(|s| s.key).collect();
        let imports: Vec<Option<&str>> = list.steps.iter().map(|s| s.import_kind).collect();
        assert_eq!(
            imports,
            [
                Some("team"),
                Some("position"),
                Some("model"),
                Some("initiative"),
                None,
                Some("kpi_value")
            ]
        );
        assert_eq!(
            keys,
            [
                "teams",
                "positions",
                "models",
                "initiatives",
                "billing",
                "kpi_targets"
            ]
        );
        assert_eq!((list.done, list.complete), (0, false));
        assert!(list.steps.iter().all(|s| s.progress.is_empty()));
    }

    #[test]
    fn steps_tick_as_their_records_arrive() {
        let settings = Settings::new("Acme ML", 1, "EUR").unwrap();
        let store = setup::in_memory(&settings, now()).unwrap();
        let conn = store.conn();
        entity::insert(
            conn,
            Team {
                id: 0,
                name: "Search".into(),
                kind: TeamKind::Applied,
                domain: String::new(),
                parent_id: None,
                ktlo_percent: 20,
                leave_percent: 10,
            },
            now(),
        )
        .unwrap();
        let list = checklist(conn).unwrap();
        assert_eq!(keys_done(&list), ["teams"]);
        assert_eq!(list.steps[0].progress, "1 team");

        // Changing a catalogue target makes the KPI the organisation's own.
        let mut kpi = crate::kpi::by_key(conn, "availability").unwrap();
        kpi.target = Some(99.5);
        entity::update(conn, kpi, now()).unwrap();
        let list = checklist(conn).unwrap();
        assert_eq!(keys_done(&list), ["teams", "kpi_targets"]);
        assert_eq!(list.steps[5].progress, "1 KPI set");
        assert_eq!(list.done, 2);
    }

    #[test]
    fn the_demo_has_every_step_done() {
        let store = crate::demo::in_memory().unwrap();
        let list = checklist(store.conn()).unwrap();
        assert!(list.complete, "{list:?}");
        assert_eq!(list.steps[4].progress, "798 billing lines");
        assert_eq!(list.steps[0].progress, "7 teams");
    }
}
