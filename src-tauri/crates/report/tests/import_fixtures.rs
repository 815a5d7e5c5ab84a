//! Files shaped like the exports a director already has, imported into a new organisation
//! through their saved mappings (`fixtures/import/*.mapping.json`): an HR headcount workbook
//! with a title above its header, a model registry list, a Jira Cloud export. Each broken
//! variant is refused naming its row and column, and leaves the file as it was.
//! `QM_WRITE_FIXTURES=1` rewrites the committed workbooks from `hr_headcount`.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use quartermaster_core::org::settings::Settings;
use quartermaster_core::org::setup;
use quartermaster_core::records::{self, import};
use quartermaster_core::Store;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../fixtures/import")
}

/// Employee ID, name, title, level, department, start date, status, loaded cost.
const STAFF: &[(&str, &str, &str, &str, &str, &str, &str, f64)] = &[
    (
        "E1001",
        "Priya Raman",
        "Engineering Manager",
        "EM",
        "Search Relevance",
        "2021-03-01",
        "Active",
        265000.0,
    ),
    (
        "E1002",
        "Tomasz Nowak",
        "Staff ML Engineer",
        "Staff",
        "Search Relevance",
        "2020-06-15",
        "Active",
        305000.0,
    ),
    (
        "E1003",
        "Aisha Bello",
        "Senior ML Engineer",
        "L6",
        "Search Relevance",
        "2022-01-10",
        "Active",
        252000.0,
    ),
    (
        "R2001",
        "",
        "Senior ML Engineer",
        "L6",
        "Search Relevance",
        "",
        "Open Requisition",
        250000.0,
    ),
    (
        "E1010",
        "Hannah Schmidt",
        "Engineering Manager",
        "EM",
        "Recommendations",
        "2022-09-01",
        "Active",
        262000.0,
    ),
    (
        "E1011",
        "Yuki Tanaka",
        "ML Engineer",
        "L5",
        "Recommendations",
        "2023-07-17",
        "Active",
        214000.0,
    ),
    (
        "E1012",
        "Omar Haddad",
        "ML Engineer",
        "L5",
        "Recommendations",
        "2022-04-04",
        "Notice Period",
        209000.0,
    ),
    (
        "E1020",
        "Grace Mensah",
        "Engineering Manager",
        "EM",
        "Fraud & Risk ML",
        "2020-02-03",
        "Active",
        270000.0,
    ),
    (
        "E1021",
        "Viktor Petrov",
        "Staff ML Engineer",
        "Staff",
        "Fraud & Risk ML",
        "2019-09-16",
        "Active",
        312000.0,
    ),
    (
        "E1030",
        "Laura Jensen",
        "Engineering Manager",
        "EM",
        "Forecasting",
        "2021-05-10",
        "Active",
        255000.0,
    ),
    (
        "E1040",
        "Marcus Lindqvist",
        "Senior Engineering Manager",
        "EM",
        "ML Platform",
        "2020-01-13",
        "Active",
        288000.0,
    ),
    (
        "E1041",
        "Ines Duarte",
        "Staff Platform Engineer",
        "Staff",
        "ML Platform",
        "2020-04-20",
        "Active",
        318000.0,
    ),
    (
        "E1050",
        "Ahmed Karim",
        "Data Engineer",
        "L5",
        "Data Engineering",
        "2023-06-12",
        "Active",
        221000.0,
    ),
    (
        "R2002",
        "",
        "MLOps Engineer",
        "L5",
        "ML Platform",
        "",
        "Open Requisition",
        220000.0,
    ),
];

/// An HR headcount export as Workday-like tools write it: a title and an export note above
/// the header, start dates as Excel dates. `bad_date` writes one start date as impossible text.
pub fn hr_headcount(path: &Path, bad_date: bool) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Headcount").unwrap();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_with_format(0, 0, "Northwind Analytics — Headcount by department", &bold)
        .unwrap();
    sheet
        .write(1, 0, "Exported from Workday on 30 Nov 2026")
        .unwrap();
    let header = [
        "Employee ID",
        "Employee Name",
        "Job Title",
        "Level",
        "Department",
        "Start Date",
        "Employment Status",
        "Annual Loaded Cost",
        "Currency",
    ];
    for (col, name) in (0u16..).zip(header) {
        sheet.write_with_format(3, col, name, &bold).unwrap();
    }
    for (row, s) in (4u32..).zip(STAFF) {
        sheet.write(row, 0, s.0).unwrap();
        sheet.write(row, 1, s.1).unwrap();
        sheet.write(row, 2, s.2).unwrap();
        sheet.write(row, 3, s.3).unwrap();
        sheet.write(row, 4, s.4).unwrap();
        if bad_date && s.0 == "E1011" {
            sheet.write(row, 5, "2023-02-30").unwrap();
        } else if !s.5.is_empty() {
            let day = NaiveDate::parse_from_str(s.5, "%Y-%m-%d").unwrap();
            sheet.write_with_format(row, 5, &day, &date).unwrap();
        }
        sheet.write(row, 6, s.6).unwrap();
        sheet.write(row, 7, s.7).unwrap();
        sheet.write(row, 8, "USD").unwrap();
    }
    book.save(path).unwrap();
}

