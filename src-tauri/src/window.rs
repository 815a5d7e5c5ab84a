//! The main window and the file it shows: the title naming the open organisation, and the
//! small record of the last opened file that the next start reopens. Used by `app` at start and
//! by the file commands when they switch files, so neither needs the other.

use std::fs;
use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager, Runtime};

use crate::paths;
use crate::state::SessionInfo;

/// Names the open file in the window title and, when it holds an organisation, remembers it
/// so the next start reopens it.
pub fn show_file<R: Runtime>(app: &AppHandle<R>, info: &SessionInfo) {
    let title = match &info.settings {
        Some(settings) => format!("{} — {} — Quartermaster", info.file_name, settings.org_name),
        None => format!("{} — Quartermaster", info.file_name),
    };
    if let Some(window) = app.get_webview_window("main") {
        // A title that cannot be set is cosmetic; the sidebar names the file as well.
        let _ = window.set_title(&title);
    }
    if info.settings.is_some() {
        remember(Path::new(&info.path));
    }
}

/// `--db` and `QUARTERMASTER_DB` always win; otherwise the last opened file, when it still exists.
pub fn choose_file(db: PathBuf) -> PathBuf {
    let explicit = std::env::var_os(paths::DB_ENV).is_some_and(|v| !v.is_empty())
        || paths::resolve_db(None).ok().as_deref() != Some(db.as_path());
    if explicit {
        return db;
    }
    last_opened().filter(|path| path.exists()).unwrap_or(db)
}

/// The small file in the app data dir that names the last opened organisation.
fn last_opened_record() -> Option<PathBuf> {
    paths::data_dir().ok().map(|dir| dir.join("last-opened"))
}

fn last_opened() -> Option<PathBuf> {
    let text = fs::read_to_string(last_opened_record()?).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| PathBuf::from(line))
}

/// Records `path` as the last opened file (temp file and rename; failure only costs the memory).
fn remember(path: &Path) {
    let Some(record) = last_opened_record() else {
        return;
    };
    let absolute = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let write = || -> std::io::Result<()> {
        if let Some(dir) = record.parent() {
            fs::create_dir_all(dir)?;
        }
        let tmp = record.with_extension("tmp");
        fs::write(&tmp, format!("{}\n", absolute.display()))?;
        fs::rename(&tmp, &record)
    };
    if let Err(err) = write() {
        eprintln!(
            "warning: cannot remember the last opened file in {}: {err}",
            record.display()
        );
    }
}
