//! The allocated-spend cache: whatever happens to the rules, the models or the imports, the
//! figures read through it equal a fresh allocation of every line, and it is rebuilt only when
//! what it covers changed.

use quartermaster_core::bench::year::{bench_year, YearOptions};
use quartermaster_core::finops::allocation::cache::stored_allocation;
use quartermaster_core::finops::allocation::{self, Allocator};
use quartermaster_core::finops::import::synth::{write_focus_file, SynthOptions};
use quartermaster_core::finops::import::{focus, ImportOptions};
use quartermaster_core::finops::{AllocationRule, Category, MatchOn};
use quartermaster_core::history::undo;
use quartermaster_core::portfolio::Model;
use quartermaster_core::store::entity;
use quartermaster_core::Store;

use crate::finops_reports::org_with_models;
use crate::support::now;

/// The cached allocation equals allocating every group afresh.
fn assert_fresh(store: &Store, when: &str) {
    let allocator = Allocator::stored(store.conn()).unwrap();
    let cached = stored_allocation(store.conn(), &allocator).unwrap();
    let fresh = allocation::allocated_spend(store.conn(), &allocator, None).unwrap();
    assert!(!fresh.is_empty(), "{when}: no spend at all");
    assert_eq!(cached, fresh, "{when}");
}

fn kept_rows(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM allocated_spend_cache", [], |r| {
            r.get(0)
        })
        .unwrap()
}

fn import_synth(store: &mut Store, dir: &std::path::Path, seed: u64) {
    let path = dir.join(format!("bill-{seed}.csv"));
    let options = SynthOptions {
        rows: 400,
        seed,
        months: 2,
        first_month: seed as u32,
        resources: 12,
        quirks: false,
    };
    write_focus_file(&path, options).unwrap();
    focus::import_file(store, &path, ImportOptions::default(), now(), None).unwrap();
}

#[test]
fn the_cache_always_equals_a_fresh_allocation() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = org_with_models();
    import_synth(&mut store, dir.path(), 1);
    assert!(
        kept_rows(&store) > 0,
        "the import leaves its allocation ready"
    );
    assert_fresh(&store, "after the first import");

    // A new rule sends the training workload to the ranker.
    let ranker: i64 = store
        .conn()
        .query_row("SELECT id FROM model WHERE cost_tag = 'ranker'", [], |r| {
            r.get(0)
        })
        .unwrap();
    store
        .with_tx(|tx| {
            let rule = AllocationRule {
                id: 0,
                priority: 1,
                match_on: MatchOn::Tag,
                tag_key: "workload".into(),
                pattern: "train*".into(),
                model_id: Some(ranker),
                team_id: None,
                category: Category::Training,
            };
            entity::insert(tx, rule, now()).map(drop)
        })
        .unwrap();
    assert_fresh(&store, "after a new rule");
    let caught: i64 = stored_allocation(store.conn(), &Allocator::stored(store.conn()).unwrap())
        .unwrap()
        .iter()
        .filter(|row| row.allocation.model_id == Some(ranker))
        .map(|row| row.lines)
        .sum();
    assert!(caught > 0, "the rule's catch shows through the cache");

    // A model's cost tag changes what tag rules find.
    store
        .with_tx(|tx| {
            let mut model: Model = entity::get(tx, ranker)?;
            model.cost_tag = "fraud".into();
            entity::update(tx, model, now()).map(drop)
        })
        .unwrap();
    assert_fresh(&store, "after a cost tag changed");

    import_synth(&mut store, dir.path(), 2);
    assert_fresh(&store, "after a second import");
    undo::undo(&mut store, now()).unwrap().unwrap();
    assert_fresh(&store, "after the second import was undone");

    // A line edited by hand: its batch is summed from its lines again.
    store
        .conn()
        .execute(
            "UPDATE cost_line SET effective_cost = '1000' WHERE id = (SELECT min(id) FROM cost_line)",
            [],
        )
        .unwrap();
    assert_fresh(&store, "after a line was edited");
}

#[test]
fn a_read_only_reader_computes_without_keeping() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.db");
    {
        let mut store = org_with_models();
        import_synth(&mut store, dir.path(), 3);
        store.save_copy(&path).unwrap();
    }
    {
        let store = Store::open(&path).unwrap();
        store
            .conn()
            .execute_batch("DELETE FROM allocated_spend_cache; DELETE FROM allocated_spend_key")
            .unwrap();
    }
    let reader = Store::open_read_only(&path).unwrap();
    assert_fresh(&reader, "read-only");
    assert_eq!(kept_rows(&reader), 0, "nothing written by a reader");
}

#[test]
fn a_small_year_imports_month_by_month_with_exact_sums() {
    let dir = tempfile::tempdir().unwrap();
    let options = YearOptions {
        months: 3,
        rows_per_month: 2_000,
        resources: 30,
    };
    let report = bench_year(dir.path(), options, now()).unwrap();
    assert!(report.totals_exact);
    assert_eq!(report.lines, 6_000);
    let months: Vec<&str> = report.imports.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months, ["2025-01", "2025-02", "2025-03"]);
    assert!(report.figures.len() >= 12, "every FinOps figure is timed");
}

#[test]
fn batches_that_never_had_a_rollup_get_one_and_keep_their_figures() {
    let store = quartermaster_core::demo::in_memory().unwrap();
    let allocator = Allocator::stored(store.conn()).unwrap();
    let live = allocation::allocated_spend(store.conn(), &allocator, None).unwrap();
    let rolled = |store: &Store| -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM cost_rollup_batch", [], |r| r.get(0))
            .unwrap()
    };
    let before = rolled(&store);
    quartermaster_core::finops::unit_cost::spend(store.conn()).unwrap();
    assert!(
        rolled(&store) > before,
        "the demo's billing is rolled up once read"
    );
    assert_eq!(stored_allocation(store.conn(), &allocator).unwrap(), live);
    assert!(kept_rows(&store) > 0);
    assert_fresh(&store, "the demo, rolled up");
}