fn mapping(name: &str) -> import::Mapping {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn list(store: &Store, kind: &str) -> Vec<Value> {
    match records::list(store.conn(), kind).unwrap() {
        Value::Array(rows) => rows,
        other => panic!("{other}"),
    }
}

fn counts(store: &Store) -> (usize, usize, usize, usize, i64) {
    let undo: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM undo_step", [], |r| r.get(0))
        .unwrap();
    (
        list(store, "team").len(),
        list(store, "position").len(),
        list(store, "model").len(),
        list(store, "initiative").len(),
        undo,
    )
}

/// A new organisation in a file under `dir`.
fn new_org(dir: &Path, name: &str) -> Store {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
    let mut store = Store::open(&dir.join(name)).unwrap();
    let settings = Settings::new("Fixture Org", 10, "USD").unwrap();
    store
        .with_untracked_tx(|tx| setup::new_organisation(tx, &settings, now))
        .unwrap();
    store
}

#[test]
fn committed_workbooks_are_the_generated_ones() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bad) in [
        ("hr-headcount.xlsx", false),
        ("hr-headcount-bad-date.xlsx", true),
    ] {
        if std::env::var_os("QM_WRITE_FIXTURES").is_some() {
            hr_headcount(&fixtures().join(name), bad);
        }
        let fresh = dir.path().join(name);
        hr_headcount(&fresh, bad);
        let committed = import::table::read(&fixtures().join(name)).unwrap();
        assert_eq!(
            committed.rows,
            import::table::read(&fresh).unwrap().rows,
            "{name}"
        );
    }
}

