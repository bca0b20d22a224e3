//! Runtime throughput on a deterministic corpus of create bodies:
//! (a) `serde_json::Value` (baseline), (b) typed `CreateConnectorRequest`,
//! (c) typed + `validate()` (newest release), (c) for 8.16 (typed + `validate_with` a
//! `ValidationContext::for_version("8.16")`), (d) `UpdateConnectorRequest::from_value`.
//! Prints ns/document and the ratios to (a) measured in the same run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, Throughput};
use kibana_connectors::{ConnectorType, CreateConnectorRequest, UpdateConnectorRequest, Validate, ValidationContext};
use kibana_connectors_tests::corpus::{SEED, create_bodies};
use std::hint::black_box;
use std::time::Duration;

const DOCS: usize = 10_000;

fn main() {
    let corpus = create_bodies(DOCS, SEED);
    let bytes: usize = corpus.iter().map(|(_, b)| b.len()).sum();
    let updates: Vec<(ConnectorType, serde_json::Value)> = corpus
        .iter()
        .map(|(t, b)| {
            let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
            v.as_object_mut().unwrap().remove("connector_type_id");
            (t.parse().unwrap(), v)
        })
        .collect();

    // The same documents with `connector_type_id` first (no buffering needed) and last.
    let reorder = |first: bool| -> Vec<Vec<u8>> {
        corpus
            .iter()
            .map(|(t, b)| {
                let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
                v.as_object_mut().unwrap().remove("connector_type_id");
                let rest = serde_json::to_string(&v).unwrap();
                let rest = rest.strip_prefix('{').unwrap().strip_suffix('}').unwrap();
                let id = format!("\"connector_type_id\":\"{t}\"");
                if first { format!("{{{id},{rest}}}").into_bytes() } else { format!("{{{rest},{id}}}").into_bytes() }
            })
            .collect()
    };
    let (type_first, type_last) = (reorder(true), reorder(false));

    let mut c = Criterion::default().measurement_time(Duration::from_secs(8)).configure_from_args();
    let mut g = c.benchmark_group("runtime");
    g.throughput(Throughput::Elements(DOCS as u64));
    g.sample_size(20);
    g.bench_function("a_value_parse", |b| {
        b.iter(|| {
            for (_, d) in &corpus {
                black_box(serde_json::from_slice::<serde_json::Value>(black_box(d)).unwrap());
            }
        })
    });
    g.bench_function("b_typed_parse", |b| {
        b.iter(|| {
            for (_, d) in &corpus {
                black_box(serde_json::from_slice::<CreateConnectorRequest>(black_box(d)).unwrap());
            }
        })
    });
    for (name, docs) in [("b_typed_parse_type_id_first", &type_first), ("b_typed_parse_type_id_last", &type_last)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                for d in docs {
                    black_box(serde_json::from_slice::<CreateConnectorRequest>(black_box(d)).unwrap());
                }
            })
        });
    }
    g.bench_function("c_typed_parse_validate", |b| {
        b.iter(|| {
            for (_, d) in &corpus {
                let request = black_box(serde_json::from_slice::<CreateConnectorRequest>(black_box(d)).unwrap());
                assert!(request.validate().is_ok());
            }
        })
    });
    let cx_816 = ValidationContext::for_version("8.16".parse().unwrap());
    g.bench_function("c_typed_parse_validate_8_16", |b| {
        b.iter(|| {
            for (_, d) in &corpus {
                let request = black_box(serde_json::from_slice::<CreateConnectorRequest>(black_box(d)).unwrap());
                assert!(request.validate_with(&cx_816).is_ok());
            }
        })
    });
    g.bench_function("d_update_from_value", |b| {
        b.iter_batched(
            || updates.clone(),
            |u| {
                for (t, v) in u {
                    black_box(UpdateConnectorRequest::from_value(t, v).unwrap());
                }
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
    c.final_summary();
    report(bytes);
}

/// Reads criterion's estimates of this run and prints ns/doc and the ratios.
fn report(bytes: usize) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("../criterion/runtime");
    let median = |name: &str| -> Option<f64> {
        let text = std::fs::read_to_string(dir.join(name).join("new/estimates.json")).ok()?;
        let v: serde_json::Value = serde_json::from_str(&text).ok()?;
        v.get("median")?.get("point_estimate")?.as_f64()
    };
    let names = [
        "a_value_parse",
        "b_typed_parse",
        "c_typed_parse_validate",
        "c_typed_parse_validate_8_16",
        "d_update_from_value",
        "b_typed_parse_type_id_first",
        "b_typed_parse_type_id_last",
    ];
    let values: Vec<Option<f64>> = names.iter().map(|n| median(n)).collect();
    println!("\nruntime summary ({DOCS} documents, {bytes} bytes, medians):");
    for (name, v) in names.iter().zip(&values) {
        if let Some(ns) = v {
            println!("  {name:<28} {:>8.1} ns/doc", ns / DOCS as f64);
        }
    }
    if let Some(Some(a)) = values.first() {
        for (label, v) in [("(b)", values.get(1)), ("(c)", values.get(2)), ("(c) 8.16", values.get(3))] {
            if let Some(Some(v)) = v {
                println!("  ratio {label}/(a) = {:.3}", v / a);
            }
        }
    }
}
