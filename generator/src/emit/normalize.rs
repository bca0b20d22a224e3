//! `Normalize`: a value as Kibana stores it. Coerced strings become their values, and an
//! absent key takes the default Kibana writes for it (keys whose schema has no default,
//! such as those inside `schema.maybe`, stay absent).

use super::ident;
use crate::ir::{Repr, StructDef, TypeDef, UnionDef};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn struct_normalize(def: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let settle = (f.repr() == Repr::Tracked).then(|| {
            let stored = f.default_stored();
            quote! { self.#fname.settle(#stored); }
        });
        quote! { #settle self.#fname.normalize(cx); }
    });
    let cx = if s.fields.is_empty() { quote!(_cx) } else { quote!(cx) };
    quote! {
        impl crate::runtime::Normalize for #name {
            fn normalize(&mut self, #cx: &ValidationContext) {
                #(#fields)*
            }
        }
    }
}

pub(crate) fn enum_normalize(name: &str) -> TokenStream {
    let name = ident(name);
    quote! { impl crate::runtime::Normalize for #name {} }
}

pub(crate) fn union_normalize(def: &TypeDef, u: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        quote! { Self::#variant(inner) => inner.normalize(cx), }
    });
    quote! {
        impl crate::runtime::Normalize for #name {
            fn normalize(&mut self, cx: &ValidationContext) {
                match self { #(#arms)* }
            }
        }
    }
}
