//! Validators agree with Kibana's server (KIBANA_RULES.md): accept and reject tables for
//! every connector type, with the exact pointers expected, plus snapshots of rendered errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use kibana_connectors::*;
use kibana_connectors_tests::{read, root};
use serde_json::{Value, json};

/// Kibana's verdict for a create body: `Ok` or the sorted list of `pointer kind` lines.
/// A body that does not even deserialize is reported as one `(parse)` line.
/// These tables are Kibana 8.16's verdicts (`tests/tests/releases.rs` covers the others).
fn v816() -> ValidationContext {
    ValidationContext::for_version("8.16".parse().unwrap())
}

fn verdict_with(body: &Value, cx: &ValidationContext) -> Result<(), Vec<String>> {
    let request: CreateConnectorRequest = match serde_json::from_value(body.clone()) {
        Ok(r) => r,
        Err(e) => return Err(vec![format!("(parse) {e}")]),
    };
    request.validate_with(cx).map_err(|errors| {
        let mut lines: Vec<String> = errors.iter().map(|e| format!("{} {}", e.pointer, e.kind)).collect();
        lines.sort();
        lines
    })
}

fn verdict(body: &Value) -> Result<(), Vec<String>> {
    verdict_with(body, &v816())
}

/// Payloads of types or shapes that later releases added, with the first release of each.
const LATER_RELEASES: &[(&str, &str)] = &[
    ("abuseipdb.json", "9.4"),
    ("alienvault-otx.json", "9.4"),
    ("brave-search.json", "9.3"),
    ("firecrawl.json", "9.4"),
    ("greynoise.json", "9.4"),
    ("http.json", "9.4"),
    ("inference.json", "8.18"),
    ("jira-service-management.json", "9.2"),
    ("mcp.json", "9.3"),
    ("microsoft_defender_endpoint.json", "8.18"),
    ("shodan.json", "9.4"),
    ("urlvoid.json", "9.4"),
    ("virustotal.json", "9.4"),
    ("webhook.oauth2.json", "9.2"),
    ("xsoar.json", "9.1"),
];

#[test]
fn every_realistic_create_body_is_accepted() {
    for entry in std::fs::read_dir(root().join("tests/data/create")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let body: Value = serde_json::from_str(&read(&path).unwrap()).unwrap();
        let newest = ValidationContext::default();
        assert_eq!(verdict_with(&body, &newest), Ok(()), "{name} in the newest release");
        match LATER_RELEASES.iter().find(|(file, _)| *file == name) {
            None => assert_eq!(verdict(&body), Ok(()), "{name} in 8.16"),
            Some((_, first)) => {
                let cx = ValidationContext::for_version(first.parse().unwrap());
                assert_eq!(verdict_with(&body, &cx), Ok(()), "{name} in {first}");
                assert!(verdict(&body).is_err(), "{name} is refused by 8.16");
            }
        }
    }
}

// ------------------------------------------------------------------ table machinery

/// What Kibana 8.16–8.17 answers for a body.
#[derive(Debug)]
enum Expect {
    /// HTTP 200.
    Accept,
    /// HTTP 400 with exactly these problems (sorted `pointer kind` lines). One line per
    /// Kibana check that fails, so a field failing two checks appears twice.
    Reject(Vec<String>),
    /// HTTP 400 from the schema itself (missing key, wrong type, null, unknown enum value):
    /// the body does not deserialize.
    Parse,
    /// HTTP 400: no `secrets` in the body, which Kibana validates as `{}`: every required
    /// key is reported missing (`/secrets/<key> required`).
    MissingSecrets,
}

struct Case {
    name: &'static str,
    body: Value,
    cx: ValidationContext,
    expect: Expect,
}

impl Case {
    /// Runs the case with `xpack.actions.allowedHosts` set to `hosts`.
    fn hosts(mut self, hosts: &[&str]) -> Self {
        self.cx = self.cx.allowed_hosts(hosts.iter().copied());
        self
    }

    /// Runs the case for another release (call before `hosts`/`domains`).
    fn release(mut self, version: &str) -> Self {
        self.cx = ValidationContext::for_version(version.parse().unwrap());
        self
    }

    /// Runs the case with `xpack.actions.email.domain_allowlist` set to `domains`.
    fn domains(mut self, domains: &[&str]) -> Self {
        self.cx = self.cx.email_domain_allowlist(domains.iter().copied());
        self
    }
}

fn accept(name: &'static str, body: Value) -> Case {
    Case { name, body, cx: v816(), expect: Expect::Accept }
}

fn reject<S: AsRef<str>>(name: &'static str, body: Value, lines: &[S]) -> Case {
    let lines = lines.iter().map(|l| l.as_ref().to_owned()).collect();
    Case { name, body, cx: v816(), expect: Expect::Reject(lines) }
}

fn missing_secrets(body: Value) -> Case {
    Case { name: "secrets omitted", body, cx: v816(), expect: Expect::MissingSecrets }
}

fn parse_error(name: &'static str, body: Value) -> Case {
    Case { name, body, cx: v816(), expect: Expect::Parse }
}

