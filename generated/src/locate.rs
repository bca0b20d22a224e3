//! Parse errors located by JSON pointer, like validation errors.
//!
//! The fast path is a plain serde parse. Only when it fails is the body parsed again, as a
//! `serde_json::Value` whose parts are then re-read with their path tracked (see
//! `runtime::trail`), to find where and what: so locating costs nothing on valid input.

use crate::runtime::trail::{self, Segment};
use crate::runtime::validate::{ErrorKind, ValidationError};
use crate::{ConnectorConfig, ConnectorSecrets, ConnectorType};
use serde_json::Value;
use std::fmt;

/// A body that does not parse: where (JSON pointer; for a missing key, the key's own
/// pointer), what kind, a message that never contains a secret, and the line and column
/// (1-based; 0 when parsed from a `Value`) where the parser stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseError {
    /// An RFC 6901 pointer into the body (`/config/url`).
    pub pointer: String,
    /// The stable category: `syntax`, `missing_key`, `wrong_type`, `unknown_value`,
    /// `null_not_allowed`, `unknown_field`.
    pub kind: ErrorKind,
    /// A human-readable message.
    pub message: String,
    /// 1-based line where the text parser stopped (0: parsed from a value).
    pub line: usize,
    /// 1-based column where the text parser stopped (0: parsed from a value).
    pub column: usize,
}

impl ParseError {
    pub(crate) fn new(pointer: impl Into<String>, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { pointer: pointer.into(), kind, message: message.into(), line: 0, column: 0 }
    }

    /// The same error without a text position (parsed from a value through its text).
    pub(crate) fn without_position(mut self) -> Self {
        self.line = 0;
        self.column = 0;
        self
    }

    fn at(mut self, position: Position) -> Self {
        self.line = position.line;
        self.column = position.column;
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The whole body (`""`) has no pointer worth printing; the position is printed once.
        if !self.pointer.is_empty() {
            write!(f, "{}: ", self.pointer)?;
        }
        write!(f, "{} ({})", self.message, self.kind)?;
        if self.line > 0 {
            write!(f, " at line {} column {}", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}

/// Parse errors and validation errors report the same way.
impl From<ParseError> for ValidationError {
    fn from(e: ParseError) -> Self {
        ValidationError { pointer: e.pointer, kind: e.kind, message: e.message }
    }
}

/// Where the text parser stopped.
#[derive(Clone, Copy)]
pub(crate) struct Position {
    line: usize,
    column: usize,
}

impl Position {
    pub(crate) const fn none() -> Self {
        Self { line: 0, column: 0 }
    }

    fn of(e: &serde_json::Error) -> Self {
        Self { line: e.line(), column: e.column() }
    }
}

/// Locates the error `e` of parsing `text` as a create body.
pub(crate) fn create(text: &str, e: &serde_json::Error) -> ParseError {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => create_value(&value, Position::of(e), e),
        Err(syntax) => ParseError::new("", ErrorKind::Syntax, message(&syntax)).at(Position::of(&syntax)),
    }
}

/// Locates the error `e` of parsing `text` as a response (`prefix`: where it sits in a list).
pub(crate) fn response(prefix: &str, text: &str, e: &serde_json::Error) -> ParseError {
    match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Ok(_) => classify(prefix, &[], &message(e)).at(Position::of(e)),
        Err(syntax) => ParseError::new("", ErrorKind::Syntax, message(&syntax)).at(Position::of(&syntax)),
    }
}

/// Locates the error `e` of parsing `body` as an update body for `ty`.
pub(crate) fn update(ty: ConnectorType, text: &str, e: &serde_json::Error) -> ParseError {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => update_value(ty, &value, Position::of(e), e),
        Err(syntax) => ParseError::new("", ErrorKind::Syntax, message(&syntax)).at(Position::of(&syntax)),
    }
}

/// The first release line listing `id` as registered but not modelled, if any does.
fn unmodelled_from(id: &str) -> Option<&'static str> {
    use crate::models::release::{POINTS, unmodelled};
    (0..POINTS.len()).find(|&p| unmodelled(p).contains(&id)).and_then(|p| POINTS.get(p)).map(|(line, _)| *line)
}

const CREATE_KEYS: &[&str] = &["connector_type_id", "name", "config", "secrets"];
const UPDATE_KEYS: &[&str] = &["name", "config", "secrets"];

