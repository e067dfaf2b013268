//! A person's side of notifications: their in-app notices and unread count, their channel
//! choices, and linking their Telegram chat.

use super::tokens::{self, Purpose};
use super::{events, Channel, Kind};
use crate::server::db::Db;
use sqlx::Row;

/// How long a Telegram deep link works.
pub const TELEGRAM_LINK_TTL_S: i64 = 30 * 60;

/// Delivered in-app notices not yet read.
pub async fn unread_count(db: &Db, user: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM notifications \
          WHERE user_id = $1 AND channel = 'in_app' AND status = 'sent' AND read_at IS NULL",
    )
    .bind(user)
    .fetch_one(db.pool())
    .await
}

/// One in-app notice.
#[derive(Debug, Clone)]
pub struct Notice {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub at: i64,
    pub read: bool,
}

/// The latest delivered in-app notices, newest first.
pub async fn latest(db: &Db, user: i64, limit: i64) -> Result<Vec<Notice>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, kind, body, sent_at, read_at FROM notifications \
          WHERE user_id = $1 AND channel = 'in_app' AND status = 'sent' \
          ORDER BY sent_at DESC, id DESC LIMIT $2",
    )
    .bind(user)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Notice {
                id: row.try_get("id")?,
                kind: row.try_get("kind")?,
                text: row
                    .try_get::<Option<String>, _>("body")?
                    .unwrap_or_default(),
                at: row.try_get("sent_at")?,
                read: row.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect()
}

/// Marks every delivered notice of `user` read; returns how many changed.
pub async fn mark_all_read(db: &Db, user: i64, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE notifications SET read_at = $2 \
          WHERE user_id = $1 AND channel = 'in_app' AND status = 'sent' AND read_at IS NULL",
    )
    .bind(user)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// A person's channel choices (in-app is always on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefs {
    pub email: bool,
    pub sms: bool,
    pub telegram: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            email: true,
            sms: true,
            telegram: true,
        }
    }
}

pub async fn prefs(db: &Db, user: i64) -> Result<Prefs, sqlx::Error> {
    let row = sqlx::query("SELECT email, sms, telegram FROM notification_prefs WHERE user_id = $1")
        .bind(user)
        .fetch_optional(db.pool())
        .await?;
    let Some(row) = row else {
        return Ok(Prefs::default());
    };
    Ok(Prefs {
        email: row.try_get::<i64, _>("email")? == 1,
        sms: row.try_get::<i64, _>("sms")? == 1,
        telegram: row.try_get::<i64, _>("telegram")? == 1,
    })
}

pub async fn set_prefs(db: &Db, user: i64, prefs: Prefs, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_prefs (user_id, email, sms, telegram, updated_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (user_id) DO UPDATE SET email = $2, sms = $3, telegram = $4, updated_at = $5",
    )
    .bind(user)
    .bind(i64::from(prefs.email))
    .bind(i64::from(prefs.sms))
    .bind(i64::from(prefs.telegram))
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// True when the person's Telegram chat is linked.
pub async fn telegram_linked(db: &Db, user: i64) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT chat_id FROM telegram_chats WHERE user_id = $1")
            .bind(user)
            .fetch_optional(db.pool())
            .await?;
    Ok(found.is_some())
}

/// A one-time token for the deep link `t.me/<bot>?start=<token>`.
pub async fn telegram_link_token(db: &Db, user: i64, now: i64) -> Result<String, sqlx::Error> {
    tokens::issue(
        db.pool(),
        Purpose::TelegramLink,
        user,
        TELEGRAM_LINK_TTL_S,
        now,
    )
    .await
}

/// What became of a Telegram update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateOutcome {
    /// Seen before (Telegram redelivered it): nothing changed.
    Duplicate,
    /// A `/start <token>` that linked this chat to the token's owner.
    Linked { user: i64 },
    /// Stored, nothing to do (another message, or a bad or used token).
    Ignored,
}

/// Handles one Telegram update once: `update_id` is recorded in the same transaction as what
/// it changes. `/start <token>` links the chat to the person who asked for the link and
/// greets them there.
pub async fn telegram_update(
    db: &Db,
    update_id: i64,
    chat_id: Option<&str>,
    text: Option<&str>,
    now: i64,
) -> Result<UpdateOutcome, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let fresh = sqlx::query(
        "INSERT INTO telegram_updates (update_id, received_at) VALUES ($1, $2) \
         ON CONFLICT (update_id) DO NOTHING",
    )
    .bind(update_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if fresh.rows_affected() == 0 {
        return Ok(UpdateOutcome::Duplicate);
    }
    let token = text
        .and_then(|t| t.trim().strip_prefix("/start "))
        .map(str::trim);
    let (Some(chat_id), Some(token)) = (chat_id, token) else {
        tx.commit().await?;
        return Ok(UpdateOutcome::Ignored);
    };
    let Some(user) = tokens::redeem(&mut tx, Purpose::TelegramLink, token, now).await? else {
        tx.commit().await?;
        return Ok(UpdateOutcome::Ignored);
    };
    // A chat belongs to one person: linking it elsewhere moves it.
    sqlx::query("DELETE FROM telegram_chats WHERE chat_id = $1 OR user_id = $2")
        .bind(chat_id)
        .bind(user)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO telegram_chats (user_id, chat_id, linked_at) VALUES ($1, $2, $3)")
        .bind(user)
        .bind(chat_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    events::to_person(
        &mut tx,
        user,
        Kind::TelegramLinked,
        &[Channel::Telegram],
        serde_json::json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(UpdateOutcome::Linked { user })
}

/// The zone times of notices are shown in: the first clinic's (Moscow when there is none).
pub async fn home_tz(db: &Db) -> Result<String, sqlx::Error> {
    let tz: Option<String> = sqlx::query_scalar("SELECT tz FROM clinics ORDER BY id LIMIT 1")
        .fetch_optional(db.pool())
        .await?;
    Ok(tz.unwrap_or_else(|| "Europe/Moscow".into()))
}
