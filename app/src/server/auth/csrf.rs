//! CSRF protection, second layer: a synchronizer token in a cookie and in every form
//! (double submit). The first layer, an Origin / `Sec-Fetch-Site` check on every non-GET
//! request, is middleware in the server crate.

use super::request::{cookie, cookie_name, set_cookie};
use super::token::{new_token, same_secret};
use crate::error::AppError;

/// The form field every state-changing server function takes.
pub const FIELD: &str = "csrf";
pub const COOKIE: &str = "priyom_csrf";
/// A year: the token only has to outlive the longest open form.
pub const MAX_AGE_S: i64 = 365 * 86_400;

fn secure() -> bool {
    crate::server::app_state().map(|s| s.https).unwrap_or(false)
}

/// The browser's token; a new one is made and set as a cookie when it has none.
/// Called while rendering the page shell, so every page's forms can carry it.
pub fn ensure_token() -> String {
    let name = cookie_name(COOKIE, secure());
    match cookie(&name) {
        Some(token) if token.len() == 64 => token,
        _ => {
            let token = new_token();
            set_cookie(&name, &token, MAX_AGE_S, secure());
            token
        }
    }
}

/// The token this request's browser holds, if it has one.
pub fn current_token() -> Option<String> {
    cookie(&cookie_name(COOKIE, secure())).filter(|t| super::token::is_token(t))
}

/// Gives the browser a new token (at sign-in): forms rendered from now on carry it, and the
/// session refresh hands it to the pages already open.
pub fn rotate() {
    set_cookie(
        &cookie_name(COOKIE, secure()),
        &new_token(),
        MAX_AGE_S,
        secure(),
    );
}

/// Refuses a request whose form token does not match the browser's cookie.
pub fn verify(submitted: &str) -> Result<(), AppError> {
    let name = cookie_name(COOKIE, secure());
    match cookie(&name) {
        Some(expected) if same_secret(&expected, submitted) => Ok(()),
        _ => {
            tracing::warn!("request refused: CSRF token missing or wrong");
            Err(AppError::Invalid(
                crate::initial_lang().auth().form_expired.into(),
            ))
        }
    }
}
