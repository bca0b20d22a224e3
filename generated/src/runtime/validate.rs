//! Validation: the `Validate` trait, error types and the checks generated code calls.
//!
//! Nothing here allocates unless a problem is found: pointers are a linked list of
//! borrowed segments on the stack, rendered only when an error is recorded.

use super::defaulted::Raw;
use super::{Defaulted, Secret, UnknownFields, address_list, fast_url, legacy_url, whatwg};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Checks a value the way Kibana's server does, for the release and settings of a
/// [`ValidationContext`] (default: the newest release this crate models).
pub trait Validate: Check {
    /// Validates with Kibana's default settings (`xpack.actions.allowedHosts: ['*']`, no
    /// `xpack.actions.email` block); see [`ValidationContext`].
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

/// The Kibana settings (kibana.yml) that decide verdicts. This is the one place that says
/// what each setting means for validation:
///
/// - `xpack.actions.allowedHosts` ([`allowed_hosts`](Self::allowed_hosts); default `['*']`):
///   the host names connectors may reach. `*` allows every host. Otherwise the host of each
///   URL Kibana checks must be on the list exactly as written (case-sensitive; URL host
///   names are lower-cased, so an upper-case entry never matches a URL). The host is the one
///   Node's legacy `url.parse` extracts (a value without one is refused), whatever parser
///   the connector itself uses first. It also applies to the email `host`, to the SMTP host
///   of a well-known email `service` (`gmail` → `smtp.gmail.com`, `elastic_cloud` →
///   `dockerhost`) and to `slack.com` for `.slack_api`.
/// - `xpack.actions.email.domain_allowlist`
///   ([`email_domain_allowlist`](Self::email_domain_allowlist); default: no `xpack.actions.email`
///   block): before kibana#268496 (9.3.5, 9.4.2, 9.5.0 and its 8.19 patch) e-mail addresses
///   (the email connector's `from`) are checked only when kibana.yml has an
///   `xpack.actions.email` block (this setting or `email.services.enabled`), after it always;
///   with the list, each address's domain must be on it (case-sensitive). An empty list
///   refuses every address.
///
/// ```
/// use kibana_connectors::*;
///
/// // The release a cluster runs, and its kibana.yml.
/// let cx = ValidationContext::for_version("8.19.3".parse()?)
///     .allowed_hosts(["smtp.example.com", "hooks.example.com"])
///     .email_domain_allowlist(["example.com"]);
/// let mail = CreateConnectorRequest::new("mail",
///     EmailConfig::builder().from("alerts@example.org").host("smtp.example.com").port(587).build()?)
///     .with_secrets(EmailSecrets::builder().user("u").password("p").build()?);
/// let errors = mail.validate_with(&cx).unwrap_err();
/// assert_eq!(errors.iter().map(|e| e.kind).collect::<Vec<_>>(), [ErrorKind::DomainNotAllowed]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationContext {
    /// `None` means `['*']`: every host is allowed.
    allowed_hosts: Option<BTreeSet<String>>,
    /// `xpack.actions.email.domain_allowlist`; `None`: every domain.
    email_domains: Option<BTreeSet<String>>,
    /// `None`: the newest release this crate models.
    pub(crate) release: Option<Release>,
    /// `xpack.actions.email.services.enabled` (8.19, 9.1+); `None`: every service.
    email_services: Option<BTreeSet<String>>,
    /// `xpack.actions.webhook.ssl.pfx.enabled: false` (8.19, 9.1+).
    webhook_pfx_disabled: bool,
    /// kibana.yml has an `xpack.actions.email` block (either setting above was given): what
    /// turns on the address checks of releases before kibana#268496.
    email_block: bool,
    /// `xpack.actions.ssl.verificationMode` (default `full`).
    ssl_verification_mode: SslVerificationMode,
}

/// How Kibana checks a server's TLS certificate (`verificationMode`): kibana.yml's
/// `xpack.actions.ssl.verificationMode`, and the value connectors that carry a
/// `verificationMode` key fall back to (their `effective_verification_mode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SslVerificationMode {
    /// Validity dates, the chain to a trusted CA, and the host name or IP (Kibana's default).
    #[default]
    Full,
    /// The chain, but not the host name.
    Certificate,
    /// No verification.
    None,
}

