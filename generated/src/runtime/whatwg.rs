//! WHATWG `new URL` as Kibana's runtime (Node) reads it: the `url` crate, corrected where
//! it accepts a URL Node refuses. Both corrections concern non-special schemes (`foo://`),
//! so only the `any` URL family can meet them:
//!
//! - a `\` after the port (`foo://a:0\x`): the crate ends the port there as for special
//!   schemes; the standard's port state fails (Node: "Invalid URL");
//! - credentials with an empty host (`foo://:@/x`): the standard fails when the `@` is
//!   followed by no host; the crate accepts when the credentials are empty.
//!
//! Differences left as the crate decides (listed in `tests/tests/fast_url.rs`): `xn--`
//! labels whose Punycode decodes to plain ASCII (`xn--ab-`, Node accepts) and non-ASCII
//! hosts where the UTS 46 tables of Node's IDNA (an older Unicode version) or its skipped
//! Bidi rule differ from the crate's.

use url::{ParseError, Url};

/// Parses `input` as Node's `new URL(input)` does (see the module docs).
pub fn parse(input: &str) -> Result<Url, ParseError> {
    let url = Url::parse(input)?;
    if matches!(url.scheme(), "http" | "https" | "ws" | "wss" | "ftp" | "file") || !url.has_authority() {
        return Ok(url);
    }
    // The authority as the standard's parser sees it: outer C0 controls and spaces trimmed,
    // tabs and newlines removed, after `scheme://` up to the first `/`, `?` or `#`.
    let cleaned: String =
        input.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let Some(authority) = cleaned.split_once(':').and_then(|(_, rest)| rest.strip_prefix("//")) else {
        return Ok(url);
    };
    let authority = authority.split(['/', '?', '#']).next().unwrap_or_default();
    let (credentials, host_port) = match authority.rsplit_once('@') {
        Some((_, host_port)) => (true, host_port),
        None => (false, authority),
    };
    if credentials && host_port.is_empty() {
        return Err(ParseError::EmptyHost);
    }
    // The crate refuses `\` in an opaque host itself, so one it accepted was in the port.
    if host_port.contains('\\') {
        return Err(ParseError::InvalidPort);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn node_refuses() {
        for input in [
            "foo://a:0\\x",
            "foo://u@a:0\\x",
            "foo://a:\\",
            "foo://[::1]:0\\x",
            "foo://:@/x",
            "foo://:@?q",
            "foo://:@",
            " foo://:@\t",
        ] {
            assert!(parse(input).is_err(), "{input}");
        }
        for input in ["foo://a\\b@c/", "foo://a:80", "foo:///x", "ws://a:0\\x", "foo:a\\b", "foo://a/\\x", "foo://a?@"]
        {
            assert!(parse(input).is_ok(), "{input}");
        }
    }
}
