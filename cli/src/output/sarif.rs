//! `--format sarif`: SARIF 2.1.0, one run, one rule per problem kind. Columns count
//! Unicode code points (`columnKind`), as the other formats do.

use crate::report::Report;
use serde_json::{Value, json};
use std::collections::BTreeSet;

pub fn render(report: &Report) -> Value {
    let kinds: BTreeSet<&str> = report.problems.iter().map(|p| p.kind.as_str()).collect();
    let rules: Vec<Value> = kinds.iter().map(|k| json!({"id": k, "name": k, "shortDescription": {"text": format!("Kibana rejects this connector: {k}")}})).collect();
    let results: Vec<Value> = report
        .problems
        .iter()
        .map(|p| {
            json!({
                "ruleId": p.kind,
                "level": "error",
                "message": {"text": format!("{}: {}", p.pointer, p.message)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": report.files.get(p.file).map_or("", |f| f.name.as_str())},
                        "region": {"startLine": p.line, "startColumn": p.column},
                    },
                    "logicalLocations": [{"name": p.connector, "fullyQualifiedName": format!("{}{}", p.connector, p.pointer)}],
                }],
                "properties": {"connector": p.connector, "pointer": p.pointer},
            })
        })
        .collect();
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            let mut location = json!({"physicalLocation": {"artifactLocation": {"uri": e.file}}});
            if let (Some((line, column)), Some(physical)) = (e.position, location.get_mut("physicalLocation")) {
                physical["region"] = json!({"startLine": line, "startColumn": column});
            }
            json!({"level": "error", "message": {"text": e.message}, "locations": [location]})
        })
        .chain(report.notes.iter().map(|n| json!({"level": "note", "message": {"text": n}})))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kibana-connectors",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}
