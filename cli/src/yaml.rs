//! YAML text → a tree that keeps the span of every node, with Kibana's dotted keys
//! (`xpack.actions.preconfigured.hook.name: x`) expanded into nested maps as Kibana's
//! config loader (`@kbn/config`) does: every key is split at its dots, except a key written
//! in brackets (`'[my.hook]': …`, quoted so that YAML reads it as a string), which is one
//! key without its brackets. Scalars are typed by the YAML 1.2 core schema (as js-yaml does).

use crate::source::SourceFile;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::Value;
use std::collections::HashMap;
use std::ops::Range;

#[derive(Clone, Debug)]
pub enum Tree {
    /// Keys in order; a repeated key replaces the earlier one (maps merge).
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    Scalar(Value),
}

/// A node and the byte span of its text (for a map made by a dotted key: the key).
#[derive(Clone, Debug)]
pub struct Node {
    pub tree: Tree,
    pub span: Range<usize>,
    /// The span of the key this node is the value of (the whole key, for a dotted key);
    /// `None` for the root and for items of a sequence.
    pub key: Option<Range<usize>>,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.tree {
            Tree::Map(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, n)| n),
            _ => None,
        }
    }

    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    /// Where to show the node as a whole: a block mapping by its key (its own span starts
    /// at its first key, which reads as if that key were meant), anything else by its text.
    pub fn shown_span(&self, text: &str) -> Range<usize> {
        let block_map =
            matches!(self.tree, Tree::Map(_)) && !text.get(self.span.start..).is_some_and(|t| t.starts_with('{'));
        match &self.key {
            Some(key) if block_map => key.clone(),
            _ => self.span.clone(),
        }
    }
}

/// A YAML syntax error: 1-based line and column, and what.
#[derive(Debug)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses the first document of `source` (an empty file is an empty map).
pub fn parse(source: &SourceFile) -> Result<Node, YamlError> {
    let mut builder = Builder { source, stack: Vec::new(), anchors: HashMap::new(), root: None };
    for event in Parser::new_from_str(&source.text) {
        let (event, span) = event.map_err(|e| YamlError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: quote_style(source, e.marker().line(), e.marker().col(), e.info()),
        })?;
        if builder.stack.len() >= MAX_DEPTH {
            let (line, column) = source.position(builder.span(span).start);
            return Err(YamlError { line, column, message: format!("nested deeper than {MAX_DEPTH} levels") });
        }
        if builder.event(event, span) {
            break;
        }
    }
    Ok(builder.root.unwrap_or(Node { tree: Tree::Map(Vec::new()), span: 0..0, key: None }))
}

/// saphyr-parser calls every quoted scalar "double-quoted" when text follows its closing
/// quote; name the quote the scalar was written with (the character before the error,
/// spaces skipped).
fn quote_style(source: &SourceFile, line: usize, column: usize, message: &str) -> String {
    const DOUBLE: &str = "double-quoted scalar";
    if !message.contains(DOUBLE) {
        return message.to_owned();
    }
    let at = source.offset(line, column);
    let before = source.text.get(source.line_range(at).start..at).unwrap_or_default();
    match before.trim_end().chars().last() {
        Some('\'') => message.replace(DOUBLE, "single-quoted scalar"),
        Some('"') => message.to_owned(),
        _ => message.replace(DOUBLE, "quoted scalar"),
    }
}

/// The tree is walked recursively (clone, drop, conversion): bound its depth.
const MAX_DEPTH: usize = 200;

struct Frame {
    node: Node,
    anchor: usize,
    /// A map's key waiting for its value.
    key: Option<(String, Range<usize>)>,
}

struct Builder<'a> {
    source: &'a SourceFile,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
}

impl Builder<'_> {
    fn span(&self, span: Span) -> Range<usize> {
        let start = self.source.offset(span.start.line(), span.start.col());
        let end = self.source.offset(span.end.line(), span.end.col());
        start..end.max(start)
    }

    /// Feeds one event; true once the first document is complete.
    fn event(&mut self, event: Event<'_>, span: Span) -> bool {
        let span = self.span(span);
        match event {
            Event::MappingStart(anchor, _) => self.stack.push(Frame {
                node: Node { tree: Tree::Map(Vec::new()), span, key: None },
                anchor,
                key: None,
            }),
            Event::SequenceStart(anchor, _) => self.stack.push(Frame {
                node: Node { tree: Tree::Seq(Vec::new()), span, key: None },
                anchor,
                key: None,
            }),
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(mut frame) = self.stack.pop() {
                    // The start event marks only the opening; the value runs to its end.
                    frame.node.span.end = span.start.max(frame.node.span.end);
                    if frame.anchor > 0 {
                        self.anchors.insert(frame.anchor, frame.node.clone());
                    }
                    self.add(frame.node);
                }
            }
            Event::Scalar(text, style, anchor, _) => {
                let node = Node { tree: Tree::Scalar(typed(&text, style)), span, key: None };
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.add(node);
            }
            Event::Alias(anchor) => {
                let node = self.anchors.get(&anchor).cloned().unwrap_or(Node {
                    tree: Tree::Scalar(Value::Null),
                    span,
                    key: None,
                });
                self.add(node);
            }
            Event::DocumentEnd => return self.root.is_some(),
            _ => {}
        }
        false
    }

    fn add(&mut self, node: Node) {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut frame.node.tree {
            Tree::Seq(items) => items.push(node),
            Tree::Map(entries) => match frame.key.take() {
                None => frame.key = Some((key_text(&node), node.span)),
                // `<<: *base` (YAML merge key, which js-yaml reads): the base's keys, unless set here.
                Some((key, _)) if key == "<<" => merge_base(entries, node),
                Some((key, key_span)) => insert_dotted(entries, &key, key_span, node),
            },
            Tree::Scalar(_) => {}
        }
    }
}

