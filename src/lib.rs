//! # Priyom domain
//!
//! The pure rules of Priyom, a booking system for massage therapists, physiotherapists and
//! clinic doctors: typed values, working hours, free-slot search and booking policy.
//! No I/O and no clock: the current instant is always a parameter, so the same code runs on
//! the server and, compiled to `wasm32-unknown-unknown`, in the browser calendar.
//!
//! ## Values ("parse, don't validate")
//!
//! [`Money`] (kopecks, `2 500 ₽`), [`Phone`] (Russian, E.164), [`PersonName`], [`Email`],
//! typed ids such as [`SpecialistId`], [`TimeRange`] (half-open UTC seconds), [`LocalTime`]
//! (minutes since local midnight). Each is constructed only through a parser or checked
//! constructor, and deserialisation goes through the same check.
//!
//! ## Time
//!
//! Instants are Unix seconds (UTC). Working hours are wall-clock minutes in the clinic's IANA
//! zone ([`chrono_tz::Tz`]). A local time inside a spring-forward gap does not exist (no slot
//! starts there); an ambiguous time in a fall-back fold means its earlier instant; working
//! interval bounds are mapped to UTC, so an interval keeps its real elapsed length on
//! daylight-saving days (01:00–05:00 is five hours on a fall-back day, three on spring-forward).
//!
//! ## Slots
//!
//! A slot is the visit `[start, start + duration)`; it blocks
//! `[start − buffer_before, end + buffer_after)`. It is free when:
//!
//! 1. `start` is on the step grid counted from local midnight (09:00, 09:30, … for 30 min);
//! 2. `start ≥ now` and `start ≥ now + min_notice`;
//! 3. its local date is at most `horizon_days` after the local date of `now`;
//! 4. the visit lies inside one working interval of its local date (weekly hours, replaced
//!    by a date's exception hours, emptied by a day off);
//! 5. the blocked interval overlaps no busy interval of the specialist (busy intervals of
//!    booked visits already include their buffers);
//! 6. if the service needs a room, some candidate room of the clinic is free for the whole
//!    blocked interval (the lowest room id is chosen).
//!
//! [`free_slots`], [`free_slots_any`], [`month_map`], [`month_map_any`] and
//! [`check_bookable`] all use one predicate for these rules, so a slot offered by a search
//! always passes the check and an aligned time not offered always fails it, with a
//! [`BookingError`] saying why.
//!
//! ## Accounts
//!
//! [`Role`] and [`Roles`] answer the guards' questions (an admin holds every role; operator and
//! manager roles are scoped to clinics); [`NewPassword`] holds the rules for a new password.
//!
//! ## Appointments
//!
//! [`AppointmentStatus::transition`] encodes the status life cycle; [`can_cancel`] and
//! [`can_reschedule`] the cancellation window, which staff may override ([`Actor::Staff`]).

pub mod account;
pub mod cancel;
pub mod catalog;
pub mod clinic;
pub mod content;
pub mod delivery;
pub mod ids;
pub mod media;
pub mod money;
pub mod person;
pub mod phone;
pub mod policy;
pub mod profile;
pub mod review;
pub mod schedule;
pub mod slots;
pub mod stats;
pub mod status;
pub mod time;

#[cfg(test)]
mod parser_fuzz;
#[cfg(test)]
mod proptests;

pub use account::{ClinicScope, NewPassword, PasswordError, Role, RoleGrant, Roles};
pub use cancel::{can_cancel, can_reschedule, cancel_deadline, Actor, ChangeDenied};
pub use catalog::{
    check_parent, checked_name, numbered_slug, slugify, CatalogError, Category, CategoryRaw,
    Specialization, SpecializationRaw,
};
pub use clinic::{room_name, ClinicError, ClinicProfile, ClinicProfileRaw};
pub use content::{ContentError, PageEdit, PageEditRaw, PageSlug};
pub use ids::{AppointmentId, ClinicId, PatientId, RoomId, ServiceId, SpecialistId, UserId};
pub use media::{check_photo, ImageError, ImageKind, MAX_PHOTO_BYTES};
pub use money::{Money, MoneyError};
pub use person::{Email, EmailError, NameError, PersonName};
pub use phone::{Phone, PhoneError};
pub use policy::{BookingPolicy, BookingPolicyRaw, PolicyError, ServiceRules, ServiceRulesRaw};
pub use profile::{ProfileError, SpecialistProfile, SpecialistProfileRaw};
pub use review::{
    aggregate as rating_of, can_review, review_comment, Rating, ReviewError, ReviewRefusal,
};
pub use schedule::{
    first_overlap, ScheduleError, ScheduleException, ScheduleExceptions, WeeklyHours,
};
pub use slots::{
    check_bookable, free_slots, free_slots_any, month_map, month_map_any, BookableSlot,
    BookingError, BusySet, DayAvailability, RoomAgenda, Slot, SlotQuery, SpecialistAgenda,
};
pub use status::{AppointmentStatus, PaymentStatus, Source, TransitionError, UnknownValue};
pub use time::{
    local_bound_to_utc, local_date, local_to_utc, parse_date_near, parse_tz, utc_to_local,
    DateInputError, DateSpan, DateSpanError, LocalDateTime, LocalTime, LocalTimeError, MinuteRange,
    TimeRange, TimeRangeError, TzError,
};

/// Re-exported so callers name the same zone type the engine uses.
pub use chrono_tz::Tz;
