//! Which column fills which field: proposed from header names (the field's own name, the
//! export's name, then common synonyms from Jira, Linear and HR exports), edited by the user,
//! and saved per source under a fingerprint of its headers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::fields::{Field, FieldType};

/// How a file's columns become records of one kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    /// Field → the header of the column that fills it.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Field → the value every row gets when no column fills it.
    #[serde(default)]
    pub constants: BTreeMap<String, String>,
    /// Field → the unit its column is written in, when not the field's own (`seconds`,
    /// `hours`, `days` for an effort in person-weeks).
    #[serde(default)]
    pub units: BTreeMap<String, Unit>,
    /// Field → value in the file → value to store (a status, a team's name).
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// Names of teams that match none and are created by the import.
    #[serde(default)]
    pub create_teams: Vec<String>,
    /// A column naming each row in messages (Jira's `Issue key`).
    #[serde(default)]
    pub key_column: Option<String>,
}

/// A time unit an effort column can be written in; the field holds person-weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Jira's Original Estimate: seconds of work, 40 hours a week.
    Seconds,
    Hours,
    Days,
}

impl Unit {
    /// The number of this unit in one person-week.
    pub fn per_week(self) -> f64 {
        match self {
            Unit::Seconds => 40.0 * 3600.0,
            Unit::Hours => 40.0,
            Unit::Days => 5.0,
        }
    }
}

/// Header synonyms per kind and field, normalised (see `normalise`), best first.
const SYNONYMS: &[(&str, &str, &[&str])] = &[
    ("team", "name", &["team", "teamname", "department", "dept"]),
    ("team", "kind", &["teamtype", "type"]),
    ("team", "domain", &["area", "focus"]),
    ("team", "parent_id", &["parent", "parentteam", "division"]),
    (
        "position",
        "team_id",
        &["department", "team", "dept", "orgunit", "costcenter"],
    ),
    (
        "position",
        "role",
        &["jobtitle", "title", "position", "jobprofile"],
    ),
    (
        "position",
        "level",
        &["joblevel", "grade", "band", "careerlevel"],
    ),
    (
        "position",
        "person",
        &["employeename", "employee", "fullname", "name", "worker"],
    ),
    ("position", "status", &["employmentstatus", "workerstatus"]),
    (
        "position",
        "start_date",
        &["hiredate", "startdate", "dateofjoining", "originalhiredate"],
    ),
    (
        "position",
        "end_date",
        &["terminationdate", "enddate", "leavingdate"],
    ),
    (
        "position",
        "loaded_cost_minor",
        &["loadedcost", "annualcost", "fullyloadedcost", "totalcost"],
    ),
    ("position", "allocation_percent", &["allocation", "fte"]),
    ("model", "name", &["model", "modelname", "registeredmodel"]),
    ("model", "product_area", &["product", "productarea"]),
    ("model", "owner_team_id", &["ownerteam", "owner", "team"]),
    ("model", "lifecycle", &["stage", "lifecyclestage", "status"]),
    (
        "model",
        "serving",
        &["servingmode", "deployment", "inference"],
    ),
    ("model", "business_kpi", &["kpi", "businessmetric"]),
    ("model", "has_cicd", &["cicd", "automatedcicd"]),
    ("model", "has_monitoring", &["monitoring", "monitored"]),
    ("model", "has_lineage", &["lineage"]),
    ("model", "has_model_card", &["modelcard"]),
    (
        "model",
        "last_readiness_review",
        &["lastreview", "readinessreview", "lastreviewed"],
    ),
    ("model", "risk_level", &["risk"]),
    (
        "model",
        "cost_tag",
        &["costtag", "tag", "costallocationtag"],
    ),
    ("initiative", "title", &["summary", "name", "issuetitle"]),
    ("initiative", "team_id", &["team", "teamname", "squad"]),
    (
        "initiative",
        "model_id",
        &["model", "component", "components"],
    ),
    (
        "initiative",
        "quarter",
        &[
            "targetquarter",
            "fixversions",
            "fixversion",
            "sprint",
            "cycle",
            "cyclename",
            "projectmilestone",
            "milestone",
        ],
    ),
    (
        "initiative",
        "effort_pw",
        &[
            "effort",
            "storypoints",
            "storypointestimate",
            "estimate",
            "originalestimate",
        ],
    ),
    (
        "initiative",
        "outcome_metric",
        &["outcome", "successmetric"],
    ),
    ("initiative", "kind", &["initiativekind", "category"]),
    (
        "dependency",
        "initiative_id",
        &["initiative", "issue", "blocked"],
    ),
    (
        "dependency",
        "depends_on_id",
        &["dependson", "blockedby", "blocker"],
    ),
    ("budget", "team_id", &["team"]),
    ("budget", "amount_minor", &["budget", "amount"]),
    ("kpi_value", "kpi_id", &["kpi", "metric", "kpikey"]),
    ("kpi_value", "period", &["month", "quarter", "date"]),
    ("risk", "severity", &["impact"]),
    ("incident", "model_id", &["model", "service"]),
    ("incident", "started_at", &["started", "start"]),
    ("incident", "detected_at", &["detected"]),
    ("incident", "mitigated_at", &["mitigated", "resolved"]),
];

