//! Backups with fixed clocks: taking, listing, retention, restore, refusing damaged copies,
//! the backups taken on opening, and erasure reaching every backup.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Duration, TimeZone, Utc};

use super::retention::{kept, prune, Keep};
use super::*;
use crate::store::entity::Timestamp;
use crate::test_clock::now;
use crate::{demo, records};

fn demo_file(dir: &Path) -> (PathBuf, Store) {
    let path = dir.join("org.db");
    let mut store = Store::open(&path).unwrap();
    store.with_tx(|tx| demo::create(tx)).unwrap();
    (path, store)
}

fn team_count(store: &Store) -> i64 {
    records::count(store.conn(), "team").unwrap()
}

fn visible_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Opened for writing as a program does.
const WRITE: crate::store::Access<'static> = crate::store::Access::Write {
    program: "a test",
    wait: std::time::Duration::ZERO,
};

#[test]
fn a_backup_is_verified_described_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_file(dir.path());
    let info = write::create(&store, "on demand", now()).unwrap().unwrap();
    assert_eq!(info.id, 1);
    assert_eq!(info.file_name, "0001-20261127T090000Z-on-demand.qmbackup");
    assert_eq!(info.reason, "on demand");
    assert_eq!(info.schema_version, crate::store::SCHEMA_VERSION);
    let expected: BTreeMap<String, i64> = records::counts(store.conn())
        .unwrap()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    assert_eq!(info.counts, expected);
    assert!(info.counts["team"] > 0 && info.counts["cost_line"] > 0);
    let file = path_of(&path, &info);
    assert_eq!(std::fs::metadata(&file).unwrap().len(), info.size_bytes);
    assert_eq!(write::sha256_of(&file).unwrap(), info.sha256);
    assert_eq!(info.sha256.len(), 64);
    assert_eq!(list(&path).unwrap(), vec![info.clone()]);
    assert_eq!(last_taken(&path).unwrap(), Some(now()));
    assert_eq!(
        visible_files(&folder(&path)),
        vec![info.file_name.clone(), format!("{}.json", info.file_name)]
    );
    restore::verify(&path, &info).unwrap();
}

#[test]
fn in_memory_stores_are_not_backed_up() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(write::create(&store, "x", now()).unwrap(), None);
    let ran = guarded::guarded(&mut store, "before import", now(), |_| Ok(7)).unwrap();
    assert_eq!(ran, 7);
}

fn at(days_ago: i64, hour: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, hour, 0, 0)
        .single()
        .unwrap()
        - Duration::days(days_ago)
}

fn fake(id: u32, taken_at: Timestamp) -> BackupInfo {
    BackupInfo {
        id,
        file_name: format!("{id:04}.qmbackup"),
        taken_at,
        reason: "test".into(),
        size_bytes: 0,
        schema_version: 7,
        counts: BTreeMap::new(),
        sha256: String::new(),
    }
}

#[test]
fn retention_keeps_the_last_n_one_a_day_and_one_a_month() {
    // Four backups a day (hours 1, 7, 13, 19) for 400 days; ids grow with time.
    let mut backups = Vec::new();
    let mut id = 0;
    for days_ago in (0..400).rev() {
        for hour in [1, 7, 13, 19] {
            id += 1;
            backups.push(fake(id, at(days_ago, hour)));
        }
    }
    let now = at(0, 20);
    let keep = Keep {
        last: 10,
        daily_days: 14,
        monthly_months: 12,
    };
    let kept = kept(&backups, keep, now);
    let newest = id;
    // The last 10: today's 4, yesterday's 4, and 2 of the day before.
    for n in 0..10 {
        assert!(
            kept.contains(&(newest - n)),
            "one of the last 10: {}",
            newest - n
        );
    }
    // One a day for 14 days: the newest (19:00) of each; days 3..13 add 11 more.
    let daily: Vec<u32> = (0..14).map(|d| newest - 4 * d).collect();
    for id in &daily {
        assert!(kept.contains(id));
    }
    // One a month for 12 months (Dec 2025 … Nov 2026): the newest of each month; November
    // is already kept (today), the other 11 are each month's last day at 19:00.
    let monthly: Vec<u32> = backups
        .iter()
        .filter(|b| {
            let next = b.taken_at + Duration::days(1);
            chrono::Datelike::month(&next) != chrono::Datelike::month(&b.taken_at)
                && b.taken_at.format("%H").to_string() == "19"
                && b.taken_at >= Utc.with_ymd_and_hms(2025, 12, 1, 0, 0, 0).single().unwrap()
        })
        .map(|b| b.id)
        .collect();
    assert_eq!(monthly.len(), 11, "{monthly:?}");
    for id in &monthly {
        assert!(kept.contains(id));
    }
    assert_eq!(kept.len(), 10 + 11 + 11);
    // Nothing older than 12 months survives.
    assert!(!kept.contains(&1));
}

