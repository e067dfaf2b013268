//! Booking policy of a clinic and timing rules of a service, validated once on the way in
//! so the engine can rely on them (a step of zero would otherwise divide by zero).

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Allowed slot steps, minutes.
pub const STEP_RANGE: std::ops::RangeInclusive<i64> = 5..=240;
/// Allowed booking horizons, days.
pub const HORIZON_RANGE: std::ops::RangeInclusive<i64> = 1..=366;
/// Allowed notices (minimum notice, cancel window), minutes: up to a year.
pub const NOTICE_RANGE: std::ops::RangeInclusive<i64> = 0..=525_600;
/// Allowed visit lengths, minutes.
pub const DURATION_RANGE: std::ops::RangeInclusive<i64> = 5..=480;
/// Allowed buffers before and after a visit, minutes.
pub const BUFFER_RANGE: std::ops::RangeInclusive<i64> = 0..=120;

/// A policy or service value outside its allowed range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum PolicyError {
    #[error("slot step must be 5..=240 minutes, got {0}")]
    Step(i64),
    #[error("minimum notice must be 0..=525600 minutes, got {0}")]
    MinNotice(i64),
    #[error("booking horizon must be 1..=366 days, got {0}")]
    Horizon(i64),
    #[error("cancellation notice must be 0..=525600 minutes, got {0}")]
    CancelNotice(i64),
    #[error("visit duration must be 5..=480 minutes, got {0}")]
    Duration(i64),
    #[error("buffer before the visit must be 0..=120 minutes, got {0}")]
    BufferBefore(i64),
    #[error("buffer after the visit must be 0..=120 minutes, got {0}")]
    BufferAfter(i64),
}

fn check(
    value: i64,
    range: std::ops::RangeInclusive<i64>,
    error: fn(i64) -> PolicyError,
) -> Result<u32, PolicyError> {
    if range.contains(&value) {
        u32::try_from(value).map_err(|_| error(value))
    } else {
        Err(error(value))
    }
}

/// How a clinic (or one of its services) takes bookings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "BookingPolicyRaw", into = "BookingPolicyRaw")]
pub struct BookingPolicy {
    step_min: u32,
    min_notice_min: u32,
    horizon_days: u32,
    cancel_notice_min: u32,
    requires_confirmation: bool,
}

/// The plain field form of [`BookingPolicy`], as stored and sent over the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingPolicyRaw {
    pub step_min: i64,
    pub min_notice_min: i64,
    pub horizon_days: i64,
    pub cancel_notice_min: i64,
    pub requires_confirmation: bool,
}

impl BookingPolicy {
    /// Validates raw values (e.g. a `booking_policies` row).
    pub fn new(raw: BookingPolicyRaw) -> Result<Self, PolicyError> {
        Ok(BookingPolicy {
            step_min: check(raw.step_min, STEP_RANGE, PolicyError::Step)?,
            min_notice_min: check(raw.min_notice_min, NOTICE_RANGE, PolicyError::MinNotice)?,
            horizon_days: check(raw.horizon_days, HORIZON_RANGE, PolicyError::Horizon)?,
            cancel_notice_min: check(
                raw.cancel_notice_min,
                NOTICE_RANGE,
                PolicyError::CancelNotice,
            )?,
            requires_confirmation: raw.requires_confirmation,
        })
    }