/// Headers that name a row in messages, best first.
const KEY_HEADERS: &[&str] = &[
    "issuekey",
    "key",
    "identifier",
    "employeeid",
    "employeenumber",
    "id",
];

/// Columns an export writes that are not fields.
const IGNORED: &[&str] = &["createdat", "updatedat"];

/// `Custom field (Story Points)` → `storypoints`; `Fix Version/s` → `fixversions`.
pub fn normalise(header: &str) -> String {
    let lower = header.trim().to_lowercase();
    let inner = lower
        .strip_prefix("custom field (")
        .and_then(|h| h.strip_suffix(')'))
        .unwrap_or(&lower);
    inner.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The mapping proposed for `headers` (distinct, in file order): exact names first, so an
/// export maps to itself, then synonyms; a column fills at most one field, and only when
/// `fits(field, header)` says its values can be read as the field's (Jira's `Rank` column
/// holds LexoRank text, not a rank).
pub fn auto(
    kind: &str,
    fields: &[Field],
    headers: &[String],
    fits: impl Fn(&Field, &str) -> bool,
) -> Mapping {
    let mut mapping = Mapping::default();
    let mut taken = Vec::<String>::new();
    let normalised: Vec<(String, &String)> = headers
        .iter()
        .map(|h| (normalise(h), h))
        .filter(|(n, _)| !IGNORED.contains(&n.as_str()))
        .collect();
    let mut claim = |mapping: &mut Mapping, field: &Field, wanted: &str| -> bool {
        let found = normalised
            .iter()
            .find(|(n, h)| n == wanted && !taken.contains(h) && fits(field, h));
        match found {
            Some((_, header)) => {
                taken.push((*header).clone());
                mapping
                    .columns
                    .insert(field.name.clone(), (*header).clone());
                if let Some(unit) = unit_of(field, wanted) {
                    mapping.units.insert(field.name.clone(), unit);
                }
                true
            }
            None => false,
        }
    };
    for field in fields {
        for own in [&field.name, &field.export_name] {
            if !mapping.columns.contains_key(&field.name) {
                claim(&mut mapping, field, &normalise(own));
            }
        }
    }
    for field in fields.iter().filter(|f| f.name != "id") {
        if mapping.columns.contains_key(&field.name) {
            continue;
        }
        let synonyms = SYNONYMS
            .iter()
            .filter(|(k, f, _)| *k == kind && *f == field.name)
            .flat_map(|(_, _, names)| names.iter());
        let label = normalise(&field.label);
        for wanted in std::iter::once(label.as_str()).chain(synonyms.copied()) {
            if claim(&mut mapping, field, wanted) {
                break;
            }
        }
    }
    mapping.key_column = KEY_HEADERS.iter().find_map(|wanted| {
        normalised
            .iter()
            .find(|(n, h)| n == wanted && !taken.contains(h))
            .map(|(_, h)| (*h).clone())
    });
    mapping
}

/// A Jira time field is in seconds; anything else is taken as the field's own unit.
fn unit_of(field: &Field, header: &str) -> Option<Unit> {
    let is_time = [
        "originalestimate",
        "timeestimate",
        "remainingestimate",
        "timespent",
    ];
    (field.ty == FieldType::Number && is_time.contains(&header)).then_some(Unit::Seconds)
}

/// Identifies a source by its kind and its column names in order, so the next file from the
/// same export is recognised.
pub fn fingerprint(kind: &str, headers: &[String]) -> String {
    let mut hash = Sha256::new();
    hash.update(kind.as_bytes());
    for header in headers {
        hash.update(b"\n");
        hash.update(normalise(header).as_bytes());
    }
    hash.finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::records::{find, import::fields::fields};

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn jira_headers_map_to_initiative_fields() {
        let store = crate::Store::open_in_memory().unwrap();
        let fields = fields(store.conn(), find("initiative").unwrap()).unwrap();
        let headers = strings(&[
            "Summary",
            "Issue key",
            "Issue Type",
            "Status",
            "Custom field (Story Points)",
            "Original Estimate",
            "Fix versions",
            "Sprint",
            "Custom field (Team)",
        ]);
        let mapping = auto("initiative", &fields, &headers, |_, _| true);
        let column = |f: &str| mapping.columns.get(f).map(String::as_str);
        assert_eq!(column("title"), Some("Summary"));
        assert_eq!(column("status"), Some("Status"));
        assert_eq!(column("team_id"), Some("Custom field (Team)"));
        assert_eq!(column("quarter"), Some("Fix versions"));
        assert_eq!(column("effort_pw"), Some("Custom field (Story Points)"));
        assert_eq!(column("kind"), None, "Issue Type is not an initiative kind");
        assert_eq!(mapping.key_column.as_deref(), Some("Issue key"));
    }

    #[test]
    fn linear_headers_map_and_its_text_id_names_the_rows() {
        let store = crate::Store::open_in_memory().unwrap();
        let fields = fields(store.conn(), find("initiative").unwrap()).unwrap();
        let headers = strings(&[
            "ID",
            "Team",
            "Title",
            "Status",
            "Estimate",
            "Cycle Name",
            "Labels",
        ]);
        // Linear's ID is `ENG-142`: not a record id.
        let mapping = auto("initiative", &fields, &headers, |f, _| f.name != "id");
        let column = |f: &str| mapping.columns.get(f).map(String::as_str);
        assert_eq!(column("id"), None);
        assert_eq!(column("title"), Some("Title"));
        assert_eq!(column("team_id"), Some("Team"));
        assert_eq!(column("effort_pw"), Some("Estimate"));
        assert_eq!(column("quarter"), Some("Cycle Name"));
        assert_eq!(mapping.key_column.as_deref(), Some("ID"));
    }

    #[test]
    fn an_export_maps_to_itself_and_the_estimate_is_in_seconds() {
        let store = crate::Store::open_in_memory().unwrap();
        let fields = fields(store.conn(), find("position").unwrap()).unwrap();
        let headers = strings(&["id", "team_id", "role", "loaded_cost", "created_at"]);
        let mapping = auto("position", &fields, &headers, |_, _| true);
        assert_eq!(mapping.columns["id"], "id");
        assert_eq!(mapping.columns["team_id"], "team_id");
        assert_eq!(mapping.columns["loaded_cost_minor"], "loaded_cost");
        assert_eq!(mapping.columns.len(), 4);
        let initiative =
            super::super::fields::fields(store.conn(), find("initiative").unwrap()).unwrap();
        let jira = auto(
            "initiative",
            &initiative,
            &strings(&["Summary", "Original Estimate", "Rank"]),
            |field, _| field.name != "rank",
        );
        assert_eq!(
            jira.columns.get("rank"),
            None,
            "a column whose values do not fit"
        );
        assert_eq!(jira.units.get("effort_pw"), Some(&Unit::Seconds));
        assert_ne!(
            fingerprint("initiative", &headers),
            fingerprint("position", &headers)
        );
    }
}
