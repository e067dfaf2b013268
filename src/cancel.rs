//! Whether an appointment may still be cancelled or rescheduled.
//!
//! A patient may cancel or move a visit while it is active, has not started, and is at least
//! `cancel_notice_min` minutes away. Staff (operators, managers) may override the notice
//! window — a patient calling the desk an hour before still gets helped — but not the other
//! rules: a finished or started visit is history.

use crate::policy::BookingPolicy;
use crate::status::AppointmentStatus;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Who asks for the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The patient: the cancellation window applies.
    Patient,
    /// An operator or manager of the clinic: may override the window.
    Staff,
}

/// Why a cancellation or reschedule is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ChangeDenied {
    #[error("the appointment is already cancelled")]
    AlreadyCancelled,
    #[error("the visit is already completed")]
    AlreadyCompleted,
    #[error("the visit was marked as a no-show")]
    NoShow,
    #[error("the visit has already started")]
    AlreadyStarted,
    #[error("too late to change the visit online: the deadline was {deadline} (Unix seconds)")]
    InsideCancelWindow {
        /// Last instant a patient could still change it.
        deadline: i64,
    },
}

/// The last instant a patient may cancel or reschedule a visit starting at `start`.
pub fn cancel_deadline(start: i64, policy: &BookingPolicy) -> i64 {
    start.saturating_sub(i64::from(policy.cancel_notice_min()) * 60)
}

/// May the appointment be cancelled now?
pub fn can_cancel(
    status: AppointmentStatus,
    start: i64,
    now: i64,
    policy: &BookingPolicy,
    actor: Actor,
) -> Result<(), ChangeDenied> {
    match status {
        AppointmentStatus::Cancelled => return Err(ChangeDenied::AlreadyCancelled),
        AppointmentStatus::Completed => return Err(ChangeDenied::AlreadyCompleted),
        AppointmentStatus::NoShow => return Err(ChangeDenied::NoShow),
        AppointmentStatus::Scheduled | AppointmentStatus::Confirmed => {}
    }
    if now >= start {
        return Err(ChangeDenied::AlreadyStarted);
    }
    let deadline = cancel_deadline(start, policy);
    if now > deadline && actor == Actor::Patient {
        return Err(ChangeDenied::InsideCancelWindow { deadline });
    }
    Ok(())
}

/// May the appointment be moved now? Same rules as cancelling (moving frees the old time).
///
/// The new time is checked separately with [`crate::check_bookable`]; leave the moved
/// appointment's own blocked interval out of the busy sets for that check, so a visit can
/// move by less than its own length.
pub fn can_reschedule(
    status: AppointmentStatus,
    start: i64,
    now: i64,
    policy: &BookingPolicy,
    actor: Actor,
) -> Result<(), ChangeDenied> {
    can_cancel(status, start, now, policy, actor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::BookingPolicyRaw;
    use AppointmentStatus::*;

    fn policy(cancel_notice_min: i64) -> BookingPolicy {
        BookingPolicy::new(BookingPolicyRaw {
            step_min: 30,
            min_notice_min: 0,
            horizon_days: 30,
            cancel_notice_min,
            requires_confirmation: false,
        })
        .expect("valid policy")
    }

    #[test]
    fn cancel_table() {
        let start = 100_000;
        let p = policy(24 * 60);
        let deadline = start - 24 * 3600;
        let window = Err(ChangeDenied::InsideCancelWindow { deadline });
        type Case = (AppointmentStatus, i64, Actor, Result<(), ChangeDenied>);
        let cases: &[Case] = &[
            (Scheduled, deadline - 1, Actor::Patient, Ok(())),
            (Confirmed, deadline, Actor::Patient, Ok(())),
            (Confirmed, deadline + 1, Actor::Patient, window),
            (Scheduled, start - 60, Actor::Patient, window),
            (Scheduled, start - 60, Actor::Staff, Ok(())),
            (Confirmed, start - 1, Actor::Staff, Ok(())),
            (
                Confirmed,
                start,
                Actor::Staff,
                Err(ChangeDenied::AlreadyStarted),
            ),
            (
                Scheduled,
                start + 10,
                Actor::Patient,
                Err(ChangeDenied::AlreadyStarted),
            ),
            (
                Cancelled,
                0,
                Actor::Staff,
                Err(ChangeDenied::AlreadyCancelled),
            ),
            (
                Completed,
                0,
                Actor::Staff,
                Err(ChangeDenied::AlreadyCompleted),
            ),
            (NoShow, 0, Actor::Patient, Err(ChangeDenied::NoShow)),
        ];
        for &(status, now, actor, expected) in cases {
            assert_eq!(
                can_cancel(status, start, now, &p, actor),
                expected,
                "{status} {now} {actor:?}"
            );
            assert_eq!(can_reschedule(status, start, now, &p, actor), expected);
        }
    }

    #[test]
    fn zero_window_allows_until_start() {
        let p = policy(0);
        assert_eq!(can_cancel(Scheduled, 500, 499, &p, Actor::Patient), Ok(()));
        assert_eq!(
            can_cancel(Scheduled, 500, 500, &p, Actor::Patient),
            Err(ChangeDenied::AlreadyStarted)
        );
        assert_eq!(cancel_deadline(i64::MIN, &policy(60)), i64::MIN);
    }
}
