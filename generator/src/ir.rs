//! The intermediate representation: what types exist, independent of how they print.
//!
//! Owned data only: no `openapiv3` types, no tokens. Every node keeps the JSON pointer
//! it was lowered from. Maps are `BTreeMap` and lists are sorted at the end of
//! lowering, so iteration order never depends on hashing.

use crate::pointer::JsonPointer;
use std::collections::BTreeMap;

/// A Rust type name produced by the naming policy (`names.rs`), e.g. `WebhookConfig`.
pub type TypeName = String;

#[derive(Clone, Debug, PartialEq)]
pub struct Ir {
    /// The schema library Kibana checks config and secrets with (`x-kibana-validation` at
    /// the document's root).
    pub validation: Validation,
    /// Every generated type, by Rust name.
    pub types: BTreeMap<TypeName, TypeDef>,
    /// One entry per connector type id, sorted by id.
    pub connectors: Vec<Connector>,
}

/// A Kibana release's schema library for connector config and secrets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Validation {
    /// `@kbn/config-schema` (up to 9.2): booleans, numbers and JSON text also read from
    /// strings; other forms of a number refused.
    #[default]
    ConfigSchema,
    /// zod (9.3 on): numbers read with JavaScript's `Number()` (`z.coerce.number()`),
    /// nothing else read from a string.
    Zod,
}

impl Validation {
    /// Every library, as `x-kibana-validation` names them.
    pub const ALL: [Validation; 2] = [Validation::ConfigSchema, Validation::Zod];

    /// Its name in `x-kibana-validation`.
    pub const fn name(self) -> &'static str {
        match self {
            Validation::ConfigSchema => "config-schema",
            Validation::Zod => "zod",
        }
    }
}

/// The extension that names it: `x-kibana-validation: zod`.
pub const VALIDATION: &str = "x-kibana-validation";

/// A connector type id and the shapes of its `config` and `secrets`.
#[derive(Clone, Debug, PartialEq)]
pub struct Connector {
    /// The wire id, e.g. `.cases-webhook`.
    pub id: String,
    /// The Rust variant name in `ConnectorType`, `ConnectorConfig`, … e.g. `CasesWebhook`.
    pub variant: String,
    /// Human name from the overlay, e.g. `Webhook - Case Management`.
    pub title: Option<String>,
    pub config: Slot,
    pub secrets: Slot,
    /// Rules across `config` and `secrets` (checked on whole requests).
    pub rules: Vec<Rule>,
    /// Where the overlay declared this connector.
    pub origin: JsonPointer,
}

/// What a connector carries in `config` or `secrets`.
#[derive(Clone, Debug, PartialEq)]
pub enum Slot {
    /// A generated type.
    Type(TypeName),
    /// No schema: an empty object. `open` = Kibana does not check the keys at all.
    Empty { open: bool },
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    pub name: TypeName,
    /// The schema this type was lowered from.
    pub origin: JsonPointer,
    /// Documentation lines (title, description).
    pub docs: Vec<String>,
    /// The generated file (module) this type is written to, e.g. `webhook` or `shared`.
    pub module: String,
    pub kind: TypeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Struct(StructDef),
    Enum(EnumDef),
    /// A closed set of structs chosen by the string value of one property.
    Union(UnionDef),
}

#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    /// Sorted by wire name.
    pub fields: Vec<Field>,
    /// Lowered under a secrets schema: every string is a secret.
    pub secret: bool,
    /// Rules among this struct's own fields (`x-kibana-rules`).
    pub rules: Vec<Rule>,
    /// Kibana does not check this object's keys (an untyped connector slot): undeclared
    /// keys are kept and never reported.
    pub open: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// The spec default, already checked against `ty`.
    pub default: Option<Literal>,
    pub constraints: Constraints,
    pub docs: Vec<String>,
    pub origin: JsonPointer,
}

/// How a field is represented, derived from required/nullable/default and the type.
///
/// Requests must serialize back as they were sent (Kibana's verdict depends on the raw
/// request), so every field that can be absent-with-a-meaning, `null`, or sent in a
/// coerced string form is `Tracked`: a `Defaulted` remembers which.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repr {
    /// Required, never null, never coerced: `T`.
    Plain,
    /// Optional, never null, no default, never coerced: `Option<T>`, omitted when `None`.
    Optional,
    /// Required and nullable, never coerced: `Option<T>`, `None` written as `null`.
    Nullable,
    /// `Defaulted<T>`, or `Defaulted<Option<T>>` when [`Field::tracked_option`]: absent,
    /// `null`, a value or a coerced string form are all kept apart.
    Tracked,
}

