//! A deterministic corpus of realistic create bodies for benchmarks and property checks.
//!
//! Seeded ChaCha8 (portable across platforms and releases), 12 connector types, realistic
//! values (URLs, e-mail addresses, header maps, nested swimlane mappings), and key order
//! shuffled at every level, so `connector_type_id` often comes after `config`.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The seed the benchmarks use.
pub const SEED: u64 = 0x6b69_6261_6e61;

/// `n` create bodies as JSON bytes, with the connector type id of each.
pub fn create_bodies(n: usize, seed: u64) -> Vec<(&'static str, Vec<u8>)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|i| {
            let (id, config, secrets) = connector(&mut rng, i);
            let mut top = vec![
                ("connector_type_id", s(id)),
                ("name", s(&format!("{} connector #{i}", id.trim_start_matches('.')))),
                ("config", config),
            ];
            if let Some(secrets) = secrets {
                top.push(("secrets", secrets));
            }
            (id, object(&mut rng, top).into_bytes())
        })
        .collect()
}

/// A JSON string literal.
fn s(value: &str) -> String {
    serde_json::Value::from(value).to_string()
}

/// A JSON object with its members in random order.
fn object(rng: &mut ChaCha8Rng, mut members: Vec<(&str, String)>) -> String {
    members.shuffle(rng);
    let inner: Vec<String> = members.into_iter().map(|(k, v)| format!("{}:{v}", s(k))).collect();
    format!("{{{}}}", inner.join(","))
}

fn pick<'a>(rng: &mut ChaCha8Rng, options: &[&'a str]) -> &'a str {
    options.get(rng.random_range(0..options.len())).copied().unwrap_or_default()
}

fn word(rng: &mut ChaCha8Rng) -> &'static str {
    pick(rng, &["alpha", "bravo", "delta", "echo", "kilo", "lima", "oscar", "sierra", "tango", "zulu"])
}

fn host(rng: &mut ChaCha8Rng) -> String {
    format!(
        "{}-{}.{}",
        word(rng),
        rng.random_range(1..999),
        pick(rng, &["example.com", "example.org", "corp.example.net"])
    )
}

fn token(rng: &mut ChaCha8Rng, len: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    (0..len).map(|_| char::from(*CHARS.get(rng.random_range(0..CHARS.len())).unwrap_or(&b'x'))).collect()
}

fn headers(rng: &mut ChaCha8Rng) -> String {
    let mut members = vec![("Content-Type", s("application/json"))];
    for name in ["X-Trace-Id", "X-Team", "X-Env"].iter().take(rng.random_range(0..=3)) {
        members.push((name, s(&token(rng, 12))));
    }
    object(rng, members)
}