#[test]
fn pruning_removes_backups_and_sidecars_the_set_no_longer_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_file(dir.path());
    for hour in 0..5 {
        let t = Utc
            .with_ymd_and_hms(2026, 11, 27, hour, 0, 0)
            .single()
            .unwrap();
        write::create(&store, "on demand", t).unwrap();
    }
    let keep = Keep {
        last: 2,
        daily_days: 0,
        monthly_months: 0,
    };
    let removed = prune(&path, keep, now()).unwrap();
    assert_eq!(removed, vec![1, 2, 3]);
    let ids: Vec<u32> = list(&path).unwrap().iter().map(|b| b.id).collect();
    assert_eq!(ids, vec![5, 4]);
    assert_eq!(visible_files(&folder(&path)).len(), 4);
    // A new backup after pruning numbers on from the highest.
    let sixth = write::create(&store, "on demand", now()).unwrap().unwrap();
    assert_eq!(sixth.id, 6);
}

#[test]
fn the_settings_limit_the_rolling_set() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = demo_file(dir.path());
    let mut s = crate::org::settings::get(store.conn()).unwrap();
    assert_eq!(
        (
            s.backup_keep_last,
            s.backup_keep_daily_days,
            s.backup_keep_monthly_months
        ),
        (10, 14, 12)
    );
    s.backup_keep_last = 3;
    s.backup_keep_daily_days = 0;
    s.backup_keep_monthly_months = 0;
    store
        .with_tx(|tx| crate::org::settings::update(tx, &s, now()))
        .unwrap();
    for minute in 0..6 {
        write::create(&store, "on demand", now() + Duration::minutes(minute)).unwrap();
    }
    let ids: Vec<u32> = list(&path).unwrap().iter().map(|b| b.id).collect();
    assert_eq!(ids, vec![6, 5, 4]);
    s.backup_keep_last = 0;
    let err = store
        .with_tx(|tx| crate::org::settings::update(tx, &s, now()))
        .unwrap_err();
    assert_eq!(err.field(), Some("backup_keep_last"));
}

#[test]
fn restore_puts_a_backup_back_after_backing_up_the_current_state() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = demo_file(dir.path());
    let teams = team_count(&store);
    let first = write::create(&store, "on demand", now()).unwrap().unwrap();
    store
        .with_tx(|tx| {
            tx.execute("DELETE FROM risk", [])?;
            tx.execute("UPDATE team SET name = name || ' (renamed)'", [])?;
            Ok(())
        })
        .unwrap();
    let renamed: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM team WHERE name LIKE '% (renamed)'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(renamed, teams);
    drop(store);
    let later = now() + Duration::hours(1);
    let restored = restore::restore(&path, first.id, None, later).unwrap();
    let safety = restored.safety.unwrap();
    assert_eq!(safety.reason, "before restore");
    assert_eq!(safety.counts["risk"], 0);
    let store = Store::open(&path).unwrap();
    assert_eq!(team_count(&store), teams);
    let renamed: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM team WHERE name LIKE '% (renamed)'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(renamed, 0);
    assert!(first.counts["risk"] > 0);
    assert_eq!(
        records::count(store.conn(), "risk").unwrap(),
        first.counts["risk"]
    );
    // Nothing hidden is left beside the file or in the backups folder.
    assert!(visible_files(dir.path())
        .iter()
        .all(|n| !n.starts_with('.')));
    assert!(visible_files(&folder(&path))
        .iter()
        .all(|n| !n.starts_with('.')));
}

#[test]
fn restore_to_another_file_leaves_the_current_one_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = demo_file(dir.path());
    let first = write::create(&store, "on demand", now()).unwrap().unwrap();
    store
        .with_tx(|tx| Ok(tx.execute("DELETE FROM risk", [])?))
        .unwrap();
    let other = dir.path().join("copy.db");
    let restored = restore::restore(&path, first.id, Some(&other), now()).unwrap();
    assert!(restored.safety.is_none());
    assert_eq!(records::count(store.conn(), "risk").unwrap(), 0);
    let copy = Store::open(&other).unwrap();
    assert_eq!(
        records::count(copy.conn(), "risk").unwrap(),
        first.counts["risk"]
    );
    assert!(first.counts["risk"] > 0);
    let again = restore::restore(&path, first.id, Some(&other), now()).unwrap_err();
    assert!(again.to_string().contains("already exists"), "{again}");
    let missing = restore::restore(&path, 99, None, now()).unwrap_err();
    assert!(missing.to_string().contains("no backup 99"), "{missing}");
}

#[test]
fn a_damaged_backup_is_refused_by_name_and_the_file_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_file(dir.path());
    let info = write::create(&store, "on demand", now()).unwrap().unwrap();
    drop(store);
    let file = path_of(&path, &info);
    let original = std::fs::read(&file).unwrap();
    let before = std::fs::read(&path).unwrap();

    let mut flipped = original.clone();
    flipped[original.len() / 2] ^= 0x40;
    std::fs::write(&file, &flipped).unwrap();
    let err = restore::restore(&path, info.id, None, now()).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("backup 1 ("), "{text}");
    assert!(text.contains(&info.file_name), "{text}");
    assert!(
        text.contains("damaged") && text.contains("SHA-256") && text.contains("not restored"),
        "{text}"
    );

    std::fs::write(&file, &original[..original.len() - 4096]).unwrap();
    let err = restore::restore(&path, info.id, None, now()).unwrap_err();
    assert!(err.to_string().contains("bytes where"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        list(&path).unwrap().len(),
        1,
        "no safety backup of a refused restore"
    );
}

