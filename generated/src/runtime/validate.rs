//! Validation: the `Validate` trait, error types and the checks generated code calls.
//!
//! Nothing here allocates unless a problem is found: pointers are a linked list of
//! borrowed segments on the stack, rendered only when an error is recorded.

use super::{Defaulted, Secret, UnknownFields};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Checks a value the way Kibana's server does (Kibana 8.16–8.17 semantics).
pub trait Validate: Check {
    /// Validates with Kibana's default settings (`xpack.actions.allowedHosts: ['*']`).
    fn validate(&self) -> Result<(), ValidationErrors> {
        self.validate_with(&ValidationContext::default())
    }

    /// Validates with the given Kibana settings.
    fn validate_with(&self, cx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        self.check(&Path::ROOT, cx, &mut errors);
        errors.into_result()
    }
}

/// The Kibana settings validation depends on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationContext {
    /// `None` means `['*']`: every host is allowed.
    allowed_hosts: Option<BTreeSet<String>>,
}

impl ValidationContext {
    /// Kibana's `xpack.actions.allowedHosts`; a `*` entry allows every host.
    pub fn with_allowed_hosts<I: IntoIterator<Item = S>, S: Into<String>>(hosts: I) -> Self {
        let hosts: BTreeSet<String> = hosts.into_iter().map(|h| h.into().to_ascii_lowercase()).collect();
        Self { allowed_hosts: (!hosts.contains("*")).then_some(hosts) }
    }

    fn host_allowed(&self, host: &str) -> bool {
        self.allowed_hosts.as_ref().is_none_or(|hosts| hosts.contains(&host.to_ascii_lowercase()))
    }
}

/// A stable, machine-readable category of validation problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A key the connector type does not define.
    UnknownField,
    /// An empty or whitespace-only string.
    EmptyString,
    /// A key that must be set here.
    Required,
    /// A key that must not be set here.
    Forbidden,
    /// A set of keys that is not one of the allowed combinations.
    InvalidCombination,
    /// A URL that does not parse, or lacks what its connector requires.
    InvalidUrl,
    /// A URL whose host is not in `xpack.actions.allowedHosts`.
    HostNotAllowed,
    /// A malformed e-mail address.
    InvalidEmail,
    /// A value outside its allowed set or range.
    InvalidValue,
    /// A string or list of the wrong length.
    InvalidLength,
    /// `config` or `secrets` of another connector type than `connector_type_id`.
    ConnectorTypeMismatch,
    /// Parsing: the text is not JSON.
    Syntax,
    /// Parsing: a key the schema requires is absent.
    MissingKey,
    /// Parsing: a value of the wrong JSON type (or a string Kibana does not coerce).
    WrongType,
    /// Parsing: a string that is not one of an enum's values (or an unknown connector type).
    UnknownValue,
    /// Parsing: `null` for a key that may only be omitted.
    NullNotAllowed,
}

impl ErrorKind {
    /// The stable snake_case name (`invalid_url`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::UnknownField => "unknown_field",
            Self::EmptyString => "empty_string",
            Self::Required => "required",
            Self::Forbidden => "forbidden",
            Self::InvalidCombination => "invalid_combination",
            Self::InvalidUrl => "invalid_url",
            Self::HostNotAllowed => "host_not_allowed",
            Self::InvalidEmail => "invalid_email",
            Self::InvalidValue => "invalid_value",
            Self::InvalidLength => "invalid_length",
            Self::ConnectorTypeMismatch => "connector_type_mismatch",
            Self::Syntax => "syntax",
            Self::MissingKey => "missing_key",
            Self::WrongType => "wrong_type",
            Self::UnknownValue => "unknown_value",
            Self::NullNotAllowed => "null_not_allowed",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem: where (a JSON pointer into the body), what kind, and a message.
/// Messages never contain the value of a secret.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ValidationError {
    /// An RFC 6901 pointer into the validated body (`/config/url`).
    pub pointer: String,
    /// The stable category of the problem.
    pub kind: ErrorKind,
    /// A human-readable message (never contains a secret value).
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.pointer, self.message, self.kind)
    }
}

/// Every problem found, in the order found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationErrors(Vec<ValidationError>);

impl ValidationErrors {
    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, ValidationError> {
        self.0.iter()
    }

    /// The pointers of all errors, for quick assertions.
    pub fn pointers(&self) -> Vec<&str> {
        self.0.iter().map(|e| e.pointer.as_str()).collect()
    }

    /// Records a problem. A second problem of the same kind at the same place (two Kibana
    /// checks that both catch it) is not repeated.
    pub fn push(&mut self, at: &Path<'_>, kind: ErrorKind, message: impl Into<String>) {
        let pointer = at.pointer();
        if !self.0.iter().any(|e| e.pointer == pointer && e.kind == kind) {
            self.0.push(ValidationError { pointer, kind, message: message.into() });
        }
    }

