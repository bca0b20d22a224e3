//! The connector table: type id → config/secrets shapes, read from `x-kibana-connectors`.
//!
//! The published spec has no discriminator for `config`/`secrets`; the overlay adds a
//! root extension of this form:
//!
//! ```yaml
//! x-kibana-connectors:
//!   .webhook: {title: Webhook, config: webhook_config, secrets: webhook_secrets}
//!   .gen-ai:
//!     config: {propertyName: apiProvider, mapping: {OpenAI: genai_openai_config}}
//!   .teams: {config: {open: true}, secrets: teams_secrets}   # keys not checked by Kibana
//!   .server-log: {}                                           # no config, no secrets
//! ```
//! A slot naming an untyped object schema (`additionalProperties: true`) is `{open: true}`.
//! Without the extension, the table is derived from the spec's discriminator where it
//! has one (`discriminator.rs`).

use super::{Lowerer, SchemaRef};
use crate::diagnostics::Diagnostic;
use crate::ir::{Connector, Slot, TypeDef, TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::names;
use crate::pointer::JsonPointer;
use serde_json::Value;
use std::collections::BTreeMap;

pub(super) const EXTENSION: &str = "x-kibana-connectors";

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Config,
    Secrets,
}

pub(super) fn lower_connectors(cx: &mut Lowerer<'_>) -> Vec<Connector> {
    let entries = match cx.spec.extensions.get(EXTENSION) {
        Some(table) => table_entries(cx, table),
        None => match super::discriminator::derive(cx) {
            Some(entries) => entries,
            None => {
                cx.diags.push(
                    Diagnostic::spec(&JsonPointer::root().push(EXTENSION), "no connector table: the spec does not say which schema belongs to which connector type id")
                        .hint("apply an overlay that adds `x-kibana-connectors` (e.g. `--overlay spec/connectors.overlay.yaml`), or give `create_connector_request` a `connector_type_id` discriminator mapping"),
                );
                return Vec::new();
            }
        },
    };
    let mut out = Vec::new();
    let mut variants: BTreeMap<String, JsonPointer> = BTreeMap::new();
    for Entry { id, at, slots_at, value: entry } in entries {
        // `rust_name` overrides the policy (vendor spellings: `.servicenow` → `ServiceNow`).
        let variant = entry.get("rust_name").map(names::type_override).unwrap_or_else(|| names::variant_name(&id));
        let (variant, module) = match (variant, names::module_name(&id)) {
            (Ok(v), Ok(m)) => (v, m),
            (Err(e), _) | (_, Err(e)) => {
                cx.diags.push(Diagnostic::spec(&at, e));
                continue;
            }
        };
        if let Some(other) = variants.insert(variant.clone(), at.clone()) {
            cx.diags.push(
                Diagnostic::spec(&at, format!("connector type id `{id}` maps to the Rust name `{variant}`, which another id already has"))
                    .related(&other),
            );
            continue;
        }
        let title = entry.get("title").and_then(Value::as_str).map(str::to_owned);
        let config = slot(cx, entry.get("config"), &slots_at.push("config"), &variant, &module, Part::Config);
        let secrets = slot(cx, entry.get("secrets"), &slots_at.push("secrets"), &variant, &module, Part::Secrets);
        let fields = |s: &Slot| match s {
            Slot::Type(t) => super::rules::struct_fields(&cx.types, t).map(<[crate::ir::Field]>::to_vec),
            Slot::Empty { .. } => None,
        };
        let (config_fields, secrets_fields) = (fields(&config), fields(&secrets));
        let scope = super::rules::Scope::Connector { config: config_fields.as_deref(), secrets: secrets_fields.as_deref() };
        let rules = cx.lower_rules(entry.get("rules"), &at.push("rules"), &scope);
        out.push(Connector { id, variant, title, config, secrets, rules, origin: at });
    }
    out
}

/// One row of the connector table, wherever it came from.
pub(super) struct Entry {
    pub id: String,
    /// Where the row is declared (the connector's origin; its rules are below it).
    pub at: JsonPointer,
    /// Where its `config`/`secrets` slots are declared (`at` for an overlay row).
    pub slots_at: JsonPointer,
    /// `{title, config, secrets, rules}` in the overlay's vocabulary.
    pub value: Value,
}

/// The rows of `x-kibana-connectors`, sorted by id; malformed rows are reported and skipped.
fn table_entries(cx: &mut Lowerer<'_>, table: &Value) -> Vec<Entry> {
    let at = JsonPointer::root().push(EXTENSION);
    let Some(table) = table.as_object() else {
        cx.diags.push(Diagnostic::spec(&at, "`x-kibana-connectors` must be a map of connector type id to entry"));
        return Vec::new();
    };
    let mut entries = Vec::new();
    for (id, entry) in table {
        let at = at.push(id);
        if !id.starts_with('.') {
            cx.diags.push(Diagnostic::spec(&at, format!("connector type id `{id}` does not start with `.`")));
        } else if !entry.is_object() {
            cx.diags.push(
                Diagnostic::spec(&at, format!("the entry for `{id}` must be a map, found `{entry}`"))
                    .hint("write `{title, config, secrets}`, or `{}` for a connector type with neither config nor secrets"),
            );
        } else {
            entries.push(Entry { id: id.clone(), slots_at: at.clone(), at, value: entry.clone() });
        }
    }
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    entries
}

