//! Helpers shared by the workspace's integration tests.
#![forbid(unsafe_code)]

pub mod corpus;
pub mod fuzzing;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.parent().map(Path::to_path_buf).unwrap_or(dir)
}

/// `../shared` beside the checkout, when present (CI has it; a user's fresh clone may not).
pub fn shared_dir() -> Option<PathBuf> {
    let dir = root().parent()?.join("shared");
    dir.is_dir().then_some(dir)
}

/// Reads a file, with the path in the error.
pub fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The project's spec and overlay texts.
pub fn project_spec() -> Result<(String, String), String> {
    let root = root();
    Ok((read(&root.join("spec/connectors.yaml"))?, read(&root.join("spec/connectors.overlay.yaml"))?))
}

/// Runs the generator on a fixture (`tests/fixtures/<name>.yaml`, plus
/// `<name>.overlay.yaml` when present).
pub fn generate_fixture(spec_path: &Path) -> Result<generator::Files, String> {
    let spec = read(spec_path)?;
    let overlay_path = spec_path.with_extension("overlay.yaml");
    let overlay = if overlay_path.exists() { Some(read(&overlay_path)?) } else { None };
    generator::generate(generator::Input { spec: &spec, overlay: overlay.as_deref() }).map_err(|d| d.to_string())
}

/// All files of one run as one text, for snapshots: `// ---- name.rs` before each.
pub fn concat(files: &generator::Files) -> String {
    files.iter().map(|(name, text)| format!("// ---- {name}\n{text}")).collect::<Vec<_>>().join("\n")
}

/// The fixture specs (not their overlays), sorted.
pub fn fixture_specs() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        name.ends_with(".yaml") && !name.ends_with(".overlay.yaml")
    });
    out.sort();
    out
}
