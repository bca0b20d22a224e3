//! `cargo xtask`: the thin command-line front of the generator (flags, files, exit codes).
#![forbid(unsafe_code)]

mod bench_compile;
mod codegen;
mod diff;
mod semver;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// The generator allocates and frees many small token trees; mimalloc halves what glibc
/// malloc costs there (BENCHMARKS.md §6).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Maintainer tasks for the kibana-connectors workspace.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Regenerate the models in generated/src/models from spec/ (writes only changed files).
    Codegen(CodegenArgs),
    /// Print, as Markdown for a pull request, what changed between two specs.
    ///
    /// Connector types added or removed; fields added, removed or changed (type, required,
    /// nullable, default, enum values, constraints); rules. Each spec is read with its
    /// fixups and overlays applied.
    Diff(DiffArgs),
    /// Measure a clean debug and release build of kibana-connectors alone (median of runs).
    BenchCompile {
        /// How many builds per profile.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Also build the crate as it was at this git revision, alternating with the current
        /// one, and print current/baseline ratios measured in the same run.
        #[arg(long)]
        baseline: Option<String>,
    },
    /// Report the public-API changes of kibana-connectors since a git revision, each
    /// classified as major or minor (cargo-semver-checks), and fail when the crate's version
    /// is not bumped as they require.
    Semver {
        /// The revision to compare with [default: the one in .ci/semver-baseline].
        #[arg(long)]
        baseline: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct CodegenArgs {
    /// Change nothing; exit 1 and name each stale file if the output is not up to date.
    #[arg(long)]
    pub check: bool,
    /// The OpenAPI 3.0 spec to read [default: spec/connectors.yaml].
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// An Overlay applied to the spec before generating; repeat to apply several in order
    /// (fixups listed in any of them run first) [default: spec/connectors.overlay.yaml].
    #[arg(long, value_name = "FILE", conflicts_with = "no_overlay")]
    pub overlay: Vec<PathBuf>,
    /// Generate from the spec as it is, without any overlay.
    #[arg(long)]
    pub no_overlay: bool,
    /// Directory that receives the generated module files [default: generated/src/models].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The older OpenAPI 3.0 spec (with `--releases`: a release of spec/releases.yaml, `8.17`).
    pub old: PathBuf,
    /// The newer OpenAPI 3.0 spec (with `--releases`: a release, `8.17.3`).
    pub new: PathBuf,
    /// Compare two Kibana releases of the project model (spec/releases.yaml) instead of two specs.
    #[arg(long, conflicts_with_all = ["old_overlay", "new_overlay"])]
    pub releases: bool,
    /// An Overlay for OLD; repeat to apply several in order [default: spec/connectors.overlay.yaml].
    #[arg(long, value_name = "FILE")]
    pub old_overlay: Vec<PathBuf>,
    /// An Overlay for NEW; repeat to apply several in order [default: spec/connectors.overlay.yaml].
    #[arg(long, value_name = "FILE")]
    pub new_overlay: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::BenchCompile { runs, baseline } => bench_compile::run(runs, baseline.as_deref()),
        Command::Semver { baseline } => semver::run(baseline.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn help_is_stable() {
        let mut cmd = Cli::command();
        let top = cmd.render_long_help().to_string();
        let mut sub =
            |name: &str| cmd.find_subcommand_mut(name).map(|c| c.render_long_help().to_string()).unwrap_or_default();
        let (codegen, diff) = (sub("codegen"), sub("diff"));
        insta::assert_snapshot!("help", format!("{top}\n---\n{codegen}\n---\n{diff}"));
    }

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
