//! RFC 5322 address lists as Kibana reads e-mail addresses: with the npm package
//! `email-addresses` (`parseAddressList`, RFC 6532 UTF-8 allowed). That parser is a PEG:
//! ordered choice, greedy repetition without backtracking into it, a strict pass first and,
//! when the strict pass does not consume the whole input, a second pass that also accepts
//! RFC 5322's obsolete syntax (section 4). This module implements the same grammar the same
//! way, keeping only what Kibana looks at: whether the list parses, and each address's local
//! part and domain.

/// One parsed address: a mailbox, or a group of mailboxes (`Team: a@x.org, b@y.org;`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address {
    /// A mailbox.
    Mailbox(Mailbox),
    /// A group and its mailboxes.
    Group(Vec<Mailbox>),
}

/// What Kibana reads of one mailbox's address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mailbox {
    /// The local part's semantic text (quotes and comments removed).
    pub local: String,
    /// Whether the local part was written as a quoted string (`"-ops"@example.com`).
    pub quoted: bool,
    /// The domain (whitespace and comments removed).
    pub domain: String,
}

/// The checks kibana#268496 added (9.3.5, 9.4.2, 9.5.0, and 8.19): a local part is not
/// empty and, unless quoted, neither starts nor ends with `-`; every dot-separated
/// domain label is non-empty and neither starts nor ends with `-`.
pub fn hyphens_ok(local: &str, quoted: bool, domain: &str) -> bool {
    let edges_ok = |s: &str| !s.is_empty() && !s.starts_with('-') && !s.ends_with('-');
    !local.is_empty() && (quoted || edges_ok(local)) && domain.split('.').all(edges_ok)
}

impl Address {
    /// The mailboxes: this one, or the group's.
    pub fn mailboxes(&self) -> &[Mailbox] {
        match self {
            Address::Mailbox(m) => std::slice::from_ref(m),
            Address::Group(ms) => ms,
        }
    }
}

/// Parses an address list; `None` where Kibana's parser returns `null`.
pub fn parse(input: &str) -> Option<Vec<Address>> {
    let chars: Vec<char> = input.chars().collect();
    let strict = Parser { s: &chars, pos: 0, strict: true }.run();
    if let Some((out, true)) = strict {
        return Some(out);
    }
    if strict.is_none() && chars.is_empty() {
        return None;
    }
    match (Parser { s: &chars, pos: 0, strict: false }).run() {
        Some((out, true)) => Some(out),
        _ => None,
    }
}

/// Address lists of the everyday shapes, read in one scan without allocating: items
/// separated by commas, each `local@domain` or `[Display Name] <local@domain>` with spaces
/// around, words and dot-atoms of plain ASCII atext. [`parse`]'s strict pass reads such a
/// list whole, as mailboxes whose domains are the text after each `@`. `None`: another shape
/// (quotes, comments, groups, obsolete syntax, non-ASCII, …), which [`parse`] decides.
/// Each item's local part and domain, `(local, domain)`; such local parts are never quoted.
pub fn simple_mailboxes(input: &str) -> Option<impl Iterator<Item = (&str, &str)>> {
    input.split(',').all(|item| simple_item(item).is_some()).then(|| input.split(',').filter_map(simple_item))
}

/// One item of [`simple_mailboxes`]: its local part and domain.
fn simple_item(item: &str) -> Option<(&str, &str)> {
    let bytes = item.as_bytes();
    let start = bytes.iter().position(|&b| b != b' ')?;
    let end = bytes.iter().rposition(|&b| b != b' ')? + 1;
    let trimmed = bytes.get(start..end)?;
    let (from, to) = match trimmed.split_last() {
        Some((b'>', named)) => {
            let open = named.iter().position(|&b| b == b'<')?;
            // Words separated by spaces (an atom's surrounding whitespace).
            if !named.get(..open)?.iter().all(|&b| b == b' ' || is_atext(b)) {
                return None;
            }
            (open + 1, named.len())
        }
        _ => (0, trimmed.len()),
    };
    let addr = trimmed.get(from..to)?;
    let at = addr.iter().position(|&b| b == b'@')?;
    let (local, domain) = (addr.get(..at)?, addr.get(at + 1..)?);
    if !dot_atom(local, is_atext) || !dot_atom(domain, |b| b.is_ascii_alphanumeric() || b == b'-') {
        return None;
    }
    Some((item.get(start + from..start + from + at)?, item.get(start + from + at + 1..start + to)?))
}

