//! Erasing a candidate's personal data on request: name and source, interviews, scorecards,
//! decision, the audit rows that recorded them, any other mention of the name, and finally
//! the file's free pages and WAL, so no readable remnant is left. An anonymous shell keeps
//! the requisition, stage and stage dates, so counts, the funnel and time to fill stay right.

use std::collections::BTreeSet;

use rusqlite::Connection;
use serde::Serialize;

use crate::hiring::pipeline::is_erased;
use crate::hiring::{Candidate, Stage};
use crate::store::entity::{self, record_change, timestamp_text, Timestamp};
use crate::{Error, Result, Store};

/// The name an erased candidate's shell carries.
pub const ERASED_NAME: &str = "Erased candidate";
/// What replaces a mention of the name in other records.
pub const REDACTED: &str = "[erased]";
/// Shorter names are not searched for elsewhere: too many false matches.
const MIN_SEARCHED_NAME: usize = 4;

/// What an erasure removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Erasure {
    pub candidate_id: i64,
    /// The candidate had been erased before; only the file was compacted again.
    pub already_erased: bool,
    pub interviews: usize,
    pub scorecards: usize,
    pub decisions: usize,
    pub audit_rows: usize,
    /// Text cells elsewhere in which the name was replaced by [`REDACTED`].
    pub mentions: usize,
}

/// What erasing a candidate would remove, for the confirmation that names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErasurePreview {
    pub candidate_id: i64,
    pub name: String,
    pub stage: Stage,
    pub interviews: usize,
    pub scorecards: usize,
    pub decisions: usize,
    pub already_erased: bool,
    /// Why the candidate cannot be erased here, if so.
    pub refused: Option<String>,
}

/// Counts what [`erase_candidate`] would remove, without changing anything.
pub fn erasure_preview(conn: &Connection, candidate_id: i64) -> Result<ErasurePreview> {
    let candidate: Candidate = entity::get(conn, candidate_id)?;
    let count = |sql: &str| -> Result<usize> {
        Ok(conn.query_row(sql, [candidate_id], |r| r.get::<_, i64>(0))? as usize)
    };
    Ok(ErasurePreview {
        candidate_id,
        already_erased: is_erased(conn, candidate_id)?,
        refused: (candidate.stage == Stage::Hired).then(|| {
            format!(
                "{} was hired: their hiring record belongs to an employee and is not erased here",
                candidate.name
            )
        }),
        interviews: count("SELECT count(*) FROM interview WHERE candidate_id = ?1")?,
        scorecards: count(
            "SELECT count(*) FROM scorecard WHERE interview_id IN (SELECT id FROM interview WHERE candidate_id = ?1)",
        )?,
        decisions: count("SELECT count(*) FROM decision WHERE candidate_id = ?1")?,
        name: candidate.name,
        stage: candidate.stage,
    })
}

/// Erases a candidate (not a hire: an employee's record is not part of the pipeline) and
/// rewrites the file so nothing readable remains. Running it again only compacts again.
pub fn erase_candidate(store: &mut Store, candidate_id: i64, now: Timestamp) -> Result<Erasure> {
    let secure: i64 = store
        .conn()
        .pragma_query_value(None, "secure_delete", |r| r.get(0))?;
    store.conn().pragma_update(None, "secure_delete", 1)?;
    let erased = store.with_tx(|tx| remove_personal_data(tx, candidate_id, now));
    let result = erased.and_then(|erasure| compact(store.conn()).map(|()| erasure));
    store.conn().pragma_update(None, "secure_delete", secure)?;
    result
}