impl Field {
    pub fn repr(&self) -> Repr {
        match (self.required, self.nullable, self.default.is_some(), self.ty.is_coerced()) {
            (true, _, _, true) => Repr::Tracked,
            (true, false, _, false) => Repr::Plain,
            (true, true, _, false) => Repr::Nullable,
            (false, false, false, false) => Repr::Optional,
            (false, _, _, _) => Repr::Tracked,
        }
    }

    /// A `Tracked` field holds `Option<T>`: it may be `null`, or absent with no default.
    pub fn tracked_option(&self) -> bool {
        self.nullable || (!self.required && self.default.is_none())
    }

    /// Kibana writes a value for this key when it is absent (its schema has a default).
    pub fn default_stored(&self) -> bool {
        self.default.is_some()
    }
}

/// A validation rule from the overlay, with its field references resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// The field must parse as a URL of `family` and pass the allowed-hosts setting;
    /// `fallback` is checked instead when the field is absent or null.
    /// `hosts`: the (WHATWG) host must be one of them, else `message` (Torq's webhook hosts).
    Url {
        field: FieldRef,
        family: UrlFamily,
        fallback: Option<String>,
        hosts: Vec<String>,
        message: Option<String>,
        when: Vec<Cond>,
    },
    /// A URL Kibana checks against the allowed-hosts setting whatever the request says
    /// (`.slack_api` and `https://slack.com/api/`); reported at the schema itself.
    FixedUrl { url: String },
    /// The field is a host name that must pass the allowed-hosts setting.
    Host { field: FieldRef, when: Vec<Cond> },
    /// The field must be an RFC 5322 address list: with `always`, in every setting (Kibana
    /// 9.2); otherwise only when kibana.yml has an `xpack.actions.email` block (8.x).
    Email { field: FieldRef, always: bool, hyphens: bool, when: Vec<Cond> },
    /// Each field must be set (and not null).
    Required { fields: Vec<FieldRef>, when: Vec<Cond>, message: Option<String> },
    /// Each field must be absent or null.
    Forbidden { fields: Vec<FieldRef>, when: Vec<Cond>, message: Option<String> },
    /// The set of fields that are set must be one of `allowed` (wire names).
    Combination { fields: Vec<FieldRef>, allowed: Vec<Vec<String>>, message: String, when: Vec<Cond> },
    /// A hand-written check in the generated crate's `rules` module.
    Custom { function: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlFamily {
    /// Only the allowed-hosts check on legacy `url.parse`'s host name (Kibana's `ensureUriAllowed`).
    Legacy,
    /// WHATWG `new URL` must parse, any scheme.
    Any,
    Http,
}

/// Which object of a request a connector-level rule reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Config,
    Secrets,
}

/// A field a rule reads: `part` is `None` inside a schema's own rules.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldRef {
    pub part: Option<Part>,
    pub field: Field,
}

/// A condition on one field; all conditions of a rule must hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Cond {
    pub field: FieldRef,
    pub test: Test,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// The value (defaults applied) equals the literal.
    Is(Literal),
    IsNot(Literal),
    /// The value as sent (defaults not applied) equals the literal; Kibana's
    /// connector-level checks read the raw request.
    Sent(Literal),
    NotSent(Literal),
    /// The field is set (not absent, not null).
    Present(bool),
}

/// How a field refers to its type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    /// A string that must not be printed: every string under a secrets schema.
    Secret,
    Bool,
    Integer,
    Number,
    /// Any JSON value (a free-form schema).
    Any,
    Named(TypeName),
    List(Box<TypeRef>),
    /// An object with arbitrary string keys.
    Map(Box<TypeRef>),
    /// A nested struct held on the heap, so the per-connector enums stay small to move.
    Boxed(Box<TypeRef>),
}

impl TypeRef {
    /// Read in the string forms Kibana's schema library coerces: numbers and booleans
    /// from strings, maps, lists and objects (nested structs are boxed) from JSON text.
    pub fn is_coerced(&self) -> bool {
        matches!(
            self,
            TypeRef::Integer | TypeRef::Number | TypeRef::Bool | TypeRef::Map(_) | TypeRef::List(_) | TypeRef::Boxed(_)
        )
    }
}

