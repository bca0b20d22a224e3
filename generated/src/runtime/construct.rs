//! Construction and normalization helpers the generated code calls.

use super::defaulted::Raw;
use super::validate::ValidationContext;
use super::{Defaulted, Secret};
use std::collections::BTreeMap;
use std::fmt;

/// A builder's `build()` failed: required keys were not set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    type_name: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// `missing`: wire names of the required keys not set, in wire-name order.
    pub fn new(type_name: &'static str, missing: Vec<&'static str>) -> Self {
        Self { type_name, missing }
    }

    /// The Rust type the builder builds.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The wire names of the required keys that were not set.
    pub fn missing(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build {}: required key", self.type_name)?;
        if self.missing.len() > 1 {
            f.write_str("s")?;
        }
        for (i, key) in self.missing.iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            write!(f, "`{key}`")?;
        }
        f.write_str(" not set")
    }
}

impl std::error::Error for BuildError {}

/// A value as Kibana stores it (see the generated impls: coerced strings become values,
/// absent keys take the defaults Kibana writes).
pub trait Normalize {
    /// Normalizes in place, for the release and settings of `cx`.
    fn normalize(&mut self, _cx: &ValidationContext) {}

    /// The JSON form JavaScript writes for this value when it differs from serde's
    /// (`587` for the number 587.0, which serde writes as `587.0`).
    fn js_form(&self) -> Option<Raw> {
        None
    }
}

macro_rules! leaf {
    ($($t:ty),*) => { $( impl Normalize for $t {} )* };
}
leaf!(String, Secret, bool, i64, serde_json::Value);

impl Normalize for f64 {
    fn js_form(&self) -> Option<Raw> {
        // Integral values within JavaScript's safe range print without a fraction.
        (self.fract() == 0.0 && self.abs() < 9.0e15).then(|| Raw::Number(serde_json::Number::from(*self as i64)))
    }
}

impl<T: Normalize> Normalize for Option<T> {
    fn normalize(&mut self, cx: &ValidationContext) {
        if let Some(v) = self {
            v.normalize(cx);
        }
    }

    fn js_form(&self) -> Option<Raw> {
        self.as_ref().and_then(Normalize::js_form)
    }
}

impl<T: Normalize> Normalize for Box<T> {
    fn normalize(&mut self, cx: &ValidationContext) {
        (**self).normalize(cx);
    }
}

impl<T: Normalize> Normalize for Vec<T> {
    fn normalize(&mut self, cx: &ValidationContext) {
        self.iter_mut().for_each(|v| v.normalize(cx));
    }
}

impl<T: Normalize> Normalize for BTreeMap<String, T> {
    fn normalize(&mut self, cx: &ValidationContext) {
        self.values_mut().for_each(|v| v.normalize(cx));
    }
}

/// The value inside; whether an absent key is written is the field's business (`settle`).
/// A written number takes the form Kibana (JavaScript) writes.
impl<T: Normalize> Normalize for Defaulted<T> {
    fn normalize(&mut self, cx: &ValidationContext) {
        self.value_mut().normalize(cx);
        if self.was_sent() {
            if let Some(raw) = self.get().js_form() {
                self.set_raw(raw);
            }
        }
    }
}
