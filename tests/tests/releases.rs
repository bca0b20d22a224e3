//! Each Kibana release's verdict, on both sides of every release boundary the model has;
//! `KibanaVersion`; defaults per release; end-to-end bodies of later releases; and the
//! release diffs (`cargo xtask diff --releases OLD NEW`) as snapshots.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use kibana_connectors::*;
use kibana_connectors_tests::project_inputs;
use serde_json::{Value, json};

fn v(version: &str) -> ValidationContext {
    ValidationContext::for_version(version.parse().unwrap())
}

/// `Ok` or the `pointer kind` lines (a parse error is `(parse) …`).
fn verdict(body: &Value, version: &str) -> Result<(), Vec<String>> {
    let request = CreateConnectorRequest::from_value(body.clone())
        .map_err(|e| vec![format!("(parse) {} {}", e.pointer, e.kind)])?;
    request.validate_with(&v(version)).map_err(|e| e.iter().map(|e| format!("{} {}", e.pointer, e.kind)).collect())
}

/// The releases that accept `body`, among every supported line (newest patch) and the
/// patch levels around each threshold.
fn accepted_by(body: &Value) -> Vec<&'static str> {
    accepted_with(body, |_| {})
}

/// [`accepted_by`] with kibana.yml settings.
fn accepted_with(body: &Value, settings: impl Fn(&mut ValidationContext)) -> Vec<&'static str> {
    let request = CreateConnectorRequest::from_value(body.clone()).unwrap();
    let with = |ver: &str| {
        let mut cx = v(ver);
        settings(&mut cx);
        cx
    };
    ALL.iter().copied().filter(|ver| request.validate_with(&with(ver)).is_ok()).collect()
}

/// Every line (its newest patch) and the patches on both sides of each threshold.
const ALL: &[&str] = &[
    "8.16", "8.17.0", "8.17.2", "8.17.3", "8.17", "8.18", "9.0", "8.19.8", "8.19.15", "8.19.16", "8.19", "9.1.9",
    "9.1.10", "9.1", "9.2.0", "9.2.2", "9.2.3", "9.2.4", "9.2.7", "9.2.8", "9.2", "9.3.0", "9.3.2", "9.3.3", "9.3.4",
    "9.3.5", "9.3", "9.4.0", "9.4.1", "9.4.2", "9.4", "9.5.0", "9.5",
];

/// `ALL` from `first` on.
fn since(first: &str) -> Vec<&'static str> {
    let i = ALL.iter().position(|v| *v == first).unwrap();
    ALL[i..].to_vec()
}

/// `ALL` without `out`.
fn all_but(out: &[&str]) -> Vec<&'static str> {
    ALL.iter().copied().filter(|v| !out.contains(v)).collect()
}

fn data(file: &str) -> Value {
    let path = kibana_connectors_tests::root().join("tests/data/create").join(file);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}
#[test]
fn kibana_versions_parse_print_and_refuse() {
    assert_eq!(KibanaVersion::LINES, ["8.16", "8.17", "8.18", "9.0", "8.19", "9.1", "9.2", "9.3", "9.4", "9.5"]);
    assert_eq!(KibanaVersion::LATEST.to_string(), "9.5");
    assert_eq!(KibanaVersion::default(), KibanaVersion::LATEST);
    for text in ["8.16", "9.1", "9.1.3", "8.17.42", "9.2.0", "9.3", "9.4.7", "9.5.5"] {
        assert_eq!(text.parse::<KibanaVersion>().unwrap().to_string(), text, "Display prints what was parsed");
    }
    let v = "9.1.10".parse::<KibanaVersion>().unwrap();
    assert_eq!((v.line(), v.patch()), ("9.1", Some(10)));
    for bad in ["9.6", "7.17", "9", "9.1.x", "", "v9.1", "9.1.3.4"] {
        let err = bad.parse::<KibanaVersion>().unwrap_err().to_string();
        assert!(err.contains("8.16, 8.17, 8.18, 9.0, 8.19, 9.1, 9.2, 9.3, 9.4, 9.5"), "{bad}: {err}");
    }
    assert_eq!(ValidationContext::default().version(), KibanaVersion::LATEST);
    assert_eq!(ValidationContext::for_version("8.17.1".parse().unwrap()).version().to_string(), "8.17.1");
}

fn webhook(config: Value, secrets: Value) -> Value {
    json!({"connector_type_id": ".webhook", "name": "w", "config": config, "secrets": secrets})
}

