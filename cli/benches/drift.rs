//! `kibana-connectors drift` on 10,000 desired connectors against a 10,000-connector
//! `GET /api/actions/connectors` body, for BENCHMARKS.md ("CLI: drift").
//!
//! Desired: a GitOps-style folder of 100 team folders of 100 create bodies (JSON), four
//! connector kinds in turn. Stored: the list Kibana returns for them (each config as the
//! library says Kibana stores it, `normalized`), with one connector in forty changed, so 250
//! report a changed key. Both are written to a temporary folder by this bench (nothing is
//! committed) and removed at the end (kept in `KIBANA_DRIFT_BENCH_DIR` when it is set).
//!
//! Measured in process (the binary's own modules, included below, with the output rendered
//! to a string and not printed): `drift` (read and check the folder, read the GET body,
//! match, compare, render) against `check` on the same folder, the same run. Then the whole
//! process (`drift` as a user runs it, output to /dev/null).
//! Run: `cargo bench -p kibana-connectors-cli --bench drift`.
// The binary's modules are compiled here as well (the CLI has no library target): what the
// bench does not call is dead code, and their unit tests' imports are unused (benches are
// built with `cfg(test)` but without the test harness).
#![allow(dead_code, unused_imports, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../src/args.rs"]
mod args;
#[path = "../src/check.rs"]
mod check;
#[path = "../src/drift.rs"]
mod drift;
#[path = "../src/inputs.rs"]
mod inputs;
#[path = "../src/json_input.rs"]
mod json_input;
#[path = "../src/json_spans.rs"]
mod json_spans;
#[path = "../src/kibana_yml.rs"]
mod kibana_yml;
#[path = "../src/ndjson.rs"]
mod ndjson;
#[path = "../src/output/mod.rs"]
mod output;
#[path = "../src/record.rs"]
mod record;
#[path = "../src/report.rs"]
mod report;
/// `schema` is not measured; `args.rs` names its arguments.
mod schema {
    #[derive(Debug, clap::Args)]
    pub struct SchemaArgs {}
}
#[path = "../src/source.rs"]
mod source;
#[path = "../src/walk.rs"]
mod walk;
#[path = "../src/yaml.rs"]
mod yaml;

use clap::Parser;
use criterion::{Criterion, criterion_group, criterion_main};
use kibana_connectors::{CreateConnectorRequest, KibanaVersion, ValidationContext};
use serde_json::{Value, json};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const CONNECTORS: usize = 10_000;
const PER_FOLDER: usize = 100;
/// One stored connector in this many differs from its body.
const CHANGED_EVERY: usize = 40;

/// The desired create body of connector `i`.
fn body(i: usize) -> Value {
    match i % 4 {
        0 => json!({"connector_type_id": ".webhook", "name": format!("hook {i}"),
                    "config": {"url": format!("https://hooks{i}.example.com/x"), "method": "post", "hasAuth": true,
                               "authType": "webhook-authentication-basic"},
                    "secrets": {"user": "kibana", "password": format!("pw-{i}")}}),
        1 => json!({"connector_type_id": ".email", "name": format!("mail {i}"),
                    "config": {"from": format!("a{i}@example.com"), "host": "smtp.example.com", "port": 587,
                               "secure": false, "service": "other", "hasAuth": false}}),
        2 => json!({"connector_type_id": ".index", "name": format!("index {i}"),
                    "config": {"index": format!("idx-{i}"), "refresh": false}}),
        _ => json!({"connector_type_id": ".webhook", "name": format!("put hook {i}"),
                    "config": {"url": format!("https://hooks{i}.example.com/y"), "method": "put", "hasAuth": false}}),
    }
}

/// What `GET /api/actions/connectors` returns for connector `i`: the config Kibana stores
/// for its body, one key changed for one connector in forty.
fn stored(i: usize, cx: &ValidationContext) -> Value {
    let request = CreateConnectorRequest::from_value(body(i)).expect("the bench's bodies parse");
    let mut config = serde_json::to_value(&request.normalized(cx).config).expect("a config serializes");
    if i % CHANGED_EVERY == 7 {
        let (key, value) = match i % 4 {
            1 => ("port", json!(25)),
            2 => ("refresh", json!(true)),
            _ => ("url", json!(format!("https://old{i}.example.com/x"))),
        };
        if let Some(config) = config.as_object_mut() {
            config.insert(key.to_owned(), value);
        }
    }
    json!({"id": format!("id-{i}"), "name": request.name, "connector_type_id": request.connector_type().as_str(),
           "config": config, "is_deprecated": false, "is_preconfigured": false, "is_system_action": false,
           "is_missing_secrets": false, "referenced_by_count": i % 3})
}