    /// Like [`BookingPolicy::new`], but names every value out of range (for a form).
    pub fn new_all(raw: BookingPolicyRaw) -> Result<Self, Vec<PolicyError>> {
        let errors: Vec<PolicyError> = [
            check(raw.step_min, STEP_RANGE, PolicyError::Step).err(),
            check(raw.min_notice_min, NOTICE_RANGE, PolicyError::MinNotice).err(),
            check(raw.horizon_days, HORIZON_RANGE, PolicyError::Horizon).err(),
            check(
                raw.cancel_notice_min,
                NOTICE_RANGE,
                PolicyError::CancelNotice,
            )
            .err(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if errors.is_empty() {
            Self::new(raw).map_err(|e| vec![e])
        } else {
            Err(errors)
        }
    }

    /// Slot starts are aligned to this many minutes from local midnight.
    pub const fn step_min(&self) -> u32 {
        self.step_min
    }

    /// A visit must start at least this many minutes after `now`.
    pub const fn min_notice_min(&self) -> u32 {
        self.min_notice_min
    }

    /// Visits may be booked up to this many days ahead (by local date).
    pub const fn horizon_days(&self) -> u32 {
        self.horizon_days
    }

    /// A patient may cancel or reschedule only until this many minutes before the start.
    pub const fn cancel_notice_min(&self) -> u32 {
        self.cancel_notice_min
    }

    /// New bookings start as `scheduled` and wait for staff confirmation.
    pub const fn requires_confirmation(&self) -> bool {
        self.requires_confirmation
    }

    pub const fn raw(&self) -> BookingPolicyRaw {
        BookingPolicyRaw {
            step_min: self.step_min as i64,
            min_notice_min: self.min_notice_min as i64,
            horizon_days: self.horizon_days as i64,
            cancel_notice_min: self.cancel_notice_min as i64,
            requires_confirmation: self.requires_confirmation,
        }
    }
}

impl Default for BookingPolicy {
    /// 30-minute steps, 1 hour notice, 60 days ahead, cancel up to 24 hours before.
    fn default() -> Self {
        BookingPolicy {
            step_min: 30,
            min_notice_min: 60,
            horizon_days: 60,
            cancel_notice_min: 24 * 60,
            requires_confirmation: false,
        }
    }
}

impl TryFrom<BookingPolicyRaw> for BookingPolicy {
    type Error = PolicyError;

    fn try_from(raw: BookingPolicyRaw) -> Result<Self, Self::Error> {
        BookingPolicy::new(raw)
    }
}

impl From<BookingPolicy> for BookingPolicyRaw {
    fn from(policy: BookingPolicy) -> Self {
        policy.raw()
    }
}

/// Timing of a service: how long the visit is, how long the room/specialist is blocked
/// around it, and whether it needs a treatment room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ServiceRulesRaw", into = "ServiceRulesRaw")]
pub struct ServiceRules {
    duration_min: u32,
    buffer_before_min: u32,
    buffer_after_min: u32,
    needs_room: bool,
}

/// The plain field form of [`ServiceRules`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRulesRaw {
    pub duration_min: i64,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
    pub needs_room: bool,
}

impl ServiceRules {
    pub fn new(raw: ServiceRulesRaw) -> Result<Self, PolicyError> {
        Ok(ServiceRules {
            duration_min: check(raw.duration_min, DURATION_RANGE, PolicyError::Duration)?,
            buffer_before_min: check(
                raw.buffer_before_min,
                BUFFER_RANGE,
                PolicyError::BufferBefore,
            )?,
            buffer_after_min: check(raw.buffer_after_min, BUFFER_RANGE, PolicyError::BufferAfter)?,
            needs_room: raw.needs_room,
        })
    }

    pub const fn duration_min(&self) -> u32 {
        self.duration_min
    }

    pub const fn buffer_before_min(&self) -> u32 {
        self.buffer_before_min
    }

    pub const fn buffer_after_min(&self) -> u32 {
        self.buffer_after_min
    }

    pub const fn needs_room(&self) -> bool {
        self.needs_room
    }

    pub const fn raw(&self) -> ServiceRulesRaw {
        ServiceRulesRaw {
            duration_min: self.duration_min as i64,
            buffer_before_min: self.buffer_before_min as i64,
            buffer_after_min: self.buffer_after_min as i64,
            needs_room: self.needs_room,
        }
    }
}

impl TryFrom<ServiceRulesRaw> for ServiceRules {
    type Error = PolicyError;

