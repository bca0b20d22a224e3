//! `cargo xtask bench-compile`: how long `kibana-connectors` alone takes to compile,
//! debug and release, with its dependencies already built. Several runs, median; with
//! `--baseline REV`, the crate as it was at `REV` is built in turn with the current one,
//! so the ratio is measured under the same machine load.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use xtask::project_root;

/// A checkout to build and the target directory it builds into.
struct Tree {
    name: String,
    root: PathBuf,
    target: PathBuf,
}

pub fn run(runs: usize, baseline: Option<&str>) -> Result<(), String> {
    let root = project_root();
    let mut trees =
        vec![Tree { name: "current".into(), root: root.clone(), target: root.join("target/bench-compile") }];
    let checkout = root.join("target/bench-compile-baseline/tree");
    if let Some(rev) = baseline {
        let _ = git(&root, &["worktree", "remove", "--force", &checkout.to_string_lossy()]);
        git(&root, &["worktree", "add", "--detach", &checkout.to_string_lossy(), rev])?;
        trees.push(Tree {
            name: format!("baseline {rev}"),
            root: checkout.clone(),
            target: root.join("target/bench-compile-baseline/target"),
        });
    }
    let result = measure(&trees, runs);
    if baseline.is_some() {
        git(&root, &["worktree", "remove", "--force", &checkout.to_string_lossy()])?;
    }
    result
}

fn measure(trees: &[Tree], runs: usize) -> Result<(), String> {
    println!("kibana-connectors compile time, {runs} runs each (dependencies prebuilt)");
    for (profile, flags) in [("debug", &[][..]), ("release", &["--release"][..])] {
        let mut medians = Vec::new();
        let mut times: Vec<Vec<Duration>> = vec![Vec::new(); trees.len()];
        for tree in trees {
            cargo(tree, &["build", "-q", "-p", "kibana-connectors"], flags)?;
        }
        // Interleaved, so that load changes on the machine touch every tree alike.
        for _ in 0..runs {
            for (tree, times) in trees.iter().zip(&mut times) {
                cargo(tree, &["clean", "-q", "-p", "kibana-connectors"], flags)?;
                let start = Instant::now();
                cargo(tree, &["build", "-q", "-p", "kibana-connectors"], flags)?;
                times.push(start.elapsed());
            }
        }
        for (tree, times) in trees.iter().zip(&mut times) {
            times.sort();
            let median = times.get(times.len() / 2).copied().unwrap_or_default();
            let (min, max) = (times.first().copied().unwrap_or_default(), times.last().copied().unwrap_or_default());
            println!(
                "  {profile:<7} {:<20} median {}  (min {}, max {})",
                tree.name,
                secs(median),
                secs(min),
                secs(max)
            );
            medians.push(median);
        }
        if let [current, base] = medians[..] {
            println!(
                "  {profile:<7} ratio current/baseline {:.2}",
                current.as_secs_f64() / base.as_secs_f64().max(f64::EPSILON)
            );
        }
    }
    Ok(())
}

fn cargo(tree: &Tree, args: &[&str], flags: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(args)
        .args(flags)
        .current_dir(&tree.root)
        .env("CARGO_TARGET_DIR", &tree.target)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("cargo {} failed in {}", args.join(" "), tree.name)) }
}

fn git(root: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new("git").args(args).current_dir(root).output().map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()))
    }
}

fn secs(d: Duration) -> String {
    format!("{:.2}s", d.as_secs_f64())
}
