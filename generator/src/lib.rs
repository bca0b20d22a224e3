//! Code generator for `kibana-connectors`: Kibana's connectors OpenAPI description plus
//! an OpenAPI Overlay → typed Rust models.
//!
//! Pipeline (one module per stage): [`parse`] → [`fixups`] → [`overlay`] → [`lower`]
//! (into [`ir`]) → [`emit`] → [`format`]. The library does no I/O: callers pass text and
//! get files back. Beside the pipeline, [`compare`] and [`diff`] read two IRs.
#![forbid(unsafe_code)]

pub mod compare;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod fixups;
pub mod format;
pub mod ir;
pub mod lower;
pub mod names;
pub mod overlay;
pub mod parse;
pub mod pointer;

use diagnostics::{Diagnostic, Diagnostics, Source};
use std::collections::BTreeMap;

/// The inputs of one run.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The OpenAPI 3.0 document (YAML or JSON text).
    pub spec: &'a str,
    /// An optional Overlay 1.0 document applied before lowering.
    pub overlay: Option<&'a str>,
}

/// Generated files: relative file name (`webhook.rs`) → formatted contents.
pub type Files = BTreeMap<String, String>;

/// Parses, overlays and lowers: the IR, or every problem found.
pub fn build_ir(input: Input<'_>) -> Result<ir::Ir, Diagnostics> {
    build_ir_layered(input.spec, input.overlay.as_slice())
}

/// Like [`build_ir`] with any number of overlays, applied in order after the fixups any
/// of them requests (`x-kibana-fixups`). Used to put a per-file upstream overlay (fixups,
/// corrections) under the project overlay.
pub fn build_ir_layered(spec: &str, overlays: &[&str]) -> Result<ir::Ir, Diagnostics> {
    let mut doc = parse::parse_yaml(spec, Source::Spec)?;
    parse::check_version(&doc)?;
    let mut parsed = Vec::new();
    for (i, text) in overlays.iter().enumerate() {
        let source = if overlays.len() > 1 { Source::Layer(i + 1) } else { Source::Overlay };
        parsed.push((source, parse::parse_yaml(text, source)?));
    }
    fixups::apply_requested(&mut doc, &parsed)?;
    for (source, overlay) in &parsed {
        overlay::apply(&mut doc, overlay).map_err(|d| d.in_layer(*source))?;
    }
    let spec = parse::to_openapi(doc)?;
    lower::lower(&spec)
}

/// Renders the IR into formatted files.
pub fn render(ir: &ir::Ir) -> Result<Files, Diagnostics> {
    let mut files = Files::new();
    let mut diags = Diagnostics::default();
    for (name, tokens) in emit::emit(ir) {
        match format::format_file(&name, tokens) {
            Ok(text) => {
                files.insert(name, text);
            }
            Err(e) => diags.push(Diagnostic::spec(&pointer::JsonPointer::root(), e)),
        }
    }
    diags.into_result(files)
}

/// The whole pipeline: spec (+ overlay) text → formatted files.
pub fn generate(input: Input<'_>) -> Result<Files, Diagnostics> {
    render(&build_ir(input)?)
}

/// The whole pipeline with several overlays (see [`build_ir_layered`]).
pub fn generate_layered(spec: &str, overlays: &[&str]) -> Result<Files, Diagnostics> {
    render(&build_ir_layered(spec, overlays)?)
}
