//! The URL fast path (`fast_url::simple_host`) against the full parsers: wherever it answers,
//! WHATWG (the `url` crate) must parse the URL as `http`/`https` with the same host, and the
//! legacy `url.parse` port must extract the same host name; where it does not answer,
//! validation uses the full parsers, so nothing is lost.
//!
//! - `generated_urls_agree`: seeded generated URLs that stress the shape's edges (IDNA,
//!   IPv4 forms, IPv6, percent-escapes, userinfo, ports, whitespace, backslashes, scheme
//!   case, slashes). 100,000 by default; `KIBANA_URL_LONG=<n>` for a long run.
//! - `corpus_agrees`: `tests/fixtures/urls.txt` (tricky URLs): the fast path as above, and the
//!   `url` crate, as is and as `whatwg::parse` corrects it, against Node's `new URL`
//!   (`node -e`, one process; skipped with a notice without node). Every difference is
//!   printed; the corrected reading may differ from Node only in the classes
//!   `known_difference` names. `generated_urls_match_node` does the same on generated URLs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use kibana_connectors::fast_url::simple_host;
use kibana_connectors::{legacy_url, whatwg};
use kibana_connectors_tests::node::NodeError;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

/// The full parsers' reading of `input` (WHATWG verdict, scheme and host; legacy host name).
#[derive(Debug, PartialEq, Eq)]
struct Full {
    whatwg: Result<(String, Option<String>), String>,
    legacy: Result<Option<String>, legacy_url::Throws>,
}

fn full(input: &str) -> Full {
    Full {
        whatwg: whatwg::parse(input)
            .map(|u| (u.scheme().to_owned(), u.host_str().map(str::to_owned)))
            .map_err(|e| e.to_string()),
        legacy: legacy_url::hostname(input),
    }
}

/// `None` when the fast path agrees with the full parsers (or does not answer), else why not.
fn disagreement(input: &str) -> Option<String> {
    let host = simple_host(input)?;
    let f = full(input);
    let whatwg_ok = matches!(&f.whatwg, Ok((scheme, Some(h))) if (scheme == "http" || scheme == "https") && h == host);
    let legacy_ok = f.legacy == Ok(Some(host.to_owned()));
    (!(whatwg_ok && legacy_ok)).then(|| format!("{input:?}: fast path {host:?}, full parsers {f:?}"))
}

const SCHEMES: &[&str] = &[
    "https://",
    "http://",
    "https://",
    "http://",
    "https://",
    "HTTP://",
    "hTTps://",
    "Http://",
    "https:",
    "https:/",
    "https:///",
    "https:\\\\",
    "https:/\\",
    "https:\\/",
    "ws://",
    "wss://",
    "ftp://",
    "file://",
    "foo://",
    "javascript://",
    "",
    "//",
    "https//",
    "http ://",
    "ht\ttps://",
    "https:\n//",
    "https:/\t/",
    "http\u{0}://",
    "https://\u{feff}",
    "http+s://",
    "1http://",
];
const USERINFO: &[&str] = &[
    "", "", "", "", "", "", "u@", "u:p@", "@", "u@@", "%zz@", "a%20b@", "é@", "u:p:q@", ":@", "a/b@", "a\\b@", "%E0@",
];
const WORDS: &[&str] =
    &["example", "com", "a", "hooks", "torq", "io", "api", "b-2", "x-y-z", "o", "net", "www", "1x", "a1"];
