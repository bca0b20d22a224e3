//! The schema against the library, with a real validator (`jsonschema`): for every release
//! point and every test payload in the repository (and forms of them Kibana also reads),
//! a body the library accepts is never refused by the schema, and a structural error the
//! library reports (an unknown key, a wrong type or form, a missing required key, a `null`
//! where the release takes none) is refused by it too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use super::*;
use crate::check::{self, Mode};
use crate::source::SourceFile;
use crate::yaml::{self, Node, Tree};
use jsonschema::Validator;
use kibana_connectors::{CreateConnectorRequest, ErrorKind, Validate, ValidationContext};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Every release point, as a version that selects it (`9.2.0`: `9.2` alone is the line's newest patch).
fn points() -> Vec<String> {
    let data: Value = serde_json::from_str(DATA).unwrap();
    let releases = data["releases"].as_array().unwrap().iter().map(|r| r.as_str().unwrap());
    releases.map(|r| if r.matches('.').count() == 1 { format!("{r}.0") } else { r.to_owned() }).collect()
}

fn validator(version: &str, shape: Shape) -> Validator {
    let schema = schema(version.parse().unwrap(), shape, None).unwrap();
    jsonschema::draft202012::meta::validate(&schema).unwrap_or_else(|e| panic!("{version}: not a 2020-12 schema: {e}"));
    jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{version}: {e}"))
}

/// What the library answers for a create body in a release.
#[derive(Debug, PartialEq)]
enum Verdict {
    Accepted,
    /// A problem a schema can state: the body does not parse (missing key, wrong type,
    /// `null`, unknown enum value or key), or a key, form or `null` this release refuses.
    Structural,
    /// Only problems of other kinds (URLs, rules across keys, …).
    Other,
}

fn verdict(body: &Value, cx: &ValidationContext) -> Verdict {
    // A type the release registers without a model: no verdict, and the schema takes any body.
    let id = body.get("connector_type_id").and_then(Value::as_str).unwrap_or_default();
    if cx.version().unmodelled_connector_types().contains(&id) {
        return Verdict::Other;
    }
    let Ok(request) = CreateConnectorRequest::from_json(&body.to_string()) else { return Verdict::Structural };
    match request.validate_with(cx) {
        Ok(()) => Verdict::Accepted,
        Err(errors) => {
            let structural = [ErrorKind::UnknownField, ErrorKind::NullNotAllowed, ErrorKind::WrongType];
            if errors.iter().any(|e| structural.contains(&e.kind)) { Verdict::Structural } else { Verdict::Other }
        }
    }
}

fn read_dir(dir: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
}

fn name(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}

/// A YAML tree as JSON.
fn to_value(node: &Node) -> Value {
    match &node.tree {
        Tree::Scalar(v) => v.clone(),
        Tree::Seq(items) => items.iter().map(to_value).collect(),
        Tree::Map(entries) => Value::Object(entries.iter().map(|(k, v)| (k.clone(), to_value(v))).collect()),
    }
}

fn parse_yaml(path: &Path) -> Option<Node> {
    yaml::parse(&SourceFile::new(name(path), std::fs::read_to_string(path).unwrap())).ok()
}

/// kibana.yml's preconfigured connectors: (id, the entry as written).
fn preconfigured(path: &Path) -> Vec<(String, Value)> {
    let Some(root) = parse_yaml(path) else { return Vec::new() };
    match root.path(&["xpack", "actions", "preconfigured"]).map(to_value) {
        Some(Value::Object(map)) => map.into_iter().collect(),
        _ => Vec::new(),
    }
}

/// A preconfigured entry as a create body.
fn from_preconfigured(entry: &Value) -> Value {
    let mut body = entry.clone();
    if let Some(map) = body.as_object_mut() {
        if let Some(id) = map.remove("actionTypeId") {
            map.insert("connector_type_id".into(), id);
        }
        map.remove("exposeConfig");
    }
    body
}

/// `json!({…})` literals of a Rust source that are whole JSON objects (those built from
/// Rust expressions are skipped).
fn json_literals(text: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("json!(") {
        let rest = &text[at + "json!(".len()..];
        if !rest.starts_with('{') {
            continue;
        }
        let (mut depth, mut in_string, mut escaped, mut end) = (0usize, false, false, None);
        for (i, c) in rest.char_indices() {
            match (in_string, escaped, c) {
                (true, true, _) => escaped = false,
                (true, false, '\\') => escaped = true,
                (true, false, '"') => in_string = false,
                (true, false, _) => {}
                (false, _, '"') => in_string = true,
                (false, _, '{') => depth += 1,
                (false, _, '}') => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i + 1);
                        break;
                    }
                }
                _ => {}
            }
        }
        if let Some(value) = end.and_then(|end| serde_json::from_str::<Value>(&rest[..end]).ok()) {
            out.push(value);
        }
    }
    out
}

