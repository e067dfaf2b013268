//! The front desk and the other back-office functions over HTTP on both engines: a role ×
//! action matrix (patients and specialists are refused everything, guests must sign in,
//! operators see only their clinics), booking a caller, the audited visit card, the CSV.

use crate::support::{app, call, scalar, signed_in, Browser, Call};
use app::both_engines;
use app::server::db::Db;
use axum::http::StatusCode;

const PATIENT: &str = "+79000000001";
const SPECIALIST: &str = "+79000000002";
const OPERATOR: &str = "+79000000003";
const ADMIN: &str = "+79000000005";

/// Every back-office call.
fn calls(visit: &str) -> Vec<Call> {
    vec![
        (
            "GET",
            "/api/desk/board?lang=Ru&clinic=&date=".into(),
            vec![],
        ),
        ("GET", format!("/api/desk/visit?lang=Ru&id={visit}"), vec![]),
        ("GET", "/api/desk/callers?q=Белова".into(), vec![]),
        ("GET", "/api/desk/clinics?lang=Ru".into(), vec![]),
        ("GET", "/api/desk/book-key".into(), vec![]),
        (
            "GET",
            "/api/desk/visits?lang=Ru&clinic=&status=&payment=&source=&from=&to=&sort=&page=1"
                .into(),
            vec![],
        ),
        ("GET", "/frontdesk/visits.csv".into(), vec![]),
        ("GET", "/api/reviews/queue".into(), vec![]),
        ("GET", "/api/admin/outbox?status=".into(), vec![]),
        (
            "POST",
            "/api/desk/status".into(),
            vec![("id", visit.to_string()), ("status", "cancelled".into())],
        ),
        (
            "POST",
            "/api/desk/reschedule".into(),
            vec![("id", visit.to_string()), ("start", "0".into())],
        ),
        (
            "POST",
            "/api/desk/book".into(),
            vec![
                ("key", "0".repeat(64)),
                ("clinic", "x".into()),
                ("service", "y".into()),
            ],
        ),
        (
            "POST",
            "/api/reviews/moderate".into(),
            vec![("id", "1".into()), ("decision", "publish".into())],
        ),
        (
            "POST",
            "/api/admin/outbox-retry".into(),
            vec![("id", "1".into())],
        ),
    ]
}

both_engines!(
    back_office_refuses_every_role_that_must_not_use_it,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let visit = scalar(
            &db,
            "SELECT MIN(id) FROM appointments WHERE status IN ('scheduled', 'confirmed')",
        )
        .await
        .to_string();
        let calls = calls(&visit);
        for phone in [PATIENT, SPECIALIST] {
            let mut browser = signed_in(&router, phone).await;
            for c in &calls {
                assert_eq!(
                    call(&mut browser, &router, c).await,
                    StatusCode::FORBIDDEN,
                    "{phone} {} {}",
                    c.0,
                    c.1
                );
            }
            let page = browser.get(&router, "/frontdesk").await;
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "{phone} front desk page"
            );
        }
        let mut guest = Browser::new();
        for c in &calls {
            assert_eq!(
                call(&mut guest, &router, c).await,
                StatusCode::UNAUTHORIZED,
                "guest {} {}",
                c.0,
                c.1
            );
        }
        let page = guest.get(&router, "/frontdesk").await;
        assert_eq!(page.location(), Some("/signin?next=/frontdesk"));
        // The visit was left alone by all of them.
        let status: String = sqlx::query_scalar("SELECT status FROM appointments WHERE id = $1")
            .bind(visit.parse::<i64>().expect("id"))
            .fetch_one(db.pool())
            .await
            .expect("status");
        assert_ne!(status, "cancelled");
    }
);