const TRICKY_LABELS: &[&str] = &[
    "EXAMPLE",
    "Ab",
    "xn--zca",
    "xn--",
    "xn--ab-",
    "xn--a",
    "XN--zca",
    "xn-a",
    "a--b",
    "ab--c",
    "-a",
    "a-",
    "-",
    "0x",
    "0x7f",
    "0X1F",
    "0xg",
    "0",
    "00",
    "08",
    "0177",
    "255",
    "256",
    "4294967295",
    "4294967296",
    "99999999999",
    "1e3",
    "ü",
    "ß",
    "①",
    "ＡＢ",
    "ａ",
    "日本",
    "\u{200b}",
    "\u{ad}",
    "a\u{ad}b",
    "\u{200d}",
    "İ",
    "Σ",
    "ς",
    "\u{1F600}",
    "%41",
    "%2e",
    "%2E",
    "%zz",
    "%",
    "%00",
    "%c3%bc",
    "a%41",
    "a_b",
    "_",
    "*",
    "$",
    "!",
    "=",
    "&",
    "~",
    "+",
    ",",
    ";",
    "'",
    "(",
    ")",
    "a b",
    "a\tb",
    "a\nb",
    "a\rb",
    "a<b",
    "a^b",
    "a|b",
    "a`b",
    "a{b",
    "a\"b",
    "\u{3002}",
    "\u{ff0e}",
    "\u{a0}",
    "\u{7f}",
    "\u{1}",
    "localhost",
    "\u{fffd}",
    "\u{e000}",
    "\u{10ffff}",
];
const IP_HOSTS: &[&str] = &[
    "1.2.3.4",
    "127.1",
    "127.0.1",
    "0x7f.0.0.1",
    "0x7F.1",
    "0177.0.0.1",
    "4294967295",
    "4294967296",
    "1.2.3.256",
    "1.2.3.4.",
    "1.2.3.4..",
    "09.1",
    "0x",
    "0xg",
    "1.2.3.4.5",
    "1.2.3.",
    "0..1",
    "256.0.0.1",
    "0.0.0.0",
    "1.0x",
    "a.1",
    "a.0x1",
    "a.09",
    "1.a",
    "1.2.3.4a",
    "[::1]",
    "[1:2:3:4:5:6:7:8]",
    "[::ffff:1.2.3.4]",
    "[::1",
    "::1]",
    "[]",
    "[g::]",
    "[::1%25eth0]",
    "[v1.x]",
    "[0:0::0:0:8]",
    "[::127.0.0.1]",
    "[1::2::3]",
    "[::1]:80",
    "[::1].com",
];
const PORTS: &[&str] = &[
    "",
    "",
    "",
    "",
    "",
    ":",
    ":0",
    ":80",
    ":443",
    ":080",
    ":00000000080",
    ":65535",
    ":65536",
    ":99999999999",
    ":-1",
    ":1a",
    ": 80",
    ":8080:",
    ":+1",
    ":\t80",
    ":8\n0",
    ":٣",
];
const TAILS: &[&str] = &[
    "",
    "",
    "",
    "/",
    "/x",
    "/hooks/abc",
    "?q=1",
    "#f",
    "/a b",
    "/ü",
    "\\x",
    "/%zz",
    ":",
    "@x",
    "/{{{a}}}",
    "\t",
    "\n",
    " ",
    "/a?b#c",
    "?",
    "#",
    "/./..",
    "/@",
    "?@",
    "#@",
    "/\u{0}",
    "/a\\b",
];
const INSERTS: &[char] = &[
    '@', ':', '/', '\\', '#', '?', '[', ']', '%', ' ', '\t', '\n', '\r', '\u{0}', '\u{1f}', '\u{7f}', 'Ä', '.',
    '\u{ad}', '-', '0', 'x', 'X', '\u{3002}', '\u{feff}', '\u{a0}', '_', '*', '^',
];

fn label(rng: &mut ChaCha8Rng, tricky: f64) -> String {
    if rng.random_bool(tricky) {
        return TRICKY_LABELS.choose(rng).copied().unwrap_or_default().to_owned();
    }
    if rng.random_bool(0.5) {
        return WORDS.choose(rng).copied().unwrap_or_default().to_owned();
    }
    // Random lower-case labels: letters, digits and hyphens (the fast path's alphabet).
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-";
    (0..rng.random_range(1..=12)).map(|_| char::from(*ALPHABET.choose(rng).unwrap())).collect()
}

fn host(rng: &mut ChaCha8Rng, everyday: bool) -> String {
    if rng.random_bool(0.08) {
        // Dotted decimal around the canonical form: values past 255, leading zeros, 3 or 5 parts.
        let parts = if rng.random_bool(0.9) { 4 } else { rng.random_range(1..=5) };
        let part = |rng: &mut ChaCha8Rng| {
            let v = if rng.random_bool(0.8) { rng.random_range(0..=255) } else { rng.random_range(0..=999) };
            if rng.random_bool(0.1) { format!("0{v}") } else { v.to_string() }
        };
        return (0..parts).map(|_| part(rng)).collect::<Vec<_>>().join(".");
    }
    if rng.random_bool(if everyday { 0.03 } else { 0.1 }) {
        return IP_HOSTS.choose(rng).copied().unwrap_or_default().to_owned();
    }
    if rng.random_bool(0.01) {
        // Around the length limits (253 for the fast path, 255 for `url.parse`).
        let n = rng.random_range(240..=270);
        return (0..n)
            .map(|i| if i % 10 == 9 { '.' } else { 'a' })
            .collect::<String>()
            .trim_end_matches('.')
            .to_owned();
    }
    let tricky = if everyday { 0.04 } else { 0.15 };
    let mut labels: Vec<String> = (0..rng.random_range(1..=4)).map(|_| label(rng, tricky)).collect();
    if rng.random_bool(0.05) {
        labels.push(String::new()); // trailing dot
    }
    if rng.random_bool(0.03) {
        labels.insert(0, String::new()); // leading dot
    }
    labels.join(".")
}

