//! `ConnectorType` and the per-type `ConnectorConfig` / `ConnectorSecrets` enums.
//!
//! These enums are never deserialized on their own: the body does not say which variant
//! it is, so parsing is always directed by a `ConnectorType` (`deserialize_for`). This is
//! what prevents first-match `untagged` parsing between look-alike connector shapes.

use super::gates::Gates;
use super::ident;
use super::types::enum_item;
use crate::ir::{EnumDef, EnumVariant, Ir, Slot};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn dispatch(ir: &Ir, gates: Option<&Gates<'_>>) -> TokenStream {
    // Declared in the order releases introduced them (then by id), so a new type is added
    // at the end and never renumbers the others; ordered by id all the same.
    let first = |id: &str| gates.and_then(|g| (0..g.len()).find(|&p| g.connector_in(p, id).is_some()));
    let mut connectors: Vec<_> = ir.connectors.iter().collect();
    connectors.sort_by_key(|c| (first(&c.id), c.id.clone()));
    let def = EnumDef {
        variants: connectors
            .iter()
            .map(|c| EnumVariant { rust_name: c.variant.clone(), wire: c.id.clone(), origin: c.origin.clone() })
            .collect(),
    };
    let docs = vec![
        "A connector type id (`connector_type_id`).".to_owned(),
        String::new(),
        "Variants are declared in the order Kibana releases introduced them, so a new type never \
         renumbers the others; values compare by id (`.bedrock` < `.cases-webhook`)."
            .to_owned(),
    ];
    // The connector table: the overlay's extension, or the discriminator mapping it was derived from.
    let table = ir.connectors.first().and_then(|c| c.origin.parent()).map(|p| p.as_ref_string());
    let connector_type = enum_item(
        "ConnectorType",
        &docs,
        table.as_deref().unwrap_or("#/x-kibana-connectors"),
        &def,
        super::types::Order::Wire,
    );
    let config = per_type(ir, "ConnectorConfig", "config", |c| &c.config);
    let secrets = per_type(ir, "ConnectorSecrets", "secrets", |c| &c.secrets);
    quote! {
        #[allow(unused_imports)]
        use super::*;
        #connector_type
        #config
        #secrets
    }
}