both_engines!(operators_see_only_their_clinics, |db: Db| async move {
    let router = app(db.clone()).await;
    let mut operator = signed_in(&router, OPERATOR).await;
    let own = scalar(&db, "SELECT MIN(id) FROM clinics").await;
    let other_slug: String =
        sqlx::query_scalar("SELECT slug FROM clinics WHERE id <> $1 ORDER BY id LIMIT 1")
            .bind(own)
            .fetch_one(db.pool())
            .await
            .expect("second clinic");
    let elsewhere = scalar(
        &db,
        &format!("SELECT MIN(id) FROM appointments WHERE clinic_id <> {own}"),
    )
    .await;
    let here = scalar(
        &db,
        &format!("SELECT MIN(id) FROM appointments WHERE clinic_id = {own}"),
    )
    .await;

    let board = operator
        .get(
            &router,
            &format!("/api/desk/board?lang=Ru&clinic={other_slug}&date="),
        )
        .await;
    assert_eq!(board.status, StatusCode::NOT_FOUND);
    let card = operator
        .get(&router, &format!("/api/desk/visit?lang=Ru&id={elsewhere}"))
        .await;
    assert_eq!(card.status, StatusCode::NOT_FOUND);
    let change = operator
        .post(
            &router,
            "/api/desk/status",
            &[("id", &elsewhere.to_string()), ("status", "cancelled")],
        )
        .await;
    assert_eq!(change.status, StatusCode::NOT_FOUND);
    let moved = operator
        .post(
            &router,
            "/api/desk/reschedule",
            &[("id", &elsewhere.to_string()), ("start", "0")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::NOT_FOUND);

    // Their own: the card shows the patient, and the view is in the audit log.
    let before = scalar(
        &db,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'patient.view'",
    )
    .await;
    let card = operator
        .get(&router, &format!("/api/desk/visit?lang=Ru&id={here}"))
        .await;
    assert_eq!(card.status, StatusCode::OK, "{}", card.body);
    assert!(card.body.contains("\"phone\":\"+7 "), "{}", card.body);
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'patient.view'"
        )
        .await,
        before + 1
    );
    let page = operator.get(&router, "/frontdesk").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("board-col"),
        "the board renders on the server"
    );

    // The export holds only their clinic's visits, and says so in the audit log.
    let csv = operator.get(&router, "/frontdesk/visits.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let own_name: String = sqlx::query_scalar("SELECT name FROM clinics WHERE id = $1")
        .bind(own)
        .fetch_one(db.pool())
        .await
        .expect("name");
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(
        lines[0].starts_with("\u{feff}Когда;Пациент;Телефон"),
        "{}",
        lines[0]
    );
    let own_count = scalar(
        &db,
        &format!("SELECT COUNT(*) FROM appointments WHERE clinic_id = {own}"),
    )
    .await;
    assert_eq!(lines.len() as i64 - 1, own_count);
    assert!(lines[1..].iter().all(|l| l.contains(&own_name)));
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'appointments.export'"
        )
        .await,
        1
    );

    // The admin sees every clinic.
    let mut admin = signed_in(&router, ADMIN).await;
    let all = admin.get(&router, "/frontdesk/visits.csv").await;
    let total = scalar(&db, "SELECT COUNT(*) FROM appointments").await;
    assert_eq!(all.body.lines().count() as i64 - 1, total);
});

