//! Native file dialogs, parented to the main window so they stay in front of it. Every command
//! that asks the user for a place goes through here; the work behind it takes a path, so tests
//! drive that part without a dialog. Each function blocks until the user answers (call it from
//! an `async` command) and returns `None` when the user cancels.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

/// A file filter: what the files are called, and their extensions.
pub type Filter<'a> = (&'a str, &'a [&'a str]);

/// A file dialog parented to the main window (when there is one).
fn file_dialog<R: Runtime>(app: &AppHandle<R>, title: &str) -> FileDialogBuilder<R> {
    let dialog = app.dialog().file().set_title(title);
    match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    }
}

/// Asks where to save a `kind` file (one of `extensions`), suggesting `file_name`.
pub fn save_file<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    (kind, extensions): Filter<'_>,
) -> Option<PathBuf> {
    file_dialog(app, title)
        .set_file_name(file_name)
        .add_filter(kind, extensions)
        .blocking_save_file()?
        .into_path()
        .ok()
}

/// Asks for one existing `kind` file (one of `extensions`).
pub fn open_file<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    (kind, extensions): Filter<'_>,
) -> Option<PathBuf> {
    file_dialog(app, title)
        .add_filter(kind, extensions)
        .blocking_pick_file()?
        .into_path()
        .ok()
}

/// Asks for one or more existing `kind` files (one of `extensions`), in the order picked.
pub fn open_files<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    (kind, extensions): Filter<'_>,
) -> Option<Vec<PathBuf>> {
    let files = file_dialog(app, title)
        .add_filter(kind, extensions)
        .blocking_pick_files()?;
    Some(
        files
            .into_iter()
            .filter_map(|f| f.into_path().ok())
            .collect(),
    )
}

/// Asks for a folder.
pub fn pick_folder<R: Runtime>(app: &AppHandle<R>, title: &str) -> Option<PathBuf> {
    file_dialog(app, title)
        .blocking_pick_folder()?
        .into_path()
        .ok()
}
