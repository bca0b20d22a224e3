//! Malformed specs and overlays: every one is an `Err` of located diagnostics, never a
//! panic. One snapshot per fixture in `tests/fixtures/invalid`, plus the CLI's exit path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kibana_connectors_tests::{read, root};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The invalid fixture specs (not their overlays), sorted.
fn invalid_specs() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/invalid");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.ends_with(".yaml") && !name.ends_with(".overlay.yaml")
        })
        .collect();
    out.sort();
    out
}

/// Runs the generator on `<name>.yaml` (plus `<name>.overlay.yaml` when present) and
/// returns the rendered diagnostics; panics if generation succeeds.
fn diagnostics_of(spec_path: &Path) -> String {
    let spec = read(spec_path).unwrap();
    let overlay_path = spec_path.with_extension("overlay.yaml");
    let overlay = overlay_path.exists().then(|| read(&overlay_path).unwrap());
    match generator::generate(&spec, overlay.as_deref().as_slice()) {
        Ok(files) => panic!("{} generated {} file(s) instead of failing", spec_path.display(), files.len()),
        Err(diags) => {
            assert!(!diags.is_empty(), "{}: Err without diagnostics", spec_path.display());
            diags.to_string()
        }
    }
}

#[test]
fn invalid_fixtures_are_diagnosed() {
    let specs = invalid_specs();
    assert!(specs.len() >= 9, "expected the invalid fixtures, found {specs:?}");
    for spec in specs {
        let name = spec.file_stem().and_then(|s| s.to_str()).unwrap().to_owned();
        let text = diagnostics_of(&spec);
        // Each diagnostic line is `error: <spec|overlay> <pointer>: <message>`.
        let locations: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("error: spec ").or_else(|| l.strip_prefix("error: overlay ")))
            .collect();
        assert!(!locations.is_empty(), "{name}: no diagnostic lines in:\n{text}");
        for location in &locations {
            assert!(
                location.starts_with('/') || location.starts_with("(document root):"),
                "{name}: no JSON pointer in `{location}`"
            );
        }
        assert!(text.lines().count() > locations.len(), "{name}: missing the summary line:\n{text}");
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(format!("invalid_{name}"), text);
        });
    }
}

/// `$ref` problems name both the reference site and the target.
#[test]
fn ref_diagnostics_name_site_and_target() {
    let text = diagnostics_of(&root().join("tests/fixtures/invalid/missing_ref.yaml"));
    assert!(text.contains("error: spec /components/schemas/hook_config/properties/auth/$ref:"), "{text}");
    assert!(text.contains("  see: /components/schemas/hook_auth"), "{text}");
    let text = diagnostics_of(&root().join("tests/fixtures/invalid/ref_cycle.yaml"));
    assert!(text.contains("cycle") && text.contains("  see: /components/schemas/"), "{text}");
}

/// `cargo xtask codegen` on a bad spec: exit code 1, the diagnostics on stderr, and the
/// output directory left exactly as it was.
#[test]
fn xtask_reports_and_writes_nothing() {
    let root = root();
    let out = std::env::temp_dir().join(format!("kibana-connectors-diagnostics-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let sentinel = out.join("sentinel.rs");
    std::fs::write(&sentinel, "// untouched\n").unwrap();

    let output = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["run", "-q", "-p", "xtask", "--", "codegen", "--spec"])
        .arg(root.join("tests/fixtures/invalid/missing_ref.yaml"))
        .arg("--no-overlay") // the fixture has its own connector table
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr:\n{stderr}");
    assert!(
        stderr.contains("error: spec /components/schemas/hook_config/properties/auth/$ref:")
            && stderr.contains("points at a schema that does not exist"),
        "stderr:\n{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "stderr:\n{stderr}");

    let mut entries: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    assert_eq!(entries, vec!["sentinel.rs".to_owned()], "the output directory changed");
    assert_eq!(read(&sentinel).unwrap(), "// untouched\n");
    std::fs::remove_dir_all(&out).unwrap();
}

/// Only the connector API's operations are read: the same broken operation elsewhere in
/// Kibana's all-API document (here a Synthetics `put` without `responses`, as in
/// kibana.yaml @ 07655a0a) neither stops generation nor changes its output.
#[test]
fn unrelated_broken_operation_does_not_stop_generation() {
    let broken = read(&root().join("tests/fixtures/invalid/connector_operation.yaml")).unwrap();
    // The connector operation repaired, the Synthetics one left broken.
    let repaired = broken.replace(
        "      summary: Create a connector\n",
        "      summary: Create a connector\n      responses: {\"200\": {description: Created.}}\n",
    );
    assert_ne!(broken, repaired, "the fixture changed; update this test");
    let files = generator::generate(&repaired, &[]).unwrap_or_else(|d| panic!("{d}"));
    assert!(files.contains_key("hook.rs"), "{:?}", files.keys());
    let without = repaired.replace(
        "      summary: Update a monitor (no responses, as in kibana.yaml @ 07655a0a)\n",
        "      responses: {}\n",
    );
    assert_ne!(without, repaired, "the fixture changed; update this test");
    assert_eq!(generator::generate(&without, &[]).unwrap(), files);
}

/// A broken connector operation is reported at the operation's own pointer, not `/paths`.
#[test]
fn broken_connector_operation_is_named_by_its_pointer() {
    let text = diagnostics_of(&root().join("tests/fixtures/invalid/connector_operation.yaml"));
    assert!(
        text.starts_with("error: spec /paths/~1s~1{spaceId}~1api~1actions~1connector~1{id}/post: not a valid OpenAPI 3.0 document: missing field `responses`"),
        "{text}"
    );
    assert!(!text.contains("synthetics"), "{text}");
}
