//! `runtime::legacy_url::hostname` against Node's own `url.parse(s, false, true).hostname`
//! over seeded generated strings (`node -e`, one process). Skips with a notice without node.
//! `LEGACY_URL_COUNT=<n>` changes the number of strings (default 20,000).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use kibana_connectors::legacy_url::{Throws, hostname};
use kibana_connectors_tests::node::NodeError;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

/// Reads JSON strings, one a line; answers `{"h": hostname}` or `{"throws": true}`.
const NODE_SCRIPT: &str = r#"
const url = require('url');
const rl = require('readline').createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const s = JSON.parse(line);
  let out;
  try { out = { h: url.parse(s, false, true).hostname }; } catch (e) { out = { throws: true }; }
  process.stdout.write(JSON.stringify(out) + '\n');
});
"#;

const SCHEMES: &[&str] = &[
    "http:",
    "https:",
    "HTTP:",
    "Https:",
    "ftp:",
    "ws:",
    "wss:",
    "file:",
    "gopher:",
    "javascript:",
    "JavaScript:",
    "mailto:",
    "foo:",
    "x+y.z-w:",
    "1:",
    "",
    "",
    "",
];
const SLASHES: &[&str] = &["//", "//", "/", "", "\\\\", "/\\", "///", "\\"];
const AUTH: &[&str] = &["", "", "", "u@", "u:p@", "%zz@", "a@b@", "%E0@", "%C3%A9@", "a%2@", "@", "é@", "a b@", "a/b@"];
const HOSTS: &[&str] = &[
    "example.com",
    "EXAMPLE.com",
    "ü.example",
    "xn--a.com",
    "xn--zca.de",
    "xn--",
    "1.2.3",
    "0x7f.1",
    "[::1]",
    "[::1",
    "[a b]",
    "[]",
    "[x]",
    "a b",
    "a_b",
    "-a",
    "a..b",
    ".",
    "",
    "ß.de",
    "①.com",
    "ＡＢ.com",
    "a!b",
    "a\tb",
    "a\nb",
    "\u{ad}",
    "a\u{ad}b",
    "a%41",
    "xn--tda.com",
    "a.\u{200d}b",
    "\u{0300}a",
    "é",
    "İ.com",
    "Σ.gr",
    "ς",
    "a\u{fffd}b",
    "\u{1F600}.com",
    "a\u{1}b",
    "a\u{7f}b",
    "a*b",
    "a$b",
    "a,b",
    "a=b",
    "a&b",
    "a(b)",
    "a~b",
    "a+b",
    "a'b",
    "a\"b",
    "a<b",
    "a{b",
    "a|b",
    "a^b",
    "a`b",
    "a;b",
    "localhost",
    "hooks.torq.io",
    "a.",
    "\u{3002}a",
    "a\u{3002}b",
    "\u{ff0e}",
    "\u{a0}x",
    "x\u{feff}y",
    "\u{2028}",
    "ａ.com",
    "日本.jp",
    "xn--wgv71a119e.jp",
    "a--b",
    "ab--c",
    "xn--ab-",
    "\u{200b}",
    "\u{e000}",
    "\u{10ffff}",
    "A\u{30a}",
    "Å",
    "xn--ab-",
    "xn--a-",
    "xn---",
    "xn--1-",
    "xn--a!b-",
    "xn--ab-.xn--zca",
    "xn--zca.xn--ab-",
    "xn--ab-.ü",
    "xn--ab-\u{3002}xn--zca",
    "xn--a_b-",
    "xn--ab-\u{ad}",
    "xn--ab-x",
    "xn--.com",
];
const PORTS: &[&str] = &["", "", "", ":80", ":", ":abc", ":99999", ":1:2", ":8080"];
const TAILS: &[&str] = &["", "", "/x", "?q=1", "#f", ";x", " x", "\\y", "/a@b", "?a@b", "#@", "%", "/ü", "\t", "\n/x"];
const WRAP: &[&str] = &["", "", "", " ", "\t", "\u{a0}", "\u{feff}", "\n", "\u{2003}"];

fn generate(rng: &mut ChaCha8Rng) -> String {
    let pick = |rng: &mut ChaCha8Rng, xs: &[&str]| xs.choose(rng).copied().unwrap_or_default().to_owned();
    let mut host = pick(rng, HOSTS);
    if rng.random_bool(0.05) {
        host = "a".repeat(rng.random_range(250..=260));
    }
    if rng.random_bool(0.1) {
        host = format!("{host}.{}", pick(rng, HOSTS));
    }
    let mut s = format!(
        "{}{}{}{}{}{}{}",
        pick(rng, WRAP),
        pick(rng, SCHEMES),
        pick(rng, SLASHES),
        pick(rng, AUTH),
        host,
        pick(rng, PORTS),
        pick(rng, TAILS)
    );
    s.push_str(&pick(rng, WRAP));
    // Occasionally a random character inserted anywhere.
    if rng.random_bool(0.2) {
        let chars: Vec<char> = s.chars().collect();
        let at = rng.random_range(0..=chars.len());
        let c = *['@', ':', '/', '\\', '#', '?', '[', ']', '%', ' ', '\t', 'Ä', '.', '\u{ad}'].choose(rng).unwrap();
        s = chars[..at].iter().chain(std::iter::once(&c)).chain(chars[at..].iter()).collect();
    }
    s
}

#[test]
fn legacy_hostname_agrees_with_node() {
    let count: usize = std::env::var("LEGACY_URL_COUNT").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let mut rng = ChaCha8Rng::seed_from_u64(0x75726c_7061727365);
    let inputs: Vec<String> = (0..count).map(|_| generate(&mut rng)).collect();
    let answers = match kibana_connectors_tests::node::answers(NODE_SCRIPT, &inputs) {
        Ok(answers) => answers,
        Err(NodeError::Unavailable(e)) => {
            eprintln!("NOTICE: node not available ({e}); legacy url.parse differential skipped");
            return;
        }
        Err(NodeError::Failed(e)) => panic!("{e}"),
    };
    let mut disagreements = Vec::new();
    let (mut with_host, mut without, mut throws) = (0, 0, 0);
    for (input, answer) in inputs.iter().zip(&answers) {
        let node: Result<Option<String>, Throws> =
            if answer["throws"] == json!(true) { Err(Throws) } else { Ok(answer["h"].as_str().map(str::to_owned)) };
        match &node {
            Ok(Some(_)) => with_host += 1,
            Ok(None) => without += 1,
            Err(_) => throws += 1,
        }
        let ours = hostname(input);
        if ours != node {
            disagreements.push(format!("{input:?}: node {node:?}, ours {ours:?}"));
        }
    }
    eprintln!(
        "legacy url.parse: {count} strings ({with_host} with a host name, {without} without, {throws} throwing), {} disagreements",
        disagreements.len()
    );
    assert_eq!(with_host + without + throws, count, "node answered every line");
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(std::env::var("LEGACY_URL_SHOW").ok().and_then(|v| v.parse().ok()).unwrap_or(40))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