fn generate(rng: &mut ChaCha8Rng) -> String {
    let pick = |rng: &mut ChaCha8Rng, xs: &[&str]| xs.choose(rng).copied().unwrap_or_default().to_owned();
    // Half the URLs start from the everyday shape, so the fast path's edges are exercised.
    let everyday = rng.random_bool(0.5);
    let scheme = if everyday { pick(rng, &["https://", "http://"]) } else { pick(rng, SCHEMES) };
    let userinfo = if everyday { String::new() } else { pick(rng, USERINFO) };
    let port = if everyday && rng.random_bool(0.7) { String::new() } else { pick(rng, PORTS) };
    let mut s = format!("{scheme}{userinfo}{}{port}{}", host(rng, everyday), pick(rng, TAILS));
    if !everyday && rng.random_bool(0.1) {
        s = format!(
            "{}{s}{}",
            pick(rng, &[" ", "\t", "\n", "\u{a0}", "\u{feff}", "\u{0}"]),
            pick(rng, &[" ", "\t", "\n", "\u{0}"])
        );
    }
    // A few random edits anywhere: insert, replace or delete one character.
    let edit = if everyday { 0.25 } else { 0.5 };
    for _ in 0..rng.random_range(0..=2) {
        if !rng.random_bool(edit) {
            continue;
        }
        let mut chars: Vec<char> = s.chars().collect();
        let at = rng.random_range(0..=chars.len());
        let c = *INSERTS.choose(rng).unwrap();
        match rng.random_range(0..3) {
            0 => chars.insert(at, c),
            1 if at < chars.len() => chars[at] = c,
            _ if at < chars.len() => {
                chars.remove(at);
            }
            _ => chars.push(c),
        }
        s = chars.into_iter().collect();
    }
    s
}

#[test]
fn generated_urls_agree() {
    let long = std::env::var("KIBANA_URL_LONG").ok().and_then(|v| v.parse().ok());
    let count: usize = long.unwrap_or(100_000);
    let mut rng = ChaCha8Rng::seed_from_u64(0x6661_7374_5f75_726c);
    let (mut fast, mut fallback, mut whatwg_ok) = (0usize, 0usize, 0usize);
    let mut disagreements = Vec::new();
    for _ in 0..count {
        let input = generate(&mut rng);
        if simple_host(&input).is_some() {
            fast += 1;
            if let Some(d) = disagreement(&input) {
                disagreements.push(d);
            }
        } else {
            fallback += 1;
            // What validation does then is the full parsers themselves; counted for the report.
            whatwg_ok += usize::from(url::Url::parse(&input).is_ok());
        }
    }
    eprintln!(
        "fast_url: {count} generated URLs: {fast} on the fast path (all checked against url + legacy url.parse), \
         {fallback} to the full parsers ({whatwg_ok} of them WHATWG-valid); {} disagreements",
        disagreements.len()
    );
    assert!(fast > count / 5 && fallback > count / 2, "the generator reaches both sides");
    assert!(disagreements.is_empty(), "{}", disagreements.iter().take(40).cloned().collect::<Vec<_>>().join("\n"));
}

/// `tests/fixtures/urls.txt`: one URL a line; a line starting with `"` is a JSON string
/// (for control characters), `# ` starts a comment, blank lines are skipped.
fn corpus() -> Vec<String> {
    let text = include_str!("../fixtures/urls.txt");
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with("# "))
        .map(|l| {
            if l.starts_with('"') {
                serde_json::from_str::<String>(l).unwrap_or_else(|e| panic!("{l}: {e}"))
            } else {
                l.to_owned()
            }
        })
        .collect()
}

/// Why the crate's WHATWG reading may differ from Node's `new URL` on `input`, when it is
/// a difference left as the `url` crate decides (see `runtime/whatwg.rs`): `xn--` labels
/// (Node keeps those whose Punycode decodes to ASCII) and non-ASCII hosts (Node's IDNA has
/// older UTS 46 tables and skips the Bidi rule).
fn known_difference(input: &str) -> Option<&'static str> {
    let cleaned: String =
        input.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect::<String>().to_ascii_lowercase();
    if cleaned.contains("xn--") {
        Some("xn-- label")
    } else if !cleaned.is_ascii() {
        Some("non-ASCII (IDNA tables, Bidi)")
    } else {
        None
    }
}

