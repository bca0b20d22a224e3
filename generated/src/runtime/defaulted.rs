use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::Deref;

/// A key that may be absent from a request, remembering how it arrived.
///
/// Dereferences to the value: the one sent, or else the default Kibana stores when the
/// key is absent (what [`normalized`](crate::CreateConnectorRequest::normalized) writes).
/// Serialization writes what was sent and nothing more: an absent key stays absent, and
/// a value Kibana coerced from a string (`"587"`, `"TRUE"`, a header map as JSON text)
/// is written back as that string. Kibana's cross-field checks read the raw request, so
/// writing a default out, or a string as a number, could change its verdict.
///
/// Equality is equality of what would be serialized: a sent value and an applied
/// default differ, and so do `587` and `"587"` (for "would Kibana store the same", see
/// [`CreateConnectorRequest::drift`](crate::CreateConnectorRequest::drift)).
///
/// ```
/// use kibana_connectors::*;
///
/// let mut hook = WebhookConfig::builder().url("https://a.example").build()?;
/// assert_eq!(*hook.method, WebhookConfigMethod::Post);   // Kibana's default…
/// assert!(!hook.method.was_sent());                      // …not in the body
/// hook.method.set(WebhookConfigMethod::Put);             // now sent
/// assert!(hook.method.was_sent());
/// hook.headers.get_mut().get_or_insert_with(Default::default).insert("X-Team".into(), "ops".into());
/// assert_eq!(serde_json::to_value(&hook)?, serde_json::json!(
///     {"url": "https://a.example", "method": "put", "headers": {"X-Team": "ops"}}));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Defaulted<T> {
    value: T,
    origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Origin {
    /// Absent: `value` is the default.
    Default,
    /// Sent as `value`.
    Sent,
    /// Sent in another form than `value` would serialize to.
    Raw(Raw),
}

/// How a value was sent when that differs from how it serializes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Raw {
    /// A JSON string Kibana coerced (`"587"`, `"TRUE"`, a map as JSON text).
    Text(Box<str>),
    /// A JSON number in another form (`25.0` for an integer key, `25` for a number key).
    Number(serde_json::Number),
    /// A value only JavaScript's `Number()` reads as a number (`true`, `null`, `[]`,
    /// `"0x10"`): Kibana's zod schemas (9.3 on) take it, config-schema refuses it.
    Js(Box<serde_json::Value>),
}

/// `serde_json::Value` has no `Hash`: the `Js` form hashes as its JSON text.
impl std::hash::Hash for Raw {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            Raw::Text(text) => (0u8, text).hash(state),
            Raw::Number(n) => (1u8, n).hash(state),
            Raw::Js(value) => (2u8, value.to_string()).hash(state),
        }
    }
}

impl<T> Defaulted<T> {
    /// A value that is (or will be) sent.
    pub const fn sent(value: T) -> Self {
        Self { value, origin: Origin::Sent }
    }

    /// A value that was sent as the JSON string `text`, which Kibana coerces to `value`
    /// (`"587"` → 587, `"TRUE"` → true). Serializes as `text`.
    pub fn sent_as_text(value: T, text: impl Into<Box<str>>) -> Self {
        Self { value, origin: Origin::Raw(Raw::Text(text.into())) }
    }

    /// A value that was sent in the form `raw`, which serializes back unchanged.
    pub(crate) fn sent_as(value: T, raw: Option<Raw>) -> Self {
        Self { value, origin: raw.map_or(Origin::Sent, Origin::Raw) }
    }

    /// The form the value was sent in, when it differs from the value's own.
    pub(crate) fn raw_form(&self) -> Option<&Raw> {
        match &self.origin {
            Origin::Raw(raw) => Some(raw),
            _ => None,
        }
    }

    /// The default, applied because the key is absent. Not serialized.
    pub const fn from_default(value: T) -> Self {
        Self { value, origin: Origin::Default }
    }

    /// Whether the key is present in the body.
    pub const fn was_sent(&self) -> bool {
        !matches!(self.origin, Origin::Default)
    }

    /// Whether the key is absent (the default applies). Used to skip it when serializing.
    pub const fn is_default(&self) -> bool {
        matches!(self.origin, Origin::Default)
    }