#[test]
fn release_boundaries() {
    // cases-webhook getIncidentMethod/getIncidentJson: 8.17.0 and later.
    let cases = |extra: Value| {
        let mut config = json!({"createIncidentUrl": "https://a.example/i", "createIncidentJson": "{}", "createIncidentResponseKey": "id",
            "getIncidentUrl": "https://a.example/i/{{{external.system.id}}}", "getIncidentResponseExternalTitleKey": "key",
            "viewIncidentUrl": "https://a.example/v", "updateIncidentUrl": "https://a.example/u", "updateIncidentJson": "{}", "hasAuth": false});
        config.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        json!({"connector_type_id": ".cases-webhook", "name": "c", "config": config})
    };
    assert_eq!(accepted_by(&cases(json!({"getIncidentMethod": "post", "getIncidentJson": "{}"}))), &ALL[1..]);
    assert_eq!(
        verdict(&cases(json!({"getIncidentMethod": "post"})), "8.16"),
        Err(vec!["/config/getIncidentMethod unknown_field".into()])
    );

    // Torq's EU host: 8.17.3 and later (a patch threshold).
    let torq = json!({"connector_type_id": ".torq", "name": "t", "config": {"webhookIntegrationUrl": "https://hooks.eu.torq.io/v1/x"}, "secrets": {"token": "t"}});
    assert_eq!(accepted_by(&torq), since("8.17.3"));

    // Microsoft Defender for Endpoint and inference: 8.18/9.0 and later.
    let defender = data("microsoft_defender_endpoint.json");
    assert_eq!(accepted_by(&defender), &ALL[5..]);
    assert_eq!(verdict(&defender, "8.17"), Err(vec!["/connector_type_id unknown_value".into()]));

    // OpenAI organizationId/projectId: 8.18/9.0 and later (kibana#213117, #213760).
    let openai = json!({"connector_type_id": ".gen-ai", "name": "o", "secrets": {"apiKey": "k"},
        "config": {"apiProvider": "OpenAI", "apiUrl": "https://api.openai.com/v1/chat/completions", "organizationId": "org-1", "projectId": "proj-1"}});
    assert_eq!(accepted_by(&openai), &ALL[5..]);
    assert_eq!(
        verdict(&openai, "8.17.3"),
        Err(vec!["/config/organizationId unknown_field".into(), "/config/projectId unknown_field".into()])
    );

    // contextWindowLength: 9.2, on the AI connector too (kibana#228371, #230005).
    let mut inference = data("inference.json");
    inference["config"]["contextWindowLength"] = json!(128000);
    assert_eq!(accepted_by(&inference), since("9.2.0"));
    assert_eq!(verdict(&inference, "9.1"), Err(vec!["/config/contextWindowLength unknown_field".into()]));

    // XSOAR: 8.19 and 9.1 (kibana#212049, 8.19 backport #224698), not 9.0; Jira Service Management: 9.2.
    let xsoar = json!({"connector_type_id": ".xsoar", "name": "x", "config": {"url": "https://x.example"}, "secrets": {"apiKey": "k"}});
    assert_eq!(accepted_by(&xsoar), since("8.19.8"));
    let jsm = json!({"connector_type_id": ".jira-service-management", "name": "j", "config": {"apiUrl": "https://x.example"}, "secrets": {"apiKey": "k"}});
    assert_eq!(accepted_by(&jsm), since("9.2.0"));

    // OpenAI PKI secrets: 8.19/9.1 and later (not 9.0).
    let cert = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="; // base64 of "-----BEGIN CERTIFICATE-----\n"
    let key = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCg=="; // base64 of "-----BEGIN PRIVATE KEY-----\n"
    let pki = json!({"connector_type_id": ".gen-ai", "name": "o", "config": {"apiProvider": "Other", "apiUrl": "https://llm.example", "defaultModel": "m"},
        "secrets": {"certificateData": cert, "privateKeyData": key}});
    assert_eq!(accepted_by(&pki), since("8.19.8"));
    let bad_pem = json!({"connector_type_id": ".gen-ai", "name": "o", "config": {"apiProvider": "Other", "apiUrl": "https://llm.example", "defaultModel": "m"},
        "secrets": {"certificateData": "bm90IGEgY2VydA==", "privateKeyData": key}});
    assert_eq!(verdict(&bad_pem, "9.1"), Err(vec!["/secrets/certificateData invalid_value".into()]));

    // Webhook OAuth 2.0 client credentials and secret headers: 9.2.
    let oauth = webhook(
        json!({"url": "https://a.example", "authType": "webhook-oauth2-client-credentials", "accessTokenUrl": "https://idp.example/t", "clientId": "c"}),
        json!({"clientSecret": "s"}),
    );
    assert_eq!(accepted_by(&oauth), since("9.2.0"));
    assert_eq!(
        verdict(&oauth, "9.1"),
        Err(vec![
            "/config/accessTokenUrl unknown_field".into(),
            "/config/authType invalid_value".into(),
            "/config/clientId unknown_field".into(),
            "/secrets/clientSecret unknown_field".into()
        ])
    );
    let no_token_url = webhook(
        json!({"url": "https://a.example", "authType": "webhook-oauth2-client-credentials", "clientId": "c"}),
        json!({"clientSecret": "s"}),
    );
    assert_eq!(verdict(&no_token_url, "9.2"), Err(vec!["/config/accessTokenUrl required".into()]));
    let headers = webhook(json!({"url": "https://a.example"}), json!({"secretHeaders": {"X-Key": "v"}}));
    assert_eq!(accepted_by(&headers), since("9.2.0"));
    let cases_oauth = cases(json!({"authType": "webhook-oauth2-client-credentials", "hasAuth": true}));
    assert_eq!(accepted_by(&cases_oauth), Vec::<&str>::new(), "cases-webhook never takes OAuth2");

    // Email caps: 9.1.10 and 9.2.4 (9.2.0–9.2.3 lack them), not a chain.
    let long_host = json!({"connector_type_id": ".email", "name": "m", "config": {"from": "a@example.com", "host": "h".repeat(600), "port": 25}});
    let uncapped = [all_but(&since("9.1.10")), vec!["9.2.0", "9.2.2", "9.2.3"]].concat();
    let mut expected: Vec<&str> = ALL.iter().copied().filter(|v| uncapped.contains(v)).collect();
    expected.dedup();
    assert_eq!(accepted_by(&long_host), expected);

    // Email oauthTokenUrl on the allowlist: 8.19.9 and 9.2.3 on (backports of kibana#244267), never 9.1.
    let exchange = json!({"connector_type_id": ".email", "name": "m", "config": {"service": "exchange_server", "from": "a@example.com",
        "clientId": "c", "tenantId": "t", "oauthTokenUrl": "https://login.example/token"}, "secrets": {"clientSecret": "s"}});
    let request = CreateConnectorRequest::from_value(exchange).unwrap();
    let refused: Vec<&str> = ALL
        .iter()
        .copied()
        .filter(|ver| request.validate_with(&v(ver).allowed_hosts(["graph.microsoft.com"])).is_err())
        .collect();
    assert_eq!(refused, [vec!["8.19.15", "8.19.16", "8.19"], since("9.2.3")].concat());
    let err = request.validate_with(&v("9.2.3").allowed_hosts(["graph.microsoft.com"])).unwrap_err();
    assert_eq!(
        err.iter().map(|e| format!("{} {}", e.pointer, e.kind)).collect::<Vec<_>>(),
        ["/config/oauthTokenUrl host_not_allowed"]
    );
    assert_eq!(request.validate_with(&v("9.2.3").allowed_hosts(["graph.microsoft.com", "login.example"])), Ok(()));

    // E-mail addresses: in 8.x and 9.2.x checked only when kibana.yml has an
    // `xpack.actions.email` block (a domain allowlist, or the 8.19+ services switch).
    // From kibana#268496 (8.19.16, 9.3.5, 9.4.2, 9.5.0) always, with the hyphen rules.
    let always = ["8.19.16", "8.19", "9.3.5", "9.3", "9.4.2", "9.4", "9.5.0", "9.5"];
    let bad_from = json!({"connector_type_id": ".email", "name": "m", "config": {"from": "not an address", "host": "smtp.example.com", "port": 25}});
    assert_eq!(accepted_by(&bad_from), all_but(&always));
    let hyphen = json!({"connector_type_id": ".email", "name": "m", "config": {"from": "-ops@example.com", "host": "smtp.example.com", "port": 25}});
    let allowlist = |cx: &mut ValidationContext| *cx = cx.clone().email_domain_allowlist(["example.com"]);
    assert_eq!(accepted_with(&hyphen, allowlist), all_but(&always));
    let label = json!({"connector_type_id": ".email", "name": "m", "config": {"from": "ops@example-.com", "host": "smtp.example.com", "port": 25}});
    assert_eq!(accepted_by(&label), all_but(&always));
    let quoted = json!({"connector_type_id": ".email", "name": "m", "config": {"from": "\"-ops\"@example.com", "host": "smtp.example.com", "port": 25}});
    assert_eq!(accepted_by(&quoted), ALL, "a quoted local part skips the hyphen rules");
    let request = CreateConnectorRequest::from_value(bad_from).unwrap();
    for version in ["8.16", "9.2.0", "9.2"] {
        assert!(request.validate_with(&v(version).email_domain_allowlist(["example.com"])).is_err(), "{version}");
    }
    assert!(request.validate_with(&v("9.2").email_services(["other"])).is_err(), "an email block without an allowlist");

    // Webhook OAuth 2.0 token URL parsed and allow-listed: 9.2.8, 9.3.3, 9.4.0 (kibana#258290).
    let token_url = |url: &str| {
        webhook(
            json!({"url": "https://a.example", "authType": "webhook-oauth2-client-credentials", "accessTokenUrl": url, "clientId": "c"}),
            json!({"clientSecret": "s"}),
        )
    };
    let checked = [vec!["9.2.8", "9.2"], since("9.3.3")].concat();
    let unchecked: Vec<&str> = since("9.2.0").into_iter().filter(|v| !checked.contains(v)).collect();
    assert_eq!(accepted_by(&token_url("idp.example/token")), unchecked, "no scheme: refused even under '*'");
    let one_host = |cx: &mut ValidationContext| *cx = cx.clone().allowed_hosts(["a.example"]);
    assert_eq!(accepted_with(&token_url("https://idp.example/token"), one_host), unchecked);
    let both = |cx: &mut ValidationContext| *cx = cx.clone().allowed_hosts(["a.example", "idp.example"]);
    assert_eq!(accepted_with(&token_url("https://idp.example/token"), both), since("9.2.0"));

    // `.slack` is in every release; a system action never is.
    let slack = json!({"connector_type_id": ".slack", "name": "s", "secrets": {"webhookUrl": "https://hooks.slack.com/services/T/B/X"}});
    assert_eq!(accepted_by(&slack), ALL);
    let e = CreateConnectorRequest::from_json(r#"{"connector_type_id": ".cases", "name": "c"}"#).unwrap_err();
    assert_eq!(
        (e.pointer.as_str(), e.message.as_str()),
        ("/connector_type_id", "System action creation is forbidden. Action type: .cases.")
    );
}

/// What 9.3, 9.4 and 9.5 add, each on both sides of its release.
#[test]
fn releases_after_9_2() {
    let zod = since("9.3.0");
    // Webhook methods patch, get and delete: 9.3.0 (kibana#238072).
    for method in ["patch", "get", "delete"] {
        let body = webhook(json!({"url": "https://a.example", "method": method}), json!({}));
        assert_eq!(accepted_by(&body), zod, "{method}");
        assert_eq!(verdict(&body, "9.2"), Err(vec!["/config/method invalid_value".into()]));
    }
    // `temperature`: every `.gen-ai` provider, `.bedrock`, `.gemini` and `.inference` (kibana#239806).
    for file in
        ["gen-ai.json", "gen-ai.azure.json", "gen-ai.other.json", "bedrock.json", "gemini.json", "inference.json"]
    {
        let mut body = data(file);
        body["config"]["temperature"] = json!(0.2);
        assert_eq!(accepted_by(&body), zod, "{file}");
        assert_eq!(verdict(&body, "9.2"), Err(vec!["/config/temperature unknown_field".into()]), "{file}");
    }
    // Slack API channels by name alone (kibana#245423).
    let mut slack = data("slack_api.json");
    slack["config"]["allowedChannels"] = json!([{"name": "#ops"}]);
    assert_eq!(accepted_by(&slack), zod);
    // Bedrock `region`: 9.4.0 (kibana#252956).
    let mut bedrock = data("bedrock.json");
    bedrock["config"]["region"] = json!("eu-west-1");
    assert_eq!(accepted_by(&bedrock), since("9.4.0"));
    // `.mcp` from 9.3.0 (not strict: other keys pass), `.http` from 9.4.0.
    let mut mcp = data("mcp.json");
    assert_eq!(accepted_by(&mcp), zod);
    mcp["config"]["tools"] = json!([{"name": "search", "enabled": true}]);
    assert_eq!(accepted_by(&mcp), zod, "unknown keys of a non-strict zod object");
    assert_eq!(accepted_by(&data("http.json")), since("9.4.0"));
    assert_eq!(verdict(&data("http.json"), "9.3"), Err(vec!["/connector_type_id unknown_value".into()]));
    let mut proxy_auth = data("http.json");
    proxy_auth["secrets"].as_object_mut().unwrap().remove("proxyPassword");
    assert_eq!(
        verdict(&proxy_auth, "9.5"),
        Err(vec!["/secrets invalid_combination".into(), "/secrets/proxyPassword required".into()])
    );

    // OAuth 2.0's client secret stands alone from 9.3 (common/auth SecretConfigurationSchemaValidation).
    let secret_and_password = webhook(
        json!({"url": "https://a.example", "authType": "webhook-oauth2-client-credentials", "accessTokenUrl": "https://a.example/t", "clientId": "c"}),
        json!({"clientSecret": "s", "password": "p"}),
    );
    assert_eq!(
        accepted_by(&secret_and_password),
        [vec!["9.2.0", "9.2.2", "9.2.3", "9.2.4", "9.2.7", "9.2.8", "9.2"]].concat()
    );
    assert_eq!(verdict(&secret_and_password, "9.3"), Err(vec!["/secrets invalid_combination".into()]));

    // Other 9.3 schema changes: the Azure provider's `defaultModel`, Swimlane `mappings`
    // required, `additionalFields` nullable.
    let mut azure = data("gen-ai.azure.json");
    azure["config"]["defaultModel"] = json!("gpt-4o");
    assert_eq!(accepted_by(&azure), zod);
    let mut swimlane = data("swimlane.json");
    swimlane["config"].as_object_mut().unwrap().remove("mappings");
    assert_eq!(accepted_by(&swimlane), all_but(&zod));
    assert_eq!(verdict(&swimlane, "9.3"), Err(vec!["/config/mappings required".into()]));
    let null_fields = webhook(json!({"url": "https://a.example", "additionalFields": null}), json!({}));
    assert_eq!(accepted_by(&null_fields), zod);

    // The zod migration (9.3.0).
    let hook = |config: Value| webhook(config, json!({"user": "u", "password": "p"}));
    // Booleans and JSON text are no longer read from strings.
    let as_text = hook(json!({"url": "https://a.example", "hasAuth": "true"}));
    assert_eq!(accepted_by(&as_text), all_but(&zod));
    assert_eq!(verdict(&as_text, "9.3"), Err(vec!["/config/hasAuth wrong_type".into()]));
    let headers_text = hook(json!({"url": "https://a.example", "headers": "{\"X-A\": \"b\"}"}));
    assert_eq!(accepted_by(&headers_text), all_but(&zod));
    // Numbers are read with `Number()`: `true`, `null`, `"0x10"` and `[]` pass from 9.3 on.
    let mut gemini = data("gemini.json");
    for value in [json!(true), json!(null), json!("0x10"), json!([])] {
        gemini["config"]["contextWindowLength"] = value.clone();
        assert_eq!(accepted_by(&gemini), zod, "{value}");
        assert_eq!(verdict(&gemini, "9.2"), Err(vec!["/config/contextWindowLength wrong_type".into()]), "{value}");
    }
    gemini["config"]["contextWindowLength"] = json!("128000");
    assert_eq!(accepted_by(&gemini), since("9.2.0"), "numeric strings in both");
    let port = |value: Value| json!({"connector_type_id": ".email", "name": "m", "config": {"from": "a@example.com", "host": "smtp.example.com", "port": value}});
    assert_eq!(accepted_by(&port(json!("0x19"))), zod);
    assert_eq!(accepted_by(&port(json!(true))), zod, "Number(true) is 1, a valid port");
    assert!(accepted_by(&port(json!(false))).is_empty(), "Number(false) is 0, below the range");
    // `.teams` refuses every config key from 9.3 (`z.object({}).strict()`).
    let teams = json!({"connector_type_id": ".teams", "name": "t", "config": {"extra": 1},
        "secrets": {"webhookUrl": "https://outlook.office.com/webhook/x"}});
    assert_eq!(accepted_by(&teams), all_but(&zod));
}

/// User-defined connector ids (`POST /api/actions/connector/{id}`): any id before 9.4, the
/// slug rule of kibana#255922 from 9.4.0.
#[test]
fn connector_ids_per_release() {
    let taken = |id: &str| ALL.iter().copied().filter(|ver| v(ver).check_connector_id(id).is_ok()).collect::<Vec<_>>();
    let before = all_but(&since("9.4.0"));
    assert_eq!(taken("pagerduty-oncall"), ALL);
    assert_eq!(taken("a--b"), ALL, "inner hyphens, even two");
    assert_eq!(taken(&"a".repeat(36)), ALL);
    for bad in ["", "PagerDuty", "on_call", "on.call", "-x", "x-", "a/b", "a..b", "__proto__", "constructor", "café"] {
        assert_eq!(taken(bad), before, "{bad:?}");
    }
    assert_eq!(taken(&"a".repeat(37)), before);
    let e = v("9.5").check_connector_id(&"a".repeat(37)).unwrap_err();
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::InvalidLength, "Connector ID must be 36 characters or less (received 37).")
    );
    assert_eq!(v("9.5").check_connector_id("").unwrap_err().kind, ErrorKind::Required);
}

