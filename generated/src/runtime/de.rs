//! Deserialization helpers the generated `Deserialize` impls call.

use super::Defaulted;
use super::defaulted::Raw;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

/// A map key, borrowed from the input when possible (no allocation for plain keys).
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

/// A string borrowed from the input when possible; `.0` says what was expected.
struct Word(&'static str);

impl<'de> Visitor<'de> for Word {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
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

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Word("a string key"))
    }
}

/// Wraps the visitor of a secrets object: a non-object input is rejected without
/// echoing it (serde's default message would quote a string, which may be a secret).
/// Use it with `deserialize_any`, so the visitor, not the deserializer, reports the type.
pub struct Redacting<V>(pub V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Redacting<V> {
    type Value = V::Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(map)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<V::Value, E> {
        Err(E::custom("invalid type: string, expected an object (value redacted)"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<V::Value, E> {
        Err(E::custom("invalid type: boolean, expected an object"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<V::Value, E> {
        Err(E::custom("invalid type: number, expected an object (value redacted)"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<V::Value, E> {
        Err(E::custom("invalid type: number, expected an object (value redacted)"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<V::Value, E> {
        Err(E::custom("invalid type: number, expected an object (value redacted)"))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("invalid type: array, expected an object"))
    }
}

/// A string-keyed map that also accepts a JSON string holding an object, as Kibana's
/// `recordOf` does in 8.x (`"headers": "{\"X-A\": \"1\"}"`); the string is kept so the
/// body serializes back as it was sent.
pub struct MapOrJson<T> {
    /// The map.
    pub map: std::collections::BTreeMap<String, T>,
    /// The JSON string it was sent as, if it was.
    pub text: Option<Box<str>>,
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for MapOrJson<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::de::DeserializeOwned> Visitor<'de> for V<T> {
            type Value = MapOrJson<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object, or a string holding a JSON object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = std::collections::BTreeMap::new();
                while let Some(k) = map.next_key::<String>()? {
                    let v = field::<T, A>(&mut map, &k)?;
                    out.insert(k, v);
                }
                Ok(MapOrJson { map: out, text: None })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                super::trail::untracked(|| serde_json::from_str(v))
                    .map(|map| MapOrJson { map, text: Some(v.into()) })
                    .map_err(|e| E::custom(format_args!("could not parse record value from json input: {e}")))
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A list or object that Kibana's schema library also reads from a string holding its JSON
/// (`"allowedChannels": "[]"`); the string is kept so the body serializes back as sent.
pub struct JsonText<T> {
    /// The value.
    pub value: T,
    /// The JSON string it was sent as, if it was.
    pub text: Option<Box<str>>,
}

/// A list sent as JSON, or as a string holding its JSON: read in one pass either way
/// (elements are read straight from the input, never through a `serde_json::Value`).
impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for JsonText<Vec<T>> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::de::DeserializeOwned> Visitor<'de> for V<T> {
            type Value = JsonText<Vec<T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut value = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                loop {
                    match seq.next_element::<T>() {
                        Ok(Some(item)) => value.push(item),
                        Ok(None) => return Ok(JsonText { value, text: None }),
                        Err(e) => return Err(super::trail::at_index(value.len(), e)),
                    }
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                from_json_text(v)
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A nested object sent as JSON, or as a string holding its JSON.
impl<'de, T: Object + serde::de::DeserializeOwned> Deserialize<'de> for JsonText<Box<T>> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Object + serde::de::DeserializeOwned> Visitor<'de> for V<T> {
            type Value = JsonText<Box<T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(T::EXPECTING)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::visit(map).map(|value| JsonText { value: Box::new(value), text: None })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                from_json_text(v)
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

/// The value held by a string of JSON text, kept with the text.
fn from_json_text<T: serde::de::DeserializeOwned, E: de::Error>(text: &str) -> Result<JsonText<T>, E> {
    super::trail::untracked(|| serde_json::from_str(text))
        .map(|value| JsonText { value, text: Some(text.into()) })
        .map_err(|e| E::custom(format_args!("could not parse value from json input: {e}")))
}

/// A generated struct's map visitor, which the runtime drives: one visitor type serves
/// every struct, and config/secrets dispatch calls [`Object::visit`] on the map it holds.
pub trait Object: Sized {
    /// What the struct is, for type errors (`a \`torq_config\` object`).
    const EXPECTING: &'static str;
    /// Reads the struct from the entries of a map.
    fn visit<'de, A: de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// `Deserialize` of a generated struct.
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// `Deserialize` of a generated secrets struct: `deserialize_any`, so that the visitor, not
/// the deserializer, reports a wrong type (the deserializer's message would quote the input).
pub fn secret_object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_any(Redacting(ObjectVisitor(std::marker::PhantomData)))
}

/// The value of the current key, an error located under `key`.
#[inline]
pub fn field<'de, T: Deserialize<'de>, A: de::MapAccess<'de>>(map: &mut A, key: &str) -> Result<T, A::Error> {
    map.next_value().map_err(|e| super::trail::at_key(key, e))
}

/// The value of the current key, which must not be `null`.
#[inline]
pub fn value<'de, T: Deserialize<'de>, A: de::MapAccess<'de>>(map: &mut A, key: &Key<'de>) -> Result<T, A::Error> {
    field::<NotNull<T>, A>(map, key.as_str()).map(|v| v.0)
}

/// A number key's value, `null` included when no release reads it as absent: Kibana 9.3+
/// reads every config number with JavaScript's `Number()` (`null` is 0), earlier releases
/// refuse it (checked by release, not here).
#[inline]
pub fn number<'de, A: de::MapAccess<'de>>(map: &mut A, key: &Key<'de>) -> Result<Coerce<f64>, A::Error> {
    field(map, key.as_str())
}

/// The value of the current key, `null` included.
#[inline]
pub fn nullable<'de, T: Deserialize<'de>, A: de::MapAccess<'de>>(
    map: &mut A,
    key: &Key<'de>,
) -> Result<Option<T>, A::Error> {
    field(map, key.as_str())
}

/// A string enum's value: one of `names`, read through `FromStr` (one visitor for every
/// enum, instead of serde's enum machinery per type).
pub fn enum_value<'de, T: std::str::FromStr, D: Deserializer<'de>>(
    deserializer: D,
    names: &'static [&'static str],
) -> Result<T, D::Error> {
    let word = deserializer.deserialize_str(Word("a string"))?;
    word.as_str().parse().map_err(|_| de::Error::unknown_variant(word.as_str(), names))
}

/// Keeps an undeclared key and its value.
pub fn unknown<'de, A: de::MapAccess<'de>>(
    map: &mut A,
    fields: &mut super::UnknownFields,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value = field(map, key.as_str())?;
    fields.insert(key.into_string(), value);
    Ok(())
}

impl<T> Tracked for JsonText<T> {
    type Value = T;
    fn into_tracked(self) -> Defaulted<T> {
        match self.text {
            Some(text) => Defaulted::sent_as_text(self.value, text),
            None => Defaulted::sent(self.value),
        }
    }
}

/// A value that may be omitted but not `null` (Kibana's `schema.maybe`): `null` is an error.
pub struct NotNull<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for NotNull<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = NotNull<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value (null is not allowed here: omit the key instead)")
            }
            fn visit_none<E: de::Error>(self) -> Result<NotNull<T>, E> {
                Err(E::custom("null is not allowed here: omit the key instead"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<NotNull<T>, E> {
                self.visit_none()
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NotNull<T>, D::Error> {
                T::deserialize(d).map(NotNull)
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

/// A number or boolean read the way Kibana's schema library reads it: numeric strings
/// become numbers (`"587"` → 587) and `"true"`/`"false"` (any case) become booleans.
/// Strings are never made from numbers.
pub struct Coerce<T> {
    /// The coerced value.
    pub value: T,
    /// The form the value arrived in when it is not the value's own: a string (to
    /// JavaScript, `"false"` is truthy: Kibana's raw-request checks see it that way) or a
    /// number written otherwise (`25.0`), kept so it serializes back unchanged.
    pub raw: Option<Raw>,
}

fn direct<T>(value: T) -> Coerce<T> {
    Coerce { value, raw: None }
}

fn from_string<T>(text: &str) -> impl FnOnce(T) -> Coerce<T> + '_ {
    move |value| Coerce { value, raw: Some(Raw::Text(text.into())) }
}

fn as_number<T>(value: T, number: impl Into<serde_json::Number>) -> Coerce<T> {
    Coerce { value, raw: Some(Raw::Number(number.into())) }
}

struct CoerceVisitor<T>(std::marker::PhantomData<T>);

impl<'de> Deserialize<'de> for Coerce<i64> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CoerceVisitor::<i64>(std::marker::PhantomData))
    }
}

impl Visitor<'_> for CoerceVisitor<i64> {
    type Value = Coerce<i64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Coerce<i64>, E> {
        Ok(direct(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Coerce<i64>, E> {
        i64::try_from(v).map(direct).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Coerce<i64>, E> {
        match serde_json::Number::from_f64(v) {
            Some(n) if v.fract() == 0.0 && v.abs() < 9.0e15 => Ok(as_number(v as i64, n)),
            _ => Err(E::invalid_value(de::Unexpected::Float(v), &self)),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Coerce<i64>, E> {
        v.trim().parse::<i64>().map(from_string(v)).map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

impl<'de> Deserialize<'de> for Coerce<f64> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CoerceVisitor::<f64>(std::marker::PhantomData))
    }
}

impl<'de> Visitor<'de> for CoerceVisitor<f64> {
    type Value = Coerce<f64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Coerce<f64>, E> {
        Ok(as_number(v as f64, v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Coerce<f64>, E> {
        Ok(as_number(v as f64, v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Coerce<f64>, E> {
        // `25.0` would be written back as JavaScript writes it (`25`): keep the form sent.
        match serde_json::Number::from_f64(v) {
            Some(n) if v.fract() == 0.0 => Ok(as_number(v, n)),
            _ => Ok(direct(v)),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Coerce<f64>, E> {
        if let Some(n) = v.trim().parse::<f64>().ok().filter(|n| n.is_finite()) {
            return Ok(from_string(v)(n));
        }
        js_form(serde_json::Value::String(v.to_owned())).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Coerce<f64>, E> {
        js_form(serde_json::Value::Bool(v)).ok_or_else(|| E::invalid_type(de::Unexpected::Bool(v), &self))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Coerce<f64>, E> {
        js_form(serde_json::Value::Null).ok_or_else(|| E::invalid_type(de::Unexpected::Unit, &self))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Coerce<f64>, A::Error> {
        let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        js_form(value).ok_or_else(|| de::Error::invalid_type(de::Unexpected::Seq, &self))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Coerce<f64>, A::Error> {
        // `Number({})` is NaN: never a number.
        de::IgnoredAny::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Err(de::Error::invalid_type(de::Unexpected::Map, &self))
    }
}

/// A value only JavaScript's `Number()` makes a finite number of (Kibana 9.3+ reads numbers
/// with zod's `z.coerce.number()`); `None` where no release takes it.
fn js_form(value: serde_json::Value) -> Option<Coerce<f64>> {
    let n = crate::runtime::js_number::number(&value)?;
    Some(Coerce { value: n, raw: Some(Raw::Js(Box::new(value))) })
}

impl<'de> Deserialize<'de> for Coerce<bool> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CoerceVisitor::<bool>(std::marker::PhantomData))
    }
}

impl Visitor<'_> for CoerceVisitor<bool> {
    type Value = Coerce<bool>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean or the string \"true\" or \"false\"")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Coerce<bool>, E> {
        Ok(direct(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Coerce<bool>, E> {
        if v.eq_ignore_ascii_case("true") {
            Ok(from_string(v)(true))
        } else if v.eq_ignore_ascii_case("false") {
            Ok(from_string(v)(false))
        } else {
            Err(E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }
}

/// A value read in one of the forms Kibana coerces, kept with the form it was sent in.
pub trait Tracked {
    /// The value type (`i64`, `Option<bool>`, a map, …).
    type Value;
    /// The value, remembering a string form.
    fn into_tracked(self) -> Defaulted<Self::Value>;
}

impl<T> Tracked for Coerce<T> {
    type Value = T;
    fn into_tracked(self) -> Defaulted<T> {
        Defaulted::sent_as(self.value, self.raw)
    }
}

impl<T> Tracked for MapOrJson<T> {
    type Value = std::collections::BTreeMap<String, T>;
    fn into_tracked(self) -> Defaulted<Self::Value> {
        match self.text {
            Some(text) => Defaulted::sent_as_text(self.map, text),
            None => Defaulted::sent(self.map),
        }
    }
}

/// `null` stays `null` (sent); a value keeps its string form.
impl<S: Tracked> Tracked for Option<S> {
    type Value = Option<S::Value>;
    fn into_tracked(self) -> Defaulted<Self::Value> {
        match self {
            None => Defaulted::sent(None),
            Some(s) => {
                let inner = s.into_tracked();
                let raw = inner.raw_form().cloned();
                Defaulted::sent_as(Some(inner.into_inner()), raw)
            }
        }
    }
}

/// A coerced key that may be absent: the value as sent (with its string form), or the default.
pub fn or_default_tracked<S: Tracked>(slot: Option<S>, default: impl FnOnce() -> S::Value) -> Defaulted<S::Value> {
    match slot {
        Some(s) => s.into_tracked(),
        None => Defaulted::from_default(default()),
    }
}

/// `ConnectorConfig` and `ConnectorSecrets`: read as the struct a connector type `K`
/// prescribes.
pub trait Directed<K: Copy>: Sized {
    /// Whether type errors must not quote the input.
    const SECRET: bool;
    /// What the connector type expects, for type errors.
    fn expecting(ty: K) -> &'static str;
    /// Reads the struct of `ty` from the entries of a map.
    fn visit_for<'de, A: de::MapAccess<'de>>(ty: K, map: A) -> Result<Self, A::Error>;
}

struct DirectedVisitor<K, T>(K, std::marker::PhantomData<T>);

impl<'de, K: Copy, T: Directed<K>> Visitor<'de> for DirectedVisitor<K, T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::expecting(self.0))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit_for(self.0, map)
    }
}

/// `deserialize_for` of `ConnectorConfig` and `ConnectorSecrets`.
pub fn directed<'de, K: Copy, T: Directed<K>, D: Deserializer<'de>>(ty: K, deserializer: D) -> Result<T, D::Error> {
    let visitor = DirectedVisitor(ty, std::marker::PhantomData);
    if T::SECRET { deserializer.deserialize_any(Redacting(visitor)) } else { deserializer.deserialize_map(visitor) }
}

/// Parses the whole of `text` with `parse` (trailing characters are an error).
pub(crate) fn parse_text<T>(
    text: &str,
    parse: impl FnOnce(&mut serde_json::Deserializer<serde_json::de::StrRead<'_>>) -> Result<T, serde_json::Error>,
) -> Result<T, serde_json::Error> {
    let mut d = serde_json::Deserializer::from_str(text);
    let value = parse(&mut d)?;
    d.end()?;
    Ok(value)
}
