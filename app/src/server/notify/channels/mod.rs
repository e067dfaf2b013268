//! The outside channels, each configured by environment variables (read and checked by the
//! server's configuration). A channel left unconfigured is disabled: its rows are cancelled
//! with "channel not configured", never a crash.

pub mod email;
pub mod sms;
pub mod telegram;

use super::render::Message;
use super::Channel;
use priyom::delivery::Attempt;
use std::time::Duration;

/// Longest one attempt may take on any channel; far below the outbox lease.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// Settings of every channel; `None` leaves that channel disabled.
#[derive(Debug, Clone, Default)]
pub struct ChannelConfig {
    pub email: Option<email::EmailConfig>,
    pub sms: Option<sms::SmsConfig>,
    pub telegram: Option<telegram::TelegramConfig>,
}

/// The configured channels, ready to send.
#[derive(Clone, Default)]
pub struct Channels {
    email: Option<email::Email>,
    sms: Option<sms::Sms>,
    telegram: Option<telegram::Telegram>,
}

impl std::fmt::Debug for Channels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Channels")
            .field("enabled", &self.enabled())
            .finish()
    }
}

impl Channels {
    pub fn new(config: &ChannelConfig) -> Result<Channels, String> {
        let http = reqwest::Client::builder()
            .timeout(ATTEMPT_TIMEOUT)
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Channels {
            email: config.email.as_ref().map(email::Email::new).transpose()?,
            sms: config
                .sms
                .as_ref()
                .map(|c| sms::Sms::new(c.clone(), http.clone())),
            telegram: config
                .telegram
                .as_ref()
                .map(|c| telegram::Telegram::new(c.clone(), http.clone())),
        })
    }

    /// The channels that can send; in-app always can.
    pub fn enabled(&self) -> Vec<Channel> {
        let mut out = vec![Channel::InApp];
        if self.email.is_some() {
            out.push(Channel::Email);
        }
        if self.sms.is_some() {
            out.push(Channel::Sms);
        }
        if self.telegram.is_some() {
            out.push(Channel::Telegram);
        }
        out
    }

    /// One attempt to send `message` to `address` on `channel`. `id` is the outbox row's id
    /// (the e-mail's Message-ID is built from it).
    pub async fn send(
        &self,
        channel: Channel,
        id: i64,
        address: &str,
        message: &Message,
    ) -> Attempt {
        let disabled = || Attempt::Permanent {
            reason: format!("channel {} not configured", channel.as_str()),
        };
        match channel {
            Channel::Email => match &self.email {
                Some(email) => email.send(id, address, message).await,
                None => disabled(),
            },
            Channel::Sms => match &self.sms {
                Some(sms) => sms.send(address, &message.short).await,
                None => disabled(),
            },
            Channel::Telegram => match &self.telegram {
                Some(telegram) => telegram.send(address, &message.short).await,
                None => disabled(),
            },
            // In-app rows are delivered by the worker itself.
            Channel::InApp => Attempt::Sent,
        }
    }
}

/// An HTTP failure before any answer: safe to retry only when the request surely never left
/// (the connection was not made). A timeout after sending leaves the outcome unknown.
fn http_failure(error: &reqwest::Error) -> Attempt {
    if error.is_connect() || error.is_builder() {
        Attempt::Transient {
            reason: format!("cannot connect: {}", without_url(error)),
            retry_after: None,
        }
    } else {
        Attempt::Permanent {
            reason: format!(
                "no answer ({}): delivery unknown, not retried automatically",
                without_url(error)
            ),
        }
    }
}

/// The error text without the request URL, which can hold a bot token.
fn without_url(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(url.as_str(), "<url>");
    }
    text
}
