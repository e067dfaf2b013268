//! Tests that pick a date must pick one on which the clinic is open: "nine days ahead" is a
//! Sunday on a Friday, and the demo clinic is closed on Sundays. The end-to-end suite asks the
//! booking calendar for the first free day from N days ahead (`end2end/tests/support.ts`,
//! `openDayFrom`); this runs that same rule, and a booking on the day it finds, with every
//! day of the week as "today", so no weekday can turn the suite red again.

use app::both_engines;
use app::server::db::Db;
use app::server::repos::agenda::{self, AgendaRequest};
use app::server::repos::appointments::{book, NewBooking, Patient};
use app::server::repos::booking::resolve;
use app::server::seed::seed;
use chrono::{Datelike, Days, NaiveDate};
use chrono_tz::Europe::Moscow;
use priyom::{DateSpan, Source, UserId};

/// Monday 2026-11-23 09:00 in Moscow; the week's other days follow it.
const MONDAY: i64 = 1_795_413_600;
const DAY: i64 = 86_400;
/// What the end-to-end tests book: a back massage at the Moscow clinic, any specialist, from
/// 9 days ahead (JavaScript on) and from 16 days ahead (JavaScript off).
const SERVICE: &str = "massage-back";
const CLINIC: &str = "moskva-chistye-prudy";
const AHEAD: [u64; 2] = [9, 16];

fn local_date(at: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(at, 0)
        .expect("in range")
        .with_timezone(&Moscow)
        .date_naive()
}

/// The calendar's months as a patient pages them: this one and the next.
fn two_months_from(today: NaiveDate) -> DateSpan {
    let next = today
        .with_day(1)
        .and_then(|first| first.checked_add_months(chrono::Months::new(2)))
        .and_then(|after| after.pred_opt())
        .expect("in range");
    DateSpan::new(today.with_day(1).expect("first"), next).expect("span")
}

both_engines!(
    an_open_day_is_found_and_booked_from_every_weekday,
    |db: Db| async move {
        seed(&db, MONDAY).await.expect("seed");
        let mut conn = db.pool().acquire().await.expect("conn");
        let ids = resolve(&mut conn, SERVICE, CLINIC, "")
            .await
            .expect("slugs");
        let patient: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind("patient@priyom.demo")
            .fetch_one(&mut *conn)
            .await
            .expect("demo patient");
        let (clinic, service) = (ids.clinic.expect("clinic"), ids.service.expect("service"));
        let mut weekdays = Vec::new();
        for k in 0..7 {
            let now = MONDAY + k * DAY;
            let today = local_date(now);
            weekdays.push(today.weekday());
            let span = two_months_from(today);
            let request = AgendaRequest {
                clinic,
                service,
                specialist: None,
                from: span.from(),
                to: span.to(),
                ignore: None,
            };
            let agenda = agenda::load(&mut conn, &request)
                .await
                .expect("load")
                .expect("agenda");
            let month = priyom::month_map_any(&agenda.query(now), &agenda.agendas(), &span);
            let mut found = Vec::new();
            for ahead in AHEAD {
                let min = today.checked_add_days(Days::new(ahead)).expect("date");
                let day = month
                    .iter()
                    .find(|d| d.available && d.date >= min)
                    .unwrap_or_else(|| panic!("no open day from {min} when today is {today}"))
                    .date;
                assert!(
                    day < min + Days::new(7),
                    "{today}: the first open day from {min} is {day}, over a week later"
                );
                let slot = priyom::free_slots_any(
                    &agenda.query(now),
                    &agenda.agendas(),
                    &DateSpan::day(day),
                )
                .into_iter()
                .next()
                .unwrap_or_else(|| panic!("{day} is shown free but has no free time"));
                let booking = NewBooking {
                    clinic,
                    service,
                    specialist: Some(slot.specialist),
                    start: slot.start,
                    patient: Patient::Account(UserId::new(patient)),
                    source: Source::Web,
                    idempotency_key: format!("{k}{ahead:0>63}"),
                    actor: Some(UserId::new(patient)),
                    ip: "127.0.0.1".into(),
                };
                book(&db, &booking, now)
                    .await
                    .unwrap_or_else(|e| panic!("{today}: booking {day} failed: {e}"));
                found.push(day);
            }
            // The two projects (JavaScript on and off) never book the same day.
            assert!(found[0] < found[1], "{today}: both found {}", found[0]);
        }
        weekdays.sort_by_key(|d| d.num_days_from_monday());
        weekdays.dedup();
        assert_eq!(weekdays.len(), 7, "every day of the week was today once");
    }
);
