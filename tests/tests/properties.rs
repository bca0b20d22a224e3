//! Property tests over every connector type: bodies derived from the realistic payloads by
//! random edits (keys dropped, values replaced by strings, URLs, numbers in other forms,
//! booleans, nulls, blanks, unknown keys added, `config`/`secrets` dropped). Whatever parses
//! serializes back to the same JSON (up to key order), and parse → serialize → parse →
//! validate gives the same verdict and the same errors; `normalized` is idempotent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use kibana_connectors::{ConnectorType, CreateConnectorRequest, UpdateConnectorRequest, Validate, ValidationContext};
use kibana_connectors_tests::{read, root};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn bases() -> &'static [Value] {
    static BASES: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    BASES.get_or_init(|| {
        let mut paths: Vec<_> =
            std::fs::read_dir(root().join("tests/data/create")).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        paths.iter().map(|p| serde_json::from_str(&read(p).unwrap()).unwrap()).collect()
    })
}

fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (0i64..70_000).prop_map(|n| json!(n)),
        Just(json!("")),
        Just(json!("   ")),
        Just(json!("587")),
        Just(json!(" 587 ")),
        Just(json!(25.0)),
        Just(json!("25.0")),
        Just(json!("true")),
        Just(json!("FALSE")),
        Just(json!("{\"X-A\": \"1\"}")),
        "[a-z]{1,12}".prop_map(Value::String),
        "https://[a-z]{1,8}\\.example\\.com/[a-z]{0,6}".prop_map(Value::String),
        "[a-z]{1,6}@[a-z]{1,6}\\.(com|org)".prop_map(Value::String),
        Just(json!({"X-Trace": "abc"})),
        Just(json!([])),
    ]
}

#[derive(Clone, Debug)]
enum Edit {
    Drop(usize),
    Replace(usize, Value),
    AddUnknown(String, Value),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..32).prop_map(Edit::Drop),
        ((0usize..32), replacement()).prop_map(|(i, v)| Edit::Replace(i, v)),
        ("[a-z]{3,8}", replacement()).prop_map(|(k, v)| Edit::AddUnknown(k, v)),
    ]
}

fn apply(object: &mut Map<String, Value>, edit: &Edit) {
    let keys: Vec<String> = object.keys().cloned().collect();
    match edit {
        Edit::Drop(i) if !keys.is_empty() => {
            object.remove(&keys[i % keys.len()]);
        }
        Edit::Replace(i, v) if !keys.is_empty() => {
            object.insert(keys[i % keys.len()].clone(), v.clone());
        }
        Edit::AddUnknown(k, v) => {
            object.insert(k.clone(), v.clone());
        }
        _ => {}
    }
}

fn check(body: &Value) {
    let Ok(request) = CreateConnectorRequest::from_value(body.clone()) else { return };
    let written = serde_json::to_string(&request).expect("a parsed request serializes");
    // Lossless: what was sent is written back, nothing more, nothing less.
    assert_eq!(serde_json::from_str::<Value>(&written).unwrap(), *body, "serialize(parse(x)) == x");
    let again = CreateConnectorRequest::from_json(&written).expect("a serialized request parses back");
    assert_eq!(again, request, "round trip");
    assert_eq!(serde_json::to_string(&again).unwrap(), written, "deterministic serialization");
    // The verdict, errors included, survives the round trip (default and listed hosts).
    for cx in [ValidationContext::default(), ValidationContext::with_allowed_hosts(["example.com"])] {
        assert_eq!(again.validate_with(&cx), request.validate_with(&cx), "verdict after a round trip");
    }
    // Normalizing twice changes nothing more.
    let cx = ValidationContext::default();
    let normalized = request.normalized(&cx);
    assert_eq!(normalized.normalized(&cx), normalized, "normalized is idempotent");
    // The same body as a PUT, parsed type-directed, agrees.
    let mut update = body.clone();
    let ty: ConnectorType = update["connector_type_id"].as_str().unwrap().parse().unwrap();
    update.as_object_mut().unwrap().remove("connector_type_id");
    let update_request = UpdateConnectorRequest::from_value(ty, update.clone()).expect("the PUT form parses");
    assert_eq!(update_request.config, request.config);
    assert_eq!(update_request.secrets, request.secrets);
    assert_eq!(serde_json::to_value(&update_request).unwrap(), update, "the PUT form is lossless too");
    assert_eq!(update_request.validate().is_ok(), request.validate().is_ok(), "PUT and POST agree");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn edited_bodies_round_trip(base in 0usize..64, part in 0usize..3, edits in prop::collection::vec(edit(), 0..4)) {
        let bases = bases();
        let mut body = bases[base % bases.len()].clone();
        match part {
            0 | 1 => {
                let key = if part == 0 { "config" } else { "secrets" };
                if let Some(object) = body.get_mut(key).and_then(Value::as_object_mut) {
                    for e in &edits {
                        apply(object, e);
                    }
                }
            }
            // Drop `config` or `secrets` themselves (Kibana validates `{}` then).
            _ => {
                let key = if edits.len() % 2 == 0 { "secrets" } else { "config" };
                body.as_object_mut().unwrap().remove(key);
            }
        }
        check(&body);
    }
}

/// Every base body validates and round-trips (the unedited case, for every type).
#[test]
fn every_type_round_trips() {
    for body in bases() {
        check(body);
    }
}