fn per_type(ir: &Ir, name: &str, part: &str, slot: impl Fn(&crate::ir::Connector) -> &Slot) -> TokenStream {
    let secret = part == "secrets";
    let name = ident(name);
    let doc = super::docs(
        &[
            format!("The `{part}` of a connector request, one variant per connector type id."),
            String::new(),
            format!(
                "Serializes as the inner object. Deserialize with `{name}::deserialize_for`: the variant is chosen by the connector type, never guessed from the shape. Build one from a connector's own type with `From` (`{name}::from(WebhookConfig::builder()…build()?)`)."
            ),
        ],
        None,
    );
    let mut variants = Vec::new();
    let mut type_arms = Vec::new();
    let mut de_arms = Vec::new();
    let mut expecting_arms = Vec::new();
    let mut normalize_arms = Vec::new();
    let mut empty_arms = Vec::new();
    let mut froms = Vec::new();
    let mut accessors = Vec::new();
    for c in &ir.connectors {
        let variant = ident(&c.variant);
        // Every slot has a type of its own by now (`dedicate`).
        let Slot::Type(t) = slot(c) else { continue };
        let ty = ident(t);
        let vdoc = match &c.title {
            Some(title) => format!(" `{}`: {title}.", c.id),
            None => format!(" `{}`.", c.id),
        };
        variants.push(quote! { #[doc = #vdoc] #variant(#ty), });
        type_arms.push(quote! { Self::#variant(_) => ConnectorType::#variant, });
        de_arms.push(quote! { ConnectorType::#variant => Self::#variant(rt::Object::visit(map)?), });
        expecting_arms.push(quote! { ConnectorType::#variant => <#ty as rt::Object>::EXPECTING, });
        normalize_arms.push(quote! { Self::#variant(inner) => inner.normalize(cx), });
        empty_arms.push(match ir.types.get(t) {
            Some(crate::ir::TypeDef { kind: crate::ir::TypeKind::Union(u), .. }) => {
                let (type_name, tag) = (t.as_str(), u.tag.as_str());
                quote! { ConnectorType::#variant => Err(BuildError::new(#type_name, vec![#tag])), }
            }
            _ => quote! { ConnectorType::#variant => #ty::builder().build().map(Self::#variant), },
        });
        // `as_webhook()` / `as_webhook_mut()`: one connector's own type without a `match`.
        let snake = crate::names::module_name(&c.id).unwrap_or_else(|_| c.variant.to_lowercase());
        let (get, get_mut) = (quote::format_ident!("as_{snake}"), quote::format_ident!("as_{snake}_mut"));
        let get_doc = format!(" The `{}` {part}, if this is one.", c.id);
        accessors.push(quote! {
            #[doc = #get_doc]
            pub fn #get(&self) -> Option<&#ty> {
                match self {
                    Self::#variant(inner) => Some(inner),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }

            #[doc = #get_doc]
            pub fn #get_mut(&mut self) -> Option<&mut #ty> {
                match self {
                    Self::#variant(inner) => Some(inner),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        });
        let from_doc = format!(" A `{}` {part}.", c.id);
        froms.push(quote! {
            #[doc = #from_doc]
            impl From<#ty> for #name {
                fn from(value: #ty) -> Self {
                    Self::#variant(value)
                }
            }
        });
        // A union's variant structs convert straight into the connector's variant too.
        if let Some(crate::ir::TypeDef { kind: crate::ir::TypeKind::Union(u), .. }) = ir.types.get(t) {
            for uv in &u.variants {
                let (inner, uvariant) = (ident(&uv.ty), ident(&uv.rust_name));
                let doc = format!(" A `{}` {part} with `{}: {}`.", c.id, u.tag, uv.tag_value);
                froms.push(quote! {
                    #[doc = #doc]
                    impl From<#inner> for #name {
                        fn from(value: #inner) -> Self {
                            Self::#variant(#ty::#uvariant(value))
                        }
                    }
                });
            }
        }
    }
    let derives = ir
        .connectors
        .iter()
        .filter_map(|c| match slot(c) {
            Slot::Type(t) => Some(ir.derives(t)),
            Slot::Empty { .. } => None,
        })
        .fold(crate::ir::Derives::ALL, crate::ir::Derives::and);
    let extra = super::types::extra_derives(derives);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #extra serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)] // held inline: parsing allocates no box per request
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The connector type this value belongs to.
            pub const fn connector_type(&self) -> ConnectorType {
                match self { #(#type_arms)* }
            }

            /// The value of an empty object (`{}`, every key absent), as Kibana validates a
            /// request without it; an error names the required keys.
            pub fn empty_for(connector_type: ConnectorType) -> Result<Self, BuildError> {
                match connector_type { #(#empty_arms)* }
            }

            /// Deserializes the shape that `connector_type` prescribes.
            pub fn deserialize_for<'de, D: serde::Deserializer<'de>>(connector_type: ConnectorType, deserializer: D) -> Result<Self, D::Error> {
                rt::directed(connector_type, deserializer)
            }

            #(#accessors)*
        }

        impl rt::Directed<ConnectorType> for #name {
            const SECRET: bool = #secret;
            fn expecting(connector_type: ConnectorType) -> &'static str {
                match connector_type { #(#expecting_arms)* }
            }
            fn visit_for<'de, A: serde::de::MapAccess<'de>>(connector_type: ConnectorType, map: A) -> Result<Self, A::Error> {
                Ok(match connector_type { #(#de_arms)* })
            }
        }

        impl Normalize for #name {
            fn normalize(&mut self, cx: &ValidationContext) {
                match self { #(#normalize_arms)* }
            }
        }

        #(#froms)*
    }
}
