//! Property tests of the slot engine against the rules, checked independently of the engine.

use crate::policy::{BookingPolicyRaw, ServiceRulesRaw};
use crate::schedule::ScheduleException;
use crate::slots::{
    check_bookable, free_slots, free_slots_any, month_map, month_map_any, BusySet, RoomAgenda,
    Slot, SlotQuery, SpecialistAgenda,
};
use crate::time::{local_bound_to_utc, local_date, local_to_utc, utc_to_local, DateSpan};
use crate::{
    BookingPolicy, LocalTime, MinuteRange, RoomId, ScheduleExceptions, ServiceRules, SpecialistId,
    TimeRange, Tz, WeeklyHours,
};
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// Zones with DST (Berlin, New York, Lord Howe's 30-minute shift), without (Russian zones)
/// and with an odd offset (Kathmandu, +05:45).
const ZONES: &[&str] = &[
    "Europe/Moscow",
    "Asia/Yekaterinburg",
    "Asia/Vladivostok",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
];

const STEPS: &[i64] = &[5, 10, 15, 20, 30, 45, 60];

fn jan1() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid date")
}

/// A first date, biased towards the 2026 transition days of the zones above.
fn first_day() -> impl Strategy<Value = NaiveDate> {
    // Day-of-year offsets: Berlin 87 and 297, New York 66 and 304, Lord Howe 94 and 276.
    let near = |d: u64| (d.saturating_sub(3)..d + 1).boxed();
    prop_oneof![
        0u64..365,
        near(87),
        near(297),
        near(66),
        near(304),
        near(94),
        near(276)
    ]
    .prop_map(|k| jan1() + Days::new(k))
}

fn minute_range() -> impl Strategy<Value = MinuteRange> {
    (0i64..288, 1i64..160).prop_map(|(start, len)| {
        let start = start * 5;
        let end = (start + len * 5).min(1440);
        MinuteRange::from_minutes(start, end).expect("non-empty by construction")
    })
}

fn weekly() -> impl Strategy<Value = WeeklyHours> {
    proptest::array::uniform7(prop::collection::vec(minute_range(), 0..4))
        .prop_map(WeeklyHours::from_days)
}

fn exceptions(first: NaiveDate) -> impl Strategy<Value = ScheduleExceptions> {
    let one = prop_oneof![
        (0u64..6, 0u64..3).prop_map(move |(k, len)| ScheduleException::DayOff {
            from: first + Days::new(k),
            to: first + Days::new(k + len),
        }),
        (0u64..6, minute_range())
            .prop_map(move |(k, r)| ScheduleException::hours(first + Days::new(k), r)),
    ];
    prop::collection::vec(one, 0..4).prop_map(ScheduleExceptions::new)
}

/// Raw busy intervals around the searched days (kept raw so checks do not trust `BusySet`).
fn busy(origin: i64, max: usize) -> impl Strategy<Value = Vec<TimeRange>> {
    prop::collection::vec((0i64..7 * 288, 1i64..48), 0..max).prop_map(move |v| {
        v.into_iter()
            .map(|(at, len)| {
                let start = origin + at * 300;
                TimeRange::new(start, start + len * 300).expect("non-empty")
            })
            .collect()
    })
}

#[derive(Debug, Clone)]
struct Case {
    tz: Tz,
    span: DateSpan,
    policy: BookingPolicy,
    service: ServiceRules,
    now: i64,
    agendas: Vec<(SpecialistAgenda, Vec<TimeRange>)>,
    rooms: Vec<(RoomAgenda, Vec<TimeRange>)>,
}

impl Case {
    fn query<'a>(&self, rooms: &'a [RoomAgenda]) -> SlotQuery<'a> {
        SlotQuery {
            tz: self.tz,
            policy: self.policy,
            service: self.service,
            rooms,
            now: self.now,
        }
    }

    fn room_agendas(&self) -> Vec<RoomAgenda> {
        self.rooms.iter().map(|(r, _)| r.clone()).collect()
    }

    fn agendas(&self) -> Vec<SpecialistAgenda> {
        self.agendas.iter().map(|(a, _)| a.clone()).collect()
    }
}

fn policy() -> impl Strategy<Value = BookingPolicy> {
    (prop::sample::select(STEPS), 0i64..240, 1i64..8).prop_map(|(step, notice, horizon)| {
        BookingPolicy::new(BookingPolicyRaw {
            step_min: step,
            min_notice_min: notice,
            horizon_days: horizon,
            cancel_notice_min: 0,
            requires_confirmation: false,
        })
        .expect("valid by construction")
    })
}

