//! Problems found in a spec or overlay. Collected, never panicked on; each names where.

use crate::pointer::JsonPointer;
use std::fmt;

/// Which input document a pointer refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Spec,
    Overlay,
    /// One of several overlays applied in turn, by 1-based position.
    Layer(usize),
}

/// One problem, with the JSON pointer of its location.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub source: Source,
    pub pointer: JsonPointer,
    pub message: String,
    /// How to fix it, when there is an obvious fix.
    pub hint: Option<String>,
    /// Other locations involved (the target of a `$ref`, the other side of a collision).
    pub related: Vec<JsonPointer>,
}

impl Diagnostic {
    pub fn spec(pointer: &JsonPointer, message: impl Into<String>) -> Self {
        Self {
            source: Source::Spec,
            pointer: pointer.clone(),
            message: message.into(),
            hint: None,
            related: Vec::new(),
        }
    }

    pub fn overlay(pointer: &JsonPointer, message: impl Into<String>) -> Self {
        Self {
            source: Source::Overlay,
            pointer: pointer.clone(),
            message: message.into(),
            hint: None,
            related: Vec::new(),
        }
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    #[must_use]
    pub fn related(mut self, pointer: &JsonPointer) -> Self {
        self.related.push(pointer.clone());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source {
            Source::Spec => write!(f, "error: spec ")?,
            Source::Overlay => write!(f, "error: overlay ")?,
            Source::Layer(n) => write!(f, "error: overlay #{n} ")?,
        }
        write!(f, "{}: {}", self.pointer, self.message)?;
        for related in &self.related {
            write!(f, "\n  see: {related}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The accumulated problems of one run, sorted by location when rendered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Reattributes overlay problems to one overlay of several (`Source::Layer`).
    #[must_use]
    pub fn in_layer(mut self, source: Source) -> Self {
        for d in &mut self.0 {
            if d.source == Source::Overlay {
                d.source = source;
            }
        }
        self
    }

    /// Adds every problem of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Attributes problems to a release point (`overlay` 1-based; 0 = after its overlays).
    #[must_use]
    pub fn in_release(mut self, version: &str, overlay: usize) -> Self {
        for d in &mut self.0 {
            d.message = if overlay == 0 {
                format!("release {version}: {}", d.message)
            } else {
                format!("release {version}, overlay #{overlay}: {}", d.message)
            };
        }
        self
    }

    /// Ends a phase: `Err` with everything collected so far, sorted and deduplicated.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0.sort();
            self.0.dedup();
            Err(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Self(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        write!(f, "{} problem(s) found", self.0.len())
    }
}

impl std::error::Error for Diagnostics {}
