//! Notification endpoints over HTTP on both engines: the live unread feed, the Telegram
//! webhook (secret, dedupe, linking) and the forgotten-password form's single answer.

use crate::support::{self, app, app_with, send, Browser, NOW};
use app::both_engines;
use app::server::db::Db;
use app::server::notify::{inbox, Hub, TelegramBot};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceExt;

const SIGN_IN: &str = "/api/auth/sign-in";
const PATIENT_PHONE: &str = "+79000000001";
const SECRET: &str = "webhook-secret-0123456789";

async fn signed_in(router: &axum::Router) -> Browser {
    let mut browser = Browser::new();
    let reply = browser
        .post(
            router,
            SIGN_IN,
            &[("login", PATIENT_PHONE), ("password", "priyom-demo-2026")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    browser
}

async fn patient_id(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(PATIENT_PHONE)
        .fetch_one(db.pool())
        .await
        .expect("patient")
}

/// Reads the stream until its next `data:` line.
async fn next_data(body: &mut Body) -> String {
    let read = async {
        let mut text = String::new();
        loop {
            let frame = body.frame().await.expect("frame").expect("body");
            if let Some(bytes) = frame.data_ref() {
                text.push_str(&String::from_utf8_lossy(bytes));
                if let Some(line) = text.lines().find_map(|l| l.strip_prefix("data: ")) {
                    return line.trim().to_string();
                }
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), read)
        .await
        .expect("an event within 10 s")
}

both_engines!(unread_feed_is_private_and_live, |db: Db| async move {
    let hub = Hub::default();
    let router = app_with(db.clone(), hub.clone()).await;
    let guest = support::get(&router, "/api/notifications/stream", &[]).await;
    assert_eq!(guest.status, StatusCode::UNAUTHORIZED);

    let browser = signed_in(&router).await;
    let cookie = format!(
        "priyom_session={}",
        browser.cookie("priyom_session").expect("session")
    );
    let request = Request::builder()
        .uri("/api/notifications/stream")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("text/event-stream")
    );
    let mut body = response.into_body();
    assert_eq!(next_data(&mut body).await, "0");

    // A notice is delivered to the patient and announced: the feed tells at once.
    let patient = patient_id(&db).await;
    sqlx::query(
        "INSERT INTO notifications (user_id, channel, kind, status, due_at, sent_at, body, \
             created_at, updated_at) \
         VALUES ($1, 'in_app', 'booking_confirmed', 'sent', $2, $2, 'Запись подтверждена', $2, $2)",
    )
    .bind(patient)
    .bind(NOW)
    .execute(db.pool())
    .await
    .expect("notice");
    hub.announce(patient);
    assert_eq!(next_data(&mut body).await, "1");
    inbox::mark_all_read(&db, patient, NOW).await.expect("read");
    hub.announce(patient);
    assert_eq!(next_data(&mut body).await, "0");
});

async fn webhook(router: &axum::Router, secret: &str, update: serde_json::Value) -> StatusCode {
    let request = Request::builder()
        .method(Method::POST)
        .uri("/webhooks/telegram")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-telegram-bot-api-secret-token", secret)
        .body(Body::from(update.to_string()))
        .expect("request");
    send(router, request).await.status
}

both_engines!(telegram_webhook_is_off_without_a_bot, |db: Db| async move {
    let plain = app(db).await;
    let update =
        serde_json::json!({"update_id": 7, "message": {"chat": {"id": 555}, "text": "hi"}});
    assert_eq!(webhook(&plain, SECRET, update).await, StatusCode::NOT_FOUND);
});

both_engines!(
    telegram_webhook_checks_its_secret_and_links_once,
    |db: Db| async move {
        let other = db;
        let hub = Hub::new(Some(TelegramBot {
            name: "priyom_bot".into(),
            webhook_secret: SECRET.into(),
        }));
        let router = app_with(other.clone(), hub).await;
        let patient = patient_id(&other).await;
        let token = inbox::telegram_link_token(&other, patient, app::server::now_unix())
            .await
            .expect("token");
        let start = serde_json::json!({"update_id": 9, "message": {"chat": {"id": 555}, "text": format!("/start {token}")}});
        assert_eq!(
            webhook(&router, "wrong-secret-000000000", start.clone()).await,
            StatusCode::FORBIDDEN
        );
        assert!(!inbox::telegram_linked(&other, patient)
            .await
            .expect("linked"));
        assert_eq!(
            webhook(&router, SECRET, start.clone()).await,
            StatusCode::OK
        );
        assert!(inbox::telegram_linked(&other, patient)
            .await
            .expect("linked"));
        // Redelivered: answered 200, handled once (one welcome message).
        assert_eq!(webhook(&router, SECRET, start).await, StatusCode::OK);
        let welcomes: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'telegram_linked' AND user_id = $1",
        )
        .bind(patient)
        .fetch_one(other.pool())
        .await
        .expect("count");
        assert_eq!(welcomes, 1);
        let bad = Request::builder()
            .method(Method::POST)
            .uri("/webhooks/telegram")
            .header("x-telegram-bot-api-secret-token", SECRET)
            .body(Body::from("not json"))
            .expect("request");
        assert_eq!(send(&router, bad).await.status, StatusCode::BAD_REQUEST);
    }
);

both_engines!(
    forgot_password_answers_the_same_for_any_login,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let mut browser = Browser::new();
        let known = browser
            .post(
                &router,
                "/api/auth/forgot",
                &[("login", "patient@priyom.demo")],
            )
            .await;
        let unknown = browser
            .post(
                &router,
                "/api/auth/forgot",
                &[("login", "nobody@priyom.demo")],
            )
            .await;
        assert_eq!(known.status, unknown.status);
        assert_eq!(known.body, unknown.body);
        assert_eq!(known.location(), unknown.location());
        let written: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'password_reset'")
                .fetch_one(db.pool())
                .await
                .expect("count");
        assert_eq!(written, 1, "only the real account gets a link");
        let page = browser.get(&router, "/password/reset?token=00").await;
        assert_eq!(page.status, StatusCode::OK);
        let dead = browser
            .post(
                &router,
                "/api/auth/reset",
                &[
                    ("token", &"0".repeat(64)),
                    ("password", "a-long-new-password-2026"),
                ],
            )
            .await;
        assert_eq!(dead.status, StatusCode::BAD_REQUEST, "{}", dead.body);
    }
);
