//! The naming policy, in one place: spec names → Rust identifiers.
//!
//! Rules: types and variants are UpperCamelCase, fields snake_case (heck); Rust keywords
//! become raw identifiers (`r#type`), or get a trailing `_` where raw identifiers are not
//! allowed (`self`, `super`, `crate`, `Self`); a leading digit gets a `_` (fields) or `V`
//! (types, variants) prefix. Collisions are reported by the caller, never suffixed away.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Type names a schema must not take: everything generated code names unqualified. That
/// is the prelude (types, traits, variants), the runtime items the generated modules
/// import, the hand-written public API, and the items the generator itself emits.
/// A schema whose name maps to one of these gets a diagnostic; `x-rust-name` on the
/// schema resolves it.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    // The prelude (Rust 2021/2024) and the primitive-looking std types generated code uses.
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "Default",
    "Iterator",
    "IntoIterator",
    "Extend",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "Debug",
    "Hash",
    "Self_",
    // Runtime items imported by every generated module.
    "Defaulted",
    "Secret",
    "UnknownFields",
    "Check",
    "ErrorKind",
    "Path",
    "Validate",
    "ValidationContext",
    "ValidationErrors",
    "ValidationError",
    "BuildError",
    "Normalize",
    // The hand-written public API.
    "ConnectorType",
    "ConnectorConfig",
    "ConnectorSecrets",
    "CreateConnectorRequest",
    "UpdateConnectorRequest",
    "ConnectorResponse",
    "ResponseConfig",
    "ParseError",
    "UnknownValue",
];

/// The suffix of the builder type generated beside every struct.
pub const BUILDER_SUFFIX: &str = "Builder";

/// The field every generated struct carries for keys the spec does not describe.
pub const UNKNOWN_FIELDS: &str = "unknown_fields";

const STRICT_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait",
    "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A Rust type name for a schema name or a composed inline name.
pub fn type_name(spec_name: &str) -> Result<String, String> {
    let name = spec_name.to_upper_camel_case();
    upper_ident(spec_name, name)
}

/// A Rust enum variant for a wire value (`"Azure OpenAI"` → `AzureOpenAi`, `"null"` → `Null`).
pub fn variant_name(wire: &str) -> Result<String, String> {
    let name = wire.to_upper_camel_case();
    upper_ident(wire, name)
}

fn upper_ident(original: &str, name: String) -> Result<String, String> {
    if name.is_empty() {
        return Err(format!("`{original}` has no letters or digits to form a Rust name from"));
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("V{name}") } else { name };
    if NOT_RAW.contains(&name.as_str()) {
        return Ok(format!("{name}_"));
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("`{original}` does not form an ASCII Rust name (got `{name}`)"));
    }
    checked(original, name)
}

/// Last line of defence: the emitter builds identifiers from these names, so they must parse.
fn checked(original: &str, name: String) -> Result<String, String> {
    // The common case without a parse: a plain ASCII identifier that is no keyword (the
    // lists above hold every keyword syn refuses), which syn would accept.
    let plain = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.len() > 1
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !STRICT_KEYWORDS.contains(&name.as_str())
        && !NOT_RAW.contains(&name.as_str());
    if plain {
        return Ok(name);
    }
    let bare = name.strip_prefix("r#").unwrap_or(&name);
    let ok = if name.starts_with("r#") {
        syn::parse_str::<syn::Ident>(&name).is_ok()
    } else {
        syn::parse_str::<syn::Ident>(bare).is_ok()
    };
    if ok { Ok(name) } else { Err(format!("`{original}` does not form a valid Rust identifier (got `{name}`)")) }
}

/// A Rust field name for a wire property name (`gcpProjectID` → `gcp_project_id`, `type` → `r#type`).
pub fn field_name(wire: &str) -> Result<String, String> {
    let name = wire.to_snake_case();
    if name.is_empty() {
        return Err(format!("property `{wire}` has no letters or digits to form a Rust name from"));
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("property `{wire}` does not form an ASCII Rust name (got `{name}`)"));
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name };
    if name == UNKNOWN_FIELDS {
        return Err(format!("property `{wire}` would take the name `{UNKNOWN_FIELDS}`, which holds undeclared keys"));
    }
    if NOT_RAW.contains(&name.as_str()) {
        return Ok(format!("{name}_"));
    }
    if STRICT_KEYWORDS.contains(&name.as_str()) {
        return checked(wire, format!("r#{name}"));
    }
    checked(wire, name)
}

