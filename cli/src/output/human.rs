//! Human output: `file:line:column: <pointer> [<kind>] <message>` per problem, the source
//! line with the value underlined (annotate-snippets), secret values masked; then notes
//! and a summary line.

use crate::report::{Problem, Report};
use crate::source::SourceFile;
use annotate_snippets::{Level, Renderer, Snippet};
use std::fmt::Write;
use std::ops::Range;

/// What a secret value is shown as, whatever its length.
const MASK: &str = "****";

pub fn render(report: &Report, styled: bool) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for p in &report.problems {
        let Some(file) = report.files.get(p.file) else { continue };
        let pointer = if p.pointer.is_empty() { "<root>" } else { p.pointer.as_str() };
        let _ = writeln!(out, "{}:{}:{}: {pointer} [{}] {}", file.name, p.line, p.column, p.kind, p.message);
        if let Some((text, span)) = excerpt(file, p) {
            let title = format!("connector `{}`", p.connector);
            let snippet = Snippet::source(&text).line_start(p.line).annotation(Level::Error.span(span).label(&p.kind));
            let _ = writeln!(out, "{}\n", renderer.render(Level::Note.title(&title).snippet(snippet)));
        }
    }
    for note in &report.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

/// `3 connectors: 1 valid, 2 invalid (4 problems); skipped 2 saved objects (dashboard: 2)`.
pub fn summary(report: &Report) -> String {
    let mut line = format!(
        "{} connector{}: {} valid, {} invalid ({} problem{})",
        report.connectors,
        plural(report.connectors),
        report.valid(),
        report.invalid,
        report.problems.len(),
        plural(report.problems.len())
    );
    let skipped: usize = report.skipped.values().sum();
    if skipped > 0 {
        let kinds: Vec<String> = report.skipped.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        let _ = write!(line, "; skipped {skipped} other saved object{} ({})", plural(skipped), kinds.join(", "));
    }
    if !report.errors.is_empty() {
        let _ = write!(line, "; {} unreadable input{}", report.errors.len(), plural(report.errors.len()));
    }
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The problem's first source line with secrets masked, and the underline's span in it
/// (only the first line of a value spanning several).
fn excerpt(file: &SourceFile, p: &Problem) -> Option<(String, Range<usize>)> {
    let span = p.span.as_ref()?;
    let line = file.line_range(span.start);
    let start = span.start.clamp(line.start, line.end);
    let end = span.end.clamp(start, line.end);
    let mut secrets: Vec<Range<usize>> = file
        .secrets
        .iter()
        .filter(|s| s.start < line.end && s.end > line.start)
        .map(|s| s.start.max(line.start)..s.end.min(line.end))
        .collect();
    secrets.sort_by_key(|s| s.start);
    // (original range, offset in the excerpt, masked)
    let mut pieces: Vec<(Range<usize>, usize, bool)> = Vec::new();
    let mut text = String::new();
    let mut at = line.start;
    for s in secrets.into_iter().filter(|s| !s.is_empty()) {
        if s.start < at {
            continue;
        }
        pieces.push((at..s.start, text.len(), false));
        text.push_str(file.text.get(at..s.start)?);
        pieces.push((s.clone(), text.len(), true));
        text.push_str(MASK);
        at = s.end;
    }
    pieces.push((at..line.end, text.len(), false));
    text.push_str(file.text.get(at..line.end)?);
    let new_start = remap(&pieces, start, false);
    let new_end = remap(&pieces, end, true).max(new_start);
    Some((text, new_start..new_end))
}

/// Where `offset` of the source lands in the excerpt: inside a masked value, on the mask.
fn remap(pieces: &[(Range<usize>, usize, bool)], offset: usize, is_end: bool) -> usize {
    for (range, at, masked) in pieces {
        let inside = if is_end {
            offset > range.start && offset <= range.end
        } else {
            offset >= range.start && offset < range.end
        };
        if inside {
            return match (masked, is_end) {
                (true, false) => *at,
                (true, true) => at + MASK.len(),
                (false, _) => at + (offset - range.start),
            };
        }
    }
    // Past every piece (an empty value at the end of the line): the end of the excerpt.
    pieces
        .last()
        .map_or(0, |(range, at, masked)| if *masked { at + MASK.len() } else { at + (range.end - range.start) })
}
