//! `kibana-connectors check DIR` on a GitOps-style folder of 10,000 connector files, timed as a
//! whole process (walk, read, parse, validate, print), for BENCHMARKS.md ("CLI: check on a
//! folder"): 100 team folders of 100 files each, 8 in 10 a JSON create body, 1 in 10 a
//! kibana.yml with one preconfigured connector, 1 in 10 a saved-objects export of one
//! connector; four connector kinds in turn, one in forty invalid (a webhook `method: trace`).
//! Run: `cargo bench -p kibana-connectors-cli --bench check_folder`.

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const FILES: usize = 10_000;
const PER_FOLDER: usize = 100;

fn body(i: usize) -> Value {
    match i % 4 {
        0 => json!({"connector_type_id": ".webhook", "name": format!("hook {i}"),
                    "config": {"url": format!("https://hooks{i}.example.com/x"), "method": "post", "hasAuth": true},
                    "secrets": {"user": "kibana", "password": format!("pw-{i}")}}),
        1 => json!({"connector_type_id": ".email", "name": format!("mail {i}"),
                    "config": {"from": format!("a{i}@example.com"), "host": "smtp.example.com", "port": 587,
                               "secure": false, "service": "other", "hasAuth": false}}),
        2 => json!({"connector_type_id": ".index", "name": format!("index {i}"),
                    "config": {"index": format!("idx-{i}"), "refresh": false}}),
        _ => json!({"connector_type_id": ".webhook", "name": format!("bad {i}"),
                    "config": {"url": format!("https://hooks{i}.example.com/x"), "hasAuth": false,
                               "method": if i % 40 == 3 { "trace" } else { "put" }}}),
    }
}

/// The body as the file of its kind: JSON, a kibana.yml, or an export line.
fn file(i: usize) -> (String, String) {
    let body = body(i);
    let get = |key: &str| body.get(key).cloned().unwrap_or(Value::Null);
    match i % 10 {
        0 => {
            // JSON is YAML: the connector as a flow mapping under its id.
            let connector = json!({"actionTypeId": get("connector_type_id"), "name": get("name"),
                                   "config": get("config"), "secrets": body.get("secrets").cloned().unwrap_or(json!({}))});
            (format!("kibana-{i:05}.yml"), format!("xpack.actions.preconfigured:\n  c-{i}: {connector}\n"))
        }
        5 => {
            let attributes =
                json!({"actionTypeId": get("connector_type_id"), "name": get("name"), "config": get("config")});
            let line = json!({"attributes": attributes, "id": format!("id-{i}"), "type": "action", "references": []});
            (format!("export-{i:05}.ndjson"), format!("{line}\n"))
        }
        _ => (format!("connector-{i:05}.json"), format!("{body:#}\n")),
    }
}

fn write_folder(root: &Path) -> std::io::Result<()> {
    for i in 0..FILES {
        let team = root.join(format!("team-{:02}", i / PER_FOLDER));
        if i % PER_FOLDER == 0 {
            std::fs::create_dir_all(&team)?;
        }
        let (name, text) = file(i);
        std::fs::write(team.join(name), text)?;
    }
    Ok(())
}

fn check(args: &[&str], root: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_kibana-connectors"))
        .args(args)
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    // 1: the folder holds invalid connectors on purpose.
    assert_eq!(status.ok().and_then(|s| s.code()), Some(1), "kibana-connectors {args:?} failed");
}

fn bench(c: &mut Criterion) {
    let root: PathBuf = std::env::temp_dir().join(format!("kibana-connectors-folder-10k-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    if let Err(e) = write_folder(&root) {
        eprintln!("cannot write the folder {}: {e}", root.display());
        return;
    }
    let mut group = c.benchmark_group("check_folder_10k");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("human", |b| b.iter(|| check(&["check"], &root)));
    group.bench_function("json", |b| b.iter(|| check(&["check", "--format", "json"], &root)));
    group.bench_function("quiet", |b| b.iter(|| check(&["check", "--quiet"], &root)));
    group.finish();
    let _ = std::fs::remove_dir_all(&root);
}

criterion_group!(benches, bench);
criterion_main!(benches);
