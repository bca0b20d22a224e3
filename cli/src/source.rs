//! A source text and positions in it: byte ranges in, 1-based line and character column out.

use std::ops::Range;

/// One input as read: its display name (`-` for stdin), its text, and the byte ranges of
/// secret values, which excerpts mask.
pub struct SourceFile {
    pub name: String,
    pub text: String,
    pub secrets: Vec<Range<usize>>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: String, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { name, text, secrets: Vec::new(), line_starts }
    }

    /// 1-based line and column (in characters) of byte offset `at`.
    pub fn position(&self, at: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&start| start <= at).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self.text.get(start..at).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }

    /// Byte offset of 1-based `line`, 0-based character `column` (as YAML markers give them).
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let start = self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len());
        let rest = self.text.get(start..).unwrap_or_default();
        start + rest.char_indices().nth(column).map_or(rest.len(), |(i, _)| i)
    }

    /// Byte range of the line holding `at`, without its line break.
    pub fn line_range(&self, at: usize) -> Range<usize> {
        let line = self.line_starts.partition_point(|&start| start <= at).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let end = self.line_starts.get(line).map_or(self.text.len(), |next| next - 1);
        let end = if self.text.get(..end).is_some_and(|s| s.ends_with('\r')) { end - 1 } else { end };
        start..end.max(start)
    }
}