fn slot(cx: &mut Lowerer<'_>, value: Option<&Value>, at: &JsonPointer, variant: &str, module: &str, part: Part) -> Slot {
    let secret = part == Part::Secrets;
    match value {
        None | Some(Value::Null) => Slot::Empty { open: false },
        Some(Value::String(schema)) => named_slot(cx, schema, at, secret),
        Some(Value::Object(map)) if map.get("open") == Some(&Value::Bool(true)) => Slot::Empty { open: true },
        Some(Value::Object(map)) if map.contains_key("propertyName") => union_slot(cx, map, at, variant, module, part),
        Some(_) => {
            cx.diags.push(
                Diagnostic::spec(at, "connector slot must be a schema name, null, `{open: true}` or `{propertyName, mapping}`"),
            );
            Slot::Empty { open: false }
        }
    }
}

fn named_slot(cx: &mut Lowerer<'_>, schema: &str, at: &JsonPointer, secret: bool) -> Slot {
    if cx.component(schema).is_none() {
        cx.diags.push(
            Diagnostic::spec(at, format!("the connector table names the schema `{schema}`, which does not exist"))
                .related(&Lowerer::schema_pointer(schema))
                .hint("add the schema under components/schemas or fix the name in `x-kibana-connectors`"),
        );
        return Slot::Empty { open: false };
    }
    let reference = Lowerer::schema_pointer(schema).as_ref_string();
    match cx.lower_ref(&reference, at, secret, None) {
        Some((TypeRef::Named(name), _)) if cx.is_struct(&name) => Slot::Type(name),
        // An untyped object (`additionalProperties: true`, no properties): keys unchecked.
        Some((TypeRef::Map(value), _)) if *value == TypeRef::Any => Slot::Empty { open: true },
        Some(_) => {
            cx.diags.push(Diagnostic::spec(at, format!("`{schema}` is not an object schema")).related(&Lowerer::schema_pointer(schema)));
            Slot::Empty { open: false }
        }
        None => Slot::Empty { open: false },
    }
}

fn union_slot(
    cx: &mut Lowerer<'_>,
    map: &serde_json::Map<String, Value>,
    at: &JsonPointer,
    variant: &str,
    module: &str,
    part: Part,
) -> Slot {
    let suffix = if part == Part::Config { "Config" } else { "Secrets" };
    let name = format!("{variant}{suffix}");
    let Some(tag) = map.get("propertyName").and_then(Value::as_str) else {
        cx.diags.push(Diagnostic::spec(&at.push("propertyName"), "`propertyName` must be a string"));
        return Slot::Empty { open: false };
    };
    let Some(mapping) = map.get("mapping").and_then(Value::as_object).filter(|m| !m.is_empty()) else {
        cx.diags.push(Diagnostic::spec(&at.push("mapping"), "`mapping` must be a non-empty map of tag value to schema name"));
        return Slot::Empty { open: false };
    };
    let mut variants = Vec::new();
    let mut mapping: Vec<(&String, &Value)> = mapping.iter().collect();
    mapping.sort_by(|a, b| a.0.cmp(b.0));
    for (tag_value, schema) in mapping {
        let vat = at.push("mapping").push(tag_value);
        let Some(schema) = schema.as_str() else {
            cx.diags.push(Diagnostic::spec(&vat, "mapping values must be schema names"));
            continue;
        };
        let rust_name = match names::variant_name(tag_value) {
            Ok(n) => n,
            Err(e) => {
                cx.diags.push(Diagnostic::spec(&vat, e));
                continue;
            }
        };
        check_tag(cx, schema, tag, tag_value, &vat);
        let reference = Lowerer::schema_pointer(schema).as_ref_string();
        match cx.lower_ref(&reference, &vat, part == Part::Secrets, Some(tag)) {
            Some((TypeRef::Named(ty), _)) if cx.is_struct(&ty) => variants.push(UnionVariant { rust_name, tag_value: tag_value.clone(), ty }),
            Some(_) => cx.diags.push(Diagnostic::spec(&vat, format!("`{schema}` is not an object schema"))),
            None => {}
        }
    }
    let def = TypeDef {
        name: name.clone(),
        origin: at.clone(),
        docs: vec![format!("The `{}` of this connector type, chosen by the value of `{tag}`.", if part == Part::Config { "config" } else { "secrets" })],
        module: module.to_owned(),
        kind: TypeKind::Union(UnionDef { tag: tag.to_owned(), variants }),
    };
    cx.define(def);
    Slot::Type(name)
}

/// The tag property must exist in the mapped schema and admit the tag value.
fn check_tag(cx: &mut Lowerer<'_>, schema: &str, tag: &str, tag_value: &str, at: &JsonPointer) {
    let target = Lowerer::schema_pointer(schema);
    let Some(openapiv3::ReferenceOr::Item(s)) = cx.component(schema) else { return };
    let property = match &s.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => o.properties.get(tag),
        _ => None,
    };
    let Some(property) = property else {
        cx.diags.push(Diagnostic::spec(at, format!("`{schema}` has no property `{tag}` to select it by")).related(&target));
        return;
    };
    if let SchemaRef::Inline(p) = SchemaRef::from(property) {
        if let openapiv3::SchemaKind::Type(openapiv3::Type::String(st)) = &p.schema_kind {
            if !st.enumeration.is_empty() && !st.enumeration.iter().any(|v| v.as_deref() == Some(tag_value)) {
                cx.diags.push(
                    Diagnostic::spec(at, format!("`{schema}`.`{tag}` does not admit the value `{tag_value}`"))
                        .related(&target.push("properties").push(tag)),
                );
            }
        }
    }
}
