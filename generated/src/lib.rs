//! Typed models of Kibana's connector API (Kibana 8.16 to 9.5): one struct per connector
//! `config` and `secrets` schema, enums for every string enum, and request/response
//! bodies whose `config`/`secrets` are typed by `connector_type_id`.
//!
//! ```
//! use kibana_connectors::{ConnectorConfig, ConnectorType, CreateConnectorRequest, Validate, WebhookConfig};
//!
//! let body = r#"{"name": "hook", "config": {"url": "https://example.com/hook"},
//!                "connector_type_id": ".webhook"}"#;
//! let request = CreateConnectorRequest::from_json(body)?;
//! assert_eq!(request.connector_type(), ConnectorType::Webhook);
//! let ConnectorConfig::Webhook(config) = &request.config else { unreachable!() };
//! assert!(*config.has_auth); // Kibana's default, applied…
//! assert!(!config.has_auth.was_sent()); // …and known not to have been sent
//!
//! // The same body, built in code:
//! let built = CreateConnectorRequest::new("hook", WebhookConfig::builder().url("https://example.com/hook").build()?);
//! assert_eq!(serde_json::to_value(&built)?, serde_json::to_value(&request)?);
//! built.validate()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Judging files for the releases you run
//!
//! ```
//! use kibana_connectors::*;
//!
//! let files = [
//!     r#"{"name": "a", "connector_type_id": ".webhook", "config": {"url": "https://a.example", "method": "patch"}}"#,
//!     r#"{"name": "b", "connector_type_id": ".webhook", "config": {"url": "https://b.example"}, "secrets": {"user": 1}}"#,
//! ];
//! let mut report = Vec::new();
//! for release in ["9.2", "9.5"] {
//!     let cx = ValidationContext::for_version(release.parse()?);
//!     for (i, text) in files.iter().enumerate() {
//!         // Parse errors and validation errors print the same way: pointer, message, kind.
//!         let problems: Vec<String> = match CreateConnectorRequest::from_json(text) {
//!             Err(e) => vec![ValidationError::from(e).to_string()],
//!             Ok(body) => body.validate_with(&cx).err().map_or_else(Vec::new, |errors| {
//!                 errors.iter().map(ToString::to_string).collect()
//!             }),
//!         };
//!         report.extend(problems.into_iter().map(|p| format!("{release} #{i}: {p}")));
//!     }
//! }
//! assert_eq!(report.len(), 3); // `patch` on 9.2, and `user: 1` on both
//! assert!(report[0].starts_with("9.2 #0: /config/method: "));
//! assert!(report[1].starts_with("9.2 #1: /secrets/user: "));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Secrets
//! Every string under a `*_secrets` schema is a [`Secret`]: `Debug`/`Display` redact it,
//! memory is zeroized on drop, [`Secret::expose`] reads it, and serialization writes the
//! real value. Secret-looking fields inside `config` (e.g. ServiceNow `clientId`,
//! email `clientId`) are not secrets in Kibana's model and stay plain strings.
//!
//! # Generated code
//! Everything in `models` is written by `cargo xtask codegen` from `spec/`; `runtime` and
//! `envelope` are hand-written.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod drift;
mod envelope;
mod locate;
#[rustfmt::skip]
mod models;
mod rules;
mod runtime;
mod version;

pub use drift::{Change, Drift, DriftError};
pub use envelope::{ConnectorResponse, CreateConnectorRequest, KnownConfig, ResponseConfig, UpdateConnectorRequest};
pub use locate::ParseError;
pub use models::*;
/// The URL fast path validation takes before the full parsers, exposed for its
/// differential test; not part of the API.
#[doc(hidden)]
pub use runtime::fast_url;
/// Node's legacy `url.parse` host extraction, exposed for the differential test against
/// `node`; not part of the API.
#[doc(hidden)]
pub use runtime::legacy_url;
pub use runtime::validate::{
    Check, ErrorKind, Path, SslVerificationMode, Validate, ValidationContext, ValidationError, ValidationErrors,
};
/// WHATWG URL parsing as Node reads it (the `url` crate, corrected), exposed for the
/// comparison with `node`; not part of the API.
#[doc(hidden)]
pub use runtime::whatwg;
pub use runtime::{BuildError, Defaulted, Secret, UnknownFields, UnknownValue};
pub use version::{KibanaVersion, UnsupportedVersion};

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The crate README's example (what crates.io shows), compiled and run as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct CrateReadmeDoctests;