impl SslVerificationMode {
    /// Kibana's spelling: `full`, `certificate`, `none`; `None` for anything else.
    pub fn from_kibana(value: &str) -> Option<Self> {
        match value {
            "full" => Some(Self::Full),
            "certificate" => Some(Self::Certificate),
            "none" => Some(Self::None),
            _ => None,
        }
    }

    /// Kibana's spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Certificate => "certificate",
            Self::None => "none",
        }
    }
}

/// A connector's `verificationMode` if it has one, else kibana.yml's (generated
/// `effective_verification_mode` methods call this).
pub fn effective_verification_mode(sent: Option<&str>, cx: &ValidationContext) -> SslVerificationMode {
    sent.and_then(SslVerificationMode::from_kibana).unwrap_or(cx.ssl_verification_mode)
}

/// The Kibana release a context validates for: its line (an index into the generated
/// release table), the patch as given, and the release point that decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Release {
    pub line: usize,
    pub patch: Option<u32>,
    pub point: usize,
}

impl ValidationContext {
    /// Shorthand for `ValidationContext::default().allowed_hosts(hosts)`.
    pub fn with_allowed_hosts<I: IntoIterator<Item = S>, S: Into<String>>(hosts: I) -> Self {
        Self::default().allowed_hosts(hosts)
    }

    /// Sets `xpack.actions.allowedHosts`; a `*` entry allows every host. Entries are compared
    /// exactly as written, as Kibana does.
    #[must_use]
    pub fn allowed_hosts<I: IntoIterator<Item = S>, S: Into<String>>(mut self, hosts: I) -> Self {
        let hosts: BTreeSet<String> = hosts.into_iter().map(Into::into).collect();
        self.allowed_hosts = (!hosts.contains("*")).then_some(hosts);
        self
    }

    /// Sets `xpack.actions.email.domain_allowlist`, which (before Kibana 9.3.5, 9.4.2, 9.5.0
    /// and the matching 8.19 patch) also turns on the e-mail address checks. Domains are compared exactly as written.
    #[must_use]
    pub fn email_domain_allowlist<I: IntoIterator<Item = S>, S: Into<String>>(mut self, domains: I) -> Self {
        self.email_domains = Some(domains.into_iter().map(Into::into).collect());
        self.email_block = true;
        self
    }

    /// Sets `xpack.actions.email.services.enabled` (Kibana 8.19, 9.1+): the well-known email
    /// services connectors may use (`other` for a custom host, `ses`, `gmail`, …); `*`
    /// allows all (the default). Earlier releases have no such setting.
    #[must_use]
    pub fn email_services<I: IntoIterator<Item = S>, S: Into<String>>(mut self, services: I) -> Self {
        let services: BTreeSet<String> = services.into_iter().map(Into::into).collect();
        self.email_services = (!services.contains("*")).then_some(services);
        self.email_block = true;
        self
    }

    /// Sets `xpack.actions.webhook.ssl.pfx.enabled` (Kibana 8.19, 9.1+; default `true`): when
    /// `false`, webhook connectors may not use a PFX certificate (`certType: ssl-pfx`).
    #[must_use]
    pub fn webhook_pfx_enabled(mut self, enabled: bool) -> Self {
        self.webhook_pfx_disabled = !enabled;
        self
    }

    /// Sets `xpack.actions.ssl.verificationMode` (default `full`): the TLS verification of
    /// connectors whose config leaves `verificationMode` out. It decides no verdict; it
    /// answers `effective_verification_mode`. (`xpack.actions.customHostSettings` may
    /// override it per host; that is not modelled.)
    ///
    /// ```
    /// use kibana_connectors::*;
    ///
    /// let hook = WebhookConfig::builder().url("https://a.example").build()?;
    /// assert_eq!(hook.effective_verification_mode(&ValidationContext::default()), SslVerificationMode::Full);
    /// let relaxed = ValidationContext::default().ssl_verification_mode(SslVerificationMode::Certificate);
    /// assert_eq!(hook.effective_verification_mode(&relaxed), SslVerificationMode::Certificate);
    /// let strict = WebhookConfig::builder().url("https://a.example").verification_mode(VerificationMode::Full).build()?;
    /// assert_eq!(strict.effective_verification_mode(&relaxed), SslVerificationMode::Full);
    /// # Ok::<(), BuildError>(())
    /// ```
    #[must_use]
    pub fn ssl_verification_mode(mut self, mode: SslVerificationMode) -> Self {
        self.ssl_verification_mode = mode;
        self
    }

