//! The error every command returns, serialised to the UI as `{kind, message, field?}` so the UI
//! matches on `kind`, shows `message`, and puts it next to `field` when there is one.

use serde::Serialize;

/// A failure as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    /// Stable code: the core's kinds (`invalid`, `not_found`, `conflict`, `database`, …) plus
    /// `no_organisation` and `app` from the shell.
    pub kind: String,
    /// Words a user understands.
    pub message: String,
    /// The input field at fault, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl CommandError {
    /// An error raised by the shell itself.
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        CommandError {
            kind: kind.to_string(),
            message: message.into(),
            field: None,
        }
    }

    /// The command needs an open organisation and there is none.
    pub fn no_organisation() -> Self {
        Self::new(
            "no_organisation",
            "No organisation is open: open the demo organisation, start a new one or open a file",
        )
    }
}

impl CommandError {
    /// A write while the window shows a backup read-only.
    pub fn read_only() -> Self {
        Self::new(
            "read_only",
            "This is a backup, open read-only: nothing can be changed here. Restore it (File → Backups…) to work with it",
        )
    }
}

impl From<quartermaster_core::Error> for CommandError {
    fn from(err: quartermaster_core::Error) -> Self {
        if let quartermaster_core::Error::Sql(e) = &err {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) {
                return CommandError::read_only();
            }
        }
        CommandError {
            kind: err.kind().to_string(),
            message: err.message(),
            field: err.field().map(str::to_string),
        }
    }
}

impl From<tauri::Error> for CommandError {
    fn from(err: tauri::Error) -> Self {
        Self::new("app", err.to_string())
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_kind_field_and_message() {
        let err: CommandError =
            quartermaster_core::Error::invalid("tier", "Tier must be 1, 2 or 3").into();
        let json = serde_json::to_value(&err).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"kind": "invalid", "message": "Tier must be 1, 2 or 3", "field": "tier"})
        );
        let json = serde_json::to_value(CommandError::no_organisation()).unwrap_or_default();
        assert_eq!(json["kind"], "no_organisation");
        assert!(json.get("field").is_none());
    }
}
