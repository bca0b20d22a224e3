//! Hand-written rules the overlay names with `custom:` because they are not data.
//! Keep these few; ARCHITECTURE.md lists them.

use crate::runtime::validate::{ErrorKind, Path, ValidationContext, ValidationErrors};
use crate::{CasesWebhookConfig, CasesWebhookSecrets, EmailConfig};

/// Email `service`: Kibana accepts `elastic_cloud`, `exchange_server`, `other`, `__json`
/// or any name nodemailer's well-known list resolves to an SMTP host. That host (and
/// `dockerhost` for `elastic_cloud`) must pass `xpack.actions.allowedHosts`.
pub(crate) fn email_service(
    config: &EmailConfig,
    at: &Path<'_>,
    cx: &ValidationContext,
    errors: &mut ValidationErrors,
) {
    let service = config.service.as_str();
    let host = match service {
        "exchange_server" | "other" | "__json" => return,
        "elastic_cloud" => Some(ELASTIC_CLOUD_HOST),
        _ => well_known_host(service),
    };
    let at = at.key("service");
    match host {
        None => errors.push(&at, ErrorKind::InvalidValue, format!("[service] value '{service}' is not valid")),
        Some(host) if !cx.host_allowed(host) => errors.push(
            &at,
            ErrorKind::HostNotAllowed,
            format!(
                "[service] value '{service}' resolves to host '{host}' which is not in the allowedHosts configuration"
            ),
        ),
        Some(_) => {}
    }
}

/// Cases webhook (Kibana's `validateConnector`): `hasAuth` truthy as sent needs a secrets
/// object that is not empty on the raw request (lodash `isEmpty`: a `null` key counts).
pub(crate) fn cases_webhook_auth(
    config: &CasesWebhookConfig,
    secrets: &CasesWebhookSecrets,
    at: &Path<'_>,
    _cx: &ValidationContext,
    errors: &mut ValidationErrors,
) {
    if config.has_auth.raw_truthy() && secrets.is_empty() {
        errors.push(&at.key("secrets"), ErrorKind::Required, "must specify a secrets configuration");
    }
}

/// The SMTP host Kibana's `elastic_cloud` service uses.
const ELASTIC_CLOUD_HOST: &str = "dockerhost";

/// nodemailer's lookup: the part after the last `@`, without characters other than
/// `[a-zA-Z0-9.-]`, lower-cased, then the name, an alias or a domain of a service; a
/// service without a host does not count.
fn well_known_host(service: &str) -> Option<&'static str> {
    let key: String = service
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .collect();
    let key = key.to_ascii_lowercase();
    NODEMAILER_WELL_KNOWN
        .binary_search_by(|(k, _)| (*k).cmp(key.as_str()))
        .ok()
        .and_then(|i| NODEMAILER_WELL_KNOWN.get(i))
        .and_then(|(_, host)| *host)
}

