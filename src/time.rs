//! Instants, local wall-clock times and the time-zone rules the engine relies on.
//!
//! Instants are Unix seconds (`i64`, UTC). Working hours are wall-clock minutes in the
//! clinic's IANA zone. The mapping between the two follows these rules:
//!
//! * a local time that does not exist (the spring-forward gap) is no slot start;
//! * an ambiguous local time (the fall-back fold) means its *earlier* instant;
//! * a bound of a working interval that falls into a gap maps to the end of the gap
//!   (the moment the clock jumped), so intervals keep their real elapsed length.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// Minutes in a civil day; `LocalTime` may equal it to mean "midnight at the end of the day".
pub const MINUTES_PER_DAY: u16 = 1440;
const SECONDS_PER_DAY: i64 = 86_400;

/// A half-open interval of instants `[start, end)` in Unix seconds, never empty.
///
/// Half-open so that back-to-back visits (one ends at 10:00, the next starts at 10:00)
/// do not overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawTimeRange")]
pub struct TimeRange {
    start: i64,
    end: i64,
}

#[derive(Deserialize)]
struct RawTimeRange {
    start: i64,
    end: i64,
}

/// A time range whose start is not before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
#[error("a time range must start before it ends (start {start}, end {end})")]
pub struct TimeRangeError {
    pub start: i64,
    pub end: i64,
}

impl TimeRange {
    /// `[start, end)`; fails unless `start < end`.
    pub fn new(start: i64, end: i64) -> Result<Self, TimeRangeError> {
        if start < end {
            Ok(TimeRange { start, end })
        } else {
            Err(TimeRangeError { start, end })
        }
    }

    pub const fn start(&self) -> i64 {
        self.start
    }

    pub const fn end(&self) -> i64 {
        self.end
    }

    /// Length in seconds (always positive).
    pub const fn duration_secs(&self) -> i64 {
        self.end - self.start
    }

    /// True when the two ranges share at least one instant (touching ends do not count).
    pub const fn overlaps(&self, other: &TimeRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub const fn contains(&self, other: &TimeRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when `start <= t < end`.
    pub const fn contains_instant(&self, t: i64) -> bool {
        self.start <= t && t < self.end
    }
}

impl TryFrom<RawTimeRange> for TimeRange {
    type Error = TimeRangeError;

    fn try_from(raw: RawTimeRange) -> Result<Self, Self::Error> {
        TimeRange::new(raw.start, raw.end)
    }
}

/// A wall-clock time as minutes since local midnight, `0..=1440` (1440 = end of the day).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "u16")]
pub struct LocalTime(u16);

/// Why a local time or a local interval was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum LocalTimeError {
    #[error("minutes since midnight must be within 0..=1440, got {0}")]
    OutOfRange(i64),
    #[error("a time must look like \"09:30\"")]
    BadFormat,
    #[error("an interval must start before it ends")]
    Empty,
}

impl LocalTime {
    pub const MIDNIGHT: LocalTime = LocalTime(0);
    pub const END_OF_DAY: LocalTime = LocalTime(MINUTES_PER_DAY);

    /// Minutes since midnight, `0..=1440`.
    pub fn from_minutes(minutes: i64) -> Result<Self, LocalTimeError> {
        match u16::try_from(minutes) {
            Ok(m) if m <= MINUTES_PER_DAY => Ok(LocalTime(m)),
            _ => Err(LocalTimeError::OutOfRange(minutes)),
        }
    }

    /// `hour:minute`; `24:00` is allowed as the end of the day.
    pub fn from_hm(hour: u32, minute: u32) -> Result<Self, LocalTimeError> {
        if minute >= 60 {
            return Err(LocalTimeError::BadFormat);
        }
        Self::from_minutes(i64::from(hour) * 60 + i64::from(minute))
    }

    pub const fn minutes(self) -> u16 {
        self.0
    }

    /// Internal: callers guarantee `minutes <= 1440`.
    pub(crate) const fn from_minutes_unchecked(minutes: u16) -> Self {
        LocalTime(minutes)
    }

