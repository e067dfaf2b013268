//! Delivery rules for notifications: when a visit's reminders are due, when an SMS may go out
//! (quiet hours in the clinic's zone), and how an attempt's outcome decides the next step
//! (sent, retry after a backoff, or parked as failed). Pure: `now` is always a parameter.

use crate::time::{local_bound_to_utc, utc_to_local, LocalTime};
use chrono::Days;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Reminder offsets before a visit when a clinic sets none: 24 hours and 2 hours.
pub const DEFAULT_REMINDER_OFFSETS: [i64; 2] = [24 * 3600, 2 * 3600];

/// A reminder closer than this to the visit is not worth sending.
const REMINDER_MIN_LEAD: i64 = 30 * 60;

/// One reminder of a visit: how long before the start it was meant for, and when it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminder {
    pub offset: i64,
    pub due: i64,
}

/// The reminders of a visit starting at `start`, seen at `now`: one per positive offset whose
/// time has not passed, earliest first. A reminder due in the past is dropped: the booking (or
/// the move) itself was the latest news.
pub fn reminders(start: i64, now: i64, offsets: &[i64]) -> Vec<Reminder> {
    let mut out: Vec<Reminder> = offsets
        .iter()
        .filter(|&&offset| offset >= REMINDER_MIN_LEAD)
        .map(|&offset| Reminder {
            offset,
            due: start - offset,
        })
        .filter(|r| r.due >= now)
        .collect();
    out.sort_by_key(|r| r.due);
    out.dedup_by_key(|r| r.due);
    out
}

/// The hours of the night when no SMS goes out, in the clinic's local time (22:00–09:00 by
/// default). A message due inside them waits for their end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    from: LocalTime,
    until: LocalTime,
}

impl Default for QuietHours {
    fn default() -> Self {
        QuietHours {
            from: LocalTime::from_minutes(22 * 60).expect("22:00"),
            until: LocalTime::from_minutes(9 * 60).expect("09:00"),
        }
    }
}

impl QuietHours {
    /// Quiet hours from `from` to `until` (crossing midnight when `from > until`).
    pub fn new(from: LocalTime, until: LocalTime) -> Self {
        QuietHours { from, until }
    }

    fn is_quiet(&self, minute: LocalTime) -> bool {
        if self.from <= self.until {
            minute >= self.from && minute < self.until
        } else {
            minute >= self.from || minute < self.until
        }
    }

    /// The earliest instant at or after `at` outside quiet hours in `tz`: `at` itself when it is
    /// already allowed, else the next local `until` (the first minute that exists after a
    /// daylight-saving jump).
    pub fn release(&self, at: i64, tz: Tz) -> i64 {
        let Some(local) = utc_to_local(tz, at) else {
            return at;
        };
        if !self.is_quiet(local.time) {
            return at;
        }
        // Before midnight the quiet night ends tomorrow; after it, today.
        let date = if self.from > self.until && local.time >= self.from {
            local.date.checked_add_days(Days::new(1))
        } else {
            Some(local.date)
        };
        date.and_then(|d| local_bound_to_utc(tz, d, self.until))
            .filter(|&end| end > at)
            .unwrap_or(at)
    }
}

/// What one delivery attempt came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attempt {
    /// The provider accepted the message.
    Sent,
    /// A failure that may pass (network, rate limit, provider down); the provider may name a
    /// wait in seconds.
    Transient {
        reason: String,
        retry_after: Option<i64>,
    },
    /// A failure that will not pass by retrying (bad number, blocked bot, bad credentials).
    Permanent { reason: String },
}

/// The next state of an outbox row after an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    Sent,
    RetryAt { at: i64, reason: String },
    Failed { reason: String },
}

/// How many attempts a message gets before it is parked as failed.
pub const MAX_ATTEMPTS: u32 = 8;

/// The wait before attempt `attempts + 1`: 30 s doubling each time, at most 6 hours.
pub fn backoff(attempts: u32) -> i64 {
    let doublings = attempts.saturating_sub(1).min(20);
    (30_i64 << doublings).min(6 * 3600)
}

