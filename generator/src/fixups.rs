//! Stage 2, first half: named corrections of known bugs in Kibana's published specs, applied to the
//! parsed document before any overlay.
//!
//! An overlay cannot express these: some make the document unreadable as OpenAPI 3.0
//! (a `required` entry that is an object), others would need a rename or a move, which
//! Overlay 1.0 has no action for. Each fixup is a function that checks its own
//! precondition: it changes nothing and returns no locations when the bug is absent.
//!
//! Which fixups apply is chosen per input file: an overlay lists them at its top level,
//!
//! ```yaml
//! overlay: 1.0.0
//! x-kibana-fixups: [required-any-of, slack-api-max-items-on-item]
//! ```
//!
//! A listed fixup whose bug is no longer in the spec is an error, so a fixup that Kibana
//! fixed upstream is noticed and deleted rather than carried forever.

use crate::diagnostics::{Diagnostic, Diagnostics, Source};
use crate::pointer::JsonPointer;
use serde_json::{Map, Value};

/// The overlay's top-level extension that lists the fixups an input needs.
pub const EXTENSION: &str = "x-kibana-fixups";

/// A named correction of one upstream bug.
pub struct Fixup {
    pub name: &'static str,
    /// The upstream bug, in one line (shown in diagnostics).
    pub bug: &'static str,
    /// Corrects the document; returns the locations it changed (none = bug absent).
    pub apply: fn(&mut Value) -> Vec<JsonPointer>,
}

/// Every known fixup, in the order they are applied.
pub const FIXUPS: &[Fixup] = &[
    Fixup { name: "required-any-of", bug: "a `required` list holds an `anyOf` object", apply: required_any_of },
    Fixup {
        name: "slack-api-max-items-on-item",
        bug: "slack_api `allowedChannels` has `maxItems` on its item object instead of the array",
        apply: slack_api_max_items_on_item,
    },
    Fixup {
        name: "cases-webhook-headers-string",
        bug: "cases-webhook `headers` is typed as a string",
        apply: cases_webhook_headers_string,
    },
    Fixup {
        name: "xmatters-swapped-descriptions",
        bug: "xmatters secrets `user` and `password` have each other's description",
        apply: xmatters_swapped_descriptions,
    },
    Fixup {
        name: "auth-type-null-string",
        bug: "the auth type enum lists the string \"null\"",
        apply: auth_type_null_string,
    },
    Fixup {
        name: "gemini-credentials-json-case",
        bug: "gemini secrets spell the key `credentialsJSON`; the server reads `credentialsJson`",
        apply: gemini_credentials_json_case,
    },
    Fixup {
        name: "defender-requires-project-key",
        bug: "the Microsoft Defender for Endpoint config lists `projectKey` (a Jira field it does not have) as required",
        apply: defender_requires_project_key,
    },
    Fixup {
        name: "defender-secrets-type-id-typo",
        bug: "the Microsoft Defender for Endpoint secrets name the type `..microsoft_defender_endpoint`",
        apply: defender_secrets_type_id_typo,
    },
    Fixup {
        name: "genai-other-pki-in-config",
        bug: "gen-ai PKI fields (`certificateData`, `privateKeyData`, `caData`) sit in the Other provider's config; the server reads them from the secrets",
        apply: genai_other_pki_in_config,
    },
];

