//! Places a body's problems in its source and counts the verdict.

use crate::check::Found;
use crate::report::{Problem, Report};
use crate::source::SourceFile;
use std::ops::Range;

/// Records the verdict on one connector of `source` (which will be `report.files[file]`).
/// `locate` maps a body pointer to the byte span of the value in the source (the nearest
/// enclosing value for a missing key); `shown` maps it to the pointer printed.
pub fn record(
    report: &mut Report,
    file: usize,
    source: &SourceFile,
    connector: String,
    found: Vec<Found>,
    mut locate: impl FnMut(&str) -> Option<Range<usize>>,
    shown: impl Fn(&str) -> String,
) {
    report.connectors += 1;
    if found.is_empty() {
        return;
    }
    if let Some(f) = found.iter().find(|f| f.kind == kibana_connectors::ErrorKind::NotModelled.as_str()) {
        report.not_judged += 1;
        report.notes.push(format!("{}: connector `{connector}`: {}", source.name, f.message));
        return;
    }
    report.invalid += 1;
    for f in found {
        let span = locate(&f.pointer);
        let (line, column) = span.as_ref().map_or((1, 1), |s| source.position(s.start));
        report.problems.push(Problem {
            file,
            line,
            column,
            span,
            connector: connector.clone(),
            pointer: shown(&f.pointer),
            kind: f.kind.to_owned(),
            message: f.message,
        });
    }
}

/// The Kibana-side spelling of the type id key, for sources that write it so.
pub fn action_type_id(pointer: &str) -> String {
    match pointer.strip_prefix("/connector_type_id") {
        Some(rest) => format!("/actionTypeId{rest}"),
        None => pointer.to_owned(),
    }
}

/// [`action_type_id`] for a message that names the key (`[connector_type_id]: …`).
pub fn action_type_id_message(found: &mut [Found]) {
    for f in found {
        if let Some(rest) = f.message.strip_prefix("[connector_type_id]") {
            f.message = format!("[actionTypeId]{rest}");
        }
    }
}

/// Position of serde_json's (1-based line, 1-based byte column) error in `source`, from `base`.
pub fn json_error_position(source: &SourceFile, base: usize, e: &serde_json::Error) -> (usize, usize) {
    let text = source.text.get(base..).unwrap_or_default();
    let line_start = text.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum::<usize>();
    let mut at = base + line_start + e.column().saturating_sub(1);
    while at > 0 && !source.text.is_char_boundary(at) {
        at -= 1;
    }
    source.position(at.min(source.text.len()))
}

/// serde_json's message without its own " at line L column C" (the report gives the position).
pub fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(cut) => message.get(..cut).unwrap_or_default().to_owned(),
        None => message,
    }
}
