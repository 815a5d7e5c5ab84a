//! Organisation-wide settings: name, fiscal-year start month, reporting currency, date format,
//! and how many automatic backups the rolling set keeps.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::store::entity::{record_change, timestamp_text, Timestamp};
use crate::values::money::Currency;
use crate::values::quarter::FiscalCalendar;
use crate::{store::rules, text_enum, Error, Result};

text_enum! {
    /// How dates are shown in the UI and reports.
    pub enum DateFormat as "date_format" { Iso = "iso", Dmy = "dmy", Mdy = "mdy" }
}

/// The single settings row of an organisation file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub org_name: String,
    pub fiscal_year_start_month: u32,
    pub currency: Currency,
    pub date_format: DateFormat,
    /// Backups kept: the last N, whatever their age (at least 1).
    #[serde(default = "default_keep_last")]
    pub backup_keep_last: u32,
    /// Backups kept: the newest of each of the last D days.
    #[serde(default = "default_keep_daily_days")]
    pub backup_keep_daily_days: u32,
    /// Backups kept: the newest of each of the last M months.
    #[serde(default = "default_keep_monthly_months")]
    pub backup_keep_monthly_months: u32,
}

fn default_keep_last() -> u32 {
    10
}
fn default_keep_daily_days() -> u32 {
    14
}
fn default_keep_monthly_months() -> u32 {
    12
}

impl Settings {
    /// Validated settings for a new organisation.
    pub fn new(org_name: &str, fiscal_year_start_month: u32, currency: &str) -> Result<Settings> {
        let settings = Settings {
            org_name: org_name.trim().to_string(),
            fiscal_year_start_month,
            currency: Currency::parse(currency)?,
            date_format: DateFormat::Iso,
            backup_keep_last: default_keep_last(),
            backup_keep_daily_days: default_keep_daily_days(),
            backup_keep_monthly_months: default_keep_monthly_months(),
        };
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<()> {
        rules::non_empty("org_name", "Organisation name", &self.org_name)?;
        FiscalCalendar::new(self.fiscal_year_start_month)?;
        if !(1..=1000).contains(&self.backup_keep_last) {
            return Err(Error::invalid(
                "backup_keep_last",
                "Keep between 1 and 1000 of the latest backups",
            ));
        }
        if self.backup_keep_daily_days > 3660 {
            return Err(Error::invalid(
                "backup_keep_daily_days",
                "Keep daily backups for at most 3660 days",
            ));
        }
        if self.backup_keep_monthly_months > 1200 {
            return Err(Error::invalid(
                "backup_keep_monthly_months",
                "Keep monthly backups for at most 1200 months",
            ));
        }
        Ok(())
    }

    /// The fiscal calendar these settings define.
    pub fn calendar(&self) -> Result<FiscalCalendar> {
        FiscalCalendar::new(self.fiscal_year_start_month)
    }
}

/// The settings, or `None` for a file that was never initialised.
pub fn find(conn: &Connection) -> Result<Option<Settings>> {
    Ok(conn
        .query_row(
            "SELECT org_name, fiscal_year_start_month, currency, date_format, backup_keep_last,
                    backup_keep_daily_days, backup_keep_monthly_months FROM settings WHERE id = 1",
            [],
            |r| {
                Ok(Settings {
                    org_name: r.get(0)?,
                    fiscal_year_start_month: r.get(1)?,
                    currency: r.get(2)?,
                    date_format: r.get(3)?,
                    backup_keep_last: r.get(4)?,
                    backup_keep_daily_days: r.get(5)?,
                    backup_keep_monthly_months: r.get(6)?,
                })
            },
        )
        .optional()?)
}

/// The settings of an initialised organisation.
pub fn get(conn: &Connection) -> Result<Settings> {
    find(conn)?.ok_or_else(|| {
        Error::Conflict("this file has no organisation yet; run `quartermaster init` first".into())
    })
}

/// Creates the organisation; refused when the file already holds one.
pub fn init(conn: &Connection, settings: &Settings, now: Timestamp) -> Result<()> {
    settings.validate()?;
    if find(conn)?.is_some() {
        return Err(Error::Conflict(
            "this file already holds an organisation; choose another file".into(),
        ));
    }
    write(conn, settings, now)?;
    record_change(conn, "settings", 1, "create", None, Some(settings), now)
}

/// Changes the settings, auditing before and after.
pub fn update(conn: &Connection, settings: &Settings, now: Timestamp) -> Result<()> {
    settings.validate()?;
    let before = get(conn)?;
    write(conn, settings, now)?;
    record_change(
        conn,
        "settings",
        1,
        "update",
        Some(&before),
        Some(settings),
        now,
    )
}

fn write(conn: &Connection, s: &Settings, now: Timestamp) -> Result<()> {
    let stamp = timestamp_text(now);
    conn.execute(
        "INSERT INTO settings (id, org_name, fiscal_year_start_month, currency, date_format, created_at, updated_at,
             backup_keep_last, backup_keep_daily_days, backup_keep_monthly_months)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET org_name = ?1, fiscal_year_start_month = ?2,
             currency = ?3, date_format = ?4, updated_at = ?5, backup_keep_last = ?6,
             backup_keep_daily_days = ?7, backup_keep_monthly_months = ?8",
        rusqlite::params![
            s.org_name,
            s.fiscal_year_start_month,
            s.currency,
            s.date_format,
            stamp,
            s.backup_keep_last,
            s.backup_keep_daily_days,
            s.backup_keep_monthly_months
        ],
    )?;
    Ok(())
}
