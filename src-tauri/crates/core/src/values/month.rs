//! Calendar months as `YYYY-MM` labels: the check, the first day, and stepping back. Usage,
//! FinOps spend and monthly KPIs all name months this way.

use chrono::NaiveDate;

/// `YYYY-MM` with a real month.
pub fn is_month(text: &str) -> bool {
    NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").is_ok() && text.len() == 7
}

/// The first day of the month of a `YYYY-MM` label.
pub fn month_start(month: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()
}

/// The `YYYY-MM` label `back` months before `month` (empty if `month` is not a month).
pub fn month_before(month: &str, back: u32) -> String {
    let parsed = month
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<i32>().ok()?)));
    let Some((year, month)) = parsed else {
        return String::new();
    };
    let index = year * 12 + (month - 1) - back as i32;
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_before_cross_years() {
        assert_eq!(month_before("2026-03", 1), "2026-02");
        assert_eq!(month_before("2026-01", 1), "2025-12");
        assert_eq!(month_before("2026-03", 12), "2025-03");
        assert_eq!(month_before("junk", 1), "");
    }
}
