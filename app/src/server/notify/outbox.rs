//! The outbox table and the life of a row:
//!
//! - `pending`: waits for `due_at`;
//! - `sending`: claimed by one worker for one attempt (`claimed_by`, `claimed_at`); the claim
//!   is one `UPDATE … RETURNING` over a row locked with `FOR UPDATE SKIP LOCKED` on
//!   PostgreSQL (SQLite has one writer at a time), so two workers never hold the same row;
//! - then `sent`, `pending` again (retry after a backoff), or `failed` (parked: a permanent
//!   error, too many attempts, or an attempt cut off by a crash; visible and retryable in the
//!   back office);
//! - `cancelled`: no longer wanted (the visit was cancelled or moved, the channel is off).
//!
//! A crash between claiming and recording leaves a `sending` row. After the lease it is
//! parked as failed with "delivery unknown" rather than sent again: SMS.ru and Telegram have
//! no idempotency key, so a second attempt could be a second message. An in-app row has no
//! outside party and simply goes back to pending.

use super::{Channel, Kind};
use crate::server::db::Db;
use priyom::delivery::NextStep;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

/// How long a claim lasts before a `sending` row counts as cut off by a crash. Far above the
/// longest attempt (channels time out after 30 s).
pub const LEASE_S: i64 = 300;

/// A row to write.
#[derive(Debug, Clone)]
pub struct NewNotice {
    /// `None` for a phone that has no account yet (SMS only).
    pub user_id: Option<i64>,
    pub channel: Channel,
    /// E-mail address, phone digits or Telegram chat id; `None` for in-app.
    pub address: Option<String>,
    pub kind: Kind,
    pub appointment_id: Option<i64>,
    pub lang: &'static str,
    pub payload: serde_json::Value,
    pub due_at: i64,
}

pub async fn enqueue<'c, E>(executor: E, notice: &NewNotice, now: i64) -> Result<i64, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_scalar(
        "INSERT INTO notifications (user_id, channel, address, kind, appointment_id, lang, \
             payload, status, due_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $9) RETURNING id",
    )
    .bind(notice.user_id)
    .bind(notice.channel.as_str())
    .bind(notice.address.as_deref())
    .bind(notice.kind.as_str())
    .bind(notice.appointment_id)
    .bind(notice.lang)
    .bind(notice.payload.to_string())
    .bind(notice.due_at)
    .bind(now)
    .fetch_one(executor)
    .await
}

/// A row claimed for one attempt.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub user_id: Option<i64>,
    pub channel: Channel,
    pub address: Option<String>,
    pub kind: Kind,
    pub appointment_id: Option<i64>,
    pub lang: String,
    pub payload: serde_json::Value,
    /// Attempts so far, this one included.
    pub attempts: u32,
    pub due_at: i64,
}

const CLAIMED_COLUMNS: &str =
    "id, user_id, channel, address, kind, appointment_id, lang, payload, attempts, due_at";

fn claimed(row: &AnyRow) -> Result<Claimed, sqlx::Error> {
    let bad = |what: &str, value: &str| sqlx::Error::Protocol(format!("stored {what}: {value:?}"));
    let channel: String = row.try_get("channel")?;
    let kind: String = row.try_get("kind")?;
    let payload: String = row.try_get("payload")?;
    let attempts: i64 = row.try_get("attempts")?;
    Ok(Claimed {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        channel: Channel::parse(&channel).ok_or_else(|| bad("channel", &channel))?,
        address: row.try_get("address")?,
        kind: Kind::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
        appointment_id: row.try_get("appointment_id")?,
        lang: row.try_get("lang")?,
        payload: serde_json::from_str(&payload).unwrap_or_default(),
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        due_at: row.try_get("due_at")?,
    })
}

/// `('email', 'sms')`: channel names from the enum, never from input.
fn channel_list(channels: &[Channel]) -> String {
    let names: Vec<String> = channels
        .iter()
        .map(|c| format!("'{}'", c.as_str()))
        .collect();
    format!("({})", names.join(", "))
}

