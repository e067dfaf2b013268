//! Table tests for each slot rule, including daylight-saving days.

use super::*;
use crate::policy::{BookingPolicyRaw, ServiceRulesRaw};
use crate::schedule::ScheduleException;
use crate::time::parse_tz;
use chrono::{DateTime, Weekday};

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub(crate) fn utc(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text)
        .expect("valid timestamp")
        .timestamp()
}

fn range(a: &str, b: &str) -> MinuteRange {
    MinuteRange::parse(a, b).expect("valid range")
}

fn tz(name: &str) -> Tz {
    parse_tz(name).expect("known zone")
}

fn policy(step: i64, notice: i64, horizon: i64) -> BookingPolicy {
    BookingPolicy::new(BookingPolicyRaw {
        step_min: step,
        min_notice_min: notice,
        horizon_days: horizon,
        cancel_notice_min: 0,
        requires_confirmation: false,
    })
    .expect("valid policy")
}

fn service(duration: i64, before: i64, after: i64, needs_room: bool) -> ServiceRules {
    ServiceRules::new(ServiceRulesRaw {
        duration_min: duration,
        buffer_before_min: before,
        buffer_after_min: after,
        needs_room,
    })
    .expect("valid service")
}

/// Monday to Friday, 09:00–13:00 and 14:00–18:00 (lunch 13:00–14:00).
fn office_week() -> WeeklyHours {
    let mut week = WeeklyHours::new();
    for day in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ] {
        week.add(day, range("09:00", "13:00"));
        week.add(day, range("14:00", "18:00"));
    }
    week
}

fn agenda(id: i64, weekly: WeeklyHours, busy: &[(i64, i64)]) -> SpecialistAgenda {
    SpecialistAgenda::new(
        SpecialistId(id),
        weekly,
        ScheduleExceptions::default(),
        BusySet::from_rows(busy.iter().copied()).expect("valid busy rows"),
    )
}

fn query(zone: &str, policy: BookingPolicy, service: ServiceRules, now: i64) -> SlotQuery<'static> {
    SlotQuery {
        tz: tz(zone),
        policy,
        service,
        rooms: &[],
        now,
    }
}

fn times(slots: &[Slot]) -> Vec<String> {
    slots.iter().map(|s| s.time.to_string()).collect()
}

// 2026-03-02 is a Monday; Moscow is UTC+3 all year.
const MONDAY_NOON_BEFORE: &str = "2026-03-01T09:00:00Z";

#[test]
fn plain_day_offers_the_grid_between_breaks() {
    let q = query(
        "Europe/Moscow",
        policy(30, 0, 30),
        service(60, 0, 0, false),
        utc(MONDAY_NOON_BEFORE),
    );
    let a = agenda(1, office_week(), &[]);
    let slots = free_slots(&q, &a, &DateSpan::day(date(2026, 3, 2)));
    assert_eq!(
        times(&slots),
        [
            "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "14:00", "14:30",
            "15:00", "15:30", "16:00", "16:30", "17:00"
        ]
    );
    let first = slots[0];
    assert_eq!(first.start, utc("2026-03-02T06:00:00Z"));
    assert_eq!(first.end, utc("2026-03-02T07:00:00Z"));
    assert_eq!(
        (first.specialist, first.date, first.room),
        (SpecialistId(1), date(2026, 3, 2), None)
    );
}

#[test]
fn buffers_widen_the_blocked_interval_but_may_leave_working_hours() {
    // Booked 10:00–11:00 MSK (its stored interval already includes its own buffers).
    let busy = (utc("2026-03-02T07:00:00Z"), utc("2026-03-02T08:00:00Z"));
    let q = query(
        "Europe/Moscow",
        policy(30, 0, 30),
        service(60, 15, 15, false),
        utc(MONDAY_NOON_BEFORE),
    );
    let a = agenda(1, office_week(), &[busy]);
    let slots = free_slots(&q, &a, &DateSpan::day(date(2026, 3, 2)));
    // 09:00 would block 08:45–10:15 and 11:00 would block 10:45–12:15: both overlap.
    assert_eq!(times(&slots)[..2], ["11:30", "12:00"]);
    let nine = check_bookable(&q, &a, utc("2026-03-02T06:00:00Z"));
    assert_eq!(nine, Err(BookingError::Taken));
    // The 14:00 slot blocks 13:45–15:15: buffers may reach into the lunch break.
    let two = check_bookable(&q, &a, utc("2026-03-02T11:00:00Z")).expect("free");
    assert_eq!(
        two.blocked,
        TimeRange::new(utc("2026-03-02T10:45:00Z"), utc("2026-03-02T12:15:00Z")).expect("ok")
    );
}

