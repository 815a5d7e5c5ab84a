//! Writing export files safely: to a temporary sibling first, renamed into place on success.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

use quartermaster_core::{Error, Result};

/// Writes `target` through `fill`; on any error the target is left as it was and the
/// temporary file is removed.
pub fn atomically(target: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let name = target
        .file_name()
        .ok_or_else(|| Error::io(target.display(), "not a file path"))?;
    let tmp = target.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    let result = (|| {
        let file = fs::File::create(&tmp).map_err(|e| Error::io(tmp.display(), e))?;
        let mut out = BufWriter::new(file);
        fill(&mut out)?;
        let file = out
            .into_inner()
            .map_err(|e| Error::io(tmp.display(), e.error()))?;
        file.sync_all().map_err(|e| Error::io(tmp.display(), e))?;
        fs::rename(&tmp, target).map_err(|e| Error::io(target.display(), e))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
