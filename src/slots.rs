//! Free-slot search, month maps and the single-slot check.
//!
//! Everything here is decided by one predicate (`Engine::judge`): the searches only
//! enumerate candidate start times and keep those the predicate accepts, and
//! [`check_bookable`] turns an instant back into a candidate and asks the same predicate.
//! So a slot that is offered is always bookable, and a time that is not offered is not.
//!
//! Rules, for a service of duration `d` with buffers `b₁` (before) and `b₂` (after):
//!
//! * a slot is the visit `[start, start + d)`; it blocks `[start − b₁, start + d + b₂)`;
//! * `start` is a wall-clock time of the clinic's zone aligned to the policy step counted
//!   from local midnight, and must exist that day (none in a spring-forward gap; in a
//!   fall-back fold the earlier instant is meant);
//! * the visit lies inside one working interval of its local date, whose UTC bounds are the
//!   interval's local bounds mapped to UTC (so elapsed time counts, not wall-clock time);
//! * the blocked interval overlaps no busy interval of the specialist (those already include
//!   the buffers of the booked visits);
//! * a service that needs a room needs one candidate room whose busy intervals the blocked
//!   interval does not overlap; the lowest free room id is reported;
//! * `start ≥ now` (no past), `start ≥ now + min notice`, and the local date of `start` is
//!   at most `horizon_days` after the local date of `now`.

use crate::ids::{RoomId, SpecialistId};
use crate::policy::{BookingPolicy, ServiceRules};
use crate::schedule::{ScheduleExceptions, WeeklyHours};
use crate::time::{
    local_date, utc_to_local, DateSpan, DayClock, LocalTime, MinuteRange, TimeRange, TimeRangeError,
};
use chrono::{Days, NaiveDate};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Busy intervals, sorted and merged once so that an overlap test is a binary search.
///
/// Merging keeps the union of the intervals, which is all an overlap test looks at.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "Vec<TimeRange>", into = "Vec<TimeRange>")]
pub struct BusySet {
    ranges: Vec<TimeRange>,
}

impl BusySet {
    pub fn new<I>(ranges: I) -> Self
    where
        I: IntoIterator<Item = TimeRange>,
    {
        let mut ranges: Vec<TimeRange> = ranges.into_iter().collect();
        ranges.sort_unstable();
        let mut merged: Vec<TimeRange> = Vec::with_capacity(ranges.len());
        for range in ranges {
            match merged.last_mut() {
                Some(last) if range.start() <= last.end() => {
                    if range.end() > last.end() {
                        *last = TimeRange::new(last.start(), range.end()).unwrap_or(*last);
                    }
                }
                _ => merged.push(range),
            }
        }
        BusySet { ranges: merged }
    }

    /// From appointment rows `(block_start, block_end)`.
    pub fn from_rows<I>(rows: I) -> Result<Self, TimeRangeError>
    where
        I: IntoIterator<Item = (i64, i64)>,
    {
        let ranges = rows
            .into_iter()
            .map(|(start, end)| TimeRange::new(start, end))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::new(ranges))
    }

    /// True when `range` shares an instant with any busy interval.
    pub fn overlaps(&self, range: &TimeRange) -> bool {
        // First interval that ends after `range` starts; only it can overlap.
        let i = self.ranges.partition_point(|b| b.end() <= range.start());
        self.ranges.get(i).is_some_and(|b| b.start() < range.end())
    }

    /// The merged intervals in order.
    pub fn ranges(&self) -> &[TimeRange] {
        &self.ranges
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

impl From<Vec<TimeRange>> for BusySet {
    fn from(ranges: Vec<TimeRange>) -> Self {
        BusySet::new(ranges)
    }
}

impl From<BusySet> for Vec<TimeRange> {
    fn from(set: BusySet) -> Self {
        set.ranges
    }
}

/// What the engine knows about one specialist at one clinic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialistAgenda {
    pub specialist: SpecialistId,
    pub weekly: WeeklyHours,
    pub exceptions: ScheduleExceptions,
    /// Blocked intervals of active appointments (buffers included).
    pub busy: BusySet,
}

