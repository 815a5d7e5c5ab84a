//! Where each part of the brief sits on its A4 landscape page, in millimetres, and the type
//! sizes: one layout that the HTML (absolute boxes) and the PDF (drawn) both follow, so a part
//! that fits one fits the other, and nothing can push the page onto a second sheet.

/// A4 landscape.
pub(super) const PAGE_MM: (f32, f32) = (297.0, 210.0);
const MARGIN: f32 = 10.0;
const GAP: f32 = 3.0;
const CONTENT_W: f32 = PAGE_MM.0 - 2.0 * MARGIN;

/// Type sizes in points.
pub(super) const TITLE_PT: f32 = 15.0;
pub(super) const HEADING_PT: f32 = 9.0;
pub(super) const TEXT_PT: f32 = 7.5;
pub(super) const SMALL_PT: f32 = 6.5;
pub(super) const VALUE_PT: f32 = 14.0;
/// Line height as a share of the type size.
pub(super) const LEADING: f32 = 1.3;

/// A box on the page, in millimetres from the top left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

const fn area(x: f32, y: f32, w: f32, h: f32) -> Area {
    Area { x, y, w, h }
}

/// Title and the line under it.
pub(super) const HEADER: Area = area(MARGIN, MARGIN, CONTENT_W, 12.0);
const TILES_Y: f32 = 24.0;
const TILES_H: f32 = 25.0;
const BODY_Y: f32 = TILES_Y + TILES_H + 4.0;
const BODY_BOTTOM: f32 = PAGE_MM.1 - MARGIN;
/// The charts and the commitments under them take this width; decisions and risks the rest.
const LEFT_W: f32 = 178.0;
const RIGHT_X: f32 = MARGIN + LEFT_W + GAP + 1.0;
const RIGHT_W: f32 = PAGE_MM.0 - MARGIN - RIGHT_X;
const CHART_W: f32 = (LEFT_W - GAP) / 2.0;
/// Keeps the charts' own aspect (560 × 300 pixels).
const CHART_H: f32 = CHART_W * 300.0 / 560.0;
const DECISIONS_H: f32 = 70.0;

/// The KPI tiles, side by side across the page.
pub(super) fn tiles(count: usize) -> Vec<Area> {
    let n = count.max(1) as f32;
    let w = (CONTENT_W - GAP * (n - 1.0)) / n;
    (0..count)
        .map(|i| area(MARGIN + i as f32 * (w + GAP), TILES_Y, w, TILES_H))
        .collect()
}

/// The four charts, two by two.
pub(super) fn charts() -> [Area; 4] {
    let cell = |col: f32, row: f32| {
        area(
            MARGIN + col * (CHART_W + GAP),
            BODY_Y + row * (CHART_H + GAP),
            CHART_W,
            CHART_H,
        )
    };
    [
        cell(0.0, 0.0),
        cell(1.0, 0.0),
        cell(0.0, 1.0),
        cell(1.0, 1.0),
    ]
}

/// Commitments, under the charts.
pub(super) fn commitments() -> Area {
    let y = BODY_Y + 2.0 * (CHART_H + GAP) + 1.0;
    area(MARGIN, y, LEFT_W, BODY_BOTTOM - y)
}

/// Decisions needed, top right.
pub(super) const DECISIONS: Area = area(RIGHT_X, BODY_Y, RIGHT_W, DECISIONS_H);

/// Top risks, under the decisions.
pub(super) const RISKS: Area = area(
    RIGHT_X,
    BODY_Y + DECISIONS_H + GAP,
    RIGHT_W,
    BODY_BOTTOM - BODY_Y - DECISIONS_H - GAP,
);

/// The appendix page's content.
pub(super) const APPENDIX: Area = area(MARGIN, MARGIN, CONTENT_W, PAGE_MM.1 - 2.0 * MARGIN);

/// Millimetres to PDF points.
pub(super) fn pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

/// A line of `size_pt` type, in millimetres.
pub(super) fn line_mm(size_pt: f32) -> f32 {
    size_pt * LEADING * 25.4 / 72.0
}
