//! JavaScript's `Number(value)` for JSON values, as zod's `z.coerce.number()` (Kibana 9.3+)
//! applies it before checking that the result is a finite number. Blank strings, which
//! `Number()` reads as 0, give `None`: Kibana's route refuses them before any schema runs.

use super::address_list::js_space;
use serde_json::Value;

/// The finite number `Number(value)` gives, if any (`null` → 0, `true` → 1, `"0x10"` → 16,
/// `[]` → 0, `["5"]` → 5; objects, `"abc"` and `Infinity` → `None`).
pub fn number(value: &Value) -> Option<f64> {
    let n = match value {
        Value::Null => 0.0,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => string_to_number(s)?,
        // An array is first joined into a string (`[1, 2]` → "1,2").
        // Blank strings inside were refused by `join`, so an empty result came from `[]`,
        // `[null]` and the like, which are 0.
        Value::Array(_) => match join(value)? {
            joined if joined.is_empty() => 0.0,
            joined => string_to_number(&joined)?,
        },
        Value::Object(_) => return None,
    };
    n.is_finite().then_some(n)
}

/// `String(value)` of an array element as `Array.prototype.join` writes it; `None` where the
/// result cannot be a number anyway (objects, booleans) or holds a blank string.
fn join(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some(String::new()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if s.trim_matches(js_space).is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.iter().map(join).collect::<Option<Vec<_>>>().map(|parts| parts.join(",")),
        Value::Bool(_) | Value::Object(_) => None,
    }
}

/// ECMAScript's StringToNumber: white space around a decimal literal, `Infinity`, or a
/// `0x`/`0o`/`0b` integer; blank text is refused here (see the module docs).
fn string_to_number(s: &str) -> Option<f64> {
    let t = s.trim_matches(js_space);
    if t.is_empty() {
        return None;
    }
    let radix = match t.get(..2) {
        Some("0x" | "0X") => Some(16),
        Some("0o" | "0O") => Some(8),
        Some("0b" | "0B") => Some(2),
        _ => None,
    };
    if let (Some(radix), Some(digits)) = (radix, t.get(2..)) {
        if digits.is_empty() {
            return None;
        }
        return digits
            .chars()
            .try_fold(0f64, |acc, c| c.to_digit(radix).map(|d| acc * f64::from(radix) + f64::from(d)));
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned == "Infinity" {
        return None;
    }
    decimal_literal(unsigned).then(|| t.parse::<f64>().ok()).flatten()
}

/// `digits [. digits] [e [+-] digits]` or `. digits [e …]`: what Rust's parser also accepts,
/// without the `inf`/`nan` spellings JavaScript refuses.
fn decimal_literal(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (s.get(..i).unwrap_or_default(), Some(s.get(i + 1..).unwrap_or_default())),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::number;
    use serde_json::json;

    #[test]
    fn as_javascript_number() {
        let cases = [
            (json!(null), Some(0.0)),
            (json!(true), Some(1.0)),
            (json!(false), Some(0.0)),
            (json!(0.5), Some(0.5)),
            (json!("0.5"), Some(0.5)),
            (json!(" 25 "), Some(25.0)),
            (json!("0x10"), Some(16.0)),
            (json!("0b11"), Some(3.0)),
            (json!("-0x10"), None),
            (json!("1e3"), Some(1000.0)),
            (json!(".5"), Some(0.5)),
            (json!("5."), Some(5.0)),
            (json!("Infinity"), None),
            (json!("inf"), None),
            (json!("nan"), None),
            (json!("1e400"), None),
            (json!("abc"), None),
            (json!("true"), None),
            (json!(""), None),
            (json!(" "), None),
            (json!([]), Some(0.0)),
            (json!([5]), Some(5.0)),
            (json!(["5"]), Some(5.0)),
            (json!([[7]]), Some(7.0)),
            (json!([[]]), Some(0.0)),
            (json!([null]), Some(0.0)),
            (json!([1, 2]), None),
            (json!(["x"]), None),
            (json!([true]), None),
            (json!({}), None),
        ];
        for (value, want) in cases {
            assert_eq!(number(&value), want, "{value}");
        }
    }
}
