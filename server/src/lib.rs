//! The Priyom HTTP server: routes, security headers, static files. `build_router` is what
//! `main` serves and what the HTTP tests drive with `oneshot`.

pub mod config;
mod seo;

use app::i18n::{Lang, LANG_COOKIE};
use app::server::AppState;
use app::{shell, App};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Security headers for every response; pages replace the CSP with one carrying their nonce.
const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; \
    base-uri 'self'; form-action 'self'; object-src 'none'";

pub fn build_router(state: AppState, https: bool) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/lang/{code}", get(switch_lang))
        .route(
            "/sitemap.xml",
            get(move |state, headers| seo::sitemap(state, headers, https)),
        )
        .route(
            "/robots.txt",
            get(move |headers| seo::robots(headers, https)),
        )
        .leptos_routes_with_context(&state, routes, || (), move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .with_state(state);
    let router = with_security_headers(router);
    let router = if https {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    };
    router.layer(CompressionLayer::new())
}

fn with_security_headers(router: Router) -> Router {
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ))
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The process is up and the database answers.
async fn readyz(State(state): State<AppState>) -> Response {
    if state.db.is_ready().await {
        (StatusCode::OK, "ready").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

#[derive(serde::Deserialize)]
struct Back {
    back: Option<String>,
}

/// Remembers the chosen language in a cookie and returns to the page the user was on.
async fn switch_lang(Path(code): Path<String>, Query(query): Query<Back>) -> Response {
    let Some(lang) = Lang::parse(&code) else {
        return (StatusCode::BAD_REQUEST, "unknown language").into_response();
    };
    let back = safe_back_path(query.back.as_deref());
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let (Ok(cookie), Ok(location)) =
        (HeaderValue::from_str(&cookie), HeaderValue::from_str(&back))
    {
        headers.insert(header::SET_COOKIE, cookie);
        headers.insert(header::LOCATION, location);
    }
    response
}

/// Only same-site paths: "/x" yes; "//evil", "https://evil", "/\\evil" no (open redirect).
fn safe_back_path(back: Option<&str>) -> String {
    match back {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn back_path_rejects_open_redirects() {
        use super::safe_back_path as b;
        assert_eq!(b(Some("/specialists")), "/specialists");
        assert_eq!(b(Some("//evil.example")), "/");
        assert_eq!(b(Some("https://evil.example")), "/");
        assert_eq!(b(Some("/\\evil.example")), "/");
        assert_eq!(b(None), "/");
    }
}