    fn into_result(self) -> Result<(), Self> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl IntoIterator for ValidationErrors {
    type Item = ValidationError;
    type IntoIter = std::vec::IntoIter<ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// A location in the body, built on the stack: `/config/headers/X-Trace`.
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    /// The location of the validated value itself.
    pub const ROOT: Path<'static> = Path { parent: None, segment: Segment::Root };

    /// The location of a member of this object.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Key(key) }
    }

    /// The location of an item of this array.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Index(index) }
    }

    /// Renders the RFC 6901 pointer (only called when an error is recorded).
    pub fn pointer(&self) -> String {
        let mut segments = Vec::new();
        let mut node = Some(self);
        while let Some(n) = node {
            match n.segment {
                Segment::Root => {}
                Segment::Key(k) => segments.push(k.replace('~', "~0").replace('/', "~1")),
                Segment::Index(i) => segments.push(i.to_string()),
            }
            node = n.parent;
        }
        segments.iter().rev().map(|s| format!("/{s}")).collect()
    }
}

/// Structural checks every value gets: strings not blank, nested objects checked.
pub trait Check {
    /// Records every structural problem of `self` (located at `at`) in `errors`.
    fn check(&self, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors);
}

/// Kibana rejects empty and whitespace-only strings everywhere in config and secrets.
pub fn blank(value: &str, at: &Path<'_>, errors: &mut ValidationErrors) {
    if value.trim().is_empty() {
        errors.push(at, ErrorKind::EmptyString, "must not be empty or whitespace only");
    }
}

impl Check for String {
    fn check(&self, at: &Path<'_>, _: &ValidationContext, errors: &mut ValidationErrors) {
        blank(self, at, errors);
    }
}

impl Check for Secret {
    fn check(&self, at: &Path<'_>, _: &ValidationContext, errors: &mut ValidationErrors) {
        blank(self.expose(), at, errors);
    }
}

macro_rules! no_structural_checks {
    ($($t:ty),*) => { $( impl Check for $t { fn check(&self, _: &Path<'_>, _: &ValidationContext, _: &mut ValidationErrors) {} } )* };
}
no_structural_checks!(bool, i64, f64);

impl Check for serde_json::Value {
    fn check(&self, at: &Path<'_>, _: &ValidationContext, errors: &mut ValidationErrors) {
        blank_json(self, at, errors);
    }
}

/// Kibana's route rejects blank strings anywhere inside config/secrets, at any depth.
fn blank_json(value: &serde_json::Value, at: &Path<'_>, errors: &mut ValidationErrors) {
    match value {
        serde_json::Value::String(s) => blank(s, at, errors),
        serde_json::Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| blank_json(v, &at.index(i), errors)),
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| blank_json(v, &at.key(k), errors)),
        _ => {}
    }
}

impl<T: Check> Check for Option<T> {
    fn check(&self, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
        if let Some(v) = self {
            v.check(at, cx, errors);
        }
    }
}

impl<T: Check> Check for Defaulted<T> {
    fn check(&self, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
        self.get().check(at, cx, errors);
    }
}

impl<T: Check> Check for Box<T> {
    fn check(&self, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
        (**self).check(at, cx, errors);
    }
}

impl<T: Check> Check for Vec<T> {
    fn check(&self, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
        self.iter().enumerate().for_each(|(i, v)| v.check(&at.index(i), cx, errors));
    }
}

impl<T: Check> Check for BTreeMap<String, T> {
    fn check(&self, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
        self.iter().for_each(|(k, v)| v.check(&at.key(k), cx, errors));
    }
}

/// Undeclared keys: each one is an error (Kibana: "definition for this key is missing").
pub fn unknown(fields: &UnknownFields, at: &Path<'_>, errors: &mut ValidationErrors) {
    for key in fields.keys() {
        errors.push(&at.key(key), ErrorKind::UnknownField, format!("[{key}]: definition for this key is missing"));
    }
}

/// Undeclared keys of an object Kibana does not check (`.teams` config in 8.x): kept,
/// only their string values are checked for blanks (the route's check).
pub fn open_fields(fields: &UnknownFields, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
    for key in fields.keys() {
        if let Some(v) = fields.get(key) {
            v.check(&at.key(key), cx, errors);
        }
    }
}

/// Which URLs a connector accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlFamily {
    /// Any URL that parses (WHATWG), whatever its scheme.
    Any,
    /// `http:` or `https:` with a non-empty host (Kibana's `assertURL`).
    Http,
    /// Host `hooks.torq.io` or `localhost` (the Torq connector).
    Torq,
}

/// Parses a URL and applies `xpack.actions.allowedHosts`. The value is never echoed.
/// A blank value is left to the empty-string check, which Kibana's route makes first.
pub fn url(value: &str, family: UrlFamily, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
    if value.trim().is_empty() {
        return;
    }
    let parsed = match url::Url::parse(value) {
        Ok(u) => u,
        Err(e) => return errors.push(at, ErrorKind::InvalidUrl, format!("unable to parse url: {e}")),
    };
    let host = parsed.host_str().unwrap_or_default();
    match family {
        UrlFamily::Any => {}
        UrlFamily::Http => {
            if !matches!(parsed.scheme(), "http" | "https") {
                return errors.push(at, ErrorKind::InvalidUrl, "URL Error: Invalid protocol");
            }
            if host.is_empty() {
                return errors.push(at, ErrorKind::InvalidUrl, "URL Error: URL must contain hostname");
            }
        }
        UrlFamily::Torq => {
            if !cx.host_allowed(host) {
                return errors.push(at, ErrorKind::HostNotAllowed, "target url is not added to the Kibana config xpack.actions.allowedHosts");
            }
            if host != "hooks.torq.io" && host != "localhost" {
                return errors.push(at, ErrorKind::InvalidUrl, "url must begin with https://hooks.torq.io");
            }
            return;
        }
    }
    if !cx.host_allowed(host) {
        errors.push(at, ErrorKind::HostNotAllowed, "target url is not added to the Kibana config xpack.actions.allowedHosts");
    }
}

/// A bare host name (email `host`): only the allowed-hosts setting applies.
pub fn host(value: &str, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
    if !value.trim().is_empty() && !cx.host_allowed(value) {
        errors.push(at, ErrorKind::HostNotAllowed, "host name is not added to the Kibana config xpack.actions.allowedHosts");
    }
}

/// An RFC 5322 address list (`a@b.c, Name <d@e.f>`), as Kibana parses `from`.
pub fn email_list(value: &str, at: &Path<'_>, errors: &mut ValidationErrors) {
    let invalid: Vec<&str> = split_addresses(value)
        .into_iter()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .filter(|a| a.parse::<email_address::EmailAddress>().is_err())
        .collect();
    if !invalid.is_empty() {
        errors.push(at, ErrorKind::InvalidEmail, format!("not valid emails: {}", invalid.join(", ")));
    }
}

/// Splits an address list on commas outside quotes and angle brackets.
fn split_addresses(value: &str) -> Vec<&str> {
    let (mut out, mut start, mut quoted, mut angle) = (Vec::new(), 0, false, false);
    for (i, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' if !quoted && !angle => {
                out.push(value.get(start..i).unwrap_or_default());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(value.get(start..).unwrap_or_default());
    out
}

/// `minLength`/`maxLength` (in characters).
pub fn length(value: &str, min: Option<usize>, max: Option<usize>, at: &Path<'_>, errors: &mut ValidationErrors) {
    let n = value.chars().count();
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        errors.push(at, ErrorKind::InvalidLength, format!("length {n} is outside {}..{}", bound(min), bound(max)));
    }
}

/// `minItems`/`maxItems`.
pub fn items(n: usize, min: Option<usize>, max: Option<usize>, at: &Path<'_>, errors: &mut ValidationErrors) {
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        errors.push(at, ErrorKind::InvalidLength, format!("{n} items is outside {}..{}", bound(min), bound(max)));
    }
}