fn write_inputs(root: &Path, cx: &ValidationContext) -> std::io::Result<(PathBuf, PathBuf)> {
    let desired = root.join("desired");
    for i in 0..CONNECTORS {
        let team = desired.join(format!("team-{:02}", i / PER_FOLDER));
        if i % PER_FOLDER == 0 {
            std::fs::create_dir_all(&team)?;
        }
        std::fs::write(team.join(format!("connector-{i:05}.json")), format!("{:#}\n", body(i)))?;
    }
    let list: Vec<Value> = (0..CONNECTORS).map(|i| stored(i, cx)).collect();
    let get = root.join("connectors.json");
    std::fs::write(&get, serde_json::to_string_pretty(&list)?)?;
    Ok((desired, get))
}

fn parse(args: &[&str]) -> args::Command {
    args::Cli::try_parse_from(std::iter::once("kibana-connectors").chain(args.iter().copied()))
        .expect("the bench's arguments parse")
        .command
}

fn bench(c: &mut Criterion) {
    // `KIBANA_DRIFT_BENCH_DIR=DIR` writes the inputs there and keeps them (for a profiler).
    let kept = std::env::var_os("KIBANA_DRIFT_BENCH_DIR").map(PathBuf::from);
    let root = kept
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("kibana-connectors-drift-10k-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root);
    let cx = ValidationContext::for_version(KibanaVersion::LATEST);
    let (desired, get) = match write_inputs(&root, &cx) {
        Ok(paths) => paths,
        Err(e) => {
            eprintln!("cannot write the inputs under {}: {e}", root.display());
            return;
        }
    };
    let (desired, get) = (desired.to_string_lossy().into_owned(), get.to_string_lossy().into_owned());
    let args::Command::Drift(drift_args) = parse(&["drift", "--stored", &get, &desired]) else { unreachable!() };
    let args::Command::Check(check_args) = parse(&["check", &desired]) else { unreachable!() };

    // The run measured is a right one: 250 changed, the rest unchanged, nothing else.
    let (report, outcome) = drift::compute(&drift_args).expect("drift runs");
    let count = |s: drift::Status| outcome.rows.iter().filter(|r| r.status == s).count();
    let changed = CONNECTORS / CHANGED_EVERY;
    assert_eq!((count(drift::Status::Changed), count(drift::Status::Unchanged)), (changed, CONNECTORS - changed));
    assert_eq!((outcome.rows.len(), drift::exit_code(&report, &outcome)), (CONNECTORS, 1));

    let mut group = c.benchmark_group("drift_10k");
    group.sample_size(10).measurement_time(Duration::from_secs(15));
    group.bench_function("in_process/drift_human", |b| {
        b.iter(|| {
            let (report, outcome) = drift::compute(black_box(&drift_args)).unwrap();
            black_box(drift::render(&report, &outcome, args::Format::Human, false))
        })
    });
    group.bench_function("in_process/drift_json", |b| {
        b.iter(|| {
            let (report, outcome) = drift::compute(black_box(&drift_args)).unwrap();
            black_box(drift::render(&report, &outcome, args::Format::Json, false))
        })
    });
    group.bench_function("in_process/check_human", |b| {
        b.iter(|| {
            let report = inputs::read_inputs(black_box(&check_args), false).unwrap();
            black_box(output::human::render(&report, false))
        })
    });
    group.bench_function("process/drift_human", |b| {
        b.iter(|| {
            let status = Command::new(env!("CARGO_BIN_EXE_kibana-connectors"))
                .args(["drift", "--stored", &get, &desired])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            assert_eq!(status.ok().and_then(|s| s.code()), Some(1), "drift: 250 changed connectors");
        })
    });
    group.finish();
    if kept.is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