/// Non-empty runs of `ok` bytes separated by single dots.
fn dot_atom(s: &[u8], ok: fn(u8) -> bool) -> bool {
    let mut after_dot = true;
    for &b in s {
        if b == b'.' {
            if after_dot {
                return false;
            }
            after_dot = true;
        } else if ok(b) {
            after_dot = false;
        } else {
            return false;
        }
    }
    !after_dot
}

/// RFC 5322 atext, ASCII only.
fn is_atext(b: u8) -> bool {
    ATEXT.get(usize::from(b)).copied().unwrap_or(false)
}

#[allow(clippy::indexing_slicing)] // `b < 256`, evaluated at compile time
const ATEXT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'!' | b'#'..=b'\'' | b'*' | b'+' | b'-' | b'/' | b'=' | b'?' | b'^'..=b'`' | b'{'..=b'~');
        b += 1;
    }
    table
};

/// What a production yields: its semantic text, the addresses found in it, and (for an
/// addr-spec) its mailbox.
#[derive(Default)]
struct Out {
    sem: String,
    addresses: Vec<Address>,
    mailbox: Option<Mailbox>,
}

impl Out {
    fn text(sem: impl Into<String>) -> Self {
        Out { sem: sem.into(), ..Out::default() }
    }

    fn append(&mut self, other: Out) {
        self.sem.push_str(&other.sem);
        self.addresses.extend(other.addresses);
        if other.mailbox.is_some() {
            self.mailbox = other.mailbox;
        }
    }

    fn invisible(mut self) -> Self {
        self.sem.clear();
        self
    }

    /// Semantic whitespace collapses to one space.
    fn one_space(mut self) -> Self {
        if !self.sem.is_empty() {
            self.sem = " ".into();
        }
        self
    }
}

type R = Option<Out>;
type Prod<'p, 's> = &'p dyn Fn(&mut Parser<'s>) -> R;

struct Parser<'s> {
    s: &'s [char],
    pos: usize,
    /// The first pass refuses the obsolete syntax.
    strict: bool,
}

/// JavaScript's `\s` (also what `String.prototype.trim` removes).
pub(crate) fn js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}'
    )
}

fn no_ws_ctl(c: char) -> bool {
    matches!(c as u32, 1..=8 | 11 | 12 | 14..=31 | 127)
}

impl<'s> Parser<'s> {
    /// The whole list, and whether it consumed the whole input.
    fn run(mut self) -> Option<(Vec<Address>, bool)> {
        let out = self.address_list()?;
        Some((out.addresses, self.pos == self.s.len()))
    }

    // ------------------------------------------------------------ combinators

    fn token(&mut self, accept: impl Fn(char) -> bool) -> R {
        let c = *self.s.get(self.pos)?;
        if accept(c) {
            self.pos += 1;
            Some(Out::text(c))
        } else {
            None
        }
    }

    fn lit(&mut self, lit: char) -> R {
        self.token(|c| c == lit)
    }

    fn seq(&mut self, parts: &[Prod<'_, 's>]) -> R {
        let start = self.pos;
        let mut out = Out::default();
        for part in parts {
            match part(self) {
                Some(o) => out.append(o),
                None => {
                    self.pos = start;
                    return None;
                }
            }
        }
        Some(out)
    }

    fn alt(&mut self, choices: &[Prod<'_, 's>]) -> R {
        let start = self.pos;
        for choice in choices {
            if let Some(o) = choice(self) {
                return Some(o);
            }
            self.pos = start;
        }
        None
    }

    fn opt(&mut self, prod: Prod<'_, 's>) -> R {
        let start = self.pos;
        prod(self).or_else(|| {
            self.pos = start;
            Some(Out::default())
        })
    }

    fn star(&mut self, prod: Prod<'_, 's>, min: usize) -> R {
        let start = self.pos;
        let mut out = Out::default();
        let mut n = 0;
        while let Some(o) = prod(self) {
            out.append(o);
            n += 1;
        }
        if n >= min {
            Some(out)
        } else {
            self.pos = start;
            None
        }
    }

    /// Productions of RFC 5322 section 4 exist only in the second pass.
    fn obsolete(&mut self, prod: Prod<'_, 's>) -> R {
        if self.strict { None } else { prod(self) }
    }

    // ------------------------------------------------------------ RFC 5234 / 5322 tokens

    fn wsp(&mut self) -> R {
        self.token(|c| c == ' ' || c == '\t')
    }

    fn crlf(&mut self) -> R {
        self.seq(&[&|p| p.lit('\r'), &|p| p.lit('\n')])
    }

