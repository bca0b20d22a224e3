//! kibana.yml input: the preconfigured connectors (`xpack.actions.preconfigured`, nested or
//! dotted keys) judged with the file's own verdict-changing settings, unless options
//! override them.
//!
//! Two shapes Kibana reads differently from what was meant are reported on their own:
//! - a mapping with an `actionTypeId` outside `xpack.actions.preconfigured` (a docs example
//!   pasted at column 0): Kibana does not read it as a connector and refuses to start on the
//!   unknown setting (`misplaced_connector`; the body is checked as well, under its path);
//! - a connector id with dots (`ops.pager:`), which Kibana's config loader splits into nested
//!   keys: the verdict is Kibana's (a connector `ops` with a key `pager` is not valid), and
//!   the problem says so and how to keep the dots (`'[ops.pager]':`) (`dotted_connector_id`;
//!   the body is checked as well, under the dotted id).
//!
//! A file with no connectors, or an empty `xpack.actions.preconfigured`, gets a note.

use crate::check::{self, Found, Mode};
use crate::drift::{At, Desired, Origin};
use crate::record::{action_type_id, action_type_id_message, record};
use crate::report::Report;
use crate::source::SourceFile;
use crate::yaml::{self, Node, Tree};
use kibana_connectors::{ErrorKind, KibanaVersion, ValidationContext};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::ops::Range;

/// What the command line says about settings; `None` leaves the file's setting.
pub struct Options<'a> {
    pub version: KibanaVersion,
    pub allowed_hosts: Option<&'a [String]>,
    pub no_secrets: bool,
}

/// Keys of a preconfigured connector Kibana reads that are not part of the body.
const IGNORED_KEYS: &[&str] = &["exposeConfig"];
/// The keys of a preconfigured connector.
const CONNECTOR_KEYS: &[&str] = &["actionTypeId", "name", "config", "secrets", "exposeConfig"];
/// The problem kinds of this input that are not the library's.
const MISPLACED: &str = "misplaced_connector";
const DOTTED_ID: &str = "dotted_connector_id";

pub fn check_kibana_yml(report: &mut Report, file: usize, source: &mut SourceFile, options: &Options<'_>) {
    let root = match yaml::parse(source) {
        Ok(root) => root,
        Err(e) => {
            report.error(&source.name, Some((e.line, e.column)), format!("not YAML: {}", e.message));
            return;
        }
    };
    let Some(cx) = context(report, source, &root, options) else { return };
    let mut candidates = Vec::new();
    let mut empty = None;
    match root.path(&["xpack", "actions", "preconfigured"]) {
        None => empty = Some("no xpack.actions.preconfigured"),
        Some(Node { tree: Tree::Map(entries), .. }) if !entries.is_empty() => {
            for (id, node) in entries {
                collect(id.clone(), node, false, &mut candidates);
            }
        }
        Some(Node { tree: Tree::Map(_) | Tree::Scalar(Value::Null), .. }) => {
            empty = Some("xpack.actions.preconfigured is empty");
        }
        Some(other) => {
            let (line, column) = source.position(other.span.start);
            report.error(
                &source.name,
                Some((line, column)),
                "xpack.actions.preconfigured must be a map of connector id to connector",
            );
            return;
        }
    }
    let mut misplaced = Vec::new();
    find_misplaced(&root, &mut Vec::new(), &mut misplaced);
    if let Some(why) = empty {
        let none = if misplaced.is_empty() { ": no connectors" } else { "" };
        report.notes.push(format!("{}: {why}{none}", source.name));
    }
    if candidates.is_empty() && misplaced.is_empty() {
        return;
    }
    let mode = Mode { update: None, config_only: options.no_secrets };
    if options.no_secrets {
        report.notes.push(format!("{}: --no-secrets: checked config only", source.name));
    }
    let split: Vec<String> = candidates.iter().filter(|c| c.split).map(|c| c.id.clone()).collect();
    for c in &candidates {
        let first = c.split.then(|| Found {
            pointer: String::new(),
            kind: DOTTED_ID,
            message: format!(
                "connector id `{id}` was split at its dots: Kibana's config loader reads a dotted key as nested \
                 keys, so Kibana sees {seen}. To keep the dots, write the id in brackets and quotes, \
                 `'[{id}]':` (quotes alone do not keep them), or use an id without dots",
                id = c.id,
                seen = seen_as(&c.id),
            ),
        });
        let key_span = c.node.key.clone().unwrap_or_else(|| c.node.span.clone());
        let split_under = |key: &str| {
            let prefix = format!("{}.{key}", c.id);
            split.iter().find(|s| **s == prefix || s.starts_with(&format!("{prefix}."))).cloned()
        };
        connector(report, file, source, &cx, mode, &c.id, c.node, first.map(|f| (f, key_span)), &split_under);
    }
    for (path, node) in misplaced {
        // The file's top level is a connector written alone: it needs an id as well.
        let (shown, fix) = if path.is_empty() {
            ("the file's top level".to_owned(), "Put it under `xpack.actions.preconfigured.<id>:`")
        } else {
            (format!("`{}`", path.join(".")), "Indent it under `xpack.actions.preconfigured:`")
        };
        let first = Found {
            pointer: String::new(),
            kind: MISPLACED,
            message: format!(
                "{shown} has an `actionTypeId` but is not under `xpack.actions.preconfigured`: Kibana does not \
                 read it as a connector, and refuses unknown settings at start-up. {fix}"
            ),
        };
        let id = if path.is_empty() { "(top level)".to_owned() } else { path.join(".") };
        let key_span = node.key.clone().unwrap_or_else(|| node.span.clone());
        connector(report, file, source, &cx, mode, &id, node, Some((first, key_span)), &|_| None);
    }
}

