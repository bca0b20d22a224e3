//! `kibana-connectors schema`: a JSON Schema (draft 2020-12) of create bodies, or of
//! kibana.yml's `xpack.actions.preconfigured` map, for one Kibana release.
//!
//! The schemas are not written here: `cargo xtask codegen` writes `schema.data.json` from
//! the model the library is generated from (`generator::json_schema`), one fragment per
//! schema and connector type for each group of releases that share it. This module picks
//! the release's fragments, keys one branch per connector type on its type id, and for
//! kibana.yml adds what Kibana's config loader allows there (`${VAR}` placeholders, dotted
//! keys, secrets kept in the keystore), all generically.

use kibana_connectors::{ConnectorType, KibanaVersion};
use serde_json::{Map, Value, json};
use std::io::Write;
use std::process::ExitCode;

/// Every release's schema fragments (written by `cargo xtask codegen`).
const DATA: &str = include_str!("schema.data.json");

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Names of the definitions this module adds (generated ones are Rust type names, which
/// start with an upper-case letter, so these never collide).
const CONNECTOR_DEF: &str = "preconfigured_connector";
const PLACEHOLDER_DEF: &str = "env_placeholder";
const MAP_DEF: &str = "preconfigured";

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The Kibana release (`9.1`, `9.1.3`); default: the latest supported.
    #[arg(long, value_name = "VERSION")]
    pub kibana_version: Option<String>,

    /// The schema of kibana.yml's `xpack.actions.preconfigured` map instead of create bodies.
    #[arg(long)]
    pub preconfigured: bool,

    /// Only this connector type (`.webhook`).
    #[arg(long = "type", value_name = "ID")]
    pub connector_type: Option<String>,
}

/// What the schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `POST /api/actions/connector` bodies.
    Create,
    /// kibana.yml's `xpack.actions.preconfigured` map.
    Preconfigured,
}

/// Prints the schema; 2 on a usage error.
pub fn run(args: &SchemaArgs) -> ExitCode {
    let shape = if args.preconfigured { Shape::Preconfigured } else { Shape::Create };
    let result = version(args.kibana_version.as_deref()).and_then(|v| {
        let only = match &args.connector_type {
            Some(id) => {
                Some(id.parse::<ConnectorType>().map_err(|_| format!("--type: unknown connector type `{id}`"))?)
            }
            None => None,
        };
        schema(v, shape, only)
    });
    match result {
        Ok(schema) => {
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::stdout().lock().write_all(render(&schema).as_bytes());
            ExitCode::SUCCESS
        }
        Err(usage) => {
            eprintln!("error: {usage}");
            ExitCode::from(2)
        }
    }
}

fn version(given: Option<&str>) -> Result<KibanaVersion, String> {
    given.map_or(Ok(KibanaVersion::LATEST), |v| v.parse::<KibanaVersion>().map_err(|e| e.to_string()))
}

