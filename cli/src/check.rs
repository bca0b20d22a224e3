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

use kibana_connectors::{
    ConnectorType, CreateConnectorRequest, ErrorKind, UpdateConnectorRequest, Validate, ValidationContext,
};
use serde_json::Value;
use std::collections::HashMap;

/// A problem in a body: RFC 6901 pointer into the body, kind, message.
pub struct Found {
    pub pointer: String,
    pub kind: ErrorKind,
    pub message: String,
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
            Ok(Err(errors)) => {
                break errors
                    .into_iter()
                    .map(|e| Found { pointer: e.pointer, kind: e.kind, message: e.message })
                    .collect();
            }
            Err(e) => {
                let retyped = retries < MAX_RETRIES
                    && is_placeholder(&e.pointer, placeholders)
                    && retype(&mut body, &e.pointer, e.kind, &e.message, &mut tries);
                if !retyped {
                    // No neutral value fits: the placeholder cannot be right whatever it holds.
                    let found = Found { pointer: e.pointer, kind: e.kind, message: e.message };
                    return if mode.config_only && under(&found.pointer, "/secrets") {
                        Vec::new()
                    } else {
                        vec![found]
                    };
                }
                retries += 1;
            }
        }
    };
    result
        .into_iter()
        .filter(|f| !(mode.config_only && under(&f.pointer, "/secrets")))
        .filter(|f| !(value_dependent(f.kind) && is_placeholder(&f.pointer, placeholders)))
        .collect()
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
    fn presence_problems_stay_and_config_only_drops_secrets() {
        let body = json!({"connector_type_id": ".webhook", "name": "h", "config": {"url": "https://a.example"}, "secrets": {"password": "${P}"}});
        let found = check(body.clone(), CREATE, &ValidationContext::default(), &["/secrets/password".to_owned()]);
        assert_eq!(
            found.iter().map(|f| (f.pointer.as_str(), f.kind)).collect::<Vec<_>>(),
            [("/secrets", ErrorKind::InvalidCombination)]
        );
        assert!(check(body, Mode { update: None, config_only: true }, &ValidationContext::default(), &[]).is_empty());
    }
}