/// Applies the fixups that `overlays` request (each overlay with the source its
/// diagnostics are reported under). Unknown names and fixups whose bug is absent are errors.
pub fn apply_requested(doc: &mut Value, overlays: &[(Source, Value)]) -> Result<Vec<&'static str>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut requested: Vec<(&Fixup, Source, JsonPointer)> = Vec::new();
    for (source, overlay) in overlays {
        let at = JsonPointer::root().push(EXTENSION);
        let Some(list) = overlay.get(EXTENSION) else { continue };
        let Some(list) = list.as_array() else {
            diags.push(located(*source, &at, format!("`{EXTENSION}` must be a list of fixup names")));
            continue;
        };
        for (i, name) in list.iter().enumerate() {
            let at = at.push(i);
            match FIXUPS.iter().find(|f| Some(f.name) == name.as_str()) {
                Some(f) if requested.iter().any(|(r, ..)| r.name == f.name) => {}
                Some(f) => requested.push((f, *source, at)),
                None => diags.push(
                    located(*source, &at, format!("unknown fixup `{}`", name.as_str().unwrap_or_default())).hint(
                        format!("known fixups: {}", FIXUPS.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")),
                    ),
                ),
            }
        }
    }
    // Apply in the fixed order of FIXUPS, whatever order the overlays list them in.
    requested.sort_by_key(|(f, ..)| FIXUPS.iter().position(|k| k.name == f.name));
    let mut applied = Vec::new();
    for (fixup, source, at) in requested {
        if (fixup.apply)(doc).is_empty() {
            diags.push(
                located(source, &at, format!("fixup `{}` is requested but the spec does not have its bug ({})", fixup.name, fixup.bug))
                    .hint("Kibana fixed it upstream: remove the name from this list (and the fixup from generator/src/fixups.rs once no spec needs it)"),
            );
        } else {
            applied.push(fixup.name);
        }
    }
    diags.into_result(applied)
}

fn located(source: Source, at: &JsonPointer, message: String) -> Diagnostic {
    Diagnostic { source, ..Diagnostic::overlay(at, message) }
}

/// 0003293f `run_message_email` has `required: [message, subject, {anyOf: [to, cc, bcc]}]`:
/// "at least one recipient" written inside `required`, which OpenAPI 3.0 (and so
/// `openapiv3`) cannot read. The object entries are dropped; the rule is about run
/// parameters, which the connector models do not cover.
fn required_any_of(doc: &mut Value) -> Vec<JsonPointer> {
    let mut changed = Vec::new();
    let at = schemas_pointer();
    if let Some(schemas) = schemas_mut(doc) {
        for (name, schema) in schemas.iter_mut() {
            visit_schemas(schema, &at.push(name), &mut |s, at| {
                if let Some(Value::Array(required)) = s.get_mut("required") {
                    if required.iter().any(|r| !r.is_string()) {
                        required.retain(Value::is_string);
                        changed.push(at.push("required"));
                    }
                }
            });
        }
    }
    changed
}

/// `allowedChannels` carries `maxItems: 25` on the channel object rather than on the
/// array, where it means nothing; Kibana allows at most 25 channels. Moved to the array.
fn slack_api_max_items_on_item(doc: &mut Value) -> Vec<JsonPointer> {
    each_schema(doc, &["slack_api_config", "config_properties_slack_api"], |schema, at| {
        let list = schema.pointer_mut("/properties/allowedChannels")?;
        if list.get("maxItems").is_some() {
            return None;
        }
        let max = list.get_mut("items")?.as_object_mut()?.remove("maxItems")?;
        list.as_object_mut()?.insert("maxItems".into(), max);
        Some(at.push("properties").push("allowedChannels"))
    })
}

/// cases-webhook `headers` is `type: string` although it is described (and validated by
/// the server) as a key/value map, like webhook `headers`. Retyped as an object.
fn cases_webhook_headers_string(doc: &mut Value) -> Vec<JsonPointer> {
    each_schema(doc, &["cases_webhook_config", "config_properties_cases_webhook"], |schema, at| {
        let headers = schema.pointer_mut("/properties/headers")?.as_object_mut()?;
        if headers.get("type").and_then(Value::as_str) != Some("string") {
            return None;
        }
        headers.insert("type".into(), Value::from("object"));
        Some(at.push("properties").push("headers"))
    })
}