    /// The same settings for another release.
    pub(crate) fn with_release(mut self, release: Release) -> Self {
        self.release = Some(release);
        self
    }

    /// The release point (an index into the generated release table), if one was named.
    pub(crate) fn release_point(&self) -> Option<usize> {
        self.release.map(|r| r.point)
    }

    /// Whether `service` may be used (`xpack.actions.email.services.enabled`).
    pub(crate) fn email_service_enabled(&self, service: &str) -> bool {
        self.email_services.as_ref().is_none_or(|s| s.contains(service))
    }

    /// Whether PFX certificates are disabled for webhooks.
    pub(crate) fn webhook_pfx_disabled(&self) -> bool {
        self.webhook_pfx_disabled
    }

    /// Kibana's `isHostnameAllowed`: exact comparison, `*` allows all.
    pub(crate) fn host_allowed(&self, host: &str) -> bool {
        self.allowed_hosts.as_ref().is_none_or(|hosts| hosts.contains(host))
    }

    /// Kibana's `isUriAllowed`: the legacy `url.parse` host name must be allowed; a URL it
    /// throws on never is, and with `*` a URL without a host name is.
    fn uri_allowed(&self, uri: &str) -> bool {
        match legacy_url::hostname(uri) {
            Err(legacy_url::Throws) => false,
            Ok(host) => self.allowed_hosts.as_ref().is_none_or(|hosts| host.is_some_and(|h| hosts.contains(&h))),
        }
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
    /// An e-mail address whose domain is not in `xpack.actions.email.domain_allowlist`.
    DomainNotAllowed,
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
    /// A connector type the release registers (or, where the sources disagree, may
    /// register) that this crate does not model: no verdict either way. See
    /// [`KibanaVersion::unmodelled_connector_types`](crate::KibanaVersion::unmodelled_connector_types).
    NotModelled,
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
            Self::DomainNotAllowed => "domain_not_allowed",
            Self::InvalidValue => "invalid_value",
            Self::InvalidLength => "invalid_length",
            Self::ConnectorTypeMismatch => "connector_type_mismatch",
            Self::Syntax => "syntax",
            Self::MissingKey => "missing_key",
            Self::WrongType => "wrong_type",
            Self::UnknownValue => "unknown_value",
            Self::NullNotAllowed => "null_not_allowed",
            Self::NotModelled => "not_modelled",
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

/// A key sent as a string that Kibana's config-schema (up to 9.2) read as a boolean, a
/// number or JSON text: zod (9.3 on) reads numbers from strings (`z.coerce.number()`) and
/// nothing else. Emitted for the booleans, maps, lists and objects of zod releases.
pub fn zod_form<T>(value: &Defaulted<T>, at: &Path<'_>, errors: &mut ValidationErrors) {
    if value.sent_text().is_some() {
        errors.push(at, ErrorKind::WrongType, "Invalid input: a string is not read as this type (zod)");
    }
}

/// A number sent in a form only JavaScript's `Number()` reads (`true`, `null`, `[]`,
/// `"0x10"`): zod (9.3 on) takes it, config-schema (up to 9.2) refuses it. Emitted for the
/// numbers of config-schema releases.
pub fn schema_form<T>(value: &Defaulted<T>, at: &Path<'_>, errors: &mut ValidationErrors) {
    if let Some(Raw::Js(sent)) = value.raw_form() {
        errors.push(at, ErrorKind::WrongType, format!("expected value of type [number] but got {}", json_type(sent)));
    }
}

/// The JSON type of `value`, as config-schema's messages name it.
fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "[null]",
        serde_json::Value::Bool(_) => "[boolean]",
        serde_json::Value::Number(_) => "[number]",
        serde_json::Value::String(_) => "[string]",
        serde_json::Value::Array(_) => "[Array]",
        serde_json::Value::Object(_) => "[Object]",
    }
}

