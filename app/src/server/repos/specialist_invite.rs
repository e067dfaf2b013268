//! A specialist added by a manager is public only once the person agrees: a one-time link goes
//! to them (e-mail, or SMS without one), shows what would be published, and their answer
//! publishes the profile or leaves it hidden. The link works once, for two weeks.

use super::audit::{self, Entry};
use crate::server::auth::token::{is_token, sha256_hex};
use crate::server::db::Db;
use crate::server::notify::tokens::{self, Purpose};
use crate::server::notify::{events, Channel, Kind};
use sqlx::{AnyConnection, Row};

pub const INVITE_TTL_S: i64 = crate::server::notify::INVITE_TTL_S;

/// Writes the invitation for `user` into the outbox, in the caller's transaction.
pub async fn send(conn: &mut AnyConnection, user: i64, now: i64) -> Result<(), sqlx::Error> {
    let token = tokens::issue(
        &mut *conn,
        Purpose::SpecialistInvite,
        user,
        INVITE_TTL_S,
        now,
    )
    .await?;
    events::to_person(
        conn,
        user,
        Kind::SpecialistInvite,
        &[Channel::Email, Channel::Sms],
        serde_json::json!({ "token": token }),
        now,
    )
    .await?;
    Ok(())
}

/// What the invited person is asked to agree to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub name: String,
    pub title: String,
    pub clinics: Vec<String>,
}

/// The invitation behind `token`, while it works (looking does not spend it).
pub async fn open(db: &Db, token: &str, now: i64) -> Result<Option<Invitation>, sqlx::Error> {
    if !is_token(token) {
        return Ok(None);
    }
    let row = sqlx::query(
        "SELECT s.id, u.full_name, s.title FROM one_time_tokens t \
           JOIN users u ON u.id = t.user_id \
           JOIN specialists s ON s.user_id = u.id \
          WHERE t.token_hash = $1 AND t.purpose = 'specialist_invite' AND t.used_at IS NULL \
            AND t.expires_at > $2 AND s.awaiting_consent = 1",
    )
    .bind(sha256_hex(token))
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get("id")?;
    let clinics = sqlx::query_scalar(
        "SELECT c.name FROM specialist_clinics sc JOIN clinics c ON c.id = sc.clinic_id \
          WHERE sc.specialist_id = $1 ORDER BY c.name",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(Some(Invitation {
        name: row.try_get("full_name")?,
        title: row.try_get("title")?,
        clinics,
    }))
}

/// Spends the link and records the answer: agreeing publishes the profile. `None` when the
/// link is unknown, used or expired.
pub async fn answer(
    db: &Db,
    token: &str,
    agree: bool,
    ip: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let Some(user) = tokens::redeem(&mut tx, Purpose::SpecialistInvite, token, now).await? else {
        return Ok(None);
    };
    let sql = if agree {
        "UPDATE specialists SET awaiting_consent = 0, active = 1 \
          WHERE user_id = $1 AND awaiting_consent = 1 RETURNING id"
    } else {
        // Declining leaves the profile hidden; the manager sees it still awaits consent.
        "SELECT id FROM specialists WHERE user_id = $1 AND awaiting_consent = 1"
    };
    let Some(id) = sqlx::query_scalar::<_, i64>(sql)
        .bind(user)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(None);
    };
    let entry = Entry {
        actor: Some(user),
        action: if agree {
            "specialist.consent"
        } else {
            "specialist.decline"
        },
        entity: "specialist",
        entity_id: Some(id),
        ip,
        details: "",
    };
    audit::record(&mut *tx, entry, now).await?;
    tx.commit().await?;
    Ok(Some(id))
}