impl SpecialistAgenda {
    pub fn new(
        specialist: SpecialistId,
        weekly: WeeklyHours,
        exceptions: ScheduleExceptions,
        busy: BusySet,
    ) -> Self {
        SpecialistAgenda {
            specialist,
            weekly,
            exceptions,
            busy,
        }
    }

    /// Working intervals of a local date, exceptions applied (empty: not working).
    pub fn hours_on(&self, date: NaiveDate) -> &[MinuteRange] {
        self.exceptions.resolve(&self.weekly, date)
    }
}

/// A treatment room and the blocked intervals of the visits booked in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomAgenda {
    pub room: RoomId,
    pub busy: BusySet,
}

/// The context every query shares: the clinic's zone, the rules, the candidate rooms of the
/// clinic for this service, and the current instant (always passed in, never read).
#[derive(Debug, Clone, Copy)]
pub struct SlotQuery<'a> {
    pub tz: Tz,
    pub policy: BookingPolicy,
    pub service: ServiceRules,
    /// Rooms of the clinic that can host the service (ignored unless it needs a room).
    pub rooms: &'a [RoomAgenda],
    /// Unix seconds.
    pub now: i64,
}

/// A slot that passed every rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookableSlot {
    /// Visit start, Unix seconds.
    pub start: i64,
    /// Visit end, Unix seconds.
    pub end: i64,
    /// The visit widened by the buffers: what to store as `block_start`/`block_end`.
    pub blocked: TimeRange,
    /// The room to book, when the service needs one.
    pub room: Option<RoomId>,
}

/// A free slot as offered to a patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub specialist: SpecialistId,
    /// Local date of the start in the clinic's zone.
    pub date: NaiveDate,
    /// Local wall-clock start time.
    pub time: LocalTime,
    pub start: i64,
    pub end: i64,
    pub room: Option<RoomId>,
}

/// Whether a day has at least one free slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayAvailability {
    pub date: NaiveDate,
    pub available: bool,
}

/// Why a requested start cannot be booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error, Serialize, Deserialize)]
pub enum BookingError {
    #[error("the start time is not on the booking grid")]
    NotAligned,
    #[error("the start time is in the past")]
    InPast,
    #[error("the start time is too soon to book")]
    TooSoon,
    #[error("the date is beyond the booking horizon")]
    BeyondHorizon,
    #[error("the specialist does not work that day")]
    DayOff,
    #[error("the visit is outside the specialist's working hours")]
    OutsideWorkingHours,
    #[error("the specialist is busy at that time")]
    Taken,
    #[error("no suitable room is free at that time")]
    RoomBusy,
    #[error("the service needs a room and the clinic has none")]
    NoRoomAvailable,
    #[error("the time is outside the supported range")]
    OutOfRange,
}

/// A query with its derived numbers computed once.
struct Engine<'a> {
    q: SlotQuery<'a>,
    step: u16,
    duration: i64,
    before: i64,
    after: i64,
    /// `now + min notice`.
    earliest: i64,
    /// No slot can start on an earlier local date (one day of slack for zones whose
    /// fall-back crosses midnight).
    first_day: NaiveDate,
    /// Last bookable local date (`today + horizon`).
    last_day: NaiveDate,
}

impl<'a> Engine<'a> {
    /// `None` only when `now` is outside chrono's range.
    fn new(q: SlotQuery<'a>) -> Option<Self> {
        let today = local_date(q.tz, q.now)?;
        let horizon = Days::new(u64::from(q.policy.horizon_days()));
        let minutes = |m: u32| i64::from(m) * 60;
        Some(Engine {
            q,
            // Policy validation bounds the step to 5..=240, so this never truncates.
            step: u16::try_from(q.policy.step_min()).unwrap_or(u16::MAX),
            duration: minutes(q.service.duration_min()),
            before: minutes(q.service.buffer_before_min()),
            after: minutes(q.service.buffer_after_min()),
            earliest: q.now.saturating_add(minutes(q.policy.min_notice_min())),
            first_day: today.pred_opt().unwrap_or(today),
            last_day: today.checked_add_days(horizon).unwrap_or(NaiveDate::MAX),
        })
    }