pub(crate) fn create_value(body: &Value, position: Position, e: &dyn fmt::Display) -> ParseError {
    let Some(map) = body.as_object() else {
        return ParseError::new("", ErrorKind::WrongType, "a create-connector body must be an object").at(position);
    };
    let ty = match map.get("connector_type_id") {
        None => {
            return ParseError::new("/connector_type_id", ErrorKind::MissingKey, "missing field `connector_type_id`")
                .at(position);
        }
        Some(Value::String(id)) => match id.parse::<ConnectorType>() {
            Ok(ty) => ty,
            Err(_) => {
                let message = if crate::models::release::SYSTEM_ACTIONS.contains(&id.as_str()) {
                    format!("System action creation is forbidden. Action type: {id}.")
                } else if let Some(line) = unmodelled_from(id) {
                    format!(
                        "unknown connector type `{id}`: Kibana {line} and later may register it (built from a connector spec), but this crate does not model it: no verdict"
                    )
                } else {
                    format!("unknown connector type `{id}`")
                };
                return ParseError::new("/connector_type_id", ErrorKind::UnknownValue, message).at(position);
            }
        },
        Some(_) => {
            return ParseError::new("/connector_type_id", ErrorKind::WrongType, "`connector_type_id` must be a string")
                .at(position);
        }
    };
    body_parts(ty, map, CREATE_KEYS, position)
        .unwrap_or_else(|| ParseError::new("", ErrorKind::InvalidValue, e.to_string()).at(position))
}

pub(crate) fn update_value(ty: ConnectorType, body: &Value, position: Position, e: &dyn fmt::Display) -> ParseError {
    let Some(map) = body.as_object() else {
        return ParseError::new("", ErrorKind::WrongType, "an update-connector body must be an object").at(position);
    };
    body_parts(ty, map, UPDATE_KEYS, position)
        .unwrap_or_else(|| ParseError::new("", ErrorKind::InvalidValue, e.to_string()).at(position))
}

/// The first problem among the body's keys, `name`, `config` and `secrets`.
fn body_parts(
    ty: ConnectorType,
    map: &serde_json::Map<String, Value>,
    keys: &[&str],
    position: Position,
) -> Option<ParseError> {
    if let Some(key) = map.keys().find(|k| !keys.contains(&k.as_str())) {
        return Some(
            ParseError::new(pointer_of("", key), ErrorKind::UnknownField, format!("unknown field `{key}`"))
                .at(position),
        );
    }
    match map.get("name") {
        None => return Some(ParseError::new("/name", ErrorKind::MissingKey, "missing field `name`").at(position)),
        Some(Value::String(_)) => {}
        Some(_) => return Some(ParseError::new("/name", ErrorKind::WrongType, "`name` must be a string").at(position)),
    }
    // Kibana's schema library also reads an object from a string holding its JSON.
    let text_or = |v: &Value| match v {
        Value::String(text) => serde_json::from_str::<Value>(text).unwrap_or_else(|_| v.clone()),
        other => other.clone(),
    };
    let config = match map.get("config").map(text_or) {
        Some(config) => value(&config, "/config", |d| ConnectorConfig::deserialize_for(ty, d)).err(),
        None => ConnectorConfig::empty_for(ty).err().and_then(|e| {
            e.missing().first().map(|key| {
                ParseError::new(pointer_of("/config", key), ErrorKind::MissingKey, format!("missing field `{key}`"))
            })
        }),
    };
    let secrets = || {
        map.get("secrets")
            .map(text_or)
            .and_then(|s| value(&s, "/secrets", |d| ConnectorSecrets::deserialize_for(ty, d)).err())
    };
    config.or_else(secrets).map(|e| e.at(position))
}

/// Runs `parse` on the text of `v` with its path tracked; an error is located under `prefix`.
/// A value's JSON text, written by the serializer (`Display` goes through `fmt`, slower).
pub(crate) fn json_text(v: &Value) -> String {
    // A `Value` always serializes: its keys are strings.
    serde_json::to_string(v).unwrap_or_default()
}

pub(crate) fn value<T>(
    v: &Value,
    prefix: &str,
    parse: impl FnOnce(&mut serde_json::Deserializer<serde_json::de::StrRead<'_>>) -> Result<T, serde_json::Error>,
) -> Result<T, ParseError> {
    let text = json_text(v);
    let (result, path) = trail::track(|| crate::runtime::parse_text(&text, parse));
    result.map_err(|e| classify(prefix, &path, &message(&e)))
}

/// The message of `e` without the position the text parser appends (positions are
/// reported apart, and a value's re-serialized text has positions of its own).
pub(crate) fn message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(message) => message.to_owned(),
        None => text,
    }
}

fn classify(prefix: &str, path: &[Segment], message: &str) -> ParseError {
    let mut pointer = prefix.to_owned();
    for segment in path {
        match segment {
            Segment::Key(key) => pointer = pointer_of(&pointer, key),
            Segment::Index(index) => pointer = format!("{pointer}/{index}"),
        }
    }
    let kind = if let Some(key) = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
        pointer = pointer_of(&pointer, key);
        ErrorKind::MissingKey
    } else if message.starts_with("invalid type")
        || message.starts_with("invalid value")
        || message.starts_with("could not parse record")
    {
        ErrorKind::WrongType
    } else if message.starts_with("unknown variant") {
        ErrorKind::UnknownValue
    } else if message.starts_with("null is not allowed") {
        ErrorKind::NullNotAllowed
    } else {
        ErrorKind::InvalidValue
    };
    ParseError::new(pointer, kind, message)
}

fn pointer_of(parent: &str, key: &str) -> String {
    format!("{parent}/{}", key.replace('~', "~0").replace('/', "~1"))
}
