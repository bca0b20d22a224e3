//! Hand-written rules the overlay names with `custom:` because they are not data.
//! Keep these few; ARCHITECTURE.md lists them.

use crate::EmailConfig;
use crate::runtime::validate::{ErrorKind, Path, ValidationContext, ValidationErrors};

/// Email `service`: Kibana accepts `elastic_cloud`, `exchange_server`, `other`, `__json`
/// or any of nodemailer's well-known service names, case-insensitively.
pub(crate) fn email_service(config: &EmailConfig, at: &Path<'_>, _: &ValidationContext, errors: &mut ValidationErrors) {
    let service = config.service.as_str();
    let known = ["elastic_cloud", "exchange_server", "other", "__json"].contains(&service)
        || NODEMAILER_WELL_KNOWN.iter().any(|s| s.eq_ignore_ascii_case(service));
    if !known {
        errors.push(&at.key("service"), ErrorKind::InvalidValue, format!("[service] value '{service}' is not valid"));
    }
}

/// nodemailer's well-known services (keys and aliases of its `services.json`).
const NODEMAILER_WELL_KNOWN: &[&str] = &[
    "126", "163", "1und1", "AOL", "Aliyun", "AliyunQiye", "aol.com", "DebugMail", "DynectEmail", "Ethereal",
    "FastMail", "Forward Email", "GandiMail", "Gmail", "Godaddy", "GodaddyAsia", "GodaddyEurope", "hot.ee",
    "Hotmail", "iCloud", "Infomaniak", "mail.ee", "Mail.ru", "Mailcatch.app", "Maildev", "Mailgun", "Mailjet",
    "Mailosaur", "Mailtrap", "Mandrill", "Naver", "One", "OpenMailBox", "Outlook365", "OhMySMTP", "Postmark",
    "qiye.aliyun", "QQ", "QQex", "SendCloud", "SendGrid", "SendinBlue", "SendPulse", "SES", "SES-AP-NORTHEAST-1",
    "SES-AP-NORTHEAST-2", "SES-AP-NORTHEAST-3", "SES-AP-SOUTH-1", "SES-AP-SOUTHEAST-1", "SES-AP-SOUTHEAST-2",
    "SES-CA-CENTRAL-1", "SES-EU-CENTRAL-1", "SES-EU-NORTH-1", "SES-EU-WEST-1", "SES-EU-WEST-2", "SES-EU-WEST-3",
    "SES-SA-EAST-1", "SES-US-EAST-1", "SES-US-EAST-2", "SES-US-GOV-EAST-1", "SES-US-GOV-WEST-1", "SES-US-WEST-1",
    "SES-US-WEST-2", "Seznam", "Sparkpost", "Tipimail", "Yahoo", "Yandex", "Zoho", "hotmail.com", "outlook.com",
    "live.com", "googlemail.com", "gmail.com", "yahoo.com", "yandex.ru", "zoho.com",
];
