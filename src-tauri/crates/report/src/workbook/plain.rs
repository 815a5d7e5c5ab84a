//! The plain formats of the report: a CSV file per sheet, a PNG per chart, and a printable
//! HTML one-pager with inline SVG charts.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use quartermaster_core::{Error, Result};

use super::table::{chart_block, rag, report_title, Block, Cell, ExecutiveReport, Sheet};
use crate::chart::{self, Theme};
use crate::write;

/// Size of a chart drawn as PNG or inline SVG, in pixels.
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
        .blocks
        .iter()
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
fn total_row(block: &Block) -> Option<Vec<String>> {
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

const HTML_STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}h1{font-size:1.5em}h2{margin-top:1.5em;\
border-bottom:2px solid #345}table{border-collapse:collapse;margin:.5em 0;font-size:.85em}th,td{border:1px solid #ccc;\
padding:.2em .5em;text-align:left}td.n{text-align:right}tr.total td{font-weight:bold}.green{background:#C6EFCE}\
.amber{background:#FFEB9C}.red{background:#FFC7CE}.chart svg{max-width:100%;height:auto}\
@page{size:A4 landscape;margin:12mm}@media print{body{margin:0}h2{break-before:page}table,.chart{break-inside:avoid}}";

/// Writes a self-contained HTML one-pager (inline SVG charts, print CSS) to `path`.
pub fn write_html(report: &ExecutiveReport, path: &Path) -> Result<()> {
    let html = html(report)?;
    write::atomically(path, |out: &mut dyn Write| {
        out.write_all(html.as_bytes())
            .map_err(|e| Error::io(path.display(), e))
    })
}

/// The HTML one-pager as text.
pub fn html(report: &ExecutiveReport) -> Result<String> {
    let theme = Theme::light();
    let title = escape(&report_title(report));
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{HTML_STYLE}</style></head><body>\n<h1>{title}</h1>\n"
    );
    for sheet in &report.sheets {
        let _ = writeln!(page, "<h2>{}</h2>", escape(&sheet.name));
        for block in &sheet.blocks {
            html_table(&mut page, block);
        }
        for chart in &sheet.charts {
            let svg = chart::svg(chart, CHART_SIZE, &theme)?;
            let svg = svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]);
            let _ = writeln!(page, "<div class=\"chart\">{svg}</div>");
        }
    }
    page.push_str("</body></html>\n");
    Ok(page)
}

fn html_table(page: &mut String, block: &Block) {
    let _ = write!(page, "<h3>{}</h3><table><thead><tr>", escape(&block.title));
    for h in &block.headers {
        let _ = write!(page, "<th>{}</th>", escape(h));
    }
    page.push_str("</tr></thead><tbody>\n");
    for row in &block.rows {
        page.push_str("<tr>");
        for cell in row {
            let class = match cell {
                Cell::Status(s) => rag(*s),
                c if c.number().is_some() => "n",
                _ => "",
            };
            let _ = write!(
                page,
                "<td class=\"{class}\">{}</td>",
                escape(&cell.display())
            );
        }
        page.push_str("</tr>\n");
    }
    if let Some(totals) = total_row(block) {
        page.push_str("<tr class=\"total\">");
        for t in totals {
            let _ = write!(page, "<td class=\"n\">{}</td>", escape(&t));
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table>\n");
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
