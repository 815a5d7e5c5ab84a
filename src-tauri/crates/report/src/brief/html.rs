//! The brief as one self-contained HTML file that prints on one A4 landscape page: every part is
//! a box of fixed size placed by [`super::layout`], text that does not fit is cut with an
//! ellipsis, and the appendix (when asked for) starts a second page.

use std::fmt::Write as _;

use quartermaster_core::kpi::status::KpiStatus;

use super::layout::{self, Area, HEADING_PT, LEADING, SMALL_PT, TEXT_PT, TITLE_PT, VALUE_PT};
use super::{Brief, Listed, Tile};

const STYLE: &str = "@page{size:A4 landscape;margin:0}\
*{box-sizing:border-box}html,body{margin:0;padding:0}\
body{font-family:'DejaVu Sans',Verdana,sans-serif;color:#222;background:#fff}\
.page{position:relative;width:297mm;height:209mm;overflow:hidden;break-after:avoid}\
.page+.page{break-before:page}\
.box{position:absolute;overflow:hidden}\
h1{margin:0;font-size:TITLEpt;font-weight:bold}\
h2{margin:0 0 1mm;font-size:HEADINGpt;border-bottom:0.4mm solid #345;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\
.sub,.detail,.more,.period{font-size:SMALLpt;color:#555}\
.line,.detail,td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\
.line,li,td{font-size:TEXTpt;line-height:LEADING}\
.tile{border:0.3mm solid #bbb;border-radius:1.5mm;padding:1.5mm 2mm}\
.tile .name{font-size:TEXTpt;font-weight:bold;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\
.tile .value{font-size:VALUEpt;font-weight:bold;line-height:1.2}\
.tile .status{font-size:SMALLpt}.tile .period{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;margin-right:17mm}\
.tile svg.spark{position:absolute;right:2mm;bottom:2mm;width:16mm;height:5mm;color:#345}\
.shape{display:inline-block;width:2.6mm;height:2.6mm;vertical-align:-0.3mm;margin-right:1mm}\
.on_target{color:#1B7F3B}.near{color:#A86700}.off_target{color:#C62828}.no_data{color:#777}\
.chart svg{width:100%;height:100%}\
ul{list-style:none;margin:0;padding:0}li{margin:0 0 0.8mm}\
.tag{font-weight:bold}\
table{border-collapse:collapse;width:100%;table-layout:fixed}\
th{font-size:SMALLpt;text-align:left;color:#555;border-bottom:0.2mm solid #bbb}\
td{border-bottom:0.2mm solid #eee;padding:0 1mm 0 0}";

/// The brief as HTML text.
pub fn html(brief: &Brief) -> String {
    let style = STYLE
        .replace("TITLEpt", &format!("{TITLE_PT}pt"))
        .replace("HEADINGpt", &format!("{HEADING_PT}pt"))
        .replace("SMALLpt", &format!("{SMALL_PT}pt"))
        .replace("TEXTpt", &format!("{TEXT_PT}pt"))
        .replace("VALUEpt", &format!("{VALUE_PT}pt"))
        .replace("LEADING", &LEADING.to_string());
    let title = escape(&brief.title);
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>{style}</style></head><body>\n<div class=\"page\">\n"
    );
    open_box(&mut page, layout::HEADER, "header");
    let _ = writeln!(
        page,
        "<h1>{title}</h1><div class=\"sub\">As of {} · {} · Quartermaster</div></div>",
        brief.as_of,
        escape(&brief.org_name)
    );
    for (tile, area) in brief.tiles.iter().zip(layout::tiles(brief.tiles.len())) {
        tile_html(&mut page, tile, area);
    }
    for (chart, area) in brief.charts.iter().zip(layout::charts()) {
        open_box(&mut page, area, "chart");
        let svg = chart
            .svg
            .find("<svg")
            .map_or(chart.svg.as_str(), |at| &chart.svg[at..]);
        let _ = writeln!(
            page,
            "<figure role=\"img\" aria-label=\"{}\" style=\"margin:0;height:100%\">{svg}</figure></div>",
            escape(&chart.chart.title)
        );
    }
    open_box(&mut page, layout::commitments(), "commitments");
    let _ = write!(
        page,
        "<h2>Commitments — {}</h2><table><colgroup><col style=\"width:62%\"><col style=\"width:22%\">\
         <col style=\"width:16%\"></colgroup><thead><tr><th>Initiative</th><th>Team</th><th>Status</th></tr></thead><tbody>",
        escape(&brief.commitments_summary)
    );
    for c in &brief.commitments.shown {
        let _ = write!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&c.title),
            escape(&c.team),
            escape(&c.status)
        );
    }
    page.push_str("</tbody></table>");
    more(&mut page, &brief.commitments, "commitments");
    page.push_str("</div>\n");
    let decisions = brief.decisions.shown.iter().map(|d| {
        (
            format!(
                "<span class=\"tag\">{}:</span> {}",
                escape(d.area),
                escape(&d.subject)
            ),
            d.detail.clone(),
        )
    });
    list_box(
        &mut page,
        layout::DECISIONS,
        "Decisions needed",
        "Nothing waits for a decision.",
        decisions,
    );
    more(&mut page, &brief.decisions, "decisions");
    page.push_str("</div>\n");
    let risks = brief.risks.shown.iter().map(|r| {
        (
            format!("<span class=\"tag\">{}</span>", escape(&r.title)),
            super::risk_detail(r),
        )
    });
    list_box(
        &mut page,
        layout::RISKS,
        "Top risks",
        "No open risks.",
        risks,
    );
    more(&mut page, &brief.risks, "open risks");
    page.push_str("</div>\n</div>\n");
    if let Some(appendix) = &brief.appendix {
        page.push_str("<div class=\"page\">\n");
        open_box(&mut page, layout::APPENDIX, "appendix");
        let _ = write!(
            page,
            "<h2>{}</h2><table><thead><tr>",
            escape(&appendix.title)
        );
        for h in &appendix.headers {
            let _ = write!(page, "<th>{}</th>", escape(h));
        }
        page.push_str("</tr></thead><tbody>");
        for row in &appendix.rows {
            page.push_str("<tr>");
            for cell in row {
                let _ = write!(page, "<td>{}</td>", escape(cell));
            }
            page.push_str("</tr>");
        }
        page.push_str("</tbody></table>");
        if appendix.more > 0 {
            let _ = write!(
                page,
                "<div class=\"more\">and {} more in the workbook</div>",
                appendix.more
            );
        }
        page.push_str("</div>\n</div>\n");
    }
    page.push_str("</body></html>\n");
    page
}

