//! Generator output: one snapshot per construct fixture, freshness of the committed
//! crate, determinism, and that every fixture's output compiles.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kibana_connectors_tests::{check_compiles, concat, fixture_specs, generate_fixture, project_files, root};

#[test]
fn fixture_snapshots() {
    let specs = fixture_specs();
    assert!(specs.len() >= 8, "expected the construct fixtures, found {specs:?}");
    for spec in specs {
        let name = spec.file_stem().and_then(|s| s.to_str()).unwrap().to_owned();
        let files = generate_fixture(&spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(name, concat(&files));
        });
    }
}

fn generate_project() -> generator::Files {
    project_files().unwrap_or_else(|d| panic!("{d}"))
}

/// The committed `generated/` must be exactly what the generator produces now: the check
/// `cargo xtask codegen --check` runs.
#[test]
fn committed_models_are_fresh() {
    let targets = xtask::project_targets(&root()).unwrap_or_else(|e| panic!("{e}"));
    xtask::ensure_fresh(&targets).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn generation_is_deterministic() {
    let first = generate_project();
    for _ in 0..3 {
        assert_eq!(first, generate_project());
    }
    let total: usize = first.values().map(String::len).sum();
    assert!(total > 10_000, "suspiciously small output: {total} bytes");
}

/// Builds every fixture's output (with the hand-written runtime) as one crate, warnings denied.
#[test]
fn fixture_output_compiles() {
    let modules: Vec<(String, generator::Files)> = fixture_specs()
        .iter()
        .map(|spec| (spec.file_stem().and_then(|s| s.to_str()).unwrap().to_owned(), generate_fixture(spec).unwrap()))
        .collect();
    check_compiles("fixture-check", &modules, &[]).unwrap_or_else(|e| panic!("{e}"));
}
