//! The connector table derived from the spec itself, where the spec says it: Kibana's
//! bundled specs of 2024 give `create_connector_request` a `connector_type_id`
//! discriminator whose mapping names one create schema per type id, and that schema's
//! `config` and `secrets` properties reference the slot schemas. Used only when no
//! overlay supplies `x-kibana-connectors` (the published specs of other eras have no
//! mapping, so they need the overlay).

use super::Lowerer;
use super::table::{Row, SlotDecl, SlotKind};
use crate::diagnostics::Diagnostic;
use crate::ir::Part;
use crate::pointer::{JsonPointer, schema_name};
use openapiv3::{ReferenceOr, SchemaKind, Type};

/// The create-request schema whose discriminator is read.
const CREATE_REQUEST: &str = "create_connector_request";
const TAG: &str = "connector_type_id";

/// The table rows, or `None` when the spec has no usable discriminator mapping.
pub(super) fn derive(cx: &mut Lowerer<'_>) -> Option<Vec<Row>> {
    let Some(ReferenceOr::Item(request)) = cx.component(CREATE_REQUEST) else { return None };
    let discriminator =
        request.schema_data.discriminator.as_ref().filter(|d| d.property_name == TAG && !d.mapping.is_empty())?;
    let at = Lowerer::schema_pointer(CREATE_REQUEST).push("discriminator").push("mapping");
    let mut rows = Vec::new();
    for (id, reference) in &discriminator.mapping {
        if let Some(row) = row(cx, id, reference, &at.push(id)) {
            rows.push(row);
        }
    }
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    Some(rows)
}

/// One mapping entry → one table row, checked against the schema it names.
fn row(cx: &mut Lowerer<'_>, id: &str, reference: &str, at: &JsonPointer) -> Option<Row> {
    let Some(name) = schema_name(reference) else {
        cx.diags
            .push(Diagnostic::spec(at, format!("`{reference}` is not a reference to `#/components/schemas/<name>`")));
        return None;
    };
    let target = Lowerer::schema_pointer(name);
    let object = match cx.component(name) {
        Some(ReferenceOr::Item(s)) => match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => Ok((o, s.schema_data.title.as_deref())),
            _ => Err("is not an object schema"),
        },
        Some(ReferenceOr::Reference { .. }) => Err("is not an object schema"),
        None => Err("does not exist"),
    };
    let (object, title) = match object {
        Ok(found) => found,
        Err(problem) => {
            cx.diags
                .push(Diagnostic::spec(at, format!("the mapping names `{name}`, which {problem}")).related(&target));
            return None;
        }
    };
    // A mapping that sends an id to another type's schema is an upstream copy-paste slip.
    if let Some(ReferenceOr::Item(tag)) = object.properties.get(TAG) {
        if let SchemaKind::Type(Type::String(st)) = &tag.schema_kind {
            if !st.enumeration.is_empty() && !st.enumeration.iter().any(|v| v.as_deref() == Some(id)) {
                cx.diags.push(
                    Diagnostic::spec(
                        at,
                        format!("the mapping sends `{id}` to `{name}`, whose `{TAG}` does not admit it"),
                    )
                    .related(&target.push("properties").push(TAG)),
                );
                return None;
            }
        }
    }
    // "Create Webhook connector request" → "Webhook".
    let title = title
        .and_then(|t| t.strip_prefix("Create "))
        .and_then(|t| t.strip_suffix(" connector request"))
        .map(str::to_owned);
    let slots_at = target.push("properties");
    let mut slot = |part: Part| {
        let at = slots_at.push(part.key());
        let kind = match object.properties.get(part.key()) {
            None => SlotKind::None,
            Some(ReferenceOr::Reference { reference }) => match schema_name(reference) {
                Some(slot) => slot_kind(cx, slot),
                None => {
                    cx.diags.push(Diagnostic::spec(
                        &at.push("$ref"),
                        format!("`{reference}` is not a local schema reference"),
                    ));
                    SlotKind::None
                }
            },
            Some(ReferenceOr::Item(_)) => {
                cx.diags.push(
                    Diagnostic::spec(
                        &at,
                        format!("an inline `{}` schema cannot be named for a connector type", part.key()),
                    )
                    .hint("give the connector table through an overlay (`x-kibana-connectors`)"),
                );
                SlotKind::None
            }
        };
        SlotDecl { at, kind }
    };
    let (config, secrets) = (slot(Part::Config), slot(Part::Secrets));
    Some(Row { id: id.to_owned(), title, rust_name: None, config, secrets, rules: None, origin: at.clone() })
}

/// A slot schema that is itself a discriminated `oneOf` (the gen-ai config) becomes a
/// union slot; any other schema is named as it is.
fn slot_kind(cx: &Lowerer<'_>, name: &str) -> SlotKind {
    if let Some(ReferenceOr::Item(s)) = cx.component(name) {
        if let (SchemaKind::OneOf { .. }, Some(d)) = (&s.schema_kind, &s.schema_data.discriminator) {
            let mut mapping: Vec<(String, String)> =
                d.mapping.iter().filter_map(|(tag, r)| Some((tag.clone(), schema_name(r)?.to_owned()))).collect();
            if !mapping.is_empty() {
                mapping.sort();
                return SlotKind::Union { tag: d.property_name.clone(), mapping };
            }
        }
    }
    SlotKind::Schema(name.to_owned())
}