    fn vchar(&mut self) -> R {
        self.token(|c| ('\u{21}'..='\u{7e}').contains(&c) || c as u32 >= 128)
    }

    fn quoted_pair(&mut self) -> R {
        let qp = self.alt(&[&|p| p.seq(&[&|p| p.lit('\\'), &|p| p.alt(&[&Self::vchar, &Self::wsp])]), &|p| {
            p.obsolete(&Self::obs_qp)
        }])?;
        // The backslash is semantically invisible.
        Some(Out::text(qp.sem.chars().nth(1).map(String::from).unwrap_or_default()))
    }

    fn fws(&mut self) -> R {
        self.alt(&[&|p| p.obsolete(&Self::obs_fws), &|p| {
            p.seq(&[&|p| p.opt(&|p| p.seq(&[&|p| p.star(&Self::wsp, 0), &|p| p.crlf().map(Out::invisible)])), &|p| {
                p.star(&Self::wsp, 1)
            }])
        }])
    }

    fn ctext(&mut self) -> R {
        self.alt(&[&|p| p.token(|c| matches!(c as u32, 33..=39 | 42..=91 | 93..=126) || c as u32 >= 128), &|p| {
            p.obsolete(&|p| p.token(no_ws_ctl))
        }])
    }

    fn ccontent(&mut self) -> R {
        self.alt(&[&Self::ctext, &Self::quoted_pair, &Self::comment])
    }

    fn comment(&mut self) -> R {
        self.seq(&[
            &|p| p.lit('('),
            &|p| p.star(&|p| p.seq(&[&|p| p.opt(&Self::fws), &Self::ccontent]), 0),
            &|p| p.opt(&Self::fws),
            &|p| p.lit(')'),
        ])
    }

    fn cfws(&mut self) -> R {
        self.alt(&[
            &|p| {
                p.seq(&[&|p| p.star(&|p| p.seq(&[&|p| p.opt(&Self::fws), &Self::comment]), 1), &|p| p.opt(&Self::fws)])
            },
            &Self::fws,
        ])
    }

    fn atext(&mut self) -> R {
        self.token(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || c as u32 >= 128)
    }

    fn atom(&mut self) -> R {
        self.seq(&[&|p| p.opt(&Self::cfws).map(Out::one_space), &|p| p.star(&Self::atext, 1), &|p| {
            p.opt(&Self::cfws).map(Out::one_space)
        }])
    }

    fn dot_atom_text(&mut self) -> R {
        let mut out = self.star(&Self::atext, 1)?;
        if let Some(more) = self.star(&|p| p.seq(&[&|p| p.lit('.'), &|p| p.star(&Self::atext, 1)]), 0) {
            out.append(more);
        }
        Some(out)
    }

    fn dot_atom(&mut self) -> R {
        self.seq(&[&|p| p.opt(&Self::cfws).map(Out::invisible), &Self::dot_atom_text, &|p| {
            p.opt(&Self::cfws).map(Out::invisible)
        }])
    }

    fn qtext(&mut self) -> R {
        self.alt(&[&|p| p.token(|c| matches!(c as u32, 33 | 35..=91 | 93..=126) || c as u32 >= 128), &|p| {
            p.obsolete(&|p| p.token(no_ws_ctl))
        }])
    }

    fn quoted_string(&mut self) -> R {
        self.seq(&[
            &|p| p.opt(&Self::cfws).map(Out::invisible),
            &|p| p.lit('"').map(Out::invisible),
            &|p| {
                p.star(
                    &|p| {
                        p.seq(&[&|p| p.opt(&|p| p.fws().map(Out::one_space)), &|p| {
                            p.alt(&[&Self::qtext, &Self::quoted_pair])
                        }])
                    },
                    0,
                )
            },
            &|p| p.opt(&|p| p.fws().map(Out::invisible)),
            &|p| p.lit('"').map(Out::invisible),
            &|p| p.opt(&Self::cfws).map(Out::invisible),
        ])
    }

    fn word(&mut self) -> R {
        self.alt(&[&Self::atom, &Self::quoted_string])
    }

    fn phrase(&mut self) -> R {
        self.alt(&[&|p| p.obsolete(&Self::obs_phrase), &|p| p.star(&Self::word, 1)])
    }

    // ------------------------------------------------------------ addresses (3.4)

    fn address(&mut self) -> R {
        self.alt(&[&Self::mailbox, &Self::group])
    }

