//! One FOCUS record read and checked: every kept cell through its reader, ChargeCategory,
//! ServiceCategory and ChargeFrequency matched to their FOCUS spelling, the charge period in order.

use std::borrow::Cow;

use crate::finops::import::focus::cells::{currency, number, tags, Code, Number, TagsSeen};
use crate::finops::import::focus::columns::Columns;
use crate::finops::import::focus::instant::{timestamp, Instant};
use crate::finops::import::reader::Cells;
use crate::Result;

/// One record, read and checked, borrowing its text from the record.
pub(super) struct Line<'a> {
    pub(super) billed: Number<'a>,
    pub(super) effective: Number<'a>,
    pub(super) list: Number<'a>,
    pub(super) currency: Code,
    pub(super) charge_start: Instant,
    pub(super) charge_end: Instant,
    pub(super) billing_period_start: Instant,
    pub(super) charge_category: &'static str,
    pub(super) provider: &'a str,
    pub(super) service_name: &'a str,
    pub(super) service_category: &'a str,
    pub(super) sub_account_id: &'a str,
    pub(super) resource_id: &'a str,
    pub(super) resource_name: &'a str,
    pub(super) region_id: &'a str,
    pub(super) sku_id: &'a str,
    pub(super) consumed_quantity: Option<Number<'a>>,
    pub(super) consumed_unit: &'a str,
    /// Tags JSON object text: the file's own when no `x_` column adds to it, else rebuilt.
    pub(super) tags: Cow<'a, str>,
}

const CHARGE_CATEGORIES: &[&str] = &["Usage", "Purchase", "Tax", "Credit", "Adjustment"];

const SERVICE_CATEGORIES: &[&str] = &[
    "AI and Machine Learning",
    "Analytics",
    "Business Applications",
    "Compute",
    "Databases",
    "Developer Tools",
    "Multicloud",
    "Identity",
    "Integration",
    "Internet of Things",
    "Management and Governance",
    "Media",
    "Migration",
    "Mobile",
    "Networking",
    "Security",
    "Storage",
    "Web",
    "Other",
];

const CHARGE_FREQUENCIES: &[&str] = &["One-Time", "Recurring", "Usage-Based"];

const SPELLING: &str = "spelled differently from the FOCUS value; read as the FOCUS spelling";

pub(super) fn read_line<'a>(
    cells: &mut Cells<'a>,
    c: &Columns,
    seen_tags: &mut TagsSeen,
) -> Result<Line<'a>> {
    let charge_start = timestamp(cells, c.charge_start)?;
    let charge_end = timestamp(cells, c.charge_end)?;
    if charge_end < charge_start {
        let value = cells.required(c.charge_end)?;
        return Err(cells.error(
            c.charge_end,
            value,
            "ChargePeriodEnd is before ChargePeriodStart",
        ));
    }
    let category_text = cells.required(c.charge_category)?;
    let charge_category = canonical(cells, c.charge_category, category_text, CHARGE_CATEGORIES)
        .ok_or_else(|| {
            cells.error(
                c.charge_category,
                category_text,
                "not a FOCUS ChargeCategory (Usage, Purchase, Tax, Credit or Adjustment)",
            )
        })?;
    let service_category = cells.required(c.service_category)?;
    let service_category = match canonical(
        cells,
        c.service_category,
        service_category,
        SERVICE_CATEGORIES,
    ) {
        Some(name) => name,
        None => {
            cells.warn(
                c.service_category,
                "not a FOCUS ServiceCategory; kept as written",
                service_category,
            );
            service_category
        }
    };
    if let Some(frequency) = c.charge_frequency {
        let text = cells.optional(Some(frequency))?;
        if !text.is_empty() && canonical(cells, frequency, text, CHARGE_FREQUENCIES).is_none() {
            cells.warn(frequency, "not a FOCUS ChargeFrequency", text);
        }
    }
    let consumed_quantity = match cells.optional(c.consumed_quantity)? {
        "" => None,
        _ => Some(number(
            cells,
            c.consumed_quantity.unwrap_or_default(),
            false,
        )?),
    };
    Ok(Line {
        billed: number(cells, c.billed, true)?,
        effective: number(cells, c.effective, true)?,
        list: number(cells, c.list, true)?,
        currency: currency(cells, c.currency)?,
        charge_start,
        charge_end,
        billing_period_start: timestamp(cells, c.billing_start)?,
        charge_category,
        provider: cells.required(c.provider)?,
        service_name: cells.required(c.service_name)?,
        service_category,
        sub_account_id: cells.optional(c.sub_account)?,
        resource_id: cells.optional(c.resource_id)?,
        resource_name: cells.optional(c.resource_name)?,
        region_id: cells.optional(c.region)?,
        sku_id: cells.optional(c.sku)?,
        consumed_quantity,
        consumed_unit: cells.optional(c.consumed_unit)?,
        tags: tags(cells, c.tags, &c.custom, seen_tags)?,
    })
}

/// The FOCUS spelling of `text` among `allowed`, ignoring case; a different case is a warning.
fn canonical(
    cells: &mut Cells<'_>,
    index: usize,
    text: &str,
    allowed: &[&'static str],
) -> Option<&'static str> {
    if let Some(exact) = allowed.iter().find(|a| **a == text) {
        return Some(exact);
    }
    let found = allowed.iter().find(|a| a.eq_ignore_ascii_case(text))?;
    cells.warn(index, SPELLING, text);
    Some(found)
}
