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
    // Each slot is typed where it is declared, so that every arm is one short call.
    let slots = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let read = read_type(f);
        let slot = if f.nullable || (f.repr() == Repr::Tracked && f.tracked_option()) {
            quote!(Option<Option<#read>>)
        } else {
            quote!(Option<#read>)
        };
        quote! { let mut #fname: #slot = None; }
    });
    let arms = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        // A number reads `null` too: Kibana 9.3+ takes it as 0 (`Number(null)`), earlier
        // releases refuse it when validating.
        let value = if f.ty == TypeRef::Number && f.repr() == Repr::Tracked {
            quote!(rt::number(&mut __map, &__key)?)
        } else {
            quote!(rt::value(&mut __map, &__key)?)
        };
        let read = match (f.nullable, f.repr() == Repr::Tracked && f.tracked_option()) {
            (true, _) => quote!(rt::nullable(&mut __map, &__key)?),
            // Absent-or-value, never `null`: a sent value is `Some`.
            (false, true) => quote!(Some(#value)),
            (false, false) => value,
        };
        quote! { #wire => #fname = Some(#read), }
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        let value = match f.repr() {
            Repr::Plain | Repr::Nullable => quote!(rt::required(#fname, #wire)?),
            Repr::Optional => return quote! { #fname, },
            Repr::Tracked if f.required => quote!(rt::Tracked::into_tracked(rt::required(#fname, #wire)?)),
            Repr::Tracked => {
                let default = default_fn(f);
                if f.ty.is_coerced() {
                    quote!(rt::or_default_tracked(#fname, #default))
                } else {
                    quote!(rt::or_default(#fname, #default))
                }
            }
        };
        quote! { #fname: #value, }
    });
    let unknown = quote!(rt::unknown(&mut __map, &mut unknown_fields, __key)?);
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
    let entry = if s.secret { quote!(secret_object) } else { quote!(object) };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::#entry(deserializer)
            }
        }

        impl rt::Object for #name {
            const EXPECTING: &'static str = #expecting;
            fn visit<'de, A: serde::de::MapAccess<'de>>(mut __map: A) -> Result<Self, A::Error> {
                #(#slots)*
                let mut unknown_fields = UnknownFields::default();
                while let Some(__key) = __map.next_key::<rt::Key<'de>>()? {
                    #dispatch
                }
                Ok(Self { #(#inits)* unknown_fields })
            }
        }
    }
}

/// The type a key's value is read as (`null` is handled by `rt::value`, which rejects it
/// as Kibana's `schema.maybe` does, and `rt::nullable`): numbers and booleans go through
/// `Coerce` and maps through `MapOrJson`, lists and nested objects through `JsonText`,
/// which accept Kibana's string forms and remember them.
fn read_type(f: &Field) -> TokenStream {
    match &f.ty {
        TypeRef::Map(v) => {
            let v = type_tokens(v);
            quote!(rt::MapOrJson<#v>)
        }
        ty @ (TypeRef::List(_) | TypeRef::Boxed(_)) => {
            let ty = type_tokens(ty);
            quote!(rt::JsonText<#ty>)
        }
        ty if ty.is_coerced() => {
            let ty = type_tokens(ty);
            quote!(rt::Coerce<#ty>)
        }
        ty => type_tokens(ty),
    }
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
