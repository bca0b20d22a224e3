//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`), kept here so that
//! `cargo test` replays the fuzz corpora and every past crash through the same code.
//! Each function must never panic, whatever the input; the assertions are properties.

use kibana_connectors::{ConnectorType, CreateConnectorRequest, UpdateConnectorRequest, Validate};

/// The project's own spec and overlay, compiled in so the targets need no files.
pub const PROJECT_SPEC: &str = include_str!("../../spec/connectors.yaml");
pub const PROJECT_OVERLAY: &str = include_str!("../../spec/connectors.overlay.yaml");

/// Create body: parse, validate; whatever parses round-trips equal, serializes
/// deterministically and keeps its verdict (errors included).
pub fn create(data: &[u8]) {
    let Ok(request) = serde_json::from_slice::<CreateConnectorRequest>(data) else { return };
    let _ = format!("{request:?}");
    let verdict = request.validate();
    let written = serde_json::to_vec(&request);
    assert!(written.is_ok(), "a parsed request must serialize");
    let written = written.unwrap_or_default();
    let reparsed = serde_json::from_slice::<CreateConnectorRequest>(&written);
    assert!(reparsed.as_ref().is_ok_and(|r| *r == request), "a parsed request must round-trip equal");
    assert!(reparsed.as_ref().is_ok_and(|r| r.validate() == verdict), "a round trip must keep the verdict");
    let again = reparsed.ok().and_then(|r| serde_json::to_vec(&r).ok());
    assert_eq!(again.as_deref(), Some(written.as_slice()), "serialization must be deterministic");
}

/// Update body for the type chosen by the first byte.
pub fn update(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else { return };
    let types = ConnectorType::ALL;
    let Some(ty) = types.get(usize::from(*first) % types.len()) else { return };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(rest) else { return };
    if let Ok(request) = UpdateConnectorRequest::from_value(*ty, value) {
        let _ = request.validate();
        let _ = format!("{request:?}");
    }
}

/// Arbitrary spec text through the whole generator (with the project overlay).
pub fn spec(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = generator::generate(&text, &[PROJECT_OVERLAY]);
    let _ = generator::generate(&text, &[]);
}

/// Arbitrary overlay text applied to the project spec.
pub fn overlay(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = generator::generate(PROJECT_SPEC, &[&text]);
}