/// Runs every case and reports all mismatches at once.
fn run(ty: &str, cases: Vec<Case>) {
    let mut failures = Vec::new();
    for case in &cases {
        assert_eq!(case.body["connector_type_id"], json!(ty), "{ty}: {}: built for another type", case.name);
        let got = verdict_with(&case.body, &case.cx);
        let good = match (&case.expect, &got) {
            (Expect::Accept, Ok(())) => true,
            (Expect::Reject(want), Err(lines)) => want == lines,
            (Expect::Parse, Err(lines)) => lines.len() == 1 && lines[0].starts_with("(parse)"),
            (Expect::MissingSecrets, Err(lines)) => {
                lines.iter().all(|l| l.starts_with("/secrets/") && l.ends_with(" required"))
            }
            _ => false,
        };
        if !good {
            failures.push(format!("{ty}: {}: expected {:?}, got {got:?}", case.name, case.expect));
        }
    }
    eprintln!("{ty}: {} cases", cases.len());
    assert!(failures.is_empty(), "{} of {} cases disagree:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// A create body.
fn body(ty: &str, config: Value, secrets: Value) -> Value {
    json!({"name": format!("{ty} connector"), "connector_type_id": ty, "config": config, "secrets": secrets})
}

/// `b` with the value at `pointer` set (the parent object must exist).
fn set(mut b: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    b.pointer_mut(parent).unwrap().as_object_mut().unwrap().insert(key.to_owned(), value);
    b
}

/// `b` without the key at `pointer`.
fn unset(mut b: Value, pointer: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    assert!(b.pointer_mut(parent).unwrap().as_object_mut().unwrap().remove(key).is_some(), "{pointer} was not set");
    b
}

/// `b` with several values set.
fn set_all(b: Value, values: &[(&str, Value)]) -> Value {
    values.iter().fold(b, |b, (pointer, value)| set(b, pointer, value.clone()))
}

// ------------------------------------------------------------------ valid bases

fn webhook_body() -> Value {
    body(
        ".webhook",
        json!({
            "url": "https://example.com/api/v1/events",
            "hasAuth": true,
            "authType": "webhook-authentication-basic",
            "headers": {"Content-Type": "application/json", "X-Trace": "kibana"}
        }),
        json!({"user": "kibana", "password": "w3bh00k-Pa55"}),
    )
}

fn cases_webhook_body() -> Value {
    body(
        ".cases-webhook",
        json!({
            "createIncidentUrl": "https://example.com/rest/api/2/issue",
            "createIncidentJson": "{\"fields\":{\"summary\":{{{case.title}}},\"description\":{{{case.description}}}}}",
            "createIncidentResponseKey": "id",
            "getIncidentUrl": "https://example.com/rest/api/2/issue/{{{external.system.id}}}",
            "getIncidentResponseExternalTitleKey": "key",
            "viewIncidentUrl": "https://example.com/browse/{{{external.system.title}}}",
            "updateIncidentUrl": "https://example.com/rest/api/2/issue/{{{external.system.id}}}",
            "updateIncidentJson": "{\"fields\":{\"summary\":{{{case.title}}}}}",
            "createCommentUrl": "https://example.com/rest/api/2/issue/{{{external.system.id}}}/comment",
            "createCommentMethod": "post",
            "createCommentJson": "{\"body\":{{{case.comment}}}}",
            "headers": {"Content-Type": "application/json"},
            "hasAuth": true
        }),
        json!({"user": "svc-kibana@example.com", "password": "ATATT3xFfGF0q8Zr"}),
    )
}

fn email_body() -> Value {
    body(
        ".email",
        json!({
            "service": "other",
            "from": "Alerts <alerts@example.com>",
            "host": "smtp.example.com",
            "port": 587,
            "secure": false
        }),
        json!({"user": "alerts@example.com", "password": "s3cr3t-SMTP-p4ss!"}),
    )
}

fn email_exchange_body() -> Value {
    body(
        ".email",
        json!({
            "service": "exchange_server",
            "from": "kibana-alerts@contoso.onmicrosoft.com",
            "tenantId": "8d2f4b1e-6a3c-4f90-b7e5-2c1d9a0e3f48",
            "clientId": "0f7a3c9e-4b2d-41e8-9a6f-5d1c8b2e7a03"
        }),
        json!({"clientSecret": "Qx8Q~k2Vn.R7tYb3Lm"}),
    )
}

fn xmatters_basic_body() -> Value {
    body(
        ".xmatters",
        json!({"usesBasic": true, "configUrl": "https://example.com/api/integration/1/functions/4a8e/triggers"}),
        json!({"user": "kibana-xm", "password": "xM4tt3rs!2024"}),
    )
}

fn xmatters_url_body() -> Value {
    body(
        ".xmatters",
        json!({"usesBasic": false}),
        json!({"secretsUrl": "https://example.com/api/integration/1/functions/4a8e/triggers?apiKey=7f3a9c1e"}),
    )
}

fn servicenow_basic_body(ty: &str) -> Value {
    body(
        ty,
        json!({"apiUrl": "https://acme.service-now.com", "isOAuth": false}),
        json!({"username": "kibana.integration", "password": "Sn0w!Integr4tion"}),
    )
}

fn servicenow_oauth_body(ty: &str) -> Value {
    body(
        ty,
        json!({
            "apiUrl": "https://acme.service-now.com",
            "isOAuth": true,
            "userIdentifierValue": "kibana.integration@acme.com",
            "clientId": "9c1f3e5a7b9d4f2a8c6e0b2d4f6a8c0e",
            "jwtKeyId": "b2d4f6a8c0e24a6c8e0f2b4d6a8c0e2f"
        }),
        json!({"clientSecret": "Vf7#qLm2!Rx9pTz4", "privateKey": "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n"}),
    )
}

fn swimlane_body() -> Value {
    body(
        ".swimlane",
        json!({
            "apiUrl": "https://acme.swimlane.app/api",
            "appId": "aXjR7kPq2TzN9",
            "connectorType": "all",
            "mappings": {
                "ruleNameConfig": {"id": "a6ide", "key": "rule-name", "name": "Rule Name", "fieldType": "text"},
                "alertIdConfig": {"id": "a3tgd", "key": "alert-id", "name": "Alert ID", "fieldType": "text"},
                "severityConfig": {"id": "adnlp", "key": "severity", "name": "Severity", "fieldType": "valuesList"}
            }
        }),
        json!({"apiToken": "sl_pat_4Kp9Xw2Rz7Lm3Qv8"}),
    )
}

fn gen_ai_openai_body() -> Value {
    body(
        ".gen-ai",
        json!({
            "apiProvider": "OpenAI",
            "apiUrl": "https://api.openai.com/v1/chat/completions",
            "defaultModel": "gpt-4o",
            "headers": {"X-Trace": "kibana-ai-assistant"}
        }),
        json!({"apiKey": "sk-proj-3kT9xQ2mV7bN1cR8"}),
    )
}

fn gen_ai_azure_body() -> Value {
    body(
        ".gen-ai",
        json!({
            "apiProvider": "Azure OpenAI",
            "apiUrl": "https://acme.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01"
        }),
        json!({"apiKey": "4f9c2a7e1b8d4e6f9a0c3b5d7e1f2a4c"}),
    )
}

/// 26 distinct Slack channels.
fn channels(n: usize) -> Value {
    Value::Array((0..n).map(|i| json!({"id": format!("C{i:09}"), "name": format!("#channel-{i}")})).collect())
}

// ------------------------------------------------------------------ one table per type

#[test]
fn webhook() {
    let b = webhook_body;
    let ssl = || {
        set_all(
            b(),
            &[("/config/authType", json!("webhook-authentication-ssl")), ("/config/certType", json!("ssl-crt-key"))],
        )
    };
    let pfx = || {
        set_all(
            b(),
            &[("/config/authType", json!("webhook-authentication-ssl")), ("/config/certType", json!("ssl-pfx"))],
        )
    };
    let combo = &["/secrets invalid_combination"];
    run(
        ".webhook",
        vec![
            accept("basic auth", b()),
            accept(
                "url only, no secrets (hasAuth defaults to true: no connector check)",
                body(".webhook", json!({"url": "https://example.com/x"}), json!({})),
            ),
            accept("secrets omitted", unset(b(), "/secrets")),
            accept("hasAuth true and no secrets", set(b(), "/secrets", json!({}))),
            // Secret combinations.
            accept("crt + key", set(ssl(), "/secrets", json!({"crt": "Q1JU", "key": "S0VZ"}))),
            accept(
                "crt + key + password",
                set(ssl(), "/secrets", json!({"crt": "Q1JU", "key": "S0VZ", "password": "pass"})),
            ),
            accept("pfx", set(pfx(), "/secrets", json!({"pfx": "UEZY"}))),
            accept("pfx + password", set(pfx(), "/secrets", json!({"pfx": "UEZY", "password": "pass"}))),
            accept(
                "nullable secrets as null",
                set(b(), "/secrets", json!({"user": "u", "password": "p", "crt": null, "key": null, "pfx": null})),
            ),
            accept(
                "authType basic with crt+key secrets (kind not cross-checked)",
                set(b(), "/secrets", json!({"crt": "Q1JU", "key": "S0VZ"})),
            ),
            reject("user alone", set(b(), "/secrets", json!({"user": "u"})), combo),
            reject("password alone", set(b(), "/secrets", json!({"password": "p"})), combo),
            reject("crt alone", set(ssl(), "/secrets", json!({"crt": "Q1JU"})), combo),
            reject("key + password", set(ssl(), "/secrets", json!({"key": "S0VZ", "password": "p"})), combo),
            reject("pfx + crt", set(pfx(), "/secrets", json!({"pfx": "UEZY", "crt": "Q1JU"})), combo),
            reject(
                "user + password + crt",
                set(b(), "/secrets", json!({"user": "u", "password": "p", "crt": "Q1JU"})),
                combo,
            ),
            reject("pfx + user", set(pfx(), "/secrets", json!({"pfx": "UEZY", "user": "u"})), combo),
            // hasAuth / authType.
            reject(
                "authType while hasAuth false",
                set(b(), "/config/hasAuth", json!(false)),
                &["/config/authType forbidden"],
            ),
            reject(
                "authType while hasAuth \"false\" (coerced)",
                set(b(), "/config/hasAuth", json!("false")),
                &["/config/authType forbidden"],
            ),
            accept(
                "hasAuth false, authType null",
                set_all(b(), &[("/config/hasAuth", json!(false)), ("/config/authType", json!(null))]),
            ),
            accept(
                "hasAuth false with user/password (not cross-checked)",
                unset(set(b(), "/config/hasAuth", json!(false)), "/config/authType"),
            ),
            accept(
                "hasAuth false, no authType, no secrets",
                body(".webhook", json!({"url": "https://example.com/x", "hasAuth": false}), json!({})),
            ),
            accept("hasAuth \"TRUE\" (any case)", set(b(), "/config/hasAuth", json!("TRUE"))),
            parse_error("hasAuth \"yes\"", set(b(), "/config/hasAuth", json!("yes"))),
            parse_error("hasAuth 1", set(b(), "/config/hasAuth", json!(1))),
            parse_error("hasAuth null", set(b(), "/config/hasAuth", json!(null))),
            // A value of a later release (9.2) parses, and 8.16 refuses it.
            reject(
                "authType oauth2 (9.2+)",
                set(b(), "/config/authType", json!("webhook-oauth2-client-credentials")),
                &["/config/authType invalid_value"],
            ),
            // method.
            accept("method put", set(b(), "/config/method", json!("put"))),
            // A value of a later release (9.3) parses, and 8.16 refuses it.
            reject(
                "method patch (9.3+)",
                set(b(), "/config/method", json!("patch")),
                &["/config/method invalid_value"],
            ),
            parse_error("method trace (no release)", set(b(), "/config/method", json!("trace"))),
            parse_error("method POST (case-sensitive)", set(b(), "/config/method", json!("POST"))),
            parse_error("method null", set(b(), "/config/method", json!(null))),
            // url.
            parse_error("url missing", unset(b(), "/config/url")),
            parse_error("url is a number", set(b(), "/config/url", json!(42))),
            accept("url ftp://host (no scheme check)", set(b(), "/config/url", json!("ftp://example.com/drop"))),
            reject("url unparseable", set(b(), "/config/url", json!("not a url")), &["/config/url invalid_url"]),
            reject(
                "url with a space in the host",
                set(b(), "/config/url", json!("https://exa mple.com/x")),
                &["/config/url invalid_url"],
            ),
            // Node refuses these; the url crate alone would accept them (runtime/whatwg.rs).
            reject(
                "url foo: port before a backslash",
                set(b(), "/config/url", json!("foo://a:0\\x")),
                &["/config/url invalid_url"],
            ),
            reject(
                "url foo: credentials with no host",
                set(b(), "/config/url", json!("foo://:@/x")),
                &["/config/url invalid_url"],
            ),
            accept("url foo: with a port", set(b(), "/config/url", json!("foo://a:0/x"))),
            accept("url canonical IPv4 (fast path)", set(b(), "/config/url", json!("http://10.0.0.1:8080/x")))
                .hosts(&["10.0.0.1"]),
            reject("url empty", set(b(), "/config/url", json!("")), &["/config/url empty_string"]),
            accept("allowed host", b()).hosts(&["example.com"]),
            reject("host not allowed", b(), &["/config/url host_not_allowed"]).hosts(&["other.example"]),
            // new URL() must parse, but the allowlist reads legacy url.parse's host name.
            accept("allowlist uses the legacy host name", set(b(), "/config/url", json!("http://1.2.3/x")))
                .hosts(&["1.2.3"]),
            reject(
                "not the WHATWG host name",
                set(b(), "/config/url", json!("http://1.2.3/x")),
                &["/config/url host_not_allowed"],
            )
            .hosts(&["1.2.0.3"]),
            reject(
                "url.parse throws (bad auth escape): refused even with *",
                set(b(), "/config/url", json!("http://%zz@example.com/")),
                &["/config/url host_not_allowed"],
            ),
            // headers and the rest.
            accept("headers null", set(b(), "/config/headers", json!(null))),
            accept("headers omitted", unset(b(), "/config/headers")),
            reject(
                "header value empty",
                set(b(), "/config/headers/X-Trace", json!("")),
                &["/config/headers/X-Trace empty_string"],
            ),
            reject(
                "header value whitespace",
                set(b(), "/config/headers/X-Trace", json!("  \t")),
                &["/config/headers/X-Trace empty_string"],
            ),
            parse_error("header value a number", set(b(), "/config/headers/X-Trace", json!(1))),
            accept(
                "verificationMode none, ca",
                set_all(
                    ssl(),
                    &[
                        ("/config/verificationMode", json!("none")),
                        ("/config/ca", json!("Q0E=")),
                        ("/secrets", json!({"crt": "Q1JU", "key": "S0VZ"})),
                    ],
                ),
            ),
            parse_error("verificationMode strict", set(b(), "/config/verificationMode", json!("strict"))),
            parse_error("ca null (optional, not nullable)", set(b(), "/config/ca", json!(null))),
            reject("ca empty", set(b(), "/config/ca", json!("")), &["/config/ca empty_string"]),
            parse_error("certType null", set(b(), "/config/certType", json!(null))),
            reject("unknown config key", set(b(), "/config/foo", json!("bar")), &["/config/foo unknown_field"]),
            reject(
                "9.1+ accessTokenUrl",
                set(b(), "/config/accessTokenUrl", json!("https://example.com/token")),
                &["/config/accessTokenUrl unknown_field"],
            ),
            reject(
                "unknown secrets key",
                set(b(), "/secrets/token", json!("t")),
                &["/secrets/[REDACTED] unknown_field"],
            ),
            reject(
                "9.1+ clientSecret",
                set(b(), "/secrets/clientSecret", json!("c")),
                &["/secrets/clientSecret unknown_field"],
            ),
            // 9.2 OAuth2 secrets: the clientSecret case leaves `password` unchecked, as the crt and
            // pfx cases do (stack_connectors/common/auth/schema.ts @950d42fd; `run 9.2` agrees).
            accept("9.2: clientSecret alone", set(b(), "/secrets", json!({"clientSecret": "c"}))).release("9.2"),
            accept("9.2: clientSecret + password", set(b(), "/secrets", json!({"clientSecret": "c", "password": "p"})))
                .release("9.2"),
            reject("9.2: clientSecret + user", set(b(), "/secrets", json!({"clientSecret": "c", "user": "u"})), combo)
                .release("9.2"),
            reject("9.2: clientSecret + pfx", set(b(), "/secrets", json!({"clientSecret": "c", "pfx": "cGZ4"})), combo)
                .release("9.2"),
            reject("user empty", set(b(), "/secrets/user", json!("")), &["/secrets/user empty_string"]),
            parse_error("user a number", set(b(), "/secrets/user", json!(12345))),
        ],
    );
}

#[test]
fn cases_webhook() {
    let b = cases_webhook_body;
    let no_auth = || unset(set(b(), "/secrets", json!({})), "/config/hasAuth");
    let urls = ["createIncidentUrl", "getIncidentUrl", "updateIncidentUrl", "viewIncidentUrl", "createCommentUrl"];
    let all_not_allowed: Vec<String> = {
        let mut v: Vec<String> = urls.iter().map(|u| format!("/config/{u} host_not_allowed")).collect();
        v.sort();
        v
    };
    let mut cases = vec![
        accept("basic auth", b()),
        // Raw hasAuth: omitted skips the credentials check, sent true runs it.
        accept("hasAuth omitted, no secrets", no_auth()),
        accept("hasAuth omitted, secrets omitted", unset(no_auth(), "/secrets")),
        reject("hasAuth true, no secrets", set(b(), "/secrets", json!({})), &["/secrets required"]),
        reject("hasAuth true, secrets omitted", unset(b(), "/secrets"), &["/secrets required"]),
        reject(
            "hasAuth \"true\", no secrets",
            set_all(b(), &[("/config/hasAuth", json!("true")), ("/secrets", json!({}))]),
            &["/secrets required"],
        ),
        accept(
            "hasAuth false, no secrets",
            set_all(b(), &[("/config/hasAuth", json!(false)), ("/secrets", json!({}))]),
        ),
        reject(
            "hasAuth true, user alone",
            set(b(), "/secrets", json!({"user": "u"})),
            &["/secrets invalid_combination"],
        ),
        accept(
            "hasAuth true, crt + key",
            set_all(
                b(),
                &[
                    ("/config/authType", json!("webhook-authentication-ssl")),
                    ("/config/certType", json!("ssl-crt-key")),
                    ("/secrets", json!({"crt": "Q1JU", "key": "S0VZ"})),
                ],
            ),
        ),
        accept(
            "hasAuth true, pfx + password",
            set_all(
                b(),
                &[
                    ("/config/authType", json!("webhook-authentication-ssl")),
                    ("/config/certType", json!("ssl-pfx")),
                    ("/secrets", json!({"pfx": "UEZY", "password": "p"})),
                ],
            ),
        ),
        reject(
            "pfx + crt",
            set(b(), "/secrets", json!({"pfx": "UEZY", "crt": "Q1JU"})),
            &["/secrets invalid_combination"],
        ),
        // Methods.
        accept("createIncidentMethod put", set(b(), "/config/createIncidentMethod", json!("put"))),
        parse_error(
            "createIncidentMethod patch (server: post|put)",
            set(b(), "/config/createIncidentMethod", json!("patch")),
        ),
        accept("updateIncidentMethod patch", set(b(), "/config/updateIncidentMethod", json!("patch"))),
        parse_error("updateIncidentMethod get", set(b(), "/config/updateIncidentMethod", json!("get"))),
        accept(
            "comment settings null",
            set_all(
                b(),
                &[
                    ("/config/createCommentUrl", json!(null)),
                    ("/config/createCommentJson", json!(null)),
                    ("/config/createCommentMethod", json!(null)),
                ],
            ),
        ),
        accept(
            "comment settings omitted",
            unset(
                unset(unset(b(), "/config/createCommentUrl"), "/config/createCommentJson"),
                "/config/createCommentMethod",
            ),
        ),
        // Templates are not checked at create time.
        accept("createIncidentJson not JSON", set(b(), "/config/createIncidentJson", json!("{{{ not json"))),
        reject(
            "createIncidentJson whitespace",
            set(b(), "/config/createIncidentJson", json!("   ")),
            &["/config/createIncidentJson empty_string"],
        ),
        accept(
            "ftp URL (no scheme check)",
            set(b(), "/config/viewIncidentUrl", json!("ftp://example.com/{{{external.system.title}}}")),
        ),
        reject(
            "createIncidentUrl unparseable",
            set(b(), "/config/createIncidentUrl", json!("not a url")),
            &["/config/createIncidentUrl invalid_url"],
        ),
        reject(
            "createCommentUrl unparseable",
            set(b(), "/config/createCommentUrl", json!("::")),
            &["/config/createCommentUrl invalid_url"],
        ),
        accept("allowed host", b()).hosts(&["example.com"]),
        reject("every URL field checked against allowedHosts", b(), &all_not_allowed).hosts(&["other.example"]),
        reject(
            "header value empty",
            set(b(), "/config/headers/Content-Type", json!("")),
            &["/config/headers/Content-Type empty_string"],
        ),
        accept("headers null", set(b(), "/config/headers", json!(null))),
        reject(
            "unknown config key",
            set(b(), "/config/getIncidentMethod", json!("get")),
            &["/config/getIncidentMethod unknown_field"],
        ),
        reject("unknown secrets key", set(b(), "/secrets/token", json!("t")), &["/secrets/[REDACTED] unknown_field"]),
        reject(
            "authType oauth2 (9.2 value)",
            set(b(), "/config/authType", json!("webhook-oauth2-client-credentials")),
            &["/config/authType invalid_value"],
        ),
    ];
    for field in [
        "createIncidentUrl",
        "createIncidentJson",
        "createIncidentResponseKey",
        "getIncidentUrl",
        "getIncidentResponseExternalTitleKey",
        "viewIncidentUrl",
        "updateIncidentUrl",
        "updateIncidentJson",
    ] {
        cases.push(parse_error("a required string missing", unset(b(), &format!("/config/{field}"))));
    }
    run(".cases-webhook", cases);
}

#[test]
fn email() {
    let b = email_body;
    let x = email_exchange_body;
    let gmail = || set_all(unset(unset(b(), "/config/host"), "/config/port"), &[("/config/service", json!("gmail"))]);
    run(
        ".email",
        vec![
            accept("other with host and port", b()),
            accept("exchange_server", x()),
            // from.
            accept("from bare address", set(b(), "/config/from", json!("alerts@example.com"))),
            accept(
                "from with display name",
                set(b(), "/config/from", json!("Kibana Alerting <kibana-alerts@example.com>")),
            ),
            accept(
                "from with quoted display name",
                set(b(), "/config/from", json!("\"Kibana Alerting\" <kibana-alerts@example.com>")),
            ),
            accept(
                "from with a comma in a quoted display name",
                set(b(), "/config/from", json!("\"Doe, Jane\" <jane@example.com>")),
            ),
            accept(
                "from with two addresses",
                set(b(), "/config/from", json!("alerts@example.com, Ops <ops@example.com>")),
            ),
            // 8.x checks addresses only when kibana.yml has xpack.actions.email.domain_allowlist.
            accept("from garbage, no domain allowlist", set(b(), "/config/from", json!("not an email"))),
            reject("from garbage", set(b(), "/config/from", json!("not an email")), &["/config/from invalid_email"])
                .domains(&["example.com"]),
            reject("from two @", set(b(), "/config/from", json!("a@b@example.com")), &["/config/from invalid_email"])
                .domains(&["example.com"]),
            accept("from domain allowed", b()).domains(&["example.com"]),
            reject("from domain not allowed", b(), &["/config/from domain_not_allowed"]).domains(&["example.org"]),
            reject("from domain compared case-sensitively", b(), &["/config/from domain_not_allowed"])
                .domains(&["Example.com"]),
            // Parsed as Kibana's email-addresses package does (found by the differential test).
            accept("from angle address without a name", set(b(), "/config/from", json!("<alerts@example.com>")))
                .domains(&["example.com"]),
            accept("from with a trailing comment", set(b(), "/config/from", json!("alerts@example.com (ops)")))
                .domains(&["example.com"]),
            accept("from a group", set(b(), "/config/from", json!("Ops: a@example.com, b@example.org;")))
                .domains(&["example.com", "example.org"]),
            reject(
                "from a group with a domain not allowed",
                set(b(), "/config/from", json!("Ops: a@example.com, b@example.org;")),
                &["/config/from domain_not_allowed"],
            )
            .domains(&["example.com"]),
            reject(
                "from with a trailing comma",
                set(b(), "/config/from", json!("alerts@example.com,")),
                &["/config/from invalid_email"],
            )
            .domains(&["example.com"]),
            reject("from whitespace", set(b(), "/config/from", json!("   ")), &["/config/from empty_string"]),
            parse_error("from missing", unset(b(), "/config/from")),
            parse_error("from a number", set(b(), "/config/from", json!(5))),
            // service.
            accept("service gmail, no host/port", gmail()),
            accept("service Gmail (case-insensitive)", set(gmail(), "/config/service", json!("Gmail"))),
            accept("service hotmail", set(gmail(), "/config/service", json!("hotmail"))),
            accept("service outlook365", set(gmail(), "/config/service", json!("outlook365"))),
            accept("service SES", set(gmail(), "/config/service", json!("SES"))),
            accept("service elastic_cloud", set(gmail(), "/config/service", json!("elastic_cloud"))),
            accept("service __json", set(gmail(), "/config/service", json!("__json"))),
            reject(
                "service nonsense",
                set(gmail(), "/config/service", json!("nonsense")),
                &["/config/service invalid_value"],
            ),
            parse_error("service null", set(b(), "/config/service", json!(null))),
            reject(
                "service omitted = other: host and port required",
                set(unset(gmail(), "/config/service"), "/config/secure", json!(null)),
                &["/config/host required", "/config/port required"],
            ),
            reject("other without port", unset(b(), "/config/port"), &["/config/port required"]),
            reject("other with host null", set(b(), "/config/host", json!(null)), &["/config/host required"]),
            accept(
                "gmail with nullable keys null",
                set_all(
                    gmail(),
                    &[
                        ("/config/host", json!(null)),
                        ("/config/port", json!(null)),
                        ("/config/secure", json!(null)),
                        ("/config/clientId", json!(null)),
                        ("/config/tenantId", json!(null)),
                        ("/config/oauthTokenUrl", json!(null)),
                    ],
                ),
            ),
            // port.
            reject("port 0", set(b(), "/config/port", json!(0)), &["/config/port invalid_value"]),
            reject("port 65536", set(b(), "/config/port", json!(65536)), &["/config/port invalid_value"]),
            reject("port -1", set(b(), "/config/port", json!(-1)), &["/config/port invalid_value"]),
            accept("port 1", set(b(), "/config/port", json!(1))),
            accept("port 65535", set(b(), "/config/port", json!(65535))),
            accept("port \"587\" (numeric string coerced)", set(b(), "/config/port", json!("587"))),
            accept("port 25.5 (a number, not an integer)", set(b(), "/config/port", json!(25.5))),
            accept("port \"25.5\"", set(b(), "/config/port", json!("25.5"))),
            reject("port 0.5", set(b(), "/config/port", json!(0.5)), &["/config/port invalid_value"]),
            reject("port 65535.5", set(b(), "/config/port", json!(65535.5)), &["/config/port invalid_value"]),
            parse_error("port \"smtp\"", set(b(), "/config/port", json!("smtp"))),
            // booleans.
            accept("secure \"true\"", set(b(), "/config/secure", json!("true"))),
            accept("secure \"False\"", set(b(), "/config/secure", json!("False"))),
            parse_error("secure \"yes\"", set(b(), "/config/secure", json!("yes"))),
            parse_error("secure 1", set(b(), "/config/secure", json!(1))),
            parse_error("hasAuth null", set(b(), "/config/hasAuth", json!(null))),
            // exchange_server: config and secrets.
            reject(
                "exchange without clientId, tenantId, clientSecret",
                set(unset(unset(x(), "/config/clientId"), "/config/tenantId"), "/secrets", json!({})),
                &["/config/clientId required", "/config/tenantId required", "/secrets/clientSecret required"],
            ),
            reject(
                "exchange without clientSecret",
                set(x(), "/secrets", json!({})),
                &["/secrets/clientSecret required"],
            ),
            reject(
                "exchange with tenantId null",
                set(x(), "/config/tenantId", json!(null)),
                &["/config/tenantId required"],
            ),
            accept("exchange with hasAuth true and no user/password", set(x(), "/config/hasAuth", json!(true))),
            reject(
                "exchange tenantId empty",
                set(x(), "/config/tenantId", json!("")),
                &["/config/tenantId empty_string"],
            ),
            // hasAuth as sent.
            accept("hasAuth omitted, no secrets", set(b(), "/secrets", json!({}))),
            accept("hasAuth omitted, secrets omitted", unset(b(), "/secrets")),
            reject(
                "hasAuth true, no secrets",
                set_all(b(), &[("/config/hasAuth", json!(true)), ("/secrets", json!({}))]),
                &["/secrets/password required", "/secrets/user required"],
            ),
            reject(
                "hasAuth \"true\", no secrets",
                set_all(b(), &[("/config/hasAuth", json!("true")), ("/secrets", json!({}))]),
                &["/secrets/password required", "/secrets/user required"],
            ),
            reject(
                "hasAuth true, user only",
                set_all(b(), &[("/config/hasAuth", json!(true)), ("/secrets", json!({"user": "u"}))]),
                &["/secrets/password required"],
            ),
            reject(
                "hasAuth true, user and password null",
                set_all(
                    b(),
                    &[("/config/hasAuth", json!(true)), ("/secrets", json!({"user": null, "password": null}))],
                ),
                &["/secrets/password required", "/secrets/user required"],
            ),
            accept(
                "hasAuth false, no secrets",
                set_all(b(), &[("/config/hasAuth", json!(false)), ("/secrets", json!({}))]),
            ),
            reject(
                "password whitespace",
                set(b(), "/secrets/password", json!(" ")),
                &["/secrets/password empty_string"],
            ),
            accept("oauthTokenUrl not checked in 8.16-8.17", set(x(), "/config/oauthTokenUrl", json!("not a url"))),
            // allowedHosts applies to host when service is other.
            accept("host allowed", set(b(), "/config/host", json!("example.com"))).hosts(&["example.com"]),
            reject("host not allowed", b(), &["/config/host host_not_allowed"]).hosts(&["example.com"]),
            // A well-known service resolves to its SMTP host, which must be allowed.
            reject(
                "well-known service: its SMTP host not allowed",
                set(gmail(), "/config/host", json!("smtp.gmail.com")),
                &["/config/service host_not_allowed"],
            )
            .hosts(&["example.com"]),
            accept("well-known service: its SMTP host allowed", gmail()).hosts(&["smtp.gmail.com"]),
            accept(
                "service by alias and address (nodemailer lookup)",
                set(gmail(), "/config/service", json!("ops@googlemail.com")),
            )
            .hosts(&["smtp.gmail.com"]),
            reject(
                "elastic_cloud resolves to dockerhost",
                set(gmail(), "/config/service", json!("elastic_cloud")),
                &["/config/service host_not_allowed"],
            )
            .hosts(&["smtp.gmail.com"]),
            reject(
                "host compared case-sensitively",
                set(b(), "/config/host", json!("SMTP.example.com")),
                &["/config/host host_not_allowed"],
            )
            .hosts(&["smtp.example.com"]),
            reject(
                "unknown config key",
                set(b(), "/config/allowHtml", json!(true)),
                &["/config/allowHtml unknown_field"],
            ),
            reject(
                "unknown secrets key",
                set(b(), "/secrets/apiKey", json!("k")),
                &["/secrets/[REDACTED] unknown_field"],
            ),
        ],
    );
}

#[test]
fn xmatters() {
    let b = xmatters_basic_body;
    let u = xmatters_url_body;
    run(
        ".xmatters",
        vec![
            accept("basic", b()),
            accept("url auth", u()),
            accept("usesBasic \"true\" (coerced)", set(b(), "/config/usesBasic", json!("true"))),
            accept(
                "usesBasic omitted, config {}, secretsUrl (raw omitted behaves like false)",
                set(u(), "/config", json!({})),
            ),
            accept("usesBasic omitted, config and secretsUrl; config omitted", unset(u(), "/config")),
            reject(
                "usesBasic omitted with basic credentials",
                unset(b(), "/config/usesBasic"),
                &[
                    "/config/configUrl forbidden",
                    "/secrets/password forbidden",
                    "/secrets/secretsUrl required",
                    "/secrets/user forbidden",
                ],
            ),
            // usesBasic true.
            reject(
                "basic, no secrets",
                set(b(), "/secrets", json!({})),
                &["/secrets/password required", "/secrets/secretsUrl required", "/secrets/user required"],
            ),
            reject(
                "basic with secretsUrl only",
                set(b(), "/secrets", u()["secrets"].clone()),
                &["/secrets/password required", "/secrets/secretsUrl forbidden", "/secrets/user required"],
            ),
            reject(
                "basic, user alone",
                set(b(), "/secrets", json!({"user": "u"})),
                &["/secrets invalid_combination", "/secrets/password required"],
            ),
            reject("basic without configUrl", unset(b(), "/config/configUrl"), &["/config/configUrl required"]),
            reject(
                "basic with configUrl null",
                set(b(), "/config/configUrl", json!(null)),
                &["/config/configUrl required"],
            ),
            reject(
                "basic with configUrl unparseable",
                set(b(), "/config/configUrl", json!("not a url")),
                &["/config/configUrl invalid_url"],
            ),
            accept("basic configUrl ftp", set(b(), "/config/configUrl", json!("ftp://example.com/x"))),
            // usesBasic false.
            reject(
                "url auth with configUrl",
                set(u(), "/config/configUrl", json!("https://example.com/x")),
                &["/config/configUrl forbidden"],
            ),
            reject("url auth with user too", set(u(), "/secrets/user", json!("u")), &["/secrets/user forbidden"]),
            reject("url auth, no secrets", set(u(), "/secrets", json!({})), &["/secrets/secretsUrl required"]),
            reject(
                "url auth with user+password instead",
                set(u(), "/secrets", json!({"user": "u", "password": "p"})),
                &["/secrets/password forbidden", "/secrets/secretsUrl required", "/secrets/user forbidden"],
            ),
            reject(
                "secretsUrl unparseable",
                set(u(), "/secrets/secretsUrl", json!("not a url")),
                &["/secrets/secretsUrl invalid_url"],
            ),
            accept(
                "url auth with user/password null",
                set_all(u(), &[("/secrets/user", json!(null)), ("/secrets/password", json!(null))]),
            ),
            accept("url auth, configUrl null", set(u(), "/config/configUrl", json!(null))),
            // allowedHosts.
            accept("configUrl allowed", b()).hosts(&["example.com"]),
            reject("configUrl not allowed", b(), &["/config/configUrl host_not_allowed"]).hosts(&["other.example"]),
            reject("secretsUrl not allowed", u(), &["/secrets/secretsUrl host_not_allowed"]).hosts(&["other.example"]),
            parse_error("usesBasic null", set(b(), "/config/usesBasic", json!(null))),
            parse_error("usesBasic \"no\"", set(b(), "/config/usesBasic", json!("no"))),
            reject(
                "unknown config key",
                set(b(), "/config/url", json!("https://example.com")),
                &["/config/url unknown_field"],
            ),
            reject(
                "unknown secrets key",
                set(u(), "/secrets/apiKey", json!("k")),
                &["/secrets/[REDACTED] unknown_field"],
            ),
            reject("user empty", set(b(), "/secrets/user", json!("")), &["/secrets/user empty_string"]),
        ],
    );
}

fn servicenow_cases(ty: &'static str) -> Vec<Case> {
    let b = || servicenow_basic_body(ty);
    let o = || servicenow_oauth_body(ty);
    vec![
        accept("basic", b()),
        accept("basic, isOAuth omitted", unset(b(), "/config/isOAuth")),
        accept("oauth", o()),
        accept("isOAuth \"true\" (coerced)", set(o(), "/config/isOAuth", json!("true"))),
        accept("oauth with privateKeyPassword", set(o(), "/secrets/privateKeyPassword", json!("pkp"))),
        accept(
            "basic with privateKeyPassword (never cross-checked)",
            set(b(), "/secrets/privateKeyPassword", json!("pkp")),
        ),
        accept(
            "basic with OAuth config keys null",
            set_all(
                b(),
                &[
                    ("/config/clientId", json!(null)),
                    ("/config/jwtKeyId", json!(null)),
                    ("/config/userIdentifierValue", json!(null)),
                ],
            ),
        ),
        accept(
            "basic with OAuth secrets null",
            set_all(b(), &[("/secrets/clientSecret", json!(null)), ("/secrets/privateKey", json!(null))]),
        ),
        // isOAuth false.
        reject(
            "basic, no secrets",
            set(b(), "/secrets", json!({})),
            &["/secrets/password required", "/secrets/username required"],
        ),
        reject(
            "basic, username alone",
            set(b(), "/secrets", json!({"username": "u"})),
            &["/secrets invalid_combination", "/secrets/password required"],
        ),
        reject("basic with clientId", set(b(), "/config/clientId", json!("c")), &["/config/clientId forbidden"]),
        reject(
            "basic with jwtKeyId and userIdentifierValue",
            set_all(b(), &[("/config/jwtKeyId", json!("j")), ("/config/userIdentifierValue", json!("u"))]),
            &["/config/jwtKeyId forbidden", "/config/userIdentifierValue forbidden"],
        ),
        reject(
            "basic with clientSecret and privateKey",
            set_all(b(), &[("/secrets/clientSecret", json!("s")), ("/secrets/privateKey", json!("k"))]),
            &["/secrets/clientSecret forbidden", "/secrets/privateKey forbidden"],
        ),
        reject(
            "isOAuth omitted with OAuth credentials only",
            unset(o(), "/config/isOAuth"),
            &[
                "/config/clientId forbidden",
                "/config/jwtKeyId forbidden",
                "/config/userIdentifierValue forbidden",
                "/secrets/clientSecret forbidden",
                "/secrets/password required",
                "/secrets/privateKey forbidden",
                "/secrets/username required",
            ],
        ),
        // isOAuth true.
        reject(
            "oauth without its config keys",
            unset(unset(unset(o(), "/config/clientId"), "/config/jwtKeyId"), "/config/userIdentifierValue"),
            &["/config/clientId required", "/config/jwtKeyId required", "/config/userIdentifierValue required"],
        ),
        reject("oauth with jwtKeyId null", set(o(), "/config/jwtKeyId", json!(null)), &["/config/jwtKeyId required"]),
        reject(
            "oauth with username/password instead",
            set(o(), "/secrets", b()["secrets"].clone()),
            &[
                "/secrets/clientSecret required",
                "/secrets/password forbidden",
                "/secrets/privateKey required",
                "/secrets/username forbidden",
            ],
        ),
        reject(
            "oauth, clientSecret alone",
            set(o(), "/secrets", json!({"clientSecret": "s"})),
            &["/secrets invalid_combination", "/secrets/privateKey required"],
        ),
        reject(
            "oauth, no secrets",
            set(o(), "/secrets", json!({})),
            &["/secrets/clientSecret required", "/secrets/privateKey required", "/secrets/username required"],
        ),
        // Shapes, URL, strings.
        parse_error("apiUrl missing", unset(b(), "/config/apiUrl")),
        // Kibana only runs ensureUriAllowed here (legacy url.parse): with '*' any string passes.
        accept("apiUrl without scheme: allowed with *", set(b(), "/config/apiUrl", json!("acme.service-now.com"))),
        reject(
            "apiUrl without scheme: no host name for a list",
            set(b(), "/config/apiUrl", json!("acme.service-now.com")),
            &["/config/apiUrl host_not_allowed"],
        )
        .hosts(&["acme.service-now.com"]),
        accept("allowed host", b()).hosts(&["acme.service-now.com"]),
        reject("host not allowed", b(), &["/config/apiUrl host_not_allowed"]).hosts(&["example.com"]),
        parse_error("isOAuth null", set(b(), "/config/isOAuth", json!(null))),
        parse_error("username a number", set(b(), "/secrets/username", json!(12345))),
        reject("username empty", set(b(), "/secrets/username", json!("")), &["/secrets/username empty_string"]),
        reject("unknown config key", set(b(), "/config/instance", json!("acme")), &["/config/instance unknown_field"]),
        reject("unknown secrets key", set(b(), "/secrets/token", json!("t")), &["/secrets/[REDACTED] unknown_field"]),
    ]
}

#[test]
fn servicenow() {
    let mut cases = servicenow_cases(".servicenow");
    cases.push(accept(
        "usesTableApi false",
        set(servicenow_basic_body(".servicenow"), "/config/usesTableApi", json!(false)),
    ));
    cases.push(accept(
        "usesTableApi \"false\"",
        set(servicenow_basic_body(".servicenow"), "/config/usesTableApi", json!("false")),
    ));
    cases.push(parse_error(
        "usesTableApi null",
        set(servicenow_basic_body(".servicenow"), "/config/usesTableApi", json!(null)),
    ));
    run(".servicenow", cases);
}

#[test]
fn servicenow_sir() {
    let mut cases = servicenow_cases(".servicenow-sir");
    cases.push(accept(
        "usesTableApi false",
        set(servicenow_basic_body(".servicenow-sir"), "/config/usesTableApi", json!(false)),
    ));
    cases.push(accept(
        "oauth, usesTableApi true",
        set(servicenow_oauth_body(".servicenow-sir"), "/config/usesTableApi", json!(true)),
    ));
    run(".servicenow-sir", cases);
}

#[test]
fn servicenow_itom() {
    let mut cases = servicenow_cases(".servicenow-itom");
    let b = servicenow_basic_body(".servicenow-itom");
    cases.push(reject(
        "usesTableApi (ITOM has none)",
        set(b.clone(), "/config/usesTableApi", json!(true)),
        &["/config/usesTableApi unknown_field"],
    ));
    cases.push(reject(
        "usesTableApi false (ITOM has none)",
        set(b, "/config/usesTableApi", json!(false)),
        &["/config/usesTableApi unknown_field"],
    ));
    run(".servicenow-itom", cases);
}

#[test]
fn pagerduty() {
    let b = || {
        body(
            ".pagerduty",
            json!({"apiUrl": "https://events.pagerduty.com/v2/enqueue"}),
            json!({"routingKey": "R02E4J8TQW5XKZ7MNP3V6HBC1YDSG9LA"}),
        )
    };
    run(
        ".pagerduty",
        vec![
            accept("with apiUrl", b()),
            accept("apiUrl null", set(b(), "/config/apiUrl", json!(null))),
            accept("apiUrl omitted", set(b(), "/config", json!({}))),
            accept("config omitted", unset(b(), "/config")),
            accept("routingKey of 1 character (no length check)", set(b(), "/secrets/routingKey", json!("x"))),
            accept("routingKey of 100 characters", set(b(), "/secrets/routingKey", json!("k".repeat(100)))),
            parse_error("routingKey missing", set(b(), "/secrets", json!({}))),
            missing_secrets(unset(b(), "/secrets")),
            parse_error("routingKey null", set(b(), "/secrets/routingKey", json!(null))),
            reject(
                "routingKey whitespace",
                set(b(), "/secrets/routingKey", json!("  ")),
                &["/secrets/routingKey empty_string"],
            ),
            accept(
                "apiUrl without scheme: allowed with *",
                set(b(), "/config/apiUrl", json!("events.pagerduty.com/v2/enqueue")),
            ),
            reject(
                "apiUrl without scheme: no host name for a list",
                set(b(), "/config/apiUrl", json!("events.pagerduty.com/v2/enqueue")),
                &["/config/apiUrl host_not_allowed"],
            )
            .hosts(&["events.pagerduty.com"]),
            reject(
                "apiUrl url.parse throws: refused even with *",
                set(b(), "/config/apiUrl", json!("https://xn--a.com/")),
                &["/config/apiUrl host_not_allowed"],
            ),
            accept("apiUrl ftp", set(b(), "/config/apiUrl", json!("ftp://example.com/x"))),
            // allowedHosts: a null apiUrl checks the default endpoint.
            reject(
                "null apiUrl: default host not allowed",
                set(b(), "/config/apiUrl", json!(null)),
                &["/config/apiUrl host_not_allowed"],
            )
            .hosts(&["example.com"]),
            reject(
                "omitted apiUrl: default host not allowed",
                set(b(), "/config", json!({})),
                &["/config/apiUrl host_not_allowed"],
            )
            .hosts(&["example.com"]),
            accept("null apiUrl: default host allowed", set(b(), "/config/apiUrl", json!(null)))
                .hosts(&["events.pagerduty.com"]),
            accept("own apiUrl allowed", set(b(), "/config/apiUrl", json!("https://example.com/enqueue")))
                .hosts(&["example.com"]),
            reject("own apiUrl not allowed", b(), &["/config/apiUrl host_not_allowed"]).hosts(&["example.com"]),
            reject(
                "unknown config key",
                set(b(), "/config/severity", json!("critical")),
                &["/config/severity unknown_field"],
            ),
            reject(
                "unknown secrets key",
                set(b(), "/secrets/integrationKey", json!("k")),
                &["/secrets/[REDACTED] unknown_field"],
            ),
        ],
    );
}

#[test]
fn index() {
    let b = || json!({"name": "audit", "connector_type_id": ".index", "config": {"index": "kibana-alert-audit", "executionTimeField": "@timestamp"}});
    run(
        ".index",
        vec![
            accept("index", b()),
            accept("secrets {}", set(b(), "/secrets", json!({}))),
            accept("refresh true", set(b(), "/config/refresh", json!(true))),
            accept("refresh \"true\"", set(b(), "/config/refresh", json!("true"))),
            parse_error("refresh 1", set(b(), "/config/refresh", json!(1))),
            parse_error("refresh null", set(b(), "/config/refresh", json!(null))),
            accept("executionTimeField null", set(b(), "/config/executionTimeField", json!(null))),
            accept("index name not validated", set(b(), "/config/index", json!("Not*A_Valid?Index"))),
            parse_error("index missing", unset(b(), "/config/index")),
            parse_error("index a number", set(b(), "/config/index", json!(5))),
            reject("index empty", set(b(), "/config/index", json!("")), &["/config/index empty_string"]),
            reject(
                "executionTimeField whitespace",
                set(b(), "/config/executionTimeField", json!(" ")),
                &["/config/executionTimeField empty_string"],
            ),
            reject(
                "a secrets key",
                set(b(), "/secrets", json!({"apiKey": "k"})),
                &["/secrets/[REDACTED] unknown_field"],
            ),
            reject("unknown config key", set(b(), "/config/pipeline", json!("p")), &["/config/pipeline unknown_field"]),
        ],
    );
}

#[test]
fn server_log() {
    let b = || body(".server-log", json!({}), json!({}));
    run(
        ".server-log",
        vec![
            accept("empty config and secrets", b()),
            accept("config and secrets omitted", json!({"name": "log", "connector_type_id": ".server-log"})),
            reject("a config key", set(b(), "/config/level", json!("info")), &["/config/level unknown_field"]),
            reject("a secrets key", set(b(), "/secrets/token", json!("t")), &["/secrets/[REDACTED] unknown_field"]),
            reject(
                "keys in both",
                set_all(b(), &[("/config/a", json!(1)), ("/secrets/b", json!("x"))]),
                &["/config/a unknown_field", "/secrets/[REDACTED] unknown_field"],
            ),
            parse_error("config null", set(b(), "/config", json!(null))),
            parse_error("config an array", set(b(), "/config", json!([]))),
        ],
    );
}

#[test]
fn teams() {
    let b = || body(".teams", json!({}), json!({"webhookUrl": "https://example.com/webhookb2/3f2a"}));
    run(
        ".teams",
        vec![
            accept("webhookUrl", b()),
            accept("config omitted", unset(b(), "/config")),
            accept(
                "any config keys (8.x has no config schema)",
                set(b(), "/config", json!({"anything": "x", "n": 1, "nested": {"a": [true]}})),
            ),
            reject(
                "config keys still get the empty-string rule",
                set(b(), "/config", json!({"foo": ""})),
                &["/config/foo empty_string"],
            ),
            reject(
                "nested whitespace in config",
                set(b(), "/config", json!({"nested": {"list": ["ok", " "]}})),
                &["/config/nested/list/1 empty_string"],
            ),
            accept(
                "webhookUrl ftp (no https requirement)",
                set(b(), "/secrets/webhookUrl", json!("ftp://example.com/x")),
            ),
            reject(
                "webhookUrl unparseable",
                set(b(), "/secrets/webhookUrl", json!("not a url")),
                &["/secrets/webhookUrl invalid_url"],
            ),
            parse_error("webhookUrl missing", set(b(), "/secrets", json!({}))),
            parse_error("webhookUrl a number", set(b(), "/secrets/webhookUrl", json!(5))),
            accept("allowed host", b()).hosts(&["example.com"]),
            reject("host not allowed", b(), &["/secrets/webhookUrl host_not_allowed"]).hosts(&["outlook.office.com"]),
            reject(
                "unknown secrets key",
                set(b(), "/secrets/token", json!("t")),
                &["/secrets/[REDACTED] unknown_field"],
            ),
        ],
    );
}

#[test]
fn slack_api() {
    let b = || {
        body(
            ".slack_api",
            json!({"allowedChannels": [{"id": "C05GJ1HF8QA", "name": "#security-alerts"}]}),
            json!({"token": "xoxb-2791384756012-Qw8ErTy2"}),
        )
    };
    run(
        ".slack_api",
        vec![
            accept("one channel", b()),
            accept("config {}", set(b(), "/config", json!({}))),
            accept("config omitted", unset(b(), "/config")),
            accept("no channels", set(b(), "/config/allowedChannels", json!([]))),
            accept("25 channels", set(b(), "/config/allowedChannels", channels(25))),
            reject(
                "26 channels",
                set(b(), "/config/allowedChannels", channels(26)),
                &["/config/allowedChannels invalid_length"],
            ),
            parse_error("allowedChannels null", set(b(), "/config/allowedChannels", json!(null))),
            parse_error("channel without name", set(b(), "/config/allowedChannels", json!([{"id": "C1"}]))),
            // Channels by name alone arrived in 9.3: the body parses, 8.16 requires the id.
            reject(
                "channel without id (9.3+)",
                set(b(), "/config/allowedChannels", json!([{"name": "#x"}])),
                &["/config/allowedChannels/0/id required"],
            ),
            reject(
                "channel with an extra key",
                set(b(), "/config/allowedChannels/0/topic", json!("t")),
                &["/config/allowedChannels/0/topic unknown_field"],
            ),
            reject(
                "channel id whitespace",
                set(b(), "/config/allowedChannels/0/id", json!(" ")),
                &["/config/allowedChannels/0/id empty_string"],
            ),
            reject(
                "channel name empty (minLength 1)",
                set(b(), "/config/allowedChannels/0/name", json!("")),
                &["/config/allowedChannels/0/name empty_string", "/config/allowedChannels/0/name invalid_length"],
            ),
            parse_error("token missing", set(b(), "/secrets", json!({}))),
            reject("token empty", set(b(), "/secrets/token", json!("")), &["/secrets/token empty_string"]),
            reject(
                "unknown config key",
                set(b(), "/config/channels", json!(["#x"])),
                &["/config/channels unknown_field"],
            ),
            reject(
                "unknown secrets key",
                set(b(), "/secrets/webhookUrl", json!("https://hooks.slack.com/x")),
                &["/secrets/[REDACTED] unknown_field"],
            ),
            // The secrets validator checks https://slack.com/api/ against allowedHosts.
            reject("slack.com not allowed", b(), &["/secrets host_not_allowed"]).hosts(&["example.com"]),
            accept("slack.com allowed", b()).hosts(&["example.com", "slack.com"]),
        ],
    );
}

#[test]
fn swimlane() {
    let b = swimlane_body;
    let m = "/config/mappings";
    run(
        ".swimlane",
        vec![
            accept("with mappings", b()),
            accept("connectorType alerts", set(b(), "/config/connectorType", json!("alerts"))),
            accept("connectorType cases", set(b(), "/config/connectorType", json!("cases"))),
            accept("a mapping null", set(b(), &format!("{m}/caseIdConfig"), json!(null))),
            accept(
                "all seven mappings",
                set_all(
                    b(),
                    &[
                        (
                            "/config/mappings/caseIdConfig",
                            json!({"id": "a1", "key": "case-id", "name": "Case ID", "fieldType": "text"}),
                        ),
                        (
                            "/config/mappings/caseNameConfig",
                            json!({"id": "a2", "key": "case-name", "name": "Case Name", "fieldType": "text"}),
                        ),
                        (
                            "/config/mappings/commentsConfig",
                            json!({"id": "a3", "key": "comments", "name": "Comments", "fieldType": "comments"}),
                        ),
                        (
                            "/config/mappings/descriptionConfig",
                            json!({"id": "a4", "key": "description", "name": "Description", "fieldType": "text"}),
                        ),
                    ],
                ),
            ),
            parse_error("connectorType ALL (case-sensitive)", set(b(), "/config/connectorType", json!("ALL"))),
            parse_error("connectorType missing", unset(b(), "/config/connectorType")),
            parse_error("appId missing", unset(b(), "/config/appId")),
            parse_error("mapping without key", unset(b(), &format!("{m}/ruleNameConfig/key"))),
            parse_error("mapping name a number", set(b(), &format!("{m}/ruleNameConfig/name"), json!(1))),
            reject(
                "nested mapping name empty",
                set(b(), &format!("{m}/ruleNameConfig/name"), json!("")),
                &["/config/mappings/ruleNameConfig/name empty_string"],
            ),
            reject(
                "nested mapping fieldType whitespace",
                set(b(), &format!("{m}/severityConfig/fieldType"), json!(" \n")),
                &["/config/mappings/severityConfig/fieldType empty_string"],
            ),
            reject(
                "nested mapping extra key",
                set(b(), &format!("{m}/alertIdConfig/extra"), json!("x")),
                &["/config/mappings/alertIdConfig/extra unknown_field"],
            ),
            reject(
                "unknown mapping",
                set(
                    b(),
                    &format!("{m}/priorityConfig"),
                    json!({"id": "p", "key": "p", "name": "P", "fieldType": "text"}),
                ),
                &["/config/mappings/priorityConfig unknown_field"],
            ),
            accept("apiUrl unparseable: allowed with *", set(b(), "/config/apiUrl", json!("swimlane"))),
            reject(
                "apiUrl unparseable: no host name for a list",
                set(b(), "/config/apiUrl", json!("swimlane")),
                &["/config/apiUrl host_not_allowed"],
            )
            .hosts(&["swimlane"]),
            reject("host not allowed", b(), &["/config/apiUrl host_not_allowed"]).hosts(&["example.com"]),
            accept("host allowed", b()).hosts(&["acme.swimlane.app"]),
            parse_error("apiToken missing", set(b(), "/secrets", json!({}))),
            reject("apiToken empty", set(b(), "/secrets/apiToken", json!("")), &["/secrets/apiToken empty_string"]),
            reject("unknown config key", set(b(), "/config/appName", json!("x")), &["/config/appName unknown_field"]),
            reject(
                "unknown secrets key",
                set(b(), "/secrets/token", json!("t")),
                &["/secrets/[REDACTED] unknown_field"],
            ),
        ],
    );
}

#[test]
fn torq() {
    let b = || {
        body(
            ".torq",
            json!({"webhookIntegrationUrl": "https://hooks.torq.io/v1/webhooks/5c2e8a41"}),
            json!({"token": "tq_8Hn3Kp7Wx2Rz9Lm4"}),
        )
    };
    let url = "/config/webhookIntegrationUrl";
    run(
        ".torq",
        vec![
            accept("hooks.torq.io", b()),
            accept("localhost", set(b(), url, json!("http://localhost:8080/v1/webhooks/x"))),
            accept("protocol not checked", set(b(), url, json!("ftp://hooks.torq.io/x"))),
            reject(
                "another host",
                set(b(), url, json!("https://example.com/v1/webhooks/x")),
                &["/config/webhookIntegrationUrl invalid_url"],
            ),
            reject(
                "hooks.eu.torq.io ([ver] accepted only in newer releases)",
                set(b(), url, json!("https://hooks.eu.torq.io/v1/webhooks/x")),
                &["/config/webhookIntegrationUrl invalid_url"],
            ),
            reject(
                "look-alike host",
                set(b(), url, json!("https://hooks.torq.io.example.com/x")),
                &["/config/webhookIntegrationUrl invalid_url"],
            ),
            reject(
                "unparseable",
                set(b(), url, json!("hooks.torq.io/v1")),
                &["/config/webhookIntegrationUrl invalid_url"],
            ),
            accept("allowed", b()).hosts(&["hooks.torq.io"]),
            reject("allowlist before the host rule", b(), &["/config/webhookIntegrationUrl host_not_allowed"])
                .hosts(&["example.com"]),
            reject(
                "allowed but not Torq",
                set(b(), url, json!("https://example.com/x")),
                &["/config/webhookIntegrationUrl invalid_url"],
            )
            .hosts(&["example.com"]),
            parse_error("url missing", set(b(), "/config", json!({}))),
            parse_error("token missing", set(b(), "/secrets", json!({}))),
            reject("token whitespace", set(b(), "/secrets/token", json!("\t")), &["/secrets/token empty_string"]),
            reject(
                "unknown config key",
                set(b(), "/config/url", json!("https://hooks.torq.io/x")),
                &["/config/url unknown_field"],
            ),
            reject(
                "unknown secrets key",
                set(b(), "/secrets/apiKey", json!("k")),
                &["/secrets/[REDACTED] unknown_field"],
            ),
        ],
    );
}

#[test]
fn bedrock() {
    let b = || {
        body(
            ".bedrock",
            json!({"apiUrl": "https://bedrock-runtime.us-east-1.amazonaws.com"}),
            json!({"accessKey": "AKIAQ7EXAMPLE3FJ2K4Z", "secret": "wJalrXUtnFEMI/K7MDENG"}),
        )
    };
    run(
        ".bedrock",
        vec![
            accept("apiUrl", b()),
            accept(
                "defaultModel",
                set(b(), "/config/defaultModel", json!("anthropic.claude-3-5-sonnet-20240620-v1:0")),
            ),
            accept("http URL with port", set(b(), "/config/apiUrl", json!("http://bedrock.internal:8080/model"))),
            reject(
                "localhost:8080/x (scheme localhost:, no host)",
                set(b(), "/config/apiUrl", json!("localhost:8080/x")),
                &["/config/apiUrl invalid_url"],
            ),
            reject("ftp", set(b(), "/config/apiUrl", json!("ftp://example.com/x")), &["/config/apiUrl invalid_url"]),
            reject("unparseable", set(b(), "/config/apiUrl", json!("not a url")), &["/config/apiUrl invalid_url"]),
            parse_error("apiUrl missing", set(b(), "/config", json!({}))),
            parse_error("defaultModel null", set(b(), "/config/defaultModel", json!(null))),
            parse_error("defaultModel a number", set(b(), "/config/defaultModel", json!(2))),
            parse_error("secret missing", unset(b(), "/secrets/secret")),
            missing_secrets(unset(b(), "/secrets")),
            reject(
                "accessKey whitespace",
                set(b(), "/secrets/accessKey", json!("  ")),
                &["/secrets/accessKey empty_string"],
            ),
            reject(
                "unknown config key (newer region)",
                set(b(), "/config/region", json!("us-east-1")),
                &["/config/region unknown_field"],
            ),
            reject(
                "unknown secrets key",
                set(b(), "/secrets/sessionToken", json!("t")),
                &["/secrets/[REDACTED] unknown_field"],
            ),
            accept("allowed host", b()).hosts(&["bedrock-runtime.us-east-1.amazonaws.com"]),
            reject("host not allowed", b(), &["/config/apiUrl host_not_allowed"]).hosts(&["example.com"]),
        ],
    );
}

#[test]
fn gemini() {
    let b = || {
        body(
            ".gemini",
            json!({"apiUrl": "https://us-central1-aiplatform.googleapis.com", "gcpRegion": "us-central1", "gcpProjectID": "acme-prod"}),
            json!({"credentialsJson": "{\"type\":\"service_account\"}"}),
        )
    };
    run(
        ".gemini",
        vec![
            accept("gemini", b()),
            accept("defaultModel", set(b(), "/config/defaultModel", json!("gemini-1.5-pro-002"))),
            accept("credentialsJson not parsed in 8.x", set(b(), "/secrets/credentialsJson", json!("not json"))),
            reject(
                "localhost:8080/x",
                set(b(), "/config/apiUrl", json!("localhost:8080/x")),
                &["/config/apiUrl invalid_url"],
            ),
            reject("ftp://x", set(b(), "/config/apiUrl", json!("ftp://x")), &["/config/apiUrl invalid_url"]),
            parse_error(
                "gcpProjectId (wrong case) instead of gcpProjectID",
                set(unset(b(), "/config/gcpProjectID"), "/config/gcpProjectId", json!("acme")),
            ),
            reject(
                "gcpProjectId as an extra key",
                set(b(), "/config/gcpProjectId", json!("acme")),
                &["/config/gcpProjectId unknown_field"],
            ),
            parse_error("gcpRegion missing", unset(b(), "/config/gcpRegion")),
            reject("gcpRegion empty", set(b(), "/config/gcpRegion", json!("")), &["/config/gcpRegion empty_string"]),
            parse_error("credentialsJSON (old key) instead", set(b(), "/secrets", json!({"credentialsJSON": "{}"}))),
            reject(
                "credentialsJSON as an extra key",
                set(b(), "/secrets/credentialsJSON", json!("{}")),
                &["/secrets/[REDACTED] unknown_field"],
            ),
            accept("allowed host", b()).hosts(&["us-central1-aiplatform.googleapis.com"]),
            reject("host not allowed", b(), &["/config/apiUrl host_not_allowed"]).hosts(&["example.com"]),
        ],
    );
}

#[test]
fn gen_ai() {
    let o = gen_ai_openai_body;
    let a = gen_ai_azure_body;
    run(
        ".gen-ai",
        vec![
            accept("OpenAI", o()),
            accept("Azure OpenAI", a()),
            accept("OpenAI without defaultModel", unset(o(), "/config/defaultModel")),
            parse_error("OpenAI defaultModel null", set(o(), "/config/defaultModel", json!(null))),
            accept("Azure with headers", set(a(), "/config/headers", json!({"X-Trace": "t"}))),
            parse_error("apiProvider openai (case-sensitive)", set(o(), "/config/apiProvider", json!("openai"))),
            parse_error("apiProvider Azure openai", set(a(), "/config/apiProvider", json!("Azure openai"))),
            parse_error("apiProvider missing", unset(o(), "/config/apiProvider")),
            reject(
                "Azure with defaultModel",
                set(a(), "/config/defaultModel", json!("gpt-4o")),
                &["/config/defaultModel unknown_field"],
            ),
            reject(
                "organizationId (8.18 and later)",
                set(o(), "/config/organizationId", json!("org")),
                &["/config/organizationId unknown_field"],
            ),
            reject(
                "localhost:8080/x",
                set(o(), "/config/apiUrl", json!("localhost:8080/x")),
                &["/config/apiUrl invalid_url"],
            ),
            reject("ftp://x", set(o(), "/config/apiUrl", json!("ftp://x")), &["/config/apiUrl invalid_url"]),
            reject(
                "Azure ftp",
                set(a(), "/config/apiUrl", json!("ftp://acme.openai.azure.com/x")),
                &["/config/apiUrl invalid_url"],
            ),
            accept("http with a port", set(o(), "/config/apiUrl", json!("http://localhost:11434/v1/chat/completions"))),
            reject(
                "header value empty",
                set(o(), "/config/headers/X-Trace", json!("")),
                &["/config/headers/X-Trace empty_string"],
            ),
            parse_error("header value a number", set(o(), "/config/headers/X-Trace", json!(1))),
            parse_error("headers null", set(o(), "/config/headers", json!(null))),
            reject("apiKey missing", set(o(), "/secrets", json!({})), &["/secrets/apiKey required"]),
            reject("apiKey whitespace", set(o(), "/secrets/apiKey", json!(" ")), &["/secrets/apiKey empty_string"]),
            reject(
                "unknown secrets key",
                set(o(), "/secrets/certificateData", json!("LS0t")),
                &["/secrets/certificateData unknown_field"],
            ),
            accept("allowed host", o()).hosts(&["api.openai.com"]),
            reject("host not allowed", o(), &["/config/apiUrl host_not_allowed"]).hosts(&["example.com"]),
        ],
    );
}

/// The six types whose only rule is `urlAllowListValidator` on a URL field.
fn simple_url_cases(url_key: &'static str, b: impl Fn() -> Value, secret_key: &'static str) -> Vec<Case> {
    let url = format!("/config/{url_key}");
    let secret = format!("/secrets/{secret_key}");
    let line = |kind: &str| format!("{url} {kind}");
    vec![
        accept("valid", b()),
        accept("ftp://host (any scheme)", set(b(), &url, json!("ftp://example.com/x"))),
        // Only ensureUriAllowed (legacy url.parse): with '*' any string passes.
        accept("unparseable: allowed with *", set(b(), &url, json!("not a url"))),
        reject("unparseable: no host name for a list", set(b(), &url, json!("not a url")), &[line("host_not_allowed")])
            .hosts(&["example.com"]),
        accept("legacy host name decides", set(b(), &url, json!("http:\\\\example.com\\api"))).hosts(&["example.com"]),
        reject(
            "allowed hosts are case-sensitive",
            set(b(), &url, json!("https://example.com/api")),
            &[line("host_not_allowed")],
        )
        .hosts(&["Example.com"]),
        reject("empty", set(b(), &url, json!("")), &[line("empty_string")]),
        parse_error("url missing", unset(b(), &url)),
        parse_error("url a number", set(b(), &url, json!(443))),
        parse_error("url null", set(b(), &url, json!(null))),
        parse_error("secret missing", unset(b(), &secret)),
        missing_secrets(unset(b(), "/secrets")),
        reject("secret whitespace", set(b(), &secret, json!("   ")), &[format!("{secret} empty_string")]),
        reject("unknown config key", set(b(), "/config/extra", json!("x")), &["/config/extra unknown_field"]),
        reject("unknown secrets key", set(b(), "/secrets/extra", json!("x")), &["/secrets/[REDACTED] unknown_field"]),
        accept("allowed host", set(b(), &url, json!("https://example.com/api"))).hosts(&["example.com"]),
        reject("host not allowed", b(), &[line("host_not_allowed")]).hosts(&["example.com"]),
    ]
}

#[test]
fn crowdstrike() {
    let b = || {
        body(
            ".crowdstrike",
            json!({"url": "https://api.crowdstrike.com"}),
            json!({"clientId": "7f3e9b2c4a1d48e6", "clientSecret": "Xk93LmQp2vRt8WzY"}),
        )
    };
    let mut cases = simple_url_cases("url", b, "clientSecret");
    cases.push(parse_error("clientId missing", unset(b(), "/secrets/clientId")));
    run(".crowdstrike", cases);
}

#[test]
fn d3security() {
    let b = || {
        body(
            ".d3security",
            json!({"url": "https://d3soar.example.net/VSOC/api/data/Default/Elastic/WebhookEvent"}),
            json!({"token": "d3-7b1f0c5e9a2d4c8b"}),
        )
    };
    let mut cases = simple_url_cases("url", b, "token");
    cases.push(reject(
        "pre-release severity key",
        set(b(), "/config/severity", json!("high")),
        &["/config/severity unknown_field"],
    ));
    run(".d3security", cases);
}

#[test]
fn opsgenie() {
    let b = || {
        body(
            ".opsgenie",
            json!({"apiUrl": "https://api.eu.opsgenie.com"}),
            json!({"apiKey": "2b6f8d1a-4c3e-4a9b-8e7d"}),
        )
    };
    let mut cases = simple_url_cases("apiUrl", b, "apiKey");
    cases.push(accept("US endpoint", set(b(), "/config/apiUrl", json!("https://api.opsgenie.com"))));
    run(".opsgenie", cases);
}

#[test]
fn sentinelone() {
    let b = || {
        body(
            ".sentinelone",
            json!({"url": "https://usea1-acme.sentinelone.net"}),
            json!({"token": "eyJraWQiOiJ1cy1lYXN0LTEtcHJvZC0wIn0"}),
        )
    };
    run(".sentinelone", simple_url_cases("url", b, "token"));
}

#[test]
fn tines() {
    let b = || {
        body(
            ".tines",
            json!({"url": "https://acme-soc.tines.com"}),
            json!({"email": "automation@example.com", "token": "tns_9Xq2Lm7Rv4Kp1Zt8"}),
        )
    };
    let mut cases = simple_url_cases("url", b, "token");
    cases.push(accept("email not validated as an address", set(b(), "/secrets/email", json!("not an address"))));
    cases.push(parse_error("email missing", unset(b(), "/secrets/email")));
    run(".tines", cases);
}

#[test]
fn thehive() {
    let b = || {
        body(
            ".thehive",
            json!({"url": "https://thehive.example.net:9000", "organisation": "SOC"}),
            json!({"apiKey": "hv5J2kQ9xR7mT1pW"}),
        )
    };
    let mut cases = simple_url_cases("url", b, "apiKey");
    cases.push(accept("organisation null", set(b(), "/config/organisation", json!(null))));
    cases.push(accept("organisation omitted", unset(b(), "/config/organisation")));
    cases.push(reject(
        "organisation empty",
        set(b(), "/config/organisation", json!("")),
        &["/config/organisation empty_string"],
    ));
    cases.push(parse_error("organisation a number", set(b(), "/config/organisation", json!(1))));
    cases.push(reject(
        "organization (US spelling)",
        set(b(), "/config/organization", json!("SOC")),
        &["/config/organization unknown_field"],
    ));
    run(".thehive", cases);
}

#[test]
fn jira() {
    let b = || {
        body(
            ".jira",
            json!({"apiUrl": "https://example.atlassian.net", "projectKey": "SEC"}),
            json!({"email": "svc-kibana@example.com", "apiToken": "ATATT3xFfGF0T8mQ"}),
        )
    };
    let mut cases = simple_url_cases("apiUrl", b, "apiToken");
    cases.push(parse_error("projectKey missing", unset(b(), "/config/projectKey")));
    cases.push(reject(
        "projectKey whitespace",
        set(b(), "/config/projectKey", json!(" ")),
        &["/config/projectKey empty_string"],
    ));
    cases.push(accept("email is a plain string", set(b(), "/secrets/email", json!("svc-kibana"))));
    cases.push(parse_error("email missing", unset(b(), "/secrets/email")));
    run(".jira", cases);
}

#[test]
fn resilient() {
    let b = || {
        body(
            ".resilient",
            json!({"apiUrl": "https://resilient.example.net", "orgId": "201"}),
            json!({"apiKeyId": "6a1e3c5b-7d9f", "apiKeySecret": "Zp4Rt7Wq2Xn9"}),
        )
    };
    let mut cases = simple_url_cases("apiUrl", b, "apiKeySecret");
    cases.push(parse_error(
        "orgId a number (numbers are not coerced to strings)",
        set(b(), "/config/orgId", json!(201)),
    ));
    cases.push(parse_error("orgId missing", unset(b(), "/config/orgId")));
    cases.push(parse_error("apiKeyId missing", unset(b(), "/secrets/apiKeyId")));
    run(".resilient", cases);
}

// ------------------------------------------------------------------ cross-cutting

/// Validation does not stop at the first problem (Kibana does): every one is listed.
#[test]
fn every_problem_is_listed() {
    let b = set_all(
        webhook_body(),
        &[
            ("/config/url", json!("not a url")),
            ("/config/hasAuth", json!(false)),
            ("/config/headers/X-Trace", json!(" ")),
            ("/config/retries", json!(3)),
            ("/secrets", json!({"user": "kibana", "crt": "Q1JU", "apiKey": "k"})),
        ],
    );
    assert_eq!(
        verdict(&b),
        Err(vec![
            "/config/authType forbidden".into(),
            "/config/headers/X-Trace empty_string".into(),
            "/config/retries unknown_field".into(),
            "/config/url invalid_url".into(),
            "/secrets invalid_combination".into(),
            "/secrets/[REDACTED] unknown_field".into(),
        ])
    );

    // Config, secrets and connector-level problems together.
    let b = set_all(
        email_exchange_body(),
        &[
            ("/config/from", json!("nobody")),
            ("/config/port", json!(70000)),
            ("/config/clientId", json!(null)),
            ("/secrets", json!({"user": ""})),
        ],
    );
    // (`from` is checked only with a domain allowlist, as in Kibana 8.x.)
    assert_eq!(
        verdict_with(&b, &v816().email_domain_allowlist(["example.com"])),
        Err(vec![
            "/config/clientId required".into(),
            "/config/from invalid_email".into(),
            "/config/port invalid_value".into(),
            "/secrets/clientSecret required".into(),
            "/secrets/user empty_string".into(),
        ])
    );
}

/// `config`/`secrets` of another connector type cannot be sent through JSON: they are
/// parsed by `connector_type_id`, so a foreign shape fails to deserialize (or, for the
/// open `.teams` config, is simply a teams config). In Rust the type id is the config's
/// variant; `connector_type_mismatch` arises only for secrets of another type, and then
/// the connector-level rules are skipped.
#[test]
fn config_of_another_type_is_impossible_through_json() {
    let jira = json!({"apiUrl": "https://example.atlassian.net", "projectKey": "SEC"});
    let b = set(webhook_body(), "/config", jira.clone());
    assert!(matches!(verdict(&b), Err(v) if v[0].starts_with("(parse)")));
    let b = set(webhook_body(), "/secrets", json!({"email": "a@example.com", "apiToken": "t"}));
    assert_eq!(verdict(&b), Err(vec!["/secrets/[REDACTED] unknown_field".into()]));
    let b = set(body(".teams", json!({}), json!({"webhookUrl": "https://example.com/x"})), "/config", jira.clone());
    assert_eq!(verdict(&b), Ok(()), ".teams accepts any config keys");

    // Assembled in Rust: the type id is the config's variant, so config and type id cannot
    // disagree; secrets of another type are reported, and the connector rules are skipped.
    let mut request: CreateConnectorRequest = serde_json::from_value(webhook_body()).unwrap();
    let jira_request: CreateConnectorRequest =
        serde_json::from_value(body(".jira", jira, json!({"email": "a@example.com", "apiToken": "t"}))).unwrap();
    request.config = jira_request.config.clone();
    assert_eq!(request.connector_type(), ConnectorType::Jira);
    let errors = request.validate().unwrap_err();
    let lines: Vec<String> = errors.iter().map(|e| format!("{} {}", e.pointer, e.kind)).collect();
    assert_eq!(lines, ["/secrets connector_type_mismatch"]);

    // Xmatters secrets with a jira config: an xmatters rule that would fire is not run.
    let request = CreateConnectorRequest::new("x", jira_request.config).with_secrets(
        serde_json::from_value::<CreateConnectorRequest>(set(xmatters_basic_body(), "/secrets", json!({})))
            .unwrap()
            .secrets
            .unwrap(),
    );
    let lines: Vec<String> =
        request.validate().unwrap_err().iter().map(|e| format!("{} {}", e.pointer, e.kind)).collect();
    assert_eq!(
        lines,
        ["/secrets connector_type_mismatch", "/secrets/secretsUrl required"],
        "the secrets' own rules still run"
    );
}

/// Rendered messages (Display and Debug) never carry a secret value.
#[test]
fn no_message_contains_a_secret() {
    const MARK: &str = "S3CR3T";
    let bodies = [
        set(webhook_body(), "/secrets", json!({"user": "S3CR3T-webhook-user", "crt": "S3CR3T-crt"})),
        set(
            webhook_body(),
            "/secrets",
            json!({"user": "S3CR3T-u", "password": "S3CR3T-p", "pfx": "S3CR3T-pfx", "token": "S3CR3T-unknown"}),
        ),
        set(cases_webhook_body(), "/secrets", json!({"user": "S3CR3T-cw-user"})),
        set(
            xmatters_url_body(),
            "/secrets",
            json!({"secretsUrl": "S3CR3T not a url ?apiKey=S3CR3T", "user": "S3CR3T-xm"}),
        ),
        set(xmatters_url_body(), "/secrets/secretsUrl", json!("https://other.example/triggers?apiKey=S3CR3T-key")),
        body(".teams", json!({}), json!({"webhookUrl": "S3CR3T::teams"})),
        set(
            servicenow_oauth_body(".servicenow"),
            "/secrets",
            json!({"username": "S3CR3T-sn-user", "password": "S3CR3T-sn-pw", "clientSecret": "S3CR3T-cs"}),
        ),
        set(
            email_body(),
            "/secrets",
            json!({"user": "S3CR3T-mail", "clientSecret": "S3CR3T-mail-cs", "sessionToken": "S3CR3T-mail-unknown"}),
        ),
        set(email_exchange_body(), "/secrets", json!({"password": "S3CR3T-ex", "apiKey": {"nested": "S3CR3T-nested"}})),
        set(gen_ai_openai_body(), "/secrets/organization", json!("S3CR3T-org")),
    ];
    let cx = v816().allowed_hosts(["example.com"]);
    for b in &bodies {
        let request: CreateConnectorRequest = serde_json::from_value(b.clone()).unwrap();
        let errors = request.validate_with(&cx).unwrap_err();
        assert!(!errors.is_empty());
        let shown = format!("{errors}\n{errors:?}\n{request:?}");
        assert!(!shown.contains(MARK), "a secret leaked:\n{shown}");
    }
}

fn rendered(body: &Value) -> String {
    let request: CreateConnectorRequest = serde_json::from_value(body.clone()).unwrap();
    request.validate().unwrap_err().to_string()
}

fn snapshot(name: &str, rendered: String) {
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!(name, rendered);
    });
}

