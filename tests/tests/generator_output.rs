//! Generator output: one snapshot per construct fixture, freshness of the committed
//! crate, determinism, and that every fixture's output compiles.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kibana_connectors_tests::{concat, fixture_specs, generate_fixture, project_spec, read, root};
use std::process::Command;

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
    let (spec, overlay) = project_spec().unwrap();
    generator::generate(generator::Input { spec: &spec, overlay: Some(&overlay) }).unwrap_or_else(|d| panic!("{d}"))
}

/// The committed `generated/` must be exactly what the generator produces now.
#[test]
fn committed_models_are_fresh() {
    let files = generate_project();
    let dir = root().join("generated/src/models");
    let mut stale = Vec::new();
    for (name, text) in &files {
        match read(&dir.join(name)) {
            Ok(old) if old.replace("\r\n", "\n") == *text => {}
            _ => stale.push(name.clone()),
        }
    }
    for entry in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !files.contains_key(&name) {
            stale.push(format!("{name} (no longer produced)"));
        }
    }
    assert!(stale.is_empty(), "generated/src/models is stale: {stale:?}\nrun `cargo xtask codegen`");
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
    let root = root();
    let tmp = root.join("target/fixture-check");
    let src = tmp.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(src.join("runtime")).unwrap();
    for entry in std::fs::read_dir(root.join("generated/src/runtime")).unwrap().filter_map(Result::ok) {
        std::fs::copy(entry.path(), src.join("runtime").join(entry.file_name())).unwrap();
    }
    let mut lib = String::from("#![deny(warnings)]\n#![allow(dead_code)]\npub mod runtime;\n");
    for spec in fixture_specs() {
        let name = spec.file_stem().and_then(|s| s.to_str()).unwrap().to_owned();
        let files = generate_fixture(&spec).unwrap();
        let dir = src.join(&name);
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in &files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        lib.push_str(&format!("#[rustfmt::skip]\npub mod {name};\n"));
    }
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    let manifest = read(&root.join("generated/Cargo.toml")).unwrap();
    let deps = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    // Workspace-inherited dependencies are spelled out; the others are copied as they are.
    let own: String = deps.lines().filter(|l| !l.contains(".workspace")).map(|l| format!("{l}\n")).collect();
    let deps = format!("\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"{own}");
    std::fs::write(
        tmp.join("Cargo.toml"),
        format!("[package]\nname = \"fixture-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]{deps}"),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), tmp.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["check", "--quiet", "--manifest-path"])
        .arg(tmp.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/fixture-check/target"))
        .output()
        .unwrap();
    assert!(out.status.success(), "fixture output does not compile:\n{}", String::from_utf8_lossy(&out.stderr));
}
