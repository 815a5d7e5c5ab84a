//! The demo's hiring: requisitions for the open seats, candidates with their stage history,
//! interview loops with scorecards, and the decisions made.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::hiring::{
    Candidate, Decision, DecisionOutcome, Dimension, IdList, Interview, Rating, Recommendation,
    Requisition, Scorecard, Stage, StageChange,
};
use crate::org::PositionStatus;
use crate::store::entity;
use crate::Result;

use super::dates::{at_time, plus_days};
use super::{missing, Demo};

/// key, team, seat (person for a filled seat, role for an open one), title, hiring manager,
/// opened, closed ("" = open), interview panel (one interviewer per exercise).
type RequisitionRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    [&'static str; 4],
);

#[rustfmt::skip]
const REQUISITIONS: &[RequisitionRow] = &[
    ("search-senior", "search", "Senior ML Engineer", "Senior ML Engineer, Search Relevance", "Priya Raman", "2026-08-17", "", ["Tomasz Nowak", "Aisha Bello", "Ines Duarte", "Diego Alvarez"]),
    ("recs-backfill", "recs", "Senior ML Engineer", "Senior ML Engineer, Recommendations (backfill)", "Hannah Schmidt", "2026-10-26", "", ["Rafael Costa", "Hannah Schmidt", "Julia Weber", "Hiroshi Sato"]),
    ("platform-staff", "platform", "Staff MLOps Engineer", "Staff MLOps Engineer, ML Platform", "Marcus Lindqvist", "2026-06-01", "", ["Ines Duarte", "Ravi Shankar", "Grace Mensah", "Diego Alvarez"]),
    ("sre", "sre", "Site Reliability Engineer, ML", "Site Reliability Engineer, ML Reliability", "Diego Alvarez", "2026-09-14", "", ["Hiroshi Sato", "Ravi Shankar", "Laura Jensen", "Diego Alvarez"]),
    ("data", "data", "Data Engineer", "Data Engineer, Feature Pipelines", "Carlos Mendoza", "2026-10-05", "", ["Anna Novak", "Carlos Mendoza", "Ahmed Karim", "Amelia Wright"]),
    ("search-l4", "search", "Lucas Ferreira", "ML Engineer, Search Relevance", "Priya Raman", "2026-04-06", "2026-06-12", ["Tomasz Nowak", "Daniel Okafor", "Julia Weber", "Hiroshi Sato"]),
    ("platform-l4", "platform", "Ben Carter", "MLOps Engineer, ML Platform", "Marcus Lindqvist", "2026-01-12", "2026-03-20", ["Ravi Shankar", "Olivia Chen", "Arjun Mehta", "Amelia Wright"]),
];

/// How far a candidate's interview loop has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    /// No onsite loop.
    NoLoop,
    /// Every scorecard submitted.
    Submitted,
    /// The last panelist has a draft scorecard (others cannot see theirs yet).
    OneDraft,
    /// Interviews booked after today, no scorecards yet.
    Scheduled,
}

/// requisition key, name, source, stage history, loop, true ability per default dimension (1–5).
type CandidateRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(Stage, &'static str)],
    Panel,
    [i64; 8],
);