/// The step after attempt number `attempts` (counting this one) ended in `outcome` at `now`.
pub fn next_step(attempts: u32, outcome: Attempt, now: i64) -> NextStep {
    match outcome {
        Attempt::Sent => NextStep::Sent,
        Attempt::Permanent { reason } => NextStep::Failed { reason },
        Attempt::Transient { reason, .. } if attempts >= MAX_ATTEMPTS => NextStep::Failed {
            reason: format!("gave up after {attempts} attempts: {reason}"),
        },
        Attempt::Transient {
            reason,
            retry_after,
        } => {
            let wait = retry_after
                .filter(|&s| s > 0)
                .map_or_else(|| backoff(attempts), |s| s.min(24 * 3600));
            NextStep::RetryAt {
                at: now + wait,
                reason,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    fn at(tz: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
        tz.with_ymd_and_hms(y, m, d, h, min, 0)
            .earliest()
            .expect("local time")
            .timestamp()
    }

    #[test]
    fn reminders_are_24_and_2_hours_before_and_skip_the_past() {
        let start = 1_000_000;
        let all = reminders(start, 0, &DEFAULT_REMINDER_OFFSETS);
        assert_eq!(
            all,
            vec![
                Reminder {
                    offset: 86_400,
                    due: start - 86_400
                },
                Reminder {
                    offset: 7200,
                    due: start - 7200
                },
            ]
        );
        // Booked five hours ahead: only the 2-hour reminder is still to come.
        let late = reminders(start, start - 5 * 3600, &DEFAULT_REMINDER_OFFSETS);
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].offset, 7200);
        // Booked an hour ahead: none.
        assert!(reminders(start, start - 3600, &DEFAULT_REMINDER_OFFSETS).is_empty());
    }

    #[test]
    fn reminder_offsets_are_deduplicated_and_tiny_ones_ignored() {
        let r = reminders(100_000, 0, &[7200, 7200, 60, -5]);
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn quiet_hours_hold_sms_until_nine_local() {
        let tz = chrono_tz::Europe::Moscow;
        let quiet = QuietHours::default();
        let nine = at(tz, 2026, 12, 2, 9, 0);
        assert_eq!(quiet.release(at(tz, 2026, 12, 1, 22, 0), tz), nine);
        assert_eq!(quiet.release(at(tz, 2026, 12, 1, 23, 59), tz), nine);
        assert_eq!(quiet.release(at(tz, 2026, 12, 2, 3, 0), tz), nine);
        assert_eq!(quiet.release(at(tz, 2026, 12, 2, 8, 59), tz), nine);
        for allowed in [at(tz, 2026, 12, 2, 9, 0), at(tz, 2026, 12, 1, 21, 59)] {
            assert_eq!(quiet.release(allowed, tz), allowed);
        }
    }

    #[test]
    fn quiet_hours_are_the_clinics_local_night_not_utc() {
        // 20:00 UTC is 23:00 in Moscow (quiet) but 21:00 in Berlin in winter (allowed).
        let instant = chrono::Utc
            .with_ymd_and_hms(2026, 12, 1, 20, 0, 0)
            .unwrap()
            .timestamp();
        let quiet = QuietHours::default();
        assert_eq!(quiet.release(instant, chrono_tz::Europe::Berlin), instant);
        assert_eq!(
            quiet.release(instant, chrono_tz::Europe::Moscow),
            at(chrono_tz::Europe::Moscow, 2026, 12, 2, 9, 0)
        );
    }

    #[test]
    fn quiet_hours_end_at_local_nine_across_daylight_saving() {
        let tz = chrono_tz::Europe::Berlin;
        let quiet = QuietHours::default();
        // The night of the spring-forward (29 March 2026): 9:00 CEST is 07:00 UTC.
        let night = at(tz, 2026, 3, 29, 1, 30);
        let released = quiet.release(night, tz);
        let local = utc_to_local(tz, released).expect("local");
        assert_eq!(local.date, NaiveDate::from_ymd_opt(2026, 3, 29).unwrap());
        assert_eq!(local.time, LocalTime::from_hm(9, 0).unwrap());
        assert_eq!(released - night, 6 * 3600 + 30 * 60);
    }

    #[test]
    fn daytime_quiet_hours_work_too() {
        let tz = chrono_tz::Europe::Moscow;
        let quiet = QuietHours::new(
            LocalTime::from_hm(13, 0).unwrap(),
            LocalTime::from_hm(14, 0).unwrap(),
        );
        assert_eq!(
            quiet.release(at(tz, 2026, 12, 1, 13, 30), tz),
            at(tz, 2026, 12, 1, 14, 0)
        );
        let morning = at(tz, 2026, 12, 1, 10, 0);
        assert_eq!(quiet.release(morning, tz), morning);
    }

    #[test]
    fn backoff_doubles_from_thirty_seconds_and_caps_at_six_hours() {
        assert_eq!(backoff(1), 30);
        assert_eq!(backoff(2), 60);
        assert_eq!(backoff(5), 480);
        assert_eq!(backoff(30), 6 * 3600);
    }

    #[test]
    fn transient_failures_retry_then_park_permanent_ones_park_at_once() {
        let transient = || Attempt::Transient {
            reason: "timeout".into(),
            retry_after: None,
        };
        assert_eq!(
            next_step(1, transient(), 100),
            NextStep::RetryAt {
                at: 130,
                reason: "timeout".into()
            }
        );
        assert!(matches!(
            next_step(MAX_ATTEMPTS, transient(), 100),
            NextStep::Failed { .. }
        ));
        assert_eq!(
            next_step(
                1,
                Attempt::Permanent {
                    reason: "bad number".into()
                },
                100
            ),
            NextStep::Failed {
                reason: "bad number".into()
            }
        );
        assert_eq!(next_step(3, Attempt::Sent, 100), NextStep::Sent);
    }

    #[test]
    fn a_provider_named_wait_wins_over_the_backoff() {
        let step = next_step(
            1,
            Attempt::Transient {
                reason: "429".into(),
                retry_after: Some(34),
            },
            1000,
        );
        assert_eq!(
            step,
            NextStep::RetryAt {
                at: 1034,
                reason: "429".into()
            }
        );
    }
}
