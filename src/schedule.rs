//! Working hours: a weekly pattern plus dated exceptions.
//!
//! * Weekly hours give, per weekday (Monday = 0), several wall-clock intervals; the gaps
//!   between them are breaks. Overlapping or touching intervals are merged, because a visit
//!   may run across a boundary that is not a real break.
//! * An exception either takes days off (a date range) or replaces the hours of one date
//!   with its own intervals (several rows make several intervals).
//! * A day off wins over replacement hours; replacement hours replace the weekly pattern
//!   for that date completely.

use crate::time::{LocalTimeError, MinuteRange};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a schedule row was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ScheduleError {
    #[error("weekday must be 0 (Monday) ..= 6 (Sunday), got {0}")]
    BadWeekday(i64),
    #[error(transparent)]
    BadTime(#[from] LocalTimeError),
    #[error("unknown exception kind {0:?} (expected \"day_off\" or \"hours\")")]
    UnknownKind(String),
    #[error("replacement hours need both a start and an end time")]
    MissingHours,
    #[error("a day off has no hours")]
    UnexpectedHours,
    #[error("replacement hours apply to a single date")]
    HoursSpanDays,
    #[error("the first date is after the last one")]
    ReversedDates,
}

/// The first of `existing` that shares a minute with `new`. Touching intervals (one ends as
/// the other starts) do not overlap: an editor refuses overlaps but allows back-to-back hours.
pub fn first_overlap(existing: &[MinuteRange], new: &MinuteRange) -> Option<MinuteRange> {
    existing
        .iter()
        .find(|r| r.start() < new.end() && new.start() < r.end())
        .copied()
}

/// Sorts intervals and merges the ones that overlap or touch.
fn normalise(mut ranges: Vec<MinuteRange>) -> Vec<MinuteRange> {
    ranges.sort_unstable();
    let mut merged: Vec<MinuteRange> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start() <= last.end() => {
                let end = last.end().max(range.end());
                *last = MinuteRange::from_parts_unchecked(last.start(), end);
            }
            _ => merged.push(range),
        }
    }
    merged
}

/// Weekly working hours of one specialist at one clinic.
///
/// Each day's intervals are kept sorted and merged, so lookups return a ready slice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "WeeklyHoursRaw")]
pub struct WeeklyHours {
    days: [Vec<MinuteRange>; 7],
}

#[derive(Deserialize)]
struct WeeklyHoursRaw {
    days: [Vec<MinuteRange>; 7],
}

impl From<WeeklyHoursRaw> for WeeklyHours {
    fn from(raw: WeeklyHoursRaw) -> Self {
        WeeklyHours::from_days(raw.days)
    }
}

impl WeeklyHours {
    /// No working hours at all.
    pub fn new() -> Self {
        Self::default()
    }

    /// From per-day intervals, index 0 = Monday.
    pub fn from_days(days: [Vec<MinuteRange>; 7]) -> Self {
        WeeklyHours {
            days: days.map(normalise),
        }
    }

    /// From database rows `(weekday, start_min, end_min)`, Monday = 0.
    pub fn from_rows<I>(rows: I) -> Result<Self, ScheduleError>
    where
        I: IntoIterator<Item = (i64, i64, i64)>,
    {
        let mut days: [Vec<MinuteRange>; 7] = Default::default();
        for (weekday, start, end) in rows {
            let day = usize::try_from(weekday)
                .ok()
                .and_then(|i| days.get_mut(i))
                .ok_or(ScheduleError::BadWeekday(weekday))?;
            day.push(MinuteRange::from_minutes(start, end)?);
        }
        Ok(Self::from_days(days))
    }

    /// Adds one interval to a weekday.
    pub fn add(&mut self, weekday: Weekday, range: MinuteRange) {
        let day = &mut self.days[weekday.num_days_from_monday() as usize];
        day.push(range);
        *day = normalise(std::mem::take(day));
    }

    /// Builder form of [`WeeklyHours::add`].
    pub fn with(mut self, weekday: Weekday, range: MinuteRange) -> Self {
        self.add(weekday, range);
        self
    }

    /// The sorted, merged intervals of a weekday.
    pub fn day(&self, weekday: Weekday) -> &[MinuteRange] {
        &self.days[weekday.num_days_from_monday() as usize]
    }
}

