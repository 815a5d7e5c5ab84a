//! The brief as a PDF made here, with no browser: krilla writes the pages with DejaVu Sans
//! embedded (subset, text selectable), krilla-svg draws the same plotters SVG charts the HTML
//! shows, and the boxes are those of [`super::layout`], so it is the HTML brief on paper.

use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};
use quartermaster_core::kpi::status::KpiStatus;
use quartermaster_core::{Error, Result};

use super::layout::{
    self, line_mm, pt, Area, HEADING_PT, PAGE_MM, SMALL_PT, TEXT_PT, TITLE_PT, VALUE_PT,
};
use super::{risk_detail, Brief, Tile};
use crate::chart::sparkline_points;

const INK: (u8, u8, u8) = (0x22, 0x22, 0x22);
const MUTED: (u8, u8, u8) = (0x55, 0x55, 0x55);
const RULE: (u8, u8, u8) = (0x33, 0x44, 0x55);
const FRAME: (u8, u8, u8) = (0xBB, 0xBB, 0xBB);

/// The brief as PDF bytes: one page, two with the appendix.
pub fn pdf_bytes(brief: &Brief) -> Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let charts = brief
        .charts
        .iter()
        .map(|c| chart_tree(&c.svg))
        .collect::<Result<Vec<_>>>()?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(brief.title.clone())
            .creator("Quartermaster".into()),
    );
    let settings = PageSettings::from_wh(pt(PAGE_MM.0), pt(PAGE_MM.1))
        .ok_or_else(|| pdf_error("the page size"))?;
    {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut pen = Pen {
            surface: &mut surface,
            fonts: &fonts,
        };
        first_page(&mut pen, brief, &charts);
        surface.finish();
        page.finish();
    }
    if let Some(appendix) = &brief.appendix {
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let mut pen = Pen {
            surface: &mut surface,
            fonts: &fonts,
        };
        let area = layout::APPENDIX;
        let mut y = pen.heading(area, &appendix.title);
        let widths = [0.34, 0.14, 0.14, 0.14, 0.14, 0.10];
        y = pen.row(area, y, &appendix.headers, &widths, SMALL_PT, MUTED);
        for row in &appendix.rows {
            y = pen.row(area, y, row, &widths, TEXT_PT, INK);
        }
        pen.more(area, y, appendix.more, "in the workbook");
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| pdf_error(&format!("{e:?}")))
}

fn pdf_error(what: &str) -> Error {
    Error::io("brief PDF", format!("cannot make the PDF: {what}"))
}

fn first_page(pen: &mut Pen<'_, '_>, brief: &Brief, charts: &[usvg::Tree]) {
    let header = layout::HEADER;
    pen.text(header.x, header.y + 5.5, &brief.title, TITLE_PT, INK, true);
    pen.line(
        header,
        header.y + 8.0,
        &format!("As of {} · {} · Quartermaster", brief.as_of, brief.org_name),
        SMALL_PT,
        MUTED,
        false,
    );
    for (tile, area) in brief.tiles.iter().zip(layout::tiles(brief.tiles.len())) {
        pen.tile(tile, area);
    }
    for (tree, area) in charts.iter().zip(layout::charts()) {
        pen.chart(tree, area);
    }
    let area = layout::commitments();
    let mut y = pen.heading(
        area,
        &format!("Commitments — {}", brief.commitments_summary),
    );
    let widths = [0.62, 0.22, 0.16];
    y = pen.row(
        area,
        y,
        &["Initiative".into(), "Team".into(), "Status".into()],
        &widths,
        SMALL_PT,
        MUTED,
    );
    for c in &brief.commitments.shown {
        y = pen.row(
            area,
            y,
            &[c.title.clone(), c.team.clone(), c.status.clone()],
            &widths,
            TEXT_PT,
            INK,
        );
    }
    pen.more(area, y, brief.commitments.more, "commitments");

    let area = layout::DECISIONS;
    let mut y = pen.heading(area, "Decisions needed");
    if brief.decisions.shown.is_empty() {
        y = pen.line(
            area,
            y,
            "Nothing waits for a decision.",
            TEXT_PT,
            INK,
            false,
        );
    }
    for d in &brief.decisions.shown {
        y = pen.line(
            area,
            y,
            &format!("{}: {}", d.area, d.subject),
            TEXT_PT,
            INK,
            false,
        );
        y = pen.line(area, y, &d.detail, SMALL_PT, MUTED, false) + 0.8;
    }
    pen.more(area, y, brief.decisions.more, "decisions");

    let area = layout::RISKS;
    let mut y = pen.heading(area, "Top risks");
    if brief.risks.shown.is_empty() {
        y = pen.line(area, y, "No open risks.", TEXT_PT, INK, false);
    }
    for r in &brief.risks.shown {
        y = pen.line(area, y, &r.title, TEXT_PT, INK, true);
        y = pen.line(area, y, &risk_detail(r), SMALL_PT, MUTED, false) + 0.8;
    }
    pen.more(area, y, brief.risks.more, "open risks");
}

