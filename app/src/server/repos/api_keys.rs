//! Keys for integrations, made and revoked by an admin. The key is shown once; the table
//! keeps its SHA-256 and its first characters. Each use is counted against the key's own
//! rate and dated, so the back office shows which keys are alive.

use super::audit::{self, Entry};
use crate::model::api_keys::{ApiKeyView, Scope};
use crate::server::auth::token::{new_token, sha256_hex};
use crate::server::db::Db;
use priyom::{ClinicId, UserId};
use sqlx::Row;

/// Every key starts so: easy to recognise in a leaked file or a secret scanner.
pub const PREFIX: &str = "pyk_";
/// How many characters of a key the lists show.
const SHOWN: usize = PREFIX.len() + 8;
/// `last_used_at` is written at most this often, so a busy key's reads stay cheap.
const TOUCH_AFTER_S: i64 = 60;

/// What an admin asks for.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub name: String,
    pub scopes: Vec<Scope>,
    pub clinic: Option<ClinicId>,
    pub rate_per_min: i64,
}

/// A live key found for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyHolder {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<Scope>,
    /// The clinic the key acts for; `None`: every clinic.
    pub clinic: Option<ClinicId>,
    pub rate_per_min: i64,
}

impl KeyHolder {
    pub fn allows(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }

    /// The clinics this key acts for.
    pub fn clinics(&self) -> priyom::ClinicScope {
        match self.clinic {
            Some(clinic) => priyom::ClinicScope::Only(vec![clinic]),
            None => priyom::ClinicScope::All,
        }
    }
}

/// Looks like one of our keys: anything else is refused before a hash or a query.
pub fn is_key(text: &str) -> bool {
    text.strip_prefix(PREFIX)
        .is_some_and(crate::server::auth::token::is_token)
}

/// Makes a key; returns its id and the key itself, which is not kept.
pub async fn create(
    db: &Db,
    new: &NewKey,
    admin: UserId,
    ip: &str,
    now: i64,
) -> Result<(i64, String), sqlx::Error> {
    let secret = format!("{PREFIX}{}", new_token());
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_keys (name, prefix, hash, scopes, clinic_id, rate_per_min, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&new.name)
    .bind(&secret[..SHOWN])
    .bind(sha256_hex(&secret))
    .bind(Scope::join(&new.scopes))
    .bind(new.clinic.map(ClinicId::get))
    .bind(new.rate_per_min)
    .bind(admin.get())
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let details = format!("scopes={}", Scope::join(&new.scopes));
    let entry = Entry {
        actor: Some(admin.get()),
        action: "api_key.create",
        entity: "api_key",
        entity_id: Some(id),
        ip,
        details: &details,
    };
    audit::record(&mut *tx, entry, now).await?;
    tx.commit().await?;
    Ok((id, secret))
}

/// Revokes a key at once; `false` when there was no such live key.
pub async fn revoke(
    db: &Db,
    id: i64,
    admin: UserId,
    ip: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let done =
        sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let entry = Entry {
        actor: Some(admin.get()),
        action: "api_key.revoke",
        entity: "api_key",
        entity_id: Some(id),
        ip,
        details: "",
    };
    audit::record(&mut *tx, entry, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Every key, newest first, with its clinic's name in `lang`.
pub async fn list(db: &Db, lang: crate::i18n::Lang) -> Result<Vec<ApiKeyView>, sqlx::Error> {
    let name = if lang == crate::i18n::Lang::En {
        "c.name_en"
    } else {
        "c.name"
    };
    let sql = format!(
        "SELECT k.id, k.name, k.prefix, k.scopes, {name} AS clinic, k.rate_per_min, \
                k.created_at, k.last_used_at, k.revoked_at \
           FROM api_keys k LEFT JOIN clinics c ON c.id = k.clinic_id ORDER BY k.id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ApiKeyView {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                prefix: r.try_get("prefix")?,
                scopes: Scope::split(&r.try_get::<String, _>("scopes")?),
                clinic: r.try_get("clinic")?,
                rate_per_min: r.try_get("rate_per_min")?,
                created_at: r.try_get("created_at")?,
                last_used_at: r.try_get("last_used_at")?,
                revoked_at: r.try_get("revoked_at")?,
            })
        })
        .collect()
}

/// The live key for a secret, dated as used now.
pub async fn find(db: &Db, secret: &str, now: i64) -> Result<Option<KeyHolder>, sqlx::Error> {
    if !is_key(secret) {
        return Ok(None);
    }
    let hash = sha256_hex(secret);
    let row = sqlx::query(
        "SELECT id, name, scopes, clinic_id, rate_per_min, last_used_at FROM api_keys \
          WHERE hash = $1 AND revoked_at IS NULL",
    )
    .bind(&hash)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get("id")?;
    let last_used: Option<i64> = row.try_get("last_used_at")?;
    if last_used.is_none_or(|at| now - at >= TOUCH_AFTER_S) {
        sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(db.pool())
            .await?;
    }
    Ok(Some(KeyHolder {
        id,
        name: row.try_get("name")?,
        scopes: Scope::split(&row.try_get::<String, _>("scopes")?),
        clinic: row
            .try_get::<Option<i64>, _>("clinic_id")?
            .map(ClinicId::new),
        rate_per_min: row.try_get("rate_per_min")?,
    }))
}
