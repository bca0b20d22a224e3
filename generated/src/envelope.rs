//! The request and response bodies of `/api/actions/connector/{id}` (hand-written: the
//! envelope is fixed by the API; the per-type dispatch it calls is generated).

use crate::runtime::validate::{Check, ErrorKind, Path, Validate, ValidationContext, ValidationErrors};
use crate::runtime::{Key, UnknownFields};
use crate::{ConnectorConfig, ConnectorSecrets, ConnectorType};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// `POST /api/actions/connector/{id}`: create a connector.
///
/// `config` and `secrets` are typed by `connector_type_id`, whatever order the keys
/// arrive in. When `config` or `secrets` precede `connector_type_id` their raw JSON text
/// is kept until the type is known; otherwise they are parsed in one pass. Buffering
/// uses `serde_json`'s raw values, so with another data format `connector_type_id` must
/// come first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CreateConnectorRequest {
    /// The connector type; it decides the shape of `config` and `secrets`.
    pub connector_type_id: ConnectorType,
    /// The display name of the connector.
    pub name: String,
    /// The connector configuration, typed by `connector_type_id`.
    pub config: ConnectorConfig,
    /// Omitted in the body means `{}` (Kibana validates it as such).
    pub secrets: ConnectorSecrets,
}

/// `PUT /api/actions/connector/{id}`: update a connector.
///
/// The body carries no type id, so it can only be parsed for a known connector type:
/// use [`UpdateConnectorRequest::from_value`] or [`UpdateConnectorRequest::deserialize_for`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UpdateConnectorRequest {
    /// The display name of the connector.
    pub name: String,
    /// The connector configuration, typed by the connector type the body was parsed for.
    pub config: ConnectorConfig,
    /// The connector secrets (`{}` when the body has none).
    pub secrets: ConnectorSecrets,
}

/// The 200 body of `GET`, `POST` and `PUT /api/actions/connector/{id}`, and an item of
/// `GET /api/actions/connectors` (parse that body as `Vec<ConnectorResponse>`).
///
/// Forward compatible: an unknown `connector_type_id` keeps its config untyped, and
/// undeclared keys are kept in `unknown_fields`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConnectorResponse {
    /// The connector id.
    pub id: String,
    /// The display name of the connector.
    pub name: String,
    /// The connector type id, kept as a string so unknown (newer) types still parse.
    pub connector_type_id: String,
    /// Absent for preconfigured connectors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<ResponseConfig>,
    /// Whether the connector type is deprecated.
    pub is_deprecated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Whether the stored connector lacks its secrets (absent for preconfigured connectors).
    pub is_missing_secrets: Option<bool>,
    /// Whether the connector is preconfigured in kibana.yml.
    pub is_preconfigured: bool,
    /// Whether the connector is a system action.
    pub is_system_action: bool,
    /// How many rules use the connector: only in `GET /api/actions/connectors` items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referenced_by_count: Option<i64>,
    #[serde(flatten)]
    /// Keys this crate does not know, kept for forward compatibility.
    pub unknown_fields: UnknownFields,
}

/// A response `config`: typed when the connector type is known to this crate.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // mirrors ConnectorConfig, which is held inline
pub enum ResponseConfig {
    /// The config of a connector type this crate knows.
    Typed(ConnectorConfig),
    /// A connector type this crate does not know (a newer Kibana).
    Untyped(serde_json::Map<String, serde_json::Value>),
}

impl ConnectorConfig {
    /// Parses a `config` object for the given connector type.
    pub fn from_value(connector_type: ConnectorType, value: serde_json::Value) -> Result<Self, serde_json::Error> {
        Self::deserialize_for(connector_type, value)
    }
}

impl ConnectorSecrets {
    /// Parses a `secrets` object for the given connector type.
    pub fn from_value(connector_type: ConnectorType, value: serde_json::Value) -> Result<Self, serde_json::Error> {
        Self::deserialize_for(connector_type, value)
    }
}

impl CreateConnectorRequest {
    /// The connector type of the body.
    pub const fn connector_type(&self) -> ConnectorType {
        self.connector_type_id
    }
}

impl UpdateConnectorRequest {
    /// Parses a PUT body for a connector of the given type.
    pub fn from_value(connector_type: ConnectorType, body: serde_json::Value) -> Result<Self, serde_json::Error> {
        Self::deserialize_for(connector_type, body)
    }

