//! What a run found, before it is formatted: problems, unreadable inputs, counts.

use crate::source::SourceFile;
use std::collections::BTreeMap;
use std::ops::Range;

/// One problem in one connector, placed in its source.
pub struct Problem {
    /// Index into [`Report::files`].
    pub file: usize,
    pub line: usize,
    pub column: usize,
    /// Byte span of the offending value (or of its enclosing object), for the excerpt.
    pub span: Option<Range<usize>>,
    /// The connector's id, or `#N` for the N-th body of the file.
    pub connector: String,
    pub pointer: String,
    pub kind: String,
    pub message: String,
}

/// An input that cannot be read or parsed as JSON/YAML (exit 2).
pub struct InputError {
    pub file: String,
    /// 1-based; `None` when the problem has no position (a file that cannot be opened).
    pub position: Option<(usize, usize)>,
    pub message: String,
}

#[derive(Default)]
pub struct Report {
    pub files: Vec<SourceFile>,
    pub problems: Vec<Problem>,
    pub errors: Vec<InputError>,
    pub connectors: usize,
    pub invalid: usize,
    /// Connectors of a type the release registers but the library does not model: no
    /// verdict (a note each, not a problem).
    pub not_judged: usize,
    /// Saved objects that are not connectors, by type.
    pub skipped: BTreeMap<String, usize>,
    /// What was not checked and why (e.g. config only).
    pub notes: Vec<String>,
    /// The bodies the readers judged, kept for `drift` (`None`: not kept).
    pub bodies: Option<Vec<crate::drift::Desired>>,
}

impl Report {
    pub fn valid(&self) -> usize {
        self.connectors - self.invalid - self.not_judged
    }

    pub fn error(&mut self, file: &str, position: Option<(usize, usize)>, message: impl Into<String>) {
        self.errors.push(InputError { file: file.to_owned(), position, message: message.into() });
    }

    /// Unreadable inputs on stderr, one line each (human output, or `--quiet` in any format).
    pub fn print_errors(&self) {
        for e in &self.errors {
            match e.position {
                Some((line, column)) => eprintln!("error: {}:{line}:{column}: {}", e.file, e.message),
                None => eprintln!("error: {}: {}", e.file, e.message),
            }
        }
    }

    /// 2 when an input could not be read, else 1 when a problem was found, else 0.
    pub fn exit_code(&self) -> u8 {
        if !self.errors.is_empty() {
            2
        } else if !self.problems.is_empty() {
            1
        } else {
            0
        }
    }
}
