//! The e-mail channel: a [`Mailer`] trait and its SMTP implementation (lettre).
//!
//! Messages are plain text, `Content-Type: text/plain; charset=utf-8`, body in base64
//! (safe through any relay, Vietnamese text included), headers with non-ASCII text as
//! RFC 2047 encoded words. `send` returns `Ok` only once the server accepted the message
//! (its reply to the end of DATA), which is when the caller marks the items emailed.

use std::time::Duration;

use async_trait::async_trait;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, Message, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::UrgeError;
use crate::digest::OutgoingMail;

/// Something that delivers a message or says why not.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), UrgeError>;
}

/// SMTP settings: `smtp://host:port` (plain, for a local relay),
/// `smtp://user:pass@host:587?tls=required` (STARTTLS) or `smtps://user:pass@host` (TLS).
#[derive(Clone)]
pub struct SmtpConfig {
    pub url: String,
    /// The sender: `"dondoc <dondoc@kienan.haiphong.gov.vn>"` or a bare address.
    pub from: String,
}

impl std::fmt::Debug for SmtpConfig {
    // The URL may carry a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("url", &redact(&self.url))
            .field("from", &self.from)
            .finish()
    }
}

/// The URL with any password replaced, for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

impl SmtpConfig {
    /// From `DONDOC_SMTP_URL` and `DONDOC_SMTP_FROM`; `None` when no URL is set.
    pub fn from_env() -> Option<Self> {
        let url = std::env::var("DONDOC_SMTP_URL")
            .ok()
            .filter(|s| !s.trim().is_empty())?;
        let from = std::env::var("DONDOC_SMTP_FROM")
            .ok()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "dondoc <dondoc@localhost>".to_string());
        Some(SmtpConfig { url, from })
    }
}

/// Sends through an SMTP server, one connection per message.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(config: &SmtpConfig) -> Result<Self, UrgeError> {
        let from: Mailbox = config.from.parse().map_err(|e| {
            tracing::debug!(error = %e, "sender address");
            UrgeError::Mail(format!(
                "DONDOC_SMTP_FROM \"{}\" không phải địa chỉ thư hợp lệ; cần dạng \
                     \"dondoc <dondoc@example.gov.vn>\" hoặc \"dondoc@example.gov.vn\"",
                config.from
            ))
        })?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.url)
            .map_err(|e| {
                tracing::debug!(error = %e, "SMTP URL");
                UrgeError::Mail(format!(
                    "DONDOC_SMTP_URL không hợp lệ ({}); cần dạng smtp://máy-chủ:cổng \
                     (không mã hóa) hoặc smtps://tài-khoản:mật-khẩu@máy-chủ (TLS)",
                    redact(&config.url)
                ))
            })?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(SmtpMailer { transport, from })
    }
}

/// The MIME message for `mail` from `from`.
pub fn build_message(from: &Mailbox, mail: &OutgoingMail) -> Result<Message, UrgeError> {
    let address = mail
        .to_address
        .parse()
        .map_err(|e| UrgeError::Mail(format!("địa chỉ {} không hợp lệ: {e}", mail.to_address)))?;
    let to = Mailbox::new(Some(mail.to_name.clone()), address);
    let body = Body::new_with_encoding(mail.body.clone(), ContentTransferEncoding::Base64)
        .map_err(|_| UrgeError::Mail("không mã hóa được nội dung thư".into()))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(body),
        )
        .map_err(|e| UrgeError::Mail(e.to_string()))
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), UrgeError> {
        let message = build_message(&self.from, mail)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| UrgeError::Mail(format!("gửi thư tới {}: {e}", mail.to_address)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_bad_configuration_is_explained_in_vietnamese() {
        let err = |url: &str, from: &str| match SmtpMailer::new(&SmtpConfig {
            url: url.into(),
            from: from.into(),
        }) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{url} {from} accepted"),
        };
        let e = err("ftp://mail.example.vn", "dondoc@example.vn");
        assert!(
            e.contains("DONDOC_SMTP_URL") && e.contains("smtp://"),
            "{e}"
        );
        assert!(!e.contains("Unknown scheme"), "{e}");
        let e = err("smtp://mail.example.vn:25", "không phải địa chỉ");
        assert!(
            e.contains("DONDOC_SMTP_FROM") && e.contains("dondoc@example.gov.vn"),
            "{e}"
        );
        assert!(!e.contains("Invalid input"), "{e}");
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact("smtps://user:secret@mail.example.vn"),
            "smtps://user:***@mail.example.vn"
        );
        assert_eq!(redact("smtp://127.0.0.1:25"), "smtp://127.0.0.1:25");
    }

    #[test]
    fn message_headers_are_utf8() {
        let from: Mailbox = "dondoc <dondoc@kienan.vn>".parse().unwrap();
        let m = build_message(
            &from,
            &OutgoingMail {
                to_name: "Trần Quốc Bảo".into(),
                to_address: "bao@kienan.vn".into(),
                subject: "[dondoc] Tổng hợp nhắc việc".into(),
                body: "Nhiệm vụ quá hạn".into(),
            },
        )
        .unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(
            raw.contains("Content-Type: text/plain; charset=utf-8"),
            "{raw}"
        );
        assert!(raw.contains("Content-Transfer-Encoding: base64"), "{raw}");
        assert!(raw.contains("Subject: [dondoc] =?utf-8?b?"), "{raw}");
        assert!(raw.is_ascii());
    }
}
