//! `export csv`: one CSV per table with a header row, UTF-8, RFC 4180 quoting.
//! Money stored in minor units is written as a plain decimal next to its currency column;
//! cost lines keep their FOCUS column names.

use std::fs;
use std::path::{Path, PathBuf};

use quartermaster_core::finops::FOCUS_COLUMNS;
use quartermaster_core::values::money::{format_minor, Currency};
use quartermaster_core::{Error, Result};
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::write::atomically;

/// Export file name and the table it holds, in the order files are written.
pub const FILES: &[(&str, &str)] = &[
    ("settings.csv", "settings"),
    ("teams.csv", "team"),
    ("positions.csv", "position"),
    ("models.csv", "model"),
    ("initiatives.csv", "initiative"),
    ("dependencies.csv", "dependency"),
    ("quarter_snapshots.csv", "quarter_snapshot"),
    ("snapshot_items.csv", "snapshot_item"),
    ("import_batches.csv", "import_batch"),
    ("cost_lines.csv", "cost_line"),
    ("allocation_rules.csv", "allocation_rule"),
    ("usage.csv", "usage"),
    ("budgets.csv", "budget"),
    ("dimensions.csv", "dimension"),
    ("requisitions.csv", "requisition"),
    ("candidates.csv", "candidate"),
    ("stage_changes.csv", "stage_change"),
    ("interviews.csv", "interview"),
    ("scorecards.csv", "scorecard"),
    ("ratings.csv", "rating"),
    ("decisions.csv", "decision"),
    ("kpis.csv", "kpi"),
    ("kpi_values.csv", "kpi_value"),
    ("incidents.csv", "incident"),
    ("risks.csv", "risk"),
    ("audit_log.csv", "change"),
    ("import_warnings.csv", "import_warning"),
    ("capacity_settings.csv", "capacity_settings"),
    ("backfills.csv", "backfill"),
    ("scenarios.csv", "scenario"),
    ("scenario_initiatives.csv", "scenario_initiative"),
    ("scenario_new_seats.csv", "scenario_new_seat"),
    ("scenario_seat_changes.csv", "scenario_seat_change"),
    ("requisition_dimensions.csv", "requisition_dimension"),
    ("loop_steps.csv", "loop_step"),
    ("scorecard_amendments.csv", "scorecard_amendment"),
    ("candidate_erasures.csv", "candidate_erasure"),
    ("import_mappings.csv", "import_mapping"),
];

/// Tables deliberately not exported: caches derived from exported rows, undo bookkeeping,
/// unsubmitted scorecard drafts (private to their author until submitted), and the lean
/// billing tables, exported decoded through their `cost_line` view.
pub const NOT_EXPORTED: &[&str] = &[
    "allocated_spend_cache",
    "allocated_spend_key",
    "billing_line",
    "billing_text",
    "cost_rollup",
    "cost_rollup_batch",
    "usage_replaced",
    "draft_evidence",
    "undo_step",
    "undo_row",
];

/// Writes every table into `dir` (created if missing); returns the files written.
pub fn export_all(conn: &Connection, dir: &Path) -> Result<Vec<PathBuf>> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
    FILES
        .iter()
        .map(|&(file, table)| {
            let path = dir.join(file);
            export_table(conn, table, &path)?;
            Ok(path)
        })
        .collect()
}

/// The header name of a column in the export.
fn header(table: &str, column: &str) -> String {
    if table == "cost_line" {
        if let Some((_, focus)) = FOCUS_COLUMNS.iter().find(|(c, _)| *c == column) {
            return (*focus).to_string();
        }
    }
    column.strip_suffix("_minor").unwrap_or(column).to_string()
}

/// Writes one table, ordered by id so exports of the same data are identical.
pub fn export_table(conn: &Connection, table: &str, path: &Path) -> Result<()> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY id"))?;
    let columns: Vec<String> = stmt
        .column_names()
        .into_iter()
        .map(|c| c.to_string())
        .collect();
    let currency_at = columns.iter().position(|c| c == "currency");
    atomically(path, |out| {
        let mut writer = csv::Writer::from_writer(out);
        let csv_error = |e: csv::Error| Error::io(path.display(), e);
        writer
            .write_record(columns.iter().map(|c| header(table, c)))
            .map_err(csv_error)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let currency = match currency_at {
                Some(i) => Some(Currency::parse(&row.get::<_, String>(i)?)?),
                None => None,
            };
            let mut record = Vec::with_capacity(columns.len());
            for (i, column) in columns.iter().enumerate() {
                record.push(cell(row.get_ref(i)?, column, currency));
            }
            writer.write_record(&record).map_err(csv_error)?;
        }
        writer.flush().map_err(|e| Error::io(path.display(), e))
    })
}

fn cell(value: ValueRef<'_>, column: &str, currency: Option<Currency>) -> String {
    match value {
        ValueRef::Null => String::new(),
        ValueRef::Integer(n) => match currency.filter(|_| column.ends_with("_minor")) {
            Some(currency) => format_minor(n, currency),
            None => n.to_string(),
        },
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new table must be exported or named in `NOT_EXPORTED`, so no data is silently left out.
    #[test]
    fn every_table_is_exported_or_deliberately_not() {
        let store = quartermaster_core::Store::open_in_memory().unwrap();
        let mut stmt = store
            .conn()
            .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
            .unwrap();
        let tables: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for table in &tables {
            let exported = FILES.iter().any(|(_, t)| t == table);
            assert!(
                exported ^ NOT_EXPORTED.contains(&table.as_str()),
                "table {table}: export it or list it in NOT_EXPORTED"
            );
        }
        assert_eq!(FILES.len() + NOT_EXPORTED.len(), tables.len());
    }

    /// Every kind of record in `records::KINDS` has its export file (or is deliberately not
    /// exported), so a new kind cannot be left out of `export csv`.
    #[test]
    fn every_record_kind_has_an_export_file() {
        for kind in quartermaster_core::records::names() {
            let exported = FILES.iter().any(|&(_, table)| table == kind);
            assert!(
                exported || NOT_EXPORTED.contains(&kind),
                "kind {kind}: add its file to FILES or list it in NOT_EXPORTED"
            );
        }
    }
}
