//! The connector table ([`Row`]s, from the overlay or the spec's discriminator) → the
//! IR's connectors: each row's Rust names, its config/secrets slots lowered (a union slot
//! becomes a union type of its own) and its rules.

use super::table::{self, Row, SlotDecl, SlotKind};
use super::{Lowerer, SchemaRef};
use crate::diagnostics::Diagnostic;
use crate::ir::{Connector, Part, Slot, TypeDef, TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::names;
use crate::pointer::JsonPointer;
use std::collections::BTreeMap;

pub(super) fn lower_connectors(cx: &mut Lowerer<'_>) -> Vec<Connector> {
    let rows = match cx.spec.extensions.get(table::EXTENSION) {
        Some(value) => table::read_overlay(value, &mut cx.diags),
        None => match super::discriminator::derive(cx) {
            Some(rows) => rows,
            None => {
                cx.diags.push(
                    Diagnostic::spec(&JsonPointer::root().push(table::EXTENSION), "no connector table: the spec does not say which schema belongs to which connector type id")
                        .hint("apply an overlay that adds `x-kibana-connectors` (e.g. `--overlay spec/connectors.overlay.yaml`), or give `create_connector_request` a `connector_type_id` discriminator mapping"),
                );
                return Vec::new();
            }
        },
    };
    let mut out = Vec::new();
    let mut variants: BTreeMap<String, JsonPointer> = BTreeMap::new();
    for Row { id, title, rust_name, config, secrets, rules, origin } in rows {
        let variant = rust_name.map_or_else(|| names::variant_name(&id), Ok);
        let (variant, module) = match (variant, names::module_name(&id)) {
            (Ok(v), Ok(m)) => (v, m),
            (Err(e), _) | (_, Err(e)) => {
                cx.diags.push(Diagnostic::spec(&origin, e));
                continue;
            }
        };
        if let Some(other) = variants.insert(variant.clone(), origin.clone()) {
            cx.diags.push(
                Diagnostic::spec(
                    &origin,
                    format!("connector type id `{id}` maps to the Rust name `{variant}`, which another id already has"),
                )
                .related(&other),
            );
            continue;
        }
        let config = slot(cx, &config, &variant, &module, Part::Config);
        let secrets = slot(cx, &secrets, &variant, &module, Part::Secrets);
        let fields = |s: &Slot| match s {
            Slot::Type(t) => super::rules::struct_fields(&cx.types, t).map(<[crate::ir::Field]>::to_vec),
            Slot::Empty { .. } => None,
        };
        let (config_fields, secrets_fields) = (fields(&config), fields(&secrets));
        let scope =
            super::rules::Scope::Connector { config: config_fields.as_deref(), secrets: secrets_fields.as_deref() };
        let rules = cx.lower_rules(rules.as_ref(), &origin.push("rules"), &scope);
        out.push(Connector { id, variant, title, config, secrets, rules, origin });
    }
    out
}

fn slot(cx: &mut Lowerer<'_>, decl: &SlotDecl, variant: &str, module: &str, part: Part) -> Slot {
    match &decl.kind {
        SlotKind::None => Slot::Empty { open: false },
        SlotKind::Open => Slot::Empty { open: true },
        SlotKind::Schema(schema) => named_slot(cx, schema, &decl.at, part == Part::Secrets),
        SlotKind::Union { tag, mapping } => union_slot(cx, tag, mapping, &decl.at, variant, module, part),
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
            cx.diags.push(
                Diagnostic::spec(at, format!("`{schema}` is not an object schema"))
                    .related(&Lowerer::schema_pointer(schema)),
            );
            Slot::Empty { open: false }
        }
        None => Slot::Empty { open: false },
    }
}

fn union_slot(
    cx: &mut Lowerer<'_>,
    tag: &str,
    mapping: &[(String, String)],
    at: &JsonPointer,
    variant: &str,
    module: &str,
    part: Part,
) -> Slot {
    let name = format!("{variant}{}", part.suffix());
    let mut variants = Vec::new();
    for (tag_value, schema) in mapping {
        let vat = at.push("mapping").push(tag_value);
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
            Some((TypeRef::Named(ty), _)) if cx.is_struct(&ty) => {
                variants.push(UnionVariant { rust_name, tag_value: tag_value.clone(), ty })
            }
            Some(_) => cx.diags.push(Diagnostic::spec(&vat, format!("`{schema}` is not an object schema"))),
            None => {}
        }
    }
    let def = TypeDef {
        name: name.clone(),
        origin: at.clone(),
        docs: vec![format!("The `{}` of this connector type, chosen by the value of `{tag}`.", part.key())],
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
        cx.diags
            .push(Diagnostic::spec(at, format!("`{schema}` has no property `{tag}` to select it by")).related(&target));
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