    /// Parses a PUT body from any deserializer (e.g. `&mut serde_json::Deserializer`), in one pass.
    pub fn deserialize_for<'de, D: Deserializer<'de>>(connector_type: ConnectorType, deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(UpdateVisitor(connector_type))
    }

    /// The connector type the body was parsed for.
    pub const fn connector_type(&self) -> ConnectorType {
        self.config.connector_type()
    }
}

impl ConnectorResponse {
    /// The connector type, if this crate knows it.
    pub fn connector_type(&self) -> Option<ConnectorType> {
        self.connector_type_id.parse().ok()
    }
}

/// Config and secrets parse the same way: directed by a connector type.
trait TypeDirected: Sized {
    const KEY: &'static str;
    fn deserialize_for<'de, D: Deserializer<'de>>(ty: ConnectorType, d: D) -> Result<Self, D::Error>;
}

impl TypeDirected for ConnectorConfig {
    const KEY: &'static str = "config";
    fn deserialize_for<'de, D: Deserializer<'de>>(ty: ConnectorType, d: D) -> Result<Self, D::Error> {
        Self::deserialize_for(ty, d)
    }
}

impl TypeDirected for ConnectorSecrets {
    const KEY: &'static str = "secrets";
    fn deserialize_for<'de, D: Deserializer<'de>>(ty: ConnectorType, d: D) -> Result<Self, D::Error> {
        Self::deserialize_for(ty, d)
    }
}

struct Seed<T>(ConnectorType, PhantomData<T>);

impl<'de, T: TypeDirected> DeserializeSeed<'de> for Seed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize_for(self.0, d)
    }
}

fn seed<T>(ty: ConnectorType) -> Seed<T> {
    Seed(ty, PhantomData)
}

/// A config or secrets value seen before the type id: kept as raw JSON text (scanned,
/// not built into a tree) and parsed once the type is known.
enum Slot<T> {
    Typed(T),
    Buffered(Box<serde_json::value::RawValue>),
}

fn finish<T: TypeDirected, E: de::Error>(slot: Option<Slot<T>>, ty: ConnectorType) -> Result<T, E> {
    let parsed = match slot {
        Some(Slot::Typed(t)) => return Ok(t),
        Some(Slot::Buffered(raw)) => T::deserialize_for(ty, &mut serde_json::Deserializer::from_str(raw.get())),
        None => T::deserialize_for(ty, serde_json::Value::Object(serde_json::Map::new())),
    };
    parsed.map_err(|e| E::custom(format_args!("{}: {e}", T::KEY)))
}

const CREATE_FIELDS: &[&str] = &["connector_type_id", "name", "config", "secrets"];
const UPDATE_FIELDS: &[&str] = &["name", "config", "secrets"];

impl<'de> Deserialize<'de> for CreateConnectorRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CreateConnectorRequest;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a create-connector body")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CreateConnectorRequest, A::Error> {
                let mut ty: Option<ConnectorType> = None;
                let mut name = None;
                let mut config: Option<Slot<ConnectorConfig>> = None;
                let mut secrets: Option<Slot<ConnectorSecrets>> = None;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "connector_type_id" => ty = Some(map.next_value()?),
                        "name" => name = Some(map.next_value()?),
                        "config" => config = Some(next_slot(&mut map, ty)?),
                        "secrets" => secrets = Some(next_slot(&mut map, ty)?),
                        other => return Err(de::Error::unknown_field(other, CREATE_FIELDS)),
                    }
                }
                let ty = ty.ok_or_else(|| de::Error::missing_field("connector_type_id"))?;
                Ok(CreateConnectorRequest {
                    connector_type_id: ty,
                    name: name.ok_or_else(|| de::Error::missing_field("name"))?,
                    config: finish(config, ty)?,
                    secrets: finish(secrets, ty)?,
                })
            }
        }
        deserializer.deserialize_map(V)
    }
}

fn next_slot<'de, A: MapAccess<'de>, T: TypeDirected>(map: &mut A, ty: Option<ConnectorType>) -> Result<Slot<T>, A::Error> {
    match ty {
        Some(ty) => map.next_value_seed(seed(ty)).map(Slot::Typed),
        None => map.next_value().map(Slot::Buffered),
    }
}

struct UpdateVisitor(ConnectorType);