#[rustfmt::skip]
const CANDIDATES: &[CandidateRow] = {
    use Panel::*;
    use Stage::*;
    const NONE: [i64; 8] = [3; 8];
    &[
        ("search-senior", "Amara Nwosu", "referral", &[(Applied, "2026-08-25"), (Screen, "2026-09-01"), (Onsite, "2026-09-22"), (Debrief, "2026-09-30"), (Offer, "2026-10-06")], Submitted, [5, 4, 4, 4, 4, 3, 4, 5]),
        ("search-senior", "Jordan Ellis", "LinkedIn", &[(Applied, "2026-09-02"), (Screen, "2026-09-10"), (Onsite, "2026-11-10")], OneDraft, [4, 3, 3, 3, 4, 3, 2, 4]),
        ("search-senior", "Felix Wagner", "agency", &[(Applied, "2026-08-28"), (Screen, "2026-09-04"), (Rejected, "2026-09-08")], NoLoop, NONE),
        ("search-senior", "Isabel Moreno", "careers site", &[(Applied, "2026-11-09")], NoLoop, NONE),
        ("recs-backfill", "Kenji Watanabe", "referral", &[(Applied, "2026-10-28"), (Screen, "2026-11-06")], NoLoop, NONE),
        ("recs-backfill", "Leila Farahani", "LinkedIn", &[(Applied, "2026-11-02")], NoLoop, NONE),
        ("platform-staff", "Dmitri Volkov", "LinkedIn", &[(Applied, "2026-06-15"), (Screen, "2026-06-24"), (Onsite, "2026-07-14"), (Debrief, "2026-07-21"), (Rejected, "2026-07-22")], Submitted, [3, 2, 2, 3, 2, 2, 1, 3]),
        ("platform-staff", "Sun-Hee Park", "referral", &[(Applied, "2026-07-06"), (Screen, "2026-07-15"), (Withdrawn, "2026-07-29")], NoLoop, NONE),
        ("platform-staff", "Patrick O'Neill", "agency", &[(Applied, "2026-09-21"), (Screen, "2026-09-29"), (Onsite, "2026-10-27"), (Debrief, "2026-11-04")], Submitted, [4, 5, 4, 4, 3, 3, 3, 4]),
        ("platform-staff", "Noah Fischer", "careers site", &[(Applied, "2026-10-19"), (Screen, "2026-10-30"), (Onsite, "2026-11-13")], Scheduled, NONE),
        ("sre", "Valentina Cruz", "referral", &[(Applied, "2026-09-20"), (Screen, "2026-09-29"), (Onsite, "2026-10-20")], Submitted, [3, 3, 5, 3, 4, 3, 3, 4]),
        ("sre", "Ali Rahimi", "LinkedIn", &[(Applied, "2026-10-12"), (Screen, "2026-10-22")], NoLoop, NONE),
        ("data", "Mateo Silva", "referral", &[(Applied, "2026-10-09"), (Screen, "2026-10-21")], NoLoop, NONE),
        ("data", "Harriet Osei", "careers site", &[(Applied, "2026-10-14")], NoLoop, NONE),
        ("search-l4", "Lucas Ferreira", "university network", &[(Applied, "2026-04-20"), (Screen, "2026-04-29"), (Onsite, "2026-05-19"), (Debrief, "2026-05-27"), (Offer, "2026-06-02"), (Hired, "2026-06-12")], Submitted, [4, 3, 4, 3, 3, 3, 3, 3]),
        ("search-l4", "Tariq Aziz", "agency", &[(Applied, "2026-04-22"), (Screen, "2026-05-01"), (Onsite, "2026-05-21"), (Debrief, "2026-05-27"), (Rejected, "2026-05-28")], Submitted, [2, 3, 2, 2, 3, 2, 3, 2]),
        ("platform-l4", "Ben Carter", "referral", &[(Applied, "2026-01-26"), (Screen, "2026-02-04"), (Onsite, "2026-02-24"), (Debrief, "2026-03-03"), (Offer, "2026-03-10"), (Hired, "2026-03-20")], Submitted, [3, 4, 3, 3, 3, 3, 3, 3]),
        ("platform-l4", "Ella Svensson", "LinkedIn", &[(Applied, "2026-01-30"), (Screen, "2026-02-09"), (Onsite, "2026-03-02"), (Withdrawn, "2026-03-05")], Submitted, [3, 3, 3, 4, 3, 3, 3, 3]),
    ]
};

/// The four exercises of the loop and the dimensions (default order, 0-based) each one probes.
#[rustfmt::skip]
const EXERCISES: [(&str, &[usize]); 4] = [
    ("Architecture case study: real-time inference for a product feature, with pipelines, rollout, rollback and cost", &[0, 2, 7]),
    ("MLOps maturity assessment: 6–12 month plan for a team with manual deployments and thin monitoring", &[1, 3]),
    ("Leadership scenario: Product wants to launch sooner, Security wants controls, data pipelines are unstable", &[4, 5, 6]),
    ("Incident review simulation: a drift-driven degradation in production", &[2, 0]),
];

