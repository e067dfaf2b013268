//! Uploaded images: `GET /media/{id}` serves one from the database (immutable: an id never
//! changes content), and `POST /manage/specialists/{id}/photo` takes a specialist's photo
//! from a plain multipart form — signed-in manager of one of their clinics, the form's CSRF
//! token, at most 2 MiB, and only bytes that really are JPEG, PNG or WebP.

use app::server::auth::{request, token::same_secret, Actor};
use app::server::repos::manage_specialists::{self, Reach};
use app::server::repos::media;
use app::server::AppState;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use priyom::{check_photo, ImageError, ImageKind, Role, MAX_PHOTO_BYTES};

/// Room for the form's other fields and the multipart framing around the photo.
pub const UPLOAD_BODY_LIMIT: usize = MAX_PHOTO_BYTES + 64 * 1024;

pub async fn serve(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match media::fetch(&state.db, id).await {
        Ok(Some((content_type, bytes))) => {
            // Only the three kinds are ever stored; anything else is not served as an image.
            let Some(kind) = ImageKind::from_content_type(&content_type) else {
                return StatusCode::NOT_FOUND.into_response();
            };
            (
                [
                    (header::CONTENT_TYPE, kind.content_type()),
                    (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                    (
                        header::CONTENT_SECURITY_POLICY,
                        "default-src 'none'; sandbox",
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "media");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Where the browser goes back to: the specialist's card with a notice.
fn back(id: i64, outcome: &str) -> Response {
    Redirect::to(&format!("/manage/specialists?{outcome}#specialist-{id}")).into_response()
}

fn error_code(error: ImageError) -> &'static str {
    match error {
        ImageError::Empty => "empty",
        ImageError::TooLarge => "too_large",
        ImageError::NotImage => "not_image",
    }
}

/// The form's CSRF token and the photo's bytes, or the notice code for the page. A photo
/// over the limit stops the read; a body cut short is not taken for a smaller photo.
async fn read_form(mut form: Multipart) -> Result<(String, Vec<u8>), &'static str> {
    let too_large = |e: &axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            error_code(ImageError::TooLarge)
        } else {
            "broken"
        }
    };
    let (mut csrf, mut photo) = (String::new(), Vec::new());
    while let Some(mut field) = form.next_field().await.map_err(|e| too_large(&e))? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|e| too_large(&e))?,
            Some("photo") => {
                while let Some(chunk) = field.chunk().await.map_err(|e| too_large(&e))? {
                    if photo.len() + chunk.len() > MAX_PHOTO_BYTES {
                        return Err(error_code(ImageError::TooLarge));
                    }
                    photo.extend_from_slice(&chunk);
                }
            }
            _ => {}
        }
    }
    Ok((csrf, photo))
}

pub async fn upload_photo(
    State(state): State<AppState>,
    actor: Option<Actor>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(actor) = actor else {
        return Redirect::to("/signin?next=/manage/specialists").into_response();
    };
    if !actor.may(Role::Manager) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let headers = request.headers().clone();
    let Ok(form) = Multipart::from_request(request, &()).await else {
        return (StatusCode::BAD_REQUEST, "expected a multipart form").into_response();
    };
    let (csrf, photo) = match read_form(form).await {
        Ok(parts) => parts,
        Err(code) => return back(id, &format!("photo_error={code}")),
    };
    let expected = crate::cookie_value(
        &headers,
        &request::cookie_name(app::server::auth::csrf::COOKIE, state.https),
    );
    if !expected.is_some_and(|e| same_secret(&e, &csrf)) {
        tracing::warn!("photo upload refused: CSRF token missing or wrong");
        return (
            StatusCode::FORBIDDEN,
            "the form has expired: reload the page",
        )
            .into_response();
    }
    let kind = match check_photo(&photo) {
        Ok(kind) => kind,
        Err(error) => return back(id, &format!("photo_error={}", error_code(error))),
    };
    match manage_specialists::set_photo(&state.db, &actor, id, &photo, kind).await {
        Ok(Ok(_)) => back(id, &format!("photo={id}")),
        Ok(Err(Reach::Shared)) => back(id, "photo_error=shared"),
        Ok(Err(_)) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => internal(error),
    }
}

fn internal(error: sqlx::Error) -> Response {
    tracing::error!(%error, "photo upload");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
