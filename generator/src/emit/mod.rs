//! Stage 5: IR → Rust tokens. A pure function of the IR: it never reads the spec and
//! never fails (everything it relies on was checked while lowering).

mod build;
mod de;
mod dedicate;
mod dispatch;
mod gates;
mod normalize;
mod release;
mod share;
mod types;
mod validate;

use crate::ir::{Ir, Literal, TypeKind, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// The module that holds `ConnectorType`, `ConnectorConfig` and `ConnectorSecrets`.
pub const DISPATCH_MODULE: &str = "dispatch";

/// One token stream per generated file, keyed by file name (`webhook.rs`, `mod.rs`, …).
pub fn emit(ir: &Ir) -> BTreeMap<String, TokenStream> {
    emit_all(&dedicate::dedicate(ir), None)
}

/// Like [`emit`] for several Kibana releases: the types of every release (parsing reads
/// the union), checks and defaults gated by release point, and `release.rs` with the
/// release table.
pub fn emit_versioned(v: &crate::releases::Versioned) -> BTreeMap<String, TokenStream> {
    let union = dedicate::dedicate(&v.union);
    let irs: Vec<Ir> = v.releases.iter().map(dedicate::dedicate).collect();
    let gates = gates::Gates { points: &v.points, irs: &irs };
    let mut files = emit_all(&union, Some(&gates));
    files.insert(format!("{RELEASE_MODULE}.rs"), release::release_module(&gates, &v.system_actions));
    files
}

/// The module with the release table (versioned output only).
pub const RELEASE_MODULE: &str = "release";

fn emit_all(ir: &Ir, gates: Option<&gates::Gates<'_>>) -> BTreeMap<String, TokenStream> {
    let mut files = BTreeMap::new();
    let modules = ir.modules();
    let shared = share::shared_with(ir, gates);
    for (module, defs) in &modules {
        let items = defs.iter().map(|def| match &def.kind {
            TypeKind::Struct(_) if shared.contains_key(&def.name) => {
                share::alias(def, shared.get(&def.name).map_or("", String::as_str))
            }
            TypeKind::Struct(s) => {
                let item = types::struct_item(def, s);
                let build = build::struct_construction(def, s);
                let de = de::struct_deserialize(def, s);
                let check = validate::struct_check(def, s, gates);
                let normalize = normalize::struct_normalize(def, s, gates);
                quote! { #item #build #de #check #normalize }
            }
            TypeKind::Enum(e) => {
                let item = types::enum_item(&def.name, &def.docs, &def.origin.as_ref_string(), e);
                let check = validate::enum_check(def, e, gates);
                let normalize = normalize::enum_normalize(&def.name);
                quote! { #item #check #normalize }
            }
            TypeKind::Union(u) => {
                let item = types::union_item(def, u);
                let check = validate::union_check(def, u, gates);
                let normalize = normalize::union_normalize(def, u);
                quote! { #item #check #normalize }
            }
        });
        let body = quote! {
            #[allow(unused_imports)]
            use super::*;
            #(#items)*
        };
        files.insert(format!("{module}.rs"), body);
    }
    let dispatch = dispatch::dispatch(ir);
    let checks = validate::dispatch_checks(ir, gates);
    files.insert(format!("{DISPATCH_MODULE}.rs"), quote! { #dispatch #checks });
    let mods = modules.keys().map(|m| ident(m)).chain([ident(DISPATCH_MODULE)]).collect::<Vec<_>>();
    let release = gates.is_some().then(|| {
        let release = ident(RELEASE_MODULE);
        quote! { pub(crate) mod #release; }
    });
    files.insert(
        "mod.rs".into(),
        quote! {
            //! Models generated from the connectors spec: one module per connector type, plus
            //! `shared` for types several connectors use and `dispatch` for the per-type enums.
            // A release gate wraps whole statements, `if`s among them: kept apart for review.
            #![allow(clippy::collapsible_if)]
            #[allow(unused_imports)]
            use crate::runtime::{self as rt, BuildError, Defaulted, Normalize, Secret, UnknownFields};
            #[allow(unused_imports)]
            use crate::runtime::validate::{self as v, Check, ErrorKind, Path, Validate, ValidationContext, ValidationErrors};
            #( mod #mods; )*
            #release
            #( pub use #mods::*; )*
        },
    );
    files
}

/// An identifier from a name the naming policy produced (`r#type` becomes a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line, plus the provenance line.
pub(crate) fn docs(lines: &[String], origin: Option<&str>) -> TokenStream {
    let mut all: Vec<String> = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {}", escape_doc(l)) }).collect();
    if let Some(origin) = origin {
        if !all.is_empty() {
            all.push(String::new());
        }
        all.push(format!(" Generated from `{origin}`."));
    }
    quote! { #( #[doc = #all] )* }
}

/// Keeps spec prose from being read as rustdoc markup it is not (bare URLs, brackets).
fn escape_doc(line: &str) -> String {
    line.replace('[', "\\[").replace(']', "\\]")
}

/// The Rust type of a field's value (before `Option`/`Defaulted` wrapping).
pub(crate) fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Secret => quote!(Secret),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Named(n) => {
            let n = ident(n);
            quote!(#n)
        }
        TypeRef::List(i) => {
            let i = type_tokens(i);
            quote!(Vec<#i>)
        }
        TypeRef::Map(i) => {
            let i = type_tokens(i);
            quote!(std::collections::BTreeMap<String, #i>)
        }
        TypeRef::Boxed(i) => {
            let i = type_tokens(i);
            quote!(Box<#i>)
        }
    }
}

/// A default value as an expression of the field's value type.
pub(crate) fn literal(lit: &Literal, ty: &TypeRef) -> TokenStream {
    match lit {
        Literal::Null => quote!(None),
        Literal::Bool(b) => quote!(#b),
        Literal::Integer(i) => quote!(#i),
        Literal::Number(n) => quote!(#n),
        Literal::String(s) if *ty == TypeRef::Secret => quote!(Secret::from(#s)),
        Literal::String(s) => quote!(String::from(#s)),
        Literal::Variant(t, v) => {
            let (t, v) = (ident(t), ident(v));
            quote!(#t::#v)
        }
        Literal::EmptyList => quote!(Vec::new()),
        Literal::EmptyMap => quote!(std::collections::BTreeMap::new()),
        Literal::EmptyObject(t) => {
            let t = ident(t);
            if matches!(ty, TypeRef::Boxed(_)) { quote!(Box::new(#t::default())) } else { quote!(#t::default()) }
        }
    }
}
