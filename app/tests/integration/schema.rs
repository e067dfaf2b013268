//! The schema on both engines: the database itself refuses overlapping active appointments of
//! one specialist or one room (buffers included), and accepts back-to-back and cancelled rows.

use app::both_engines;
use app::server::db::{is_overlap_violation, Db};

/// Minimal fixtures: a patient, a clinic with a room, two specialists and a service.
struct Fixture {
    patient: i64,
    clinic: i64,
    room: i64,
    specialists: [i64; 2],
    service: i64,
}

async fn fixture(db: &Db) -> Fixture {
    let pool = db.pool();
    let id = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
    let patient = id("INSERT INTO users (phone, full_name, created_at, updated_at) VALUES ('+79990000001', 'Пациент', 0, 0) RETURNING id")
        .fetch_one(pool).await.expect("patient");
    let clinic = id("INSERT INTO clinics (slug, name, name_en, address, address_en, phone, tz, lat, lon, created_at) \
                     VALUES ('c', 'К', 'C', 'А', 'A', '+74950000000', 'Europe/Moscow', 55.7, 37.6, 0) RETURNING id")
        .fetch_one(pool).await.expect("clinic");
    let room = sqlx::query_scalar::<_, i64>(
        "INSERT INTO rooms (clinic_id, name) VALUES ($1, 'Кабинет') RETURNING id",
    )
    .bind(clinic)
    .fetch_one(pool)
    .await
    .expect("room");
    let mut specialists = [0; 2];
    for (n, slot) in specialists.iter_mut().enumerate() {
        let user = sqlx::query_scalar::<_, i64>(
            "INSERT INTO users (phone, full_name, created_at, updated_at) VALUES ($1, 'Врач', 0, 0) RETURNING id")
            .bind(format!("+7999000001{n}")).fetch_one(pool).await.expect("user");
        *slot = sqlx::query_scalar::<_, i64>(
            "INSERT INTO specialists (user_id, slug, title, title_en) VALUES ($1, $2, 'Т', 'T') RETURNING id")
            .bind(user).bind(format!("s{n}")).fetch_one(pool).await.expect("specialist");
    }
    let category = id(
        "INSERT INTO service_categories (slug, name, name_en) VALUES ('k', 'К', 'C') RETURNING id",
    )
    .fetch_one(pool)
    .await
    .expect("category");
    let service = sqlx::query_scalar::<_, i64>(
        "INSERT INTO services (category_id, slug, name, name_en, duration_min, price_kopecks) \
         VALUES ($1, 'svc', 'У', 'S', 60, 250000) RETURNING id",
    )
    .bind(category)
    .fetch_one(pool)
    .await
    .expect("service");
    Fixture {
        patient,
        clinic,
        room,
        specialists,
        service,
    }
}

/// Inserts an appointment whose blocked interval is [block_start, block_end) (hours * 3600).
async fn insert(
    db: &Db,
    f: &Fixture,
    specialist: i64,
    room: Option<i64>,
    (block_start, block_end): (i64, i64),
    status: &str,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO appointments (patient_id, specialist_id, service_id, clinic_id, room_id, start_at, end_at, \
             block_start, block_end, status, price_kopecks, source, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $7, $8, 250000, 'web', 0, 0) RETURNING id",
    )
    .bind(f.patient).bind(specialist).bind(f.service).bind(f.clinic).bind(room)
    .bind(block_start).bind(block_end).bind(status.to_string())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

const H: i64 = 3600;

both_engines!(
    overlapping_active_visit_of_one_specialist_is_refused,
    |db: Db| async move {
        let f = fixture(&db).await;
        let [a, _] = f.specialists;
        insert(&db, &f, a, None, (10 * H, 11 * H), "scheduled")
            .await
            .expect("first visit");
        let err = insert(
            &db,
            &f,
            a,
            None,
            (10 * H + 1800, 11 * H + 1800),
            "confirmed",
        )
        .await
        .unwrap_err();
        assert!(
            is_overlap_violation(&err),
            "expected the database to refuse, got {err:?}"
        );
        // Fully inside and fully around are refused too.
        assert!(
            insert(&db, &f, a, None, (10 * H + 600, 10 * H + 1200), "scheduled")
                .await
                .is_err()
        );
        assert!(insert(&db, &f, a, None, (9 * H, 12 * H), "scheduled")
            .await
            .is_err());
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments")
            .fetch_one(db.pool())
            .await
            .expect("count");
        assert_eq!(count, 1);
    }
);

