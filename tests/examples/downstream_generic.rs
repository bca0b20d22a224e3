//! A downstream program written the generic way (serde calls in the user's crate): parse a
//! desired body and a GET list, normalize, compare. Its release rebuild time is measured
//! against `downstream_entry_points.rs` in BENCHMARKS.md.
use kibana_connectors::{ConnectorResponse, CreateConnectorRequest, ResponseConfig, ValidationContext};

const DESIRED: &str = r#"{"name": "hook", "connector_type_id": ".webhook",
    "config": {"url": "https://a.example", "headers": {"X-Team": "ops"}}}"#;
const LIST: &str = r#"[{"id": "1", "name": "hook", "connector_type_id": ".webhook",
    "config": {"url": "https://a.example", "method": "post", "headers": null, "hasAuth": true},
    "is_deprecated": false, "is_preconfigured": false, "is_system_action": false}]"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cx = ValidationContext::for_version("9.5".parse()?);
    let desired: CreateConnectorRequest = serde_json::from_str(DESIRED)?;
    let list: Vec<ConnectorResponse> = serde_json::from_str(LIST)?;
    let want = serde_json::to_value(desired.normalized(&cx).config)?;
    for stored in &list {
        if stored.name != desired.name {
            continue;
        }
        let have = match &stored.config {
            Some(ResponseConfig::Typed(c)) => serde_json::to_value(c.normalized(&cx))?,
            Some(ResponseConfig::Untyped(m)) => serde_json::Value::Object(m.clone()),
            _ => continue,
        };
        println!("{}: {}", stored.id, if want == have { "same" } else { "drift" });
    }
    Ok(())
}
