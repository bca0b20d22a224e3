//! Drift against what Kibana really stores: every test payload is sent to Kibana's own
//! validation (`../shared/oracle`, `ORACLE_NORMALIZED=1`) for 8.16, 9.2 and 9.5, and the
//! config it stores becomes a GET response. The desired body must show no drift against it;
//! a changed value, a changed name, a `null` for an absent key and a key from a newer
//! Kibana must each be reported as documented. Skips with a notice without the oracle.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use kibana_connectors::{ConnectorResponse, CreateConnectorRequest, DriftError, Validate, ValidationContext};
use kibana_connectors_tests::{
    oracle::{corrected_stored, not_covered},
    root, shared_dir,
};
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

/// The oracles, with the release each is compared as (the 9.2 oracle predates 9.2.8).
const RELEASES: &[(&str, &str)] = &[("8.16", "8.16"), ("9.2", "9.2.7"), ("9.5", "9.5")];

/// Kibana's answers, one per line sent (`None` when the oracle cannot run here).
fn oracle(release: &str, lines: &[String]) -> Option<Vec<Value>> {
    let run = shared_dir()?.join("oracle/run");
    if !run.is_file() {
        return None;
    }
    let mut child = Command::new(run)
        .arg(release)
        .env("ORACLE_NORMALIZED", "1")
        .env("NODE_OPTIONS", "--no-deprecation")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = lines.join("\n") + "\n";
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().ok()?;
    let _ = writer.join();
    if !out.status.success() {
        return None;
    }
    let answers: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("oracle JSON")).collect();
    (answers.len() == lines.len()).then_some(answers)
}

fn response(name: &str, type_id: &str, config: Value) -> ConnectorResponse {
    serde_json::from_value(json!({
        "id": "c1", "name": name, "connector_type_id": type_id, "config": config,
        "is_deprecated": false, "is_preconfigured": false, "is_system_action": false,
        "is_missing_secrets": false,
    }))
    .expect("a response parses")
}

/// The test payloads, with the oracle line for each.
fn payloads() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> =
        std::fs::read_dir(root().join("tests/data/create")).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let body: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        out.push((path.file_name().unwrap().to_string_lossy().into_owned(), body));
    }
    out
}

#[test]
fn no_drift_against_what_kibana_stores() {
    let payloads = payloads();
    let mut compared = 0;
    for &(release, version) in RELEASES {
        let cx = ValidationContext::for_version(version.parse().unwrap());
        // Bodies this release accepts (as we judge them; the differential test checks that).
        let accepted: Vec<&(String, Value)> = payloads
            .iter()
            .filter(|(_, body)| {
                CreateConnectorRequest::from_value(body.clone()).is_ok_and(|r| r.validate_with(&cx).is_ok())
                    && !not_covered(release, body["connector_type_id"].as_str().unwrap_or_default())
            })
            .collect();
        let lines: Vec<String> = accepted
            .iter()
            .map(|(_, b)| json!({"connector_type_id": b["connector_type_id"], "config": b["config"], "secrets": b.get("secrets").unwrap_or(&json!({}))}).to_string())
            .collect();
        let Some(answers) = oracle(release, &lines) else {
            eprintln!("NOTICE: the oracle cannot run here (../shared/oracle, node); drift test skipped");
            return;
        };
        for ((file, body), answer) in accepted.iter().zip(answers) {
            if answer["verdict"] != "accept" {
                // `.inference` is `unsupported` (its creation calls Elasticsearch).
                assert_eq!(answer["verdict"], "unsupported", "{release} {file}: {answer}");
                continue;
            }
            let stored_config = corrected_stored(
                release,
                body["connector_type_id"].as_str().unwrap(),
                body.get("config"),
                answer["normalized_config"].clone(),
            );
            let desired = CreateConnectorRequest::from_value((*body).clone()).unwrap();
            let type_id = body["connector_type_id"].as_str().unwrap();
            let name = body["name"].as_str().unwrap();

            // What Kibana stored for this body: no drift.
            let stored = response(name, type_id, stored_config.clone());
            let drift = desired.drift(&stored, &cx).unwrap();
            assert!(drift.is_empty(), "{release} {file}: {drift}\nstored: {stored_config}");
            assert!(drift.unknown.is_empty(), "{release} {file}: {:?}", drift.unknown);

            // Another name.
            let renamed = response("another", type_id, stored_config.clone());
            assert_eq!(desired.drift(&renamed, &cx).unwrap().pointers(), ["/name"], "{release} {file}");

            // A key from a newer Kibana: reported apart, not as drift, unless the release
            // keeps any key there (`.teams` in 8.x), where a PUT without it would drop it.
            let mut newer = stored_config.clone();
            newer["fromANewerKibana"] = json!(true);
            let drift = desired.drift(&response(name, type_id, newer), &cx).unwrap();
            let mut with_key = (*body).clone();
            with_key["config"]["fromANewerKibana"] = json!(true);
            let kept = CreateConnectorRequest::from_value(with_key).is_ok_and(|r| r.validate_with(&cx).is_ok());
            if kept {
                assert_eq!(drift.pointers(), ["/config/fromANewerKibana"], "{release} {file}");
                assert!(drift.unknown.is_empty(), "{release} {file}");
            } else {
                assert!(drift.is_empty(), "{release} {file}: {drift}");
                assert_eq!(drift.unknown, ["/config/fromANewerKibana"], "{release} {file}");
            }

            // A stored value changed: that key, and only it.
            if let Some((key, _)) = stored_config.as_object().unwrap().iter().find(|(_, v)| v.is_string()) {
                let mut changed = stored_config.clone();
                changed[key.as_str()] = json!("changed-by-hand");
                let drift = desired.drift(&response(name, type_id, changed), &cx).unwrap();
                assert_eq!(drift.pointers(), [format!("/config/{key}")], "{release} {file}");
                assert_eq!(drift.changes[0].stored, Some(json!("changed-by-hand")));
            }

            // `null` stored for a key Kibana left out, and a stored `null` left out: equal.
            for (key, value) in stored_config.as_object().unwrap() {
                let mut other = stored_config.clone();
                if value.is_null() {
                    other.as_object_mut().unwrap().remove(key);
                } else {
                    continue;
                }
                let drift = desired.drift(&response(name, type_id, other), &cx).unwrap();
                assert!(drift.is_empty(), "{release} {file} without `{key}`: {drift}");
            }
            compared += 1;
        }
    }
    eprintln!("drift: {compared} stored configs compared");
    assert!(compared > 80, "only {compared} bodies compared");
}