/// Kibana rejects empty and whitespace-only strings everywhere in config and secrets.
pub fn blank(value: &str, at: &Path<'_>, errors: &mut ValidationErrors) {
    // A visible ASCII first character settles it without a scan (the common case).
    if value.as_bytes().first().is_some_and(u8::is_ascii_graphic) {
        return;
    }
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
        serde_json::Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, v)| blank_json(v, &at.index(i), errors))
        }
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
#[inline]
pub fn unknown(fields: &UnknownFields, at: &Path<'_>, errors: &mut ValidationErrors) {
    if !fields.is_empty() {
        unknown_keys(fields, at, errors);
    }
}

#[cold]
fn unknown_keys(fields: &UnknownFields, at: &Path<'_>, errors: &mut ValidationErrors) {
    for key in fields.keys() {
        errors.push(&at.key(key), ErrorKind::UnknownField, format!("[{key}]: definition for this key is missing"));
    }
}

/// What pointers and messages show instead of an undeclared key's name under `secrets`.
pub const REDACTED_KEY: &str = "[REDACTED]";

/// Undeclared keys under `secrets`: each one is an error, and its name is not shown (it may
/// be a secret pasted in the wrong place): the pointer ends in `[REDACTED]`.
#[inline]
pub fn unknown_secret(fields: &UnknownFields, at: &Path<'_>, errors: &mut ValidationErrors) {
    if !fields.is_empty() {
        unknown_secret_keys(fields, at, errors);
    }
}

