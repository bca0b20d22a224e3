//! kibana.yml input: the preconfigured connectors (`xpack.actions.preconfigured`, nested or
//! dotted keys) judged with the file's own verdict-changing settings, unless options
//! override them.

use crate::check::{self, Found, Mode};
use crate::record::{action_type_id, record};
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

pub fn check_kibana_yml(report: &mut Report, file: usize, source: &mut SourceFile, options: &Options<'_>) {
    let root = match yaml::parse(source) {
        Ok(root) => root,
        Err(e) => {
            report.error(&source.name, Some((e.line, e.column)), format!("not YAML: {}", e.message));
            return;
        }
    };
    let Some(cx) = context(report, source, &root, options) else { return };
    let Some(preconfigured) = root.path(&["xpack", "actions", "preconfigured"]) else {
        report.notes.push(format!("{}: no xpack.actions.preconfigured connectors", source.name));
        return;
    };
    let Tree::Map(entries) = &preconfigured.tree else {
        if !matches!(&preconfigured.tree, Tree::Scalar(Value::Null)) {
            let (line, column) = source.position(preconfigured.span.start);
            report.error(
                &source.name,
                Some((line, column)),
                "xpack.actions.preconfigured must be a map of connector id to connector",
            );
        }
        return;
    };
    let mode = Mode { update: None, config_only: options.no_secrets };
    if options.no_secrets {
        report.notes.push(format!("{}: --no-secrets: checked config only", source.name));
    }
    for (id, node) in entries {
        let mut body = Body::default();
        let mut unknown = Vec::new();
        match &node.tree {
            Tree::Map(keys) => {
                for (key, value) in keys {
                    let name = match key.as_str() {
                        "actionTypeId" => "connector_type_id",
                        "name" | "config" | "secrets" => key.as_str(),
                        k if IGNORED_KEYS.contains(&k) => continue,
                        _ => {
                            unknown.push(Found {
                                pointer: format!("/{key}"),
                                kind: ErrorKind::UnknownField,
                                message: format!("unknown field `{key}`"),
                            });
                            body.spans.insert(format!("/{key}"), value.span.clone());
                            continue;
                        }
                    };
                    let pointer = format!("/{name}");
                    let v = body.value(value, &pointer, name == "secrets");
                    body.map.insert(name.to_owned(), v);
                }
            }
            _ => unknown.push(Found {
                pointer: String::new(),
                kind: ErrorKind::WrongType,
                message: "a preconfigured connector must be a map".to_owned(),
            }),
        }
        body.spans.insert(String::new(), node.span.clone());
        source.secrets.extend(body.secrets.iter().cloned());
        let mut found = unknown;
        if matches!(node.tree, Tree::Map(_)) {
            found.extend(check::check(Value::Object(body.map), mode, &cx, &body.placeholders));
        }
        let spans = body.spans;
        let locate = |p: &str| locate(&spans, p);
        record(report, file, source, id.clone(), found, locate, action_type_id);
    }
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
    fn value(&mut self, node: &Node, pointer: &str, secret: bool) -> Value {
        self.spans.insert(pointer.to_owned(), node.span.clone());
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
            Tree::Seq(items) => {
                items.iter().enumerate().map(|(i, item)| self.value(item, &format!("{pointer}/{i}"), secret)).collect()
            }
            Tree::Map(entries) => {
                let mut map = Map::new();
                for (key, item) in entries {
                    let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                    map.insert(key.clone(), self.value(item, &child, secret));
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