/// The plotters SVG of a chart, parsed with the embedded font as its only font.
fn chart_tree(svg: &str) -> Result<usvg::Tree> {
    let mut fontdb = usvg::fontdb::Database::new();
    fontdb.load_font_data(dejavu::sans::regular().to_vec());
    fontdb.set_sans_serif_family("DejaVu Sans");
    let options = usvg::Options {
        font_family: "DejaVu Sans".into(),
        fontdb: Arc::new(fontdb),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| pdf_error(&format!("a chart's SVG: {e}")))
}

/// The embedded fonts, for drawing and for measuring what fits.
struct Fonts {
    regular: Font,
    bold: Font,
    regular_face: ttf_parser::Face<'static>,
    bold_face: ttf_parser::Face<'static>,
}

impl Fonts {
    fn load() -> Result<Fonts> {
        let font = |bytes: &'static [u8]| {
            Font::new(bytes.into(), 0).ok_or_else(|| pdf_error("the embedded font"))
        };
        let face = |bytes: &'static [u8]| {
            ttf_parser::Face::parse(bytes, 0)
                .map_err(|e| pdf_error(&format!("the embedded font: {e}")))
        };
        Ok(Fonts {
            regular: font(dejavu::sans::regular())?,
            bold: font(dejavu::sans::bold())?,
            regular_face: face(dejavu::sans::regular())?,
            bold_face: face(dejavu::sans::bold())?,
        })
    }

    /// How wide `text` is at `size` points, in millimetres.
    fn width_mm(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = if bold {
            &self.bold_face
        } else {
            &self.regular_face
        };
        let units: f32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(0.0, f32::from)
            })
            .sum();
        units / f32::from(face.units_per_em()) * size * 25.4 / 72.0
    }

    /// `text` cut with an ellipsis to fit `width` millimetres.
    fn fit(&self, text: &str, width: f32, size: f32, bold: bool) -> String {
        if self.width_mm(text, size, bold) <= width {
            return text.to_string();
        }
        let mut kept: Vec<char> = text.chars().collect();
        while !kept.is_empty() {
            kept.pop();
            let candidate = format!("{}…", kept.iter().collect::<String>().trim_end());
            if self.width_mm(&candidate, size, bold) <= width {
                return candidate;
            }
        }
        String::new()
    }
}

/// Draws on one page in millimetres.
struct Pen<'a, 'b> {
    surface: &'a mut Surface<'b>,
    fonts: &'a Fonts,
}

