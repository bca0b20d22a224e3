//! `kibana-connectors drift`: would applying the desired connectors (create bodies in JSON,
//! saved-objects exports, kibana.yml) change what a Kibana has stored (`GET
//! /api/actions/connectors` saved as JSON, or a saved-objects export)?
//!
//! The desired inputs are read and checked exactly as `check` reads them: the readers keep
//! each body they judge ([`Report::keep`]), and a body with problems is reported with
//! `check`'s problems and not compared. Matching: by id where the desired connector has one
//! (exports and kibana.yml do; a create body does not, since the id is part of the URL),
//! else by name among the stored connectors no id claimed. The comparison is the library's
//! ([`CreateConnectorRequest::drift`]): the config Kibana would store for the body against
//! the stored one, for the release named.
//!
//! Verdicts ([`Status`]): a changed key, a desired connector Kibana does not have, a type a
//! `PUT` cannot change, a preconfigured/API mismatch, an ambiguous name, a duplicate id and
//! an invalid body are drift (exit 1). Stored connectors that no desired one matches are
//! listed as not managed here, and are drift only with `--exhaustive`. What cannot be
//! compared is said: secrets (GET never returns them), and preconfigured connectors on both
//! sides (GET returns no config for them).

use crate::args::{CheckArgs, Format};
use crate::json_spans::JsonSpans;
use crate::output;
use crate::report::Report;
use crate::source::SourceFile;
use kibana_connectors::{
    ConnectorResponse, ConnectorType, CreateConnectorRequest, Drift, DriftError, KibanaVersion, UpdateConnectorRequest,
    ValidationContext,
};
use serde_json::{Map, Value, json};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct DriftArgs {
    /// What the Kibana has: the body of `GET /api/actions/connectors` saved as JSON, or a
    /// saved-objects export (NDJSON); `-` reads stdin.
    #[arg(long, value_name = "FILE")]
    pub stored: PathBuf,

    /// The desired connectors are all the connectors the Kibana should have: a stored
    /// connector none of them matches is drift (exit 1). Without it such connectors are
    /// listed as not managed here and do not change the exit status.
    #[arg(long)]
    pub exhaustive: bool,

    #[command(flatten)]
    pub check: CheckArgs,
}

/// Which reader found a desired connector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A create body (or, with `--type`, an update body) in a JSON file.
    Json,
    /// A saved object of a saved-objects export.
    Export,
    /// A preconfigured connector of kibana.yml.
    KibanaYml,
}

/// Where a connector is in its source: a byte offset, or a JSON pointer into the file's
/// document (resolved to a position only when shown).
#[derive(Clone, Debug)]
pub enum At {
    Offset(usize),
    Pointer(String),
}

/// A desired connector as a `check` reader judged it.
pub struct Desired {
    /// Index into [`Report::files`].
    pub file: usize,
    /// The reader's name for it (`#2 "hook"`, an export's or kibana.yml's id).
    pub label: String,
    pub id: Option<String>,
    /// The body as checked (create body; update body for `--type`; kibana.yml's as a create body).
    pub body: Value,
    /// Whether `check` found no problem in it.
    pub valid: bool,
    pub at: At,
    pub origin: Origin,
}

impl Desired {
    pub fn new(file: usize, label: &str, body: Value, valid: bool, at: At, origin: Origin) -> Self {
        Self { file, label: label.to_owned(), id: None, body, valid, at, origin }
    }

    #[must_use]
    pub fn with_id(mut self, id: Option<&str>) -> Self {
        self.id = id.map(str::to_owned);
        self
    }

    fn name(&self) -> Option<&str> {
        self.body.get("name").and_then(Value::as_str)
    }

    fn type_id(&self, update: Option<ConnectorType>) -> Option<String> {
        match (self.origin, update) {
            (Origin::Json, Some(ty)) => Some(ty.as_str().to_owned()),
            _ => self.body.get("connector_type_id").and_then(Value::as_str).map(str::to_owned),
        }
    }

    fn has_secrets(&self) -> bool {
        match self.body.get("secrets") {
            Some(Value::Object(map)) => !map.is_empty(),
            Some(Value::Null) | None => false,
            Some(_) => true,
        }
    }
}

impl Report {
    /// Whether the readers keep the bodies they judge (for `drift`).
    pub fn keeps_bodies(&self) -> bool {
        self.bodies.is_some()
    }

    /// Keeps a body judged by a reader, when bodies are kept.
    pub fn keep(&mut self, desired: Desired) {
        if let Some(bodies) = &mut self.bodies {
            bodies.push(desired);
        }
    }
}

/// What the drift of one connector is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// A `PUT` of the body would store what is stored.
    Unchanged,
    /// A `PUT` would change these keys.
    Changed,
    /// No stored connector matches: it would be created.
    DesiredOnly,
    /// The stored connector has another type: a `PUT` cannot change it.
    TypeChanged,
    /// The desired body is an API connector, the stored one preconfigured (kibana.yml).
    StoredPreconfigured,
    /// The desired connector is preconfigured (kibana.yml), the stored one is not.
    NotPreconfigured,
    /// Preconfigured on both sides (or the stored side cannot hold it): config not compared.
    NotComparable,
    /// The stored connector has no config to compare with.
    NoConfig,
    /// The name matches several connectors: no id to tell them apart.
    Ambiguous,
    /// Another desired connector has the same id.
    DuplicateId,
    /// `check` found problems in the body: not compared.
    Invalid,
    /// A stored connector no desired one matches: not managed here.
    StoredOnly,
}

