//! The plain formats of the report: a CSV file per sheet and a PNG per chart.

use std::io::Write;
use std::path::{Path, PathBuf};

use quartermaster_core::{Error, Result};

use super::table::{chart_block, Block, Cell, ExecutiveReport, Sheet};
use crate::chart::{self, Theme};
use crate::write;

/// Size of a chart drawn as PNG, in pixels.
const CHART_SIZE: (u32, u32) = (800, 420);

/// Writes one CSV per sheet into the folder `dir` (created if needed); each file is written
/// through a temporary name. Returns the files written.
pub fn write_csv_folder(report: &ExecutiveReport, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
    report
        .sheets
        .iter()
        .map(|sheet| {
            let path = dir.join(format!("{}.csv", sheet.name));
            write::atomically(&path, |out: &mut dyn Write| {
                write_sheet_csv(sheet, out, &path)
            })?;
            Ok(path)
        })
        .collect()
}

fn write_sheet_csv(sheet: &Sheet, out: &mut dyn Write, path: &Path) -> Result<()> {
    let io = |e: std::io::Error| Error::io(path.display(), e);
    let blocks = sheet
        .tables()
        .cloned()
        .chain(sheet.charts.iter().map(chart_block));
    for (i, block) in blocks.enumerate() {
        if i > 0 {
            // A blank line between tables (an empty csv record would be written as `""`).
            out.write_all(b"\n").map_err(io)?;
        }
        let err = |e: ::csv::Error| Error::io(path.display(), e);
        let mut csv = ::csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut *out);
        csv.write_record([&block.title]).map_err(err)?;
        csv.write_record(&block.headers).map_err(err)?;
        for row in &block.rows {
            csv.write_record(row.iter().map(Cell::display))
                .map_err(err)?;
        }
        if let Some(totals) = total_row(&block) {
            csv.write_record(totals).map_err(err)?;
        }
        csv.flush().map_err(io)?;
    }
    Ok(())
}

/// The total row as text, when the block has totals.
pub(crate) fn total_row(block: &Block) -> Option<Vec<String>> {
    if block.totals.is_empty() || block.rows.is_empty() {
        return None;
    }
    let mut row: Vec<String> = vec![String::new(); block.headers.len()];
    if let Some(first) = row.first_mut() {
        *first = "Total".into();
    }
    for &c in &block.totals {
        if let Some(slot) = row.get_mut(c) {
            *slot = format!("{}", (block.total(c) * 100.0).round() / 100.0);
        }
    }
    Some(row)
}

/// Writes every chart of the report as `<slug>.png` into the folder `dir`.
pub fn write_png_folder(report: &ExecutiveReport, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
    let theme = Theme::light();
    report
        .sheets
        .iter()
        .flat_map(|s| s.charts.iter())
        .map(|c| {
            let bytes = chart::png(c, CHART_SIZE, &theme)?;
            let path = dir.join(format!("{}.png", c.slug));
            write::atomically(&path, |out: &mut dyn Write| {
                out.write_all(&bytes)
                    .map_err(|e| Error::io(path.display(), e))
            })?;
            Ok(path)
        })
        .collect()
}
