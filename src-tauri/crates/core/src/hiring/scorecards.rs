//! Scorecards as panelists use them: drafts saved as typed, submission under the rating and
//! evidence rules, blind until submitted (a panelist reads the others' cards only after
//! submitting their own), and amendments that keep the original card in the audit log.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::hiring::{requisition_dimensions, same_person};
use crate::hiring::{Candidate, Dimension, Interview, Rating, Recommendation, Scorecard};
use crate::store::entity::{self, record_change, timestamp_text, Entity, Timestamp, Validate};
use crate::{entity, store::rules, Error, Result};

entity! {
    /// Why and when a submitted scorecard was changed; the card before and after is in `change`.
    pub struct Amendment in "scorecard_amendment" as "scorecard amendment" {
        scorecard_id: i64 => "scorecard",
        reason: String,
        amended_at: Timestamp,
        /// False only inside the amending transaction (the database lets the card change then).
        applied: bool,
    }
}

impl Validate for Amendment {
    fn validate(&self, _conn: &Connection) -> Result<()> {
        rules::non_empty("reason", "The reason for the amendment", &self.reason)
    }
}

/// One dimension of a card as typed; a draft may hold evidence before a score.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingInput {
    pub dimension_id: i64,
    #[serde(default)]
    pub score: Option<i64>,
    #[serde(default)]
    pub evidence: String,
}

/// A card as typed by its panelist.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorecardInput {
    #[serde(default)]
    pub ratings: Vec<RatingInput>,
    #[serde(default)]
    pub strong_signals: String,
    #[serde(default)]
    pub red_flags: String,
    #[serde(default)]
    pub recommendation: Option<Recommendation>,
}

/// How far a panelist has got with an interview's card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardStatus {
    NotStarted,
    Draft,
    Submitted,
}

/// One interview of a loop and the state of its card (never its content).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelSeat {
    pub interview_id: i64,
    pub candidate_id: i64,
    pub candidate: String,
    pub requisition_id: i64,
    pub requisition: String,
    pub interviewer: String,
    pub exercise: String,
    pub scheduled_on: NaiveDate,
    pub status: CardStatus,
}

/// A focus dimension of a card with what was typed for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardDimension {
    pub dimension_id: i64,
    pub name: String,
    pub good_looks_like: String,
    pub score: Option<i64>,
    pub evidence: String,
}

/// A card as shown: the seat, its focus dimensions and what the panelist wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardView {
    #[serde(flatten)]
    pub seat: PanelSeat,
    pub scorecard_id: Option<i64>,
    pub dimensions: Vec<CardDimension>,
    pub strong_signals: String,
    pub red_flags: String,
    pub recommendation: Option<Recommendation>,
    pub submitted_at: Option<Timestamp>,
    pub amendments: Vec<Amendment>,
}

/// A card with its ratings and the evidence typed before a score: what the audit log keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardRecord {
    pub scorecard: Scorecard,
    pub ratings: Vec<Rating>,
    pub unrated: Vec<RatingInput>,
}

/// The input field of one dimension's score or evidence, as named in errors: `rating.12.score`.
pub fn rating_field(dimension_id: i64, part: &str) -> String {
    format!("rating.{dimension_id}.{part}")
}

