//! Booking over HTTP on SQLite and PostgreSQL, as a browser without JavaScript drives it: the
//! calendar's data, the server-rendered steps, a guest booking with its confirmation page and
//! calendar file, resubmits, and one patient reaching for another's visit.

use crate::support::{app, by_hand, Browser};
use app::both_engines;
use app::server::db::Db;
use axum::http::StatusCode;

const SLUGS: &str = "service=massage-back&clinic=moskva-chistye-prudy&specialist=anna-koroleva";

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// The first free day and time of the next two months, as the calendar finds them.
async fn first_free_time(router: &axum::Router, browser: &mut Browser) -> (String, i64) {
    let this_month = browser
        .get(router, &format!("/api/booking/month?{SLUGS}&month="))
        .await;
    assert_eq!(this_month.status, StatusCode::OK, "{}", this_month.body);
    let data = json(&this_month.body);
    let next = data["last_month"].as_str().expect("last month").to_string();
    let mut days: Vec<String> = Vec::new();
    for month in [
        data,
        json(
            &browser
                .get(router, &format!("/api/booking/month?{SLUGS}&month={next}"))
                .await
                .body,
        ),
    ] {
        for day in month["days"].as_array().expect("days") {
            if day["available"] == serde_json::Value::Bool(true) {
                days.push(day["date"].as_str().expect("date").to_string());
            }
        }
    }
    let date = days.first().expect("a free day within the horizon").clone();
    let day = browser
        .get(router, &format!("/api/booking/day?{SLUGS}&date={date}"))
        .await;
    assert_eq!(day.status, StatusCode::OK, "{}", day.body);
    let start = json(&day.body)["times"][0]["start"]
        .as_i64()
        .expect("a free time on a free day");
    (date, start)
}

async fn quote_key(router: &axum::Router, browser: &mut Browser, start: i64) -> String {
    let quote = browser
        .get(
            router,
            &format!("/api/booking/quote?lang=Ru&{SLUGS}&start={start}"),
        )
        .await;
    assert_eq!(quote.status, StatusCode::OK, "{}", quote.body);
    let quote = json(&quote.body);
    assert_eq!(quote["free"], serde_json::Value::Bool(true));
    quote["key"].as_str().expect("key").to_string()
}

fn guest_form<'a>(key: &'a str, start: &'a str, phone: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("key", key),
        ("service", "massage-back"),
        ("clinic", "moskva-chistye-prudy"),
        ("specialist", "anna-koroleva"),
        ("start", start),
        ("full_name", "Вера Николаевна Гостева"),
        ("phone", phone),
        ("consent", "yes"),
    ]
}

both_engines!(a_guest_books_without_javascript, |db: Db| async move {
    let router = app(db.clone()).await;
    let mut browser = Browser::new();
    let (date, start) = first_free_time(&router, &mut browser).await;

    // The steps render on the server as plain links: the grid, then the day's times.
    let page = browser
        .get(&router, &format!("/book?{SLUGS}&date={date}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("role=\"grid\""), "calendar grid");
    assert!(page.body.contains(&format!("start={start}")), "time links");

    let key = quote_key(&router, &mut browser, start).await;
    let start_text = start.to_string();
    let mut no_consent = guest_form(&key, &start_text, "8 916 777-66-55");
    no_consent.retain(|(k, _)| *k != "consent");
    let refused = browser
        .post(&router, "/api/booking/book", &no_consent)
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.body.contains("consent"), "{}", refused.body);

    let form = guest_form(&key, &start_text, "8 916 777-66-55");
    let booked = browser.post(&router, "/api/booking/book", &form).await;
    let location = booked
        .location()
        .expect("redirect to the confirmation")
        .to_string();
    assert_eq!(location, format!("/visits/{key}"), "{}", booked.body);
    // A double click sends the same form again: same visit, no second row.
    let again = browser.post(&router, "/api/booking/book", &form).await;
    assert_eq!(again.location(), Some(location.as_str()));
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments WHERE start_at = $1 AND status IN ('scheduled', 'confirmed')")
        .bind(start)
        .fetch_one(db.pool())
        .await
        .expect("count");
    assert_eq!(rows, 1);

    let confirmation = browser.get(&router, &location).await;
    assert_eq!(confirmation.status, StatusCode::OK);
    assert!(
        confirmation.body.contains("Вы записаны"),
        "{}",
        confirmation.body
    );
    assert!(confirmation.body.contains("Чистопрудный бульвар"));
    let ics = browser.get(&router, &format!("{location}/visit.ics")).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(ics.headers["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/calendar"));
    assert!(ics.body.contains("BEGIN:VEVENT") && ics.body.contains("Королёва"));
    let unknown = browser
        .get(&router, &format!("/visits/{}/visit.ics", "0".repeat(64)))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // The time is gone from the calendar, and a second booking of it is a conflict.
    let day = browser
        .get(&router, &format!("/api/booking/day?{SLUGS}&date={date}"))
        .await;
    assert!(
        !day.body.contains(&format!("\"start\":{start},")),
        "taken time still offered"
    );
    let key2 = "f".repeat(64);
    let rival = browser
        .post(
            &router,
            "/api/booking/book",
            &guest_form(&key2, &start_text, "8 916 777-66-56"),
        )
        .await;
    assert_eq!(rival.status, StatusCode::CONFLICT, "{}", rival.body);
});

