//! Behaviour of the generated models on realistic bodies, for every connector type
//! (`tests/data/create/*.json`, `tests/data/response/*.json`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use kibana_connectors::*;
use kibana_connectors_tests::{read, root};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn data(dir: &str) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(root().join("tests/data").join(dir))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// `webhook.ssl.json` → `.webhook`.
fn type_of(file: &str) -> ConnectorType {
    let stem = file.split('.').next().unwrap();
    format!(".{stem}").parse().unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn connector_type_ids() {
    // The 25 of the 8.16 spec, `.slack`, and the types of later releases (eight of them
    // built from connector specs, 9.3+).
    assert_eq!(ConnectorType::ALL.len(), 40);
    for ty in ConnectorType::ALL {
        assert_eq!(ty.as_str().parse::<ConnectorType>(), Ok(*ty));
        assert_eq!(ty.to_string(), ty.as_str());
        assert_eq!(serde_json::to_value(ty).unwrap(), json!(ty.as_str()));
        assert_eq!(serde_json::from_value::<ConnectorType>(json!(ty.as_str())).unwrap(), *ty);
    }
    assert!("webhook".parse::<ConnectorType>().is_err(), "ids keep their leading dot");
    assert!(".Webhook".parse::<ConnectorType>().is_err(), "ids are case-sensitive");
    assert_eq!(ConnectorType::CasesWebhook.as_str(), ".cases-webhook");
    assert_eq!(ConnectorType::SlackApi.as_str(), ".slack_api");
}

#[test]
fn every_type_has_a_create_body_and_a_response() {
    let created: BTreeSet<ConnectorType> = data("create").iter().map(|(f, _)| type_of(f)).collect();
    let responded: BTreeSet<ConnectorType> = data("response").iter().map(|(f, _)| type_of(f)).collect();
    let all: BTreeSet<ConnectorType> = ConnectorType::ALL.iter().copied().collect();
    assert_eq!(created, all);
    assert_eq!(responded, all);
}

#[test]
fn create_bodies_parse_into_the_right_variant_and_round_trip() {
    for (file, path) in data("create") {
        let text = read(&path).unwrap();
        let ty = type_of(&file);
        let request: CreateConnectorRequest = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(request.connector_type(), ty, "{file}");
        assert_eq!(request.config.connector_type(), ty, "{file}");
        if let Some(secrets) = &request.secrets {
            assert_eq!(secrets.connector_type(), ty, "{file}");
        }

        // Serialize → parse gives the same value; serializing again gives the same bytes.
        let written = serde_json::to_string(&request).unwrap();
        let reparsed: CreateConnectorRequest =
            serde_json::from_str(&written).unwrap_or_else(|e| panic!("{file}: {e}\n{written}"));
        assert_eq!(reparsed, request, "{file}");
        assert_eq!(serde_json::to_string(&reparsed).unwrap(), written, "{file}");

        // Lossless: what was sent is written back, nothing added (defaults included).
        let original: Value = serde_json::from_str(&text).unwrap();
        let written: Value = serde_json::from_str(&written).unwrap();
        assert_eq!(written, original, "{file}");
        assert!(!written.to_string().contains("[REDACTED]"), "{file}: secrets must serialize for real");
    }
}

#[test]
fn update_bodies_parse_type_directed() {
    for (file, path) in data("create") {
        let ty = type_of(&file);
        let mut body: Value = serde_json::from_str(&read(&path).unwrap()).unwrap();
        let create: CreateConnectorRequest = serde_json::from_value(body.clone()).unwrap();
        body.as_object_mut().unwrap().remove("connector_type_id");
        let update = UpdateConnectorRequest::from_value(ty, body.clone()).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(update.connector_type(), ty, "{file}");
        assert_eq!(update.config, create.config, "{file}");
        assert_eq!(update.secrets, create.secrets, "{file}");
        assert_eq!(update.name, create.name, "{file}");
        // Serialize writes exactly the PUT body shape: no type id.
        let written = serde_json::to_value(&update).unwrap();
        let keys: BTreeSet<&str> = written.as_object().unwrap().keys().map(String::as_str).collect();
        let sent: BTreeSet<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, sent, "{file}");
        assert_eq!(UpdateConnectorRequest::from_value(ty, written).unwrap(), update, "{file}");
        // A type id in a PUT body is an unknown key (the PUT schema is closed).
        body["connector_type_id"] = json!(ty.as_str());
        assert!(UpdateConnectorRequest::from_value(ty, body).is_err(), "{file}");
    }
}

