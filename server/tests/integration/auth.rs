//! Accounts over HTTP, on SQLite and PostgreSQL: registration, sign-in, throttling, sessions,
//! CSRF and role guards, driven through the real router as a browser would.

use crate::support::{self, app, form, register, send, Browser};
use app::both_engines;
use app::server::auth::session;
use app::server::db::Db;
use app::server::repos::users;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use priyom::{Role, RoleGrant, UserId};
use sqlx::Row;

const REGISTER: &str = "/api/auth/register";
const SIGN_IN: &str = "/api/auth/sign-in";
const DEMO_PATIENT_PHONE: &str = "+79000000001";
const DEMO_PASSWORD: &str = "priyom-demo-2026";

fn registration<'a>(phone: &'a str, password: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("full_name", "Ольга Викторовна Смирнова"),
        ("phone", phone),
        ("email", "Olga@Example.ru"),
        ("password", password),
        ("consent", "yes"),
    ]
}

fn fields_of(body: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(body).expect("json error body");
    value["Fields"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

async fn user_id_by_phone(db: &Db, phone: &str) -> UserId {
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone)
        .fetch_one(db.pool())
        .await
        .expect("user");
    UserId::new(id)
}

both_engines!(registration_reports_each_bad_field, |db: Db| async move {
    let router = app(db.clone()).await;
    let mut browser = Browser::new();
    let reply = browser
        .post(
            &router,
            REGISTER,
            &[
                ("full_name", ""),
                ("phone", "8 916 12"),
                ("email", "not-an-email"),
                ("password", "qwerty"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    let mut fields = fields_of(&reply.body);
    fields.sort();
    assert_eq!(
        fields,
        ["consent", "email", "full_name", "password", "phone"]
    );
    assert!(reply.body.contains("не хватает цифр"), "{}", reply.body);
    assert!(reply.set_cookie("priyom_session").is_none());
    // A common password and a missing consent alone are each refused with their own field.
    let mut only_password = registration("+7 916 555-44-33", "Password123");
    only_password.retain(|(k, _)| *k != "consent");
    let reply = browser.post(&router, REGISTER, &only_password).await;
    let mut fields = fields_of(&reply.body);
    fields.sort();
    assert_eq!(fields, ["consent", "password"]);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE phone = '+79165554433'")
        .fetch_one(db.pool())
        .await
        .expect("count");
    assert_eq!(count, 0, "nothing is stored for a refused registration");
});

both_engines!(
    registration_creates_a_patient_with_consent_and_signs_in,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let mut browser = Browser::new();
        let reply = register(
            &mut browser,
            &router,
            &db,
            &registration("8 (916) 555-44-33", "лето на даче 2026"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let token = browser
            .cookie("priyom_session")
            .expect("session cookie")
            .to_string();
        assert_eq!(token.len(), 64);
        let cookie_line = reply
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("priyom_session="))
            .expect("set-cookie")
            .to_string();
        assert!(cookie_line.contains("HttpOnly") && cookie_line.contains("SameSite=Lax"));

        let me = browser.get(&router, "/api/auth/me").await;
        assert!(me.body.contains("Ольга Викторовна Смирнова"), "{}", me.body);
        assert!(me.body.contains("patient"));

        let user = user_id_by_phone(&db, "+79165554433").await;
        let row = sqlx::query("SELECT email, password_hash FROM users WHERE id = $1")
            .bind(user.get())
            .fetch_one(db.pool())
            .await
            .expect("user row");
        assert_eq!(row.get::<String, _>("email"), "olga@example.ru");
        assert!(row
            .get::<String, _>("password_hash")
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        let consent = sqlx::query(
            "SELECT kind, text_version_hash, ip, user_agent FROM consent_records WHERE user_id = $1",
        )
        .bind(user.get())
        .fetch_one(db.pool())
        .await
        .expect("consent record");
        assert_eq!(consent.get::<String, _>("kind"), "personal_data");
        assert_eq!(consent.get::<String, _>("text_version_hash").len(), 64);
        assert_eq!(consent.get::<String, _>("ip"), "unknown");
        assert_eq!(consent.get::<String, _>("user_agent"), "priyom-tests");
        let stored: String = sqlx::query_scalar("SELECT id FROM sessions WHERE user_id = $1")
            .bind(user.get())
            .fetch_one(db.pool())
            .await
            .expect("session row");
        assert_ne!(stored, token, "only the token's digest is stored");

        // The same phone in another spelling cannot register twice: the number gets a
        // "you have an account" SMS instead of a code, so no code can be typed.
        let mut again = Browser::new();
        let reply = register(
            &mut again,
            &router,
            &db,
            &registration("+7 916 555 44 33", "другой пароль 2026"),
        )
        .await;
        assert_eq!(fields_of(&reply.body), ["code"]);
        assert!(support::sms_payload(&db, "+79165554433", "phone_in_use")
            .await
            .is_some());
    }
);

both_engines!(
    wrong_password_and_unknown_account_get_the_same_answer,
    |db: Db| async move {
        let router = app(db).await;
        let mut browser = Browser::new();
        let wrong = browser
            .post(
                &router,
                SIGN_IN,
                &[
                    ("login", DEMO_PATIENT_PHONE),
                    ("password", "nope-nope-nope"),
                ],
            )
            .await;
        let unknown = browser
            .post(
                &router,
                SIGN_IN,
                &[
                    ("login", "+7 999 111-22-33"),
                    ("password", "nope-nope-nope"),
                ],
            )
            .await;
        let junk = browser
            .post(
                &router,
                SIGN_IN,
                &[("login", "whoever"), ("password", "nope-nope-nope")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
        assert_eq!((unknown.status, &unknown.body), (wrong.status, &wrong.body));
        assert_eq!((junk.status, &junk.body), (wrong.status, &wrong.body));
        assert!(wrong.body.contains("Неверный телефон, e-mail или пароль"));
        assert!(browser.cookie("priyom_session").is_none());

        // Phone in any spelling and e-mail in any case both sign in.
        for login in ["8 900 000-00-01", "PATIENT@priyom.demo"] {
            let mut browser = Browser::new();
            let ok = browser
                .post(
                    &router,
                    SIGN_IN,
                    &[("login", login), ("password", DEMO_PASSWORD)],
                )
                .await;
            assert_eq!(ok.status, StatusCode::OK, "{login}: {}", ok.body);
            assert!(browser.cookie("priyom_session").is_some());
        }
    }
);

both_engines!(failed_sign_ins_are_throttled, |db: Db| async move {
    let router = app(db).await;
    let mut browser = Browser::new();
    for _ in 0..5 {
        let reply = browser
            .post(
                &router,
                SIGN_IN,
                &[("login", DEMO_PATIENT_PHONE), ("password", "guess-guess")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    }
    // Locked now, even with the right password, with a "try again in N minutes" answer.
    let locked = browser
        .post(
            &router,
            SIGN_IN,
            &[("login", "8 900 000 00 01"), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        locked.body
    );
    assert!(locked.body.contains("RateLimited"));
    assert!(browser.cookie("priyom_session").is_none());
    // Another account from the same address is not locked by this one's failures.
    let other = browser
        .post(
            &router,
            SIGN_IN,
            &[
                ("login", "operator@priyom.demo"),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);
    // Twenty failures from one address lock the address for every account.
    for n in 0..20 {
        let login = format!("+7 999 000-00-{n:02}");
        browser
            .post(
                &router,
                SIGN_IN,
                &[("login", login.as_str()), ("password", "guess-guess")],
            )
            .await;
    }
    let ip_locked = Browser::new()
        .post(
            &router,
            SIGN_IN,
            &[
                ("login", "manager@priyom.demo"),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(ip_locked.status, StatusCode::TOO_MANY_REQUESTS);
});

both_engines!(sign_in_issues_a_new_session_id, |db: Db| async move {
    let router = app(db.clone()).await;
    let mut browser = Browser::new();
    // A planted cookie (session fixation) is never adopted.
    let planted = "cd".repeat(32);
    browser.set("priyom_session", &planted);
    let creds = [("login", DEMO_PATIENT_PHONE), ("password", DEMO_PASSWORD)];
    browser.post(&router, SIGN_IN, &creds).await;
    let first = browser
        .cookie("priyom_session")
        .expect("session")
        .to_string();
    assert_ne!(first, planted);
    browser.post(&router, SIGN_IN, &creds).await;
    let second = browser
        .cookie("priyom_session")
        .expect("session")
        .to_string();
    assert_ne!(first, second);
    // Signing out ends the session on the server, not only in the browser.
    let mut stale = Browser::new();
    stale.set("priyom_session", &second);
    browser.post(&router, "/api/auth/sign-out", &[]).await;
    assert!(browser.cookie("priyom_session").is_none());
    let me = stale.get(&router, "/api/auth/me").await;
    assert_eq!(me.body, "null");
});

both_engines!(sessions_rotate_when_roles_change, |db: Db| async move {
    let router = app(db.clone()).await;
    let mut browser = Browser::new();
    browser
        .post(
            &router,
            SIGN_IN,
            &[("login", DEMO_PATIENT_PHONE), ("password", DEMO_PASSWORD)],
        )
        .await;
    let before = browser
        .cookie("priyom_session")
        .expect("session")
        .to_string();
    let user = user_id_by_phone(&db, DEMO_PATIENT_PHONE).await;
    let admin = user_id_by_phone(&db, "+79000000005").await;
    let grant = RoleGrant {
        role: Role::Specialist,
        clinic: None,
    };
    users::grant_role(&db, user, grant, admin, "127.0.0.1", support::NOW)
        .await
        .expect("grant");
    let me = browser.get(&router, "/api/auth/me").await;
    assert!(me.body.contains("specialist"), "{}", me.body);
    let after = browser
        .cookie("priyom_session")
        .expect("session")
        .to_string();
    assert_ne!(before, after, "a role change gives the session a new id");
    let mut old = Browser::new();
    old.set("priyom_session", &before);
    assert_eq!(old.get(&router, "/api/auth/me").await.body, "null");
    // Unchanged roles: the id stays.
    browser.get(&router, "/api/auth/me").await;
    assert_eq!(browser.cookie("priyom_session"), Some(after.as_str()));
    let audit: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'role_grant' AND entity_id = $1",
    )
    .bind(user.get())
    .fetch_one(db.pool())
    .await
    .expect("audit");
    assert_eq!(audit, 1);
});

both_engines!(password_change_ends_other_sessions, |db: Db| async move {
    let router = app(db.clone()).await;
    let creds = [("login", DEMO_PATIENT_PHONE), ("password", DEMO_PASSWORD)];
    let mut laptop = Browser::new();
    laptop.post(&router, SIGN_IN, &creds).await;
    let mut phone = Browser::new();
    phone.post(&router, SIGN_IN, &creds).await;

    let wrong = laptop
        .post(
            &router,
            "/api/auth/password",
            &[
                ("current_password", "not it at all"),
                ("new_password", "осенний лес 2026"),
            ],
        )
        .await;
    assert_eq!(fields_of(&wrong.body), ["current_password"]);
    let weak = laptop
        .post(
            &router,
            "/api/auth/password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", "12345678"),
            ],
        )
        .await;
    assert_eq!(fields_of(&weak.body), ["new_password"]);
    let ok = laptop
        .post(
            &router,
            "/api/auth/password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", "осенний лес 2026"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(laptop
        .get(&router, "/api/auth/me")
        .await
        .body
        .contains("Белова"));
    assert_eq!(phone.get(&router, "/api/auth/me").await.body, "null");
    let mut fresh = Browser::new();
    let old = fresh.post(&router, SIGN_IN, &creds).await;
    assert_eq!(old.status, StatusCode::BAD_REQUEST);
    let new = fresh
        .post(
            &router,
            SIGN_IN,
            &[
                ("login", DEMO_PATIENT_PHONE),
                ("password", "осенний лес 2026"),
            ],
        )
        .await;
    assert_eq!(new.status, StatusCode::OK);

    // Sign out everywhere ends every session, this one too.
    fresh
        .post(&router, "/api/auth/sign-out-everywhere", &[])
        .await;
    let user = user_id_by_phone(&db, DEMO_PATIENT_PHONE).await;
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
        .bind(user.get())
        .fetch_one(db.pool())
        .await
        .expect("count");
    assert_eq!(left, 0);
    assert_eq!(laptop.get(&router, "/api/auth/me").await.body, "null");
});

both_engines!(
    cross_site_and_tokenless_posts_are_refused,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let body = form(&[
            ("csrf", &"ab".repeat(32)),
            ("login", DEMO_PATIENT_PHONE),
            ("password", DEMO_PASSWORD),
        ]);
        let cross = |origin_header: (&'static str, &'static str)| {
            Request::builder()
                .method(Method::POST)
                .uri(SIGN_IN)
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("priyom_csrf={}", "ab".repeat(32)))
                .header(origin_header.0, origin_header.1)
                .body(Body::from(body.clone()))
                .expect("request")
        };
        let r = send(&router, cross(("origin", "https://evil.example"))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = send(&router, cross(("sec-fetch-site", "cross-site"))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(r.set_cookie("priyom_session").is_none());

        // Same site, but the form's token does not match the browser's cookie.
        let mut browser = Browser::new();
        browser.csrf = "ef".repeat(32);
        let r = browser
            .post(
                &router,
                SIGN_IN,
                &[("login", DEMO_PATIENT_PHONE), ("password", DEMO_PASSWORD)],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("Форма устарела"), "{}", r.body);
        assert!(browser.cookie("priyom_session").is_none());
        // No cookie at all.
        browser.cookies.clear();
        let r = browser
            .post(
                &router,
                REGISTER,
                &registration("+79165550000", "лето на даче 2026"),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE phone = '+79165550000'")
                .fetch_one(db.pool())
                .await
                .expect("count");
        assert_eq!(count, 0);
    }
);

both_engines!(
    pages_and_functions_guard_by_session_and_role,
    |db: Db| async move {
        let router = app(db.clone()).await;
        // A guest: the cabinet sends you to sign in and brings you back.
        let mut guest = Browser::new();
        let page = guest.get(&router, "/account").await;
        assert_eq!(page.status, StatusCode::FOUND, "{}", page.body);
        assert_eq!(page.location(), Some("/signin?next=/account"));
        let data = guest.get(&router, "/api/account/overview").await;
        assert_eq!(data.status, StatusCode::UNAUTHORIZED);
        let change = guest
            .post(
                &router,
                "/api/auth/password",
                &[("current_password", "x"), ("new_password", "y")],
            )
            .await;
        assert_eq!(change.status, StatusCode::UNAUTHORIZED);

        // A signed-in patient sees their own cabinet.
        let mut patient = Browser::new();
        patient
            .post(
                &router,
                SIGN_IN,
                &[("login", DEMO_PATIENT_PHONE), ("password", DEMO_PASSWORD)],
            )
            .await;
        let page = patient.get(&router, "/account").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Ирина Павловна Белова"));
        assert!(page.body.contains("+7 900 000-00-01"));
        assert!(page
            .headers
            .get(header::CACHE_CONTROL)
            .is_some_and(|v| v == "no-store"));

        // The server-side guard: each role refuses users without it; an admin holds every role.
        for (phone, allowed) in [
            ("+79000000001", vec![Role::Patient]),
            ("+79000000002", vec![Role::Specialist]),
            ("+79000000003", vec![Role::Operator]),
            ("+79000000004", vec![Role::Manager]),
            ("+79000000005", Role::ALL.to_vec()),
        ] {
            let user = user_id_by_phone(&db, phone).await;
            let roles = users::roles(&db, user).await.expect("roles");
            for role in Role::ALL {
                assert_eq!(roles.has(*role), allowed.contains(role), "{phone} {role}");
            }
        }
        let expired = session::find(&db, &"00".repeat(32), support::NOW)
            .await
            .expect("find");
        assert!(expired.is_none());
    }
);

/// Collects everything logged on this thread.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut buffer) = self.0.lock() {
            buffer.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_hold_no_phones_passwords_or_tokens() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let test_db = app::server::testing::TestDb::new(app::server::db::Engine::Sqlite).await;
    let router = app(test_db.db.clone()).await;
    let mut browser = Browser::new();
    register(
        &mut browser,
        &router,
        &test_db.db,
        &registration("+7 916 777-88-99", "секретные слова 2026"),
    )
    .await;
    let token = browser
        .cookie("priyom_session")
        .expect("session")
        .to_string();
    browser.post(&router, "/api/auth/sign-out", &[]).await;
    let mut other = Browser::new();
    other
        .post(
            &router,
            SIGN_IN,
            &[
                ("login", "8 916 777 88 99"),
                ("password", "неверный пароль"),
            ],
        )
        .await;
    other
        .post(
            &router,
            SIGN_IN,
            &[
                ("login", "+79167778899"),
                ("password", "секретные слова 2026"),
            ],
        )
        .await;
    let code = support::sms_code(&test_db.db, "+79167778899")
        .await
        .expect("a code was sent");
    let logs = String::from_utf8_lossy(&captured.0.lock().expect("logs")).into_owned();
    assert!(
        logs.contains("account registered")
            && logs.contains("signed in")
            && logs.contains("phone code sent"),
        "{logs}"
    );
    // The code is a number among numbers: no run of digits in the logs is that code.
    let digit_runs: Vec<&str> = logs
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .collect();
    assert!(!digit_runs.contains(&code.as_str()), "the code was logged");
    for secret in [
        "9167778899",
        "916 777",
        "секретные",
        "неверный",
        token.as_str(),
        &"ab".repeat(32),
    ] {
        assert!(!logs.contains(secret), "{secret:?} leaked into the logs");
    }
}

/// Signs a demo account in and returns its browser.
async fn demo(router: &axum::Router, phone: &str) -> Browser {
    let mut browser = Browser::new();
    let reply = browser
        .post(
            router,
            SIGN_IN,
            &[("login", phone), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{phone}: {}", reply.body);
    browser
}

both_engines!(only_admins_manage_roles, |db: Db| async move {
    let router = app(db.clone()).await;
    let patient = user_id_by_phone(&db, DEMO_PATIENT_PHONE)
        .await
        .get()
        .to_string();
    let grant = [
        ("user_id", patient.as_str()),
        ("role", "specialist"),
        ("clinic_id", ""),
        ("change", "grant"),
    ];
    // Every role but admin is refused, on the page (403 with a page) and on the function.
    for phone in [
        "+79000000001",
        "+79000000002",
        "+79000000003",
        "+79000000004",
    ] {
        let mut browser = demo(&router, phone).await;
        let page = browser.get(&router, "/admin/users?q=Белова").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{phone}");
        assert!(page.body.contains("Нет доступа"));
        assert!(!page.body.contains(DEMO_PATIENT_PHONE));
        let search = browser.get(&router, "/api/admin/users?q=Белова").await;
        assert_eq!(search.status, StatusCode::FORBIDDEN, "{phone}");
        let change = browser.post(&router, "/api/admin/role", &grant).await;
        assert_eq!(change.status, StatusCode::FORBIDDEN, "{phone}");
        let end = browser
            .post(
                &router,
                "/api/admin/end-sessions",
                &[("user_id", patient.as_str())],
            )
            .await;
        assert_eq!(end.status, StatusCode::FORBIDDEN, "{phone}");
    }
    let mut guest = Browser::new();
    let page = guest.get(&router, "/admin/users").await;
    assert_eq!(page.location(), Some("/signin?next=/admin/users"));

    let mut admin = demo(&router, "+79000000005").await;
    let page = admin.get(&router, "/admin/users?q=белова").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Ирина Павловна Белова"),
        "lower-case Cyrillic finds the name"
    );
    let by_phone = admin
        .get(&router, "/api/admin/users?q=8%20900%20000-00-01")
        .await;
    assert!(by_phone.body.contains("Белова"), "{}", by_phone.body);

    let granted = admin.post(&router, "/api/admin/role", &grant).await;
    assert_eq!(granted.status, StatusCode::OK, "{}", granted.body);
    let roles = users::roles(&db, UserId::new(patient.parse().expect("id")))
        .await
        .expect("roles");
    assert!(roles.has(Role::Specialist));
    let revoke = [
        ("user_id", patient.as_str()),
        ("role", "specialist"),
        ("clinic_id", ""),
        ("change", "revoke"),
    ];
    admin.post(&router, "/api/admin/role", &revoke).await;
    let roles = users::roles(&db, UserId::new(patient.parse().expect("id")))
        .await
        .expect("roles");
    assert!(!roles.has(Role::Specialist));

    // Scoped roles need a clinic, others none; the admin keeps their own admin role.
    let unscoped_operator = [
        ("user_id", patient.as_str()),
        ("role", "operator"),
        ("clinic_id", ""),
        ("change", "grant"),
    ];
    let r = admin
        .post(&router, "/api/admin/role", &unscoped_operator)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let me = user_id_by_phone(&db, "+79000000005")
        .await
        .get()
        .to_string();
    let self_revoke = [
        ("user_id", me.as_str()),
        ("role", "admin"),
        ("clinic_id", ""),
        ("change", "revoke"),
    ];
    let r = admin.post(&router, "/api/admin/role", &self_revoke).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let nobody = [
        ("user_id", "999999"),
        ("role", "patient"),
        ("clinic_id", ""),
        ("change", "grant"),
    ];
    let r = admin.post(&router, "/api/admin/role", &nobody).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // Ending someone's sessions signs them out everywhere.
    let mut patient_browser = demo(&router, DEMO_PATIENT_PHONE).await;
    admin
        .post(
            &router,
            "/api/admin/end-sessions",
            &[("user_id", patient.as_str())],
        )
        .await;
    assert_eq!(
        patient_browser.get(&router, "/api/auth/me").await.body,
        "null"
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('role_grant', 'role_revoke', 'sessions_reset', 'user_search')",
    )
    .fetch_one(db.pool())
    .await
    .expect("audit");
    assert!(audited >= 5, "{audited}");
});

both_engines!(
    sessions_expire_when_idle_and_at_the_absolute_limit,
    |db: Db| async move {
        app::server::seed::seed(&db, support::NOW)
            .await
            .expect("seed");
        let user = user_id_by_phone(&db, DEMO_PATIENT_PHONE).await;
        let t0 = support::NOW;
        let day = 86_400;
        // Used every six days: alive until the absolute limit of 30 days, then gone.
        let token = session::create(&db, user, t0, "127.0.0.1", None)
            .await
            .expect("create");
        let mut now = t0;
        while now + 6 * day < t0 + session::ABSOLUTE_S {
            now += 6 * day;
            let found = session::find(&db, &token, now).await.expect("find");
            assert!(found.is_some(), "alive on day {}", (now - t0) / day);
        }
        let after = session::find(&db, &token, t0 + session::ABSOLUTE_S)
            .await
            .expect("find");
        assert_eq!(after, None);
        // Left alone for a week: gone, and the row with it.
        let idle = session::create(&db, user, t0, "127.0.0.1", None)
            .await
            .expect("create");
        assert!(session::find(&db, &idle, t0 + session::IDLE_S - 1)
            .await
            .expect("find")
            .is_some());
        let later = t0 + session::IDLE_S - 1 + session::IDLE_S;
        assert_eq!(session::find(&db, &idle, later).await.expect("find"), None);
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
            .bind(user.get())
            .fetch_one(db.pool())
            .await
            .expect("count");
        assert_eq!(rows, 0);
    }
);

both_engines!(
    registrations_from_one_address_are_limited,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let register_nth = |n: usize| {
            let router = router.clone();
            let db = db.clone();
            async move {
                let phone = format!("+7916555{n:04}");
                let email = format!("family{n}@example.ru");
                let fields = [
                    ("full_name", "Ольга Смирнова"),
                    ("phone", phone.as_str()),
                    ("email", email.as_str()),
                    ("password", "лето на даче 2026"),
                    ("consent", "yes"),
                ];
                register(&mut Browser::new(), &router, &db, &fields).await
            }
        };
        let limit = app::server::auth::throttle::REGISTRATIONS.max as usize;
        for n in 0..limit {
            let reply = register_nth(n).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        }
        // One more from the same address within the hour waits, and nothing is stored.
        let refused = register_nth(limit).await;
        assert_eq!(
            refused.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}",
            refused.body
        );
        assert!(refused.body.contains("RateLimited"), "{}", refused.body);
        let stored: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email LIKE 'family%'")
                .fetch_one(db.pool())
                .await
                .expect("count");
        assert_eq!(stored, limit as i64);
    }
);

both_engines!(
    sign_in_gives_the_browser_a_new_csrf_token,
    |db: Db| async move {
        let router = app(db).await;
        let mut browser = Browser::new();
        let planted = browser.csrf.clone();
        let reply = browser
            .post(
                &router,
                SIGN_IN,
                &[("login", DEMO_PATIENT_PHONE), ("password", DEMO_PASSWORD)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let fresh = reply.set_cookie("priyom_csrf").expect("a new CSRF cookie");
        assert_eq!(fresh.len(), 64);
        assert_ne!(fresh, planted);
        // The page learns it from "who am I" (JavaScript keeps the open page's forms current).
        let me = browser.get(&router, "/api/auth/me").await;
        assert!(me.body.contains(&fresh), "{}", me.body);
        // A form carrying the token from before signing in is refused; the new one passes.
        browser.csrf = planted;
        let stale = browser.post(&router, "/api/auth/sign-out", &[]).await;
        assert_eq!(stale.status, StatusCode::BAD_REQUEST, "{}", stale.body);
        browser.csrf = fresh;
        let out = browser.post(&router, "/api/auth/sign-out", &[]).await;
        assert_eq!(out.status, StatusCode::OK, "{}", out.body);
    }
);