/// What a panelist wrote for a low (1–2), middling (3) and high (4–5) rating, per default dimension.
const EVIDENCE: [[&str; 3]; 8] = [
    [
        "Design stopped at the model: no serving path, fallback or rollback.",
        "Sound online design with a feature store and a canary; latency and cost trade-offs stayed vague.",
        "Went from event ingestion to serving with a latency budget, fallback rules, rollback and cost per 1k.",
    ],
    [
        "Treats deployment as another team's hand-off; no view on CI/CD, registry or reproducibility.",
        "Knows the MLOps building blocks; the adoption plan leaned on mandates rather than paved roads.",
        "Sequenced registry, CI/CD templates and monitoring into a nine-month plan with adoption KPIs.",
    ],
    [
        "Could not say how drift would be noticed or who gets paged; called it a data science problem.",
        "Reasonable mitigations (rollback, rules fallback) but no SLOs or error budget.",
        "Named the signals first, rolled back within minutes and proposed fixes that prevent a repeat.",
    ],
    [
        "Roadmap was a list of models without outcomes, sequencing or opportunity cost.",
        "Tied work to outcomes but did not sequence platform work against feature delivery.",
        "Balanced platform, debt and features with outcome metrics and an explicit cut line.",
    ],
    [
        "Adversarial towards Security and Product; wanted to escalate rather than negotiate.",
        "Reached a workable compromise between launch date and controls after prompting.",
        "Reframed the conflict around a shared launch criterion and agreed a staged rollout.",
    ],
    [
        "No example of growing a senior engineer or handling underperformance.",
        "Good one-to-one practice; little evidence of building managers or succession.",
        "Concrete stories of growing tech leads into managers and holding a high hiring bar.",
    ],
    [
        "Dismissed privacy and model risk review as someone else's job.",
        "Aware of model risk review and PII handling; would need help designing controls.",
        "Made model cards, lineage and privacy review release gates without slowing delivery.",
    ],
    [
        "Answers wandered; no summary and no decision asked for.",
        "Clear when prompted; the executive summary came late.",
        "Opened with the decision needed, the risk and the cost in three sentences.",
    ],
];

/// candidate, outcome, rationale, decided on.
#[rustfmt::skip]
const DECISIONS: &[(&str, DecisionOutcome, &str, &str)] = &[
    ("Ben Carter", DecisionOutcome::Hire, "Hands-on MLOps experience and steady reliability instincts; the panel said yes across the board.", "2026-03-04"),
    ("Lucas Ferreira", DecisionOutcome::Hire, "Solid fundamentals and good operational judgement for L4; clear growth path.", "2026-05-28"),
    ("Tariq Aziz", DecisionOutcome::NoHire, "Could not connect modelling work to production operation or to outcomes.", "2026-05-27"),
    ("Dmitri Volkov", DecisionOutcome::NoHire, "No credible approach to monitoring or rollback, and dismissed privacy review.", "2026-07-21"),
    ("Amara Nwosu", DecisionOutcome::Hire, "Strong systems depth and cost fluency; unanimous yes. Offer at L6.", "2026-10-01"),
];

