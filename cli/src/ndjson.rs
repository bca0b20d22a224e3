//! NDJSON input: a Kibana saved-objects export. `"type": "action"` lines are connectors
//! (`attributes.actionTypeId`, `name`, `config`); exports never carry secrets, so only
//! config is checked. Other saved objects are counted and skipped.

use crate::check::{self, Mode};
use crate::drift::{At, Desired, Origin};
use crate::json_spans::JsonSpans;
use crate::record::{action_type_id, action_type_id_message, json_error_position, record};
use crate::report::Report;
use crate::source::SourceFile;
use kibana_connectors::ValidationContext;
use serde_json::{Map, Value};

pub fn check_ndjson(report: &mut Report, file: usize, source: &mut SourceFile, cx: &ValidationContext) {
    let mode = Mode { update: None, config_only: true };
    let mut connectors = 0usize;
    let mut secret_spans = Vec::new();
    let mut base = 0usize;
    for line in source.text.split_inclusive('\n') {
        let start = base;
        base += line.len();
        if line.trim().is_empty() {
            continue;
        }
        let object: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                let position = json_error_position(source, start, &e);
                report.error(
                    &source.name,
                    Some(position),
                    format!("not JSON: {}", crate::record::without_position(&e)),
                );
                continue;
            }
        };
        let kind = match object.get("type") {
            Some(Value::String(t)) => t.as_str(),
            _ if object.get("exportedCount").is_some() => "(export summary)",
            _ => "(no type)",
        };
        if kind != "action" {
            *report.skipped.entry(kind.to_owned()).or_insert(0) += 1;
            continue;
        }
        connectors += 1;
        let attributes = object.get("attributes");
        let body = body_of(attributes);
        let label = match object.get("id") {
            Some(Value::String(id)) => id.clone(),
            _ => crate::json_input::label(connectors, &body),
        };
        let source_prefix = if attributes.is_some() { "/attributes" } else { "" };
        let kept = report.keeps_bodies().then(|| body.clone());
        let mut found = check::check(body, mode, cx, &[]);
        action_type_id_message(&mut found);
        if let Some(body) = kept {
            let id = object.get("id").and_then(Value::as_str);
            let desired = Desired::new(file, &label, body, found.is_empty(), At::Offset(start), Origin::Export);
            report.keep(desired.with_id(id));
        }
        let spans = (!found.is_empty()).then(|| JsonSpans::scan(line, start));
        if let Some(s) = &spans {
            secret_spans.extend(s.leaves_under("/attributes/secrets"));
        }
        let locate = |p: &str| spans.as_ref().and_then(|s| s.locate(&format!("{source_prefix}{}", action_type_id(p))));
        record(report, file, source, label, found, locate, action_type_id);
    }
    source.secrets.extend(secret_spans);
    if connectors > 0 {
        report.notes.push(format!("{}: saved-objects exports carry no secrets: checked config only", source.name));
    } else {
        report.notes.push(format!("{}: no connectors (no saved object of type `action`)", source.name));
    }
}

/// The create body of a saved connector: `{connector_type_id, name, config}` as present.
fn body_of(attributes: Option<&Value>) -> Value {
    let mut body = Map::new();
    let Some(Value::Object(attributes)) = attributes else {
        return attributes.cloned().unwrap_or(Value::Object(body));
    };
    for (from, to) in [("actionTypeId", "connector_type_id"), ("name", "name"), ("config", "config")] {
        if let Some(v) = attributes.get(from) {
            body.insert(to.to_owned(), v.clone());
        }
    }
    Value::Object(body)
}
