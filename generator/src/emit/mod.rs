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
    Plan::new(ir).emit_all()
}

/// Like [`emit`] for several Kibana releases: the types of every release (parsing reads
/// the union), checks and defaults gated by release point, and `release.rs` with the
/// release table.
pub fn emit_versioned(v: &crate::releases::Versioned) -> BTreeMap<String, TokenStream> {
    Plan::versioned(v).emit_all()
}

/// The module with the release table (versioned output only).
pub const RELEASE_MODULE: &str = "release";

/// What to emit, prepared once; each file is then emitted on its own ([`Plan::emit_file`]),
/// so files can be emitted and formatted on any thread.
pub struct Plan<'a> {
    /// The union IR, every connector with types of its own.
    ir: Ir,
    /// Per release point (versioned output only): its IR, dedicated alike.
    irs: Vec<Ir>,
    points: &'a [crate::releases::Point],
    parents: &'a [Option<usize>],
    settings: Option<&'a [crate::ir::PointSettings]>,
    /// Structs emitted as aliases of an earlier one of the same shape.
    shared: BTreeMap<String, String>,
}

impl<'a> Plan<'a> {
    /// One model.
    pub fn new(ir: &Ir) -> Plan<'static> {
        let ir = dedicate::dedicate(ir);
        let shared = share::shared_with(&ir, None);
        Plan { ir, irs: Vec::new(), points: &[], parents: &[], settings: None, shared }
    }

    /// Several release points.
    pub fn versioned(v: &'a crate::releases::Versioned) -> Plan<'a> {
        let ir = dedicate::dedicate(&v.union);
        let irs: Vec<Ir> = v.releases.iter().map(dedicate::dedicate).collect();
        let shared = share::shared_with(&ir, Some(&gates::Gates { points: &v.points, irs: &irs, parents: &v.parents }));
        Plan { ir, irs, points: &v.points, parents: &v.parents, settings: Some(&v.settings), shared }
    }

    /// The names of the files, largest first (a worker takes the next when it is done).
    pub fn files(&self) -> Vec<String> {
        let modules = self.ir.modules();
        let mut sized: Vec<(usize, String)> = modules.iter().map(|(m, defs)| (defs.len(), format!("{m}.rs"))).collect();
        sized.push((usize::MAX, format!("{DISPATCH_MODULE}.rs")));
        sized.push((0, "mod.rs".into()));
        if self.settings.is_some() {
            sized.push((0, format!("{RELEASE_MODULE}.rs")));
        }
        sized.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        sized.into_iter().map(|(_, name)| name).collect()
    }

    fn gates(&self) -> Option<gates::Gates<'_>> {
        self.settings.map(|_| gates::Gates { points: self.points, irs: &self.irs, parents: self.parents })
    }

    /// Every file.
    pub fn emit_all(&self) -> BTreeMap<String, TokenStream> {
        self.files()
            .into_iter()
            .map(|name| {
                let tokens = self.emit_file(&name);
                (name, tokens)
            })
            .collect()
    }

    /// The tokens of one file of [`files`](Self::files).
    pub fn emit_file(&self, name: &str) -> TokenStream {
        let gates = self.gates();
        let gates = gates.as_ref();
        let module = name.strip_suffix(".rs").unwrap_or(name);
        if module == DISPATCH_MODULE {
            let dispatch = dispatch::dispatch(&self.ir, gates);
            let checks = validate::dispatch_checks(&self.ir, gates);
            return quote! { #dispatch #checks };
        }
        if module == RELEASE_MODULE {
            if let (Some(g), Some(settings)) = (gates, self.settings) {
                return release::release_module(g, settings);
            }
        }
        let modules = self.ir.modules();
        if module == "mod" {
            return mod_rs(&modules, gates.is_some());
        }
        let defs = modules.get(module).map_or(&[][..], Vec::as_slice);
        let items = defs.iter().map(|def| match &def.kind {
            TypeKind::Struct(_) if self.shared.contains_key(&def.name) => {
                share::alias(def, self.shared.get(&def.name).map_or("", String::as_str))
            }
            TypeKind::Struct(s) => {
                let item = types::struct_item(def, s, self.ir.derives(&def.name));
                let build = build::struct_construction(def, s);
                let de = de::struct_deserialize(def, s);
                let check = validate::struct_check(def, s, self.ir.validation, gates);
                let normalize = normalize::struct_normalize(def, s, gates);
                quote! { #item #build #de #check #normalize }
            }
            TypeKind::Enum(e) => {
                let item =
                    types::enum_item(&def.name, &def.docs, &def.origin.as_ref_string(), e, types::Order::Declared);
                let check = validate::enum_check(def, e, gates);
                let normalize = normalize::enum_normalize(&def.name);
                quote! { #item #check #normalize }
            }
            TypeKind::Union(u) => {
                let item = types::union_item(def, u, self.ir.derives(&def.name));
                let check = validate::union_check(def, u, gates);
                let normalize = normalize::union_normalize(def, u);
                quote! { #item #check #normalize }
            }
        });
        let doc = module_doc(&self.ir, module);
        quote! {
            #(#![doc = #doc])*
            #[allow(unused_imports)]
            use super::*;
            #(#items)*
        }
    }
}

/// The doc of a connector's module: which connector, and its two types.
fn module_doc(ir: &Ir, module: &str) -> Vec<String> {
    if module == crate::lower::SHARED_MODULE {
        return vec![" Types several connectors share (authentication, TLS verification, …).".to_owned()];
    }
    let mut lines = Vec::new();
    for c in ir.connectors.iter().filter(|c| crate::names::module_name(&c.id).is_ok_and(|m| m == module)) {
        let title = c.title.as_deref().map(|t| format!(" ({t})")).unwrap_or_default();
        let slot = |slot: &crate::ir::Slot| match slot {
            crate::ir::Slot::Type(name) => format!("[`{name}`]"),
            crate::ir::Slot::Empty { .. } => "none".to_owned(),
        };
        lines.push(format!(
            " The `{}` connector{title}: config {}, secrets {}, with their builders and enums.",
            c.id,
            slot(&c.config),
            slot(&c.secrets)
        ));
    }
    lines.push(String::new());
    lines.push(" Every item here is also exported at the crate root.".to_owned());
    lines
}

fn mod_rs(modules: &BTreeMap<&str, Vec<&crate::ir::TypeDef>>, versioned: bool) -> TokenStream {
    // One public module per connector (its page in rustdoc), its items also at the root;
    // the per-type enums and shared types sit at the root only.
    let root_only = [crate::lower::SHARED_MODULE, DISPATCH_MODULE];
    let public: Vec<Ident> = modules.keys().filter(|m| !root_only.contains(m)).map(|m| ident(m)).collect();
    let private: Vec<Ident> =
        modules.keys().filter(|m| root_only.contains(m)).map(|m| ident(m)).chain([ident(DISPATCH_MODULE)]).collect();
    let release = versioned.then(|| {
        let release = ident(RELEASE_MODULE);
        quote! { pub(crate) mod #release; }
    });
    quote! {
        //! Models generated from the connectors spec: one public module per connector type,
        //! plus `shared` for types several connectors use and `dispatch` for the per-type
        //! enums (both exported at the crate root only).
        // A release gate wraps whole statements, `if`s among them: kept apart for review.
        #![allow(clippy::collapsible_if)]
        #[allow(unused_imports)]
        use crate::runtime::{self as rt, BuildError, Defaulted, Normalize, Secret, UnknownFields};
        #[allow(unused_imports)]
        use crate::runtime::validate::{self as v, Check, ErrorKind, Path, Validate, ValidationContext, ValidationErrors};
        #( pub mod #public; )*
        #( mod #private; )*
        #release
        #( #[doc(no_inline)] pub use #public::*; )*
        #( pub use #private::*; )*
    }
}

/// An identifier from a name the naming policy produced (`r#type` becomes a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line. An item the spec does not describe is described by
/// where it sits (`origin`, a pointer into the spec): rustdoc tells what a type is, not
/// where it came from.
pub(crate) fn docs(lines: &[String], origin: Option<&str>) -> TokenStream {
    // Prose is escaped; code blocks (an `x-rust-example`) are kept as written.
    let mut code = false;
    let mut all: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.starts_with("```") {
                code = !code;
                return format!(" {l}");
            }
            match (l.is_empty(), code) {
                (true, _) => String::new(),
                (false, true) => format!(" {l}"),
                (false, false) => format!(" {}", escape_doc(l)),
            }
        })
        .collect();
    if all.is_empty() {
        if let Some(origin) = origin {
            all.push(format!(" {}", describe(origin)));
        }
    }
    quote! { #( #[doc = #all] )* }
}

/// A sentence for an undescribed schema, from its pointer.
fn describe(origin: &str) -> String {
    let segments: Vec<&str> = origin.trim_start_matches("#/").split('/').collect();
    match segments.as_slice() {
        [.., "properties", key, "items"] => format!("An item of the `{key}` list."),
        [.., "properties", key, "additionalProperties"] => format!("A value of the `{key}` map."),
        [.., "properties", key] => format!("The value of the `{key}` key."),
        [.., "schemas", name] => format!("The `{name}` schema of Kibana's spec."),
        _ => "A type of Kibana's connector spec.".to_owned(),
    }
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
