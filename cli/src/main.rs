//! `kibana-connectors check`: Kibana's verdict on connector JSON bodies, saved-objects
//! exports and kibana.yml, offline. Exit 0 all valid, 1 problems, 2 unreadable input or
//! usage error.
#![forbid(unsafe_code)]

mod args;
mod check;
mod json_input;
mod json_spans;
mod kibana_yml;
mod ndjson;
mod output;
mod record;
mod report;
mod schema;
mod source;
mod walk;
mod yaml;

use args::{CheckArgs, Cli, Command, Format, InputKind};
use clap::Parser;
use kibana_connectors::{ConnectorType, KibanaVersion, ValidationContext};
use report::Report;
use source::SourceFile;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let args = match cli.command {
        Command::Check(args) => args,
        Command::Schema(args) => return schema::run(&args),
    };
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(usage) => {
            eprintln!("error: {usage}");
            ExitCode::from(2)
        }
    }
}

/// Checks every input and prints the report; `Err` is a usage error.
fn run(args: &CheckArgs) -> Result<u8, String> {
    let version = match &args.kibana_version {
        Some(v) => v.parse::<KibanaVersion>().map_err(|e| e.to_string())?,
        None => KibanaVersion::LATEST,
    };
    let update = match &args.connector_type {
        Some(id) => Some(id.parse::<ConnectorType>().map_err(|_| format!("--type: unknown connector type `{id}`"))?),
        None => None,
    };
    let allowed_hosts: Vec<String> =
        args.allowed_hosts.iter().map(|h| h.trim().to_owned()).filter(|h| !h.is_empty()).collect();
    let allowed_hosts = (!args.allowed_hosts.is_empty()).then_some(allowed_hosts.as_slice());
    let mut cx = ValidationContext::for_version(version);
    if let Some(hosts) = allowed_hosts {
        cx = cx.allowed_hosts(hosts.iter().cloned());
    }
    let mode = check::Mode { update, config_only: args.no_secrets };

    let mut report = Report::default();
    let excludes = walk::Excludes::new(&args.exclude)?;
    for entry in walk::entries(&args.files, &excludes) {
        let (path, in_folder) = match entry {
            walk::Entry::File { path, in_folder } => (path, in_folder),
            walk::Entry::Unreadable { name, message } => {
                report.error(&name, None, message);
                continue;
            }
            walk::Entry::Empty { name } => {
                report.notes.push(format!("{name}: no connector files (.json, .ndjson, .jsonl, .yml, .yaml)"));
                continue;
            }
        };
        let path = &path;
        let stdin = path.as_os_str() == "-";
        let name = if stdin { "-".to_owned() } else { path.display().to_string() };
        // In a folder the extension decides; --input is for the files named.
        let forced = if in_folder { None } else { args.input };
        let kind = match forced.or_else(|| if stdin { Some(InputKind::Json) } else { InputKind::from_path(path) }) {
            Some(kind) => kind,
            None => {
                report.error(
                    &name,
                    None,
                    "unknown input kind (extension not .json, .ndjson or .yml/.yaml): use --input",
                );
                continue;
            }
        };
        let text = if stdin { read_stdin() } else { std::fs::read(path) };
        let text = match text.map(String::from_utf8) {
            // A byte-order mark is not content (editors on Windows add one).
            Ok(Ok(text)) => text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text),
            Ok(Err(e)) => {
                report.error(&name, None, format!("not UTF-8: {e}"));
                continue;
            }
            Err(e) => {
                report.error(&name, None, format!("cannot read: {e}"));
                continue;
            }
        };
        let file = report.files.len();
        let mut source = SourceFile::new(name, text);
        match kind {
            InputKind::Json => json_input::check_json(&mut report, file, &mut source, mode, &cx),
            InputKind::Ndjson => ndjson::check_ndjson(&mut report, file, &mut source, &cx),
            InputKind::KibanaYml => {
                let options = kibana_yml::Options { version, allowed_hosts, no_secrets: args.no_secrets };
                kibana_yml::check_kibana_yml(&mut report, file, &mut source, &options);
            }
        }
        report.files.push(source);
    }
    print(&report, args);
    Ok(report.exit_code())
}

fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn print(report: &Report, args: &CheckArgs) {
    let stdout = std::io::stdout();
    if args.format == Format::Human || args.quiet {
        for e in &report.errors {
            match e.position {
                Some((line, column)) => eprintln!("error: {}:{line}:{column}: {}", e.file, e.message),
                None => eprintln!("error: {}: {}", e.file, e.message),
            }
        }
    }
    if args.quiet {
        return;
    }
    let text = match args.format {
        Format::Human => {
            let styled = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            output::human::render(report, styled)
        }
        Format::Json => format!("{:#}\n", output::json::render(report)),
        Format::Sarif => format!("{:#}\n", output::sarif::render(report)),
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = stdout.lock().write_all(text.as_bytes());
}
