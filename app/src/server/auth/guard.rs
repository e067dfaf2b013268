//! Who is asking: the signed-in user of the current request, and the guards that refuse
//! the rest. Every server function that is not public starts with one of these.

use super::request::{cookie, cookie_name, set_cookie_on};
use super::session;
use crate::error::AppError;
use crate::server::{app_state, now_unix, repos::users};
use priyom::{Role, Roles, UserId};

/// The signed-in user of this request.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: UserId,
    pub full_name: String,
    pub roles: Roles,
    /// The session's cookie token (to keep this session when ending the others).
    pub token: String,
}

/// The signed-in user, if any. A session rotated because the roles changed sends its new id
/// in this response's cookie; a dead session's cookie is cleared.
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    // Everything from the context is read before the first await.
    let state = app_state()?;
    let response = leptos::prelude::use_context::<leptos_axum::ResponseOptions>();
    let name = cookie_name(session::COOKIE, state.https);
    let Some(token) = cookie(&name).filter(|t| t.len() == 64) else {
        return Ok(None);
    };
    let Some(found) = session::find(&state.db, &token, now_unix()).await? else {
        set_cookie_on(response.as_ref(), &name, "", 0, state.https);
        return Ok(None);
    };
    let token = match found.rotated_token {
        Some(new_token) => {
            set_cookie_on(
                response.as_ref(),
                &name,
                &new_token,
                session::ABSOLUTE_S,
                state.https,
            );
            new_token
        }
        None => token,
    };
    let (full_name, roles) = users::name_and_roles(&state.db, found.user_id).await?;
    Ok(Some(SessionUser {
        id: found.user_id,
        full_name,
        roles,
        token,
    }))
}

/// The signed-in user, or `Unauthorized`.
pub async fn require_user() -> Result<SessionUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthorized)
}

/// A signed-in user holding `role` (anywhere), or `Unauthorized` / `Forbidden`.
pub async fn require_role(role: Role) -> Result<SessionUser, AppError> {
    let user = require_user().await?;
    if user.roles.has(role) {
        Ok(user)
    } else {
        tracing::info!(user = user.id.get(), role = role.as_str(), "access refused");
        Err(AppError::Forbidden)
    }
}
