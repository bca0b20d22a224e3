//! The construction and round-trip API: builders, `new`, lossless serialization,
//! `normalized`, located parse errors, forward-compatible responses, and the GET → edit →
//! PUT workflow.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use kibana_connectors::*;
use serde_json::{Value, json};

fn lines(r: &Result<(), ValidationErrors>) -> Vec<String> {
    match r {
        Ok(()) => Vec::new(),
        Err(e) => e.iter().map(|e| format!("{} {}", e.pointer, e.kind)).collect(),
    }
}

fn round_trip(request: &CreateConnectorRequest) -> CreateConnectorRequest {
    CreateConnectorRequest::from_json(&serde_json::to_string(request).unwrap()).unwrap()
}

const XMATTERS_URL: &str = "https://x.xmatters.com/api/integration/1/functions/f/triggers?apiKey=k";

/// The issue's example: a forwarded `.xmatters` body must not gain `usesBasic: true`.
#[test]
fn xmatters_url_auth_keeps_its_verdict_through_a_round_trip() {
    let body =
        json!({"connector_type_id": ".xmatters", "name": "x", "config": {}, "secrets": {"secretsUrl": XMATTERS_URL}});
    let request = CreateConnectorRequest::from_value(body.clone()).unwrap();
    assert_eq!(request.validate(), Ok(()));
    assert_eq!(serde_json::to_value(&request).unwrap(), body, "nothing added");
    let again = round_trip(&request);
    assert_eq!(again.validate(), Ok(()));
    assert_eq!(again, request);

    // Kibana stores `{usesBasic: true, configUrl: null}`; sent back, Kibana rejects it, and so do we.
    let stored = request.normalized(&ValidationContext::default());
    assert_eq!(serde_json::to_value(&stored.config).unwrap(), json!({"usesBasic": true, "configUrl": null}));
    assert_ne!(stored, request, "a sent value and an applied default differ");
    assert_eq!(
        lines(&stored.validate()),
        [
            "/secrets/secretsUrl forbidden",
            "/secrets/user required",
            "/secrets/password required",
            "/config/configUrl required"
        ]
    );
}

/// Email and cases-webhook `hasAuth` are read as sent by Kibana's connector checks too.
#[test]
fn has_auth_defaults_are_not_written() {
    let email = json!({"connector_type_id": ".email", "name": "m", "config": {"from": "a@example.com", "host": "smtp.example.com", "port": 25}});
    let request = CreateConnectorRequest::from_value(email.clone()).unwrap();
    assert_eq!(request.validate(), Ok(()), "hasAuth omitted: no user/password check");
    assert_eq!(serde_json::to_value(&request).unwrap(), email);
    assert_eq!(round_trip(&request).validate(), Ok(()));
    let stored = request.normalized(&ValidationContext::default());
    assert_eq!(
        lines(&stored.validate()),
        ["/secrets/user required", "/secrets/password required"],
        "stored hasAuth: true, sent back"
    );

    let cases = json!({"connector_type_id": ".cases-webhook", "name": "c", "config": {
        "createIncidentUrl": "https://a.example/i", "createIncidentJson": "{}", "createIncidentResponseKey": "id",
        "getIncidentUrl": "https://a.example/i/{{{external.system.id}}}", "getIncidentResponseExternalTitleKey": "key",
        "viewIncidentUrl": "https://a.example/v", "updateIncidentUrl": "https://a.example/u", "updateIncidentJson": "{}"}});
    let request = CreateConnectorRequest::from_value(cases.clone()).unwrap();
    assert_eq!(request.validate(), Ok(()));
    assert_eq!(serde_json::to_value(&request).unwrap(), cases);
    assert_eq!(round_trip(&request).validate(), Ok(()));
}