    /// The one rule book: is the visit starting at `start` (local `minute` of `day`) free?
    ///
    /// `hours` are the working intervals of `day` for this agenda.
    fn judge(
        &self,
        agenda: &SpecialistAgenda,
        hours: &[MinuteRange],
        day: &DayClock,
        minute: LocalTime,
        start: i64,
    ) -> Result<BookableSlot, BookingError> {
        if !minute.minutes().is_multiple_of(self.step) {
            return Err(BookingError::NotAligned);
        }
        if start < self.q.now {
            return Err(BookingError::InPast);
        }
        if start < self.earliest {
            return Err(BookingError::TooSoon);
        }
        if day.date > self.last_day {
            return Err(BookingError::BeyondHorizon);
        }
        if hours.is_empty() {
            return Err(BookingError::DayOff);
        }
        let end = start + self.duration;
        let inside = |r: &MinuteRange| day.interval(r).is_some_and(|(a, b)| a <= start && end <= b);
        if !hours.iter().any(inside) {
            return Err(BookingError::OutsideWorkingHours);
        }
        let blocked = TimeRange::new(start - self.before, end + self.after)
            .map_err(|_| BookingError::OutOfRange)?;
        if agenda.busy.overlaps(&blocked) {
            return Err(BookingError::Taken);
        }
        let room = self.pick_room(&blocked)?;
        Ok(BookableSlot {
            start,
            end,
            blocked,
            room,
        })
    }

    /// The lowest-numbered candidate room free for `blocked`, if the service needs one.
    fn pick_room(&self, blocked: &TimeRange) -> Result<Option<RoomId>, BookingError> {
        if !self.q.service.needs_room() {
            return Ok(None);
        }
        if self.q.rooms.is_empty() {
            return Err(BookingError::NoRoomAvailable);
        }
        self.q
            .rooms
            .iter()
            .filter(|r| !r.busy.overlaps(blocked))
            .map(|r| r.room)
            .min()
            .map(Some)
            .ok_or(BookingError::RoomBusy)
    }

