//! Booking on both engines: races for one slot, overlapping starts, a shared room, buffers,
//! idempotent resubmits, atomic reschedule, the policy windows, and ownership.

use app::both_engines;
use app::server::db::Db;
use app::server::repos::appointments::{
    book, cancel_own, reschedule_own, BookError, Booked, ChangeError, NewBooking, Patient,
};
use app::server::repos::users::Consent;
use priyom::{
    AppointmentId, BookingError, ChangeDenied, ClinicId, PersonName, Phone, ServiceId, Source,
    SpecialistId, UserId,
};

/// Monday 2026-11-23 09:00 in Moscow (UTC+3).
const NOW: i64 = 1_795_413_600;
const HOUR: i64 = 3600;
/// Tuesday 2026-11-24 10:00 Moscow: a working hour a day after `NOW`.
const TUE_10: i64 = NOW + 25 * HOUR;

struct Fixture {
    clinic: ClinicId,
    specialists: [SpecialistId; 2],
    /// 60 minutes, 15-minute buffer after, no room.
    plain: ServiceId,
    /// 60 minutes, needs the clinic's only room.
    roomy: ServiceId,
    patients: [UserId; 2],
}

async fn one(db: &Db, sql: &str, binds: &[&str]) -> i64 {
    let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_string()));
    for b in binds {
        q = q.bind(b.to_string());
    }
    q.fetch_one(db.pool()).await.expect(sql)
}

async fn exec(db: &Db, sql: &str, binds: &[i64]) {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()));
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(db.pool()).await.expect(sql);
}

async fn fixture(db: &Db, requires_confirmation: bool) -> Fixture {
    let clinic = one(db, "INSERT INTO clinics (slug, name, name_en, address, address_en, phone, tz, lat, lon, created_at) \
        VALUES ('c', 'Клиника', 'Clinic', 'Адрес', 'Address', '+74950000000', 'Europe/Moscow', 55.7, 37.6, 0) RETURNING id", &[]).await;
    exec(
        db,
        "INSERT INTO rooms (clinic_id, name) VALUES ($1, 'Кабинет')",
        &[clinic],
    )
    .await;
    exec(db, "INSERT INTO booking_policies (clinic_id, step_min, min_notice_min, horizon_days, cancel_notice_min, requires_confirmation) \
        VALUES ($1, 30, 120, 30, 720, $2)", &[clinic, i64::from(requires_confirmation)]).await;
    let category = one(
        db,
        "INSERT INTO service_categories (slug, name, name_en) VALUES ('k', 'К', 'C') RETURNING id",
        &[],
    )
    .await;
    let plain = one(db, &format!("INSERT INTO services (category_id, slug, name, name_en, duration_min, buffer_after_min, price_kopecks) \
        VALUES ({category}, 'plain', 'Массаж', 'Massage', 60, 15, 250000) RETURNING id"), &[]).await;
    let roomy = one(db, &format!("INSERT INTO services (category_id, slug, name, name_en, duration_min, price_kopecks, needs_room) \
        VALUES ({category}, 'roomy', 'Физиотерапия', 'Physio', 60, 180000, 1) RETURNING id"), &[]).await;
    let mut specialists = [SpecialistId::new(0); 2];
    for (n, slot) in specialists.iter_mut().enumerate() {
        let user = one(db, "INSERT INTO users (phone, full_name, created_at, updated_at) VALUES ($1, 'Врач', 0, 0) RETURNING id",
            &[&format!("+7999000001{n}")]).await;
        let id = one(db, &format!("INSERT INTO specialists (user_id, slug, title, title_en) VALUES ({user}, 's{n}', 'Т', 'T') RETURNING id"), &[]).await;
        exec(
            db,
            "INSERT INTO specialist_clinics (specialist_id, clinic_id) VALUES ($1, $2)",
            &[id, clinic],
        )
        .await;
        for service in [plain, roomy] {
            exec(
                db,
                "INSERT INTO service_specialists (service_id, specialist_id) VALUES ($1, $2)",
                &[service, id],
            )
            .await;
        }
        for weekday in 0..7 {
            exec(db, "INSERT INTO working_hours (specialist_id, clinic_id, weekday, start_min, end_min) VALUES ($1, $2, $3, 540, 1080)",
                &[id, clinic, weekday]).await;
        }
        *slot = SpecialistId::new(id);
    }
    for service in [plain, roomy] {
        exec(
            db,
            "INSERT INTO service_clinics (service_id, clinic_id) VALUES ($1, $2)",
            &[service, clinic],
        )
        .await;
    }
    let mut patients = [UserId::new(0); 2];
    for (n, slot) in patients.iter_mut().enumerate() {
        *slot = UserId::new(one(db, "INSERT INTO users (phone, full_name, created_at, updated_at) VALUES ($1, 'Пациент', 0, 0) RETURNING id",
            &[&format!("+7999000002{n}")]).await);
    }
    Fixture {
        clinic: ClinicId::new(clinic),
        specialists,
        plain: ServiceId::new(plain),
        roomy: ServiceId::new(roomy),
        patients,
    }
}

