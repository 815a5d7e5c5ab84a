//! One writer at a time: an advisory lock on a hidden `.<file>.lock` beside the file, held for as
//! long as a store is open for writing. SQLite alone would let two programs interleave their
//! transactions, each overwriting what the other planned from; with the lock the second one is
//! told who has the file instead. The lock is the operating system's (released when the process
//! dies, even by `kill -9`), and the lock file holds a line saying who holds it. The holder
//! removes it when it lets go; a waiter that then gets the lock of a removed file sees that the
//! path no longer names it and starts again, so two writers never both hold "the" lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::failure::{problem_of_io, FileProblem};
use crate::{Error, Result};

/// How often a waiting writer tries the lock again.
const RETRY: Duration = Duration::from_millis(100);

/// The held lock; dropping it (or the process ending) lets the next writer in.
#[derive(Debug)]
pub struct WriterLock {
    file: File,
    path: PathBuf,
}

impl Drop for WriterLock {
    /// Removes the lock file while still holding it, then lets go (closing the file).
    fn drop(&mut self) {
        if same_file(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The lock file of the database at `path`.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".lock");
    path.with_file_name(name)
}

/// Takes the writer lock of `path` for `program`, waiting up to `wait` for another holder to
/// let go. A file whose lock is held past that is `FileProblem::InUse`, naming the holder.
pub fn acquire(path: &Path, program: &str, wait: Duration) -> Result<WriterLock> {
    let at = lock_path(path);
    let fail = |err: std::io::Error| match problem_of_io(&err) {
        Some(problem) => Error::File {
            path: path.display().to_string(),
            problem,
        },
        None => Error::io(at.display(), err),
    };
    let open = || {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&at)
            .map_err(fail)
    };
    let mut file = open()?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) if same_file(&file, &at) => break,
            // The holder removed it as it let go: lock the path's file anew.
            Ok(()) => file = open()?,
            Err(TryLockError::WouldBlock) if started.elapsed() < wait => std::thread::sleep(RETRY),
            Err(TryLockError::WouldBlock) => {
                return Err(Error::File {
                    path: path.display().to_string(),
                    problem: FileProblem::InUse {
                        holder: holder(&mut file),
                    },
                })
            }
            Err(TryLockError::Error(err)) => return Err(fail(err)),
        }
    }
    let line = format!(
        "{program}, process {} on {}\n",
        std::process::id(),
        host_name()
    );
    // Who holds it is a courtesy for the next one's message; failing to say so is no failure.
    let _ = file
        .set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| file.write_all(line.as_bytes()));
    Ok(WriterLock { file, path: at })
}

/// Whether `path` still names the open `file` (not removed, nor replaced by another file).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// Elsewhere a file that is open cannot be removed, so the path names it still.
#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// The holder's line from the lock file, or a plain description when it has none.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file
        .seek(SeekFrom::Start(0))
        .and_then(|_| file.take(200).read_to_string(&mut text));
    match text.trim() {
        "" => "another Quartermaster window or command".to_string(),
        line => line.to_string(),
    }
}

/// This machine's name, for the holder line (the file may sit on a shared drive).
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "this computer".to_string())
}
