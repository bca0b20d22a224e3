//! End-to-end snapshots of `kibana-connectors check` (trycmd): each `cmd/*.toml` runs the
//! binary in `fixtures/` and compares exit status, stdout and stderr with the files beside
//! it. `TRYCMD=overwrite cargo test -p kibana-connectors-cli` rewrites them after a change.

#[test]
fn cli() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
