//! Kibana's verdict on one body: parse it as the library does, validate it, and adjust for
//! what the CLI knows that the library does not — secrets kept elsewhere (config only) and
//! `${ENV_VAR}` placeholders whose values are unknown.
//!
//! A placeholder stays in the body as its own text when the field takes a string; when the
//! parser wants another kind, the placeholder is replaced by a neutral valid value of that
//! kind (a number, a boolean, the first value of an enum) and the body is parsed again.
//! Problems on a placeholder's pointer that depend on the value (URL, host, e-mail,
//! length, range, blank, type) are then dropped; problems that only depend on presence
//! (required, forbidden, combinations, unknown keys) stay.
//!
//! Two parse messages are put in Kibana's words: an unknown type id (`Action type "X" is
//! not registered.`) and a missing key (`[url]: expected value of type [string] but got
//! [undefined]`, `@kbn/config-schema`'s wording, which the library uses for every release).
//! The type a missing key wants is found by trying a value of each kind in its place.

use kibana_connectors::{
    ConnectorType, CreateConnectorRequest, ErrorKind, ParseError, UpdateConnectorRequest, Validate, ValidationContext,
    ValidationError,
};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// A problem in a body: RFC 6901 pointer into the body, kind (the library's `ErrorKind`
/// name, or one of the command line's own), message.
pub struct Found {
    pub pointer: String,
    pub kind: &'static str,
    pub message: String,
}

impl From<ValidationError> for Found {
    fn from(e: ValidationError) -> Self {
        Self { pointer: e.pointer, kind: e.kind.as_str(), message: e.message }
    }
}

/// What a body is, and how much of it to check.
#[derive(Clone, Copy)]
pub struct Mode {
    /// `None`: a create body; `Some`: an update body of that type.
    pub update: Option<ConnectorType>,
    /// Drop `secrets` and every problem under it.
    pub config_only: bool,
}

/// A placeholder is tried as a string first, then as these; an enum takes its first value.
const RETYPES: [fn() -> Value; 2] = [|| Value::from(1), || Value::Bool(true)];
/// Each retry fixes one placeholder, so this bounds the retries of a body with many.
const MAX_RETRIES: usize = 64;

/// Every problem of `body`, in the order the library finds them. `placeholders` are the
/// pointers of values that are present but unknown.
pub fn check(mut body: Value, mode: Mode, cx: &ValidationContext, placeholders: &[String]) -> Vec<Found> {
    if mode.config_only {
        if let Some(map) = body.as_object_mut() {
            map.remove("secrets");
        }
    }
    let mut tries: HashMap<String, usize> = HashMap::new();
    let mut retries = 0;
    let result = loop {
        let parsed = match mode.update {
            None => CreateConnectorRequest::from_value(body.clone()).map(|r| r.validate_with(cx)),
            Some(ty) => UpdateConnectorRequest::from_value(ty, body.clone()).map(|r| r.validate_with(cx)),
        };
        match parsed {
            Ok(Ok(())) => break Vec::new(),
            Ok(Err(errors)) => break errors.into_iter().collect::<Vec<_>>(),
            Err(e) => {
                let retyped = retries < MAX_RETRIES
                    && is_placeholder(&e.pointer, placeholders)
                    && retype(&mut body, &e.pointer, e.kind, &e.message, &mut tries);
                if !retyped {
                    // No neutral value fits: the placeholder cannot be right whatever it holds.
                    if mode.config_only && under(&e.pointer, "/secrets") {
                        return Vec::new();
                    }
                    if let Some(found) = registration(&body, mode, cx) {
                        return vec![found];
                    }
                    let message = kibana_words(&body, mode, &e);
                    return vec![Found { pointer: e.pointer, kind: e.kind.as_str(), message }];
                }
                retries += 1;
            }
        }
    };
    result
        .into_iter()
        .filter(|e| !(mode.config_only && under(&e.pointer, "/secrets")))
        .filter(|e| !(value_dependent(e.kind) && is_placeholder(&e.pointer, placeholders)))
        .map(Found::from)
        .collect()
}

/// The connector type id of a body: the one `--type` names for update bodies, else its own.
pub fn type_id(body: &Value, update: Option<ConnectorType>) -> Option<&str> {
    match update {
        Some(ty) => Some(ty.as_str()),
        None => body.get("connector_type_id")?.as_str(),
    }
}

/// Why a body of type `id` gets no verdict in the release of `cx`, when it does not: the
/// release registers the type in a shape the library does not model.
pub fn not_modelled(id: &str, cx: &ValidationContext) -> Option<String> {
    let version = cx.version();
    version
        .unmodelled_connector_types()
        .contains(&id)
        .then(|| format!("Kibana {version} may register `{id}` (a connector-spec type) in a shape not modelled here"))
}