    pub const fn hour(self) -> u16 {
        self.0 / 60
    }

    pub const fn minute(self) -> u16 {
        self.0 % 60
    }
}

impl fmt::Display for LocalTime {
    /// `09:30`; the end of the day is `24:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl FromStr for LocalTime {
    type Err = LocalTimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (h, m) = s.trim().split_once(':').ok_or(LocalTimeError::BadFormat)?;
        let number = |t: &str| {
            let ok = (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
            ok.then(|| t.parse::<u32>().ok()).flatten()
        };
        match (number(h), number(m)) {
            (Some(h), Some(m)) if m < 60 => LocalTime::from_hm(h, m),
            _ => Err(LocalTimeError::BadFormat),
        }
    }
}

impl TryFrom<i64> for LocalTime {
    type Error = LocalTimeError;

    fn try_from(minutes: i64) -> Result<Self, Self::Error> {
        LocalTime::from_minutes(minutes)
    }
}

impl From<LocalTime> for u16 {
    fn from(t: LocalTime) -> Self {
        t.0
    }
}

/// A half-open wall-clock interval `[start, end)` within one local day, never empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawMinuteRange")]
pub struct MinuteRange {
    start: LocalTime,
    end: LocalTime,
}

#[derive(Deserialize)]
struct RawMinuteRange {
    start: LocalTime,
    end: LocalTime,
}

impl MinuteRange {
    pub fn new(start: LocalTime, end: LocalTime) -> Result<Self, LocalTimeError> {
        if start < end {
            Ok(MinuteRange { start, end })
        } else {
            Err(LocalTimeError::Empty)
        }
    }

    /// From database columns `start_min`, `end_min`.
    pub fn from_minutes(start: i64, end: i64) -> Result<Self, LocalTimeError> {
        Self::new(
            LocalTime::from_minutes(start)?,
            LocalTime::from_minutes(end)?,
        )
    }

    /// From `"09:00"`, `"13:30"`.
    pub fn parse(start: &str, end: &str) -> Result<Self, LocalTimeError> {
        Self::new(start.parse()?, end.parse()?)
    }

    pub const fn start(&self) -> LocalTime {
        self.start
    }

    pub const fn end(&self) -> LocalTime {
        self.end
    }

    /// Internal: only callers that already hold `start < end` use it.
    pub(crate) const fn from_parts_unchecked(start: LocalTime, end: LocalTime) -> Self {
        MinuteRange { start, end }
    }
}

impl TryFrom<RawMinuteRange> for MinuteRange {
    type Error = LocalTimeError;

    fn try_from(raw: RawMinuteRange) -> Result<Self, Self::Error> {
        MinuteRange::new(raw.start, raw.end)
    }
}

impl fmt::Display for MinuteRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.start, self.end)
    }
}

/// An unknown IANA zone name.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[error("unknown time zone {0:?}")]
pub struct TzError(pub String);

/// Parses an IANA zone name such as `Europe/Moscow`.
pub fn parse_tz(name: &str) -> Result<Tz, TzError> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| TzError(name.to_string()))
}

/// A wall-clock reading: local date, minute of the day and the leftover seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalDateTime {
    pub date: NaiveDate,
    pub time: LocalTime,
    /// Seconds past `time` (0..=59); a slot start always has 0.
    pub second: u8,
}

fn naive_at(date: NaiveDate, minute: LocalTime) -> Option<NaiveDateTime> {
    date.and_time(NaiveTime::MIN)
        .checked_add_signed(TimeDelta::minutes(i64::from(minute.minutes())))
}

/// The instant a local wall-clock time denotes: `None` in a spring-forward gap (or out of
/// chrono's range); the earlier instant in a fall-back fold.
pub fn local_to_utc(tz: Tz, date: NaiveDate, minute: LocalTime) -> Option<i64> {
    let naive = naive_at(date, minute)?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.timestamp())
}