/// The extension that overrides a property's Rust field name.
pub const RENAME_EXTENSION: &str = "x-rust-name";

/// An explicit field name from `x-rust-name`: must already be a snake_case identifier.
pub fn field_override(value: &serde_json::Value) -> Result<String, String> {
    let name = value.as_str().ok_or_else(|| format!("`{RENAME_EXTENSION}` must be a string"))?;
    match field_name(name) {
        Ok(policy) if policy == name => Ok(policy),
        _ => Err(format!("`{RENAME_EXTENSION}: {name}` is not a snake_case Rust field name")),
    }
}

/// An explicit type or variant name from `x-rust-name` (schemas) or `rust_name`
/// (connector entries): must already be an UpperCamelCase Rust identifier.
pub fn type_override(value: &serde_json::Value) -> Result<String, String> {
    let name = value.as_str().ok_or_else(|| format!("`{RENAME_EXTENSION}` must be a string"))?;
    match type_name(name) {
        Ok(policy) if policy == name => Ok(policy),
        _ => Err(format!("`{name}` is not an UpperCamelCase Rust type name")),
    }
}

/// The module (file) name for a connector type id: `.cases-webhook` → `cases_webhook`.
pub fn module_name(connector_id: &str) -> Result<String, String> {
    let name = connector_id.trim_start_matches('.').to_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) || STRICT_KEYWORDS.contains(&name.as_str()) {
        return Err(format!("connector id `{connector_id}` does not form a module name"));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_variants() {
        assert_eq!(type_name("webhook_config").as_deref(), Ok("WebhookConfig"));
        assert_eq!(variant_name("Azure OpenAI").as_deref(), Ok("AzureOpenAi"));
        assert_eq!(variant_name("webhook-authentication-basic").as_deref(), Ok("WebhookAuthenticationBasic"));
        assert_eq!(variant_name(".cases-webhook").as_deref(), Ok("CasesWebhook"));
        assert_eq!(variant_name("null").as_deref(), Ok("Null"));
        assert_eq!(variant_name("3des").as_deref(), Ok("V3des"));
        assert_eq!(variant_name("self").as_deref(), Ok("Self_"));
        assert!(variant_name("--").is_err());
        assert!(variant_name("é").is_err());
    }

    #[test]
    fn fields() {
        assert_eq!(field_name("gcpProjectID").as_deref(), Ok("gcp_project_id"));
        assert_eq!(field_name("type").as_deref(), Ok("r#type"));
        assert_eq!(field_name("self").as_deref(), Ok("self_"));
        assert_eq!(field_name("2fa").as_deref(), Ok("_2fa"));
        assert!(field_name("unknownFields").is_err());
        assert!(field_name("").is_err());
    }

    #[test]
    fn overrides() {
        assert_eq!(field_override(&serde_json::json!("is_oauth")).as_deref(), Ok("is_oauth"));
        assert!(field_override(&serde_json::json!("IsOAuth")).is_err());
        assert!(field_override(&serde_json::json!("type")).is_err());
        assert!(field_override(&serde_json::json!(3)).is_err());
    }

    #[test]
    fn type_overrides() {
        assert_eq!(type_override(&serde_json::json!("ServiceNowConfig")).as_deref(), Ok("ServiceNowConfig"));
        assert!(type_override(&serde_json::json!("service_now")).is_err());
        assert!(type_override(&serde_json::json!("Self")).is_err());
        assert!(type_override(&serde_json::json!(1)).is_err());
    }

    #[test]
    fn modules() {
        assert_eq!(module_name(".cases-webhook").as_deref(), Ok("cases_webhook"));
        assert_eq!(module_name(".slack_api").as_deref(), Ok("slack_api"));
        assert!(module_name(".").is_err());
    }
}
