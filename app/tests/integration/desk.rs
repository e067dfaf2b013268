//! The specialist's desk on both engines: hours are checked for overlaps, a specialist can
//! change only their own hours and visits, a day off empties the patients' calendar at once,
//! and status changes follow the engine's rules.

use app::both_engines;
use app::server::db::Db;
use app::server::repos::agenda::{self, AgendaRequest};
use app::server::repos::appointments::{set_status, StatusBy, StatusError};
use app::server::repos::specialist_desk::{
    add_exception, add_hours, copy_day, remove_exception, remove_hours, weekly, DeskError, OwnDesk,
};
use app::server::seed::seed;
use app::server::testing;
use chrono::NaiveDate;
use priyom::{
    AppointmentId, AppointmentStatus, ClinicId, DateSpan, MinuteRange, Role, ServiceId,
    SpecialistId, UserId,
};

const NOW: i64 = 1_795_000_000;

struct Desk {
    user: UserId,
    me: SpecialistId,
    clinic: ClinicId,
}

async fn desk_of(db: &Db, slug: &str) -> Desk {
    let (id, user, clinic): (i64, i64, i64) = sqlx::query_as(
        "SELECT s.id, s.user_id, sc.clinic_id FROM specialists s \
           JOIN specialist_clinics sc ON sc.specialist_id = s.id WHERE s.slug = $1 ORDER BY sc.clinic_id LIMIT 1",
    )
    .bind(slug)
    .fetch_one(db.pool())
    .await
    .expect("specialist");
    Desk {
        user: UserId::new(user),
        me: SpecialistId::new(id),
        clinic: ClinicId::new(clinic),
    }
}

/// The specialist at their own desk (leaked: a test's actor lives as long as the test).
fn actor(desk: &Desk) -> OwnDesk<'static> {
    let by = testing::actor(desk.user, &[(Role::Specialist, None)], NOW);
    OwnDesk {
        by: Box::leak(Box::new(by)),
        me: desk.me,
    }
}

/// A status change by the specialist of `desk`.
async fn change(
    db: &Db,
    desk: &Desk,
    id: i64,
    to: AppointmentStatus,
) -> Result<AppointmentStatus, StatusError> {
    let own = actor(desk);
    let by = StatusBy::Specialist(own.by, own.me);
    set_status(db, by, AppointmentId::new(id), to, None).await
}

fn range(a: &str, b: &str) -> MinuteRange {
    MinuteRange::parse(a, b).expect("range")
}

both_engines!(
    hours_refuse_overlaps_and_other_specialists,
    |db: Db| async move {
        seed(&db, NOW).await.expect("seed");
        let anna = desk_of(&db, "anna-koroleva").await;
        let igor = desk_of(&db, "igor-lebedev").await;
        let before = weekly(&db, anna.me, anna.clinic).await.expect("hours");
        // Sunday (6) is free in the demo week; add 10:00–14:00 there, then refuse 13:00–15:00.
        let sunday: Vec<_> = before.iter().filter(|(_, d, _)| *d == 6).collect();
        assert!(sunday.is_empty(), "demo Sunday is free: {sunday:?}");
        add_hours(&db, &actor(&anna), anna.clinic, 6, range("10:00", "14:00"))
            .await
            .expect("add");
        let clash = add_hours(&db, &actor(&anna), anna.clinic, 6, range("13:00", "15:00")).await;
        assert!(
            matches!(clash, Err(DeskError::Overlap(r)) if r == range("10:00", "14:00")),
            "{clash:?}"
        );
        add_hours(&db, &actor(&anna), anna.clinic, 6, range("14:00", "16:00"))
            .await
            .expect("back to back");
        let added: Vec<i64> = weekly(&db, anna.me, anna.clinic)
            .await
            .expect("hours")
            .into_iter()
            .filter(|(_, d, _)| *d == 6)
            .map(|(id, _, _)| id)
            .collect();
        assert_eq!(added.len(), 2);
        // Another specialist can neither remove Anna's hours nor add hours at a clinic not theirs.
        let theirs = remove_hours(&db, &actor(&igor), added[0]).await;
        assert!(matches!(theirs, Err(DeskError::NotFound)), "{theirs:?}");
        let other_clinic = add_hours(
            &db,
            &actor(&igor),
            ClinicId::new(anna.clinic.get() + 1),
            6,
            range("10:00", "11:00"),
        )
        .await;
        assert!(
            matches!(other_clinic, Err(DeskError::NotFound)),
            "{other_clinic:?}"
        );
        remove_hours(&db, &actor(&anna), added[0])
            .await
            .expect("own");
        // Copying Monday to the weekdays makes Tuesday..Friday equal to Monday.
        copy_day(&db, &actor(&anna), anna.clinic, 0, &[0, 1, 2, 3, 4])
            .await
            .expect("copy");
        let after = weekly(&db, anna.me, anna.clinic).await.expect("hours");
        let day = |w: i64| {
            after
                .iter()
                .filter(|(_, d, _)| *d == w)
                .map(|(_, _, r)| *r)
                .collect::<Vec<_>>()
        };
        for w in 1..5 {
            assert_eq!(day(w), day(0), "weekday {w}");
        }
        let audited: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE actor_id = $1 AND action LIKE 'hours.%'",
        )
        .bind(anna.user.get())
        .fetch_one(db.pool())
        .await
        .expect("audit");
        assert_eq!(audited, 4);
    }
);

