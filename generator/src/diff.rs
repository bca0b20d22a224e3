//! What changed between two IRs (two spec versions, each with its fixups and overlays
//! applied), as Markdown a reviewer can paste into a pull request.
//!
//! Types are matched through the connector table and fields by wire name, never by Rust
//! type name: Kibana's spec generations name the same schema differently
//! (`config_properties_webhook`, `webhook_config`). Docs text is not compared.

use crate::ir::{Cond, FieldRef, Ir, Literal, Part, Rule, Slot, Test, TypeDef, TypeKind, TypeRef, UrlFamily};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The Markdown report of `old` → `new`; `labels` name the two sides in its heading.
pub fn semantic_diff(old: &Ir, new: &Ir, labels: (&str, &str)) -> String {
    let mut out = format!("## Connector API changes: `{}` → `{}`\n\n", labels.0, labels.1);
    let ids = |ir: &Ir| ir.connectors.iter().map(|c| c.id.clone()).collect::<BTreeSet<_>>();
    let (old_ids, new_ids) = (ids(old), ids(new));
    let title = |ir: &Ir, id: &str| {
        let title = ir.connectors.iter().find(|c| c.id == id).and_then(|c| c.title.clone());
        title.map(|t| format!("`{id}` ({t})")).unwrap_or_else(|| format!("`{id}`"))
    };
    let added: Vec<String> = new_ids.difference(&old_ids).map(|id| title(new, id)).collect();
    let removed: Vec<String> = old_ids.difference(&new_ids).map(|id| title(old, id)).collect();
    let mut sections = Vec::new();
    let mut changed = 0;
    for id in &new_ids {
        let lines = connector_changes(old, new, id);
        if lines.is_empty() {
            continue;
        }
        let heading = if old_ids.contains(id) {
            changed += 1;
            ""
        } else {
            "added: "
        };
        sections.push(format!("### {heading}{}\n{}", title(new, id), lines.concat()));
    }
    let unchanged = old_ids.intersection(&new_ids).count() - changed;
    if old.validation != new.validation {
        out.push_str(&format!(
            "### Validation\n- config and secrets checked with {} (was {}): booleans and JSON text no longer read from strings, numbers read with JavaScript's `Number()`\n\n",
            new.validation.name(),
            old.validation.name()
        ));
    }
    out.push_str("### Connector types\n");
    out.push_str(&format!("- added: {}\n", list_or_none(&added)));
    out.push_str(&format!("- removed: {}\n", list_or_none(&removed)));
    out.push_str(&format!("- changed: {changed}, unchanged: {unchanged}\n"));
    for section in sections {
        out.push('\n');
        out.push_str(&section);
    }
    out
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() { "none".into() } else { items.join(", ") }
}

/// The bullet lines of one connector type (empty when nothing changed).
fn connector_changes(old: &Ir, new: &Ir, id: &str) -> Vec<String> {
    let find = |ir: &Ir| ir.connectors.iter().find(|c| c.id == id).cloned();
    let (old_c, new_c) = (find(old), find(new));
    let mut lines = Vec::new();
    for part in [Part::Config, Part::Secrets] {
        let shape = |ir: &Ir, c: &Option<crate::ir::Connector>| {
            c.as_ref().map(|c| Shape::of(ir, if part == Part::Config { &c.config } else { &c.secrets }))
        };
        let (o, n) = (shape(old, &old_c), shape(new, &new_c));
        let name = if part == Part::Config { "config" } else { "secrets" };
        let mut part_lines = Vec::new();
        match (&o, &n) {
            (Some(o), Some(n)) if o.kind != n.kind => part_lines.push(format!("- {}: {} → {}\n", name, o.kind, n.kind)),
            (None, Some(n)) if n.kind != Kind::Typed => part_lines.push(format!("- {name}: {}\n", n.kind)),
            _ => {}
        }
        let empty = Shape::default();
        let (o, n) = (o.as_ref().unwrap_or(&empty), n.as_ref().unwrap_or(&empty));
        let keys: BTreeSet<&String> = o.fields.keys().chain(n.fields.keys()).collect();
        for key in keys {
            match (o.fields.get(key), n.fields.get(key)) {
                (Some(a), Some(b)) if a != b => part_lines.push(format!("- `{name}.{key}`: {}\n", a.changes_to(b))),
                (None, Some(b)) => part_lines.push(format!("- `{name}.{key}`: added ({})\n", b.summary())),
                (Some(_), None) => part_lines.push(format!("- `{name}.{key}`: removed\n")),
                _ => {}
            }
        }
        rule_lines(&o.rules, &n.rules, &format!("{name} rule"), &mut part_lines);
        lines.extend(part_lines);
    }
    let rules = |ir: &Ir, c: &Option<crate::ir::Connector>| {
        c.as_ref().map(|c| c.rules.iter().map(|r| render_rule(ir, r)).collect::<BTreeSet<_>>()).unwrap_or_default()
    };
    rule_lines(&rules(old, &old_c), &rules(new, &new_c), "connector rule", &mut lines);
    lines
}

