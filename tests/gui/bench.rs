//! `bench_gui` (ignored; run it with `xvfb-run -a cargo test --test main bench_gui -- --ignored
//! --nocapture`): cold start to the first painted view, and switching between views, on the demo
//! organisation and on one with ten times its rows. The page records the figures itself
//! (`window.quartermasterPerf`): the process start is the kernel's record of the app's process
//! (`/proc/self/stat`, read by the app), so cold start counts from the process's start, not from
//! `app::run`; paints are `performance.now()` after two animation frames.

use std::path::Path;

use serde_json::json;

use super::harness::{require_display, App};

/// Every view of the sidebar, in its order (so a new area is measured without being listed here).
async fn sidebar_views(app: &App) -> Vec<String> {
    let views: Vec<String> = app
        .js(
            "return [...document.querySelectorAll('#sidebar [data-nav]')].map((a) => a.dataset.nav);",
            vec![],
        )
        .await
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    assert!(views.len() > 1, "the sidebar lists the views: {views:?}");
    views
}

/// Tables multiplied for the 10× database, with the unique text column that gets a suffix.
const MULTIPLY: &[(&str, Option<&str>)] = &[
    ("team", Some("name")),
    ("model", Some("name")),
    ("position", None),
    ("initiative", None),
    ("cost_line", None),
    ("budget", None),
    ("allocation_rule", None),
    ("requisition", None),
    ("candidate", None),
    ("incident", None),
    ("risk", None),
];

