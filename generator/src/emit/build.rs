//! Construction: `Default` where no field is required, and a builder for every struct
//! (`WebhookConfig::builder().url("…").build()`), whose `build()` names each missing
//! required key by its wire name.

use super::de::absent_value;
use super::{ident, type_tokens};
use crate::ir::{Field, Repr, StructDef, TypeDef, TypeRef};
use crate::names::BUILDER_SUFFIX;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn struct_construction(def: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let builder = ident(&format!("{}{BUILDER_SUFFIX}", def.name));
    let type_name = &def.name;
    let default = default_impl(def, s);
    let slots = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let ty = super::types::field_type(f);
        quote! { #fname: Option<#ty>, }
    });
    let setters = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let (param, wrap) = setter(f);
        let doc = format!(" Sets `{}`.", f.wire_name);
        quote! {
            #[doc = #doc]
            pub fn #fname(mut self, value: impl Into<#param>) -> Self {
                self.#fname = Some(#wrap);
                self
            }
        }
    });
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let checks = required.iter().map(|f| {
        let (fname, wire) = (ident(&f.rust_name), &f.wire_name);
        quote! { if self.#fname.is_none() { missing.push(#wire); } }
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        match f.repr() {
            _ if f.required => quote! { #fname, },
            Repr::Tracked => {
                let absent = absent(f);
                quote! { #fname: self.#fname.unwrap_or_else(|| #absent), }
            }
            // Absent is `None`.
            Repr::Plain | Repr::Optional | Repr::Nullable => quote! { #fname: self.#fname.flatten(), },
        }
    });
    let bind = if required.is_empty() {
        quote!()
    } else {
        let names: Vec<_> = required.iter().map(|f| ident(&f.rust_name)).collect();
        quote! {
            let mut missing = Vec::new();
            #(#checks)*
            let (#(Some(#names),)*) = (#(self.#names,)*) else {
                return Err(BuildError::new(#type_name, missing));
            };
        }
    };
    let builder_doc = format!(" Builds a [`{type_name}`]: one setter per key, then [`build`]({}::build).", builder);
    let build_doc = if required.is_empty() {
        " The value, with every key not set absent (its default applies). Never fails for this type.".to_owned()
    } else {
        format!(
            " The value, or an error naming every required key not set ({}).",
            required.iter().map(|f| format!("`{}`", f.wire_name)).collect::<Vec<_>>().join(", ")
        )
    };
    // A required key is always there; otherwise every key must be absent.
    let empty = if s.fields.iter().any(|f| matches!(f.repr(), Repr::Plain | Repr::Nullable)) {
        quote!(false)
    } else {
        let absent = s.fields.iter().map(|f| {
            let fname = ident(&f.rust_name);
            match f.repr() {
                Repr::Tracked => quote!(!self.#fname.was_sent()),
                _ => quote!(self.#fname.is_none()),
            }
        });
        quote!(#(#absent &&)* self.unknown_fields.is_empty())
    };
    quote! {
        #default
        impl #name {
            /// A builder with no key set.
            pub fn builder() -> #builder {
                #builder::default()
            }

            /// Whether the object has no key at all, `null` ones included (lodash `isEmpty`
            /// on the raw request, which some of Kibana's connector checks use).
            pub fn is_empty(&self) -> bool {
                #empty
            }
        }
        #[doc = #builder_doc]
        #[derive(Clone, Debug, Default)]
        #[must_use]
        pub struct #builder {
            #(#slots)*
        }
        impl #builder {
            #(#setters)*
            #[doc = #build_doc]
            pub fn build(self) -> Result<#name, BuildError> {
                #bind
                Ok(#name { #(#inits)* unknown_fields: UnknownFields::default() })
            }
        }
    }
}

/// `Default` for structs without required keys: every key absent.
fn default_impl(def: &TypeDef, s: &StructDef) -> TokenStream {
    if s.fields.iter().any(|f| f.required) {
        return quote!();
    }
    let name = ident(&def.name);
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let absent = absent(f);
        quote! { #fname: #absent, }
    });
    quote! {
        /// Every key absent: Kibana applies its defaults.
        impl Default for #name {
            fn default() -> Self {
                Self { #(#inits)* unknown_fields: UnknownFields::default() }
            }
        }
    }
}

/// The field's value when its key is absent (never called for required keys).
fn absent(f: &Field) -> TokenStream {
    match f.repr() {
        Repr::Tracked => {
            let v = absent_value(f);
            quote!(Defaulted::from_default(#v))
        }
        Repr::Plain | Repr::Optional | Repr::Nullable => quote!(None),
    }
}

/// The setter's parameter type (the value type, unboxed) and the expression that turns
/// `value` into the field's type.
fn setter(f: &Field) -> (TokenStream, TokenStream) {
    let (param, boxed) = match &f.ty {
        TypeRef::Boxed(inner) => (type_tokens(inner), quote!(Box::new(value.into()))),
        ty => (type_tokens(ty), quote!(value.into())),
    };
    let wrap = match f.repr() {
        Repr::Plain => boxed,
        Repr::Optional | Repr::Nullable => quote!(Some(#boxed)),
        Repr::Tracked if f.tracked_option() => quote!(Defaulted::sent(Some(#boxed))),
        Repr::Tracked => quote!(Defaulted::sent(#boxed)),
    };
    (param, wrap)
}
