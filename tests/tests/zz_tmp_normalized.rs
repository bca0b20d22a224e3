#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
use kibana_connectors::*;
#[test]
fn dump() {
    let dir = kibana_connectors_tests::root().join("tests/data/create");
    let mut out = String::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for p in names {
        let text0 = std::fs::read_to_string(&p).unwrap();
        let body0: serde_json::Value = serde_json::from_str(&text0).unwrap();
        let mut variants = vec![body0.clone()];
        if let Some(cfg) = body0["config"].as_object() {
            for k in cfg.keys() { let mut b = body0.clone(); b["config"].as_object_mut().unwrap().remove(k); variants.push(b); }
            // strings as coerced forms
            for (k, v) in cfg { if v.is_boolean() || v.is_number() { let mut b = body0.clone(); b["config"][k] = serde_json::Value::String(v.to_string()); variants.push(b); } }
        }
        for body in variants {
        let text = body.to_string();
        let ours = match CreateConnectorRequest::from_json(&text) {
            Ok(r) => serde_json::to_value(&r.normalized(&ValidationContext::default()).config).unwrap(),
            Err(e) => serde_json::json!({"parse_error": e.to_string()}),
        };
        let line = serde_json::json!({"file": p.file_name().unwrap().to_str().unwrap(), "body": body, "ours": ours});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    }
    std::fs::write("/tmp/normalized_ours.jsonl", out).unwrap();
}
