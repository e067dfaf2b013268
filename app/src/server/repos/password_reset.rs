//! Password reset by a one-time link: the token goes out by e-mail (or by SMS to an account
//! without an address), only its hash is stored, it works once within 30 minutes, and using it
//! ends every session of the account. Asking for a link answers the same whether or not the
//! account exists.

use super::audit::{self, Entry};
use super::users::{credentials, Login};
use crate::server::db::Db;
use crate::server::notify::tokens::{self, Purpose};
use crate::server::notify::{events, Channel, Kind};
use priyom::UserId;

pub const RESET_TTL_S: i64 = 30 * 60;
/// Reset links per account per hour, so a stranger cannot flood someone's inbox.
const MAX_PER_HOUR: i64 = 3;

/// Writes a reset message for the account behind `login`, if there is one and it has not
/// asked too often. Returns whether a message was written (the caller answers the same either
/// way; tests look at it).
pub async fn request(db: &Db, login: &Login, now: i64) -> Result<bool, sqlx::Error> {
    let Some((user, _)) = credentials(db, login).await? else {
        return Ok(false);
    };
    let mut tx = db.begin_write().await?;
    let recent =
        tokens::issued_since(&mut *tx, Purpose::PasswordReset, user.get(), now - 3600).await?;
    if recent >= MAX_PER_HOUR {
        return Ok(false);
    }
    let token = tokens::issue(
        &mut *tx,
        Purpose::PasswordReset,
        user.get(),
        RESET_TTL_S,
        now,
    )
    .await?;
    let has_email: Option<String> = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(user.get())
        .fetch_one(&mut *tx)
        .await?;
    let channel = if has_email.is_some() {
        Channel::Email
    } else {
        Channel::Sms
    };
    let written = events::to_person(
        &mut tx,
        user.get(),
        Kind::PasswordReset,
        &[channel],
        serde_json::json!({ "token": token }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(written > 0)
}

/// True when `token` would still reset a password (checked before the slow hashing).
pub async fn is_usable(db: &Db, token: &str, now: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM one_time_tokens WHERE token_hash = $1 AND purpose = 'password_reset' \
            AND used_at IS NULL AND expires_at > $2",
    )
    .bind(crate::server::auth::token::sha256_hex(token))
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    Ok(found.is_some())
}

/// Sets the new password hash if `token` is good, spends every open reset link of the
/// account and ends all its sessions. `None` when the token is unknown, used or expired.
pub async fn reset(
    db: &Db,
    token: &str,
    password_hash: &str,
    ip: &str,
    now: i64,
) -> Result<Option<UserId>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let Some(user) = tokens::redeem(&mut tx, Purpose::PasswordReset, token, now).await? else {
        return Ok(None);
    };
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(now)
        .bind(user)
        .execute(&mut *tx)
        .await?;
    tokens::spend_all(&mut *tx, Purpose::PasswordReset, user, now).await?;
    let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user)
        .execute(&mut *tx)
        .await?;
    let details = format!("sessions_ended={}", ended.rows_affected());
    let entry = Entry {
        actor: Some(user),
        action: "password_reset",
        entity: "user",
        entity_id: Some(user),
        ip,
        details: &details,
    };
    audit::record(&mut *tx, entry, now).await?;
    tx.commit().await?;
    Ok(Some(UserId::new(user)))
}