/// The kibana.yml switches of 8.19.0/9.1.0 (backported to 8.19 before its release).
#[test]
fn kibana_yml_switches_of_8_19_and_9_1() {
    let pfx = webhook(
        json!({"url": "https://a.example", "authType": "webhook-authentication-ssl", "certType": "ssl-pfx"}),
        json!({"pfx": "cGZ4"}),
    );
    let request = CreateConnectorRequest::from_value(pfx).unwrap();
    assert_eq!(request.validate_with(&v("9.1").webhook_pfx_enabled(true)), Ok(()));
    assert!(request.validate_with(&v("9.1").webhook_pfx_enabled(false)).is_err());
    assert!(request.validate_with(&v("8.19.0").webhook_pfx_enabled(false)).is_err(), "8.19 has it (kibana#224188)");
    assert_eq!(request.validate_with(&v("9.0").webhook_pfx_enabled(false)), Ok(()), "9.0 has no such setting");
    let gmail = json!({"connector_type_id": ".email", "name": "m", "config": {"from": "a@example.com", "service": "gmail"}, "secrets": {"user": "u", "password": "p"}});
    let request = CreateConnectorRequest::from_value(gmail).unwrap();
    assert_eq!(request.validate_with(&v("9.1").email_services(["gmail", "other"])), Ok(()));
    assert!(request.validate_with(&v("9.1").email_services(["other"])).is_err());
    assert!(request.validate_with(&v("8.19").email_services(["other"])).is_err(), "8.19 has it (kibana#224710)");
    assert_eq!(request.validate_with(&v("8.18").email_services(["other"])), Ok(()), "8.18 has no such setting");
}

