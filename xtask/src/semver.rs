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
    println!("public API of {PACKAGE}: changes since {baseline}, checked as if the release were minor");
    // Checked as a minor release, so that every breaking change is listed (for a major
    // bump cargo-semver-checks would check nothing).
    let status = Command::new("cargo")
        .current_dir(&root)
        .args(["semver-checks", "check-release", "--package", PACKAGE, "--baseline-rev", &baseline])
        .args(["--release-type", "minor"])
        .status()
        .map_err(|e| format!("cargo semver-checks: {e}"))?;
    if status.success() {
        println!("{PACKAGE}: no breaking change since {baseline}");
        return Ok(());
    }
    let old = version_at(&root, Some(&baseline))?;
    let new = version_at(&root, None)?;
    if breaking_bump(&old, &new) {
        println!("{PACKAGE}: breaking changes since {baseline} (above), and the version goes {old} → {new}: intended");
        Ok(())
    } else {
        Err(format!(
            "{PACKAGE}: breaking changes since {baseline} (above), but the version goes {old} → {new}; \
             bump it (before 1.0: the minor number) or undo them"
        ))
    }
}

/// The crate's version in `generated/Cargo.toml`, at `rev` or in the working tree.
fn version_at(root: &std::path::Path, rev: Option<&str>) -> Result<String, String> {
    let text = match rev {
        Some(rev) => {
            let out = Command::new("git")
                .current_dir(root)
                .args(["show", &format!("{rev}:generated/Cargo.toml")])
                .output()
                .map_err(|e| format!("git show: {e}"))?;
            String::from_utf8_lossy(&out.stdout).into_owned()
        }
        None => std::fs::read_to_string(root.join("generated/Cargo.toml")).map_err(|e| e.to_string())?,
    };
    text.lines()
        .find_map(|l| l.strip_prefix("version = \"").and_then(|v| v.strip_suffix('"')))
        .map(str::to_owned)
        .ok_or_else(|| {
            format!("no version in generated/Cargo.toml{}", rev.map(|r| format!(" at {r}")).unwrap_or_default())
        })
}

/// Whether `old` → `new` is a bump that may break: the major number, or before 1.0 the minor.
fn breaking_bump(old: &str, new: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> { v.split(['.', '-', '+']).take(3).map(|p| p.parse().unwrap_or(0)).collect() };
    match (parts(old).as_slice(), parts(new).as_slice()) {
        ([0, old_minor, ..], [0, new_minor, ..]) => new_minor > old_minor,
        ([old_major, ..], [new_major, ..]) => new_major > old_major,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::breaking_bump;

    #[test]
    fn breaking_bumps() {
        assert!(breaking_bump("0.1.0", "0.2.0"));
        assert!(!breaking_bump("0.1.0", "0.1.1"));
        assert!(breaking_bump("0.9.3", "1.0.0"));
        assert!(breaking_bump("1.4.2", "2.0.0"));
        assert!(!breaking_bump("1.4.2", "1.5.0"));
    }
}
