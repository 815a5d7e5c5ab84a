//! The FOCUS columns a header holds: the positions of the columns kept (found by name, 1.3's
//! renamed provider included), the FOCUS version they point to, and the unknown columns named
//! once so the user knows they were not read.

use crate::finops::import::reader::{Input, Warnings};
use crate::Result;

/// Positions of the FOCUS columns kept, found by name.
pub(super) struct Columns {
    pub(super) billed: usize,
    pub(super) effective: usize,
    pub(super) list: usize,
    pub(super) currency: usize,
    pub(super) charge_start: usize,
    pub(super) charge_end: usize,
    pub(super) billing_start: usize,
    pub(super) charge_category: usize,
    pub(super) provider: usize,
    pub(super) service_name: usize,
    pub(super) service_category: usize,
    pub(super) sub_account: Option<usize>,
    pub(super) resource_id: Option<usize>,
    pub(super) resource_name: Option<usize>,
    pub(super) region: Option<usize>,
    pub(super) sku: Option<usize>,
    pub(super) consumed_quantity: Option<usize>,
    pub(super) consumed_unit: Option<usize>,
    pub(super) tags: Option<usize>,
    /// Provider `x_` columns (position, name as in the header), kept as tags.
    pub(super) custom: Vec<(usize, String)>,
    /// Read only to report its spelling; not stored.
    pub(super) charge_frequency: Option<usize>,
    pub(super) version: &'static str,
}

impl Columns {
    pub(super) fn find(input: &Input) -> Result<Columns> {
        let need = |names: &[&str]| input.required_column(names);
        let may = |names: &[&str]| input.column(names);
        let columns = Columns {
            billed: need(&["BilledCost"])?,
            effective: need(&["EffectiveCost"])?,
            list: need(&["ListCost"])?,
            currency: need(&["BillingCurrency"])?,
            charge_start: need(&["ChargePeriodStart"])?,
            charge_end: need(&["ChargePeriodEnd"])?,
            billing_start: need(&["BillingPeriodStart"])?,
            charge_category: need(&["ChargeCategory"])?,
            // 1.3 renames the provider; prefer the new name when both are present.
            provider: need(&["ServiceProviderName", "ProviderName"])?,
            service_name: need(&["ServiceName"])?,
            service_category: need(&["ServiceCategory"])?,
            sub_account: may(&["SubAccountId"]),
            resource_id: may(&["ResourceId"]),
            resource_name: may(&["ResourceName"]),
            region: may(&["RegionId", "Region"]),
            sku: may(&["SkuId"]),
            consumed_quantity: may(&["ConsumedQuantity"]),
            consumed_unit: may(&["ConsumedUnit"]),
            tags: may(&["Tags"]),
            custom: input
                .headers
                .iter()
                .enumerate()
                .filter(|(_, name)| is_custom(name))
                .map(|(i, name)| (i, name.clone()))
                .collect(),
            charge_frequency: may(&["ChargeFrequency"]),
            version: version_of(input),
        };
        // Amounts are summed exactly: a column of floats is refused, never rounded.
        for exact in [columns.billed, columns.effective, columns.list]
            .into_iter()
            .chain(columns.consumed_quantity)
        {
            input.require_exact(exact)?;
        }
        Ok(columns)
    }

    fn used(&self) -> Vec<usize> {
        let mut used = vec![
            self.billed,
            self.effective,
            self.list,
            self.currency,
            self.charge_start,
            self.charge_end,
            self.billing_start,
            self.charge_category,
            self.provider,
            self.service_name,
            self.service_category,
        ];
        used.extend(
            [
                self.sub_account,
                self.resource_id,
                self.resource_name,
                self.region,
                self.sku,
                self.consumed_quantity,
                self.consumed_unit,
                self.tags,
                self.charge_frequency,
            ]
            .into_iter()
            .flatten(),
        );
        used.extend(self.custom.iter().map(|(i, _)| *i));
        used
    }
}

/// The newest FOCUS version whose new columns the header has.
fn version_of(input: &Input) -> &'static str {
    let has = |name: &str| input.column(&[name]).is_some();
    if has("ServiceProviderName") || has("HostProviderName") || has("AllocatedMethodId") {
        "1.3"
    } else if has("InvoiceId") || has("PricingCurrency") || has("BillingAccountType") {
        "1.2"
    } else if has("ServiceSubcategory") || has("CapacityReservationId") || has("SkuMeter") {
        "1.1"
    } else {
        "1.0"
    }
}

/// Column names of FOCUS 1.0 to 1.3, so a non-spec column (like the sample's `Id`) is named.
const FOCUS_NAMES: &[&str] = &[
    "AllocatedMethodDetails",
    "AllocatedMethodId",
    "AllocatedResourceId",
    "AllocatedResourceName",
    "AllocatedTags",
    "AvailabilityZone",
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingAccountType",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "CapacityReservationId",
    "CapacityReservationStatus",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "CommitmentDiscountCategory",
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "CommitmentDiscountQuantity",
    "CommitmentDiscountStatus",
    "CommitmentDiscountType",
    "CommitmentDiscountUnit",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractApplied",
    "ContractedCost",
    "ContractedUnitPrice",
    "EffectiveCost",
    "HostProviderName",
    "InvoiceId",
    "InvoiceIssuerName",
    "ListCost",
    "ListUnitPrice",
    "PricingCategory",
    "PricingCurrency",
    "PricingCurrencyContractedUnitPrice",
    "PricingCurrencyEffectiveCost",
    "PricingCurrencyListUnitPrice",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "Region",
    "RegionId",
    "RegionName",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "ServiceProviderName",
    "ServiceSubcategory",
    "SkuId",
    "SkuMeter",
    "SkuPriceDetails",
    "SkuPriceId",
    "SubAccountId",
    "SubAccountName",
    "SubAccountType",
    "Tags",
];

/// Whether a column is a provider's own (`x_…`, any case), which the spec allows beside FOCUS's.
fn is_custom(name: &str) -> bool {
    name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("x_"))
}

/// Unknown columns are ignored, but named once so the user knows they were not read;
/// `x_` provider columns are read as tags (see `Columns::custom`).
pub(super) fn note_ignored_columns(input: &Input, columns: &Columns, warnings: &mut Warnings) {
    let used = columns.used();
    for (i, name) in input.headers.iter().enumerate() {
        let known = FOCUS_NAMES.iter().any(|f| f.eq_ignore_ascii_case(name));
        if used.contains(&i) || known {
            continue;
        }
        warnings.add(i, name, "not a FOCUS column; ignored", 1, name);
    }
}