#[test]
fn defaults_per_release() {
    let stored = |body: Value, version: &str, key: &str| {
        let request = CreateConnectorRequest::from_value(body).unwrap();
        serde_json::to_value(request.normalized(&v(version)).config).unwrap()[key].clone()
    };
    let openai = || json!({"connector_type_id": ".gen-ai", "name": "o", "config": {"apiProvider": "OpenAI", "apiUrl": "https://api.openai.com/v1/chat/completions"}, "secrets": {"apiKey": "k"}});
    assert_eq!(stored(openai(), "8.16", "defaultModel"), json!("gpt-4o"));
    assert_eq!(stored(openai(), "9.0", "defaultModel"), json!("gpt-4o"));
    assert_eq!(stored(openai(), "8.19", "defaultModel"), json!("gpt-4.1"));
    assert_eq!(stored(openai(), "9.2", "defaultModel"), json!("gpt-4.1"));
    let cases = json!({"connector_type_id": ".cases-webhook", "name": "c", "config": {"createIncidentUrl": "https://a.example/i", "createIncidentJson": "{}", "createIncidentResponseKey": "id",
        "getIncidentUrl": "https://a.example/i/1", "getIncidentResponseExternalTitleKey": "key", "viewIncidentUrl": "https://a.example/v",
        "updateIncidentUrl": "https://a.example/u", "updateIncidentJson": "{}", "hasAuth": false}});
    assert_eq!(stored(cases.clone(), "8.16", "getIncidentMethod"), Value::Null, "8.16 stores no getIncidentMethod");
    assert_eq!(stored(cases, "8.17", "getIncidentMethod"), json!("get"));
}

