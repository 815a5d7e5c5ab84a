//! Tests of the charts: what each chart shows, drawn to SVG and PNG, the sparklines and the
//! KPI page's cards and detail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use quartermaster_core::{hiring_metrics, kpi_series, Store};

use super::*;

fn demo_store() -> Store {
    quartermaster_core::demo::in_memory().unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
}

fn months() -> Vec<String> {
    ["2026-08", "2026-09", "2026-10"].map(String::from).to_vec()
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
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
        Some(hiring_metrics::funnel(conn, None).unwrap().steps[0].reached as f64)
    );
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
    assert!(svg.starts_with("<svg") && svg.contains("Lead time for ML changes"));
}

#[test]
fn kpi_cards_and_detail_follow_the_scorecard() {
    let store = demo_store();
    let conn = store.conn();
    let cards = kpi_cards(conn, today()).unwrap();
    let scorecard = kpi_series::scorecard(conn, today()).unwrap();
    assert_eq!(cards.len(), scorecard.len());
    for (card, row) in cards.iter().zip(&scorecard) {
        assert_eq!(&card.row, row);
        assert!(card.sparkline.starts_with("<svg") && card.sparkline.contains("currentColor"));
    }
    // Twelve monthly values of p95 latency: twelve points in its sparkline.
    let latency = cards.iter().find(|c| c.row.key == "latency_p95").unwrap();
    let points = latency.sparkline.split("points=\"").nth(1).unwrap();
    let points = points.split('"').next().unwrap();
    assert!(
        latency.sparkline.contains("<circle"),
        "the latest value as a dot"
    );
    assert_eq!(points.split(' ').count(), latency.row.points.len());

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
