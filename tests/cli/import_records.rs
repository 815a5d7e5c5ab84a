//! `quartermaster import records`: the demo's `export csv` imported area by area into a new
//! file with no mapping given gives the same export back; the Jira Cloud fixture checked with
//! `--dry-run` (nothing kept), imported through its mapping file, and its broken variant
//! refused through the mapping saved by that import, naming row and column.

use std::path::Path;

use crate::support::{fails, fixture, ok, read_csv};
use quartermaster_core::demo::REFERENCE_DAY;

fn count(db: &str, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The rows of an exported file without its created/updated times.
fn without_times(path: &Path) -> Vec<Vec<String>> {
    let (headers, rows) = read_csv(path);
    let keep: Vec<usize> = (0..headers.len())
        .filter(|&i| headers[i] != "created_at" && headers[i] != "updated_at")
        .collect();
    std::iter::once(&headers)
        .chain(&rows)
        .map(|row| keep.iter().map(|&i| row[i].clone()).collect())
        .collect()
}

#[test]
fn an_export_re_imports_into_an_empty_file_with_the_same_content() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo.db");
    let empty = home.path().join("empty.db");
    let (demo, empty) = (demo.to_str().unwrap(), empty.to_str().unwrap());
    ok(
        home.path(),
        &["--db", demo, "init", "--demo", "--today", REFERENCE_DAY],
    );
    ok(
        home.path(),
        &["--db", empty, "init", "--fy-start-month", "10"],
    );
    let before = home.path().join("before");
    let after = home.path().join("after");
    ok(
        home.path(),
        &[
            "--db",
            demo,
            "export",
            "csv",
            "--out",
            before.to_str().unwrap(),
        ],
    );
    let areas = [
        ("teams.csv", "team", 7),
        ("positions.csv", "position", 49),
        ("models.csv", "model", 0),
        ("initiatives.csv", "initiative", 0),
        ("dependencies.csv", "dependency", 0),
        ("budgets.csv", "budget", 0),
        ("kpi_values.csv", "kpi_value", 0),
        ("risks.csv", "risk", 0),
        ("incidents.csv", "incident", 0),
    ];
    for (file, kind, rows) in areas {
        let path = before.join(file);
        let out = ok(
            home.path(),
            &[
                "--db",
                empty,
                "import",
                "records",
                "--kind",
                kind,
                path.to_str().unwrap(),
            ],
        );
        assert!(out.starts_with("Imported "), "{out}");
        if rows > 0 {
            assert!(
                out.starts_with(&format!("Imported {rows} rows from {file} as {kind}")),
                "{out}"
            );
        }
    }
    ok(
        home.path(),
        &[
            "--db",
            empty,
            "export",
            "csv",
            "--out",
            after.to_str().unwrap(),
        ],
    );
    for (file, _, _) in areas {
        assert_eq!(
            without_times(&after.join(file)),
            without_times(&before.join(file)),
            "{file}"
        );
    }
}

#[test]
fn a_jira_export_is_checked_imported_and_its_broken_variant_refused() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("org.db");
    let db = db.to_str().unwrap();
    ok(
        home.path(),
        &["--db", db, "init", "--demo", "--today", REFERENCE_DAY],
    );
    let initiatives = "SELECT count(*) FROM initiative";
    let before = count(db, initiatives);
    let jira = fixture("import/jira-cloud-initiatives.csv");
    let mapping = fixture("import/jira-cloud-initiatives.mapping.json");
    let (jira, mapping) = (jira.to_str().unwrap(), mapping.to_str().unwrap());
    let base = ["--db", db, "import", "records", "--kind", "initiative"];

    // Without a mapping the initiative kind is missing: refused at the header.
    let err = fails(home.path(), &[&base[..], &[jira]].concat());
    assert!(
        err.contains("row 1, column Kind: required: map a column to it"),
        "{err}"
    );

    let dry = ok(
        home.path(),
        &[&base[..], &["--mapping", mapping, "--dry-run", jira]].concat(),
    );
    assert_eq!(
        dry.trim(),
        "Checked 10 rows of jira-cloud-initiatives.csv: all would be imported as initiative; nothing written"
    );
    assert_eq!(count(db, initiatives), before);
    assert_eq!(count(db, "SELECT count(*) FROM import_mapping"), 0);

    ok(
        home.path(),
        &[&base[..], &["--mapping", mapping, jira]].concat(),
    );
    assert_eq!(count(db, initiatives), before + 10);
    let effort: f64 = rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT effort_pw FROM initiative WHERE title = 'Feature store online serving GA' AND quarter = 'FY2027-Q1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(effort, 10.0);

    // The saved mapping applies to the broken file (same headers): refused, nothing kept.
    let broken = fixture("import/jira-cloud-initiatives-unknown-team.csv");
    let err = fails(
        home.path(),
        &[&base[..], &[broken.to_str().unwrap()]].concat(),
    );
    assert!(
        err.contains("row 8 (MLR-441), column Custom field (Team), value \"Growth Analytics\": no team has this name or id"),
        "{err}"
    );
    assert!(err.contains("1 problem refused, nothing imported"), "{err}");
    assert_eq!(count(db, initiatives), before + 10);

    // The HR workbook (header below its title rows) through its mapping file.
    let hr = fixture("import/hr-headcount.xlsx");
    let hr_mapping = fixture("import/hr-headcount.mapping.json");
    let out = ok(
        home.path(),
        &[
            "--db",
            db,
            "import",
            "records",
            "--kind",
            "position",
            "--mapping",
            hr_mapping.to_str().unwrap(),
            hr.to_str().unwrap(),
        ],
    );
    assert!(
        out.starts_with("Imported 14 rows from hr-headcount.xlsx as position"),
        "{out}"
    );
    let bad = fixture("import/hr-headcount-bad-date.xlsx");
    let err = fails(
        home.path(),
        &[
            "--db",
            db,
            "import",
            "records",
            "--kind",
            "position",
            bad.to_str().unwrap(),
        ],
    );
    assert!(
        err.contains("row 10 (E1011), column Start Date, value \"2023-02-30\": not a date"),
        "{err}"
    );
}