/// One schedule exception, as stored in `schedule_exceptions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScheduleException {
    /// No work on `from..=to` (a range with `from > to` covers no day).
    DayOff { from: NaiveDate, to: NaiveDate },
    /// On `date`, work during `range` instead of the weekly hours (add several for breaks).
    Hours { date: NaiveDate, range: MinuteRange },
}

impl ScheduleException {
    /// Days off from `from` to `to` inclusive.
    pub fn day_off(from: NaiveDate, to: NaiveDate) -> Result<Self, ScheduleError> {
        if from > to {
            return Err(ScheduleError::ReversedDates);
        }
        Ok(ScheduleException::DayOff { from, to })
    }

    /// One replacement interval on `date`.
    pub fn hours(date: NaiveDate, range: MinuteRange) -> Self {
        ScheduleException::Hours { date, range }
    }

    /// From a database row: `kind` is `"day_off"` or `"hours"`.
    pub fn from_row(
        date_from: NaiveDate,
        date_to: NaiveDate,
        kind: &str,
        start_min: Option<i64>,
        end_min: Option<i64>,
    ) -> Result<Self, ScheduleError> {
        match (kind, start_min, end_min) {
            ("day_off", None, None) => Self::day_off(date_from, date_to),
            ("day_off", _, _) => Err(ScheduleError::UnexpectedHours),
            ("hours", Some(start), Some(end)) if date_from == date_to => Ok(Self::hours(
                date_from,
                MinuteRange::from_minutes(start, end)?,
            )),
            ("hours", Some(_), Some(_)) => Err(ScheduleError::HoursSpanDays),
            ("hours", _, _) => Err(ScheduleError::MissingHours),
            (other, _, _) => Err(ScheduleError::UnknownKind(other.to_string())),
        }
    }
}

/// All exceptions of one specialist, indexed for lookups by date.
///
/// Days off are merged into disjoint sorted ranges and replacement hours are grouped per date,
/// so a lookup is a binary search that returns a slice without allocating.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "Vec<ScheduleException>", into = "Vec<ScheduleException>")]
pub struct ScheduleExceptions {
    days_off: Vec<(NaiveDate, NaiveDate)>,
    hours: Vec<(NaiveDate, Vec<MinuteRange>)>,
}

impl ScheduleExceptions {
    pub fn new<I>(exceptions: I) -> Self
    where
        I: IntoIterator<Item = ScheduleException>,
    {
        let mut days_off = Vec::new();
        let mut hours: Vec<(NaiveDate, Vec<MinuteRange>)> = Vec::new();
        for exception in exceptions {
            match exception {
                ScheduleException::DayOff { from, to } if from <= to => days_off.push((from, to)),
                ScheduleException::DayOff { .. } => {}
                ScheduleException::Hours { date, range } => hours.push((date, vec![range])),
            }
        }
        ScheduleExceptions {
            days_off: merge_date_ranges(days_off),
            hours: group_hours(hours),
        }
    }

    /// True when `date` is inside a day-off range.
    pub fn is_day_off(&self, date: NaiveDate) -> bool {
        let after = self.days_off.partition_point(|(from, _)| *from <= date);
        after > 0 && self.days_off[after - 1].1 >= date
    }

    /// Replacement hours for `date`, if any were set.
    pub fn replacement_hours(&self, date: NaiveDate) -> Option<&[MinuteRange]> {
        self.hours
            .binary_search_by_key(&date, |(d, _)| *d)
            .ok()
            .map(|i| self.hours[i].1.as_slice())
    }

    /// The working intervals of `date` (empty on a day off): exceptions first, then the week.
    pub fn resolve<'a>(&'a self, weekly: &'a WeeklyHours, date: NaiveDate) -> &'a [MinuteRange] {
        if self.is_day_off(date) {
            return &[];
        }
        self.replacement_hours(date)
            .unwrap_or_else(|| weekly.day(date.weekday()))
    }

    /// The exceptions as rows again (days off first, then hours by date).
    pub fn to_vec(&self) -> Vec<ScheduleException> {
        let days_off = self
            .days_off
            .iter()
            .map(|&(from, to)| ScheduleException::DayOff { from, to });
        let hours = self.hours.iter().flat_map(|(date, ranges)| {
            ranges
                .iter()
                .map(|&range| ScheduleException::Hours { date: *date, range })
        });
        days_off.chain(hours).collect()
    }
}

