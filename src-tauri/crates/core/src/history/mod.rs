//! Undo, redo and the history of every change. A user action is one step (captured by
//! `store::capture`); `undo` applies a step's row images backwards or forwards, `log` reads
//! the audit log for the History view, a record's History tab and `quartermaster history`.

pub mod log;
pub mod undo;

use serde::Serialize;

/// One user action as the undo stack holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub id: i64,
    /// What the action was, in words ("Move initiative «Churn model»").
    pub label: String,
    /// When it was taken (from its audit rows), ISO text.
    pub at: Option<String>,
    /// How many rows it wrote (bulk import lines not counted).
    pub rows: i64,
    /// Why it cannot be undone, if so.
    pub refusal: Option<String>,
}

/// What the Undo and Redo buttons and keys would do now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stacks {
    /// The step Undo would undo.
    pub undo: Option<Step>,
    /// The step Redo would redo.
    pub redo: Option<Step>,
}
