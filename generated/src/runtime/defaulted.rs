use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::Deref;

/// A value with a spec default, remembering whether it was sent or defaulted.
///
/// Kibana applies defaults before storing a connector, but some of its cross-field
/// checks look at the raw request, where an omitted key and an explicit default differ
/// (email `hasAuth`, xmatters `usesBasic`). Equality compares values only, so a parsed
/// body equals the same body with its defaults written out.
#[derive(Clone, Copy)]
pub struct Defaulted<T> {
    value: T,
    sent: bool,
    /// Sent as a string Kibana coerced (`"false"`), which is truthy in its raw-request checks.
    as_string: bool,
}

impl<T> Defaulted<T> {
    /// A value that was (or will be) sent explicitly.
    pub const fn sent(value: T) -> Self {
        Self { value, sent: true, as_string: false }
    }

    /// A value that was sent as a string and coerced (`"true"`, `"587"`).
    pub const fn sent_as_string(value: T) -> Self {
        Self { value, sent: true, as_string: true }
    }

    /// The spec default, applied because the key was absent.
    pub const fn from_default(value: T) -> Self {
        Self { value, sent: false, as_string: false }
    }

    /// Whether the key was present in the parsed body.
    pub const fn was_sent(&self) -> bool {
        self.sent
    }

    /// Whether the value was sent as a string that Kibana coerced.
    pub const fn was_sent_as_string(&self) -> bool {
        self.as_string
    }

    /// The value as sent by the client, or `None` if the default was applied.
    pub const fn raw(&self) -> Option<&T> {
        if self.sent { Some(&self.value) } else { None }
    }

    /// The value (sent or defaulted).
    pub const fn get(&self) -> &T {
        &self.value
    }

    /// The value, consuming the wrapper.
    pub fn into_inner(self) -> T {
        self.value
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

impl<T: PartialEq> PartialEq for Defaulted<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Defaulted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)?;
        if !self.sent {
            f.write_str(" (default)")?;
        }
        Ok(())
    }
}

/// Serializes the value: defaults are written out like sent values.
impl<T: Serialize> Serialize for Defaulted<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl Defaulted<bool> {
    /// JavaScript truthiness of the raw request value, which Kibana's connector-level
    /// checks use: absent is falsy, `true` is truthy, and so is any string (even `"false"`).
    pub const fn raw_truthy(&self) -> bool {
        self.sent && (self.value || self.as_string)
    }
}
