//! One-time tokens (Telegram deep links, password resets): the person gets the token, the
//! database keeps only its SHA-256, and a token works once, before it expires.

use crate::server::auth::token::{new_token, sha256_hex};
use sqlx::{Any, AnyConnection, Executor};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    TelegramLink,
    PasswordReset,
    SpecialistInvite,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::TelegramLink => "telegram_link",
            Purpose::PasswordReset => "password_reset",
            Purpose::SpecialistInvite => "specialist_invite",
        }
    }
}

/// Issues a token for `user` valid for `ttl_s` seconds and returns it (the only copy).
pub async fn issue<'c, E>(
    executor: E,
    purpose: Purpose,
    user: i64,
    ttl_s: i64,
    now: i64,
) -> Result<String, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    let token = new_token();
    sqlx::query(
        "INSERT INTO one_time_tokens (token_hash, purpose, user_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(sha256_hex(&token))
    .bind(purpose.as_str())
    .bind(user)
    .bind(now)
    .bind(now + ttl_s)
    .execute(executor)
    .await?;
    Ok(token)
}

/// Uses a token: its user when it exists for this purpose, is unused and unexpired; it can
/// never be used again. Run inside the write transaction of what the token allows.
pub async fn redeem(
    conn: &mut AnyConnection,
    purpose: Purpose,
    token: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    if !crate::server::auth::token::is_token(token) {
        return Ok(None);
    }
    sqlx::query_scalar(
        "UPDATE one_time_tokens SET used_at = $3 \
          WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
          RETURNING user_id",
    )
    .bind(sha256_hex(token))
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Spends every open token of `user` for `purpose` (after a reset, older links die too).
pub async fn spend_all<'c, E>(
    executor: E,
    purpose: Purpose,
    user: i64,
    now: i64,
) -> Result<(), sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query(
        "UPDATE one_time_tokens SET used_at = $3 \
          WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
    )
    .bind(user)
    .bind(purpose.as_str())
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}

/// How many tokens `user` was issued for `purpose` since `since` (to limit reset e-mails).
pub async fn issued_since<'c, E>(
    executor: E,
    purpose: Purpose,
    user: i64,
    since: i64,
) -> Result<i64, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM one_time_tokens \
          WHERE user_id = $1 AND purpose = $2 AND created_at >= $3",
    )
    .bind(user)
    .bind(purpose.as_str())
    .bind(since)
    .fetch_one(executor)
    .await
}