impl Status {
    const ALL: [Self; 12] = [
        Self::Unchanged,
        Self::Changed,
        Self::DesiredOnly,
        Self::TypeChanged,
        Self::StoredPreconfigured,
        Self::NotPreconfigured,
        Self::NotComparable,
        Self::NoConfig,
        Self::Ambiguous,
        Self::DuplicateId,
        Self::Invalid,
        Self::StoredOnly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unchanged => "unchanged",
            Self::Changed => "changed",
            Self::DesiredOnly => "desired_only",
            Self::TypeChanged => "type_changed",
            Self::StoredPreconfigured => "stored_preconfigured",
            Self::NotPreconfigured => "not_preconfigured",
            Self::NotComparable => "not_comparable",
            Self::NoConfig => "no_config",
            Self::Ambiguous => "ambiguous",
            Self::DuplicateId => "duplicate_id",
            Self::Invalid => "invalid",
            Self::StoredOnly => "stored_only",
        }
    }

    /// Words for the summary line.
    fn words(self) -> &'static str {
        match self {
            Self::Unchanged => "unchanged",
            Self::Changed => "changed",
            Self::DesiredOnly => "to create",
            Self::TypeChanged => "type changed",
            Self::StoredPreconfigured => "preconfigured in Kibana",
            Self::NotPreconfigured => "not preconfigured in Kibana",
            Self::NotComparable => "not comparable",
            Self::NoConfig => "without stored config",
            Self::Ambiguous => "ambiguous",
            Self::DuplicateId => "duplicate id",
            Self::Invalid => "invalid",
            Self::StoredOnly => "stored only (not managed here)",
        }
    }

    /// Whether it makes the exit status 1.
    pub fn fails(self, exhaustive: bool) -> bool {
        match self {
            Self::Unchanged | Self::NotComparable => false,
            Self::StoredOnly => exhaustive,
            _ => true,
        }
    }
}

/// One key a `PUT` would change. `secret`: the stored connector is missing its secrets and
/// the desired body has some (values never shown).
pub struct ChangeRow {
    pub pointer: String,
    pub stored: Option<Value>,
    pub desired: Option<Value>,
    pub secret: bool,
}

/// The stored side of a row.
pub struct StoredRef {
    pub id: String,
    pub name: String,
    pub connector_type_id: String,
}

/// One connector's verdict, placed in its source.
pub struct Row {
    pub status: Status,
    pub file: String,
    /// 1-based; `None` when the source gives no position.
    pub position: Option<(usize, usize)>,
    /// The desired connector's label, or a stored-only connector's id.
    pub connector: String,
    pub id: Option<String>,
    pub name: Option<String>,
    pub connector_type_id: Option<String>,
    pub stored: Option<StoredRef>,
    pub changes: Vec<ChangeRow>,
    /// Stored keys the release does not know: not compared.
    pub not_compared: Vec<String>,
    /// The desired body has secrets, which are not compared.
    pub secrets_not_compared: bool,
    pub message: String,
}

/// Everything `drift` found besides `check`'s report.
pub struct Outcome {
    /// The stored input's name (`-` for stdin).
    pub stored: String,
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
    pub desired: usize,
    /// Stored connectors compared (system actions and other saved objects left out).
    pub stored_count: usize,
    pub exhaustive: bool,
}

impl Outcome {
    fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    fn fails(&self) -> bool {
        self.rows.iter().any(|r| r.status.fails(self.exhaustive))
    }
}

/// Runs `drift` and prints its report; the exit status.
pub fn run(args: &DriftArgs) -> ExitCode {
    match compute(args) {
        Ok((report, outcome)) => {
            print(&report, &outcome, &args.check);
            ExitCode::from(exit_code(&report, &outcome))
        }
        Err(usage) => {
            eprintln!("error: {usage}");
            ExitCode::from(2)
        }
    }
}

/// 2 when an input could not be read, else 1 for a problem or drift, else 0.
pub fn exit_code(report: &Report, outcome: &Outcome) -> u8 {
    if !report.errors.is_empty() {
        2
    } else if !report.problems.is_empty() || outcome.fails() {
        1
    } else {
        0
    }
}

/// Reads and checks the desired inputs, reads the stored connectors and compares them;
/// `Err` is a usage error.
pub fn compute(args: &DriftArgs) -> Result<(Report, Outcome), String> {
    let version = match &args.check.kibana_version {
        Some(v) => v.parse::<KibanaVersion>().map_err(|e| e.to_string())?,
        None => KibanaVersion::LATEST,
    };
    let stdin = |p: &Path| p.as_os_str() == "-";
    if stdin(&args.stored) && args.check.files.iter().any(|f| stdin(f)) {
        return Err("stdin (`-`) can be read once: give --stored or the desired connectors as a file".to_owned());
    }
    let mut report = crate::inputs::read_inputs(&args.check, true)?;
    let cx = ValidationContext::for_version(version);
    let stored_name = if stdin(&args.stored) { "-".to_owned() } else { args.stored.display().to_string() };
    let mut outcome = Outcome {
        stored: stored_name.clone(),
        rows: Vec::new(),
        notes: Vec::new(),
        desired: report.bodies.as_ref().map_or(0, Vec::len),
        stored_count: 0,
        exhaustive: args.exhaustive,
    };
    let stored = match read_stored(&args.stored, stored_name) {
        Ok(stored) => stored,
        Err((name, position, message)) => {
            report.error(&name, position, message);
            return Ok((report, outcome));
        }
    };
    let desired = report.bodies.take().unwrap_or_default();
    let update = match &args.check.connector_type {
        Some(id) => Some(id.parse::<ConnectorType>().map_err(|_| format!("--type: unknown connector type `{id}`"))?),
        None => None,
    };
    let settings = Settings { cx: &cx, update, config_only: args.check.no_secrets };
    compare(&report, &desired, &stored, &settings, &mut outcome);
    report.bodies = Some(desired);
    Ok((report, outcome))
}

