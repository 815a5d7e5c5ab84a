//! What went wrong with the file itself, in words: another Quartermaster has it, the disk is
//! full, the folder is read-only, the file was deleted while open. SQLite's own wording
//! ("database is locked", "database or disk is full") is never what the user reads.

use std::fmt;
use std::path::Path;

use crate::Error;

/// A problem of the organisation file rather than of the data in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Another Quartermaster writes this file; `holder` says which (program, process, host).
    InUse { holder: String },
    /// This window or process opened the file read-only and cannot change it.
    OpenedReadOnly,
    /// Another program held a write lock on the database for longer than we wait.
    Busy,
    /// The disk (or the quota) filled up while writing.
    DiskFull,
    /// The file or its folder cannot be written (permissions, a read-only mount).
    ReadOnly,
    /// The file was deleted or moved away while it was open.
    Missing,
}

impl FileProblem {
    /// The stable code the UI matches on (`in_use` offers to open read-only).
    pub fn code(&self) -> &'static str {
        match self {
            FileProblem::InUse { .. } => "in_use",
            FileProblem::OpenedReadOnly => "opened_read_only",
            FileProblem::Busy => "busy",
            FileProblem::DiskFull => "disk_full",
            FileProblem::ReadOnly => "read_only",
            FileProblem::Missing => "file_missing",
        }
    }
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileProblem::InUse { holder } => write!(
                f,
                "another Quartermaster has this file open for writing ({holder}); close it there, or open the file read-only"
            ),
            FileProblem::OpenedReadOnly => f.write_str(
                "the file is open read-only here, so nothing can be changed; close the other Quartermaster that writes it, then open the file again",
            ),
            FileProblem::Busy => f.write_str(
                "another program is writing this file right now; nothing was changed — try again in a moment",
            ),
            FileProblem::DiskFull => {
                f.write_str("the disk is full; nothing was changed — free some space and try again")
            }
            FileProblem::ReadOnly => f.write_str(
                "the file or its folder cannot be written (read-only or no permission); nothing was changed",
            ),
            FileProblem::Missing => f.write_str(
                "the file was deleted or moved while it was open; nothing more can be saved to it — use File → Save a copy to keep this organisation",
            ),
        }
    }
}

/// The file problem behind an SQLite failure, if it is one.
pub fn problem_of(err: &rusqlite::Error) -> Option<FileProblem> {
    use rusqlite::ErrorCode::*;
    match err.sqlite_error_code()? {
        DiskFull => Some(FileProblem::DiskFull),
        ReadOnly | PermissionDenied | CannotOpen => Some(FileProblem::ReadOnly),
        DatabaseBusy | DatabaseLocked => Some(FileProblem::Busy),
        _ => None,
    }
}

/// The file problem behind an I/O failure, if it is one.
pub fn problem_of_io(err: &std::io::Error) -> Option<FileProblem> {
    match err.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
            Some(FileProblem::DiskFull)
        }
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
            Some(FileProblem::ReadOnly)
        }
        _ => None,
    }
}

/// Rewrites an SQLite failure while working on `path` as the file problem it is; any other
/// error is returned as it came.
pub fn explain(path: &Path, err: Error) -> Error {
    match &err {
        Error::Sql(sql) => match problem_of(sql) {
            Some(problem) => Error::File {
                path: path.display().to_string(),
                problem,
            },
            None => err,
        },
        _ => err,
    }
}

/// An I/O failure on `path`: the file problem it is (disk full, read-only), else as it came.
pub fn io_error(path: &Path, err: std::io::Error) -> Error {
    match problem_of_io(&err) {
        Some(problem) => Error::File {
            path: path.display().to_string(),
            problem,
        },
        None => Error::io(path.display(), err),
    }
}

/// An SQLite failure writing the file at `path` (a copy, a backup): the file problem it is,
/// else an I/O error saying what could not be done.
pub fn write_error(path: &Path, doing: &str, err: rusqlite::Error) -> Error {
    match problem_of(&err) {
        Some(problem) => Error::File {
            path: path.display().to_string(),
            problem,
        },
        None => Error::io(path.display(), format!("{doing}: {err}")),
    }
}
