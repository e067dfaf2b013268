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
    /// A one-time code proving a phone (to a number that may have no account yet).
    PhoneCode,
    /// "This number already has an account": sent instead of a registration code.
    PhoneInUse,
    /// A manager asks a person to agree to a public specialist profile.
    SpecialistInvite,
}

impl Kind {
    const ALL: [Kind; 11] = [
        Kind::BookingCreated,
        Kind::BookingConfirmed,
        Kind::BookingCancelled,
        Kind::BookingRescheduled,
        Kind::Reminder,
        Kind::ReviewRequest,
        Kind::PasswordReset,
        Kind::TelegramLinked,
        Kind::PhoneCode,
        Kind::PhoneInUse,
        Kind::SpecialistInvite,
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
            Kind::PhoneCode => "phone_code",
            Kind::PhoneInUse => "phone_in_use",
            Kind::SpecialistInvite => "specialist_invite",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Carries a secret (a link's token, a code) that is worthless once the message is
    /// settled: such rows keep no copy of it afterwards and are never retried.
    pub fn carries_secret(self) -> bool {
        matches!(
            self,
            Kind::PasswordReset | Kind::PhoneCode | Kind::SpecialistInvite
        )
    }

    /// How long the secret of a message the back office may relay by hand works (a phone
    /// code, a specialist's invitation); `None` for every other kind.
    pub fn relay_lifetime(self) -> Option<i64> {
        match self {
            Kind::PhoneCode | Kind::PhoneInUse => Some(PHONE_CODE_TTL_S),
            Kind::SpecialistInvite => Some(INVITE_TTL_S),
            _ => None,
        }
    }

    /// The kinds whose secret the back office may pass on by hand while it works.
    pub fn relayed() -> impl Iterator<Item = Kind> {
        Kind::ALL
            .into_iter()
            .filter(|k| k.carries_secret() && k.relay_lifetime().is_some())
    }

    /// `('phone_code', …)`: kind names for SQL, from the enum, never from input.
    pub fn sql_list(kinds: impl Iterator<Item = Kind>) -> String {
        let names: Vec<String> = kinds.map(|k| format!("'{}'", k.as_str())).collect();
        format!("({})", names.join(", "))
    }

    /// `('password_reset', …)`: the kinds that carry a secret, for SQL.
    pub fn secret_list() -> String {
        Kind::sql_list(Kind::ALL.into_iter().filter(|k| k.carries_secret()))
    }

    /// Asked for by the person themselves, so quiet hours do not hold it back.
    pub fn is_requested(self) -> bool {
        matches!(
            self,
            Kind::PasswordReset | Kind::TelegramLinked | Kind::PhoneCode | Kind::PhoneInUse
        )
    }
}

/// How long a phone code works.
pub const PHONE_CODE_TTL_S: i64 = 10 * 60;
/// How long a specialist's invitation link works.
pub const INVITE_TTL_S: i64 = 14 * 24 * 3600;

/// What the pages and the worker share about notifications: the live feed of "this user has
/// news" (in-app deliveries and reads) and the public settings the pages need. Cheap to clone;
/// one per process, shared by every serving thread and the worker.
#[derive(Debug, Clone)]
pub struct Hub {
    live: broadcast::Sender<i64>,
    /// The Telegram bot, when that channel is configured: deep links and the webhook's secret.
    pub telegram: Option<TelegramBot>,
    /// An SMS provider is configured: codes reach phones, so guests prove theirs. Without
    /// one, codes are read on the back office's outbox page.
    pub sms: bool,
    /// Live streams open per user in this process.
    streams: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<i64, usize>>>,
    /// Turns true when the process stops: live streams end so shutdown need not wait on them.
    closing: std::sync::Arc<tokio::sync::watch::Sender<bool>>,
}

/// Live streams one user may hold open in one process (tabs and devices); more are refused,
/// so one account cannot pin every connection.
pub const STREAMS_PER_USER: usize = 5;

/// A place among a user's live streams, given back when the stream ends.
#[derive(Debug)]
pub struct StreamTicket {
    streams: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<i64, usize>>>,
    user: i64,
}

impl Drop for StreamTicket {
    fn drop(&mut self) {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(open) = streams.get_mut(&self.user) {
            *open -= 1;
            if *open == 0 {
                streams.remove(&self.user);
            }
        }
    }
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
        Hub {
            live,
            telegram,
            sms: false,
            streams: Default::default(),
            closing: std::sync::Arc::new(tokio::sync::watch::Sender::new(false)),
        }
    }

    /// The same hub, knowing whether SMS is configured.
    pub fn with_sms(self, sms: bool) -> Hub {
        Hub { sms, ..self }
    }

    /// A place for one more live stream of `user`, or `None` when they hold the maximum.
    pub fn open_stream(&self, user: i64) -> Option<StreamTicket> {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        let open = streams.entry(user).or_insert(0);
        if *open >= STREAMS_PER_USER {
            return None;
        }
        *open += 1;
        Some(StreamTicket {
            streams: self.streams.clone(),
            user,
        })
    }

    /// Ends every live stream: the process is stopping.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Turns true when the process stops.
    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_codes_and_invitations_are_relayed_and_never_a_reset_link() {
        let relayed: Vec<Kind> = Kind::relayed().collect();
        assert_eq!(relayed, vec![Kind::PhoneCode, Kind::SpecialistInvite]);
        assert_eq!(
            Kind::secret_list(),
            "('password_reset', 'phone_code', 'specialist_invite')"
        );
    }
}
