//! E-mail over SMTP with lettre: plain text plus HTML, in the recipient's language. The URL
//! says how to connect: `smtp://host:25` (plain, a local relay or a test sink),
//! `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://user:pass@host:465`.

use super::ATTEMPT_TIMEOUT;
use crate::server::notify::render::Message;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use priyom::delivery::Attempt;

#[derive(Debug, Clone)]
pub struct EmailConfig {
    pub smtp_url: String,
    /// `Priyom <noreply@clinic.example>`.
    pub from: String,
}

#[derive(Clone)]
pub struct Email {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The domain of Message-IDs (the sender's).
    domain: String,
}

impl Email {
    pub fn new(config: &EmailConfig) -> Result<Email, String> {
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e| format!("PRIYOM_MAIL_FROM {:?} is not an address: {e}", config.from))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url)
            .map_err(|e| format!("PRIYOM_SMTP_URL is not a usable SMTP URL: {e}"))?
            .timeout(Some(ATTEMPT_TIMEOUT))
            .build();
        let domain = from.email.domain().to_string();
        Ok(Email {
            transport,
            from,
            domain,
        })
    }

    pub async fn send(&self, id: i64, to: &str, message: &Message) -> Attempt {
        let Ok(to) = to.parse::<Mailbox>() else {
            return Attempt::Permanent {
                reason: "not an e-mail address".into(),
            };
        };
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            // One id per outbox row: a receiver that sees the same id twice can drop it.
            .message_id(Some(format!("<notice-{id}@{}>", self.domain)))
            .multipart(MultiPart::alternative_plain_html(
                message.text.clone(),
                message.html.clone(),
            ));
        let email = match email {
            Ok(email) => email,
            Err(e) => {
                return Attempt::Permanent {
                    reason: format!("cannot build the e-mail: {e}"),
                }
            }
        };
        match self.transport.send(email).await {
            Ok(_) => Attempt::Sent,
            Err(e) if e.is_permanent() => Attempt::Permanent {
                reason: format!("SMTP refused: {e}"),
            },
            // 4xx replies, timeouts and broken connections: an SMTP server keeps a message only
            // once it has accepted the whole of it, so trying again cannot make a copy.
            Err(e) => Attempt::Transient {
                reason: format!("SMTP: {e}"),
                retry_after: None,
            },
        }
    }
}