/// What Kibana answers before it reads config or secrets: a type the release does not
/// register ("not registered"), or one it registers without a model in the library (no
/// verdict). The library's parser reads every release's types, so a body of a type this
/// release lacks can fail to parse on a key; Kibana never gets that far.
fn registration(body: &Value, mode: Mode, cx: &ValidationContext) -> Option<Found> {
    let id = type_id(body, mode.update)?;
    let version = cx.version();
    let (kind, message) = if let Some(why) = not_modelled(id, cx) {
        (ErrorKind::NotModelled, format!("{why}: no verdict"))
    } else if id.parse::<ConnectorType>().is_ok_and(|ty| !version.registers(ty)) {
        (ErrorKind::UnknownValue, format!("Action type \"{id}\" is not registered."))
    } else {
        return None;
    };
    Some(Found { pointer: "/connector_type_id".to_owned(), kind: kind.as_str(), message })
}

/// The parse error's message in Kibana's words where the library's are serde's.
fn kibana_words(body: &Value, mode: Mode, e: &ParseError) -> String {
    match e.kind {
        ErrorKind::MissingKey => missing_key(body, mode, &e.pointer).unwrap_or_else(|| e.message.clone()),
        ErrorKind::UnknownValue
            if e.pointer == "/connector_type_id" && e.message.starts_with("unknown connector type") =>
        {
            match body.get("connector_type_id") {
                Some(Value::String(id)) => format!("Action type \"{id}\" is not registered."),
                _ => e.message.clone(),
            }
        }
        _ => e.message.clone(),
    }
}

