//! `--format json`: one document (schema in README.md).

use crate::report::Report;
use serde_json::{Value, json};

pub fn render(report: &Report) -> Value {
    let problems: Vec<Value> = report
        .problems
        .iter()
        .map(|p| {
            json!({
                "file": report.files.get(p.file).map_or("", |f| f.name.as_str()),
                "line": p.line,
                "column": p.column,
                "connector": p.connector,
                "pointer": p.pointer,
                "kind": p.kind,
                "message": p.message,
            })
        })
        .collect();
    let errors: Vec<Value> = report
        .errors
        .iter()
        .map(|e| json!({"file": e.file, "line": e.position.map(|p| p.0), "column": e.position.map(|p| p.1), "message": e.message}))
        .collect();
    json!({
        "problems": problems,
        "summary": {
            "connectors": report.connectors,
            "valid": report.valid(),
            "invalid": report.invalid,
            "not_judged": report.not_judged,
            "skipped": report.skipped,
        },
        "notes": report.notes,
        "errors": errors,
    })
}
