//! `cargo xtask codegen`: read spec + overlay, run the generator, write or check files.

use crate::CodegenArgs;
use std::path::{Path, PathBuf};
use xtask::{Target, project_root, read};

pub fn run(args: &CodegenArgs) -> Result<(), String> {
    let root = project_root();
    let spec_path = args.spec.clone().unwrap_or_else(|| root.join("spec/connectors.yaml"));
    let overlay_paths = overlays(&args.overlay, args.no_overlay);

    // The project's own model covers every release in spec/releases.yaml; a spec or
    // overlay given on the command line is generated as one release.
    let manifest = root.join("spec/releases.yaml");
    let versioned = args.spec.is_none() && args.overlay.is_empty() && !args.no_overlay && manifest.exists();
    let targets = match (&args.out, versioned) {
        (None, true) => xtask::project_targets(&root),
        (Some(out), true) => xtask::project_files(&root).map(|files| vec![Target::models(out.clone(), files)]),
        (out, false) => {
            let out = out.clone().unwrap_or_else(|| root.join("generated/src/models"));
            with_inputs(&spec_path, &overlay_paths, generator::generate).map(|files| vec![Target::models(out, files)])
        }
    };
    let targets = targets.map_err(|e| format!("{e}; nothing was written"))?;

    if args.check {
        return xtask::ensure_fresh(&targets);
    }
    let plan = xtask::plan(&targets);
    if plan.is_empty() {
        for t in &targets {
            println!("{} is up to date ({} files)", t.dir.display(), t.files.len());
        }
        return Ok(());
    }
    xtask::apply(&targets, &plan)
}

/// The overlays to apply: those given, else the project overlay (none with `--no-overlay`).
pub fn overlays(given: &[PathBuf], none: bool) -> Vec<PathBuf> {
    match (given, none) {
        (_, true) => Vec::new(),
        ([], false) => vec![project_root().join("spec/connectors.overlay.yaml")],
        (given, false) => given.to_vec(),
    }
}

/// Reads a spec and its overlays and runs `f` on the texts; diagnostics name the inputs.
pub fn with_inputs<T>(
    spec_path: &Path,
    overlay_paths: &[PathBuf],
    f: impl FnOnce(&str, &[&str]) -> Result<T, generator::diagnostics::Diagnostics>,
) -> Result<T, String> {
    let spec = read(spec_path)?;
    let overlays = overlay_paths.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
    let texts: Vec<&str> = overlays.iter().map(String::as_str).collect();
    f(&spec, &texts).map_err(|diags| {
        let mut inputs = spec_path.display().to_string();
        for (i, p) in overlay_paths.iter().enumerate() {
            let n = if overlay_paths.len() > 1 { format!(" (overlay #{})", i + 1) } else { String::new() };
            inputs.push_str(&format!(" + {}{n}", p.display()));
        }
        format!("{diags}\nin {inputs}")
    })
}
