//! Creating things over HTTP on both engines: admins keep the shared catalog (specializations,
//! the category tree) and open clinics; managers add services and specialists at their own
//! clinics and set a service's clinics, specialists' prices and own booking rules. Every bad
//! field is named, nothing outside the manager's clinics is touched, and it is all audited.

use crate::support::{
    self, app, call, narrow_manager, post_owned as post, scalar, signed_in, Browser, Call,
};
use app::both_engines;
use app::server::db::Db;
use axum::http::StatusCode;

const OPERATOR: &str = "+79000000003";
const MANAGER: &str = "+79000000004";
const ADMIN: &str = "+79000000005";

fn done(reply: &support::Reply) {
    assert!(
        reply.status.is_success() || reply.status.is_redirection(),
        "{}: {}",
        reply.status,
        reply.body
    );
}

fn refused(reply: &support::Reply, status: StatusCode, fields: &[&str]) {
    assert_eq!(reply.status, status, "{}", reply.body);
    for field in fields {
        assert!(
            reply.body.contains(&format!("\"{field}\"")),
            "{field}: {}",
            reply.body
        );
    }
}

fn specialization(id: i64, name: &str, icon: &str) -> Vec<(&'static str, String)> {
    vec![
        ("id", id.to_string()),
        ("name", name.into()),
        ("name_en", "Kinesiotherapy".into()),
        ("description", "Мягкие техники.".into()),
        ("description_en", "Gentle techniques.".into()),
        ("icon", icon.into()),
        ("active", "on".into()),
    ]
}

fn category(id: i64, name: &str, parent: &str) -> Vec<(&'static str, String)> {
    vec![
        ("id", id.to_string()),
        ("name", name.into()),
        ("name_en", "Lymphatic drainage".into()),
        ("parent", parent.into()),
        ("sort_order", "5".into()),
        ("active", "on".into()),
    ]
}

