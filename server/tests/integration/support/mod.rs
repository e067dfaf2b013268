//! Shared by the HTTP test files: the real router on a fresh seeded database, and requests.
#![allow(dead_code)] // each test file uses its own share of these

use app::server::{db::Db, seed::seed, AppState};
use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use std::time::Duration;
use tower::ServiceExt;

pub const NOW: i64 = 1_795_000_000;

pub async fn app(db: Db) -> Router {
    app_with(db, Default::default()).await
}

/// The router with a notification hub the test holds (to announce news, or a Telegram bot).
pub async fn app_with(db: Db, notify: app::server::notify::Hub) -> Router {
    app_configured(db, notify, Default::default()).await
}

/// The router behind reverse proxies at `proxies` (see `PRIYOM_TRUSTED_PROXIES`).
pub async fn app_configured(
    db: Db,
    notify: app::server::notify::Hub,
    proxies: app::server::auth::client_addr::TrustedProxies,
) -> Router {
    seed(&db, NOW).await.expect("seed");
    let leptos_options = LeptosOptions::builder()
        .output_name("priyom")
        .site_root("target/site")
        .build();
    server::build_router(AppState {
        leptos_options,
        db,
        https: false,
        notify,
        proxies,
        public_url: "https://clinic.example".into(),
        api_origins: vec!["https://app.clinic.example".into()],
    })
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// The value this response sets for a cookie (empty when it deletes it).
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|c| c.split(';').next()?.split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    }

    pub fn location(&self) -> Option<&str> {
        self.headers.get(header::LOCATION)?.to_str().ok()
    }
}

/// Longest a test waits for a whole answer: a stalled response fails its test with the
/// request named instead of hanging the suite.
const ANSWER_WITHIN: Duration = Duration::from_secs(60);

pub async fn send(router: &Router, request: Request<Body>) -> Reply {
    let what = format!("{} {}", request.method(), request.uri());
    let answer = async {
        let response = router.clone().oneshot(request).await.expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    };
    match tokio::time::timeout(ANSWER_WITHIN, answer).await {
        Ok(reply) => reply,
        Err(_) => panic!("{what}: no complete answer within {ANSWER_WITHIN:?}"),
    }
}

pub async fn get(router: &Router, uri: &str, headers: &[(header::HeaderName, &str)]) -> Reply {
    let mut request = Request::builder().uri(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    send(router, request.body(Body::empty()).expect("request")).await
}

/// A browser: its cookies, carried from response to request, and a CSRF token of its own.
pub struct Browser {
    pub cookies: Vec<(String, String)>,
    pub csrf: String,
}

impl Browser {
    pub fn new() -> Browser {
        let csrf = "ab".repeat(32);
        Browser {
            cookies: vec![("priyom_csrf".into(), csrf.clone())],
            csrf,
        }
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn set(&mut self, name: &str, value: &str) {
        self.cookies.retain(|(n, _)| n != name);
        if !value.is_empty() {
            self.cookies.push((name.into(), value.into()));
        }
    }

    fn header(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn remember(&mut self, reply: &Reply) {
        for name in ["priyom_session", "priyom_csrf"] {
            if let Some(value) = reply.set_cookie(name) {
                self.set(name, &value);
            }
        }
        // A new CSRF cookie (at sign-in) is what the next page's forms carry.
        if let Some(token) = reply.set_cookie("priyom_csrf").filter(|t| !t.is_empty()) {
            self.csrf = token;
        }
    }

    /// Gets a page (as a browser navigating: `Accept: text/html`) or a server function.
    pub async fn get(&mut self, router: &Router, uri: &str) -> Reply {
        let cookie = self.header();
        let accept = if uri.starts_with("/api/") {
            "application/json"
        } else {
            "text/html,application/xhtml+xml"
        };
        let headers = [(header::COOKIE, cookie.as_str()), (header::ACCEPT, accept)];
        let reply = get(router, uri, &headers).await;
        self.remember(&reply);
        reply
    }

    /// Posts a form the way a same-site page does, with the CSRF token added.
    pub async fn post(&mut self, router: &Router, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let body = form(&all);
        let request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, self.header())
            .header("sec-fetch-site", "same-origin")
            .header(header::USER_AGENT, "priyom-tests")
            .body(Body::from(body))
            .expect("request");
        let reply = send(router, request).await;
        self.remember(&reply);
        reply
    }
}

impl Browser {
    /// A `multipart/form-data` POST, as a plain form with a file input sends it: the CSRF
    /// token (`csrf` overrides the browser's) and one file field.
    pub async fn post_file(
        &mut self,
        router: &Router,
        uri: &str,
        csrf: Option<&str>,
        (field, filename, bytes): (&str, &str, &[u8]),
    ) -> Reply {
        let boundary = "priyom-test-boundary-7f3a";
        let token = csrf.unwrap_or(&self.csrf).to_string();
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::COOKIE, self.header())
            .header("sec-fetch-site", "same-origin")
            .header(header::USER_AGENT, "priyom-tests")
            .body(Body::from(body))
            .expect("request");
        let reply = send(router, request).await;
        self.remember(&reply);
        reply
    }
}

/// A browser signed in with a demo account (they share the password `priyom-demo-2026`).
pub async fn signed_in(router: &Router, phone: &str) -> Browser {
    let mut browser = Browser::new();
    let reply = browser
        .post(
            router,
            "/api/auth/sign-in",
            &[("login", phone), ("password", "priyom-demo-2026")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{phone}: {}", reply.body);
    browser
}

/// The demo manager runs every clinic; this narrows them to the first, whose id it returns.
/// Call it before the manager signs in.
pub async fn narrow_manager(db: &Db) -> i64 {
    let own = scalar(db, "SELECT MIN(id) FROM clinics").await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM user_roles WHERE role = 'manager' AND clinic_id <> {own} \
           AND user_id = (SELECT id FROM users WHERE phone = '+79000000004')"
    )))
    .execute(db.pool())
    .await
    .expect("narrow the manager");
    own
}