/// nodemailer 6.10's `well-known/services.json` (the version Kibana's oracle pins): each
/// normalized name, alias and domain with its SMTP host, sorted for binary search.
const NODEMAILER_WELL_KNOWN: &[(&str, Option<&str>)] = &[
    ("126", Some("smtp.126.com")),
    ("163", Some("smtp.163.com")),
    ("1und1", Some("smtp.1und1.de")),
    ("aliyun", Some("smtp.aliyun.com")),
    ("aliyun.com", Some("smtp.aliyun.com")),
    ("aol", Some("smtp.aol.com")),
    ("aol.com", Some("smtp.aol.com")),
    ("bluewin", Some("smtpauths.bluewin.ch")),
    ("bluewin.ch", Some("smtpauths.bluewin.ch")),
    ("brevo", Some("smtp-relay.brevo.com")),
    ("debugmail", Some("debugmail.io")),
    ("dynect", Some("smtp.dynect.net")),
    ("dynectemail", Some("smtp.dynect.net")),
    ("email.cz", Some("smtp.seznam.cz")),
    ("ethereal", Some("smtp.ethereal.email")),
    ("ethereal.email", Some("smtp.ethereal.email")),
    ("etik.com", Some("mail.infomaniak.com")),
    ("exmail.qq.com", Some("smtp.exmail.qq.com")),
    ("fastmail", Some("smtp.fastmail.com")),
    ("fastmail.fm", Some("smtp.fastmail.com")),
    ("fe", Some("smtp.forwardemail.net")),
    ("feishu", Some("smtp.feishu.cn")),
    ("feishumail", Some("smtp.feishu.cn")),
    ("forwardemail", Some("smtp.forwardemail.net")),
    ("forwardemail.net", Some("smtp.forwardemail.net")),
    ("gandi", Some("mail.gandi.net")),
    ("gandimail", Some("mail.gandi.net")),
    ("gmail", Some("smtp.gmail.com")),
    ("gmail.com", Some("smtp.gmail.com")),
    ("godaddy", Some("smtpout.secureserver.net")),
    ("godaddyasia", Some("smtp.asia.secureserver.net")),
    ("godaddyeurope", Some("smtp.europe.secureserver.net")),
    ("googlemail", Some("smtp.gmail.com")),
    ("googlemail.com", Some("smtp.gmail.com")),
    ("hot.ee", Some("mail.hot.ee")),
    ("hotmail", Some("smtp-mail.outlook.com")),
    ("hotmail.com", Some("smtp-mail.outlook.com")),
    ("icloud", Some("smtp.mail.me.com")),
    ("ik.me", Some("mail.infomaniak.com")),
    ("ikmail.com", Some("mail.infomaniak.com")),
    ("infomaniak", Some("mail.infomaniak.com")),
    ("loopia", Some("mailcluster.loopia.se")),
    ("mac", Some("smtp.mail.me.com")),
    ("mac.com", Some("smtp.mail.me.com")),
    ("mail.ee", Some("smtp.mail.ee")),
    ("mail.ru", Some("smtp.mail.ru")),
    ("mailcatch.app", Some("sandbox-smtp.mailcatch.app")),
    ("maildev", None),
    ("mailgun", Some("smtp.mailgun.org")),
    ("mailjet", Some("in.mailjet.com")),
    ("mailosaur", Some("mailosaur.io")),
    ("mailtrap", Some("live.smtp.mailtrap.io")),
    ("mandrill", Some("smtp.mandrillapp.com")),
    ("me", Some("smtp.mail.me.com")),
    ("me.com", Some("smtp.mail.me.com")),
    ("naver", Some("smtp.naver.com")),
    ("ohmysmtp", Some("smtp.ohmysmtp.com")),
    ("omb", Some("smtp.openmailbox.org")),
    ("one", Some("send.one.com")),
    ("openmailbox", Some("smtp.openmailbox.org")),
    ("openmailbox.org", Some("smtp.openmailbox.org")),
    ("outlook", Some("smtp-mail.outlook.com")),
    ("outlook.com", Some("smtp-mail.outlook.com")),
    ("outlook365", Some("smtp.office365.com")),
    ("pm.me", Some("smtp.protonmail.ch")),
    ("post.cz", Some("smtp.seznam.cz")),
    ("postmark", Some("smtp.postmarkapp.com")),
    ("postmarkapp", Some("smtp.postmarkapp.com")),
    ("proton", Some("smtp.protonmail.ch")),
    ("proton.me", Some("smtp.protonmail.ch")),
    ("protonmail", Some("smtp.protonmail.ch")),
    ("protonmail.ch", Some("smtp.protonmail.ch")),
    ("protonmail.com", Some("smtp.protonmail.ch")),
    ("qiye.aliyun", Some("smtp.mxhichina.com")),
    ("qq", Some("smtp.qq.com")),
    ("qq.com", Some("smtp.qq.com")),
    ("qqenterprise", Some("smtp.exmail.qq.com")),
    ("qqex", Some("smtp.exmail.qq.com")),
    ("sendcloud", Some("smtp.sendcloud.net")),
    ("sendgrid", Some("smtp.sendgrid.net")),
    ("sendinblue", Some("smtp-relay.brevo.com")),
    ("sendpulse", Some("smtp-pulse.com")),
    ("ses", Some("email-smtp.us-east-1.amazonaws.com")),
    ("ses-ap-northeast-1", Some("email-smtp.ap-northeast-1.amazonaws.com")),
    ("ses-ap-northeast-2", Some("email-smtp.ap-northeast-2.amazonaws.com")),
    ("ses-ap-northeast-3", Some("email-smtp.ap-northeast-3.amazonaws.com")),
    ("ses-ap-south-1", Some("email-smtp.ap-south-1.amazonaws.com")),
    ("ses-ap-southeast-1", Some("email-smtp.ap-southeast-1.amazonaws.com")),
    ("ses-ap-southeast-2", Some("email-smtp.ap-southeast-2.amazonaws.com")),
    ("ses-eu-west-1", Some("email-smtp.eu-west-1.amazonaws.com")),
    ("ses-us-east-1", Some("email-smtp.us-east-1.amazonaws.com")),
    ("ses-us-west-2", Some("email-smtp.us-west-2.amazonaws.com")),
    ("seznam", Some("smtp.seznam.cz")),
    ("seznam.cz", Some("smtp.seznam.cz")),
    ("seznamemail", Some("smtp.seznam.cz")),
    ("sparkpost", Some("smtp.sparkpostmail.com")),
    ("sparkpost.com", Some("smtp.sparkpostmail.com")),
    ("sparkpostmail", Some("smtp.sparkpostmail.com")),
    ("spoluzaci.cz", Some("smtp.seznam.cz")),
    ("tipimail", Some("smtp.tipimail.com")),
    ("www.feishu.cn", Some("smtp.feishu.cn")),
    ("yahoo", Some("smtp.mail.yahoo.com")),
    ("yahoo.com", Some("smtp.mail.yahoo.com")),
    ("yandex", Some("smtp.yandex.ru")),
    ("yandex.ru", Some("smtp.yandex.ru")),
    ("zoho", Some("smtp.zoho.com")),
];

