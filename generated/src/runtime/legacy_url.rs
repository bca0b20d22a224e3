//! The host name Node's legacy `url.parse(uri, false, true)` extracts. Kibana 8.x–9.x's
//! `ensureUriAllowed` (`actions_config.ts`) decides allowed hosts with it, for every URL
//! field, including those it also parses with WHATWG `new URL` first.
//!
//! Written from the behaviour of Node 20's `lib/url.js` (checked differentially against
//! `node -e` in `tests/tests/legacy_url.rs`). It is lenient where WHATWG is strict (no
//! scheme needed, `1.2.3` stays as written) and strict where WHATWG is lenient (`url.parse`
//! throws on some IDNA failures, and Kibana then treats the URL as not allowed).

/// `url.parse` threw: Kibana's `ensureUriAllowed` treats the URL as not allowed, even with
/// `allowedHosts: ['*']`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throws;

/// JavaScript `trim`-like whitespace as `url.parse` sees it (code units below 33, NBSP, BOM).
fn is_ws(c: char) -> bool {
    (c as u32) < 33 || c == '\u{a0}' || c == '\u{feff}'
}

/// `url.parse(input, false, true).hostname`: `Ok(None)` for a URL with no host part
/// (`not a url`, `mailto`-less `javascript:`), `Ok(Some(""))` for an empty host.
pub fn hostname(input: &str) -> Result<Option<String>, Throws> {
    let trimmed = input.trim_matches(is_ws);
    // Backslashes before the query or fragment count as slashes (browser behaviour).
    let split = trimmed.find(['#', '?']).unwrap_or(trimmed.len());
    let (head, tail) = trimmed.split_at(split);
    let rest: String = head.chars().map(|c| if c == '\\' { '/' } else { c }).chain(tail.chars()).collect();

    // /^[a-z0-9.+-]+:/i
    let proto_len =
        rest.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-'))).unwrap_or(rest.len());
    let proto = (proto_len > 0 && rest.get(proto_len..).is_some_and(|r| r.starts_with(':')))
        .then(|| rest.get(..=proto_len).unwrap_or_default());
    let lower_proto = proto.map(str::to_ascii_lowercase);
    let hostless = lower_proto.as_deref() == Some("javascript:");
    let mut rest = rest.get(proto.map_or(0, str::len)..).unwrap_or_default();

    let slashes = rest.starts_with("//");
    if slashes && !hostless {
        rest = rest.get(2..).unwrap_or_default();
    }
    // The original-case protocol is looked up here (as Node does), so `HTTP:x` has a host.
    let slashed = proto.is_some_and(|p| SLASHED.contains(&p));
    if hostless || !(slashes || (proto.is_some() && !slashed)) {
        return Ok(None);
    }

    // Scan to the first host-ending character; the last `@` before it ends the auth part, and
    // the host stops at the first character that is never part of a host name after that `@`.
    let mut scanned = String::with_capacity(rest.len());
    let (mut at_sign, mut non_host) = (None, None);
    for c in rest.chars() {
        match c {
            '\t' | '\n' | '\r' => continue,
            ' ' | '"' | '%' | '\'' | ';' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                non_host.get_or_insert(scanned.len());
            }
            '#' | '/' | '?' => {
                non_host.get_or_insert(scanned.len());
                break;
            }
            '@' => {
                at_sign = Some(scanned.len());
                non_host = None;
            }
            _ => {}
        }
        scanned.push(c);
    }
    let start = match at_sign {
        Some(at) => {
            decode_uri_component(scanned.get(..at).unwrap_or_default())?;
            at + 1
        }
        None => 0,
    };
    let host = scanned.get(start..non_host.unwrap_or(scanned.len())).unwrap_or_default();

    // parseHost: a trailing `:digits` is the port.
    let host = match host.rfind(':') {
        Some(i) if host.get(i + 1..).is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit())) => {
            host.get(..i).unwrap_or_default()
        }
        _ => host,
    };
    let ipv6 = host.starts_with('[') && host.ends_with(']');
    let mut hostname = if ipv6 { host } else { host.split([':', '/', '\\', '#', '?']).next().unwrap_or_default() };
    if hostname.encode_utf16().count() > 255 {
        hostname = "";
    }
    if hostname.is_empty() {
        return Ok(Some(String::new()));
    }
    let lower = hostname.to_lowercase();
    if ipv6 {
        if lower.contains(['\0', '\t', '\n', '\r', ' ', '#', '%', '/', '<', '>', '?', '@', '\\', '^', '|']) {
            return Err(Throws);
        }
        let inner = lower.get(1..lower.len() - 1).unwrap_or_default();
        return Ok(Some(inner.to_owned()));
    }
    let ascii = idna::domain_to_ascii(&lower).or_else(|_| to_ascii_by_label(&lower))?;
    if ascii.is_empty()
        || ascii
            .contains(['\0', '\t', '\n', '\r', ' ', '#', '%', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|'])
    {
        return Err(Throws);
    }
    Ok(Some(ascii))
}

/// Node's ToASCII (ada) keeps an `xn--` label whose Punycode decodes to plain ASCII
/// (`xn--ab-`), which UTS 46 as the `idna` crate implements it refuses. Such labels are mapped
/// (with the `xn--` prefix disguised so that `idna` does not decode them) and kept; the other
/// labels are converted one by one.
fn to_ascii_by_label(host: &str) -> Result<String, Throws> {
    let dotted: String =
        host.chars().map(|c| if matches!(c, '\u{3002}' | '\u{ff0e}' | '\u{ff61}') { '.' } else { c }).collect();
    let labels: Result<Vec<String>, Throws> = dotted
        .split('.')
        .map(|label| {
            // UTS 46 drops "ignored" code points (soft hyphen, variation selectors, …) before
            // the prefix is looked at.
            let label: String = label.chars().filter(|c| !is_ignored(*c)).collect();
            let label = label.as_str();
            let Some(rest) = label.strip_prefix("xn--") else {
                return if label.is_empty() {
                    Ok(String::new())
                } else {
                    idna::domain_to_ascii(label).map_err(|_| Throws)
                };
            };
            let mapped = idna::domain_to_ascii(&format!("xn-+{rest}")).map_err(|_| Throws)?;
            let rest = mapped.strip_prefix("xn-+").ok_or(Throws)?;
            let decoded = idna::punycode::decode_to_string(rest).ok_or(Throws)?;
            if decoded.is_empty() || !decoded.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                return idna::domain_to_ascii(label).map_err(|_| Throws);
            }
            Ok(format!("xn--{rest}"))
        })
        .collect();
    Ok(labels?.join("."))
}

