//! Stage 2, after the fixups: apply an OpenAPI Overlay 1.0 document to the parsed spec.
//!
//! Targets are RFC 9535 JSONPath expressions, evaluated with `serde_json_path`.
//! Semantics of `update` (Overlay 1.0 §4.3): objects merge key by key, arrays append,
//! anything else is replaced. Where a property's old and new values are of different
//! kinds we replace instead of failing, so an overlay can correct a mistyped upstream
//! property. A target that matches nothing is an error: a stale overlay must not pass silently.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pointer::JsonPointer;
use serde_json::Value;
use serde_json_path::JsonPath;

/// Applies every action of `overlay` to `doc`, in order. All problems are collected.
pub fn apply(doc: &mut Value, overlay: &Value) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    let root = JsonPointer::root();
    match overlay.get("overlay").and_then(Value::as_str) {
        Some(v) if v.starts_with("1.") => {}
        Some(v) => diags.push(
            Diagnostic::overlay(&root.push("overlay"), format!("unsupported Overlay version `{v}`"))
                .hint("expected 1.0.0"),
        ),
        None => diags.push(
            Diagnostic::overlay(&root.push("overlay"), "missing `overlay` version field")
                .hint("an Overlay document starts with `overlay: 1.0.0`"),
        ),
    }
    let Some(actions) = overlay.get("actions").and_then(Value::as_array) else {
        diags.push(Diagnostic::overlay(&root.push("actions"), "missing `actions` list"));
        return diags.into_result(());
    };
    for (index, action) in actions.iter().enumerate() {
        if let Err(d) = apply_action(doc, action, &root.push("actions").push(index)) {
            diags.push(d);
        }
    }
    diags.into_result(())
}

fn apply_action(doc: &mut Value, action: &Value, at: &JsonPointer) -> Result<(), Diagnostic> {
    let target = action
        .get("target")
        .and_then(Value::as_str)
        .ok_or_else(|| Diagnostic::overlay(&at.push("target"), "action has no `target` string"))?;
    let path = JsonPath::parse(target).map_err(|e| {
        Diagnostic::overlay(&at.push("target"), format!("`{target}` is not a valid JSONPath: {e}"))
            .hint("targets are RFC 9535 JSONPath, e.g. `$.components.schemas.webhook_config`")
    })?;
    let mut pointers: Vec<String> =
        path.query_located(doc).locations().map(|location| location.to_json_pointer()).collect();
    if pointers.is_empty() {
        return Err(Diagnostic::overlay(&at.push("target"), format!("target `{target}` matches nothing in the spec"))
            .hint("the spec changed under this overlay action: update or delete the action"));
    }
    let remove = action.get("remove").and_then(Value::as_bool).unwrap_or(false);
    match (action.get("update"), remove) {
        (Some(_), true) => Err(Diagnostic::overlay(at, "action has both `update` and `remove: true`")),
        (None, false) => Err(Diagnostic::overlay(at, "action has neither `update` nor `remove: true`")),
        (Some(update), false) => {
            for pointer in &pointers {
                if let Some(node) = doc.pointer_mut(pointer) {
                    merge(node, update);
                }
            }
            Ok(())
        }
        (None, true) => {
            // Remove deepest and highest-index first so earlier removals do not shift later ones.
            pointers.sort_by(|a, b| compare_for_removal(a, b));
            for pointer in &pointers {
                remove_at(doc, pointer);
            }
            Ok(())
        }
    }
}

/// Orders pointers so that array elements are removed from the highest index down.
fn compare_for_removal(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |p: &str| -> Vec<Result<std::cmp::Reverse<usize>, String>> {
        p.split('/').map(|s| s.parse::<usize>().map(std::cmp::Reverse).map_err(|_| s.to_owned())).collect()
    };
    key(b).len().cmp(&key(a).len()).then_with(|| key(a).cmp(&key(b)))
}

fn remove_at(doc: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        *doc = Value::Null;
        return;
    };
    let token = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&token);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = token.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

/// Overlay merge: objects recursively, arrays appended, everything else replaced.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(t), Value::Object(u)) => {
            for (key, value) in u {
                match t.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        t.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(u)) => t.extend(u.iter().cloned()),
        (Value::Array(t), u) => t.push(u.clone()),
        (t, u) => *t = u.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: Value) -> Value {
        json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions})
    }

    #[test]
    fn update_merges_objects_and_appends_arrays() {
        let mut doc = json!({"s": {"a": {"required": ["x"], "k": 1}, "b": {"k": 2}}});
        let o = overlay(json!([{"target": "$.s[*]", "update": {"required": ["y"], "k": 9}}]));
        assert_eq!(apply(&mut doc, &o), Ok(()));
        assert_eq!(doc, json!({"s": {"a": {"required": ["x", "y"], "k": 9}, "b": {"k": 9, "required": ["y"]}}}));
    }

    #[test]
    fn remove_deletes_all_matches() {
        let mut doc = json!({"l": [1, 2, 3, 4], "m": {"a": 1, "b": 2}});
        let o = overlay(json!([
            {"target": "$.l[?@ > 1]", "remove": true},
            {"target": "$.m.a", "remove": true}
        ]));
        assert_eq!(apply(&mut doc, &o), Ok(()));
        assert_eq!(doc, json!({"l": [1], "m": {"b": 2}}));
    }

    #[test]
    fn unmatched_target_and_bad_path_are_reported_with_pointers() {
        let mut doc = json!({"a": 1});
        let o = overlay(json!([
            {"target": "$.nope", "update": {}},
            {"target": "$[", "update": {}}
        ]));
        let errs = apply(&mut doc, &o).err().map(|d| d.to_string()).unwrap_or_default();
        assert!(errs.contains("/actions/0/target") && errs.contains("matches nothing"), "{errs}");
        assert!(errs.contains("/actions/1/target") && errs.contains("not a valid JSONPath"), "{errs}");
    }
}