    /// The days of `span` on which a slot could exist at all, with their clocks.
    fn days(&self, span: &DateSpan) -> Vec<DayClock> {
        span.clamp(self.first_day, self.last_day)
            .map(|s| {
                s.dates()
                    .filter_map(|d| DayClock::new(self.q.tz, d))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Feeds every free slot of `day` to `emit` in time order until `emit` returns false.
    /// Returns false when stopped early.
    fn scan_day<F>(&self, agenda: &SpecialistAgenda, day: &DayClock, mut emit: F) -> bool
    where
        F: FnMut(LocalTime, BookableSlot) -> bool,
    {
        let hours = agenda.hours_on(day.date);
        for range in hours {
            let Some((_, range_end)) = day.interval(range) else {
                continue;
            };
            let mut m = range.start().minutes().div_ceil(self.step) * self.step;
            while m < range.end().minutes() {
                let minute = LocalTime::from_minutes_unchecked(m);
                m += self.step;
                let Some(start) = day.start_instant(minute) else {
                    continue; // spring-forward gap: this wall-clock time does not exist
                };
                if start + self.duration > range_end {
                    break; // starts only get later, so nothing further fits this interval
                }
                if start < self.earliest {
                    continue; // cheap skip; judge would say InPast/TooSoon
                }
                if let Ok(slot) = self.judge(agenda, hours, day, minute, start) {
                    if !emit(minute, slot) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// True when `day` has at least one free slot for `agenda`; stops at the first.
    fn has_free_slot(&self, agenda: &SpecialistAgenda, day: &DayClock) -> bool {
        !self.scan_day(agenda, day, |_, _| false)
    }

    /// Appends the free slots of `agenda` on `days` to `out`.
    fn collect(&self, agenda: &SpecialistAgenda, days: &[DayClock], out: &mut Vec<Slot>) {
        for day in days {
            self.scan_day(agenda, day, |time, b| {
                out.push(Slot {
                    specialist: agenda.specialist,
                    date: day.date,
                    time,
                    start: b.start,
                    end: b.end,
                    room: b.room,
                });
                true
            });
        }
    }
}

/// Sorts by (start, specialist) and drops repeats, the order every search returns.
fn finish(mut slots: Vec<Slot>) -> Vec<Slot> {
    slots.sort_by_key(|s| (s.start, s.specialist));
    slots.dedup_by_key(|s| (s.start, s.specialist));
    slots
}

/// Free slots of one specialist for the service over a span of local dates.
pub fn free_slots(q: &SlotQuery<'_>, agenda: &SpecialistAgenda, span: &DateSpan) -> Vec<Slot> {
    free_slots_any(q, std::slice::from_ref(agenda), span)
}

/// Free slots of any of `agendas` (the specialists offering the service at the clinic).
///
/// The result is exactly the union of [`free_slots`] for each agenda, sorted by
/// (start, specialist) without duplicates; each slot names its specialist and room.
pub fn free_slots_any(
    q: &SlotQuery<'_>,
    agendas: &[SpecialistAgenda],
    span: &DateSpan,
) -> Vec<Slot> {
    let Some(engine) = Engine::new(*q) else {
        return Vec::new();
    };
    let days = engine.days(span);
    let mut out = Vec::new();
    for agenda in agendas {
        engine.collect(agenda, &days, &mut out);
    }
    finish(out)
}

/// For each date of `span`, whether the specialist has any free slot.
pub fn month_map(
    q: &SlotQuery<'_>,
    agenda: &SpecialistAgenda,
    span: &DateSpan,
) -> Vec<DayAvailability> {
    month_map_any(q, std::slice::from_ref(agenda), span)
}

/// For each date of `span`, whether any of `agendas` has a free slot (stops at the first).
pub fn month_map_any(
    q: &SlotQuery<'_>,
    agendas: &[SpecialistAgenda],
    span: &DateSpan,
) -> Vec<DayAvailability> {
    let engine = Engine::new(*q);
    let days = engine.as_ref().map(|e| e.days(span)).unwrap_or_default();
    let mut days = days.iter().peekable();
    span.dates()
        .map(|date| {
            // `days` is the in-window subsequence of `span`, in the same order.
            let day = days.next_if(|d| d.date == date);
            let available = match (&engine, day) {
                (Some(e), Some(day)) => agendas.iter().any(|a| e.has_free_slot(a, day)),
                _ => false,
            };
            DayAvailability { date, available }
        })
        .collect()
}

/// Checks one requested start instant for one specialist with the same rules as the search.
///
/// An instant is a slot start only if it is the instant of an aligned local time of its own
/// date (so a second-pass time in a fall-back fold, or any instant with seconds, is
/// `NotAligned`).
pub fn check_bookable(
    q: &SlotQuery<'_>,
    agenda: &SpecialistAgenda,
    start: i64,
) -> Result<BookableSlot, BookingError> {
    let engine = Engine::new(*q).ok_or(BookingError::OutOfRange)?;
    let local = utc_to_local(q.tz, start).ok_or(BookingError::OutOfRange)?;
    let day = DayClock::new(q.tz, local.date).ok_or(BookingError::OutOfRange)?;
    if local.second != 0 || day.start_instant(local.time) != Some(start) {
        return Err(BookingError::NotAligned);
    }
    let hours = agenda.hours_on(local.date);
    engine.judge(agenda, hours, &day, local.time, start)
}

#[cfg(test)]
mod tests;