#[test]
fn rendered_error_lists() {
    snapshot(
        "validation_webhook_errors",
        rendered(&set_all(
            webhook_body(),
            &[
                ("/config/url", json!("not a url")),
                ("/config/hasAuth", json!(false)),
                ("/config/headers/X-Trace", json!("")),
                ("/config/retries", json!(3)),
                ("/secrets", json!({"user": "kibana"})),
            ],
        )),
    );
    snapshot(
        "validation_email_errors",
        rendered(&set_all(
            email_body(),
            &[
                ("/config/from", json!("not an email")),
                ("/config/port", json!(0)),
                ("/config/hasAuth", json!(true)),
                ("/secrets", json!({"user": "alerts@example.com"})),
            ],
        )),
    );
    snapshot(
        "validation_email_exchange_errors",
        rendered(&set_all(
            email_exchange_body(),
            &[
                ("/config/service", json!("exchange_server")),
                ("/config/tenantId", json!(null)),
                ("/secrets", json!({})),
            ],
        )),
    );
    snapshot("validation_xmatters_errors", rendered(&unset(xmatters_basic_body(), "/config/usesBasic")));
    snapshot(
        "validation_servicenow_errors",
        rendered(&set(
            unset(servicenow_oauth_body(".servicenow"), "/config/jwtKeyId"),
            "/secrets",
            servicenow_basic_body(".servicenow")["secrets"].clone(),
        )),
    );
    snapshot(
        "validation_cases_webhook_errors",
        rendered(&set_all(
            cases_webhook_body(),
            &[("/config/createIncidentUrl", json!("not a url")), ("/secrets", json!({}))],
        )),
    );
    snapshot(
        "validation_misc_errors",
        rendered(&set(
            body(".torq", json!({"webhookIntegrationUrl": "https://hooks.eu.torq.io/x"}), json!({"token": "t"})),
            "/secrets/extra",
            json!("x"),
        )),
    );
}