/// Every create body the repository's tests use: (where from, body).
fn payloads() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut push = |origin: String, body: Value| {
        if body.is_object() {
            out.push((origin, body));
        }
    };
    let read_json = |path: &Path| serde_json::from_str::<Value>(&std::fs::read_to_string(path).unwrap()).ok();
    for path in read_dir("tests/data/create").into_iter().chain(read_dir("fuzz/corpus/create")) {
        if let Some(body) = read_json(&path) {
            push(name(&path), body);
        }
    }
    // Responses: their name, type and stored config.
    for path in read_dir("tests/data/response") {
        if let Some(r) = read_json(&path) {
            let body = json!({"name": r["name"], "connector_type_id": r["connector_type_id"], "config": r["config"]});
            push(name(&path), body);
        }
    }
    // Update seeds are named after their type (`gen-ai.azure.json` is a `.gen-ai` body).
    for path in read_dir("fuzz/corpus/update") {
        let stem = path.file_name().unwrap().to_str().unwrap().split('.').next().unwrap().to_owned();
        if let Some(Value::Object(mut body)) = read_json(&path) {
            body.insert("connector_type_id".into(), json!(format!(".{stem}")));
            push(name(&path), Value::Object(body));
        }
    }
    for path in read_dir("cli/tests/fixtures") {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        match ext.as_str() {
            "json" => match serde_json::from_str::<Value>(&text) {
                Ok(Value::Array(items)) => items.into_iter().for_each(|b| push(name(&path), b)),
                Ok(body) => push(name(&path), body),
                Err(_) => {}
            },
            "ndjson" => {
                for line in text.lines().filter_map(|l| serde_json::from_str::<Value>(l).ok()) {
                    let a = &line["attributes"];
                    if line["type"] == "action" {
                        push(
                            name(&path),
                            json!({"name": a["name"], "connector_type_id": a["actionTypeId"], "config": a["config"]}),
                        );
                    }
                }
            }
            "yml" | "yaml" => {
                for (id, entry) in preconfigured(&path) {
                    push(format!("{} {id}", name(&path)), from_preconfigured(&entry));
                }
            }
            _ => {}
        }
    }
    // The spec's published request examples.
    let spec = root().join("spec/connectors.yaml");
    if let Some(Value::Object(examples)) = parse_yaml(&spec).map(|n| to_value(&n)["components"]["examples"].clone()) {
        for (key, example) in examples {
            push(format!("spec/connectors.yaml {key}"), example["value"].clone());
        }
    }
    // Whole bodies written as JSON literals in the tests.
    let sources = read_dir("tests/tests").into_iter().chain(read_dir("cli/src"));
    for path in sources.filter(|p| p.extension().is_some_and(|e| e == "rs")) {
        for body in json_literals(&std::fs::read_to_string(&path).unwrap()) {
            if body.get("connector_type_id").is_some() {
                push(name(&path), body);
            }
        }
    }
    out.retain(|(_, b)| b.get("connector_type_id").is_some());
    out
}

