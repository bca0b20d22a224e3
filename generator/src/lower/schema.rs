//! Schemas → IR types. Named schemas become named types once; inline schemas are named
//! after their parent (`WebhookConfig` + `method` → `WebhookConfigMethod`); `$ref`s to
//! primitive schemas (`ca`, `has_auth`) are inlined with the target's docs and default.

use super::{Lowerer, SchemaRef};
use crate::diagnostics::Diagnostic;
use crate::ir::{Constraints, EnumDef, EnumVariant, Field, StructDef, TypeDef, TypeKind, TypeRef};
use crate::names;
use crate::pointer::JsonPointer;
use openapiv3::{
    AdditionalProperties, ObjectType, ReferenceOr, Schema, SchemaKind, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// What a field takes from the schema it resolves to (for a `$ref`, the target's).
pub(crate) struct Meta {
    pub nullable: bool,
    pub default: Option<(Value, JsonPointer)>,
    pub docs: Vec<String>,
    pub constraints: Constraints,
}

/// Where a struct is defined from, and how.
struct StructSite<'s> {
    /// The object schema's pointer.
    at: &'s JsonPointer,
    /// The Rust type name.
    name: &'s str,
    docs: Vec<String>,
    /// Inside a secrets slot: strings become secrets.
    secret: bool,
    /// A property left out (a union variant's tag, which the union reads).
    skip: Option<&'s str>,
    /// The schema's `x-kibana-rules`.
    rules: Option<&'s Value>,
}

/// String formats the validators understand; anything else is reported.
const KNOWN_FORMATS: &[&str] =
    &["uri", "url", "email", "uuid", "hostname", "date-time", "date", "password", "byte", "binary"];

