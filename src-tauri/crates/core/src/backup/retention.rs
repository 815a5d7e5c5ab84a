//! Which backups the rolling set keeps: the last N whatever their age, the newest of each of
//! the last D days, and the newest of each of the last M months (limits in the organisation's
//! settings). Everything else is removed after each new backup.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};

use super::BackupInfo;
use crate::org::settings::Settings;
use crate::store::entity::Timestamp;
use crate::Result;

/// The limits of the rolling set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keep {
    pub last: u32,
    pub daily_days: u32,
    pub monthly_months: u32,
}

impl Default for Keep {
    fn default() -> Keep {
        Keep {
            last: 10,
            daily_days: 14,
            monthly_months: 12,
        }
    }
}

impl From<&Settings> for Keep {
    fn from(s: &Settings) -> Keep {
        Keep {
            last: s.backup_keep_last,
            daily_days: s.backup_keep_daily_days,
            monthly_months: s.backup_keep_monthly_months,
        }
    }
}

/// The ids of `backups` the rolling set keeps as of `now` (the newest is always kept).
pub fn kept(backups: &[BackupInfo], keep: Keep, now: Timestamp) -> BTreeSet<u32> {
    let mut newest_first: Vec<&BackupInfo> = backups.iter().collect();
    newest_first.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.id.cmp(&a.id)));
    let mut kept: BTreeSet<u32> = newest_first
        .iter()
        .take(keep.last.max(1) as usize)
        .map(|b| b.id)
        .collect();
    let today = now.date_naive();
    let first_day = today - Duration::days(i64::from(keep.daily_days) - 1);
    let mut days = BTreeSet::new();
    let first_month = months_before(today, keep.monthly_months.saturating_sub(1));
    let mut months = BTreeSet::new();
    for b in &newest_first {
        let day = b.taken_at.date_naive();
        if keep.daily_days > 0 && day >= first_day && day <= today && days.insert(day) {
            kept.insert(b.id);
        }
        let month = (day.year(), day.month());
        if keep.monthly_months > 0 && month >= first_month && day <= today && months.insert(month) {
            kept.insert(b.id);
        }
    }
    kept
}

fn months_before(day: NaiveDate, n: u32) -> (i32, u32) {
    let index = day.year() * 12 + day.month0() as i32 - n as i32;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// Removes the backups of `store_path` the rolling set no longer keeps; returns their ids.
pub fn prune(store_path: &Path, keep: Keep, now: Timestamp) -> Result<Vec<u32>> {
    let backups = super::list(store_path)?;
    let kept = kept(&backups, keep, now);
    let mut removed = Vec::new();
    for b in backups.iter().filter(|b| !kept.contains(&b.id)) {
        super::remove(store_path, b)?;
        removed.push(b.id);
    }
    removed.sort_unstable();
    Ok(removed)
}
