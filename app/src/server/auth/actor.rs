//! Who acts. One middleware ([`identify`]) reads every request once: the client's address
//! (through trusted proxies only) and, from the session cookie, the signed-in [`Actor`]. Server
//! functions get it with [`require`] / [`current_actor`], hand-written axum handlers take it as
//! an extractor, and repositories take `&Actor` so the caller's scope is part of their SQL.

use super::request::{cookie_header, cookie_in, cookie_name};
use super::session;
use crate::error::AppError;
use crate::server::{now_unix, repos::users, AppState};
use axum::extract::{ConnectInfo, FromRequestParts, OptionalFromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use http::{header, HeaderValue, StatusCode};
use priyom::{ClinicScope, Role, Roles, UserId};
use std::convert::Infallible;
use std::net::SocketAddr;

/// The signed-in user of this request: who, with which roles, from where, when.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: UserId,
    pub full_name: String,
    pub roles: Roles,
    /// The session's cookie token (to keep this session when ending the others).
    pub token: String,
    /// The client's address (see [`TrustedProxies`]).
    pub ip: String,
    /// The request's instant, Unix seconds.
    pub now: i64,
}

impl Actor {
    /// The clinics where this actor may act as `role`: the front desk (`Operator`, which a
    /// manager may do too), management (`Manager`); every clinic for a global role they hold;
    /// none otherwise. An admin may everything everywhere.
    pub fn scope(&self, role: Role) -> ClinicScope {
        match role {
            Role::Operator => self.roles.desk_scope(),
            Role::Manager => self.roles.manager_scope(),
            other if self.roles.has(other) => ClinicScope::All,
            _ => ClinicScope::Only(Vec::new()),
        }
    }

    /// May act as `role` somewhere.
    pub fn may(&self, role: Role) -> bool {
        !self.scope(role).is_empty()
    }
}

/// What [`identify`] learnt about a request; kept in its extensions.
#[derive(Debug, Clone)]
pub struct Caller {
    pub ip: String,
    pub now: i64,
    pub actor: Option<Actor>,
}

/// Reads the request's caller from the Leptos context (server functions and page rendering).
fn with_caller<T>(read: impl FnOnce(&Caller) -> Option<T>) -> Option<T> {
    read(
        leptos::prelude::use_context::<Parts>()?
            .extensions
            .get::<Caller>()?,
    )
}

/// The client's address of the current request ("unknown" outside one).
pub fn client_ip() -> String {
    with_caller(|c| Some(c.ip.clone())).unwrap_or_else(|| "unknown".into())
}

/// The signed-in user, if any.
pub fn current_actor() -> Option<Actor> {
    with_caller(|c| c.actor.clone())
}

/// The signed-in user, or `Unauthorized`.
pub fn require_signed_in() -> Result<Actor, AppError> {
    current_actor().ok_or(AppError::Unauthorized)
}

/// A signed-in user who may act as `role` somewhere, or `Unauthorized` / `Forbidden`.
pub fn require(role: Role) -> Result<Actor, AppError> {
    let actor = require_signed_in()?;
    if actor.may(role) {
        Ok(actor)
    } else {
        tracing::info!(
            user = actor.id.get(),
            role = role.as_str(),
            "access refused"
        );
        Err(AppError::Forbidden)
    }
}

/// Static files never need to know who asks, and the REST API names its callers by token
/// or key: no session lookup for them.
fn anonymous_path(path: &str, pkg_dir: &str) -> bool {
    path.strip_prefix('/')
        .and_then(|p| p.strip_prefix(pkg_dir))
        .is_some_and(|rest| rest.starts_with('/'))
        || path.starts_with("/img/")
        // The REST API names its caller by token or key, never by cookie.
        || path.starts_with("/api/v1/")
        || matches!(
            path,
            "/healthz" | "/readyz" | "/favicon.svg" | "/robots.txt"
        )
}

/// What the session cookie must become after this request.
enum CookieChange {
    /// The session got a new id (the roles changed).
    Rotated(String),
    /// The session is over.
    Clear,
}

