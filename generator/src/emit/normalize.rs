//! `Normalize`: a value as Kibana stores it. Coerced strings become their values, and an
//! absent key takes the default Kibana writes for it (keys whose schema has no default,
//! such as those inside `schema.maybe`, stay absent).

use super::de::default_fn;
use super::gates::Gates;
use super::ident;
use crate::ir::{Field, Repr, StructDef, TypeDef, UnionDef, Validation};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn struct_normalize(def: &TypeDef, s: &StructDef, gates: Option<&Gates<'_>>) -> TokenStream {
    let name = ident(&def.name);
    let body = match gates {
        None => {
            let items = body(s, Some(s), Validation::ConfigSchema);
            quote! { #(#items)* }
        }
        Some(g) => g.sequenced(
            |p| {
                (
                    g.struct_in(p, &def.name),
                    g.struct_in(p, &def.name).is_some_and(|sp| sp.open).then(|| g.validation(p)),
                )
            },
            |p| body(s, g.struct_in(p, &def.name), g.validation(p)),
            &g.set(|_| false),
        ),
    };
    let cx = if s.fields.is_empty() { quote!(_cx) } else { quote!(cx) };
    quote! {
        impl Normalize for #name {
            fn normalize(&mut self, #cx: &ValidationContext) {
                #body
            }
        }
    }
}

/// Normalization of the union struct `u` as release `sp` stores it: a default is written
/// when that release's schema has one (its own value), and not otherwise. The default and
/// the normalization of the value are items of their own, so only the first is gated.
fn body(u: &StructDef, sp: Option<&StructDef>, validation: Validation) -> Vec<TokenStream> {
    let fields = u.fields.iter().flat_map(|f| {
        let fname = ident(&f.rust_name);
        let pf = sp.and_then(|sp| sp.fields.iter().find(|x| x.wire_name == f.wire_name));
        let settle = (f.repr() == Repr::Tracked).then(|| match pf.and_then(|pf| pf.default.as_ref()) {
            None => quote! { self.#fname.settle(false); },
            Some(d) if Some(d) == f.default.as_ref() => quote! { self.#fname.settle(true); },
            Some(d) => {
                // This release stores another default than the newest one.
                let value = default_fn(&Field { default: Some(d.clone()), ..f.clone() });
                quote! { self.#fname.settle_to(#value); }
            }
        });
        settle.into_iter().chain([quote! { self.#fname.normalize(cx); }])
    });
    // A zod object that is not `.strict()` accepts other keys and drops them; config-schema
    // (`unknowns: 'allow'`) stores them.
    let strip = (validation == Validation::Zod && sp.is_some_and(|sp| sp.open))
        .then(|| quote! { self.unknown_fields = UnknownFields::default(); });
    fields.chain(strip).collect()
}

pub(crate) fn enum_normalize(name: &str) -> TokenStream {
    let name = ident(name);
    quote! { impl Normalize for #name {} }
}

pub(crate) fn union_normalize(def: &TypeDef, u: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        quote! { Self::#variant(inner) => inner.normalize(cx), }
    });
    quote! {
        impl Normalize for #name {
            fn normalize(&mut self, cx: &ValidationContext) {
                match self { #(#arms)* }
            }
        }
    }
}