/// xmatters secrets describe `user` as "A password …" and `password` as "A user name …".
/// Docs only, but they end up on the generated fields. The descriptions are swapped back.
fn xmatters_swapped_descriptions(doc: &mut Value) -> Vec<JsonPointer> {
    each_schema(doc, &["xmatters_secrets", "secrets_properties_xmatters"], |schema, at| {
        let props = schema.get_mut("properties")?.as_object_mut()?;
        let description = |props: &Map<String, Value>, key: &str| {
            props.get(key).and_then(|p| p.get("description")).and_then(Value::as_str).map(str::to_owned)
        };
        let (user, password) = (description(props, "user")?, description(props, "password")?);
        if !(user.starts_with("A password") && password.starts_with("A user name")) {
            return None;
        }
        props.get_mut("user")?.as_object_mut()?.insert("description".into(), Value::from(password));
        props.get_mut("password")?.as_object_mut()?.insert("description".into(), Value::from(user));
        Some(at.push("properties"))
    })
}

/// Some auth type enums list the string `"null"` for "no authentication" where the
/// server means JSON `null`. The entry is dropped and the schema made nullable.
fn auth_type_null_string(doc: &mut Value) -> Vec<JsonPointer> {
    let mut changed = each_schema(doc, &["auth_type"], |schema, at| drop_null_string(schema).then(|| at.clone()));
    changed.extend(each_schema(
        doc,
        &["webhook_config", "cases_webhook_config", "config_properties_webhook", "config_properties_cases_webhook"],
        |schema, at| {
            drop_null_string(schema.pointer_mut("/properties/authType")?)
                .then(|| at.push("properties").push("authType"))
        },
    ));
    changed
}

fn drop_null_string(schema: &mut Value) -> bool {
    let Some(Value::Array(values)) = schema.get_mut("enum") else { return false };
    let before = values.len();
    values.retain(|v| v.as_str() != Some("null"));
    if values.len() == before {
        return false;
    }
    if let Some(map) = schema.as_object_mut() {
        map.insert("nullable".into(), Value::Bool(true));
    }
    true
}

/// The late-2024 bundle names the gemini secret `credentialsJSON`; Kibana's schema (and
/// every later spec) reads `credentialsJson`, so a body built from the spec is rejected.
fn gemini_credentials_json_case(doc: &mut Value) -> Vec<JsonPointer> {
    each_schema(doc, &["gemini_secrets", "secrets_properties_gemini"], |schema, at| {
        let object = schema.as_object_mut()?;
        let property = object.get_mut("properties")?.as_object_mut()?.remove("credentialsJSON")?;
        if let Some(props) = object.get_mut("properties").and_then(Value::as_object_mut) {
            props.insert("credentialsJson".into(), property);
        }
        if let Some(Value::Array(required)) = object.get_mut("required") {
            for r in required.iter_mut().filter(|r| r.as_str() == Some("credentialsJSON")) {
                *r = Value::from("credentialsJson");
            }
        }
        Some(at.push("properties").push("credentialsJson"))
    })
}

/// Kibana main of late 2025 (`defender_config.yaml`) requires `apiUrl` and `projectKey`, a
/// copy-paste slip from Jira: the schema has no `projectKey` property, and the server
/// (`microsoft_defender_endpoint/schema.ts`) has no such key. The entry is dropped; a
/// `required` naming an absent property would otherwise be an error.
fn defender_requires_project_key(doc: &mut Value) -> Vec<JsonPointer> {
    each_schema(doc, &["defender_config"], |schema, at| {
        let object = schema.as_object_mut()?;
        let has_property = object.get("properties").and_then(|p| p.get("projectKey")).is_some();
        let Some(Value::Array(required)) = object.get_mut("required") else { return None };
        let before = required.len();
        required.retain(|r| has_property || r.as_str() != Some("projectKey"));
        (required.len() != before).then(|| at.push("required"))
    })
}

/// `defender_secrets` is described as "… when type is `..microsoft_defender_endpoint`": a
/// doubled dot in the type id, which ends up in the generated docs. Docs only.
fn defender_secrets_type_id_typo(doc: &mut Value) -> Vec<JsonPointer> {
    each_schema(doc, &["defender_secrets"], |schema, at| {
        let object = schema.as_object_mut()?;
        let description = object.get("description")?.as_str()?;
        let fixed = description.replace("`..microsoft_defender_endpoint`", "`.microsoft_defender_endpoint`");
        if fixed == description {
            return None;
        }
        object.insert("description".into(), Value::from(fixed));
        Some(at.push("description"))
    })
}

