//! The one error type of the core: every failure a user can cause says what is at fault.

use std::fmt;

/// Result alias used across the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in an input file a value was found, for errors that must name file, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    /// 1-based line (or row) number; 0 when the error concerns the whole file.
    pub line: u64,
    /// Column (header) name or cell reference; empty when the error concerns a whole line.
    pub column: String,
    /// In a Parquet file, the row group (1-based) and the row within it; `line` is then the
    /// row within the file.
    pub row_group: Option<(u32, u32)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        match self.row_group {
            Some((group, row)) => write!(
                f,
                ", row group {group}, row {} (row {} of the group)",
                thousands(self.line),
                thousands(u64::from(row))
            )?,
            None if self.line > 0 => write!(f, ", line {}", self.line)?,
            None => {}
        }
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        Ok(())
    }
}

/// `1043` as `1,043`: row numbers of large files read more easily.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Every error the core reports. `kind()` gives the stable code the UI matches on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value failed validation; `field` names the input field at fault.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// A referenced or requested row does not exist.
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: i64 },
    /// The operation contradicts the current state (duplicate, in use, already imported…).
    #[error("{0}")]
    Conflict(String),
    /// A file is not usable as a Quartermaster database (garbage, corrupt, newer schema).
    #[error("{path}: {reason}")]
    Database { path: String, reason: String },
    /// A value in an input file could not be read.
    #[error("{at}: {reason} (value {value:?})")]
    Parse {
        at: Location,
        value: String,
        reason: String,
    },
    /// A whole input file could not be read.
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },
    /// The file itself is the problem (another writer, a full disk, deleted while open…).
    #[error("{path}: {problem}")]
    File {
        path: String,
        problem: crate::store::failure::FileProblem,
    },
    /// An unexpected SQLite failure (a bug or a broken disk, not user input).
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

impl Error {
    /// Shorthand for a validation error on `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Shorthand for an I/O failure on `path`.
    pub fn io(path: impl fmt::Display, err: impl fmt::Display) -> Self {
        Error::Io {
            path: path.to_string(),
            reason: err.to_string(),
        }
    }

    /// Stable machine-readable code, serialised to the UI as `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Database { .. } => "database",
            Error::Parse { .. } => "parse",
            Error::Io { .. } => "io",
            Error::File { problem, .. } => problem.code(),
            Error::Sql(_) => "sql",
        }
    }

    /// The input field at fault, when there is one (shown next to that field in forms).
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The message without the field prefix, for display next to the field itself.
    pub fn message(&self) -> String {
        match self {
            Error::Invalid { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }
}