fn bound(b: Option<usize>) -> String {
    b.map(|b| b.to_string()).unwrap_or_default()
}

/// `minimum`/`maximum`, with Kibana's wording.
pub fn range(value: f64, min: Option<f64>, max: Option<f64>, at: &Path<'_>, errors: &mut ValidationErrors) {
    if let Some(min) = min.filter(|m| value < *m) {
        errors.push(at, ErrorKind::InvalidValue, format!("Value is [{value}] but it must be equal to or greater than [{min}]."));
    }
    if let Some(max) = max.filter(|m| value > *m) {
        errors.push(at, ErrorKind::InvalidValue, format!("Value is [{value}] but it must be equal to or lower than [{max}]."));
    }
}

/// Compares an optional field value with a literal.
pub fn is<T: PartialEq<L> + ?Sized, L>(value: Option<&T>, literal: L) -> bool {
    value.is_some_and(|v| *v == literal)
}

/// The set of present keys must be one of `allowed`; `present` lists (key, is set).
pub fn combination(present: &[(&str, bool)], allowed: &[&[&str]], message: &str, at: &Path<'_>, errors: &mut ValidationErrors) {
    let set: BTreeSet<&str> = present.iter().filter(|(_, p)| *p).map(|(k, _)| *k).collect();
    if !allowed.iter().any(|combo| combo.len() == set.len() && combo.iter().all(|k| set.contains(k))) {
        errors.push(at, ErrorKind::InvalidCombination, message);
    }
}

/// Text a rule can read: plain strings, and secrets (read only to be checked).
pub trait Text {
    /// The text, for checking only.
    fn text(&self) -> &str;
}

impl Text for String {
    fn text(&self) -> &str {
        self
    }
}

impl Text for Secret {
    fn text(&self) -> &str {
        self.expose()
    }
}

/// The text of a string or secret (generated rules call this).
pub fn text<T: Text + ?Sized>(value: &T) -> &str {
    value.text()
}