/// The PKI settings of an OpenAI-compatible (`Other`) gen-ai connector that are secrets.
const PKI_SECRETS: [&str; 3] = ["certificateData", "privateKeyData", "caData"];
/// The source component's file-upload variants of those, which the server has nowhere.
const PKI_FILES: [&str; 3] = ["certificateFile", "privateKeyFile", "caFile"];

/// Kibana main of late 2025 lists the PKI material (`certificateData`, `privateKeyData`,
/// `caData`) in `genai_openai_other_config`, where the server (`openai/schema.ts`, 8.19 and
/// 9.1 on) rejects them as unknown keys: they are secrets. They are removed from the config
/// (and its `required`) and added to `genai_secrets` where that schema lacks them; the
/// `*File` variants of the source component, if bundled, are dropped (the server has no
/// such keys). `verificationMode` is config on the server too, so it stays.
fn genai_other_pki_in_config(doc: &mut Value) -> Vec<JsonPointer> {
    let mut moved: Vec<(String, Value)> = Vec::new();
    let mut changed = each_schema(doc, &["genai_openai_other_config"], |schema, at| {
        let object = schema.as_object_mut()?;
        let props = object.get_mut("properties")?.as_object_mut()?;
        moved = PKI_SECRETS.iter().filter_map(|k| props.remove(*k).map(|v| ((*k).to_owned(), v))).collect();
        if moved.is_empty() {
            return None;
        }
        PKI_FILES.iter().for_each(|k| drop(props.remove(*k)));
        if let Some(Value::Array(required)) = object.get_mut("required") {
            required.retain(|r| !r.as_str().is_some_and(|r| PKI_SECRETS.contains(&r) || PKI_FILES.contains(&r)));
        }
        Some(at.push("properties"))
    });
    if !changed.is_empty() {
        changed.extend(each_schema(doc, &["genai_secrets"], |schema, at| {
            let props = schema
                .as_object_mut()?
                .entry("properties")
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()?;
            let mut added = false;
            for (key, value) in moved.drain(..) {
                if !props.contains_key(&key) {
                    props.insert(key, value);
                    added = true;
                }
            }
            added.then(|| at.push("properties"))
        }));
    }
    changed
}

fn schemas_pointer() -> JsonPointer {
    JsonPointer::root().push("components").push("schemas")
}

fn schemas_mut(doc: &mut Value) -> Option<&mut Map<String, Value>> {
    doc.pointer_mut("/components/schemas")?.as_object_mut()
}

/// Runs `fix` on each named component schema that exists; collects what it changed.
fn each_schema(
    doc: &mut Value,
    names: &[&str],
    mut fix: impl FnMut(&mut Value, &JsonPointer) -> Option<JsonPointer>,
) -> Vec<JsonPointer> {
    let Some(schemas) = schemas_mut(doc) else { return Vec::new() };
    names
        .iter()
        .filter_map(|name| {
            let schema = schemas.get_mut(*name)?;
            fix(schema, &schemas_pointer().push(name))
        })
        .collect()
}

