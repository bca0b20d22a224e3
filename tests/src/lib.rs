//! Helpers shared by the workspace's integration tests.
#![forbid(unsafe_code)]

pub mod corpus;
pub mod fuzzing;
pub mod node;
pub mod oracle;

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

/// The project's inputs under `spec/` (spec, overlay, release manifest and overlays).
pub fn project_inputs() -> Result<generator::releases::ProjectInputs, String> {
    let dir = root().join("spec");
    generator::releases::ProjectInputs::read(&|file| read(&dir.join(file)))
}

/// The project's generated files, as `cargo xtask codegen` writes them.
pub fn project_files() -> Result<generator::Files, String> {
    project_inputs()?.generate().map_err(|d| d.to_string())
}

/// Runs the generator on a fixture (`tests/fixtures/<name>.yaml`, plus
/// `<name>.overlay.yaml` when present).
pub fn generate_fixture(spec_path: &Path) -> Result<generator::Files, String> {
    let spec = read(spec_path)?;
    let overlay_path = spec_path.with_extension("overlay.yaml");
    let overlay = if overlay_path.exists() { Some(read(&overlay_path)?) } else { None };
    generator::generate(&spec, overlay.as_deref().as_slice()).map_err(|d| d.to_string())
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

/// Builds generated models as one throwaway crate under `target/<name>` and runs
/// `cargo check` on it with warnings denied: each `(module, files)` becomes `pub mod
/// module` beside a copy of the hand-written runtime; `extra` files are written to `src/`
/// and declared as modules too. Dependencies are those of `generated/Cargo.toml`.
pub fn check_compiles(
    name: &str,
    modules: &[(String, generator::Files)],
    extra: &[(&str, String)],
) -> Result<(), String> {
    let io = |what: &str, e: std::io::Error| format!("{what}: {e}");
    let root = root();
    let tmp = root.join("target").join(name);
    let src = tmp.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(src.join("runtime")).map_err(|e| io("create src/runtime", e))?;
    let runtime = std::fs::read_dir(root.join("generated/src/runtime")).map_err(|e| io("list the runtime", e))?;
    for entry in runtime.filter_map(Result::ok) {
        std::fs::copy(entry.path(), src.join("runtime").join(entry.file_name()))
            .map_err(|e| io("copy the runtime", e))?;
    }
    // Generated code must be fully documented, as the real crate requires.
    let mut lib = String::from(
        "//! Generated-code check.\n#![deny(warnings, missing_docs)]\n#![allow(dead_code)]\npub mod runtime;\n",
    );
    for (module, files) in modules {
        let dir = src.join(module);
        std::fs::create_dir_all(&dir).map_err(|e| io("create a module directory", e))?;
        for (file, text) in files {
            std::fs::write(dir.join(file), text).map_err(|e| io("write a module", e))?;
        }
        lib.push_str(&format!("/// Output for `{module}`.\n#[rustfmt::skip]\npub mod {module};\n"));
    }
    for (file, text) in extra {
        std::fs::write(src.join(file), text).map_err(|e| io("write an extra file", e))?;
        lib.push_str(&format!("mod {};\n", file.trim_end_matches(".rs")));
    }
    std::fs::write(src.join("lib.rs"), lib).map_err(|e| io("write lib.rs", e))?;
    let manifest = read(&root.join("generated/Cargo.toml"))?;
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|d| d.split("\n[").next())
        .ok_or("no [dependencies] in generated/Cargo.toml")?;
    // Workspace-inherited dependencies are spelled out; the others are copied as they are.
    let own: String = deps.lines().filter(|l| !l.contains(".workspace")).map(|l| format!("{l}\n")).collect();
    let deps = format!("\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"{own}");
    let package = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]{deps}"
    );
    std::fs::write(tmp.join("Cargo.toml"), package).map_err(|e| io("write Cargo.toml", e))?;
    std::fs::copy(root.join("Cargo.lock"), tmp.join("Cargo.lock")).map_err(|e| io("copy Cargo.lock", e))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["check", "--quiet", "--manifest-path"])
        .arg(tmp.join("Cargo.toml"))
        // One target directory for every such crate: their dependencies are built once.
        .env("CARGO_TARGET_DIR", root.join("target/check-crates"))
        .output()
        .map_err(|e| io("run cargo", e))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{name} does not compile:\n{}", String::from_utf8_lossy(&out.stderr)))
    }
}
