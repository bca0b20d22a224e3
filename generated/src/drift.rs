//! Drift: would sending a desired body change what Kibana has stored? (hand-written)
//!
//! `==` on request types compares bodies *as sent* (an omitted default differs from the
//! default written out, `"587"` from `587`), which is right for forwarding and wrong for
//! drift. Drift compares what Kibana would store for the desired body
//! ([`ConnectorConfig::normalized`]) with what it has stored (the GET response), as JSON.

use crate::envelope::{ConnectorResponse, CreateConnectorRequest, ResponseConfig, UpdateConnectorRequest};
use crate::runtime::validate::{Check, ErrorKind, Path, ValidationContext, ValidationErrors};
use crate::{ConnectorConfig, ConnectorType};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt;

/// What a `PUT` of a desired body would change in a stored connector, for one release.
///
/// Built by [`CreateConnectorRequest::drift`] or [`UpdateConnectorRequest::drift`].
/// Empty [`changes`](Self::changes) means sending the body would store what is stored.
///
/// - The desired side is what Kibana stores for the body in the release of the
///   [`ValidationContext`]: defaults written, coerced strings read, keys Kibana strips
///   dropped ([`ConnectorConfig::normalized`]).
/// - `null` and an absent key compare equal: both mean "unset" (Kibana 8.x stores `null` for
///   nullable keys left out, 9.3's zod schemas leave them out).
/// - Numbers compare as JavaScript numbers (`587` equals `587.0`).
/// - Stored keys this crate does not know for that release (added by a newer Kibana) are
///   not compared: they are listed in [`unknown`](Self::unknown).
/// - Secrets are never compared: GET does not return them.
/// - Response-only keys (`is_deprecated`, `referenced_by_count`, …) are not compared.
///
/// ```
/// use kibana_connectors::*;
///
/// // Kibana stores a webhook created with only a URL with its defaults written out; this
/// // one also has a key from a newer Kibana.
/// let stored = ConnectorResponse::from_json(r#"{"id": "1", "name": "hook",
///     "connector_type_id": ".webhook", "is_deprecated": false, "is_preconfigured": false,
///     "is_system_action": false, "is_missing_secrets": false,
///     "config": {"url": "https://a.example", "method": "post", "headers": null,
///                "hasAuth": true, "newKeyFromANewerKibana": 1}}"#)?;
/// let cx = ValidationContext::for_version("8.16".parse()?);
///
/// let desired = CreateConnectorRequest::new("hook", WebhookConfig::builder().url("https://a.example").build()?);
/// let drift = desired.drift(&stored, &cx)?;
/// assert!(drift.is_empty(), "{drift}");
/// assert_eq!(drift.unknown, ["/config/newKeyFromANewerKibana"]);
///
/// let desired = CreateConnectorRequest::new("hook", WebhookConfig::builder()
///     .url("https://a.example").headers([("X-Team", "ops")]).build()?);
/// let drift = desired.drift(&stored, &cx)?;
/// assert_eq!(drift.pointers(), ["/config/headers"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Drift {
    /// What would change, in key order: `/name` first, then `/config/...`.
    pub changes: Vec<Change>,
    /// Stored keys this crate does not know for the release (JSON pointers): not compared.
    pub unknown: Vec<String>,
}

/// One key a `PUT` of the desired body would change.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Change {
    /// Where: `/name` or a pointer under `/config`.
    pub pointer: String,
    /// The value Kibana would store; `None`: the key would be removed (or set to `null`).
    pub desired: Option<Value>,
    /// The value stored now; `None`: the key is not stored (or is `null`).
    pub stored: Option<Value>,
}

/// Why two connectors cannot be compared.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DriftError {
    /// The stored connector is preconfigured (kibana.yml): GET returns no config, and a
    /// `PUT` cannot change it.
    Preconfigured,
    /// The stored connector has another type than the desired body.
    TypeMismatch {
        /// The desired body's type.
        desired: ConnectorType,
        /// The stored connector's `connector_type_id`.
        stored: String,
    },
    /// The stored connector has no config to compare with.
    NoConfig,
}

impl fmt::Display for DriftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Preconfigured => f.write_str("a preconfigured connector (kibana.yml) cannot be changed by a PUT"),
            Self::TypeMismatch { desired, stored } => {
                write!(f, "the desired connector is `{desired}`, the stored one `{stored}`")
            }
            Self::NoConfig => f.write_str("the stored connector has no config"),
        }
    }
}

impl std::error::Error for DriftError {}

impl Drift {
    /// Whether a `PUT` of the desired body would leave the stored connector as it is.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The pointers of the keys that would change.
    pub fn pointers(&self) -> Vec<&str> {
        self.changes.iter().map(|c| c.pointer.as_str()).collect()
    }
}

impl fmt::Display for Drift {
    /// One line per change: `/config/method: "post" → "put"` (`unset` for an absent key).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            return f.write_str("no drift");
        }
        let show = |v: &Option<Value>| v.as_ref().map_or_else(|| "unset".to_owned(), Value::to_string);
        for (i, c) in self.changes.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{}: {} → {}", c.pointer, show(&c.stored), show(&c.desired))?;
        }
        Ok(())
    }
}