both_engines!(admins_keep_the_shared_catalog, |db: Db| async move {
    let router = app(db.clone()).await;
    let mut manager = signed_in(&router, MANAGER).await;
    let path = "/api/manage/specialization";
    let by_manager = post(
        &mut manager,
        &router,
        path,
        &specialization(0, "Кинезиотерапия", "spine"),
    )
    .await;
    assert_eq!(by_manager.status, StatusCode::FORBIDDEN);

    let mut admin = signed_in(&router, ADMIN).await;
    let bad = post(&mut admin, &router, path, &specialization(0, " ", "skull")).await;
    refused(&bad, StatusCode::BAD_REQUEST, &["name", "icon"]);
    done(
        &post(
            &mut admin,
            &router,
            path,
            &specialization(0, "Кинезиотерапия", "spine"),
        )
        .await,
    );
    let id = scalar(
        &db,
        "SELECT id FROM specializations WHERE slug = 'kinesiotherapy'",
    )
    .await;
    let taken = post(
        &mut admin,
        &router,
        path,
        &specialization(0, "Кинезиотерапия", "leaf"),
    )
    .await;
    refused(&taken, StatusCode::BAD_REQUEST, &["name"]);
    done(
        &post(
            &mut admin,
            &router,
            path,
            &specialization(id, "Кинезиотерапия взрослых", "leaf"),
        )
        .await,
    );
    let renamed: String = sqlx::query_scalar("SELECT name FROM specializations WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .expect("name");
    assert_eq!(renamed, "Кинезиотерапия взрослых");
    let public = Browser::new().get(&router, "/specialists").await;
    assert!(
        public.body.contains("Кинезиотерапия взрослых"),
        "the filter offers it"
    );
    // Hidden: the site stops offering it, nothing is deleted.
    let mut hidden = specialization(id, "Кинезиотерапия взрослых", "leaf");
    hidden.pop();
    done(&post(&mut admin, &router, path, &hidden).await);
    let public = Browser::new().get(&router, "/specialists").await;
    assert!(
        !public.body.contains("Кинезиотерапия взрослых"),
        "hidden from the filter"
    );
    assert_eq!(
        scalar(
            &db,
            &format!("SELECT COUNT(*) FROM specializations WHERE id = {id}")
        )
        .await,
        1
    );

    // The tree: a new root, a child under it, and the root may not move under its child.
    let path = "/api/manage/category";
    done(&post(&mut admin, &router, path, &category(0, "Дренаж", "")).await);
    let root = scalar(
        &db,
        "SELECT id FROM service_categories WHERE slug = 'lymphatic-drainage'",
    )
    .await;
    done(
        &post(
            &mut admin,
            &router,
            path,
            &category(0, "Дренаж ног", &root.to_string()),
        )
        .await,
    );
    let child = scalar(
        &db,
        "SELECT id FROM service_categories WHERE slug = 'lymphatic-drainage-2'",
    )
    .await;
    assert_eq!(
        scalar(
            &db,
            &format!("SELECT parent_id FROM service_categories WHERE id = {child}")
        )
        .await,
        root
    );
    // A hidden section takes its services out of the price list.
    let section = scalar(
        &db,
        "SELECT category_id FROM services WHERE slug = 'massage-lymph'",
    )
    .await;
    let prices = Browser::new().get(&router, "/services").await;
    assert!(prices.body.contains("Лимфодренажный массаж"));
    let row: (String, String, Option<i64>, i64) = sqlx::query_as(
        "SELECT name, name_en, parent_id, sort_order FROM service_categories WHERE id = $1",
    )
    .bind(section)
    .fetch_one(db.pool())
    .await
    .expect("section");
    let hide = vec![
        ("id", section.to_string()),
        ("name", row.0.clone()),
        ("name_en", row.1.clone()),
        ("parent", row.2.map(|p| p.to_string()).unwrap_or_default()),
        ("sort_order", row.3.to_string()),
    ];
    done(&post(&mut admin, &router, path, &hide).await);
    let prices = Browser::new().get(&router, "/services").await;
    assert!(
        !prices.body.contains("Лимфодренажный массаж"),
        "hidden with its section"
    );
    let choices = admin
        .get(&router, "/api/manage/service-choices?lang=Ru")
        .await;
    assert!(
        choices.body.contains(&format!("{} (скрыт)", row.0)),
        "still choosable for services, marked: {}",
        choices.body
    );
    let cycle = post(
        &mut admin,
        &router,
        path,
        &category(root, "Дренаж", &child.to_string()),
    )
    .await;
    refused(&cycle, StatusCode::BAD_REQUEST, &["parent"]);
    let missing = post(&mut admin, &router, path, &category(0, "Дренаж", "999999")).await;
    refused(&missing, StatusCode::BAD_REQUEST, &["parent"]);
    let bad = post(
        &mut admin,
        &router,
        path,
        &[
            ("id", "0".into()),
            ("name", "".into()),
            ("name_en", "x".into()),
            ("parent", "".into()),
            ("sort_order", "много".into()),
        ],
    )
    .await;
    refused(&bad, StatusCode::BAD_REQUEST, &["name", "sort_order"]);
    assert_eq!(
        scalar(&db, &format!("SELECT CASE WHEN parent_id IS NULL THEN 1 ELSE 0 END FROM service_categories WHERE id = {root}")).await,
        1,
        "the refused move changed nothing"
    );
    assert_eq!(
        scalar(&db, "SELECT COUNT(*) FROM audit_log WHERE action IN ('specialization.save', 'category.save')").await,
        6
    );
});

fn clinic_form() -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("name", "Приём на Арбате".to_string()),
        ("name_en", "Priyom Arbat".into()),
        ("address", "Москва, Арбат, 10".into()),
        ("address_en", "Moscow, Arbat, 10".into()),
        ("phone", "+7 495 765-43-21".into()),
        ("email", "arbat@priyom.demo".into()),
        ("tz", "Europe/Moscow".into()),
        ("lat", "55.7496".into()),
        ("lon", "37.5910".into()),
    ];
    for day in [
        "hours_0", "hours_1", "hours_2", "hours_3", "hours_4", "hours_5", "hours_6",
    ] {
        fields.push((day, "10:00–20:00".into()));
    }
    fields
}

