//! Where the organisation file lives: `--db`, then `QUARTERMASTER_DB`, then the platform's own
//! data folder, where a file left by an older version at the Linux-style path is still found.

use std::path::{Path, PathBuf};

/// Environment variable that overrides the default database path.
pub const DB_ENV: &str = "QUARTERMASTER_DB";
/// The organisation file's name in the data folder.
const DB_FILE: &str = "quartermaster.db";
/// The app's folder inside the platform's data folder, named as each platform names its apps.
const APP_FOLDER: &str = if cfg!(any(target_os = "macos", windows)) {
    "Quartermaster"
} else {
    "quartermaster"
};

/// The database path from the `--db` flag, the environment, or the app's data folder.
pub fn resolve_db(flag: Option<PathBuf>) -> Result<PathBuf, String> {
    let env = std::env::var_os(DB_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    if let Some(chosen) = flag.or(env) {
        return Ok(chosen);
    }
    Ok(default_or_legacy(
        data_dir()?.join(DB_FILE),
        legacy_db().as_deref(),
    ))
}

/// The default file, unless only the legacy one exists: then that one, so nothing is lost.
fn default_or_legacy(default: PathBuf, legacy: Option<&Path>) -> PathBuf {
    match legacy {
        Some(old) if !default.exists() && old.is_file() => old.to_path_buf(),
        _ => default,
    }
}

/// The app's data folder (settings such as the last opened file live here too):
/// `$XDG_DATA_HOME/quartermaster`, else `~/.local/share/quartermaster`, on Linux;
/// `~/Library/Application Support/Quartermaster` on macOS; `%LOCALAPPDATA%\Quartermaster` on
/// Windows (local, not roaming: the file can be large).
pub fn data_dir() -> Result<PathBuf, String> {
    let base = dirs::data_local_dir().ok_or(
        "cannot find the folder for application data: pass --db PATH or set QUARTERMASTER_DB",
    )?;
    Ok(base.join(APP_FOLDER))
}

/// Where earlier versions put the file on every platform: `$XDG_DATA_HOME/quartermaster`,
/// else `$HOME/.local/share/quartermaster`. `None` when neither variable is set.
fn legacy_db() -> Option<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    let base = match var("XDG_DATA_HOME") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(var("HOME")?).join(".local").join("share"),
    };
    Some(base.join("quartermaster").join(DB_FILE))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_default_wins_unless_only_the_legacy_file_exists() {
        let dir = tempfile::tempdir().unwrap();
        let default = dir.path().join("new").join(DB_FILE);
        let legacy = dir.path().join("old").join(DB_FILE);
        assert_eq!(default_or_legacy(default.clone(), Some(&legacy)), default);
        std::fs::create_dir_all(legacy.parent().unwrap()).unwrap();
        std::fs::write(&legacy, b"").unwrap();
        assert_eq!(default_or_legacy(default.clone(), Some(&legacy)), legacy);
        std::fs::create_dir_all(default.parent().unwrap()).unwrap();
        std::fs::write(&default, b"").unwrap();
        assert_eq!(default_or_legacy(default.clone(), Some(&legacy)), default);
        assert_eq!(default_or_legacy(default.clone(), None), default);
    }

    #[test]
    fn the_data_folder_is_named_for_the_platform() {
        let dir = data_dir().unwrap();
        assert_eq!(dir.file_name().unwrap(), APP_FOLDER);
        if cfg!(target_os = "linux") {
            // The same place earlier versions used, so their files are found as they were.
            let legacy = legacy_db().unwrap();
            assert_eq!(dir.join(DB_FILE), legacy);
        }
    }
}
