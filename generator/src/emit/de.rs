//! `Deserialize` for structs: one pass over the map, no buffering. Unlike a derive it
//! applies spec defaults while remembering they were not sent, rejects `null` for
//! optional-but-not-nullable keys, keeps undeclared keys, and lets the last duplicate win
//! (as Kibana's `JSON.parse` does).

use super::{ident, literal, type_tokens};
use crate::ir::{Field, Literal, Repr, StructDef, TypeDef, TypeRef};
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
        let read = read_type(f);
        let mut value = if f.nullable { quote!(__map.next_value::<#read>()?) } else { quote!(__map.next_value::<#read>()?.0) };
        if f.repr() == Repr::Tracked && f.tracked_option() && !f.nullable {
            // Absent-or-value, never `null`: a sent value is `Some`.
            value = quote!(Some(#value));
        }
        quote! { #wire => #fname = Some(#value), }
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        let value = match f.repr() {
            Repr::Plain | Repr::Nullable => quote!(crate::runtime::required(#fname, #wire)?),
            Repr::Optional => return quote! { #fname, },
            Repr::Tracked if f.required => quote!(crate::runtime::Tracked::into_tracked(crate::runtime::required(#fname, #wire)?)),
            Repr::Tracked => {
                let default = default_fn(f);
                if f.ty.is_coerced() {
                    quote!(crate::runtime::or_default_tracked(#fname, #default))
                } else {
                    quote!(crate::runtime::or_default(#fname, #default))
                }
            }
        };
        quote! { #fname: #value, }
    });
    let unknown = quote!(unknown_fields.insert(__key.into_string(), __map.next_value()?));
    let dispatch = if s.fields.is_empty() {
        quote!(#unknown;)
    } else {
        quote! {
            match __key.as_str() {
                #(#arms)*
                _ => #unknown,
            }
        }
    };
    // `deserialize_any` for secrets: with `deserialize_map` the deserializer itself would
    // build the type error and quote the input.
    let call = if s.secret { quote!(deserialize_any(crate::runtime::Redacting(__Visitor))) } else { quote!(deserialize_map(__Visitor)) };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct __Visitor;
                impl<'de> serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut __map: A) -> Result<#name, A::Error> {
                        #(#slots)*
                        let mut unknown_fields = UnknownFields::default();
                        while let Some(__key) = __map.next_key::<crate::runtime::Key<'de>>()? {
                            #dispatch
                        }
                        Ok(#name { #(#inits)* unknown_fields })
                    }
                }
                deserializer.#call
            }
        }
    }
}

/// The type a key's value is read as: `null` is accepted only where the field is
/// nullable (`Option`), rejected otherwise (`NotNull`, Kibana's `schema.maybe`); numbers
/// and booleans go through `Coerce` and maps through `MapOrJson`, which accept Kibana's
/// string forms and remember them.
fn read_type(f: &Field) -> TokenStream {
    let inner = match &f.ty {
        TypeRef::Map(v) => {
            let v = type_tokens(v);
            quote!(crate::runtime::MapOrJson<#v>)
        }
        ty @ (TypeRef::List(_) | TypeRef::Boxed(_)) => {
            let ty = type_tokens(ty);
            quote!(crate::runtime::JsonText<#ty>)
        }
        ty if ty.is_coerced() => {
            let ty = type_tokens(ty);
            quote!(crate::runtime::Coerce<#ty>)
        }
        ty => type_tokens(ty),
    };
    if f.nullable { quote!(Option<#inner>) } else { quote!(crate::runtime::NotNull<#inner>) }
}

/// A function giving [`absent_value`]: a constructor's path where that is all it is (no
/// closure around a bare call), a closure otherwise.
pub(crate) fn default_fn(f: &Field) -> TokenStream {
    match (&f.default, f.tracked_option()) {
        (Some(Literal::EmptyMap), false) => quote!(std::collections::BTreeMap::new),
        (Some(Literal::EmptyList), false) => quote!(Vec::new),
        _ => {
            let value = absent_value(f);
            quote!(|| #value)
        }
    }
}

/// The value a `Tracked` field holds when its key is absent: the stored default, or `None`.
pub(crate) fn absent_value(f: &Field) -> TokenStream {
    match &f.default {
        Some(Literal::Null) | None => quote!(None),
        Some(d) if f.tracked_option() => {
            let d = literal(d, &f.ty);
            quote!(Some(#d))
        }
        Some(d) => literal(d, &f.ty),
    }
}