/// UTS 46 mapping status "ignored".
fn is_ignored(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{34f}' | '\u{180b}'..='\u{180d}' | '\u{180f}' | '\u{200b}' | '\u{2060}' | '\u{2064}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{1bca0}'..='\u{1bca3}' | '\u{e0100}'..='\u{e01ef}')
}

/// Protocols `url.parse` knows always have `//` (Node's `slashedProtocol`).
const SLASHED: &[&str] = &["http:", "https:", "ftp:", "gopher:", "file:", "ws:", "wss:"];

/// Fails where JavaScript's `decodeURIComponent` throws: a `%` not followed by two hex digits,
/// or escapes that do not decode to UTF-8.
fn decode_uri_component(s: &str) -> Result<(), Throws> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()));
            let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or(Throws)?;
            out.push(byte);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    std::str::from_utf8(&out).map(|_| ()).map_err(|_| Throws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_from_node() {
        let cases: &[(&str, Result<Option<&str>, Throws>)] = &[
            ("http://a:b/", Ok(Some("a"))),
            ("not a url", Ok(None)),
            ("acme.atlassian.net", Ok(None)),
            ("//foo/bar", Ok(Some("foo"))),
            ("http://A.B/", Ok(Some("a.b"))),
            ("http://a%20b/", Ok(Some("a"))),
            ("http://ü.com/", Ok(Some("xn--tda.com"))),
            ("http://xn--/", Err(Throws)),
            ("http:\\\\evil.com", Ok(Some("evil.com"))),
            ("javascript:alert", Ok(None)),
            ("mailto:a@b", Ok(Some("b"))),
            ("http://a@b@c/", Ok(Some("c"))),
            ("http://[::1]/", Ok(Some("::1"))),
            ("http:/h", Ok(None)),
            ("http:///h", Ok(Some(""))),
            ("http://%41.com", Ok(Some(""))),
            ("http://%zz@x/", Err(Throws)),
            // Node keeps xn-- labels that decode to ASCII; UTS 46 alone would refuse them.
            ("http://xn--ab-.xn--zca/", Ok(Some("xn--ab-.xn--zca"))),
            ("http://\u{ad}xn--ab-\u{3002}\u{fc}/", Ok(Some("xn--ab-.xn--tda"))),
            ("http://xn--a/", Err(Throws)),
        ];
        for (input, expected) in cases {
            assert_eq!(hostname(input), expected.map(|h| h.map(str::to_owned)), "{input}");
        }
    }
}