/// Runs SQL as another server (or a person at the database) would: past this server's code.
pub async fn by_hand(db: &Db, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
}

/// One number from the database.
pub async fn scalar(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(db.pool())
        .await
        .expect(sql)
}

/// A form POST from owned values (tests build their forms with `format!`).
pub async fn post_owned(
    browser: &mut Browser,
    router: &Router,
    uri: &str,
    fields: &[(&'static str, String)],
) -> Reply {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.post(router, uri, &fields).await
}

/// `application/x-www-form-urlencoded` encoding.
pub fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One call of a role matrix: method, path and form fields.
pub type Call = (&'static str, String, Vec<(&'static str, String)>);

/// Sends a matrix call as this browser; its status.
pub async fn call(
    browser: &mut Browser,
    router: &Router,
    (method, path, fields): &Call,
) -> StatusCode {
    if *method == "GET" {
        browser.get(router, path).await.status
    } else {
        post_owned(browser, router, path, fields).await.status
    }
}

/// The newest SMS of `kind` to `phone` (any spelling), as its payload: what the phone
/// would receive. `None` when no such message was written.
pub async fn sms_payload(db: &Db, phone: &str, kind: &str) -> Option<serde_json::Value> {
    let digits = priyom::Phone::parse(phone)
        .map(|p| {
            p.as_str()
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        })
        .ok()?;
    let payload: Option<String> = sqlx::query_scalar(
        "SELECT payload FROM notifications WHERE channel = 'sms' AND kind = $1 AND address = $2 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(kind)
    .bind(digits)
    .fetch_optional(db.pool())
    .await
    .expect("outbox");
    payload.map(|p| serde_json::from_str(&p).expect("payload json"))
}

/// The code in the newest code SMS to `phone`.
pub async fn sms_code(db: &Db, phone: &str) -> Option<String> {
    let payload = sms_payload(db, phone, "phone_code").await?;
    payload["code"].as_str().map(String::from)
}

/// Registers as a person does: asks for a code for the form's phone, reads it from the SMS
/// and sends the form with it (an empty code when none came).
pub async fn register(
    browser: &mut Browser,
    router: &Router,
    db: &Db,
    fields: &[(&str, &str)],
) -> Reply {
    let phone = fields
        .iter()
        .find(|(name, _)| *name == "phone")
        .map(|(_, value)| *value)
        .unwrap_or_default();
    browser
        .post(router, "/api/auth/phone-code", &[("phone", phone)])
        .await;
    let code = sms_code(db, phone).await.unwrap_or_default();
    let mut with_code = fields.to_vec();
    with_code.push(("code", &code));
    browser.post(router, "/api/auth/register", &with_code).await
}