fn request(
    f: &Fixture,
    service: ServiceId,
    specialist: Option<SpecialistId>,
    start: i64,
    key: &str,
) -> NewBooking {
    NewBooking {
        clinic: f.clinic,
        service,
        specialist,
        start,
        patient: Patient::Account(f.patients[0]),
        source: Source::Web,
        idempotency_key: format!("{key:0>64}"),
        actor: Some(f.patients[0]),
        ip: "127.0.0.1".into(),
    }
}

/// Books the plain service with the first specialist for the first patient.
async fn try_book(db: &Db, f: &Fixture, start: i64, key: &str) -> Result<Booked, BookError> {
    book(
        db,
        &request(f, f.plain, Some(f.specialists[0]), start, key),
        NOW,
    )
    .await
}

async fn active_rows(db: &Db) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointments WHERE status IN ('scheduled', 'confirmed')",
    )
    .fetch_one(db.pool())
    .await
    .expect("count")
}

/// Runs the bookings at once; returns how many succeeded and how many lost with `Taken`.
async fn race(db: &Db, requests: Vec<NewBooking>) -> (usize, usize) {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|r| {
            let db = db.clone();
            tokio::spawn(async move { book(&db, &r, NOW).await })
        })
        .collect();
    let (mut won, mut taken) = (0, 0);
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => won += 1,
            Err(BookError::Taken) => taken += 1,
            Err(other) => panic!("unexpected answer: {other:?}"),
        }
    }
    (won, taken)
}

both_engines!(parallel; fifty_clients_one_slot_one_winner, |db: Db| async move {
    let f = fixture(&db, false).await;
    let requests = (0..50)
        .map(|n| request(&f, f.plain, Some(f.specialists[0]), TUE_10, &n.to_string()))
        .collect();
    assert_eq!(race(&db, requests).await, (1, 49));
    assert_eq!(active_rows(&db).await, 1);
});

both_engines!(parallel; overlapping_starts_one_winner, |db: Db| async move {
    let f = fixture(&db, false).await;
    let requests = [0, 30 * 60]
        .iter()
        .enumerate()
        .map(|(n, offset)| {
            request(
                &f,
                f.plain,
                Some(f.specialists[0]),
                TUE_10 + offset,
                &n.to_string(),
            )
        })
        .collect();
    assert_eq!(race(&db, requests).await, (1, 1));
    assert_eq!(active_rows(&db).await, 1);
});

both_engines!(parallel; shared_room_one_winner, |db: Db| async move {
    let f = fixture(&db, false).await;
    let requests = f
        .specialists
        .iter()
        .enumerate()
        .map(|(n, s)| request(&f, f.roomy, Some(*s), TUE_10, &n.to_string()))
        .collect();
    assert_eq!(race(&db, requests).await, (1, 1));
    assert_eq!(active_rows(&db).await, 1);
});

both_engines!(buffers_and_any_specialist, |db: Db| async move {
    let f = fixture(&db, false).await;
    let first = try_book(&db, &f, TUE_10, "a").await;
    assert!(first.is_ok(), "{first:?}");
    // 11:00 falls inside the 15-minute buffer after the 10:00 visit.
    let inside = try_book(&db, &f, TUE_10 + HOUR, "b").await;
    assert!(matches!(inside, Err(BookError::Taken)), "{inside:?}");
    let after = try_book(&db, &f, TUE_10 + 3 * HOUR / 2, "c").await;
    assert!(after.is_ok(), "{after:?}");
    // "Any specialist" at 10:00 goes to the second, who is free.
    let any = book(&db, &request(&f, f.plain, None, TUE_10, "d"), NOW)
        .await
        .expect("any");
    let who: i64 = sqlx::query_scalar("SELECT specialist_id FROM appointments WHERE id = $1")
        .bind(any.id.get())
        .fetch_one(db.pool())
        .await
        .expect("row");
    assert_eq!(who, f.specialists[1].get());
});