// ------------------------------------------------------------------ former disagreements, now agreed

#[test]
fn headers_as_a_json_string() {
    let headers = json!("{\"X-Trace\":\"kibana\"}");
    assert_eq!(verdict(&set(webhook_body(), "/config/headers", headers.clone())), Ok(()));
    assert_eq!(verdict(&set(cases_webhook_body(), "/config/headers", headers.clone())), Ok(()));
    assert_eq!(verdict(&set(gen_ai_openai_body(), "/config/headers", headers)), Ok(()));
}

#[test]
fn gen_ai_other_provider() {
    let b = body(
        ".gen-ai",
        json!({"apiProvider": "Other", "apiUrl": "https://llm.example.com/v1/chat/completions", "defaultModel": "llama-3.1-70b"}),
        json!({"apiKey": "k"}),
    );
    assert_eq!(verdict(&b), Ok(()));
    let without_model = body(
        ".gen-ai",
        json!({"apiProvider": "Other", "apiUrl": "https://llm.example.com/v1"}),
        json!({"apiKey": "k"}),
    );
    assert!(matches!(verdict(&without_model), Err(v) if v[0].contains("defaultModel")));
    let bad_json = set(webhook_body(), "/config/headers", json!("{not json"));
    assert!(matches!(verdict(&bad_json), Err(v) if v[0].contains("could not parse record value")));
}