/// Claims the most overdue pending row of the given channels for one attempt by `worker`.
pub async fn claim_next(
    db: &Db,
    channels: &[Channel],
    worker: &str,
    now: i64,
) -> Result<Option<Claimed>, sqlx::Error> {
    if channels.is_empty() {
        return Ok(None);
    }
    let sql = format!(
        "UPDATE notifications SET status = 'sending', attempts = attempts + 1, \
                claimed_at = $1, claimed_by = $2, updated_at = $1 \
          WHERE status = 'pending' AND id = ( \
                SELECT id FROM notifications \
                 WHERE status = 'pending' AND due_at <= $1 AND channel IN {} \
                 ORDER BY due_at, id LIMIT 1 {}) \
          RETURNING {CLAIMED_COLUMNS}",
        channel_list(channels),
        db.skip_locked()
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(worker)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(claimed).transpose()
}

/// Records the outcome of `worker`'s attempt on row `id`. False when the claim was no longer
/// this worker's (nothing changed).
pub async fn finish(
    db: &Db,
    claim: &Claimed,
    worker: &str,
    step: &NextStep,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let (status, due_at, sent_at, error) = match step {
        NextStep::Sent => ("sent", claim.due_at, Some(now), None),
        NextStep::RetryAt { at, reason } => ("pending", *at, None, Some(reason.as_str())),
        NextStep::Failed { reason } => ("failed", claim.due_at, None, Some(reason.as_str())),
    };
    // A link or code is useless once its message is settled; keep no copy of it.
    let scrub = claim.kind.carries_secret() && status != "pending";
    let done = sqlx::query(
        "UPDATE notifications SET status = $3, due_at = $4, sent_at = $5, \
                last_error = COALESCE($6, last_error), claimed_at = NULL, claimed_by = NULL, \
                payload = CASE WHEN $7 = 1 THEN '{}' ELSE payload END, updated_at = $8 \
          WHERE id = $1 AND status = 'sending' AND claimed_by = $2",
    )
    .bind(claim.id)
    .bind(worker)
    .bind(status)
    .bind(due_at)
    .bind(sent_at)
    .bind(error)
    .bind(i64::from(scrub))
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Delivers an in-app row: it keeps its one-line text and shows up in the person's list.
pub async fn deliver_in_app(
    db: &Db,
    claim: &Claimed,
    worker: &str,
    headline: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE notifications SET status = 'sent', sent_at = $3, body = $4, claimed_at = NULL, \
                claimed_by = NULL, updated_at = $3 \
          WHERE id = $1 AND status = 'sending' AND claimed_by = $2",
    )
    .bind(claim.id)
    .bind(worker)
    .bind(now)
    .bind(headline)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Gives a claimed row back without counting the attempt: it waits until `until` (an SMS in
/// quiet hours).
pub async fn postpone(
    db: &Db,
    claim: &Claimed,
    worker: &str,
    until: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE notifications SET status = 'pending', due_at = $3, attempts = attempts - 1, \
                claimed_at = NULL, claimed_by = NULL, updated_at = $4 \
          WHERE id = $1 AND status = 'sending' AND claimed_by = $2",
    )
    .bind(claim.id)
    .bind(worker)
    .bind(until)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A settled message keeps no copy of its secret (a reset or invitation link, a code),
/// however it ended.
fn scrub_secret() -> String {
    format!(
        "CASE WHEN kind IN {} THEN '{{}}' ELSE payload END",
        Kind::secret_list()
    )
}

/// Drops a claimed row that is no longer wanted (its visit was cancelled or moved).
pub async fn drop_claimed(
    db: &Db,
    claim: &Claimed,
    worker: &str,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE notifications SET status = 'cancelled', last_error = $3, claimed_at = NULL, \
                claimed_by = NULL, payload = {}, updated_at = $4 \
          WHERE id = $1 AND status = 'sending' AND claimed_by = $2",
        scrub_secret()
    )))
    .bind(claim.id)
    .bind(worker)
    .bind(reason)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Settles rows whose claim outlived the lease (their worker crashed mid-attempt): in-app rows
/// go back to pending, others are parked as failed with an unknown outcome. Returns how many
/// were parked.
pub async fn recover_stale(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let before = now - LEASE_S;
    sqlx::query(
        "UPDATE notifications SET status = 'pending', claimed_at = NULL, claimed_by = NULL, \
                updated_at = $2 \
          WHERE status = 'sending' AND channel = 'in_app' AND claimed_at < $1",
    )
    .bind(before)
    .bind(now)
    .execute(db.pool())
    .await?;
    let parked = sqlx::query(
        "UPDATE notifications SET status = 'failed', claimed_at = NULL, claimed_by = NULL, \
                last_error = 'interrupted while sending (the worker stopped): delivery unknown, \
                not resent automatically', updated_at = $2 \
          WHERE status = 'sending' AND claimed_at < $1",
    )
    .bind(before)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(parked.rows_affected())
}

/// Why a row of a channel this installation does not have was cancelled.
pub const CHANNEL_OFF: &str = "channel not configured";

/// Cancels the pending rows of channels this installation does not have, so they do not wait
/// forever. Returns how many.
pub async fn cancel_disabled(db: &Db, enabled: &[Channel], now: i64) -> Result<u64, sqlx::Error> {
    let disabled: Vec<Channel> = Channel::ALL
        .into_iter()
        .filter(|c| !enabled.contains(c))
        .collect();
    if disabled.is_empty() {
        return Ok(0);
    }
    // A phone code or an invitation keeps its secret while it works: with its channel off,
    // the back office's outbox page is where it is read and passed on by hand.
    let sql = format!(
        "UPDATE notifications SET status = 'cancelled', last_error = '{CHANNEL_OFF}', \
                payload = CASE WHEN kind IN {} THEN payload ELSE {} END, \
                updated_at = $1 \
          WHERE status = 'pending' AND channel IN {}",
        Kind::sql_list(Kind::relayed()),
        scrub_secret(),
        channel_list(&disabled)
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .execute(db.pool())
        .await?;
    // ... and none once it has expired (the last day's rows: the scan stays bounded).
    for kind in Kind::relayed() {
        let stale = now - kind.relay_lifetime().unwrap_or_default();
        sqlx::query(
            "UPDATE notifications SET payload = '{}' \
              WHERE status = 'cancelled' AND due_at > $1 AND due_at <= $2 \
                AND kind = $3 AND payload <> '{}'",
        )
        .bind(stale - 86_400)
        .bind(stale)
        .bind(kind.as_str())
        .execute(db.pool())
        .await?;
    }
    Ok(done.rows_affected())
}

/// Cancels a visit's pending rows of the given kinds (its reminders when it is cancelled or
/// moved), in the caller's transaction.
pub async fn cancel_for_visit<'c, E>(
    executor: E,
    appointment: i64,
    kinds: &[Kind],
    reason: &str,
    now: i64,
) -> Result<u64, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    let names: Vec<String> = kinds.iter().map(|k| format!("'{}'", k.as_str())).collect();
    let sql = format!(
        "UPDATE notifications SET status = 'cancelled', last_error = $2, updated_at = $3 \
          WHERE appointment_id = $1 AND status = 'pending' AND kind IN ({})",
        names.join(", ")
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(appointment)
        .bind(reason)
        .bind(now)
        .execute(executor)
        .await?;
    Ok(done.rows_affected())
}

/// Puts a failed row back in the queue for a fresh round of attempts (back office).
pub async fn retry(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE notifications SET status = 'pending', attempts = 0, due_at = $2, updated_at = $2 \
          WHERE id = $1 AND status = 'failed' AND kind NOT IN {}",
        Kind::secret_list()
    )))
    .bind(id)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One row of the back office's outbox list.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub channel: String,
    pub kind: String,
    pub status: String,
    pub attempts: i64,
    pub due_at: i64,
    pub sent_at: Option<i64>,
    pub last_error: Option<String>,
    /// The person's name; `None` for a phone with no account yet.
    pub recipient: Option<String>,
    pub address: Option<String>,
    pub lang: String,
    pub payload: serde_json::Value,
    pub created_at: i64,
}

