//! The REST API, `/api/v1`, on SQLite and PostgreSQL: tokens and their families, keys and
//! their scopes, the access matrix, idempotent booking, the double-booking race through the
//! API, problem details, ETags, CORS, and the description matching the routes.

use crate::support::{app, scalar, send, Reply};
use app::both_engines;
use app::model::api_keys::Scope;
use app::server::db::Db;
use app::server::repos::api_keys::{self, NewKey};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};

const SERVICE: &str = "massage-back";
const CLINIC: &str = "moskva-chistye-prudy";
const SPECIALIST: &str = "anna-koroleva";
const PATIENT: &str = "+79000000001";
const OPERATOR: &str = "+79000000003";
const ADMIN: &str = "+79000000005";
const PASSWORD: &str = "priyom-demo-2026";

/// Credentials a request carries.
#[derive(Clone, Copy)]
enum Who<'a> {
    Nobody,
    Token(&'a str),
    Key(&'a str),
}

async fn call(
    router: &Router,
    method: Method,
    uri: &str,
    who: Who<'_>,
    extra: &[(&str, &str)],
    body: Option<Value>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    match who {
        Who::Nobody => {}
        Who::Token(token) => {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        Who::Key(key) => request = request.header("x-api-key", key),
    }
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    let body = match body {
        Some(value) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(value.to_string())
        }
        None => Body::empty(),
    };
    send(router, request.body(body).expect("request")).await
}

async fn get(router: &Router, uri: &str, who: Who<'_>) -> Reply {
    call(router, Method::GET, uri, who, &[], None).await
}

async fn post(router: &Router, uri: &str, who: Who<'_>, body: Value) -> Reply {
    call(router, Method::POST, uri, who, &[], Some(body)).await
}

fn json_of(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

/// Signs in through the API: (access token, refresh token).
async fn sign_in(router: &Router, login: &str) -> (String, String) {
    let reply = post(
        router,
        "/api/v1/auth/token",
        Who::Nobody,
        json!({ "login": login, "password": PASSWORD }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let pair = json_of(&reply);
    (
        pair["access_token"].as_str().expect("access").to_string(),
        pair["refresh_token"].as_str().expect("refresh").to_string(),
    )
}

async fn clinic_id(db: &Db) -> i64 {
    scalar(
        db,
        &format!("SELECT id FROM clinics WHERE slug = '{CLINIC}'"),
    )
    .await
}

/// A key made as the admin makes one.
async fn key(db: &Db, scopes: &[Scope], clinic: Option<i64>, rate: i64) -> (i64, String) {
    let admin = scalar(db, &format!("SELECT id FROM users WHERE phone = '{ADMIN}'")).await;
    let new = NewKey {
        name: "test integration".into(),
        scopes: scopes.to_vec(),
        clinic: clinic.map(priyom::ClinicId::new),
        rate_per_min: rate,
    };
    api_keys::create(
        db,
        &new,
        priyom::UserId::new(admin),
        "127.0.0.1",
        app::server::now_unix(),
    )
    .await
    .expect("key")
}

/// The first free time of the specialist within the next two months, through the API.
async fn free_start(router: &Router) -> String {
    let which = format!("service={SERVICE}&clinic={CLINIC}&specialist={SPECIALIST}");
    let now = now();
    let this_month = now.format("%Y-%m").to_string();
    let first = get(
        router,
        &format!("/api/v1/availability/months/{this_month}?{which}"),
        Who::Nobody,
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let first = json_of(&first);
    let next = first["last_month"]
        .as_str()
        .expect("last month")
        .to_string();
    let second = json_of(
        &get(
            router,
            &format!("/api/v1/availability/months/{next}?{which}"),
            Who::Nobody,
        )
        .await,
    );
    let date = [first, second]
        .iter()
        .flat_map(|m| m["days"].as_array().cloned().unwrap_or_default())
        .find(|d| d["available"] == Value::Bool(true))
        .and_then(|d| d["date"].as_str().map(String::from))
        .expect("a free day");
    let day = get(
        router,
        &format!("/api/v1/availability/days/{date}?{which}"),
        Who::Nobody,
    )
    .await;
    assert_eq!(day.status, StatusCode::OK, "{}", day.body);
    json_of(&day)["slots"][0]["start"]
        .as_str()
        .expect("a free time")
        .to_string()
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(app::server::now_unix(), 0).expect("a clock in range")
}

fn booking(start: &str, patient: Option<(&str, &str)>) -> Value {
    let mut body = json!({
        "service": SERVICE, "clinic": CLINIC, "specialist": SPECIALIST, "start": start,
    });
    if let Some((name, phone)) = patient {
        body["patient"] = json!({ "full_name": name, "phone": phone, "consent": true });
    }
    body
}

async fn create(router: &Router, who: Who<'_>, key: &str, body: Value) -> Reply {
    call(
        router,
        Method::POST,
        "/api/v1/appointments",
        who,
        &[("idempotency-key", key)],
        Some(body),
    )
    .await
}

both_engines!(
    refresh_tokens_rotate_and_a_reused_one_ends_the_family,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let (access, refresh) = sign_in(&router, PATIENT).await;
        let me = get(&router, "/api/v1/me", Who::Token(&access)).await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.body);
        assert_eq!(json_of(&me)["phone"], PATIENT);
        assert!(
            me.set_cookie("priyom_session").is_none() && me.set_cookie("priyom_csrf").is_none()
        );

        let next = post(
            &router,
            "/api/v1/auth/refresh",
            Who::Nobody,
            json!({ "refresh_token": refresh }),
        )
        .await;
        assert_eq!(next.status, StatusCode::OK, "{}", next.body);
        let next = json_of(&next);
        let (access2, refresh2) = (
            next["access_token"].as_str().unwrap(),
            next["refresh_token"].as_str().unwrap(),
        );
        assert_ne!(refresh2, refresh);
        assert_eq!(
            get(&router, "/api/v1/me", Who::Token(access2)).await.status,
            StatusCode::OK
        );

        // The first refresh token again: someone kept a copy. The whole family ends.
        let reused = post(
            &router,
            "/api/v1/auth/refresh",
            Who::Nobody,
            json!({ "refresh_token": refresh }),
        )
        .await;
        assert_eq!(reused.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            reused.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
        let after = post(
            &router,
            "/api/v1/auth/refresh",
            Who::Nobody,
            json!({ "refresh_token": refresh2 }),
        )
        .await;
        assert_eq!(
            after.status,
            StatusCode::UNAUTHORIZED,
            "the newest token died with its family"
        );
        assert_eq!(
            get(&router, "/api/v1/me", Who::Token(access2)).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            get(&router, "/api/v1/me", Who::Token(&access)).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            scalar(
                &db,
                "SELECT COUNT(*) FROM api_token_families WHERE ended_why = 'reused'"
            )
            .await,
            1
        );

        // A later sign-in drops the tokens of families over for a day; the families stay.
        crate::support::by_hand(
            &db,
            "UPDATE api_token_families SET ended_at = ended_at - 90000 WHERE ended_at IS NOT NULL",
        )
        .await;
        sign_in(&router, PATIENT).await;
        assert_eq!(scalar(&db, "SELECT COUNT(*) FROM api_refresh_tokens t JOIN api_token_families f ON f.id = t.family_id WHERE f.ended_at IS NOT NULL").await, 0);
        assert_eq!(
            scalar(&db, "SELECT COUNT(*) FROM api_token_families").await,
            2
        );
        // Tokens are stored hashed: no refresh token is in the table.
        let stored = scalar(
            &db,
            &format!("SELECT COUNT(*) FROM api_refresh_tokens WHERE hash = '{refresh2}'"),
        )
        .await;
        assert_eq!(stored, 0);
        // A forged or expired access token is refused.
        let forged = format!("{}x", &access[..access.len() - 1]);
        assert_eq!(
            get(&router, "/api/v1/me", Who::Token(&forged)).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
);

both_engines!(parallel; one_refresh_token_spent_twice_at_once_ends_its_family, |db: Db| async move {
    let router = app(db.clone()).await;
    let (_, refresh) = sign_in(&router, PATIENT).await;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let router = router.clone();
            let body = json!({ "refresh_token": refresh });
            tokio::spawn(async move {
                let reply = post(&router, "/api/v1/auth/refresh", Who::Nobody, body).await;
                (reply.status, reply.body)
            })
        })
        .collect();
    let mut successors = Vec::new();
    for task in tasks {
        let (status, body) = task.await.expect("task");
        if status == StatusCode::OK {
            let pair: Value = serde_json::from_str(&body).expect("json");
            successors.push(pair["refresh_token"].as_str().expect("refresh").to_string());
        }
    }
    assert!(successors.len() <= 1, "one token spent into {} successors", successors.len());
    // However the race went, the family ended: no successor works.
    for next in successors {
        let reply = post(&router, "/api/v1/auth/refresh", Who::Nobody, json!({ "refresh_token": next })).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
});

both_engines!(
    signing_out_everywhere_and_role_changes_end_tokens,
    |db: Db| async move {
        let router = app(db.clone()).await;
        // An app's sign-out ends its own sign-in only.
        let (phone_access, phone_refresh) = sign_in(&router, PATIENT).await;
        let (tablet_access, _) = sign_in(&router, PATIENT).await;
        let body = json!({ "refresh_token": phone_refresh });
        let out = post(&router, "/api/v1/auth/sign-out", Who::Nobody, body).await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        let phone = get(&router, "/api/v1/me", Who::Token(&phone_access)).await;
        assert_eq!(phone.status, StatusCode::UNAUTHORIZED);
        let tablet = get(&router, "/api/v1/me", Who::Token(&tablet_access)).await;
        assert_eq!(tablet.status, StatusCode::OK);
        let (access, refresh) = sign_in(&router, PATIENT).await;
        let out = call(
            &router,
            Method::POST,
            "/api/v1/auth/sign-out-everywhere",
            Who::Token(&access),
            &[],
            None,
        )
        .await;
        assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.body);
        assert_eq!(
            get(&router, "/api/v1/me", Who::Token(&access)).await.status,
            StatusCode::UNAUTHORIZED
        );
        let again = post(
            &router,
            "/api/v1/auth/refresh",
            Who::Nobody,
            json!({ "refresh_token": refresh }),
        )
        .await;
        assert_eq!(again.status, StatusCode::UNAUTHORIZED);

        // A role granted: the access token in hand stops working at once, as a session rotates.
        let (access, refresh) = sign_in(&router, PATIENT).await;
        let user = scalar(
            &db,
            &format!("SELECT id FROM users WHERE phone = '{PATIENT}'"),
        )
        .await;
        let grant = priyom::RoleGrant {
            role: priyom::Role::Admin,
            clinic: None,
        };
        app::server::repos::users::grant_role(
            &db,
            priyom::UserId::new(user),
            grant,
            priyom::UserId::new(user),
            "127.0.0.1",
            app::server::now_unix(),
        )
        .await
        .expect("grant");
        assert_eq!(
            get(&router, "/api/v1/me", Who::Token(&access)).await.status,
            StatusCode::UNAUTHORIZED
        );
        let again = post(
            &router,
            "/api/v1/auth/refresh",
            Who::Nobody,
            json!({ "refresh_token": refresh }),
        )
        .await;
        assert_eq!(again.status, StatusCode::UNAUTHORIZED);

        // A wrong password: the site's answer, as a problem, and no tokens.
        let wrong = post(
            &router,
            "/api/v1/auth/token",
            Who::Nobody,
            json!({ "login": PATIENT, "password": "nope-nope-nope" }),
        )
        .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            wrong.body
        );
        assert!(json_of(&wrong)["detail"].as_str().is_some());
    }
);

/// An access token signed with the real secret for `user`'s sign-in `family`, expiring `exp`.
async fn signed(db: &Db, user: i64, family: i64, exp: i64) -> String {
    let secret: String = sqlx::query_scalar("SELECT value FROM app_secrets")
        .fetch_one(db.pool())
        .await
        .expect("the secret exists after a sign-in");
    let claims = json!({ "sub": user.to_string(), "fam": family, "iat": exp - 900, "exp": exp, "aud": "priyom-api-v1" });
    let key = jsonwebtoken::EncodingKey::from_secret(secret.as_bytes());
    jsonwebtoken::encode(&jsonwebtoken::Header::default(), &claims, &key).expect("sign")
}

both_engines!(access_tokens_expire, |db: Db| async move {
    let router = app(db.clone()).await;
    sign_in(&router, PATIENT).await;
    let user = scalar(
        &db,
        &format!("SELECT id FROM users WHERE phone = '{PATIENT}'"),
    )
    .await;
    let family = scalar(&db, "SELECT MAX(id) FROM api_token_families").await;
    let now = app::server::now_unix();
    let live = signed(&db, user, family, now + 60).await;
    assert_eq!(
        get(&router, "/api/v1/me", Who::Token(&live)).await.status,
        StatusCode::OK
    );
    let expired = signed(&db, user, family, now - 1).await;
    assert_eq!(
        get(&router, "/api/v1/me", Who::Token(&expired))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Another person's id in a token of this family is refused too.
    let other = signed(&db, user + 1, family, now + 60).await;
    assert_eq!(
        get(&router, "/api/v1/me", Who::Token(&other)).await.status,
        StatusCode::UNAUTHORIZED
    );
});

both_engines!(the_access_matrix, |db: Db| async move {
    let router = app(db.clone()).await;
    let clinic = clinic_id(&db).await;
    let (patient, _) = sign_in(&router, PATIENT).await;
    let (operator, _) = sign_in(&router, OPERATOR).await;
    let (_, reader) = key(
        &db,
        &[
            Scope::CatalogRead,
            Scope::AvailabilityRead,
            Scope::AppointmentsRead,
        ],
        Some(clinic),
        1000,
    )
    .await;
    let (_, catalog_only) = key(&db, &[Scope::CatalogRead], None, 1000).await;
    let month = now().format("%Y-%m").to_string();
    let which = format!("service={SERVICE}&clinic={CLINIC}");
    let reads = [
        ("/api/v1/clinics".to_string(), Scope::CatalogRead),
        (format!("/api/v1/clinics/{CLINIC}"), Scope::CatalogRead),
        (
            "/api/v1/services?clinic=moskva-chistye-prudy".to_string(),
            Scope::CatalogRead,
        ),
        (
            "/api/v1/specialists?limit=2".to_string(),
            Scope::CatalogRead,
        ),
        (
            format!("/api/v1/specialists/{SPECIALIST}"),
            Scope::CatalogRead,
        ),
        (
            format!("/api/v1/availability/months/{month}?{which}"),
            Scope::AvailabilityRead,
        ),
        (
            format!(
                "/api/v1/availability/days/{}?{which}",
                now().format("%Y-%m-%d")
            ),
            Scope::AvailabilityRead,
        ),
    ];
    for (uri, scope) in &reads {
        for (who, name) in [
            (Who::Nobody, "nobody"),
            (Who::Token(&patient), "patient"),
            (Who::Key(&reader), "reader key"),
        ] {
            let reply = get(&router, uri, who).await;
            assert_eq!(reply.status, StatusCode::OK, "{name} {uri}: {}", reply.body);
        }
        let expected = if *scope == Scope::CatalogRead {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(
            get(&router, uri, Who::Key(&catalog_only)).await.status,
            expected,
            "catalog-only key {uri}"
        );
    }
    // Visits: nobody 401; people and reading keys 200; a key without the scope 403.
    for (who, expected) in [
        (Who::Nobody, StatusCode::UNAUTHORIZED),
        (Who::Token(&patient), StatusCode::OK),
        (Who::Token(&operator), StatusCode::OK),
        (Who::Key(&reader), StatusCode::OK),
        (Who::Key(&catalog_only), StatusCode::FORBIDDEN),
    ] {
        assert_eq!(
            get(&router, "/api/v1/appointments", who).await.status,
            expected
        );
    }
    // The profile is a person's: a key gets 403, nobody 401.
    assert_eq!(
        get(&router, "/api/v1/me", Who::Key(&reader)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(&router, "/api/v1/me", Who::Nobody).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Booking: a key without appointments:write is refused; nobody must sign in.
    let start = free_start(&router).await;
    let body = booking(&start, Some(("Пётр Иванов", "+7 916 700-00-01")));
    assert_eq!(
        create(&router, Who::Key(&reader), "k1", body.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        create(&router, Who::Nobody, "k1", body.clone())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // A patient cannot book for somebody else: that is the front desk's.
    assert_eq!(
        create(&router, Who::Token(&patient), "k1", body.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // The patient books for themselves; another patient's token does not see it.
    let own = create(&router, Who::Token(&patient), "k2", booking(&start, None)).await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.body);
    let id = json_of(&own)["id"].as_i64().expect("id");
    assert_eq!(
        own.location(),
        Some(format!("/api/v1/appointments/{id}").as_str())
    );
    let stranger = {
        let reply = post(
            &router,
            "/api/v1/auth/token",
            Who::Nobody,
            json!({ "login": "+79000000002", "password": PASSWORD }),
        )
        .await;
        json_of(&reply)["access_token"]
            .as_str()
            .expect("token")
            .to_string()
    };
    let uri = format!("/api/v1/appointments/{id}");
    assert_eq!(
        get(&router, &uri, Who::Token(&patient)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        get(&router, &uri, Who::Token(&operator)).await.status,
        StatusCode::OK,
        "the desk of its clinic"
    );
    assert_eq!(
        get(&router, &uri, Who::Key(&reader)).await.status,
        StatusCode::OK,
        "a key of its clinic"
    );
    let other_clinic = scalar(
        &db,
        &format!("SELECT id FROM clinics WHERE id <> {clinic} ORDER BY id LIMIT 1"),
    )
    .await;
    let (_, elsewhere) = key(&db, &[Scope::AppointmentsRead], Some(other_clinic), 1000).await;
    assert_eq!(
        get(&router, &uri, Who::Key(&elsewhere)).await.status,
        StatusCode::NOT_FOUND
    );
    let cancel = format!("{uri}/cancel");
    let strangers = post(
        &router,
        &cancel,
        Who::Token(&stranger),
        json!({ "reason": "" }),
    )
    .await;
    assert!(
        matches!(strangers.status, StatusCode::NOT_FOUND),
        "{}",
        strangers.body
    );
    assert_eq!(
        post(&router, &cancel, Who::Key(&reader), json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let reschedule = format!("{uri}/reschedule");
    let moved = json!({ "start": start });
    assert_eq!(
        post(&router, &reschedule, Who::Nobody, moved.clone())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post(&router, &reschedule, Who::Key(&reader), moved.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&router, &reschedule, Who::Token(&stranger), moved.clone())
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let everywhere = "/api/v1/auth/sign-out-everywhere";
    assert_eq!(
        call(
            &router,
            Method::POST,
            everywhere,
            Who::Key(&reader),
            &[],
            None
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&router, Method::POST, everywhere, Who::Nobody, &[], None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let cancelled = post(
        &router,
        &cancel,
        Who::Token(&patient),
        json!({ "reason": "Заболел" }),
    )
    .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
    assert_eq!(json_of(&cancelled)["status"], "cancelled");
});

both_engines!(
    keys_are_refused_once_revoked_and_beyond_their_rate,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let (id, secret) = key(&db, &[Scope::CatalogRead], None, 3).await;
        assert_eq!(
            get(&router, "/api/v1/clinics", Who::Key(&secret))
                .await
                .status,
            StatusCode::OK
        );
        assert!(
            scalar(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM api_keys WHERE id = {id} AND last_used_at IS NOT NULL"
                )
            )
            .await
                == 1
        );
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT COUNT(*) FROM api_keys WHERE hash = '{secret}'")
            )
            .await,
            0,
            "kept hashed"
        );
        get(&router, "/api/v1/clinics", Who::Key(&secret)).await;
        get(&router, "/api/v1/clinics", Who::Key(&secret)).await;
        let over = get(&router, "/api/v1/clinics", Who::Key(&secret)).await;
        assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = over.headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "{wait}");

        let (id, secret) = key(&db, &[Scope::CatalogRead], None, 100).await;
        assert_eq!(
            get(&router, "/api/v1/clinics", Who::Key(&secret))
                .await
                .status,
            StatusCode::OK
        );
        let admin = scalar(
            &db,
            &format!("SELECT id FROM users WHERE phone = '{ADMIN}'"),
        )
        .await;
        assert!(api_keys::revoke(
            &db,
            id,
            priyom::UserId::new(admin),
            "127.0.0.1",
            app::server::now_unix()
        )
        .await
        .unwrap());
        let refused = get(&router, "/api/v1/clinics", Who::Key(&secret)).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            get(&router, "/api/v1/clinics", Who::Key("pyk_nonsense"))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
);

both_engines!(booking_is_idempotent_by_key, |db: Db| async move {
    let router = app(db.clone()).await;
    let (_, secret) = key(
        &db,
        &[Scope::AppointmentsWrite, Scope::AppointmentsRead],
        Some(clinic_id(&db).await),
        1000,
    )
    .await;
    let start = free_start(&router).await;
    let body = booking(&start, Some(("Пётр Иванов", "+7 916 700-00-02")));
    let first = create(&router, Who::Key(&secret), "order-17", body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = create(&router, Who::Key(&secret), "order-17", body.clone()).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(json_of(&first)["id"], json_of(&again)["id"]);
    assert_eq!(json_of(&first)["source"], "api");
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM appointments WHERE source = 'api'"
        )
        .await,
        1
    );

    let mut other = body.clone();
    other["patient"]["full_name"] = json!("Мария Иванова");
    let changed = create(&router, Who::Key(&secret), "order-17", other).await;
    assert_eq!(
        changed.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        changed.body
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM appointments WHERE source = 'api'"
        )
        .await,
        1
    );

    // No key, a bad body, a bad phone: clear problems, nothing booked.
    let missing = call(
        &router,
        Method::POST,
        "/api/v1/appointments",
        Who::Key(&secret),
        &[],
        Some(body.clone()),
    )
    .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    let broken = call(
        &router,
        Method::POST,
        "/api/v1/appointments",
        Who::Key(&secret),
        &[
            ("idempotency-key", "x"),
            ("content-type", "application/json"),
        ],
        None,
    )
    .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST, "{}", broken.body);
    let bad_phone = create(
        &router,
        Who::Key(&secret),
        "order-18",
        booking(&start, Some(("Пётр Иванов", "12"))),
    )
    .await;
    assert_eq!(bad_phone.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = json_of(&bad_phone);
    assert_eq!(problem["errors"][0]["field"], "patient.phone", "{problem}");
    assert_eq!(
        bad_phone.headers[header::CONTENT_TYPE],
        "application/problem+json"
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM appointments WHERE source = 'api'"
        )
        .await,
        1
    );
});

both_engines!(parallel; fifty_parallel_bookings_of_one_time_make_one_visit, |db: Db| async move {
    let router = app(db.clone()).await;
    let (_, secret) = key(&db, &[Scope::AppointmentsWrite], None, 10_000).await;
    let start = free_start(&router).await;
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let router = router.clone();
            let secret = secret.clone();
            let body = booking(&start, Some(("Гость Гостев", &format!("+7 916 800-00-{i:02}"))));
            tokio::spawn(async move { create(&router, Who::Key(&secret), &format!("race-{i}"), body).await.status })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    let won = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
    let lost = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
    assert_eq!((won, lost), (1, 49), "{statuses:?}");
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM appointments WHERE source = 'api'").await, 1);
});

both_engines!(
    reads_carry_etags_and_the_api_sets_no_cookies,
    |db: Db| async move {
        let router = app(db).await;
        let first = get(&router, "/api/v1/clinics", Who::Nobody).await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(first.headers.get(header::SET_COOKIE).is_none());
        let tag = first.headers[header::ETAG].to_str().unwrap().to_string();
        let again = call(
            &router,
            Method::GET,
            "/api/v1/clinics",
            Who::Nobody,
            &[("if-none-match", &tag)],
            None,
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.body.is_empty());
        let english = call(
            &router,
            Method::GET,
            "/api/v1/clinics",
            Who::Nobody,
            &[
                ("accept-language", "en-GB,en;q=0.9"),
                ("if-none-match", &tag),
            ],
            None,
        )
        .await;
        assert_eq!(
            english.status,
            StatusCode::OK,
            "another language is another body"
        );
        // CORS for the configured origin only.
        let preflight = |origin: &'static str| {
            Request::builder()
                .method(Method::OPTIONS)
                .uri("/api/v1/appointments")
                .header(header::ORIGIN, origin)
                .header("access-control-request-method", "POST")
                .header(
                    "access-control-request-headers",
                    "authorization,idempotency-key",
                )
                .body(Body::empty())
                .unwrap()
        };
        let allowed = send(&router, preflight("https://app.clinic.example")).await;
        assert_eq!(
            allowed.headers["access-control-allow-origin"],
            "https://app.clinic.example"
        );
        let other = send(&router, preflight("https://evil.example")).await;
        assert!(other.headers.get("access-control-allow-origin").is_none());
        // A cross-site POST needs no CSRF token here: it carries no cookie authority.
        let cross = call(
            &router,
            Method::POST,
            "/api/v1/auth/refresh",
            Who::Nobody,
            &[("sec-fetch-site", "cross-site")],
            Some(json!({ "refresh_token": "0" })),
        )
        .await;
        assert_eq!(cross.status, StatusCode::UNAUTHORIZED);
        // Unknown routes and methods answer as problems.
        let none = get(&router, "/api/v1/nothing-here", Who::Nobody).await;
        assert_eq!(none.status, StatusCode::NOT_FOUND);
        assert_eq!(
            none.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
        let bad_cursor = get(&router, "/api/v1/specialists?cursor=zz", Who::Nobody).await;
        assert_eq!(bad_cursor.status, StatusCode::BAD_REQUEST);
    }
);

both_engines!(lists_page_by_cursor, |db: Db| async move {
    let router = app(db.clone()).await;
    // A patient's visits from now on: the upcoming only, in time order.
    let (token, _) = sign_in(&router, PATIENT).await;
    let now = now();
    let from = now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let upcoming = json_of(
        &get(
            &router,
            &format!("/api/v1/appointments?from={from}&limit=100"),
            Who::Token(&token),
        )
        .await,
    );
    let starts: Vec<&str> = upcoming["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|v| v["start"].as_str().expect("start"))
        .collect();
    assert!(starts.iter().all(|s| *s >= from.as_str()), "{starts:?}");
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    let user = scalar(
        &db,
        &format!("SELECT id FROM users WHERE phone = '{PATIENT}'"),
    )
    .await;
    let expected = scalar(
        &db,
        &format!(
            "SELECT COUNT(*) FROM appointments WHERE patient_id = {user} AND start_at >= {}",
            now.timestamp()
        ),
    )
    .await;
    assert_eq!(starts.len() as i64, expected);

    let total = scalar(&db, "SELECT COUNT(*) FROM specialists WHERE active = 1").await;
    let mut seen = Vec::new();
    let mut uri = "/api/v1/specialists?limit=2".to_string();
    loop {
        let page = json_of(&get(&router, &uri, Who::Nobody).await);
        for item in page["items"].as_array().expect("items") {
            seen.push(item["slug"].as_str().expect("slug").to_string());
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => uri = format!("/api/v1/specialists?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, total);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no specialist twice");
});

/// Every described operation is served (not the "no such route" answer), and routes are
/// only ever added with their description.
#[tokio::test]
async fn the_description_matches_the_routes() {
    let test_db = app::server::testing::TestDb::new(app::server::db::Engine::Sqlite).await;
    let router = app(test_db.db.clone()).await;
    let spec = serde_json::to_value(server::v1::spec()).expect("spec");
    let paths = spec["paths"].as_object().expect("paths");
    assert!(paths.len() >= 12, "{paths:?}");
    for (path, item) in paths {
        for method in item.as_object().expect("item").keys() {
            let uri = format!(
                "/api/v1{}",
                path.replace("{id}", "1")
                    .replace("{slug}", "x")
                    .replace("{date}", "2026-12-07")
                    .replace("{month}", "2026-12")
            );
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let reply = call(&router, method.clone(), &uri, Who::Nobody, &[], None).await;
            let body: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
            assert!(
                reply.status != StatusCode::METHOD_NOT_ALLOWED
                    && body["type"] != "/api/docs#problem-no-route",
                "{method} {uri} is described but not served"
            );
        }
    }
    let source_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/v1");
    for entry in std::fs::read_dir(&source_dir).expect("src/v1") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("source");
        let plain_routes = text.matches(".route(").count();
        let allowed = usize::from(path.ends_with("mod.rs")); // the description itself
        assert_eq!(
            plain_routes,
            allowed,
            "{}: add routes with routes!(…) so they are described",
            path.display()
        );
    }
    let docs = get(&router, "/api/docs", Who::Nobody).await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(docs.body.contains("/api/v1/appointments") && !docs.body.contains("<script"));
}