#[test]
fn parse_errors_never_echo_secret_values() {
    for secrets in [
        json!("S3CR3T-whole"),
        json!({"user": "u", "password": 987_654_321}),
        json!({"user": true, "password": "p"}),
        json!([1]),
    ] {
        let b = set(webhook_body(), "/secrets", secrets);
        let err = serde_json::from_value::<CreateConnectorRequest>(b).unwrap_err().to_string();
        assert!(!err.contains("S3CR3T") && !err.contains("987654321"), "{err}");
    }
}

// ------------------------------------------------------------------ disagreements with KIBANA_RULES.md

/// kbn-config-schema numbers accept floats and email `port` is only bounded 1..65535.
#[test]
fn email_port_float() {
    assert_eq!(verdict(&set(email_body(), "/config/port", json!(587.5))), Ok(()));
}

#[test]
fn email_has_auth_false_string_is_truthy_in_the_connector_check() {
    let b = set_all(email_body(), &[("/config/hasAuth", json!("false")), ("/secrets", json!({}))]);
    assert_eq!(verdict(&b), Err(vec!["/secrets/password required".into(), "/secrets/user required".into()]));
}

#[test]
fn xmatters_uses_basic_false_string_is_truthy_in_the_connector_check() {
    let b = set(xmatters_url_body(), "/config/usesBasic", json!("false"));
    assert_eq!(
        verdict(&b),
        Err(vec![
            "/config/configUrl required".into(),
            "/secrets/password required".into(),
            "/secrets/secretsUrl forbidden".into(),
            "/secrets/user required".into(),
        ])
    );
}

#[test]
fn servicenow_is_oauth_false_string_is_truthy_in_the_connector_check() {
    for ty in [".servicenow", ".servicenow-sir", ".servicenow-itom"] {
        let b = set(servicenow_basic_body(ty), "/config/isOAuth", json!("false"));
        assert_eq!(
            verdict(&b),
            Err(vec![
                "/config/clientId required".into(),
                "/config/jwtKeyId required".into(),
                "/config/userIdentifierValue required".into(),
                "/secrets/clientSecret required".into(),
                "/secrets/password forbidden".into(),
                "/secrets/privateKey required".into(),
                "/secrets/username forbidden".into(),
            ]),
            "{ty}"
        );
        // Found by the differential test: the connector check also wants the OAuth config keys.
        let b = unset(set(servicenow_oauth_body(ty), "/config/isOAuth", json!("false")), "/config/jwtKeyId");
        assert_eq!(verdict(&b), Err(vec!["/config/jwtKeyId required".into()]), "{ty}");
    }
}