/// Adds nine copies of every row of the main tables (same parents, unique names suffixed).
pub(crate) fn ten_times(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("open the bench database");
    for &(table, unique) in MULTIPLY {
        let columns: Vec<String> = conn
            .prepare(&format!(
                "SELECT name FROM pragma_table_info('{table}') WHERE name <> 'id'"
            ))
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("table columns");
        let max_id: i64 = conn
            .query_row(&format!("SELECT max(id) FROM {table}"), [], |r| r.get(0))
            .unwrap_or(0);
        for copy in 1..=9 {
            let select = columns
                .iter()
                .map(|c| {
                    if Some(c.as_str()) == unique {
                        format!("{c} || ' #{copy}'")
                    } else {
                        c.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO {table} ({}) SELECT {select} FROM {table} WHERE id <= {max_id}",
                columns.join(", ")
            );
            conn.execute(&sql, [])
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }
}

/// Now, in milliseconds since the Unix epoch (the unit of `processStart`).
fn epoch_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(f64::NAN)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

async fn measure(label: &str, prepare: fn(&Path)) {
    let mut cold = Vec::new();
    let mut switches: Vec<(String, Vec<f64>)> = Vec::new();
    let mut rows = 0;
    let mut built_times: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    for round in 0..3 {
        let before_launch = epoch_ms();
        let app = App::with_demo_prepared(prepare).await;
        rows = app.count(
            "SELECT (SELECT count(*) FROM model) + (SELECT count(*) FROM position) + (SELECT count(*) FROM initiative) + (SELECT count(*) FROM cost_line) + (SELECT count(*) FROM team)",
        );
        app.wait_for("window.quartermasterPerf.processStart !== null && window.quartermasterPerf.firstPaint !== null").await;
        let start = app
            .js(
                "const p = window.quartermasterPerf; return p.firstPaint - p.processStart;",
                vec![],
            )
            .await;
        cold.push(start.as_f64().unwrap_or(f64::NAN));
        // The process started after this test began launching it, and before its page loaded.
        let marks = app
            .js(
                "const p = window.quartermasterPerf; return [p.processStart, performance.timeOrigin];",
                vec![],
            )
            .await;
        let (process_start, page_origin) = (
            marks[0].as_f64().unwrap_or(f64::NAN),
            marks[1].as_f64().unwrap_or(f64::NAN),
        );
        assert!(
            process_start >= before_launch - 20.0 && process_start <= page_origin,
            "process start {process_start} between the launch {before_launch} and the page {page_origin}"
        );
        let phases = app
            .js(
                "const p = window.quartermasterPerf; const n = performance.getEntriesByType('navigation')[0]; \
                 return [performance.timeOrigin - p.processStart, n ? n.domContentLoadedEventEnd : -1, p.firstPaint - performance.timeOrigin, p.boot.moduleStart, p.boot.session, p.boot.firstBuilt];",
                vec![],
            )
            .await;
        let at = |i: usize| phases[i].as_f64().unwrap_or(f64::NAN);
        println!(
            "{label} run {round}: process start → page navigation {:.0} ms; then main.js runs at {:.0} ms, modules loaded {:.0}, session {:.0}, view built {:.0}, painted {:.0}",
            at(0), at(3), at(1), at(4), at(5), at(2)
        );
        if switches.is_empty() {
            switches = sidebar_views(&app)
                .await
                .into_iter()
                .map(|v| (v, Vec::new()))
                .collect();
        }
        // Visit every view once to warm the list cache the way a user would, then measure.
        for pass in 0..2 {
            for (view, times) in switches.iter_mut() {
                let painted = app.painted().await;
                app.js(
                    "document.querySelector(`[data-nav='${arguments[0]}']`).click();",
                    vec![json!(view)],
                )
                .await;
                app.after_navigation(painted).await;
                let ms = app
                    .js(
                        "const v = window.quartermasterPerf.views; return v[v.length - 1].ms;",
                        vec![],
                    )
                    .await;
                let built = app
                    .js(
                        "const v = window.quartermasterPerf.views; return v[v.length - 1].built;",
                        vec![],
                    )
                    .await;
                if pass == 1 || round > 0 {
                    times.push(ms.as_f64().unwrap_or(f64::NAN));
                    built_times
                        .entry(view.clone())
                        .or_default()
                        .push(built.as_f64().unwrap_or(f64::NAN));
                }
            }
        }
        if round == 0 {
            app.screenshot(&format!("bench-{label}")).await;
        }
        app.close().await;
    }
    println!("\n{label} ({rows} rows in models, positions, initiatives, cost lines and teams)");
    println!(
        "  cold start to first painted view: median {:.0} ms, runs {:?}",
        median(&mut cold.clone()),
        cold.iter().map(|v| v.round()).collect::<Vec<_>>()
    );
    let mut worst: f64 = 0.0;
    for (view, times) in switches.iter_mut() {
        let max = times.iter().copied().fold(0.0, f64::max);
        worst = worst.max(max);
        let built = built_times
            .get_mut(view.as_str())
            .map(|b| median(b))
            .unwrap_or(f64::NAN);
        println!("  switch to {view:<11} median {:>5.1} ms  max {:>5.1} ms  (data + DOM built in {built:.1} ms)", median(times), max);
    }
    println!("  slowest switch: {worst:.1} ms");
}

#[tokio::test]
#[ignore = "benchmark: run with --ignored --nocapture under xvfb-run"]
async fn bench_gui() {
    require_display!();
    measure("demo", |_| {}).await;
    measure("demo x10", ten_times).await;
}

/// Where a switch's time goes, per view on the 10× organisation: each command the switch
/// invoked (its time in the page, Rust plus IPC, and the size of its JSON), the data and DOM
/// built, then layout and paint.
#[tokio::test]
#[ignore = "profile: run with --ignored --nocapture under xvfb-run"]
async fn bench_gui_profile() {
    require_display!();
    let app = App::with_demo_prepared(ten_times).await;
    let views = sidebar_views(&app).await;
    for pass in 0..3 {
        for view in &views {
            let painted = app.painted().await;
            app.js(
                "window.quartermasterPerf.calls = []; document.querySelector(`[data-nav='${arguments[0]}']`).click();",
                vec![json!(view)],
            )
            .await;
            app.after_navigation(painted).await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let report = app
                .js(
                    "const v = window.quartermasterPerf.views; const last = v[v.length - 1]; \
                     const main = document.getElementById('view'); const t = performance.now(); main.style.display = 'none'; main.offsetHeight; \
                     main.style.display = ''; main.offsetHeight; const relayout = performance.now() - t; \
                     return {ms: last.ms, built: last.built, relayout, nodes: main.querySelectorAll('*').length, calls: window.quartermasterPerf.calls.filter(c => c.command !== 'file_changed')};",
                    vec![],
                )
                .await;
            if pass == 0 {
                continue;
            }
            println!(
                "{view:<11} total {:>6.1} ms, built {:>6.1} ms; {} elements, style and layout again {:.1} ms",
                report["ms"].as_f64().unwrap_or(f64::NAN),
                report["built"].as_f64().unwrap_or(f64::NAN),
                report["nodes"],
                report["relayout"].as_f64().unwrap_or(f64::NAN)
            );
            for call in report["calls"].as_array().into_iter().flatten() {
                println!(
                    "    {:<28} {:>6.1} ms {:>9} bytes",
                    call["command"].as_str().unwrap_or("?"),
                    call["ms"].as_f64().unwrap_or(f64::NAN),
                    call["bytes"]
                );
            }
        }
    }
    app.close().await;
}
