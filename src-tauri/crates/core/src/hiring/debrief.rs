//! Debriefs and calibration: per candidate, the dimensions × interviewers matrix with mean,
//! spread and disagreement flags, the recommendations and the decision; per requisition,
//! its candidates side by side. Both read only submitted cards, under the blind rule.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::hiring::pipeline::live_candidate;
use crate::hiring::requisition_dimensions;
use crate::hiring::scorecards::{self, CardStatus, CardView};
use crate::hiring::{Candidate, Decision, DecisionOutcome, Recommendation, Requisition, Stage};
use crate::store::entity::{self, Timestamp};
use crate::{Error, Result};

/// Panelists whose ratings of one dimension differ by this much or more are flagged.
pub const DISAGREEMENT_SPREAD: i64 = 2;

/// One submitted card as a matrix column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DebriefColumn {
    pub interview_id: i64,
    pub interviewer: String,
    pub exercise: String,
}

/// One dimension across the panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DebriefRow {
    pub dimension_id: i64,
    pub dimension: String,
    /// One entry per column; `None` where that interview did not probe the dimension.
    pub ratings: Vec<Option<i64>>,
    /// The evidence behind each rating, per column.
    pub evidence: Vec<String>,
    pub mean: Option<f64>,
    /// Highest minus lowest rating.
    pub spread: Option<i64>,
    /// Panelists differ by [`DISAGREEMENT_SPREAD`] or more: discuss before deciding.
    pub disagreement: bool,
}

/// How many panelists gave each overall recommendation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub strong_no: i64,
    pub no: i64,
    pub yes: i64,
    pub strong_yes: i64,
}

impl Tally {
    fn add(&mut self, recommendation: Recommendation) {
        let slot = match recommendation {
            Recommendation::StrongNo => &mut self.strong_no,
            Recommendation::No => &mut self.no,
            Recommendation::Yes => &mut self.yes,
            Recommendation::StrongYes => &mut self.strong_yes,
        };
        *slot += 1;
    }
}

/// A panelist's overall call with their notes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelRecommendation {
    pub interviewer: String,
    pub exercise: String,
    pub recommendation: Option<Recommendation>,
    pub strong_signals: String,
    pub red_flags: String,
}

/// Everything the debrief of one candidate shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Debrief {
    pub candidate_id: i64,
    pub candidate: String,
    pub requisition_id: i64,
    pub requisition: String,
    pub stage: Stage,
    pub columns: Vec<DebriefColumn>,
    pub rows: Vec<DebriefRow>,
    /// Mean of the dimension means (each dimension counts once).
    pub overall_mean: Option<f64>,
    pub disagreements: usize,
    pub recommendations: Vec<PanelRecommendation>,
    pub tally: Tally,
    /// Interviewers whose card is not submitted yet.
    pub pending: Vec<String>,
    pub decision: Option<Decision>,
}

