//! Every connector type gets config and secrets types of its own, so the conversions
//! `From<XConfig> for ConnectorConfig` are unambiguous: a slot without a schema becomes an
//! empty struct, and a type that an earlier connector already uses is copied under the
//! connector's name (`ServiceNowSirConfig`). Lowering checked that these names are free.

use crate::ir::{Ir, Part, Slot, StructDef, TypeDef, TypeKind};
use crate::names;

pub(crate) fn dedicate(ir: &Ir) -> Ir {
    let mut out = ir.clone();
    for own in ir.own_slots() {
        let Some(c) = out.connectors.get_mut(own.connector) else { continue };
        let module = names::module_name(&c.id).unwrap_or_else(|_| crate::lower::SHARED_MODULE.to_owned());
        let def = match &own.copy_of {
            Some(shared) => {
                let Some(original) = ir.types.get(shared) else { continue };
                let mut docs = original.docs.clone();
                if !docs.is_empty() {
                    docs.push(String::new());
                }
                docs.push(format!(
                    "The `{}` of `{}`: the same shape as [`{shared}`], as a type of its own.",
                    own.part.key(),
                    c.id
                ));
                TypeDef { name: own.name.clone(), module, docs, ..original.clone() }
            }
            None => {
                let open = matches!(part_slot(c, own.part), Slot::Empty { open: true });
                let doc = if open {
                    format!(
                        "The `{}` of `{}`, which has no schema: Kibana keeps its keys unchecked.",
                        own.part.key(),
                        c.id
                    )
                } else {
                    format!("The `{}` of `{}`, which has none: only an empty object is accepted.", own.part.key(), c.id)
                };
                TypeDef {
                    name: own.name.clone(),
                    origin: c.origin.push(own.part.key()),
                    docs: vec![doc],
                    module,
                    kind: TypeKind::Struct(StructDef {
                        fields: Vec::new(),
                        secret: own.part == Part::Secrets,
                        rules: Vec::new(),
                        open,
                    }),
                }
            }
        };
        *part_slot_mut(c, own.part) = Slot::Type(own.name.clone());
        out.types.insert(own.name.clone(), def);
    }
    out
}

fn part_slot(c: &crate::ir::Connector, part: Part) -> &Slot {
    match part {
        Part::Config => &c.config,
        Part::Secrets => &c.secrets,
    }
}

fn part_slot_mut(c: &mut crate::ir::Connector, part: Part) -> &mut Slot {
    match part {
        Part::Config => &mut c.config,
        Part::Secrets => &mut c.secrets,
    }
}
