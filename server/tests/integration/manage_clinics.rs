//! Managers edit their clinics over HTTP on both engines: field-specific errors, the profile
//! and opening hours saved and shown on the public page, clinics outside the manager's scope
//! refused, rooms added, renamed and closed without touching past visits. Audited.

use crate::support::{app, narrow_manager, post_owned as post, scalar, signed_in, Browser};
use app::both_engines;
use app::server::db::Db;
use axum::http::StatusCode;

const MANAGER: &str = "+79000000004";
const OPERATOR: &str = "+79000000003";

/// The demo manager runs every clinic; narrowed here to the first, which is returned with
/// one they no longer run. Called before signing in.
async fn clinics(db: &Db) -> (i64, i64) {
    let own = narrow_manager(db).await;
    let other = scalar(
        db,
        &format!("SELECT MIN(id) FROM clinics WHERE id <> {own}"),
    )
    .await;
    (own, other)
}

fn profile(id: i64, address: &str, tz: &str, monday: &str) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("id", id.to_string()),
        ("name", "Приём на Чистых прудах".into()),
        ("name_en", "Priyom Chistye Prudy".into()),
        ("address", address.into()),
        ("address_en", "Moscow, Pokrovka, 3".into()),
        ("phone", "8 495 123-45-67".into()),
        ("email", "".into()),
        ("tz", tz.into()),
        ("lat", "55,7601".into()),
        ("lon", "37.6454".into()),
        ("hours_0", monday.into()),
    ];
    for day in ["hours_1", "hours_2", "hours_3", "hours_4"] {
        fields.push((day, "09:00–21:00".into()));
    }
    fields.push(("hours_5", "10:00–18:00".into()));
    fields.push(("hours_6", "".into()));
    fields
}

both_engines!(
    a_manager_edits_the_clinic_profile_and_hours,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let (own, other) = clinics(&db).await;
        let mut operator = signed_in(&router, OPERATOR).await;
        let refused = post(
            &mut operator,
            &router,
            "/api/manage/clinic",
            &profile(own, "Москва, Покровка, 3", "Europe/Moscow", ""),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        let mut manager = signed_in(&router, MANAGER).await;
        let bad = post(
            &mut manager,
            &router,
            "/api/manage/clinic",
            &profile(own, " ", "Moscow", "21:00–09:00"),
        )
        .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        for field in ["\"address\"", "\"tz\"", "\"hours_0\""] {
            assert!(bad.body.contains(field), "{field}: {}", bad.body);
        }
        let elsewhere = post(
            &mut manager,
            &router,
            "/api/manage/clinic",
            &profile(other, "Москва, Покровка, 3", "Europe/Moscow", ""),
        )
        .await;
        assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);

        let saved = post(
            &mut manager,
            &router,
            "/api/manage/clinic",
            &profile(own, "Москва, Покровка, 3", "Europe/Moscow", ""),
        )
        .await;
        assert!(
            saved.status.is_success() || saved.status.is_redirection(),
            "{}",
            saved.body
        );
        let address: String = sqlx::query_scalar("SELECT address FROM clinics WHERE id = $1")
            .bind(own)
            .fetch_one(db.pool())
            .await
            .expect("address");
        assert_eq!(address, "Москва, Покровка, 3");
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT COUNT(*) FROM clinic_hours WHERE clinic_id = {own}")
            )
            .await,
            5,
            "Monday and Sunday closed"
        );
        assert_eq!(
            scalar(
                &db,
                &format!(
                    "SELECT open_min FROM clinic_hours WHERE clinic_id = {own} AND weekday = 5"
                )
            )
            .await,
            600
        );
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'clinic.update'"
            )
            .await,
            1
        );
        let slug: String = sqlx::query_scalar("SELECT slug FROM clinics WHERE id = $1")
            .bind(own)
            .fetch_one(db.pool())
            .await
            .expect("slug");
        let public = Browser::new()
            .get(&router, &format!("/clinics/{slug}"))
            .await;
        assert!(
            public.body.contains("Москва, Покровка, 3"),
            "the public page follows"
        );
        let page = manager.get(&router, "/manage/clinics").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("10:00–18:00"),
            "the hours render on the server"
        );
    }
);