/// Longest gap searched for when a bound falls into one (real gaps are at most a day).
const MAX_GAP_MINUTES: i64 = 2 * MINUTES_PER_DAY as i64;

/// The instant of an interval bound: like [`local_to_utc`], except that a time inside a gap
/// maps to the end of the gap (when the clock jumped), so the interval keeps its real length.
pub fn local_bound_to_utc(tz: Tz, date: NaiveDate, minute: LocalTime) -> Option<i64> {
    let naive = naive_at(date, minute)?;
    if let Some(t) = tz.from_local_datetime(&naive).earliest() {
        return Some(t.timestamp());
    }
    // Walk forward to the first wall-clock minute that exists again; gaps are rare, short
    // and this runs at most twice per interval on those days.
    (1..=MAX_GAP_MINUTES).find_map(|k| {
        let probe = naive.checked_add_signed(TimeDelta::minutes(k))?;
        tz.from_local_datetime(&probe)
            .earliest()
            .map(|t| t.timestamp())
    })
}

/// The wall-clock reading of an instant in `tz`; `None` outside chrono's range.
pub fn utc_to_local(tz: Tz, instant: i64) -> Option<LocalDateTime> {
    let local = DateTime::from_timestamp(instant, 0)?
        .with_timezone(&tz)
        .naive_local();
    let seconds = local
        .time()
        .signed_duration_since(NaiveTime::MIN)
        .num_seconds();
    let time = LocalTime::from_minutes(seconds / 60).ok()?;
    let second = u8::try_from(seconds % 60).ok()?;
    Some(LocalDateTime {
        date: local.date(),
        time,
        second,
    })
}

/// The local date of an instant in `tz`.
pub fn local_date(tz: Tz, instant: i64) -> Option<NaiveDate> {
    utc_to_local(tz, instant).map(|l| l.date)
}

/// One local day with its time-zone arithmetic prepared.
///
/// Most days have one UTC offset from midnight to midnight; then a wall-clock minute is
/// `midnight + 60·minute` and no zone lookup is needed. Days with a transition fall back to
/// chrono's per-time mapping. (A day with two transitions that cancel out would be mistaken
/// for a plain day; no zone in the IANA database has one.)
#[derive(Debug, Clone, Copy)]
pub(crate) struct DayClock {
    pub date: NaiveDate,
    tz: Tz,
    /// UTC instant of local midnight when the offset is constant all day.
    plain_midnight: Option<i64>,
}

impl DayClock {
    pub fn new(tz: Tz, date: NaiveDate) -> Option<Self> {
        let next = date.checked_add_days(Days::new(1))?;
        let single = |d: NaiveDate| {
            tz.from_local_datetime(&naive_at(d, LocalTime::MIDNIGHT)?)
                .single()
        };
        let plain_midnight = match (single(date), single(next)) {
            (Some(a), Some(b)) if b.timestamp() - a.timestamp() == SECONDS_PER_DAY => {
                Some(a.timestamp())
            }
            _ => None,
        };
        Some(DayClock {
            date,
            tz,
            plain_midnight,
        })
    }

    /// The instant a slot starting at `minute` begins (`None` in a gap).
    pub fn start_instant(&self, minute: LocalTime) -> Option<i64> {
        match self.plain_midnight {
            Some(m) => Some(m + 60 * i64::from(minute.minutes())),
            None => local_to_utc(self.tz, self.date, minute),
        }
    }

    /// The UTC bounds of a working interval of this day.
    pub fn interval(&self, range: &MinuteRange) -> Option<(i64, i64)> {
        match self.plain_midnight {
            Some(m) => Some((
                m + 60 * i64::from(range.start().minutes()),
                m + 60 * i64::from(range.end().minutes()),
            )),
            None => Some((
                local_bound_to_utc(self.tz, self.date, range.start())?,
                local_bound_to_utc(self.tz, self.date, range.end())?,
            )),
        }
    }
}

/// Longest date span a query accepts (a little over a year).
pub const MAX_SPAN_DAYS: u64 = 400;

