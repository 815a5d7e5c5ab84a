//! FOCUS `x_` provider columns kept as tags: merged with the Tags column, a clash warned with
//! Tags winning, empty cells adding nothing, and allocation rules matching them.

use std::str::FromStr;

use quartermaster_core::finops::allocation;
use quartermaster_core::finops::import::focus;
use quartermaster_core::finops::import::ImportOptions;
use quartermaster_core::finops::{AllocationRule, Category, MatchOn};
use quartermaster_core::values::amount::Amount;
use rust_decimal::Decimal;

use crate::finops_import::fixture;
use crate::support::{now, org};

const FIXTURE: &str = "focus/focus-1.2-custom-columns.csv";

/// The stored Tags text of every line, in file order.
fn stored_tags(store: &quartermaster_core::Store) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT tags FROM cost_line ORDER BY id")
        .unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn amount(text: &str) -> Amount {
    Amount(Decimal::from_str(text).unwrap())
}

#[test]
fn x_columns_become_sorted_tags_merged_with_the_tags_column() {
    let mut store = org();
    let result = focus::import_file(
        &mut store,
        &fixture(FIXTURE),
        ImportOptions::default(),
        now(),
        None,
    )
    .unwrap();
    assert_eq!(result.batch.row_count, 5);
    assert_eq!(
        stored_tags(&store),
        vec![
            r#"{"model":"ranker","x_CostCenter":"CC-4410","x_Project":"search-ranking","x_UsageType":"USE1-ML:ml.g5.xlarge"}"#,
            // Tags already holds the same x_CostCenter: no clash.
            r#"{"model":"embedder","x_CostCenter":"CC-4410","x_Project":"embeddings","x_UsageType":"USE1-ML:ml.p4d.24xlarge"}"#,
            // No Tags, an empty x_Project: only the non-empty columns.
            r#"{"x_CostCenter":"CC-5120","x_UsageType":"USE1-TimedStorage-ByteHrs"}"#,
            // Clash: Tags says CC-9000, the column CC-5120; Tags wins.
            r#"{"team":"vision","x_CostCenter":"CC-9000","x_Project":"vision-inference","x_UsageType":"NC6s v3"}"#,
            // NULL and empty x_ cells add nothing.
            "{}",
        ]
    );
    let clash: Vec<_> = result
        .warnings
        .iter()
        .filter(|w| w.column == "x_CostCenter" && w.reason.starts_with("Tags already has"))
        .collect();
    assert_eq!(clash.len(), 1, "{:?}", result.warnings);
    assert_eq!(clash[0].count, 1);
    assert_eq!(
        clash[0].reason,
        "Tags already has this key with another value; kept the value from Tags"
    );
    assert_eq!(clash[0].examples[0].line, 5);
    assert_eq!(clash[0].examples[0].value, "CC-5120 (Tags has CC-9000)");
    // x_ columns are read, so none is reported as ignored.
    assert!(
        result
            .warnings
            .iter()
            .all(|w| !w.reason.starts_with("not a FOCUS column")),
        "{:?}",
        result.warnings
    );
}

#[test]
fn an_allocation_rule_on_an_x_column_allocates_exactly_its_lines() {
    let mut store = org();
    focus::import_file(
        &mut store,
        &fixture(FIXTURE),
        ImportOptions::default(),
        now(),
        None,
    )
    .unwrap();
    let rule = |priority, pattern: &str| AllocationRule {
        id: 0,
        priority,
        match_on: MatchOn::Tag,
        tag_key: "x_CostCenter".into(),
        pattern: pattern.into(),
        model_id: None,
        team_id: None,
        category: Category::Inference,
    };
    let preview = allocation::preview(
        store.conn(),
        vec![rule(10, "CC-4410"), rule(20, "CC-5120")],
        None,
    )
    .unwrap();
    let caught: Vec<(i64, i64, Amount, Amount)> = preview
        .rules
        .iter()
        .map(|c| (c.priority, c.lines, c.effective_cost, c.billed_cost))
        .collect();
    assert_eq!(
        caught,
        vec![
            (10, 2, amount("389.1275"), amount("409.15")),
            // Line 5's column says CC-5120 but its Tags (kept) say CC-9000.
            (20, 1, amount("41.20"), amount("41.20")),
        ]
    );
    assert_eq!(
        (
            preview.unallocated_lines,
            preview.unallocated_effective_cost
        ),
        (2, amount("75.333"))
    );
}