both_engines!(
    a_patient_cannot_touch_another_patients_visit,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let mut owner = Browser::new();
        let (_, start) = first_free_time(&router, &mut owner).await;
        let key = quote_key(&router, &mut owner, start).await;
        let start_text = start.to_string();
        owner
            .post(
                &router,
                "/api/booking/book",
                &guest_form(&key, &start_text, "8 916 777-66-57"),
            )
            .await;
        let id: i64 = sqlx::query_scalar("SELECT id FROM appointments WHERE idempotency_key = $1")
            .bind(&key)
            .fetch_one(db.pool())
            .await
            .expect("booked");

        // The demo patient signs in and tries to read, cancel and move that visit by its id.
        let mut other = Browser::new();
        let signed_in = other
            .post(
                &router,
                "/api/auth/sign-in",
                &[("login", "+79000000001"), ("password", "priyom-demo-2026")],
            )
            .await;
        assert!(
            signed_in.status.is_success() || signed_in.status.is_redirection(),
            "{}",
            signed_in.body
        );
        let read = other
            .get(&router, &format!("/api/visits/one?lang=Ru&id={id}"))
            .await;
        assert_eq!(read.status, StatusCode::NOT_FOUND, "{}", read.body);
        let id_text = id.to_string();
        let cancel = other
            .post(
                &router,
                "/api/visits/cancel",
                &[("id", &id_text), ("reason", "")],
            )
            .await;
        assert_eq!(cancel.status, StatusCode::NOT_FOUND, "{}", cancel.body);
        let later = (start + 7 * 86_400).to_string();
        let moved = other
            .post(
                &router,
                "/api/visits/reschedule",
                &[("id", &id_text), ("start", &later)],
            )
            .await;
        assert_eq!(moved.status, StatusCode::NOT_FOUND, "{}", moved.body);
        let status: String = sqlx::query_scalar("SELECT status FROM appointments WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await
            .expect("visit");
        assert_eq!(status, "confirmed", "untouched");
        // A guest (no session) is asked to sign in.
        let guest = Browser::new()
            .get(&router, "/api/visits/mine?lang=Ru")
            .await;
        assert_eq!(guest.status, StatusCode::UNAUTHORIZED);
    }
);

both_engines!(only_specialists_reach_the_desk, |db: Db| async move {
    let router = app(db.clone()).await;
    let mut patient = Browser::new();
    patient
        .post(
            &router,
            "/api/auth/sign-in",
            &[("login", "+79000000001"), ("password", "priyom-demo-2026")],
        )
        .await;
    let page = patient.get(&router, "/specialist/hours").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let add = patient
        .post(
            &router,
            "/api/specialist/hours/add",
            &[
                ("clinic", "1"),
                ("weekday", "6"),
                ("start", "10:00"),
                ("end", "12:00"),
            ],
        )
        .await;
    assert_eq!(add.status, StatusCode::FORBIDDEN, "{}", add.body);
    let hours: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM working_hours WHERE weekday = 6")
        .fetch_one(db.pool())
        .await
        .expect("count");
    assert_eq!(hours, 0, "nothing stored");
    // The specialist gets their desk.
    let mut anna = Browser::new();
    anna.post(
        &router,
        "/api/auth/sign-in",
        &[
            ("login", "specialist@priyom.demo"),
            ("password", "priyom-demo-2026"),
        ],
    )
    .await;
    let page = anna.get(&router, "/specialist/hours").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Часы работы"), "{}", page.body);
});

