//! Stage 3: lower the (overlaid) `openapiv3` document into the IR.
//!
//! Passes, in order: read the connector table (`x-kibana-connectors`, added by the
//! overlay, or derived from the spec's discriminator mapping) → lower every schema a connector reaches (named schemas once, inline
//! schemas named after their parent) → assign each type to a module → sort.
//! Problems are collected; lowering continues past them so one run reports them all.

mod connectors;
mod defaults;
mod discriminator;
mod modules;
mod rules;
mod schema;

use crate::diagnostics::Diagnostics;
use crate::ir::{Ir, TypeDef, TypeName, TypeRef};
use crate::pointer::JsonPointer;
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::collections::BTreeMap;

/// Lowers a parsed document into the IR, or returns every problem found.
pub fn lower(spec: &OpenAPI) -> Result<Ir, Diagnostics> {
    let mut cx = Lowerer { spec, diags: Diagnostics::default(), types: BTreeMap::new(), named: BTreeMap::new(), stack: Vec::new() };
    let connectors = connectors::lower_connectors(&mut cx);
    let types = modules::assign_modules(std::mem::take(&mut cx.types), &connectors);
    cx.diags.into_result(Ir { types, connectors })
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
