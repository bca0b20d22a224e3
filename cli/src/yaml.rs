//! YAML text → a tree that keeps the span of every node, with Kibana's dotted keys
//! (`xpack.actions.preconfigured.hook.name: x`) expanded into nested maps as Kibana's
//! config loader does. Scalars are typed by the YAML 1.2 core schema (as js-yaml does).

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
}

/// A YAML syntax error: 1-based line and column, and what.
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
            message: e.info().to_owned(),
        })?;
        if builder.stack.len() >= MAX_DEPTH {
            let (line, column) = source.position(builder.span(span).start);
            return Err(YamlError { line, column, message: format!("nested deeper than {MAX_DEPTH} levels") });
        }
        if builder.event(event, span) {
            break;
        }
    }
    Ok(builder.root.unwrap_or(Node { tree: Tree::Map(Vec::new()), span: 0..0 }))
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
            Event::MappingStart(anchor, _) => {
                self.stack.push(Frame { node: Node { tree: Tree::Map(Vec::new()), span }, anchor, key: None })
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Frame { node: Node { tree: Tree::Seq(Vec::new()), span }, anchor, key: None })
            }
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
                let node = Node { tree: Tree::Scalar(typed(&text, style)), span };
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.add(node);
            }
            Event::Alias(anchor) => {
                let node = self.anchors.get(&anchor).cloned().unwrap_or(Node { tree: Tree::Scalar(Value::Null), span });
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

fn key_text(node: &Node) -> String {
    match &node.tree {
        Tree::Scalar(Value::String(s)) => s.clone(),
        Tree::Scalar(Value::Null) => String::new(),
        Tree::Scalar(other) => other.to_string(),
        _ => String::new(),
    }
}

/// Inserts `a.b.c: node` as `a: {b: {c: node}}`, merging into maps already there.
fn insert_dotted(entries: &mut Vec<(String, Node)>, key: &str, key_span: Range<usize>, node: Node) {
    let (head, rest) = match key.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (key, None),
    };
    let value = match rest {
        None => node,
        Some(rest) => {
            let mut inner = Vec::new();
            insert_dotted(&mut inner, rest, key_span.clone(), node);
            Node { tree: Tree::Map(inner), span: key_span }
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
            entries.push((key.to_owned(), Node { tree, span: value.span }));
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
