//! A recognizer for the everyday URL shape, `http(s)://host[:port]` followed by nothing or
//! by `/`, `?` or `#` and anything. For such a URL WHATWG `new URL` (the `url` crate) and
//! Node's legacy `url.parse` ([`super::legacy_url`]) both succeed and both read `host`
//! exactly as written, so validation needs neither parser: no allocation, one scan of the
//! authority.
//!
//! Conservative by design: anything outside the shape (upper case, userinfo, IDNA, `xn--`,
//! IPv4 other than a canonical dotted quad, IPv6, tabs, backslashes, other schemes, …) is
//! `None` and goes to the full parsers. Checked against both in `tests/tests/fast_url.rs`.

/// The host of `input` when it has the everyday shape (see the module docs), else `None`.
/// The path, query and fragment are not looked at: for a special scheme WHATWG never fails
/// after the port, and `url.parse` reads the host only up to the first `/`, `?` or `#`.
pub fn simple_host(input: &str) -> Option<&str> {
    let rest = input.strip_prefix("https://").or_else(|| input.strip_prefix("http://"))?;
    let bytes = rest.as_bytes();
    // One pass over the host: lower-case ASCII letters, digits and hyphens in non-empty
    // dot-separated labels, which UTS 46 (both parsers' ToASCII) maps to themselves.
    let (mut i, mut label) = (bytes.len(), 0);
    for (at, &b) in bytes.iter().enumerate() {
        match HOST_BYTE.get(usize::from(b)) {
            Some(Class::Label) => {}
            Some(Class::Dot) if at > label && !punycode(bytes, label) => label = at + 1,
            _ => {
                i = at;
                break;
            }
        }
    }
    // No label may be `xn--` (Punycode is decoded and checked). A last label starting with a
    // digit makes WHATWG read the host as IPv4 ("ends in a number"): only a canonical dotted
    // quad reads back as written. Names over 253 bytes go to the full parsers (`url.parse`
    // drops host names over 255).
    if i == label || punycode(bytes, label) || i > 253 {
        return None;
    }
    if bytes.get(label).is_some_and(u8::is_ascii_digit) && !bytes.get(..i).is_some_and(canonical_ipv4) {
        return None;
    }
    let host_end = i;
    if bytes.get(i) == Some(&b':') {
        // A port both parsers take: empty, or digits with a value up to 65535 (leading zeros
        // allowed; WHATWG refuses larger values, `url.parse` keeps them).
        let mut port = 0u32;
        i += 1;
        while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
            port = port * 10 + u32::from(b - b'0');
            if port > 65_535 {
                return None;
            }
            i += 1;
        }
    }
    match bytes.get(i) {
        None | Some(b'/' | b'?' | b'#') => rest.get(..host_end),
        Some(_) => None,
    }
}

#[derive(Clone, Copy)]
enum Class {
    Other,
    Label,
    Dot,
}

/// The class of each byte in a host of the everyday shape (a table: one load per byte).
#[allow(clippy::indexing_slicing)] // `b < 256`, evaluated at compile time
const HOST_BYTE: [Class; 256] = {
    let mut table = [Class::Other; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => Class::Label,
            b'.' => Class::Dot,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// Four decimal parts from 0 to 255 without leading zeros (`10.0.0.1`): the form WHATWG
/// serializes an IPv4 address in, and a host name `url.parse` keeps as written.
fn canonical_ipv4(host: &[u8]) -> bool {
    let mut parts = 0;
    for part in host.split(|&b| b == b'.') {
        parts += 1;
        let canonical = match part {
            [b'0'] => true,
            [b'1'..=b'9', rest @ ..] if rest.len() <= 2 && rest.iter().all(u8::is_ascii_digit) => {
                part.iter().fold(0u16, |n, &b| n * 10 + u16::from(b - b'0')) <= 255
            }
            _ => false,
        };
        if !canonical {
            return false;
        }
    }
    parts == 4
}

/// Whether the label starting at `start` has the Punycode prefix.
fn punycode(bytes: &[u8], start: usize) -> bool {
    bytes.get(start..start + 4) == Some(b"xn--")
}

#[cfg(test)]
mod tests {
    use super::simple_host;

    #[test]
    fn shapes() {
        assert_eq!(simple_host("https://a-1.example.com/hooks/x?y#z"), Some("a-1.example.com"));
        assert_eq!(simple_host("http://a.b:8080"), Some("a.b"));
        assert_eq!(simple_host("http://a.b:"), Some("a.b"));
        assert_eq!(simple_host("https://a.b?q"), Some("a.b"));
        assert_eq!(simple_host("http://10.0.0.1:8080/x"), Some("10.0.0.1"));
        assert_eq!(simple_host("http://255.255.255.255"), Some("255.255.255.255"));
        assert_eq!(simple_host("https://1.2.3.4/"), Some("1.2.3.4"));
        for input in [
            "https://A.b/",
            "https://a.1/",
            "https://a..b/",
            "https://a./",
            "https://xn--zca.de/",
            "https://u@a.b/",
            "https://a.b:99999/",
            "https://a.b:1:2/",
            "https://a.b\\x",
            "https://a\tb/",
            " https://a.b/",
            "HTTP://a.b/",
            "ftp://a.b/",
            "https:/a.b",
            "https://",
            "https://[::1]/",
            "https://ü.de/",
            "https://a_b.c/",
            "http://1.2.3.256/",
            "http://01.2.3.4/",
            "http://1.2.3/",
            "http://1.2.3.4.5/",
            "http://0x1.2.3.4/",
            "http://a.1.2.3/",
        ] {
            assert_eq!(simple_host(input), None, "{input}");
        }
    }
}
