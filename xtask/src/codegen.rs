//! `cargo xtask codegen`: read spec + overlay, run the generator, write or check files.

use crate::CodegenArgs;
use generator::format::PREAMBLE;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root (xtask lives one level below it).
pub fn project_root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.parent().map(Path::to_path_buf).unwrap_or(dir)
}

pub fn run(args: &CodegenArgs) -> Result<(), String> {
    let root = project_root();
    let spec_path = args.spec.clone().unwrap_or_else(|| root.join("spec/connectors.yaml"));
    let overlay_paths = overlays(&args.overlay, args.no_overlay);
    let out = args.out.clone().unwrap_or_else(|| root.join("generated/src/models"));

    // The project's own model covers every release in spec/releases.yaml; a spec or
    // overlay given on the command line is generated as one release.
    let manifest = root.join("spec/releases.yaml");
    let versioned = args.spec.is_none() && args.overlay.is_empty() && !args.no_overlay && manifest.exists();
    let files = if versioned {
        project_files(&root).map_err(|e| format!("{e}; nothing was written"))?
    } else {
        with_inputs(&spec_path, &overlay_paths, generator::generate_layered).map_err(|e| format!("{e}; nothing was written"))?
    };

    let plan = plan(&out, &files)?;
    if plan.is_empty() {
        println!("{} is up to date ({} files)", out.display(), files.len());
        return Ok(());
    }
    if args.check {
        let mut msg = format!("{} is stale:\n", out.display());
        for (file, why) in &plan {
            msg.push_str(&format!("  {} ({why})\n", file.display()));
        }
        msg.push_str("run `cargo xtask codegen` to update it");
        return Err(msg);
    }
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (file, why) in &plan {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        match files.get(name) {
            Some(text) => fs::write(file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))?,
            None => fs::remove_file(file).map_err(|e| format!("cannot remove {}: {e}", file.display()))?,
        }
        println!("{why}: {}", file.display());
    }
    Ok(())
}

/// The project's model: `spec/connectors.yaml` + `spec/connectors.overlay.yaml` as the base,
/// and every release of `spec/releases.yaml` with its overlays (paths relative to `spec/`).
pub fn project_files(root: &Path) -> Result<generator::Files, String> {
    project_inputs(root)?.generate().map_err(|d| format!("{d}\nin spec/ (connectors.yaml, connectors.overlay.yaml, releases.yaml and its overlays)"))
}

/// The texts of the project's inputs under `spec/`.
pub fn project_inputs(root: &Path) -> Result<generator::releases::ProjectInputs, String> {
    let spec_dir = root.join("spec");
    generator::releases::ProjectInputs::read(&|file| read(&spec_dir.join(file)))
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
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

/// What would change: (file, "updated" | "created" | "removed"). Only files that carry
/// the generated preamble are ever removed.
fn plan(out: &Path, files: &generator::Files) -> Result<Vec<(PathBuf, &'static str)>, String> {
    let mut changes = Vec::new();
    for (name, text) in files {
        let path = out.join(name);
        match fs::read_to_string(&path) {
            Ok(old) if old.replace("\r\n", "\n") == *text => {}
            Ok(_) => changes.push((path, "updated")),
            Err(_) => changes.push((path, "created")),
        }
    }
    let produced: BTreeSet<&str> = files.keys().map(String::as_str).collect();
    if let Ok(entries) = fs::read_dir(out) {
        let mut stale: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| !produced.contains(n)))
            .filter(|p| fs::read_to_string(p).is_ok_and(|t| t.starts_with(PREAMBLE)))
            .collect();
        stale.sort();
        changes.extend(stale.into_iter().map(|p| (p, "removed")));
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> generator::Files {
        pairs.iter().map(|(n, t)| ((*n).to_owned(), format!("{PREAMBLE}{t}"))).collect()
    }

    #[test]
    fn plan_writes_only_changes_and_removes_only_generated_files() {
        let dir = std::env::temp_dir().join(format!("xtask-plan-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("same.rs"), format!("{PREAMBLE}same")).unwrap();
        fs::write(dir.join("changed.rs"), format!("{PREAMBLE}old")).unwrap();
        fs::write(dir.join("gone.rs"), format!("{PREAMBLE}gone")).unwrap();
        fs::write(dir.join("handwritten.rs"), "// mine").unwrap();
        fs::write(dir.join("crlf.rs"), format!("{PREAMBLE}a\r\nb")).unwrap();

        let wanted = files(&[("same.rs", "same"), ("changed.rs", "new"), ("new.rs", "n"), ("crlf.rs", "a\nb")]);
        let mut plan: Vec<(String, &str)> = plan(&dir, &wanted)
            .unwrap()
            .into_iter()
            .map(|(p, why)| (p.file_name().unwrap().to_string_lossy().into_owned(), why))
            .collect();
        plan.sort();
        assert_eq!(plan, vec![("changed.rs".into(), "updated"), ("gone.rs".into(), "removed"), ("new.rs".into(), "created")]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