    fn mailbox(&mut self) -> R {
        let mut out = self.alt(&[&Self::name_addr, &Self::addr_spec])?;
        let mailbox = out.mailbox.take().unwrap_or_default();
        out.addresses = vec![Address::Mailbox(mailbox)];
        Some(out)
    }

    fn name_addr(&mut self) -> R {
        self.seq(&[&|p| p.opt(&Self::phrase), &Self::angle_addr])
    }

    fn angle_addr(&mut self) -> R {
        self.alt(&[
            &|p| {
                p.seq(&[
                    &|p| p.opt(&Self::cfws).map(Out::invisible),
                    &|p| p.lit('<'),
                    &Self::addr_spec,
                    &|p| p.lit('>'),
                    &|p| p.opt(&Self::cfws).map(Out::invisible),
                ])
            },
            &|p| p.obsolete(&Self::obs_angle_addr),
        ])
    }

    fn group(&mut self) -> R {
        let out =
            self.seq(&[&Self::phrase, &|p| p.lit(':'), &|p| p.opt(&Self::group_list), &|p| p.lit(';'), &|p| {
                p.opt(&Self::cfws).map(Out::invisible)
            }])?;
        let mailboxes = out
            .addresses
            .into_iter()
            .filter_map(|a| match a {
                Address::Mailbox(m) => Some(m),
                Address::Group(_) => None,
            })
            .collect();
        Some(Out { sem: out.sem, addresses: vec![Address::Group(mailboxes)], mailbox: None })
    }

    fn mailbox_list(&mut self) -> R {
        self.alt(&[
            &|p| p.seq(&[&Self::mailbox, &|p| p.star(&|p| p.seq(&[&|p| p.lit(','), &Self::mailbox]), 0)]),
            &|p| p.obsolete(&Self::obs_mbox_list),
        ])
    }

    fn address_list(&mut self) -> R {
        self.alt(&[
            &|p| p.seq(&[&Self::address, &|p| p.star(&|p| p.seq(&[&|p| p.lit(','), &Self::address]), 0)]),
            &|p| p.obsolete(&Self::obs_addr_list),
        ])
    }

    fn group_list(&mut self) -> R {
        self.alt(&[&Self::mailbox_list, &|p| p.cfws().map(Out::invisible), &|p| p.obsolete(&Self::obs_group_list)])
    }

    fn local_part(&mut self) -> R {
        self.alt(&[&|p| p.obsolete(&Self::obs_local_part), &Self::dot_atom, &Self::quoted_string])
    }

    fn dtext(&mut self) -> R {
        self.alt(&[&|p| p.token(|c| matches!(c as u32, 33..=90 | 94..=126) || c as u32 >= 128), &|p| {
            p.obsolete(&|p| p.alt(&[&|p| p.token(no_ws_ctl), &Self::quoted_pair]))
        }])
    }

    fn domain_literal(&mut self) -> R {
        self.seq(&[
            &|p| p.opt(&Self::cfws).map(Out::invisible),
            &|p| p.lit('['),
            &|p| p.star(&|p| p.seq(&[&|p| p.opt(&Self::fws), &Self::dtext]), 0),
            &|p| p.opt(&Self::fws),
            &|p| p.lit(']'),
            &|p| p.opt(&Self::cfws).map(Out::invisible),
        ])
    }

    fn domain(&mut self) -> R {
        let out = self.alt(&[&|p| p.obsolete(&Self::obs_domain), &Self::dot_atom, &Self::domain_literal])?;
        // Kibana's parser strips all whitespace from domains.
        Some(Out::text(out.sem.chars().filter(|c| !js_space(*c)).collect::<String>()))
    }

    fn addr_spec(&mut self) -> R {
        let start = self.pos;
        let local = self.local_part()?;
        // Kibana asks whether the local part's source text, trimmed, starts with a quote.
        let raw: String = self.s.get(start..self.pos).unwrap_or_default().iter().collect();
        let quoted = raw.trim_start_matches(js_space).starts_with('"');
        let Some(rest) = self.seq(&[&|p| p.lit('@'), &Self::domain]) else {
            self.pos = start;
            return None;
        };
        let domain = rest.sem.get(1..).unwrap_or_default().to_owned();
        let mailbox = Mailbox { local: local.sem.clone(), quoted, domain };
        Some(Out { sem: format!("{}{}", local.sem, rest.sem), addresses: Vec::new(), mailbox: Some(mailbox) })
    }

    // ------------------------------------------------------------ obsolete syntax (4)

