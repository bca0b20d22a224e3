//! Replays the committed fuzz seeds (`fuzz/corpus/<target>`) and every input that once
//! crashed a target (`fuzz/regressions/<target>`) through the fuzz target bodies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kibana_connectors_tests::{fuzzing, root};

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let mut count = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root().join("fuzz").join(dir).join(target)) else { continue };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            run(&std::fs::read(&path).unwrap());
            count += 1;
        }
    }
    count
}

#[test]
fn create() {
    assert!(replay("create", fuzzing::create) > 0);
}

#[test]
fn update() {
    assert!(replay("update", fuzzing::update) > 0);
}

#[test]
fn spec() {
    assert!(replay("spec", fuzzing::spec) > 0);
}

#[test]
fn overlay() {
    assert!(replay("overlay", fuzzing::overlay) > 0);
}
