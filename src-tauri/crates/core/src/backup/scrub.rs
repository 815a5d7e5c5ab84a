//! Erasure reaches backups: after a candidate is erased from the file, every backup that still
//! holds their name is rewritten with the same erasure (on a hidden copy, verified, then renamed
//! over it with a new sidecar), or removed when that fails or leaves the name behind.

use std::fs;
use std::path::Path;

use serde::Serialize;

use super::write::{describe, hidden_temp, write_sidecar};
use super::{guarded::guarded, list, path_of, remove, BackupInfo};
use crate::hiring::erase::{self, Erasure};
use crate::hiring::Candidate;
use crate::store::entity::{self, Timestamp};
use crate::{Error, Result, Store};

/// What erasing a candidate did to the backups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Scrubbed {
    /// Backups rewritten without the candidate.
    pub rewritten: Vec<u32>,
    /// Backups removed because they could not be rewritten cleanly.
    pub dropped: Vec<u32>,
}

/// Erases a candidate from the open file (after the "before erasure" backup), then from every
/// backup of it.
pub fn erase_candidate(
    store: &mut Store,
    candidate_id: i64,
    now: Timestamp,
) -> Result<(Erasure, Scrubbed)> {
    let name = entity::get::<Candidate>(store.conn(), candidate_id)?.name;
    let reason = format!("before erasing candidate {candidate_id}");
    let erasure = guarded(store, &reason, now, |s| {
        erase::erase_candidate(s, candidate_id, now)
    })?;
    let scrubbed = match super::has_file(store) && name != erase::ERASED_NAME {
        true => scrub(store.path(), candidate_id, &name, now)?,
        false => Scrubbed::default(),
    };
    Ok((erasure, scrubbed))
}

/// Rewrites (or removes) every backup of `store_path` whose bytes hold `name`.
pub fn scrub(store_path: &Path, candidate_id: i64, name: &str, now: Timestamp) -> Result<Scrubbed> {
    let mut scrubbed = Scrubbed::default();
    let needle = name.as_bytes();
    for info in list(store_path)? {
        let path = path_of(store_path, &info);
        if !file_holds(&path, needle)? {
            continue;
        }
        match rewrite(store_path, &info, candidate_id, needle, now) {
            Ok(()) => scrubbed.rewritten.push(info.id),
            Err(_) => {
                remove(store_path, &info)?;
                scrubbed.dropped.push(info.id);
            }
        }
    }
    Ok(scrubbed)
}

/// Applies the erasure to a hidden copy of one backup, checks the name is gone, and puts the
/// copy in its place with a new sidecar (same id, time and reason; new size, counts, hash).
fn rewrite(
    store_path: &Path,
    info: &BackupInfo,
    candidate_id: i64,
    needle: &[u8],
    now: Timestamp,
) -> Result<()> {
    let path = path_of(store_path, info);
    let tmp = hidden_temp(&path, "scrub.partial");
    let outcome = (|| {
        fs::copy(&path, &tmp).map_err(|e| Error::io(tmp.display(), e))?;
        {
            let mut copy = Store::open(&tmp)?;
            erase::erase_candidate(&mut copy, candidate_id, now)?;
            copy.conn()
                .query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
        }
        if file_holds(&tmp, needle)? {
            return Err(Error::Conflict("the name is still in the backup".into()));
        }
        let mut fresh = describe(&tmp, info.id, &info.file_name, &info.reason, info.taken_at)?;
        fresh.taken_at = info.taken_at;
        write_sidecar(&path, &fresh)?;
        fs::rename(&tmp, &path).map_err(|e| Error::io(path.display(), e))
    })();
    let _ = fs::remove_file(&tmp);
    for suffix in ["-wal", "-shm"] {
        let mut side = tmp.as_os_str().to_owned();
        side.push(suffix);
        let _ = fs::remove_file(std::path::PathBuf::from(side));
    }
    outcome
}

/// Whether the raw bytes of the file at `path` contain `needle`.
pub fn file_holds(path: &Path, needle: &[u8]) -> Result<bool> {
    if needle.is_empty() {
        return Ok(false);
    }
    let bytes = fs::read(path).map_err(|e| Error::io(path.display(), e))?;
    Ok(bytes.windows(needle.len()).any(|w| w == needle))
}
