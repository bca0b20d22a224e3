//! Struct, enum and union items.

use super::{docs, ident, literal, type_tokens};
use crate::ir::{Derives, EnumDef, Field, Repr, StructDef, TypeDef, TypeRef, UnionDef};
use proc_macro2::TokenStream;
use quote::quote;

/// The full field type, including `Option`/`Defaulted`.
pub(crate) fn field_type(f: &Field) -> TokenStream {
    let inner = type_tokens(&f.ty);
    match f.repr() {
        Repr::Plain => inner,
        Repr::Optional | Repr::Nullable => quote!(Option<#inner>),
        Repr::Tracked if f.tracked_option() => quote!(Defaulted<Option<#inner>>),
        Repr::Tracked => quote!(Defaulted<#inner>),
    }
}

pub(crate) fn struct_item(def: &TypeDef, s: &StructDef, derives: Derives) -> TokenStream {
    let extra = extra_derives(derives);
    let name = ident(&def.name);
    let doc = docs(&def.docs, Some(&def.origin.as_ref_string()));
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let ty = field_type(f);
        let wire = &f.wire_name;
        // Absent stays absent: only what was sent is written.
        let skip = match f.repr() {
            Repr::Optional => quote!(, skip_serializing_if = "Option::is_none"),
            // A number is written as JavaScript writes it: `587`, never `587.0`.
            Repr::Tracked if f.ty == TypeRef::Number => {
                quote!(, skip_serializing_if = "Defaulted::is_default", serialize_with = "rt::js_number")
            }
            Repr::Tracked => quote!(, skip_serializing_if = "Defaulted::is_default"),
            Repr::Plain | Repr::Nullable => quote!(),
        };
        let mut lines = f.docs.clone();
        if lines.is_empty() {
            // Every public item is documented, even when the spec says nothing.
            lines.push(format!("The `{wire}` key (no description in the spec)."));
        }
        if let Some(default) = &f.default {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.push(format!(
                "Kibana stores `{}` when the key is absent.",
                literal(default, &f.ty).to_string().replace(' ', "")
            ));
        }
        let doc = docs(&lines, None);
        quote! {
            #doc
            #[serde(rename = #wire #skip)]
            pub #fname: #ty,
        }
    });
    let unknown_doc = if s.secret {
        " Keys the spec does not declare. Kept so newer Kibana releases still parse; `Debug` shows how many, neither names nor values."
    } else {
        " Keys the spec does not declare. Kept so newer Kibana releases still parse and round-trip."
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #extra serde::Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #[doc = #unknown_doc]
            #[serde(flatten)]
            pub unknown_fields: UnknownFields,
        }
    }
}

/// How an enum orders its values.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// Declaration order (derived).
    Declared,
    /// By wire string, whatever the declaration order: the declaration order can then grow
    /// at the end without renumbering earlier variants.
    Wire,
}

pub(crate) fn enum_item(name: &str, doc_lines: &[String], origin: &str, e: &EnumDef, order: Order) -> TokenStream {
    let name = ident(name);
    let doc = docs(doc_lines, Some(origin));
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| format!(" `{w}`"));
    let (derive_ord, ord_impls) = match order {
        Order::Declared => (quote!(, PartialOrd, Ord), TokenStream::new()),
        Order::Wire => (
            TokenStream::new(),
            quote! {
                /// Ordered by wire string (`as_str`).
                impl PartialOrd for #name {
                    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                        Some(self.cmp(other))
                    }
                }

                /// Ordered by wire string (`as_str`).
                impl Ord for #name {
                    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                        self.as_str().cmp(other.as_str())
                    }
                }
            },
        ),
    };
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash #derive_ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
        }

        #ord_impls

        /// The wire string.
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// One of the wire strings (serde's message names them all otherwise).
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::enum_value(deserializer, &[ #( #wires ),* ])
            }
        }

        impl #name {
            /// Every value, in spec order.
            pub const ALL: &'static [Self] = &[ #( Self::#variants ),* ];

            /// The exact wire string.
            pub const fn as_str(self) -> &'static str {
                match self { #( Self::#variants => #wires, )* }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for #name {
            type Err = crate::runtime::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    #( #wires => Ok(Self::#variants), )*
                    _ => Err(crate::runtime::UnknownValue::new(stringify!(#name), s)),
                }
            }
        }
    }
}

pub(crate) fn union_item(def: &TypeDef, u: &UnionDef, derives: Derives) -> TokenStream {
    let extra = extra_derives(derives);
    let name = ident(&def.name);
    let doc = docs(&def.docs, Some(&def.origin.as_ref_string()));
    let tag = &u.tag;
    let expecting = format!("an object with `{tag}`");
    let variants = u.variants.iter().map(|v| {
        let (vname, ty, wire) = (ident(&v.rust_name), ident(&v.ty), &v.tag_value);
        let vdoc = format!(" `{tag}: {wire}`");
        quote! { #[doc = #vdoc] #[serde(rename = #wire)] #vname(#ty), }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #extra serde::Serialize, serde::Deserialize)]
        #[serde(tag = #tag)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        /// Read as serde reads an internally tagged enum (the tag may come after the fields).
        impl rt::Object for #name {
            const EXPECTING: &'static str = #expecting;
            fn visit<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
                serde::Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
    }
}

/// `Eq, Hash,` where every value the type holds has them (no `f64`; no JSON value for `Hash`).
pub(crate) fn extra_derives(d: Derives) -> TokenStream {
    match (d.eq, d.hash) {
        (true, true) => quote!(Eq, Hash,),
        (true, false) => quote!(Eq,),
        _ => quote!(),
    }
}
