//! JSON input: one create body, or an array of them (update bodies with `--type`).

use crate::check::{self, Mode};
use crate::drift::{At, Desired, Origin};
use crate::json_spans::JsonSpans;
use crate::record::{json_error_position, record};
use crate::report::Report;
use crate::source::SourceFile;
use kibana_connectors::ValidationContext;
use serde_json::Value;

pub fn check_json(report: &mut Report, file: usize, source: &mut SourceFile, mode: Mode, cx: &ValidationContext) {
    let value: Value = match serde_json::from_str(&source.text) {
        Ok(value) => value,
        Err(e) => {
            let position = json_error_position(source, 0, &e);
            report.error(&source.name, Some(position), format!("not JSON: {}", crate::record::without_position(&e)));
            return;
        }
    };
    if mode.config_only {
        report.notes.push(format!("{}: --no-secrets: checked config only", source.name));
    }
    let bodies: Vec<(String, Value)> = match value {
        Value::Array(items) => items.into_iter().enumerate().map(|(i, v)| (format!("/{i}"), v)).collect(),
        other => vec![(String::new(), other)],
    };
    if bodies.is_empty() {
        report.notes.push(format!("{}: no connectors (an empty array)", source.name));
    }
    let mut spans: Option<JsonSpans> = None;
    for (n, (prefix, body)) in bodies.into_iter().enumerate() {
        let label = label(n + 1, &body);
        let kept = report.keeps_bodies().then(|| body.clone());
        let found = check::check(body, mode, cx, &[]);
        if let Some(body) = kept {
            report.keep(Desired::new(file, &label, body, found.is_empty(), At::Pointer(prefix.clone()), Origin::Json));
        }
        if !found.is_empty() && spans.is_none() {
            let scanned = JsonSpans::scan(&source.text, 0);
            source.secrets.extend(scanned.leaves_secrets());
            spans = Some(scanned);
        }
        let locate = |p: &str| spans.as_ref().and_then(|s| s.locate(&format!("{prefix}{p}")));
        record(report, file, source, label, found, locate, str::to_owned);
    }
}

/// `#N`, the body's place in the file, and its `name` when it has one: `#2 "alert hook"`.
pub fn label(n: usize, body: &Value) -> String {
    match body.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => {
            format!("#{n} {}", Value::String(name.clone()))
        }
        _ => format!("#{n}"),
    }
}
