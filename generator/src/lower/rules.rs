//! Validation rules declared in the overlay (`x-kibana-rules` on a schema, `rules` on a
//! connector table entry), checked against the lowered fields.
//!
//! Vocabulary (field names are wire names; connector-level rules prefix them with
//! `config.` or `secrets.`):
//!
//! ```yaml
//! - url: apiUrl                 # parse + allowedHosts; family: any (default) | legacy | http
//!                               #   legacy: no parse, allowedHosts on legacy url.parse's host (ensureUriAllowed)
//!   fallback: https://…         # checked when the field is absent or null
//!   hosts: [hooks.torq.io]      # the URL's host must be one of these …
//!   message: "url must …"       # … else this error
//! - fixed_url: https://…        # a constant URL Kibana checks against allowedHosts (legacy)
//! - host: host                  # a host name that must pass allowedHosts
//! - email: from                 # RFC 5322 address list, when kibana.yml has an email block
//!   always: true                # … in every setting (kibana#268496)
//!   hyphens: true               # … and no `-` at the edge of a local part or domain label (same PR)
//! - required: [clientId]        # must be set …
//!   when: [{field: service, is: exchange_server}]   # … when every condition holds
//!   message: "[clientId] is required"
//! - forbidden: [authType]       # must be absent or null
//! - combination: [user, password, crt, key, pfx]
//!   allowed: [[], [user, password], [pfx]]
//!   message: …
//! - custom: email_service       # a named hand-written function in the generated crate
//! ```
//! Conditions: `{field, is | is_not | sent | not_sent: value}` or `{field, present: bool}`;
//! `sent` compares the value as sent, before defaults (Kibana's raw-request checks); on a
//! defaulted boolean, `sent: true` means JavaScript truthiness of the raw value (absent is
//! falsy, any string such as `"false"` is truthy), as Kibana's `if (config.hasAuth)` sees it.

use super::Lowerer;
use crate::diagnostics::Diagnostic;
use crate::ir::{Cond, Field, FieldRef, Part, Rule, Test, TypeDef, TypeKind, TypeName, TypeRef, UrlFamily};
use crate::pointer::JsonPointer;
use serde_json::Value;
use std::collections::BTreeMap;

pub(super) const SCHEMA_RULES: &str = "x-kibana-rules";

/// Where a rule's field names are looked up.
pub(super) enum Scope<'f> {
    /// A schema's own fields.
    Schema(&'f [Field]),
    /// A connector: `config.<field>` and `secrets.<field>`.
    Connector { config: Option<&'f [Field]>, secrets: Option<&'f [Field]> },
}