// ---- rules of later releases (the project model only: they name its 9.x types)
use crate::{CertType, GenAiSecrets, HttpConfig, WebhookConfig};

/// `xpack.actions.email.services.enabled` (8.19, 9.1+): the service must be one of the enabled ones.
pub(crate) fn email_service_enabled(
    config: &EmailConfig,
    at: &Path<'_>,
    cx: &ValidationContext,
    errors: &mut ValidationErrors,
) {
    let service = config.service.as_str();
    if !cx.email_service_enabled(service) {
        errors.push(
            &at.key("service"),
            ErrorKind::InvalidValue,
            format!("[service]: \"{service}\" is not one of the enabled email services"),
        );
    }
}

/// `xpack.actions.webhook.ssl.pfx.enabled: false` (8.19, 9.1+) refuses PFX certificates.
pub(crate) fn webhook_pfx_enabled(
    config: &WebhookConfig,
    at: &Path<'_>,
    cx: &ValidationContext,
    errors: &mut ValidationErrors,
) {
    pfx_enabled(config.cert_type.as_ref(), "webhook", at, cx, errors);
}

/// The same setting for `.http` (9.4+).
pub(crate) fn http_pfx_enabled(
    config: &HttpConfig,
    at: &Path<'_>,
    cx: &ValidationContext,
    errors: &mut ValidationErrors,
) {
    pfx_enabled(config.cert_type.as_ref(), "http", at, cx, errors);
}

fn pfx_enabled(
    cert_type: Option<&CertType>,
    connector: &str,
    at: &Path<'_>,
    cx: &ValidationContext,
    errors: &mut ValidationErrors,
) {
    if cert_type == Some(&CertType::SslPfx) && cx.webhook_pfx_disabled() {
        errors.push(
            &at.key("certType"),
            ErrorKind::InvalidValue,
            format!("error validation {connector} action config: certType \"ssl-pfx\" is disabled"),
        );
    }
}

