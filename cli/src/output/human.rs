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

/// Excerpt lines longer than this (in characters) are cut around the value, by
/// [`window`]: the renderer's own cut depends on the label's length, so two problems at one
/// place would be shown at different columns.
const LONG_LINE: usize = 140;
/// Characters kept before the value, and after it, in a cut line; the most of a long value shown.
const BEFORE: usize = 60;
const AFTER: usize = 30;
const LONGEST_VALUE: usize = 50;
/// Tabs are shown as this many spaces (the renderer counts a tab as no column).
const TAB: &str = "    ";

pub fn render(report: &Report, styled: bool) -> String {
    let plain = if styled { Renderer::styled() } else { Renderer::plain() };
    // Lines are cut here (`window`); the renderer must not cut them again.
    let renderer = plain.term_width(usize::MAX / 4);
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
    if report.not_judged > 0 {
        let _ = write!(line, "; {} not judged (not modelled)", report.not_judged);
    }
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
    let (text, span) = expand_tabs(&text, new_start..new_end);
    Some(window(&text, span))
}

/// `text` with each tab as [`TAB`], and `span` moved with it.
fn expand_tabs(text: &str, span: Range<usize>) -> (String, Range<usize>) {
    if !text.contains('\t') {
        return (text.to_owned(), span);
    }
    let shift = |at: usize| at + text.get(..at).map_or(0, |t| t.matches('\t').count() * (TAB.len() - 1));
    (text.replace('\t', TAB), shift(span.start)..shift(span.end))
}

/// A long line cut around the span: [`BEFORE`] characters before it, at most
/// [`LONGEST_VALUE`] of it and [`AFTER`] after it, `...` where text was cut.
fn window(text: &str, span: Range<usize>) -> (String, Range<usize>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.len() <= LONG_LINE {
        return (text.to_owned(), span);
    }
    let char_at = |byte: usize| chars.partition_point(|(i, _)| *i < byte);
    let byte_at = |c: usize| chars.get(c).map_or(text.len(), |(i, _)| *i);
    let (first, last) = (char_at(span.start), char_at(span.end));
    let from = first.saturating_sub(BEFORE);
    let shown_end = last.min(first + LONGEST_VALUE);
    let to = (shown_end + AFTER).min(chars.len());
    let (from_byte, to_byte) = (byte_at(from), byte_at(to));
    let head = if from > 0 { "..." } else { "" };
    let tail = if to < chars.len() { "..." } else { "" };
    let cut = format!("{head}{}{tail}", text.get(from_byte..to_byte).unwrap_or_default());
    let start = head.len() + span.start - from_byte;
    let end = head.len() + byte_at(shown_end).max(span.start) - from_byte;
    (cut, start..end)
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