#[test]
fn back_to_back_visits_do_not_overlap() {
    let busy = (utc("2026-03-02T07:00:00Z"), utc("2026-03-02T08:00:00Z"));
    let q = query(
        "Europe/Moscow",
        policy(60, 0, 30),
        service(60, 0, 0, false),
        utc(MONDAY_NOON_BEFORE),
    );
    let a = agenda(1, office_week(), &[busy]);
    let slots = free_slots(&q, &a, &DateSpan::day(date(2026, 3, 2)));
    assert_eq!(times(&slots)[..3], ["09:00", "11:00", "12:00"]);
}

#[test]
fn step_is_counted_from_local_midnight() {
    let mut week = WeeklyHours::new();
    week.add(Weekday::Mon, range("09:10", "11:00"));
    let q = query(
        "Europe/Moscow",
        policy(20, 0, 30),
        service(30, 0, 0, false),
        utc(MONDAY_NOON_BEFORE),
    );
    let a = agenda(1, week, &[]);
    let slots = free_slots(&q, &a, &DateSpan::day(date(2026, 3, 2)));
    assert_eq!(times(&slots), ["09:20", "09:40", "10:00", "10:20"]);
    assert_eq!(
        check_bookable(&q, &a, utc("2026-03-02T06:10:00Z")),
        Err(BookingError::NotAligned)
    );
    assert_eq!(
        check_bookable(&q, &a, utc("2026-03-02T06:20:30Z")),
        Err(BookingError::NotAligned)
    );
    assert!(check_bookable(&q, &a, utc("2026-03-02T06:20:00Z")).is_ok());
}

#[test]
fn notice_and_past() {
    // now = 08:00 MSK on the day, two hours of notice: the first slot is 10:00.
    let now = utc("2026-03-02T05:00:00Z");
    let q = query(
        "Europe/Moscow",
        policy(30, 120, 30),
        service(60, 0, 0, false),
        now,
    );
    let a = agenda(1, office_week(), &[]);
    let slots = free_slots(&q, &a, &DateSpan::day(date(2026, 3, 2)));
    assert_eq!(times(&slots)[0], "10:00");
    assert_eq!(
        check_bookable(&q, &a, utc("2026-03-02T06:30:00Z")),
        Err(BookingError::TooSoon)
    );
    assert_eq!(
        check_bookable(&q, &a, utc("2026-03-02T04:00:00Z")),
        Err(BookingError::InPast)
    );
    // Yesterday's slots are never offered, whatever the range asks for.
    let span = DateSpan::new(date(2026, 2, 20), date(2026, 3, 1)).expect("valid");
    assert!(free_slots(&q, &a, &span).is_empty());
    // With zero notice, a slot starting exactly now is fine.
    let q0 = query(
        "Europe/Moscow",
        policy(30, 0, 30),
        service(60, 0, 0, false),
        utc("2026-03-02T06:00:00Z"),
    );
    assert!(check_bookable(&q0, &a, utc("2026-03-02T06:00:00Z")).is_ok());
}

#[test]
fn horizon_counts_local_dates() {
    // 21:30 UTC on Monday is already 00:30 on Tuesday 2026-03-03 in Moscow.
    let now = utc("2026-03-02T21:30:00Z");
    let q = query(
        "Europe/Moscow",
        policy(30, 0, 3),
        service(60, 0, 0, false),
        now,
    );
    let a = agenda(1, office_week(), &[]);
    let span = DateSpan::new(date(2026, 3, 2), date(2026, 3, 10)).expect("valid");
    let dates: Vec<NaiveDate> = free_slots(&q, &a, &span).iter().map(|s| s.date).collect();
    assert_eq!(dates.first(), Some(&date(2026, 3, 3)));
    assert_eq!(
        dates.last(),
        Some(&date(2026, 3, 6)),
        "today + 3 days, inclusive"
    );
    assert_eq!(
        check_bookable(&q, &a, utc("2026-03-09T06:00:00Z")),
        Err(BookingError::BeyondHorizon)
    );
    assert!(check_bookable(&q, &a, utc("2026-03-06T14:00:00Z")).is_ok());
}