/// A validated default value.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Integer(i64),
    Number(f64),
    String(String),
    /// A variant of a generated enum: (enum type, variant name).
    Variant(TypeName, String),
    EmptyList,
    EmptyMap,
    /// `{}` for a struct without required keys: every key absent, so their defaults apply.
    EmptyObject(TypeName),
}

/// Constraints the schema states; enforced by the generated validators.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub format: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    /// In spec order.
    pub variants: Vec<EnumVariant>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumVariant {
    pub rust_name: String,
    pub wire: String,
    pub origin: JsonPointer,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionDef {
    /// The wire name of the property whose value selects the variant.
    pub tag: String,
    pub variants: Vec<UnionVariant>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub tag_value: String,
    pub ty: TypeName,
}

impl Ir {
    /// The modules (generated files) in order, with their types in name order.
    pub fn modules(&self) -> BTreeMap<&str, Vec<&TypeDef>> {
        let mut modules: BTreeMap<&str, Vec<&TypeDef>> = BTreeMap::new();
        for def in self.types.values() {
            modules.entry(def.module.as_str()).or_default().push(def);
        }
        modules
    }
}

/// A connector slot that gets a type of its own at emission, so that each connector
/// type's config and secrets are distinct Rust types (`From<XConfig> for ConnectorConfig`
/// must be unambiguous).
#[derive(Clone, Debug, PartialEq)]
pub struct OwnSlot {
    /// Index into `Ir::connectors`.
    pub connector: usize,
    pub part: Part,
    /// `{variant}Config` / `{variant}Secrets`.
    pub name: TypeName,
    /// The shared type to copy, or `None` for a slot without a schema (an empty struct).
    pub copy_of: Option<TypeName>,
}

impl Ir {
    /// Slots without a schema, and slots whose type an earlier connector (by id) already
    /// uses (ServiceNow SecOps shares ITSM's config).
    pub fn own_slots(&self) -> Vec<OwnSlot> {
        let mut claimed = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for (i, c) in self.connectors.iter().enumerate() {
            for (part, slot) in [(Part::Config, &c.config), (Part::Secrets, &c.secrets)] {
                let name = format!("{}{}", c.variant, part.suffix());
                match slot {
                    Slot::Empty { .. } => out.push(OwnSlot { connector: i, part, name, copy_of: None }),
                    Slot::Type(t) if !claimed.insert(t.clone()) => {
                        out.push(OwnSlot { connector: i, part, name, copy_of: Some(t.clone()) });
                    }
                    Slot::Type(_) => {}
                }
            }
        }
        out
    }
}

impl Part {
    /// The suffix of a connector's own type for this part.
    pub fn suffix(self) -> &'static str {
        match self {
            Part::Config => "Config",
            Part::Secrets => "Secrets",
        }
    }

    /// The request key.
    pub fn key(self) -> &'static str {
        match self {
            Part::Config => "config",
            Part::Secrets => "secrets",
        }
    }
}

/// The extension listing the system action type ids a release refuses to create.
pub const SYSTEM_ACTIONS: &str = "x-kibana-system-actions";

/// The extension with the rule for user-defined connector ids
/// (`POST /api/actions/connector/{id}`): `{max_length: 36}` (Kibana 9.4 on).
pub const CONNECTOR_ID: &str = "x-kibana-connector-id";

/// The extension listing the connector type ids a release registers (or, where the sources
/// disagree, may register) that the model does not describe: they get no verdict.
pub const UNMODELLED_CONNECTORS: &str = "x-kibana-unmodelled-connectors";

/// What a release point says about itself at the root of its overlaid document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PointSettings {
    /// `x-kibana-system-actions`: the system action type ids it refuses to create, sorted.
    pub system_actions: Vec<String>,
    /// `x-kibana-unmodelled-connectors`: the type ids it registers without a model here,
    /// sorted; never one of the point's modelled connectors (see [`check_unmodelled`]).
    pub unmodelled_connectors: Vec<String>,
    /// `x-kibana-connector-id`: the longest id a user may choose (ids are then lowercase
    /// letters, digits and inner hyphens); `None` where the release takes any id.
    pub connector_id_max_length: Option<u32>,
}