fn service() -> impl Strategy<Value = ServiceRules> {
    (1i64..48, 0i64..7, 0i64..7, any::<bool>()).prop_map(|(d, b, a, room)| {
        ServiceRules::new(ServiceRulesRaw {
            duration_min: d * 5,
            buffer_before_min: b * 5,
            buffer_after_min: a * 5,
            needs_room: room,
        })
        .expect("valid by construction")
    })
}

fn case(max_specialists: usize) -> impl Strategy<Value = Case> {
    (
        prop::sample::select(ZONES),
        first_day(),
        0u64..4,
        policy(),
        service(),
    )
        .prop_flat_map(move |(zone, first, len, policy, service)| {
            let tz: Tz = zone.parse().expect("known zone");
            let origin = local_to_utc(tz, first - Days::new(1), LocalTime::MIDNIGHT)
                .expect("midnight exists in these zones");
            let span = DateSpan::new(first, first + Days::new(len)).expect("short span");
            let agenda = (weekly(), exceptions(first), busy(origin, 24));
            let room = (1i64..6, busy(origin, 8));
            (
                Just((tz, span, policy, service)),
                // Mostly before the span, sometimes inside its first day or two.
                origin..origin + 2 * 86_400,
                prop::collection::vec(agenda, 1..=max_specialists),
                prop::collection::vec(room, 0..4),
            )
        })
        .prop_map(|((tz, span, policy, service), now, agendas, rooms)| Case {
            tz,
            span,
            policy,
            service,
            now,
            agendas: agendas
                .into_iter()
                .enumerate()
                .map(|(i, (weekly, exceptions, busy))| {
                    let agenda = SpecialistAgenda::new(
                        SpecialistId(i as i64 + 1),
                        weekly,
                        exceptions,
                        BusySet::new(busy.clone()),
                    );
                    (agenda, busy)
                })
                .collect(),
            rooms: rooms
                .into_iter()
                .map(|(id, busy)| {
                    let room = RoomAgenda {
                        room: RoomId(id),
                        busy: BusySet::new(busy.clone()),
                    };
                    (room, busy)
                })
                .collect(),
        })
}

/// The blocked interval of a slot, recomputed from the service rules.
fn blocked_of(case: &Case, slot: &Slot) -> TimeRange {
    let before = i64::from(case.service.buffer_before_min()) * 60;
    let after = i64::from(case.service.buffer_after_min()) * 60;
    TimeRange::new(slot.start - before, slot.end + after).expect("non-empty")
}

/// Checks every rule for one slot, independently of the engine's internals.
fn assert_slot_obeys_rules(
    case: &Case,
    agenda: &SpecialistAgenda,
    raw_busy: &[TimeRange],
    slot: &Slot,
) {
    let step = case.policy.step_min() as u16;
    assert_eq!(slot.specialist, agenda.specialist);
    assert!(
        case.span.contains(slot.date),
        "slot outside the span: {slot:?}"
    );
    // Aligned, and the start really is that local time on that date.
    assert_eq!(slot.time.minutes() % step, 0, "not aligned: {slot:?}");
    let local = utc_to_local(case.tz, slot.start).expect("in range");
    assert_eq!(
        (local.date, local.time, local.second),
        (slot.date, slot.time, 0)
    );
    assert_eq!(
        local_to_utc(case.tz, slot.date, slot.time),
        Some(slot.start)
    );
    assert_eq!(
        slot.end - slot.start,
        i64::from(case.service.duration_min()) * 60
    );
    // Notice and horizon.
    assert!(slot.start >= case.now, "in the past: {slot:?}");
    assert!(slot.start >= case.now + i64::from(case.policy.min_notice_min()) * 60);
    let today = local_date(case.tz, case.now).expect("in range");
    assert!(slot.date <= today + Days::new(u64::from(case.policy.horizon_days())));
    // Inside one working interval of its date, by UTC bounds.
    let inside = agenda.hours_on(slot.date).iter().any(|r| {
        let a = local_bound_to_utc(case.tz, slot.date, r.start()).expect("in range");
        let b = local_bound_to_utc(case.tz, slot.date, r.end()).expect("in range");
        a <= slot.start && slot.end <= b
    });
    assert!(inside, "outside working hours: {slot:?}");
    // No overlap with busy intervals, buffers included.
    let blocked = blocked_of(case, slot);
    assert!(
        !raw_busy.iter().any(|b| b.overlaps(&blocked)),
        "overlaps busy: {slot:?}"
    );
    // Room: the lowest candidate room that is free, or none when not needed.
    if case.service.needs_room() {
        let free_room = case
            .rooms
            .iter()
            .filter(|(_, busy)| !busy.iter().any(|b| b.overlaps(&blocked)))
            .map(|(r, _)| r.room)
            .min();
        assert!(free_room.is_some());
        assert_eq!(slot.room, free_room);
    } else {
        assert_eq!(slot.room, None);
    }
}