#[test]
fn coerced_forms_serialize_as_sent() {
    let config = json!({"from": "a@example.com", "host": "smtp.example.com", "port": "587", "secure": "TRUE", "hasAuth": "false"});
    let body = json!({"connector_type_id": ".email", "name": "m", "config": config, "secrets": {"user": "u", "password": "p"}});
    let request = CreateConnectorRequest::from_value(body.clone()).unwrap();
    let ConnectorConfig::Email(c) = &request.config else { panic!() };
    assert_eq!(*c.port, Some(587.0));
    assert_eq!(c.port.sent_text(), Some("587"));
    assert_eq!(*c.secure, Some(true));
    assert!(!*c.has_auth && c.has_auth.raw_truthy(), "\"false\" is truthy to Kibana's raw-request checks");
    assert_eq!(serde_json::to_value(&request).unwrap(), body);
    // Kibana stores the coerced values.
    let stored = serde_json::to_value(request.normalized(&ValidationContext::default()).config).unwrap();
    assert_eq!((&stored["port"], &stored["secure"], &stored["hasAuth"]), (&json!(587), &json!(true), &json!(false)));

    // A number in another form stays in that form; a header map sent as JSON text stays text.
    let body = json!({"connector_type_id": ".email", "name": "m", "config": {"from": "a@example.com", "host": "h.example.com", "port": 25.0}});
    assert!(serde_json::to_string(&CreateConnectorRequest::from_value(body).unwrap()).unwrap().contains("25.0"));
    let body = json!({"connector_type_id": ".webhook", "name": "w", "config": {"url": "https://x.example", "headers": "{\"X-A\": \"1\"}"}});
    let request = CreateConnectorRequest::from_value(body.clone()).unwrap();
    let ConnectorConfig::Webhook(w) = &request.config else { panic!() };
    assert_eq!(w.headers.as_ref().and_then(|h| h.get("X-A")).map(String::as_str), Some("1"));
    assert_eq!(serde_json::to_value(&request).unwrap(), body);
    // `null` stays `null`, absent stays absent.
    let body =
        json!({"connector_type_id": ".webhook", "name": "w", "config": {"url": "https://x.example", "headers": null}});
    assert_eq!(serde_json::to_value(CreateConnectorRequest::from_value(body.clone()).unwrap()).unwrap(), body);
}

#[test]
fn builders_name_every_missing_required_key() {
    let err = JiraConfig::builder().build().unwrap_err();
    assert_eq!(err.missing(), ["apiUrl", "projectKey"]);
    assert_eq!(err.type_name(), "JiraConfig");
    assert_eq!(err.to_string(), "cannot build JiraConfig: required keys `apiUrl`, `projectKey` not set");
    let err = CasesWebhookConfig::builder().create_incident_url("https://a.example/i").build().unwrap_err();
    assert!(!err.missing().contains(&"createIncidentUrl") && err.missing().contains(&"updateIncidentJson"));

    // Setters take the value type; defaults stay unsent until set.
    let c = WebhookConfig::builder().url(String::from("https://a.example")).has_auth(false).build().unwrap();
    assert_eq!(c.has_auth.raw(), Some(&false));
    assert!(!c.method.was_sent() && *c.method == WebhookConfigMethod::Post);
    let nested = SwimlaneConfig::builder()
        .api_url("https://s.example")
        .app_id("a")
        .connector_type(SwimlaneConfigConnectorType::All)
        .mappings(SwimlaneConfigMappings::default())
        .build()
        .unwrap();
    assert_eq!(serde_json::to_value(&nested).unwrap()["mappings"], json!({}));
}

#[test]
fn every_connector_type_converts_from_its_own_types() {
    // Types without required keys have `Default`; each converts into its own variant.
    let configs: Vec<ConnectorConfig> = vec![
        ServerLogConfig::default().into(),
        TeamsConfig::default().into(),
        IndexConfig::builder().index("i").build().unwrap().into(),
        ServiceNowSirConfig::builder().api_url("https://a.service-now.com").build().unwrap().into(),
        GenAiOtherConfig::builder().api_url("https://llm.example").default_model("m").build().unwrap().into(),
    ];
    let types: Vec<ConnectorType> = configs.iter().map(ConnectorConfig::connector_type).collect();
    assert_eq!(
        types,
        [
            ConnectorType::ServerLog,
            ConnectorType::Teams,
            ConnectorType::Index,
            ConnectorType::ServiceNowSir,
            ConnectorType::GenAi
        ]
    );
    let secrets: Vec<ConnectorSecrets> = vec![
        ServerLogSecrets::default().into(),
        IndexSecrets::default().into(),
        ServiceNowItomSecrets::default().into(),
        WebhookSecrets::default().into(),
    ];
    let types: Vec<ConnectorType> = secrets.iter().map(ConnectorSecrets::connector_type).collect();
    assert_eq!(
        types,
        [ConnectorType::ServerLog, ConnectorType::Index, ConnectorType::ServiceNowItom, ConnectorType::Webhook]
    );
}

