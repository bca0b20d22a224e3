//! Are two IRs the same model? Everything that shapes the generated types and validators
//! is compared (types, fields, wire names, required/nullable, defaults, enum values,
//! constraints, rules, the connector table); docs text and origins are not, so a spec and
//! a differently documented (or laid out) copy of it compare equal.

use crate::ir::{Connector, Field, Ir, Rule, TypeDef, TypeKind};
use crate::pointer::JsonPointer;
use std::collections::BTreeSet;
use std::fmt::Debug;

/// Each difference, as `<JSON pointer in the left spec>: <what>: <left> ≠ <right>`; empty
/// when the two IRs describe the same model.
pub fn ir_differences(left: &Ir, right: &Ir) -> Vec<String> {
    let mut out = Vec::new();
    if left.validation != right.validation {
        out.push(format!("/{}: {:?} vs {:?}", crate::ir::VALIDATION, left.validation, right.validation));
    }
    let ids: BTreeSet<&str> = left.connectors.iter().chain(&right.connectors).map(|c| c.id.as_str()).collect();
    for id in ids {
        let find = |ir: &'_ Ir| ir.connectors.iter().find(|c| c.id == id).cloned();
        match (find(left), find(right)) {
            (Some(l), Some(r)) => connector(&l, &r, &mut out),
            (Some(only), None) => out.push(format!("{}: connector type `{id}` only on the left", only.origin)),
            (None, Some(only)) => out.push(format!("{}: connector type `{id}` only on the right", only.origin)),
            (None, None) => {}
        }
    }
    let names: BTreeSet<&String> = left.types.keys().chain(right.types.keys()).collect();
    for name in names {
        match (left.types.get(name), right.types.get(name)) {
            (Some(l), Some(r)) => type_def(l, r, &mut out),
            (Some(only), None) => out.push(format!("{}: type `{name}` only on the left", only.origin)),
            (None, Some(only)) => out.push(format!("{}: type `{name}` only on the right", only.origin)),
            (None, None) => {}
        }
    }
    out
}

fn differ<T: PartialEq + Debug>(at: &JsonPointer, what: &str, l: &T, r: &T, out: &mut Vec<String>) {
    if l != r {
        out.push(format!("{at}: {what}: {l:?} ≠ {r:?}"));
    }
}

fn connector(l: &Connector, r: &Connector, out: &mut Vec<String>) {
    let at = &l.origin;
    differ(at, "variant", &l.variant, &r.variant, out);
    differ(at, "title", &l.title, &r.title, out);
    differ(at, "config", &l.config, &r.config, out);
    differ(at, "secrets", &l.secrets, &r.secrets, out);
    rules(&at.push("rules"), &l.rules, &r.rules, out);
}

fn type_def(l: &TypeDef, r: &TypeDef, out: &mut Vec<String>) {
    let at = &l.origin;
    differ(at, "module", &l.module, &r.module, out);
    match (&l.kind, &r.kind) {
        (TypeKind::Struct(ls), TypeKind::Struct(rs)) => {
            differ(at, "secret", &ls.secret, &rs.secret, out);
            let wires: BTreeSet<&String> = ls.fields.iter().chain(&rs.fields).map(|f| &f.wire_name).collect();
            for wire in wires {
                let find = |fs: &'_ [Field]| fs.iter().find(|f| f.wire_name == *wire).cloned();
                match (find(&ls.fields), find(&rs.fields)) {
                    (Some(lf), Some(rf)) => field(&lf, &rf, out),
                    (Some(only), None) => out.push(format!("{}: field `{wire}` only on the left", only.origin)),
                    (None, Some(only)) => out.push(format!("{}: field `{wire}` only on the right", only.origin)),
                    (None, None) => {}
                }
            }
            rules(&at.push("x-kibana-rules"), &ls.rules, &rs.rules, out);
        }
        (TypeKind::Enum(le), TypeKind::Enum(re)) => {
            let values = |e: &crate::ir::EnumDef| {
                e.variants.iter().map(|v| (v.rust_name.clone(), v.wire.clone())).collect::<Vec<_>>()
            };
            differ(&at.push("enum"), "values", &values(le), &values(re), out);
        }
        (TypeKind::Union(lu), TypeKind::Union(ru)) => {
            differ(at, "tag", &lu.tag, &ru.tag, out);
            differ(at, "variants", &lu.variants, &ru.variants, out);
        }
        (lk, rk) => out.push(format!("{at}: kind: {} ≠ {}", kind(lk), kind(rk))),
    }
}

fn kind(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
    }
}

fn field(l: &Field, r: &Field, out: &mut Vec<String>) {
    let at = &l.origin;
    differ(at, "Rust name", &l.rust_name, &r.rust_name, out);
    differ(at, "type", &l.ty, &r.ty, out);
    differ(at, "required", &l.required, &r.required, out);
    differ(at, "nullable", &l.nullable, &r.nullable, out);
    differ(at, "default", &l.default, &r.default, out);
    differ(at, "constraints", &l.constraints, &r.constraints, out);
}

/// Rules compare without the docs and origins of the fields they name.
fn rules(at: &JsonPointer, l: &[Rule], r: &[Rule], out: &mut Vec<String>) {
    let strip = |rules: &[Rule]| -> Vec<Rule> { rules.iter().cloned().map(strip_rule).collect() };
    let (l, r) = (strip(l), strip(r));
    let len = l.len().max(r.len());
    for i in 0..len {
        differ(&at.push(i), "rule", &l.get(i), &r.get(i), out);
    }
}

fn strip_rule(mut rule: Rule) -> Rule {
    let strip = |f: &mut crate::ir::FieldRef| {
        f.field.docs.clear();
        f.field.origin = JsonPointer::root();
    };
    match &mut rule {
        Rule::Url { field, when, .. } | Rule::Host { field, when } | Rule::Email { field, when, .. } => {
            strip(field);
            when.iter_mut().for_each(|c| strip(&mut c.field));
        }
        Rule::Required { fields, when, .. }
        | Rule::Forbidden { fields, when, .. }
        | Rule::Combination { fields, when, .. } => {
            fields.iter_mut().for_each(strip);
            when.iter_mut().for_each(|c| strip(&mut c.field));
        }
        Rule::Custom { .. } | Rule::FixedUrl { .. } => {}
    }
    rule
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]
    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
x-kibana-connectors:
  .a: {config: a_config}
components:
  schemas:
    a_config:
      type: object
      description: first wording
      required: [url]
      properties:
        url: {type: string}
        mode: {type: string, enum: [x, y], default: x}
"#;

    fn ir(spec: &str) -> Ir {
        crate::build_ir(spec, &[]).unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn docs_do_not_count_but_shapes_do() {
        assert_eq!(ir_differences(&ir(SPEC), &ir(&SPEC.replace("first wording", "other words"))), Vec::<String>::new());
        let changed = SPEC.replace("required: [url]", "required: []").replace("enum: [x, y]", "enum: [x, z]");
        let diffs = ir_differences(&ir(SPEC), &ir(&changed));
        assert_eq!(diffs.len(), 2, "{diffs:#?}");
        assert!(
            diffs.iter().any(|d| d.starts_with("/components/schemas/a_config/properties/url: required: true ≠ false")),
            "{diffs:#?}"
        );
        assert!(
            diffs.iter().any(|d| d.starts_with("/components/schemas/a_config/properties/mode/enum: values")),
            "{diffs:#?}"
        );
    }
}
