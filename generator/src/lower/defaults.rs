//! Checks a spec `default` against the lowered field type, so emission cannot fail.

use crate::ir::{Literal, TypeDef, TypeKind, TypeName, TypeRef};
use serde_json::Value;
use std::collections::BTreeMap;

pub(super) fn check(value: &Value, ty: &TypeRef, nullable: bool, types: &BTreeMap<TypeName, TypeDef>) -> Result<Literal, String> {
    let wrong = || format!("default `{value}` does not match the property's type ({})", describe(ty));
    match (value, ty) {
        (Value::Null, _) if nullable => Ok(Literal::Null),
        (Value::Null, _) => Err("default is null but the property is not nullable".into()),
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
                    format!("default `{s}` is not one of the enum values ({})", allowed.join(", "))
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
                Some(TypeKind::Struct(s)) if s.fields.iter().all(|f| !f.required) => Ok(Literal::EmptyObject(name.clone())),
                _ => Err(format!("default `{{}}` needs `{name}` to be an object without required properties")),
            }
        }
        (Value::Array(_) | Value::Object(_), TypeRef::List(_) | TypeRef::Map(_)) => {
            Err("only empty lists and maps are supported as defaults".into())
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