/// What a missing key's value must be, in `@kbn/config-schema`'s terms.
enum Wanted {
    Type(&'static str),
    /// An enum (`schema.oneOf` of literals).
    OneOf,
}

/// A value of one kind, and the kind's name in Kibana's messages.
type Probe = (fn() -> Value, &'static str);

/// Values of each kind, tried in the missing key's place: the first the parser takes past
/// that key names the key's type. A string refused as an unknown value is an enum.
const PROBES: [Probe; 5] = [
    (|| Value::from("x"), "string"),
    (|| Value::from(1), "number"),
    (|| Value::Bool(true), "boolean"),
    (|| Value::Object(Map::new()), "object"),
    (|| Value::Array(Vec::new()), "array"),
];

/// Kibana's message for the missing key at `pointer`: `[url]: expected value of type
/// [string] but got [undefined]`, with the path inside `config`/`secrets` as Kibana names it
/// (`[mappings.alertIdConfig]`); `None` when no kind of value fits.
fn missing_key(body: &Value, mode: Mode, pointer: &str) -> Option<String> {
    let (path, inner) = match pointer.strip_prefix("/config/").or_else(|| pointer.strip_prefix("/secrets/")) {
        Some(path) => (path, true),
        None => (pointer.strip_prefix('/')?, false),
    };
    let label: Vec<String> = path.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
    let label = label.join(".");
    let wanted = if inner { probe(body, mode, pointer)? } else { Wanted::Type("string") };
    Some(match wanted {
        Wanted::Type(t) => format!("[{label}]: expected value of type [{t}] but got [undefined]"),
        Wanted::OneOf => format!("[{label}]: expected at least one defined value but got [undefined]"),
    })
}

fn probe(body: &Value, mode: Mode, pointer: &str) -> Option<Wanted> {
    for (make, name) in PROBES {
        let mut probed = body.clone();
        if !insert(&mut probed, pointer, make()) {
            return None;
        }
        let parsed = match mode.update {
            None => CreateConnectorRequest::from_value(probed).map(drop),
            Some(ty) => UpdateConnectorRequest::from_value(ty, probed).map(drop),
        };
        match parsed {
            Err(e) if e.pointer == pointer && e.kind == ErrorKind::UnknownValue && name == "string" => {
                return Some(Wanted::OneOf);
            }
            Err(e) if e.pointer == pointer => {}
            _ => return Some(Wanted::Type(name)),
        }
    }
    None
}

/// Sets the value at `pointer`, adding the objects on the way that are missing; false when
/// something other than an object is in the way.
fn insert(body: &mut Value, pointer: &str, value: Value) -> bool {
    let Some((parent, key)) = pointer.rsplit_once('/') else { return false };
    let key = key.replace("~1", "/").replace("~0", "~");
    let mut at = body;
    for segment in parent.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        let Value::Object(map) = at else { return false };
        at = map.entry(segment).or_insert_with(|| Value::Object(Map::new()));
    }
    match at {
        Value::Object(map) => {
            map.insert(key, value);
            true
        }
        _ => false,
    }
}

fn under(pointer: &str, prefix: &str) -> bool {
    pointer.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn is_placeholder(pointer: &str, placeholders: &[String]) -> bool {
    placeholders.iter().any(|p| under(pointer, p))
}

/// Kinds that say something about a value, which a placeholder does not have yet.
fn value_dependent(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::EmptyString
            | ErrorKind::InvalidUrl
            | ErrorKind::HostNotAllowed
            | ErrorKind::InvalidEmail
            | ErrorKind::DomainNotAllowed
            | ErrorKind::InvalidValue
            | ErrorKind::InvalidLength
            | ErrorKind::WrongType
            | ErrorKind::UnknownValue
    )
}

/// Replaces the placeholder at `pointer` with the next neutral value of another kind;
/// false when none is left.
fn retype(body: &mut Value, pointer: &str, kind: ErrorKind, message: &str, tries: &mut HashMap<String, usize>) -> bool {
    let Some(slot) = body.pointer_mut(pointer) else { return false };
    let next = match kind {
        ErrorKind::UnknownValue => first_expected(message).map(Value::String),
        ErrorKind::WrongType => {
            let n = tries.entry(pointer.to_owned()).or_insert(0);
            let value = RETYPES.get(*n).map(|make| make());
            *n += 1;
            value
        }
        _ => None,
    };
    match next {
        Some(value) if *slot != value => {
            *slot = value;
            true
        }
        _ => false,
    }
}

/// The first value serde names in "unknown variant `x`, expected one of `a`, `b`".
fn first_expected(message: &str) -> Option<String> {
    let rest = message.split_once("expected")?.1;
    let start = rest.find('`')? + 1;
    let value = rest.get(start..)?.split('`').next()?;
    Some(value.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    const CREATE: Mode = Mode { update: None, config_only: false };

    #[test]
    fn enum_values_of_serde_messages() {
        assert_eq!(first_expected("unknown variant `x`, expected `post` or `put`").as_deref(), Some("post"));
        assert_eq!(first_expected("unknown variant `x`, expected one of `a`, `b`").as_deref(), Some("a"));
        assert_eq!(first_expected("no list"), None);
    }

    #[test]
    fn placeholders_take_a_neutral_value_of_their_kind() {
        let body = json!({"connector_type_id": ".webhook", "name": "h",
            "config": {"url": "${URL}", "method": "${METHOD}", "hasAuth": "${AUTH}"}, "secrets": {"user": "${U}", "password": "${P}"}});
        let placeholders: Vec<String> =
            ["/config/url", "/config/method", "/config/hasAuth", "/secrets/user", "/secrets/password"]
                .map(String::from)
                .to_vec();
        let cx = ValidationContext::default().allowed_hosts(["only.example.com"]);
        assert!(check(body.clone(), CREATE, &cx, &placeholders).is_empty());
        // Taken at face value, the same body does not even parse.
        let pointers: Vec<String> = check(body, CREATE, &cx, &[]).into_iter().map(|f| f.pointer).collect();
        assert_eq!(pointers, ["/config/hasAuth"]);
    }

    #[test]
    fn missing_keys_and_unknown_types_in_kibanas_words() {
        let message = |body: Value| check(body, CREATE, &ValidationContext::default(), &[]).remove(0).message;
        assert_eq!(
            message(json!({"connector_type_id": ".webhook", "name": "h", "config": {}})),
            "[url]: expected value of type [string] but got [undefined]"
        );
        let swimlane = |config: Value| json!({"connector_type_id": ".swimlane", "name": "s", "config": config, "secrets": {"apiToken": "t"}});
        assert_eq!(
            message(swimlane(json!({"apiUrl": "https://a.example", "appId": "a"}))),
            "[connectorType]: expected at least one defined value but got [undefined]"
        );
        // A nested key is named by its path inside `config`, as Kibana names it.
        let mappings = json!({"alertIdConfig": {"id": "x", "name": "n", "fieldType": "text"}});
        assert_eq!(
            message(swimlane(
                json!({"apiUrl": "https://a.example", "appId": "a", "connectorType": "all", "mappings": mappings})
            )),
            "[mappings.alertIdConfig.key]: expected value of type [string] but got [undefined]"
        );
        assert_eq!(
            message(json!({"connector_type_id": ".nope", "name": "x"})),
            "Action type \".nope\" is not registered."
        );
        assert_eq!(
            message(json!({"connector_type_id": ".index"})),
            "[name]: expected value of type [string] but got [undefined]"
        );
    }

    #[test]
    fn presence_problems_stay_and_config_only_drops_secrets() {
        let body = json!({"connector_type_id": ".webhook", "name": "h", "config": {"url": "https://a.example"}, "secrets": {"password": "${P}"}});
        let found = check(body.clone(), CREATE, &ValidationContext::default(), &["/secrets/password".to_owned()]);
        assert_eq!(
            found.iter().map(|f| (f.pointer.as_str(), f.kind)).collect::<Vec<_>>(),
            [("/secrets", ErrorKind::InvalidCombination.as_str())]
        );
        assert!(check(body, Mode { update: None, config_only: true }, &ValidationContext::default(), &[]).is_empty());
    }
}