/// The latest rows with the given status (all statuses when `None`), newest first.
pub async fn list(
    db: &Db,
    status: Option<&str>,
    limit: i64,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT n.id, n.channel, n.kind, n.status, n.attempts, n.due_at, n.sent_at, \
                n.last_error, n.address, n.lang, n.payload, n.created_at, u.full_name \
           FROM notifications n LEFT JOIN users u ON u.id = n.user_id \
          WHERE ($1 = '' OR n.status = $1) \
          ORDER BY n.updated_at DESC, n.id DESC LIMIT $2",
    )
    .bind(status.unwrap_or(""))
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let payload: String = row.try_get("payload")?;
            Ok(OutboxRow {
                id: row.try_get("id")?,
                channel: row.try_get("channel")?,
                kind: row.try_get("kind")?,
                status: row.try_get("status")?,
                attempts: row.try_get("attempts")?,
                due_at: row.try_get("due_at")?,
                sent_at: row.try_get("sent_at")?,
                last_error: row.try_get("last_error")?,
                recipient: row.try_get("full_name")?,
                address: row.try_get("address")?,
                lang: row.try_get("lang")?,
                payload: serde_json::from_str(&payload).unwrap_or_default(),
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}

/// How many rows are in each status (back office summary).
pub async fn status_counts(db: &Db) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT status, CAST(COUNT(*) AS BIGINT) AS n FROM notifications GROUP BY status \
         ORDER BY status",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("status")?, row.try_get("n")?)))
        .collect()
}
