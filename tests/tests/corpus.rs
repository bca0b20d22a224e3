//! The benchmark corpus is deterministic, varied and entirely valid (so the benchmarks
//! measure the success path).
#![allow(clippy::unwrap_used, clippy::panic)]

use kibana_connectors::{CreateConnectorRequest, Validate};
use kibana_connectors_tests::corpus::{SEED, create_bodies};
use std::collections::BTreeSet;

#[test]
fn corpus_is_deterministic_valid_and_varied() {
    let bodies = create_bodies(2_000, SEED);
    assert_eq!(bodies, create_bodies(2_000, SEED));
    let types: BTreeSet<&str> = bodies.iter().map(|(t, _)| *t).collect();
    assert!(types.len() >= 8, "{types:?}");
    let mut type_id_after_config = 0;
    for (ty, bytes) in &bodies {
        let request: CreateConnectorRequest = serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{ty}: {e}"));
        if let Err(errors) = request.validate() {
            panic!("{ty}: {errors}\n{}", String::from_utf8_lossy(bytes));
        }
        let text = String::from_utf8_lossy(bytes);
        if text.find("\"config\"") < text.find("\"connector_type_id\"") {
            type_id_after_config += 1;
        }
    }
    assert!(type_id_after_config > 300, "key order must vary: {type_id_after_config}");
}
