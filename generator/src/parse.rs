//! Stage 1: text → JSON value → `openapiv3` document. YAML stays behind this module.
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
        Some(v) => Err(Diagnostic::spec(&pointer, format!("unsupported OpenAPI version `{v}`")).hint("expected 3.0.x").into()),
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
fn mark_null_defaults(value: &mut Value) {
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
pub fn to_openapi(mut doc: Value) -> Result<openapiv3::OpenAPI, Diagnostics> {
    mark_null_defaults(&mut doc);
    serde_path_to_error::deserialize(doc).map_err(|e| {
        let mut pointer = JsonPointer::root();
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
}
