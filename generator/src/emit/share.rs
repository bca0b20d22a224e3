//! Identical schemas share one definition. Specs repeat object schemas inline (Swimlane's
//! seven field mappings are one shape); each gets its own name, but only the first of a
//! module is emitted as a struct, the others as type aliases of it (the builder too), so
//! the code is written and compiled once. Connector config/secrets types never share:
//! each connector keeps a type of its own, which the `From` conversions need.

use super::gates::Gates;
use super::{docs, ident};
use crate::ir::{Ir, Slot, StructDef, TypeDef, TypeKind};
use crate::pointer::JsonPointer;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// For each struct that repeats an earlier one of its module: the name of that one.
pub(crate) fn shared_with(ir: &Ir, gates: Option<&Gates<'_>>) -> BTreeMap<String, String> {
    let slots: BTreeSet<&str> = ir
        .connectors
        .iter()
        .flat_map(|c| [&c.config, &c.secrets])
        .filter_map(|s| match s {
            Slot::Type(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let mut first: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for (module, defs) in ir.modules() {
        for def in defs {
            let TypeKind::Struct(s) = &def.kind else { continue };
            if slots.contains(def.name.as_str()) || !s.rules.is_empty() {
                continue;
            }
            // The shape in every release point, so a shared definition gates alike.
            let mut key = format!("{:?}", shape(s));
            if let Some(g) = gates {
                for p in 0..g.len() {
                    key.push_str(&format!("|{:?}", g.struct_in(p, &def.name).map(shape)));
                }
            }
            match first.get(&(module.to_owned(), key.clone())) {
                Some(original) => {
                    out.insert(def.name.clone(), original.clone());
                }
                None => {
                    first.insert((module.to_owned(), key), def.name.clone());
                }
            }
        }
    }
    out
}

/// A struct without where its fields come from (docs stay: they are part of the code).
fn shape(s: &StructDef) -> StructDef {
    let mut s = s.clone();
    for f in &mut s.fields {
        f.origin = JsonPointer::root();
    }
    s
}

/// The aliases standing for `def` and its builder.
pub(crate) fn alias(def: &TypeDef, original: &str) -> TokenStream {
    let (name, target) = (ident(&def.name), ident(original));
    let (builder, target_builder) = (ident(&format!("{}Builder", def.name)), ident(&format!("{original}Builder")));
    let doc = docs(&def.docs, Some(&def.origin.as_ref_string()));
    let same = format!(" The same shape as [`{original}`]: one definition serves both.");
    let builder_doc = format!(" The builder of [`{}`]: the one of [`{original}`], the same shape.", def.name);
    quote! {
        #doc
        #[doc = ""]
        #[doc = #same]
        pub type #name = #target;
        #[doc = #builder_doc]
        pub type #builder = #target_builder;
    }
}
