//! Sessions in the database, so several app instances share them. The browser holds a random
//! token; the row's id is its SHA-256, so a leaked table cannot be replayed as cookies.

use super::token::{new_token, sha256_hex};
use crate::server::db::Db;
use crate::server::repos::api_tokens;
use priyom::UserId;
use sqlx::Row;

/// A session ends after a week without use...
pub const IDLE_S: i64 = 7 * 86_400;
/// ...and a month after sign-in, whatever happens.
pub const ABSOLUTE_S: i64 = 30 * 86_400;
/// `last_seen_at` is written at most this often, so reads stay reads.
const TOUCH_AFTER_S: i64 = 300;
pub const COOKIE: &str = "priyom_session";

/// A live session found for a cookie token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub user_id: UserId,
    /// Set when the session got a new id (the user's roles changed): the cookie must follow.
    pub rotated_token: Option<String>,
}

/// Starts a session and returns the token for the cookie.
pub async fn create(
    db: &Db,
    user: UserId,
    now: i64,
    ip: &str,
    user_agent: Option<&str>,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    sqlx::query(
        "INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, \
         ip, user_agent, roles_version) \
         SELECT $1, id, '', $2, $2, $3, $4, $5, roles_version FROM users WHERE id = $6",
    )
    .bind(sha256_hex(&token))
    .bind(now)
    .bind(now + ABSOLUTE_S)
    .bind(ip)
    .bind(user_agent)
    .bind(user.get())
    .execute(db.pool())
    .await?;
    Ok(token)
}

/// The live session for a token: expired ones and those of deactivated users are deleted;
/// one issued before the user's roles changed gets a new id.
pub async fn find(db: &Db, token: &str, now: i64) -> Result<Option<Found>, sqlx::Error> {
    let id = sha256_hex(token);
    let row = sqlx::query(
        "SELECT s.user_id, s.last_seen_at, s.expires_at, s.roles_version AS seen_version, \
         u.roles_version, u.active \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1",
    )
    .bind(&id)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let user_id = UserId::new(row.try_get("user_id")?);
    let last_seen: i64 = row.try_get("last_seen_at")?;
    let expires: i64 = row.try_get("expires_at")?;
    let roles_version: i64 = row.try_get("roles_version")?;
    let expired = now >= expires || now - last_seen >= IDLE_S;
    if expired || !crate::server::db::flag(&row, "active")? {
        delete_by_id(db, &id).await?;
        return Ok(None);
    }
    if row.try_get::<i64, _>("seen_version")? != roles_version {
        let token = new_token();
        sqlx::query(
            "UPDATE sessions SET id = $1, roles_version = $2, last_seen_at = $3 WHERE id = $4",
        )
        .bind(sha256_hex(&token))
        .bind(roles_version)
        .bind(now)
        .bind(&id)
        .execute(db.pool())
        .await?;
        return Ok(Some(Found {
            user_id,
            rotated_token: Some(token),
        }));
    }
    if now - last_seen > TOUCH_AFTER_S {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&id)
            .execute(db.pool())
            .await?;
    }
    Ok(Some(Found {
        user_id,
        rotated_token: None,
    }))
}

/// Ends one session (sign out).
pub async fn delete(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    delete_by_id(db, &sha256_hex(token)).await
}

/// Ends every session of a user, except the one with `keep_token` when given, and every
/// sign-in of theirs from apps (API token families), which have no cookie to keep.
pub async fn delete_for_user(
    db: &Db,
    user: UserId,
    keep_token: Option<&str>,
) -> Result<u64, sqlx::Error> {
    let keep = keep_token.map(sha256_hex).unwrap_or_default();
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user.get())
        .bind(keep)
        .execute(db.pool())
        .await?;
    let apps = api_tokens::end_for_user(db, user, crate::server::now_unix()).await?;
    Ok(done.rows_affected() + apps)
}

/// How many live sessions a user has (shown in the cabinet).
pub async fn count_for_user(db: &Db, user: UserId, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions WHERE user_id = $1 AND expires_at > $2 \
         AND last_seen_at > $3",
    )
    .bind(user.get())
    .bind(now)
    .bind(now - IDLE_S)
    .fetch_one(db.pool())
    .await
}

async fn delete_by_id(db: &Db, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}