#[test]
fn later_connectors_end_to_end() {
    let cx = ValidationContext::default();
    // A 9.2 OAuth2 webhook, built in code.
    let config = WebhookConfig::builder()
        .url("https://tickets.example.com/api")
        .auth_type(AuthType::WebhookOauth2ClientCredentials)
        .access_token_url("https://idp.example.com/oauth2/token")
        .client_id("kibana")
        .build()
        .unwrap();
    let secrets = WebhookSecrets::builder()
        .client_secret("s3cret")
        .secret_headers(
            [("X-Key".to_owned(), Secret::from("v"))].into_iter().collect::<std::collections::BTreeMap<_, _>>(),
        )
        .build();
    let secrets = secrets.unwrap_or_else(|e| panic!("{e}"));
    let request = CreateConnectorRequest::new("tickets", config).with_secrets(secrets);
    assert_eq!(request.validate_with(&cx), Ok(()));
    assert!(request.validate_with(&v("9.1")).is_err());
    let stored = serde_json::to_value(request.normalized(&cx).config).unwrap();
    assert_eq!(stored["method"], json!("post"));
    assert_eq!(stored["authType"], json!("webhook-oauth2-client-credentials"));
    let response: ConnectorResponse =
        serde_json::from_value(json!({"id": "1", "name": "tickets", "connector_type_id": ".webhook", "config": stored,
        "is_deprecated": false, "is_preconfigured": false, "is_system_action": false, "is_missing_secrets": false}))
        .unwrap();
    assert!(matches!(response.config, Some(ResponseConfig::Typed(ConnectorConfig::Webhook(_)))));

    // `.slack`: an empty config, the webhook URL as a secret.
    let slack = CreateConnectorRequest::new("slack", SlackConfig::default())
        .with_secrets(SlackSecrets::builder().webhook_url("https://hooks.slack.com/services/T/B/X").build().unwrap());
    for version in KibanaVersion::LINES {
        assert_eq!(slack.validate_with(&v(version)), Ok(()), "{version}");
    }
    assert_eq!(serde_json::to_value(slack.normalized(&cx).config).unwrap(), json!({}));
    assert!(!format!("{slack:?}").contains("hooks.slack.com"), "the webhook URL is a secret");
    let bad = CreateConnectorRequest::new("slack", SlackConfig::default())
        .with_secrets(SlackSecrets::builder().webhook_url("not a url").build().unwrap());
    assert_eq!(bad.validate().unwrap_err().pointers(), ["/secrets/webhookUrl"]);
    assert!(slack.validate_with(&cx.clone().allowed_hosts(["example.com"])).is_err(), "the allowlist applies");

    // Defender: every config key required and non-empty, URLs on the allowlist.
    let defender = MicrosoftDefenderEndpointConfig::builder()
        .client_id("c")
        .tenant_id("t")
        .o_auth_server_url("https://login.microsoftonline.com")
        .o_auth_scope("s")
        .api_url("https://api.securitycenter.microsoft.com")
        .build()
        .unwrap();
    let request = CreateConnectorRequest::new("defender", defender)
        .with_secrets(MicrosoftDefenderEndpointSecrets::builder().client_secret("x").build().unwrap());
    assert_eq!(request.validate_with(&v("9.0")), Ok(()));
    assert_eq!(request.validate_with(&v("8.17")).unwrap_err().pointers(), ["/connector_type_id"]);
    let hosts = v("9.2").allowed_hosts(["login.microsoftonline.com"]);
    assert_eq!(request.validate_with(&hosts).unwrap_err().pointers(), ["/config/apiUrl"]);
    assert_eq!(
        MicrosoftDefenderEndpointConfig::builder().build().unwrap_err().missing(),
        ["apiUrl", "clientId", "oAuthScope", "oAuthServerUrl", "tenantId"]
    );
}