fn rule_lines(old: &BTreeSet<String>, new: &BTreeSet<String>, what: &str, lines: &mut Vec<String>) {
    lines.extend(old.difference(new).map(|r| format!("- {what} removed: {r}\n")));
    lines.extend(new.difference(old).map(|r| format!("- {what} added: {r}\n")));
}

#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Kind {
    /// No such object: only `{}` is accepted.
    #[default]
    None,
    /// No schema; Kibana does not check the keys.
    FreeForm,
    Typed,
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Kind::None => "none (only `{}`)",
            Kind::FreeForm => "free-form (keys not checked)",
            Kind::Typed => "typed",
        })
    }
}

/// A connector's config or secrets as flat facts: nested fields are keyed by their
/// path (`mappings.alertIdConfig.id`, `allowedChannels[].name`), union members by their
/// tag (`[apiProvider=OpenAI] defaultModel`).
#[derive(Default)]
struct Shape {
    kind: Kind,
    fields: BTreeMap<String, Facts>,
    rules: BTreeSet<String>,
}

#[derive(Clone, PartialEq)]
struct Facts {
    ty: String,
    required: bool,
    nullable: bool,
    default: Option<String>,
    values: Vec<String>,
    constraints: Vec<String>,
}

/// Nesting deeper than this is not followed (lowering rejects `$ref` cycles anyway).
const MAX_DEPTH: usize = 8;

impl Shape {
    fn of(ir: &Ir, slot: &Slot) -> Shape {
        let mut shape = Shape::default();
        match slot {
            Slot::Empty { open: false } => {}
            Slot::Empty { open: true } => shape.kind = Kind::FreeForm,
            Slot::Type(name) => {
                shape.kind = Kind::Typed;
                shape.add_type(ir, name, "", 0);
            }
        }
        shape
    }

    fn add_type(&mut self, ir: &Ir, name: &str, prefix: &str, depth: usize) {
        let Some(def) = ir.types.get(name).filter(|_| depth < MAX_DEPTH) else { return };
        match &def.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    let key = format!("{prefix}{}", f.wire_name);
                    let facts = Facts {
                        ty: describe(ir, &f.ty),
                        required: f.required,
                        nullable: f.nullable,
                        default: f.default.as_ref().map(|d| literal(ir, d)),
                        values: enum_values(ir, &f.ty),
                        constraints: constraints(&f.constraints),
                    };
                    self.fields.insert(key.clone(), facts);
                    if let Some((inner, sep)) = nested(ir, &f.ty) {
                        self.add_type(ir, inner, &format!("{key}{sep}"), depth + 1);
                    }
                }
                self.rules.extend(s.rules.iter().map(|r| format!("{prefix}{}", render_rule(ir, r))));
            }
            TypeKind::Union(u) => {
                let values = u.variants.iter().map(|v| v.tag_value.clone()).collect();
                let tag = Facts {
                    ty: "tag".into(),
                    required: true,
                    nullable: false,
                    default: None,
                    values,
                    constraints: Vec::new(),
                };
                self.fields.insert(format!("{prefix}{}", u.tag), tag);
                for v in &u.variants {
                    self.add_type(ir, &v.ty, &format!("{prefix}[{}={}] ", u.tag, v.tag_value), depth + 1);
                }
            }
            TypeKind::Enum(_) => {}
        }
    }
}

impl Facts {
    fn summary(&self) -> String {
        let mut parts =
            vec![format!("`{}`", self.ty), (if self.required { "required" } else { "optional" }).to_owned()];
        if self.nullable {
            parts.push("nullable".into());
        }
        if let Some(d) = &self.default {
            parts.push(format!("default {d}"));
        }
        if !self.values.is_empty() {
            parts.push(format!("values {}", ticks(&self.values)));
        }
        parts.extend(self.constraints.iter().cloned());
        parts.join(", ")
    }