impl<'de> Visitor<'de> for UpdateVisitor {
    type Value = UpdateConnectorRequest;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an update-connector body")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UpdateConnectorRequest, A::Error> {
        let ty = self.0;
        let (mut name, mut config, mut secrets) = (None, None, None);
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.as_str() {
                "name" => name = Some(map.next_value()?),
                "config" => config = Some(Slot::Typed(map.next_value_seed(seed(ty))?)),
                "secrets" => secrets = Some(Slot::Typed(map.next_value_seed(seed(ty))?)),
                other => return Err(de::Error::unknown_field(other, UPDATE_FIELDS)),
            }
        }
        Ok(UpdateConnectorRequest {
            name: name.ok_or_else(|| de::Error::missing_field("name"))?,
            config: finish(config, ty)?,
            secrets: finish(secrets, ty)?,
        })
    }
}

impl<'de> Deserialize<'de> for ConnectorResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ConnectorResponse;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a connector response body")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ConnectorResponse, A::Error> {
                let (mut id, mut name, mut type_id, mut config) = (None, None, None, None::<serde_json::Value>);
                let (mut deprecated, mut missing, mut preconfigured, mut system, mut referenced) = (None, None, None, None, None);
                let mut unknown_fields = UnknownFields::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "id" => id = Some(map.next_value::<String>()?),
                        "name" => name = Some(map.next_value::<String>()?),
                        "connector_type_id" => type_id = Some(map.next_value::<String>()?),
                        "config" => config = Some(map.next_value()?),
                        "is_deprecated" => deprecated = Some(map.next_value::<bool>()?),
                        "is_missing_secrets" => missing = Some(map.next_value::<bool>()?),
                        "is_preconfigured" => preconfigured = Some(map.next_value::<bool>()?),
                        "is_system_action" => system = Some(map.next_value::<bool>()?),
                        "referenced_by_count" => referenced = Some(map.next_value::<i64>()?),
                        _ => unknown_fields.insert(key.into_string(), map.next_value()?),
                    }
                }
                let connector_type_id = type_id.ok_or_else(|| de::Error::missing_field("connector_type_id"))?;
                let config = match (config, connector_type_id.parse::<ConnectorType>()) {
                    (None, _) => None,
                    (Some(value), Ok(ty)) => Some(ResponseConfig::Typed(
                        ConnectorConfig::deserialize_for(ty, value).map_err(|e| de::Error::custom(format_args!("config: {e}")))?,
                    )),
                    (Some(serde_json::Value::Object(map)), Err(_)) => Some(ResponseConfig::Untyped(map)),
                    (Some(other), Err(_)) => {
                        return Err(de::Error::invalid_type(de::Unexpected::Other(json_kind(&other)), &"a config object"));
                    }
                };
                Ok(ConnectorResponse {
                    id: id.ok_or_else(|| de::Error::missing_field("id"))?,
                    name: name.ok_or_else(|| de::Error::missing_field("name"))?,
                    connector_type_id,
                    config,
                    is_deprecated: deprecated.ok_or_else(|| de::Error::missing_field("is_deprecated"))?,
                    is_missing_secrets: missing,
                    is_preconfigured: preconfigured.ok_or_else(|| de::Error::missing_field("is_preconfigured"))?,
                    is_system_action: system.ok_or_else(|| de::Error::missing_field("is_system_action"))?,
                    referenced_by_count: referenced,
                    unknown_fields,
                })
            }
        }
        deserializer.deserialize_map(V)
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Request-level checks: name, config, secrets, and the rules across them.
fn check_request(
    name: &str,
    expected: ConnectorType,
    config: &ConnectorConfig,
    secrets: &ConnectorSecrets,
    at: &Path<'_>,
    cx: &ValidationContext,
    errors: &mut ValidationErrors,
) {
    crate::runtime::validate::blank(name, &at.key("name"), errors);
    let mut matched = true;
    for (part, ty) in [("config", config.connector_type()), ("secrets", secrets.connector_type())] {
        if ty != expected {
            matched = false;
            errors.push(&at.key(part), ErrorKind::ConnectorTypeMismatch, format!("{part} is for `{ty}`, not `{expected}`"));
        }
    }
    config.check(&at.key("config"), cx, errors);
    secrets.check(&at.key("secrets"), cx, errors);
    if matched {
        crate::models::check_connector(config, secrets, at, cx, errors);
    }
}

impl Check for CreateConnectorRequest {
    fn check(&self, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
        check_request(&self.name, self.connector_type_id, &self.config, &self.secrets, at, cx, errors);
    }
}

impl Validate for CreateConnectorRequest {}

impl Check for UpdateConnectorRequest {
    fn check(&self, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
        check_request(&self.name, self.config.connector_type(), &self.config, &self.secrets, at, cx, errors);
    }
}

impl Validate for UpdateConnectorRequest {}
