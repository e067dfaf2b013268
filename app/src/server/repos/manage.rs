//! Management of the catalog by managers (for the clinics they run) and admins: services —
//! names, price, duration, buffers, needs-a-room, active. Deactivating never deletes: past
//! visits keep their service, new bookings cannot choose it. Every change is audited.

use super::audit::{self, Entry};
use super::catalog::localized;
use crate::i18n::Lang;
use crate::server::db::Db;
use priyom::{ClinicScope, Money, ServiceRules, UserId};
use sqlx::Row;

/// A service as the management page edits it.
#[derive(Debug, Clone)]
pub struct ServiceRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub name_en: String,
    pub category: String,
    pub price_kopecks: i64,
    pub duration_min: i64,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
    pub needs_room: bool,
    pub active: bool,
}

/// `a service offered at a clinic in scope` as SQL (every service for all clinics).
fn scope_sql(scope: &ClinicScope) -> String {
    match scope.ids() {
        None => String::new(),
        Some(ids) if ids.is_empty() => " AND 1 = 0".into(),
        Some(ids) => {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            format!(
                " AND EXISTS (SELECT 1 FROM service_clinics sc WHERE sc.service_id = s.id \
                   AND sc.clinic_id IN ({}))",
                list.join(", ")
            )
        }
    }
}

pub async fn services(
    db: &Db,
    lang: Lang,
    scope: &ClinicScope,
) -> Result<Vec<ServiceRow>, sqlx::Error> {
    let sql = format!(
        "SELECT s.id, s.slug, s.name, s.name_en, c.name AS category, c.name_en AS category_en, \
                s.price_kopecks, s.duration_min, s.buffer_before_min, s.buffer_after_min, \
                s.needs_room, s.active \
           FROM services s JOIN service_categories c ON c.id = s.category_id \
          WHERE 1 = 1{} ORDER BY c.id, s.name, s.id",
        scope_sql(scope)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ServiceRow {
                id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                name: r.try_get("name")?,
                name_en: r.try_get("name_en")?,
                category: localized(r, lang, "category")?,
                price_kopecks: r.try_get("price_kopecks")?,
                duration_min: r.try_get("duration_min")?,
                buffer_before_min: r.try_get("buffer_before_min")?,
                buffer_after_min: r.try_get("buffer_after_min")?,
                needs_room: crate::server::db::flag(r, "needs_room")?,
                active: crate::server::db::flag(r, "active")?,
            })
        })
        .collect()
}

/// A checked edit of a service.
#[derive(Debug, Clone)]
pub struct ServiceEdit {
    pub name: String,
    pub name_en: String,
    pub price: Money,
    pub rules: ServiceRules,
    pub active: bool,
}

/// Saves an edit of service `id` if it is offered at a clinic in `scope`; `false` when not.
pub async fn update_service(
    db: &Db,
    actor: UserId,
    scope: &ClinicScope,
    id: i64,
    edit: &ServiceEdit,
    ip: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let sql = format!(
        "SELECT s.price_kopecks, s.active FROM services s WHERE s.id = $1{}",
        scope_sql(scope)
    );
    let Some(before) = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(false);
    };
    let old_price: i64 = before.try_get("price_kopecks")?;
    let raw = edit.rules.raw();
    sqlx::query(
        "UPDATE services SET name = $2, name_en = $3, price_kopecks = $4, duration_min = $5, \
                buffer_before_min = $6, buffer_after_min = $7, needs_room = $8, active = $9 \
          WHERE id = $1",
    )
    .bind(id)
    .bind(&edit.name)
    .bind(&edit.name_en)
    .bind(edit.price.kopecks())
    .bind(raw.duration_min)
    .bind(raw.buffer_before_min)
    .bind(raw.buffer_after_min)
    .bind(i64::from(raw.needs_room))
    .bind(i64::from(edit.active))
    .execute(&mut *tx)
    .await?;
    let details = format!(
        "price {old_price} -> {}; duration {}; active {}",
        edit.price.kopecks(),
        raw.duration_min,
        edit.active
    );
    let entry = Entry {
        actor: Some(actor.get()),
        action: "service.update",
        entity: "service",
        entity_id: Some(id),
        ip,
        details: &details,
    };
    audit::record(&mut *tx, entry, now).await?;
    tx.commit().await?;
    Ok(true)
}
