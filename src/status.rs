//! Appointment, payment and source enums, stored as text, and the status transition rules.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// A text value that is not one of an enum's names.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[error("unknown {kind} {value:?}")]
pub struct UnknownValue {
    pub kind: String,
    pub value: String,
}

/// Declares an enum with its database/wire names, `as_str`, `FromStr` and `Display`.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses a stored name (exact, lowercase).
            pub fn parse(text: &str) -> Result<Self, UnknownValue> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue { kind: $kind.to_string(), value: text.to_string() }),
                }
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// Lifecycle of an appointment.
    AppointmentStatus, "appointment status" {
        /// Booked, not yet confirmed by the clinic.
        Scheduled => "scheduled",
        /// Confirmed by the clinic (or the patient, when the clinic asks for it).
        Confirmed => "confirmed",
        /// The visit took place.
        Completed => "completed",
        /// Cancelled before the visit.
        Cancelled => "cancelled",
        /// The patient did not come.
        NoShow => "no_show",
    }
);

text_enum!(
    /// Payment state of an appointment.
    PaymentStatus, "payment status" {
        Pending => "pending",
        Paid => "paid",
        Refunded => "refunded",
    }
);

text_enum!(
    /// Where a booking came from.
    Source, "booking source" {
        /// The public web site.
        Web => "web",
        /// An operator on the phone or at the desk.
        Operator => "operator",
        /// The HTTP API.
        Api => "api",
        /// VK (VKontakte) integration.
        Vk => "vk",
        /// A chat bot or messenger.
        Chat => "chat",
    }
);

/// Why a status change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum TransitionError {
    #[error("the appointment is already {0}")]
    Unchanged(AppointmentStatus),
    #[error("a {0} appointment can no longer change")]
    Final(AppointmentStatus),
    #[error("cannot change a {from} appointment to {to}")]
    NotAllowed {
        from: AppointmentStatus,
        to: AppointmentStatus,
    },
    #[error("a visit can be marked {0} only once it has started")]
    BeforeStart(AppointmentStatus),
}

impl AppointmentStatus {
    /// Scheduled or confirmed: holds its time (and room) and blocks others.
    pub const fn is_active(self) -> bool {
        matches!(
            self,
            AppointmentStatus::Scheduled | AppointmentStatus::Confirmed
        )
    }

    /// Completed, cancelled or no-show: nothing can change any more.
    pub const fn is_final(self) -> bool {
        !self.is_active()
    }

    /// Applies a status change for a visit starting at `start`, given `now` (Unix seconds).
    ///
    /// Allowed: scheduled → confirmed; scheduled/confirmed → cancelled;
    /// scheduled/confirmed → completed or no-show, but only at or after the start (nobody
    /// can have attended or missed a visit that has not begun). Whether a *cancellation* is
    /// still permitted by the clinic's window is a separate question: see [`crate::cancel`].
    pub fn transition(
        self,
        to: AppointmentStatus,
        start: i64,
        now: i64,
    ) -> Result<AppointmentStatus, TransitionError> {
        use AppointmentStatus::*;
        if self == to {
            return Err(TransitionError::Unchanged(self));
        }
        if self.is_final() {
            return Err(TransitionError::Final(self));
        }
        match to {
            Confirmed if self == Scheduled => Ok(to),
            Cancelled => Ok(to),
            Completed | NoShow if now >= start => Ok(to),
            Completed | NoShow => Err(TransitionError::BeforeStart(to)),
            _ => Err(TransitionError::NotAllowed { from: self, to }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppointmentStatus::*;

    #[test]
    fn names_round_trip() {
        let statuses = [
            "scheduled",
            "confirmed",
            "completed",
            "cancelled",
            "no_show",
        ];
        for (status, text) in AppointmentStatus::ALL.iter().zip(statuses) {
            assert_eq!(status.as_str(), text);
            assert_eq!(text.parse::<AppointmentStatus>(), Ok(*status));
            assert_eq!(
                serde_json::to_string(status).ok(),
                Some(format!("\"{text}\""))
            );
        }
        for (p, text) in PaymentStatus::ALL
            .iter()
            .zip(["pending", "paid", "refunded"])
        {
            assert_eq!(PaymentStatus::parse(text), Ok(*p));
            assert_eq!(p.to_string(), text);
        }
        for (s, text) in Source::ALL
            .iter()
            .zip(["web", "operator", "api", "vk", "chat"])
        {
            assert_eq!(Source::parse(text), Ok(*s));
            assert_eq!(
                serde_json::from_str::<Source>(&format!("\"{text}\"")).ok(),
                Some(*s)
            );
        }
        let err = AppointmentStatus::parse("Scheduled").expect_err("case matters");
        assert_eq!(err.to_string(), "unknown appointment status \"Scheduled\"");
        assert!(Source::parse("telegram").is_err());
        assert!(PaymentStatus::parse("").is_err());
    }

    #[test]
    fn active_statuses() {
        let active: Vec<_> = AppointmentStatus::ALL
            .iter()
            .filter(|s| s.is_active())
            .collect();
        assert_eq!(active, [&Scheduled, &Confirmed]);
    }

    #[test]
    fn transition_table() {
        let start = 1_000;
        let (before, at, after) = (start - 1, start, start + 3_600);
        type Case = (
            AppointmentStatus,
            AppointmentStatus,
            i64,
            Result<AppointmentStatus, TransitionError>,
        );
        let cases: &[Case] = &[
            (Scheduled, Confirmed, before, Ok(Confirmed)),
            (Scheduled, Cancelled, before, Ok(Cancelled)),
            (Confirmed, Cancelled, before, Ok(Cancelled)),
            (Confirmed, Cancelled, after, Ok(Cancelled)),
            (Scheduled, Completed, at, Ok(Completed)),
            (Confirmed, Completed, after, Ok(Completed)),
            (Scheduled, NoShow, after, Ok(NoShow)),
            (Confirmed, NoShow, at, Ok(NoShow)),
            (
                Confirmed,
                Completed,
                before,
                Err(TransitionError::BeforeStart(Completed)),
            ),
            (
                Scheduled,
                NoShow,
                before,
                Err(TransitionError::BeforeStart(NoShow)),
            ),
            (
                Confirmed,
                Scheduled,
                before,
                Err(TransitionError::NotAllowed {
                    from: Confirmed,
                    to: Scheduled,
                }),
            ),
            (
                Scheduled,
                Scheduled,
                before,
                Err(TransitionError::Unchanged(Scheduled)),
            ),
            (
                Cancelled,
                Cancelled,
                before,
                Err(TransitionError::Unchanged(Cancelled)),
            ),
            (
                Cancelled,
                Scheduled,
                before,
                Err(TransitionError::Final(Cancelled)),
            ),
            (
                Cancelled,
                Confirmed,
                before,
                Err(TransitionError::Final(Cancelled)),
            ),
            (
                Completed,
                NoShow,
                after,
                Err(TransitionError::Final(Completed)),
            ),
            (
                NoShow,
                Completed,
                after,
                Err(TransitionError::Final(NoShow)),
            ),
            (
                Completed,
                Cancelled,
                after,
                Err(TransitionError::Final(Completed)),
            ),
        ];
        for &(from, to, now, expected) in cases {
            assert_eq!(from.transition(to, start, now), expected, "{from} → {to}");
        }
    }
}
