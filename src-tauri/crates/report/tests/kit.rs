//! Interview kits end to end: written by the report crate, filled by editing the file as a
//! spreadsheet program would, read back by the core as the panelist's submitted scorecard;
//! every kind of bad kit names its sheet and cell and imports nothing. Also the debrief packet.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use chrono::{TimeZone, Utc};
use quartermaster_core::hiring::interview_kit::{self, layout};
use quartermaster_core::hiring::scorecards::{self, CardStatus};
use quartermaster_core::hiring::Recommendation;
use quartermaster_core::{demo, hiring::debrief, Error, Store, Timestamp};
use quartermaster_report::kit::{write_debrief_packet, write_kit};

fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
        .single()
        .unwrap()
}

/// The demo organisation and the first interview of Noah Fischer's loop (booked, no card yet).
fn demo_interview() -> (Store, i64) {
    let mut store = Store::open_in_memory().unwrap();
    store.with_tx(|tx| demo::create(tx)).unwrap();
    let id = store
        .conn()
        .query_row(
            "SELECT i.id FROM interview i JOIN candidate c ON c.id = i.candidate_id
             WHERE c.name = 'Noah Fischer' ORDER BY i.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (store, id)
}

fn read_zip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().to_string(), content)
        })
        .collect()
}

fn write_zip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in entries {
        writer
            .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A value typed into a cell.
enum Typed<'a> {
    Number(f64),
    Text(&'a str),
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Replaces cell `reference` (e.g. "C14") of the first sheet's XML, keeping its style.
fn type_into(xml: &str, reference: &str, value: &Typed) -> String {
    let open = format!("<c r=\"{reference}\"");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("no cell {reference} in the sheet"));
    let tag_end = start + xml[start..].find('>').unwrap();
    let end = if xml[..tag_end].ends_with('/') {
        tag_end + 1
    } else {
        start + xml[start..].find("</c>").unwrap() + 4
    };
    let style = xml[start..tag_end]
        .split_whitespace()
        .find(|a| a.starts_with("s=\""))
        .map(|a| format!(" {}", a.trim_end_matches('/')))
        .unwrap_or_default();
    let cell = match value {
        Typed::Number(n) => format!("<c r=\"{reference}\"{style}><v>{n}</v></c>"),
        Typed::Text(t) => format!(
            "<c r=\"{reference}\"{style} t=\"inlineStr\"><is><t>{}</t></is></c>",
            xml_escape(t)
        ),
    };
    format!("{}{}{}", &xml[..start], cell, &xml[end..])
}

/// A copy of the kit at `blank` with `cells` typed in (and `rename` applied to sheet names).
fn fill(blank: &Path, out: &Path, cells: &[(String, Typed)], rename: Option<&str>) -> PathBuf {
    let mut entries = read_zip(&std::fs::read(blank).unwrap());
    for (name, content) in &mut entries {
        if name == "xl/worksheets/sheet1.xml" {
            let mut xml = String::from_utf8(content.clone()).unwrap();
            for (reference, value) in cells {
                xml = type_into(&xml, reference, value);
            }
            *content = xml.into_bytes();
        }
        if let (Some(new_name), "xl/workbook.xml") = (rename, name.as_str()) {
            let xml = String::from_utf8(content.clone()).unwrap();
            *content = xml
                .replace("name=\"Kit\"", &format!("name=\"{new_name}\""))
                .into_bytes();
        }
    }
    std::fs::write(out, write_zip(&entries)).unwrap();
    out.to_path_buf()
}

/// `C14` and friends for the kit of `n` dimensions.
fn at(row: u32, col: u16) -> String {
    layout::cell(row, col)
        .trim_start_matches("Kit!")
        .to_string()
}

/// A complete, valid filling of a kit with `n` dimensions: ratings 5, 3, 4… with evidence.
fn good_answers(n: usize) -> Vec<(String, Typed<'static>)> {
    let scores = [5.0, 3.0, 4.0, 3.0];
    let mut cells = Vec::new();
    for (i, row) in (0..n).zip(layout::ROW_FIRST_DIMENSION..) {
        cells.push((at(row, layout::COL_RATING), Typed::Number(scores[i % 4])));
        cells.push((
            at(row, layout::COL_EVIDENCE),
            Typed::Text("Walked through rollback & the latency budget <p95>"),
        ));
    }
    cells.push((
        at(layout::signals_row(n), layout::COL_VALUE),
        Typed::Text("Cost per 1k inferences without prompting"),
    ));
    cells.push((
        at(layout::recommendation_row(n), layout::COL_VALUE),
        Typed::Text("Strong yes"),
    ));
    cells
}

/// A bad kit: what is wrong, the cells typed, a sheet rename, and the cell the error must name.
type BadKit<'a> = (&'a str, Vec<(String, Typed<'a>)>, Option<&'a str>, String);

fn parse_error_cell(err: &Error) -> String {
    match err {
        Error::Parse { at, .. } => at.column.clone(),
        other => panic!("expected an error naming a cell, got {other:?}"),
    }
}

#[test]
fn a_kit_round_trips_into_a_submitted_scorecard() {
    let (mut store, interview) = demo_interview();
    let dir = tempfile::tempdir().unwrap();
    let kit = interview_kit::kit_content(store.conn(), interview).unwrap();
    let n = kit.dimensions.len();
    assert_eq!(n, 3, "the architecture case study probes three dimensions");
    let blank = dir.path().join("kit.xlsx");
    write_kit(&blank, &kit).unwrap();

    // The kit restricts ratings to whole numbers 1–5 and offers the recommendation drop-down.
    let entries = read_zip(&std::fs::read(&blank).unwrap());
    let sheet = entries
        .iter()
        .find(|(name, _)| name == "xl/worksheets/sheet1.xml")
        .unwrap();
    let xml = String::from_utf8_lossy(&sheet.1);
    assert!(xml.contains("type=\"whole\""), "{xml}");
    assert!(xml.contains("<formula1>1</formula1><formula2>5</formula2>"));
    assert!(xml.contains("sqref=\"C14:C16\""));
    assert!(xml.contains("\"Strong no,No,Yes,Strong yes\""));
    assert!(xml.contains("<sheetProtection"));

    let filled = fill(
        &blank,
        &dir.path().join("filled.xlsx"),
        &good_answers(n),
        None,
    );
    let imported = store
        .with_tx(|tx| interview_kit::import_kit(tx, &filled, now()))
        .unwrap();
    assert_eq!(
        (imported.interview_id, imported.candidate.as_str()),
        (interview, "Noah Fischer")
    );

    let card = scorecards::open_card(store.conn(), &kit.interviewer, interview).unwrap();
    assert_eq!(card.seat.status, CardStatus::Submitted);
    let scores: Vec<Option<i64>> = card.dimensions.iter().map(|d| d.score).collect();
    assert_eq!(scores, vec![Some(5), Some(3), Some(4)]);
    assert_eq!(
        card.dimensions[0].evidence,
        "Walked through rollback & the latency budget <p95>"
    );
    assert_eq!(
        card.strong_signals,
        "Cost per 1k inferences without prompting"
    );
    assert_eq!(card.recommendation, Some(Recommendation::StrongYes));

    let again = store
        .with_tx(|tx| interview_kit::import_kit(tx, &filled, now()))
        .unwrap_err();
    assert_eq!(
        again.kind(),
        "conflict",
        "a submitted card changes only through an amendment"
    );
}

#[test]
fn each_bad_kit_names_its_sheet_and_cell_and_imports_nothing() {
    let (mut store, interview) = demo_interview();
    let dir = tempfile::tempdir().unwrap();
    let kit = interview_kit::kit_content(store.conn(), interview).unwrap();
    let n = kit.dimensions.len();
    let blank = dir.path().join("kit.xlsx");
    write_kit(&blank, &kit).unwrap();
    let first = layout::ROW_FIRST_DIMENSION;
    let changes_before: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM change", [], |r| r.get(0))
        .unwrap();

    let with = |extra: Vec<(String, Typed<'static>)>| {
        let mut cells = good_answers(n);
        cells.extend(extra);
        cells
    };
    let cases: Vec<BadKit> = vec![
        (
            "rating out of range",
            with(vec![(
                at(first + 1, layout::COL_RATING),
                Typed::Number(7.0),
            )]),
            None,
            "Kit!C15".into(),
        ),
        (
            "rating not a whole number",
            with(vec![(
                at(first + 1, layout::COL_RATING),
                Typed::Number(3.5),
            )]),
            None,
            "Kit!C15".into(),
        ),
        (
            "rating missing",
            good_answers(n)
                .into_iter()
                .filter(|(c, _)| *c != at(first + 2, layout::COL_RATING))
                .collect(),
            None,
            "Kit!C16".into(),
        ),
        (
            "a 5 without evidence",
            with(vec![(at(first, layout::COL_EVIDENCE), Typed::Text(" "))]),
            None,
            "Kit!D14".into(),
        ),
        (
            "unknown interview",
            with(vec![(
                at(layout::ROW_INTERVIEW, layout::COL_VALUE),
                Typed::Number(99_999.0),
            )]),
            None,
            "Kit!B3".into(),
        ),
        (
            "kit check edited",
            with(vec![(
                at(layout::ROW_CHECK, layout::COL_VALUE),
                Typed::Text("QK1-0000000000000000"),
            )]),
            None,
            "Kit!B9".into(),
        ),
        (
            "dimension renamed",
            with(vec![(at(first, layout::COL_LABEL), Typed::Text("Vibes"))]),
            None,
            "Kit!A14".into(),
        ),
        (
            "dimension id changed",
            with(vec![(
                at(first, layout::COL_DIMENSION_ID),
                Typed::Number(1.0e6),
            )]),
            None,
            "Kit!G14".into(),
        ),
        (
            "label overwritten",
            with(vec![(
                at(layout::flags_row(n), layout::COL_LABEL),
                Typed::Text("Notes"),
            )]),
            None,
            format!("Kit!A{}", layout::flags_row(n) + 1),
        ),
        (
            "unknown recommendation",
            with(vec![(
                at(layout::recommendation_row(n), layout::COL_VALUE),
                Typed::Text("Maybe"),
            )]),
            None,
            format!("Kit!B{}", layout::recommendation_row(n) + 1),
        ),
        (
            "sheet renamed",
            good_answers(n),
            Some("Scorecard"),
            "Kit".into(),
        ),
    ];
    for (case, cells, rename, cell) in cases {
        let path = fill(
            &blank,
            &dir.path().join(format!("{}.xlsx", case.replace(' ', "-"))),
            &cells,
            rename,
        );
        let err = store
            .with_tx(|tx| interview_kit::import_kit(tx, &path, now()))
            .unwrap_err();
        assert_eq!(parse_error_cell(&err), cell, "{case}: {err}");
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{case}: the file is named: {err}"
        );
        let card = scorecards::open_card(store.conn(), &kit.interviewer, interview).unwrap();
        assert_eq!(
            card.seat.status,
            CardStatus::NotStarted,
            "{case}: nothing imported"
        );
    }
    let changes_after: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM change", [], |r| r.get(0))
        .unwrap();
    assert_eq!(changes_before, changes_after, "not even an audit row");

    std::fs::write(dir.path().join("garbage.xlsx"), b"not a spreadsheet").unwrap();
    let err = store
        .with_tx(|tx| interview_kit::import_kit(tx, &dir.path().join("garbage.xlsx"), now()))
        .unwrap_err();
    assert_eq!(err.kind(), "io");
}

