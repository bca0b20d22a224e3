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
    let taken: std::collections::BTreeSet<&str> =
        s.fields.iter().map(|f| f.rust_name.trim_start_matches("r#")).collect();
    let setters = s.fields.iter().map(|f| setters(f, &taken));
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
    let from_value = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        quote! { #fname: Some(value.#fname), }
    });
    let builder_doc = format!(
        " The builder of [`{type_name}`]: one setter per key (`maybe_` setters take an `Option`), then [`build`]({builder}::build)."
    );
    let build_doc = if required.is_empty() {
        " The value, with every key not set absent (its default applies). Never fails for this type.".to_owned()
    } else {
        format!(
            " The value, or an error naming every required key not set ({}).",
            required.iter().map(|f| format!("`{}`", f.wire_name)).collect::<Vec<_>>().join(", ")
        )
    };
    let effective = effective_verification_mode(s);
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

            /// A builder holding this value's keys (sent or defaulted, as they are), to
            /// change some and build again.
            pub fn to_builder(&self) -> #builder {
                self.clone().into()
            }

            #effective

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
            unknown_fields: UnknownFields,
        }
        impl From<#name> for #builder {
            fn from(value: #name) -> Self {
                Self { #(#from_value)* unknown_fields: value.unknown_fields }
            }
        }
        impl #builder {
            #(#setters)*
            #[doc = #build_doc]
            pub fn build(self) -> Result<#name, BuildError> {
                #bind
                Ok(#name { #(#inits)* unknown_fields: self.unknown_fields })
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

/// A key's setters: by value (maps and lists from any iterator), `maybe_` from an
/// `Option` (`None` leaves the key unset), and `_null` for a nullable key.
/// An extra setter whose name is another key's setter (`x_null` beside a key `x_null`) is
/// left out.
fn setters(f: &Field, taken: &std::collections::BTreeSet<&str>) -> TokenStream {
    let fname = ident(&f.rust_name);
    let bare = f.rust_name.trim_start_matches("r#");
    let maybe_name = format!("maybe_{}", bare.trim_start_matches('_'));
    let null_name = format!("{bare}_null");
    let (param, wrap) = setter(f);
    let wire = &f.wire_name;
    let (generics, arg, convert, how) = match &f.ty {
        TypeRef::Map(inner) => {
            let v = type_tokens(inner);
            (
                quote!(<K: Into<String>, V: Into<#v>>),
                quote!(impl IntoIterator<Item = (K, V)>),
                quote!(let value: std::collections::BTreeMap<String, #v> = value.into_iter().map(|(k, v)| (k.into(), v.into())).collect();),
                " from pairs (an array of tuples, a `BTreeMap`, a `HashMap`)",
            )
        }
        TypeRef::List(inner) => {
            let v = type_tokens(inner);
            (
                quote!(<V: Into<#v>>),
                quote!(impl IntoIterator<Item = V>),
                quote!(let value: Vec<#v> = value.into_iter().map(Into::into).collect();),
                " from any iterator of items",
            )
        }
        _ => (quote!(), quote!(impl Into<#param>), quote!(let value: #param = value.into();), ""),
    };
    let mapped = maybe_value(f);
    let maybe_doc = format!(" Sets `{wire}` when `Some`; `None` leaves it unset (absent from the body).");
    let maybe = (!taken.contains(maybe_name.as_str())).then(|| {
        let maybe = ident(&maybe_name);
        quote! {
            #[doc = #maybe_doc]
            pub fn #maybe(mut self, value: Option<#param>) -> Self {
                self.#fname = #mapped;
                self
            }
        }
    });
    let doc = format!(" Sets `{wire}`{how}.");
    let null = (f.nullable && !taken.contains(null_name.as_str())).then(|| {
        let null = ident(&null_name);
        let doc = format!(" Sends `{wire}` as an explicit `null`.");
        let value = match f.repr() {
            Repr::Tracked => quote!(Defaulted::sent(None)),
            _ => quote!(None),
        };
        quote! {
            #[doc = #doc]
            pub fn #null(mut self) -> Self {
                self.#fname = Some(#value);
                self
            }
        }
    });
    quote! {
        #[doc = #doc]
        pub fn #fname #generics(mut self, value: #arg) -> Self {
            #convert
            self.#fname = Some(#wrap);
            self
        }
        #maybe
        #null
    }
}

/// `value: Option<T>` turned into the builder's slot (written point-free, as clippy wants).
fn maybe_value(f: &Field) -> TokenStream {
    let boxed = matches!(f.ty, TypeRef::Boxed(_));
    match (f.repr(), boxed) {
        (Repr::Plain, false) => quote!(value),
        (Repr::Plain, true) => quote!(value.map(Box::new)),
        (Repr::Optional | Repr::Nullable, false) => quote!(value.map(Some)),
        (Repr::Optional | Repr::Nullable, true) => quote!(value.map(|v| Some(Box::new(v)))),
        (Repr::Tracked, _) => {
            let inner = if boxed { quote!(Box::new(v)) } else { quote!(v) };
            if f.tracked_option() {
                quote!(value.map(|v| Defaulted::sent(Some(#inner))))
            } else if boxed {
                quote!(value.map(|v| Defaulted::sent(#inner)))
            } else {
                quote!(value.map(Defaulted::sent))
            }
        }
    }
}

/// The setter's parameter type (the value type, unboxed) and the expression that turns
/// `value` (of that type) into the field's type.
fn setter(f: &Field) -> (TokenStream, TokenStream) {
    let (param, boxed) = match &f.ty {
        TypeRef::Boxed(inner) => (type_tokens(inner), quote!(Box::new(value))),
        ty => (type_tokens(ty), quote!(value)),
    };
    let wrap = match f.repr() {
        Repr::Plain => boxed,
        Repr::Optional | Repr::Nullable => quote!(Some(#boxed)),
        Repr::Tracked if f.tracked_option() => quote!(Defaulted::sent(Some(#boxed))),
        Repr::Tracked => quote!(Defaulted::sent(#boxed)),
    };
    (param, wrap)
}

/// `effective_verification_mode`: Kibana reads a connector's optional `verificationMode` and
/// falls back to kibana.yml's `xpack.actions.ssl.verificationMode` when it is absent.
fn effective_verification_mode(s: &StructDef) -> Option<TokenStream> {
    let f = s.fields.iter().find(|f| {
        f.wire_name == "verificationMode" && f.repr() == Repr::Optional && matches!(f.ty, TypeRef::Named(_))
    })?;
    let fname = ident(&f.rust_name);
    Some(quote! {
        /// The TLS verification Kibana applies: `verificationMode` when set, otherwise
        /// kibana.yml's `xpack.actions.ssl.verificationMode` (see
        /// [`ValidationContext::ssl_verification_mode`]; Kibana's default is `full`).
        pub fn effective_verification_mode(&self, cx: &ValidationContext) -> v::SslVerificationMode {
            v::effective_verification_mode(self.#fname.map(|m| m.as_str()), cx)
        }
    })
}
