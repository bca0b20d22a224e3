//! `cargo xtask bench-compile`: how long `kibana-connectors` alone takes to compile,
//! debug and release, with its dependencies already built. Several runs, median.

use xtask::project_root;
use std::process::Command;
use std::time::{Duration, Instant};

pub fn run(runs: usize) -> Result<(), String> {
    let root = project_root();
    let target = root.join("target/bench-compile");
    println!("kibana-connectors compile time, {runs} runs each (dependencies prebuilt)");
    for (profile, flags) in [("debug", &[][..]), ("release", &["--release"][..])] {
        cargo(&root, &target, &["build", "-q", "-p", "kibana-connectors"], flags)?;
        let mut times = Vec::new();
        for _ in 0..runs {
            cargo(&root, &target, &["clean", "-q", "-p", "kibana-connectors"], flags)?;
            let start = Instant::now();
            cargo(&root, &target, &["build", "-q", "-p", "kibana-connectors"], flags)?;
            times.push(start.elapsed());
        }
        times.sort();
        let median = times.get(times.len() / 2).copied().unwrap_or_default();
        let (min, max) = (times.first().copied().unwrap_or_default(), times.last().copied().unwrap_or_default());
        println!("  {profile:<7} median {}  (min {}, max {})", secs(median), secs(min), secs(max));
    }
    Ok(())
}

fn cargo(root: &std::path::Path, target: &std::path::Path, args: &[&str], flags: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(args)
        .args(flags)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("cargo {} failed", args.join(" "))) }
}

fn secs(d: Duration) -> String {
    format!("{:.2}s", d.as_secs_f64())
}
