//! Notifications. A message is an outbox row written in the same transaction as the change that
//! causes it ([`events`]); a background [`worker`] renders due rows ([`render`]) and sends them
//! through their channel ([`channels`]: SMTP e-mail, SMS.ru, Telegram; in-app rows are simply
//! marked delivered and announced on the [`Hub`], which the header's bell listens to).
//! [`outbox`] holds the life of a row: pending → sending → sent, retried or parked as failed.

pub mod channels;
pub mod events;
pub mod inbox;
pub mod outbox;
pub mod render;
pub mod tokens;
pub mod worker;

use tokio::sync::broadcast;

/// Where a message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    Sms,
    Telegram,
    InApp,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Email,
        Channel::Sms,
        Channel::Telegram,
        Channel::InApp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Telegram => "telegram",
            Channel::InApp => "in_app",
        }
    }

    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// Why a message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    BookingCreated,
    BookingConfirmed,
    BookingCancelled,
    BookingRescheduled,
    Reminder,
    ReviewRequest,
    PasswordReset,
    TelegramLinked,
}

impl Kind {
    const ALL: [Kind; 8] = [
        Kind::BookingCreated,
        Kind::BookingConfirmed,
        Kind::BookingCancelled,
        Kind::BookingRescheduled,
        Kind::Reminder,
        Kind::ReviewRequest,
        Kind::PasswordReset,
        Kind::TelegramLinked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::BookingCreated => "booking_created",
            Kind::BookingConfirmed => "booking_confirmed",
            Kind::BookingCancelled => "booking_cancelled",
            Kind::BookingRescheduled => "booking_rescheduled",
            Kind::Reminder => "reminder",
            Kind::ReviewRequest => "review_request",
            Kind::PasswordReset => "password_reset",
            Kind::TelegramLinked => "telegram_linked",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Asked for by the person themselves, so quiet hours do not hold it back.
    pub fn is_requested(self) -> bool {
        matches!(self, Kind::PasswordReset | Kind::TelegramLinked)
    }
}

/// What the pages and the worker share about notifications: the live feed of "this user has
/// news" (in-app deliveries and reads) and the public settings the pages need. Cheap to clone;
/// one per process, shared by every serving thread and the worker.
#[derive(Debug, Clone)]
pub struct Hub {
    live: broadcast::Sender<i64>,
    /// The Telegram bot, when that channel is configured: deep links and the webhook's secret.
    pub telegram: Option<TelegramBot>,
}

/// What the pages and the webhook need to know of the Telegram bot.
#[derive(Debug, Clone)]
pub struct TelegramBot {
    /// The bot's user name, for `t.me/<bot>?start=<token>` links.
    pub name: String,
    /// Expected in the webhook's `X-Telegram-Bot-Api-Secret-Token` header.
    pub webhook_secret: String,
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new(None)
    }
}

impl Hub {
    pub fn new(telegram: Option<TelegramBot>) -> Hub {
        let (live, _) = broadcast::channel(1024);
        Hub { live, telegram }
    }

    /// Tells the listeners of `user` that their unread count may have changed.
    pub fn announce(&self, user: i64) {
        // No listener is fine: nobody has the page open.
        let _ = self.live.send(user);
    }

    /// A feed of user ids whose unread count may have changed.
    pub fn subscribe(&self) -> broadcast::Receiver<i64> {
        self.live.subscribe()
    }
}
