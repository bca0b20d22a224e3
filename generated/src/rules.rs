//! Hand-written rules the overlay names with `custom:` because they are not data.
//! Keep these few; ARCHITECTURE.md lists them.

use crate::EmailConfig;
use crate::runtime::validate::{ErrorKind, Path, ValidationContext, ValidationErrors};

/// Email `service`: Kibana accepts `elastic_cloud`, `exchange_server`, `other`, `__json`
/// or any name nodemailer's well-known list resolves to an SMTP host. That host (and
/// `dockerhost` for `elastic_cloud`) must pass `xpack.actions.allowedHosts`.
pub(crate) fn email_service(config: &EmailConfig, at: &Path<'_>, cx: &ValidationContext, errors: &mut ValidationErrors) {
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
            format!("[service] value '{service}' resolves to host '{host}' which is not in the allowedHosts configuration"),
        ),
        Some(_) => {}
    }
}

/// The SMTP host Kibana's `elastic_cloud` service uses.
const ELASTIC_CLOUD_HOST: &str = "dockerhost";

/// nodemailer's lookup: the part after the last `@`, without characters other than
/// `[a-zA-Z0-9.-]`, lower-cased, then the name, an alias or a domain of a service; a
/// service without a host does not count.
fn well_known_host(service: &str) -> Option<&'static str> {
    let key: String = service.rsplit('@').next().unwrap_or_default().chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')).collect();
    let key = key.to_ascii_lowercase();
    NODEMAILER_WELL_KNOWN.binary_search_by(|(k, _)| (*k).cmp(key.as_str())).ok().and_then(|i| NODEMAILER_WELL_KNOWN.get(i)).and_then(|(_, host)| *host)
}

