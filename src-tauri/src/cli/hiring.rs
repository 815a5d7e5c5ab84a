//! Hiring on the command line: an interview kit out, a filled kit back in as a submitted
//! scorecard, and erasing a candidate. Each command is one core or report call and one line out.

use std::path::PathBuf;

use super::file::Purpose;
use clap::{Args, Subcommand};
use quartermaster_core::backup::{guarded::guarded, scrub};
use quartermaster_core::{hiring::interview_kit, Store, Timestamp};

/// `quartermaster hiring …`
#[derive(Debug, Subcommand)]
pub enum HiringCommand {
    /// Write the spreadsheet kit of one interview, for a panelist to fill without the app.
    Kit {
        /// The interview's id.
        #[arg(long, value_name = "ID")]
        interview: i64,
        /// The .xlsx file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// `quartermaster import scorecards KIT.xlsx` (the `Scorecards` variant of the import group).
#[derive(Debug, Args)]
pub struct ImportScorecardsArgs {
    /// A filled interview kit; it becomes its interviewer's submitted scorecard.
    #[arg(value_name = "KIT.xlsx")]
    pub kit: PathBuf,
}

/// `quartermaster candidates …`
#[derive(Debug, Subcommand)]
pub enum CandidatesCommand {
    /// Erase a candidate's personal data everywhere (scorecards and audit log included) and
    /// from the file itself; anonymous counts stay for the hiring KPIs.
    Erase {
        /// The candidate's id.
        id: i64,
    },
}

/// Any hiring command, so `run` takes each of the three.
#[derive(Debug)]
pub enum HiringAction {
    Hiring(HiringCommand),
    ImportScorecards(ImportScorecardsArgs),
    Candidates(CandidatesCommand),
}

impl From<HiringCommand> for HiringAction {
    fn from(command: HiringCommand) -> Self {
        HiringAction::Hiring(command)
    }
}

impl From<ImportScorecardsArgs> for HiringAction {
    fn from(args: ImportScorecardsArgs) -> Self {
        HiringAction::ImportScorecards(args)
    }
}

impl From<CandidatesCommand> for HiringAction {
    fn from(command: CandidatesCommand) -> Self {
        HiringAction::Candidates(command)
    }
}

impl HiringAction {
    /// Whether the action changes the file (writes wait for the writer lock; reads do not).
    pub fn purpose(&self) -> Purpose {
        match self {
            HiringAction::Hiring(HiringCommand::Kit { .. }) => Purpose::Read,
            HiringAction::ImportScorecards(_) | HiringAction::Candidates(_) => Purpose::Write,
        }
    }
}

/// Runs one hiring command against an open organisation file.
pub fn run(
    store: &mut Store,
    action: impl Into<HiringAction>,
    now: Timestamp,
) -> Result<(), String> {
    match action.into() {
        HiringAction::Hiring(HiringCommand::Kit { interview, out }) => {
            let kit = quartermaster_report::kit::export_kit(store.conn(), interview, &out)
                .map_err(|e| e.to_string())?;
            println!(
                "Wrote the kit of interview {interview} ({}, {} dimensions) for {} to {}",
                kit.exercise,
                kit.dimensions.len(),
                kit.interviewer,
                out.display()
            );
        }
        HiringAction::ImportScorecards(ImportScorecardsArgs { kit }) => {
            let imported = guarded(store, "before interview kit import", now, |s| {
                s.with_tx(|tx| interview_kit::import_kit(tx, &kit, now))
            })
            .map_err(|e| e.to_string())?;
            println!(
                "Imported {}'s submitted scorecard for {} (interview {}) from {}",
                imported.interviewer,
                imported.candidate,
                imported.interview_id,
                kit.display()
            );
        }
        HiringAction::Candidates(CandidatesCommand::Erase { id }) => {
            let (erasure, scrubbed) =
                scrub::erase_candidate(store, id, now).map_err(|e| e.to_string())?;
            if erasure.already_erased {
                println!("Candidate {id} was already erased; the file was compacted again");
            } else {
                println!(
                    "Erased candidate {id} (interviews: {}, scorecards: {}, decisions: {}, audit rows: {}, \
                     mentions elsewhere: {}); the stage history stays, anonymous; the file was compacted",
                    erasure.interviews, erasure.scorecards, erasure.decisions, erasure.audit_rows, erasure.mentions
                );
            }
            println!(
                "Backups rewritten without the candidate: {}; removed (could not be rewritten): {}",
                scrubbed.rewritten.len(),
                scrubbed.dropped.len()
            );
        }
    }
    Ok(())
}
