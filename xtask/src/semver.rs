//! `cargo xtask semver`: the semver meaning of a change to the generated crate. A
//! regenerated model can break downstream code (a field that changes type, a variant that
//! disappears), and the generated diff does not say so; cargo-semver-checks does, from the
//! rustdoc of both versions. Each change is reported as major or minor, and the check fails
//! when `generated/Cargo.toml`'s version is not bumped as the changes require (for 0.x, a
//! breaking change needs the minor number bumped).

use std::process::Command;
use xtask::project_root;

/// The crate whose public API is checked (the CLI is a binary: it has none).
const PACKAGE: &str = "kibana-connectors";

/// Where the default baseline revision is kept: the last release of the crate.
const BASELINE_FILE: &str = ".ci/semver-baseline";

pub fn run(baseline: Option<&str>) -> Result<(), String> {
    let root = project_root();
    let baseline = match baseline {
        Some(rev) => rev.to_owned(),
        None => std::fs::read_to_string(root.join(BASELINE_FILE))
            .map_err(|e| format!("{BASELINE_FILE}: {e} (or pass --baseline REV)"))?
            .lines()
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| l.trim().to_owned())
            .ok_or_else(|| format!("{BASELINE_FILE} names no revision"))?,
    };
    let installed = Command::new("cargo").args(["semver-checks", "--version"]).output();
    if !installed.is_ok_and(|o| o.status.success()) {
        return Err("cargo-semver-checks is not installed: `cargo install cargo-semver-checks --locked`".into());
    }
    println!("public API of {PACKAGE}: changes since {baseline}");
    let status = Command::new("cargo")
        .current_dir(&root)
        .args(["semver-checks", "check-release", "--package", PACKAGE, "--baseline-rev", &baseline])
        .status()
        .map_err(|e| format!("cargo semver-checks: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{PACKAGE}: the changes since {baseline} need a larger version bump than generated/Cargo.toml has (see above)"
        ))
    }
}