/// nodemailer 6.10's `well-known/services.json` (the version Kibana's oracle pins): each
/// normalized name, alias and domain with its SMTP host, sorted for binary search.
const NODEMAILER_WELL_KNOWN: &[(&str, Option<&str>)] = &[
    ("126", Some("smtp.126.com")), ("163", Some("smtp.163.com")), ("1und1", Some("smtp.1und1.de")),
    ("aliyun", Some("smtp.aliyun.com")), ("aliyun.com", Some("smtp.aliyun.com")), ("aol", Some("smtp.aol.com")),
    ("aol.com", Some("smtp.aol.com")), ("bluewin", Some("smtpauths.bluewin.ch")),
    ("bluewin.ch", Some("smtpauths.bluewin.ch")), ("brevo", Some("smtp-relay.brevo.com")),
    ("debugmail", Some("debugmail.io")), ("dynect", Some("smtp.dynect.net")),
    ("dynectemail", Some("smtp.dynect.net")), ("email.cz", Some("smtp.seznam.cz")),
    ("ethereal", Some("smtp.ethereal.email")), ("ethereal.email", Some("smtp.ethereal.email")),
    ("etik.com", Some("mail.infomaniak.com")), ("exmail.qq.com", Some("smtp.exmail.qq.com")),
    ("fastmail", Some("smtp.fastmail.com")), ("fastmail.fm", Some("smtp.fastmail.com")),
    ("fe", Some("smtp.forwardemail.net")), ("feishu", Some("smtp.feishu.cn")),
    ("feishumail", Some("smtp.feishu.cn")), ("forwardemail", Some("smtp.forwardemail.net")),
    ("forwardemail.net", Some("smtp.forwardemail.net")), ("gandi", Some("mail.gandi.net")),
    ("gandimail", Some("mail.gandi.net")), ("gmail", Some("smtp.gmail.com")), ("gmail.com", Some("smtp.gmail.com")),
    ("godaddy", Some("smtpout.secureserver.net")), ("godaddyasia", Some("smtp.asia.secureserver.net")),
    ("godaddyeurope", Some("smtp.europe.secureserver.net")), ("googlemail", Some("smtp.gmail.com")),
    ("googlemail.com", Some("smtp.gmail.com")), ("hot.ee", Some("mail.hot.ee")),
    ("hotmail", Some("smtp-mail.outlook.com")), ("hotmail.com", Some("smtp-mail.outlook.com")),
    ("icloud", Some("smtp.mail.me.com")), ("ik.me", Some("mail.infomaniak.com")),
    ("ikmail.com", Some("mail.infomaniak.com")), ("infomaniak", Some("mail.infomaniak.com")),
    ("loopia", Some("mailcluster.loopia.se")), ("mac", Some("smtp.mail.me.com")),
    ("mac.com", Some("smtp.mail.me.com")), ("mail.ee", Some("smtp.mail.ee")), ("mail.ru", Some("smtp.mail.ru")),
    ("mailcatch.app", Some("sandbox-smtp.mailcatch.app")), ("maildev", None), ("mailgun", Some("smtp.mailgun.org")),
    ("mailjet", Some("in.mailjet.com")), ("mailosaur", Some("mailosaur.io")),
    ("mailtrap", Some("live.smtp.mailtrap.io")), ("mandrill", Some("smtp.mandrillapp.com")),
    ("me", Some("smtp.mail.me.com")), ("me.com", Some("smtp.mail.me.com")), ("naver", Some("smtp.naver.com")),
    ("ohmysmtp", Some("smtp.ohmysmtp.com")), ("omb", Some("smtp.openmailbox.org")), ("one", Some("send.one.com")),
    ("openmailbox", Some("smtp.openmailbox.org")), ("openmailbox.org", Some("smtp.openmailbox.org")),
    ("outlook", Some("smtp-mail.outlook.com")), ("outlook.com", Some("smtp-mail.outlook.com")),
    ("outlook365", Some("smtp.office365.com")), ("pm.me", Some("smtp.protonmail.ch")),
    ("post.cz", Some("smtp.seznam.cz")), ("postmark", Some("smtp.postmarkapp.com")),
    ("postmarkapp", Some("smtp.postmarkapp.com")), ("proton", Some("smtp.protonmail.ch")),
    ("proton.me", Some("smtp.protonmail.ch")), ("protonmail", Some("smtp.protonmail.ch")),
    ("protonmail.ch", Some("smtp.protonmail.ch")), ("protonmail.com", Some("smtp.protonmail.ch")),
    ("qiye.aliyun", Some("smtp.mxhichina.com")), ("qq", Some("smtp.qq.com")), ("qq.com", Some("smtp.qq.com")),
    ("qqenterprise", Some("smtp.exmail.qq.com")), ("qqex", Some("smtp.exmail.qq.com")),
    ("sendcloud", Some("smtp.sendcloud.net")), ("sendgrid", Some("smtp.sendgrid.net")),
    ("sendinblue", Some("smtp-relay.brevo.com")), ("sendpulse", Some("smtp-pulse.com")),
    ("ses", Some("email-smtp.us-east-1.amazonaws.com")),
    ("ses-ap-northeast-1", Some("email-smtp.ap-northeast-1.amazonaws.com")),
    ("ses-ap-northeast-2", Some("email-smtp.ap-northeast-2.amazonaws.com")),
    ("ses-ap-northeast-3", Some("email-smtp.ap-northeast-3.amazonaws.com")),
    ("ses-ap-south-1", Some("email-smtp.ap-south-1.amazonaws.com")),
    ("ses-ap-southeast-1", Some("email-smtp.ap-southeast-1.amazonaws.com")),
    ("ses-ap-southeast-2", Some("email-smtp.ap-southeast-2.amazonaws.com")),
    ("ses-eu-west-1", Some("email-smtp.eu-west-1.amazonaws.com")),
    ("ses-us-east-1", Some("email-smtp.us-east-1.amazonaws.com")),
    ("ses-us-west-2", Some("email-smtp.us-west-2.amazonaws.com")), ("seznam", Some("smtp.seznam.cz")),
    ("seznam.cz", Some("smtp.seznam.cz")), ("seznamemail", Some("smtp.seznam.cz")),
    ("sparkpost", Some("smtp.sparkpostmail.com")), ("sparkpost.com", Some("smtp.sparkpostmail.com")),
    ("sparkpostmail", Some("smtp.sparkpostmail.com")), ("spoluzaci.cz", Some("smtp.seznam.cz")),
    ("tipimail", Some("smtp.tipimail.com")), ("www.feishu.cn", Some("smtp.feishu.cn")),
    ("yahoo", Some("smtp.mail.yahoo.com")), ("yahoo.com", Some("smtp.mail.yahoo.com")),
    ("yandex", Some("smtp.yandex.ru")), ("yandex.ru", Some("smtp.yandex.ru")), ("zoho", Some("smtp.zoho.com")),
];

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
