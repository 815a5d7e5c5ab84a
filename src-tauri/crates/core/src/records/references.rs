//! What refers to a record: every kind of row pointing at it through a foreign key, how many,
//! and what deleting the record would do to them (named in the delete confirmation).

use rusqlite::Connection;
use serde::Serialize;

use crate::records;
use crate::Result;

/// What deleting a record would do to the rows of one kind that refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDelete {
    /// The referring rows are deleted with it.
    Deleted,
    /// The referring rows keep existing without the link.
    Unlinked,
    /// The referring rows prevent the delete.
    Blocks,
}

/// Rows of `kind` that refer to a record through `column`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Referrer {
    pub kind: String,
    pub column: String,
    pub count: i64,
    pub on_delete: OnDelete,
}

/// Every kind of row that refers to record `id` of `kind`, with how many and what a delete does
/// to them; used to name the consequences in the delete confirmation.
pub fn referrers(conn: &Connection, kind: &str, id: i64) -> Result<Vec<Referrer>> {
    records::find(kind)?;
    let mut stmt = conn.prepare(
        "SELECT m.name, f.\"from\", f.on_delete
         FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f.\"table\" = ?1
         ORDER BY m.name, f.\"from\"",
    )?;
    let links = stmt
        .query_map([kind], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut referrers = Vec::new();
    for (table, column, action) in links {
        // Table and column names come from the schema itself, never from the caller.
        let sql = format!("SELECT count(*) FROM \"{table}\" WHERE \"{column}\" = ?1");
        let count: i64 = conn.query_row(&sql, [id], |r| r.get(0))?;
        if count == 0 {
            continue;
        }
        let on_delete = match action.as_str() {
            "CASCADE" => OnDelete::Deleted,
            "SET NULL" | "SET DEFAULT" => OnDelete::Unlinked,
            _ => OnDelete::Blocks,
        };
        referrers.push(Referrer {
            kind: table,
            column,
            count,
            on_delete,
        });
    }
    Ok(referrers)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::org::settings;

    #[test]
    fn referrers_name_what_a_delete_does() {
        let mut store = crate::Store::open_in_memory().unwrap();
        let now = chrono::DateTime::<chrono::Utc>::default();
        let settings = settings::Settings::new("Org", 1, "USD").unwrap();
        store
            .with_tx(|tx| crate::org::setup::new_organisation(tx, &settings, now))
            .unwrap();
        let team = serde_json::json!({"name": "Ranking", "kind": "applied", "domain": "",
            "parent_id": null, "ktlo_percent": 20, "leave_percent": 10});
        let team = store
            .with_tx(|tx| records::save(tx, "team", team, now))
            .unwrap();
        let team_id = team["id"].as_i64().unwrap();
        let model = serde_json::json!({"name": "ranker", "product_area": "", "owner_team_id": team_id,
            "tier": 1, "lifecycle": "production", "serving": "online", "business_kpi": "",
            "has_cicd": true, "has_monitoring": true, "has_lineage": false, "has_model_card": false,
            "last_readiness_review": null, "risk_level": "low", "cost_tag": ""});
        store
            .with_tx(|tx| records::save(tx, "model", model, now))
            .unwrap();
        let refs = referrers(store.conn(), "team", team_id).unwrap();
        assert_eq!(
            refs,
            vec![Referrer {
                kind: "model".into(),
                column: "owner_team_id".into(),
                count: 1,
                on_delete: OnDelete::Unlinked
            }]
        );
        assert!(referrers(store.conn(), "nope; DROP TABLE team", 1).is_err());
    }
}
