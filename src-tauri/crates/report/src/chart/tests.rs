//! Tests of the charts: what each chart shows, drawn to SVG and PNG, the sparklines and the
//! KPI page's cards and detail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use quartermaster_core::hiring::metrics;
use quartermaster_core::kpi::series;
use quartermaster_core::Store;
use rusqlite::Connection;

use super::*;
use crate::test_support::{elements, hex, texts};

fn demo_store() -> Store {
    quartermaster_core::demo::in_memory().unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
}

fn months() -> Vec<String> {
    ["2026-08", "2026-09", "2026-10"].map(String::from).to_vec()
}

/// Values of KPI `key` stored for the periods `from` to `to`, counted in SQL.
fn stored_values(conn: &Connection, key: &str, from: &str, to: &str) -> usize {
    conn.query_row(
        "SELECT count(*) FROM kpi_value v JOIN kpi k ON k.id = v.kpi_id
         WHERE k.key = ?1 AND v.period BETWEEN ?2 AND ?3",
        [key, from, to],
        |r| r.get::<_, i64>(0),
    )
    .unwrap() as usize
}

/// Bars (filled rectangles) of `colour` left of `legend_x`, where the legend's swatches start.
fn bars(svg: &str, colour: RGBColor, legend_x: f64) -> usize {
    elements(svg, "rect")
        .iter()
        .filter(|r| r.filled_with(colour) && r.num("x") < legend_x)
        .count()
}

/// Points (dots) drawn in `colour`.
fn points(svg: &str, colour: RGBColor) -> usize {
    elements(svg, "circle")
        .iter()
        .filter(|c| c.filled_with(colour))
        .count()
}

/// The texts of `svg` that are one of `wanted`, in drawing order.
fn texts_among(svg: &str, wanted: &[&str]) -> Vec<String> {
    texts(svg)
        .into_iter()
        .filter(|t| wanted.contains(&t.as_str()))
        .collect()
}

/// How many palette colours appear in the SVG: one per series.
fn series_colours_in_svg(svg: &str, theme: &Theme) -> usize {
    let upper = svg.to_uppercase();
    theme
        .palette
        .iter()
        .filter(|&&c| upper.contains(&hex(c)))
        .count()
}

fn series_colours_in_png(png: &[u8], theme: &Theme) -> usize {
    let img = image::load_from_memory(png).unwrap().to_rgb8();
    theme
        .palette
        .iter()
        .filter(|c| img.pixels().any(|p| p.0 == [c.0, c.1, c.2]))
        .count()
}

#[test]
fn kpi_trend_has_one_line_target_and_last_value() {
    let store = demo_store();
    let chart = kpi_trend(store.conn(), "latency_p95", today()).unwrap();
    assert_eq!(chart.title, "p95 inference latency, 2025-12 to 2026-11");
    let theme = Theme::light();
    let svg = svg(&chart, (640, 360), &theme).unwrap();
    // One series line (the dashed target is drawn in the target colour, not the palette).
    assert_eq!(series_colours_in_svg(&svg, &theme), 1);
    assert!(svg.to_uppercase().contains(&hex(theme.target)));
    assert!(svg.contains(">\n96.0\n<"), "last value labelled");
    assert!(svg.contains("target 120"));
    assert!(svg.matches("<polyline").count() >= 1);
    let shown = texts(&svg);
    assert_eq!(shown[0], "p95 inference latency, 2025-12 to 2026-11");
    assert!(shown.iter().any(|t| t == "ms"), "y axis label: {shown:?}");
    // One dot per month with a stored value (the current month has none yet).
    let stored = stored_values(store.conn(), "latency_p95", "2025-12", "2026-11");
    assert_eq!(stored, 11);
    assert_eq!(points(&svg, theme.palette[0]), stored);
}

