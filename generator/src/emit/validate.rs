//! `Check`/`Validate` impls: structural checks per field (blank strings, nested objects,
//! schema constraints, undeclared keys) and the overlay's rules, compiled to plain code.

use super::gates::Gates;
use super::{ident, literal};
use crate::ir::{
    Cond, Field, FieldRef, Ir, Part, Repr, Rule, StructDef, Test, TypeDef, TypeRef, UnionDef, UrlFamily, Validation,
};
use proc_macro2::TokenStream;
use quote::ToTokens;
use quote::quote;

pub(crate) fn struct_check(
    def: &TypeDef,
    s: &StructDef,
    validation: Validation,
    gates: Option<&Gates<'_>>,
) -> TokenStream {
    let name = ident(&def.name);
    let body = match gates {
        None => {
            let items = struct_body(s, s, validation, false);
            quote! { #(#items)* }
        }
        // A point without this type (a connector it lacks) checks as the newest one does.
        Some(g) => {
            let latest = g.len().saturating_sub(1);
            let of = |p: usize| g.struct_in(p, &def.name).or_else(|| g.struct_in(latest, &def.name));
            // The schema library splits points only where a field has string forms to judge.
            let forms = s.fields.iter().any(|f| f.repr() == Repr::Tracked && f.ty.is_coerced());
            let key = |p: usize| (of(p), forms.then(|| g.validation(p)));
            let absent = g.set(|p| g.struct_in(p, &def.name).is_none());
            g.sequenced(
                key,
                |p| match of(p) {
                    Some(sp) => struct_body(s, sp, g.validation(p), true),
                    None => struct_body(s, s, g.validation(p), false),
                },
                &absent,
            )
        }
    };
    let cx = if mentions_cx(&body) { quote!(cx) } else { quote!(_cx) };
    quote! {
        impl Check for #name {
            fn check(&self, at: &Path<'_>, #cx: &ValidationContext, errors: &mut ValidationErrors) {
                #body
            }
        }
        impl Validate for #name {}
    }
}