#[test]
fn the_debrief_packet_carries_the_matrix_with_its_figures() {
    let mut store = Store::open_in_memory().unwrap();
    store.with_tx(|tx| demo::create(tx)).unwrap();
    let amara: i64 = store
        .conn()
        .query_row(
            "SELECT id FROM candidate WHERE name = 'Amara Nwosu'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let packet = debrief::debrief(store.conn(), "Director", amara).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("debrief.xlsx");
    write_debrief_packet(&path, &packet).unwrap();

    let mut workbook: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(workbook.sheet_names(), vec!["Debrief", "Evidence"]);
    let sheet = workbook.worksheet_range("Debrief").unwrap();
    let text = |row: u32, col: u32| sheet.get_value((row, col)).cloned().unwrap_or(Data::Empty);
    assert_eq!(text(0, 0), Data::String("Debrief: Amara Nwosu".into()));
    let mean_col = packet.columns.len() as u32 + 1;
    for (row, dimension) in (4..).zip(&packet.rows) {
        assert_eq!(text(row, 0), Data::String(dimension.dimension.clone()));
        match text(row, mean_col) {
            Data::Float(mean) => assert!(
                (Some(mean) == dimension.mean),
                "{}: {mean}",
                dimension.dimension
            ),
            other => panic!("mean of {} is {other:?}", dimension.dimension),
        }
    }
    let evidence = workbook.worksheet_range("Evidence").unwrap();
    let ratings: usize = packet
        .rows
        .iter()
        .map(|r| r.ratings.iter().flatten().count())
        .sum();
    assert_eq!(evidence.height(), ratings + 1);
}
