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

impl crate::server::auth::Actor {
    /// Records what this actor did to `entity` (table-like name, id), from their address,
    /// at the request's time.
    pub async fn audit<'c, E>(
        &self,
        executor: E,
        action: &str,
        (entity, id): (&str, i64),
        details: &str,
    ) -> Result<(), sqlx::Error>
    where
        E: Executor<'c, Database = Any>,
    {
        let entry = Entry {
            actor: Some(self.id.get()),
            action,
            entity,
            entity_id: Some(id),
            ip: &self.ip,
            details,
        };
        record(executor, entry, self.now).await
    }
}

/// Filters of the audit log viewer; empty means any.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Part of the actor's name, phone or e-mail.
    pub actor: String,
    /// An action's prefix: `appointment`, `patient.view`, `role`, …
    pub action: String,
    pub entity: String,
    /// Instants `[from, to)`.
    pub from: Option<i64>,
    pub to: Option<i64>,
}

/// One audit entry with who did it.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub ip: Option<String>,
    pub details: String,
}

/// The newest entries matching `filter`, and how many match in all.
pub async fn list(
    db: &crate::server::db::Db,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AuditRow>, i64), sqlx::Error> {
    use sqlx::Row;
    let actor = filter.actor.trim().replace(['%', '_'], "");
    // As typed or with capitals: SQLite folds case only for ASCII.
    let conditions = "($1 = '' OR u.full_name LIKE $2 OR u.full_name LIKE $8 OR u.phone LIKE $2 \
        OR u.email LIKE $9) AND ($3 = '' OR l.action LIKE $4) AND ($5 = '' OR l.entity = $5) \
        AND l.at >= $6 AND l.at < $7";
    let from = "FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id";
    let like = format!("%{actor}%");
    let capitalised = format!("%{}%", crate::format::capitalise_words(&actor));
    let email = format!("%{}%", actor.to_lowercase());
    let action = format!("{}%", filter.action.trim().replace(['%', '_'], ""));
    let bind = |sql: String| {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(actor.clone())
            .bind(like.clone())
            .bind(filter.action.trim().to_string())
            .bind(action.clone())
            .bind(filter.entity.trim().to_string())
            .bind(filter.from.unwrap_or(i64::MIN / 2))
            .bind(filter.to.unwrap_or(i64::MAX / 2))
            .bind(capitalised.clone())
            .bind(email.clone())
    };
    let total: i64 = bind(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n {from} WHERE {conditions}"
    ))
    .fetch_one(db.pool())
    .await?
    .try_get("n")?;
    let rows = bind(format!(
        "SELECT l.id, l.at, u.full_name, l.action, l.entity, l.entity_id, l.ip, l.details \
         {from} WHERE {conditions} ORDER BY l.at DESC, l.id DESC LIMIT {} OFFSET {}",
        limit.clamp(1, 500),
        offset.max(0)
    ))
    .fetch_all(db.pool())
    .await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(AuditRow {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                actor: r.try_get("full_name")?,
                action: r.try_get("action")?,
                entity: r.try_get("entity")?,
                entity_id: r.try_get("entity_id")?,
                ip: r.try_get("ip")?,
                details: r.try_get("details")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((rows, total))
}