impl Demo<'_> {
    pub(super) fn add_hiring(&mut self) -> Result<()> {
        let mut dimensions: Vec<Dimension> = entity::list(self.conn)?;
        dimensions.sort_by_key(|d| d.sort_order);
        let dimension_ids: Vec<i64> = dimensions.iter().map(|d| d.id).collect();
        let mut requisitions = BTreeMap::new();
        for &(key, team, seat, title, manager, opened, closed, panel) in REQUISITIONS {
            let team_id = self.team(team)?;
            let position = self
                .positions
                .iter()
                .find(|p| {
                    p.team_id == team_id
                        && (p.person == seat
                            || (p.role == seat && p.status == PositionStatus::Open))
                })
                .ok_or_else(|| missing("position for requisition", key))?;
            let requisition = self.put(Requisition {
                id: 0,
                position_id: position.id,
                title: title.into(),
                hiring_manager: manager.into(),
                opened_on: self.dates.day(opened)?,
                closed_on: self.dates.optional_day(closed)?,
            })?;
            requisitions.insert(key, (requisition.id, panel));
        }
        let mut candidates = BTreeMap::new();
        for &(requisition, name, source, history, panel, ability) in CANDIDATES {
            let &(requisition_id, interviewers) = requisitions
                .get(requisition)
                .ok_or_else(|| missing("requisition", requisition))?;
            let (&(_, applied), &(stage, _)) = history
                .first()
                .zip(history.last())
                .ok_or_else(|| missing("stage history of", name))?;
            let candidate = self.put(Candidate {
                id: 0,
                requisition_id,
                name: name.into(),
                source: source.into(),
                stage,
                applied_on: self.dates.day(applied)?,
            })?;
            for &(stage, on) in history {
                self.put(StageChange {
                    id: 0,
                    candidate_id: candidate.id,
                    stage,
                    changed_on: self.dates.day(on)?,
                })?;
            }
            if let Some(&(_, onsite)) = history.iter().find(|(stage, _)| *stage == Stage::Onsite) {
                let first_day = plus_days(
                    self.dates.day(onsite)?,
                    if panel == Panel::Scheduled { 5 } else { 0 },
                )?;
                self.interview_loop(
                    candidate.id,
                    first_day,
                    panel,
                    interviewers,
                    ability,
                    &dimension_ids,
                )?;
            }
            candidates.insert(name, candidate.id);
        }
        for &(name, outcome, rationale, decided) in DECISIONS {
            let candidate_id = *candidates
                .get(name)
                .ok_or_else(|| missing("candidate", name))?;
            self.put(Decision {
                id: 0,
                candidate_id,
                outcome,
                rationale: rationale.into(),
                decided_on: self.dates.day(decided)?,
            })?;
        }
        Ok(())
    }

    /// Four interviews over two days, one per exercise, each rating its focus dimensions.
    fn interview_loop(
        &mut self,
        candidate_id: i64,
        first_day: NaiveDate,
        panel: Panel,
        interviewers: [&str; 4],
        ability: [i64; 8],
        dimension_ids: &[i64],
    ) -> Result<()> {
        for (index, ((exercise, focus), interviewer)) in
            EXERCISES.iter().zip(interviewers).enumerate()
        {
            let scheduled_on = plus_days(first_day, index as u64 / 2)?;
            let focus_ids = focus
                .iter()
                .map(|&d| {
                    dimension_ids
                        .get(d)
                        .copied()
                        .ok_or_else(|| missing("dimension", &d.to_string()))
                })
                .collect::<Result<Vec<i64>>>()?;
            let interview = self.put(Interview {
                id: 0,
                candidate_id,
                interviewer: interviewer.into(),
                exercise: (*exercise).into(),
                scheduled_on,
                focus: IdList(focus_ids.clone()),
            })?;
            if panel == Panel::Scheduled {
                continue;
            }
            let draft = panel == Panel::OneDraft && index == EXERCISES.len() - 1;
            // Panelists mostly see the candidate's true level; one in five reads it a notch off.
            let scores: Vec<(usize, i64)> = focus
                .iter()
                .map(|&d| {
                    let delta = match self.rng.between(0, 9) {
                        0 => -1,
                        9 => 1,
                        _ => 0,
                    };
                    (d, (ability[d] + delta).clamp(1, 5))
                })
                .collect();
            self.scorecard(interview.id, scheduled_on, &scores, &focus_ids, draft)?;
        }
        Ok(())
    }

    fn scorecard(
        &mut self,
        interview_id: i64,
        held_on: NaiveDate,
        scores: &[(usize, i64)],
        dimension_ids: &[i64],
        draft: bool,
    ) -> Result<()> {
        let best = scores.iter().max_by_key(|(_, s)| *s).copied();
        let worst = scores.iter().min_by_key(|(_, s)| *s).copied();
        let strong_signals = best
            .filter(|(_, s)| *s >= 4)
            .map(|(d, s)| evidence(d, s))
            .unwrap_or_default();
        let red_flags = worst
            .filter(|(_, s)| *s <= 2)
            .map(|(d, s)| evidence(d, s))
            .unwrap_or_default();
        let total: i64 = scores.iter().map(|(_, s)| s).sum();
        let mean_x10 = total * 10 / i64::try_from(scores.len().max(1)).unwrap_or(1);
        // A 3 meets the bar for the level, so a panelist averaging 3 leans yes.
        let recommendation = match mean_x10 {
            43.. => Recommendation::StrongYes,
            30..=42 => Recommendation::Yes,
            23..=29 => Recommendation::No,
            _ => Recommendation::StrongNo,
        };
        let card = self.put(Scorecard {
            id: 0,
            interview_id,
            recommendation: (!draft).then_some(recommendation),
            strong_signals: strong_signals.into(),
            red_flags: red_flags.into(),
            submitted_at: if draft {
                None
            } else {
                Some(at_time(plus_days(held_on, 1)?, 17, 30)?)
            },
        })?;
        // A draft has only its first rating so far.
        let rated = if draft { 1 } else { scores.len() };
        for (&(dimension, score), &dimension_id) in scores.iter().zip(dimension_ids).take(rated) {
            self.put(Rating {
                id: 0,
                scorecard_id: card.id,
                dimension_id,
                score,
                evidence: evidence(dimension, score).into(),
            })?;
        }
        Ok(())
    }
}

/// The evidence sentence for a rating of `score` on default dimension `dimension`.
fn evidence(dimension: usize, score: i64) -> &'static str {
    let band = match score {
        ..=2 => 0,
        3 => 1,
        _ => 2,
    };
    EVIDENCE
        .get(dimension)
        .map(|texts| texts[band])
        .unwrap_or_default()
}