/// Reads JSON strings, one a line; answers `{"ok": true, "protocol", "hostname"}` or `{"ok": false}`.
const NODE_SCRIPT: &str = r#"
const rl = require('readline').createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const s = JSON.parse(line);
  let out;
  try { const u = new URL(s); out = { ok: true, protocol: u.protocol, hostname: u.hostname }; } catch (e) { out = { ok: false }; }
  process.stdout.write(JSON.stringify(out) + '\n');
});
"#;

/// Node's `new URL` on every input (one process), or `None` without node.
fn node_whatwg(inputs: &[String]) -> Option<Vec<Value>> {
    match kibana_connectors_tests::node::answers(NODE_SCRIPT, inputs) {
        Ok(answers) => Some(answers),
        Err(NodeError::Unavailable(e)) => {
            eprintln!("NOTICE: node not available ({e}); url crate vs new URL comparison skipped");
            None
        }
        Err(NodeError::Failed(e)) => panic!("{e}"),
    }
}

/// A reading comparable with Node's answer: `Some((protocol, hostname))` or `None` (throws).
type Reading = Option<(String, String)>;

fn node_reading(answer: &Value) -> Reading {
    (answer["ok"] == json!(true)).then(|| {
        (
            answer["protocol"].as_str().unwrap_or_default().to_owned(),
            answer["hostname"].as_str().unwrap_or_default().to_owned(),
        )
    })
}

fn reading(parsed: Result<url::Url, url::ParseError>) -> Reading {
    parsed.ok().map(|u| (format!("{}:", u.scheme()), u.host_str().unwrap_or_default().to_owned()))
}

/// Compares the `url` crate as is and as corrected (`whatwg::parse`, what validation uses)
/// with Node; prints every difference; returns the corrected differences of no known class.
fn compare_with_node(what: &str, inputs: &[String], node: &[Value], print: bool) -> Vec<String> {
    let (mut raw, mut corrected, mut unexpected) = (0, 0, Vec::new());
    for (input, answer) in inputs.iter().zip(node) {
        let theirs = node_reading(answer);
        let crate_reading = reading(url::Url::parse(input));
        let ours = reading(whatwg::parse(input));
        if crate_reading != theirs {
            raw += 1;
            if print {
                let class = known_difference(input).unwrap_or(if ours == theirs {
                    "corrected by whatwg::parse"
                } else {
                    "UNKNOWN"
                });
                eprintln!("  {input:?}: node {theirs:?}, url crate {crate_reading:?} [{class}]");
            }
        }
        if ours != theirs {
            corrected += 1;
            if known_difference(input).is_none() {
                unexpected.push(format!("{input:?}: node {theirs:?}, ours {ours:?}"));
            }
        }
    }
    eprintln!(
        "{what}: {} URLs; url crate vs node new URL: {raw} differences; after whatwg::parse's corrections: {corrected} ({} outside the known classes)",
        inputs.len(),
        unexpected.len()
    );
    unexpected
}

#[test]
fn corpus_agrees() {
    let inputs = corpus();
    assert!(inputs.len() >= 200, "the corpus has {} URLs", inputs.len());
    let fast_disagreements: Vec<String> = inputs.iter().filter_map(|i| disagreement(i)).collect();
    let on_fast_path = inputs.iter().filter(|i| simple_host(i).is_some()).count();
    eprintln!(
        "fast_url corpus: {} URLs, {on_fast_path} on the fast path, {} fast-path disagreements",
        inputs.len(),
        fast_disagreements.len()
    );
    assert!(fast_disagreements.is_empty(), "{}", fast_disagreements.join("\n"));

    let Some(node) = node_whatwg(&inputs) else { return };
    let unexpected = compare_with_node("corpus", &inputs, &node, true);
    assert!(unexpected.is_empty(), "differences from node outside the known classes:\n{}", unexpected.join("\n"));
}

/// Generated URLs (the generator above) against Node: `KIBANA_URL_NODE=<n>` (default 20,000).
#[test]
fn generated_urls_match_node() {
    let count: usize = std::env::var("KIBANA_URL_NODE").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let mut rng = ChaCha8Rng::seed_from_u64(0x6e6f_6465_5f75_726c);
    let inputs: Vec<String> = (0..count).map(|_| generate(&mut rng)).collect();
    let Some(node) = node_whatwg(&inputs) else { return };
    let unexpected = compare_with_node("generated", &inputs, &node, false);
    assert!(
        unexpected.is_empty(),
        "differences from node outside the known classes:\n{}",
        unexpected.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}
