//! The command line (clap derive).

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Kibana's verdict on connector definitions, offline.
#[derive(Debug, Parser)]
#[command(name = "kibana-connectors", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check connector bodies (JSON), saved-objects exports (NDJSON) and kibana.yml, as
    /// files or folders.
    ///
    /// Exit status: 0 all valid, 1 problems found, 2 usage error or an input that cannot be
    /// read or parsed as JSON/YAML (2 wins over 1). In kibana.yml, a connector outside
    /// `xpack.actions.preconfigured` and a connector id Kibana splits at its dots are
    /// problems (1); a file or folder without connectors is a note (0).
    Check(CheckArgs),
    /// Print a JSON Schema (draft 2020-12) of connector create bodies for one Kibana release,
    /// for editors that check JSON and YAML as you type.
    ///
    /// One branch per connector type, keyed on `connector_type_id`. Rules a schema cannot
    /// express stay with `check`. With --preconfigured: kibana.yml's
    /// `xpack.actions.preconfigured` map instead. Exit status: 0, or 2 on a usage error.
    Schema(crate::schema::SchemaArgs),
    /// Compare desired connectors (the inputs of `check`) with what a Kibana has stored: the
    /// body of `GET /api/actions/connectors` saved as JSON, or a saved-objects export.
    ///
    /// Matched by id (exports, kibana.yml) or else by name. Reports the keys a PUT would
    /// change, connectors on one side only, and what cannot be compared (secrets,
    /// preconfigured connectors). Exit status: 0 no drift, 1 drift or problems found, 2 usage
    /// error or an input that cannot be read (2 wins over 1).
    Drift(crate::drift::DriftArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and folders to check; `-` reads stdin (as JSON unless --input says otherwise).
    /// A folder is walked for `.json`, `.ndjson`/`.jsonl` and `.yml`/`.yaml` files (kind by
    /// extension, in a stable order), skipping hidden files and folders.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,

    /// In folders, skip what this glob matches (repeatable): without `/`, a file or folder
    /// name at any depth (`drafts`, `*.draft.json`); with `/`, a path below the folder
    /// (`staging/**`).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// The Kibana release to judge for (`9.1`, `9.1.3`); default: the latest supported.
    #[arg(long, value_name = "VERSION")]
    pub kibana_version: Option<String>,

    /// `xpack.actions.allowedHosts`, repeatable or comma-separated; overrides kibana.yml's.
    #[arg(long, value_name = "HOST", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Print nothing on stdout: the exit status is the verdict (unreadable inputs are
    /// still named on stderr).
    #[arg(long, short)]
    pub quiet: bool,

    /// Input kind for every file, instead of guessing from the extension.
    #[arg(long, value_enum, value_name = "KIND")]
    pub input: Option<InputKind>,

    /// JSON bodies are update (PUT) bodies of this connector type (`.webhook`).
    #[arg(long = "type", value_name = "ID")]
    pub connector_type: Option<String>,

    /// Check config only: secrets are kept elsewhere (keystore, vault).
    #[arg(long)]
    pub no_secrets: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    Json,
    Ndjson,
    KibanaYml,
}

impl InputKind {
    /// From the extension: `.json`, `.ndjson`, `.yml`/`.yaml`.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Self::Json),
            "ndjson" | "jsonl" => Some(Self::Ndjson),
            "yml" | "yaml" => Some(Self::KibanaYml),
            _ => None,
        }
    }
}