    fn obs_qp(&mut self) -> R {
        self.seq(&[&|p| p.lit('\\'), &|p| p.token(|c| c == '\0' || no_ws_ctl(c) || c == '\n' || c == '\r')])
    }

    fn obs_phrase(&mut self) -> R {
        self.seq(&[&Self::word, &|p| {
            p.star(&|p| p.alt(&[&Self::word, &|p| p.lit('.'), &|p| p.cfws().map(Out::one_space)]), 0)
        }])
    }

    fn obs_fws(&mut self) -> R {
        self.star(&|p| p.seq(&[&|p| p.opt(&|p| p.crlf().map(Out::invisible)), &Self::wsp]), 1)
    }

    fn obs_angle_addr(&mut self) -> R {
        self.seq(&[
            &|p| p.opt(&Self::cfws).map(Out::invisible),
            &|p| p.lit('<'),
            &Self::obs_route,
            &Self::addr_spec,
            &|p| p.lit('>'),
            &|p| p.opt(&Self::cfws).map(Out::invisible),
        ])
    }

    fn obs_route(&mut self) -> R {
        // The route's domains are not the address's.
        let out = self.seq(&[&Self::obs_domain_list, &|p| p.lit(':')])?;
        Some(Out::text(out.sem))
    }

    fn obs_domain_list(&mut self) -> R {
        self.seq(&[
            &|p| p.star(&|p| p.alt(&[&|p| p.cfws().map(Out::invisible), &|p| p.lit(',')]), 0),
            &|p| p.lit('@'),
            &Self::domain,
            &|p| {
                p.star(
                    &|p| {
                        p.seq(&[&|p| p.lit(','), &|p| p.opt(&Self::cfws).map(Out::invisible), &|p| {
                            p.opt(&|p| p.seq(&[&|p| p.lit('@'), &Self::domain]))
                        }])
                    },
                    0,
                )
            },
        ])
    }

    fn obs_list(&mut self, item: Prod<'_, 's>) -> R {
        self.seq(&[
            &|p| p.star(&|p| p.seq(&[&|p| p.opt(&Self::cfws).map(Out::invisible), &|p| p.lit(',')]), 0),
            item,
            &|p| {
                p.star(
                    &|p| p.seq(&[&|p| p.lit(','), &|p| p.opt(&|p| p.seq(&[item, &|p| p.cfws().map(Out::invisible)]))]),
                    0,
                )
            },
        ])
    }

    fn obs_mbox_list(&mut self) -> R {
        self.obs_list(&Self::mailbox)
    }

    fn obs_addr_list(&mut self) -> R {
        self.obs_list(&Self::address)
    }

    fn obs_group_list(&mut self) -> R {
        self.seq(&[&|p| p.star(&|p| p.seq(&[&|p| p.opt(&Self::cfws).map(Out::invisible), &|p| p.lit(',')]), 1), &|p| {
            p.opt(&Self::cfws).map(Out::invisible)
        }])
    }

    fn obs_local_part(&mut self) -> R {
        self.seq(&[&Self::word, &|p| p.star(&|p| p.seq(&[&|p| p.lit('.'), &Self::word]), 0)])
    }

