//! `Check`/`Validate` impls: structural checks per field (blank strings, nested objects,
//! schema constraints, undeclared keys) and the overlay's rules, compiled to plain code.

use super::{ident, literal};
use crate::ir::{Cond, Field, FieldRef, Ir, Part, Repr, Rule, StructDef, Test, TypeDef, TypeRef, UnionDef, UrlFamily};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn struct_check(def: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let this = quote!(self);
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        let at = quote!(&at.key(#wire));
        let structural = quote! { self.#fname.check(#at, cx, errors); };
        let constraints = constraints(f, &this, &at);
        quote! { #structural #constraints }
    });
    let rules = s.rules.iter().map(|r| rule(r, &Scope::Schema));
    let cx = if s.fields.is_empty() && s.rules.is_empty() && !s.open { quote!(_cx) } else { quote!(cx) };
    let unknown = if s.open { quote!(v::open_fields(&self.unknown_fields, at, cx, errors);) } else { quote!(v::unknown(&self.unknown_fields, at, errors);) };
    quote! {
        impl Check for #name {
            fn check(&self, at: &Path<'_>, #cx: &ValidationContext, errors: &mut ValidationErrors) {
                #(#fields)*
                #unknown
                #(#rules)*
            }
        }
        impl Validate for #name {}
    }
}

pub(crate) fn enum_check(name: &str) -> TokenStream {
    let name = ident(name);
    quote! {
        impl Check for #name {
            fn check(&self, _: &Path<'_>, _: &ValidationContext, _: &mut ValidationErrors) {}
        }
    }
}

pub(crate) fn union_check(def: &TypeDef, u: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        quote! { Self::#variant(inner) => inner.check(at, cx, errors), }
    });
    quote! {
        impl Check for #name {
            fn check(&self, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
                match self { #(#arms)* }
            }
        }
        impl Validate for #name {}
    }
}

