//! `KibanaVersion`: the Kibana release a verdict is for. The release lines and their patch
//! thresholds are data (`spec/releases.yaml`, generated into `models::release`); this file
//! only reads that table.

use crate::models::release::{LATEST_LINE, LATEST_POINT, LINES, POINTS, connector_id_max_length, unmodelled};
use crate::runtime::validate::{ErrorKind, Release, ValidationContext, ValidationError};
use std::fmt;
use std::str::FromStr;

/// A Kibana release: a supported release line (`9.1`) and, optionally, a patch (`9.1.3`).
///
/// A line alone means the newest patch of that line this crate knows; a patch behaves like
/// the nearest known threshold at or below it (the Torq EU host from 8.17.3, the email
/// `oauthTokenUrl` allowlist check from 8.19.9 and 9.2.3, the email caps from 9.1.10 and
/// 9.2.4, the webhook token-URL check from 9.2.8 and 9.3.3, e-mail addresses always checked
/// from 8.19.16, 9.3.5 and 9.4.2). Releases are not a chain (8.19 shipped after 9.0 and has
/// features 9.0 lacks), so versions have no ordering.
///
/// ```
/// use kibana_connectors::{KibanaVersion, ValidationContext};
///
/// let v: KibanaVersion = "9.4.7".parse()?;
/// assert_eq!((v.line(), v.patch()), ("9.4", Some(7)));
/// assert_eq!(KibanaVersion::LATEST.to_string(), "9.5");
/// let cx = ValidationContext::for_version(v);            // validates as 9.4.2+ does
/// assert_eq!(cx.version(), v);
/// assert!("9.6".parse::<KibanaVersion>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KibanaVersion {
    line: usize,
    patch: Option<u32>,
}

impl KibanaVersion {
    /// The newest release this crate models (newest patch of its line).
    pub const LATEST: Self = Self { line: LATEST_LINE, patch: None };

    /// The supported release lines (`"8.16"`, …, `"9.2"`), as the manifest lists them.
    pub const LINES: &'static [&'static str] = LINES;

    /// The release line (`"9.1"`).
    pub fn line(&self) -> &'static str {
        LINES.get(self.line).copied().unwrap_or_default()
    }

    /// The patch, when one was given.
    pub const fn patch(&self) -> Option<u32> {
        self.patch
    }

    /// The connector type ids this release registers (or, where Kibana's sources disagree,
    /// may register) that this crate does not model, sorted: connector types Kibana 9.3 and
    /// later build from connector specs (`@kbn/connector-specs`), whose shape in a given
    /// release could not be pinned. A body of one of these types gets no verdict: parsing
    /// refuses an id no release models as an unknown type, and validation reports
    /// [`ErrorKind::NotModelled`] for one that a later release models.
    ///
    /// ```
    /// use kibana_connectors::KibanaVersion;
    ///
    /// let v: KibanaVersion = "9.4".parse()?;
    /// assert!(v.unmodelled_connector_types().contains(&".github"));
    /// assert!("9.2".parse::<KibanaVersion>()?.unmodelled_connector_types().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unmodelled_connector_types(&self) -> &'static [&'static str] {
        unmodelled(self.point())
    }

    /// Whether this release registers connector type `ty` in the shape this crate models
    /// (Kibana answers `Action type "…" is not registered.` for the others). `false` also
    /// for a type the release registers in a shape not modelled here: see
    /// [`unmodelled_connector_types`](Self::unmodelled_connector_types).
    ///
    /// ```
    /// use kibana_connectors::{ConnectorType, KibanaVersion};
    ///
    /// assert!("9.3".parse::<KibanaVersion>()?.registers(ConnectorType::Mcp));
    /// assert!(!"9.2".parse::<KibanaVersion>()?.registers(ConnectorType::Mcp));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn registers(&self, ty: crate::ConnectorType) -> bool {
        crate::models::connector_supported(ty, &ValidationContext::for_version(*self))
    }

    /// The release point that decides verdicts: the latest threshold of the line at or
    /// below the patch (any patch of a line parses).
    fn point(&self) -> usize {
        let line = self.line();
        let mut best = None;
        for (i, (l, from)) in POINTS.iter().enumerate() {
            if *l == line && self.patch.is_none_or(|p| p >= *from) {
                best = Some(i);
            }
        }
        best.unwrap_or(LATEST_POINT)
    }
}

