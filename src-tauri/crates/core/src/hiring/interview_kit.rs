//! Spreadsheet interview kits: what the kit of one interview holds, where each value sits on
//! its sheet (the report crate writes that layout), and reading a filled kit back as the
//! interviewer's submitted scorecard. A bad kit is an error naming its sheet and cell.

use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::hiring::pipeline::live_candidate;
use crate::hiring::scorecards::{
    self, focus_dimensions, load_record, rating_field, RatingInput, ScorecardInput,
};
use crate::hiring::{Candidate, Interview, Recommendation, Requisition};
use crate::store::entity::{self, Timestamp};
use crate::{Error, Location, Result};

/// Where everything sits on the kit's one input sheet (0-based rows and columns).
pub mod layout {
    use crate::hiring::Recommendation;

    /// The sheet a kit is read from.
    pub const SHEET: &str = "Kit";
    pub const ROW_TITLE: u32 = 0;
    pub const ROW_INTERVIEW: u32 = 2;
    pub const ROW_CANDIDATE: u32 = 3;
    pub const ROW_ROLE: u32 = 4;
    pub const ROW_INTERVIEWER: u32 = 5;
    pub const ROW_EXERCISE: u32 = 6;
    pub const ROW_DATE: u32 = 7;
    pub const ROW_CHECK: u32 = 8;
    pub const ROW_INSTRUCTIONS: u32 = 10;
    pub const ROW_HEADER: u32 = 12;
    pub const ROW_FIRST_DIMENSION: u32 = 13;

    /// Labels of the header block, and dimension names in the table.
    pub const COL_LABEL: u16 = 0;
    /// Values of the header block, "what good looks like" in the table, and the notes.
    pub const COL_VALUE: u16 = 1;
    pub const COL_RATING: u16 = 2;
    pub const COL_EVIDENCE: u16 = 3;
    pub const COL_LISTEN_FOR: u16 = 4;
    pub const COL_WATCH_FOR: u16 = 5;
    /// Hidden: the dimension id of each table row.
    pub const COL_DIMENSION_ID: u16 = 6;

    pub const LABEL_INTERVIEW: &str = "Interview";
    pub const LABEL_CANDIDATE: &str = "Candidate";
    pub const LABEL_ROLE: &str = "Role";
    pub const LABEL_INTERVIEWER: &str = "Interviewer";
    pub const LABEL_EXERCISE: &str = "Exercise";
    pub const LABEL_DATE: &str = "Date";
    pub const LABEL_CHECK: &str = "Kit check (do not edit)";
    pub const LABEL_SIGNALS: &str = "Strong signals";
    pub const LABEL_FLAGS: &str = "Red flags";
    pub const LABEL_RECOMMENDATION: &str = "Overall recommendation";
    /// Table headings, by column.
    pub const HEADINGS: [&str; 7] = [
        "Dimension",
        "What good looks like",
        "Rating (1–5)",
        "Evidence (required for 1, 2 and 5)",
        "Listen for",
        "Watch for",
        "Dimension id",
    ];

    /// The drop-down's labels.
    pub const RECOMMENDATIONS: [(Recommendation, &str); 4] = [
        (Recommendation::StrongNo, "Strong no"),
        (Recommendation::No, "No"),
        (Recommendation::Yes, "Yes"),
        (Recommendation::StrongYes, "Strong yes"),
    ];

    /// Row of the strong-signals note for a kit of `dimensions` rows (its label is in column A).
    pub fn signals_row(dimensions: usize) -> u32 {
        ROW_FIRST_DIMENSION + dimensions as u32 + 1
    }

    /// Row of the red-flags note.
    pub fn flags_row(dimensions: usize) -> u32 {
        signals_row(dimensions) + 1
    }

    /// Row of the recommendation drop-down (in column B).
    pub fn recommendation_row(dimensions: usize) -> u32 {
        signals_row(dimensions) + 2
    }

    /// `Kit!C14` for row 13, column 2.
    pub fn cell(row: u32, col: u16) -> String {
        let mut letters = String::new();
        let mut n = u32::from(col) + 1;
        while n > 0 {
            let rem = (n - 1) % 26;
            letters.insert(0, char::from(b'A' + rem as u8));
            n = (n - 1) / 26;
        }
        format!("{SHEET}!{letters}{}", row + 1)
    }
}

