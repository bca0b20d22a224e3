//! Checks a spec `default` (or a value a rule condition compares with) against the
//! lowered field type, so emission cannot fail.

use crate::ir::{Literal, TypeDef, TypeKind, TypeName, TypeRef};
use serde_json::Value;
use std::collections::BTreeMap;

/// What is checked, as messages name it.
#[derive(Clone, Copy, Debug)]
pub(super) enum Checked {
    /// A schema's `default`.
    Default,
    /// The value of a rule condition (`is: …`).
    Value,
}

impl Checked {
    fn noun(self) -> &'static str {
        match self {
            Checked::Default => "default",
            Checked::Value => "value",
        }
    }
}

pub(super) fn check(
    value: &Value,
    what: Checked,
    ty: &TypeRef,
    nullable: bool,
    types: &BTreeMap<TypeName, TypeDef>,
) -> Result<Literal, String> {
    let noun = what.noun();
    let wrong = || format!("{noun} `{value}` does not match the property's type ({})", describe(ty));
    match (value, ty) {
        (Value::Null, _) if nullable => Ok(Literal::Null),
        (Value::Null, _) => Err(format!("{noun} is null but the property is not nullable")),
        (Value::Bool(b), TypeRef::Bool) => Ok(Literal::Bool(*b)),
        (Value::Number(n), TypeRef::Integer) => n.as_i64().map(Literal::Integer).ok_or_else(wrong),
        (Value::Number(n), TypeRef::Number) => n.as_f64().map(Literal::Number).ok_or_else(wrong),
        (Value::String(s), TypeRef::String | TypeRef::Secret) => Ok(Literal::String(s.clone())),
        (Value::String(s), TypeRef::Named(name)) => match types.get(name).map(|d| &d.kind) {
            Some(TypeKind::Enum(e)) => e
                .variants
                .iter()
                .find(|v| v.wire == *s)
                .map(|v| Literal::Variant(name.clone(), v.rust_name.clone()))
                .ok_or_else(|| {
                    let allowed: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
                    format!("{noun} `{s}` is not one of the enum values ({})", allowed.join(", "))
                }),
            _ => Err(wrong()),
        },
        (Value::Array(a), TypeRef::List(_)) if a.is_empty() => Ok(Literal::EmptyList),
        (Value::Object(o), TypeRef::Map(_)) if o.is_empty() => Ok(Literal::EmptyMap),
        (Value::Object(o), TypeRef::Named(_) | TypeRef::Boxed(_)) if o.is_empty() => {
            let name = match ty {
                TypeRef::Boxed(inner) => match inner.as_ref() {
                    TypeRef::Named(n) => n,
                    _ => return Err(wrong()),
                },
                TypeRef::Named(n) => n,
                _ => return Err(wrong()),
            };
            match types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) if s.fields.iter().all(|f| !f.required) => {
                    Ok(Literal::EmptyObject(name.clone()))
                }
                _ => Err(format!("{noun} `{{}}` needs `{name}` to be an object without required properties")),
            }
        }
        (Value::Array(_) | Value::Object(_), TypeRef::List(_) | TypeRef::Map(_)) => {
            Err(format!("only empty lists and maps are supported as {noun}s"))
        }
        _ => Err(wrong()),
    }
}

fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String | TypeRef::Secret => "string".into(),
        TypeRef::Bool => "boolean".into(),
        TypeRef::Integer => "integer".into(),
        TypeRef::Number => "number".into(),
        TypeRef::Any => "any".into(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::List(i) => format!("array of {}", describe(i)),
        TypeRef::Map(i) => format!("map of {}", describe(i)),
        TypeRef::Boxed(i) => describe(i),
    }
}