both_engines!(
    a_day_off_empties_the_calendar_at_once,
    |db: Db| async move {
        seed(&db, NOW).await.expect("seed");
        let anna = desk_of(&db, "anna-koroleva").await;
        let service: i64 =
            sqlx::query_scalar("SELECT id FROM services WHERE slug = 'massage-back'")
                .fetch_one(db.pool())
                .await
                .expect("service");
        let month = DateSpan::month(2026, 12).expect("month");
        let free_days = |db: Db| async move {
            let mut conn = db.pool().acquire().await.expect("conn");
            let request = AgendaRequest {
                clinic: anna.clinic,
                service: ServiceId::new(service),
                specialist: Some(anna.me),
                from: month.from(),
                to: month.to(),
                ignore: None,
            };
            let agenda = agenda::load(&mut conn, &request)
                .await
                .expect("load")
                .expect("agenda");
            priyom::month_map_any(&agenda.query(NOW), &agenda.agendas(), &month)
                .into_iter()
                .filter(|d| d.available)
                .map(|d| d.date)
                .collect::<Vec<NaiveDate>>()
        };
        let before = free_days(db.clone()).await;
        let day = *before.first().expect("a free day in December");
        add_exception(&db, &actor(&anna), day, day, None, "отпуск")
            .await
            .expect("day off");
        let after = free_days(db.clone()).await;
        assert!(
            !after.contains(&day),
            "the day off is gone from the calendar"
        );
        assert_eq!(after.len() + 1, before.len());
        // Replacement hours on a date must not overlap each other.
        let other = before[1];
        add_exception(
            &db,
            &actor(&anna),
            other,
            other,
            Some(range("10:00", "12:00")),
            "",
        )
        .await
        .expect("hours");
        let clash = add_exception(
            &db,
            &actor(&anna),
            other,
            other,
            Some(range("11:00", "13:00")),
            "",
        )
        .await;
        assert!(matches!(clash, Err(DeskError::Overlap(_))), "{clash:?}");
        let id: i64 = sqlx::query_scalar(
        "SELECT id FROM schedule_exceptions WHERE specialist_id = $1 AND kind = 'day_off' AND date_from = $2",
    )
        .bind(anna.me.get())
        .bind(day.to_string())
        .fetch_one(db.pool())
        .await
        .expect("exception");
        let igor = desk_of(&db, "igor-lebedev").await;
        assert!(matches!(
            remove_exception(&db, &actor(&igor), id).await,
            Err(DeskError::NotFound)
        ));
        remove_exception(&db, &actor(&anna), id)
            .await
            .expect("remove");
        assert!(
            free_days(db.clone()).await.contains(&day),
            "the day is bookable again"
        );
    }
);

both_engines!(status_changes_follow_the_rules, |db: Db| async move {
    seed(&db, NOW).await.expect("seed");
    let anna = desk_of(&db, "anna-koroleva").await;
    let future: i64 = sqlx::query_scalar(
        "SELECT id FROM appointments WHERE specialist_id = $1 AND status IN ('scheduled', 'confirmed') AND start_at > $2 ORDER BY start_at LIMIT 1",
    )
    .bind(anna.me.get())
    .bind(NOW)
    .fetch_one(db.pool())
    .await
    .expect("an upcoming visit");
    // Nobody can complete a visit that has not started.
    let early = change(&db, &anna, future, AppointmentStatus::Completed).await;
    assert!(
        matches!(early, Err(StatusError::Transition(_))),
        "{early:?}"
    );
    // Another specialist cannot touch it.
    let igor = desk_of(&db, "igor-lebedev").await;
    let theirs = change(&db, &igor, future, AppointmentStatus::Cancelled).await;
    assert!(matches!(theirs, Err(StatusError::NotFound)), "{theirs:?}");
    change(&db, &anna, future, AppointmentStatus::Cancelled)
        .await
        .expect("cancel");
    let again = change(&db, &anna, future, AppointmentStatus::Confirmed).await;
    assert!(
        matches!(again, Err(StatusError::Transition(_))),
        "a cancelled visit is final: {again:?}"
    );
    let status: String = sqlx::query_scalar("SELECT status FROM appointments WHERE id = $1")
        .bind(future)
        .fetch_one(db.pool())
        .await
        .expect("status");
    assert_eq!(status, "cancelled");
});