fn remove_personal_data(conn: &Connection, candidate_id: i64, now: Timestamp) -> Result<Erasure> {
    let candidate: Candidate = entity::get(conn, candidate_id)?;
    if is_erased(conn, candidate_id)? {
        return Ok(Erasure {
            candidate_id,
            already_erased: true,
            ..Erasure::default()
        });
    }
    if candidate.stage == Stage::Hired {
        return Err(Error::Conflict(format!(
            "Candidate {candidate_id} was hired: their hiring record belongs to an employee and is not erased here"
        )));
    }
    crate::store::capture::forget_all(conn, "an erasure cannot be undone")?;
    crate::store::capture::label(conn, "Erase a candidate")?;
    let interviews = linked(
        conn,
        "interview",
        "candidate_id",
        &["$.candidate_id"],
        &[candidate_id],
    )?;
    let scorecards = linked(
        conn,
        "scorecard",
        "interview_id",
        &["$.interview_id", "$.scorecard.interview_id"],
        &interviews,
    )?;
    let ratings = linked(
        conn,
        "rating",
        "scorecard_id",
        &["$.scorecard_id"],
        &scorecards,
    )?;
    let amendments = linked(
        conn,
        "scorecard_amendment",
        "scorecard_id",
        &["$.scorecard_id"],
        &scorecards,
    )?;
    let decisions = linked(
        conn,
        "decision",
        "candidate_id",
        &["$.candidate_id"],
        &[candidate_id],
    )?;
    let count = |table: &str| -> Result<usize> {
        let sql = format!("SELECT count(*) FROM {table} WHERE candidate_id = ?1");
        Ok(conn.query_row(&sql, [candidate_id], |r| r.get::<_, i64>(0))? as usize)
    };
    let mut erasure = Erasure {
        candidate_id,
        interviews: count("interview")?,
        scorecards: conn.query_row(
            "SELECT count(*) FROM scorecard WHERE interview_id IN (SELECT id FROM interview WHERE candidate_id = ?1)",
            [candidate_id],
            |r| r.get::<_, i64>(0),
        )? as usize,
        decisions: count("decision")?,
        ..Erasure::default()
    };
    let audited = [
        ("candidate", vec![candidate_id]),
        ("interview", interviews),
        ("scorecard", scorecards),
        ("rating", ratings),
        ("scorecard_amendment", amendments),
        ("decision", decisions),
    ];
    for (entity, ids) in &audited {
        erasure.audit_rows += conn.execute(
            "DELETE FROM change WHERE entity = ?1 AND entity_id IN (SELECT value FROM json_each(?2))",
            rusqlite::params![entity, ids_json(ids)?],
        )?;
    }
    conn.execute(
        "DELETE FROM decision WHERE candidate_id = ?1",
        [candidate_id],
    )?;
    conn.execute(
        "DELETE FROM interview WHERE candidate_id = ?1",
        [candidate_id],
    )?;
    let stamp = timestamp_text(now);
    conn.execute(
        "UPDATE candidate SET name = ?1, source = '', updated_at = ?2 WHERE id = ?3",
        rusqlite::params![ERASED_NAME, stamp, candidate_id],
    )?;
    conn.execute(
        "INSERT INTO candidate_erasure (id, erased_at, created_at, updated_at) VALUES (?1, ?2, ?2, ?2)",
        rusqlite::params![candidate_id, stamp],
    )?;
    let shell: Candidate = entity::get(conn, candidate_id)?;
    record_change(
        conn,
        "candidate",
        candidate_id,
        "update",
        None,
        Some(&shell),
        now,
    )?;
    if candidate.name.trim().chars().count() >= MIN_SEARCHED_NAME {
        erasure.mentions = redact_mentions(conn, candidate.name.trim(), now)?;
    }
    Ok(erasure)
}

fn ids_json(ids: &[i64]) -> Result<String> {
    serde_json::to_string(ids).map_err(|e| Error::Conflict(format!("cannot list ids: {e}")))
}

/// Ids of `table` rows linked to `parents`: live rows through `column`, and rows the audit log
/// recorded through any JSON `paths` (rows since deleted still left their text there).
fn linked(
    conn: &Connection,
    table: &str,
    column: &str,
    paths: &[&str],
    parents: &[i64],
) -> Result<Vec<i64>> {
    let parents = ids_json(parents)?;
    let mut ids = BTreeSet::new();
    let live =
        format!("SELECT id FROM {table} WHERE {column} IN (SELECT value FROM json_each(?1))");
    let mut stmt = conn.prepare(&live)?;
    for id in stmt.query_map([&parents], |r| r.get::<_, i64>(0))? {
        ids.insert(id?);
    }
    let mut stmt = conn.prepare(
        "SELECT DISTINCT entity_id FROM change WHERE entity = ?1
           AND (json_extract(before, ?2) IN (SELECT value FROM json_each(?3))
             OR json_extract(after, ?2) IN (SELECT value FROM json_each(?3)))",
    )?;
    for path in paths {
        for id in stmt.query_map(rusqlite::params![table, path, parents], |r| {
            r.get::<_, i64>(0)
        })? {
            ids.insert(id?);
        }
    }
    Ok(ids.into_iter().collect())
}