impl Pen<'_, '_> {
    /// Text whose baseline is at `y` millimetres.
    fn text(&mut self, x: f32, y: f32, text: &str, size: f32, colour: (u8, u8, u8), bold: bool) {
        self.fill(colour);
        let font = if bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        };
        self.surface.draw_text(
            Point::from_xy(pt(x), pt(y)),
            font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    /// One line of text at the top `y` of a line box, cut to the area's width, if it still
    /// fits the area; returns the top of the next line.
    fn line(
        &mut self,
        area: Area,
        y: f32,
        text: &str,
        size: f32,
        colour: (u8, u8, u8),
        bold: bool,
    ) -> f32 {
        let next = y + line_mm(size);
        if next <= area.y + area.h {
            let shown = self.fonts.fit(text, area.w, size, bold);
            self.text(area.x, y + baseline(size), &shown, size, colour, bold);
        }
        next
    }

    /// A section heading with a rule under it; returns where the section's content starts.
    fn heading(&mut self, area: Area, text: &str) -> f32 {
        let y = self.line(area, area.y, text, HEADING_PT, INK, true);
        self.rect(area.x, y, area.w, 0.4, RULE);
        y + 1.4
    }

    /// A table row: one cell per share of the area's width.
    fn row(
        &mut self,
        area: Area,
        y: f32,
        cells: &[String],
        widths: &[f32],
        size: f32,
        colour: (u8, u8, u8),
    ) -> f32 {
        let next = y + line_mm(size);
        if next > area.y + area.h {
            return next;
        }
        let mut x = area.x;
        for (cell, share) in cells.iter().zip(widths) {
            let w = area.w * share;
            let shown = self.fonts.fit(cell, w - 1.0, size, false);
            self.text(x, y + baseline(size), &shown, size, colour, false);
            x += w;
        }
        self.rect(area.x, next - 0.1, area.w, 0.15, (0xEE, 0xEE, 0xEE));
        next
    }

    /// "and 4 more decisions" under a list that was cut.
    fn more(&mut self, area: Area, y: f32, more: usize, what: &str) {
        if more > 0 {
            let text = format!("and {more} more {what}");
            self.line(area, y, &text, SMALL_PT, MUTED, false);
        }
    }

    fn tile(&mut self, tile: &Tile, area: Area) {
        self.frame(area);
        let inner = Area {
            x: area.x + 2.0,
            y: area.y + 1.5,
            w: area.w - 4.0,
            h: area.h - 3.0,
        };
        let mut y = self.line(inner, inner.y, &tile.name, TEXT_PT, INK, true);
        y = self.line(inner, y, &tile.value, VALUE_PT, INK, true);
        let colour = status_colour(tile.status);
        let side = 2.6;
        self.shape(tile.status, inner.x, y + 0.4, side, colour);
        let status = Area {
            x: inner.x + side + 1.0,
            ..inner
        };
        y = self.line(status, y, tile.status_word, SMALL_PT, colour, false);
        let spark_w = 16.0;
        let text = Area {
            w: inner.w - spark_w - 1.0,
            ..inner
        };
        y = self.line(text, y, &tile.target, SMALL_PT, MUTED, false);
        self.line(text, y, &tile.period, SMALL_PT, MUTED, false);
        self.sparkline(
            &tile.sparkline,
            area.x + area.w - 2.0 - spark_w,
            area.y + area.h - 7.0,
            spark_w,
            5.0,
        );
    }

    fn chart(&mut self, tree: &usvg::Tree, area: Area) {
        let Some(size) = Size::from_wh(pt(area.w), pt(area.h)) else {
            return;
        };
        self.surface
            .push_transform(&Transform::from_translate(pt(area.x), pt(area.y)));
        self.surface.draw_svg(tree, size, SvgSettings::default());
        self.surface.pop();
    }

    /// The status shape: a disc on target, a triangle near, a square off target, a ring
    /// without data — the same shapes as the HTML.
    fn shape(
        &mut self,
        status: Option<KpiStatus>,
        x: f32,
        y: f32,
        side: f32,
        colour: (u8, u8, u8),
    ) {
        let mut pb = PathBuilder::new();
        let (x, y, s) = (pt(x), pt(y), pt(side));
        match status {
            Some(KpiStatus::OnTarget) | None => {
                let r = if status.is_none() { s * 0.38 } else { s / 2.0 };
                circle(&mut pb, x + s / 2.0, y + s / 2.0, r);
            }
            Some(KpiStatus::Near) => {
                pb.move_to(x + s / 2.0, y);
                pb.line_to(x + s, y + s);
                pb.line_to(x, y + s);
                pb.close();
            }
            Some(KpiStatus::OffTarget) => {
                if let Some(rect) = Rect::from_xywh(x + s * 0.1, y + s * 0.1, s * 0.8, s * 0.8) {
                    pb.push_rect(rect);
                }
            }
        }
        let Some(path) = pb.finish() else {
            return;
        };
        if status.is_none() {
            self.stroke(&path, colour, 0.35);
        } else {
            self.fill(colour);
            self.surface.set_stroke(None);
            self.surface.draw_path(&path);
        }
    }

    /// The recent values as a polyline in a `w` × `h` box (millimetres), the latest as a dot.
    fn sparkline(&mut self, values: &[Option<f64>], x: f32, y: f32, w: f32, h: f32) {
        let points: Vec<(f32, f32)> =
            sparkline_points(values, (f64::from(pt(w)), f64::from(pt(h))))
                .into_iter()
                .map(|(px, py)| (pt(x) + px as f32, pt(y) + py as f32))
                .collect();
        let mut pb = PathBuilder::new();
        for (n, &(px, py)) in points.iter().enumerate() {
            if n == 0 {
                pb.move_to(px, py);
            } else {
                pb.line_to(px, py);
            }
        }
        if points.len() > 1 {
            if let Some(path) = pb.finish() {
                self.stroke(&path, RULE, 0.3);
            }
        }
        if let Some(&(px, py)) = points.last() {
            let mut dot = PathBuilder::new();
            circle(&mut dot, px, py, pt(0.6));
            if let Some(path) = dot.finish() {
                self.fill(RULE);
                self.surface.draw_path(&path);
            }
        }
    }

    /// Strokes `path` in `colour`, `width` millimetres wide, without a fill.
    fn stroke(&mut self, path: &krilla::geom::Path, colour: (u8, u8, u8), width: f32) {
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: rgb_of(colour).into(),
            width: pt(width),
            ..Stroke::default()
        }));
        self.surface.draw_path(path);
        self.surface.set_stroke(None);
    }

    fn frame(&mut self, area: Area) {
        let Some(rect) = Rect::from_xywh(pt(area.x), pt(area.y), pt(area.w), pt(area.h)) else {
            return;
        };
        let mut pb = PathBuilder::new();
        pb.push_rect(rect);
        if let Some(path) = pb.finish() {
            self.stroke(&path, FRAME, 0.3);
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: (u8, u8, u8)) {
        let Some(rect) = Rect::from_xywh(pt(x), pt(y), pt(w), pt(h)) else {
            return;
        };
        let mut pb = PathBuilder::new();
        pb.push_rect(rect);
        if let Some(path) = pb.finish() {
            self.fill(colour);
            self.surface.set_stroke(None);
            self.surface.draw_path(&path);
        }
    }

    fn fill(&mut self, colour: (u8, u8, u8)) {
        self.surface.set_fill(Some(Fill {
            paint: rgb_of(colour).into(),
            ..Fill::default()
        }));
    }
}

/// A circle of radius `r` around `(cx, cy)` in points, as four Bézier quarters.
fn circle(pb: &mut PathBuilder, cx: f32, cy: f32, r: f32) {
    const K: f32 = 0.552_284_8;
    let k = K * r;
    pb.move_to(cx + r, cy);
    pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    pb.close();
}

/// Where the baseline sits below the top of a line box of `size` points, in millimetres.
fn baseline(size: f32) -> f32 {
    line_mm(size) * 0.78
}

fn rgb_of((r, g, b): (u8, u8, u8)) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

/// The colour of a status, as in the HTML.
fn status_colour(status: Option<KpiStatus>) -> (u8, u8, u8) {
    match status {
        Some(KpiStatus::OnTarget) => (0x1B, 0x7F, 0x3B),
        Some(KpiStatus::Near) => (0xA8, 0x67, 0x00),
        Some(KpiStatus::OffTarget) => (0xC6, 0x28, 0x28),
        None => (0x77, 0x77, 0x77),
    }
}