both_engines!(
    admins_open_clinics_and_managers_close_theirs,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let own = narrow_manager(&db).await;
        let mut manager = signed_in(&router, MANAGER).await;
        let by_manager = post(
            &mut manager,
            &router,
            "/api/manage/clinic-new",
            &clinic_form(),
        )
        .await;
        assert_eq!(by_manager.status, StatusCode::FORBIDDEN);

        let mut admin = signed_in(&router, ADMIN).await;
        let mut bad = clinic_form();
        bad[6].1 = "Moscow".into();
        bad[9].1 = "20:00–10:00".into();
        refused(
            &post(&mut admin, &router, "/api/manage/clinic-new", &bad).await,
            StatusCode::BAD_REQUEST,
            &["tz", "hours_0"],
        );
        done(
            &post(
                &mut admin,
                &router,
                "/api/manage/clinic-new",
                &clinic_form(),
            )
            .await,
        );
        let id = scalar(&db, "SELECT id FROM clinics WHERE slug = 'priyom-arbat'").await;
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT COUNT(*) FROM clinic_hours WHERE clinic_id = {id}")
            )
            .await,
            7
        );
        let page = Browser::new().get(&router, "/clinics/priyom-arbat").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Москва, Арбат, 10"));

        // A manager closes their own clinic to booking, not someone else's.
        let active = |id: i64, on: bool| vec![("id", id.to_string()), ("active", on.to_string())];
        let elsewhere = post(
            &mut manager,
            &router,
            "/api/manage/clinic-active",
            &active(id, false),
        )
        .await;
        assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
        done(
            &post(
                &mut manager,
                &router,
                "/api/manage/clinic-active",
                &active(own, false),
            )
            .await,
        );
        assert_eq!(
            scalar(&db, &format!("SELECT active FROM clinics WHERE id = {own}")).await,
            0
        );
        let home = Browser::new().get(&router, "/").await;
        let own_slug: String = sqlx::query_scalar("SELECT slug FROM clinics WHERE id = $1")
            .bind(own)
            .fetch_one(db.pool())
            .await
            .expect("slug");
        assert!(
            !home.body.contains(&format!("/clinics/{own_slug}\"")),
            "closed clinics leave the site"
        );
        assert!(
            scalar(
                &db,
                &format!("SELECT COUNT(*) FROM appointments WHERE clinic_id = {own}")
            )
            .await
                > 0,
            "its visits stay"
        );
        done(
            &post(
                &mut manager,
                &router,
                "/api/manage/clinic-active",
                &active(own, true),
            )
            .await,
        );
        assert_eq!(
            scalar(&db, &format!("SELECT active FROM clinics WHERE id = {own}")).await,
            1
        );
    }
);

fn new_service(clinic: i64, category: i64, name: &str, price: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.into()),
        ("name_en", "Lymphatic drainage massage".into()),
        ("category", category.to_string()),
        ("clinic", clinic.to_string()),
        ("price", price.into()),
        ("duration_min", "50".into()),
        ("buffer_before_min", "0".into()),
        ("buffer_after_min", "10".into()),
    ]
}

