//! `kibana-connectors drift`: the JSON document has the documented shape (README.md,
//! "GitOps"), and no output format ever prints a secret of the desired connectors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use serde_json::Value;
use std::process::Command;

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kibana-connectors"))
        .args(args)
        .current_dir("tests/fixtures")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    (out.status.code().unwrap(), text)
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

const STATUSES: [&str; 12] = [
    "ambiguous",
    "changed",
    "desired_only",
    "duplicate_id",
    "invalid",
    "no_config",
    "not_comparable",
    "not_preconfigured",
    "stored_only",
    "stored_preconfigured",
    "type_changed",
    "unchanged",
];

#[test]
fn json_output_has_the_documented_shape() {
    let (code, text) = run(&[
        "drift",
        "--kibana-version",
        "9.2",
        "--format",
        "json",
        "--stored",
        "drift/stored.json",
        "drift/desired",
        "drift/kibana.yml",
    ]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(keys(&doc), ["drift", "errors", "notes", "problems", "stored", "summary"]);
    let rows = doc["drift"].as_array().unwrap();
    let mut seen: Vec<&str> = Vec::new();
    for row in rows {
        assert_eq!(
            keys(row),
            [
                "changes",
                "column",
                "connector",
                "connector_type_id",
                "file",
                "id",
                "line",
                "message",
                "name",
                "not_compared",
                "secrets_not_compared",
                "status",
                "stored"
            ]
        );
        let status = row["status"].as_str().unwrap();
        assert!(STATUSES.contains(&status), "{status}");
        seen.push(status);
        for change in row["changes"].as_array().unwrap() {
            assert_eq!(keys(change), ["desired", "pointer", "stored"]);
        }
        if let Some(stored) = row["stored"].as_object() {
            assert_eq!(stored.keys().collect::<Vec<_>>(), ["connector_type_id", "id", "name"]);
        }
    }
    seen.sort_unstable();
    assert_eq!(seen, ["changed", "desired_only", "desired_only", "not_comparable", "stored_only", "unchanged"]);
    let counts = &doc["summary"]["drift"];
    for status in STATUSES {
        let n = rows.iter().filter(|r| r["status"] == status).count() as u64;
        assert_eq!(counts[status].as_u64(), Some(n), "{status}");
    }
    assert_eq!((counts["desired"].as_u64(), counts["stored"].as_u64()), (Some(5), Some(4)));
}

#[test]
fn no_format_prints_a_secret() {
    let secrets = ["desired-secret-1", "desired-secret-2", "yml-secret-slack", "yml-secret-routing-key", "json-secret"];
    let cases: [&[&str]; 3] = [
        &["--stored", "drift/stored.json", "drift/desired", "drift/kibana.yml"],
        &["--stored", "drift/export.ndjson", "drift/desired", "drift/kibana.yml"],
        &["--stored", "drift/stored_conflicts.json", "drift/conflicts.json"],
    ];
    for case in cases {
        for format in ["human", "json", "sarif"] {
            let mut args = vec!["drift", "--format", format];
            args.extend_from_slice(case);
            let (code, text) = run(&args);
            assert_eq!(code, 1, "{args:?}");
            for secret in secrets {
                assert!(!text.contains(secret), "{secret} printed by {args:?}");
            }
        }
    }
    // The stored connector lacks secrets and the body has some: a change, never a value.
    let (_, text) = run(&["drift", "--stored", "drift/export.ndjson", "drift/desired/alert-hook.json"]);
    assert!(text.contains("/secrets: missing → set (not shown)"), "{text}");
}
