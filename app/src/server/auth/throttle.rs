//! Sign-in throttling per account and per IP address. Failures are rows keyed by a SHA-256
//! of the login or address, so the table holds no phone numbers; a success clears the
//! account's failures, not the address's.

use super::token::sha256_hex;
use crate::server::db::Db;

/// Failures count for this long.
pub const WINDOW_S: i64 = 15 * 60;
/// Failures of one account within the window before it is locked.
pub const ACCOUNT_LIMIT: i64 = 5;
/// Failures from one address within the window before it is locked (any accounts).
pub const IP_LIMIT: i64 = 20;

/// The throttling keys of one sign-in attempt.
#[derive(Debug, Clone)]
pub struct Keys {
    account: String,
    ip: String,
}

impl Keys {
    /// `login` should be normalised (a parsed phone or lower-case e-mail) so spellings share a key.
    pub fn new(login: &str, ip: &str) -> Keys {
        Keys {
            account: sha256_hex(&format!("account:{login}")),
            ip: sha256_hex(&format!("ip:{ip}")),
        }
    }
}

/// Seconds until another attempt is allowed, when the account or the address is locked.
pub async fn locked_for(db: &Db, keys: &Keys, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let account = unlock_at(db, "account", &keys.account, ACCOUNT_LIMIT, now).await?;
    let ip = unlock_at(db, "ip", &keys.ip, IP_LIMIT, now).await?;
    Ok(account.max(ip).map(|at| (at - now).max(1)))
}

/// When the `limit`-th newest failure in the window leaves it, if there are that many.
async fn unlock_at(
    db: &Db,
    scope: &str,
    key: &str,
    limit: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let at: Option<i64> = sqlx::query_scalar(
        "SELECT at FROM login_failures WHERE scope = $1 AND key = $2 AND at > $3 \
         ORDER BY at DESC LIMIT 1 OFFSET $4",
    )
    .bind(scope)
    .bind(key)
    .bind(now - WINDOW_S)
    .bind(limit - 1)
    .fetch_optional(db.pool())
    .await?;
    Ok(at.map(|at| at + WINDOW_S))
}

/// Records a failed attempt for the account and the address, and prunes expired rows.
pub async fn record_failure(db: &Db, keys: &Keys, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM login_failures WHERE at <= $1")
        .bind(now - WINDOW_S)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO login_failures (scope, key, at) VALUES ('account', $1, $3), ('ip', $2, $3)",
    )
    .bind(&keys.account)
    .bind(&keys.ip)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Forgets the account's failures after a successful sign-in.
pub async fn clear_account(db: &Db, keys: &Keys) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE scope = 'account' AND key = $1")
        .bind(&keys.account)
        .execute(db.pool())
        .await?;
    Ok(())
}
/// A limit on events per subject: at most `max` within `window_s` seconds.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub kind: &'static str,
    pub max: i64,
    pub window_s: i64,
}

/// Accounts registered from one client address: twenty an hour (a family, patients on a
/// clinic's Wi-Fi behind one address), not a script's thousands.
pub const REGISTRATIONS: Limit = Limit {
    kind: "register",
    max: 20,
    window_s: 3600,
};

/// Guest bookings from one client address: a clinic's shared Wi-Fi books freely, a script
/// cannot fill a day (each phone also holds at most three upcoming visits).
pub const GUEST_BOOKINGS: Limit = Limit {
    kind: "guest_booking",
    max: 30,
    window_s: 3600,
};

/// SMS codes sent to one number: five an hour (a lost message, a second try), never a flood
/// of someone else's phone.
pub const CODES_PER_PHONE: Limit = Limit {
    kind: "code_phone",
    max: 5,
    window_s: 3600,
};

/// SMS codes asked for from one client address: thirty an hour, across all numbers.
pub const CODES_PER_ADDRESS: Limit = Limit {
    kind: "code_address",
    max: 30,
    window_s: 3600,
};

/// Counts one event of `limit` for `subject` (an address, a phone), or answers the seconds to
/// wait when the subject has used up its window. Old events are pruned on the way.
pub async fn take(
    db: &Db,
    limit: Limit,
    subject: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let key = sha256_hex(&format!("{}:{subject}", limit.kind));
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM rate_events WHERE kind = $1 AND at <= $2")
        .bind(limit.kind)
        .bind(now - limit.window_s)
        .execute(&mut *tx)
        .await?;
    let oldest_counted: Option<i64> = sqlx::query_scalar(
        "SELECT at FROM rate_events WHERE kind = $1 AND key = $2 AND at > $3 \
         ORDER BY at DESC LIMIT 1 OFFSET $4",
    )
    .bind(limit.kind)
    .bind(&key)
    .bind(now - limit.window_s)
    .bind(limit.max - 1)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(at) = oldest_counted {
        return Ok(Some((at + limit.window_s - now).max(1)));
    }
    sqlx::query("INSERT INTO rate_events (kind, key, at) VALUES ($1, $2, $3)")
        .bind(limit.kind)
        .bind(&key)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(None)
}