/// The middleware: finds the caller once, before any handler runs, and sends a rotated or
/// dead session's cookie with the response (unless the handler set that cookie itself).
pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let ip = peer.map_or_else(
        || "unknown".to_string(),
        |peer| state.proxies.client(peer, req.headers()).to_string(),
    );
    let now = now_unix();
    let name = cookie_name(session::COOKIE, state.https);
    let path = req.uri().path();
    let token = (!anonymous_path(path, &state.leptos_options.site_pkg_dir))
        .then(|| cookie_in(req.headers(), &name))
        .flatten();
    let (actor, change) = match token {
        None => (None, None),
        Some(token) => match lookup(&state, token, &ip, now).await {
            Ok(found) => found,
            Err(error) => {
                tracing::error!(%error, "session lookup failed");
                return (StatusCode::SERVICE_UNAVAILABLE, "try again in a moment").into_response();
            }
        },
    };
    req.extensions_mut().insert(Caller { ip, now, actor });
    let mut response = next.run(req).await;
    if let Some(change) = change {
        let (value, max_age) = match &change {
            CookieChange::Rotated(token) => (token.as_str(), session::ABSOLUTE_S),
            CookieChange::Clear => ("", 0),
        };
        if !sets_cookie(&response, &name) {
            let line = cookie_header(&name, value, max_age, state.https);
            if let Ok(line) = HeaderValue::from_str(&line) {
                response.headers_mut().append(header::SET_COOKIE, line);
            }
        }
    }
    response
}

fn sets_cookie(response: &Response, name: &str) -> bool {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|line| line.split_once('=').is_some_and(|(n, _)| n == name))
}

/// The one session lookup: the live session for the cookie's token and its user.
async fn lookup(
    state: &AppState,
    token: String,
    ip: &str,
    now: i64,
) -> Result<(Option<Actor>, Option<CookieChange>), sqlx::Error> {
    let found = if super::token::is_token(&token) {
        session::find(&state.db, &token, now).await?
    } else {
        None
    };
    let Some(found) = found else {
        return Ok((None, Some(CookieChange::Clear)));
    };
    let (token, change) = match found.rotated_token {
        Some(new) => (new.clone(), Some(CookieChange::Rotated(new))),
        None => (token, None),
    };
    let (full_name, roles) = users::name_and_roles(&state.db, found.user_id).await?;
    let actor = Actor {
        id: found.user_id,
        full_name,
        roles,
        token,
        ip: ip.to_string(),
        now,
    };
    Ok((Some(actor), change))
}

/// Hand-written handlers take `actor: Actor` (401 for a guest) or `Option<Actor>`.
impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .and_then(|c| c.actor.clone())
            .ok_or(StatusCode::UNAUTHORIZED)
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for Actor {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Infallible> {
        Ok(parts
            .extensions
            .get::<Caller>()
            .and_then(|c| c.actor.clone()))
    }
}

/// The caller (address, time, actor if any) for handlers open to guests.
impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use priyom::{ClinicId, RoleGrant};

    fn actor(grants: &[(Role, Option<i64>)]) -> Actor {
        let grants = grants
            .iter()
            .map(|&(role, clinic)| RoleGrant {
                role,
                clinic: clinic.map(ClinicId::new),
            })
            .collect();
        Actor {
            id: UserId::new(1),
            full_name: "Тест".into(),
            roles: Roles::new(grants),
            token: String::new(),
            ip: "127.0.0.1".into(),
            now: 0,
        }
    }

    #[test]
    fn scopes_follow_the_grants() {
        let only =
            |ids: &[i64]| ClinicScope::Only(ids.iter().copied().map(ClinicId::new).collect());
        let manager = actor(&[(Role::Manager, Some(2))]);
        assert_eq!(manager.scope(Role::Manager), only(&[2]));
        assert_eq!(manager.scope(Role::Operator), only(&[2]));
        assert!(!manager.may(Role::Admin));
        assert!(!manager.may(Role::Specialist));
        let operator = actor(&[(Role::Operator, Some(3)), (Role::Patient, None)]);
        assert_eq!(operator.scope(Role::Manager), only(&[]));
        assert_eq!(operator.scope(Role::Operator), only(&[3]));
        assert!(operator.may(Role::Patient));
        let admin = actor(&[(Role::Admin, None)]);
        for role in Role::ALL {
            assert_eq!(admin.scope(*role), ClinicScope::All);
        }
        let nobody = actor(&[]);
        assert!(Role::ALL.iter().all(|role| !nobody.may(*role)));
    }

    #[test]
    fn static_files_skip_the_lookup() {
        assert!(anonymous_path("/pkg/priyom.wasm", "pkg"));
        assert!(anonymous_path("/img/specialists/1.webp", "pkg"));
        assert!(!anonymous_path("/pkgx/a", "pkg"));
        assert!(!anonymous_path("/account", "pkg"));
        assert!(!anonymous_path("/api/anything", "pkg"));
        assert!(anonymous_path("/api/v1/me", "pkg"));
    }
}