#[test]
fn new_requests_take_the_type_from_the_config() {
    let request = CreateConnectorRequest::new(
        "j",
        JiraConfig::builder().api_url("https://a.atlassian.net").project_key("K").build().unwrap(),
    );
    assert_eq!(request.connector_type(), ConnectorType::Jira);
    // No secrets: none are sent, and validation reports the required ones (Kibana checks `{}`).
    assert_eq!(serde_json::to_value(&request).unwrap().get("secrets"), None);
    assert_eq!(lines(&request.validate()), ["/secrets/apiToken required", "/secrets/email required"]);
    let request = request.with_secrets(JiraSecrets::builder().email("a@example.com").api_token("t").build().unwrap());
    assert_eq!(request.validate(), Ok(()));
    // Secrets of another type are reported where they are.
    let mixed = request.clone().with_secrets(WebhookSecrets::default());
    assert_eq!(lines(&mixed.validate()), ["/secrets connector_type_mismatch"]);

    let update =
        UpdateConnectorRequest::new("j", request.config.clone()).with_secrets(request.secrets.clone().unwrap());
    assert_eq!(update.connector_type(), ConnectorType::Jira);
    assert_eq!(update.validate(), Ok(()));
    assert_eq!(
        serde_json::to_value(&update).unwrap().as_object().unwrap().keys().collect::<Vec<_>>(),
        ["config", "name", "secrets"]
    );
}

/// Numbers are written as JavaScript writes them: a port set in code is `587`, not `587.0`;
/// a number sent in another form keeps it.
#[test]
fn numbers_are_written_as_javascript_writes_them() {
    let config = EmailConfig::builder().from("a@example.com").host("smtp.example.com").port(587).build().unwrap();
    assert_eq!(serde_json::to_value(&config).unwrap()["port"].to_string(), "587");
    let sent = CreateConnectorRequest::from_json(
        r#"{"connector_type_id": ".email", "name": "m", "config": {"from": "a@example.com", "host": "h", "port": "25.0"}}"#,
    )
    .unwrap();
    assert_eq!(serde_json::to_value(&sent).unwrap()["config"]["port"], serde_json::json!("25.0"));
    let fraction = EmailConfig::builder().from("a@example.com").port(25.5).build().unwrap();
    assert_eq!(serde_json::to_value(&fraction).unwrap()["port"].to_string(), "25.5");
}

/// One connector's own type without a `match`: read, and edit in place.
#[test]
fn per_connector_accessors() {
    let got =
        response(".webhook", json!({"url": "https://a.example", "method": "post", "headers": null, "hasAuth": false}));
    assert_eq!(
        got.typed_config().and_then(ConnectorConfig::as_webhook).map(|w| w.url.as_str()),
        Some("https://a.example")
    );
    assert!(got.typed_config().and_then(ConnectorConfig::as_email).is_none());
    let mut put = got.to_update(None).unwrap();
    put.config.as_webhook_mut().unwrap().url = "https://b.example".into();
    assert_eq!(serde_json::to_value(&put).unwrap()["config"]["url"], json!("https://b.example"));
    let secrets = ConnectorSecrets::from(WebhookSecrets::builder().user("u").password("p").build().unwrap());
    assert!(secrets.as_webhook().is_some() && secrets.as_email().is_none());
}

