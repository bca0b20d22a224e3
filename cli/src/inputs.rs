//! The inputs of `check` and `drift`: each file or folder named is walked, read and judged
//! by the reader of its kind (JSON, NDJSON export, kibana.yml) into one [`Report`].

use crate::args::{CheckArgs, InputKind};
use crate::report::Report;
use crate::source::SourceFile;
use crate::{check, json_input, kibana_yml, ndjson, walk};
use kibana_connectors::{ConnectorType, KibanaVersion, ValidationContext};
use std::io::Read;

/// Reads and checks every input; with `keep_bodies`, the readers keep the bodies they judge
/// (for `drift`). `Err` is a usage error.
pub fn read_inputs(args: &CheckArgs, keep_bodies: bool) -> Result<Report, String> {
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

    let mut report = Report { bodies: keep_bodies.then(Vec::new), ..Report::default() };
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
    Ok(report)
}

fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes)?;
    Ok(bytes)
}