fn seats_where(conn: &Connection, condition: &str, id: Option<i64>) -> Result<Vec<PanelSeat>> {
    let sql = format!(
        "SELECT i.id, i.candidate_id, c.name, c.requisition_id, r.title, i.interviewer, i.exercise,
                i.scheduled_on, s.id, s.submitted_at IS NOT NULL
         FROM interview i
         JOIN candidate c ON c.id = i.candidate_id
         JOIN requisition r ON r.id = c.requisition_id
         LEFT JOIN scorecard s ON s.interview_id = i.id
         WHERE {condition}
         ORDER BY i.scheduled_on, i.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([id], |row| {
        let card: Option<i64> = row.get(8)?;
        let submitted: Option<bool> = row.get(9)?;
        let status = match (card, submitted) {
            (None, _) => CardStatus::NotStarted,
            (Some(_), Some(true)) => CardStatus::Submitted,
            (Some(_), _) => CardStatus::Draft,
        };
        Ok(PanelSeat {
            interview_id: row.get(0)?,
            candidate_id: row.get(1)?,
            candidate: row.get(2)?,
            requisition_id: row.get(3)?,
            requisition: row.get(4)?,
            interviewer: row.get(5)?,
            exercise: row.get(6)?,
            scheduled_on: row.get(7)?,
            status,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Everyone who interviews, each name once, for "pick yourself".
pub fn panelists(conn: &Connection) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for seat in seats_where(conn, "?1 IS NULL", None)? {
        if !names.iter().any(|n| same_person(n, &seat.interviewer)) {
            names.push(seat.interviewer);
        }
    }
    names.sort_by_key(|n| n.to_lowercase());
    Ok(names)
}

/// A panelist's interviews and the state of each card.
pub fn scorecards(conn: &Connection, panelist: &str) -> Result<Vec<PanelSeat>> {
    let panelist = who(panelist)?;
    Ok(seats_where(conn, "?1 IS NULL", None)?
        .into_iter()
        .filter(|s| same_person(&s.interviewer, panelist))
        .collect())
}

/// A candidate's interviews and whether each card is submitted (content stays hidden).
pub fn panel(conn: &Connection, candidate_id: i64) -> Result<Vec<PanelSeat>> {
    entity::get::<Candidate>(conn, candidate_id)?;
    seats_where(conn, "i.candidate_id = ?1", Some(candidate_id))
}

fn who(panelist: &str) -> Result<&str> {
    let name = panelist.trim();
    if name.is_empty() {
        return Err(Error::invalid("panelist", "Pick who you are first"));
    }
    Ok(name)
}

/// The seat of `interview_id`, which must be `panelist`'s own.
fn own_seat(conn: &Connection, panelist: &str, interview_id: i64) -> Result<PanelSeat> {
    let panelist = who(panelist)?;
    let seat = seats_where(conn, "i.id = ?1", Some(interview_id))?
        .into_iter()
        .next()
        .ok_or(Error::NotFound {
            entity: "interview",
            id: interview_id,
        })?;
    if !same_person(&seat.interviewer, panelist) {
        return Err(Error::Conflict(format!(
            "Interview {interview_id} is {}'s; only they can open its scorecard",
            seat.interviewer
        )));
    }
    Ok(seat)
}

/// The focus dimensions of an interview in focus order, with the requisition's descriptions.
pub(crate) fn focus_dimensions(
    conn: &Connection,
    interview: &Interview,
    requisition_id: i64,
) -> Result<Vec<Dimension>> {
    let chosen: BTreeMap<i64, Dimension> = requisition_dimensions(conn, requisition_id)?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    interview
        .focus
        .0
        .iter()
        .map(|id| match chosen.get(id) {
            Some(dimension) => Ok(dimension.clone()),
            None => entity::get::<Dimension>(conn, *id),
        })
        .collect()
}

fn find_record(conn: &Connection, interview_id: i64) -> Result<Option<CardRecord>> {
    let card_id: Option<i64> = conn
        .query_row(
            "SELECT id FROM scorecard WHERE interview_id = ?1",
            [interview_id],
            |r| r.get(0),
        )
        .optional()?;
    card_id.map(|id| load_record(conn, id)).transpose()
}

/// A stored card with its ratings and draft evidence.
pub fn load_record(conn: &Connection, scorecard_id: i64) -> Result<CardRecord> {
    let scorecard: Scorecard = entity::get(conn, scorecard_id)?;
    let ratings: Vec<Rating> = entity::list_where(conn, "scorecard_id = ?1", [scorecard_id])?;
    let mut stmt = conn.prepare(
        "SELECT dimension_id, evidence FROM draft_evidence WHERE scorecard_id = ?1 ORDER BY id",
    )?;
    let unrated = stmt
        .query_map([scorecard_id], |row| {
            Ok(RatingInput {
                dimension_id: row.get(0)?,
                score: None,
                evidence: row.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(CardRecord {
        scorecard,
        ratings,
        unrated,
    })
}

fn card_view(
    conn: &Connection,
    mut seat: PanelSeat,
    record: Option<CardRecord>,
) -> Result<CardView> {
    seat.status = match &record {
        None => CardStatus::NotStarted,
        Some(r) if r.scorecard.submitted_at.is_some() => CardStatus::Submitted,
        Some(_) => CardStatus::Draft,
    };
    let interview: Interview = entity::get(conn, seat.interview_id)?;
    let dimensions = focus_dimensions(conn, &interview, seat.requisition_id)?
        .into_iter()
        .map(|d| {
            let rated = record
                .iter()
                .flat_map(|r| &r.ratings)
                .find(|r| r.dimension_id == d.id);
            let unrated = record
                .iter()
                .flat_map(|r| &r.unrated)
                .find(|r| r.dimension_id == d.id);
            CardDimension {
                dimension_id: d.id,
                name: d.name,
                good_looks_like: d.good_looks_like,
                score: rated.map(|r| r.score),
                evidence: rated
                    .map(|r| r.evidence.clone())
                    .or_else(|| unrated.map(|r| r.evidence.clone()))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let amendments = match &record {
        Some(r) => entity::list_where(conn, "scorecard_id = ?1 AND applied = 1", [r.scorecard.id])?,
        None => Vec::new(),
    };
    let card = record.map(|r| r.scorecard);
    Ok(CardView {
        seat,
        scorecard_id: card.as_ref().map(|c| c.id),
        dimensions,
        strong_signals: card
            .as_ref()
            .map(|c| c.strong_signals.clone())
            .unwrap_or_default(),
        red_flags: card
            .as_ref()
            .map(|c| c.red_flags.clone())
            .unwrap_or_default(),
        recommendation: card.as_ref().and_then(|c| c.recommendation),
        submitted_at: card.and_then(|c| c.submitted_at),
        amendments,
    })
}

/// A panelist's own card for one of their interviews (a blank one when not started).
pub fn open_card(conn: &Connection, panelist: &str, interview_id: i64) -> Result<CardView> {
    let seat = own_seat(conn, panelist, interview_id)?;
    let record = find_record(conn, interview_id)?;
    card_view(conn, seat, record)
}

/// Checks a typed card against its focus dimensions; `complete` adds the submission rules:
/// every focus dimension rated, evidence for 1, 2 and 5, an overall recommendation.
fn check_input(
    conn: &Connection,
    focus: &[Dimension],
    input: &ScorecardInput,
    complete: bool,
) -> Result<()> {
    let mut seen = Vec::new();
    for rating in &input.ratings {
        let Some(dimension) = focus.iter().find(|d| d.id == rating.dimension_id) else {
            return Err(Error::invalid(
                "ratings",
                format!(
                    "Dimension {} is not a focus of this interview",
                    rating.dimension_id
                ),
            ));
        };
        if seen.contains(&rating.dimension_id) {
            return Err(Error::invalid(
                "ratings",
                format!("{} is rated twice", dimension.name),
            ));
        }
        seen.push(rating.dimension_id);
        if let Some(score) = rating.score {
            let field = rating_field(dimension.id, "score");
            rules::between(
                &field,
                &format!("The rating of {}", dimension.name),
                score,
                1,
                5,
            )?;
        }
    }
    if !complete {
        return Ok(());
    }
    for dimension in focus {
        let typed = input
            .ratings
            .iter()
            .find(|r| r.dimension_id == dimension.id);
        let Some((score, evidence)) = typed.and_then(|r| Some((r.score?, r.evidence.clone())))
        else {
            return Err(Error::invalid(
                rating_field(dimension.id, "score"),
                format!("Rate {} from 1 to 5 before submitting", dimension.name),
            ));
        };
        let rating = Rating {
            id: 0,
            scorecard_id: 0,
            dimension_id: dimension.id,
            score,
            evidence,
        };
        rating.validate(conn).map_err(|err| match err {
            Error::Invalid { field, message } => Error::Invalid {
                field: rating_field(dimension.id, &field),
                message: format!("{}: {message}", dimension.name),
            },
            other => other,
        })?;
    }
    if input.recommendation.is_none() {
        return Err(Error::invalid(
            "recommendation",
            "Give an overall recommendation before submitting",
        ));
    }
    Ok(())
}

/// Writes a card (ratings first, so the submission itself comes last) and audits it as one
/// record, before and after.
fn write_card(
    conn: &Connection,
    interview_id: i64,
    before: Option<&CardRecord>,
    input: &ScorecardInput,
    submitted_at: Option<Timestamp>,
    now: Timestamp,
) -> Result<CardRecord> {
    let stamp = timestamp_text(now);
    let card_id = match before {
        Some(record) => record.scorecard.id,
        None => {
            conn.execute(
                "INSERT INTO scorecard (interview_id, created_at, updated_at) VALUES (?1, ?2, ?2)",
                params![interview_id, stamp],
            )?;
            conn.last_insert_rowid()
        }
    };
    conn.execute("DELETE FROM rating WHERE scorecard_id = ?1", [card_id])?;
    conn.execute(
        "DELETE FROM draft_evidence WHERE scorecard_id = ?1",
        [card_id],
    )?;
    for rating in &input.ratings {
        let evidence = rating.evidence.trim();
        match rating.score {
            Some(score) => conn.execute(
                "INSERT INTO rating (scorecard_id, dimension_id, score, evidence, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![card_id, rating.dimension_id, score, evidence, stamp],
            )?,
            None if !evidence.is_empty() => conn.execute(
                "INSERT INTO draft_evidence (scorecard_id, dimension_id, evidence, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![card_id, rating.dimension_id, evidence, stamp],
            )?,
            None => 0,
        };
    }
    conn.execute(
        "UPDATE scorecard SET recommendation = ?1, strong_signals = ?2, red_flags = ?3,
                submitted_at = ?4, updated_at = ?5 WHERE id = ?6",
        params![
            input.recommendation,
            input.strong_signals.trim(),
            input.red_flags.trim(),
            submitted_at,
            stamp,
            card_id
        ],
    )?;
    let after = load_record(conn, card_id)?;
    let action = if before.is_some() { "update" } else { "create" };
    record_change(
        conn,
        Scorecard::TABLE,
        card_id,
        action,
        before,
        Some(&after),
        now,
    )?;
    Ok(after)
}

/// The seat, its focus dimensions and its stored card, for a panelist's own interview.
fn own_card(
    conn: &Connection,
    panelist: &str,
    interview_id: i64,
) -> Result<(PanelSeat, Vec<Dimension>, Option<CardRecord>)> {
    let seat = own_seat(conn, panelist, interview_id)?;
    let interview: Interview = entity::get(conn, interview_id)?;
    let focus = focus_dimensions(conn, &interview, seat.requisition_id)?;
    let record = find_record(conn, interview_id)?;
    Ok((seat, focus, record))
}

fn refuse_if_submitted(record: Option<&CardRecord>) -> Result<()> {
    match record.and_then(|r| r.scorecard.submitted_at) {
        Some(at) => Err(Error::Conflict(format!(
            "This scorecard was submitted on {}; amend it to change it",
            at.date_naive()
        ))),
        None => Ok(()),
    }
}

/// Saves a draft as typed: scores within 1–5 on focus dimensions, nothing else required.
pub fn save_draft(
    conn: &Connection,
    panelist: &str,
    interview_id: i64,
    input: &ScorecardInput,
    now: Timestamp,
) -> Result<CardView> {
    let (seat, focus, record) = own_card(conn, panelist, interview_id)?;
    refuse_if_submitted(record.as_ref())?;
    check_input(conn, &focus, input, false)?;
    let saved = write_card(conn, interview_id, record.as_ref(), input, None, now)?;
    card_view(conn, seat, Some(saved))
}

/// Why a submission or an amendment is not undone.
pub const NOT_UNDONE: &str = "submitted scorecards are amended, not undone";

/// Submits a panelist's card: every focus dimension rated 1–5, evidence for 1, 2 and 5, and
/// an overall recommendation. From then on it changes only through [`amend`].
pub fn submit(
    conn: &Connection,
    panelist: &str,
    interview_id: i64,
    input: &ScorecardInput,
    now: Timestamp,
) -> Result<CardView> {
    let (seat, focus, record) = own_card(conn, panelist, interview_id)?;
    refuse_if_submitted(record.as_ref())?;
    check_input(conn, &focus, input, true)?;
    crate::store::capture::refuse(conn, NOT_UNDONE)?;
    let saved = write_card(conn, interview_id, record.as_ref(), input, Some(now), now)?;
    card_view(conn, seat, Some(saved))
}

/// Changes a submitted card under the submission rules, with a reason. The card as it was is
/// kept in the audit log (`change.before`); the submission time stays the original one.
pub fn amend(
    conn: &Connection,
    panelist: &str,
    interview_id: i64,
    input: &ScorecardInput,
    reason: &str,
    now: Timestamp,
) -> Result<CardView> {
    let (seat, focus, record) = own_card(conn, panelist, interview_id)?;
    let Some(original) = record.filter(|r| r.scorecard.submitted_at.is_some()) else {
        return Err(Error::Conflict(
            "Only a submitted scorecard is amended; save or submit the draft".into(),
        ));
    };
    check_input(conn, &focus, input, true)?;
    crate::store::capture::refuse(conn, NOT_UNDONE)?;
    let open = Amendment {
        id: 0,
        scorecard_id: original.scorecard.id,
        reason: reason.trim().into(),
        amended_at: now,
        applied: false,
    };
    let mut amendment = entity::insert(conn, open, now)?;
    let saved = write_card(
        conn,
        interview_id,
        Some(&original),
        input,
        original.scorecard.submitted_at,
        now,
    )?;
    amendment.applied = true;
    entity::update(conn, amendment, now)?;
    card_view(conn, seat, Some(saved))
}

/// The blind rule: a viewer on the candidate's panel reads other cards only once every one of
/// their own cards for that candidate is submitted. Viewers not on the panel may read.
pub fn check_unblinded(conn: &Connection, viewer: &str, candidate_id: i64) -> Result<()> {
    let viewer = who(viewer)?;
    let waiting: Vec<PanelSeat> = panel(conn, candidate_id)?
        .into_iter()
        .filter(|s| same_person(&s.interviewer, viewer) && s.status != CardStatus::Submitted)
        .collect();
    if let Some(first) = waiting.first() {
        return Err(Error::Conflict(format!(
            "Scorecards are blind until submitted: submit your scorecard for {} ({}) before reading the panel's",
            first.candidate, first.exercise
        )));
    }
    Ok(())
}

/// The submitted cards of a candidate's panel, for a viewer the blind rule lets read them.
/// Drafts are never shown to anyone but their author.
pub fn panel_cards(conn: &Connection, viewer: &str, candidate_id: i64) -> Result<Vec<CardView>> {
    check_unblinded(conn, viewer, candidate_id)?;
    panel(conn, candidate_id)?
        .into_iter()
        .filter(|s| s.status == CardStatus::Submitted)
        .map(|seat| {
            let record = find_record(conn, seat.interview_id)?;
            card_view(conn, seat, record)
        })
        .collect()
}

#[cfg(test)]
mod tests;
