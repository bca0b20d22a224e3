//! Codegen speed: the whole pipeline and each stage, on spec/connectors.yaml (+ overlay)
//! and on the upstream specs when `../shared` is present (the 2024 bundle's parsing stages;
//! Kibana's whole-API document end to end).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use generator::diagnostics::Source;
use kibana_connectors_tests::{project_spec, read, shared_dir};
use std::hint::black_box;

// What `cargo xtask codegen` runs under (see xtask/src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn stages(c: &mut Criterion) {
    let (spec, overlay) = project_spec().unwrap();
    let mut g = c.benchmark_group("codegen/spec");
    // What `cargo xtask codegen` runs: every release of spec/releases.yaml, merged.
    let project = kibana_connectors_tests::project_inputs().unwrap();
    g.bench_function("releases_end_to_end", |b| b.iter(|| black_box(&project).generate().unwrap()));
    g.bench_function("releases_lower_and_merge", |b| b.iter(|| black_box(&project).versioned().unwrap()));
    releases_stages(&mut g, &project);
    g.bench_function("end_to_end", |b| b.iter(|| generator::generate(black_box(&spec), &[&overlay]).unwrap()));
    g.bench_function("1_parse_yaml", |b| {
        b.iter(|| generator::parse::parse_yaml(black_box(&spec), Source::Spec).unwrap())
    });
    let doc = generator::parse::parse_yaml(&spec, Source::Spec).unwrap();
    let overlay_doc = generator::parse::parse_yaml(&overlay, Source::Overlay).unwrap();
    g.bench_function("2_apply_overlay", |b| {
        b.iter_batched(
            || doc.clone(),
            |mut d| generator::overlay::apply(&mut d, &overlay_doc).unwrap(),
            criterion::BatchSize::SmallInput,
        )
    });
    let mut overlaid = doc.clone();
    generator::overlay::apply(&mut overlaid, &overlay_doc).unwrap();
    g.bench_function("3_to_openapi", |b| {
        b.iter_batched(
            || overlaid.clone(),
            |d| generator::parse::to_openapi(d).unwrap(),
            criterion::BatchSize::SmallInput,
        )
    });
    let openapi = generator::parse::to_openapi(overlaid).unwrap();
    g.bench_function("4_lower", |b| b.iter(|| generator::lower::lower(black_box(&openapi)).unwrap()));
    let ir = generator::lower::lower(&openapi).unwrap();
    g.bench_function("5_emit", |b| b.iter(|| generator::emit::emit(black_box(&ir))));
    g.bench_function("6_format", |b| {
        b.iter_batched(
            || generator::emit::emit(&ir),
            |files| {
                for (name, tokens) in files {
                    black_box(generator::format::format_file(&name, tokens).unwrap());
                }
            },
            criterion::BatchSize::SmallInput,
        )
    });
    g.finish();

    // The largest upstream file: parsing stages (generating from it needs its own overlay).
    let Some(shared) = shared_dir() else {
        eprintln!("skipped codegen/upstream: ../shared is absent");
        return;
    };
    let text = read(&shared.join("upstream/connectors-bundled-689b966.yaml")).unwrap();
    let mut g = c.benchmark_group("codegen/upstream-689b966");
    g.bench_function("1_parse_yaml", |b| {
        b.iter(|| generator::parse::parse_yaml(black_box(&text), Source::Spec).unwrap())
    });
    let doc = generator::parse::parse_yaml(&text, Source::Spec).unwrap();
    g.bench_function("3_to_openapi", |b| {
        b.iter_batched(|| doc.clone(), |d| generator::parse::to_openapi(d).is_ok(), criterion::BatchSize::SmallInput)
    });
    g.finish();

    // Kibana's whole-API document (3.7 MB; the connector models are a small part of it),
    // generated end to end under the project overlay and its own (budget: 500 ms).
    let text = read(&shared.join("upstream/kibana-oas-07655a0a-terraform-filtered.yaml")).unwrap();
    let root = kibana_connectors_tests::root();
    let overlays: Vec<String> = ["spec/connectors.overlay.yaml", "spec/upstream/07655a0a.overlay.yaml"]
        .iter()
        .map(|o| read(&root.join(o)).unwrap())
        .collect();
    let overlays: Vec<&str> = overlays.iter().map(String::as_str).collect();
    let mut g = c.benchmark_group("codegen/upstream-07655a0a");
    g.sample_size(20);
    g.bench_function("end_to_end", |b| b.iter(|| generator::generate(black_box(&text), &overlays).unwrap()));
    g.bench_function("1_parse_yaml", |b| {
        b.iter(|| generator::parse::parse_yaml(black_box(&text), Source::Spec).unwrap())
    });
    let doc = generator::parse::parse_yaml(&text, Source::Spec).unwrap();
    g.bench_function("3_to_openapi", |b| {
        b.iter_batched(|| doc.clone(), |d| generator::parse::to_openapi(d).is_ok(), criterion::BatchSize::SmallInput)
    });
    g.finish();
}

/// The versioned pipeline's stages (`releases_*`): the base overlaid once, then per release
/// point overlays (2), conversion and lowering (3–4), the merge, emission (5), formatting (6).
fn releases_stages(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    project: &generator::releases::ProjectInputs,
) {
    use criterion::BatchSize::SmallInput;
    let inputs = project.release_inputs();
    let mut base = generator::parse::parse_yaml(&project.spec, Source::Spec).unwrap();
    generator::overlay::apply(&mut base, &generator::parse::parse_yaml(&project.overlay, Source::Overlay).unwrap())
        .unwrap();
    g.bench_function("releases_2_overlay_points", |b| {
        b.iter(|| generator::points::overlay_points(black_box(&base), &inputs))
    });
    let (docs, _) = generator::points::overlay_points(&base, &inputs);
    g.bench_function("releases_3_4_lower_points", |b| {
        b.iter_batched(|| docs.clone(), |d| generator::points::lower_points(&inputs, d), SmallInput)
    });
    let (models, _) = generator::points::lower_points(&inputs, docs);
    let points: Vec<_> = inputs.iter().map(|r| r.point.clone()).collect();
    g.bench_function("releases_merge", |b| {
        b.iter_batched(
            || models.iter().flatten().cloned().unzip(),
            |(irs, settings): (Vec<_>, Vec<_>)| generator::releases::merge(points.clone(), irs, settings).unwrap(),
            SmallInput,
        )
    });
    let versioned = project.versioned().unwrap();
    g.bench_function("releases_5_emit", |b| b.iter(|| generator::emit::emit_versioned(black_box(&versioned))));
    // One thread: the pipeline formats each file on the worker that emits it.
    g.bench_function("releases_6_format", |b| {
        b.iter_batched(
            || generator::emit::emit_versioned(&versioned),
            |files| {
                files
                    .into_iter()
                    .map(|(name, tokens)| generator::format::format_file(&name, tokens))
                    .collect::<Vec<_>>()
            },
            SmallInput,
        )
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
