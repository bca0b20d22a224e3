//! Stage 3 for documents that differ little from one another (the release points: the
//! same base under a few more overlays). A document is converted like a reference one:
//! every component schema and connector path item equal to the reference's takes the
//! reference's `openapiv3` value, and only the rest is deserialized. The result is
//! [`to_openapi`]'s; when a piece fails, the whole document goes through [`to_openapi`],
//! so the diagnostics are exactly the ones it reports.

use crate::diagnostics::Diagnostics;
use crate::parse::{deserialize, is_connector_path, mark_null_defaults, to_openapi};
use crate::pointer::JsonPointer;
use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::{Map, Value};

/// A document and its conversion.
pub struct Converted {
    /// The document before conversion (unchanged pieces are found by comparing with it).
    source: Value,
    pub spec: OpenAPI,
}

impl Converted {
    /// Converts `doc` with [`to_openapi`], keeping the document to compare others with.
    pub fn new(doc: Value) -> Result<Self, Diagnostics> {
        let spec = to_openapi(doc.clone())?;
        Ok(Self { source: doc, spec })
    }

    /// `to_openapi(doc)`, reusing the pieces equal to this document's.
    pub fn convert_like(&self, doc: Value) -> Result<OpenAPI, Diagnostics> {
        match self.reusing(&doc) {
            Some(spec) => Ok(spec),
            None => to_openapi(doc),
        }
    }

    /// `None` when a piece does not convert, or `doc` is not shaped as pieces (a
    /// `components`, `schemas` or `paths` that is not an object): [`to_openapi`] reports it.
    fn reusing(&self, doc: &Value) -> Option<OpenAPI> {
        let root = doc.as_object()?;
        let schemas = object_at(doc, &["components", "schemas"])?;
        let paths = object_at(doc, &["paths"])?;
        let mut spec: OpenAPI = deserialize(skeleton(root)?, &JsonPointer::root()).ok()?;
        if let (Some(schemas), Some(components)) = (schemas, spec.components.as_mut()) {
            let known = object_at(&self.source, &["components", "schemas"]).flatten();
            let at = JsonPointer::root().push("components").push("schemas");
            for (name, schema) in schemas {
                let reused = self.spec.components.as_ref().and_then(|c| c.schemas.get(name));
                let schema = match (known.and_then(|k| k.get(name)), reused) {
                    (Some(old), Some(reused)) if old == schema => reused.clone(),
                    _ => piece(schema, &at.push(name))?,
                };
                components.schemas.insert(name.clone(), schema);
            }
        }
        let known = object_at(&self.source, &["paths"]).flatten();
        let at = JsonPointer::root().push("paths");
        for (path, item) in paths.into_iter().flatten() {
            if path.starts_with("x-") || !is_connector_path(path) {
                continue;
            }
            let item = match (known.and_then(|k| k.get(path)), self.spec.paths.paths.get(path)) {
                (Some(old), Some(reused)) if old == item => reused.clone(),
                // As `to_openapi` reads it: a `$ref` item as a reference, anything else as an item.
                _ if item.get("$ref").is_some() => piece(item, &at.push(path))?,
                _ => ReferenceOr::Item(piece(item, &at.push(path))?),
            };
            spec.paths.paths.insert(path.clone(), item);
        }
        Some(spec)
    }
}

/// The object at `keys` below `doc`: `Some(None)` when absent, `None` when not an object.
fn object_at<'v>(doc: &'v Value, keys: &[&str]) -> Option<Option<&'v Map<String, Value>>> {
    let mut value = doc;
    for key in keys {
        match value.get(key) {
            Some(v) => value = v,
            None => return Some(None),
        }
    }
    value.as_object().map(Some)
}

/// The root without its component schemas and path items (each converted on its own).
fn skeleton(root: &Map<String, Value>) -> Option<Value> {
    let mut out = Map::new();
    for (key, value) in root {
        let value = match (key.as_str(), value) {
            ("components", Value::Object(c)) => {
                let mut c: Map<String, Value> =
                    c.iter().filter(|(k, _)| *k != "schemas").map(|(k, v)| (k.clone(), v.clone())).collect();
                if root.get("components").and_then(|c| c.get("schemas")).is_some() {
                    c.insert("schemas".into(), Value::Object(Map::new()));
                }
                Value::Object(c)
            }
            ("paths", Value::Object(p)) => Value::Object(
                p.iter().filter(|(k, _)| k.starts_with("x-")).map(|(k, v)| (k.clone(), v.clone())).collect(),
            ),
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    let mut out = Value::Object(out);
    mark_null_defaults(&mut out);
    Some(out)
}

/// One piece, converted as [`to_openapi`] converts it inside the document.
fn piece<T: serde::de::DeserializeOwned>(value: &Value, at: &JsonPointer) -> Option<T> {
    let mut value = value.clone();
    mark_null_defaults(&mut value);
    deserialize(value, at).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(webhook: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "x-table": {"default": null},
            "paths": {"x-ext": 1, "/api/actions/connector/{id}": {"get": {"responses": {}}}, "/api/other": {"get": {}}},
            "components": {"examples": {"e": {"value": 1}}, "schemas": {
                "webhook": webhook, "email": {"type": "object", "properties": {"from": {"type": "string", "default": null}}}}}})
    }

    #[test]
    fn equals_a_whole_conversion() {
        let reference = Converted::new(doc(json!({"type": "object"}))).ok();
        let other = doc(json!({"type": "object", "properties": {"url": {"type": "string", "default": null}}}));
        let like = reference.map(|r| r.convert_like(other.clone()));
        assert_eq!(like, Some(to_openapi(other)));
    }

    #[test]
    fn a_failing_piece_reports_what_to_openapi_reports() {
        let reference = Converted::new(doc(json!({"type": "object"}))).ok();
        for bad in [doc(json!({"type": "object", "properties": []})), json!({"openapi": "3.0.3", "components": []})] {
            let like = reference.as_ref().map(|r| r.convert_like(bad.clone()));
            assert!(matches!(like, Some(Err(_))));
            assert_eq!(like, Some(to_openapi(bad)));
        }
    }
}