both_engines!(
    an_operator_books_a_caller_with_consent_taken_on_the_phone,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let mut operator = signed_in(&router, OPERATOR).await;
        let clinic: String = sqlx::query_scalar("SELECT slug FROM clinics ORDER BY id LIMIT 1")
            .fetch_one(db.pool())
            .await
            .expect("clinic");
        // A free time from the same engine the page uses.
        let slots = app::server::seed::bench_slots(&db, app::server::now_unix(), 40)
            .await
            .expect("slots");
        let slot = slots
            .iter()
            .find(|s| s.clinic == clinic)
            .expect("a free time at the clinic");
        let chosen = format!("{}@{}", slot.specialist, slot.start);
        let key = "ab".repeat(32);
        let base = vec![
            ("key", key.as_str()),
            ("clinic", clinic.as_str()),
            ("service", slot.service.as_str()),
            ("slot", chosen.as_str()),
            ("full_name", "Звонкий Звонарёв"),
            ("phone", "8 916 777-00-11"),
        ];
        let refused = operator.post(&router, "/api/desk/book", &base).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("consent"), "{}", refused.body);
        let mut with_consent = base.clone();
        with_consent.push(("consent", "yes"));
        let booked = operator
            .post(&router, "/api/desk/book", &with_consent)
            .await;
        assert!(
            booked.status.is_success() || booked.status.is_redirection(),
            "{}",
            booked.body
        );
        let row: (String, i64) = sqlx::query_as(
            "SELECT a.source, c.recorded_by FROM appointments a \
           JOIN users u ON u.id = a.patient_id \
           JOIN consent_records c ON c.user_id = u.id \
          WHERE u.phone = '+79167770011'",
        )
        .fetch_one(db.pool())
        .await
        .expect("booked visit");
        let operator_id = scalar(&db, "SELECT id FROM users WHERE phone = '+79000000003'").await;
        assert_eq!(row, ("operator".to_string(), operator_id));
        // The same form again books nothing new.
        operator
            .post(&router, "/api/desk/book", &with_consent)
            .await;
        assert_eq!(
        scalar(&db, "SELECT COUNT(*) FROM appointments a JOIN users u ON u.id = a.patient_id WHERE u.phone = '+79167770011'").await,
        1
    );
    }
);

both_engines!(
    an_operator_moves_a_visit_and_the_patient_is_told,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let mut operator = signed_in(&router, OPERATOR).await;
        let own: String = sqlx::query_scalar("SELECT slug FROM clinics ORDER BY id LIMIT 1")
            .fetch_one(db.pool())
            .await
            .expect("clinic");
        let slots = app::server::seed::bench_slots(&db, app::server::now_unix(), 400)
            .await
            .expect("slots");
        // Two free times of one specialist for one service at the operator's clinic.
        let (first, second) = slots
            .iter()
            .filter(|a| a.clinic == own)
            .find_map(|a| {
                slots
                    .iter()
                    .find(|b| {
                        (&b.clinic, &b.service, &b.specialist)
                            == (&a.clinic, &a.service, &a.specialist)
                            && b.start > a.start
                    })
                    .map(|b| (a, b))
            })
            .expect("two free times of one specialist");
        let chosen = format!("{}@{}", first.specialist, first.start);
        let form = [
            ("key", "cd".repeat(32)),
            ("clinic", own.clone()),
            ("service", first.service.clone()),
            ("slot", chosen),
            ("full_name", "Переносимый Пациент".into()),
            ("phone", "8 916 777-00-22".into()),
            ("consent", "yes".into()),
        ];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let booked = operator.post(&router, "/api/desk/book", &form).await;
        assert!(
            booked.status.is_redirection() || booked.status.is_success(),
            "{}",
            booked.body
        );
        let visit = scalar(
            &db,
            "SELECT a.id FROM appointments a JOIN users u ON u.id = a.patient_id \
              WHERE u.phone = '+79167770022'",
        )
        .await;
        let id = visit.to_string();

        // A time that is not offered is refused and the visit stays where it was.
        let odd = (first.start + 7 * 60).to_string();
        let refused = operator
            .post(
                &router,
                "/api/desk/reschedule",
                &[("id", &id), ("start", &odd)],
            )
            .await;
        assert!(refused.status.is_client_error(), "{}", refused.body);
        let start = |db: Db| async move {
            scalar(
                &db,
                &format!("SELECT start_at FROM appointments WHERE id = {visit}"),
            )
            .await
        };
        assert_eq!(start(db.clone()).await, first.start);

        let target = second.start.to_string();
        let moved = operator
            .post(
                &router,
                "/api/desk/reschedule",
                &[("id", &id), ("start", &target)],
            )
            .await;
        assert!(
            moved.status.is_redirection() || moved.status.is_success(),
            "{}",
            moved.body
        );
        assert_eq!(start(db.clone()).await, second.start);
        let operator_id = scalar(&db, "SELECT id FROM users WHERE phone = '+79000000003'").await;
        assert_eq!(
            scalar(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM audit_log WHERE action = 'appointment.reschedule' \
                      AND entity_id = {visit} AND actor_id = {operator_id} AND details LIKE '%by=staff'"
                )
            )
            .await,
            1
        );
        assert!(
            scalar(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM notifications WHERE appointment_id = {visit} \
                      AND kind = 'booking_rescheduled'"
                )
            )
            .await
                >= 1,
            "the patient is told"
        );
        // The card offers the move; the move page renders on the server.
        let page = operator
            .get(&router, &format!("/frontdesk/visits/{id}/move"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("calendar"), "the calendar renders");
    }
);