both_engines!(
    back_to_back_and_other_specialists_are_accepted,
    |db: Db| async move {
        let f = fixture(&db).await;
        let [a, b] = f.specialists;
        insert(&db, &f, a, None, (10 * H, 11 * H), "confirmed")
            .await
            .expect("first");
        insert(&db, &f, a, None, (11 * H, 12 * H), "confirmed")
            .await
            .expect("back-to-back after");
        insert(&db, &f, a, None, (9 * H, 10 * H), "scheduled")
            .await
            .expect("back-to-back before");
        insert(&db, &f, b, None, (10 * H, 11 * H), "scheduled")
            .await
            .expect("another specialist, same time");
    }
);

both_engines!(inactive_statuses_never_block, |db: Db| async move {
    let f = fixture(&db).await;
    let [a, _] = f.specialists;
    for status in ["cancelled", "completed", "no_show"] {
        insert(&db, &f, a, None, (10 * H, 11 * H), status)
            .await
            .expect(status);
    }
    insert(&db, &f, a, None, (10 * H, 11 * H), "scheduled")
        .await
        .expect("active over inactive rows");
    insert(&db, &f, a, None, (10 * H, 11 * H), "cancelled")
        .await
        .expect("cancelled over an active row");
});

both_engines!(
    one_room_cannot_host_two_overlapping_visits,
    |db: Db| async move {
        let f = fixture(&db).await;
        let [a, b] = f.specialists;
        insert(&db, &f, a, Some(f.room), (10 * H, 11 * H), "confirmed")
            .await
            .expect("first in room");
        let err = insert(
            &db,
            &f,
            b,
            Some(f.room),
            (10 * H + 1800, 11 * H + 1800),
            "scheduled",
        )
        .await
        .unwrap_err();
        assert!(
            is_overlap_violation(&err),
            "expected the room guarantee, got {err:?}"
        );
        insert(&db, &f, b, Some(f.room), (11 * H, 12 * H), "scheduled")
            .await
            .expect("room back-to-back");
        insert(&db, &f, b, None, (10 * H, 11 * H), "scheduled")
            .await
            .expect("same time, no room");
    }
);

both_engines!(
    reactivating_into_an_overlap_is_refused,
    |db: Db| async move {
        let f = fixture(&db).await;
        let [a, _] = f.specialists;
        insert(&db, &f, a, None, (10 * H, 11 * H), "confirmed")
            .await
            .expect("active");
        let cancelled = insert(&db, &f, a, None, (10 * H, 11 * H), "cancelled")
            .await
            .expect("cancelled");
        let err = sqlx::query("UPDATE appointments SET status = 'scheduled' WHERE id = $1")
            .bind(cancelled)
            .execute(db.pool())
            .await
            .unwrap_err();
        assert!(is_overlap_violation(&err), "got {err:?}");
        // Moving an active visit onto another one is refused as well.
        let other = insert(&db, &f, a, None, (12 * H, 13 * H), "scheduled")
            .await
            .expect("other");
        let err =
            sqlx::query("UPDATE appointments SET block_start = $1, start_at = $1 WHERE id = $2")
                .bind(10 * H + 1800)
                .bind(other)
                .execute(db.pool())
                .await
                .unwrap_err();
        assert!(is_overlap_violation(&err), "got {err:?}");
    }
);

both_engines!(check_constraints_reject_bad_rows, |db: Db| async move {
    let f = fixture(&db).await;
    let [a, _] = f.specialists;
    assert!(
        insert(&db, &f, a, None, (11 * H, 10 * H), "scheduled")
            .await
            .is_err(),
        "end before start"
    );
    assert!(
        insert(&db, &f, a, None, (10 * H, 11 * H), "booked")
            .await
            .is_err(),
        "unknown status"
    );
});