/// What the comparison of one body depends on.
struct Settings<'a> {
    cx: &'a ValidationContext,
    /// `--type`: JSON bodies are update bodies of this type.
    update: Option<ConnectorType>,
    /// `--no-secrets`: secrets are kept elsewhere.
    config_only: bool,
}

// ---------------------------------------------------------------------------------------
// The stored side.

#[derive(Clone, Copy, PartialEq, Eq)]
enum StoredKind {
    /// `GET /api/actions/connectors` (or one GET response).
    Get,
    /// A saved-objects export: never holds preconfigured connectors.
    Export,
}

struct Stored {
    source: SourceFile,
    kind: StoredKind,
    items: Vec<(ConnectorResponse, At)>,
    /// Saved objects that are not connectors, by type.
    skipped: BTreeMap<String, usize>,
}

/// An unreadable stored input: name, position, message.
type StoredError = (String, Option<(usize, usize)>, String);

fn read_stored(path: &Path, name: String) -> Result<Stored, StoredError> {
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    let text = match bytes.map(String::from_utf8) {
        Ok(Ok(text)) => text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text),
        Ok(Err(e)) => return Err((name, None, format!("not UTF-8: {e}"))),
        Err(e) => return Err((name, None, format!("cannot read: {e}"))),
    };
    parse_stored(SourceFile::new(name, text))
}

/// The stored connectors of a GET body (a list or one response), an export, or NDJSON of
/// GET responses.
fn parse_stored(source: SourceFile) -> Result<Stored, StoredError> {
    let mut stored = Stored { source, kind: StoredKind::Get, items: Vec::new(), skipped: BTreeMap::new() };
    let text = stored.source.text.as_str();
    if text.trim().is_empty() {
        // Even a Kibana without connectors answers `[]`, and an export has its summary line.
        return Err((stored.source.name.clone(), None, "empty: no GET body or export".to_owned()));
    }
    if text.trim_start().starts_with('[') {
        let list = ConnectorResponse::list_from_json(text).map_err(|e| {
            let position = (e.line > 0).then_some((e.line, e.column));
            let at = if e.pointer.is_empty() { String::new() } else { format!("{}: ", e.pointer) };
            (stored.source.name.clone(), position, format!("not a GET /api/actions/connectors list: {at}{}", e.message))
        })?;
        stored.items = list.into_iter().enumerate().map(|(i, c)| (c, At::Pointer(format!("/{i}")))).collect();
        return Ok(stored);
    }
    // One object (a GET of one connector, pretty-printed or not), else NDJSON lines.
    let objects: Vec<(usize, Value)> = match serde_json::from_str::<Value>(text) {
        Ok(value) => vec![(text.len() - text.trim_start().len(), value)],
        Err(_) => {
            let mut objects = Vec::new();
            let mut base = 0;
            for line in text.split_inclusive('\n') {
                let start = base;
                base += line.len();
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(line) {
                    Ok(value) => objects.push((start, value)),
                    Err(e) => {
                        let position = crate::record::json_error_position(&stored.source, start, &e);
                        let message = format!("not JSON: {}", crate::record::without_position(&e));
                        return Err((stored.source.name.clone(), Some(position), message));
                    }
                }
            }
            objects
        }
    };
    for (start, object) in objects {
        let failed = |message: String| (stored.source.name.clone(), Some(stored.source.position(start)), message);
        let response = match object.get("type") {
            Some(Value::String(t)) if t == "action" => {
                stored.kind = StoredKind::Export;
                let value = saved_object_response(&object).map_err(&failed)?;
                ConnectorResponse::from_value(&value).map_err(|e| failed(export_error(&e)))?
            }
            Some(Value::String(t)) => {
                *stored.skipped.entry(t.clone()).or_insert(0) += 1;
                continue;
            }
            _ if object.get("exportedCount").is_some() => {
                stored.kind = StoredKind::Export;
                *stored.skipped.entry("(export summary)".to_owned()).or_insert(0) += 1;
                continue;
            }
            _ if object.get("connector_type_id").is_some() => ConnectorResponse::from_value(&object).map_err(|e| {
                let at = if e.pointer.is_empty() { String::new() } else { format!("{}: ", e.pointer) };
                failed(format!("not a connector (GET response): {at}{}", e.message))
            })?,
            _ => {
                return Err(failed(
                    "neither a connector (GET /api/actions/connectors) nor a saved object (export)".to_owned(),
                ));
            }
        };
        stored.items.push((response, At::Offset(start)));
    }
    Ok(stored)
}

/// A saved object of type `action` as the GET response Kibana gives for it.
fn saved_object_response(object: &Value) -> Result<Value, String> {
    let Some(Value::Object(attributes)) = object.get("attributes") else {
        return Err("saved object of type `action` without `attributes`".to_owned());
    };
    let mut response = Map::new();
    if let Some(id) = object.get("id") {
        response.insert("id".to_owned(), id.clone());
    }
    for (from, to) in [("actionTypeId", "connector_type_id"), ("name", "name"), ("config", "config")] {
        if let Some(v) = attributes.get(from) {
            response.insert(to.to_owned(), v.clone());
        }
    }
    if let Some(missing @ Value::Bool(_)) = attributes.get("isMissingSecrets") {
        response.insert("is_missing_secrets".to_owned(), missing.clone());
    }
    // Not in a saved object: a saved object is never preconfigured nor a system action;
    // deprecation is not compared.
    for key in ["is_deprecated", "is_preconfigured", "is_system_action"] {
        response.insert(key.to_owned(), Value::Bool(false));
    }
    Ok(Value::Object(response))
}

