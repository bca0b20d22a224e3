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
        let segment = segment.to_string().replace('~', "~0").replace('/', "~1");
        Self(format!("{}/{}", self.0, segment))
    }

    /// The `$ref` string that points at this location (`#/components/...`).
    pub fn as_ref_string(&self) -> String {
        format!("#{}", self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses a local `$ref` (`#/components/schemas/x`) into a pointer; `None` for remote refs.
    pub fn from_ref(reference: &str) -> Option<Self> {
        reference.strip_prefix('#').map(|p| Self(p.to_owned()))
    }

    /// The pointer one level up; `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        self.0.rsplit_once('/').map(|(parent, _)| Self(parent.to_owned()))
    }

    /// The unescaped last segment (a schema or property name).
    pub fn last_segment(&self) -> Option<String> {
        self.0
            .rsplit_once('/')
            .map(|(_, last)| last.replace("~1", "/").replace("~0", "~"))
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("(document root)")
        } else {
            f.write_str(&self.0)
        }
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
        let p = JsonPointer::from_ref("#/components/schemas/x");
        assert_eq!(p.map(|p| p.as_ref_string()).as_deref(), Some("#/components/schemas/x"));
        assert_eq!(JsonPointer::from_ref("other.yaml#/x"), None);
    }
}