use layout::*;

/// What to listen for and watch for per default dimension, shown beside the rating cells.
const GUIDANCE: [(&str, &str, &str); 8] = [
    (
        "ML Systems & Architecture",
        "Goes from data to serving with the latency, cost and failure trade-offs said out loud.",
        "Stops at the model; cannot say how an experiment differs from a production system.",
    ),
    (
        "MLOps & Platform Engineering",
        "Paved roads several teams chose to adopt, and how adoption was measured.",
        "A platform that every team has to queue behind.",
    ),
    (
        "Reliability & Operations",
        "SLIs and SLOs, a rollback path, and what changed for good after an incident.",
        "No plan for monitoring or rollback; incidents called a data science problem.",
    ),
    (
        "Strategy & Roadmapping",
        "Work tied to outcome metrics; platform sequenced against feature delivery.",
        "Activity without outcomes: better accuracy with no product effect named.",
    ),
    (
        "Cross-Functional Leadership",
        "Turns a Product / Security / Data conflict into one launch criterion everyone signs.",
        "Adversarial with partners; escalates instead of aligning.",
    ),
    (
        "People Leadership",
        "Has grown managers and senior engineers, kept a hiring bar, handled underperformance.",
        "Never managed managers; every decision runs through them.",
    ),
    (
        "Security/Privacy/Governance Awareness",
        "Privacy review, lineage and audit trails built into delivery, not bolted on.",
        "Governance, privacy or security treated as someone else's job.",
    ),
    (
        "Communication & Executive Presence",
        "Opens with the decision needed, the risk and the cost.",
        "Wanders; no summary and nothing asked of the audience.",
    ),
];

/// A focus dimension as the kit shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KitDimension {
    pub id: i64,
    pub name: String,
    pub good_looks_like: String,
    pub listen_for: String,
    pub watch_for: String,
}

/// Values in a kit's input cells; a fresh kit has none. Tests fill kits through this.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KitAnswers {
    /// (rating, evidence) per dimension row, in order.
    pub ratings: Vec<(Option<i64>, String)>,
    pub strong_signals: String,
    pub red_flags: String,
    /// The drop-down's text, e.g. "Strong yes".
    pub recommendation: String,
}

/// Everything the kit of one interview shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KitContent {
    pub interview_id: i64,
    pub candidate: String,
    pub role: String,
    pub interviewer: String,
    pub exercise: String,
    pub scheduled_on: chrono::NaiveDate,
    pub dimensions: Vec<KitDimension>,
    /// Ties the kit to the interview and its focus; a kit whose check differs is refused.
    pub check: String,
    pub answers: KitAnswers,
}

/// The check value of a kit for `interview` (stable while the interview's panelist and
/// focus stay the same). It detects edits, it is not a signature.
pub fn kit_check(interview: &Interview) -> String {
    let focus: Vec<String> = interview.focus.0.iter().map(i64::to_string).collect();
    let text = format!(
        "quartermaster-kit/1|{}|{}|{}|{}",
        interview.id,
        interview.candidate_id,
        interview.interviewer.trim().to_lowercase(),
        focus.join(",")
    );
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("QK1-{hex}")
}

/// The kit of one interview whose card is not submitted yet. It never carries a draft:
/// drafts stay with their author.
pub fn kit_content(conn: &Connection, interview_id: i64) -> Result<KitContent> {
    let interview: Interview = entity::get(conn, interview_id)?;
    let candidate = live_candidate(conn, interview.candidate_id)?;
    let requisition: Requisition = entity::get(conn, candidate.requisition_id)?;
    refuse_submitted(conn, &interview)?;
    let dimensions = focus_dimensions(conn, &interview, requisition.id)?
        .into_iter()
        .map(|d| {
            let (listen_for, watch_for) = GUIDANCE
                .iter()
                .find(|(name, _, _)| *name == d.name)
                .map_or((String::new(), String::new()), |(_, l, w)| {
                    (l.to_string(), w.to_string())
                });
            KitDimension {
                id: d.id,
                name: d.name,
                good_looks_like: d.good_looks_like,
                listen_for,
                watch_for,
            }
        })
        .collect();
    Ok(KitContent {
        interview_id,
        check: kit_check(&interview),
        candidate: candidate.name,
        role: requisition.title,
        interviewer: interview.interviewer,
        exercise: interview.exercise,
        scheduled_on: interview.scheduled_on,
        dimensions,
        answers: KitAnswers::default(),
    })
}