/// A connector found in the file: its id (dotted when Kibana split it), its node, and
/// whether its id was split.
struct Candidate<'a> {
    id: String,
    node: &'a Node,
    split: bool,
}

/// The connectors of the preconfigured entry `id`: the entry itself, unless it only holds
/// connectors whose ids were split at dots (no connector key of its own), and those.
fn collect<'a>(id: String, node: &'a Node, split: bool, out: &mut Vec<Candidate<'a>>) {
    let Tree::Map(keys) = &node.tree else {
        out.push(Candidate { id, node, split });
        return;
    };
    let inner: Vec<&(String, Node)> =
        keys.iter().filter(|(k, v)| !CONNECTOR_KEYS.contains(&k.as_str()) && holds_connector(v)).collect();
    if inner.is_empty() || keys.iter().any(|(k, _)| CONNECTOR_KEYS.contains(&k.as_str())) {
        out.push(Candidate { id: id.clone(), node, split });
    }
    for (key, value) in inner {
        collect(format!("{id}.{key}"), value, true, out);
    }
}

/// A map with an `actionTypeId`, here or below keys that are not a connector's.
fn holds_connector(node: &Node) -> bool {
    match &node.tree {
        Tree::Map(keys) => keys
            .iter()
            .any(|(k, v)| k == "actionTypeId" || (!CONNECTOR_KEYS.contains(&k.as_str()) && holds_connector(v))),
        _ => false,
    }
}

/// How Kibana reads the dotted id `a.b.c`: "a connector `a` with a key `b`".
fn seen_as(id: &str) -> String {
    let mut parts = id.splitn(3, '.');
    let head = parts.next().unwrap_or_default();
    let next = parts.next().unwrap_or_default();
    format!("a connector `{head}` with a key `{next}`")
}

/// Mappings with an `actionTypeId` outside `xpack.actions.preconfigured`, with their key path.
fn find_misplaced<'a>(node: &'a Node, path: &mut Vec<&'a str>, out: &mut Vec<(Vec<&'a str>, &'a Node)>) {
    let Tree::Map(keys) = &node.tree else { return };
    if path.as_slice() == ["xpack", "actions", "preconfigured"] {
        return;
    }
    if node.get("actionTypeId").is_some() {
        out.push((path.clone(), node));
        return;
    }
    for (key, value) in keys {
        path.push(key);
        find_misplaced(value, path, out);
        path.pop();
    }
}

/// Checks one connector and records its verdict; `first` is a problem of its own placement
/// (shown at the given span) reported before the body's; `split_under(key)` names the
/// dotted id of a connector found under the unknown key `key`.
#[allow(clippy::too_many_arguments)]
fn connector(
    report: &mut Report,
    file: usize,
    source: &mut SourceFile,
    cx: &ValidationContext,
    mode: Mode,
    id: &str,
    node: &Node,
    first: Option<(Found, Range<usize>)>,
    split_under: &dyn Fn(&str) -> Option<String>,
) {
    let mut body = Body::default();
    let mut found = Vec::new();
    let mut spans_first = None;
    // A misplaced connector is not one Kibana loads: `drift` does not compare it.
    let keep = report.keeps_bodies() && first.as_ref().is_none_or(|(f, _)| f.kind != MISPLACED);
    let at = At::Offset(node.key.as_ref().unwrap_or(&node.span).start);
    if let Some((problem, span)) = first {
        spans_first = Some(span);
        found.push(problem);
    }
    let mut unknown = Vec::new();
    match &node.tree {
        Tree::Map(keys) => {
            for (key, value) in keys {
                let name = match key.as_str() {
                    "actionTypeId" => "connector_type_id",
                    "name" | "config" | "secrets" => key.as_str(),
                    k if IGNORED_KEYS.contains(&k) => continue,
                    _ => {
                        let message = match split_under(key) {
                            Some(dotted) => format!(
                                "unknown field `{key}`: `{dotted}` is a connector id split at its dots (see connector `{dotted}`)"
                            ),
                            None => format!("unknown field `{key}`"),
                        };
                        let pointer = format!("/{}", key.replace('~', "~0").replace('/', "~1"));
                        unknown.push(Found {
                            pointer: pointer.clone(),
                            kind: ErrorKind::UnknownField.as_str(),
                            message,
                        });
                        body.spans.insert(pointer, value.shown_span(&source.text));
                        continue;
                    }
                };
                let pointer = format!("/{name}");
                let v = body.value(value, &pointer, name == "secrets", &source.text);
                body.map.insert(name.to_owned(), v);
            }
        }
        _ => unknown.push(Found {
            pointer: String::new(),
            kind: ErrorKind::WrongType.as_str(),
            message: "a preconfigured connector must be a map".to_owned(),
        }),
    }
    body.spans.insert(String::new(), node.shown_span(&source.text));
    source.secrets.extend(body.secrets.iter().cloned());
    found.extend(unknown);
    let mut kept = Value::Null;
    if matches!(node.tree, Tree::Map(_)) {
        let map = Value::Object(body.map);
        if keep {
            kept = map.clone();
        }
        found.extend(check::check(map, mode, cx, &body.placeholders));
    }
    action_type_id_message(&mut found);
    if keep {
        let desired = Desired::new(file, id, kept, found.is_empty(), at, Origin::KibanaYml);
        report.keep(desired.with_id(Some(id)));
    }
    let spans = body.spans;
    // The placement problem (the first) is shown at the key; the body's own as usual.
    let locate = move |p: &str| spans_first.take().or_else(|| locate(&spans, p));
    record(report, file, source, id.to_owned(), found, locate, action_type_id);
}