/// Webhook `additionalFields` (9.2): when set, a JSON object with at least one key.
pub(crate) fn webhook_additional_fields(
    config: &WebhookConfig,
    at: &Path<'_>,
    _cx: &ValidationContext,
    errors: &mut ValidationErrors,
) {
    additional_fields(config.additional_fields.as_deref(), "webhook", at, errors);
}

/// The same check for `.http` (9.4+), where the key may also be `null`.
pub(crate) fn http_additional_fields(
    config: &HttpConfig,
    at: &Path<'_>,
    _cx: &ValidationContext,
    errors: &mut ValidationErrors,
) {
    additional_fields(config.additional_fields.as_deref(), "http", at, errors);
}

fn additional_fields(text: Option<&str>, connector: &str, at: &Path<'_>, errors: &mut ValidationErrors) {
    let Some(text) = text.filter(|t| !t.is_empty()) else { return };
    let ok =
        matches!(serde_json::from_str::<serde_json::Value>(text), Ok(serde_json::Value::Object(m)) if !m.is_empty());
    if !ok {
        errors.push(
            &at.key("additionalFields"),
            ErrorKind::InvalidValue,
            format!("error validation {connector} action config: additionalFields must be a non-empty JSON object"),
        );
    }
}

/// OpenAI secrets (8.19/9.1+): with `certificateData`, PKI (certificate and key as PEM,
/// base64-encoded, optional CA); otherwise an API key.
pub(crate) fn openai_secrets(
    secrets: &GenAiSecrets,
    at: &Path<'_>,
    _cx: &ValidationContext,
    errors: &mut ValidationErrors,
) {
    let text = |s: &Option<crate::Secret>| s.as_ref().map(|s| s.expose().to_owned()).filter(|t| !t.is_empty());
    let (cert, key, ca) = (text(&secrets.certificate_data), text(&secrets.private_key_data), text(&secrets.ca_data));
    let Some(cert) = cert else {
        if secrets.api_key.is_none() {
            errors.push(
                &at.key("apiKey"),
                ErrorKind::Required,
                "[apiKey]: expected value of type [string] but got [undefined]",
            );
        }
        return;
    };
    let Some(key) = key else {
        return errors.push(
            &at.key("privateKeyData"),
            ErrorKind::Required,
            "Private key data must be provided for PKI",
        );
    };
    let pem = |field: &str, data: &str, kind: &str, what: &str, errors: &mut ValidationErrors| {
        if !contains(&node_base64(data), format!("-----BEGIN {kind}-----").as_bytes()) {
            errors.push(
                &at.key(field),
                ErrorKind::InvalidValue,
                format!("Invalid {what} file format: The file must be a PEM-encoded certificate beginning with \"-----BEGIN {kind}-----\"."),
            );
        }
    };
    pem("certificateData", &cert, "CERTIFICATE", "Certificate data", errors);
    pem("privateKeyData", &key, "PRIVATE KEY", "Private key data", errors);
    if let Some(ca) = ca {
        pem("caData", &ca, "CERTIFICATE", "CA certificate data", errors);
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len().max(1)).any(|w| w == needle)
}

/// Node's `Buffer.from(text, 'base64')`: both alphabets (`+/` and `-_`), characters
/// outside them skipped, decoding ends at the first `=`; a trailing partial group gives
/// the bytes it completes. No base64 crate decodes this leniently.
fn node_base64(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_names_resolve_like_nodemailer() {
        assert!(NODEMAILER_WELL_KNOWN.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)), "sorted");
        assert_eq!(well_known_host("Gmail"), Some("smtp.gmail.com"));
        assert_eq!(well_known_host("G mail"), Some("smtp.gmail.com"));
        assert_eq!(well_known_host("someone@googlemail.com"), Some("smtp.gmail.com"));
        assert_eq!(well_known_host("Outlook365"), Some("smtp.office365.com"));
        assert_eq!(well_known_host("maildev"), None);
        assert_eq!(well_known_host("nope"), None);
    }
}