/// Replaces the name (ASCII case ignored, also JSON-escaped) in every text cell of every table
/// except candidate names (another candidate may share it). Submitted scorecards that mention
/// it are changed through an amendment saying why.
fn redact_mentions(conn: &Connection, name: &str, now: Timestamp) -> Result<usize> {
    let escaped = serde_json::to_string(name).map_err(|e| Error::Conflict(e.to_string()))?;
    let mut needles = vec![name.to_string()];
    let inner = escaped.trim_matches('"').to_string();
    if inner != name {
        needles.push(inner);
    }
    let pattern = |needle: &str| {
        let escaped: String = needle
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                other => vec![other],
            })
            .collect();
        format!("%{escaped}%")
    };
    let cards = mentioning_cards(
        conn,
        &needles.iter().map(|n| pattern(n)).collect::<Vec<_>>(),
    )?;
    let mut opened = Vec::new();
    for card in cards {
        let amendment = crate::hiring::scorecards::Amendment {
            id: 0,
            scorecard_id: card,
            reason: "Removed the name of an erased candidate".into(),
            amended_at: now,
            applied: false,
        };
        opened.push(entity::insert(conn, amendment, now)?);
    }
    let mut replaced = 0;
    for (table, column) in text_columns(conn)? {
        if (table.as_str(), column.as_str()) == ("candidate", "name") {
            continue;
        }
        for needle in &needles {
            let select = format!(
                "SELECT rowid, {column} FROM \"{table}\" WHERE {column} LIKE ?1 ESCAPE '\\'"
            );
            let hits: Vec<(i64, String)> = conn
                .prepare(&select)?
                .query_map([pattern(needle)], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let update = format!("UPDATE \"{table}\" SET {column} = ?1 WHERE rowid = ?2");
            for (rowid, text) in hits {
                let redacted = replace_ignoring_ascii_case(&text, needle, REDACTED);
                conn.execute(&update, rusqlite::params![redacted, rowid]).map_err(|e| {
                    Error::Conflict(format!("{table}.{column} (row {rowid}) mentions the candidate and cannot be changed: {e}"))
                })?;
                replaced += 1;
            }
        }
    }
    for mut amendment in opened {
        amendment.applied = true;
        entity::update(conn, amendment, now)?;
    }
    Ok(replaced)
}

/// Submitted scorecards whose text mentions any of the LIKE `patterns`.
fn mentioning_cards(conn: &Connection, patterns: &[String]) -> Result<Vec<i64>> {
    let mut cards = BTreeSet::new();
    let mut stmt = conn.prepare(
        "SELECT DISTINCT s.id FROM scorecard s LEFT JOIN rating r ON r.scorecard_id = s.id
         WHERE s.submitted_at IS NOT NULL
           AND (s.strong_signals LIKE ?1 ESCAPE '\\' OR s.red_flags LIKE ?1 ESCAPE '\\' OR r.evidence LIKE ?1 ESCAPE '\\')",
    )?;
    for pattern in patterns {
        for id in stmt.query_map([pattern], |r| r.get::<_, i64>(0))? {
            cards.insert(id?);
        }
    }
    Ok(cards.into_iter().collect())
}

/// Every (table, column) declared TEXT in the schema.
fn text_columns(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT m.name, p.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND upper(p.type) = 'TEXT'
         ORDER BY m.name, p.cid",
    )?;
    let columns = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(columns)
}

/// `text` with every occurrence of `needle` (ASCII letters in any case) replaced.
fn replace_ignoring_ascii_case(text: &str, needle: &str, with: &str) -> String {
    let (bytes, wanted) = (text.as_bytes(), needle.as_bytes());
    let mut out = String::with_capacity(text.len());
    let (mut start, mut at) = (0, 0);
    while at + wanted.len() <= bytes.len() {
        if text.is_char_boundary(at) && bytes[at..at + wanted.len()].eq_ignore_ascii_case(wanted) {
            out.push_str(&text[start..at]);
            out.push_str(with);
            at += wanted.len();
            start = at;
        } else {
            at += 1;
        }
    }
    out.push_str(&text[start..]);
    out
}

