//! The connector table as a typed value: one [`Row`] per connector type id. Two sources
//! produce rows — the overlay's `x-kibana-connectors` extension ([`read_overlay`]) and the
//! spec's own discriminator mapping (`discriminator.rs`) — and `connectors.rs` lowers them.
//!
//! The extension's form:
//!
//! ```yaml
//! x-kibana-connectors:
//!   .webhook: {title: Webhook, config: webhook_config, secrets: webhook_secrets}
//!   .gen-ai:
//!     config: {propertyName: apiProvider, mapping: {OpenAI: genai_openai_config}}
//!   .teams: {config: {open: true}, secrets: teams_secrets}   # keys not checked by Kibana
//!   .server-log: {}                                           # no config, no secrets
//!   .servicenow: {rust_name: ServiceNow, config: …}           # a vendor spelling
//! ```
//! A slot naming an untyped object schema (`additionalProperties: true`) is `{open: true}`.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::names;
use crate::pointer::JsonPointer;
use serde_json::Value;

pub(super) const EXTENSION: &str = "x-kibana-connectors";

/// One row of the connector table, wherever it came from.
pub(super) struct Row {
    pub id: String,
    pub title: Option<String>,
    /// An explicit Rust name for the type id (already checked), else the naming policy's.
    pub rust_name: Option<String>,
    pub config: SlotDecl,
    pub secrets: SlotDecl,
    /// The connector-level rules (`rules.rs` vocabulary), below `origin`.
    pub rules: Option<Value>,
    /// Where the row is declared (the connector's origin).
    pub origin: JsonPointer,
}

/// What a row says of its `config` or `secrets`.
pub(super) struct SlotDecl {
    /// Where the slot is declared.
    pub at: JsonPointer,
    pub kind: SlotKind,
}

pub(super) enum SlotKind {
    /// Neither given nor accepted.
    None,
    /// An object whose keys are not checked.
    Open,
    /// A component schema, by name.
    Schema(String),
    /// One schema per value of the `tag` property: (tag value, schema name), sorted by tag value.
    Union { tag: String, mapping: Vec<(String, String)> },
}

/// The rows of `x-kibana-connectors`, sorted by id; malformed rows and slots are reported
/// (a malformed row is skipped, a malformed slot read as none).
pub(super) fn read_overlay(table: &Value, diags: &mut Diagnostics) -> Vec<Row> {
    let at = JsonPointer::root().push(EXTENSION);
    let Some(table) = table.as_object() else {
        diags.push(Diagnostic::spec(&at, "`x-kibana-connectors` must be a map of connector type id to entry"));
        return Vec::new();
    };
    let mut rows = Vec::new();
    for (id, entry) in table {
        let at = at.push(id);
        if !id.starts_with('.') {
            diags.push(Diagnostic::spec(&at, format!("connector type id `{id}` does not start with `.`")));
            continue;
        }
        let Some(entry) = entry.as_object() else {
            diags.push(Diagnostic::spec(&at, format!("the entry for `{id}` must be a map, found `{entry}`")).hint(
                "write `{title, config, secrets}`, or `{}` for a connector type with neither config nor secrets",
            ));
            continue;
        };
        // `rust_name` overrides the policy (vendor spellings: `.servicenow` → `ServiceNow`).
        let rust_name = match entry.get("rust_name").map(names::type_override) {
            None => None,
            Some(Ok(name)) => Some(name),
            Some(Err(e)) => {
                diags.push(Diagnostic::spec(&at, e));
                continue;
            }
        };
        rows.push(Row {
            id: id.clone(),
            title: entry.get("title").and_then(Value::as_str).map(str::to_owned),
            rust_name,
            config: slot(entry.get("config"), at.push("config"), diags),
            secrets: slot(entry.get("secrets"), at.push("secrets"), diags),
            rules: entry.get("rules").cloned(),
            origin: at,
        });
    }
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    rows
}

fn slot(value: Option<&Value>, at: JsonPointer, diags: &mut Diagnostics) -> SlotDecl {
    let kind = match value {
        None | Some(Value::Null) => SlotKind::None,
        Some(Value::String(schema)) => SlotKind::Schema(schema.clone()),
        Some(Value::Object(map)) if map.get("open") == Some(&Value::Bool(true)) => SlotKind::Open,
        Some(Value::Object(map)) if map.contains_key("propertyName") => union(map, &at, diags),
        Some(_) => {
            diags.push(Diagnostic::spec(
                &at,
                "connector slot must be a schema name, null, `{open: true}` or `{propertyName, mapping}`",
            ));
            SlotKind::None
        }
    };
    SlotDecl { at, kind }
}

fn union(map: &serde_json::Map<String, Value>, at: &JsonPointer, diags: &mut Diagnostics) -> SlotKind {
    let Some(tag) = map.get("propertyName").and_then(Value::as_str) else {
        diags.push(Diagnostic::spec(&at.push("propertyName"), "`propertyName` must be a string"));
        return SlotKind::None;
    };
    let Some(entries) = map.get("mapping").and_then(Value::as_object).filter(|m| !m.is_empty()) else {
        diags.push(Diagnostic::spec(
            &at.push("mapping"),
            "`mapping` must be a non-empty map of tag value to schema name",
        ));
        return SlotKind::None;
    };
    let mut mapping = Vec::new();
    for (tag_value, schema) in entries {
        match schema.as_str() {
            Some(schema) => mapping.push((tag_value.clone(), schema.to_owned())),
            None => {
                diags.push(Diagnostic::spec(&at.push("mapping").push(tag_value), "mapping values must be schema names"))
            }
        }
    }
    mapping.sort();
    SlotKind::Union { tag: tag.to_owned(), mapping }
}