    fn changes_to(&self, new: &Facts) -> String {
        let mut parts = Vec::new();
        if self.ty != new.ty {
            parts.push(format!("type `{}` → `{}`", self.ty, new.ty));
        }
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        if self.required != new.required {
            parts.push(format!("required {} → {}", yes_no(self.required), yes_no(new.required)));
        }
        if self.nullable != new.nullable {
            parts.push(format!("nullable {} → {}", yes_no(self.nullable), yes_no(new.nullable)));
        }
        if self.default != new.default {
            let show = |d: &Option<String>| d.clone().unwrap_or_else(|| "none".into());
            parts.push(format!("default {} → {}", show(&self.default), show(&new.default)));
        }
        let gone: Vec<String> = self.values.iter().filter(|v| !new.values.contains(v)).cloned().collect();
        let came: Vec<String> = new.values.iter().filter(|v| !self.values.contains(v)).cloned().collect();
        if !came.is_empty() {
            parts.push(format!("values added {}", ticks(&came)));
        }
        if !gone.is_empty() {
            parts.push(format!("values removed {}", ticks(&gone)));
        }
        if self.constraints != new.constraints {
            let show = |c: &[String]| if c.is_empty() { "none".to_owned() } else { c.join(", ") };
            parts.push(format!("constraints {} → {}", show(&self.constraints), show(&new.constraints)));
        }
        if parts.is_empty() {
            // Same facts in a different order (enum values reordered).
            parts.push(format!("values reordered {}", ticks(&new.values)));
        }
        parts.join("; ")
    }
}

fn ticks(values: &[String]) -> String {
    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
}

/// A struct type a field leads into, with the path separator for its fields.
fn nested<'i>(ir: &'i Ir, ty: &TypeRef) -> Option<(&'i str, &'static str)> {
    match ty {
        TypeRef::Named(n) => {
            ir.types.get(n).filter(|d| !matches!(d.kind, TypeKind::Enum(_))).map(|d| (d.name.as_str(), "."))
        }
        TypeRef::Boxed(i) => nested(ir, i),
        TypeRef::List(i) => nested(ir, i).map(|(n, _)| (n, "[].")),
        TypeRef::Map(i) => nested(ir, i).map(|(n, _)| (n, "{}.")),
        _ => None,
    }
}

fn describe(ir: &Ir, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Secret => "secret string".into(),
        TypeRef::Bool => "boolean".into(),
        TypeRef::Integer => "integer".into(),
        TypeRef::Number => "number".into(),
        TypeRef::Any => "any".into(),
        TypeRef::Named(n) => match ir.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::Enum(_)) => "enum".into(),
            Some(TypeKind::Union(u)) => format!("one of, by {}", u.tag),
            _ => "object".into(),
        },
        TypeRef::List(i) => format!("list of {}", describe(ir, i)),
        TypeRef::Map(i) => format!("map of {}", describe(ir, i)),
        TypeRef::Boxed(i) => describe(ir, i),
    }
}

fn enum_def<'i>(ir: &'i Ir, ty: &TypeRef) -> Option<&'i TypeDef> {
    match ty {
        TypeRef::Named(n) => ir.types.get(n).filter(|d| matches!(d.kind, TypeKind::Enum(_))),
        TypeRef::List(i) | TypeRef::Map(i) | TypeRef::Boxed(i) => enum_def(ir, i),
        _ => None,
    }
}

fn enum_values(ir: &Ir, ty: &TypeRef) -> Vec<String> {
    match enum_def(ir, ty).map(|d| &d.kind) {
        Some(TypeKind::Enum(e)) => e.variants.iter().map(|v| v.wire.clone()).collect(),
        _ => Vec::new(),
    }
}

fn constraints(c: &crate::ir::Constraints) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |name: &str, v: Option<String>| {
        if let Some(v) = v {
            out.push(format!("{name} {v}"));
        }
    };
    push("minLength", c.min_length.map(|v| v.to_string()));
    push("maxLength", c.max_length.map(|v| v.to_string()));
    push("minItems", c.min_items.map(|v| v.to_string()));
    push("maxItems", c.max_items.map(|v| v.to_string()));
    push("minimum", c.minimum.map(|v| v.to_string()));
    push("maximum", c.maximum.map(|v| v.to_string()));
    push("format", c.format.clone());
    out
}

/// A literal as it is written on the wire, in backticks.
fn literal(ir: &Ir, lit: &Literal) -> String {
    let text = match lit {
        Literal::Null => "null".to_owned(),
        Literal::Bool(b) => b.to_string(),
        Literal::Integer(i) => i.to_string(),
        Literal::Number(n) => n.to_string(),
        Literal::String(s) => format!("\"{s}\""),
        Literal::Variant(t, v) => match ir.types.get(t).map(|d| &d.kind) {
            Some(TypeKind::Enum(e)) => e
                .variants
                .iter()
                .find(|x| x.rust_name == *v)
                .map(|x| format!("\"{}\"", x.wire))
                .unwrap_or_else(|| v.clone()),
            _ => v.clone(),
        },
        Literal::EmptyList => "[]".to_owned(),
        Literal::EmptyMap | Literal::EmptyObject(_) => "{}".to_owned(),
    };
    format!("`{text}`")
}