/// The string and JSON forms a release's schema library refuses for a field (see
/// `runtime::validate::zod_form` and `schema_form`); nothing where it reads them all.
fn sent_form(f: &Field, validation: Validation, at: &TokenStream) -> TokenStream {
    if f.repr() != Repr::Tracked || !f.ty.is_coerced() {
        return TokenStream::new();
    }
    let fname = ident(&f.rust_name);
    // Only numbers (`rt::number`) are read in JavaScript's other forms; integers keep their
    // string form under both libraries (`z.coerce.number().int()`).
    match (validation, &f.ty) {
        (Validation::ConfigSchema, TypeRef::Number) => quote! { v::schema_form(&self.#fname, #at, errors); },
        (Validation::Zod, ty) if !matches!(ty, TypeRef::Number | TypeRef::Integer) => {
            quote! { v::zod_form(&self.#fname, #at, errors); }
        }
        _ => TokenStream::new(),
    }
}

fn mentions_cx(body: &TokenStream) -> bool {
    body.to_string().split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == "cx")
}

/// The checks of struct `u` (the union of every release, whose fields the Rust type has)
/// as release `sp` makes them: per field its structural check, then its constraints and
/// release-specific checks as items of their own (so a gate wraps only what differs), the
/// unknown-key check, then one item per rule. With `gated`, fields `sp` lacks are unknown
/// keys, and keys `sp` requires or forbids to be null are checked here (parsing reads the
/// union).
fn struct_body(u: &StructDef, sp: &StructDef, validation: Validation, gated: bool) -> Vec<TokenStream> {
    let fields = u.fields.iter().flat_map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        let at = quote!(&at.key(#wire));
        let Some(pf) = sp.fields.iter().find(|x| x.wire_name == f.wire_name) else {
            let sent = sent(f);
            return vec![quote! { v::undeclared(#sent, #wire, at, errors); }];
        };
        let structural = quote! { self.#fname.check(#at, cx, errors); };
        let form = sent_form(f, validation, &at);
        let constraints = constraints(&Field { constraints: pf.constraints.clone(), ..f.clone() }, &at);
        let mut extra = TokenStream::new();
        if gated && pf.required && !f.required {
            let absent = absent(f);
            let message = format!("[{wire}]: expected value of type [{}] but got [undefined]", kind_name(&f.ty));
            extra.extend(quote! { if #absent { errors.push(#at, ErrorKind::Required, #message); } });
        }
        if gated && !pf.nullable && f.nullable {
            if let Some(null) = null_sent(f) {
                let message = format!("[{wire}]: expected value of type [{}] but got [null]", kind_name(&f.ty));
                extra.extend(quote! { if #null { errors.push(#at, ErrorKind::NullNotAllowed, #message); } });
            }
        }
        [structural, form, constraints, extra].into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>()
    });
    let union_fields = |fr: &FieldRef| u.fields.iter().find(|f| f.wire_name == fr.field.wire_name).cloned();
    let rules: Vec<TokenStream> = sp.rules.iter().map(|r| rule(&remap(r, &union_fields), false)).collect();
    let unknown = if sp.open {
        quote!(v::open_fields(&self.unknown_fields, at, cx, errors);)
    } else if sp.secret {
        // A key name under `secrets` may be a secret pasted in the wrong place.
        quote!(v::unknown_secret(&self.unknown_fields, at, errors);)
    } else {
        quote!(v::unknown(&self.unknown_fields, at, errors);)
    };
    fields.chain([unknown]).chain(rules).collect()
}

/// Whether the key is in the body (a required key always is).
fn sent(f: &Field) -> TokenStream {
    let fname = ident(&f.rust_name);
    match f.repr() {
        Repr::Plain | Repr::Nullable => quote!(true),
        Repr::Optional => quote!(self.#fname.is_some()),
        Repr::Tracked => quote!(self.#fname.was_sent()),
    }
}

/// Whether the key is absent from the body.
fn absent(f: &Field) -> TokenStream {
    let fname = ident(&f.rust_name);
    match f.repr() {
        Repr::Plain | Repr::Nullable => quote!(false),
        Repr::Optional => quote!(self.#fname.is_none()),
        Repr::Tracked => quote!(!self.#fname.was_sent()),
    }
}

/// Whether the key was sent as `null` (only nullable representations can hold it).
fn null_sent(f: &Field) -> Option<TokenStream> {
    let fname = ident(&f.rust_name);
    match f.repr() {
        Repr::Nullable => Some(quote!(self.#fname.is_none())),
        Repr::Tracked if f.tracked_option() => Some(quote!(self.#fname.was_sent() && self.#fname.is_none())),
        _ => None,
    }
}

/// Kibana's name for a JSON type in its messages.
fn kind_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String | TypeRef::Secret => "string",
        TypeRef::Bool => "boolean",
        TypeRef::Integer | TypeRef::Number => "number",
        TypeRef::List(_) => "Array",
        _ => "object",
    }
}

/// `r` with every field it reads replaced by `resolve`'s (the union's representation).
fn remap(r: &Rule, resolve: &dyn Fn(&FieldRef) -> Option<Field>) -> Rule {
    let fr = |x: &FieldRef| FieldRef { part: x.part, field: resolve(x).unwrap_or_else(|| x.field.clone()) };
    let frs = |xs: &[FieldRef]| xs.iter().map(fr).collect::<Vec<_>>();
    let conds = |cs: &[Cond]| cs.iter().map(|c| Cond { field: fr(&c.field), test: c.test.clone() }).collect::<Vec<_>>();
    match r {
        Rule::Url { field, family, fallback, hosts, message, when } => Rule::Url {
            field: fr(field),
            family: *family,
            fallback: fallback.clone(),
            hosts: hosts.clone(),
            message: message.clone(),
            when: conds(when),
        },
        Rule::FixedUrl { url } => Rule::FixedUrl { url: url.clone() },
        Rule::Host { field, when } => Rule::Host { field: fr(field), when: conds(when) },
        Rule::Email { field, always, hyphens, when } => {
            Rule::Email { field: fr(field), always: *always, hyphens: *hyphens, when: conds(when) }
        }
        Rule::Required { fields, when, message } => {
            Rule::Required { fields: frs(fields), when: conds(when), message: message.clone() }
        }
        Rule::Forbidden { fields, when, message } => {
            Rule::Forbidden { fields: frs(fields), when: conds(when), message: message.clone() }
        }
        Rule::Combination { fields, allowed, message, when } => Rule::Combination {
            fields: frs(fields),
            allowed: allowed.clone(),
            message: message.clone(),
            when: conds(when),
        },
        Rule::Custom { function } => Rule::Custom { function: function.clone() },
    }
}

pub(crate) fn enum_check(def: &TypeDef, e: &crate::ir::EnumDef, gates: Option<&Gates<'_>>) -> TokenStream {
    let name = ident(&def.name);
    // Per value, the releases that accept it (a release without the type accepts all).
    let gated: Vec<(TokenStream, TokenStream)> = match gates {
        None => Vec::new(),
        Some(g) => e
            .variants
            .iter()
            .filter_map(|v| {
                let set = g.set(|p| match g.type_in(p, &def.name).map(|d| &d.kind) {
                    Some(crate::ir::TypeKind::Enum(pe)) => pe.variants.iter().any(|x| x.wire == v.wire),
                    _ => true,
                });
                let absent = g.set(|p| g.type_in(p, &def.name).is_none());
                g.condition(&set, &absent).map(|cond| (ident(&v.rust_name).into_token_stream(), cond))
            })
            .collect(),
    };
    if gated.is_empty() {
        return quote! {
            impl Check for #name {
                fn check(&self, _: &Path<'_>, _: &ValidationContext, _: &mut ValidationErrors) {}
            }
        };
    }
    let arms = gated.iter().map(|(v, cond)| quote! { Self::#v => #cond, });
    quote! {
        impl Check for #name {
            fn check(&self, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
                let accepted = match self {
                    #(#arms)*
                    #[allow(unreachable_patterns)]
                    _ => true,
                };
                if !accepted {
                    errors.push(at, ErrorKind::InvalidValue, format!("[{}] is not a value this Kibana release accepts", self.as_str()));
                }
            }
        }
    }
}

pub(crate) fn union_check(def: &TypeDef, u: &UnionDef, gates: Option<&Gates<'_>>) -> TokenStream {
    let name = ident(&def.name);
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let test = gates.and_then(|g| {
            let set = g.set(|p| match g.type_in(p, &def.name).map(|d| &d.kind) {
                Some(crate::ir::TypeKind::Union(pu)) => pu.variants.iter().any(|x| x.tag_value == v.tag_value),
                _ => true,
            });
            g.condition(&set, &g.set(|p| g.type_in(p, &def.name).is_none()))
        });
        match test {
            None => quote! { Self::#variant(inner) => inner.check(at, cx, errors), },
            Some(test) => {
                let message = format!("[{}]: `{}` is not a value this Kibana release accepts", u.tag, v.tag_value);
                let tag = &u.tag;
                quote! {
                    Self::#variant(inner) => {
                        if !#test {
                            errors.push(&at.key(#tag), ErrorKind::InvalidValue, #message);
                        }
                        inner.check(at, cx, errors)
                    }
                }
            }
        }
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

/// `Check` for `ConnectorConfig`/`ConnectorSecrets`, the connector-level rules, and which
/// releases know each connector type.
pub(crate) fn dispatch_checks(ir: &Ir, gates: Option<&Gates<'_>>) -> TokenStream {
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
    let arms = ir.connectors.iter().filter_map(|c| {
        let variant = ident(&c.variant);
        let body = match gates {
            None => connector_rules(c, c, ir),
            // A point without this connector refuses the type before its rules matter: it
            // checks as the newest point that has it.
            Some(g) => {
                let newest = (0..g.len()).rev().find_map(|p| g.connector_in(p, &c.id));
                let of = |p: usize| g.connector_in(p, &c.id).or(newest);
                let absent = g.set(|p| g.connector_in(p, &c.id).is_none());
                g.by_point(of, |p| of(p).map(|pc| connector_rules(c, pc, ir)).unwrap_or_default(), &absent)
            }
        };
        (!body.is_empty())
            .then(|| quote! { (ConnectorConfig::#variant(config), ConnectorSecrets::#variant(secrets)) => { #body } })
    });
    let supported = match gates {
        None => quote!(true),
        Some(g) => {
            let arms = ir.connectors.iter().filter_map(|c| {
                let set = g.set(|p| g.connector_in(p, &c.id).is_some());
                let variant = ident(&c.variant);
                g.condition(&set, &g.set(|_| false)).map(|cond| quote! { ConnectorType::#variant => #cond, })
            });
            quote! {
                match connector_type {
                    #(#arms)*
                    #[allow(unreachable_patterns)]
                    _ => true,
                }
            }
        }
    };
    let (ty_param, cx_param) = if mentions_cx(&supported) {
        (quote!(connector_type), quote!(cx))
    } else {
        (quote!(_connector_type), quote!(_cx))
    };
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

        /// Whether the release of `cx` has this connector type.
        #[doc(hidden)]
        pub fn connector_supported(#ty_param: ConnectorType, #cx_param: &ValidationContext) -> bool {
            #supported
        }
    }
}

/// Connector `pc`'s rules (one release's), reading the union connector `c`'s fields.
fn connector_rules(c: &crate::ir::Connector, pc: &crate::ir::Connector, ir: &Ir) -> TokenStream {
    let fields_of = |slot: &crate::ir::Slot| match slot {
        crate::ir::Slot::Type(t) => match ir.types.get(t).map(|d| &d.kind) {
            Some(crate::ir::TypeKind::Struct(s)) => s.fields.clone(),
            _ => Vec::new(),
        },
        crate::ir::Slot::Empty { .. } => Vec::new(),
    };
    let (config, secrets) = (fields_of(&c.config), fields_of(&c.secrets));
    let resolve = |fr: &FieldRef| {
        let fields = match fr.part {
            Some(Part::Config) => &config,
            Some(Part::Secrets) => &secrets,
            None => return None,
        };
        fields.iter().find(|f| f.wire_name == fr.field.wire_name).cloned()
    };
    let rules = pc.rules.iter().map(|r| rule(&remap(r, &resolve), true));
    quote! { #(#rules)* }
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

fn constraints(f: &Field, at: &TokenStream) -> TokenStream {
    let fr = FieldRef { part: None, field: f.clone() };
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

/// One rule's check: inside a struct's own `check` (fields are `self.<field>`, pointers
/// `at/<wire>`), or with `connector` inside `check_connector` (`config.<field>` /
/// `secrets.<field>`, pointers `at/config/<wire>`).
fn rule(r: &Rule, connector: bool) -> TokenStream {
    match r {
        Rule::Url { field, family, fallback, hosts, message, when } => {
            let at = pointer(field);
            let family = match family {
                UrlFamily::Legacy => quote!(v::UrlFamily::Legacy),
                UrlFamily::Any => quote!(v::UrlFamily::Any),
                UrlFamily::Http => quote!(v::UrlFamily::Http),
            };
            let check = |value: TokenStream| {
                if hosts.is_empty() {
                    quote! { v::url(v::text(#value), #family, #at, cx, errors); }
                } else {
                    let message = message
                        .clone()
                        .unwrap_or_else(|| format!("url must be on one of the hosts {}", hosts.join(", ")));
                    quote! { v::url_on_hosts(v::text(#value), #family, &[#(#hosts),*], #message, #at, cx, errors); }
                }
            };
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
            let at = if connector { quote!(&at.key("secrets")) } else { quote!(at) };
            quote! { v::url(#url, v::UrlFamily::Legacy, #at, cx, errors); }
        }
        Rule::Host { field, when } => {
            let at = pointer(field);
            guarded(when, on_value(field, |value| quote! { v::host(v::text(#value), #at, cx, errors); }))
        }
        Rule::Email { field, always, hyphens, when } => {
            let at = pointer(field);
            guarded(
                when,
                on_value(field, |value| quote! { v::email_list(v::text(#value), #always, #hyphens, #at, cx, errors); }),
            )
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
            if connector {
                quote! { crate::rules::#function(config, secrets, at, cx, errors); }
            } else {
                quote! { crate::rules::#function(self, at, cx, errors); }
            }
        }
    }
}