#[test]
fn real_exports_import_through_their_saved_mappings_and_broken_ones_are_refused() {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_org(dir.path(), "new.qm");
    let hr = dir.path().join("hr-headcount.xlsx");
    let hr_bad = dir.path().join("hr-headcount-bad-date.xlsx");
    hr_headcount(&hr, false);
    hr_headcount(&hr_bad, true);

    // The header is found below the title rows; departments become new teams.
    let preview = import::preview(store.conn(), "position", &hr).unwrap();
    assert_eq!(preview.header_line, 4);
    assert_eq!(preview.rows, STAFF.len());
    assert_eq!(preview.mapping.columns["person"], "Employee Name");
    assert_eq!(preview.mapping.columns["role"], "Job Title");
    assert_eq!(preview.mapping.columns["start_date"], "Start Date");
    assert_eq!(preview.mapping.columns["team_id"], "Department");
    let hr_mapping = mapping("hr-headcount.mapping.json");
    let done = import::import(&mut store, "position", &hr, &hr_mapping, now).unwrap();
    assert_eq!(done.errors, []);
    assert_eq!((done.imported, done.teams_created.len()), (14, 6));
    let positions = list(&store, "position");
    let omar = positions
        .iter()
        .find(|p| p["person"] == "Omar Haddad")
        .unwrap();
    assert_eq!(omar["status"], "leaving");
    assert_eq!(omar["start_date"], "2022-04-04");
    assert_eq!(omar["loaded_cost_minor"], 20_900_000);
    let open = positions.iter().filter(|p| p["status"] == "open").count();
    assert_eq!(open, 2);

    let models = fixtures().join("model-registry.csv");
    let done = import::import(
        &mut store,
        "model",
        &models,
        &mapping("model-registry.mapping.json"),
        now,
    )
    .unwrap();
    assert_eq!((done.errors.len(), done.imported), (0, 7));
    let session = list(&store, "model")
        .into_iter()
        .find(|m| m["name"] == "Session-based recommender")
        .unwrap();
    assert_eq!(
        (
            &session["lifecycle"],
            &session["serving"],
            &session["has_lineage"]
        ),
        (
            &Value::from("canary"),
            &Value::from("streaming"),
            &Value::from(false)
        )
    );

    // The automatic mapping of the Jira export lacks the initiative kind: refused at the header.
    let jira = fixtures().join("jira-cloud-initiatives.csv");
    let auto = import::preview(store.conn(), "initiative", &jira).unwrap();
    assert!(!auto.saved);
    // Jira's `Custom field (Rank)` holds LexoRank text: named like the rank, not proposed for it.
    assert_eq!(auto.mapping.columns.get("rank"), None);
    assert_eq!(auto.mapping.columns["title"], "Summary");
    let refused = import::check(store.conn(), "initiative", &jira, &auto.mapping, now).unwrap();
    assert_eq!(refused.errors.len(), 1);
    assert_eq!(
        (refused.errors[0].line, refused.errors[0].column.as_str()),
        (1, "Kind")
    );
    let jira_mapping = mapping("jira-cloud-initiatives.mapping.json");
    let checked = import::check(store.conn(), "initiative", &jira, &jira_mapping, now).unwrap();
    assert_eq!((checked.imported, checked.written), (10, false));
    assert_eq!(list(&store, "initiative").len(), 0, "a check keeps nothing");
    let done = import::import(&mut store, "initiative", &jira, &jira_mapping, now).unwrap();
    assert_eq!((done.errors.len(), done.imported), (0, 10));
    let initiatives = list(&store, "initiative");
    let by_title = |t: &str| initiatives.iter().find(|i| i["title"] == t).unwrap();
    let ranker = by_title("Ranker v3 with LLM features");
    assert_eq!(
        (&ranker["quarter"], &ranker["status"]),
        (&Value::from("FY2027-Q1"), &Value::from("in_progress"))
    );
    assert_eq!(ranker["effort_pw"], 8.0);
    assert_eq!(
        by_title("Model registry lineage capture")["quarter"],
        "FY2027-Q2"
    );
    assert_eq!(
        by_title("Query autocomplete latency under 40 ms")["status"],
        "committed"
    );
    assert_eq!(
        by_title("Canary rollouts for batch models")["status"],
        "cancelled"
    );
    assert_eq!(
        by_title("Email recommendations retrain pipeline")["status"],
        "delivered"
    );

    // The import is one undo step, labelled; undone, all ten go and the saved mapping stays.
    let label: String = store
        .conn()
        .query_row(
            "SELECT label FROM undo_step ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(label, "Import initiative from jira-cloud-initiatives.csv");
    quartermaster_core::history::undo::undo(&mut store, now)
        .unwrap()
        .unwrap();
    assert_eq!(list(&store, "initiative").len(), 0);
    let again = import::preview(store.conn(), "initiative", &jira).unwrap();
    assert!(again.saved);
    import::import(&mut store, "initiative", &jira, &again.mapping, now).unwrap();
    assert_eq!(list(&store, "initiative").len(), 10);

    // Each source's mapping is offered again for a file with the same headers.
    for (kind, file, saved) in [
        ("position", hr_bad.clone(), "hr-headcount.mapping.json"),
        (
            "model",
            fixtures().join("model-registry-missing-name.csv"),
            "model-registry.mapping.json",
        ),
        (
            "initiative",
            fixtures().join("jira-cloud-initiatives-unknown-team.csv"),
            "jira-cloud-initiatives.mapping.json",
        ),
    ] {
        let preview = import::preview(store.conn(), kind, &file).unwrap();
        assert!(preview.saved, "{kind}");
        assert_eq!(preview.mapping, mapping(saved), "{kind}");
    }

    // Broken variants, into a file holding only the headcount (its teams): refused with row
    // and column named; nothing written, no undo step.
    let mut store = new_org(dir.path(), "broken.qm");
    import::import(&mut store, "position", &hr, &hr_mapping, now).unwrap();
    let before = counts(&store);
    let mut refused = |kind: &str, file: &Path, saved: &str| {
        let m = mapping(saved);
        let out = import::import(&mut store, kind, file, &m, now).unwrap();
        assert!(!out.written, "{kind}");
        assert_eq!(out.errors.len(), 1, "{kind}: {:?}", out.errors);
        out.errors[0].clone()
    };
    let e = refused("position", &hr_bad, "hr-headcount.mapping.json");
    assert_eq!(
        (e.line, e.column.as_str(), e.value.as_str()),
        (10, "Start Date", "2023-02-30")
    );
    assert_eq!(e.key.as_deref(), Some("E1011"));
    assert!(e.reason.contains("not a date"), "{e}");
    let e = refused(
        "model",
        &fixtures().join("model-registry-missing-name.csv"),
        "model-registry.mapping.json",
    );
    assert_eq!((e.line, e.column.as_str()), (6, "Model Name"));
    assert_eq!(e.reason, "required, but empty");
    let e = refused(
        "initiative",
        &fixtures().join("jira-cloud-initiatives-unknown-team.csv"),
        "jira-cloud-initiatives.mapping.json",
    );
    assert_eq!(
        (
            e.line,
            e.key.as_deref(),
            e.column.as_str(),
            e.value.as_str()
        ),
        (
            8,
            Some("MLR-441"),
            "Custom field (Team)",
            "Growth Analytics"
        )
    );
    assert_eq!(e.to_string(), "row 8 (MLR-441), column Custom field (Team), value \"Growth Analytics\": no team has this name or id; map it to one or create it");
    assert_eq!(counts(&store), before);
}
