//! `--format json` parses and has exactly the documented shape (README.md, "JSON output");
//! `--format sarif` is a SARIF 2.1.0 log with a result per problem.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use serde_json::Value;
use std::process::Command;

fn run(args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_kibana-connectors"))
        .args(args)
        .current_dir("tests/fixtures")
        .output()
        .unwrap();
    (out.status.code().unwrap(), serde_json::from_slice(&out.stdout).unwrap())
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn json_output_has_the_documented_shape() {
    let (code, doc) =
        run(&["check", "--format", "json", "kibana.yml", "connectors.json", "export.ndjson", "broken.json"]);
    assert_eq!(code, 2);
    assert_eq!(keys(&doc), ["errors", "notes", "problems", "summary"]);
    let problems = doc["problems"].as_array().unwrap();
    assert!(!problems.is_empty());
    for p in problems {
        assert_eq!(keys(p), ["column", "connector", "file", "kind", "line", "message", "pointer"]);
        assert!(p["line"].as_u64().unwrap() >= 1 && p["column"].as_u64().unwrap() >= 1);
        for key in ["connector", "file", "kind", "message", "pointer"] {
            assert!(p[key].is_string(), "{key}");
        }
    }
    let summary = &doc["summary"];
    assert_eq!(keys(summary), ["connectors", "invalid", "not_judged", "skipped", "valid"]);
    assert_eq!(
        summary["connectors"].as_u64().unwrap(),
        summary["valid"].as_u64().unwrap()
            + summary["invalid"].as_u64().unwrap()
            + summary["not_judged"].as_u64().unwrap()
    );
    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(keys(&errors[0]), ["column", "file", "line", "message"]);
    assert_eq!((errors[0]["file"].as_str(), errors[0]["line"].as_u64()), (Some("broken.json"), Some(3)));
    let text = doc.to_string();
    for secret in [
        "hunter2-very-secret",
        "s3cr3t-inline",
        "leaked-token-value",
        "json-secret-1",
        "json-secret-2",
        "json-secret-3",
    ] {
        assert!(!text.contains(secret), "{secret} printed");
    }
}

#[test]
fn bad_preconfigured_webhook_url_names_its_line() {
    let (code, doc) = run(&["check", "--format", "json", "kibana.yml"]);
    assert_eq!(code, 1);
    let p = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["connector"] == "bad-hook" && p["pointer"] == "/config/url")
        .unwrap();
    assert_eq!(
        (p["line"].as_u64(), p["column"].as_u64(), p["kind"].as_str()),
        (Some(21), Some(16), Some("host_not_allowed"))
    );
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let (code, doc) = run(&["check", "--format", "sarif", "dotted.yml", "export.ndjson"]);
    assert_eq!(code, 1);
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "kibana-connectors");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    let rules: Vec<&str> =
        run["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    for r in results {
        assert!(rules.contains(&r["ruleId"].as_str().unwrap()));
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1 && region["startColumn"].as_u64().unwrap() >= 1);
    }
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn human_output_never_prints_a_secret() {
    let out = Command::new(env!("CARGO_BIN_EXE_kibana-connectors"))
        .args(["check", "kibana.yml", "connectors.json", "dotted.yml", "env.yml"])
        .current_dir("tests/fixtures")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    assert!(text.contains("****"));
    for secret in [
        "hunter2-very-secret",
        "s3cr3t-inline",
        "leaked-token-value",
        "json-secret-",
        "tok-very-secret",
        "dotted-secret-value",
        "XXXX",
        "SMTP_PASSWORD",
    ] {
        assert!(!text.contains(secret), "{secret} printed");
    }
}