both_engines!(
    rooms_are_added_renamed_and_closed_keeping_history,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let (own, other) = clinics(&db).await;
        let mut manager = signed_in(&router, MANAGER).await;
        let add = |clinic: i64, name: &str| {
            vec![("clinic", clinic.to_string()), ("name", name.to_string())]
        };

        let added = post(
            &mut manager,
            &router,
            "/api/manage/room-add",
            &add(own, "Кабинет 9"),
        )
        .await;
        assert!(
            added.status.is_success() || added.status.is_redirection(),
            "{}",
            added.body
        );
        let room = scalar(
            &db,
            &format!("SELECT id FROM rooms WHERE clinic_id = {own} AND name = 'Кабинет 9'"),
        )
        .await;
        let twice = post(
            &mut manager,
            &router,
            "/api/manage/room-add",
            &add(own, "Кабинет 9"),
        )
        .await;
        assert_eq!(twice.status, StatusCode::BAD_REQUEST);
        assert!(twice.body.contains("\"name\""), "{}", twice.body);
        let blank = post(
            &mut manager,
            &router,
            "/api/manage/room-add",
            &add(own, "  "),
        )
        .await;
        assert_eq!(blank.status, StatusCode::BAD_REQUEST);
        let elsewhere = post(
            &mut manager,
            &router,
            "/api/manage/room-add",
            &add(other, "Кабинет 10"),
        )
        .await;
        assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);

        // Closing a room that has visits keeps them; the room is no longer offered.
        let used = scalar(
        &db,
        &format!("SELECT COALESCE(MIN(room_id), 0) FROM appointments WHERE clinic_id = {own} AND room_id IS NOT NULL"),
    )
    .await;
        let target = if used > 0 { used } else { room };
        let visits = scalar(
            &db,
            &format!("SELECT COUNT(*) FROM appointments WHERE room_id = {target}"),
        )
        .await;
        let close = vec![
            ("id", target.to_string()),
            ("name", "Кабинет на ремонте".to_string()),
        ];
        let closed = post(&mut manager, &router, "/api/manage/room", &close).await;
        assert!(
            closed.status.is_success() || closed.status.is_redirection(),
            "{}",
            closed.body
        );
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT active FROM rooms WHERE id = {target}")
            )
            .await,
            0
        );
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT COUNT(*) FROM appointments WHERE room_id = {target}")
            )
            .await,
            visits
        );
        let reopen = vec![
            ("id", target.to_string()),
            ("name", "Кабинет после ремонта".to_string()),
            ("active", "on".to_string()),
        ];
        let reopened = post(&mut manager, &router, "/api/manage/room", &reopen).await;
        assert!(
            reopened.status.is_success() || reopened.status.is_redirection(),
            "{}",
            reopened.body
        );
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT active FROM rooms WHERE id = {target}")
            )
            .await,
            1
        );

        let foreign = scalar(
            &db,
            &format!("SELECT MIN(id) FROM rooms WHERE clinic_id = {other}"),
        )
        .await;
        let refused = post(
            &mut manager,
            &router,
            "/api/manage/room",
            &[("id", foreign.to_string()), ("name", "X".to_string())],
        )
        .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE action IN ('room.create', 'room.update')"
            )
            .await,
            3
        );
    }
);

both_engines!(
    booking_rules_are_checked_field_by_field_and_used,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let (own, other) = clinics(&db).await;
        let mut manager = signed_in(&router, MANAGER).await;
        let rules = |clinic: i64, step: &str, horizon: &str| {
            vec![
                ("clinic", clinic.to_string()),
                ("step_min", step.to_string()),
                ("min_notice_min", "120".to_string()),
                ("horizon_days", horizon.to_string()),
                ("cancel_notice_min", "720".to_string()),
            ]
        };
        let bad = post(
            &mut manager,
            &router,
            "/api/manage/policy",
            &rules(own, "0", "много"),
        )
        .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(
            bad.body.contains("\"step_min\"") && bad.body.contains("\"horizon_days\""),
            "{}",
            bad.body
        );
        let elsewhere = post(
            &mut manager,
            &router,
            "/api/manage/policy",
            &rules(other, "15", "30"),
        )
        .await;
        assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
        let saved = post(
            &mut manager,
            &router,
            "/api/manage/policy",
            &rules(own, "15", "30"),
        )
        .await;
        assert!(
            saved.status.is_success() || saved.status.is_redirection(),
            "{}",
            saved.body
        );
        let stored: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT step_min, min_notice_min, horizon_days, cancel_notice_min FROM booking_policies \
          WHERE clinic_id = $1 AND service_id IS NULL",
    )
    .bind(own)
    .fetch_one(db.pool())
    .await
    .expect("one clinic-wide policy");
        assert_eq!(stored, (15, 120, 30, 720));
        assert_eq!(
        scalar(&db, &format!("SELECT COUNT(*) FROM booking_policies WHERE clinic_id = {own} AND service_id IS NULL")).await,
        1
    );
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'policy.update'"
            )
            .await,
            1
        );
    }
);

// Regression: the demo data bound i32 hours to the statement the editor binds i64 to, and
// PostgreSQL, which caches a statement per connection with its first parameter types,
// refused the editor's save on the seeding connection ("incorrect binary data format").
both_engines!(
    every_clinic_saves_right_after_the_demo_data,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let mut manager = signed_in(&router, MANAGER).await;
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM clinics ORDER BY id")
            .fetch_all(db.pool())
            .await
            .expect("clinics");
        for round in 0..3 {
            for &id in &ids {
                let saved = post(
                    &mut manager,
                    &router,
                    "/api/manage/clinic",
                    &profile(id, "Москва, Покровка, 3", "Europe/Moscow", "08:00–20:00"),
                )
                .await;
                assert!(
                    saved.status.is_redirection() || saved.status.is_success(),
                    "clinic {id}, round {round}: {} {}",
                    saved.status,
                    saved.body
                );
            }
        }
    }
);