#[test]
fn responses_parse_typed() {
    for (file, path) in data("response") {
        let ty = type_of(&file);
        let response: ConnectorResponse =
            serde_json::from_str(&read(&path).unwrap()).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(response.connector_type(), Some(ty), "{file}");
        match &response.config {
            Some(ResponseConfig::Typed(config)) => assert_eq!(config.connector_type(), ty, "{file}"),
            other => panic!("{file}: config not typed: {other:?}"),
        }
        let written = serde_json::to_value(&response).unwrap();
        assert_eq!(serde_json::from_value::<ConnectorResponse>(written).unwrap(), response, "{file}");
    }
}

#[test]
fn responses_are_forward_compatible() {
    // webhook.json carries a top-level key and a config key this crate does not know.
    let response: ConnectorResponse =
        serde_json::from_str(&read(&root().join("tests/data/response/webhook.json")).unwrap()).unwrap();
    assert_eq!(response.referenced_by_count, Some(3));
    let Some(ResponseConfig::Typed(ConnectorConfig::Webhook(config))) = &response.config else {
        panic!("{response:?}")
    };
    assert_eq!(config.unknown_fields.get("futureOption"), Some(&json!(true)));
    assert_eq!(serde_json::to_value(&response).unwrap()["config"]["futureOption"], json!(true));

    // A connector type Kibana added later: config kept untyped.
    let future = json!({"id": "1", "name": "n", "connector_type_id": ".future", "config": {"a": 1},
        "is_deprecated": false, "is_preconfigured": false, "is_system_action": false, "is_future": true});
    let response: ConnectorResponse = serde_json::from_value(future.clone()).unwrap();
    assert_eq!(response.connector_type(), None);
    assert_eq!(response.unknown_fields.get("is_future"), Some(&json!(true)));
    assert!(matches!(&response.config, Some(ResponseConfig::Untyped(m)) if m["a"] == json!(1)));
    assert_eq!(serde_json::to_value(&response).unwrap(), future);

    // A list body parses item by item.
    let list = json!([future, {"id": "p", "name": "n", "connector_type_id": ".index", "config": {"index": "i"},
        "is_deprecated": false, "is_preconfigured": false, "is_system_action": false, "referenced_by_count": 0}]);
    assert_eq!(serde_json::from_value::<Vec<ConnectorResponse>>(list).unwrap().len(), 2);

    // Preconfigured connectors have no config.
    let pre = json!({"id": "p", "name": "n", "connector_type_id": ".email",
        "is_deprecated": false, "is_preconfigured": true, "is_system_action": false});
    assert_eq!(serde_json::from_value::<ConnectorResponse>(pre).unwrap().config, None);
}

