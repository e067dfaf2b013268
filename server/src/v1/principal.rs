//! Who calls `/api/v1`: a person with an access token (`Authorization: Bearer …`), an
//! integration with a key (`X-Api-Key: pyk_…`), or nobody. Cookies are never read here, so
//! no CSRF token is needed: a browser cannot attach these headers on its own.

use super::problem::Problem;
use app::model::api_keys::Scope;
use app::server::auth::actor::{Actor, Caller};
use app::server::auth::throttle::{self, Limit};
use app::server::repos::api_keys::{self, KeyHolder};
use app::server::repos::{api_tokens, users};
use app::server::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use priyom::UserId;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// An access token lives a quarter of an hour; the refresh token brings the next one.
pub const ACCESS_TTL_S: i64 = 15 * 60;
const AUDIENCE: &str = "priyom-api-v1";
pub const KEY_HEADER: &str = "x-api-key";

/// The caller of an API request.
#[derive(Debug, Clone)]
pub enum Principal {
    Nobody,
    Person(Actor),
    Key(KeyHolder),
}

impl Principal {
    /// The person, or 401 for nobody and 403 for a key (this is done by people only).
    pub fn person(&self) -> Result<&Actor, Problem> {
        match self {
            Principal::Person(actor) => Ok(actor),
            Principal::Nobody => Err(Problem::unauthorized(
                "Send an access token: Authorization: Bearer <token>.",
            )),
            Principal::Key(_) => Err(Problem::forbidden(
                "Keys cannot do this; it is done by a signed-in person.",
            )),
        }
    }

    /// Public reads: open to anyone, but a key must hold the scope.
    pub fn may_read(&self, scope: Scope) -> Result<(), Problem> {
        match self {
            Principal::Key(key) => key_scope(key, scope),
            _ => Ok(()),
        }
    }
}

pub fn key_scope(key: &KeyHolder, scope: Scope) -> Result<(), Problem> {
    if key.allows(scope) {
        Ok(())
    } else {
        Err(Problem::forbidden(&format!(
            "This key lacks the scope {}.",
            scope.as_str()
        )))
    }
}

/// What an access token says.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The person's id.
    sub: String,
    /// The sign-in (token family) it belongs to.
    fam: i64,
    iat: i64,
    exp: i64,
    aud: String,
}

/// The HS256 secret, read from the database once per process (every instance shares it).
#[derive(Clone, Default)]
struct SigningKey(Arc<tokio::sync::OnceCell<Vec<u8>>>);

async fn signing_key(state: &AppState, now: i64) -> Result<Vec<u8>, Problem> {
    let kept: SigningKey = state.db.kept();
    let secret = kept
        .0
        .get_or_try_init(|| async {
            api_tokens::signing_secret(&state.db, now)
                .await
                .map(String::into_bytes)
        })
        .await?;
    Ok(secret.clone())
}

/// A signed access token for a person's sign-in.
pub async fn access_token(
    state: &AppState,
    user: UserId,
    family: i64,
    now: i64,
) -> Result<String, Problem> {
    let claims = Claims {
        sub: user.get().to_string(),
        fam: family,
        iat: now,
        exp: now + ACCESS_TTL_S,
        aud: AUDIENCE.into(),
    };
    let key = EncodingKey::from_secret(&signing_key(state, now).await?);
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key)
        .map_err(|e| Problem::from(app::error::AppError::internal(e)))
}

/// The person an access token stands for, if it is valid and its sign-in still stands.
async fn person(state: &AppState, token: &str, caller: &Caller) -> Result<Actor, Problem> {
    let refused = || Problem::unauthorized("The access token is not valid or has expired.");
    let key = DecodingKey::from_secret(&signing_key(state, caller.now).await?);
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_audience(&[AUDIENCE]);
    validation.leeway = 0;
    let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
        .map_err(|_| refused())?
        .claims;
    let user = UserId::new(claims.sub.parse().map_err(|_| refused())?);
    if claims.exp <= caller.now
        || !api_tokens::family_alive(&state.db, user, claims.fam, caller.now).await?
    {
        return Err(refused());
    }
    let (full_name, roles) = users::name_and_roles(&state.db, user).await?;
    Ok(Actor {
        id: user,
        full_name,
        roles,
        token: String::new(),
        ip: caller.ip.clone(),
        now: caller.now,
    })
}

/// The integration a key stands for, counted against the key's own rate.
async fn key_holder(state: &AppState, secret: &str, caller: &Caller) -> Result<KeyHolder, Problem> {
    let key = api_keys::find(&state.db, secret, caller.now)
        .await?
        .ok_or_else(|| Problem::unauthorized("The key is not valid or was revoked."))?;
    let limit = Limit {
        kind: "api_key",
        max: key.rate_per_min,
        window_s: 60,
    };
    if let Some(wait_s) = throttle::take(&state.db, limit, &key.id.to_string(), caller.now).await? {
        tracing::info!(key = key.id, "API key over its rate");
        return Err(Problem::rate_limited(wait_s.unsigned_abs()));
    }
    Ok(key)
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let caller = parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| Problem::from(app::error::AppError::internal("no caller")))?;
        let text = |name: &str| -> Result<Option<String>, Problem> {
            parts
                .headers
                .get(name)
                .map(|v| {
                    v.to_str()
                        .map(|s| s.trim().to_string())
                        .map_err(|_| Problem::bad_request(format!("{name}: not text")))
                })
                .transpose()
        };
        if let Some(secret) = text(KEY_HEADER)? {
            return Ok(Principal::Key(key_holder(state, &secret, &caller).await?));
        }
        match text(header::AUTHORIZATION.as_str())? {
            None => Ok(Principal::Nobody),
            Some(value) => {
                let token = value
                    .strip_prefix("Bearer ")
                    .or_else(|| value.strip_prefix("bearer "))
                    .ok_or_else(|| {
                        Problem::unauthorized("Authorization takes a Bearer access token.")
                    })?;
                Ok(Principal::Person(
                    person(state, token.trim(), &caller).await?,
                ))
            }
        }
    }
}
