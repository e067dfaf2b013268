//! Slot engine benchmarks: `cargo bench -p priyom --bench slots`.
//!
//! (a) one specialist, 60 days, 500 busy intervals;
//! (b) any of 60 specialists, one day (with rooms);
//! (c) a month map for 60 specialists (any-specialist map, and one map per specialist).

use chrono::{Days, NaiveDate, Weekday};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use priyom::{
    free_slots, free_slots_any, month_map, month_map_any, parse_tz, BookingPolicy,
    BookingPolicyRaw, BusySet, DateSpan, MinuteRange, RoomAgenda, RoomId, ScheduleException,
    ScheduleExceptions, ServiceRules, ServiceRulesRaw, SlotQuery, SpecialistAgenda, SpecialistId,
    TimeRange, WeeklyHours,
};

/// Deterministic pseudo-random numbers (no extra dependency).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid date") // a Monday
}

/// 2026-03-02 00:00 MSK.
const ORIGIN: i64 = 1_772_398_800;

fn weekly() -> WeeklyHours {
    let morning = MinuteRange::parse("09:00", "13:00").expect("valid");
    let evening = MinuteRange::parse("14:00", "21:00").expect("valid");
    let mut week = WeeklyHours::new();
    for day in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ] {
        week.add(day, morning);
        week.add(day, evening);
    }
    week
}

/// `count` visits of 80 minutes (60 + buffers) on 15-minute marks during working hours.
fn busy(rng: &mut Lcg, days: u64, count: usize) -> BusySet {
    let ranges = (0..count).map(|_| {
        let day = rng.next(days) as i64;
        let minute = 9 * 60 + 15 * rng.next(44) as i64;
        let start = ORIGIN + day * 86_400 + minute * 60;
        TimeRange::new(start, start + 80 * 60).expect("non-empty")
    });
    BusySet::new(ranges)
}

fn agenda(id: i64, busy: BusySet) -> SpecialistAgenda {
    let exceptions = ScheduleExceptions::new([
        ScheduleException::day_off(first_day() + Days::new(9), first_day() + Days::new(10))
            .expect("ordered"),
        ScheduleException::hours(
            first_day() + Days::new(20),
            MinuteRange::parse("12:00", "16:00").expect("valid"),
        ),
    ]);
    SpecialistAgenda::new(SpecialistId(id), weekly(), exceptions, busy)
}

fn policy() -> BookingPolicy {
    BookingPolicy::new(BookingPolicyRaw {
        step_min: 15,
        min_notice_min: 60,
        horizon_days: 90,
        cancel_notice_min: 1440,
        requires_confirmation: false,
    })
    .expect("valid")
}

fn service(needs_room: bool) -> ServiceRules {
    ServiceRules::new(ServiceRulesRaw {
        duration_min: 60,
        buffer_before_min: 10,
        buffer_after_min: 10,
        needs_room,
    })
    .expect("valid")
}

fn benches(c: &mut Criterion) {
    let tz = parse_tz("Europe/Moscow").expect("known zone");
    let now = ORIGIN - 3 * 3600;
    let mut rng = Lcg(42);

    // (a) one specialist, 60 days, 500 busy intervals.
    let one = agenda(1, busy(&mut rng, 60, 500));
    let q = SlotQuery {
        tz,
        policy: policy(),
        service: service(false),
        rooms: &[],
        now,
    };
    let sixty = DateSpan::new(first_day(), first_day() + Days::new(59)).expect("valid");
    let found = free_slots(&q, &one, &sixty).len();
    println!("(a) finds {found} slots");
    c.bench_function("a_one_specialist_60_days_500_busy", |b| {
        b.iter(|| free_slots(black_box(&q), black_box(&one), black_box(&sixty)))
    });

    // (b) any of 60 specialists, one day, 6 shared rooms.
    // Each specialist about half booked; each room has ~6 visits a day.
    let team: Vec<SpecialistAgenda> = (1..=60)
        .map(|id| agenda(id, busy(&mut rng, 60, 250)))
        .collect();
    let rooms: Vec<RoomAgenda> = (1..=6)
        .map(|id| RoomAgenda {
            room: RoomId(id),
            busy: busy(&mut rng, 60, 360),
        })
        .collect();
    let q_rooms = SlotQuery {
        service: service(true),
        rooms: &rooms,
        ..q
    };
    let day = DateSpan::day(first_day() + Days::new(3));
    let found = free_slots_any(&q_rooms, &team, &day).len();
    println!("(b) finds {found} slots");
    c.bench_function("b_any_of_60_specialists_one_day", |b| {
        b.iter(|| free_slots_any(black_box(&q_rooms), black_box(&team), black_box(&day)))
    });

    // (c) month map for 60 specialists.
    let month = DateSpan::month(2026, 3).expect("valid");
    let open_days = month_map_any(&q_rooms, &team, &month)
        .iter()
        .filter(|d| d.available)
        .count();
    println!("month map: {open_days} of 31 days open");
    c.bench_function("c_month_map_any_of_60_specialists", |b| {
        b.iter(|| month_map_any(black_box(&q_rooms), black_box(&team), black_box(&month)))
    });
    // Worst case: every room always busy, so every candidate of every day is tried.
    let full_rooms: Vec<RoomAgenda> = (1..=6)
        .map(|id| RoomAgenda {
            room: RoomId(id),
            busy: BusySet::new([TimeRange::new(ORIGIN, ORIGIN + 90 * 86_400).expect("ok")]),
        })
        .collect();
    let q_full = SlotQuery {
        rooms: &full_rooms,
        ..q_rooms
    };
    c.bench_function("c_month_map_any_of_60_worst_case_nothing_free", |b| {
        b.iter(|| month_map_any(black_box(&q_full), black_box(&team), black_box(&month)))
    });
    c.bench_function("c_month_map_each_of_60_specialists", |b| {
        b.iter(|| {
            team.iter()
                .map(|a| month_map(black_box(&q_rooms), a, black_box(&month)))
                .collect::<Vec<_>>()
        })
    });
}

criterion_group!(slots, benches);
criterion_main!(slots);