/// The span of `pointer`, or of the nearest enclosing value that exists.
fn locate(spans: &HashMap<String, Range<usize>>, pointer: &str) -> Option<Range<usize>> {
    let mut p = pointer;
    loop {
        if let Some(span) = spans.get(p) {
            return Some(span.clone());
        }
        p = p.get(..p.rfind('/')?)?;
    }
}

/// A connector's body built from its YAML, with where each value came from.
#[derive(Default)]
struct Body {
    map: Map<String, Value>,
    spans: HashMap<String, Range<usize>>,
    placeholders: Vec<String>,
    secrets: Vec<Range<usize>>,
}

impl Body {
    fn value(&mut self, node: &Node, pointer: &str, secret: bool, text: &str) -> Value {
        self.spans.insert(pointer.to_owned(), node.shown_span(text));
        match &node.tree {
            Tree::Scalar(v) => {
                if secret {
                    self.secrets.push(node.span.clone());
                }
                if let Value::String(s) = v {
                    if has_placeholder(s) {
                        self.placeholders.push(pointer.to_owned());
                    }
                }
                v.clone()
            }
            Tree::Seq(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| self.value(item, &format!("{pointer}/{i}"), secret, text))
                .collect(),
            Tree::Map(entries) => {
                let mut map = Map::new();
                for (key, item) in entries {
                    let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                    map.insert(key.clone(), self.value(item, &child, secret, text));
                }
                Value::Object(map)
            }
        }
    }
}

/// `${NAME}` anywhere in the value: Kibana substitutes the environment variable at startup.
fn has_placeholder(s: &str) -> bool {
    s.match_indices("${").any(|(i, _)| {
        s.get(i + 2..).and_then(|rest| rest.split_once('}')).is_some_and(|(name, _)| {
            let name = name.split(':').next().unwrap_or_default();
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
    })
}

/// The file's verdict-changing settings, under the options; `None` (and an input error)
/// when one is malformed.
fn context(report: &mut Report, source: &SourceFile, root: &Node, options: &Options<'_>) -> Option<ValidationContext> {
    let mut cx = ValidationContext::for_version(options.version);
    let mut ok = true;
    let mut list = |keys: &[&str]| -> Option<Vec<String>> {
        let node = root.path(keys)?;
        let items = match &node.tree {
            Tree::Seq(items) => items
                .iter()
                .map(|i| match &i.tree {
                    Tree::Scalar(Value::String(s)) => Some(s.clone()),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>(),
            _ => None,
        };
        if items.is_none() {
            ok = false;
            report.error(
                &source.name,
                Some(source.position(node.span.start)),
                format!("{} must be a list of strings", keys.join(".")),
            );
        }
        items
    };
    let hosts = list(&["xpack", "actions", "allowedHosts"]);
    let domains = list(&["xpack", "actions", "email", "domain_allowlist"]);
    let services = list(&["xpack", "actions", "email", "services", "enabled"]);
    match options.allowed_hosts {
        Some(hosts) => cx = cx.allowed_hosts(hosts.iter().cloned()),
        None => {
            if let Some(hosts) = hosts {
                cx = cx.allowed_hosts(hosts);
            }
        }
    }
    if let Some(domains) = domains {
        cx = cx.email_domain_allowlist(domains);
    }
    if let Some(services) = services {
        cx = cx.email_services(services);
    }
    if let Some(node) = root.path(&["xpack", "actions", "webhook", "ssl", "pfx", "enabled"]) {
        match node.tree {
            Tree::Scalar(Value::Bool(enabled)) => cx = cx.webhook_pfx_enabled(enabled),
            _ => {
                ok = false;
                report.error(
                    &source.name,
                    Some(source.position(node.span.start)),
                    "xpack.actions.webhook.ssl.pfx.enabled must be true or false",
                );
            }
        }
    }
    ok.then_some(cx)
}