/// `Check` for `ConnectorConfig`/`ConnectorSecrets`, and the connector-level rules.
pub(crate) fn dispatch_checks(ir: &Ir) -> TokenStream {
    // Every slot has a type of its own by now (`dedicate`).
    let per_part = |name: &str| {
        let name = ident(name);
        let arms = ir.connectors.iter().map(|c| {
            let variant = ident(&c.variant);
            quote! { Self::#variant(inner) => inner.check(at, cx, errors), }
        });
        quote! {
            impl Check for #name {
                fn check(&self, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
                    match self { #(#arms)* }
                }
            }
            impl Validate for #name {}
        }
    };
    let config = per_part("ConnectorConfig");
    let secrets = per_part("ConnectorSecrets");
    // Connectors that share their config and secrets types and their rules (ServiceNow ITSM
    // and SecOps) share one match arm.
    let mut groups: Vec<(&crate::ir::Connector, Vec<&crate::ir::Connector>)> = Vec::new();
    for c in ir.connectors.iter().filter(|c| !c.rules.is_empty()) {
        match groups.iter_mut().find(|(first, _)| first.config == c.config && first.secrets == c.secrets && first.rules == c.rules) {
            Some((_, members)) => members.push(c),
            None => groups.push((c, vec![c])),
        }
    }
    let arms = groups.iter().map(|(first, members)| {
        let patterns = members.iter().map(|c| {
            let variant = ident(&c.variant);
            quote!((ConnectorConfig::#variant(config), ConnectorSecrets::#variant(secrets)))
        });
        let rules = first.rules.iter().map(|r| rule(r, &Scope::Connector));
        quote! {
            #(#patterns)|* => { #(#rules)* }
        }
    });
    quote! {
        #config
        #secrets

        /// Rules across `config` and `secrets` of one connector (Kibana's connector-level checks).
        /// `config` and `secrets` of different connector types are reported by the caller.
        #[doc(hidden)]
        #[allow(unused_variables)]
        pub fn check_connector(
            config: &ConnectorConfig,
            secrets: &ConnectorSecrets,
            at: &Path<'_>,
            cx: &ValidationContext,
            errors: &mut ValidationErrors,
        ) {
            match (config, secrets) {
                #(#arms)*
                _ => {}
            }
        }
    }
}

enum Scope {
    /// Inside a struct's own `check`: fields are `self.<field>`, pointers `at/<wire>`.
    Schema,
    /// Inside `check_connector`: `config.<field>` / `secrets.<field>`, pointers `at/config/<wire>`.
    Connector,
}

/// `Option<&T>`: the value with defaults applied.
fn value(fr: &FieldRef) -> TokenStream {
    let (s, f) = (owner(fr), ident(&fr.field.rust_name));
    match (fr.field.repr(), fr.field.tracked_option()) {
        (Repr::Plain, _) => quote!(Some(&#s.#f)),
        (Repr::Optional | Repr::Nullable, _) => quote!(#s.#f.as_ref()),
        (Repr::Tracked, false) => quote!(Some(#s.#f.get())),
        (Repr::Tracked, true) => quote!(#s.#f.get().as_ref()),
    }
}

/// `&T` when the field always has a value (required, or defaulted and not nullable).
fn always(fr: &FieldRef) -> Option<TokenStream> {
    let (s, f) = (owner(fr), ident(&fr.field.rust_name));
    match (fr.field.repr(), fr.field.tracked_option()) {
        (Repr::Plain, _) => Some(quote!(&#s.#f)),
        (Repr::Tracked, false) => Some(quote!(#s.#f.get())),
        _ => None,
    }
}

/// `check(value)` on the field's value, skipped when the field is absent or null.
fn on_value(fr: &FieldRef, check: impl Fn(TokenStream) -> TokenStream) -> TokenStream {
    match always(fr) {
        Some(v) => check(v),
        None => {
            let v = value(fr);
            let body = check(quote!(value));
            quote! { if let Some(value) = #v { #body } }
        }
    }
}

/// `Option<&T>`: the value as sent (`None` when the default was applied).
fn raw(fr: &FieldRef) -> TokenStream {
    let (s, f) = (owner(fr), ident(&fr.field.rust_name));
    match (fr.field.repr(), fr.field.tracked_option()) {
        (Repr::Tracked, false) => quote!(#s.#f.raw()),
        (Repr::Tracked, true) => quote!(#s.#f.raw().and_then(Option::as_ref)),
        _ => value(fr),
    }
}

fn owner(fr: &FieldRef) -> TokenStream {
    match fr.part {
        None => quote!(self),
        Some(Part::Config) => quote!(config),
        Some(Part::Secrets) => quote!(secrets),
    }
}

fn pointer(fr: &FieldRef) -> TokenStream {
    let wire = &fr.field.wire_name;
    match fr.part {
        None => quote!(&at.key(#wire)),
        Some(Part::Config) => quote!(&at.key("config").key(#wire)),
        Some(Part::Secrets) => quote!(&at.key("secrets").key(#wire)),
    }
}

fn constraints(f: &Field, this: &TokenStream, at: &TokenStream) -> TokenStream {
    let fr = FieldRef { part: None, field: f.clone() };
    let _ = this;
    let value = value(&fr);
    let c = &f.constraints;
    let opt = |o: Option<usize>| match o {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let optf = |o: Option<f64>| match o {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let mut out = TokenStream::new();
    if (c.min_length.is_some() || c.max_length.is_some()) && matches!(f.ty, TypeRef::String | TypeRef::Secret) {
        let (min, max) = (opt(c.min_length), opt(c.max_length));
        out.extend(quote! { if let Some(value) = #value { v::length(v::text(value), #min, #max, #at, errors); } });
    }
    if (c.min_items.is_some() || c.max_items.is_some()) && matches!(f.ty, TypeRef::List(_)) {
        let (min, max) = (opt(c.min_items), opt(c.max_items));
        out.extend(quote! { if let Some(value) = #value { v::items(value.len(), #min, #max, #at, errors); } });
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let (min, max) = (optf(c.minimum), optf(c.maximum));
        let as_f64 = if f.ty == TypeRef::Integer { quote!(*value as f64) } else { quote!(*value) };
        if matches!(f.ty, TypeRef::Integer | TypeRef::Number) {
            out.extend(quote! { if let Some(value) = #value { v::range(#as_f64, #min, #max, #at, errors); } });
        }
    }
    out
}

/// A `Defaulted<bool>`: its raw value can be tested for JavaScript truthiness.
fn truthy_field(fr: &FieldRef) -> bool {
    fr.field.ty == TypeRef::Bool && fr.field.repr() == Repr::Tracked && !fr.field.tracked_option()
}

fn conditions(when: &[Cond]) -> TokenStream {
    if when.is_empty() {
        return quote!(true);
    }
    let tests = when.iter().map(|c| {
        // Strings compare as `&str` so a condition never allocates.
        let lit = |l: &crate::ir::Literal| match l {
            crate::ir::Literal::String(s) => quote!(#s),
            other => literal(other, &c.field.field.ty),
        };
        match &c.test {
            Test::Is(l) => {
                let (v, l) = (value(&c.field), lit(l));
                quote!(v::is(#v, #l))
            }
            Test::IsNot(l) => {
                let (v, l) = (value(&c.field), lit(l));
                quote!(!v::is(#v, #l))
            }
            // `sent: true` on a defaulted boolean is JavaScript truthiness of the raw value.
            Test::Sent(crate::ir::Literal::Bool(true)) if truthy_field(&c.field) => {
                let (s, f) = (owner(&c.field), ident(&c.field.field.rust_name));
                quote!(#s.#f.raw_truthy())
            }
            Test::NotSent(crate::ir::Literal::Bool(true)) if truthy_field(&c.field) => {
                let (s, f) = (owner(&c.field), ident(&c.field.field.rust_name));
                quote!(!#s.#f.raw_truthy())
            }
            Test::Sent(l) => {
                let (v, l) = (raw(&c.field), lit(l));
                quote!(v::is(#v, #l))
            }
            Test::NotSent(l) => {
                let (v, l) = (raw(&c.field), lit(l));
                quote!(!v::is(#v, #l))
            }
            Test::Present(true) => {
                let v = value(&c.field);
                quote!(#v.is_some())
            }
            Test::Present(false) => {
                let v = value(&c.field);
                quote!(#v.is_none())
            }
        }
    });
    quote!(#(#tests)&&*)
}

/// `body`, guarded by the rule's conditions when it has any.
fn guarded(when: &[Cond], body: TokenStream) -> TokenStream {
    if when.is_empty() {
        body
    } else {
        let cond = conditions(when);
        quote! { if #cond { #body } }
    }
}

fn rule(r: &Rule, scope: &Scope) -> TokenStream {
    match r {
        Rule::Url { field, family, fallback, when } => {
            let at = pointer(field);
            let family = match family {
                UrlFamily::Legacy => quote!(v::UrlFamily::Legacy),
                UrlFamily::Any => quote!(v::UrlFamily::Any),
                UrlFamily::Http => quote!(v::UrlFamily::Http),
                UrlFamily::Torq => quote!(v::UrlFamily::Torq),
            };
            let check = |value: TokenStream| quote! { v::url(v::text(#value), #family, #at, cx, errors); };
            let body = match fallback {
                Some(url) => {
                    let v = value(field);
                    quote! {
                        match #v {
                            Some(value) => v::url(v::text(value), #family, #at, cx, errors),
                            None => v::url(#url, #family, #at, cx, errors),
                        }
                    }
                }
                None => on_value(field, check),
            };
            guarded(when, body)
        }
        Rule::FixedUrl { url } => {
            let at = match scope {
                Scope::Schema => quote!(at),
                Scope::Connector => quote!(&at.key("secrets")),
            };
            quote! { v::url(#url, v::UrlFamily::Legacy, #at, cx, errors); }
        }
        Rule::Host { field, when } => {
            let at = pointer(field);
            guarded(when, on_value(field, |value| quote! { v::host(v::text(#value), #at, cx, errors); }))
        }
        Rule::Email { field, when } => {
            let at = pointer(field);
            guarded(when, on_value(field, |value| quote! { v::email_list(v::text(#value), #at, cx, errors); }))
        }
        Rule::Required { fields, when, message } | Rule::Forbidden { fields, when, message } => {
            let required = matches!(r, Rule::Required { .. });
            let checks = fields.iter().map(|f| {
                let (v, at, wire) = (value(f), pointer(f), &f.field.wire_name);
                let message = message.clone().unwrap_or_else(|| {
                    if required { format!("[{wire}] is required") } else { format!("[{wire}] must not be provided") }
                });
                // One flat `if` per field (the condition is cheap), so nothing nests.
                let guard = match when.len() {
                    0 => quote!(),
                    1 => {
                        let c = conditions(when);
                        quote!(#c &&)
                    }
                    _ => {
                        let c = conditions(when);
                        quote!((#c) &&)
                    }
                };
                if required {
                    quote! { if #guard #v.is_none() { errors.push(#at, ErrorKind::Required, #message); } }
                } else {
                    quote! { if #guard #v.is_some() { errors.push(#at, ErrorKind::Forbidden, #message); } }
                }
            });
            quote! { #(#checks)* }
        }
        Rule::Combination { fields, allowed, message, when } => {
            let present = fields.iter().map(|f| {
                let (v, wire) = (value(f), &f.field.wire_name);
                quote!((#wire, #v.is_some()))
            });
            let combos = allowed.iter().map(|c| quote!(&[#(#c),*]));
            let at = match fields.first().and_then(|f| f.part) {
                None => quote!(at),
                Some(Part::Config) => quote!(&at.key("config")),
                Some(Part::Secrets) => quote!(&at.key("secrets")),
            };
            guarded(when, quote! { v::combination(&[#(#present),*], &[#(#combos),*], #message, #at, errors); })
        }
        Rule::Custom { function } => {
            let function = ident(function);
            match scope {
                Scope::Schema => quote! { crate::rules::#function(self, at, cx, errors); },
                Scope::Connector => quote! { crate::rules::#function(config, secrets, at, cx, errors); },
            }
        }
    }
}