both_engines!(resubmitted_form_books_once, |db: Db| async move {
    let f = fixture(&db, true).await;
    let r = request(&f, f.plain, Some(f.specialists[0]), TUE_10, "same");
    let first: Booked = book(&db, &r, NOW).await.expect("first");
    let again: Booked = book(&db, &r, NOW).await.expect("again");
    assert_eq!(first, again);
    assert_eq!(active_rows(&db).await, 1);
    let status: String = sqlx::query_scalar("SELECT status FROM appointments WHERE id = $1")
        .bind(first.id.get())
        .fetch_one(db.pool())
        .await
        .expect("status");
    assert_eq!(status, "scheduled", "the policy asks for confirmation");
});

both_engines!(policy_windows, |db: Db| async move {
    let f = fixture(&db, false).await;
    let too_soon = try_book(&db, &f, NOW + HOUR, "a").await;
    assert!(
        matches!(too_soon, Err(BookError::Rules(BookingError::TooSoon))),
        "{too_soon:?}"
    );
    let far = try_book(&db, &f, TUE_10 + 40 * 24 * HOUR, "b").await;
    assert!(
        matches!(far, Err(BookError::Rules(BookingError::BeyondHorizon))),
        "{far:?}"
    );
    let night = try_book(&db, &f, TUE_10 - 8 * HOUR, "c").await;
    assert!(
        matches!(
            night,
            Err(BookError::Rules(BookingError::OutsideWorkingHours))
        ),
        "{night:?}"
    );
    // Booked for tomorrow 10:00; 12 hours before it the patient can no longer cancel online.
    let booked = try_book(&db, &f, TUE_10, "d").await.expect("book");
    let late = TUE_10 - 11 * HOUR;
    let refused = cancel_own(&db, f.patients[0], booked.id, "", "127.0.0.1", late).await;
    assert!(
        matches!(
            refused,
            Err(ChangeError::Denied(ChangeDenied::InsideCancelWindow { .. }))
        ),
        "{refused:?}"
    );
    cancel_own(&db, f.patients[0], booked.id, "Заболел", "127.0.0.1", NOW)
        .await
        .expect("cancel in time");
    assert_eq!(active_rows(&db).await, 0);
    let twice = cancel_own(&db, f.patients[0], booked.id, "", "127.0.0.1", NOW).await;
    assert!(
        matches!(
            twice,
            Err(ChangeError::Denied(ChangeDenied::AlreadyCancelled))
        ),
        "{twice:?}"
    );
    let audit: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'appointment' AND entity_id = $1",
    )
    .bind(booked.id.get())
    .fetch_one(db.pool())
    .await
    .expect("audit");
    assert_eq!(audit, 2, "create and cancel are audited");
});

both_engines!(only_the_owner_changes_a_visit, |db: Db| async move {
    let f = fixture(&db, false).await;
    let booked = try_book(&db, &f, TUE_10, "a").await.expect("book");
    let stranger = f.patients[1];
    let cancel = cancel_own(&db, stranger, booked.id, "", "127.0.0.1", NOW).await;
    assert!(matches!(cancel, Err(ChangeError::NotFound)), "{cancel:?}");
    let moved = reschedule_own(
        &db,
        stranger,
        booked.id,
        TUE_10 + 4 * HOUR,
        "127.0.0.1",
        NOW,
    )
    .await;
    assert!(matches!(moved, Err(ChangeError::NotFound)), "{moved:?}");
    let missing = cancel_own(
        &db,
        f.patients[0],
        AppointmentId::new(booked.id.get() + 1000),
        "",
        "127.0.0.1",
        NOW,
    )
    .await;
    assert!(matches!(missing, Err(ChangeError::NotFound)), "{missing:?}");
    assert_eq!(active_rows(&db).await, 1);
});

