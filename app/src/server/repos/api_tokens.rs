//! Sign-ins from apps through `/api/v1`: token families and their one-time refresh tokens,
//! and the secret that signs access tokens. A family lives as a cookie session does: it ends
//! with "sign out everywhere", when the person's roles change, when the account is switched
//! off, after [`FAMILY_S`], and at once when one of its refresh tokens is used twice.

use crate::server::auth::token::{new_token, sha256_hex};
use crate::server::db::{flag, Db};
use priyom::UserId;
use sqlx::Row;

/// A family (a sign-in) lasts a month at most, as a cookie session does.
pub const FAMILY_S: i64 = 30 * 86_400;

/// The name of the access-token signing secret in `app_secrets`.
const SIGNING_SECRET: &str = "api_access_token_hs256";

/// Why a family ended (stored, and shown in logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// A refresh token came back after it had been used: someone holds a copy.
    Reused,
    SignedOut,
    RolesChanged,
}

impl Ended {
    fn as_str(self) -> &'static str {
        match self {
            Ended::Reused => "reused",
            Ended::SignedOut => "signed_out",
            Ended::RolesChanged => "roles_changed",
        }
    }
}

/// A new sign-in or a refresh: the family and its next refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub user: UserId,
    pub family: i64,
    pub refresh_token: String,
}

/// The secret that signs access tokens: shared by every instance through the database, made
/// on first use.
pub async fn signing_secret(db: &Db, now: i64) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO app_secrets (name, value, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(SIGNING_SECRET)
    .bind(new_token())
    .bind(now)
    .execute(db.pool())
    .await?;
    sqlx::query_scalar("SELECT value FROM app_secrets WHERE name = $1")
        .bind(SIGNING_SECRET)
        .fetch_one(db.pool())
        .await
}

/// Starts a family for a person who just proved their password. Refresh tokens of families
/// over for a day are dropped on the way (the families stay, as a record of sign-ins).
pub async fn start(db: &Db, user: UserId, now: i64) -> Result<Issued, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "DELETE FROM api_refresh_tokens WHERE family_id IN (SELECT id FROM api_token_families \
          WHERE expires_at < $1 OR ended_at < $1)",
    )
    .bind(now - 86_400)
    .execute(&mut *tx)
    .await?;
    let family: i64 = sqlx::query_scalar(
        "INSERT INTO api_token_families (user_id, roles_version, created_at, expires_at) \
         SELECT id, roles_version, $1, $2 FROM users WHERE id = $3 RETURNING id",
    )
    .bind(now)
    .bind(now + FAMILY_S)
    .bind(user.get())
    .fetch_one(&mut *tx)
    .await?;
    let refresh_token = add_token(&mut tx, family, now).await?;
    tx.commit().await?;
    Ok(Issued {
        user,
        family,
        refresh_token,
    })
}

async fn add_token(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    family: i64,
    now: i64,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    sqlx::query("INSERT INTO api_refresh_tokens (hash, family_id, created_at) VALUES ($1, $2, $3)")
        .bind(sha256_hex(&token))
        .bind(family)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(token)
}

/// Trades a refresh token for the next one of its family. `None` for anything but the
/// newest token of a live family; a token used before ends its whole family.
pub async fn refresh(db: &Db, token: &str, now: i64) -> Result<Option<Issued>, sqlx::Error> {
    if !crate::server::auth::token::is_token(token) {
        return Ok(None);
    }
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(
        "SELECT t.family_id, t.used_at, f.user_id, f.roles_version AS family_version, \
                f.expires_at, f.ended_at, u.roles_version, u.active \
           FROM api_refresh_tokens t \
           JOIN api_token_families f ON f.id = t.family_id \
           JOIN users u ON u.id = f.user_id \
          WHERE t.hash = $1",
    )
    .bind(sha256_hex(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let family: i64 = row.try_get("family_id")?;
    if row.try_get::<Option<i64>, _>("ended_at")?.is_some()
        || row.try_get::<i64, _>("expires_at")? <= now
        || !flag(&row, "active")?
    {
        return Ok(None);
    }
    let why = if row.try_get::<Option<i64>, _>("used_at")?.is_some() {
        Some(Ended::Reused)
    } else if row.try_get::<i64, _>("family_version")? != row.try_get::<i64, _>("roles_version")? {
        Some(Ended::RolesChanged)
    } else {
        None
    };
    if let Some(why) = why {
        end_family(&mut tx, family, why, now).await?;
        tx.commit().await?;
        tracing::info!(family, why = why.as_str(), "API token family ended");
        return Ok(None);
    }
    let spent = sqlx::query(
        "UPDATE api_refresh_tokens SET used_at = $1 WHERE hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(sha256_hex(token))
    .execute(&mut *tx)
    .await?;
    if spent.rows_affected() == 0 {
        // Another request spent it between our read and this write (PostgreSQL reads do not
        // wait): two holders of one token, so the family ends as for any reuse.
        end_family(&mut tx, family, Ended::Reused, now).await?;
        tx.commit().await?;
        tracing::info!(family, why = "reused", "API token family ended");
        return Ok(None);
    }
    let refresh_token = add_token(&mut tx, family, now).await?;
    tx.commit().await?;
    Ok(Some(Issued {
        user: UserId::new(row.try_get("user_id")?),
        family,
        refresh_token,
    }))
}

async fn end_family(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    family: i64,
    why: Ended,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE api_token_families SET ended_at = $1, ended_why = $2 \
          WHERE id = $3 AND ended_at IS NULL",
    )
    .bind(now)
    .bind(why.as_str())
    .bind(family)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether an access token's family still stands for `user` now: a signed token alone is
/// not enough, so signing out and role changes take effect at once, not at its expiry.
pub async fn family_alive(
    db: &Db,
    user: UserId,
    family: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT f.roles_version AS family_version, f.expires_at, f.ended_at, \
                u.roles_version, u.active \
           FROM api_token_families f JOIN users u ON u.id = f.user_id \
          WHERE f.id = $1 AND f.user_id = $2",
    )
    .bind(family)
    .bind(user.get())
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(false) };
    if row.try_get::<i64, _>("family_version")? != row.try_get::<i64, _>("roles_version")? {
        let mut tx = db.begin_write().await?;
        end_family(&mut tx, family, Ended::RolesChanged, now).await?;
        tx.commit().await?;
        return Ok(false);
    }
    Ok(row.try_get::<Option<i64>, _>("ended_at")?.is_none()
        && row.try_get::<i64, _>("expires_at")? > now
        && flag(&row, "active")?)
}

/// Ends every family of a user (sign out everywhere, a password change or reset, an admin
/// ending the person's sessions); the number ended.
pub async fn end_for_user(db: &Db, user: UserId, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE api_token_families SET ended_at = $1, ended_why = $2 \
          WHERE user_id = $3 AND ended_at IS NULL",
    )
    .bind(now)
    .bind(Ended::SignedOut.as_str())
    .bind(user.get())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// Ends the sign-in a refresh token belongs to (an app's "sign out"); `false` when the token
/// is unknown.
pub async fn end_by_refresh(db: &Db, token: &str, now: i64) -> Result<bool, sqlx::Error> {
    if !crate::server::auth::token::is_token(token) {
        return Ok(false);
    }
    let done = sqlx::query(
        "UPDATE api_token_families SET ended_at = $1, ended_why = $2 \
          WHERE ended_at IS NULL AND id = \
                (SELECT family_id FROM api_refresh_tokens WHERE hash = $3)",
    )
    .bind(now)
    .bind(Ended::SignedOut.as_str())
    .bind(sha256_hex(token))
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() > 0)
}