/// The schema of `shape` for release `version`, of every connector type or only `only`.
pub fn schema(version: KibanaVersion, shape: Shape, only: Option<ConnectorType>) -> Result<Value, String> {
    let data: Value = serde_json::from_str(DATA).map_err(|e| format!("the embedded schema data is broken: {e}"))?;
    let point = point(version, data.get("releases"))?;
    let pick = |variants: Option<&Value>| -> Option<Value> {
        variants?
            .as_array()?
            .iter()
            .find(|v| {
                v.get("releases")
                    .is_none_or(|r| r.as_array().is_some_and(|r| r.iter().any(|x| x.as_str() == Some(point.as_str()))))
            })
            .and_then(|v| v.get("schema"))
            .cloned()
    };
    let key = match shape {
        Shape::Create => "connector_type_id",
        Shape::Preconfigured => "actionTypeId",
    };
    let mut ids = Vec::new();
    let mut branches = Vec::new();
    for c in data.get("connectors").and_then(Value::as_array).into_iter().flatten() {
        let Some(id) = c.get("id").and_then(Value::as_str) else { continue };
        if only.is_some_and(|t| t.as_str() != id) {
            continue;
        }
        let Some(mut then) = pick(c.get("variants")) else { continue };
        if shape == Shape::Preconfigured {
            // Secrets may live in the keystore instead of the file.
            if let Some(Value::Object(then)) = Some(&mut then) {
                if let Some(Value::Array(required)) = then.get_mut("required") {
                    required.retain(|k| k != "secrets");
                    if required.is_empty() {
                        then.remove("required");
                    }
                }
            }
        }
        ids.push(id.to_owned());
        branches.push(json!({"if": {"properties": {key: {"const": id}}, "required": [key]}, "then": then}));
    }
    // Types the release registers without a model here: any `config` and `secrets` (`check`
    // gives them no verdict, so the schema does not refuse them either).
    if only.is_none() {
        ids.extend(version.unmodelled_connector_types().iter().map(|id| (*id).to_owned()));
    }
    if let (Some(t), true) = (only, ids.is_empty()) {
        return Err(format!("--type: `{t}` is not a connector type of Kibana {version}"));
    }

    // The definitions the branches reach, each as this release has it.
    let mut defs = Map::new();
    let mut todo: Vec<String> = Vec::new();
    branches.iter().for_each(|b| refs(b, &mut todo));
    while let Some(name) = todo.pop() {
        if defs.contains_key(&name) {
            continue;
        }
        let def = pick(data.get("defs").and_then(|d| d.get(&name)))
            .ok_or_else(|| format!("the embedded schema data has no `{name}` for Kibana {version}"))?;
        refs(&def, &mut todo);
        defs.insert(name, def);
    }

    let name = json!({"type": "string", "minLength": 1, "description": "The display name of the connector."});
    let type_id = json!({"type": "string", "enum": ids, "description": "The connector type."});
    let part = json!({"type": ["object", "string"]});
    Ok(match shape {
        Shape::Create => json!({
            "$schema": DRAFT,
            "title": format!("Kibana {version}: connector create body (POST /api/actions/connector)"),
            "description": description(version, shape),
            "type": "object",
            "required": ["name", "connector_type_id"],
            "additionalProperties": false,
            "properties": {"name": name, "connector_type_id": type_id, "config": part, "secrets": part},
            "allOf": branches,
            "$defs": defs,
        }),
        Shape::Preconfigured => {
            for_kibana_yml(&mut defs);
            let expose =
                json!({"description": "Whether the config is shown in the UI: read by Kibana, not checked here."});
            let mut connector = json!({
                "type": "object",
                "required": ["actionTypeId", "name"],
                "additionalProperties": false,
                "properties": {"name": name, "actionTypeId": type_id, "config": part, "secrets": part, "exposeConfig": expose},
                "allOf": branches,
            });
            dotted_keys(&mut connector);
            defs.insert(CONNECTOR_DEF.into(), connector);
            defs.insert(
                PLACEHOLDER_DEF.into(),
                json!({"type": "string", "pattern": r"\$\{[A-Za-z0-9_]+(:[^}]*)?\}",
                       "description": "A `${VAR}` placeholder Kibana replaces at start-up: any value may stand there."}),
            );
            defs.insert(
                MAP_DEF.into(),
                json!({
                    "description": "The value of `xpack.actions.preconfigured`: connectors by id.",
                    "type": "object",
                    "patternProperties": {r"\.": true},
                    "additionalProperties": {"$ref": format!("#/$defs/{CONNECTOR_DEF}")},
                }),
            );
            // kibana.yml's other settings are left open; the map is found under any spelling
            // of its path that splits it at the top (`xpack.actions.preconfigured:`, `xpack:`
            // then `actions.preconfigured:`, …).
            let map = json!({"$ref": format!("#/$defs/{MAP_DEF}")});
            json!({
                "$schema": DRAFT,
                "title": format!("Kibana {version}: kibana.yml's xpack.actions.preconfigured"),
                "description": description(version, shape),
                "type": "object",
                "properties": {
                    "xpack.actions.preconfigured": map,
                    "xpack.actions": {"type": "object", "properties": {"preconfigured": map}},
                    "xpack": {"type": "object", "properties": {
                        "actions.preconfigured": map,
                        "actions": {"type": "object", "properties": {"preconfigured": map}},
                    }},
                },
                "$defs": defs,
            })
        }
    })
}