    fn obs_domain(&mut self) -> R {
        self.seq(&[&Self::atom, &|p| p.star(&|p| p.seq(&[&|p| p.lit('.'), &Self::atom]), 0)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each address's domains: one for a mailbox, the group's for a group.
    fn domains(s: &str) -> Option<Vec<Vec<String>>> {
        parse(s).map(|list| list.iter().map(|a| a.mailboxes().iter().map(|m| m.domain.clone()).collect()).collect())
    }

    #[test]
    fn examples() {
        let m = |d: &str| vec![d.to_owned()];
        assert_eq!(domains("a@example.com"), Some(vec![m("example.com")]));
        assert_eq!(domains("Alerts <alerts@example.com>"), Some(vec![m("example.com")]));
        assert_eq!(domains("<a@example.com>"), Some(vec![m("example.com")]));
        assert_eq!(domains("a@example.com (comment)"), Some(vec![m("example.com")]));
        assert_eq!(
            domains("\"Doe, J\" <j@example.com>, b@example.org"),
            Some(vec![m("example.com"), m("example.org")])
        );
        assert_eq!(
            domains("Group: a@example.com, b@example.org;"),
            Some(vec![vec!["example.com".to_owned(), "example.org".to_owned()]])
        );
        assert_eq!(domains("a@example.com,"), None);
        assert_eq!(domains("badmail"), None);
        assert_eq!(domains(""), None);
        assert_eq!(domains("a@b@example.com"), None);
    }

    /// kibana#268496's rules: hyphens at the edges of a local part or a domain label, empty
    /// labels; quoted local parts and single-label domains pass.
    #[test]
    fn hyphen_rules() {
        let ok = |s: &str| {
            parse(s).is_some_and(|l| {
                l.iter().all(|a| a.mailboxes().iter().all(|m| hyphens_ok(&m.local, m.quoted, &m.domain)))
            })
        };
        for good in [
            "ops@example.com",
            "a-b@ex-ample.com",
            "\"-ops\"@example.com",
            "user@localhost",
            "a--b@x.org",
            "T: a@x.org;",
        ] {
            assert!(ok(good), "{good}");
        }
        for bad in [
            "-ops@example.com",
            "ops-@example.com",
            "ops@example-.com",
            "ops@-example.com",
            "ops@a.-b.com",
            "T: -a@x.org;",
            "a@x.org, b@y-.org",
            "Ops <ops-@x.org>",
        ] {
            assert!(!ok(bad), "{bad}");
        }
        let simple_ok = |s: &str| simple_mailboxes(s).map(|mut m| m.all(|(l, d)| hyphens_ok(l, false, d)));
        assert_eq!(simple_ok("-ops@example.com"), Some(false));
        assert_eq!(simple_ok("Ops <ops@example.com>"), Some(true));
    }

    #[test]
    fn atext_table() {
        for b in 0..=255u8 {
            assert_eq!(is_atext(b), b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b), "{b}");
        }
    }

    /// `simple_mailboxes`, wherever it answers, reads what `parse` reads (seeded strings built
    /// from the everyday shapes with characters inserted, replaced and removed).
    #[test]
    #[allow(clippy::indexing_slicing)] // indices drawn below each slice's length
    fn simple_mailboxes_agree_with_parse() {
        const PIECES: &[&str] = &[
            "a",
            "alerts-12",
            "x.y",
            "Alerts",
            "O'Brien",
            "bob",
            "<",
            ">",
            "@",
            ".",
            ",",
            " ",
            "  ",
            "\t",
            "\"",
            "(c)",
            ":",
            ";",
            "example.com",
            "b-1.example.org",
            "ü",
            "[1.2.3.4]",
            "\\",
            "..",
            "_",
            "=",
            "~",
        ];
        let mut state = 0x5eed_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap_or_default()
        };
        let (mut fast, mut total) = (0, 0);
        for _ in 0..50_000 {
            let items = 1 + next(3);
            let mut s = String::new();
            for i in 0..items {
                if i > 0 {
                    s.push_str([",", ", ", " ,"][next(3)]);
                }
                let addr = format!(
                    "{}@{}",
                    ["a", "alerts-12", "x.y", "a+b", "o'k"][next(5)],
                    ["example.com", "b-1.example.org", "x"][next(3)]
                );
                match next(3) {
                    0 => s.push_str(&addr),
                    1 => s.push_str(&format!("{} <{addr}>", ["Alerts", "alpha Alerts", "O'Brien", ""][next(4)])),
                    _ => s.push_str(&format!("<{addr}> ")),
                }
            }
            for _ in 0..next(3) {
                let mut chars: Vec<char> = s.chars().collect();
                let at = next(chars.len() + 1);
                let piece: Vec<char> = PIECES[next(PIECES.len())].chars().collect();
                match next(3) {
                    0 => drop(chars.splice(at..at, piece)),
                    1 if at < chars.len() => drop(chars.remove(at)),
                    _ => drop(chars.splice(at..(at + 1).min(chars.len()), piece)),
                }
                s = chars.into_iter().collect();
            }
            total += 1;
            if let Some(simple) = simple_mailboxes(&s) {
                fast += 1;
                let simple: Vec<(&str, &str)> = simple.collect();
                let simple_domains: Vec<Vec<String>> = simple.iter().map(|(_, d)| vec![(*d).to_owned()]).collect();
                assert_eq!(Some(simple_domains), domains(&s), "{s:?}");
                let simple_ok = simple.iter().all(|(l, d)| hyphens_ok(l, false, d));
                let parsed_ok = parse(&s).is_some_and(|l| {
                    l.iter().all(|a| a.mailboxes().iter().all(|m| hyphens_ok(&m.local, m.quoted, &m.domain)))
                });
                assert_eq!(simple_ok, parsed_ok, "{s:?}");
            }
        }
        assert!(fast > total / 4 && fast < total, "{fast} of {total} on the fast path");
    }
}
