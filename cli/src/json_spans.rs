//! Where each value of a JSON text is: a small scanner that records the byte span of every
//! value under its RFC 6901 pointer. serde_json keeps no positions, so problems found on a
//! parsed `Value` are placed back in the text with this. It runs only for a document with
//! a problem, on text serde_json has already accepted; on anything else it stops early and
//! returns what it found.

use std::collections::HashMap;
use std::ops::Range;

/// Pointer → byte span of the value, for every value of `text` (offsets shifted by `base`).
pub struct JsonSpans {
    spans: HashMap<String, Range<usize>>,
    leaves: Vec<(String, Range<usize>)>,
}

impl JsonSpans {
    pub fn scan(text: &str, base: usize) -> Self {
        let mut scanner = Scanner {
            bytes: text.as_bytes(),
            text,
            at: 0,
            base,
            out: Self { spans: HashMap::new(), leaves: Vec::new() },
        };
        scanner.skip_ws();
        let mut pointer = String::new();
        scanner.value(&mut pointer, 0);
        scanner.out
    }

    /// The span of `pointer`, or of its nearest enclosing value that exists (a missing key
    /// points at its object).
    pub fn locate(&self, pointer: &str) -> Option<Range<usize>> {
        let mut p = pointer;
        loop {
            if let Some(span) = self.spans.get(p) {
                return Some(span.clone());
            }
            let cut = p.rfind('/')?;
            p = p.get(..cut)?;
        }
    }

    /// Spans of the scalar values of every body's `secrets` (`/secrets/…`, `/N/secrets/…`).
    pub fn leaves_secrets(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.leaves
            .iter()
            .filter(|(p, _)| {
                let rest = p
                    .strip_prefix('/')
                    .and_then(|r| r.split_once('/'))
                    .filter(|(i, _)| i.bytes().all(|b| b.is_ascii_digit()))
                    .map_or(p.as_str(), |(_, r)| r);
                let rest = rest.strip_prefix('/').unwrap_or(rest);
                rest == "secrets" || rest.starts_with("secrets/")
            })
            .map(|(_, s)| s.clone())
    }

    /// Spans of the scalar values under `prefix` (a pointer), for masking secrets.
    pub fn leaves_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        self.leaves
            .iter()
            .filter(move |(p, _)| p.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/') || rest.is_empty()))
            .map(|(_, s)| s.clone())
    }
}

struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    base: usize,
    out: JsonSpans,
}

/// serde_json refuses deeper documents, so deeper text never reaches the scanner.
const MAX_DEPTH: usize = 256;

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    /// Scans the value at the cursor, recording it under `pointer`; false on malformed text.
    fn value(&mut self, pointer: &mut String, depth: usize) -> bool {
        self.skip_ws();
        let start = self.at;
        let ok = match self.peek() {
            Some(b'{') if depth < MAX_DEPTH => self.object(pointer, depth),
            Some(b'[') if depth < MAX_DEPTH => self.array(pointer, depth),
            Some(b'"') => self.string().is_some(),
            Some(_) => self.scalar(),
            None => false,
        };
        if ok {
            let span = self.base + start..self.base + self.at;
            if !matches!(self.bytes.get(start), Some(b'{' | b'[')) {
                self.out.leaves.push((pointer.clone(), span.clone()));
            }
            self.out.spans.insert(pointer.clone(), span);
        }
        ok
    }

    fn object(&mut self, pointer: &mut String, depth: usize) -> bool {
        self.at += 1;
        if self.eat(b'}') {
            return true;
        }
        loop {
            self.skip_ws();
            let Some(key) = self.string() else { return false };
            if !self.eat(b':') {
                return false;
            }
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            let ok = self.value(pointer, depth + 1);
            pointer.truncate(len);
            if !ok {
                return false;
            }
            if self.eat(b'}') {
                return true;
            }
            if !self.eat(b',') {
                return false;
            }
        }
    }

    fn array(&mut self, pointer: &mut String, depth: usize) -> bool {
        self.at += 1;
        if self.eat(b']') {
            return true;
        }
        let mut index = 0usize;
        loop {
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&index.to_string());
            let ok = self.value(pointer, depth + 1);
            pointer.truncate(len);
            if !ok {
                return false;
            }
            index += 1;
            if self.eat(b']') {
                return true;
            }
            if !self.eat(b',') {
                return false;
            }
        }
    }

    /// A string at the cursor, decoded (escapes are rare in keys, so only then via serde_json).
    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.at;
        self.at += 1;
        let mut escaped = false;
        loop {
            match self.peek()? {
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                b'"' => break,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        let raw = self.text.get(start..self.at)?;
        if escaped { serde_json::from_str(raw).ok() } else { raw.get(1..raw.len() - 1).map(str::to_owned) }
    }

    fn scalar(&mut self) -> bool {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')) {
            self.at += 1;
        }
        self.at > start
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::JsonSpans;

    #[test]
    fn values_keys_with_escapes_and_missing_keys() {
        let text = r#"[{"a/b": {"x~y": [1, "two"]}, "q\"k": null}]"#;
        let spans = JsonSpans::scan(text, 10);
        let at = |p: &str| spans.locate(p).map(|r| &text[r.start - 10..r.end - 10]);
        assert_eq!(at("/0/a~1b/x~0y/1"), Some("\"two\""));
        assert_eq!(at("/0/q\"k"), Some("null"));
        assert_eq!(at("/0/a~1b/missing"), Some(r#"{"x~y": [1, "two"]}"#));
        assert_eq!(spans.leaves_secrets().count(), 0);
    }

    #[test]
    fn secrets_of_one_body_or_of_each_in_an_array() {
        let one = JsonSpans::scan(r#"{"secrets": {"a": "s", "b": ["t"]}, "config": {"secrets": "no"}}"#, 0);
        assert_eq!(one.leaves_secrets().count(), 2);
        let many = JsonSpans::scan(r#"[{"secrets": {"a": "s"}}, {"secrets": "t"}]"#, 0);
        assert_eq!(many.leaves_secrets().count(), 2);
    }
}