/// An inclusive range of local dates `from..=to`, at most [`MAX_SPAN_DAYS`] long, so a query
/// can never be asked to walk or allocate for an unbounded number of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawDateSpan")]
pub struct DateSpan {
    from: NaiveDate,
    to: NaiveDate,
}

#[derive(Deserialize)]
struct RawDateSpan {
    from: NaiveDate,
    to: NaiveDate,
}

/// Why a date span was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum DateSpanError {
    #[error("the first date is after the last one")]
    Reversed,
    #[error("the date range is longer than {MAX_SPAN_DAYS} days")]
    TooLong,
    #[error("no such month")]
    BadMonth,
}

impl DateSpan {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, DateSpanError> {
        if from > to {
            return Err(DateSpanError::Reversed);
        }
        if (to - from).num_days() >= MAX_SPAN_DAYS as i64 {
            return Err(DateSpanError::TooLong);
        }
        Ok(DateSpan { from, to })
    }

    /// One day.
    pub fn day(date: NaiveDate) -> Self {
        DateSpan {
            from: date,
            to: date,
        }
    }

    /// All days of a calendar month (`month` is 1..=12).
    pub fn month(year: i32, month: u32) -> Result<Self, DateSpanError> {
        let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or(DateSpanError::BadMonth)?;
        let last = first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.pred_opt())
            .ok_or(DateSpanError::BadMonth)?;
        Ok(DateSpan {
            from: first,
            to: last,
        })
    }

    pub const fn from(&self) -> NaiveDate {
        self.from
    }

    pub const fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// The dates in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> {
        let to = self.to;
        std::iter::successors(Some(self.from), move |d| d.succ_opt().filter(|n| *n <= to))
    }

    /// The part of the span inside `lo..=hi`, if any.
    pub(crate) fn clamp(&self, lo: NaiveDate, hi: NaiveDate) -> Option<DateSpan> {
        let from = self.from.max(lo);
        let to = self.to.min(hi);
        (from <= to).then_some(DateSpan { from, to })
    }
}

impl TryFrom<RawDateSpan> for DateSpan {
    type Error = DateSpanError;

    fn try_from(raw: RawDateSpan) -> Result<Self, Self::Error> {
        DateSpan::new(raw.from, raw.to)
    }
}

/// How far from today a date a person types (in a form or a URL) may be: schedules and
/// calendars are browsed within years, and day arithmetic near chrono's limits (year 262142)
/// would overflow.
pub const MAX_DAYS_FROM_TODAY: u64 = 3660;

/// A typed date that is not one, or is too far away to mean anything here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum DateInputError {
    #[error("not a date (YYYY-MM-DD)")]
    NotADate,
    #[error("the date is more than ten years from today")]
    TooFar,
}

