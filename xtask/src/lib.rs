//! The library half of `cargo xtask`: the project's generated outputs and the one
//! freshness check that both `cargo xtask codegen --check` and the test
//! `committed_models_are_fresh` run (after rust-analyzer's `ensure_file_contents`).
#![forbid(unsafe_code)]

use generator::format::PREAMBLE;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root (xtask lives one level below it).
pub fn project_root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.parent().map(Path::to_path_buf).unwrap_or(dir)
}

/// The texts of the project's inputs under `spec/`.
pub fn project_inputs(root: &Path) -> Result<generator::releases::ProjectInputs, String> {
    let spec_dir = root.join("spec");
    generator::releases::ProjectInputs::read(&|file| read(&spec_dir.join(file)))
}

/// The project's model: `spec/connectors.yaml` + `spec/connectors.overlay.yaml` as the base,
/// and every release of `spec/releases.yaml` with its overlays (paths relative to `spec/`).
pub fn project_files(root: &Path) -> Result<generator::Files, String> {
    project_inputs(root)?.generate().map_err(in_spec)
}

/// Diagnostics on the project's inputs, with where they are.
fn in_spec(d: generator::diagnostics::Diagnostics) -> String {
    format!("{d}\nin spec/ (connectors.yaml, connectors.overlay.yaml, releases.yaml and its overlays)")
}

/// The file under `cli/src/` that holds the JSON Schema data of every release.
pub const SCHEMA_DATA: &str = "schema.data.json";

/// Everything `cargo xtask codegen` writes for the project (no arguments): the models, the
/// JSON Schema data the CLI's `schema` command embeds (`cli/src/schema.data.json`), and the
/// fuzz seeds copied from `spec/` (the spec, the project overlay and each release overlay, as
/// `release-<file>`).
pub fn project_targets(root: &Path) -> Result<Vec<Target>, String> {
    let versioned = project_inputs(root)?.versioned().map_err(in_spec)?;
    let models =
        Target::models(root.join("generated/src/models"), generator::render_versioned(&versioned).map_err(in_spec)?);
    let schema = Target {
        dir: root.join("cli/src"),
        files: [(SCHEMA_DATA.to_owned(), generator::json_schema::data(&versioned))].into(),
        owns: |_| false,
    };
    let spec = root.join("spec");
    let corpus = root.join("fuzz/corpus");
    let seed_spec = Target {
        dir: corpus.join("spec"),
        files: [("project.yaml".to_owned(), read(&spec.join("connectors.yaml"))?)].into(),
        owns: |_| false,
    };
    let mut overlays = generator::Files::new();
    overlays.insert("project.overlay.yaml".to_owned(), read(&spec.join("connectors.overlay.yaml"))?);
    let releases = spec.join("releases");
    let entries = fs::read_dir(&releases).map_err(|e| format!("cannot read {}: {e}", releases.display()))?;
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        let Some(name) = path.file_name().and_then(|n| n.to_str()).filter(|n| n.ends_with(".overlay.yaml")) else {
            continue;
        };
        overlays.insert(format!("{RELEASE_SEED}{name}"), read(&path)?);
    }
    let owns = |p: &Path| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(RELEASE_SEED));
    let seed_overlays = Target { dir: corpus.join("overlay"), files: overlays, owns };
    Ok(vec![models, schema, seed_spec, seed_overlays])
}

/// The prefix of a release overlay's fuzz seed (`fuzz/corpus/overlay/release-9.2.overlay.yaml`).
const RELEASE_SEED: &str = "release-";

/// Reads a file, with the path in the error.
pub fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Files that belong in one directory.
#[derive(Clone, Debug)]
pub struct Target {
    pub dir: PathBuf,
    /// File name → contents.
    pub files: generator::Files,
    /// Which files already in `dir` the target owns: one it no longer produces is removed.
    pub owns: fn(&Path) -> bool,
}

impl Target {
    /// Generated modules: the directory's `.rs` files that carry the generated preamble are
    /// the target's (a hand-written file beside them is never removed).
    pub fn models(dir: PathBuf, files: generator::Files) -> Self {
        Self {
            dir,
            files,
            owns: |p| {
                p.extension().is_some_and(|x| x == "rs") && fs::read_to_string(p).is_ok_and(|t| t.starts_with(PREAMBLE))
            },
        }
    }
}

/// What would change to make every target's directory hold its files: (file, "updated" |
/// "created" | "removed"). Line endings are not compared (a checkout may have CRLF).
pub fn plan(targets: &[Target]) -> Vec<(PathBuf, &'static str)> {
    let mut changes = Vec::new();
    for target in targets {
        for (name, text) in &target.files {
            let path = target.dir.join(name);
            match fs::read_to_string(&path) {
                Ok(old) if old.replace("\r\n", "\n") == *text => {}
                Ok(_) => changes.push((path, "updated")),
                Err(_) => changes.push((path, "created")),
            }
        }
        let produced: BTreeSet<&str> = target.files.keys().map(String::as_str).collect();
        if let Ok(entries) = fs::read_dir(&target.dir) {
            let mut stale: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| !produced.contains(n)))
                .filter(|p| (target.owns)(p))
                .collect();
            stale.sort();
            changes.extend(stale.into_iter().map(|p| (p, "removed")));
        }
    }
    changes
}

/// The freshness check: `Ok` when nothing would change, else every stale file.
pub fn ensure_fresh(targets: &[Target]) -> Result<(), String> {
    let plan = plan(targets);
    if plan.is_empty() {
        return Ok(());
    }
    let mut msg = String::from("generated files are stale:\n");
    for (file, why) in &plan {
        let _ = writeln!(msg, "  {} ({why})", file.display());
    }
    msg.push_str("run `cargo xtask codegen` to update them");
    Err(msg)
}

/// Carries out a plan; prints each change.
pub fn apply(targets: &[Target], plan: &[(PathBuf, &'static str)]) -> Result<(), String> {
    for target in targets {
        fs::create_dir_all(&target.dir).map_err(|e| format!("cannot create {}: {e}", target.dir.display()))?;
    }
    for (file, why) in plan {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let text = targets.iter().find(|t| file.parent() == Some(t.dir.as_path())).and_then(|t| t.files.get(name));
        match text {
            Some(text) => fs::write(file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))?,
            None => fs::remove_file(file).map_err(|e| format!("cannot remove {}: {e}", file.display()))?,
        }
        println!("{why}: {}", file.display());
    }
    Ok(())
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
        let targets = [Target::models(dir.clone(), wanted)];
        let mut plan: Vec<(String, &str)> = plan(&targets)
            .into_iter()
            .map(|(p, why)| (p.file_name().unwrap().to_string_lossy().into_owned(), why))
            .collect();
        plan.sort();
        assert_eq!(
            plan,
            vec![("changed.rs".into(), "updated"), ("gone.rs".into(), "removed"), ("new.rs".into(), "created")]
        );
        assert!(ensure_fresh(&targets).is_err());
        apply(&targets, &super::plan(&targets)).unwrap();
        assert_eq!(ensure_fresh(&targets), Ok(()));
        assert_eq!(fs::read_to_string(dir.join("handwritten.rs")).unwrap(), "// mine");
        fs::remove_dir_all(&dir).unwrap();
    }
}