/// The [`PointSettings`] of an overlaid document.
pub fn point_settings(doc: &serde_json::Value) -> Result<PointSettings, crate::diagnostics::Diagnostics> {
    let ids = type_ids(doc, SYSTEM_ACTIONS)?;
    let unmodelled_connectors = type_ids(doc, UNMODELLED_CONNECTORS)?;
    let connector_id_max_length = match doc.get(CONNECTOR_ID) {
        None => None,
        Some(rule) => {
            let max = rule.get("max_length").and_then(serde_json::Value::as_u64).and_then(|n| u32::try_from(n).ok());
            let Some(max) = max.filter(|_| rule.as_object().is_some_and(|o| o.len() == 1)) else {
                let at = crate::pointer::JsonPointer::root().push(CONNECTOR_ID);
                let mut diags = crate::diagnostics::Diagnostics::default();
                diags.push(crate::diagnostics::Diagnostic::spec(&at, "expected `{max_length: <a whole number>}`"));
                return Err(diags);
            };
            Some(max)
        }
    };
    Ok(PointSettings { system_actions: ids, unmodelled_connectors, connector_id_max_length })
}

/// A root list of connector type ids (`[".github", …]`), sorted and without repeats.
fn type_ids(doc: &serde_json::Value, key: &str) -> Result<Vec<String>, crate::diagnostics::Diagnostics> {
    let at = crate::pointer::JsonPointer::root().push(key);
    let mut diags = crate::diagnostics::Diagnostics::default();
    let mut ids = Vec::new();
    match doc.get(key) {
        None => {}
        Some(serde_json::Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(id) if id.starts_with('.') && id.len() > 1 => ids.push(id.to_owned()),
                    _ => diags.push(crate::diagnostics::Diagnostic::spec(
                        &at.push(i),
                        "expected a connector type id such as `.github`",
                    )),
                }
            }
        }
        Some(_) => diags.push(crate::diagnostics::Diagnostic::spec(&at, "expected a list of connector type ids")),
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// An id listed as unmodelled that the point also models is a contradiction: the
/// release overlay that adds the model must take the id off the list.
pub fn check_unmodelled(ir: &Ir, settings: &PointSettings) -> Result<(), crate::diagnostics::Diagnostics> {
    let mut diags = crate::diagnostics::Diagnostics::default();
    // The list is sorted by now, so the pointer names the list and the message the id.
    let at = crate::pointer::JsonPointer::root().push(UNMODELLED_CONNECTORS);
    for id in &settings.unmodelled_connectors {
        if ir.connectors.iter().any(|c| c.id == *id) {
            diags.push(
                crate::diagnostics::Diagnostic::spec(&at, format!("`{id}` is listed but modelled in this release"))
                    .hint("remove it from the list in the overlay that adds its model"),
            );
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// Which of `Eq` and `Hash` a generated type can derive: a float (`f64`) has neither, a
/// free-form JSON value (`serde_json::Value`) has `Eq` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Derives {
    pub eq: bool,
    pub hash: bool,
}

impl Derives {
    pub const ALL: Derives = Derives { eq: true, hash: true };

    pub fn and(self, other: Derives) -> Derives {
        Derives { eq: self.eq && other.eq, hash: self.hash && other.hash }
    }
}

impl Ir {
    /// What the type `name` can derive, from every type it holds (a cycle assumes the best).
    pub fn derives(&self, name: &str) -> Derives {
        self.derives_in(name, &mut std::collections::BTreeSet::new())
    }

    fn derives_in<'a>(&'a self, name: &'a str, seen: &mut std::collections::BTreeSet<&'a str>) -> Derives {
        if !seen.insert(name) {
            return Derives::ALL;
        }
        match self.types.get(name).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => {
                s.fields.iter().fold(Derives::ALL, |acc, f| acc.and(self.ref_derives(&f.ty, seen)))
            }
            Some(TypeKind::Union(u)) => {
                u.variants.iter().fold(Derives::ALL, |acc, v| acc.and(self.derives_in(&v.ty, seen)))
            }
            Some(TypeKind::Enum(_)) | None => Derives::ALL,
        }
    }

    fn ref_derives<'a>(&'a self, ty: &'a TypeRef, seen: &mut std::collections::BTreeSet<&'a str>) -> Derives {
        match ty {
            TypeRef::String | TypeRef::Secret | TypeRef::Bool | TypeRef::Integer => Derives::ALL,
            TypeRef::Number => Derives { eq: false, hash: false },
            TypeRef::Any => Derives { eq: true, hash: false },
            TypeRef::Named(n) => self.derives_in(n, seen),
            TypeRef::List(i) | TypeRef::Map(i) | TypeRef::Boxed(i) => self.ref_derives(i, seen),
        }
    }
}
