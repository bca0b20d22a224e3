//! Instruction-count harness for `valgrind --tool=callgrind` (repeatable on a noisy machine):
//! `cargo build --release -p kibana-connectors-tests --example instructions`, then
//! `valgrind --tool=callgrind target/release/examples/instructions <mode>` for each mode
//! (`value`, `typed`, `validate`, `validate-8.16`, `update`) and compare the totals, minus the
//! `none` baseline (corpus generation alone). `validate` uses the default context (the newest
//! release), `validate-8.16` `ValidationContext::for_version("8.16")`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kibana_connectors::{ConnectorType, CreateConnectorRequest, UpdateConnectorRequest, Validate, ValidationContext};
use kibana_connectors_tests::corpus::{SEED, create_bodies};
use std::hint::black_box;

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let corpus = create_bodies(2_000, SEED);
    let cx_816 = ValidationContext::for_version("8.16".parse().unwrap());
    for (ty, body) in &corpus {
        match mode.as_str() {
            "value" => {
                black_box(serde_json::from_slice::<serde_json::Value>(body).unwrap());
            }
            "typed" => {
                black_box(serde_json::from_slice::<CreateConnectorRequest>(body).unwrap());
            }
            "validate" => {
                let request = black_box(serde_json::from_slice::<CreateConnectorRequest>(body).unwrap());
                assert!(request.validate().is_ok());
            }
            "validate-8.16" => {
                let request = black_box(serde_json::from_slice::<CreateConnectorRequest>(body).unwrap());
                assert!(request.validate_with(&cx_816).is_ok());
            }
            "update" => {
                let mut v: serde_json::Value = serde_json::from_slice(body).unwrap();
                v.as_object_mut().unwrap().remove("connector_type_id");
                let ty: ConnectorType = ty.parse().unwrap();
                black_box(UpdateConnectorRequest::from_value(ty, v).unwrap());
            }
            _ => {}
        }
    }
}