impl CreateConnectorRequest {
    /// What sending this body as a `PUT` would change in `stored` (a GET response), as
    /// the release of `cx` stores it. Validate the body first: drift assumes a body Kibana
    /// accepts. See [`Drift`].
    pub fn drift(&self, stored: &ConnectorResponse, cx: &ValidationContext) -> Result<Drift, DriftError> {
        drift(&self.name, &self.config, stored, cx)
    }
}

impl UpdateConnectorRequest {
    /// What sending this body would change in `stored` (a GET response), as the release of
    /// `cx` stores it. See [`Drift`].
    pub fn drift(&self, stored: &ConnectorResponse, cx: &ValidationContext) -> Result<Drift, DriftError> {
        drift(&self.name, &self.config, stored, cx)
    }
}

fn drift(
    name: &str,
    config: &ConnectorConfig,
    stored: &ConnectorResponse,
    cx: &ValidationContext,
) -> Result<Drift, DriftError> {
    if stored.is_preconfigured {
        return Err(DriftError::Preconfigured);
    }
    let ty = config.connector_type();
    if stored.connector_type_id != ty.as_str() {
        return Err(DriftError::TypeMismatch { desired: ty, stored: stored.connector_type_id.clone() });
    }
    // The stored config as JSON, and the keys the release does not know (when it types).
    let (stored_config, unknown) = match &stored.config {
        Some(ResponseConfig::Typed(c)) => (to_json(c), unknown_keys(c, cx)),
        Some(ResponseConfig::Untyped(map)) => {
            let value = Value::Object(map.clone());
            let unknown = ConnectorConfig::from_value(ty, value.clone()).map(|c| unknown_keys(&c, cx));
            (value, unknown.unwrap_or_default())
        }
        None => return Err(DriftError::NoConfig),
    };
    let mut out = Drift { changes: Vec::new(), unknown: unknown.iter().cloned().collect() };
    if name != stored.name {
        out.changes.push(Change {
            pointer: "/name".to_owned(),
            desired: Some(Value::String(name.to_owned())),
            stored: Some(Value::String(stored.name.clone())),
        });
    }
    let desired = to_json(&config.normalized(cx));
    let mut pointer = String::from("/config");
    compare(Some(&desired), Some(&stored_config), &mut pointer, &unknown, &mut out.changes);
    Ok(out)
}

fn to_json(config: &ConnectorConfig) -> Value {
    // A typed config always serializes: its values are JSON values.
    serde_json::to_value(config).unwrap_or(Value::Null)
}

/// The pointers of keys the release of `cx` does not know, as validation reports them.
fn unknown_keys(config: &ConnectorConfig, cx: &ValidationContext) -> BTreeSet<String> {
    let mut errors = ValidationErrors::default();
    let root = Path::ROOT;
    config.check(&root.key("config"), cx, &mut errors);
    errors.iter().filter(|e| e.kind == ErrorKind::UnknownField).map(|e| e.pointer.clone()).collect()
}

/// `null` is unset, like an absent key.
fn set(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null())
}

fn compare(
    desired: Option<&Value>,
    stored: Option<&Value>,
    pointer: &mut String,
    unknown: &BTreeSet<String>,
    out: &mut Vec<Change>,
) {
    if unknown.contains(pointer.as_str()) {
        return;
    }
    match (set(desired), set(stored)) {
        (None, None) => {}
        (Some(Value::Object(d)), Some(Value::Object(s))) => {
            let keys: BTreeSet<&String> = d.keys().chain(s.keys()).collect();
            for key in keys {
                let len = pointer.len();
                push_key(pointer, key);
                compare(d.get(key), s.get(key), pointer, unknown, out);
                pointer.truncate(len);
            }
        }
        (Some(Value::Array(d)), Some(Value::Array(s))) if d.len() == s.len() => {
            for (i, (d, s)) in d.iter().zip(s).enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                compare(Some(d), Some(s), pointer, unknown, out);
                pointer.truncate(len);
            }
        }
        (d, s) if d.zip(s).is_some_and(|(d, s)| same_value(d, s)) => {}
        (d, s) => out.push(Change { pointer: pointer.clone(), desired: d.cloned(), stored: s.cloned() }),
    }
}

fn push_key(pointer: &mut String, key: &str) {
    pointer.push('/');
    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
}

/// JSON equality with JavaScript's one number type (`1000` is `1000.0`), `null` as unset.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64().is_some_and(|x| y.as_f64() == Some(x)),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(x, y)),
        (Value::Object(x), Value::Object(y)) => same_object(x, y),
        _ => a == b,
    }
}

fn same_object(x: &Map<String, Value>, y: &Map<String, Value>) -> bool {
    let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
    keys.into_iter().all(|k| match (set(x.get(k)), set(y.get(k))) {
        (None, None) => true,
        (Some(a), Some(b)) => same_value(a, b),
        _ => false,
    })
}
