//! Deserialization helpers the generated `Deserialize` impls call.

use super::Defaulted;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// A map key, borrowed from the input when possible (no allocation for plain keys).
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// A value that may be omitted but not `null` (Kibana's `schema.maybe`): `null` is an error.
pub struct NonNull<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for NonNull<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = NonNull<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value (null is not allowed here: omit the key instead)")
            }
            fn visit_none<E: de::Error>(self) -> Result<NonNull<T>, E> {
                Err(E::custom("null is not allowed here: omit the key instead"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<NonNull<T>, E> {
                self.visit_none()
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NonNull<T>, D::Error> {
                T::deserialize(d).map(NonNull)
            }
        }
        deserializer.deserialize_option(V(std::marker::PhantomData))
    }
}

/// A required key: its value, or serde's "missing field" error.
pub fn required<T, E: de::Error>(slot: Option<T>, wire: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(wire))
}

/// A key with a spec default: the sent value, or the default marked as not sent.
pub fn or_default<T>(slot: Option<T>, default: impl FnOnce() -> T) -> Defaulted<T> {
    match slot {
        Some(v) => Defaulted::sent(v),
        None => Defaulted::from_default(default()),
    }
}