#[test]
fn a_default_left_out_of_the_desired_body_is_not_drift() {
    let cx = ValidationContext::for_version("9.5".parse().unwrap());
    // The body omits `method` and `hasAuth`; Kibana stores their defaults.
    let desired = CreateConnectorRequest::from_json(
        r#"{"name": "hook", "connector_type_id": ".webhook", "config": {"url": "https://a.example"}}"#,
    )
    .unwrap();
    let stored = response(
        "hook",
        ".webhook",
        json!({"url": "https://a.example", "method": "post", "headers": null, "hasAuth": true}),
    );
    assert!(desired.drift(&stored, &cx).unwrap().is_empty());
    // `==` compares bodies as sent, so it is not a drift check.
    assert_ne!(desired.config, stored.to_update(None).unwrap().config);

    // A stored `put`: the desired body's default `post` would replace it.
    let stored = response("hook", ".webhook", json!({"url": "https://a.example", "method": "put", "hasAuth": true}));
    let drift = desired.drift(&stored, &cx).unwrap();
    assert_eq!(drift.pointers(), ["/config/method"]);
    assert_eq!(drift.changes[0].desired, Some(json!("post")));
    assert_eq!(drift.to_string(), r#"/config/method: "put" → "post""#);
}

#[test]
fn numbers_and_strings_sent_as_kibana_reads_them() {
    // 8.16 reads `"587"` as 587 and stores the number.
    let cx = ValidationContext::for_version("8.16".parse().unwrap());
    let desired = CreateConnectorRequest::from_json(
        r#"{"name": "mail", "connector_type_id": ".email",
            "config": {"from": "a@example.com", "host": "smtp.example.com", "port": "587"}}"#,
    )
    .unwrap();
    let stored = response(
        "mail",
        ".email",
        json!({"from": "a@example.com", "host": "smtp.example.com", "port": 587.0, "secure": null,
               "service": "other", "hasAuth": true, "tenantId": null, "clientId": null,
               "oauthTokenUrl": null}),
    );
    let drift = desired.drift(&stored, &cx).unwrap();
    assert!(drift.is_empty(), "{drift}");
}

#[test]
fn what_cannot_be_compared() {
    let cx = ValidationContext::default();
    let desired = CreateConnectorRequest::from_json(
        r#"{"name": "hook", "connector_type_id": ".webhook", "config": {"url": "https://a.example"}}"#,
    )
    .unwrap();
    let preconfigured: ConnectorResponse = serde_json::from_value(json!({
        "id": "my-hook", "name": "hook", "connector_type_id": ".webhook",
        "is_deprecated": false, "is_preconfigured": true, "is_system_action": false,
    }))
    .unwrap();
    assert_eq!(desired.drift(&preconfigured, &cx), Err(DriftError::Preconfigured));
    let email = response("hook", ".email", json!({"from": "a@example.com"}));
    assert!(matches!(desired.drift(&email, &cx), Err(DriftError::TypeMismatch { .. })));
}
