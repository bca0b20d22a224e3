//! `ConnectorType` and the per-type `ConnectorConfig` / `ConnectorSecrets` enums.
//!
//! These enums are never deserialized on their own: the body does not say which variant
//! it is, so parsing is always directed by a `ConnectorType` (`deserialize_for`). This is
//! what prevents first-match `untagged` parsing between look-alike connector shapes.

use super::types::enum_item;
use super::ident;
use crate::ir::{EnumDef, EnumVariant, Ir, Slot};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn dispatch(ir: &Ir) -> TokenStream {
    let def = EnumDef {
        variants: ir
            .connectors
            .iter()
            .map(|c| EnumVariant { rust_name: c.variant.clone(), wire: c.id.clone(), origin: c.origin.clone() })
            .collect(),
    };
    let docs = vec!["A connector type id (`connector_type_id`).".to_owned()];
    // The connector table: the overlay's extension, or the discriminator mapping it was derived from.
    let table = ir.connectors.first().and_then(|c| c.origin.parent()).map(|p| p.as_ref_string());
    let connector_type = enum_item("ConnectorType", &docs, table.as_deref().unwrap_or("#/x-kibana-connectors"), &def);
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
    let name = ident(name);
    let doc = super::docs(
        &[
            format!("The `{part}` of a connector request, one variant per connector type id."),
            String::new(),
            format!("Serializes as the inner object. Deserialize with `{name}::deserialize_for`: the variant is chosen by the connector type, never guessed from the shape."),
        ],
        None,
    );
    let mut variants = Vec::new();
    let mut type_arms = Vec::new();
    let mut de_arms = Vec::new();
    for c in &ir.connectors {
        let variant = ident(&c.variant);
        let ty = match slot(c) {
            Slot::Type(t) => {
                let t = ident(t);
                quote!(#t)
            }
            Slot::Empty { .. } => quote!(EmptyObject),
        };
        let vdoc = match (slot(c), &c.title) {
            (Slot::Empty { open: false }, _) => format!(" `{}`: has no {part}; only an empty object is accepted.", c.id),
            (Slot::Empty { open: true }, _) => format!(" `{}`: has no {part} schema; Kibana does not check its keys.", c.id),
            (Slot::Type(_), Some(title)) => format!(" `{}`: {title}.", c.id),
            (Slot::Type(_), None) => format!(" `{}`.", c.id),
        };
        variants.push(quote! { #[doc = #vdoc] #variant(#ty), });
        type_arms.push(quote! { Self::#variant(_) => ConnectorType::#variant, });
        de_arms.push(quote! { ConnectorType::#variant => Self::#variant(serde::Deserialize::deserialize(deserializer)?), });
    }
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)] // held inline: parsing allocates no box per request
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The connector type this value belongs to.
            pub const fn connector_type(&self) -> ConnectorType {
                match self { #(#type_arms)* }
            }

            /// Deserializes the shape that `connector_type` prescribes.
            pub fn deserialize_for<'de, D: serde::Deserializer<'de>>(connector_type: ConnectorType, deserializer: D) -> Result<Self, D::Error> {
                Ok(match connector_type { #(#de_arms)* })
            }
        }
    }
}
