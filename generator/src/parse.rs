//! Stages 1 and 3: text → JSON value (1, `parse_yaml`); after fixups and overlays, JSON
//! value → `openapiv3` document (3, `to_openapi`). YAML stays behind this module.
//!
//! YAML is read with `serde_yaml_ng`, a maintained fork of the archived `serde_yaml`
//! with the same API. Documents are kept as `serde_json::Value` until the overlay is
//! applied, because overlays address the document, not the typed model.

use crate::diagnostics::{Diagnostic, Diagnostics, Source};
use crate::pointer::JsonPointer;
use serde_json::Value;

/// Parses YAML (or JSON, which is YAML) text into a JSON value.
pub fn parse_yaml(text: &str, source: Source) -> Result<Value, Diagnostics> {
    let value: Result<Value, _> = serde_yaml_ng::from_str(text);
    value.map_err(|e| {
        let at = e.location().map(|l| format!(" (line {}, column {})", l.line(), l.column())).unwrap_or_default();
        let d = Diagnostic {
            source,
            pointer: JsonPointer::root(),
            message: format!("not valid YAML{at}: {e}"),
            hint: Some("check indentation and quoting near that line".into()),
            related: Vec::new(),
        };
        Diagnostics::from(d)
    })
}

/// Checks the `openapi` version field: only 3.0.x is supported.
pub fn check_version(doc: &Value) -> Result<(), Diagnostics> {
    let pointer = JsonPointer::root().push("openapi");
    match doc.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => Ok(()),
        Some(v) if v.starts_with("3.1") => Err(Diagnostic::spec(&pointer, format!("OpenAPI {v} is not supported"))
            .hint("this generator reads OpenAPI 3.0.x; 3.1 changes `nullable`, `exclusiveMinimum` and `$ref` siblings")
            .into()),
        Some(v) => {
            Err(Diagnostic::spec(&pointer, format!("unsupported OpenAPI version `{v}`")).hint("expected 3.0.x").into())
        }
        None if doc.get("openapi").is_some_and(|v| !v.is_null()) => {
            let found = doc.get("openapi").map(Value::to_string).unwrap_or_default();
            Err(Diagnostic::spec(&pointer, format!("the `openapi` version must be a string, found `{found}`"))
                .hint("write the full version, e.g. `openapi: 3.0.3` (YAML reads `3.0` as a number)")
                .into())
        }
        None => Err(Diagnostic::spec(&pointer, "missing `openapi` version field")
            .hint("is this an OpenAPI document? expected `openapi: 3.0.3` at the top")
            .into()),
    }
}

/// The extension that records `default: null`, which `openapiv3` reads as "no default".
pub const NULL_DEFAULT: &str = "x-null-default";

/// Rewrites every `default: null` into `x-null-default: true` so the fact survives
/// conversion to `openapiv3` (whose `default` is an `Option` that swallows `null`).
pub(crate) fn mark_null_defaults(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
                map.insert(NULL_DEFAULT.to_owned(), Value::Bool(true));
            }
            map.values_mut().for_each(mark_null_defaults);
        }
        Value::Array(items) => items.iter_mut().for_each(mark_null_defaults),
        _ => {}
    }
}

/// Converts the (overlaid) JSON value into the typed `openapiv3` model.
///
/// Everything the connector models can depend on is read strictly: the root (its
/// extensions carry the connector table), `components`, and the operations of the
/// connector API ([`is_connector_path`]). The operations of every other API are not read
/// at all: Kibana publishes one document for all its APIs, and a malformed operation of,
/// say, Synthetics says nothing about connectors and must not stop generation. Each kept
/// path item is converted on its own, so a problem in one is reported at its own pointer
/// (`/paths/~1api~1actions~1connector~1{id}/post`), not at `/paths`.
pub fn to_openapi(mut doc: Value) -> Result<openapiv3::OpenAPI, Diagnostics> {
    let items = take_path_items(&mut doc);
    mark_null_defaults(&mut doc);
    let mut spec: openapiv3::OpenAPI = deserialize(doc, &JsonPointer::root())?;
    let mut diags = Diagnostics::default();
    let at = JsonPointer::root().push("paths");
    for (path, mut item) in items {
        if !is_connector_path(&path) {
            continue;
        }
        mark_null_defaults(&mut item);
        // `ReferenceOr` is untagged (it buffers, losing the location): read an item as itself.
        let item = if item.get("$ref").is_some() {
            deserialize(item, &at.push(&path))
        } else {
            deserialize(item, &at.push(&path)).map(openapiv3::ReferenceOr::Item)
        };
        match item {
            Ok(item) => {
                spec.paths.paths.insert(path, item);
            }
            Err(d) => d.iter().cloned().for_each(|x| diags.push(x)),
        }
    }
    diags.into_result(spec)
}