#[test]
fn day_offs_weekends_and_replacement_hours() {
    let mut a = agenda(1, office_week(), &[]);
    a.exceptions = ScheduleExceptions::new([
        ScheduleException::day_off(date(2026, 3, 3), date(2026, 3, 4)).expect("ordered"),
        ScheduleException::hours(date(2026, 3, 5), range("15:00", "16:00")),
        ScheduleException::hours(date(2026, 3, 7), range("10:00", "11:00")), // a Saturday
    ]);
    let q = query(
        "Europe/Moscow",
        policy(30, 0, 30),
        service(60, 0, 0, false),
        utc(MONDAY_NOON_BEFORE),
    );
    let on = |d| free_slots(&q, &a, &DateSpan::day(d));
    assert!(on(date(2026, 3, 3)).is_empty());
    assert_eq!(times(&on(date(2026, 3, 5))), ["15:00"]);
    assert_eq!(times(&on(date(2026, 3, 7))), ["10:00"]);
    assert!(
        on(date(2026, 3, 8)).is_empty(),
        "Sunday has no weekly hours"
    );
    let cases = [
        ("2026-03-03T07:00:00Z", Err(BookingError::DayOff)),
        ("2026-03-08T07:00:00Z", Err(BookingError::DayOff)),
        (
            "2026-03-05T07:00:00Z",
            Err(BookingError::OutsideWorkingHours),
        ),
        (
            "2026-03-02T09:30:00Z",
            Err(BookingError::OutsideWorkingHours),
        ), // 12:30 runs into lunch
        (
            "2026-03-02T14:30:00Z",
            Err(BookingError::OutsideWorkingHours),
        ), // 17:30 runs past 18:00
        (
            "2026-03-02T03:00:00Z",
            Err(BookingError::OutsideWorkingHours),
        ), // 06:00, before opening
    ];
    for (at, expected) in cases {
        assert_eq!(
            check_bookable(&q, &a, utc(at)).map(|b| b.start),
            expected,
            "{at}"
        );
    }
}

#[test]
fn working_until_midnight() {
    let week = WeeklyHours::new().with(Weekday::Mon, range("22:00", "24:00"));
    let q = query(
        "Europe/Moscow",
        policy(30, 0, 30),
        service(60, 0, 0, false),
        utc(MONDAY_NOON_BEFORE),
    );
    let slots = free_slots(&q, &agenda(1, week, &[]), &DateSpan::day(date(2026, 3, 2)));
    assert_eq!(times(&slots), ["22:00", "22:30", "23:00"]);
    assert_eq!(slots[2].end, utc("2026-03-02T21:00:00Z"));
}

#[test]
fn rooms_pick_the_lowest_free_one() {
    let ten = (utc("2026-03-02T07:00:00Z"), utc("2026-03-02T08:00:00Z"));
    let rooms = [
        RoomAgenda {
            room: RoomId(5),
            busy: BusySet::default(),
        },
        RoomAgenda {
            room: RoomId(2),
            busy: BusySet::from_rows([ten]).expect("valid"),
        },
    ];
    let mut q = query(
        "Europe/Moscow",
        policy(60, 0, 30),
        service(60, 0, 0, true),
        utc(MONDAY_NOON_BEFORE),
    );
    q.rooms = &rooms;
    let a = agenda(1, office_week(), &[]);
    let slots = free_slots(&q, &a, &DateSpan::day(date(2026, 3, 2)));
    let rooms_by_time: Vec<(String, Option<RoomId>)> = slots
        .iter()
        .take(3)
        .map(|s| (s.time.to_string(), s.room))
        .collect();
    assert_eq!(
        rooms_by_time,
        [
            ("09:00".to_string(), Some(RoomId(2))),
            ("10:00".to_string(), Some(RoomId(5))),
            ("11:00".to_string(), Some(RoomId(2)))
        ]
    );
    // Both rooms busy at 10:00.
    let both = [
        RoomAgenda {
            room: RoomId(5),
            busy: BusySet::from_rows([ten]).expect("valid"),
        },
        RoomAgenda {
            room: RoomId(2),
            busy: BusySet::from_rows([ten]).expect("valid"),
        },
    ];
    q.rooms = &both;
    assert_eq!(check_bookable(&q, &a, ten.0), Err(BookingError::RoomBusy));
    assert!(!free_slots(&q, &a, &DateSpan::day(date(2026, 3, 2)))
        .iter()
        .any(|s| s.start == ten.0));
    // A room-needing service at a clinic without rooms is never bookable.
    q.rooms = &[];
    assert_eq!(
        check_bookable(&q, &a, ten.0),
        Err(BookingError::NoRoomAvailable)
    );
    assert!(free_slots(&q, &a, &DateSpan::day(date(2026, 3, 2))).is_empty());
    // Services without a room ignore rooms entirely.
    q.service = service(60, 0, 0, false);
    q.rooms = &both;
    assert_eq!(check_bookable(&q, &a, ten.0).map(|b| b.room), Ok(None));
}