    /// The string the value was sent as, when Kibana coerced it from one.
    pub fn sent_text(&self) -> Option<&str> {
        match &self.origin {
            Origin::Raw(Raw::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// Whether the value was sent as a string that Kibana coerced.
    pub const fn was_sent_as_string(&self) -> bool {
        matches!(self.origin, Origin::Raw(Raw::Text(_)))
    }

    /// The value as sent by the client, or `None` if the key is absent.
    pub const fn raw(&self) -> Option<&T> {
        if self.was_sent() { Some(&self.value) } else { None }
    }

    /// The value (sent or defaulted).
    pub const fn get(&self) -> &T {
        &self.value
    }

    /// The value, consuming the wrapper.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// As Kibana stores it: a coerced string becomes its value, and an absent key takes
    /// its default when `stored` (Kibana writes that default) or stays absent otherwise.
    pub(crate) fn settle(&mut self, stored: bool) {
        match self.origin {
            Origin::Raw(_) => self.origin = Origin::Sent,
            Origin::Default if stored => self.origin = Origin::Sent,
            _ => {}
        }
    }

    /// As Kibana stores it when it writes `default()` for an absent key (a release whose
    /// default differs from the newest one's).
    pub(crate) fn settle_to(&mut self, default: impl FnOnce() -> T) {
        match self.origin {
            Origin::Default => {
                self.value = default();
                self.origin = Origin::Sent;
            }
            Origin::Raw(_) => self.origin = Origin::Sent,
            Origin::Sent => {}
        }
    }

    /// Records the form the (sent) value is written in.
    pub(crate) fn set_raw(&mut self, raw: Raw) {
        self.origin = Origin::Raw(raw);
    }

    /// Replaces the value; the key is then sent, in the value's own form.
    ///
    /// ```
    /// use kibana_connectors::Defaulted;
    ///
    /// let mut method = Defaulted::from_default("post".to_owned());
    /// method.set("put".to_owned());
    /// assert!(method.was_sent() && *method == "put");
    /// ```
    pub fn set(&mut self, value: T) {
        self.value = value;
        self.origin = Origin::Sent;
    }

    /// The value, to change in place (add a header to a stored map); the key is then sent,
    /// in the value's own form.
    ///
    /// ```
    /// use kibana_connectors::Defaulted;
    /// use std::collections::BTreeMap;
    ///
    /// let mut headers: Defaulted<Option<BTreeMap<String, String>>> = Defaulted::from_default(None);
    /// headers.get_mut().get_or_insert_with(BTreeMap::new).insert("X-Team".into(), "ops".into());
    /// assert!(headers.was_sent());
    /// assert_eq!(serde_json::to_value(&headers)?, serde_json::json!({"X-Team": "ops"}));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn get_mut(&mut self) -> &mut T {
        self.origin = Origin::Sent;
        &mut self.value
    }

    /// The value, mutably (for normalizing nested values; the origin is kept).
    pub(crate) fn value_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T> Deref for Defaulted<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> From<T> for Defaulted<T> {
    fn from(value: T) -> Self {
        Self::sent(value)
    }
}

impl<T: fmt::Debug> fmt::Debug for Defaulted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)?;
        match &self.origin {
            Origin::Default => f.write_str(" (default)"),
            // The raw form is the value in another form: never a secret (secrets are not coerced).
            Origin::Raw(Raw::Text(t)) => write!(f, " (sent as {t:?})"),
            Origin::Raw(Raw::Number(n)) => write!(f, " (sent as {n})"),
            Origin::Raw(Raw::Js(v)) => write!(f, " (sent as {v})"),
            Origin::Sent => Ok(()),
        }
    }
}

/// Serializes what was sent: the coerced string as that string, otherwise the value.
/// Fields skip an absent key with `skip_serializing_if = "Defaulted::is_default"`.
impl<T: Serialize> Serialize for Defaulted<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.origin {
            Origin::Raw(Raw::Text(t)) => serializer.serialize_str(t),
            Origin::Raw(Raw::Number(n)) => n.serialize(serializer),
            Origin::Raw(Raw::Js(v)) => v.serialize(serializer),
            _ => self.value.serialize(serializer),
        }
    }
}

/// A number as JavaScript's `JSON.stringify` writes it: an integral value without a
/// fraction (`587`, not serde_json's `587.0`), so a body built in code matches what Kibana
/// returns. Implemented for `f64` and `Option<f64>`.
pub trait JsNumber {
    /// Writes the value.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

impl JsNumber for f64 {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Integral and within the range where every integer is exact.
        if self.fract() == 0.0 && self.abs() < 9.0e15 {
            #[allow(clippy::cast_possible_truncation)] // integral and below 2^53, checked above
            return serializer.serialize_i64(*self as i64);
        }
        serializer.serialize_f64(*self)
    }
}

impl<T: JsNumber> JsNumber for Option<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => v.write(serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// `serialize_with` for number keys: what was sent in another form is written back in it;
/// otherwise the number as JavaScript writes it.
pub fn js_number<T: JsNumber + Serialize, S: Serializer>(
    value: &Defaulted<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match &value.origin {
        Origin::Raw(_) => value.serialize(serializer),
        _ => value.value.write(serializer),
    }
}

impl Defaulted<bool> {
    /// JavaScript truthiness of the raw request value, which Kibana's connector-level
    /// checks use: absent is falsy, `true` is truthy, and so is any string (even `"false"`).
    pub const fn raw_truthy(&self) -> bool {
        match self.origin {
            Origin::Default => false,
            Origin::Sent => self.value,
            Origin::Raw(Raw::Text(_)) => true,
            Origin::Raw(Raw::Number(_)) => self.value,
            Origin::Raw(Raw::Js(_)) => self.value,
        }
    }
}
