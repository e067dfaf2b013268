//! Black-box HTTP tests: the real router on a fresh, seeded database (SQLite and PostgreSQL).

use app::both_engines;
use app::server::{db::Db, seed::seed, AppState};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use tower::ServiceExt;

const NOW: i64 = 1_795_000_000;

async fn app(db: Db) -> Router {
    seed(&db, NOW).await.expect("seed");
    let leptos_options = LeptosOptions::builder()
        .output_name("priyom")
        .site_root("target/site")
        .build();
    server::build_router(AppState { leptos_options, db }, false)
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn get(router: &Router, uri: &str, headers: &[(header::HeaderName, &str)]) -> Reply {
    let mut request = Request::builder().uri(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("response");
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
}

both_engines!(health_and_readiness, |db: Db| async move {
    let router = app(db).await;
    let r = get(&router, "/healthz", &[]).await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok"));
    let r = get(&router, "/readyz", &[]).await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ready"));
});

both_engines!(
    readiness_fails_when_the_database_is_gone,
    |db: Db| async move {
        let router = app(db.clone()).await;
        db.close().await;
        let r = get(&router, "/readyz", &[]).await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    }
);

both_engines!(
    home_page_is_server_rendered_from_the_database,
    |db: Db| async move {
        let router = app(db).await;
        let r = get(&router, "/", &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("<html lang=\"ru\""), "Russian by default");
        for text in [
            "Приём на Чистых прудах",
            "Приём на Петроградской",
            "Физиотерапия",
            "Остеопатия",
            "Наши клиники",
        ] {
            assert!(r.body.contains(text), "home page lacks {text}");
        }
        assert!(r.body.contains("<title>Приём — запись"), "title tag");
        assert!(r.body.contains("name=\"description\""), "meta description");
    }
);

both_engines!(
    pages_carry_security_headers_with_a_nonce_csp,
    |db: Db| async move {
        let router = app(db).await;
        let r = get(&router, "/", &[]).await;
        let h = |name: header::HeaderName| {
            r.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let csp = h(header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("'nonce-"), "page CSP carries the nonce: {csp}");
        assert!(
            csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"),
            "{csp}"
        );
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .unwrap_or("");
        assert!(
            r.body.contains(&format!("nonce=\"{nonce}\"")),
            "hydration script carries the same nonce"
        );
        assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(
            h(header::REFERRER_POLICY),
            "strict-origin-when-cross-origin"
        );
        assert_eq!(h(header::X_FRAME_OPTIONS), "DENY");
        assert!(
            r.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
            "no HSTS over plain http"
        );
        // Other responses get the default policy.
        let r = get(&router, "/healthz", &[]).await;
        assert!(r.headers.get(header::CONTENT_SECURITY_POLICY).is_some());
    }
);

both_engines!(unknown_paths_answer_404_with_a_page, |db: Db| async move {
    let router = app(db).await;
    let r = get(&router, "/no-such-page", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Страница не найдена"));
});

both_engines!(
    language_switch_sets_a_cookie_and_returns,
    |db: Db| async move {
        let router = app(db).await;
        let r = get(&router, "/lang/en?back=/%23clinics", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let cookie = r
            .headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            cookie.starts_with("lang=en;") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert_eq!(
            r.headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok()),
            Some("/#clinics")
        );

        let r = get(&router, "/lang/en?back=//evil.example", &[]).await;
        assert_eq!(
            r.headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok()),
            Some("/"),
            "no open redirect"
        );
        assert_eq!(
            get(&router, "/lang/xx", &[]).await.status,
            StatusCode::BAD_REQUEST
        );

        let r = get(&router, "/", &[(header::COOKIE, "lang=en")]).await;
        assert!(r.body.contains("<html lang=\"en\""));
        assert!(
            r.body.contains("Priyom Chistye Prudy") && r.body.contains("Book a visit in a minute")
        );
    }
);

both_engines!(responses_are_compressed, |db: Db| async move {
    let router = app(db).await;
    let r = get(&router, "/", &[(header::ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(
        r.headers
            .get(header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
});

both_engines!(home_server_function_returns_json, |db: Db| async move {
    let router = app(db).await;
    let r = get(
        &router,
        "/api/catalog/home?lang=Ru",
        &[(header::ACCEPT, "application/json")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let data: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(data["clinics"].as_array().map(Vec::len), Some(2));
    assert_eq!(data["specializations"].as_array().map(Vec::len), Some(5));
});