impl Lowerer<'_> {
    pub(super) fn lower_rules(&mut self, value: Option<&Value>, at: &JsonPointer, scope: &Scope<'_>) -> Vec<Rule> {
        let Some(value) = value else { return Vec::new() };
        let Some(list) = value.as_array() else {
            self.diags.push(Diagnostic::spec(at, "rules must be a list"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, rule) in list.iter().enumerate() {
            let rat = at.push(i);
            match self.rule(rule, &rat, scope) {
                Ok(r) => out.push(r),
                Err(d) => self.diags.push(d),
            }
        }
        out
    }

    fn rule(&self, rule: &Value, at: &JsonPointer, scope: &Scope<'_>) -> Result<Rule, Diagnostic> {
        let when = match rule.get("when") {
            Some(w) => self.conditions(w, &at.push("when"), scope)?,
            None => Vec::new(),
        };
        let message = rule.get("message").and_then(Value::as_str).map(str::to_owned);
        if let Some(field) = rule.get("url") {
            let field = self.field(field, &at.push("url"), scope)?;
            text_field(&field, &at.push("url"))?;
            let family = match rule.get("family").and_then(Value::as_str) {
                None | Some("any") => UrlFamily::Any,
                Some("legacy") => UrlFamily::Legacy,
                Some("http") => UrlFamily::Http,
                Some(other) => {
                    return Err(Diagnostic::spec(&at.push("family"), format!("unknown URL family `{other}`"))
                        .hint("use any, legacy or http"));
                }
            };
            let fallback = rule.get("fallback").and_then(Value::as_str).map(str::to_owned);
            let hosts = match rule.get("hosts") {
                None => Vec::new(),
                Some(h) => h
                    .as_array()
                    .and_then(|a| a.iter().map(|x| x.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>())
                    .filter(|_| family != UrlFamily::Legacy)
                    .ok_or_else(|| {
                        Diagnostic::spec(
                            &at.push("hosts"),
                            "`hosts` is a list of host names (not with the legacy family)",
                        )
                    })?,
            };
            return Ok(Rule::Url { field, family, fallback, hosts, message, when });
        }
        if let Some(url) = rule.get("fixed_url") {
            let url =
                url.as_str().ok_or_else(|| Diagnostic::spec(&at.push("fixed_url"), "`fixed_url` must be a string"))?;
            return Ok(Rule::FixedUrl { url: url.to_owned() });
        }
        if let Some(field) = rule.get("host") {
            let field = self.field(field, &at.push("host"), scope)?;
            text_field(&field, &at.push("host"))?;
            return Ok(Rule::Host { field, when });
        }
        if let Some(field) = rule.get("email") {
            let field = self.field(field, &at.push("email"), scope)?;
            text_field(&field, &at.push("email"))?;
            let flag = |key: &str| rule.get(key).and_then(Value::as_bool).unwrap_or(false);
            return Ok(Rule::Email { field, always: flag("always"), hyphens: flag("hyphens"), when });
        }
        if let Some(fields) = rule.get("required") {
            return Ok(Rule::Required { fields: self.fields(fields, &at.push("required"), scope)?, when, message });
        }
        if let Some(fields) = rule.get("forbidden") {
            return Ok(Rule::Forbidden { fields: self.fields(fields, &at.push("forbidden"), scope)?, when, message });
        }
        if let Some(fields) = rule.get("combination") {
            let fields = self.fields(fields, &at.push("combination"), scope)?;
            let names: Vec<String> = fields.iter().map(|f| f.field.wire_name.clone()).collect();
            let allowed_at = at.push("allowed");
            let allowed: Vec<Vec<String>> = rule
                .get("allowed")
                .and_then(Value::as_array)
                .ok_or_else(|| Diagnostic::spec(&allowed_at, "`combination` needs an `allowed` list of field lists"))?
                .iter()
                .map(|combo| {
                    combo.as_array().map(|c| c.iter().filter_map(Value::as_str).map(str::to_owned).collect::<Vec<_>>())
                })
                .collect::<Option<_>>()
                .ok_or_else(|| {
                    Diagnostic::spec(&allowed_at, "each allowed combination must be a list of field names")
                })?;
            for (i, combo) in allowed.iter().enumerate() {
                for name in combo {
                    let bare = name.rsplit('.').next().unwrap_or(name);
                    if !names.iter().any(|n| n == bare) {
                        return Err(Diagnostic::spec(
                            &allowed_at.push(i),
                            format!("`{name}` is not one of the combination's fields"),
                        ));
                    }
                }
            }
            let allowed = allowed
                .into_iter()
                .map(|c| c.into_iter().map(|n| n.rsplit('.').next().unwrap_or(&n).to_owned()).collect())
                .collect();
            let message = message.ok_or_else(|| Diagnostic::spec(at, "`combination` needs a `message`"))?;
            return Ok(Rule::Combination { fields, allowed, message, when });
        }
        if let Some(function) = rule.get("custom") {
            let function = function.as_str().filter(|f| crate::names::field_name(f).as_deref() == Ok(*f));
            let function = function
                .ok_or_else(|| Diagnostic::spec(&at.push("custom"), "`custom` must name a snake_case function"))?;
            return Ok(Rule::Custom { function: function.to_owned() });
        }
        Err(Diagnostic::spec(at, "unknown rule")
            .hint("a rule has one of: url, fixed_url, host, email, required, forbidden, combination, custom"))
    }

    fn conditions(&self, value: &Value, at: &JsonPointer, scope: &Scope<'_>) -> Result<Vec<Cond>, Diagnostic> {
        let list = value.as_array().ok_or_else(|| Diagnostic::spec(at, "`when` must be a list of conditions"))?;
        let mut out = Vec::new();
        for (i, cond) in list.iter().enumerate() {
            let cat = at.push(i);
            let field = self.field(cond.get("field").unwrap_or(&Value::Null), &cat.push("field"), scope)?;
            let test = if let Some(p) = cond.get("present") {
                Test::Present(
                    p.as_bool()
                        .ok_or_else(|| Diagnostic::spec(&cat.push("present"), "`present` must be true or false"))?,
                )
            } else {
                let (key, make): (&str, fn(crate::ir::Literal) -> Test) = if cond.get("is").is_some() {
                    ("is", Test::Is)
                } else if cond.get("is_not").is_some() {
                    ("is_not", Test::IsNot)
                } else if cond.get("sent").is_some() {
                    ("sent", Test::Sent)
                } else if cond.get("not_sent").is_some() {
                    ("not_sent", Test::NotSent)
                } else {
                    return Err(Diagnostic::spec(
                        &cat,
                        "a condition needs one of: is, is_not, sent, not_sent, present",
                    ));
                };
                let literal = cond.get(key).unwrap_or(&Value::Null);
                if field.field.ty == TypeRef::Secret {
                    return Err(Diagnostic::spec(&cat, "secrets can only be tested with `present`"));
                }
                let lit = super::defaults::check(
                    literal,
                    super::defaults::Checked::Value,
                    &field.field.ty,
                    false,
                    &self.types,
                )
                .map_err(|m| Diagnostic::spec(&cat.push(key), m))?;
                make(lit)
            };
            out.push(Cond { field, test });
        }
        Ok(out)
    }

    fn fields(&self, value: &Value, at: &JsonPointer, scope: &Scope<'_>) -> Result<Vec<FieldRef>, Diagnostic> {
        let list = value.as_array().ok_or_else(|| Diagnostic::spec(at, "expected a list of field names"))?;
        list.iter().enumerate().map(|(i, f)| self.field(f, &at.push(i), scope)).collect()
    }

    fn field(&self, value: &Value, at: &JsonPointer, scope: &Scope<'_>) -> Result<FieldRef, Diagnostic> {
        let name = value.as_str().ok_or_else(|| Diagnostic::spec(at, "expected a field name"))?;
        let (part, fields, bare) = match scope {
            Scope::Schema(fields) => (None, Some(*fields), name),
            Scope::Connector { config, secrets } => match name.split_once('.') {
                Some(("config", f)) => (Some(Part::Config), *config, f),
                Some(("secrets", f)) => (Some(Part::Secrets), *secrets, f),
                _ => return Err(Diagnostic::spec(at, format!("`{name}` must start with `config.` or `secrets.`"))),
            },
        };
        fields
            .and_then(|fs| fs.iter().find(|f| f.wire_name == bare))
            .map(|f| FieldRef { part, field: f.clone() })
            .ok_or_else(|| {
                Diagnostic::spec(at, format!("the rule names `{name}`, which is not a property here"))
                    .hint("check the spelling against the schema's properties")
            })
    }
}

fn text_field(field: &FieldRef, at: &JsonPointer) -> Result<(), Diagnostic> {
    match field.field.ty {
        TypeRef::String | TypeRef::Secret => Ok(()),
        _ => Err(Diagnostic::spec(at, format!("`{}` is not a string", field.field.wire_name))),
    }
}

/// The fields of a struct type, for connector-level lookups.
pub(super) fn struct_fields<'t>(types: &'t BTreeMap<TypeName, TypeDef>, name: &str) -> Option<&'t [Field]> {
    match &types.get(name)?.kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}
