//! The audit log: who did what to which record, when and from where.

use sqlx::{Any, Executor};

/// One audit entry. `details` must hold no passwords, tokens or phone numbers.
pub struct Entry<'a> {
    pub actor: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub ip: &'a str,
    pub details: &'a str,
}

pub async fn record<'c, E>(executor: E, entry: Entry<'_>, now: i64) -> Result<(), sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, entity, entity_id, at, ip, details) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.entity)
    .bind(entry.entity_id)
    .bind(now)
    .bind(entry.ip)
    .bind(entry.details)
    .execute(executor)
    .await?;
    Ok(())
}
