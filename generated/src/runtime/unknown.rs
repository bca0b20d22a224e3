use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Keys a body carried that the spec does not declare, with their values.
///
/// Responses keep them (a newer Kibana may add fields); requests are rejected by
/// validation when this is not empty. `Debug` prints how many keys there are only, because
/// under a secrets object the names and values may be secrets.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct UnknownFields(BTreeMap<String, serde_json::Value>);

/// `serde_json::Value` has no `Hash`: a value hashes as its JSON text, which equal values
/// share (`Value`'s `Eq` tells `1` from `1.0`, and so does the text).
impl std::hash::Hash for UnknownFields {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_usize(self.0.len());
        for (key, value) in &self.0 {
            key.hash(state);
            value.to_string().hash(state);
        }
    }
}

impl UnknownFields {
    /// Whether no undeclared key was seen.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The undeclared keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// The value of an undeclared key.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.0.get(key)
    }

    /// Records an undeclared key and its value.
    pub fn insert(&mut self, key: String, value: serde_json::Value) {
        self.0.insert(key, value);
    }
}

/// Neither names nor values: under `secrets` a key name may itself be a secret pasted in
/// the wrong place. Read the names with [`UnknownFields::keys`].
impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnknownFields({} keys)", self.0.len())
    }
}

/// A string that is not one of an enum's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    type_name: &'static str,
    value: String,
}

impl UnknownValue {
    /// A `value` that is not one of `type_name`'s values.
    pub fn new(type_name: &'static str, value: &str) -> Self {
        Self { type_name, value: value.to_owned() }
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid {}", self.value, self.type_name)
    }
}

impl std::error::Error for UnknownValue {}