fn connector(rng: &mut ChaCha8Rng, i: usize) -> (&'static str, String, Option<String>) {
    match i % 12 {
        0 => {
            let mut config =
                vec![("url", s(&format!("https://{}/hooks/{}", host(rng), token(rng, 8)))), ("headers", headers(rng))];
            if rng.random_bool(0.5) {
                config.push(("method", s(pick(rng, &["post", "put"]))));
            }
            let secrets = {
                let members = vec![("user", s(word(rng))), ("password", s(&token(rng, 16)))];
                object(rng, members)
            };
            (".webhook", object(rng, config), Some(secrets))
        }
        1 => {
            let from = format!("{} Alerts <alerts-{}@{}>", word(rng), rng.random_range(1..99), host(rng));
            let config = vec![
                ("from", s(&from)),
                ("service", s("other")),
                ("host", s(&format!("smtp.{}", host(rng)))),
                ("port", rng.random_range(25..600).to_string()),
                ("secure", rng.random_bool(0.5).to_string()),
                ("hasAuth", "true".into()),
            ];
            let secrets = {
                let members =
                    vec![("user", s(&format!("{}@example.com", word(rng)))), ("password", s(&token(rng, 20)))];
                object(rng, members)
            };
            (".email", object(rng, config), Some(secrets))
        }
        2 => {
            let config = vec![
                ("apiUrl", s(&format!("https://{}.atlassian.net", word(rng)))),
                ("projectKey", s(&token(rng, 4).to_uppercase())),
            ];
            let secrets = {
                let members =
                    vec![("email", s(&format!("{}@example.com", word(rng)))), ("apiToken", s(&token(rng, 24)))];
                object(rng, members)
            };
            (".jira", object(rng, config), Some(secrets))
        }
        3 => {
            let config = vec![
                ("apiUrl", s(&format!("https://{}.service-now.com", word(rng)))),
                ("usesTableApi", rng.random_bool(0.5).to_string()),
            ];
            let secrets = {
                let members = vec![("username", s(word(rng))), ("password", s(&token(rng, 18)))];
                object(rng, members)
            };
            (".servicenow", object(rng, config), Some(secrets))
        }
        4 => {
            let mapping = |rng: &mut ChaCha8Rng, key: &str| {
                let members = vec![
                    ("id", s(&token(rng, 10))),
                    ("key", s(key)),
                    ("name", s(&format!("{key} field"))),
                    ("fieldType", s(pick(rng, &["text", "numeric", "comments"]))),
                ];
                object(rng, members)
            };
            let mut mappings = Vec::new();
            for (name, key) in [
                ("ruleNameConfig", "rule-name"),
                ("alertIdConfig", "alert-id"),
                ("severityConfig", "severity"),
                ("commentsConfig", "comments"),
            ] {
                mappings.push((name, mapping(rng, key)));
            }
            let config = vec![
                ("apiUrl", s(&format!("https://{}.swimlane.app", word(rng)))),
                ("appId", s(&token(rng, 16))),
                ("connectorType", s(pick(rng, &["all", "alerts", "cases"]))),
                ("mappings", object(rng, mappings)),
            ];
            (
                ".swimlane",
                object(rng, config),
                Some({
                    let members = vec![("apiToken", s(&token(rng, 32)))];
                    object(rng, members)
                }),
            )
        }
        5 => {
            let channels: Vec<String> = (0..rng.random_range(1..5))
                .map(|_| {
                    let members = vec![
                        ("id", s(&format!("C{}", token(rng, 9).to_uppercase()))),
                        ("name", s(&format!("#{}", word(rng)))),
                    ];
                    object(rng, members)
                })
                .collect();
            let config = vec![("allowedChannels", format!("[{}]", channels.join(",")))];
            (
                ".slack_api",
                object(rng, config),
                Some({
                    let members = vec![("token", s(&format!("xoxb-{}", token(rng, 40))))];
                    object(rng, members)
                }),
            )
        }
        6 => {
            let config = vec![
                ("index", s(&format!("alerts-{}", word(rng)))),
                ("refresh", rng.random_bool(0.5).to_string()),
                ("executionTimeField", s("@timestamp")),
            ];
            (".index", object(rng, config), None)
        }
        7 => (
            ".pagerduty",
            {
                let members = vec![("apiUrl", s("https://events.pagerduty.com/v2/enqueue"))];
                object(rng, members)
            },
            Some({
                let members = vec![("routingKey", s(&token(rng, 32)))];
                object(rng, members)
            }),
        ),
        8 => {
            let base = format!("https://{}/rest/api/2", host(rng));
            let config = vec![
                ("createIncidentUrl", s(&format!("{base}/issue"))),
                (
                    "createIncidentJson",
                    s(r#"{"fields":{"summary":{{{case.title}}},"description":{{{case.description}}}}}"#),
                ),
                ("createIncidentResponseKey", s("id")),
                ("getIncidentUrl", s(&format!("{base}/issue/{{{{{{external.system.id}}}}}}"))),
                ("getIncidentResponseExternalTitleKey", s("key")),
                ("viewIncidentUrl", s(&format!("{base}/browse/{{{{{{external.system.title}}}}}}"))),
                ("updateIncidentUrl", s(&format!("{base}/issue/{{{{{{external.system.id}}}}}}"))),
                ("updateIncidentJson", s(r#"{"fields":{"summary":{{{case.title}}}}}"#)),
                ("headers", headers(rng)),
                ("hasAuth", "true".into()),
            ];
            let secrets = {
                let members = vec![("user", s(word(rng))), ("password", s(&token(rng, 14)))];
                object(rng, members)
            };
            (".cases-webhook", object(rng, config), Some(secrets))
        }
        9 => {
            let config =
                vec![("webhookIntegrationUrl", s(&format!("https://hooks.torq.io/v1/webhooks/{}", token(rng, 24))))];
            (
                ".torq",
                object(rng, config),
                Some({
                    let members = vec![("token", s(&token(rng, 30)))];
                    object(rng, members)
                }),
            )
        }
        10 => {
            let config = vec![
                ("usesBasic", "true".into()),
                (
                    "configUrl",
                    s(&format!(
                        "https://{}.xmatters.com/api/integration/1/functions/{}/triggers",
                        word(rng),
                        token(rng, 12)
                    )),
                ),
            ];
            let secrets = {
                let members = vec![("user", s(word(rng))), ("password", s(&token(rng, 16)))];
                object(rng, members)
            };
            (".xmatters", object(rng, config), Some(secrets))
        }
        _ => {
            let config = vec![
                ("apiProvider", s("OpenAI")),
                ("apiUrl", s("https://api.openai.com/v1/chat/completions")),
                ("defaultModel", s(pick(rng, &["gpt-4o", "gpt-4o-mini", "gpt-4"]))),
            ];
            (
                ".gen-ai",
                object(rng, config),
                Some({
                    let members = vec![("apiKey", s(&format!("sk-{}", token(rng, 40))))];
                    object(rng, members)
                }),
            )
        }
    }
}