both_engines!(
    the_audit_log_is_for_admins_and_filters,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let mut operator = signed_in(&router, OPERATOR).await;
        let visit = scalar(
            &db,
            "SELECT MIN(id) FROM appointments WHERE clinic_id = (SELECT MIN(id) FROM clinics)",
        )
        .await;
        operator
            .get(&router, &format!("/api/desk/visit?lang=Ru&id={visit}"))
            .await;
        let refused = operator
            .get(
                &router,
                "/api/admin/audit?actor=&action=&entity=&from=&to=&page=1",
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        let mut admin = signed_in(&router, ADMIN).await;
        let views = admin
            .get(
                &router,
                "/api/admin/audit?actor=Егорова&action=patient.view&entity=&from=&to=&page=1",
            )
            .await;
        assert_eq!(views.status, StatusCode::OK, "{}", views.body);
        let page: serde_json::Value = serde_json::from_str(&views.body).expect("json");
        let everything = admin
            .get(
                &router,
                "/api/admin/audit?actor=&action=&entity=&from=&to=&page=1",
            )
            .await;
        assert_eq!(page["total"], 1, "{}\n{}", views.body, everything.body);
        assert_eq!(page["rows"][0]["action"], "patient.view");
        let none = admin
            .get(
                &router,
                "/api/admin/audit?actor=Егорова&action=role&entity=&from=&to=&page=1",
            )
            .await;
        assert!(none.body.contains("\"total\":0"), "{}", none.body);
        let bad = admin
            .get(
                &router,
                "/api/admin/audit?actor=&action=&entity=&from=вчера&to=&page=1",
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let html = admin.get(&router, "/admin/audit?action=patient").await;
        assert_eq!(html.status, StatusCode::OK);
        assert!(html.body.contains("patient.view"));
    }
);

both_engines!(
    callers_are_found_by_phone_or_name_in_any_case,
    |db: Db| async move {
        let router = app(db).await;
        let mut operator = signed_in(&router, OPERATOR).await;
        for q in ["8 900 000-00-01", "белова", "Белова", "Ирина"] {
            let found = operator
                .get(&router, &format!("/api/desk/callers?q={}", urlencode(q)))
                .await;
            assert!(found.body.contains("Белова"), "{q}: {}", found.body);
        }
    }
);

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

both_engines!(
    managers_edit_services_field_by_field_and_history_stays,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let service = scalar(&db, "SELECT MIN(service_id) FROM service_clinics").await;
        let id = service.to_string();
        let form = |price: &'static str, duration: &'static str, active: bool| {
            let mut f = vec![
                ("id", id.clone()),
                ("name", "Массаж спины".to_string()),
                ("name_en", "Back massage".to_string()),
                ("price", price.to_string()),
                ("duration_min", duration.to_string()),
                ("buffer_before_min", "0".to_string()),
                ("buffer_after_min", "10".to_string()),
            ];
            if active {
                f.push(("active", "on".to_string()));
            }
            f
        };
        let post = |browser: &mut Browser, fields: Vec<(&'static str, String)>| {
            let router = router.clone();
            let mut b = std::mem::replace(browser, Browser::new());
            async move {
                let fields: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let reply = b.post(&router, "/api/manage/service", &fields).await;
                (b, reply)
            }
        };
        let mut operator = signed_in(&router, OPERATOR).await;
        let (_, refused) = post(&mut operator, form("3100", "60", true)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        let mut manager = signed_in(&router, "+79000000004").await;
        let (m, bad) = post(&mut manager, form("три тысячи", "1000", true)).await;
        manager = m;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(
            bad.body.contains("\"price\"") && bad.body.contains("\"duration_min\""),
            "{}",
            bad.body
        );
        let (m, ok) = post(&mut manager, form("3 100,50", "60", true)).await;
        manager = m;
        assert!(
            ok.status.is_success() || ok.status.is_redirection(),
            "{}",
            ok.body
        );
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT price_kopecks FROM services WHERE id = {service}")
            )
            .await,
            310_050
        );
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'service.update'"
            )
            .await,
            1
        );
        let slug: String = sqlx::query_scalar("SELECT slug FROM services WHERE id = $1")
            .bind(service)
            .fetch_one(db.pool())
            .await
            .expect("slug");
        let catalog = manager.get(&router, "/services").await;
        assert!(
            catalog.body.contains(
                &priyom::Money::from_kopecks(310_050)
                    .expect("money")
                    .to_string()
            ),
            "the public price follows"
        );

        // Taken off booking: its visits stay, new bookings cannot choose it.
        let visits = scalar(
            &db,
            &format!("SELECT COUNT(*) FROM appointments WHERE service_id = {service}"),
        )
        .await;
        let (_, off) = post(&mut manager, form("3100", "60", false)).await;
        assert!(
            off.status.is_success() || off.status.is_redirection(),
            "{}",
            off.body
        );
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT COUNT(*) FROM appointments WHERE service_id = {service}")
            )
            .await,
            visits
        );
        let choices = Browser::new()
            .get(
                &router,
                &format!("/api/booking/choices?lang=Ru&service={slug}&clinic="),
            )
            .await;
        assert!(
            !choices.body.contains(&format!("\"slug\":\"{slug}\"")),
            "{}",
            choices.body
        );
    }
);