    fn try_from(raw: ServiceRulesRaw) -> Result<Self, Self::Error> {
        ServiceRules::new(raw)
    }
}

impl From<ServiceRules> for ServiceRulesRaw {
    fn from(rules: ServiceRules) -> Self {
        rules.raw()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_all_names_every_bad_value() {
        let raw = BookingPolicyRaw {
            step_min: 0,
            min_notice_min: 60,
            horizon_days: 400,
            cancel_notice_min: -1,
            requires_confirmation: false,
        };
        assert_eq!(
            BookingPolicy::new_all(raw),
            Err(vec![
                PolicyError::Step(0),
                PolicyError::Horizon(400),
                PolicyError::CancelNotice(-1)
            ])
        );
        let good = BookingPolicyRaw {
            step_min: 15,
            horizon_days: 60,
            cancel_notice_min: 720,
            ..raw
        };
        assert_eq!(BookingPolicy::new_all(good).map(|p| p.raw()), Ok(good));
    }

    fn policy(
        step: i64,
        notice: i64,
        horizon: i64,
        cancel: i64,
    ) -> Result<BookingPolicy, PolicyError> {
        BookingPolicy::new(BookingPolicyRaw {
            step_min: step,
            min_notice_min: notice,
            horizon_days: horizon,
            cancel_notice_min: cancel,
            requires_confirmation: true,
        })
    }

    #[test]
    fn policy_ranges() {
        let ok = policy(30, 60, 60, 1440).expect("valid");
        assert_eq!(
            (
                ok.step_min(),
                ok.min_notice_min(),
                ok.horizon_days(),
                ok.cancel_notice_min()
            ),
            (30, 60, 60, 1440)
        );
        assert!(ok.requires_confirmation());
        assert_eq!(policy(0, 0, 1, 0), Err(PolicyError::Step(0)));
        assert_eq!(policy(241, 0, 1, 0), Err(PolicyError::Step(241)));
        assert_eq!(policy(5, -1, 1, 0), Err(PolicyError::MinNotice(-1)));
        assert_eq!(policy(5, 0, 0, 0), Err(PolicyError::Horizon(0)));
        assert_eq!(policy(5, 0, 367, 0), Err(PolicyError::Horizon(367)));
        assert_eq!(policy(5, 0, 1, -5), Err(PolicyError::CancelNotice(-5)));
        assert_eq!(
            policy(5, 0, 1, i64::MAX),
            Err(PolicyError::CancelNotice(i64::MAX))
        );
        let zero_step = r#"{"step_min":0,"min_notice_min":0,"horizon_days":1,
            "cancel_notice_min":0,"requires_confirmation":false}"#;
        assert!(serde_json::from_str::<BookingPolicy>(zero_step).is_err());
        let json = serde_json::to_string(&ok).expect("serialises");
        assert_eq!(serde_json::from_str::<BookingPolicy>(&json).ok(), Some(ok));
    }

    #[test]
    fn service_ranges() {
        let raw = ServiceRulesRaw {
            duration_min: 60,
            buffer_before_min: 10,
            buffer_after_min: 15,
            needs_room: true,
        };
        let rules = ServiceRules::new(raw).expect("valid");
        assert_eq!(rules.raw(), raw);
        let bad = |f: fn(&mut ServiceRulesRaw)| {
            let mut r = raw;
            f(&mut r);
            ServiceRules::new(r)
        };
        assert_eq!(bad(|r| r.duration_min = 4), Err(PolicyError::Duration(4)));
        assert_eq!(
            bad(|r| r.duration_min = 481),
            Err(PolicyError::Duration(481))
        );
        assert_eq!(
            bad(|r| r.buffer_before_min = -1),
            Err(PolicyError::BufferBefore(-1))
        );
        assert_eq!(
            bad(|r| r.buffer_after_min = 121),
            Err(PolicyError::BufferAfter(121))
        );
    }
}