/// Opens an absolutely placed box of class `class` at `area`.
fn open_box(page: &mut String, area: Area, class: &str) {
    let _ = write!(
        page,
        "<div class=\"box {class}\" style=\"left:{:.2}mm;top:{:.2}mm;width:{:.2}mm;height:{:.2}mm\">",
        area.x, area.y, area.w, area.h
    );
}

fn tile_html(page: &mut String, tile: &Tile, area: Area) {
    open_box(page, area, "tile");
    let class = status_class(tile.status);
    let _ = write!(
        page,
        "<div class=\"name\" title=\"{name}\">{name}</div><div class=\"value\">{}</div>\
         <div class=\"status {class}\">{}{}</div><div class=\"period\">{}</div><div class=\"period\">{}</div>",
        escape(&tile.value),
        shape_svg(tile.status),
        tile.status_word,
        escape(&tile.target),
        escape(&tile.period),
        name = escape(&tile.name),
    );
    let spark =
        tile.sparkline_svg
            .replacen("<svg ", "<svg class=\"spark\" aria-hidden=\"true\" ", 1);
    page.push_str(&spark);
    page.push_str("</div>\n");
}

/// Opens a box at `area` with a heading and a list of items, each a line (HTML) and a detail
/// (text), or `empty` when there are none; the caller closes the box.
fn list_box(
    page: &mut String,
    area: Area,
    heading: &str,
    empty: &str,
    items: impl Iterator<Item = (String, String)>,
) {
    open_box(page, area, "list");
    let _ = write!(page, "<h2>{heading}</h2><ul>");
    let mut any = false;
    for (line, detail) in items {
        any = true;
        let _ = write!(
            page,
            "<li><div class=\"line\">{line}</div><div class=\"detail\">{}</div></li>",
            escape(&detail)
        );
    }
    if !any {
        let _ = write!(page, "<li>{empty}</li>");
    }
    page.push_str("</ul>");
}

fn more<T>(page: &mut String, list: &Listed<T>, what: &str) {
    if list.more > 0 {
        let _ = write!(
            page,
            "<div class=\"more\">and {} more {what}</div>",
            list.more
        );
    }
}

/// The CSS class of a status: its colour.
fn status_class(status: Option<KpiStatus>) -> &'static str {
    match status {
        Some(KpiStatus::OnTarget) => "on_target",
        Some(KpiStatus::Near) => "near",
        Some(KpiStatus::OffTarget) => "off_target",
        None => "no_data",
    }
}

/// The status shape, so status reads without colour: a disc on target, a triangle near, a
/// square off target, a ring without data.
fn shape_svg(status: Option<KpiStatus>) -> &'static str {
    match status {
        Some(KpiStatus::OnTarget) => "<svg class=\"shape\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><circle cx=\"5\" cy=\"5\" r=\"4.5\" fill=\"currentColor\"/></svg>",
        Some(KpiStatus::Near) => "<svg class=\"shape\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><path d=\"M5 0.5L9.5 9.5H0.5Z\" fill=\"currentColor\"/></svg>",
        Some(KpiStatus::OffTarget) => "<svg class=\"shape\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><rect x=\"1\" y=\"1\" width=\"8\" height=\"8\" fill=\"currentColor\"/></svg>",
        None => "<svg class=\"shape\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><circle cx=\"5\" cy=\"5\" r=\"3.8\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.4\"/></svg>",
    }
}

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
