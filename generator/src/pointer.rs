//! RFC 6901 JSON pointers: the one way every IR node and diagnostic says where it came from.

use std::fmt;

/// A JSON pointer into a spec or overlay document, e.g. `/components/schemas/webhook_config`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonPointer(String);

impl JsonPointer {
    /// The pointer to the whole document (the empty string).
    pub fn root() -> Self {
        Self(String::new())
    }

    /// Wraps an already-escaped pointer string (as produced by `serde_json_path`).
    pub fn from_escaped(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// Appends one reference token, escaping `~` and `/`.
    #[must_use]
    pub fn push(&self, segment: impl fmt::Display) -> Self {
        // Written in place: lowering pushes thousands of segments per run.
        let mut out = Escaped(String::with_capacity(self.0.len() + 24));
        out.0.push_str(&self.0);
        out.0.push('/');
        // Writing to a `String` cannot fail.
        let _ = fmt::Write::write_fmt(&mut out, format_args!("{segment}"));
        Self(out.0)
    }

    /// The `$ref` string that points at this location (`#/components/...`).
    pub fn as_ref_string(&self) -> String {
        format!("#{}", self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The pointer one level up; `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        self.0.rsplit_once('/').map(|(parent, _)| Self(parent.to_owned()))
    }

    /// The unescaped last segment (a schema or property name).
    pub fn last_segment(&self) -> Option<String> {
        self.0.rsplit_once('/').map(|(_, last)| last.replace("~1", "/").replace("~0", "~"))
    }
}

/// The schema name of a local reference to a component schema (`#/components/schemas/<name>`);
/// `None` for any other reference. The generator's one `$ref` parser.
pub fn schema_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/").filter(|n| !n.contains('/'))
}

/// A `String` sink that escapes `~` and `/` as a reference token needs.
struct Escaped(String);

impl fmt::Write for Escaped {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut rest = s;
        while let Some(i) = rest.find(['~', '/']) {
            let (plain, special) = rest.split_at(i);
            self.0.push_str(plain);
            self.0.push_str(if special.starts_with('~') { "~0" } else { "~1" });
            rest = special.get(1..).unwrap_or_default();
        }
        self.0.push_str(rest);
        Ok(())
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() { f.write_str("(document root)") } else { f.write_str(&self.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_tilde_and_slash() {
        let p = JsonPointer::root().push("paths").push("/api/a~b");
        assert_eq!(p.as_str(), "/paths/~1api~1a~0b");
        assert_eq!(p.last_segment().as_deref(), Some("/api/a~b"));
    }

    #[test]
    fn refs_round_trip() {
        let reference = JsonPointer::root().push("components").push("schemas").push("x").as_ref_string();
        assert_eq!(schema_name(&reference), Some("x"));
        assert_eq!(schema_name("other.yaml#/components/schemas/x"), None);
        assert_eq!(schema_name("#/components/schemas/x/properties/y"), None);
        assert_eq!(schema_name("#/components/responses/x"), None);
    }
}