#[cold]
fn unknown_secret_keys(fields: &UnknownFields, at: &Path<'_>, errors: &mut ValidationErrors) {
    for _ in fields.keys() {
        errors.push(
            &at.key(REDACTED_KEY),
            ErrorKind::UnknownField,
            "a key the connector type does not define (name redacted: it may be a secret)",
        );
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

/// How Kibana reads a URL field (the overlay's `family`). Every family then applies
/// `xpack.actions.allowedHosts` to the host name legacy `url.parse` extracts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlFamily {
    /// Only `ensureUriAllowed` (legacy `url.parse`): with `allowedHosts: ['*']` any string
    /// passes, even one with no scheme.
    Legacy,
    /// `new URL()` (WHATWG) must parse, whatever the scheme.
    Any,
    /// `http:` or `https:` with a non-empty host (Kibana's `assertURL`, WHATWG).
    Http,
}

const NOT_ALLOWED: &str = "is not added to the Kibana config xpack.actions.allowedHosts";

/// Kibana's message for a URL whose host is not allowed, naming the host (what to add to
/// `allowedHosts`) but not the URL, whose path or query may be a secret (Slack, Teams).
fn url_not_allowed(host: Option<&str>) -> String {
    match host {
        Some(host) if !host.is_empty() => format!("target url with host \"{host}\" {NOT_ALLOWED}"),
        _ => format!("target url {NOT_ALLOWED}"),
    }
}

/// [`url_not_allowed`] for a URL refused by [`ValidationContext::uri_allowed`]: the host
/// name legacy `url.parse` reads, which is what Kibana compares. Only a host after `://` is
/// named: `url.parse` also finds one in `token:abc`, which may be a secret in the wrong field.
fn uri_not_allowed(value: &str) -> String {
    let host = legacy_url::hostname(value).ok().flatten().filter(|_| value.contains("://"));
    url_not_allowed(host.as_deref())
}

/// Parses a URL as its family does and applies `xpack.actions.allowedHosts`. Only a refused
/// URL's host is echoed, never the rest of the value. A blank value is left to the
/// empty-string check, which Kibana's route makes first.
pub fn url(value: &str, family: UrlFamily, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
    // `http(s)://host…` of the everyday shape: every family accepts it, and WHATWG and
    // legacy `url.parse` both read `host` as written.
    if let Some(host) = fast_url::simple_host(value) {
        if !cx.host_allowed(host) {
            errors.push(at, ErrorKind::HostNotAllowed, url_not_allowed(Some(host)));
        }
        return;
    }
    if value.trim().is_empty() {
        return;
    }
    if family == UrlFamily::Legacy {
        if !cx.uri_allowed(value) {
            errors.push(at, ErrorKind::HostNotAllowed, uri_not_allowed(value));
        }
        return;
    }
    let parsed = match whatwg::parse(value) {
        Ok(u) => u,
        Err(e) => return errors.push(at, ErrorKind::InvalidUrl, format!("unable to parse url: {e}")),
    };
    let host = parsed.host_str().unwrap_or_default();
    if family == UrlFamily::Http {
        if host.is_empty() {
            return errors.push(at, ErrorKind::InvalidUrl, "URL Error: URL must contain hostname");
        }
        if !matches!(parsed.scheme(), "http" | "https") {
            return errors.push(at, ErrorKind::InvalidUrl, "URL Error: Invalid protocol");
        }
    }
    if !cx.uri_allowed(value) {
        errors.push(at, ErrorKind::HostNotAllowed, uri_not_allowed(value));
    }
}

/// [`url`], then the URL's (WHATWG) host must be one of `hosts` (Torq's webhook hosts).
pub fn url_on_hosts(
    value: &str,
    family: UrlFamily,
    hosts: &[&str],
    message: &str,
    at: &Path<'_>,
    cx: &ValidationContext,
    errors: &mut ValidationErrors,
) {
    let before = errors.len();
    url(value, family, at, cx, errors);
    if errors.len() > before || value.trim().is_empty() {
        return;
    }
    let on_hosts = match fast_url::simple_host(value) {
        Some(host) => hosts.contains(&host),
        None => {
            let parsed = whatwg::parse(value).ok();
            hosts.contains(&parsed.as_ref().and_then(url::Url::host_str).unwrap_or_default())
        }
    };
    if !on_hosts {
        errors.push(at, ErrorKind::InvalidUrl, message);
    }
}

/// A bare host name (email `host`): only the allowed-hosts setting applies.
pub fn host(value: &str, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
    if !value.trim().is_empty() && !cx.host_allowed(value) {
        errors.push(at, ErrorKind::HostNotAllowed, format!("host name \"{value}\" {NOT_ALLOWED}"));
    }
}

/// An RFC 5322 address list (`a@b.c, Name <d@e.f>`, groups too), as Kibana checks `from`:
/// before kibana#268496 only when kibana.yml has an `xpack.actions.email` block
/// (`validateEmails` returned early on `config.email == null`), after it (`always`) in every
/// setting and with its `hyphens` rules ([`address_list::hyphens_ok`]); with a
/// domain allowlist, every address's domain must be on it.
pub fn email_list(
    value: &str,
    always: bool,
    hyphens: bool,
    at: &Path<'_>,
    cx: &ValidationContext,
    errors: &mut ValidationErrors,
) {
    if !cx.email_block && !always {
        return;
    }
    // Each mailbox as `(local, quoted, domain)`: the everyday shapes in one scan, the rest parsed.
    let parsed;
    let verdict = match address_list::simple_mailboxes(value) {
        Some(items) => judge_mailboxes(items.map(|(local, domain)| (local, false, domain)), hyphens, cx),
        None => {
            let Some(addresses) = address_list::parse(value) else {
                return errors.push(at, ErrorKind::InvalidEmail, format!("not valid emails: {value}"));
            };
            parsed = addresses;
            let mailboxes = parsed.iter().flat_map(address_list::Address::mailboxes);
            judge_mailboxes(mailboxes.map(|m| (m.local.as_str(), m.quoted, m.domain.as_str())), hyphens, cx)
        }
    };
    match verdict {
        Some(ErrorKind::InvalidEmail) => errors.push(at, ErrorKind::InvalidEmail, format!("not valid emails: {value}")),
        Some(kind) => errors.push(at, kind, format!("not allowed emails: {value}")),
        None => {}
    }
}

/// Kibana's verdict on a parsed address list: a mailbox that breaks the `hyphens` rules makes
/// the list invalid (checked before the allowlist), one outside the domain allowlist makes
/// it not allowed.
fn judge_mailboxes<'a>(
    mailboxes: impl Iterator<Item = (&'a str, bool, &'a str)>,
    hyphens: bool,
    cx: &ValidationContext,
) -> Option<ErrorKind> {
    let (mut invalid, mut foreign) = (false, false);
    for (local, quoted, domain) in mailboxes {
        invalid |= hyphens && !address_list::hyphens_ok(local, quoted, domain);
        foreign |= cx.email_domains.as_ref().is_some_and(|allowed| !allowed.contains(domain));
    }
    if invalid { Some(ErrorKind::InvalidEmail) } else { foreign.then_some(ErrorKind::DomainNotAllowed) }
}

