//! Phones are proven before an account owns them (door 1 of the security review), on SQLite
//! and PostgreSQL: a stranger's number cannot be registered, codes die after a few wrong
//! tries, the answer never tells whether a number has an account, and SMS to one number are
//! limited.

use crate::support::{app, by_hand, register, scalar, sms_code, sms_payload, Browser, NOW};
use app::both_engines;
use app::server::db::Db;
use axum::http::StatusCode;

const CODE: &str = "/api/auth/phone-code";
const REGISTER: &str = "/api/auth/register";

fn account(phone: &str, code: &str) -> Vec<(String, String)> {
    [
        ("full_name", "Вера Николаевна Гостева"),
        ("phone", phone),
        ("code", code),
        ("email", ""),
        ("password", "тихий вечер на даче 2026"),
        ("consent", "yes"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

async fn post(browser: &mut Browser, router: &axum::Router, fields: &[(String, String)]) -> String {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.post(router, REGISTER, &borrowed).await.body
}

fn wrong(code: &str) -> String {
    format!(
        "{:06}",
        (code.parse::<u32>().expect("digits") + 1) % 1_000_000
    )
}

both_engines!(a_strangers_phone_is_not_taken_over, |db: Db| async move {
    let router = app(db.clone()).await;
    // The owner booked as a guest once: a record without a password holds the number.
    let phone = "+79161230001";
    by_hand(
        &db,
        &format!(
            "INSERT INTO users (phone, full_name, created_at, updated_at) \
             VALUES ('{phone}', 'Вера Гостева', {NOW}, {NOW})"
        ),
    )
    .await;
    let guest = scalar(
        &db,
        &format!("SELECT id FROM users WHERE phone = '{phone}'"),
    )
    .await;

    // Before the fix a form without a code made the account; now it asks for the code.
    let mut stranger = Browser::new();
    let body = post(&mut stranger, &router, &account(phone, "")).await;
    assert!(body.contains("\"code\""), "{body}");

    // The stranger asks for a code but cannot read the owner's SMS: guesses die after five.
    let sent = stranger.post(&router, CODE, &[("phone", phone)]).await;
    assert!(
        sent.location()
            .is_some_and(|l| l.starts_with("/register?phone=")),
        "{}",
        sent.body
    );
    let code = sms_code(&db, phone)
        .await
        .expect("the SMS went to the owner's phone");
    for _ in 0..app::server::repos::phone_codes::MAX_TRIES {
        let body = post(&mut stranger, &router, &account(phone, &wrong(&code))).await;
        assert!(body.contains("\"code\""), "{body}");
    }
    let body = post(&mut stranger, &router, &account(phone, &code)).await;
    assert!(
        body.contains("\"code\""),
        "a code is dead after five wrong tries: {body}"
    );
    assert_eq!(
        scalar(
            &db,
            &format!(
                "SELECT COUNT(*) FROM users WHERE phone = '{phone}' AND password_hash IS NOT NULL"
            )
        )
        .await,
        0,
        "nobody owns the number"
    );

    // The owner gets a new code and registers: the guest record, with its visits, is theirs.
    let mut owner = Browser::new();
    let reply = register(
        &mut owner,
        &router,
        &db,
        &[
            ("full_name", "Вера Николаевна Гостева"),
            ("phone", "8 916 123-00-01"),
            ("email", ""),
            ("password", "тихий вечер на даче 2026"),
            ("consent", "yes"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        scalar(&db, &format!("SELECT id FROM users WHERE phone = '{phone}' AND phone_verified_at IS NOT NULL AND password_hash IS NOT NULL")).await,
        guest
    );
    assert_eq!(
        scalar(&db, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'register' AND entity_id = {guest} AND details = 'from guest record'")).await,
        1
    );

    // The code worked once: replaying the form makes nothing.
    let replay = post(&mut Browser::new(), &router, &account(phone, &code)).await;
    assert!(replay.contains("\"code\""), "{replay}");
});

both_engines!(
    asking_a_code_never_tells_whether_a_number_has_an_account,
    |db: Db| async move {
        let router = app(db.clone()).await;
        // The demo patient's number has an account; the other has none.
        let held = Browser::new()
            .post(&router, CODE, &[("phone", "+79000000001")])
            .await;
        let free = Browser::new()
            .post(&router, CODE, &[("phone", "+79161230002")])
            .await;
        assert_eq!(held.status, free.status);
        let strip =
            |l: Option<&str>| l.map(|l| l.replace("79000000001", "N").replace("79161230002", "N"));
        assert_eq!(strip(held.location()), strip(free.location()));
        assert_eq!(held.body, free.body);
        // The owner of the held number is told so, and gets no code.
        assert!(sms_payload(&db, "+79000000001", "phone_in_use")
            .await
            .is_some());
        assert!(sms_code(&db, "+79000000001").await.is_none());
        assert!(sms_code(&db, "+79161230002").await.is_some());
    }
);

both_engines!(codes_to_one_number_are_limited, |db: Db| async move {
    let router = app(db.clone()).await;
    let limit = app::server::auth::throttle::CODES_PER_PHONE.max;
    for _ in 0..limit {
        let sent = Browser::new()
            .post(&router, CODE, &[("phone", "+79161230003")])
            .await;
        assert!(sent.location().is_some(), "{}", sent.body);
    }
    let refused = Browser::new()
        .post(&router, CODE, &[("phone", "8 916 123 00 03")])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        refused.body
    );
    let written = scalar(
        &db,
        "SELECT COUNT(*) FROM notifications WHERE address = '79161230003'",
    )
    .await;
    assert_eq!(written, limit, "nothing more is sent");
    // Only the newest code works: the earlier ones died when it was sent.
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM phone_codes WHERE phone = '+79161230003' AND used_at IS NULL"
        )
        .await,
        1
    );
    // Another number from the same address is still served.
    let other = Browser::new()
        .post(&router, CODE, &[("phone", "+79161230004")])
        .await;
    assert!(other.location().is_some(), "{}", other.body);
});

both_engines!(
    without_sms_the_admin_reads_a_working_code_on_the_outbox_page,
    |db: Db| async move {
        let router = app(db.clone()).await;
        Browser::new()
            .post(&router, CODE, &[("phone", "+79161230005")])
            .await;
        let code = sms_code(&db, "+79161230005").await.expect("code");
        let mut admin = crate::support::signed_in(&router, "+79000000005").await;
        let page = admin.get(&router, "/api/admin/outbox?status=all").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains(&format!("код {code}")), "{}", page.body);
        assert!(page.body.contains("+7 916 123-00-05"), "{}", page.body);
        // An expired code is not shown.
        by_hand(
            &db,
            "UPDATE notifications SET created_at = created_at - 3600",
        )
        .await;
        let page = admin.get(&router, "/api/admin/outbox?status=all").await;
        assert!(!page.body.contains(&format!("код {code}")), "{}", page.body);
    }
);
