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
/// default differ, and so do `587` and `"587"`.
#[derive(Clone, PartialEq)]
pub struct Defaulted<T> {
    value: T,
    origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Origin {
    /// Absent: `value` is the default.
    Default,
    /// Sent as `value`.
    Sent,
    /// Sent as this JSON string, which Kibana coerced to `value`.
    Text(Box<str>),
}

impl<T> Defaulted<T> {
    /// A value that is (or will be) sent.
    pub const fn sent(value: T) -> Self {
        Self { value, origin: Origin::Sent }
    }

    /// A value that was sent as the JSON string `text`, which Kibana coerces to `value`
    /// (`"587"` → 587, `"TRUE"` → true). Serializes as `text`.
    pub fn sent_as_text(value: T, text: impl Into<Box<str>>) -> Self {
        Self { value, origin: Origin::Text(text.into()) }
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
            Origin::Text(t) => Some(t),
            _ => None,
        }
    }

    /// Whether the value was sent as a string that Kibana coerced.
    pub const fn was_sent_as_string(&self) -> bool {
        matches!(self.origin, Origin::Text(_))
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
            Origin::Text(_) => self.origin = Origin::Sent,
            Origin::Default if stored => self.origin = Origin::Sent,
            _ => {}
        }
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
            // The text is the value as a string: never a secret (secrets are not coerced).
            Origin::Text(t) => write!(f, " (sent as {t:?})"),
            Origin::Sent => Ok(()),
        }
    }
}

/// Serializes what was sent: the coerced string as that string, otherwise the value.
/// Fields skip an absent key with `skip_serializing_if = "Defaulted::is_default"`.
impl<T: Serialize> Serialize for Defaulted<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.origin {
            Origin::Text(t) => serializer.serialize_str(t),
            _ => self.value.serialize(serializer),
        }
    }
}

impl Defaulted<bool> {
    /// JavaScript truthiness of the raw request value, which Kibana's connector-level
    /// checks use: absent is falsy, `true` is truthy, and so is any string (even `"false"`).
    pub const fn raw_truthy(&self) -> bool {
        match self.origin {
            Origin::Default => false,
            Origin::Sent => self.value,
            Origin::Text(_) => true,
        }
    }
}