fn description(version: KibanaVersion, shape: Shape) -> String {
    let what = match shape {
        Shape::Create => "A connector create body",
        Shape::Preconfigured => {
            "kibana.yml's `xpack.actions.preconfigured` map (the file's other settings are left \
            open; the map alone is `#/$defs/preconfigured`): connector ids, each with its `actionTypeId`, `name`, \
            `config` and `secrets` (which may stay in the keystore instead). A value holding a `${VAR}` placeholder \
            stands for any type, and keys with dots (which Kibana splits) are not checked. Each connector is read"
        }
    };
    format!(
        "{what} as Kibana {version} reads it: one branch per connector type, with the keys, types, enum values and \
         required keys of its `config` and `secrets`, and the string forms Kibana also reads (`\"true\"`, `\"587\"`, \
         an object as JSON text) where that release takes them. Rules a schema cannot express stay with \
         `kibana-connectors check`: URLs and xpack.actions.allowedHosts, e-mail addresses and domains, strings of \
         white space only, and rules across keys (which keys go together, what an authentication type needs). \
         Connector-spec types this release registers without a model here ({}) take any `config` and `secrets`.",
        unmodelled(version)
    )
}

/// The connector-spec types `version` registers without a model, as text (`none` when there are none).
fn unmodelled(version: KibanaVersion) -> String {
    match version.unmodelled_connector_types() {
        [] => "none".to_owned(),
        ids => ids.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", "),
    }
}

/// The release point `version` falls on, as the data names it (`9.4.2`): the last point of
/// its line at or below its patch, as `ValidationContext::for_version` chooses.
fn point(version: KibanaVersion, releases: Option<&Value>) -> Result<String, String> {
    let mut best = None;
    for r in releases.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        let (line, from) = match r.matches('.').count() {
            2 => r.rsplit_once('.').map(|(l, p)| (l, p.parse::<u32>().unwrap_or(u32::MAX))).unwrap_or((r, 0)),
            _ => (r, 0),
        };
        if line == version.line() && version.patch().is_none_or(|p| p >= from) {
            best = Some(r.to_owned());
        }
    }
    best.ok_or_else(|| format!("the embedded schema data has no release for Kibana {version}"))
}

/// Collects the definition names of every `$ref` in `schema`.
fn refs(schema: &Value, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        if let Some(name) = r.strip_prefix("#/$defs/") {
                            out.push(name.to_owned());
                        }
                    }
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// What Kibana's config loader allows in kibana.yml, applied to every definition: any value
/// may be a `${VAR}` placeholder, and any object may hold dotted keys.
fn for_kibana_yml(defs: &mut Map<String, Value>) {
    for def in defs.values_mut() {
        dotted_keys(def);
        placeholders(def);
    }
}

/// Calls `f` on each subschema of `schema` by keyword: `if` is left out (its tests choose a
/// branch and are not changed); values of other keywords (`enum`, `default`, …) are data.
fn subschemas(schema: &mut Map<String, Value>, mut f: impl FnMut(&str, &mut Value)) {
    for (key, value) in schema.iter_mut() {
        match (key.as_str(), value) {
            ("properties" | "patternProperties" | "$defs", Value::Object(map)) => {
                map.values_mut().for_each(|v| f(key, v))
            }
            ("allOf" | "anyOf" | "oneOf" | "prefixItems", Value::Array(items)) => {
                items.iter_mut().for_each(|v| f(key, v))
            }
            ("items" | "additionalProperties" | "not" | "then" | "else" | "contains" | "propertyNames", v) => f(key, v),
            _ => {}
        }
    }
}