both_engines!(managers_add_and_set_up_services, |db: Db| async move {
    let router = app(db.clone()).await;
    let own = narrow_manager(&db).await;
    let other = scalar(
        &db,
        &format!("SELECT MIN(id) FROM clinics WHERE id <> {own}"),
    )
    .await;
    let category = scalar(&db, "SELECT MIN(id) FROM service_categories").await;
    let mut operator = signed_in(&router, OPERATOR).await;
    let path = "/api/manage/service-new";
    let by_operator = post(
        &mut operator,
        &router,
        path,
        &new_service(own, category, "Дренаж", "3000"),
    )
    .await;
    assert_eq!(by_operator.status, StatusCode::FORBIDDEN);

    let mut manager = signed_in(&router, MANAGER).await;
    let mut bad = new_service(own, category, "", "дорого");
    bad[2].1 = "x".into();
    bad[5].1 = "3".into();
    refused(
        &post(&mut manager, &router, path, &bad).await,
        StatusCode::BAD_REQUEST,
        &["name", "price", "duration_min", "category"],
    );
    let elsewhere = post(
        &mut manager,
        &router,
        path,
        &new_service(other, category, "Дренаж", "3000"),
    )
    .await;
    refused(&elsewhere, StatusCode::BAD_REQUEST, &["clinic"]);
    done(
        &post(
            &mut manager,
            &router,
            path,
            &new_service(own, category, "Лимфодренажный массаж", "3000,50"),
        )
        .await,
    );
    let id = scalar(
        &db,
        "SELECT id FROM services WHERE slug = 'lymphatic-drainage-massage'",
    )
    .await;
    assert_eq!(
        scalar(
            &db,
            &format!("SELECT price_kopecks FROM services WHERE id = {id}")
        )
        .await,
        300_050
    );
    assert_eq!(
        scalar(
            &db,
            &format!("SELECT COUNT(*) FROM service_clinics WHERE service_id = {id}")
        )
        .await,
        1
    );
    let page = manager
        .get(&router, &format!("/manage/services/{id}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Лимфодренажный массаж"));

    // Clinics: never one outside the manager's, never none at all.
    let clinic = |c: i64, on: bool| {
        vec![
            ("id", id.to_string()),
            ("clinic", c.to_string()),
            ("on", on.to_string()),
        ]
    };
    let path = "/api/manage/service-clinic";
    assert_eq!(
        post(&mut manager, &router, path, &clinic(other, true))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    refused(
        &post(&mut manager, &router, path, &clinic(own, false)).await,
        StatusCode::BAD_REQUEST,
        &["clinics"],
    );
    assert_eq!(
        scalar(
            &db,
            &format!("SELECT COUNT(*) FROM service_clinics WHERE service_id = {id}")
        )
        .await,
        1
    );

    // A specialist of the clinic takes it; their own price, then back to the service's.
    let specialist = scalar(
        &db,
        &format!("SELECT MIN(specialist_id) FROM specialist_clinics WHERE clinic_id = {own}"),
    )
    .await;
    done(
        &post(
            &mut manager,
            &router,
            "/api/manage/specialist-link",
            &[
                ("id", specialist.to_string()),
                ("kind", "service".into()),
                ("target", id.to_string()),
                ("on", "true".into()),
            ],
        )
        .await,
    );
    let price = |p: &str| {
        vec![
            ("id", id.to_string()),
            ("specialist", specialist.to_string()),
            ("price", p.into()),
        ]
    };
    let path = "/api/manage/service-price";
    refused(
        &post(&mut manager, &router, path, &price("-5")).await,
        StatusCode::BAD_REQUEST,
        &["price"],
    );
    done(&post(&mut manager, &router, path, &price("4500")).await);
    let own_price = format!("SELECT COALESCE(price_kopecks, -1) FROM service_specialists WHERE service_id = {id} AND specialist_id = {specialist}");
    assert_eq!(scalar(&db, &own_price).await, 450_000);
    done(&post(&mut manager, &router, path, &price("")).await);
    assert_eq!(scalar(&db, &own_price).await, -1);

    // Own booking rules at the clinic, then the clinic's again.
    let rules = |own_rules: bool, step: &str| {
        let mut f = vec![
            ("id", id.to_string()),
            ("clinic", own.to_string()),
            ("step_min", step.into()),
            ("min_notice_min", "120".into()),
            ("horizon_days", "30".into()),
            ("cancel_notice_min", "720".into()),
            ("requires_confirmation", "on".into()),
        ];
        if own_rules {
            f.push(("own", "on".into()));
        }
        f
    };
    let path = "/api/manage/service-policy";
    refused(
        &post(&mut manager, &router, path, &rules(true, "3")).await,
        StatusCode::BAD_REQUEST,
        &["step_min"],
    );
    done(&post(&mut manager, &router, path, &rules(true, "20")).await);
    let stored = format!(
        "SELECT step_min FROM booking_policies WHERE service_id = {id} AND clinic_id = {own}"
    );
    assert_eq!(scalar(&db, &stored).await, 20);
    done(&post(&mut manager, &router, path, &rules(false, "3")).await);
    assert_eq!(
        scalar(
            &db,
            &format!("SELECT COUNT(*) FROM booking_policies WHERE service_id = {id}")
        )
        .await,
        0
    );
    let mut elsewhere = rules(true, "20");
    elsewhere[1].1 = other.to_string();
    assert_eq!(
        post(&mut manager, &router, path, &elsewhere).await.status,
        StatusCode::NOT_FOUND
    );

    // Section: must exist.
    let path = "/api/manage/service-category";
    let bad = post(
        &mut manager,
        &router,
        path,
        &[("id", id.to_string()), ("category", "999999".into())],
    )
    .await;
    refused(&bad, StatusCode::BAD_REQUEST, &["category"]);
    let audited = scalar(
        &db,
        &format!("SELECT COUNT(*) FROM audit_log WHERE entity = 'service' AND entity_id = {id}"),
    )
    .await;
    assert_eq!(audited, 5, "created, two prices, two rule changes");
});

fn new_specialist(phone: &str, clinic: i64) -> Vec<(&'static str, String)> {
    vec![
        ("full_name", "Юлия Андреевна Щукина".into()),
        ("phone", phone.into()),
        // Typed in mixed case: stored lowercased, as sign-in looks it up.
        ("email", "Shchukina@Priyom.Demo".into()),
        ("clinic", clinic.to_string()),
        ("title", "Остеопат".into()),
        ("title_en", "Osteopath".into()),
    ]
}

both_engines!(
    managers_add_specialists_at_their_clinics,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let own = narrow_manager(&db).await;
        let other = scalar(
            &db,
            &format!("SELECT MIN(id) FROM clinics WHERE id <> {own}"),
        )
        .await;
        let mut manager = signed_in(&router, MANAGER).await;
        let path = "/api/manage/specialist-new";
        let mut bad = new_specialist("12345", own);
        bad[0].1 = " ".into();
        bad[2].1 = "не почта".into();
        bad[4].1 = "".into();
        refused(
            &post(&mut manager, &router, path, &bad).await,
            StatusCode::BAD_REQUEST,
            &["full_name", "phone", "email", "title"],
        );
        refused(
            &post(
                &mut manager,
                &router,
                path,
                &new_specialist("+7 916 555-44-33", other),
            )
            .await,
            StatusCode::BAD_REQUEST,
            &["clinic"],
        );
        // A new phone needs an e-mail; then a new account without a password, the role, a profile.
        let mut no_email = new_specialist("8 916 555-44-33", own);
        no_email[2].1 = "".into();
        refused(
            &post(&mut manager, &router, path, &no_email).await,
            StatusCode::BAD_REQUEST,
            &["email"],
        );
        done(
            &post(
                &mut manager,
                &router,
                path,
                &new_specialist("8 916 555-44-33", own),
            )
            .await,
        );
        let user = scalar(
            &db,
            "SELECT id FROM users WHERE phone = '+79165554433' AND email = 'shchukina@priyom.demo'",
        )
        .await;
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT COUNT(*) FROM users WHERE id = {user} AND password_hash IS NULL")
            )
            .await,
            1
        );
        assert_eq!(scalar(&db, &format!("SELECT COUNT(*) FROM user_roles WHERE user_id = {user} AND role = 'specialist'")).await, 1);
        let id = scalar(
            &db,
            &format!("SELECT id FROM specialists WHERE user_id = {user}"),
        )
        .await;
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT clinic_id FROM specialist_clinics WHERE specialist_id = {id}")
            )
            .await,
            own
        );
        let slug: String = sqlx::query_scalar("SELECT slug FROM specialists WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await
            .expect("slug");
        assert_eq!(slug, "iuliia-andreevna-shchukina");
        refused(
            &post(
                &mut manager,
                &router,
                path,
                &new_specialist("+79165554433", own),
            )
            .await,
            StatusCode::BAD_REQUEST,
            &["phone"],
        );
        // An existing account (the demo patient) becomes a specialist too.
        let mut patient = new_specialist("+79000000001", own);
        patient[2].1 = "".into();
        done(&post(&mut manager, &router, path, &patient).await);
        assert_eq!(scalar(&db, "SELECT COUNT(*) FROM specialists s JOIN users u ON u.id = s.user_id WHERE u.phone = '+79000000001'").await, 1);

        // A specialization is linked like a clinic or a service.
        let specialization = scalar(&db, "SELECT MIN(id) FROM specializations").await;
        let link = vec![
            ("id", id.to_string()),
            ("kind", "specialization".into()),
            ("target", specialization.to_string()),
            ("on", "true".into()),
        ];
        done(&post(&mut manager, &router, "/api/manage/specialist-link", &link).await);
        assert_eq!(
            scalar(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM specialist_specializations WHERE specialist_id = {id}"
                )
            )
            .await,
            1
        );
        // Not public until the person agrees, through the link sent to them (door 6).
        let page = Browser::new()
            .get(&router, &format!("/specialists/{slug}"))
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        let payload: String = sqlx::query_scalar(
            "SELECT payload FROM notifications WHERE kind = 'specialist_invite' AND user_id = $1",
        )
        .bind(user)
        .fetch_one(db.pool())
        .await
        .expect("the invitation went out");
        let payload: serde_json::Value = serde_json::from_str(&payload).expect("json");
        let token = payload["token"].as_str().expect("token").to_string();
        // A manager cannot publish them meanwhile.
        let profile = vec![
            ("id", id.to_string()),
            ("title", "Массажист".into()),
            ("title_en", "Massage therapist".into()),
            ("bio", String::new()),
            ("bio_en", String::new()),
            ("practice_since", String::new()),
            ("education", String::new()),
            ("certificates", String::new()),
            ("active", "on".into()),
        ];
        done(&post(&mut manager, &router, "/api/manage/specialist", &profile).await);
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT active FROM specialists WHERE id = {id}")
            )
            .await,
            0
        );
        // With e-mail off (as here) the admin finds the link on the outbox page to pass it on.
        let now = app::server::now_unix();
        let enabled = [app::server::notify::Channel::InApp];
        app::server::notify::outbox::cancel_disabled(&db, &enabled, now)
            .await
            .expect("cancel unconfigured");
        let mut admin = signed_in(&router, ADMIN).await;
        let outbox = admin.get(&router, "/api/admin/outbox?status=all").await;
        assert!(
            outbox
                .body
                .contains(&format!("/specialist/invite?token={token}")),
            "{}",
            outbox.body
        );
        // The manager can send it again: the old link dies, the new one works.
        let resend = vec![("id", id.to_string())];
        done(
            &post(
                &mut manager,
                &router,
                "/api/manage/specialist-invite",
                &resend,
            )
            .await,
        );
        let mut invited = Browser::new();
        let old = invited
            .get(
                &router,
                &format!("/api/specialist/invitation?token={token}"),
            )
            .await;
        assert_eq!(old.status, StatusCode::NOT_FOUND, "{}", old.body);
        let payload: String = sqlx::query_scalar(
            "SELECT payload FROM notifications WHERE kind = 'specialist_invite' AND user_id = $1 \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(user)
        .fetch_one(db.pool())
        .await
        .expect("the second invitation went out");
        let payload: serde_json::Value = serde_json::from_str(&payload).expect("json");
        let token = payload["token"].as_str().expect("token").to_string();
        let shown = invited
            .get(&router, &format!("/specialist/invite?token={token}"))
            .await;
        assert!(shown.body.contains("Щукина"), "{}", shown.body);
        let answer = [("token", token.as_str()), ("answer", "agree")];
        let agreed = invited
            .post(&router, "/api/specialist/invitation-answer", &answer)
            .await;
        assert_eq!(
            agreed.location(),
            Some("/specialist/invite?answer=agreed"),
            "{}",
            agreed.body
        );
        let page = Browser::new()
            .get(&router, &format!("/specialists/{slug}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Щукина"));
        // The link works once.
        let again = invited
            .post(&router, "/api/specialist/invitation-answer", &answer)
            .await;
        assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.body);
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'specialist.create'"
            )
            .await,
            2
        );
    }
);