/// The connector types Kibana builds from connector specs: Brave Search from 9.3, the six
/// threat-intelligence types from 9.4 (listed as registered but not modelled in 9.3), and
/// the spec types no release models, which get no verdict where a release lists them.
#[test]
fn connector_spec_types() {
    let brave = data("brave-search.json");
    assert_eq!(accepted_by(&brave), since("9.3.0"));
    assert_eq!(verdict(&brave, "9.2"), Err(vec!["/connector_type_id unknown_value".to_owned()]));
    for file in ["abuseipdb", "alienvault-otx", "greynoise", "shodan", "urlvoid", "virustotal"] {
        let body = data(&format!("{file}.json"));
        assert_eq!(accepted_by(&body), since("9.4.0"), "{file}");
        assert_eq!(verdict(&body, "9.3"), Err(vec!["/connector_type_id not_modelled".to_owned()]), "{file}");
        assert_eq!(verdict(&body, "9.2"), Err(vec!["/connector_type_id unknown_value".to_owned()]), "{file}");
    }

    let firecrawl = data("firecrawl.json");
    assert_eq!(accepted_by(&firecrawl), since("9.4.0"));
    let mut other_auth = firecrawl.clone();
    other_auth["secrets"] = json!({"authType": "api_key_header", "token": "t"});
    assert_eq!(verdict(&other_auth, "9.4"), Err(vec!["(parse) /secrets/authType unknown_value".to_owned()]));

    // Secrets are Kibana's discriminated union on `authType`, with one member here.
    let with_secrets = |secrets: Value| {
        let mut body = brave.clone();
        body["secrets"] = secrets;
        verdict(&body, "9.3")
    };
    let token = "X-Subscription-Token";
    assert_eq!(with_secrets(json!({"authType": "api_key_header", token: "k", "apiKey": "x"})), Ok(()), "other keys");
    assert_eq!(with_secrets(json!({token: "k"})), Err(vec!["(parse) /secrets/authType missing_key".to_owned()]));
    assert_eq!(
        with_secrets(json!({"authType": "bearer", token: "k"})),
        Err(vec!["(parse) /secrets/authType unknown_value".to_owned()])
    );
    assert_eq!(
        with_secrets(json!({"authType": "api_key_header", "headerField": token, "apiKey": "k"})),
        Err(vec![format!("(parse) /secrets/{token} missing_key")]),
        "the header name is the key"
    );
    assert_eq!(
        with_secrets(json!({"authType": "api_key_header", token: " "})),
        Err(vec![format!("/secrets/{token} empty_string")])
    );
    let mut no_secrets = brave.clone();
    no_secrets.as_object_mut().unwrap().remove("secrets");
    assert!(verdict(&no_secrets, "9.3").is_err(), "Kibana validates `{{}}`: no `authType`");

    // Config: `authType` and any other key are accepted; only `authType` is stored.
    let mut config = brave.clone();
    config["config"] = json!({"authType": "api_key_header", "region": "eu"});
    assert_eq!(verdict(&config, "9.3"), Ok(()));
    let request = CreateConnectorRequest::from_value(config).unwrap();
    let stored = serde_json::to_value(request.normalized(&v("9.3")).config).unwrap();
    assert_eq!(stored, json!({"authType": "api_key_header"}));

    // 9.5 stores the secrets' `authType` in a config without one (kibana#262806).
    let shodan = CreateConnectorRequest::from_value(data("shodan.json")).unwrap();
    let stored = |version: &str| serde_json::to_value(shodan.normalized(&v(version)).config).unwrap();
    assert_eq!((stored("9.4"), stored("9.5")), (json!({}), json!({"authType": "api_key_header"})));
    let response = |config: Value| -> ConnectorResponse {
        serde_json::from_value(json!({"id": "1", "name": "Shodan - exposure lookups", "connector_type_id": ".shodan",
            "config": config, "is_deprecated": false, "is_preconfigured": false, "is_system_action": false,
            "is_missing_secrets": false}))
        .unwrap()
    };
    assert!(shodan.drift(&response(json!({"authType": "api_key_header"})), &v("9.5")).unwrap().is_empty());
    assert_eq!(
        shodan.drift(&response(json!({"authType": "api_key_header"})), &v("9.4")).unwrap().pointers(),
        ["/config/authType"]
    );

    // Built in code.
    let request = CreateConnectorRequest::new("otx", AlienvaultOtxConfig::default()).with_secrets(
        AlienvaultOtxSecrets::builder()
            .auth_type(ApiKeyHeaderAuthType::ApiKeyHeader)
            .x_otx_api_key("k")
            .build()
            .unwrap(),
    );
    assert_eq!(request.validate_with(&v("9.4")), Ok(()));
    assert_eq!(
        serde_json::to_value(&request).unwrap()["secrets"],
        json!({"authType": "api_key_header", "X-OTX-API-KEY": "k"})
    );

    // Registered, never modelled: no verdict where a release lists the id, "not registered"
    // before, an unknown type to the parser.
    let github = json!({"connector_type_id": ".github", "name": "gh", "config": {}, "secrets": {"authType": "bearer", "token": "t"}});
    let e = CreateConnectorRequest::from_value(github).unwrap_err();
    assert_eq!((e.pointer.as_str(), e.kind), ("/connector_type_id", ErrorKind::UnknownValue));
    assert!(e.message.contains("no verdict"), "{}", e.message);
    let listing = |id: &str| -> Vec<&'static str> {
        ALL.iter()
            .copied()
            .filter(|ver| ver.parse::<KibanaVersion>().unwrap().unmodelled_connector_types().contains(&id))
            .collect()
    };
    assert_eq!(listing(".github"), since("9.3.0"));
    assert_eq!(listing(".slack2"), since("9.4.0"));
    assert_eq!(listing(".hubspot"), since("9.5.0"));
    assert_eq!(listing(".shodan"), ["9.3.0", "9.3.2", "9.3.3", "9.3.4", "9.3.5", "9.3"]);
    assert!(listing(".brave-search").is_empty(), "modelled from its first release");
    for version in ALL {
        let version: KibanaVersion = version.parse().unwrap();
        for id in version.unmodelled_connector_types() {
            let cx = ValidationContext::for_version(version);
            let modelled = id.parse::<ConnectorType>().ok().is_some_and(|ty| connector_supported(ty, &cx));
            assert!(!modelled, "{version} {id}");
        }
    }
}

