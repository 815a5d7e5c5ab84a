//! A cell of text read as a field's value: numbers, yes/no, dates, quarters written the way
//! exports write them, statuses through synonyms ("In Review" → `in_progress`), and references
//! by id or by name. Failures are reasons in words, for the row's error.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::Value;

use super::fields::{Field, FieldType};
use super::mapping::Unit;
use crate::values::money::{parse_amount, Currency};
use crate::values::quarter::FiscalQuarter;

/// Status words of Jira, Linear and HR tools → stored values, best first; the first one the
/// field allows is used.
const CHOICE_SYNONYMS: &[(&str, &[&str])] = &[
    ("todo", &["proposed", "planned", "open"]),
    ("backlog", &["proposed", "planned"]),
    ("new", &["proposed", "planned", "open"]),
    ("triage", &["proposed"]),
    ("open", &["open", "proposed"]),
    ("selectedfordevelopment", &["committed"]),
    ("readyfordevelopment", &["committed"]),
    ("ready", &["committed"]),
    ("planned", &["committed", "planned"]),
    ("inprogress", &["in_progress"]),
    ("started", &["in_progress"]),
    ("indevelopment", &["in_progress"]),
    ("inreview", &["in_progress"]),
    ("codereview", &["in_progress"]),
    ("doing", &["in_progress"]),
    ("done", &["delivered", "closed"]),
    ("closed", &["delivered", "closed"]),
    ("resolved", &["delivered", "closed"]),
    ("released", &["delivered"]),
    ("shipped", &["delivered"]),
    ("blocked", &["slipped"]),
    ("delayed", &["slipped"]),
    ("wontdo", &["cancelled"]),
    ("wontfix", &["cancelled"]),
    ("canceled", &["cancelled"]),
    ("rejected", &["cancelled"]),
    ("duplicate", &["cancelled"]),
    ("active", &["filled", "open"]),
    ("employed", &["filled"]),
    ("hired", &["filled"]),
    ("vacant", &["open"]),
    ("hiring", &["open"]),
    ("approved", &["planned"]),
    ("noticeperiod", &["leaving"]),
    ("onnotice", &["leaving"]),
    ("resigned", &["leaving"]),
    ("critical", &["critical", "high", "sev1"]),
    ("major", &["high", "sev2"]),
    ("minor", &["low", "sev3"]),
];

/// The stored value a choice written as `text` stands for, if any: itself, its words joined by
/// underscores ("In progress"), or a synonym the field allows.
pub fn choice(field: &Field, text: &str) -> Option<String> {
    let lower = text.trim().to_lowercase();
    let joined: String = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    for candidate in [&lower, &joined] {
        if field.choices.iter().any(|c| c == candidate) {
            return Some(candidate.clone());
        }
    }
    let squashed = joined.replace('_', "");
    CHOICE_SYNONYMS
        .iter()
        .find(|(word, _)| *word == squashed)
        .and_then(|(_, targets)| {
            targets
                .iter()
                .find(|t| field.choices.iter().any(|c| c == *t))
        })
        .map(|t| t.to_string())
}

/// What a row's currency and the field's unit say about how to read its cells.
pub struct CellContext {
    pub currency: Option<Currency>,
    pub unit: Option<Unit>,
}

/// `text` as the JSON value of a field that is not a reference (those need the store).
/// An empty cell is handled by the caller.
pub fn convert(field: &Field, text: &str, at: &CellContext) -> Result<Value, String> {
    let text = text.trim();
    match field.ty {
        FieldType::Text | FieldType::Reference => Ok(Value::from(text)),
        FieldType::Integer => integer(text).map(Value::from),
        FieldType::Money => {
            let currency = at
                .currency
                .ok_or("the row has no currency to read this amount in")?;
            parse_amount(text, currency, &field.name)
                .map(Value::from)
                .map_err(|e| e.message())
        }
        FieldType::Number => {
            let number = number(text)?;
            let per_week = at.unit.map_or(1.0, Unit::per_week);
            Ok(Value::from(number / per_week))
        }
        FieldType::Bool => boolean(text).map(Value::from),
        FieldType::Date => date(text).map(|d| Value::from(d.to_string())),
        FieldType::Timestamp => timestamp(text).map(|t| Value::from(t.to_rfc3339())),
        FieldType::Quarter => quarter(text).map(|q| Value::from(q.to_string())),
        FieldType::Choice => choice(field, text).map(Value::from).ok_or_else(|| {
            format!(
                "not one of: {} (map it in the values step)",
                field.choices.join(", ")
            )
        }),
    }
}

fn integer(text: &str) -> Result<i64, String> {
    let bare = text.trim_end_matches('%').trim();
    bare.parse::<i64>()
        .ok()
        .or_else(|| {
            bare.parse::<f64>()
                .ok()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| f as i64)
        })
        .ok_or_else(|| "not a whole number".to_string())
}

fn number(text: &str) -> Result<f64, String> {
    let bare = text.trim_end_matches('%').replace(',', "");
    bare.trim()
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .ok_or_else(|| "not a number".to_string())
}

fn boolean(text: &str) -> Result<bool, String> {
    match text.to_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "x" | "✓" | "on" => Ok(true),
        "0" | "false" | "no" | "n" | "-" | "off" => Ok(false),
        _ => Err("not yes or no (write yes, no, true, false, 1 or 0)".into()),
    }
}