fn fields(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

/// The management calls of this file: managers may use the first list, only admins the
/// second.
fn manage_calls(clinic: i64, service: i64) -> (Vec<Call>, Vec<Call>) {
    let (c, s) = (clinic.to_string(), service.to_string());
    let rules = fields(&[
        ("id", &s),
        ("clinic", &c),
        ("own", "on"),
        ("step_min", "30"),
        ("min_notice_min", "60"),
        ("horizon_days", "30"),
        ("cancel_notice_min", "60"),
    ]);
    let managers = vec![
        ("GET", "/api/manage/service-choices?lang=Ru".into(), vec![]),
        (
            "GET",
            format!("/api/manage/service-setup?lang=Ru&id={s}"),
            vec![],
        ),
        (
            "POST",
            "/api/manage/service-new".into(),
            new_service(clinic, 1, "Дренаж", "3000"),
        ),
        (
            "POST",
            "/api/manage/service-category".into(),
            fields(&[("id", &s), ("category", "1")]),
        ),
        (
            "POST",
            "/api/manage/service-clinic".into(),
            fields(&[("id", &s), ("clinic", &c), ("on", "false")]),
        ),
        (
            "POST",
            "/api/manage/service-price".into(),
            fields(&[("id", &s), ("specialist", "1"), ("price", "1")]),
        ),
        ("POST", "/api/manage/service-policy".into(), rules),
        (
            "POST",
            "/api/manage/clinic-active".into(),
            fields(&[("id", &c), ("active", "false")]),
        ),
        (
            "POST",
            "/api/manage/specialist-new".into(),
            new_specialist("+79165554433", clinic),
        ),
    ];
    let admins = vec![
        ("GET", "/api/manage/catalog".into(), vec![]),
        (
            "POST",
            "/api/manage/specialization".into(),
            specialization(0, "Кинезиотерапия", "leaf"),
        ),
        (
            "POST",
            "/api/manage/category".into(),
            category(0, "Дренаж", ""),
        ),
        ("POST", "/api/manage/clinic-new".into(), clinic_form()),
    ];
    (managers, admins)
}

both_engines!(
    management_refuses_every_role_that_must_not_use_it,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let clinic = scalar(&db, "SELECT MIN(id) FROM clinics").await;
        let service = scalar(
            &db,
            &format!("SELECT MIN(service_id) FROM service_clinics WHERE clinic_id = {clinic}"),
        )
        .await;
        let (managers, admins) = manage_calls(clinic, service);
        let before = scalar(&db, "SELECT COUNT(*) FROM audit_log").await;
        for phone in ["+79000000001", "+79000000002", OPERATOR] {
            let mut browser = signed_in(&router, phone).await;
            for c in managers.iter().chain(&admins) {
                assert_eq!(
                    call(&mut browser, &router, c).await,
                    StatusCode::FORBIDDEN,
                    "{phone} {} {}",
                    c.0,
                    c.1
                );
            }
        }
        let mut manager = signed_in(&router, MANAGER).await;
        for c in &admins {
            assert_eq!(
                call(&mut manager, &router, c).await,
                StatusCode::FORBIDDEN,
                "manager {} {}",
                c.0,
                c.1
            );
        }
        let mut guest = Browser::new();
        for c in managers.iter().chain(&admins) {
            assert_eq!(
                call(&mut guest, &router, c).await,
                StatusCode::UNAUTHORIZED,
                "guest {} {}",
                c.0,
                c.1
            );
        }
        for page in ["/manage/catalog", "/manage/services/1"] {
            assert_eq!(
                guest.get(&router, page).await.location(),
                Some(format!("/signin?next={page}").as_str())
            );
        }
        let mut operator = signed_in(&router, OPERATOR).await;
        assert_eq!(
            operator.get(&router, "/manage/catalog").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            scalar(&db, "SELECT COUNT(*) FROM audit_log").await,
            before,
            "nothing changed"
        );
    }
);