#[test]
fn look_alike_bodies_follow_the_type_id_never_the_first_match() {
    // crowdstrike, d3security, sentinelone and tines configs are all `{url}`.
    let url = json!({"url": "https://tenant.example.com"});
    for ty in [ConnectorType::CrowdStrike, ConnectorType::D3Security, ConnectorType::SentinelOne, ConnectorType::Tines]
    {
        assert_eq!(ConnectorConfig::from_value(ty, url.clone()).unwrap().connector_type(), ty);
    }
    // Secrets with no required field accept `{}` for several types: the id decides.
    for ty in [
        ConnectorType::Webhook,
        ConnectorType::Email,
        ConnectorType::CasesWebhook,
        ConnectorType::Xmatters,
        ConnectorType::ServiceNow,
    ] {
        assert_eq!(ConnectorSecrets::from_value(ty, json!({})).unwrap().connector_type(), ty);
    }
    // A whole d3security body relabelled `.sentinelone` becomes a SentinelOne connector.
    let mut body: Value =
        serde_json::from_str(&read(&root().join("tests/data/create/d3security.json")).unwrap()).unwrap();
    body["connector_type_id"] = json!(".sentinelone");
    let request: CreateConnectorRequest = serde_json::from_value(body).unwrap();
    assert!(matches!(request.config, ConnectorConfig::SentinelOne(_)));
    assert!(matches!(request.secrets, Some(ConnectorSecrets::SentinelOne(_))));
    // servicenow-sir shares servicenow's schemas but stays its own variant.
    let sn = json!({"apiUrl": "https://acme.service-now.com"});
    assert!(matches!(
        ConnectorConfig::from_value(ConnectorType::ServiceNowSir, sn).unwrap(),
        ConnectorConfig::ServiceNowSir(_)
    ));
}

