//! Stage 4: lower the (overlaid) `openapiv3` document into the IR.
//!
//! Passes, in order: read the connector table (`x-kibana-connectors`, added by the
//! overlay, or derived from the spec's discriminator mapping) → lower every schema a connector reaches (named schemas once, inline
//! schemas named after their parent) → assign each type to a module → sort.
//! Problems are collected; lowering continues past them so one run reports them all.

mod connectors;
mod defaults;
mod discriminator;
mod modules;
pub(crate) use modules::SHARED as SHARED_MODULE;
mod rules;
mod schema;
mod table;

use crate::diagnostics::Diagnostics;
use crate::ir::{Ir, TypeDef, TypeName, TypeRef};
use crate::pointer::JsonPointer;
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::collections::BTreeMap;

/// Lowers a parsed document into the IR, or returns every problem found.
pub fn lower(spec: &OpenAPI) -> Result<Ir, Diagnostics> {
    let mut cx = Lowerer {
        spec,
        diags: Diagnostics::default(),
        types: BTreeMap::new(),
        named: BTreeMap::new(),
        stack: Vec::new(),
    };
    let connectors = connectors::lower_connectors(&mut cx);
    let types = modules::assign_modules(std::mem::take(&mut cx.types), &connectors);
    let validation = validation(spec, &mut cx.diags);
    let ir = Ir { validation, types, connectors };
    check_emitted_names(&ir, &mut cx.diags);
    cx.diags.into_result(ir)
}

/// `x-kibana-validation` at the document's root: `config-schema` (the default) or `zod`.
fn validation(spec: &OpenAPI, diags: &mut Diagnostics) -> crate::ir::Validation {
    let Some(value) = spec.extensions.get(crate::ir::VALIDATION) else { return crate::ir::Validation::default() };
    match crate::ir::Validation::ALL.into_iter().find(|v| value.as_str() == Some(v.name())) {
        Some(validation) => validation,
        None => {
            diags.push(crate::diagnostics::Diagnostic::spec(
                &JsonPointer::root().push(crate::ir::VALIDATION),
                "`x-kibana-validation` must be `config-schema` or `zod`",
            ));
            crate::ir::Validation::ConfigSchema
        }
    }
}

/// Names emission adds beside the schemas' (builders, each connector's own slot types)
/// must not collide with a schema's type: emission cannot report problems.
fn check_emitted_names(ir: &Ir, diags: &mut Diagnostics) {
    for def in ir.types.values() {
        let stem = def.name.strip_suffix(crate::names::BUILDER_SUFFIX).filter(|stem| ir.types.contains_key(*stem));
        if let Some(stem) = stem {
            diags.push(
                crate::diagnostics::Diagnostic::spec(
                    &def.origin,
                    format!("the Rust name `{}` is taken by the builder of `{stem}`", def.name),
                )
                .hint("give the schema an `x-rust-name`"),
            );
        }
    }
    for own in ir.own_slots() {
        let Some(c) = ir.connectors.get(own.connector) else { continue };
        if let Some(taken) = ir.types.get(&own.name) {
            diags.push(
                crate::diagnostics::Diagnostic::spec(
                    &c.origin,
                    format!(
                        "connector `{}` needs a {} type of its own named `{}`, which a schema already takes",
                        c.id,
                        own.part.key(),
                        own.name
                    ),
                )
                .related(&taken.origin)
                .hint("give the connector entry a `rust_name`, or the schema an `x-rust-name`"),
            );
        }
    }
}

/// The state of one lowering run (a fresh one per run: lowering is a transaction).
pub(crate) struct Lowerer<'a> {
    spec: &'a OpenAPI,
    diags: Diagnostics,
    types: BTreeMap<TypeName, TypeDef>,
    /// Named schemas already lowered: (schema name, secret context, skipped tag property) → type.
    named: BTreeMap<(String, bool, Option<String>), Option<TypeRef>>,
    /// Named schemas being lowered right now, to detect `$ref` cycles.
    stack: Vec<String>,
}

/// A property, item or component schema: either a `$ref` or an inline schema.
pub(crate) enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

impl<'a> Lowerer<'a> {
    /// The pointer of a component schema.
    fn schema_pointer(name: &str) -> JsonPointer {
        JsonPointer::root().push("components").push("schemas").push(name)
    }

    /// Looks up `#/components/schemas/<name>`.
    fn component(&self, name: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.spec.components.as_ref().and_then(|c| c.schemas.get(name))
    }
}