/// A response parse error named in the export's own keys.
fn export_error(e: &kibana_connectors::ParseError) -> String {
    let pointer = match e.pointer.as_str() {
        "/connector_type_id" => "/attributes/actionTypeId".to_owned(),
        "/id" | "" => e.pointer.clone(),
        other => format!("/attributes{other}"),
    };
    let message = e.message.replace("`connector_type_id`", "`actionTypeId`");
    if pointer.is_empty() {
        format!("not a connector: {message}")
    } else {
        format!("not a connector: {pointer}: {message}")
    }
}

// ---------------------------------------------------------------------------------------
// Matching and comparing.

/// How a desired connector was matched.
enum Match {
    Stored(usize),
    Nothing,
    /// Several stored connectors have its name.
    SeveralStored(Vec<usize>),
    /// Several desired connectors (without ids) have its name.
    SeveralDesired(usize),
    /// The desired connector (index) that has the id first.
    DuplicateOf(usize),
    /// Without an id, its name is that of a stored connector (index) which a desired
    /// connector with an id (index) matched: the same connector desired twice?
    NameTaken(usize, usize),
}

fn compare(report: &Report, desired: &[Desired], stored: &Stored, settings: &Settings<'_>, outcome: &mut Outcome) {
    let items = &stored.items;
    let managed = |c: &ConnectorResponse| !c.is_system_action;
    outcome.stored_count = items.iter().filter(|(c, _)| managed(c)).count();
    // The first stored connector with an id is the one compared (a note names the others).
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut duplicate_stored = Vec::new();
    for (i, (c, _)) in items.iter().enumerate().filter(|(_, (c, _))| managed(c)) {
        match by_id.entry(c.id.as_str()) {
            Entry::Occupied(_) => duplicate_stored.push(c.id.clone()),
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
    let mut claimed = vec![false; items.len()];
    // The desired connector that matched each stored one by id.
    let mut claimed_by_id: HashMap<usize, usize> = HashMap::new();
    let mut matches: Vec<Match> = Vec::with_capacity(desired.len());
    let mut first_with_id: HashMap<&str, usize> = HashMap::new();
    for (i, d) in desired.iter().enumerate() {
        let m = match &d.id {
            Some(id) => match first_with_id.get(id.as_str()) {
                Some(&first) => Match::DuplicateOf(first),
                None => {
                    first_with_id.insert(id, i);
                    match by_id.get(id.as_str()) {
                        Some(&s) => {
                            claim(&mut claimed, s);
                            claimed_by_id.insert(s, i);
                            Match::Stored(s)
                        }
                        None => Match::Nothing,
                    }
                }
            },
            None => Match::Nothing,
        };
        matches.push(m);
    }
    // By name, among the stored connectors no id claimed.
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut taken_names: HashMap<&str, usize> = HashMap::new();
    for (i, (c, _)) in items.iter().enumerate().filter(|(_, (c, _))| managed(c)) {
        if claimed_by_id.contains_key(&i) {
            taken_names.entry(c.name.as_str()).or_insert(i);
        } else if !claimed.get(i).copied().unwrap_or(true) {
            by_name.entry(c.name.as_str()).or_default().push(i);
        }
    }
    let mut desired_names: HashMap<&str, usize> = HashMap::new();
    for d in desired.iter().filter(|d| d.id.is_none()) {
        if let Some(name) = d.name() {
            *desired_names.entry(name).or_insert(0) += 1;
        }
    }
    for (d, m) in desired.iter().zip(matches.iter_mut()) {
        let (None, Some(name)) = (&d.id, d.name()) else { continue };
        let candidates = by_name.get(name).map_or(&[][..], Vec::as_slice);
        for &s in candidates {
            claim(&mut claimed, s);
        }
        let taken = taken_names.get(name).and_then(|&s| Some((s, *claimed_by_id.get(&s)?)));
        *m = match (desired_names.get(name).copied().unwrap_or(0), candidates) {
            (n, _) if n > 1 => Match::SeveralDesired(n),
            (_, []) => taken.map_or(Match::Nothing, |(s, by)| Match::NameTaken(s, by)),
            (_, [s]) => Match::Stored(*s),
            (_, several) => Match::SeveralStored(several.to_vec()),
        };
    }

    let mut positions = Positions::default();
    let mut missing_secrets = Vec::new();
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    let mut with_secrets = 0usize;
    for (d, m) in desired.iter().zip(&matches) {
        let mut row = desired_row(report, d, settings, &mut positions);
        let not_modelled = crate::check::type_id(&d.body, settings.update)
            .filter(|_| !d.valid)
            .and_then(|id| crate::check::not_modelled(id, settings.cx));
        let stored_of = |s: usize| items.get(s).map(|(c, _)| c);
        let id_of = |s: usize| stored_of(s).map_or_else(String::new, |c| c.id.clone());
        match m {
            _ if not_modelled.is_some() => {
                row.status = Status::NotComparable;
                row.message = format!("not compared: {}", not_modelled.unwrap_or_default());
            }
            _ if !d.valid => {
                row.status = Status::Invalid;
                row.message = "not compared: check found problems in the body (see above)".to_owned();
            }
            Match::DuplicateOf(first) => {
                let other = desired.get(*first).map_or_else(String::new, |o| describe(report, o));
                row.status = Status::DuplicateId;
                row.message = format!(
                    "id `{}` is also the id of connector {other}: only that one is compared",
                    d.id.as_deref().unwrap_or_default()
                );
            }
            Match::SeveralDesired(n) => {
                row.status = Status::Ambiguous;
                row.message = format!(
                    "{n} desired connectors are named {}: without ids, they cannot be told apart",
                    quoted(d.name())
                );
            }
            Match::SeveralStored(several) => {
                let ids: Vec<String> = several.iter().map(|&s| format!("`{}`", id_of(s))).collect();
                row.status = Status::Ambiguous;
                row.message = format!(
                    "{} stored connectors are named {} ({}): without an id, it cannot be told which one it is",
                    several.len(),
                    quoted(d.name()),
                    ids.join(", ")
                );
            }
            Match::NameTaken(s, by) => {
                let other = desired.get(*by).map_or_else(String::new, |o| describe(report, o));
                row.status = Status::Ambiguous;
                row.message = format!(
                    "stored connector `{}` has this name, but connector {other} matched it by id: is it desired twice?",
                    id_of(*s)
                );
            }
            Match::Nothing => nothing(d, &mut row, stored.kind),
            Match::Stored(s) => {
                let Some(c) = stored_of(*s) else { continue };
                row.stored = Some(StoredRef {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    connector_type_id: c.connector_type_id.clone(),
                });
                if d.origin == Origin::KibanaYml {
                    preconfigured(c, &mut row);
                } else {
                    compared(d, c, settings, &mut row);
                    let compared_ok = matches!(row.status, Status::Unchanged | Status::Changed);
                    let secrets = compared_ok && d.has_secrets() && !settings.config_only;
                    row.secrets_not_compared = secrets;
                    with_secrets += usize::from(secrets);
                    if c.is_missing_secrets == Some(true) && compared_ok {
                        if secrets {
                            let change =
                                ChangeRow { pointer: "/secrets".to_owned(), stored: None, desired: None, secret: true };
                            row.changes.push(change);
                            row.status = Status::Changed;
                            row.message = changed_message(&row.changes, &c.id);
                        } else {
                            missing_secrets.push(describe(report, d));
                        }
                    }
                    for p in &row.not_compared {
                        *unknown.entry(p.clone()).or_insert(0) += 1;
                    }
                }
            }
        }
        outcome.rows.push(row);
    }
    for (i, (c, at)) in items.iter().enumerate() {
        if !managed(c) || claimed.get(i).copied().unwrap_or(true) {
            continue;
        }
        let kind = if c.is_preconfigured { "preconfigured (kibana.yml), " } else { "" };
        let exhaustive = if outcome.exhaustive { "" } else { " (drift only with --exhaustive)" };
        outcome.rows.push(Row {
            status: Status::StoredOnly,
            file: stored.source.name.clone(),
            position: positions.resolve(usize::MAX, &stored.source, at),
            connector: c.id.clone(),
            id: Some(c.id.clone()),
            name: Some(c.name.clone()),
            connector_type_id: Some(c.connector_type_id.clone()),
            stored: Some(StoredRef {
                id: c.id.clone(),
                name: c.name.clone(),
                connector_type_id: c.connector_type_id.clone(),
            }),
            changes: Vec::new(),
            not_compared: Vec::new(),
            secrets_not_compared: false,
            message: format!(
                "{kind}{} (`{}`): not among the desired connectors, so not managed here{exhaustive}",
                quoted(Some(&c.name)),
                c.connector_type_id
            ),
        });
    }
    notes(outcome, stored, &duplicate_stored, with_secrets, &missing_secrets, &unknown, settings.cx);
}

fn claim(claimed: &mut [bool], s: usize) {
    if let Some(c) = claimed.get_mut(s) {
        *c = true;
    }
}

/// A desired connector no stored one matches.
fn nothing(d: &Desired, row: &mut Row, kind: StoredKind) {
    match (d.origin, kind) {
        (Origin::KibanaYml, StoredKind::Export) => {
            row.status = Status::NotComparable;
            row.message = "preconfigured (kibana.yml): saved-objects exports hold no preconfigured connectors, \
                           so it is not compared"
                .to_owned();
        }
        (Origin::KibanaYml, StoredKind::Get) => {
            row.status = Status::DesiredOnly;
            row.message = "Kibana has no connector with this id: it has not loaded this kibana.yml connector \
                           (preconfigured connectors are read at start-up)"
                .to_owned();
        }
        (_, _) => {
            row.status = Status::DesiredOnly;
            row.message = match &d.id {
                Some(id) => format!("no stored connector has the id `{id}`: it would be created"),
                None => format!("no stored connector is named {}: it would be created", quoted(d.name())),
            };
        }
    }
}

/// A kibana.yml connector and the stored connector with its id.
fn preconfigured(c: &ConnectorResponse, row: &mut Row) {
    if c.is_preconfigured {
        row.status = Status::NotComparable;
        row.message =
            "preconfigured (kibana.yml) on both sides: GET returns no config for it, so it is not compared".to_owned();
    } else {
        row.status = Status::NotPreconfigured;
        row.message = format!(
            "the desired connector is preconfigured (kibana.yml), stored connector `{}` was created through the API \
             or an import",
            c.id
        );
    }
}

/// The library's comparison of a body with the stored connector it matched.
fn compared(d: &Desired, c: &ConnectorResponse, settings: &Settings<'_>, row: &mut Row) {
    // Parsed from text, as `from_value` would, without copying the body first (and written
    // by `to_string`, which is cheaper than `Display`). A value always serializes.
    let text = match d.body.as_object() {
        Some(map) if settings.config_only && map.contains_key("secrets") => {
            let mut map = map.clone();
            map.remove("secrets");
            serde_json::to_string(&map)
        }
        _ => serde_json::to_string(&d.body),
    };
    let text = text.unwrap_or_default();
    let drift: Result<Result<Drift, DriftError>, String> = match (d.origin, settings.update) {
        (Origin::Json, Some(ty)) => {
            UpdateConnectorRequest::from_json(ty, &text).map(|r| r.drift(c, settings.cx)).map_err(|e| e.to_string())
        }
        _ => CreateConnectorRequest::from_json(&text).map(|r| r.drift(c, settings.cx)).map_err(|e| e.to_string()),
    };
    match drift {
        Ok(Ok(drift)) => {
            row.not_compared = drift.unknown.clone();
            row.changes = drift
                .changes
                .into_iter()
                .map(|ch| ChangeRow { pointer: ch.pointer, stored: ch.stored, desired: ch.desired, secret: false })
                .collect();
            if row.changes.is_empty() {
                row.status = Status::Unchanged;
                row.message = format!("a PUT would not change stored connector `{}`", c.id);
            } else {
                row.status = Status::Changed;
                row.message = changed_message(&row.changes, &c.id);
            }
        }
        Ok(Err(DriftError::Preconfigured)) => {
            row.status = Status::StoredPreconfigured;
            row.message = format!(
                "stored connector `{}` is preconfigured (kibana.yml): a PUT cannot change it, and GET returns no \
                 config for it",
                c.id
            );
        }
        Ok(Err(e @ DriftError::TypeMismatch { .. })) => {
            row.status = Status::TypeChanged;
            row.message = format!(
                "{e} (stored connector `{}`): a PUT cannot change the type; delete it and create it again",
                c.id
            );
        }
        Ok(Err(DriftError::NoConfig)) => {
            row.status = Status::NoConfig;
            row.message = format!("stored connector `{}` has no config: not compared", c.id);
        }
        Ok(Err(e)) => {
            row.status = Status::NoConfig;
            row.message = format!("not compared with stored connector `{}`: {e}", c.id);
        }
        // `check` accepted the body, so this is not expected; say it rather than guess.
        Err(e) => {
            row.status = Status::Invalid;
            row.message = format!("not compared: {e}");
        }
    }
}

fn changed_message(changes: &[ChangeRow], id: &str) -> String {
    let n = changes.len();
    format!("a PUT would change {n} key{} of stored connector `{id}`", if n == 1 { "" } else { "s" })
}

/// `"name"` as JSON writes it, or `(no name)`.
fn quoted(name: Option<&str>) -> String {
    name.map_or_else(|| "(no name)".to_owned(), |n| Value::String(n.to_owned()).to_string())
}

/// `` `label` in file `` for messages naming another connector.
fn describe(report: &Report, d: &Desired) -> String {
    let file = report.files.get(d.file).map_or("", |f| f.name.as_str());
    format!("`{}` in {file}", d.label)
}

/// The row of a desired connector, before its verdict.
fn desired_row(report: &Report, d: &Desired, settings: &Settings<'_>, positions: &mut Positions) -> Row {
    let source = report.files.get(d.file);
    Row {
        status: Status::Unchanged,
        file: source.map_or_else(String::new, |f| f.name.clone()),
        position: source.and_then(|s| positions.resolve(d.file, s, &d.at)),
        connector: d.label.clone(),
        id: d.id.clone(),
        name: d.name().map(str::to_owned),
        connector_type_id: d.type_id(settings.update),
        stored: None,
        changes: Vec::new(),
        not_compared: Vec::new(),
        secrets_not_compared: false,
        message: String::new(),
    }
}

/// Positions of connectors, with each JSON document scanned once (only when one of its
/// connectors is shown below its top).
#[derive(Default)]
struct Positions {
    scanned: HashMap<usize, JsonSpans>,
}

impl Positions {
    /// `key`: the source's index (any unique number for the stored source).
    fn resolve(&mut self, key: usize, source: &SourceFile, at: &At) -> Option<(usize, usize)> {
        let offset = match at {
            At::Offset(offset) => *offset,
            At::Pointer(p) if p.is_empty() => source.text.len() - source.text.trim_start().len(),
            At::Pointer(p) => {
                let spans = self.scanned.entry(key).or_insert_with(|| JsonSpans::scan(&source.text, 0));
                spans.locate(p)?.start
            }
        };
        Some(source.position(offset))
    }
}

fn notes(
    outcome: &mut Outcome,
    stored: &Stored,
    duplicate_stored: &[String],
    with_secrets: usize,
    missing_secrets: &[String],
    unknown: &BTreeMap<String, usize>,
    cx: &ValidationContext,
) {
    let name = &stored.source.name;
    let skipped: usize = stored.skipped.values().sum();
    if skipped > 0 {
        let kinds: Vec<String> = stored.skipped.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        outcome.notes.push(format!(
            "{name}: skipped {skipped} saved object{} that {} not connectors ({})",
            plural(skipped),
            if skipped == 1 { "is" } else { "are" },
            kinds.join(", ")
        ));
    }
    let system = stored.items.iter().filter(|(c, _)| c.is_system_action).count();
    if system > 0 {
        outcome
            .notes
            .push(format!("{name}: {system} system action{} (built into Kibana) not compared", plural(system)));
    }
    for id in duplicate_stored {
        outcome.notes.push(format!("{name}: the id `{id}` appears more than once: the first is compared"));
    }
    if with_secrets > 0 {
        outcome.notes.push(format!(
            "secrets are not compared (Kibana never returns them): {with_secrets} desired connector{} with secrets",
            plural(with_secrets)
        ));
    }
    if !missing_secrets.is_empty() {
        outcome.notes.push(format!(
            "stored connectors missing their secrets (is_missing_secrets), and the desired bodies have none: {}",
            listed(missing_secrets)
        ));
    }
    if !unknown.is_empty() {
        let keys: Vec<String> = unknown.iter().map(|(k, n)| format!("{k} ({n})")).collect();
        outcome.notes.push(format!(
            "stored keys Kibana {} does not know were not compared (a newer Kibana? name its release with \
             --kibana-version): {}",
            cx.version(),
            listed(&keys)
        ));
    }
}

/// The first ten items and how many more.
fn listed(items: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut out = items.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > SHOWN {
        let _ = write!(out, " and {} more", items.len() - SHOWN);
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

// ---------------------------------------------------------------------------------------
// Output.

fn print(report: &Report, outcome: &Outcome, args: &CheckArgs) {
    let stdout = std::io::stdout();
    if args.format == Format::Human || args.quiet {
        report.print_errors();
    }
    if args.quiet {
        return;
    }
    let styled = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = render(report, outcome, args.format, styled);
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = stdout.lock().write_all(text.as_bytes());
}

/// The report in `format`.
pub fn render(report: &Report, outcome: &Outcome, format: Format, styled: bool) -> String {
    match format {
        Format::Human => human(report, outcome, styled),
        // `to_string_pretty` writes what `{:#}` does, without going through `fmt`.
        Format::Json => pretty(&json_doc(report, outcome)),
        Format::Sarif => pretty(&sarif_doc(report, outcome)),
    }
}

fn pretty(doc: &Value) -> String {
    // A `Value` always serializes.
    serde_json::to_string_pretty(doc).unwrap_or_default() + "\n"
}

/// `check`'s report on the desired inputs, then one line per connector that is not
/// unchanged (`file:line:column: connector `label` [status] message`, each changed key
/// below it), the notes and a summary line.
fn human(report: &Report, outcome: &Outcome, styled: bool) -> String {
    let mut out = output::human::render(report, styled);
    for row in outcome.rows.iter().filter(|r| r.status != Status::Unchanged) {
        let at = match row.position {
            Some((line, column)) => format!("{}:{line}:{column}", row.file),
            None => row.file.clone(),
        };
        let what = if row.status == Status::StoredOnly { "stored connector" } else { "connector" };
        let _ = writeln!(out, "{at}: {what} `{}` [{}] {}", row.connector, row.status.as_str(), row.message);
        for c in &row.changes {
            let _ = writeln!(out, "    {}", change_line(c));
        }
    }
    for note in &outcome.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let _ = writeln!(out, "{}", summary(report, outcome));
    out
}

/// `/config/method: "post" → "put"`, `unset` for an absent key (as the library's `Drift`
/// prints it); secrets are never shown.
fn change_line(c: &ChangeRow) -> String {
    if c.secret {
        return format!("{}: missing → set (not shown)", c.pointer);
    }
    let show = |v: &Option<Value>| v.as_ref().map_or_else(|| "unset".to_owned(), Value::to_string);
    format!("{}: {} → {}", c.pointer, show(&c.stored), show(&c.desired))
}

/// `drift against stored.json: 4 desired, 4 stored: 1 unchanged, 1 changed, 1 to create; 1 stored only (…)`.
fn summary(report: &Report, outcome: &Outcome) -> String {
    if !report.errors.is_empty() && outcome.rows.is_empty() {
        return format!("drift against {}: not compared (an input could not be read)", outcome.stored);
    }
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter(|s| **s != Status::StoredOnly)
        .map(|&s| (s, outcome.count(s)))
        .filter(|&(s, n)| n > 0 || s == Status::Unchanged)
        .map(|(s, n)| format!("{n} {}", s.words()))
        .collect();
    let mut line = format!(
        "drift against {}: {} desired, {} stored: {}",
        outcome.stored,
        outcome.desired,
        outcome.stored_count,
        counts.join(", ")
    );
    let stored_only = outcome.count(Status::StoredOnly);
    if stored_only > 0 {
        let _ = write!(line, "; {stored_only} {}", Status::StoredOnly.words());
    }
    line
}

/// `{pointer, stored, desired}` per change (`secret: true`, and no values, for secrets).
fn changes_json(row: &Row) -> Vec<Value> {
    let change = |c: &ChangeRow| {
        if c.secret {
            json!({"pointer": c.pointer, "stored": null, "desired": null, "secret": true})
        } else {
            json!({"pointer": c.pointer, "stored": c.stored, "desired": c.desired})
        }
    };
    row.changes.iter().map(change).collect()
}

fn stored_json(s: &StoredRef) -> Value {
    json!({"id": s.id, "name": s.name, "connector_type_id": s.connector_type_id})
}

fn row_json(row: &Row) -> Value {
    json!({
        "status": row.status.as_str(),
        "file": row.file,
        "line": row.position.map(|p| p.0),
        "column": row.position.map(|p| p.1),
        "connector": row.connector,
        "id": row.id,
        "name": row.name,
        "connector_type_id": row.connector_type_id,
        "stored": row.stored.as_ref().map(stored_json),
        "changes": changes_json(row),
        "not_compared": row.not_compared,
        "secrets_not_compared": row.secrets_not_compared,
        "message": row.message,
    })
}

/// `check`'s JSON document, with `drift` (one entry per connector, unchanged ones
/// included), the drift counts under `summary.drift` and the drift notes after check's.
fn json_doc(report: &Report, outcome: &Outcome) -> Value {
    let mut doc = output::json::render(report);
    let mut counts = Map::new();
    for s in Status::ALL {
        counts.insert(s.as_str().to_owned(), Value::from(outcome.count(s)));
    }
    counts.insert("desired".to_owned(), Value::from(outcome.desired));
    counts.insert("stored".to_owned(), Value::from(outcome.stored_count));
    if let Some(doc) = doc.as_object_mut() {
        doc.insert("drift".to_owned(), Value::Array(outcome.rows.iter().map(row_json).collect()));
        doc.insert("stored".to_owned(), Value::String(outcome.stored.clone()));
    }
    if let Some(summary) = doc.get_mut("summary").and_then(Value::as_object_mut) {
        summary.insert("drift".to_owned(), Value::Object(counts));
    }
    if let Some(notes) = doc.get_mut("notes").and_then(Value::as_array_mut) {
        notes.extend(outcome.notes.iter().cloned().map(Value::String));
    }
    doc
}

/// `check`'s SARIF log with one result per connector that is neither unchanged nor invalid
/// (rule = the status; `error` when it is drift, else `note`) and the drift notes.
fn sarif_doc(report: &Report, outcome: &Outcome) -> Value {
    let mut doc = output::sarif::render(report);
    let Some(run) = doc.get_mut("runs").and_then(Value::as_array_mut).and_then(|runs| runs.first_mut()) else {
        return doc;
    };
    // An invalid body's problems are results already.
    let shown: Vec<&Row> =
        outcome.rows.iter().filter(|r| !matches!(r.status, Status::Unchanged | Status::Invalid)).collect();
    let mut statuses: Vec<Status> = shown.iter().map(|r| r.status).collect();
    statuses.sort();
    statuses.dedup();
    if let Some(rules) = run.pointer_mut("/tool/driver/rules").and_then(Value::as_array_mut) {
        rules.extend(statuses.iter().map(|s| {
            json!({"id": s.as_str(), "name": s.as_str(), "shortDescription": {"text": format!("drift: {}", s.words())}})
        }));
    }
    if let Some(results) = run.get_mut("results").and_then(Value::as_array_mut) {
        results.extend(shown.iter().map(|row| {
            let mut text = row.message.clone();
            for c in &row.changes {
                let _ = write!(text, "; {}", change_line(c));
            }
            let mut physical = Map::new();
            physical.insert("artifactLocation".to_owned(), json!({"uri": row.file}));
            if let Some((line, column)) = row.position {
                physical.insert("region".to_owned(), json!({"startLine": line, "startColumn": column}));
            }
            json!({
                "ruleId": row.status.as_str(),
                "level": if row.status.fails(outcome.exhaustive) { "error" } else { "note" },
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{"name": row.connector}],
                }],
                "properties": {"connector": row.connector, "status": row.status.as_str(), "changes": changes_json(row)},
            })
        }));
    }
    if let Some(notifications) =
        run.pointer_mut("/invocations/0/toolExecutionNotifications").and_then(Value::as_array_mut)
    {
        notifications.extend(outcome.notes.iter().map(|n| json!({"level": "note", "message": {"text": n}})));
    }
    doc
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn stored(text: &str) -> Result<Stored, StoredError> {
        parse_stored(SourceFile::new("stored".to_owned(), text.to_owned()))
    }

    const GET_ONE: &str = r#"{"id": "a", "name": "log", "connector_type_id": ".server-log", "config": {},
        "is_deprecated": false, "is_preconfigured": false, "is_system_action": false}"#;

    #[test]
    fn a_saved_object_reads_as_the_get_response_kibana_gives() {
        let object = serde_json::json!({"type": "action", "id": "a1", "references": [],
            "attributes": {"actionTypeId": ".index", "name": "i", "config": {"index": "x"},
                           "isMissingSecrets": true, "secrets": {}}});
        let response = ConnectorResponse::from_value(&saved_object_response(&object).unwrap()).unwrap();
        assert_eq!(
            (response.id.as_str(), response.name.as_str(), response.connector_type_id.as_str()),
            ("a1", "i", ".index")
        );
        assert_eq!(response.is_missing_secrets, Some(true));
        assert!(!response.is_preconfigured && !response.is_system_action);
        // A missing key is named as the export names it, on its line.
        let (_, position, message) = stored(
            "{\"type\": \"dashboard\"}\n{\"type\": \"action\", \"id\": \"x\", \"attributes\": {\"name\": \"n\"}}\n",
        )
        .err()
        .unwrap();
        assert_eq!(
            (position, message.as_str()),
            (Some((2, 1)), "not a connector: /attributes/actionTypeId: missing field `actionTypeId`")
        );
    }

    #[test]
    fn stored_inputs_of_every_shape() {
        let list = stored(&format!("[{GET_ONE}, {GET_ONE}]")).unwrap();
        assert!(list.kind == StoredKind::Get && list.items.len() == 2);
        // One GET response, pretty-printed, and NDJSON of GET responses.
        assert_eq!(stored(&GET_ONE.replace(", ", ",\n")).unwrap().items.len(), 1);
        assert_eq!(stored(&format!("{GET_ONE}\n{GET_ONE}\n").replace("\n        ", " ")).unwrap().items.len(), 2);
        let export = stored("{\"exportedCount\": 0, \"missingRefCount\": 0}\n").unwrap();
        assert!(export.kind == StoredKind::Export && export.items.is_empty());
        for (text, message) in [
            ("", "empty: no GET body or export"),
            ("{\"x\": 1}", "neither a connector (GET /api/actions/connectors) nor a saved object (export)"),
            (
                "[{\"id\": 1}]",
                "not a GET /api/actions/connectors list: /0/id: invalid type: integer `1`, expected a string",
            ),
        ] {
            assert_eq!(stored(text).err().unwrap().2, message, "{text}");
        }
    }

    #[test]
    fn what_fails_the_run() {
        let failing: Vec<&str> = Status::ALL.into_iter().filter(|s| s.fails(false)).map(Status::as_str).collect();
        assert!(!failing.contains(&"unchanged") && !failing.contains(&"not_comparable"));
        assert!(!failing.contains(&"stored_only") && Status::StoredOnly.fails(true));
        assert_eq!(failing.len(), Status::ALL.len() - 3);
    }
}