fn refuse_submitted(conn: &Connection, interview: &Interview) -> Result<()> {
    let card: Option<i64> = conn
        .query_row(
            "SELECT id FROM scorecard WHERE interview_id = ?1",
            [interview.id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(card) = card {
        if load_record(conn, card)?.scorecard.submitted_at.is_some() {
            return Err(Error::Conflict(format!(
                "{} already submitted the scorecard of interview {}; amend it in the app",
                interview.interviewer, interview.id
            )));
        }
    }
    Ok(())
}

/// What an imported kit became.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KitImport {
    pub interview_id: i64,
    pub candidate: String,
    pub interviewer: String,
    pub scorecard_id: Option<i64>,
}

/// The kit sheet as read, naming cells in errors.
struct Sheet {
    range: Range<Data>,
    file: String,
}

impl Sheet {
    fn value(&self, row: u32, col: u16) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.range
            .get_value((row, u32::from(col)))
            .unwrap_or(&EMPTY)
    }

    fn text(&self, row: u32, col: u16) -> String {
        match self.value(row, col) {
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Empty => String::new(),
            other => other.to_string(),
        }
    }

    fn error(&self, row: u32, col: u16, reason: impl Into<String>) -> Error {
        Error::Parse {
            at: Location {
                file: self.file.clone(),
                line: 0,
                column: cell(row, col),
                row_group: None,
            },
            value: self.text(row, col),
            reason: reason.into(),
        }
    }

    fn tampered(&self, row: u32, col: u16, expected: &str) -> Error {
        self.error(
            row,
            col,
            format!("expected {expected:?} here: the kit was changed outside its input cells; make a new kit"),
        )
    }

    fn expect_text(&self, row: u32, col: u16, expected: &str) -> Result<()> {
        if self.text(row, col) != expected {
            return Err(self.tampered(row, col, expected));
        }
        Ok(())
    }

    /// A whole number, or `None` for an empty cell.
    fn whole_number(&self, row: u32, col: u16, what: &str) -> Result<Option<i64>> {
        let bad = || self.error(row, col, format!("{what} must be a whole number"));
        match self.value(row, col) {
            Data::Empty => Ok(None),
            Data::Int(n) => Ok(Some(*n)),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(Some(*f as i64)),
            Data::String(s) if s.trim().is_empty() => Ok(None),
            Data::String(s) => s.trim().parse().map(Some).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

/// Reads a filled kit and submits it as its interviewer's scorecard, under the same rules as
/// in the app. Run it in one transaction: on any error nothing is imported.
pub fn import_kit(conn: &Connection, path: &Path, now: Timestamp) -> Result<KitImport> {
    let file = path.display().to_string();
    let mut workbook: Xlsx<_> = calamine::open_workbook(path)
        .map_err(|e| Error::io(&file, format!("not a readable xlsx file ({e})")))?;
    let range = workbook.worksheet_range(SHEET).map_err(|_| Error::Parse {
        at: Location {
            file: file.clone(),
            line: 0,
            column: SHEET.into(),
            row_group: None,
        },
        value: String::new(),
        reason: format!(
            "there is no sheet named {SHEET:?}: not an interview kit, or its sheet was renamed"
        ),
    })?;
    let sheet = Sheet { range, file };
    sheet.expect_text(ROW_INTERVIEW, COL_LABEL, LABEL_INTERVIEW)?;
    let interview_id = sheet
        .whole_number(ROW_INTERVIEW, COL_VALUE, "The interview number")?
        .ok_or_else(|| sheet.error(ROW_INTERVIEW, COL_VALUE, "the interview number is missing"))?;
    let interview: Interview = entity::find(conn, interview_id)?.ok_or_else(|| {
        sheet.error(
            ROW_INTERVIEW,
            COL_VALUE,
            format!("there is no interview {interview_id} in this organisation"),
        )
    })?;
    sheet.expect_text(ROW_CHECK, COL_LABEL, LABEL_CHECK)?;
    if sheet.text(ROW_CHECK, COL_VALUE) != kit_check(&interview) {
        return Err(sheet.error(
            ROW_CHECK,
            COL_VALUE,
            format!(
                "the kit check does not match interview {interview_id}: the kit was edited, or the \
                 interview's panelist or focus changed since it was made; make a new kit"
            ),
        ));
    }
    let candidate: Candidate = entity::get(conn, interview.candidate_id)?;
    let dimensions = focus_dimensions(conn, &interview, candidate.requisition_id)?;
    let mut ratings = Vec::new();
    for (dimension, row) in dimensions.iter().zip(ROW_FIRST_DIMENSION..) {
        if sheet.whole_number(row, COL_DIMENSION_ID, "The dimension id")? != Some(dimension.id) {
            return Err(sheet.tampered(row, COL_DIMENSION_ID, &dimension.id.to_string()));
        }
        sheet.expect_text(row, COL_LABEL, &dimension.name)?;
        ratings.push(RatingInput {
            dimension_id: dimension.id,
            score: sheet.whole_number(row, COL_RATING, "A rating")?,
            evidence: sheet.text(row, COL_EVIDENCE),
        });
    }
    let n = dimensions.len();
    for (row, label) in [
        (signals_row(n), LABEL_SIGNALS),
        (flags_row(n), LABEL_FLAGS),
        (recommendation_row(n), LABEL_RECOMMENDATION),
    ] {
        sheet.expect_text(row, COL_LABEL, label)?;
    }
    let recommendation_text = sheet.text(recommendation_row(n), COL_VALUE);
    let recommendation = match recommendation_text.as_str() {
        "" => None,
        text => Some(parse_recommendation(text).ok_or_else(|| {
            let allowed: Vec<&str> = RECOMMENDATIONS.iter().map(|(_, label)| *label).collect();
            sheet.error(
                recommendation_row(n),
                COL_VALUE,
                format!("the recommendation must be one of: {}", allowed.join(", ")),
            )
        })?),
    };
    let input = ScorecardInput {
        ratings,
        strong_signals: sheet.text(signals_row(n), COL_VALUE),
        red_flags: sheet.text(flags_row(n), COL_VALUE),
        recommendation,
    };
    let card = scorecards::submit(conn, &interview.interviewer, interview_id, &input, now)
        .map_err(|err| locate(&sheet, &dimensions, err))?;
    Ok(KitImport {
        interview_id,
        candidate: candidate.name,
        interviewer: interview.interviewer,
        scorecard_id: card.scorecard_id,
    })
}

fn parse_recommendation(text: &str) -> Option<Recommendation> {
    RECOMMENDATIONS
        .iter()
        .find(|(value, label)| label.eq_ignore_ascii_case(text) || value.as_str() == text)
        .map(|(value, _)| *value)
}

/// Turns a scorecard rule's field error into an error at the kit cell holding that field.
fn locate(sheet: &Sheet, dimensions: &[crate::hiring::Dimension], err: Error) -> Error {
    let Error::Invalid { field, message } = err else {
        return match err {
            Error::Conflict(message) => Error::Conflict(format!("{}: {message}", sheet.file)),
            other => other,
        };
    };
    let n = dimensions.len();
    if field == "recommendation" {
        return sheet.error(recommendation_row(n), COL_VALUE, message);
    }
    for (dimension, row) in dimensions.iter().zip(ROW_FIRST_DIMENSION..) {
        if field == rating_field(dimension.id, "score") {
            return sheet.error(row, COL_RATING, message);
        }
        if field == rating_field(dimension.id, "evidence") {
            return sheet.error(row, COL_EVIDENCE, message);
        }
    }
    Error::Invalid { field, message }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::layout::cell;

    #[test]
    fn cells_are_named_like_a_spreadsheet() {
        assert_eq!(cell(13, 2), "Kit!C14");
        assert_eq!(cell(0, 25), "Kit!Z1");
        assert_eq!(cell(4, 26), "Kit!AA5");
    }
}