/// `minLength`/`maxLength` (in characters).
pub fn length(value: &str, min: Option<usize>, max: Option<usize>, at: &Path<'_>, errors: &mut ValidationErrors) {
    // A character takes one to four bytes: the byte length often settles both bounds.
    let bytes = value.len();
    if min.is_none_or(|m| bytes.div_ceil(4) >= m) && max.is_none_or(|m| bytes <= m) {
        return;
    }
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
        errors.push(
            at,
            ErrorKind::InvalidValue,
            format!("Value is [{value}] but it must be equal to or greater than [{min}]."),
        );
    }
    if let Some(max) = max.filter(|m| value > *m) {
        errors.push(
            at,
            ErrorKind::InvalidValue,
            format!("Value is [{value}] but it must be equal to or lower than [{max}]."),
        );
    }
}

/// Compares an optional field value with a literal.
pub fn is<T: PartialEq<L> + ?Sized, L>(value: Option<&T>, literal: L) -> bool {
    value.is_some_and(|v| *v == literal)
}

/// The set of present keys must be one of `allowed`; `present` lists (key, is set).
pub fn combination(
    present: &[(&str, bool)],
    allowed: &[&[&str]],
    message: &str,
    at: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    // The set of keys that are set, without building it (a handful of keys: quadratic is fine).
    let is_set = |key: &str| present.iter().any(|(k, p)| *p && *k == key);
    let set_len = present
        .iter()
        .enumerate()
        .filter(|&(i, (k, p))| *p && !present.iter().take(i).any(|(k2, p2)| *p2 && k2 == k))
        .count();
    if !allowed.iter().any(|combo| combo.len() == set_len && combo.iter().all(|k| is_set(k))) {
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

/// A key the release does not know, sent anyway: Kibana's message for it.
pub fn undeclared(sent: bool, key: &str, at: &Path<'_>, errors: &mut ValidationErrors) {
    if sent {
        errors.push(&at.key(key), ErrorKind::UnknownField, format!("[{key}]: definition for this key is missing"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(value: &str, family: UrlFamily) -> Vec<String> {
        let cx = ValidationContext::with_allowed_hosts(["allowed.example.com"]);
        let mut errors = ValidationErrors::default();
        url(value, family, &Path::ROOT.key("url"), &cx, &mut errors);
        errors.iter().map(|e| e.message.clone()).collect()
    }

    #[test]
    fn a_refused_url_names_its_host_and_nothing_else() {
        let named =
            "target url with host \"hooks.slack.com\" is not added to the Kibana config xpack.actions.allowedHosts";
        // The fast path, the full parsers, and a legacy-only field.
        assert_eq!(messages("https://hooks.slack.com/services/T0/B0/secret", UrlFamily::Http), [named]);
        assert_eq!(messages("https://u:p@Hooks.Slack.com/services/secret", UrlFamily::Any), [named]);
        assert_eq!(messages("HTTPS://hooks.slack.com/services/secret", UrlFamily::Legacy), [named]);
        // No host after `://`: nothing of the value is echoed.
        let unnamed = "target url is not added to the Kibana config xpack.actions.allowedHosts";
        assert_eq!(messages("token:s3cr3t", UrlFamily::Legacy), [unnamed]);
        assert_eq!(messages("not a url", UrlFamily::Legacy), [unnamed]);
    }
}