/// The objects under `config` and `secrets` (nested ones too), by pointer.
fn objects(body: &Value) -> Vec<String> {
    fn walk(value: &Value, at: String, out: &mut Vec<String>) {
        if let Value::Object(map) = value {
            out.push(at.clone());
            for (k, v) in map {
                walk(v, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
    }
    let mut out = Vec::new();
    for part in ["config", "secrets"] {
        if let Some(v) = body.get(part) {
            walk(v, format!("/{part}"), &mut out);
        }
    }
    out
}

fn with(body: &Value, object: &str, edit: impl FnOnce(&mut Map<String, Value>)) -> Value {
    let mut out = body.clone();
    if let Some(map) = out.pointer_mut(object).and_then(Value::as_object_mut) {
        edit(map);
    }
    out
}

/// Forms of `body` Kibana may also read: `null`s, absent keys, booleans and numbers as
/// strings, numbers in JavaScript's other forms, lists and objects as JSON text, `config`
/// and `secrets` as JSON text or absent.
fn other_forms(body: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for object in objects(body) {
        let Some(map) = body.pointer(&object).and_then(Value::as_object) else { continue };
        for (key, value) in map {
            let forms: Vec<Value> = match value {
                Value::Bool(b) => vec![json!(b.to_string()), json!(b.to_string().to_uppercase()), json!(!b)],
                Value::Number(n) => vec![
                    json!(n.to_string()),
                    json!(format!(" {n} ")),
                    json!("0x10"),
                    json!(true),
                    json!([n]),
                    json!([]),
                    json!(n.as_f64().map(|f| f + 0.5)),
                ],
                Value::Array(_) | Value::Object(_) => vec![json!(value.to_string())],
                _ => Vec::new(),
            };
            out.push(with(body, &object, |m| {
                m.insert(key.clone(), Value::Null);
            }));
            out.push(with(body, &object, |m| {
                m.remove(key);
            }));
            for form in forms {
                out.push(with(body, &object, |m| {
                    m.insert(key.clone(), form);
                }));
            }
        }
    }
    for part in ["config", "secrets"] {
        if let Some(v) = body.get(part) {
            let mut text = body.clone();
            text[part] = json!(v.to_string());
            out.push(text);
            let mut absent = body.clone();
            absent.as_object_mut().unwrap().remove(part);
            out.push(absent);
        }
    }
    out
}

/// Structural errors made in `body`: an unknown key, each key of the wrong type or absent.
fn broken(body: &Value) -> Vec<Value> {
    let mut out = vec![with(body, "", |m| {
        m.insert("zz_unknown".into(), json!(1));
    })];
    for object in objects(body) {
        out.push(with(body, &object, |m| {
            m.insert("zzUnknown".into(), json!("x"));
        }));
        let Some(map) = body.pointer(&object).and_then(Value::as_object) else { continue };
        for (key, value) in map {
            let wrong = match value {
                Value::Number(_) | Value::Bool(_) | Value::Null => json!({"zz": 1}),
                _ => json!(12345),
            };
            out.push(with(body, &object, |m| {
                m.insert(key.clone(), wrong);
            }));
            out.push(with(body, &object, |m| {
                m.remove(key);
            }));
        }
    }
    out
}

#[test]
fn every_release_has_a_valid_schema_of_both_shapes() {
    for version in points().iter().map(String::as_str).chain(KibanaVersion::LINES.iter().copied()) {
        for shape in [Shape::Create, Shape::Preconfigured] {
            validator(version, shape);
        }
    }
}

#[test]
fn the_data_names_the_library_releases() {
    let data: Value = serde_json::from_str(DATA).unwrap();
    let mut lines: Vec<String> = Vec::new();
    for r in data["releases"].as_array().unwrap() {
        let line = r.as_str().unwrap().splitn(3, '.').take(2).collect::<Vec<_>>().join(".");
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    assert_eq!(lines, KibanaVersion::LINES);
    // A line alone is its newest point; a patch the nearest point at or below it.
    let at = |v: &str| point(v.parse().unwrap(), data.get("releases")).unwrap();
    assert_eq!(
        (at("9.2"), at("9.2.5"), at("9.2.0"), at("8.17.2")),
        ("9.2.8".into(), "9.2.4".into(), "9.2".into(), "8.17".into())
    );
    assert_eq!(at(&KibanaVersion::LATEST.to_string()), *data["releases"].as_array().unwrap().last().unwrap());
}

#[test]
fn accepted_bodies_pass_and_structural_errors_fail_in_every_release() {
    let payloads = payloads();
    let (mut validated, mut refused, mut payloads_accepted) = (0, 0, 0);
    let mut failures = Vec::new();
    let points = points();
    for version in &points {
        let cx = ValidationContext::for_version(version.parse().unwrap());
        let schema = validator(version, Shape::Create);
        for (origin, base) in &payloads {
            payloads_accepted += usize::from(verdict(base, &cx) == Verdict::Accepted);
            let lenient = std::iter::once(base.clone()).chain(other_forms(base));
            for (body, structural) in lenient.map(|b| (b, false)).chain(broken(base).into_iter().map(|b| (b, true))) {
                let library = verdict(&body, &cx);
                let valid = schema.is_valid(&body);
                match (&library, valid) {
                    (Verdict::Accepted, true) => validated += 1,
                    (Verdict::Structural, false) if structural => refused += 1,
                    (Verdict::Accepted, false) => {
                        let errors: Vec<String> =
                            schema.iter_errors(&body).map(|e| format!("{e} at {}", e.instance_path())).collect();
                        failures.push(format!(
                            "{version} {origin}: accepted by the library, refused by the schema: {body}\n  {}",
                            errors.join("\n  ")
                        ));
                    }
                    (Verdict::Structural, true) if structural => {
                        failures.push(format!("{version} {origin}: structural error the schema accepts: {body}"));
                    }
                    _ => {}
                }
            }
        }
    }
    eprintln!(
        "{} payloads x {} releases ({payloads_accepted} accepted by the library): {validated} accepted bodies \
         (payloads and other forms of them) validated, {refused} structural errors refused",
        payloads.len(),
        points.len()
    );
    assert!(payloads.len() >= 150, "only {} payloads found", payloads.len());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The pointers of values holding a `${VAR}` placeholder, as the schema's pattern finds them.
fn placeholders(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::String(s) if has_placeholder(s) => out.push(at.to_owned()),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| placeholders(v, &format!("{at}/{i}"), out)),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| placeholders(v, &format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out)),
        _ => {}
    }
}

fn has_placeholder(s: &str) -> bool {
    s.match_indices("${").any(|(i, _)| {
        s[i + 2..].split_once('}').is_some_and(|(inner, _)| {
            let name = inner.split(':').next().unwrap_or_default();
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
    })
}

/// A create body as a preconfigured entry.
fn to_preconfigured(body: &Value) -> Value {
    let mut entry = body.clone();
    if let Some(map) = entry.as_object_mut() {
        if let Some(id) = map.remove("connector_type_id") {
            map.insert("actionTypeId".into(), id);
        }
    }
    entry
}

#[test]
fn kibana_yml_connectors_check_accepts_pass_the_preconfigured_schema() {
    let entries: Vec<(String, Value)> = read_dir("cli/tests/fixtures")
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .flat_map(|p| preconfigured(p).into_iter().map(move |(id, e)| (format!("{} {id}", name(p)), e)))
        .collect();
    let structural: Vec<&str> = [
        ErrorKind::UnknownField,
        ErrorKind::NullNotAllowed,
        ErrorKind::WrongType,
        ErrorKind::MissingKey,
        ErrorKind::UnknownValue,
    ]
    .iter()
    .map(|k| k.as_str())
    .collect();
    let (mut validated, mut refused, mut failures) = (0, 0, Vec::new());
    for version in points() {
        let cx = ValidationContext::for_version(version.parse().unwrap());
        let schema = validator(&version, Shape::Preconfigured);
        for (origin, entry) in &entries {
            let base = from_preconfigured(entry);
            let lenient = std::iter::once(base.clone()).chain(other_forms(&base));
            for (body, broken_on_purpose) in
                lenient.map(|b| (b, false)).chain(broken(&base).into_iter().map(|b| (b, true)))
            {
                let mut found_at = Vec::new();
                placeholders(&body, "", &mut found_at);
                let mode = Mode { update: None, config_only: false };
                let found = check::check(body.clone(), mode, &cx, &found_at);
                let map = json!({"xpack.actions.preconfigured": {"my-connector": to_preconfigured(&body)}});
                let valid = schema.is_valid(&map);
                let is_structural = found.iter().any(|f| structural.contains(&f.kind.to_string().as_str()));
                match (found.is_empty(), valid) {
                    (true, true) => validated += 1,
                    (false, false) if broken_on_purpose && is_structural => refused += 1,
                    (true, false) => {
                        failures.push(format!("{version} {origin}: check accepts, the schema refuses: {map}"))
                    }
                    (false, true) if broken_on_purpose && is_structural => {
                        failures.push(format!("{version} {origin}: structural error the schema accepts: {map}"))
                    }
                    _ => {}
                }
            }
        }
    }
    eprintln!(
        "{} kibana.yml connectors: {validated} accepted entries validated, {refused} structural errors refused",
        entries.len()
    );
    assert!(entries.len() >= 10, "only {} preconfigured connectors found", entries.len());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// Explicit cases: (release, body, the library's and the schema's verdict).
#[test]
fn structural_errors_are_refused_and_release_differences_followed() {
    let hook = |config: Value| json!({"connector_type_id": ".webhook", "name": "h", "config": config, "secrets": {"user": "u", "password": "p"}});
    let url = json!({"url": "https://hooks.example.com/a"});
    let cases: Vec<(&str, Value, bool)> = vec![
        ("9.5", hook(url.clone()), true),
        // An unknown key, at the top, in config, in secrets.
        ("9.5", json!({"connector_type_id": ".webhook", "name": "h", "config": url, "extra": 1}), false),
        ("9.5", hook(json!({"url": "https://hooks.example.com/a", "urll": "x"})), false),
        (
            "9.5",
            json!({"connector_type_id": ".webhook", "name": "h", "config": url, "secrets": {"user": "u", "password": "p", "pass": "x"}}),
            false,
        ),
        // A wrong type.
        ("9.5", hook(json!({"url": 5})), false),
        ("9.5", hook(json!({"url": "https://hooks.example.com/a", "method": "trace"})), false),
        ("9.5", json!({"connector_type_id": ".webhook", "name": 5, "config": url}), false),
        // A missing required key.
        ("9.5", json!({"connector_type_id": ".webhook", "config": url}), false),
        ("9.5", hook(json!({"method": "post"})), false),
        ("9.5", json!({"connector_type_id": ".index", "name": "i", "config": {"refresh": true}}), false),
        ("9.5", json!({"name": "no type", "config": {}}), false),
        // `null` where the key may only be omitted.
        ("9.5", hook(json!({"url": "https://hooks.example.com/a", "method": null})), false),
        // Booleans as strings: config-schema (9.2) reads them, zod (9.3) does not.
        ("9.2", hook(json!({"url": "https://hooks.example.com/a", "hasAuth": "TRUE"})), true),
        ("9.3", hook(json!({"url": "https://hooks.example.com/a", "hasAuth": "TRUE"})), false),
        ("9.2", hook(json!({"url": "https://hooks.example.com/a", "hasAuth": "yes"})), false),
        // Headers as JSON text: 9.2 yes, 9.3 no.
        ("9.2", hook(json!({"url": "https://hooks.example.com/a", "headers": "{\"X-A\": \"1\"}"})), true),
        ("9.3", hook(json!({"url": "https://hooks.example.com/a", "headers": "{\"X-A\": \"1\"}"})), false),
        // A connector type of later releases.
        ("9.3", json!({"connector_type_id": ".http", "name": "h", "config": {"url": "https://a.example"}}), false),
        ("9.4", json!({"connector_type_id": ".http", "name": "h", "config": {"url": "https://a.example"}}), true),
        // The config as JSON text.
        ("8.16", json!({"connector_type_id": ".index", "name": "i", "config": "{\"index\": \"alerts\"}"}), true),
        // A tagged union: the tag chooses the keys.
        (
            "9.5",
            json!({"connector_type_id": ".gen-ai", "name": "ai", "config": {"apiProvider": "OpenAI", "apiUrl": "https://api.openai.com/v1/chat/completions"}, "secrets": {"apiKey": "k"}}),
            true,
        ),
        (
            "9.5",
            json!({"connector_type_id": ".gen-ai", "name": "ai", "config": {"apiProvider": "Azure OpenAI", "apiUrl": "https://x.openai.azure.com/x", "organizationId": "o"}, "secrets": {"apiKey": "k"}}),
            false,
        ),
        (
            "9.5",
            json!({"connector_type_id": ".gen-ai", "name": "ai", "config": {"apiProvider": 1, "apiUrl": "https://api.openai.com/v1/chat/completions"}, "secrets": {"apiKey": "k"}}),
            false,
        ),
    ];
    for (version, body, accepted) in cases {
        let cx = ValidationContext::for_version(version.parse().unwrap());
        let library = verdict(&body, &cx);
        assert_eq!(library == Verdict::Accepted, accepted, "{version}: the library on {body}: {library:?}");
        assert_eq!(validator(version, Shape::Create).is_valid(&body), accepted, "{version}: the schema on {body}");
    }
}

#[test]
fn preconfigured_entries_take_placeholders_dotted_keys_and_keystore_secrets() {
    let schema = validator("9.5", Shape::Preconfigured);
    let yml =
        |map: Value| json!({"server.port": 5601, "xpack": {"actions": {"preconfigured": map, "allowedHosts": ["*"]}}});
    let entry = |config: Value| yml(json!({"hook": {"actionTypeId": ".email", "name": "mail", "config": config}}));
    let base = json!({"from": "a@example.com", "host": "smtp.example.com", "port": 587, "service": "other"});
    assert!(schema.is_valid(&entry(base.clone())), "secrets may stay in the keystore");
    let placeholders =
        json!({"from": "a@example.com", "port": "${SMTP_PORT}", "secure": "${TLS:true}", "service": "other"});
    assert!(schema.is_valid(&entry(placeholders)));
    assert!(
        schema.is_valid(&yml(json!({"hook": {"actionTypeId": ".email", "name": "mail", "config.from": "a@x.com"}})))
    );
    assert!(!schema.is_valid(&entry(json!({"from": "a@example.com", "port": "587 or so"}))));
    assert!(!schema.is_valid(&entry(json!({"port": 587}))), "`from` is required");
    assert!(
        !schema.is_valid(&yml(json!({"hook": {"actionTypeId": ".email", "name": "mail", "config": base, "on": true}})))
    );
    assert!(!schema.is_valid(&yml(json!({"hook": {"actionTypeId": ".nope", "name": "x"}}))));
    assert!(
        schema.is_valid(&yml(json!({"hook": {"actionTypeId": ".server-log", "name": "log", "exposeConfig": true}})))
    );
    // Every spelling of the path that splits it at the top.
    let bad = json!({"hook": {"actionTypeId": ".nope", "name": "x"}});
    for doc in [
        json!({"xpack.actions.preconfigured": bad}),
        json!({"xpack.actions": {"preconfigured": bad}}),
        json!({"xpack": {"actions.preconfigured": bad}}),
        json!({"xpack": {"actions": {"preconfigured": bad}}}),
    ] {
        assert!(!schema.is_valid(&doc), "{doc}");
    }
}

#[test]
fn one_type_and_usage_errors() {
    let teams = |v: &str| schema(v.parse().unwrap(), Shape::Create, Some(ConnectorType::Teams)).unwrap();
    let config = |s: Value| s["allOf"][0]["then"]["properties"]["config"]["anyOf"][0].clone();
    // 8.x leaves `.teams` config unchecked; 9.3 takes none.
    assert_eq!(config(teams("9.2"))["additionalProperties"], json!(true));
    assert_eq!(config(teams("9.3"))["additionalProperties"], json!(false));
    assert_eq!(teams("9.5")["properties"]["connector_type_id"]["enum"], json!([".teams"]));
    let err = schema("9.3".parse().unwrap(), Shape::Create, Some(ConnectorType::Http)).unwrap_err();
    assert_eq!(err, "--type: `.http` is not a connector type of Kibana 9.3");
    assert!(version(Some("7.17")).unwrap_err().contains("supported release lines"));
    // The top level reads in order.
    let text = render(&teams("9.5"));
    assert!(
        text.starts_with("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"title\""),
        "{text}"
    );
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), teams("9.5"));
}

#[test]
fn unmodelled_types_take_any_body_where_the_release_registers_them() {
    let github = json!({"connector_type_id": ".github", "name": "gh", "config": {"serverUrl": "https://x.example"},
        "secrets": {"authType": "bearer", "token": "t"}});
    assert!(validator("9.4", Shape::Create).is_valid(&github));
    assert!(!validator("9.2", Shape::Create).is_valid(&github), "9.2 has no such type");
    // Modelled from 9.4, listed without a model in 9.3: checked only where modelled.
    let shodan = json!({"connector_type_id": ".shodan", "name": "s", "config": {}, "secrets": {"token": "t"}});
    assert!(validator("9.3", Shape::Create).is_valid(&shodan));
    assert!(!validator("9.4", Shape::Create).is_valid(&shodan));
}