/// Rebuilds the file without free pages and empties the WAL, so deleted text is gone from disk.
fn compact(conn: &Connection) -> Result<()> {
    conn.execute_batch("VACUUM")?;
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(Error::Conflict(
            "The personal data was removed, but another program is reading the file, so its journal \
             could not be cleared; close it and erase again"
                .into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::hiring::metrics::{funnel, time_in_stage, time_to_fill};
    use crate::test_clock::{day, now};
    use crate::{demo, records};

    fn file_bytes(path: &std::path::Path) -> Vec<u8> {
        let mut bytes = std::fs::read(path).unwrap();
        for suffix in ["-wal", "-shm"] {
            let mut side = path.as_os_str().to_owned();
            side.push(suffix);
            bytes.extend(std::fs::read(&side).unwrap_or_default());
        }
        bytes
    }

    fn occurs(haystack: &[u8], needle: &str) -> bool {
        haystack
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
    }

    fn candidate_id(store: &Store, name: &str) -> i64 {
        store
            .conn()
            .query_row("SELECT id FROM candidate WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .unwrap()
    }

    #[test]
    fn erase_leaves_no_trace_of_the_name_in_the_file_and_keeps_the_counts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.db");
        let mut store = Store::open(&path).unwrap();
        store.with_tx(|tx| demo::create(tx)).unwrap();
        let name = "Dmitri Volkov";
        let id = candidate_id(&store, name);
        store
            .conn()
            .execute("UPDATE risk SET mitigation = mitigation || ' Ask DMITRI VOLKOV for a reference.' WHERE id = (SELECT min(id) FROM risk)", [])
            .unwrap();
        store
            .conn()
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
            .unwrap();
        assert!(
            occurs(&file_bytes(&path), name),
            "the test must start with the name in the file"
        );

        let today = day("2026-11-16");
        let before = (
            records::count(store.conn(), "candidate").unwrap(),
            funnel(store.conn(), None).unwrap(),
            time_in_stage(store.conn(), None, today).unwrap(),
            time_to_fill(store.conn(), today).unwrap(),
        );
        let erasure = erase_candidate(&mut store, id, now()).unwrap();
        assert_eq!(
            (
                erasure.interviews,
                erasure.scorecards,
                erasure.decisions,
                erasure.mentions
            ),
            (4, 4, 1, 1)
        );
        // The candidate row, 4 interviews, 4 cards with 3 + 2 + 3 + 2 ratings, 1 decision.
        assert_eq!(erasure.audit_rows, 1 + 4 + 4 + 10 + 1);
        let after = (
            records::count(store.conn(), "candidate").unwrap(),
            funnel(store.conn(), None).unwrap(),
            time_in_stage(store.conn(), None, today).unwrap(),
            time_to_fill(store.conn(), today).unwrap(),
        );
        assert_eq!(before, after);
        assert!(is_erased(store.conn(), id).unwrap());
        let shell: Candidate = entity::get(store.conn(), id).unwrap();
        assert_eq!(
            (shell.name.as_str(), shell.source.as_str(), shell.stage),
            (ERASED_NAME, "", Stage::Rejected)
        );

        drop(store);
        let bytes = file_bytes(&path);
        for needle in [name, "DMITRI VOLKOV", "Dmitri", "dismissed privacy review"] {
            assert!(!occurs(&bytes, needle), "{needle:?} is still in the file");
        }
        assert!(occurs(&bytes, "Amara Nwosu"), "other candidates stay");

        let mut store = Store::open(&path).unwrap();
        let again = erase_candidate(&mut store, id, now()).unwrap();
        assert!(again.already_erased);
    }

    #[test]
    fn a_hire_is_not_erased_and_names_are_replaced_whatever_their_case() {
        let mut store = Store::open_in_memory().unwrap();
        store.with_tx(|tx| demo::create(tx)).unwrap();
        let hired = candidate_id(&store, "Lucas Ferreira");
        let preview = erasure_preview(store.conn(), hired).unwrap();
        assert!(preview.refused.is_some(), "the confirmation says why not");
        let rejected = candidate_id(&store, "Tariq Aziz");
        let preview = erasure_preview(store.conn(), rejected).unwrap();
        let erased = erase_candidate(&mut store, rejected, now()).unwrap();
        assert_eq!(
            (preview.interviews, preview.scorecards, preview.decisions),
            (erased.interviews, erased.scorecards, erased.decisions),
            "the confirmation names what the erasure removes"
        );
        assert_eq!((preview.interviews, preview.refused), (4, None));
        assert_eq!(
            erase_candidate(&mut store, hired, now())
                .unwrap_err()
                .kind(),
            "conflict"
        );
        assert_eq!(
            replace_ignoring_ascii_case("Ask ada LOVELACE, Ada Lovelace.", "Ada Lovelace", "[x]"),
            "Ask [x], [x]."
        );
        // Like SQLite's LIKE, only ASCII letters fold.
        assert_eq!(
            replace_ignoring_ascii_case("Zoë Müller, zoë müller, ZOË MÜLLER", "Zoë Müller", "[x]"),
            "[x], [x], ZOË MÜLLER"
        );
    }
}