/// Display names the pointer when there is one and the position once.
#[test]
fn parse_errors_print_pointer_and_position_once() {
    let e = CreateConnectorRequest::from_json(r#"{"connector_type_id": ".webhook", "name": "h\q"}"#).unwrap_err();
    assert_eq!(e.to_string(), "invalid escape (syntax) at line 1 column 46");
    let e =
        CreateConnectorRequest::from_json(r#"{"connector_type_id": ".webhook", "name": "h", "config": {"url": 5}}"#)
            .unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("/config/url: ") && text.matches("line").count() == 1, "{text}");
}

#[test]
fn parse_errors_are_located() {
    let located = |body: &str| {
        let e = CreateConnectorRequest::from_json(body).unwrap_err();
        (e.pointer.clone(), e.kind, e.line > 0)
    };
    let hook = |config: &str| format!(r#"{{"connector_type_id": ".webhook", "name": "w", "config": {config}}}"#);
    assert_eq!(located(&hook(r#"{"method": "put"}"#)), ("/config/url".into(), ErrorKind::MissingKey, true));
    assert_eq!(located(&hook(r#"{"url": 5}"#)), ("/config/url".into(), ErrorKind::WrongType, true));
    assert_eq!(
        located(&hook(r#"{"url": "https://x", "method": "trace"}"#)),
        ("/config/method".into(), ErrorKind::UnknownValue, true)
    );
    assert_eq!(
        located(&hook(r#"{"url": "https://x", "method": null}"#)),
        ("/config/method".into(), ErrorKind::NullNotAllowed, true)
    );
    assert_eq!(
        located(&hook(r#"{"url": "https://x", "headers": {"X": 1}}"#)),
        ("/config/headers/X".into(), ErrorKind::WrongType, true)
    );
    assert_eq!(
        located(r#"{"connector_type_id": ".nope", "name": "n"}"#),
        ("/connector_type_id".into(), ErrorKind::UnknownValue, true)
    );
    assert_eq!(located(r#"{"connector_type_id": ".webhook"}"#), ("/name".into(), ErrorKind::MissingKey, true));
    assert_eq!(
        located(r#"{"connector_type_id": ".webhook", "name": "w", "confg": {}}"#),
        ("/confg".into(), ErrorKind::UnknownField, true)
    );
    assert_eq!(
        located(r#"{"connector_type_id": ".jira", "name": "j"}"#),
        ("/config/apiUrl".into(), ErrorKind::MissingKey, true)
    );
    assert_eq!(located(r#"{"connector_type_id": ".webhook", "name": "w",, }"#).1, ErrorKind::Syntax);
    // Buffered config (before the type id), and secrets, are located too.
    let e =
        CreateConnectorRequest::from_json(r#"{"config": {"url": []}, "name": "w", "connector_type_id": ".webhook"}"#)
            .unwrap_err();
    assert_eq!((e.pointer.as_str(), e.kind), ("/config/url", ErrorKind::WrongType));
    let e = CreateConnectorRequest::from_json(r#"{"connector_type_id": ".jira", "name": "j", "config": {"apiUrl": "https://a", "projectKey": "K"}, "secrets": {"email": "e", "apiToken": 7}}"#).unwrap_err();
    assert_eq!((e.pointer.as_str(), e.kind), ("/secrets/apiToken", ErrorKind::WrongType));
    assert!(!e.message.contains('7') || !e.to_string().contains("apiToken\": 7"), "no secret echoed");
    // Update bodies and values, and the conversion to a validation error.
    let e = UpdateConnectorRequest::from_value(
        ConnectorType::Webhook,
        json!({"name": "w", "config": {"url": "https://x", "hasAuth": "yes"}}),
    )
    .unwrap_err();
    assert_eq!((e.pointer.as_str(), e.kind, e.line), ("/config/hasAuth", ErrorKind::WrongType, 0));
    let as_validation: ValidationError = e.into();
    assert_eq!(as_validation.pointer, "/config/hasAuth");
    // List items are located by index; a string holding JSON at its own key; a value's
    // message carries no position of the text it was re-read from.
    let slack = |config: &str| format!(r#"{{"connector_type_id": ".slack_api", "name": "s", "config": {config}}}"#);
    let channels = r#"{"allowedChannels": [{"id": "a", "name": "b"}, {"id": "c"}]}"#;
    assert_eq!(located(&slack(channels)), ("/config/allowedChannels/1/name".into(), ErrorKind::MissingKey, true));
    let as_text = r#"{"allowedChannels": "[{\"id\": 5}]"}"#;
    assert_eq!(located(&slack(as_text)), ("/config/allowedChannels".into(), ErrorKind::InvalidValue, true));
    let value: serde_json::Value = serde_json::from_str(&slack(channels)).unwrap();
    let e = CreateConnectorRequest::from_value(value).unwrap_err();
    assert_eq!((e.pointer.as_str(), e.line), ("/config/allowedChannels/1/name", 0));
    assert!(!e.message.contains("line"), "{}", e.message);
}

#[test]
fn responses_from_newer_releases_parse_and_round_trip() {
    let list = json!([
        {"id": "1", "name": "oauth", "connector_type_id": ".webhook", "is_deprecated": false, "is_preconfigured": false,
         "is_system_action": false, "is_missing_secrets": false,
         "config": {"url": "https://a.example", "method": "post", "hasAuth": true, "authType": "webhook-oauth2-client-credentials",
                    "accessTokenUrl": "https://idp.example/token", "clientId": "c", "headers": null}},
        {"id": "2", "name": "trace", "connector_type_id": ".webhook", "is_deprecated": false, "is_preconfigured": false,
         "is_system_action": false, "config": {"url": "https://a.example", "method": "trace", "hasAuth": false, "headers": null}},
        {"id": "3", "name": "typed", "connector_type_id": ".webhook", "is_deprecated": false, "is_preconfigured": false,
         "is_system_action": false, "config": {"url": "https://a.example", "method": "put", "hasAuth": false, "headers": null, "newKey": 1}},
        {"id": "4", "name": "new type", "connector_type_id": ".github", "is_deprecated": false, "is_preconfigured": false,
         "is_system_action": false, "config": {"serverUrl": "https://mcp.example"}, "newTopLevel": true},
    ]);
    let parsed: Vec<ConnectorResponse> = serde_json::from_value(list.clone()).unwrap();
    assert!(
        matches!(parsed[0].config, Some(ResponseConfig::Typed(ConnectorConfig::Webhook(_)))),
        "9.2 OAuth2 auth type (modelled)"
    );
    assert!(matches!(parsed[1].config, Some(ResponseConfig::Untyped(_))), "a method no modelled release has");
    assert!(
        matches!(parsed[2].config, Some(ResponseConfig::Typed(ConnectorConfig::Webhook(_)))),
        "unknown keys still type"
    );
    assert!(matches!(parsed[3].config, Some(ResponseConfig::Untyped(_))));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), list, "nothing dropped");
    // Requests stay strict.
    let body = json!({"connector_type_id": ".webhook", "name": "w", "config": {"url": "https://x", "method": "trace"}});
    assert_eq!(CreateConnectorRequest::from_value(body).unwrap_err().kind, ErrorKind::UnknownValue);
}

fn response(type_id: &str, config: Value) -> ConnectorResponse {
    serde_json::from_value(json!({"id": "1", "name": "n", "connector_type_id": type_id, "config": config,
        "is_deprecated": false, "is_preconfigured": false, "is_system_action": false, "is_missing_secrets": false}))
    .unwrap()
}

#[test]
fn get_edit_put_keeps_the_stored_config() {
    let stored = json!({"url": "https://a.example", "method": "put", "headers": null, "hasAuth": true, "authType": "webhook-authentication-basic"});
    let got = response(".webhook", stored.clone());
    let secrets = WebhookSecrets::builder().user("u").password("p").build().unwrap();
    let mut put = got.to_update(Some(secrets.into())).unwrap();
    let ConnectorConfig::Webhook(c) = &mut put.config else { panic!() };
    c.method = WebhookConfigMethod::Post.into();
    assert_eq!(put.validate(), Ok(()));
    let written = serde_json::to_value(&put).unwrap();
    let mut expected = stored;
    expected["method"] = json!("post");
    assert_eq!(written["config"], expected, "the stored config, unchanged apart from the edit");
    assert_eq!(written["name"], json!("n"));

    // A stored config Kibana itself refuses is flagged, not produced silently.
    let got = response(".xmatters", json!({"usesBasic": true, "configUrl": null}));
    let put =
        got.to_update(Some(XmattersSecrets::builder().secrets_url(XMATTERS_URL).build().unwrap().into())).unwrap();
    assert_eq!(
        lines(&put.validate()),
        [
            "/secrets/secretsUrl forbidden",
            "/secrets/user required",
            "/secrets/password required",
            "/config/configUrl required"
        ]
    );

    // No config (preconfigured) or an unknown type: an error at its pointer.
    let mut preconfigured = response(".webhook", json!({"url": "https://a.example"}));
    preconfigured.config = None;
    assert_eq!(preconfigured.to_update(None).unwrap_err().pointer, "/config");
    assert_eq!(response(".nope", json!({})).to_update(None).unwrap_err().pointer, "/connector_type_id");
}

#[test]
fn normalized_is_idempotent_and_kibanas() {
    let cx = ValidationContext::default();
    let body = json!({"connector_type_id": ".swimlane", "name": "s", "config": {"apiUrl": "https://s.example", "appId": "a", "connectorType": "all"}, "secrets": {"apiToken": "t"}});
    let request = CreateConnectorRequest::from_value(body).unwrap();
    let once = request.normalized(&cx);
    assert_eq!(once.normalized(&cx), once);
    let mappings = &serde_json::to_value(&once.config).unwrap()["mappings"];
    assert_eq!(
        mappings.as_object().unwrap().values().filter(|v| v.is_null()).count(),
        7,
        "absent mappings stored as seven nulls"
    );
    let normalized = request.config.normalized(&cx);
    assert_eq!(normalized, once.config);
}

/// Duplicate `config` keys: the last one wins, in whatever form each came (object, JSON
/// text, before or after the type id), and only the winner's form is written back.
#[test]
fn the_last_duplicate_config_wins_with_its_form() {
    let parse = |body: &str| CreateConnectorRequest::from_json(body).unwrap();
    let url = |r: &CreateConnectorRequest| match &r.config {
        ConnectorConfig::Webhook(c) => c.url.clone(),
        other => panic!("not a webhook config: {other:?}"),
    };
    let text_then_object = parse(
        r#"{"connector_type_id": ".webhook", "name": "w", "config": "{\"url\": \"https://a\"}", "config": {"url": "https://b"}}"#,
    );
    assert_eq!(url(&text_then_object), "https://b");
    assert_eq!(serde_json::to_value(&text_then_object).unwrap()["config"], json!({"url": "https://b"}));
    let buffered_then_typed = parse(
        r#"{"name": "w", "config": "{\"url\": \"https://a\"}", "connector_type_id": ".webhook", "config": {"url": "https://b"}}"#,
    );
    assert_eq!(url(&buffered_then_typed), "https://b");
    let object_then_text = parse(
        r#"{"connector_type_id": ".webhook", "name": "w", "config": {"url": "https://a"}, "config": "{\"url\": \"https://b\"}"}"#,
    );
    assert_eq!(url(&object_then_text), "https://b");
    assert_eq!(serde_json::to_value(&object_then_text).unwrap()["config"], json!("{\"url\": \"https://b\"}"));
}

#[test]
fn builders_take_pairs_options_nulls_and_existing_values() {
    // Maps from pairs, lists from any iterator.
    let hook = WebhookConfig::builder().url("https://a.example").headers([("X-Team", "ops")]).build().unwrap();
    let mail = EmailConfig::builder().from("a@example.com").service("gmail").build().unwrap();
    assert_eq!(serde_json::to_value(&hook).unwrap(), json!({"url": "https://a.example", "headers": {"X-Team": "ops"}}));
    let list = SlackApiConfig::builder().allowed_channels(Vec::<SlackApiConfigAllowedChannelsItem>::new()).build();
    assert_eq!(serde_json::to_value(list.unwrap()).unwrap(), json!({"allowedChannels": []}));

    // `maybe_`: `None` leaves the key out, `Some` sets it.
    let scope: Option<String> = None;
    let hook2 = WebhookConfig::builder().url("https://a.example").maybe_scope(scope).build().unwrap();
    assert_eq!(serde_json::to_value(&hook2).unwrap(), json!({"url": "https://a.example"}));
    let hook3 = WebhookConfig::builder().url("https://a.example").maybe_scope(Some("read".to_owned())).build().unwrap();
    assert_eq!(hook3.scope.as_deref(), Some("read"));

    // `_null`: an explicit `null` for a nullable key.
    let nulled = WebhookConfig::builder().url("https://a.example").auth_type_null().build().unwrap();
    assert_eq!(serde_json::to_value(&nulled).unwrap(), json!({"url": "https://a.example", "authType": null}));

    // From an existing value: what was sent stays sent, unknown keys stay, defaults stay defaults.
    let parsed = ConnectorConfig::from_value(
        ConnectorType::Webhook,
        json!({"url": "https://a.example", "hasAuth": false, "futureKey": 1}),
    )
    .unwrap();
    let hook = parsed.as_webhook().unwrap();
    let edited = hook.to_builder().method(WebhookConfigMethod::Put).build().unwrap();
    assert_eq!(
        serde_json::to_value(&edited).unwrap(),
        json!({"url": "https://a.example", "hasAuth": false, "method": "put", "futureKey": 1})
    );
    assert_eq!(WebhookConfigBuilder::from(hook.clone()).build().unwrap(), *hook);
    assert!(!mail.has_auth.was_sent());
}

#[test]
fn errors_in_json_text_are_placed_in_the_outer_document() {
    // `secrets` sent as JSON text (Kibana's schema library parses it); its `user` is a number.
    let body = "{\"name\": \"hook\", \"connector_type_id\": \".webhook\",\n \"config\": {\"url\": \"https://a.example\"},\n \"secrets\": \"{\\\"user\\\": 5, \\\"password\\\": \\\"p\\\"}\"}";
    let err = CreateConnectorRequest::from_json(body).unwrap_err();
    assert_eq!(err.pointer, "/secrets/user");
    // Line 3 of the body, not line 1 of the embedded text.
    assert_eq!(err.line, 3, "{err}");
    assert!(!err.message.contains("line 1"), "{err}");
    // The same with `secrets` before the type id (kept raw until the type is known).
    let body = "{\"name\": \"hook\",\n \"secrets\": \"{\\\"user\\\": 5}\",\n \"config\": {\"url\": \"https://a.example\"}, \"connector_type_id\": \".webhook\"}";
    let err = CreateConnectorRequest::from_json(body).unwrap_err();
    assert_eq!(err.pointer, "/secrets/user");
    assert!(err.line >= 2 && !err.message.contains("line 1"), "{err}");
}

#[test]
fn key_names_under_secrets_are_redacted() {
    let body = r#"{"name": "hook", "connector_type_id": ".webhook", "config": {"url": "https://a.example"},
                   "secrets": {"user": "u", "password": "p", "sk-live-0123456789": "x"}}"#;
    let request = CreateConnectorRequest::from_json(body).unwrap();
    let errors = request.validate().unwrap_err();
    let shown = format!("{errors} {errors:?} {request:?}");
    assert!(!shown.contains("sk-live"), "{shown}");
    assert_eq!(errors.pointers(), ["/secrets/[REDACTED]"]);
    assert_eq!(errors.iter().next().map(|e| e.kind), Some(ErrorKind::UnknownField));
    // In config a key name is not a secret: it is shown.
    let body =
        r#"{"name": "hook", "connector_type_id": ".webhook", "config": {"url": "https://a.example", "urll": 1}}"#;
    let errors = CreateConnectorRequest::from_json(body).unwrap().validate().unwrap_err();
    assert_eq!(errors.pointers(), ["/config/urll"]);
}

#[test]
fn refused_hosts_are_named() {
    let cx = ValidationContext::default().allowed_hosts(["example.com"]);
    let slack = CreateConnectorRequest::from_json(
        r#"{"name": "s", "connector_type_id": ".slack_api", "config": {}, "secrets": {"token": "xoxb-1"}}"#,
    )
    .unwrap();
    let errors = slack.validate_with(&cx).unwrap_err();
    let e = errors.iter().find(|e| e.kind == ErrorKind::HostNotAllowed).unwrap();
    assert!(e.message.contains("\"slack.com\""), "{e}");
    let mail = CreateConnectorRequest::new(
        "m",
        EmailConfig::builder().from("a@example.com").service("gmail").build().unwrap(),
    )
    .with_secrets(EmailSecrets::builder().user("u").password("p").build().unwrap());
    let errors = mail.validate_with(&cx).unwrap_err();
    assert!(errors.iter().any(|e| e.kind == ErrorKind::HostNotAllowed && e.message.contains("smtp.gmail.com")));
}

#[test]
fn response_errors_name_the_key() {
    let item = |id: &str| {
        format!(
            r#"{{"id": {id}, "name": "n", "connector_type_id": ".server-log", "config": {{}},
                "is_deprecated": false, "is_preconfigured": false, "is_system_action": false}}"#
        )
    };
    let list = format!("[{}, {}]", item("\"a\""), item("1"));
    let err = ConnectorResponse::list_from_json(&list).unwrap_err();
    assert_eq!((err.pointer.as_str(), err.kind), ("/1/id", ErrorKind::WrongType), "{err}");
    let err = ConnectorResponse::from_json(&item("true")).unwrap_err();
    assert_eq!(err.pointer, "/id", "{err}");
    let missing = r#"[{"id": "a", "name": "n", "connector_type_id": ".server-log"}]"#;
    assert_eq!(ConnectorResponse::list_from_json(missing).unwrap_err().pointer, "/0/is_deprecated");
}
