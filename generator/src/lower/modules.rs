//! Assigns every type to a generated file: the module of the first connector (by id)
//! that uses it, or `shared` when types of several connectors use it.

use crate::ir::{Connector, Slot, TypeDef, TypeKind, TypeName, TypeRef};
use crate::names;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const SHARED: &str = "shared";

pub(super) fn assign_modules(
    mut types: BTreeMap<TypeName, TypeDef>,
    connectors: &[Connector],
) -> BTreeMap<TypeName, TypeDef> {
    // Primary owner of each slot type: the first connector (sorted by id) that names it.
    let mut root_owner: BTreeMap<TypeName, String> = BTreeMap::new();
    for c in connectors {
        let module = names::module_name(&c.id).unwrap_or_else(|_| SHARED.to_owned());
        for slot in [&c.config, &c.secrets] {
            if let Slot::Type(t) = slot {
                root_owner.entry(t.clone()).or_insert_with(|| module.clone());
            }
        }
    }
    let mut owners: BTreeMap<TypeName, BTreeSet<String>> = BTreeMap::new();
    for (root, module) in &root_owner {
        let mut queue = vec![root.clone()];
        let mut seen = BTreeSet::new();
        while let Some(t) = queue.pop() {
            if !seen.insert(t.clone()) {
                continue;
            }
            owners.entry(t.clone()).or_default().insert(module.clone());
            if let Some(def) = types.get(&t) {
                queue.extend(dependencies(def));
            }
        }
    }
    for (name, def) in &mut types {
        def.module = match owners.get(name) {
            Some(set) if set.len() == 1 => set.iter().next().cloned().unwrap_or_else(|| SHARED.to_owned()),
            _ => SHARED.to_owned(),
        };
    }
    types
}

/// The named types a type refers to directly.
pub(crate) fn dependencies(def: &TypeDef) -> Vec<TypeName> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| collect(&f.ty, &mut out)),
        TypeKind::Union(u) => out.extend(u.variants.iter().map(|v| v.ty.clone())),
        TypeKind::Enum(_) => {}
    }
    out
}

fn collect(ty: &TypeRef, out: &mut Vec<TypeName>) {
    match ty {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::List(i) | TypeRef::Map(i) | TypeRef::Boxed(i) => collect(i, out),
        _ => {}
    }
}