fn field_ref(f: &FieldRef) -> String {
    match f.part {
        Some(Part::Config) => format!("`config.{}`", f.field.wire_name),
        Some(Part::Secrets) => format!("`secrets.{}`", f.field.wire_name),
        None => format!("`{}`", f.field.wire_name),
    }
}

fn fields(fs: &[FieldRef]) -> String {
    fs.iter().map(field_ref).collect::<Vec<_>>().join(", ")
}

fn when(ir: &Ir, conds: &[Cond]) -> String {
    let mut out = String::new();
    for (i, c) in conds.iter().enumerate() {
        let f = field_ref(&c.field);
        let test = match &c.test {
            Test::Is(l) => format!("{f} is {}", literal(ir, l)),
            Test::IsNot(l) => format!("{f} is not {}", literal(ir, l)),
            Test::Sent(l) => format!("{f} is sent as {}", literal(ir, l)),
            Test::NotSent(l) => format!("{f} is not sent as {}", literal(ir, l)),
            Test::Present(true) => format!("{f} is set"),
            Test::Present(false) => format!("{f} is not set"),
        };
        let _ = write!(out, "{} {test}", if i == 0 { " when" } else { " and" });
    }
    out
}

/// One line per rule, in the overlay's terms.
fn render_rule(ir: &Ir, rule: &Rule) -> String {
    let message = |m: &Option<String>| m.as_ref().map(|m| format!(" (\"{m}\")")).unwrap_or_default();
    match rule {
        Rule::Url { field, family, fallback, hosts, when: w, .. } => {
            let family = match family {
                UrlFamily::Legacy => "a URL (legacy url.parse host)",
                UrlFamily::Any => "a URL",
                UrlFamily::Http => "an http(s) URL",
            };
            let fallback = fallback.as_ref().map(|f| format!(" (absent: `{f}`)")).unwrap_or_default();
            let hosts = if hosts.is_empty() {
                String::new()
            } else {
                format!(" with host {}", hosts.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(" or "))
            };
            format!("{} is {family}{hosts} on the allowed hosts{fallback}{}", field_ref(field), when(ir, w))
        }
        Rule::FixedUrl { url } => format!("`{url}` is on the allowed hosts"),
        Rule::Host { field, when: w } => format!("{} is a host on the allowed hosts{}", field_ref(field), when(ir, w)),
        Rule::Email { field, always, hyphens, when: w } => {
            let always = match (always, hyphens) {
                (true, true) => " (always checked; no `-` at the edge of a local part or domain label)",
                (true, false) => " (always checked)",
                (false, true) => " (no `-` at the edge of a local part or domain label)",
                (false, false) => "",
            };
            format!("{} is an email address list{always}{}", field_ref(field), when(ir, w))
        }
        Rule::Required { fields: f, when: w, message: m } => {
            format!("{} required{}{}", fields(f), when(ir, w), message(m))
        }
        Rule::Forbidden { fields: f, when: w, message: m } => {
            format!("{} forbidden{}{}", fields(f), when(ir, w), message(m))
        }
        Rule::Combination { fields: f, allowed, when: w, .. } => {
            let allowed: Vec<String> = allowed.iter().map(|c| format!("{{{}}}", c.join(", "))).collect();
            format!("of {} only {} may be set together{}", fields(f), allowed.join(" | "), when(ir, w))
        }
        Rule::Custom { function } => format!("custom check `{function}`"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]
    use super::*;

    fn ir(schemas: &str) -> Ir {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-kibana-connectors:\n  .a: {{title: A, config: a_config}}\n  .b: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        crate::build_ir(&spec, &[]).unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn reports_field_and_enum_changes_by_wire_name() {
        let old = ir(
            "    a_config:\n      type: object\n      properties:\n        m: {type: string, enum: [x, y], default: x}\n        gone: {type: string}\n",
        );
        let new = ir(
            "    a_config:\n      type: object\n      required: [m]\n      properties:\n        m: {type: string, enum: [x, z], default: z}\n        n: {type: integer, nullable: true}\n",
        );
        let text = semantic_diff(&old, &new, ("old", "new"));
        assert!(
            text.contains(
                "- `config.m`: required no → yes; default `\"x\"` → `\"z\"`; values added `z`; values removed `y`\n"
            ),
            "{text}"
        );
        assert!(text.contains("- `config.n`: added (`integer`, optional, nullable)\n"), "{text}");
        assert!(text.contains("- `config.gone`: removed\n"), "{text}");
        assert!(text.contains("- changed: 1, unchanged: 1\n"), "{text}");
        assert!(semantic_diff(&old, &old, ("a", "a")).contains("- changed: 0, unchanged: 2\n"));
    }
}
