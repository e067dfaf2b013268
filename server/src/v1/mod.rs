//! The public REST API, `/api/v1`: resources over the same repositories and rules as the
//! site, described by an OpenAPI 3.1 document built from the same handlers and types
//! (`/api/v1/openapi.json`, read at `/api/docs`). Every route is added with its description
//! (`routes!`), so none can be served undocumented.

mod appointments;
mod availability;
mod catalog;
pub mod docs;
mod extract;
mod me;
pub mod principal;
pub mod problem;
mod tokens;

use app::server::AppState;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use problem::Problem;
use serde::Serialize;
use std::sync::{Arc, OnceLock};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// Where the API lives.
pub const BASE: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Priyom API",
        version = "1.0.0",
        description = "Booking for massage therapists, physiotherapists and clinic doctors. \
            Apps sign people in at /auth/token and send `Authorization: Bearer <access token>`; \
            integrations send `X-Api-Key`. Errors are RFC 9457 problem details. Lists are paged \
            by cursor. Send `Accept-Language: en` for English names and messages."
    ),
    servers((url = "/api/v1")),
    components(schemas(problem::Problem, problem::FieldProblem)),
    modifiers(&Security),
    tags(
        (name = "auth", description = "Signing in from apps"),
        (name = "catalog", description = "Clinics, services, specialists"),
        (name = "availability", description = "Free times"),
        (name = "appointments", description = "Visits"),
        (name = "me", description = "The signed-in person"),
    )
)]
struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-Api-Key"))),
        );
    }
}

/// The routes with their descriptions, in one list.
fn described() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(tokens::sign_in))
        .routes(routes!(tokens::refresh))
        .routes(routes!(tokens::sign_out))
        .routes(routes!(tokens::sign_out_everywhere))
        .routes(routes!(catalog::list_clinics))
        .routes(routes!(catalog::get_clinic))
        .routes(routes!(catalog::list_services))
        .routes(routes!(catalog::list_specialists))
        .routes(routes!(catalog::get_specialist))
        .routes(routes!(availability::day))
        .routes(routes!(availability::month))
        .routes(routes!(appointments::list, appointments::create))
        .routes(routes!(appointments::get_one))
        .routes(routes!(appointments::cancel))
        .routes(routes!(appointments::reschedule))
        .routes(routes!(me::me))
}

/// The OpenAPI document, built once.
pub fn spec() -> &'static utoipa::openapi::OpenApi {
    static SPEC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    SPEC.get_or_init(|| described().split_for_parts().1)
}

/// The API's router, to be nested at [`BASE`].
pub fn router(origins: &[String]) -> Router<AppState> {
    let (router, _) = described().split_for_parts();
    let json: Arc<str> = spec()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".into())
        .into();
    let router = router
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let json = json.clone();
                async move {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        json.to_string(),
                    )
                }
            }),
        )
        .fallback(no_route)
        .method_not_allowed_fallback(no_method)
        .layer(axum::middleware::from_fn(etag));
    match cors(origins) {
        Some(layer) => router.layer(layer),
        None => router,
    }
}

async fn no_route() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "no-route", "No such route")
        .detail("See /api/v1/openapi.json for the routes.")
}

async fn no_method() -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method",
        "Method not allowed",
    )
}

/// Cross-origin calls from the configured web origins only; none by default.
fn cors(origins: &[String]) -> Option<tower_http::cors::CorsLayer> {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::ACCEPT_LANGUAGE,
                header::IF_NONE_MATCH,
                header::HeaderName::from_static("idempotency-key"),
                header::HeaderName::from_static(principal::KEY_HEADER),
            ])
            .expose_headers([header::ETAG, header::LOCATION, header::RETRY_AFTER])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

/// Reads answer with an `ETag` (a digest of the body) and `304 Not Modified` when the
/// client's `If-None-Match` names it: a poller re-reading the same catalog, free times or
/// visits gets an empty answer. No one's data is cached on the way (`private, no-cache`).
async fn etag(req: Request, next: Next) -> Response {
    let is_read = req.method() == Method::GET;
    let asked = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Authorization, X-Api-Key, Accept-Language"),
    );
    if !is_read || response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 << 20).await else {
        return Problem::from(app::error::AppError::internal("API answer too large"))
            .into_response();
    };
    let tag = format!(
        "\"{}\"",
        &app::server::auth::token::sha256_bytes_hex(&bytes)[..32]
    );
    let matches = asked.is_some_and(|asked| {
        asked
            .split(',')
            .any(|t| t.trim().trim_start_matches("W/") == tag || t.trim() == "*")
    });
    if let Ok(value) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, value);
    }
    if matches {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, axum::body::Body::empty());
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// One page of a list; `next_cursor` is absent on the last page.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Send as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// A page from up to `limit + 1` rows: the extra one only tells that more follow.
    fn of<R>(
        mut rows: Vec<R>,
        limit: i64,
        cursor: impl Fn(&R) -> String,
        item: impl FnMut(R) -> T,
    ) -> Page<T> {
        let limit = usize::try_from(limit).unwrap_or(0);
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next_cursor = if more { rows.last().map(cursor) } else { None };
        Page {
            items: rows.into_iter().map(item).collect(),
            next_cursor,
        }
    }
}

/// Items per page: 20 unless asked, at most 100.
fn page_size(asked: Option<i64>) -> Result<i64, Problem> {
    match asked {
        None => Ok(20),
        Some(n) if (1..=100).contains(&n) => Ok(n),
        Some(_) => Err(Problem::bad_request("limit: from 1 to 100")),
    }
}

/// Cursors are opaque to clients: hex of the position they continue after.
mod cursor {
    use super::Problem;

    fn encode(text: &str) -> String {
        text.bytes().map(|b| format!("{b:02x}")).collect()
    }

    fn decode(cursor: &str) -> Result<String, Problem> {
        let bad = || Problem::bad_request("cursor: not one this API gave");
        if !cursor.len().is_multiple_of(2) || cursor.len() > 96 {
            return Err(bad());
        }
        let bytes = (0..cursor.len())
            .step_by(2)
            .map(|i| {
                u8::from_str_radix(cursor.get(i..i + 2).ok_or_else(bad)?, 16).map_err(|_| bad())
            })
            .collect::<Result<Vec<u8>, Problem>>()?;
        String::from_utf8(bytes).map_err(|_| bad())
    }

    pub fn one(id: i64) -> String {
        encode(&id.to_string())
    }

    pub fn parse_one(cursor: &str) -> Result<i64, Problem> {
        decode(cursor)?
            .parse()
            .map_err(|_| Problem::bad_request("cursor: not one this API gave"))
    }

    pub fn two(a: i64, b: i64) -> String {
        encode(&format!("{a}.{b}"))
    }

    pub fn parse_two(cursor: &str) -> Result<(i64, i64), Problem> {
        let bad = || Problem::bad_request("cursor: not one this API gave");
        let text = decode(cursor)?;
        let (a, b) = text.split_once('.').ok_or_else(bad)?;
        Ok((a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?))
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn cursors_round_trip_and_refuse_others() {
            assert_eq!(super::parse_one(&super::one(42)).ok(), Some(42));
            assert_eq!(
                super::parse_two(&super::two(1_795_000_000, 7)).ok(),
                Some((1_795_000_000, 7))
            );
            for bad in ["", "zz", "3", "2e", "ffff", &"00".repeat(60)] {
                assert!(super::parse_two(bad).is_err(), "{bad}");
            }
            assert!(super::parse_one("2e").is_err());
        }
    }
}