/// `x-kibana-unmodelled-connectors` must hold type ids, none of them modelled by the point.
#[test]
fn unmodelled_list_is_checked() {
    let with = |list: &str| {
        let mut inputs = project_inputs().unwrap();
        let at = inputs.releases.iter().position(|(p, _)| p.version() == "9.4").unwrap();
        let overlay = format!(
            "overlay: 1.0.0\ninfo: {{title: t, version: 1.0.0}}\nactions:\n  - target: $\n    update:\n      x-kibana-unmodelled-connectors: {list}\n"
        );
        inputs.releases[at].1.push(overlay);
        inputs.versioned().err().map(|d| d.to_string()).unwrap_or_default()
    };
    let modelled = with("[.http]");
    assert!(
        modelled.contains("/x-kibana-unmodelled-connectors") && modelled.contains("`.http` is listed but modelled"),
        "{modelled}"
    );
    let not_ids = with("[github]");
    assert!(not_ids.contains("expected a connector type id"), "{not_ids}");
    assert!(with("[.github_v9]").is_empty());
}

/// `cargo xtask diff --releases PARENT POINT` for every release point: what it changes
/// from the point it builds on, from the same data.
#[test]
fn release_diffs() {
    let inputs = project_inputs().unwrap();
    let versioned = inputs.versioned().unwrap();
    for (i, parent) in inputs.parents.iter().enumerate() {
        let Some(parent) = parent else { continue };
        let (old, new) = (versioned.points[*parent].version(), versioned.points[i].version());
        let diff = versioned.diff(&old, &new).unwrap();
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(format!("release_diff_{old}_to_{new}"), diff);
        });
    }
}