#[test]
fn room_buffers_count_too() {
    // Room busy 11:00–12:00; a 10:00 visit with 10 minutes after blocks until 11:10.
    let eleven = (utc("2026-03-02T08:00:00Z"), utc("2026-03-02T09:00:00Z"));
    let rooms = [RoomAgenda {
        room: RoomId(1),
        busy: BusySet::from_rows([eleven]).expect("valid"),
    }];
    let mut q = query(
        "Europe/Moscow",
        policy(60, 0, 30),
        service(60, 0, 10, true),
        utc(MONDAY_NOON_BEFORE),
    );
    q.rooms = &rooms;
    let a = agenda(1, office_week(), &[]);
    assert_eq!(
        check_bookable(&q, &a, utc("2026-03-02T07:00:00Z")),
        Err(BookingError::RoomBusy)
    );
    assert!(check_bookable(&q, &a, utc("2026-03-02T06:00:00Z")).is_ok());
}

#[test]
fn any_specialist_merges_and_sorts() {
    let morning = WeeklyHours::new().with(Weekday::Mon, range("09:00", "11:00"));
    let late = WeeklyHours::new().with(Weekday::Mon, range("10:00", "12:00"));
    let taken = (utc("2026-03-02T07:00:00Z"), utc("2026-03-02T08:00:00Z"));
    let agendas = [agenda(7, late, &[taken]), agenda(3, morning, &[])];
    let q = query(
        "Europe/Moscow",
        policy(60, 0, 30),
        service(60, 0, 0, false),
        utc(MONDAY_NOON_BEFORE),
    );
    let span = DateSpan::day(date(2026, 3, 2));
    let slots = free_slots_any(&q, &agendas, &span);
    let got: Vec<(String, i64)> = slots
        .iter()
        .map(|s| (s.time.to_string(), s.specialist.get()))
        .collect();
    assert_eq!(
        got,
        [
            ("09:00".to_string(), 3),
            ("10:00".to_string(), 3),
            ("11:00".to_string(), 7)
        ]
    );
    let mut union: Vec<Slot> = agendas
        .iter()
        .flat_map(|a| free_slots(&q, a, &span))
        .collect();
    union.sort_by_key(|s| (s.start, s.specialist));
    assert_eq!(slots, union);
    // The same specialist twice does not duplicate slots.
    let twice = [agendas[1].clone(), agendas[1].clone()];
    assert_eq!(free_slots_any(&q, &twice, &span).len(), 2);
}