#[test]
fn opening_takes_the_daily_backup_and_one_before_an_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_file(dir.path());
    drop(store);
    let opened = guarded::open(&path, WRITE, now()).unwrap();
    assert_eq!(
        opened.daily.as_ref().map(|b| b.reason.as_str()),
        Some("daily")
    );
    drop(opened);
    let again = guarded::open(&path, WRITE, now() + Duration::hours(23)).unwrap();
    assert!(again.daily.is_none());
    drop(again);
    let next_day = guarded::open(&path, WRITE, now() + Duration::hours(24)).unwrap();
    assert!(next_day.daily.is_some());
    drop(next_day);
    assert_eq!(list(&path).unwrap().len(), 2);

    // A file at schema 1 is copied before it is upgraded.
    let old = dir.path().join("v1.db");
    let conn = rusqlite::Connection::open(&old).unwrap();
    conn.execute_batch(include_str!("../store/migrations/0001_schema.sql"))
        .unwrap();
    conn.execute_batch(include_str!("../../../../../fixtures/schema/v1.sql"))
        .unwrap();
    drop(conn);
    let opened = guarded::open(&old, WRITE, now()).unwrap();
    let backups = list(&old).unwrap();
    let upgrade = backups
        .iter()
        .find(|b| b.reason.starts_with("before upgrade"))
        .unwrap();
    assert_eq!(
        upgrade.reason,
        format!(
            "before upgrade from schema 1 to {}",
            crate::store::SCHEMA_VERSION
        )
    );
    assert_eq!(upgrade.schema_version, 1);
    assert_eq!(upgrade.counts["team"], team_count(&opened.store));
}

#[test]
fn erasing_a_candidate_rewrites_every_backup_without_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = demo_file(dir.path());
    let name = "Dmitri Volkov";
    let id: i64 = store
        .conn()
        .query_row("SELECT id FROM candidate WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .unwrap();
    for hour in 0..3 {
        let t = Utc
            .with_ymd_and_hms(2026, 11, 26, hour, 0, 0)
            .single()
            .unwrap();
        write::create(&store, "on demand", t).unwrap();
    }
    let holds = |p: &Path| scrub::file_holds(p, name.as_bytes()).unwrap();
    assert!(list(&path)
        .unwrap()
        .iter()
        .all(|b| holds(&path_of(&path, b))));
    let candidates = list(&path).unwrap()[0].counts["candidate"];

    let (erasure, scrubbed) = scrub::erase_candidate(&mut store, id, now()).unwrap();
    assert!(!erasure.already_erased);
    // Three earlier backups and the one taken before the erasure, all rewritten.
    assert_eq!(scrubbed.rewritten.len(), 4, "{scrubbed:?}");
    assert!(scrubbed.dropped.is_empty());
    for entry in std::fs::read_dir(folder(&path)).unwrap() {
        let p = entry.unwrap().path();
        assert!(!holds(&p), "{} still holds the name", p.display());
    }
    for b in list(&path).unwrap() {
        restore::verify(&path, &b).unwrap();
        assert_eq!(
            b.counts["candidate"], candidates,
            "the anonymous shell stays"
        );
    }
    assert!(list(&path)
        .unwrap()
        .iter()
        .any(|b| b.reason == format!("before erasing candidate {id}")));
}

#[test]
fn a_backup_opens_read_only_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_file(dir.path());
    let info = write::create(&store, "on demand", now()).unwrap().unwrap();
    let mut look = Store::open_read_only(&path_of(&path, &info)).unwrap();
    assert_eq!(team_count(&look), info.counts["team"]);
    let err = look
        .with_tx(|tx| Ok(tx.execute("DELETE FROM risk", [])?))
        .unwrap_err();
    assert_eq!(err.kind(), "opened_read_only", "{err}");
    assert_eq!(
        records::count(look.conn(), "risk").unwrap(),
        info.counts["risk"]
    );
    assert_eq!(
        write::sha256_of(&path_of(&path, &info)).unwrap(),
        info.sha256
    );
}

#[test]
fn a_damaged_file_is_kept_as_is_and_replaced_by_the_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_file(dir.path());
    let info = write::create(&store, "on demand", now()).unwrap().unwrap();
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes.iter_mut().skip(100).take(8192) {
        *b = 0xAB;
    }
    std::fs::write(&path, &bytes).unwrap();
    let restored = restore::restore(&path, info.id, None, now()).unwrap();
    let kept = restored.safety.unwrap();
    assert_eq!(kept.reason, "before restore (unreadable, copied as is)");
    assert_eq!(kept.size_bytes, bytes.len() as u64);
    assert_eq!(std::fs::read(path_of(&path, &kept)).unwrap(), bytes);
    let store = Store::open(&path).unwrap();
    assert_eq!(team_count(&store), info.counts["team"]);
    let refused = restore::restore(&path, kept.id, None, now()).unwrap_err();
    assert!(
        refused.to_string().contains("it was not restored"),
        "{refused}"
    );
}