/// Each key's, item's and map value's schema also takes a placeholder string.
fn placeholders(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    subschemas(map, |key, v| match key {
        "properties" | "items" | "additionalProperties" => or_placeholder(v),
        _ => placeholders(v),
    });
}

fn or_placeholder(schema: &mut Value) {
    if !schema.is_object() {
        return;
    }
    placeholders(schema);
    let Value::Object(mut inner) = schema.take() else { return };
    let mut outer = Map::new();
    for annotation in ["description", "default"] {
        if let Some(v) = inner.remove(annotation) {
            outer.insert(annotation.to_owned(), v);
        }
    }
    outer.insert("anyOf".into(), json!([inner, {"$ref": format!("#/$defs/{PLACEHOLDER_DEF}")}]));
    *schema = Value::Object(outer);
}

/// Every object schema also takes keys with dots, unchecked (Kibana splits them into nested
/// keys first), and a required key whose value may be an object may come as dotted keys
/// (`config.url: …`).
fn dotted_keys(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    // Children first: the alternatives added below are not walked again.
    subschemas(map, |_, v| dotted_keys(v));
    let object = map.get("type").is_some_and(|t| {
        t.as_str() == Some("object") || t.as_array().is_some_and(|a| a.iter().any(|t| t.as_str() == Some("object")))
    });
    if object && !map.contains_key("patternProperties") {
        map.insert("patternProperties".into(), json!({r"\.": true}));
    }
    let Some(Value::Array(keys)) = map.get("required") else { return };
    let property = |k: &str| map.get("properties").and_then(|p| p.get(k));
    let (dotted, plain): (Vec<String>, Vec<String>) =
        keys.iter().filter_map(Value::as_str).map(str::to_owned).partition(|k| property(k).is_none_or(may_be_object));
    if dotted.is_empty() {
        return;
    }
    if plain.is_empty() {
        map.remove("required");
    } else {
        map.insert("required".into(), json!(plain));
    }
    let each = dotted.iter().map(|k| {
        let dotted = json!({"not": {"propertyNames": {"not": {"pattern": format!("^{}\\.", regex_escape(k))}}}});
        json!({"anyOf": [{"required": [k]}, dotted]})
    });
    if let Value::Array(all) = map.entry("allOf").or_insert_with(|| json!([])) {
        all.extend(each);
    }
}

/// Whether a value of `schema` may be an object (a `$ref` may be).
fn may_be_object(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(types)) => types.iter().any(|t| t.as_str() == Some("object")),
        _ => match schema.get("anyOf").and_then(Value::as_array) {
            Some(alternatives) => alternatives.iter().any(may_be_object),
            None => schema.as_bool() != Some(false),
        },
    }
}

fn regex_escape(text: &str) -> String {
    text.chars().fold(String::new(), |mut out, c| {
        if "\\.^$|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
        out
    })
}

/// Pretty JSON with the top level in reading order (`$schema`, `title`, … `$defs` last);
/// nested objects keep `serde_json`'s order.
fn render(schema: &Value) -> String {
    const ORDER: [&str; 10] = [
        "$schema",
        "title",
        "description",
        "type",
        "required",
        "additionalProperties",
        "patternProperties",
        "properties",
        "allOf",
        "$defs",
    ];
    let Value::Object(map) = schema else { return format!("{schema}\n") };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by_key(|k| (ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()), *k));
    let mut out = String::from("{\n");
    for (i, key) in keys.iter().enumerate() {
        let value = map.get(*key).map(|v| serde_json::to_string_pretty(v).unwrap_or_default()).unwrap_or_default();
        let value = value.replace('\n', "\n  ");
        let comma = if i + 1 < keys.len() { "," } else { "" };
        out.push_str(&format!("  {}: {value}{comma}\n", Value::String((*key).clone())));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests;
