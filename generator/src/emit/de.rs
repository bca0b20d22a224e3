//! `Deserialize` for structs: one pass over the map, no buffering. Unlike a derive it
//! applies spec defaults while remembering they were not sent, rejects `null` for
//! optional-but-not-nullable keys, keeps undeclared keys, and lets the last duplicate win
//! (as Kibana's `JSON.parse` does).

use super::{ident, literal, type_tokens};
use crate::ir::{Repr, StructDef, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn struct_deserialize(def: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let expecting = format!("a `{}` object", def.origin.last_segment().unwrap_or_else(|| def.name.clone()));
    let slots = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        quote! { let mut #fname = None; }
    });
    let arms = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        let ty = type_tokens(&f.ty);
        // Numbers and booleans go through `Coerce`, maps through `MapOrJson`: both accept
        // the string forms Kibana's schema library accepts.
        if let TypeRef::Map(inner) = &f.ty {
            let inner = type_tokens(inner);
            let wrapped = quote!(crate::runtime::MapOrJson<#inner>);
            return if f.nullable {
                quote! { #wire => #fname = Some(__map.next_value::<Option<#wrapped>>()?.map(|m| m.0)), }
            } else {
                quote! { #wire => #fname = Some(__map.next_value::<crate::runtime::NonNull<#wrapped>>()?.0.0), }
            };
        }
        match (f.nullable, coerced(&f.ty)) {
            (true, false) => quote! { #wire => #fname = Some(__map.next_value::<Option<#ty>>()?), },
            (false, false) => quote! { #wire => #fname = Some(__map.next_value::<crate::runtime::NonNull<#ty>>()?.0), },
            (true, true) => quote! {
                #wire => #fname = Some(__map.next_value::<Option<crate::runtime::Coerce<#ty>>>()?),
            },
            (false, true) => quote! {
                #wire => #fname = Some(__map.next_value::<crate::runtime::NonNull<crate::runtime::Coerce<#ty>>>()?.0),
            },
        }
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        if coerced(&f.ty) {
            return coerced_init(f);
        }
        let value = match f.repr() {
            Repr::Plain => quote!(crate::runtime::required(#fname, #wire)?),
            Repr::NullWritten if f.required => quote!(crate::runtime::required(#fname, #wire)?),
            Repr::Optional | Repr::NullWritten if f.nullable => quote!(#fname.flatten()),
            Repr::Optional | Repr::NullWritten => return quote! { #fname, },
            Repr::Defaulted => {
                let default = f.default.as_ref().map(|d| literal(d, &f.ty)).unwrap_or_default();
                let default = if f.nullable { quote!(Some(#default)) } else { default };
                quote!(crate::runtime::or_default(#fname, || #default))
            }
        };
        quote! { #fname: #value, }
    });
    // `deserialize_any` for secrets: with `deserialize_map` the deserializer itself would
    // build the type error and quote the input.
    let call = if s.secret { quote!(deserialize_any(crate::runtime::Redacting(Visitor))) } else { quote!(deserialize_map(Visitor)) };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut __map: A) -> Result<#name, A::Error> {
                        #(#slots)*
                        let mut unknown_fields = UnknownFields::default();
                        while let Some(__key) = __map.next_key::<crate::runtime::Key<'de>>()? {
                            match __key.as_str() {
                                #(#arms)*
                                _ => unknown_fields.insert(__key.into_string(), __map.next_value()?),
                            }
                        }
                        Ok(#name { #(#inits)* unknown_fields })
                    }
                }
                deserializer.#call
            }
        }
    }
}

/// Numbers and booleans are read through `Coerce`, which accepts Kibana's string forms.
fn coerced(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Integer | TypeRef::Number | TypeRef::Bool)
}

/// The field initializer for a coerced slot (`Option<Coerce<T>>`, or `Option<Option<…>>` when nullable).
fn coerced_init(f: &crate::ir::Field) -> TokenStream {
    let fname = ident(&f.rust_name);
    let wire = &f.wire_name;
    let value = match (f.repr(), f.nullable) {
        (Repr::Plain, _) => quote!(crate::runtime::required(#fname, #wire)?.value),
        (Repr::NullWritten, true) if f.required => quote!(crate::runtime::required(#fname, #wire)?.map(|c| c.value)),
        (Repr::Optional | Repr::NullWritten, true) => quote!(#fname.flatten().map(|c| c.value)),
        (Repr::Optional | Repr::NullWritten, false) => quote!(#fname.map(|c| c.value)),
        (Repr::Defaulted, false) => {
            let default = f.default.as_ref().map(|d| literal(d, &f.ty)).unwrap_or_default();
            quote!(crate::runtime::or_default_coerced(#fname, || #default))
        }
        (Repr::Defaulted, true) => {
            let default = f.default.as_ref().map(|d| literal(d, &f.ty)).unwrap_or_default();
            quote!(crate::runtime::or_default(#fname.map(|o| o.map(|c| c.value)), || Some(#default)))
        }
    };
    quote! { #fname: #value, }
}
