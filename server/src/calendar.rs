//! `/visits/{key}/visit.ics`: the booked visit as a calendar file. The key is the one from the
//! booking form, so only the person who booked can fetch it.

use app::i18n::Lang;
use app::server::ics::{render, IcsEvent};
use app::server::{now_unix, repos::booking, AppState};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn visit_ics(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !app::server::auth::token::is_token(&key) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let lang = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_cookie_header)
        .unwrap_or_default();
    let visit = match booking::visit_by_key(&state.db, lang, &key).await {
        Ok(Some(visit)) => visit,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "loading a visit for its calendar file");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let summary = format!("{} — {}", visit.service, visit.specialist);
    let location = format!("{}, {}", visit.clinic, visit.address);
    let description = if visit.preparation.is_empty() {
        format!("{} {}", visit.clinic, visit.clinic_phone)
    } else {
        format!(
            "{}\n{} {}",
            visit.preparation, visit.clinic, visit.clinic_phone
        )
    };
    let uid = format!("visit-{}@priyom", visit.id);
    let body = render(&IcsEvent {
        uid: &uid,
        start: visit.start,
        end: visit.end,
        summary: &summary,
        location: &location,
        description: &description,
        stamp: now_unix(),
    });
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"visit.ics\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}