both_engines!(
    overlap_checks_reach_back_twelve_hours_and_no_further_is_needed,
    |db: Db| async move {
        let f = fixture(&db).await;
        let [a, b] = f.specialists;
        // The longest allowed block (12 h) still blocks a visit in its last hour.
        insert(&db, &f, a, Some(f.room), (0, 12 * H), "confirmed")
            .await
            .expect("a 12-hour block");
        let err = insert(&db, &f, a, None, (11 * H, 13 * H), "scheduled")
            .await
            .unwrap_err();
        assert!(is_overlap_violation(&err), "specialist: {err:?}");
        let err = insert(
            &db,
            &f,
            b,
            Some(f.room),
            (11 * H + 1800, 12 * H + 1800),
            "scheduled",
        )
        .await
        .unwrap_err();
        assert!(is_overlap_violation(&err), "room: {err:?}");
        // A block longer than 12 hours is refused outright, active or not.
        for status in ["scheduled", "completed"] {
            let long = insert(&db, &f, b, None, (100 * H, 112 * H + 1), status).await;
            assert!(long.is_err(), "a {status} block over 12 hours was stored");
        }
        insert(&db, &f, b, None, (100 * H, 101 * H), "scheduled")
            .await
            .expect("an ordinary visit after the refusals");
    }
);

/// Migration 0013 rebuilds two SQLite tables (a column's NOT NULL and a CHECK cannot change in
/// place): every row and value of a database made before it survives, and existing accounts
/// keep their phones.
#[tokio::test]
async fn proven_phones_migration_keeps_every_row_on_sqlite() {
    use std::borrow::Cow;
    let path = std::env::temp_dir().join(format!("priyom_0013_{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let db = Db::connect(&format!("sqlite://{}?mode=rwc", path.display()), 2)
        .await
        .expect("open");
    let mut before = sqlx::migrate!("../migrations/sqlite");
    before.migrations = Cow::Owned(
        before
            .migrations
            .iter()
            .filter(|m| m.version < 13)
            .cloned()
            .collect(),
    );
    before.run(db.pool()).await.expect("migrations 1-12");
    for sql in [
        "INSERT INTO users (id, phone, full_name, password_hash, created_at, updated_at) \
         VALUES (1, '+79160000001', 'Анна', 'hash', 100, 100), \
                (2, '+79160000002', 'Гость', NULL, 200, 200)",
        "INSERT INTO notifications (id, user_id, channel, address, kind, payload, status, \
                attempts, due_at, created_at, updated_at, body) \
         VALUES (7, 1, 'in_app', NULL, 'reminder', '{\"start\":5}', 'sent', 1, 10, 10, 11, 'Напоминание')",
        "INSERT INTO one_time_tokens (token_hash, purpose, user_id, created_at, expires_at) \
         VALUES ('abc', 'password_reset', 1, 1, 2)",
    ] {
        sqlx::query(sql).execute(db.pool()).await.expect(sql);
    }
    db.migrate().await.expect("migration 13");
    let row = sqlx::query_as::<_, (i64, String, String, String, String, i64)>(
        "SELECT user_id, kind, payload, status, body, updated_at FROM notifications WHERE id = 7",
    )
    .fetch_one(db.pool())
    .await
    .expect("the notification is still there");
    assert_eq!(
        row,
        (
            1,
            "reminder".into(),
            "{\"start\":5}".into(),
            "sent".into(),
            "Напоминание".into(),
            11
        )
    );
    let tokens: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM one_time_tokens WHERE token_hash = 'abc'")
            .fetch_one(db.pool())
            .await
            .expect("tokens");
    assert_eq!(tokens, 1);
    let verified: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT id, phone_verified_at FROM users ORDER BY id")
            .fetch_all(db.pool())
            .await
            .expect("users");
    assert_eq!(verified, vec![(1, Some(100)), (2, None)]);
    // The new kinds and a message to a number without an account are accepted now.
    sqlx::query(
        "INSERT INTO notifications (user_id, channel, address, kind, due_at, created_at, updated_at) \
         VALUES (NULL, 'sms', '79160000003', 'phone_code', 1, 1, 1)",
    )
    .execute(db.pool())
    .await
    .expect("a code SMS to a new number");
    db.pool().close().await;
    let _ = std::fs::remove_file(&path);
}