/// Merges overlapping or adjacent date ranges into disjoint sorted ones.
fn merge_date_ranges(mut ranges: Vec<(NaiveDate, NaiveDate)>) -> Vec<(NaiveDate, NaiveDate)> {
    ranges.sort_unstable();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(ranges.len());
    for (from, to) in ranges {
        match merged.last_mut() {
            Some(last) if last.1.succ_opt().is_none_or(|next| from <= next) => {
                last.1 = last.1.max(to);
            }
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// Groups replacement intervals by date, normalising each date's list.
fn group_hours(mut rows: Vec<(NaiveDate, Vec<MinuteRange>)>) -> Vec<(NaiveDate, Vec<MinuteRange>)> {
    rows.sort_unstable_by_key(|(date, _)| *date);
    let mut grouped: Vec<(NaiveDate, Vec<MinuteRange>)> = Vec::new();
    for (date, ranges) in rows {
        match grouped.last_mut() {
            Some((last, acc)) if *last == date => acc.extend(ranges),
            _ => grouped.push((date, ranges)),
        }
    }
    for (_, ranges) in &mut grouped {
        *ranges = normalise(std::mem::take(ranges));
    }
    grouped
}

impl From<Vec<ScheduleException>> for ScheduleExceptions {
    fn from(list: Vec<ScheduleException>) -> Self {
        ScheduleExceptions::new(list)
    }
}

impl From<ScheduleExceptions> for Vec<ScheduleException> {
    fn from(exceptions: ScheduleExceptions) -> Self {
        exceptions.to_vec()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn overlaps_are_found_and_touching_is_allowed() {
        let r = |a: &str, b: &str| MinuteRange::parse(a, b).expect("range");
        let day = [r("09:00", "13:00"), r("14:00", "18:00")];
        assert_eq!(
            first_overlap(&day, &r("12:30", "14:30")),
            Some(r("09:00", "13:00"))
        );
        assert_eq!(
            first_overlap(&day, &r("17:00", "19:00")),
            Some(r("14:00", "18:00"))
        );
        assert_eq!(first_overlap(&day, &r("13:00", "14:00")), None);
        assert_eq!(first_overlap(&day, &r("18:00", "20:00")), None);
        assert_eq!(first_overlap(&[], &r("08:00", "09:00")), None);
    }

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn range(a: &str, b: &str) -> MinuteRange {
        MinuteRange::parse(a, b).expect("valid range")
    }

    #[test]
    fn weekly_rows_make_breaks_and_merge_overlaps() {
        let weekly = WeeklyHours::from_rows([
            (0, 840, 1080), // Monday 14:00–18:00
            (0, 540, 780),  // Monday 09:00–13:00
            (2, 600, 700),
            (2, 650, 800), // overlaps: merged into 10:00–13:20
            (4, 540, 600),
            (4, 600, 660), // touches: merged into 09:00–11:00
        ])
        .expect("valid rows");
        assert_eq!(
            weekly.day(Weekday::Mon),
            [range("09:00", "13:00"), range("14:00", "18:00")]
        );
        assert_eq!(weekly.day(Weekday::Wed), [range("10:00", "13:20")]);
        assert_eq!(weekly.day(Weekday::Fri), [range("09:00", "11:00")]);
        assert!(weekly.day(Weekday::Sun).is_empty());
    }

    #[test]
    fn weekly_rows_reject_bad_values() {
        assert_eq!(
            WeeklyHours::from_rows([(7, 0, 60)]),
            Err(ScheduleError::BadWeekday(7))
        );
        assert_eq!(
            WeeklyHours::from_rows([(-1, 0, 60)]),
            Err(ScheduleError::BadWeekday(-1))
        );
        assert_eq!(
            WeeklyHours::from_rows([(0, 600, 600)]),
            Err(ScheduleError::BadTime(LocalTimeError::Empty))
        );
        assert_eq!(
            WeeklyHours::from_rows([(0, 0, 1500)]),
            Err(ScheduleError::BadTime(LocalTimeError::OutOfRange(1500)))
        );
    }

    #[test]
    fn exceptions_override_the_week() {
        // 2026-03-02 is a Monday.
        let weekly = WeeklyHours::new().with(Weekday::Mon, range("09:00", "18:00"));
        let exceptions = ScheduleExceptions::new([
            ScheduleException::day_off(date(2026, 3, 9), date(2026, 3, 10)).expect("ordered"),
            ScheduleException::hours(date(2026, 3, 16), range("14:00", "16:00")),
            ScheduleException::hours(date(2026, 3, 16), range("10:00", "12:00")),
            ScheduleException::hours(date(2026, 3, 17), range("10:00", "12:00")),
            // Day off wins over replacement hours on the same date.
            ScheduleException::hours(date(2026, 3, 10), range("10:00", "12:00")),
        ]);
        assert_eq!(
            exceptions.resolve(&weekly, date(2026, 3, 2)),
            [range("09:00", "18:00")]
        );
        assert!(exceptions.resolve(&weekly, date(2026, 3, 9)).is_empty());
        assert!(exceptions.resolve(&weekly, date(2026, 3, 10)).is_empty());
        assert_eq!(
            exceptions.resolve(&weekly, date(2026, 3, 16)),
            [range("10:00", "12:00"), range("14:00", "16:00")]
        );
        // Replacement hours on a normally free Tuesday.
        assert_eq!(
            exceptions.resolve(&weekly, date(2026, 3, 17)),
            [range("10:00", "12:00")]
        );
        assert!(exceptions.resolve(&weekly, date(2026, 3, 3)).is_empty());
    }

    #[test]
    fn day_off_ranges_merge_and_search() {
        let off = |a, b| ScheduleException::DayOff { from: a, to: b };
        let exceptions = ScheduleExceptions::new([
            off(date(2026, 1, 1), date(2026, 1, 8)),
            off(date(2026, 1, 5), date(2026, 1, 6)),
            off(date(2026, 1, 9), date(2026, 1, 9)),
            off(date(2026, 2, 1), date(2026, 1, 1)), // reversed: covers nothing
            off(date(2026, 5, 1), date(2026, 5, 11)),
        ]);
        assert_eq!(
            exceptions.days_off,
            vec![
                (date(2026, 1, 1), date(2026, 1, 9)),
                (date(2026, 5, 1), date(2026, 5, 11))
            ]
        );
        for (d, expected) in [
            (date(2025, 12, 31), false),
            (date(2026, 1, 1), true),
            (date(2026, 1, 9), true),
            (date(2026, 1, 10), false),
            (date(2026, 1, 15), false),
            (date(2026, 5, 11), true),
            (date(2026, 5, 12), false),
        ] {
            assert_eq!(exceptions.is_day_off(d), expected, "{d}");
        }
    }

    #[test]
    fn exception_rows_parse() {
        let d = date(2026, 3, 8);
        assert_eq!(
            ScheduleException::from_row(d, d, "day_off", None, None),
            Ok(ScheduleException::DayOff { from: d, to: d })
        );
        assert_eq!(
            ScheduleException::from_row(d, d, "hours", Some(600), Some(720)),
            Ok(ScheduleException::hours(d, range("10:00", "12:00")))
        );
        let next = date(2026, 3, 9);
        let cases = [
            (
                d,
                next,
                "hours",
                Some(600),
                Some(720),
                ScheduleError::HoursSpanDays,
            ),
            (d, d, "hours", None, Some(720), ScheduleError::MissingHours),
            (
                d,
                d,
                "day_off",
                Some(1),
                Some(2),
                ScheduleError::UnexpectedHours,
            ),
            (next, d, "day_off", None, None, ScheduleError::ReversedDates),
            (
                d,
                d,
                "holiday",
                None,
                None,
                ScheduleError::UnknownKind("holiday".into()),
            ),
            (
                d,
                d,
                "hours",
                Some(720),
                Some(600),
                ScheduleError::BadTime(LocalTimeError::Empty),
            ),
        ];
        for (from, to, kind, start, end, error) in cases {
            assert_eq!(
                ScheduleException::from_row(from, to, kind, start, end),
                Err(error),
                "{kind} {from} {to} {start:?} {end:?}"
            );
        }
    }

    #[test]
    fn serde_round_trips() {
        let exceptions = ScheduleExceptions::new([
            ScheduleException::hours(date(2026, 3, 16), range("10:00", "12:00")),
            ScheduleException::DayOff {
                from: date(2026, 3, 9),
                to: date(2026, 3, 10),
            },
        ]);
        let json = serde_json::to_string(&exceptions).expect("serialises");
        assert!(json.contains(r#""kind":"day_off""#), "{json}");
        let back: ScheduleExceptions = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, exceptions);
        let weekly = WeeklyHours::new().with(Weekday::Tue, range("09:00", "10:00"));
        let json = serde_json::to_string(&weekly).expect("serialises");
        let back: WeeklyHours = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, weekly);
    }
}
