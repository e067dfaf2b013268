//! Signing in from apps: a password for a pair of tokens, a refresh token for the next pair,
//! and signing out everywhere.

use super::extract::{Body, Language};
use super::principal::{access_token, Principal, ACCESS_TTL_S};
use super::problem::{Problem, Problems};
use app::server::auth::actor::Caller;
use app::server::auth::{credentials, session};
use app::server::repos::api_tokens::{self, Issued};
use app::server::repos::audit::{self, Entry};
use app::server::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignIn {
    /// A phone (any spelling) or an e-mail.
    #[schema(example = "+79000000001")]
    pub login: String,
    #[schema(example = "priyom-demo-2026")]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Refresh {
    pub refresh_token: String,
}

/// A pair of tokens. The access token goes in `Authorization: Bearer`; the refresh token
/// is used once, for the next pair.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds the access token lives.
    pub expires_in: i64,
    pub refresh_token: String,
}

async fn pair(state: &AppState, issued: Issued, now: i64) -> Result<Json<TokenPair>, Problem> {
    Ok(Json(TokenPair {
        access_token: access_token(state, issued.user, issued.family, now).await?,
        token_type: "Bearer",
        expires_in: ACCESS_TTL_S,
        refresh_token: issued.refresh_token,
    }))
}

/// Signs in with a phone or e-mail and a password.
#[utoipa::path(post, path = "/auth/token", tag = "auth", request_body = SignIn,
    responses((status = 200, body = TokenPair), Problems))]
pub async fn sign_in(
    State(state): State<AppState>,
    caller: Caller,
    Language(lang): Language,
    Body(form): Body<SignIn>,
) -> Result<Json<TokenPair>, Problem> {
    let user = credentials::check(
        &state.db,
        &form.login,
        form.password,
        &caller.ip,
        caller.now,
        lang,
    )
    .await?;
    let issued = api_tokens::start(&state.db, user, caller.now).await?;
    tracing::info!(user = user.get(), "signed in through the API");
    pair(&state, issued, caller.now).await
}

/// Trades a refresh token for a new pair. Each refresh token works once: one used again
/// ends its whole sign-in, since somebody else holds a copy.
#[utoipa::path(post, path = "/auth/refresh", tag = "auth", request_body = Refresh,
    responses((status = 200, body = TokenPair), Problems))]
pub async fn refresh(
    State(state): State<AppState>,
    caller: Caller,
    Body(form): Body<Refresh>,
) -> Result<Json<TokenPair>, Problem> {
    let issued = api_tokens::refresh(&state.db, form.refresh_token.trim(), caller.now)
        .await?
        .ok_or_else(|| Problem::unauthorized("The refresh token is not valid; sign in again."))?;
    pair(&state, issued, caller.now).await
}

/// Ends the sign-in a refresh token belongs to: its access tokens stop working at once.
/// Answers 204 whether or not the token was known, so it tells nothing about tokens.
#[utoipa::path(post, path = "/auth/sign-out", tag = "auth", request_body = Refresh,
    responses((status = 204, description = "Signed out"), Problems))]
pub async fn sign_out(
    State(state): State<AppState>,
    caller: Caller,
    Body(form): Body<Refresh>,
) -> Result<StatusCode, Problem> {
    api_tokens::end_by_refresh(&state.db, form.refresh_token.trim(), caller.now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends every sign-in of the caller: apps' tokens and the site's sessions.
#[utoipa::path(post, path = "/auth/sign-out-everywhere", tag = "auth",
    security(("bearer" = [])), responses((status = 204, description = "Signed out"), Problems))]
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<StatusCode, Problem> {
    let actor = principal.person()?;
    let ended = session::delete_for_user(&state.db, actor.id, None).await?;
    let entry = Entry {
        actor: Some(actor.id.get()),
        action: "sign_out_everywhere",
        entity: "user",
        entity_id: Some(actor.id.get()),
        ip: &actor.ip,
        details: &format!("sessions={ended} via=api"),
    };
    audit::record(state.db.pool(), entry, actor.now).await?;
    Ok(StatusCode::NO_CONTENT)
}
