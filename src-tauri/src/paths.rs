//! Where the organisation file lives: `--db`, then `QUARTERMASTER_DB`, then the app-data dir.

use std::path::PathBuf;

/// Environment variable that overrides the default database path.
pub const DB_ENV: &str = "QUARTERMASTER_DB";

/// The database path from the `--db` flag, the environment, or the platform's app-data directory
/// (`$XDG_DATA_HOME/quartermaster/quartermaster.db`, else `~/.local/share/…` on Linux).
pub fn resolve_db(flag: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(path) = flag {
        return Ok(path);
    }
    if let Some(path) = std::env::var_os(DB_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    Ok(data_dir()?.join("quartermaster.db"))
}

/// The app's data directory (settings such as the last opened file live here too).
pub fn data_dir() -> Result<PathBuf, String> {
    let base = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => {
            let home = std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .ok_or("cannot find the home directory: set HOME, XDG_DATA_HOME or pass --db")?;
            PathBuf::from(home).join(".local").join("share")
        }
    };
    Ok(base.join("quartermaster"))
}