/// Mean and spread (max − min) of some ratings; `None` for none.
pub fn mean_and_spread(values: &[i64]) -> (Option<f64>, Option<i64>) {
    let (Some(min), Some(max)) = (values.iter().min(), values.iter().max()) else {
        return (None, None);
    };
    let mean = values.iter().sum::<i64>() as f64 / values.len() as f64;
    (Some(mean), Some(max - min))
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The debrief of a candidate for `viewer` (refused while the viewer's own cards are unsubmitted).
pub fn debrief(conn: &Connection, viewer: &str, candidate_id: i64) -> Result<Debrief> {
    let candidate: Candidate = entity::get(conn, candidate_id)?;
    let requisition: Requisition = entity::get(conn, candidate.requisition_id)?;
    let cards = scorecards::panel_cards(conn, viewer, candidate_id)?;
    let pending = scorecards::panel(conn, candidate_id)?
        .into_iter()
        .filter(|s| s.status != CardStatus::Submitted)
        .map(|s| s.interviewer)
        .collect();
    let rows = matrix(conn, requisition.id, &cards)?;
    let row_means: Vec<f64> = rows.iter().filter_map(|r| r.mean).collect();
    let mut tally = Tally::default();
    cards
        .iter()
        .filter_map(|c| c.recommendation)
        .for_each(|r| tally.add(r));
    let decision = entity::list_where(conn, "candidate_id = ?1", [candidate_id])?
        .into_iter()
        .next();
    Ok(Debrief {
        candidate_id,
        candidate: candidate.name,
        requisition_id: requisition.id,
        requisition: requisition.title,
        stage: candidate.stage,
        columns: cards
            .iter()
            .map(|c| DebriefColumn {
                interview_id: c.seat.interview_id,
                interviewer: c.seat.interviewer.clone(),
                exercise: c.seat.exercise.clone(),
            })
            .collect(),
        overall_mean: mean(&row_means),
        disagreements: rows.iter().filter(|r| r.disagreement).count(),
        rows,
        recommendations: cards
            .iter()
            .map(|c| PanelRecommendation {
                interviewer: c.seat.interviewer.clone(),
                exercise: c.seat.exercise.clone(),
                recommendation: c.recommendation,
                strong_signals: c.strong_signals.clone(),
                red_flags: c.red_flags.clone(),
            })
            .collect(),
        tally,
        pending,
        decision,
    })
}

/// Dimensions × cards, in the requisition's dimension order; dimensions nobody rated are left out.
fn matrix(conn: &Connection, requisition_id: i64, cards: &[CardView]) -> Result<Vec<DebriefRow>> {
    let mut dimensions: Vec<(i64, String)> = requisition_dimensions(conn, requisition_id)?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    for dimension in cards.iter().flat_map(|c| &c.dimensions) {
        if !dimensions
            .iter()
            .any(|(id, _)| *id == dimension.dimension_id)
        {
            dimensions.push((dimension.dimension_id, dimension.name.clone()));
        }
    }
    let rows = dimensions
        .into_iter()
        .filter_map(|(dimension_id, dimension)| {
            let cells: Vec<(Option<i64>, String)> = cards
                .iter()
                .map(|card| {
                    card.dimensions
                        .iter()
                        .find(|d| d.dimension_id == dimension_id && d.score.is_some())
                        .map_or((None, String::new()), |d| (d.score, d.evidence.clone()))
                })
                .collect();
            let scores: Vec<i64> = cells.iter().filter_map(|(s, _)| *s).collect();
            let (mean, spread) = mean_and_spread(&scores);
            mean.map(|_| DebriefRow {
                dimension_id,
                dimension,
                disagreement: spread.is_some_and(|s| s >= DISAGREEMENT_SPREAD),
                ratings: cells.iter().map(|(s, _)| *s).collect(),
                evidence: cells.into_iter().map(|(_, e)| e).collect(),
                mean,
                spread,
            })
        });
    Ok(rows.collect())
}

/// Records (or revises) the hire / no-hire decision with its rationale. A decision waits for
/// every card of the loop; a hire needs at least one submitted card.
pub fn decide(
    conn: &Connection,
    candidate_id: i64,
    outcome: DecisionOutcome,
    rationale: &str,
    decided_on: NaiveDate,
    now: Timestamp,
) -> Result<Decision> {
    let candidate = live_candidate(conn, candidate_id)?;
    crate::store::capture::label(conn, &format!("Decide {outcome} for «{}»", candidate.name))?;
    let seats = scorecards::panel(conn, candidate_id)?;
    let pending: Vec<&str> = seats
        .iter()
        .filter(|s| s.status != CardStatus::Submitted)
        .map(|s| s.interviewer.as_str())
        .collect();
    if !pending.is_empty() {
        return Err(Error::Conflict(format!(
            "Wait for every scorecard before deciding on {}: still missing from {}",
            candidate.name,
            pending.join(", ")
        )));
    }
    if outcome == DecisionOutcome::Hire && seats.is_empty() {
        return Err(Error::Conflict(format!(
            "A hire decision on {} needs a submitted scorecard",
            candidate.name
        )));
    }
    let existing: Option<Decision> = entity::list_where(conn, "candidate_id = ?1", [candidate_id])?
        .into_iter()
        .next();
    let decision = Decision {
        id: existing.as_ref().map_or(0, |d| d.id),
        candidate_id,
        outcome,
        rationale: rationale.trim().to_string(),
        decided_on,
    };
    match existing {
        Some(_) => entity::update(conn, decision, now),
        None => entity::insert(conn, decision, now),
    }
}

/// One candidate in the calibration view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationRow {
    pub candidate_id: i64,
    pub candidate: String,
    pub stage: Stage,
    /// The viewer has not submitted their own card for this candidate: figures are hidden.
    pub blind: bool,
    /// Mean per dimension, aligned with [`Calibration::dimensions`].
    pub means: Vec<Option<f64>>,
    pub overall_mean: Option<f64>,
    pub disagreements: usize,
    pub tally: Tally,
    pub submitted: usize,
    pub interviews: usize,
    pub decision: Option<DecisionOutcome>,
}

/// A requisition's interviewed candidates side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub requisition_id: i64,
    pub requisition: String,
    /// (id, name) of each column, in the requisition's order.
    pub dimensions: Vec<(i64, String)>,
    pub candidates: Vec<CalibrationRow>,
}

