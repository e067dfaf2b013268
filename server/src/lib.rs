//! The Priyom HTTP server: routes, security headers, static files. `build_router` is what
//! `main` serves and what the HTTP tests drive with `oneshot`.

mod assets;
mod calendar;
pub mod config;
mod csrf;
mod exports;
mod media;
mod notices;
pub mod outbox;
mod seo;
pub mod serve;
pub mod v1;
pub mod workers;

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
use tower_http::timeout::ResponseBodyTimeoutLayer;

/// Longest pause inside a response body. A streamed page whose data never arrives is cut off
/// (the browser sees a failed load it can retry) instead of holding the connection forever.
const BODY_IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Security headers for every response; pages replace the CSP with one carrying their nonce.
const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; \
    base-uri 'self'; form-action 'self'; object-src 'none'";

/// The app's routes, listed once per process. Listing renders the app with resource loading
/// suppressed by a process-wide flag, and a resource first polled while that flag is up never
/// resolves (leptos#4773): a page being served then would hang. Listing once, before any
/// router exists, keeps every render out of that window (tests build many routers at once).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn build_router(state: AppState) -> Router {
    let https = state.https;
    let options_env = &state.leptos_options;
    let dev_reload =
        (options_env.env == leptos::config::Env::DEV).then_some(options_env.reload_port);
    let routes = route_list();
    let options = state.leptos_options.clone();
    let bundle = assets::bundle(
        &std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir),
        dev_reload.is_some(),
    );
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/lang/{code}", get(switch_lang))
        .route("/visits/{key}/visit.ics", get(calendar::visit_ics))
        .route("/api/notifications/stream", get(notices::stream))
        .route("/frontdesk/visits.csv", get(exports::visits_csv))
        .route("/media/{id}", get(media::serve))
        .route(
            "/manage/specialists/{id}/photo",
            axum::routing::post(media::upload_photo).layer(axum::extract::DefaultBodyLimit::max(
                media::UPLOAD_BODY_LIMIT,
            )),
        )
        .route(
            "/webhooks/telegram",
            axum::routing::post(notices::telegram_webhook),
        )
        .nest(v1::BASE, v1::router(&state.api_origins))
        .route("/api/docs", get(v1::docs::page))
        .route("/sitemap.xml", get(seo::sitemap))
        .route("/robots.txt", get(seo::robots))
        .nest_service(&format!("/{}", options.site_pkg_dir), bundle)
        .leptos_routes_with_context(
            &state,
            routes,
            app::security::provide_page_nonce,
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(app::security::provide_page_nonce, shell))
        .with_state(state.clone())
        .layer(axum::middleware::map_response(server_fn_error_status))
        .layer(axum::middleware::from_fn(csrf::same_site_only))
        .layer(axum::middleware::from_fn(move |req, next| {
            page_guards(req, next, dev_reload, https)
        }))
        .layer(axum::middleware::from_fn_with_state(
            state,
            app::server::auth::actor::identify,
        ));
    let router = with_security_headers(router);
    let router = if https {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    };
    router
        .layer(ResponseBodyTimeoutLayer::new(BODY_IDLE_TIMEOUT))
        .layer(CompressionLayer::new())
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

/// Chooses, before rendering, what a page's headers must agree with: the script nonce (the
/// CSP header is written here on HTML responses) and, for a browser without one, its CSRF
/// token (the cookie is set here and handed to the renderer as if the browser had sent it).
/// Headers written by the renderer can go astray under load; these two must not.
async fn page_guards(
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
    dev_reload: Option<u32>,
    https: bool,
) -> Response {
    use app::server::auth::{csrf, request, token::new_token};
    let nonce = new_token();
    req.extensions_mut()
        .insert(app::security::PageNonce(nonce.clone()));
    let csrf_name = request::cookie_name(csrf::COOKIE, https);
    // The API sets no cookies: its callers hold tokens, not browser sessions.
    let api = req.uri().path().starts_with(v1::BASE);
    let new_csrf =
        (req.method() == axum::http::Method::GET && !api && !has_cookie(req.headers(), &csrf_name))
            .then(new_token);
    if let Some(token) = &new_csrf {
        if let Ok(value) = HeaderValue::from_str(&format!("{csrf_name}={token}")) {
            req.headers_mut().append(header::COOKIE, value);
        }
    }
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    if let Some(token) = new_csrf {
        let cookie = request::cookie_header(&csrf_name, &token, csrf::MAX_AGE_S, https);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        if let Ok(value) = HeaderValue::from_str(&app::security::page_csp(&nonce, dev_reload)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

/// True when the request carries a 64-character value for the cookie `name`.
fn has_cookie(headers: &axum::http::HeaderMap, name: &str) -> bool {
    cookie_value(headers, name).is_some_and(|value| value.len() == 64)
}

/// The value of the cookie `name` on a request.
pub(crate) use app::server::auth::request::cookie_in as cookie_value;

/// Server functions answer every error with 500; give each its real status (400, 401, 403,
/// 404, 409, 429) so logs, proxies and clients see what happened. The body stays as it was.
async fn server_fn_error_status(response: Response) -> Response {
    let is_server_fn_error = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && response.headers().contains_key("serverfnerror");
    if !is_server_fn_error {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
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

fn safe_back_path(back: Option<&str>) -> String {
    app::server::auth::request::safe_local_path(back)
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