fn merge_base(entries: &mut Vec<(String, Node)>, base: Node) {
    let bases = match base.tree {
        Tree::Map(_) => vec![base],
        Tree::Seq(items) => items,
        Tree::Scalar(_) => Vec::new(),
    };
    for base in bases {
        if let Tree::Map(keys) = base.tree {
            for (key, value) in keys {
                if !entries.iter().any(|(k, _)| *k == key) {
                    entries.push((key, value));
                }
            }
        }
    }
}

/// A key as js-yaml gives it to Kibana: a scalar's text, and a flow sequence of scalars
/// (`[my.hook]:` written without quotes) joined with commas, as JavaScript's `String()`.
fn key_text(node: &Node) -> String {
    match &node.tree {
        Tree::Scalar(Value::String(s)) => s.clone(),
        Tree::Scalar(Value::Null) => String::new(),
        Tree::Scalar(other) => other.to_string(),
        Tree::Seq(items) => items.iter().map(key_text).collect::<Vec<_>>().join(","),
        Tree::Map(_) => String::new(),
    }
}

/// Inserts `a.b.c: node` as `a: {b: {c: node}}`, merging into maps already there; a key in
/// brackets (`[a.b]`) is one key, `a.b`, as `@kbn/config`'s `splitKey` reads it.
fn insert_dotted(entries: &mut Vec<(String, Node)>, key: &str, key_span: Range<usize>, mut node: Node) {
    if let Some(whole) = key.strip_prefix('[').and_then(|k| k.strip_suffix(']')) {
        node.key = Some(key_span);
        return merge(entries, whole, node);
    }
    let (head, rest) = match key.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (key, None),
    };
    let value = match rest {
        None => Node { key: Some(key_span), ..node },
        Some(rest) => {
            let mut inner = Vec::new();
            insert_dotted(&mut inner, rest, key_span.clone(), node);
            Node { tree: Tree::Map(inner), span: key_span.clone(), key: Some(key_span) }
        }
    };
    merge(entries, head, value);
}

fn merge(entries: &mut Vec<(String, Node)>, key: &str, value: Node) {
    let existing = entries.iter_mut().rev().find(|(k, _)| k == key);
    match (existing, value.tree) {
        (Some((_, Node { tree: Tree::Map(old), .. })), Tree::Map(new)) => {
            for (k, v) in new {
                merge(old, &k, v);
            }
        }
        (_, tree) => {
            entries.retain(|(k, _)| k != key);
            entries.push((key.to_owned(), Node { tree, span: value.span, key: value.key }));
        }
    }
}

/// YAML 1.2 core schema: plain `null`/`~`/empty, booleans, integers, floats; the rest
/// (and every quoted or block scalar) is a string.
fn typed(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Ok(i) = text.parse::<i64>() {
        return Value::from(i);
    }
    let numeric = text.bytes().any(|b| b.is_ascii_digit())
        && text.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    if numeric {
        if let Some(n) = text.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Node, YamlError> {
        parse(&SourceFile::new("t.yml".to_owned(), text.to_owned()))
    }

    #[test]
    fn dotted_keys_are_split_unless_quoted_in_brackets() {
        let text = "a.b.c: 1\n'[d.e]': 2\n[f.g]: 3\n";
        let root = parse_text(text).unwrap();
        assert!(root.path(&["a", "b", "c"]).is_some());
        assert!(root.get("d.e").is_some(), "bracketed and quoted: one key");
        // Unquoted, `[f.g]` is a flow sequence, which js-yaml turns into the key `f.g`.
        assert!(root.path(&["f", "g"]).is_some());
        // Every piece of a dotted key is shown at the whole key.
        let b = root.path(&["a", "b"]).unwrap();
        assert_eq!(&text[b.key.clone().unwrap()], "a.b.c");
    }

    #[test]
    fn a_block_mapping_is_shown_at_its_key_a_flow_mapping_at_its_brace() {
        let text = "hook:\n  config:\n    method: put\n  secrets: {user: u}\n";
        let root = parse_text(text).unwrap();
        let config = root.path(&["hook", "config"]).unwrap();
        assert_eq!(&text[config.shown_span(text)], "config");
        let secrets = root.path(&["hook", "secrets"]).unwrap();
        assert!(text[secrets.shown_span(text)].starts_with("{user"));
    }

    #[test]
    fn text_after_a_quoted_scalar_names_its_quotes() {
        let message = |text: &str| parse_text(text).map(drop).unwrap_err().message;
        assert_eq!(message("a: 'x' y\n"), "invalid trailing content after single-quoted scalar");
        assert_eq!(message("a: \"x\" y\n"), "invalid trailing content after double-quoted scalar");
    }
}