/// `2026-03-15`, with or without a time after it, `2026/03/15`, `15.03.2026`, `15 Mar 2026`,
/// `Mar 15, 2026` and Jira's `15/Mar/26`; `03/04/2026` is refused as ambiguous.
pub fn date(text: &str) -> Result<NaiveDate, String> {
    let head = text.get(..10).unwrap_or(text);
    let jira_date = text.split_whitespace().next().unwrap_or(text);
    NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(head, "%Y/%m/%d"))
        .or_else(|_| NaiveDate::parse_from_str(head, "%d.%m.%Y"))
        .or_else(|_| NaiveDate::parse_from_str(text, "%d %b %Y"))
        .or_else(|_| NaiveDate::parse_from_str(text, "%b %d, %Y"))
        .or_else(|_| NaiveDate::parse_from_str(jira_date, "%d/%b/%y"))
        .map_err(|_| "not a date (write it like 2026-03-15)".to_string())
}

fn timestamp(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%:z"))
        .map(|t| t.with_timezone(&Utc))
        .or_else(|_| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
                .map(|t| t.and_utc())
        })
        .map_err(|_| "not a date and time (write it like 2026-03-15 09:30)".to_string())
}

/// `FY2027-Q1`, `2027 Q1`, `Q1 2027`, `FY27 Q1`, `2027.Q1` or a sprint named after its
/// quarter (`Ranking 2027-Q1 Sprint 3`).
pub fn quarter(text: &str) -> Result<FiscalQuarter, String> {
    if let Ok(q) = text.parse::<FiscalQuarter>() {
        return Ok(q);
    }
    let upper = text.to_uppercase();
    let chars: Vec<char> = upper.chars().collect();
    let mut quarter = None;
    let mut year = None;
    let mut i = 0;
    while i < chars.len() {
        let digits: String = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.is_empty() {
            let next_digit = chars.get(i + 1).filter(|c| ('1'..='4').contains(*c));
            let after = chars.get(i + 2).is_none_or(|c| !c.is_ascii_digit());
            if chars[i] == 'Q' && quarter.is_none() && after {
                if let Some(d) = next_digit {
                    quarter = d.to_digit(10);
                    i += 2;
                    continue;
                }
            }
            i += 1;
            continue;
        }
        let after_fy = i >= 2 && chars[i - 2..i] == ['F', 'Y'];
        if year.is_none() {
            if digits.len() == 4 && digits.starts_with("20") {
                year = digits.parse::<i32>().ok();
            } else if digits.len() == 2 && after_fy {
                year = digits.parse::<i32>().ok().map(|y| 2000 + y);
            }
        }
        i += digits.len();
    }
    match (year, quarter) {
        (Some(year), Some(q)) => FiscalQuarter::new(year, q as u8).map_err(|e| e.message()),
        _ => Err("no quarter in it (write it like FY2027-Q1 or 2027 Q1)".into()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn status() -> Field {
        Field {
            name: "status".into(),
            export_name: "status".into(),
            label: "Status".into(),
            ty: FieldType::Choice,
            optional: false,
            default: None,
            required: true,
            choices: [
                "proposed",
                "committed",
                "in_progress",
                "delivered",
                "slipped",
                "cancelled",
            ]
            .map(String::from)
            .to_vec(),
            references: None,
        }
    }

    #[test]
    fn jira_statuses_become_initiative_statuses() {
        let field = status();
        let got = |t: &str| choice(&field, t);
        assert_eq!(got("To Do").as_deref(), Some("proposed"));
        assert_eq!(got("In Progress").as_deref(), Some("in_progress"));
        assert_eq!(got("In Review").as_deref(), Some("in_progress"));
        assert_eq!(got("Done").as_deref(), Some("delivered"));
        assert_eq!(got("Won't Do").as_deref(), Some("cancelled"));
        assert_eq!(got("delivered").as_deref(), Some("delivered"));
        assert_eq!(got("Parked"), None);
    }

    #[test]
    fn quarters_are_read_from_versions_and_sprints() {
        let q = |t: &str| quarter(t).map(|q| q.to_string());
        assert_eq!(q("FY2027-Q1").unwrap(), "FY2027-Q1");
        assert_eq!(q("2027 Q2").unwrap(), "FY2027-Q2");
        assert_eq!(q("Q3 2027").unwrap(), "FY2027-Q3");
        assert_eq!(q("FY27 Q4").unwrap(), "FY2027-Q4");
        assert_eq!(q("Ranking 2027-Q1 Sprint 3").unwrap(), "FY2027-Q1");
        assert!(q("Sprint 14").is_err());
        assert!(q("v2.3.1").is_err());
    }

    #[test]
    fn dates_numbers_and_efforts_are_read_or_refused_with_a_reason() {
        assert_eq!(date("2024-03-15").unwrap().to_string(), "2024-03-15");
        assert_eq!(
            date("2024-03-15 00:00:00").unwrap().to_string(),
            "2024-03-15"
        );
        assert_eq!(
            date("12/Jan/26 10:02 AM").unwrap().to_string(),
            "2026-01-12"
        );
        assert!(date("2024-02-30").unwrap_err().contains("not a date"));
        assert!(date("03/04/2026").is_err());
        let effort = Field {
            ty: FieldType::Number,
            ..status()
        };
        let seconds = CellContext {
            currency: None,
            unit: Some(Unit::Seconds),
        };
        assert_eq!(
            convert(&effort, "576000", &seconds).unwrap(),
            Value::from(4.0)
        );
        assert_eq!(integer("80%").unwrap(), 80);
        assert_eq!(
            timestamp("2026-05-01 10:00:00+00:00").unwrap().to_rfc3339(),
            "2026-05-01T10:00:00+00:00"
        );
    }
}