#[test]
fn key_order_does_not_matter() {
    let body = |first: bool| {
        let config = r#""config": {"index": "alerts-*", "refresh": true}"#;
        let ty = r#""connector_type_id": ".index""#;
        if first {
            format!(r#"{{{ty}, "name": "i", {config}, "secrets": {{}}}}"#)
        } else {
            format!(r#"{{"name": "i", {config}, "secrets": {{}}, {ty}}}"#)
        }
    };
    let a: CreateConnectorRequest = serde_json::from_str(&body(true)).unwrap();
    let b: CreateConnectorRequest = serde_json::from_str(&body(false)).unwrap();
    assert_eq!(a, b);
    // Errors inside a buffered config still name the field.
    let bad = r#"{"name": "i", "config": {"index": 5}, "connector_type_id": ".index"}"#;
    let err = serde_json::from_str::<CreateConnectorRequest>(bad).unwrap_err().to_string();
    assert!(err.contains("config") && err.contains("expected a string"), "{err}");
}

fn create(body: Value) -> CreateConnectorRequest {
    serde_json::from_value(body).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn spec_defaults_are_applied_and_marked_as_defaulted() {
    let r = create(json!({"connector_type_id": ".webhook", "name": "w", "config": {"url": "https://x.example"}}));
    let ConnectorConfig::Webhook(c) = &r.config else { panic!() };
    assert_eq!(*c.method, WebhookConfigMethod::Post);
    assert_eq!(c.verification_mode, None, "Kibana stores no default inside schema.maybe");
    assert!(*c.has_auth);
    assert!(!c.has_auth.was_sent() && c.has_auth.raw().is_none());
    assert_eq!(*c.headers, None);
    // Serialization writes what was sent; `normalized` writes what Kibana stores.
    let written = serde_json::to_value(&r).unwrap();
    assert_eq!(written, json!({"connector_type_id": ".webhook", "name": "w", "config": {"url": "https://x.example"}}));
    let stored = serde_json::to_value(r.normalized(&ValidationContext::default())).unwrap();
    assert_eq!(
        stored["config"],
        json!({"url": "https://x.example", "method": "post", "hasAuth": true, "headers": null})
    );
    assert!(stored.get("secrets").is_none(), "absent secrets stay absent");

    // Sent values are kept and marked as sent, falsy ones included.
    let r = create(
        json!({"connector_type_id": ".webhook", "name": "w", "config": {"url": "https://x.example", "hasAuth": false, "method": "put"}}),
    );
    let ConnectorConfig::Webhook(c) = &r.config else { panic!() };
    assert_eq!(c.has_auth.raw(), Some(&false));
    assert_eq!(*c.method, WebhookConfigMethod::Put);

    let r = create(json!({"connector_type_id": ".index", "name": "i", "config": {"index": "a"}}));
    let ConnectorConfig::Index(c) = &r.config else { panic!() };
    assert!(!*c.refresh && !c.refresh.was_sent(), "falsy default false applied");
    assert_eq!(*c.execution_time_field, None);

    let r = create(
        json!({"connector_type_id": ".servicenow", "name": "s", "config": {"apiUrl": "https://a.service-now.com"},
        "secrets": {"username": "u", "password": "p"}}),
    );
    let ConnectorConfig::ServiceNow(c) = &r.config else { panic!() };
    assert!(!*c.is_oauth && *c.uses_table_api);

    let r = create(
        json!({"connector_type_id": ".xmatters", "name": "x", "config": {}, "secrets": {"secretsUrl": "https://a.example/t?k=1"}}),
    );
    let ConnectorConfig::Xmatters(c) = &r.config else { panic!() };
    assert!(*c.uses_basic && !c.uses_basic.was_sent());

    let r = create(json!({"connector_type_id": ".cases-webhook", "name": "c", "config": {
        "createIncidentUrl": "https://a.example/i", "createIncidentJson": "{}", "createIncidentResponseKey": "id",
        "getIncidentUrl": "https://a.example/i/{{{external.system.id}}}", "getIncidentResponseExternalTitleKey": "key",
        "viewIncidentUrl": "https://a.example/v", "updateIncidentUrl": "https://a.example/u", "updateIncidentJson": "{}"}}));
    let ConnectorConfig::CasesWebhook(c) = &r.config else { panic!() };
    assert_eq!(*c.create_incident_method, CasesWebhookConfigCreateIncidentMethod::Post);
    assert_eq!(*c.update_incident_method, CasesWebhookConfigUpdateIncidentMethod::Put);
    // The newest release's default (zod, 9.3+); 8.16–9.2 stored null, not the published `put`.
    assert_eq!(*c.create_comment_method, Some(CasesWebhookConfigCreateCommentMethod::Put));
    let stored = |version: &str| {
        let cx = ValidationContext::for_version(version.parse().unwrap());
        serde_json::to_value(r.config.normalized(&cx)).unwrap()["createCommentMethod"].clone()
    };
    assert_eq!((stored("8.16"), stored("9.2"), stored("9.3")), (json!(null), json!(null), json!("put")));

    let r = create(
        json!({"connector_type_id": ".bedrock", "name": "b", "config": {"apiUrl": "https://bedrock-runtime.us-east-1.amazonaws.com"},
        "secrets": {"accessKey": "a", "secret": "s"}}),
    );
    let ConnectorConfig::Bedrock(c) = &r.config else { panic!() };
    // The accessor gives the newest release's default; `normalized` writes each release's.
    assert_eq!(c.default_model.as_str(), "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    let stored = |v: &str| {
        serde_json::to_value(r.config.normalized(&ValidationContext::for_version(v.parse().unwrap()))).unwrap()["defaultModel"].clone()
    };
    assert_eq!(stored("8.16"), json!("anthropic.claude-3-5-sonnet-20240620-v1:0"));
    assert_eq!(stored("9.1"), json!("us.anthropic.claude-3-7-sonnet-20250219-v1:0"));
    assert_eq!(stored("9.2"), json!("us.anthropic.claude-sonnet-4-5-20250929-v1:0"));

    let r = create(
        json!({"connector_type_id": ".gemini", "name": "g", "config": {"apiUrl": "https://us-central1-aiplatform.googleapis.com",
        "gcpRegion": "us-central1", "gcpProjectID": "p"}, "secrets": {"credentialsJson": "{}"}}),
    );
    let ConnectorConfig::Gemini(c) = &r.config else { panic!() };
    assert_eq!(c.default_model.as_str(), "gemini-2.5-pro");
    let stored = |v: &str| {
        serde_json::to_value(r.config.normalized(&ValidationContext::for_version(v.parse().unwrap()))).unwrap()["defaultModel"].clone()
    };
    assert_eq!(
        (stored("8.16"), stored("9.0"), stored("8.19")),
        (json!("gemini-1.5-pro-002"), json!("gemini-1.5-pro-002"), json!("gemini-2.5-pro"))
    );
}

#[test]
fn nullable_and_optional_differ() {
    // webhook `headers` is nullable: null accepted. `method` may be omitted but not null.
    let ok =
        json!({"connector_type_id": ".webhook", "name": "w", "config": {"url": "https://x.example", "headers": null}});
    assert!(serde_json::from_value::<CreateConnectorRequest>(ok).is_ok());
    let bad =
        json!({"connector_type_id": ".webhook", "name": "w", "config": {"url": "https://x.example", "method": null}});
    let err = serde_json::from_value::<CreateConnectorRequest>(bad).unwrap_err().to_string();
    assert!(err.contains("null is not allowed"), "{err}");
    // Strings are never coerced from numbers.
    let bad = json!({"connector_type_id": ".jira", "name": "j", "config": {"apiUrl": "https://a", "projectKey": 7}, "secrets": {"email": "e", "apiToken": "t"}});
    assert!(serde_json::from_value::<CreateConnectorRequest>(bad).is_err());
}

#[test]
fn odd_enum_strings_keep_their_wire_form() {
    let c = ConnectorConfig::from_value(
        ConnectorType::GenAi,
        json!({"apiProvider": "Azure OpenAI", "apiUrl": "https://a.openai.azure.com"}),
    )
    .unwrap();
    assert!(matches!(c, ConnectorConfig::GenAi(GenAiConfig::AzureOpenAi(_))));
    assert_eq!(serde_json::to_value(&c).unwrap()["apiProvider"], json!("Azure OpenAI"));
    // apiProvider is case-sensitive.
    assert!(
        ConnectorConfig::from_value(ConnectorType::GenAi, json!({"apiProvider": "openai", "apiUrl": "https://a"}))
            .is_err()
    );
    assert_eq!(AuthType::WebhookAuthenticationBasic.as_str(), "webhook-authentication-basic");
    assert_eq!("webhook-authentication-ssl".parse::<AuthType>(), Ok(AuthType::WebhookAuthenticationSsl));
    // JSON null for the nullable auth type is "no auth", not a variant.
    let c = ConnectorConfig::from_value(ConnectorType::Webhook, json!({"url": "https://x", "authType": null})).unwrap();
    let ConnectorConfig::Webhook(w) = c else { panic!() };
    assert_eq!(*w.auth_type, None);
    assert!(w.auth_type.was_sent(), "null is kept apart from absent");
}

#[test]
fn debug_never_shows_secret_values() {
    for (file, path) in data("create") {
        let body: Value = serde_json::from_str(&read(&path).unwrap()).unwrap();
        let request: CreateConnectorRequest = serde_json::from_value(body.clone()).unwrap();
        let debug = format!("{request:?} {:?} {:#?}", request.secrets, request);
        let public = format!("{} {}", body["config"], body["name"]);
        // A connector-spec secrets' `authType` names the auth type, which Kibana also stores
        // in the config: not a secret.
        let secrets = body["secrets"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.iter().filter(|(k, _)| *k != "authType").map(|(_, v)| v))
            .filter_map(Value::as_str);
        // A value that is also public (an e-mail user equal to `from`) proves nothing.
        for secret in secrets.filter(|s| !public.contains(*s)) {
            assert!(!debug.contains(secret), "{file}: Debug shows a secret value");
        }
    }
}

#[test]
fn per_connector_enums_stay_small_to_move() {
    // Nested structs are boxed, so no variant makes every request expensive to move
    // (each `Defaulted` carries how it was sent: 736 bytes with 9.2's webhook keys).
    assert!(std::mem::size_of::<ConnectorConfig>() <= 800, "{}", std::mem::size_of::<ConnectorConfig>());
    // `.http` (9.4) has ten secret keys, each a `Defaulted` that remembers how it was sent.
    assert!(std::mem::size_of::<ConnectorSecrets>() <= 560, "{}", std::mem::size_of::<ConnectorSecrets>());
}