/// Prints what was parsed: `9.1` or `9.1.3`.
impl fmt::Display for KibanaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.patch {
            Some(p) => write!(f, "{}.{p}", self.line()),
            None => f.write_str(self.line()),
        }
    }
}

/// A version this crate does not model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsupportedVersion {
    given: String,
}

impl fmt::Display for UnsupportedVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unsupported Kibana version `{}`: supported release lines are {}", self.given, LINES.join(", "))
    }
}

impl std::error::Error for UnsupportedVersion {}

/// Reads `9.1` (the newest patch this crate knows) or `9.1.3` (that patch).
impl FromStr for KibanaVersion {
    type Err = UnsupportedVersion;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unsupported = || UnsupportedVersion { given: s.to_owned() };
        let text = s.trim();
        let parts: Vec<&str> = text.split('.').collect();
        let number = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        let (line, patch) = match parts.as_slice() {
            [major, minor] if number(major) && number(minor) => (text, None),
            [major, minor, patch] if number(major) && number(minor) && number(patch) => {
                (&text[..major.len() + 1 + minor.len()], Some(patch.parse::<u32>().map_err(|_| unsupported())?))
            }
            _ => return Err(unsupported()),
        };
        let index = LINES.iter().position(|l| *l == line).ok_or_else(unsupported)?;
        Ok(Self { line: index, patch })
    }
}

impl Default for KibanaVersion {
    fn default() -> Self {
        Self::LATEST
    }
}

impl ValidationContext {
    /// Kibana's default settings, for release `version`. Add kibana.yml settings with the
    /// builder methods ([`allowed_hosts`](Self::allowed_hosts), …).
    pub fn for_version(version: KibanaVersion) -> Self {
        Self::default().with_release(Release { line: version.line, patch: version.patch, point: version.point() })
    }

    /// The release this context validates for ([`KibanaVersion::LATEST`] unless set).
    pub fn version(&self) -> KibanaVersion {
        self.release.map_or(KibanaVersion::LATEST, |r| KibanaVersion { line: r.line, patch: r.patch })
    }
}

impl ValidationContext {
    /// Checks a connector id you choose (`POST /api/actions/connector/{id}`) as this
    /// context's release does. From Kibana 9.4 (kibana#255922) an id has 1 to 36 characters,
    /// only lowercase ASCII letters, digits and hyphens, and neither starts nor ends with a
    /// hyphen; earlier releases take any id. The error's pointer is `""` (the id is part of
    /// the path, not the body).
    ///
    /// ```
    /// use kibana_connectors::{KibanaVersion, ValidationContext};
    ///
    /// let cx = ValidationContext::for_version("9.4".parse::<KibanaVersion>()?);
    /// assert!(cx.check_connector_id("pagerduty-oncall").is_ok());
    /// assert!(cx.check_connector_id("PagerDuty_OnCall").is_err());
    /// let older = ValidationContext::for_version("9.3".parse::<KibanaVersion>()?);
    /// assert!(older.check_connector_id("PagerDuty_OnCall").is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_connector_id(&self, id: &str) -> Result<(), ValidationError> {
        let Some(max) = connector_id_max_length(self) else { return Ok(()) };
        let error = |kind, message: String| Err(ValidationError { pointer: String::new(), kind, message });
        // JavaScript's `length`: UTF-16 code units.
        let length = id.encode_utf16().count();
        if length == 0 {
            return error(ErrorKind::Required, "Connector ID is required.".into());
        }
        if length > max {
            return error(
                ErrorKind::InvalidLength,
                format!("Connector ID must be {max} characters or less (received {length})."),
            );
        }
        if id.contains("..") || id.contains('/') || ["__proto__", "constructor", "prototype"].contains(&id) {
            return error(
                ErrorKind::InvalidValue,
                "Connector ID must not contain path separators (\"/\") or traversal sequences (\"..\").".into(),
            );
        }
        let inner = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
        let edge = |b: Option<&u8>| b.is_some_and(|b| *b != b'-');
        if !(id.bytes().all(inner) && edge(id.as_bytes().first()) && edge(id.as_bytes().last())) {
            return error(
                ErrorKind::InvalidValue,
                "Connector ID must contain only lowercase letters, numbers, and hyphens.".into(),
            );
        }
        Ok(())
    }
}