#[test]
fn spend_units_heads_and_funnel_have_their_series() {
    let store = demo_store();
    let conn = store.conn();
    let theme = Theme::light();
    let spend = spend_by_category(conn, &months()).unwrap();
    let heads = heads_by_team(
        conn,
        &["FY2026-Q4".parse().unwrap(), "FY2027-Q1".parse().unwrap()],
    )
    .unwrap();
    let funnel = hiring_funnel(conn, today()).unwrap();
    for chart in [&spend, &heads, &funnel] {
        assert!(!chart.series.is_empty(), "{}", chart.title);
        let expected = chart.series.len().min(theme.palette.len());
        let svg = svg(chart, (640, 360), &theme).unwrap();
        assert_eq!(
            series_colours_in_svg(&svg, &theme),
            expected,
            "{}",
            chart.title
        );
        let png = png(chart, (640, 360), &theme).unwrap();
        assert_eq!(
            series_colours_in_png(&png, &theme),
            expected,
            "{}",
            chart.title
        );
    }
    let units = unit_cost_per_model(conn, &months()).unwrap();
    let svg = svg(&units, (640, 360), &theme).unwrap();
    // Each model's line is a 2-pixel polyline (axis ticks and legend keys are 1 pixel).
    let lines = svg
        .lines()
        .filter(|l| l.starts_with("<polyline") && l.contains("stroke-width=\"2\""));
    assert_eq!(lines.count(), units.series.len());
    assert_eq!(
        funnel.series[0].values[0],
        Some(metrics::funnel(conn, None).unwrap().steps[0].reached as f64)
    );
    // The models drawn are the six with the most inferences in the months, counted in SQL.
    let mut busiest: Vec<String> = conn
        .prepare(
            "SELECT m.name FROM usage u JOIN model m ON m.id = u.model_id
             WHERE u.month BETWEEN '2026-08' AND '2026-10'
             GROUP BY m.id ORDER BY sum(u.inferences) DESC LIMIT 6",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    busiest.sort();
    // The legend names each of them, in name order, long names cut with an ellipsis.
    let legend: Vec<String> = texts(&svg)
        .into_iter()
        .filter(|t| {
            let kept = t.trim_end_matches('…');
            busiest
                .iter()
                .any(|m| m == t || (kept != t && m.starts_with(kept)))
        })
        .collect();
    assert_eq!(legend.len(), busiest.len(), "{legend:?}");
    for (shown, model) in legend.iter().zip(&busiest) {
        assert!(
            model.starts_with(shown.trim_end_matches('…')),
            "{shown} {model}"
        );
    }
    let shown = texts(&svg);
    assert!(
        shown.iter().any(|t| t == "USD per 1k inferences"),
        "{shown:?}"
    );
}

#[test]
fn the_funnel_shows_a_bar_and_a_count_per_stage() {
    let store = demo_store();
    let conn = store.conn();
    let theme = Theme::light();
    let svg = svg(&hiring_funnel(conn, today()).unwrap(), (640, 360), &theme).unwrap();
    let stages = ["applied", "screen", "onsite", "debrief", "offer", "hired"];
    // Candidates who ever reached each stage, counted in SQL.
    let reached: Vec<f64> = stages
        .iter()
        .map(|stage| {
            conn.query_row(
                "SELECT count(DISTINCT candidate_id) FROM stage_change WHERE stage = ?1",
                [stage],
                |r| r.get::<_, i64>(0),
            )
            .unwrap() as f64
        })
        .collect();
    assert_eq!(reached, [18.0, 15.0, 10.0, 6.0, 3.0, 2.0]);
    let shown = texts(&svg);
    assert_eq!(
        shown[0],
        "Hiring funnel, all requisitions, as of 2026-11-16"
    );
    assert!(shown.iter().any(|t| t == "candidates"), "y axis label");
    assert_eq!(texts_among(&svg, &stages), stages, "a tick label per stage");
    let labels: Vec<String> = reached.iter().map(|&n| short_number(n)).collect();
    assert_eq!(labels, ["18.0", "15.0", "10.0", "6.00", "3.00", "2.00"]);
    // The counts are drawn after the axes, one above each bar in stage order.
    let last_tick = shown.iter().rposition(|t| t == "hired").unwrap();
    assert_eq!(shown[last_tick + 1..], labels, "a count on each bar");
    // No legend for one series: every bar of the series colour is a stage.
    assert_eq!(bars(&svg, theme.palette[0], f64::MAX), stages.len());
}

#[test]
fn stacked_charts_draw_a_bar_per_category_and_series() {
    let store = demo_store();
    let conn = store.conn();
    let theme = Theme::light();
    let (width, height) = (640, 360);
    // The legend takes the right quarter; its swatches are not bars.
    let legend_x = f64::from(width) * 0.75;
    let spend = svg(
        &spend_by_category(conn, &months()).unwrap(),
        (width, height),
        &theme,
    )
    .unwrap();
    let categories = [
        "data",
        "inference",
        "other",
        "storage",
        "training",
        "unallocated",
    ];
    assert_eq!(texts_among(&spend, &categories), categories, "legend");
    assert_eq!(
        texts_among(&spend, &["2026-08", "2026-09", "2026-10"]).len(),
        3
    );
    assert!(texts(&spend).iter().any(|t| t == "USD"), "y axis label");
    for (i, category) in categories.iter().enumerate() {
        assert_eq!(bars(&spend, theme.palette[i], legend_x), 3, "{category}");
    }

    let quarters = ["FY2026-Q4", "FY2027-Q1"];
    let heads = heads_by_team(conn, &quarters.map(|q| q.parse().unwrap())).unwrap();
    let heads = svg(&heads, (width, height), &theme).unwrap();
    let teams: i64 = conn
        .query_row("SELECT count(*) FROM team", [], |r| r.get(0))
        .unwrap();
    assert_eq!(teams, 7, "fewer teams than palette colours");
    let first_team: String = conn
        .query_row("SELECT min(name) FROM team", [], |r| r.get(0))
        .unwrap();
    assert_eq!(texts_among(&heads, &[first_team.as_str()]), [first_team]);
    assert_eq!(texts_among(&heads, &quarters), quarters, "tick labels");
    for i in 0..teams as usize {
        assert_eq!(bars(&heads, theme.palette[i], legend_x), 2, "team {i}");
    }
}

#[test]
fn rendering_is_deterministic_and_png_is_a_png() {
    let store = demo_store();
    let chart = spend_by_category(store.conn(), &months()).unwrap();
    let theme = Theme::dark();
    assert_eq!(
        svg(&chart, (500, 300), &theme).unwrap(),
        svg(&chart, (500, 300), &theme).unwrap()
    );
    let a = png(&chart, (500, 300), &theme).unwrap();
    assert_eq!(a, png(&chart, (500, 300), &theme).unwrap());
    assert_eq!(&a[1..4], b"PNG");
    let img = image::load_from_memory(&a).unwrap();
    assert_eq!((img.width(), img.height()), (500, 300));
}

#[test]
fn sparkline_scales_values_into_the_box() {
    let svg = sparkline_svg(&[Some(1.0), None, Some(3.0)], (42, 12));
    // x from 1 to 41, y from 11 (lowest) to 1 (highest); the gap is skipped.
    assert!(svg.contains("points=\"1.0,11.0 41.0,1.0\""), "{svg}");
    assert!(svg.contains("currentColor"));
    assert!(sparkline_svg(&[], (10, 10)).contains("points=\"\""));
}

#[test]
fn kpi_trend_svg_is_one_call() {
    let store = demo_store();
    let svg = kpi_trend_svg(
        store.conn(),
        "lead_time",
        today(),
        (400, 200),
        &Theme::dark(),
    )
    .unwrap();
    let theme = Theme::dark();
    let shown = texts(&svg);
    assert_eq!(shown[0], "Lead time for ML changes, 2025-12 to 2026-11");
    assert!(shown.iter().any(|t| t == "days"), "y axis label: {shown:?}");
    // 400 pixels are too narrow for twelve months: every fifth month is labelled.
    let months = ["2025-12", "2026-01", "2026-05", "2026-10", "2026-11"];
    assert_eq!(
        texts_among(&svg, &months),
        ["2025-12", "2026-05", "2026-10"]
    );
    let stored = stored_values(store.conn(), "lead_time", "2025-12", "2026-11");
    assert_eq!(stored, 11);
    assert_eq!(points(&svg, theme.palette[0]), stored);
    let latest: f64 = store
        .conn()
        .query_row(
            "SELECT v.value FROM kpi_value v JOIN kpi k ON k.id = v.kpi_id
             WHERE k.key = 'lead_time' ORDER BY v.period DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(latest, 9.5);
    assert!(shown.iter().any(|t| t == "9.50"), "last value labelled");
    assert!(
        shown.iter().any(|t| t.starts_with("Serving platform")),
        "{shown:?}"
    );
}

#[test]
fn kpi_cards_and_detail_follow_the_scorecard() {
    let store = demo_store();
    let conn = store.conn();
    let cards = kpi_trends(conn, today()).unwrap();
    let scorecard = series::scorecard(conn, today()).unwrap();
    assert_eq!(cards.len(), scorecard.len());
    for (card, row) in cards.iter().zip(&scorecard) {
        assert_eq!(&card.row, row);
        let line = &elements(&card.sparkline, "polyline")[0];
        assert_eq!(line.get("stroke"), Some("currentColor"), "{}", row.key);
        let svg = &elements(&card.sparkline, "svg")[0];
        assert_eq!((svg.num("width"), svg.num("height")), (120.0, 28.0));
    }
    // Lead time: eleven stored months (SQL), the highest (17.0 in 2026-01, the second of twelve
    // months) at the top, the latest and lowest (9.5 in 2026-10, the eleventh) at the bottom.
    let lead = cards.iter().find(|c| c.row.key == "lead_time").unwrap();
    let line = &elements(&lead.sparkline, "polyline")[0];
    let drawn: Vec<&str> = line.get("points").unwrap().split(' ').collect();
    assert_eq!(
        drawn.len(),
        stored_values(conn, "lead_time", "2025-12", "2026-11")
    );
    assert_eq!(drawn[1], "11.7,1.0");
    assert_eq!(drawn.last(), Some(&"108.3,27.0"));
    let dot = &elements(&lead.sparkline, "circle")[0];
    assert_eq!((dot.num("cx"), dot.num("cy")), (108.3, 26.0));
    // Every stored value of p95 latency is a point in its sparkline.
    let latency = cards.iter().find(|c| c.row.key == "latency_p95").unwrap();
    let points = latency.sparkline.split("points=\"").nth(1).unwrap();
    let points = points.split('"').next().unwrap();
    assert!(
        latency.sparkline.contains("<circle"),
        "the latest value as a dot"
    );
    assert_eq!(points.split(' ').count(), latency.row.points.len());
    assert_eq!(
        points.split(' ').count(),
        stored_values(conn, "latency_p95", "2025-12", "2026-11")
    );

    let detail = kpi_detail(conn, "lead_time", today(), (640, 320), &Theme::light()).unwrap();
    assert_eq!(detail.row.value, Some(9.5));
    assert_eq!(detail.suggested_period.as_deref(), Some("2026-11"));
    assert_eq!(
        detail.chart_title,
        "Lead time for ML changes, 2025-12 to 2026-11"
    );
    let note = "Serving platform v1 launched";
    assert!(detail
        .row
        .points
        .iter()
        .any(|p| p.period == "2026-09" && p.note.starts_with(note)));
    assert!(
        detail.chart_svg.contains(note),
        "the annotation is on the chart"
    );
    assert!(
        detail
            .chart_svg
            .to_uppercase()
            .contains(&hex(Theme::light().band)),
        "target band"
    );
    let derived = kpi_detail(conn, "ml_releases", today(), (640, 320), &Theme::dark()).unwrap();
    assert_eq!(derived.suggested_period, None);
    assert!(
        derived.chart_title.ends_with("to FY2026-Q4"),
        "{}",
        derived.chart_title
    );
}

#[test]
fn short_numbers() {
    assert_eq!(short_number(0.0), "0");
    assert_eq!(short_number(0.4123), "0.41");
    assert_eq!(short_number(42.25), "42.2");
    assert_eq!(short_number(120.0), "120");
    assert_eq!(short_number(125_400.0), "125k");
}