proptest! {
    // 256 cases unless PROPTEST_CASES says otherwise. Failures are not persisted to a
    // regressions file (the crate keeps no files outside src/ and benches/); a failing
    // case is printed in full, shrunk, with the seed.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Every offered slot obeys every rule; output is sorted without duplicates.
    #[test]
    fn slots_obey_the_rules(case in case(1)) {
        let rooms = case.room_agendas();
        let q = case.query(&rooms);
        let (agenda, raw_busy) = &case.agendas[0];
        let slots = free_slots(&q, agenda, &case.span);
        for pair in slots.windows(2) {
            prop_assert!(pair[0].start < pair[1].start, "not strictly sorted: {pair:?}");
        }
        for slot in &slots {
            assert_slot_obeys_rules(&case, agenda, raw_busy, slot);
        }
    }

    /// The search and `check_bookable` agree on every aligned local time of the span,
    /// and on arbitrary minutes (non-aligned ones, second passes of a fold, …).
    #[test]
    fn search_and_check_agree(
        case in case(1),
        probes in prop::collection::vec(0i64..6 * 1440, 0..60),
    ) {
        let rooms = case.room_agendas();
        let q = case.query(&rooms);
        let (agenda, _) = &case.agendas[0];
        let slots = free_slots(&q, agenda, &case.span);
        let by_start: HashMap<i64, &Slot> = slots.iter().map(|s| (s.start, s)).collect();
        let step = case.policy.step_min() as usize;
        let mut matched = 0usize;
        for date in case.span.dates() {
            for m in (0..1440i64).step_by(step) {
                let time = LocalTime::from_minutes(m).expect("in range");
                let Some(start) = local_to_utc(case.tz, date, time) else {
                    continue;
                };
                match (check_bookable(&q, agenda, start), by_start.get(&start)) {
                    (Ok(b), Some(s)) => {
                        matched += 1;
                        prop_assert_eq!((b.start, b.end, b.room), (s.start, s.end, s.room));
                        prop_assert_eq!(b.blocked, blocked_of(&case, s));
                    }
                    (Err(_), None) => {}
                    (got, offered) => prop_assert!(
                        false,
                        "disagree at {date} {time}: check {got:?}, search {offered:?}"
                    ),
                }
            }
        }
        // Every offered slot is one of the aligned local times just enumerated.
        prop_assert_eq!(matched, slots.len());
        // Arbitrary minutes: bookable implies offered (when its date is in the span).
        let day_before = case.span.from() - Days::new(1);
        let origin = local_to_utc(case.tz, day_before, LocalTime::MIDNIGHT).expect("exists");
        for p in probes {
            let t = origin + p * 60;
            let in_span = local_date(case.tz, t).is_some_and(|d| case.span.contains(d));
            if let (Ok(_), true) = (check_bookable(&q, agenda, t), in_span) {
                prop_assert!(by_start.contains_key(&t), "bookable but not offered: {t}");
            }
        }
    }

    /// "Any specialist" is the union of the single searches, sorted by (start, specialist).
    #[test]
    fn any_specialist_is_the_union(case in case(4)) {
        let rooms = case.room_agendas();
        let q = case.query(&rooms);
        let agendas = case.agendas();
        let any = free_slots_any(&q, &agendas, &case.span);
        for pair in any.windows(2) {
            prop_assert!((pair[0].start, pair[0].specialist) < (pair[1].start, pair[1].specialist));
        }
        let union: BTreeSet<(i64, SpecialistId, i64, Option<RoomId>)> = agendas
            .iter()
            .flat_map(|a| free_slots(&q, a, &case.span))
            .map(|s| (s.start, s.specialist, s.end, s.room))
            .collect();
        let got: Vec<_> = any.iter().map(|s| (s.start, s.specialist, s.end, s.room)).collect();
        prop_assert_eq!(got, union.into_iter().collect::<Vec<_>>());
    }

    /// The month map says "available" exactly on the days the search finds a slot.
    #[test]
    fn month_map_matches_search(case in case(3)) {
        let rooms = case.room_agendas();
        let q = case.query(&rooms);
        let agendas = case.agendas();
        let any_map = month_map_any(&q, &agendas, &case.span);
        let one_map = month_map(&q, &agendas[0], &case.span);
        prop_assert_eq!(any_map.len(), case.span.dates().count());
        for (day, one) in any_map.iter().zip(&one_map) {
            prop_assert_eq!(day.date, one.date);
            let span = DateSpan::day(day.date);
            prop_assert_eq!(day.available, !free_slots_any(&q, &agendas, &span).is_empty());
            prop_assert_eq!(one.available, !free_slots(&q, &agendas[0], &span).is_empty());
        }
    }
}