#[test]
fn month_map_marks_days_with_any_free_slot() {
    // A full booking on Tuesday 2026-03-03 (09:00–18:00) and a day off on Wednesday.
    let full = (utc("2026-03-03T06:00:00Z"), utc("2026-03-03T15:00:00Z"));
    let mut a = agenda(1, office_week(), &[full]);
    a.exceptions =
        ScheduleExceptions::new([
            ScheduleException::day_off(date(2026, 3, 4), date(2026, 3, 4)).expect("ordered"),
        ]);
    let now = utc("2026-03-02T12:00:00Z"); // 15:00 MSK Monday
    let q = query(
        "Europe/Moscow",
        policy(30, 0, 14),
        service(60, 0, 0, false),
        now,
    );
    let span = DateSpan::month(2026, 3).expect("valid");
    let map = month_map(&q, &a, &span);
    assert_eq!(map.len(), 31);
    let free: Vec<u32> = map
        .iter()
        .filter(|d| d.available)
        .map(|d| chrono::Datelike::day(&d.date))
        .collect();
    // Mon 2 (afternoon left), Thu 5, Fri 6, then weekdays up to the horizon (16th).
    assert_eq!(free, [2, 5, 6, 9, 10, 11, 12, 13, 16]);
    // Any specialist: another one works on Tuesdays only.
    let tuesday = agenda(
        2,
        WeeklyHours::new().with(Weekday::Tue, range("09:00", "10:00")),
        &[],
    );
    let any = month_map_any(&q, &[a.clone(), tuesday.clone()], &span);
    let free_any: Vec<u32> = any
        .iter()
        .filter(|d| d.available)
        .map(|d| chrono::Datelike::day(&d.date))
        .collect();
    assert_eq!(free_any, [2, 3, 5, 6, 9, 10, 11, 12, 13, 16]);
    // It agrees with the full search, day by day.
    for day in &any {
        let has =
            !free_slots_any(&q, &[a.clone(), tuesday.clone()], &DateSpan::day(day.date)).is_empty();
        assert_eq!(day.available, has, "{}", day.date);
    }
}

#[test]
fn berlin_spring_forward_day() {
    // Sunday 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST.
    let week = WeeklyHours::new().with(Weekday::Sun, range("01:00", "05:00"));
    let q = query(
        "Europe/Berlin",
        policy(30, 0, 30),
        service(30, 0, 0, false),
        utc("2026-03-28T12:00:00Z"),
    );
    let a = agenda(1, week, &[]);
    let slots = free_slots(&q, &a, &DateSpan::day(date(2026, 3, 29)));
    assert_eq!(
        times(&slots),
        ["01:00", "01:30", "03:00", "03:30", "04:00", "04:30"]
    );
    let starts: Vec<i64> = slots.iter().map(|s| s.start).collect();
    assert_eq!(
        starts,
        [
            utc("2026-03-29T00:00:00Z"),
            utc("2026-03-29T00:30:00Z"),
            utc("2026-03-29T01:00:00Z"),
            utc("2026-03-29T01:30:00Z"),
            utc("2026-03-29T02:00:00Z"),
            utc("2026-03-29T02:30:00Z"),
        ]
    );
    // The 01:30 visit ends at 03:00 CEST: it is only 30 minutes long in real time.
    assert_eq!(slots[1].end - slots[1].start, 1800);
    // Three real hours of work: a 3-hour visit fits at 01:00, a 3.5-hour one does not.
    let long = SlotQuery {
        service: service(180, 0, 0, false),
        ..q
    };
    assert_eq!(
        times(&free_slots(&long, &a, &DateSpan::day(date(2026, 3, 29)))),
        ["01:00"]
    );
    let longer = SlotQuery {
        service: service(210, 0, 0, false),
        ..q
    };
    assert!(free_slots(&longer, &a, &DateSpan::day(date(2026, 3, 29))).is_empty());
}

#[test]
fn berlin_fall_back_day() {
    // Sunday 2026-10-25: clocks go back from 03:00 CEST to 02:00 CET.
    let week = WeeklyHours::new().with(Weekday::Sun, range("01:00", "05:00"));
    let q = query(
        "Europe/Berlin",
        policy(30, 0, 30),
        service(30, 0, 0, false),
        utc("2026-10-24T12:00:00Z"),
    );
    let a = agenda(1, week, &[]);
    let slots = free_slots(&q, &a, &DateSpan::day(date(2026, 10, 25)));
    assert_eq!(
        times(&slots),
        ["01:00", "01:30", "02:00", "02:30", "03:00", "03:30", "04:00", "04:30"]
    );
    // 02:00 and 02:30 are the earlier (CEST) instants.
    assert_eq!(slots[2].start, utc("2026-10-25T00:00:00Z"));
    assert_eq!(slots[3].start, utc("2026-10-25T00:30:00Z"));
    assert_eq!(slots[4].start, utc("2026-10-25T02:00:00Z"));
    // The second 02:30 (CET) is not a slot start.
    assert_eq!(
        check_bookable(&q, &a, utc("2026-10-25T01:30:00Z")),
        Err(BookingError::NotAligned)
    );
    // Five real hours of work: a 5-hour visit fits at 01:00 and ends at 05:00 CET.
    let long = SlotQuery {
        service: service(300, 0, 0, false),
        ..q
    };
    let slots = free_slots(&long, &a, &DateSpan::day(date(2026, 10, 25)));
    assert_eq!(times(&slots), ["01:00"]);
    assert_eq!(slots[0].end, utc("2026-10-25T04:00:00Z"));
    // A 02:30 start (CEST) with 60 minutes ends at 02:30 CET, inside the interval.
    let hour = SlotQuery {
        service: service(60, 0, 0, false),
        ..q
    };
    assert!(check_bookable(&hour, &a, utc("2026-10-25T00:30:00Z")).is_ok());
}