both_engines!(
    parallel;
    reschedule_is_atomic_under_a_competing_booking,
    |db: Db| async move {
        let f = fixture(&db, false).await;
        let booked = try_book(&db, &f, TUE_10, "a").await.expect("book");
        // A visit may move by less than its own length (its own time does not block it).
        reschedule_own(
            &db,
            f.patients[0],
            booked.id,
            TUE_10 + HOUR / 2,
            "127.0.0.1",
            NOW,
        )
        .await
        .expect("small move");
        let target = TUE_10 + 4 * HOUR;
        let mover = {
            let db = db.clone();
            let patient = f.patients[0];
            tokio::spawn(async move {
                reschedule_own(&db, patient, booked.id, target, "127.0.0.1", NOW).await
            })
        };
        let mut rival = request(&f, f.plain, Some(f.specialists[0]), target, "b");
        rival.patient = Patient::Account(f.patients[1]);
        let rival = book(&db, &rival, NOW).await;
        let moved = mover.await.expect("task");
        match (&moved, &rival) {
            (Ok(()), Err(BookError::Taken)) | (Err(ChangeError::Taken), Ok(_)) => {}
            other => panic!("exactly one must get the time: {other:?}"),
        }
        let start: i64 = sqlx::query_scalar(
            "SELECT start_at FROM appointments WHERE id = $1 AND status = 'confirmed'",
        )
        .bind(booked.id.get())
        .fetch_one(db.pool())
        .await
        .expect("the moved visit is still active");
        let expected = if moved.is_ok() {
            target
        } else {
            TUE_10 + HOUR / 2
        };
        assert_eq!(start, expected, "a lost move keeps the old time");
        let rows = if moved.is_ok() { 1 } else { 2 };
        assert_eq!(
            active_rows(&db).await,
            rows,
            "no second visit at the contested time"
        );
    }
);

both_engines!(guest_is_found_by_phone, |db: Db| async move {
    let f = fixture(&db, false).await;
    let guest = |phone: &str| Patient::Guest {
        name: PersonName::parse("Анна Петрова").expect("name"),
        phone: Phone::parse(phone).expect("phone"),
        consent: Consent {
            text_version_hash: "v1".into(),
            purposes: "booking",
            ip: "127.0.0.1".into(),
            user_agent: Some("test".into()),
        },
        proof: None,
    };
    let mut first = request(&f, f.plain, Some(f.specialists[0]), TUE_10, "a");
    first.patient = guest("8 (916) 123-45-67");
    first.actor = None;
    let mut second = request(&f, f.plain, Some(f.specialists[1]), TUE_10, "b");
    second.patient = guest("+7 916 1234567");
    second.actor = None;
    book(&db, &first, NOW).await.expect("first");
    book(&db, &second, NOW).await.expect("second");
    let patients: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT patient_id) FROM appointments")
        .fetch_one(db.pool())
        .await
        .expect("patients");
    assert_eq!(patients, 1, "one person, however the phone is written");
    let consents: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM consent_records c JOIN users u ON u.id = c.user_id WHERE u.phone = '+79161234567'",
    )
    .fetch_one(db.pool())
    .await
    .expect("consents");
    assert_eq!(
        consents, 2,
        "each booking records the consent given with it"
    );
});

both_engines!(one_phone_holds_few_guest_visits, |db: Db| async move {
    let f = fixture(&db, false).await;
    let guest = || Patient::Guest {
        name: PersonName::parse("Анна Петрова").expect("name"),
        phone: Phone::parse("+7 916 765-43-21").expect("phone"),
        consent: Consent {
            text_version_hash: "v1".into(),
            purposes: "booking",
            ip: "127.0.0.1".into(),
            user_agent: None,
        },
        proof: None,
    };
    // A script books hour after hour for one phone: the first three pass, then no more.
    for (n, hour) in (0..4).enumerate() {
        let mut next = request(
            &f,
            f.plain,
            Some(f.specialists[0]),
            TUE_10 + hour * 2 * HOUR,
            &format!("g{n}"),
        );
        next.patient = guest();
        next.actor = None;
        let result = book(&db, &next, NOW).await;
        if n < 3 {
            result.expect("a family's few visits");
        } else {
            assert!(matches!(result, Err(BookError::GuestLimit)), "{result:?}");
        }
    }
    let visits: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointments a JOIN users u ON u.id = a.patient_id \
          WHERE u.phone = '+79167654321'",
    )
    .fetch_one(db.pool())
    .await
    .expect("visits");
    assert_eq!(visits, 3);
    // A signed-in patient is not limited this way.
    let mut own = request(&f, f.plain, Some(f.specialists[1]), TUE_10, "own");
    own.start = TUE_10 + 6 * HOUR;
    book(&db, &own, NOW).await.expect("an account's booking");
});