both_engines!(dashboard_numbers_match_the_database, |db: Db| async move {
    let router = app(db.clone()).await;
    let mut operator = signed_in(&router, OPERATOR).await;
    let refused = operator
        .get(&router, "/api/manage/dashboard?lang=Ru&clinic=&from=&to=")
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut manager = signed_in(&router, "+79000000004").await;
    // A wide span covers every seeded visit of the first clinic.
    let reply = manager
        .get(
            &router,
            "/api/manage/dashboard?lang=Ru&clinic=&from=2026-01-01&to=2026-12-31",
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let d: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
    let clinic = scalar(&db, "SELECT MIN(id) FROM clinics").await;
    let count = |status: &str| {
        let sql = format!(
            "SELECT COUNT(*) FROM appointments WHERE clinic_id = {clinic} AND status = '{status}'"
        );
        let db = db.clone();
        async move { scalar(&db, &sql).await }
    };
    let completed = count("completed").await;
    let no_shows = count("no_show").await;
    assert_eq!(d["completed"], completed);
    assert_eq!(d["no_shows"], no_shows);
    assert_eq!(d["cancelled"], count("cancelled").await);
    let per_day: i64 = d["per_day"]
        .as_array()
        .expect("days")
        .iter()
        .map(|p| p[1].as_i64().expect("n"))
        .sum();
    let not_cancelled = scalar(
        &db,
        &format!("SELECT COUNT(*) FROM appointments WHERE clinic_id = {clinic} AND status <> 'cancelled'"),
    )
    .await;
    assert_eq!(per_day, not_cancelled);
    let revenue = scalar(
        &db,
        &format!(
            "SELECT COALESCE(CAST(SUM(price_kopecks) AS BIGINT), 0) FROM appointments \
             WHERE clinic_id = {clinic} AND status = 'completed'"
        ),
    )
    .await;
    assert_eq!(
        d["revenue"],
        priyom::Money::from_kopecks(revenue)
            .expect("money")
            .to_string()
    );
    assert_eq!(d["per_day"].as_array().expect("days").len(), 365);
    let bad = manager
        .get(
            &router,
            "/api/manage/dashboard?lang=Ru&clinic=&from=2026-12-31&to=2026-01-01",
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let page = manager.get(&router, "/manage/dashboard").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg"), "charts are drawn on the server");
});