#[test]
fn russian_zones_without_dst() {
    // 2026-07-01 is a Wednesday; 09:00 local in each zone.
    let cases = [
        ("Europe/Moscow", "2026-07-01T06:00:00Z"),
        ("Asia/Yekaterinburg", "2026-07-01T04:00:00Z"),
        ("Asia/Vladivostok", "2026-06-30T23:00:00Z"),
    ];
    for (zone, first) in cases {
        let q = query(
            zone,
            policy(30, 0, 30),
            service(60, 0, 0, false),
            utc("2026-06-29T00:00:00Z"),
        );
        let a = agenda(1, office_week(), &[]);
        let slots = free_slots(&q, &a, &DateSpan::day(date(2026, 7, 1)));
        assert_eq!(slots.len(), 14, "{zone}");
        assert_eq!(slots[0].start, utc(first), "{zone}");
        assert_eq!(slots[0].date, date(2026, 7, 1), "{zone}");
        assert_eq!(
            check_bookable(&q, &a, utc(first)).map(|b| b.start),
            Ok(utc(first))
        );
        // The next day starts exactly 24 hours later.
        let next = free_slots(&q, &a, &DateSpan::day(date(2026, 7, 2)));
        assert_eq!(next[0].start - slots[0].start, 86_400, "{zone}");
    }
}

#[test]
fn unrepresentable_instants_are_errors_not_panics() {
    let q = query(
        "Europe/Moscow",
        policy(30, 0, 30),
        service(60, 0, 0, false),
        utc(MONDAY_NOON_BEFORE),
    );
    let a = agenda(1, office_week(), &[]);
    assert_eq!(
        check_bookable(&q, &a, i64::MAX),
        Err(BookingError::OutOfRange)
    );
    assert_eq!(
        check_bookable(&q, &a, i64::MIN),
        Err(BookingError::OutOfRange)
    );
    let broken = SlotQuery { now: i64::MAX, ..q };
    let span = DateSpan::day(date(2026, 3, 2));
    assert!(free_slots(&broken, &a, &span).is_empty());
    assert_eq!(
        month_map(&broken, &a, &span),
        [DayAvailability {
            date: date(2026, 3, 2),
            available: false
        }]
    );
    assert_eq!(
        check_bookable(&broken, &a, utc("2026-03-02T06:00:00Z")),
        Err(BookingError::OutOfRange)
    );
    let far = DateSpan::day(NaiveDate::MAX);
    assert!(free_slots(&q, &a, &far).is_empty());
    let end_of_time = SlotQuery {
        now: utc("2026-01-01T00:00:00Z"),
        ..q
    };
    assert!(free_slots(&end_of_time, &a, &DateSpan::day(NaiveDate::MIN)).is_empty());
}

#[test]
fn busy_set_merges_and_searches() {
    let set = BusySet::from_rows([(50, 60), (10, 20), (15, 30), (30, 40)]).expect("valid");
    let r = |a, b| TimeRange::new(a, b).expect("ok");
    assert_eq!(set.ranges(), [r(10, 40), r(50, 60)]);
    let cases = [
        ((0, 10), false),
        ((0, 11), true),
        ((39, 50), true),
        ((40, 50), false),
        ((45, 55), true),
        ((60, 70), false),
        ((0, 100), true),
    ];
    for ((a, b), expected) in cases {
        assert_eq!(set.overlaps(&r(a, b)), expected, "[{a}, {b})");
    }
    assert!(!BusySet::default().overlaps(&r(0, 1)));
    assert!(BusySet::from_rows([(5, 5)]).is_err());
    let json = serde_json::to_string(&set).expect("serialises");
    assert_eq!(serde_json::from_str::<BusySet>(&json).ok(), Some(set));
}