/// The calibration view of a requisition for `viewer`: every candidate with an interview loop.
pub fn calibration(conn: &Connection, viewer: &str, requisition_id: i64) -> Result<Calibration> {
    let requisition: Requisition = entity::get(conn, requisition_id)?;
    let dimensions: Vec<(i64, String)> = requisition_dimensions(conn, requisition_id)?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut candidates: Vec<Candidate> = entity::list_where(
        conn,
        "requisition_id = ?1 AND id IN (SELECT candidate_id FROM interview)",
        [requisition_id],
    )?;
    candidates.sort_by_key(|c| (c.applied_on, c.id));
    let mut rows = Vec::new();
    for candidate in candidates {
        let seats = scorecards::panel(conn, candidate.id)?;
        let submitted = seats
            .iter()
            .filter(|s| s.status == CardStatus::Submitted)
            .count();
        let decision =
            entity::list_where::<Decision, _>(conn, "candidate_id = ?1", [candidate.id])?
                .into_iter()
                .next()
                .map(|d| d.outcome);
        let mut row = CalibrationRow {
            candidate_id: candidate.id,
            candidate: candidate.name,
            stage: candidate.stage,
            blind: false,
            means: vec![None; dimensions.len()],
            overall_mean: None,
            disagreements: 0,
            tally: Tally::default(),
            submitted,
            interviews: seats.len(),
            decision,
        };
        match debrief(conn, viewer, candidate.id) {
            Ok(debrief) => {
                row.means = dimensions
                    .iter()
                    .map(|(id, _)| {
                        debrief
                            .rows
                            .iter()
                            .find(|r| r.dimension_id == *id)
                            .and_then(|r| r.mean)
                    })
                    .collect();
                row.overall_mean = debrief.overall_mean;
                row.disagreements = debrief.disagreements;
                row.tally = debrief.tally;
            }
            Err(Error::Conflict(_)) => row.blind = true,
            Err(other) => return Err(other),
        }
        rows.push(row);
    }
    Ok(Calibration {
        requisition_id,
        requisition: requisition.title,
        dimensions,
        candidates: rows,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::hiring::fixtures::{org, Org};
    use crate::hiring::scorecards::{submit, RatingInput, ScorecardInput};
    use crate::test_clock::{day, now};

    fn card(
        org: &mut Org,
        interview: i64,
        who: &str,
        scores: &[(usize, i64)],
        rec: Recommendation,
    ) {
        let input = ScorecardInput {
            ratings: scores
                .iter()
                .map(|&(d, score)| RatingInput {
                    dimension_id: org.dimensions[d],
                    score: Some(score),
                    evidence: format!("{who} saw {score}"),
                })
                .collect(),
            strong_signals: String::new(),
            red_flags: String::new(),
            recommendation: Some(rec),
        };
        org.store
            .with_tx(|tx| submit(tx, who, interview, &input, now()))
            .unwrap();
    }

    /// Three panelists; dimension 0 rated 5, 3 and 4 (spread 2), dimension 2 rated 3 and 4.
    fn panel() -> (Org, i64) {
        let mut org = org();
        let ada = org.candidate("Ada Example", "2026-09-03");
        let a = org.interview(ada, "Ines", &[0, 2]);
        let b = org.interview(ada, "Ravi", &[0, 2]);
        let c = org.interview(ada, "Grace", &[0, 1]);
        card(
            &mut org,
            a,
            "Ines",
            &[(0, 5), (2, 3)],
            Recommendation::StrongYes,
        );
        card(&mut org, b, "Ravi", &[(0, 3), (2, 4)], Recommendation::Yes);
        card(&mut org, c, "Grace", &[(0, 4), (1, 2)], Recommendation::No);
        (org, ada)
    }

    /// Dimension id, ratings per column, mean, spread, flagged.
    type MatrixRow = (i64, Vec<Option<i64>>, Option<f64>, Option<i64>, bool);

    #[test]
    fn the_matrix_has_means_spreads_and_disagreement_flags() {
        let (org, ada) = panel();
        let debrief = debrief(org.store.conn(), "Director", ada).unwrap();
        let names: Vec<&str> = debrief
            .columns
            .iter()
            .map(|c| c.interviewer.as_str())
            .collect();
        assert_eq!(names, ["Ines", "Ravi", "Grace"]);
        let summary: Vec<MatrixRow> = debrief
            .rows
            .iter()
            .map(|r| {
                (
                    r.dimension_id,
                    r.ratings.clone(),
                    r.mean,
                    r.spread,
                    r.disagreement,
                )
            })
            .collect();
        let d = &org.dimensions;
        assert_eq!(
            summary,
            vec![
                (
                    d[0],
                    vec![Some(5), Some(3), Some(4)],
                    Some(4.0),
                    Some(2),
                    true
                ),
                (d[1], vec![None, None, Some(2)], Some(2.0), Some(0), false),
                (
                    d[2],
                    vec![Some(3), Some(4), None],
                    Some(3.5),
                    Some(1),
                    false
                ),
            ]
        );
        assert_eq!(debrief.disagreements, 1);
        assert_eq!(debrief.overall_mean, Some((4.0 + 2.0 + 3.5) / 3.0));
        assert_eq!(
            debrief.tally,
            Tally {
                strong_no: 0,
                no: 1,
                yes: 1,
                strong_yes: 1
            }
        );
        assert_eq!(debrief.rows[1].evidence, vec!["", "", "Grace saw 2"]);
        assert!(debrief.pending.is_empty());
    }

    #[test]
    fn decisions_wait_for_the_panel_and_calibration_hides_what_a_panelist_may_not_see() {
        let (mut org, ada) = panel();
        let bo = org.candidate("Bo Example", "2026-09-05");
        org.interview(bo, "Ines", &[0]);
        let err = org
            .store
            .with_tx(|tx| {
                decide(
                    tx,
                    bo,
                    DecisionOutcome::NoHire,
                    "Weak loop",
                    day("2026-10-01"),
                    now(),
                )
            })
            .unwrap_err();
        assert!(err.to_string().contains("Ines"), "{err}");
        let decision = org
            .store
            .with_tx(|tx| {
                decide(
                    tx,
                    ada,
                    DecisionOutcome::Hire,
                    "Strong systems depth",
                    day("2026-10-01"),
                    now(),
                )
            })
            .unwrap();
        assert_eq!(decision.outcome, DecisionOutcome::Hire);

        let requisition_id = org.requisition_id;
        let view = calibration(org.store.conn(), "Ines", requisition_id).unwrap();
        let rows: Vec<(&str, bool, Option<f64>, usize, usize)> = view
            .candidates
            .iter()
            .map(|r| {
                (
                    r.candidate.as_str(),
                    r.blind,
                    r.means[0],
                    r.submitted,
                    r.interviews,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("Ada Example", false, Some(4.0), 3, 3),
                ("Bo Example", true, None, 0, 1)
            ]
        );
        assert_eq!(view.candidates[0].decision, Some(DecisionOutcome::Hire));
    }
}