impl Lowerer<'_> {
    /// Resolves a `$ref` from `site` and lowers its target.
    pub(super) fn lower_ref(
        &mut self,
        reference: &str,
        site: &JsonPointer,
        secret: bool,
        skip: Option<&str>,
    ) -> Option<(TypeRef, Meta)> {
        let Some(name) = crate::pointer::schema_name(reference) else {
            self.diags.push(
                Diagnostic::spec(site, format!("`$ref: {reference}` is not supported"))
                    .hint("only local references to `#/components/schemas/<name>` are supported"),
            );
            return None;
        };
        let target = Self::schema_pointer(name);
        let Some(schema) = self.component(name) else {
            self.diags.push(
                Diagnostic::spec(site, format!("`$ref: {reference}` points at a schema that does not exist"))
                    .related(&target)
                    .hint("add the schema under components/schemas or fix the reference"),
            );
            return None;
        };
        if self.stack.iter().any(|n| n == name) {
            self.diags.push(
                Diagnostic::spec(site, format!("`$ref` cycle through `{name}`: {} → {name}", self.stack.join(" → ")))
                    .related(&target)
                    .hint("recursive schemas are not supported for connector models"),
            );
            return None;
        }
        match schema {
            ReferenceOr::Reference { reference: next } => {
                self.stack.push(name.to_owned());
                let out = self.lower_ref(next, &target.push("$ref"), secret, skip);
                self.stack.pop();
                out
            }
            ReferenceOr::Item(s) => {
                let meta = self.meta(s, &target);
                if !is_named_kind(s) {
                    let ty = self.lower_inline(s, &target, name, secret)?;
                    return Some((ty, meta));
                }
                let key = (name.to_owned(), secret, skip.map(str::to_owned));
                if let Some(done) = self.named.get(&key) {
                    return done.clone().map(|t| (t, meta));
                }
                // `x-rust-name` on the schema overrides the policy (vendor spellings: `ServiceNowConfig`).
                let rename = s.schema_data.extensions.get(names::RENAME_EXTENSION);
                let type_name = match rename.map(names::type_override).unwrap_or_else(|| names::type_name(name)) {
                    Ok(n) => n,
                    Err(e) => {
                        self.diags.push(Diagnostic::spec(&target, e));
                        return None;
                    }
                };
                self.stack.push(name.to_owned());
                let ok = self.lower_named(s, &target, &type_name, secret, skip);
                self.stack.pop();
                let ty = ok.then_some(TypeRef::Named(type_name));
                self.named.insert(key, ty.clone());
                ty.map(|t| (t, meta))
            }
        }
    }

    fn lower_named(&mut self, s: &Schema, at: &JsonPointer, name: &str, secret: bool, skip: Option<&str>) -> bool {
        match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => self.define_enum(st, at, name, docs(s)),
            SchemaKind::Type(Type::Object(o)) => {
                let rules = s.schema_data.extensions.get(super::rules::SCHEMA_RULES);
                self.define_struct(o, StructSite { at, name, docs: docs(s), secret, skip, rules })
            }
            _ => false,
        }
    }

    /// Lowers a property schema (a `$ref` or inline) of the struct `parent`.
    fn lower_property(
        &mut self,
        schema: SchemaRef<'_>,
        at: &JsonPointer,
        hint: &str,
        secret: bool,
    ) -> Option<(TypeRef, Meta)> {
        match schema {
            SchemaRef::Ref(reference) => self.lower_ref(reference, &at.push("$ref"), secret, None),
            SchemaRef::Inline(s) => {
                let meta = self.meta(s, at);
                self.lower_inline(s, at, hint, secret).map(|t| (t, meta))
            }
        }
    }

    /// Lowers a schema that has no name of its own; `hint` names any type it needs.
    fn lower_inline(&mut self, s: &Schema, at: &JsonPointer, hint: &str, secret: bool) -> Option<TypeRef> {
        let name = || names::type_name(hint);
        match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) if st.enumeration.iter().any(Option::is_some) => {
                let name = self.name_or_report(name(), at)?;
                self.define_enum(st, at, &name, docs(s)).then_some(TypeRef::Named(name))
            }
            SchemaKind::Type(Type::String(_)) => Some(if secret { TypeRef::Secret } else { TypeRef::String }),
            SchemaKind::Type(Type::Boolean(_)) => Some(TypeRef::Bool),
            SchemaKind::Type(Type::Integer(_)) => Some(TypeRef::Integer),
            SchemaKind::Type(Type::Number(_)) => Some(TypeRef::Number),
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                let name = self.name_or_report(name(), at)?;
                self.define_struct(o, StructSite { at, name: &name, docs: docs(s), secret, skip: None, rules: None })
                    .then_some(TypeRef::Named(name))
            }
            SchemaKind::Type(Type::Object(o)) => match &o.additional_properties {
                None | Some(AdditionalProperties::Any(true)) => Some(TypeRef::Map(Box::new(TypeRef::Any))),
                Some(AdditionalProperties::Any(false)) => {
                    let name = self.name_or_report(name(), at)?;
                    self.define_struct(
                        o,
                        StructSite { at, name: &name, docs: docs(s), secret, skip: None, rules: None },
                    )
                    .then_some(TypeRef::Named(name))
                }
                Some(AdditionalProperties::Schema(inner)) => {
                    let inner = SchemaRef::from(&**inner);
                    let value_hint = format!("{hint}_value");
                    let (ty, _) = self.lower_property(inner, &at.push("additionalProperties"), &value_hint, secret)?;
                    Some(TypeRef::Map(Box::new(ty)))
                }
            },
            SchemaKind::Type(Type::Array(a)) => {
                let Some(items) = &a.items else { return Some(TypeRef::List(Box::new(TypeRef::Any))) };
                let item_hint = format!("{hint}_item");
                let (ty, _) = self.lower_property(SchemaRef::from(items), &at.push("items"), &item_hint, secret)?;
                Some(TypeRef::List(Box::new(ty)))
            }
            SchemaKind::Any(any) if *any == openapiv3::AnySchema::default() => Some(TypeRef::Any),
            other => {
                let keyword = match other {
                    SchemaKind::OneOf { .. } => "oneOf",
                    SchemaKind::AllOf { .. } => "allOf",
                    SchemaKind::AnyOf { .. } => "anyOf",
                    SchemaKind::Not { .. } => "not",
                    _ => "a combination of keywords without `type`",
                };
                self.diags.push(
                    Diagnostic::spec(at, format!("unsupported schema: {keyword}"))
                        .hint("connector models support typed objects, strings (with enum), booleans, numbers, arrays and maps; express unions through the overlay's connector table"),
                );
                None
            }
        }
    }

    fn name_or_report(&mut self, name: Result<String, String>, at: &JsonPointer) -> Option<String> {
        name.map_err(|e| self.diags.push(Diagnostic::spec(at, e))).ok()
    }

    fn define_enum(&mut self, st: &StringType, at: &JsonPointer, name: &str, docs: Vec<String>) -> bool {
        let mut variants: Vec<EnumVariant> = Vec::new();
        for (index, value) in st.enumeration.iter().enumerate() {
            let Some(wire) = value else { continue }; // a null entry means "nullable"
            let vat = at.push("enum").push(index);
            match names::variant_name(wire) {
                Ok(rust_name) => {
                    if let Some(prev) = variants.iter().find(|v| v.rust_name == rust_name) {
                        if prev.wire == *wire {
                            continue; // a repeated value adds nothing
                        }
                        self.diags.push(
                            Diagnostic::spec(
                                &vat,
                                format!(
                                    "enum values `{}` and `{wire}` both map to the Rust variant `{rust_name}`",
                                    prev.wire
                                ),
                            )
                            .related(&prev.origin)
                            .hint("rename one of the values through the overlay"),
                        );
                        continue;
                    }
                    variants.push(EnumVariant { rust_name, wire: wire.clone(), origin: vat });
                }
                Err(e) => self.diags.push(Diagnostic::spec(&vat, e)),
            }
        }
        self.define(TypeDef {
            name: name.to_owned(),
            origin: at.clone(),
            docs,
            module: String::new(),
            kind: TypeKind::Enum(EnumDef { variants }),
        })
    }

    fn define_struct(&mut self, o: &ObjectType, site: StructSite<'_>) -> bool {
        let StructSite { at, name, docs, secret, skip, rules } = site;
        for required in &o.required {
            if !o.properties.contains_key(required) {
                self.diags.push(Diagnostic::spec(
                    &at.push("required"),
                    format!("`{required}` is required but not a property"),
                ));
            }
        }
        let mut props: Vec<(&String, &ReferenceOr<Box<Schema>>)> = o.properties.iter().collect();
        props.sort_by(|a, b| a.0.cmp(b.0));
        let mut fields: Vec<Field> = Vec::new();
        let mut by_rust: BTreeMap<String, JsonPointer> = BTreeMap::new();
        for (wire, schema) in props {
            if Some(wire.as_str()) == skip {
                continue;
            }
            let pat = at.push("properties").push(wire);
            // `x-rust-name` on an inline property overrides the policy (e.g. `isOAuth` → `is_oauth`).
            let rename = match SchemaRef::from(schema) {
                SchemaRef::Inline(s) => s.schema_data.extensions.get(names::RENAME_EXTENSION),
                SchemaRef::Ref(_) => None,
            };
            let rust_name = match rename.map(names::field_override).unwrap_or_else(|| names::field_name(wire)) {
                Ok(n) => n,
                Err(e) => {
                    self.diags.push(Diagnostic::spec(&pat, e));
                    continue;
                }
            };
            if let Some(other) = by_rust.insert(rust_name.clone(), pat.clone()) {
                self.diags.push(
                    Diagnostic::spec(
                        &pat,
                        format!(
                            "property `{wire}` maps to the Rust field `{rust_name}`, which another property already has"
                        ),
                    )
                    .related(&other)
                    .hint("one struct cannot carry both wire names; remove one of the properties through the overlay"),
                );
                continue;
            }
            let hint = format!("{name}_{wire}");
            let Some((ty, meta)) = self.lower_property(SchemaRef::from(schema), &pat, &hint, secret) else { continue };
            let ty = match ty {
                TypeRef::Named(n) if self.is_struct(&n) => TypeRef::Boxed(Box::new(TypeRef::Named(n))),
                other => other,
            };
            let required = o.required.iter().any(|r| r == wire);
            let default = match &meta.default {
                Some((value, dat)) => match super::defaults::check(
                    value,
                    super::defaults::Checked::Default,
                    &ty,
                    meta.nullable,
                    &self.types,
                ) {
                    Ok(literal) => Some(literal),
                    Err(message) => {
                        self.diags.push(
                            Diagnostic::spec(dat, message).hint("correct or remove the default through the overlay"),
                        );
                        None
                    }
                },
                None => None,
            };
            fields.push(Field {
                rust_name,
                wire_name: wire.clone(),
                ty,
                required,
                nullable: meta.nullable,
                default,
                constraints: meta.constraints,
                docs: meta.docs,
                origin: pat,
            });
        }
        let rules =
            self.lower_rules(rules, &at.push(super::rules::SCHEMA_RULES), &super::rules::Scope::Schema(&fields));
        self.define(TypeDef {
            name: name.to_owned(),
            origin: at.clone(),
            docs,
            module: String::new(),
            // `additionalProperties: true` beside properties: Kibana does not check the other
            // keys (a zod object that is not `.strict()`, such as `.mcp`'s).
            kind: TypeKind::Struct(StructDef {
                fields,
                secret,
                rules,
                open: matches!(o.additional_properties, Some(openapiv3::AdditionalProperties::Any(true))),
            }),
        })
    }

    /// Adds a type; two schemas that want the same Rust name are reported, not renamed.
    pub(super) fn define(&mut self, def: TypeDef) -> bool {
        if names::RESERVED_TYPE_NAMES.contains(&def.name.as_str()) {
            self.diags.push(
                Diagnostic::spec(
                    &def.origin,
                    format!("the Rust name `{}` is reserved by the generated crate", def.name),
                )
                .hint("give the schema an `x-rust-name` (or rename it)"),
            );
            return false;
        }
        if let Some(existing) = self.types.get(&def.name) {
            if existing.origin != def.origin {
                self.diags.push(
                    Diagnostic::spec(&def.origin, format!("two schemas map to the same Rust name `{}`", def.name))
                        .related(&existing.origin)
                        .hint("rename one of the schemas (or the inline property) so the names differ"),
                );
                return false;
            }
            return true;
        }
        self.types.insert(def.name.clone(), def);
        true
    }

    pub(super) fn is_struct(&self, name: &str) -> bool {
        self.types.get(name).is_some_and(|d| matches!(d.kind, TypeKind::Struct(_)))
    }

    fn meta(&mut self, s: &Schema, at: &JsonPointer) -> Meta {
        let mut constraints = Constraints::default();
        match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => {
                constraints.min_length = st.min_length;
                constraints.max_length = st.max_length;
                constraints.format = match &st.format {
                    VariantOrUnknownOrEmpty::Item(f) => {
                        serde_json::to_value(f).ok().and_then(|v| v.as_str().map(str::to_owned))
                    }
                    VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
                    VariantOrUnknownOrEmpty::Empty => None,
                };
                if let Some(f) = &constraints.format {
                    if !KNOWN_FORMATS.contains(&f.as_str()) {
                        self.diags.push(
                            Diagnostic::spec(&at.push("format"), format!("unsupported string format `{f}`"))
                                .hint(format!("supported formats: {}", KNOWN_FORMATS.join(", "))),
                        );
                    }
                }
                if st.pattern.is_some() {
                    self.diags.push(Diagnostic::spec(&at.push("pattern"), "unsupported keyword `pattern`").hint(
                        "patterns are not enforced by the generated validators; state the rule in the overlay instead",
                    ));
                }
            }
            SchemaKind::Type(Type::Integer(it)) => {
                constraints.minimum = it.minimum.map(|v| v as f64);
                constraints.maximum = it.maximum.map(|v| v as f64);
            }
            SchemaKind::Type(Type::Number(nt)) => {
                constraints.minimum = nt.minimum;
                constraints.maximum = nt.maximum;
            }
            SchemaKind::Type(Type::Array(a)) => {
                constraints.min_items = a.min_items;
                constraints.max_items = a.max_items;
            }
            _ => {}
        }
        let nullable = s.schema_data.nullable
            || matches!(&s.schema_kind, SchemaKind::Type(Type::String(st)) if st.enumeration.iter().any(Option::is_none));
        let default = match &s.schema_data.default {
            Some(d) => Some((d.clone(), at.push("default"))),
            None if s.schema_data.extensions.get(crate::parse::NULL_DEFAULT) == Some(&Value::Bool(true)) => {
                Some((Value::Null, at.push("default")))
            }
            None => None,
        };
        Meta { nullable, default, docs: docs(s), constraints }
    }
}

/// Schemas that become a named Rust type of their own (rather than a primitive).
fn is_named_kind(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => st.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Object(o)) => {
            !o.properties.is_empty() || o.additional_properties == Some(AdditionalProperties::Any(false))
        }
        _ => false,
    }
}

/// Documentation lines: the title, then the description.
fn docs(s: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(title) = s.schema_data.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        out.push(title.to_owned());
    }
    if let Some(description) = s.schema_data.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(description.lines().map(|l| l.trim_end().to_owned()));
    }
    // A doctested example for rustdoc (`x-rust-example`: Rust code, `?` allowed).
    if let Some(code) = s.schema_data.extensions.get("x-rust-example").and_then(|v| v.as_str()) {
        out.extend([String::new(), "```".to_owned()]);
        out.extend(code.trim_end().lines().map(|l| l.trim_end().to_owned()));
        out.extend(["# Ok::<(), Box<dyn std::error::Error>>(())".to_owned(), "```".to_owned()]);
    }
    out
}
