//! Code generator for `kibana-connectors`: Kibana's connectors OpenAPI description plus
//! an OpenAPI Overlay → typed Rust models.
//!
//! Pipeline (one module per stage): [`parse`] → [`fixups`] → [`overlay`] → [`lower`]
//! (into [`ir`]) → [`emit`] → [`format`]. Stages are numbered as the codegen bench and
//! BENCHMARKS.md time them: 1 parse YAML, 2 fixups and overlays, 3 JSON value →
//! `openapiv3` (in [`parse`]), 4 lower, 5 emit, 6 format. The library does no I/O: callers pass text and
//! get files back. Beside the pipeline, [`compare`] and [`diff`] read two IRs, and
//! [`json_schema`] writes the releases' JSON Schema data for the CLI's `schema` command.
#![forbid(unsafe_code)]

pub mod compare;
pub mod convert;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod fixups;
pub mod format;
pub mod ir;
pub mod json_schema;
pub mod lower;
pub mod names;
pub mod overlay;
pub mod parallel;
pub mod parse;
pub mod pointer;
pub mod points;
pub mod releases;

use diagnostics::{Diagnostic, Diagnostics, Source};
use std::collections::BTreeMap;

/// Generated files: relative file name (`webhook.rs`) → formatted contents.
pub type Files = BTreeMap<String, String>;

/// Parses, overlays and lowers: the IR, or every problem found. `spec` is an OpenAPI 3.0
/// document (YAML or JSON text); `overlays` (Overlay 1.0 documents, any number) are applied
/// in order after the fixups any of them requests (`x-kibana-fixups`), e.g. a per-file
/// upstream overlay (fixups, corrections) under the project overlay.
pub fn build_ir(spec: &str, overlays: &[&str]) -> Result<ir::Ir, Diagnostics> {
    let spec = parse::to_openapi(overlaid(spec, overlays)?)?;
    lower::lower(&spec)
}

/// Stages 1–2: the spec parsed, its requested fixups applied, then its overlays in order.
fn overlaid(spec: &str, overlays: &[&str]) -> Result<serde_json::Value, Diagnostics> {
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
    Ok(doc)
}

/// One release point's overlays (texts), applied after the base overlays.
#[derive(Clone, Debug)]
pub struct ReleaseInput<'a> {
    pub point: releases::Point,
    pub overlays: Vec<&'a str>,
    /// The point it builds on (`extends`, else the one listed before): release gates name
    /// their releases as "this point and every point that builds on it".
    pub parent: Option<usize>,
}

/// Lowers every release point (the base spec and overlays, then the point's own overlays)
/// and merges them (see [`releases`] and, for how the points share work, [`points`]).
pub fn build_versioned(
    spec: &str,
    base: &[&str],
    points: &[ReleaseInput<'_>],
) -> Result<releases::Versioned, Diagnostics> {
    let doc = overlaid(spec, base)?;
    let (docs, mut diags) = points::overlay_points(&doc, points);
    let (models, lowering) = points::lower_points(points, docs);
    diags.extend(lowering);
    let models = diags.into_result(models)?;
    let (irs, settings) = models.into_iter().flatten().unzip();
    let mut versioned = releases::merge(points.iter().map(|r| r.point.clone()).collect(), irs, settings)?;
    versioned.parents = points.iter().map(|r| r.parent).collect();
    Ok(versioned)
}

/// The whole pipeline over every release point: spec, base overlays and release overlays
/// → formatted files, with checks and defaults gated by release.
pub fn generate_versioned(spec: &str, base: &[&str], points: &[ReleaseInput<'_>]) -> Result<Files, Diagnostics> {
    let versioned = build_versioned(spec, base, points)?;
    render_versioned(&versioned)
}

/// Renders the release points' merged model into formatted files (see [`generate_versioned`]).
pub fn render_versioned(versioned: &releases::Versioned) -> Result<Files, Diagnostics> {
    render_plan(&emit::Plan::versioned(versioned))
}

/// Renders the IR into formatted files.
pub fn render(ir: &ir::Ir) -> Result<Files, Diagnostics> {
    render_plan(&emit::Plan::new(ir))
}

/// Emits and formats every file on every core: each worker takes the next file (largest
/// first) and emits and formats it itself, so tokens never cross threads.
fn render_plan(plan: &emit::Plan<'_>) -> Result<Files, Diagnostics> {
    let mut files = Files::new();
    let mut diags = Diagnostics::default();
    let rendered = parallel::map(plan.files(), |name| {
        let text = format::format_file(&name, plan.emit_file(&name));
        (name, text)
    });
    for (name, formatted) in rendered {
        match formatted {
            Ok(text) => {
                files.insert(name, text);
            }
            Err(e) => diags.push(Diagnostic::spec(&pointer::JsonPointer::root(), e)),
        }
    }
    diags.into_result(files)
}

/// The whole pipeline: spec and overlay texts (see [`build_ir`]) → formatted files.
pub fn generate(spec: &str, overlays: &[&str]) -> Result<Files, Diagnostics> {
    render(&build_ir(spec, overlays)?)
}
