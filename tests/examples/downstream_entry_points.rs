//! The same program as `downstream_generic.rs` through the library's non-generic entry
//! points (`from_json`, `list_from_json`, `drift`): the serde visitors are compiled in the
//! library, not here. BENCHMARKS.md compares their release rebuild times.
use kibana_connectors::{ConnectorResponse, CreateConnectorRequest, ValidationContext};

const DESIRED: &str = r#"{"name": "hook", "connector_type_id": ".webhook",
    "config": {"url": "https://a.example", "headers": {"X-Team": "ops"}}}"#;
const LIST: &str = r#"[{"id": "1", "name": "hook", "connector_type_id": ".webhook",
    "config": {"url": "https://a.example", "method": "post", "headers": null, "hasAuth": true},
    "is_deprecated": false, "is_preconfigured": false, "is_system_action": false}]"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cx = ValidationContext::for_version("9.5".parse()?);
    let desired = CreateConnectorRequest::from_json(DESIRED)?;
    let list = ConnectorResponse::list_from_json(LIST)?;
    for stored in list.iter().filter(|s| s.name == desired.name) {
        match desired.drift(stored, &cx) {
            Ok(drift) if drift.is_empty() => println!("{}: same", stored.id),
            Ok(drift) => println!("{}: drift\n{drift}", stored.id),
            Err(e) => println!("{}: {e}", stored.id),
        }
    }
    Ok(())
}