/// Visits a schema and every schema nested in it (properties, items, combinators), not
/// examples or other values that merely look like schemas.
fn visit_schemas(schema: &mut Value, at: &JsonPointer, f: &mut impl FnMut(&mut Value, &JsonPointer)) {
    f(schema, at);
    let Some(map) = schema.as_object_mut() else { return };
    for (key, value) in map.iter_mut() {
        let at = at.push(key);
        match (key.as_str(), value) {
            ("properties", Value::Object(props)) => {
                for (name, p) in props.iter_mut() {
                    visit_schemas(p, &at.push(name), f);
                }
            }
            ("items" | "additionalProperties" | "not", v @ Value::Object(_)) => visit_schemas(v, &at, f),
            ("oneOf" | "anyOf" | "allOf", Value::Array(list)) => {
                for (i, s) in list.iter_mut().enumerate() {
                    visit_schemas(s, &at.push(i), f);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(schemas: Value) -> Value {
        json!({"components": {"schemas": schemas}})
    }

    fn run(name: &str, doc: &mut Value) -> Vec<String> {
        let fixup = FIXUPS.iter().find(|f| f.name == name).map(|f| f.apply);
        fixup.map(|apply| apply(doc)).unwrap_or_default().iter().map(|p| p.as_str().to_owned()).collect()
    }

    #[test]
    fn required_any_of_drops_object_entries_once() {
        let mut d = doc(
            json!({"m": {"type": "object", "required": ["a", {"anyOf": ["to", "cc"]}], "properties": {"a": {"type": "string"}}}}),
        );
        assert_eq!(run("required-any-of", &mut d), ["/components/schemas/m/required"]);
        assert_eq!(d.pointer("/components/schemas/m/required"), Some(&json!(["a"])));
        assert!(run("required-any-of", &mut d).is_empty());
    }

    #[test]
    fn slack_max_items_moves_to_the_array() {
        let items = json!({"type": "object", "maxItems": 25, "properties": {"id": {"type": "string"}}});
        let mut d =
            doc(json!({"slack_api_config": {"properties": {"allowedChannels": {"type": "array", "items": items}}}}));
        assert_eq!(
            run("slack-api-max-items-on-item", &mut d),
            ["/components/schemas/slack_api_config/properties/allowedChannels"]
        );
        assert_eq!(
            d.pointer("/components/schemas/slack_api_config/properties/allowedChannels/maxItems"),
            Some(&json!(25))
        );
        assert_eq!(d.pointer("/components/schemas/slack_api_config/properties/allowedChannels/items/maxItems"), None);
        assert!(run("slack-api-max-items-on-item", &mut d).is_empty());
    }

    #[test]
    fn headers_string_becomes_object() {
        let mut d = doc(json!({"config_properties_cases_webhook": {"properties": {"headers": {"type": "string"}}}}));
        assert_eq!(run("cases-webhook-headers-string", &mut d).len(), 1);
        assert_eq!(
            d.pointer("/components/schemas/config_properties_cases_webhook/properties/headers/type"),
            Some(&json!("object"))
        );
        assert!(run("cases-webhook-headers-string", &mut d).is_empty());
    }

    #[test]
    fn xmatters_descriptions_are_swapped_back() {
        let mut d = doc(json!({"xmatters_secrets": {"properties": {
            "user": {"description": "A password for HTTP basic authentication."},
            "password": {"description": "A user name for HTTP basic authentication."}}}}));
        assert_eq!(run("xmatters-swapped-descriptions", &mut d).len(), 1);
        assert_eq!(
            d.pointer("/components/schemas/xmatters_secrets/properties/user/description"),
            Some(&json!("A user name for HTTP basic authentication."))
        );
        assert!(run("xmatters-swapped-descriptions", &mut d).is_empty());
    }

    #[test]
    fn null_string_leaves_the_enum() {
        let mut d = doc(json!({
            "auth_type": {"type": "string", "enum": ["webhook-authentication-basic", "null"]},
            "webhook_config": {"properties": {"authType": {"type": "string", "enum": ["null", "webhook-authentication-ssl"]}}}}));
        assert_eq!(run("auth-type-null-string", &mut d).len(), 2);
        assert_eq!(
            d.pointer("/components/schemas/auth_type"),
            Some(&json!({"type": "string", "enum": ["webhook-authentication-basic"], "nullable": true}))
        );
        assert!(run("auth-type-null-string", &mut d).is_empty());
    }

    #[test]
    fn gemini_key_is_renamed_with_its_required_entry() {
        let mut d = doc(
            json!({"secrets_properties_gemini": {"type": "object", "required": ["credentialsJSON"], "properties": {"credentialsJSON": {"type": "string"}}}}),
        );
        assert_eq!(run("gemini-credentials-json-case", &mut d).len(), 1);
        assert_eq!(
            d.pointer("/components/schemas/secrets_properties_gemini"),
            Some(
                &json!({"type": "object", "required": ["credentialsJson"], "properties": {"credentialsJson": {"type": "string"}}})
            )
        );
        assert!(run("gemini-credentials-json-case", &mut d).is_empty());
    }

    #[test]
    fn defender_drops_the_absent_project_key() {
        let mut d = doc(
            json!({"defender_config": {"type": "object", "required": ["apiUrl", "projectKey"], "properties": {"apiUrl": {"type": "string"}}}}),
        );
        assert_eq!(run("defender-requires-project-key", &mut d), ["/components/schemas/defender_config/required"]);
        assert_eq!(d.pointer("/components/schemas/defender_config/required"), Some(&json!(["apiUrl"])));
        assert!(run("defender-requires-project-key", &mut d).is_empty());
        // A schema that does have the property is not the bug.
        let mut d = doc(
            json!({"defender_config": {"required": ["projectKey"], "properties": {"projectKey": {"type": "string"}}}}),
        );
        assert!(run("defender-requires-project-key", &mut d).is_empty());
    }

    #[test]
    fn defender_secrets_type_id_loses_its_extra_dot() {
        let mut d =
            doc(json!({"defender_secrets": {"description": "Secrets when type is `..microsoft_defender_endpoint`."}}));
        assert_eq!(run("defender-secrets-type-id-typo", &mut d), ["/components/schemas/defender_secrets/description"]);
        assert_eq!(
            d.pointer("/components/schemas/defender_secrets/description"),
            Some(&json!("Secrets when type is `.microsoft_defender_endpoint`."))
        );
        assert!(run("defender-secrets-type-id-typo", &mut d).is_empty());
    }

    #[test]
    fn genai_pki_leaves_the_other_config_for_the_secrets() {
        let pki = json!({"type": "string", "minLength": 1});
        let mut d = doc(json!({
            "genai_openai_other_config": {"required": ["apiUrl", "certificateData"], "properties": {
                "apiUrl": {"type": "string"}, "certificateData": pki, "certificateFile": pki, "caData": pki,
                "verificationMode": {"type": "string"}}},
            "genai_secrets": {"properties": {"apiKey": {"type": "string"}, "caData": {"type": "string"}}}}));
        assert_eq!(
            run("genai-other-pki-in-config", &mut d),
            [
                "/components/schemas/genai_openai_other_config/properties",
                "/components/schemas/genai_secrets/properties"
            ]
        );
        assert_eq!(
            d.pointer("/components/schemas/genai_openai_other_config"),
            Some(
                &json!({"required": ["apiUrl"], "properties": {"apiUrl": {"type": "string"}, "verificationMode": {"type": "string"}}})
            )
        );
        // Moved where missing; a secret already described keeps its own schema.
        assert_eq!(d.pointer("/components/schemas/genai_secrets/properties/certificateData"), Some(&pki));
        assert_eq!(d.pointer("/components/schemas/genai_secrets/properties/caData"), Some(&json!({"type": "string"})));
        assert!(run("genai-other-pki-in-config", &mut d).is_empty());
    }

    #[test]
    fn requested_fixups_must_exist_and_apply() {
        let mut d = doc(json!({"m": {"required": ["a", {"anyOf": ["b"]}]}}));
        let overlay = json!({"x-kibana-fixups": ["required-any-of", "nope", "cases-webhook-headers-string"]});
        let err =
            apply_requested(&mut d, &[(Source::Overlay, overlay)]).err().map(|d| d.to_string()).unwrap_or_default();
        assert!(err.contains("overlay /x-kibana-fixups/1: unknown fixup `nope`"), "{err}");
        assert!(err.contains("overlay /x-kibana-fixups/2: fixup `cases-webhook-headers-string` is requested but the spec does not have its bug"), "{err}");
        assert!(!err.contains("/x-kibana-fixups/0"), "{err}");
        let mut d = doc(json!({"m": {"required": ["a", {"anyOf": ["b"]}]}}));
        let ok = apply_requested(
            &mut d,
            &[(Source::Overlay, json!({"x-kibana-fixups": ["required-any-of"]})), (Source::Overlay, json!({}))],
        );
        assert_eq!(ok, Ok(vec!["required-any-of"]));
    }
}