// Slot search keeps clinics, hours and names in memory; a change made anywhere must still
// show on the very next search.
both_engines!(
    schedule_changes_made_anywhere_show_at_once,
    |db: Db| async move {
        let router = app(db.clone()).await;
        let mut browser = Browser::new();
        let (date, start) = first_free_time(&router, &mut browser).await;
        let key = quote_key(&router, &mut browser, start).await;
        let day_url = format!("/api/booking/day?{SLUGS}&date={date}");
        let times = |body: &str| json(body)["times"].as_array().map_or(0, Vec::len);
        let before = browser.get(&router, &day_url).await;
        assert!(times(&before.body) > 0, "{}", before.body);
        assert!(before.body.contains("Королёва"), "{}", before.body);

        let anna = "(SELECT id FROM specialists WHERE slug = 'anna-koroleva')";
        by_hand(
            &db,
            &format!(
                "INSERT INTO schedule_exceptions (specialist_id, date_from, date_to, kind) \
         VALUES ({anna}, '{date}', '{date}', 'day_off')"
            ),
        )
        .await;
        let off = browser.get(&router, &day_url).await;
        assert_eq!(
            times(&off.body),
            0,
            "a day off still offers times: {}",
            off.body
        );
        // Booking reads the same cache inside its transaction: the day off refuses it too.
        let start_text = start.to_string();
        let refused = browser
            .post(
                &router,
                "/api/booking/book",
                &guest_form(&key, &start_text, "8 916 777-66-57"),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);

        by_hand(
            &db,
            &format!("DELETE FROM schedule_exceptions WHERE specialist_id = {anna}"),
        )
        .await;
        by_hand(
            &db,
            "UPDATE users SET full_name = 'Анна Сергеевна Новикова' \
              WHERE id = (SELECT user_id FROM specialists WHERE slug = 'anna-koroleva')",
        )
        .await;
        let back = browser.get(&router, &day_url).await;
        assert_eq!(times(&back.body), times(&before.body), "{}", back.body);
        assert!(
            back.body.contains("Новикова"),
            "the old name is still shown: {}",
            back.body
        );

        by_hand(
            &db,
            "UPDATE specialists SET active = 0 WHERE slug = 'anna-koroleva'",
        )
        .await;
        let gone = browser.get(&router, &day_url).await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND, "{}", gone.body);
    }
);

both_engines!(
    with_sms_configured_a_guest_proves_the_phone,
    |db: Db| async move {
        let hub = app::server::notify::Hub::default().with_sms(true);
        let router = crate::support::app_with(db.clone(), hub).await;
        let mut browser = Browser::new();
        let (_, start) = first_free_time(&router, &mut browser).await;
        let key = quote_key(&router, &mut browser, start).await;
        let start_text = start.to_string();
        let phone = "8 916 777-66-44";
        let form = guest_form(&key, &start_text, phone);

        // The first press sends a code and books nothing.
        let asked = browser.post(&router, "/api/booking/book", &form).await;
        assert_eq!(asked.status, StatusCode::BAD_REQUEST, "{}", asked.body);
        assert!(asked.body.contains("\"code\""), "{}", asked.body);
        let code = crate::support::sms_code(&db, phone)
            .await
            .expect("a code went to the phone");
        let booked_count = || async {
            crate::support::scalar(
                &db,
                &format!("SELECT COUNT(*) FROM appointments WHERE start_at = {start}"),
            )
            .await
        };
        assert_eq!(booked_count().await, 0);

        // A wrong code books nothing either.
        let wrong = format!(
            "{:06}",
            (code.parse::<u32>().expect("digits") + 1) % 1_000_000
        );
        let mut with_wrong = form.clone();
        with_wrong.push(("code", &wrong));
        let refused = browser
            .post(&router, "/api/booking/book", &with_wrong)
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains("\"code\""), "{}", refused.body);
        assert_eq!(booked_count().await, 0);

        // The code from the SMS books; sending the same form again shows the same visit.
        let mut with_code = form.clone();
        with_code.push(("code", &code));
        let booked = browser.post(&router, "/api/booking/book", &with_code).await;
        assert_eq!(
            booked.location(),
            Some(format!("/visits/{key}").as_str()),
            "{}",
            booked.body
        );
        let again = browser.post(&router, "/api/booking/book", &with_code).await;
        assert_eq!(again.location(), booked.location());
        assert_eq!(booked_count().await, 1);

        // The code is spent: another visit needs another code.
        let (_, later) = first_free_time(&router, &mut browser).await;
        let key2 = quote_key(&router, &mut browser, later).await;
        let later_text = later.to_string();
        let mut reuse = guest_form(&key2, &later_text, phone);
        reuse.push(("code", &code));
        let reused = browser.post(&router, "/api/booking/book", &reuse).await;
        assert_eq!(reused.status, StatusCode::BAD_REQUEST, "{}", reused.body);
    }
);

both_engines!(
    without_sms_a_guest_books_with_no_code,
    |db: Db| async move {
        // No SMS provider: no code could arrive, so none is asked, and none is sent.
        let router = app(db.clone()).await;
        let mut browser = Browser::new();
        let (_, start) = first_free_time(&router, &mut browser).await;
        let key = quote_key(&router, &mut browser, start).await;
        let start_text = start.to_string();
        let form = guest_form(&key, &start_text, "8 916 777-66-33");
        let booked = browser.post(&router, "/api/booking/book", &form).await;
        assert_eq!(
            booked.location(),
            Some(format!("/visits/{key}").as_str()),
            "{}",
            booked.body
        );
        assert!(crate::support::sms_code(&db, "8 916 777-66-33")
            .await
            .is_none());
    }
);