/// A date typed by a person (`YYYY-MM-DD`), at most [`MAX_DAYS_FROM_TODAY`] from `today`.
pub fn parse_date_near(text: &str, today: NaiveDate) -> Result<NaiveDate, DateInputError> {
    let date: NaiveDate = text.trim().parse().map_err(|_| DateInputError::NotADate)?;
    if date.signed_duration_since(today).num_days().unsigned_abs() > MAX_DAYS_FROM_TODAY {
        return Err(DateInputError::TooFar);
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn hm(h: u32, m: u32) -> LocalTime {
        LocalTime::from_hm(h, m).expect("valid time")
    }

    fn utc(text: &str) -> i64 {
        DateTime::parse_from_rfc3339(text)
            .expect("valid timestamp")
            .timestamp()
    }

    #[test]
    fn time_range_is_half_open() {
        let a = TimeRange::new(0, 10).expect("ok");
        let b = TimeRange::new(10, 20).expect("ok");
        let c = TimeRange::new(5, 15).expect("ok");
        assert!(!a.overlaps(&b) && !b.overlaps(&a));
        assert!(a.overlaps(&c) && c.overlaps(&b));
        assert!(TimeRange::new(0, 20).expect("ok").contains(&c));
        assert!(!c.contains(&a));
        assert!(a.contains_instant(0) && !a.contains_instant(10));
        assert_eq!(a.duration_secs(), 10);
        assert_eq!(
            TimeRange::new(5, 5),
            Err(TimeRangeError { start: 5, end: 5 })
        );
        assert!(TimeRange::new(6, 5).is_err());
        assert!(serde_json::from_str::<TimeRange>(r#"{"start":5,"end":1}"#).is_err());
        let back: TimeRange = serde_json::from_str(r#"{"start":1,"end":5}"#).expect("valid");
        assert_eq!(back, TimeRange::new(1, 5).expect("ok"));
    }

    #[test]
    fn local_time_parses_and_prints() {
        assert_eq!("09:30".parse::<LocalTime>(), Ok(hm(9, 30)));
        assert_eq!("9:05".parse::<LocalTime>(), Ok(hm(9, 5)));
        assert_eq!("24:00".parse::<LocalTime>(), Ok(LocalTime::END_OF_DAY));
        assert_eq!(hm(9, 5).to_string(), "09:05");
        assert_eq!(LocalTime::END_OF_DAY.to_string(), "24:00");
        assert_eq!(hm(13, 45).minutes(), 825);
        for bad in ["24:01", "25:00", "9", "09:60", "a:b", "-1:00", "009:00", ""] {
            assert!(bad.parse::<LocalTime>().is_err(), "{bad:?}");
        }
        assert_eq!(
            LocalTime::from_minutes(1441),
            Err(LocalTimeError::OutOfRange(1441))
        );
        assert_eq!(
            LocalTime::from_minutes(-1),
            Err(LocalTimeError::OutOfRange(-1))
        );
        assert!(serde_json::from_str::<LocalTime>("1441").is_err());
    }

    #[test]
    fn typed_dates_are_kept_within_ten_years_of_today() {
        let today = date(2026, 12, 4);
        assert_eq!(
            parse_date_near(" 2026-12-11 ", today),
            Ok(date(2026, 12, 11))
        );
        assert_eq!(parse_date_near("2036-12-04", today), Ok(date(2036, 12, 4)));
        assert_eq!(parse_date_near("2016-12-04", today), Ok(date(2016, 12, 4)));
        for far in ["+262142-12-31", "-262143-01-01", "9999-12-31", "2046-01-01"] {
            assert_eq!(
                parse_date_near(far, today),
                Err(DateInputError::TooFar),
                "{far}"
            );
        }
        for bad in ["", "2026-02-30", "04.12.2026", "завтра"] {
            assert_eq!(
                parse_date_near(bad, today),
                Err(DateInputError::NotADate),
                "{bad}"
            );
        }
    }

    #[test]
    fn minute_range_needs_start_before_end() {
        assert!(MinuteRange::from_minutes(540, 780).is_ok());
        assert_eq!(
            MinuteRange::from_minutes(540, 540),
            Err(LocalTimeError::Empty)
        );
        assert_eq!(
            MinuteRange::parse("09:00", "13:00").map(|r| r.to_string()),
            Ok("09:00–13:00".to_string())
        );
        assert!(serde_json::from_str::<MinuteRange>(r#"{"start":600,"end":500}"#).is_err());
    }

    #[test]
    fn russian_zones_have_fixed_offsets() {
        let day = date(2026, 7, 1);
        let cases = [
            ("Europe/Moscow", "2026-07-01T06:00:00Z"),
            ("Asia/Yekaterinburg", "2026-07-01T04:00:00Z"),
            ("Asia/Vladivostok", "2026-06-30T23:00:00Z"),
            ("Europe/Kaliningrad", "2026-07-01T07:00:00Z"),
        ];
        for (zone, expected) in cases {
            let tz = parse_tz(zone).expect("known zone");
            assert_eq!(
                local_to_utc(tz, day, hm(9, 0)),
                Some(utc(expected)),
                "{zone}"
            );
            let clock = DayClock::new(tz, day).expect("in range");
            assert_eq!(clock.start_instant(hm(9, 0)), Some(utc(expected)));
            assert!(clock.plain_midnight.is_some());
        }
    }

    #[test]
    fn berlin_spring_forward_gap() {
        let tz = parse_tz("Europe/Berlin").expect("known zone");
        let day = date(2026, 3, 29);
        // 02:00–03:00 does not exist; 01:30 is still CET (+1), 03:00 already CEST (+2).
        assert_eq!(
            local_to_utc(tz, day, hm(1, 30)),
            Some(utc("2026-03-29T00:30:00Z"))
        );
        assert_eq!(local_to_utc(tz, day, hm(2, 0)), None);
        assert_eq!(local_to_utc(tz, day, hm(2, 30)), None);
        assert_eq!(
            local_to_utc(tz, day, hm(3, 0)),
            Some(utc("2026-03-29T01:00:00Z"))
        );
        // A bound inside the gap is the moment the clock jumped.
        assert_eq!(
            local_bound_to_utc(tz, day, hm(2, 30)),
            Some(utc("2026-03-29T01:00:00Z"))
        );
        let clock = DayClock::new(tz, day).expect("in range");
        assert!(clock.plain_midnight.is_none());
        assert_eq!(clock.start_instant(hm(2, 30)), None);
        let range = MinuteRange::parse("01:00", "05:00").expect("valid");
        let (a, b) = clock.interval(&range).expect("in range");
        assert_eq!(b - a, 3 * 3600, "the spring-forward day loses an hour");
    }

    #[test]
    fn berlin_fall_back_fold() {
        let tz = parse_tz("Europe/Berlin").expect("known zone");
        let day = date(2026, 10, 25);
        // 02:00–03:00 happens twice; the earlier (CEST, +2) instant is used.
        assert_eq!(
            local_to_utc(tz, day, hm(2, 30)),
            Some(utc("2026-10-25T00:30:00Z"))
        );
        assert_eq!(
            local_to_utc(tz, day, hm(3, 0)),
            Some(utc("2026-10-25T02:00:00Z"))
        );
        let clock = DayClock::new(tz, day).expect("in range");
        let range = MinuteRange::parse("01:00", "05:00").expect("valid");
        let (a, b) = clock.interval(&range).expect("in range");
        assert_eq!(b - a, 5 * 3600, "the fall-back day gains an hour");
        let second_pass = utc("2026-10-25T01:30:00Z");
        let local = utc_to_local(tz, second_pass).expect("in range");
        assert_eq!((local.date, local.time, local.second), (day, hm(2, 30), 0));
    }

    #[test]
    fn utc_to_local_reports_seconds() {
        let tz = parse_tz("Europe/Moscow").expect("known zone");
        let local = utc_to_local(tz, utc("2026-01-10T06:15:42Z")).expect("in range");
        assert_eq!(local.date, date(2026, 1, 10));
        assert_eq!(local.time, hm(9, 15));
        assert_eq!(local.second, 42);
        assert_eq!(utc_to_local(tz, i64::MAX), None);
        assert_eq!(local_date(tz, i64::MIN), None);
        assert!(parse_tz("Mars/Olympus").is_err());
    }

    #[test]
    fn date_spans_are_bounded() {
        let span = DateSpan::month(2026, 2).expect("valid month");
        assert_eq!(
            (span.from(), span.to()),
            (date(2026, 2, 1), date(2026, 2, 28))
        );
        assert_eq!(span.dates().count(), 28);
        assert_eq!(DateSpan::month(2026, 13), Err(DateSpanError::BadMonth));
        assert_eq!(
            DateSpan::new(date(2026, 2, 2), date(2026, 2, 1)),
            Err(DateSpanError::Reversed)
        );
        assert_eq!(
            DateSpan::new(date(2026, 1, 1), date(2027, 6, 1)),
            Err(DateSpanError::TooLong)
        );
        assert_eq!(DateSpan::day(date(2026, 1, 1)).dates().count(), 1);
        let end = DateSpan::day(NaiveDate::MAX);
        assert_eq!(end.dates().count(), 1);
    }
}