/// Whether a path belongs to the connector API (`/api/actions/…`, optionally under a
/// space prefix `/s/{spaceId}`): the only operations the connector models relate to.
pub fn is_connector_path(path: &str) -> bool {
    let path = match path.strip_prefix("/s/{").and_then(|rest| rest.split_once("}/")) {
        Some((_, rest)) => rest,
        None => path.trim_start_matches('/'),
    };
    path.starts_with("api/actions/")
}

/// Removes the path items from `/paths` (extensions stay), to be converted one by one.
/// A `paths` that is not a map is left for the strict conversion to report.
pub(crate) fn take_path_items(doc: &mut Value) -> Vec<(String, Value)> {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return Vec::new() };
    let keys: Vec<String> = paths.keys().filter(|k| !k.starts_with("x-")).cloned().collect();
    keys.into_iter().filter_map(|k| paths.remove(&k).map(|v| (k, v))).collect()
}

/// Deserializes `value`, reporting a failure at `at` + the path `serde_path_to_error` found.
pub(crate) fn deserialize<T: serde::de::DeserializeOwned>(value: Value, at: &JsonPointer) -> Result<T, Diagnostics> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut pointer = at.clone();
        for segment in e.path().iter() {
            pointer = match segment {
                serde_path_to_error::Segment::Seq { index } => pointer.push(index),
                serde_path_to_error::Segment::Map { key } | serde_path_to_error::Segment::Enum { variant: key } => {
                    pointer.push(key)
                }
                serde_path_to_error::Segment::Unknown => pointer,
            };
        }
        Diagnostics::from(
            Diagnostic::spec(&pointer, format!("not a valid OpenAPI 3.0 document: {}", e.inner()))
                .hint("the value at this location does not have the shape OpenAPI 3.0 requires"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_yaml_is_a_diagnostic() {
        let err = parse_yaml("a: [1, 2\nb: c", Source::Spec).err().map(|d| d.to_string());
        assert!(err.is_some_and(|e| e.contains("not valid YAML")));
    }

    #[test]
    fn openapi_31_is_rejected() {
        let doc = serde_json::json!({"openapi": "3.1.0"});
        let err = check_version(&doc).err().map(|d| d.to_string()).unwrap_or_default();
        assert!(err.contains("/openapi") && err.contains("3.1.0 is not supported"), "{err}");
    }

    #[test]
    fn connector_paths_are_the_actions_api() {
        for path in
            ["/api/actions/connector/{id}", "/s/{spaceId}/api/actions/connectors", "/api/actions/connector_types"]
        {
            assert!(is_connector_path(path), "{path}");
        }
        for path in [
            "/api/synthetics/monitors/{id}",
            "/s/{spaceId}/api/alerting/rule/{id}",
            "/api/actionsx",
            "/s/x/api/actions/connectors",
        ] {
            assert!(!is_connector_path(path), "{path}");
        }
    }

    #[test]
    fn only_connector_operations_are_read_each_at_its_pointer() {
        let doc = |op: Value| {
            serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
                "/api/synthetics/monitors/{id}": {"put": {"description": "no responses"}},
                "/api/actions/connector/{id}": {"get": {"responses": {}}, "post": op},
            }})
        };
        let spec = to_openapi(doc(serde_json::json!({"responses": {}}))).ok();
        let paths: Vec<String> = spec.map(|s| s.paths.paths.keys().cloned().collect()).unwrap_or_default();
        assert_eq!(paths, ["/api/actions/connector/{id}"]);
        let err = to_openapi(doc(serde_json::json!({}))).err().map(|d| d.to_string()).unwrap_or_default();
        assert!(err.starts_with("error: spec /paths/~1api~1actions~1connector~1{id}/post: not a valid OpenAPI 3.0 document: missing field `responses`"), "{err}");
        assert!(err.contains("1 problem(s) found"), "{err}");
    }
}
