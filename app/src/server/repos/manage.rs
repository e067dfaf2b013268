//! Management of the catalog by managers (for the clinics they run) and admins: services —
//! names, price, duration, buffers, needs-a-room, active. Deactivating never deletes: past
//! visits keep their service, new bookings cannot choose it. Every change is audited.

use super::manage_catalog::new_slug;
use super::manage_clinics::{insert_policy, policy_details};
use super::manage_specialists::Reach;
use crate::i18n::Lang;
use crate::server::auth::Actor;
use crate::server::db::localized;
use crate::server::db::Db;
use priyom::{ClinicId, ClinicScope, Money, Role, ServiceRules};
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
        Some(ids) => format!(
            " AND EXISTS (SELECT 1 FROM service_clinics sc WHERE sc.service_id = s.id \
               AND sc.clinic_id IN ({}))",
            super::id_list(&ids)
        ),
    }
}

/// The service is offered only at clinics in `scope`: a service another clinic offers too is
/// changed as a whole (name, price, duration, section) by an admin or by a manager of every
/// clinic offering it, never by one clinic for all.
fn owned_sql(scope: &ClinicScope) -> String {
    match scope.ids() {
        Some(ids) if !ids.is_empty() => format!(
            "{} AND NOT EXISTS (SELECT 1 FROM service_clinics so WHERE so.service_id = s.id \
               AND so.clinic_id NOT IN ({}))",
            scope_sql(scope),
            super::id_list(&ids)
        ),
        _ => scope_sql(scope),
    }
}

/// Whether the caller may change service `id` as a whole: `NotFound` outside their clinics,
/// `Shared` when another clinic offers it too.
async fn owns(
    conn: &mut sqlx::AnyConnection,
    by: &Actor,
    id: i64,
) -> Result<(), ServiceWriteError> {
    let scope = by.scope(Role::Manager);
    if !in_scope(&mut *conn, &scope, id).await? {
        return Err(ServiceWriteError::NotFound);
    }
    let sql = format!(
        "SELECT COUNT(*) FROM services s WHERE s.id = $1{}",
        owned_sql(&scope)
    );
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_one(conn)
        .await?;
    if n == 0 {
        return Err(ServiceWriteError::Shared);
    }
    Ok(())
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

/// Saves an edit of service `id` when the caller owns it (see [`owns`]).
pub async fn update_service(
    db: &Db,
    by: &Actor,
    id: i64,
    edit: &ServiceEdit,
) -> Result<(), ServiceWriteError> {
    let mut tx = db.begin_write().await?;
    owns(&mut tx, by, id).await?;
    let Some(before) = sqlx::query("SELECT price_kopecks FROM services WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Err(ServiceWriteError::NotFound);
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
    by.audit(&mut *tx, "service.update", ("service", id), &details)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceWriteError {
    #[error("not found")]
    NotFound,
    /// Another clinic offers it too: only an admin or a manager of every such clinic may.
    #[error("shared with another clinic")]
    Shared,
    /// A field the manager must correct: `(field, what is wrong)`.
    #[error("bad field {0}")]
    Field(&'static str, ServiceFault),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// What is wrong with a field the domain crate cannot check alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceFault {
    NoCategory,
    NoClinic,
    NoSlug,
    NotTheirs,
}

/// A new service, checked.
#[derive(Debug, Clone)]
pub struct NewService {
    pub edit: ServiceEdit,
    pub category: i64,
    /// Clinics that offer it (at least one, all in scope).
    pub clinics: Vec<i64>,
}

async fn category_exists(conn: &mut sqlx::AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM service_categories WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// Creates a service offered at the given clinics of the manager; its id.
pub async fn create_service(
    db: &Db,
    by: &Actor,
    new: &NewService,
) -> Result<i64, ServiceWriteError> {
    use ServiceWriteError::Field;
    if new.clinics.is_empty() {
        return Err(Field("clinics", ServiceFault::NoClinic));
    }
    if !new
        .clinics
        .iter()
        .all(|c| by.scope(Role::Manager).allows(ClinicId::new(*c)))
    {
        return Err(Field("clinics", ServiceFault::NotTheirs));
    }
    let mut tx = db.begin_write().await?;
    if !category_exists(&mut tx, new.category).await? {
        return Err(Field("category", ServiceFault::NoCategory));
    }
    let e = &new.edit;
    let slug = new_slug(&mut tx, "services", &e.name_en, &e.name)
        .await?
        .ok_or(Field("name_en", ServiceFault::NoSlug))?;
    let raw = e.rules.raw();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO services (category_id, slug, name, name_en, duration_min, \
                buffer_before_min, buffer_after_min, price_kopecks, needs_room, active) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(new.category)
    .bind(&slug)
    .bind(&e.name)
    .bind(&e.name_en)
    .bind(raw.duration_min)
    .bind(raw.buffer_before_min)
    .bind(raw.buffer_after_min)
    .bind(e.price.kopecks())
    .bind(i64::from(raw.needs_room))
    .bind(i64::from(e.active))
    .fetch_one(&mut *tx)
    .await?;
    for clinic in &new.clinics {
        sqlx::query("INSERT INTO service_clinics (service_id, clinic_id) VALUES ($1, $2)")
            .bind(id)
            .bind(clinic)
            .execute(&mut *tx)
            .await?;
    }
    let details = format!(
        "{slug}; price {}; clinics {:?}",
        e.price.kopecks(),
        new.clinics
    );
    by.audit(&mut *tx, "service.create", ("service", id), &details)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// A service's setup beyond its card: category, clinics, specialists' own prices and the
/// booking rules it has at each clinic.
#[derive(Debug, Clone)]
pub struct ServiceSetup {
    pub id: i64,
    pub name: String,
    pub price_kopecks: i64,
    pub category: i64,
    /// The manager's clinics: `(id, name, offers it)`.
    pub clinics: Vec<(i64, String, bool)>,
    /// Specialists of the manager's clinics who take it: `(id, name, own price)`.
    pub specialists: Vec<(i64, String, Option<i64>)>,
    /// Per clinic that offers it (in scope): its own rules, if any, and the clinic's.
    pub policies: Vec<ServicePolicy>,
}

#[derive(Debug, Clone)]
pub struct ServicePolicy {
    pub clinic: i64,
    pub clinic_name: String,
    pub own: Option<priyom::BookingPolicyRaw>,
    pub clinic_rules: priyom::BookingPolicyRaw,
}

/// The setup of service `id` if it is offered at a clinic in scope.
pub async fn service_setup(
    db: &Db,
    lang: Lang,
    scope: &ClinicScope,
    id: i64,
) -> Result<Option<ServiceSetup>, sqlx::Error> {
    let sql = format!(
        "SELECT s.id, s.name, s.name_en, s.price_kopecks, s.category_id FROM services s \
          WHERE s.id = $1{}",
        scope_sql(scope)
    );
    let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
    else {
        return Ok(None);
    };
    let clinic_rows = sqlx::query(
        "SELECT c.id, c.name, c.name_en, \
                (SELECT COUNT(*) FROM service_clinics sc \
                  WHERE sc.clinic_id = c.id AND sc.service_id = $1) AS offers \
           FROM clinics c ORDER BY c.id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let mut clinics = Vec::new();
    for r in &clinic_rows {
        let clinic: i64 = r.try_get("id")?;
        if scope.allows(ClinicId::new(clinic)) {
            let offers: i64 = r.try_get("offers")?;
            clinics.push((clinic, localized(r, lang, "name")?, offers > 0));
        }
    }
    let sql = format!(
        "SELECT sp.id, u.full_name, ss.price_kopecks FROM service_specialists ss \
           JOIN specialists sp ON sp.id = ss.specialist_id JOIN users u ON u.id = sp.user_id \
          WHERE ss.service_id = $1 AND EXISTS (SELECT 1 FROM specialist_clinics x \
                WHERE x.specialist_id = sp.id{}) ORDER BY u.full_name, sp.id",
        super::scope_sql(scope, "x.clinic_id")
    );
    let specialists: Vec<(i64, String, Option<i64>)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(db.pool())
        .await?;
    let rules = sqlx::query(
        "SELECT clinic_id, service_id, step_min, min_notice_min, horizon_days, \
                cancel_notice_min, requires_confirmation FROM booking_policies \
          WHERE service_id = $1 OR service_id IS NULL",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let mut policies = Vec::new();
    for (clinic, clinic_name, offers) in &clinics {
        if !offers {
            continue;
        }
        let mut own = None;
        let mut clinic_rules = priyom::BookingPolicy::default().raw();
        for r in &rules {
            if r.try_get::<i64, _>("clinic_id")? != *clinic {
                continue;
            }
            let policy = super::agenda::policy_from_row(r)?.raw();
            match r.try_get::<Option<i64>, _>("service_id")? {
                Some(_) => own = Some(policy),
                None => clinic_rules = policy,
            }
        }
        policies.push(ServicePolicy {
            clinic: *clinic,
            clinic_name: clinic_name.clone(),
            own,
            clinic_rules,
        });
    }
    Ok(Some(ServiceSetup {
        id,
        name: localized(&row, lang, "name")?,
        price_kopecks: row.try_get("price_kopecks")?,
        category: row.try_get("category_id")?,
        clinics,
        specialists,
        policies,
    }))
}

/// Is service `id` offered at a clinic in scope?
async fn in_scope(
    conn: &mut sqlx::AnyConnection,
    scope: &ClinicScope,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) FROM services s WHERE s.id = $1{}",
        scope_sql(scope)
    );
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// Moves service `id` (in scope) to another category.
pub async fn set_category(
    db: &Db,
    by: &Actor,
    id: i64,
    category: i64,
) -> Result<(), ServiceWriteError> {
    let mut tx = db.begin_write().await?;
    owns(&mut tx, by, id).await?;
    if !category_exists(&mut tx, category).await? {
        return Err(ServiceWriteError::Field(
            "category",
            ServiceFault::NoCategory,
        ));
    }
    sqlx::query("UPDATE services SET category_id = $2 WHERE id = $1")
        .bind(id)
        .bind(category)
        .execute(&mut *tx)
        .await?;
    let details = format!("category {category}");
    by.audit(&mut *tx, "service.category", ("service", id), &details)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Offers service `id` at one of the manager's clinics, or stops offering it there (its
/// past visits stay); a service offered nowhere would vanish, so the last clinic stays.
pub async fn set_clinic(
    db: &Db,
    by: &Actor,
    id: i64,
    clinic: i64,
    on: bool,
) -> Result<(), ServiceWriteError> {
    if !by.scope(Role::Manager).allows(ClinicId::new(clinic)) {
        return Err(ServiceWriteError::NotFound);
    }
    let mut tx = db.begin_write().await?;
    if !in_scope(&mut tx, &by.scope(Role::Manager), id).await? {
        return Err(ServiceWriteError::NotFound);
    }
    let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM clinics WHERE id = $1")
        .bind(clinic)
        .fetch_one(&mut *tx)
        .await?;
    if known == 0 {
        return Err(ServiceWriteError::NotFound);
    }
    let offered: Vec<i64> =
        sqlx::query_scalar("SELECT clinic_id FROM service_clinics WHERE service_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    let sql = match (on, offered.contains(&clinic)) {
        (true, false) => "INSERT INTO service_clinics (service_id, clinic_id) VALUES ($1, $2)",
        (false, true) if offered.len() == 1 => {
            return Err(ServiceWriteError::Field("clinics", ServiceFault::NoClinic));
        }
        (false, true) => "DELETE FROM service_clinics WHERE service_id = $1 AND clinic_id = $2",
        _ => return Ok(()),
    };
    sqlx::query(sql)
        .bind(id)
        .bind(clinic)
        .execute(&mut *tx)
        .await?;
    let details = format!("clinic {clinic} {}", if on { "added" } else { "removed" });
    by.audit(&mut *tx, "service.clinic", ("service", id), &details)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets (or with `None` clears) a specialist's own price for service `id`; the specialist
/// must take the service and work at a clinic in scope.
pub async fn save_specialist_price(
    db: &Db,
    by: &Actor,
    id: i64,
    specialist: i64,
    price: Option<Money>,
) -> Result<Reach, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let takes: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM service_specialists WHERE service_id = $1 AND specialist_id = $2",
    )
    .bind(id)
    .bind(specialist)
    .fetch_one(&mut *tx)
    .await?;
    let scope = by.scope(Role::Manager);
    if takes == 0 || !in_scope(&mut tx, &scope, id).await? {
        return Ok(Reach::Outside);
    }
    // Their own price shows at every clinic they work at.
    let reach = super::manage_specialists::reach(&mut tx, &scope, specialist).await?;
    if reach != Reach::Own {
        return Ok(reach);
    }
    let kopecks = price.map(Money::kopecks);
    sqlx::query(
        "UPDATE service_specialists SET price_kopecks = $3 \
          WHERE service_id = $1 AND specialist_id = $2",
    )
    .bind(id)
    .bind(specialist)
    .bind(kopecks)
    .execute(&mut *tx)
    .await?;
    let details = format!("specialist {specialist}; price {kopecks:?}");
    by.audit(
        &mut *tx,
        "service.specialist_price",
        ("service", id),
        &details,
    )
    .await?;
    tx.commit().await?;
    Ok(Reach::Own)
}

/// Gives service `id` its own booking rules at `clinic` (in scope, offering it), or with
/// `None` returns it to the clinic's rules.
pub async fn save_service_policy(
    db: &Db,
    by: &Actor,
    id: i64,
    clinic: i64,
    policy: Option<&priyom::BookingPolicy>,
) -> Result<bool, sqlx::Error> {
    if !by.scope(Role::Manager).allows(ClinicId::new(clinic)) {
        return Ok(false);
    }
    let mut tx = db.begin_write().await?;
    let offers: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM service_clinics WHERE service_id = $1 AND clinic_id = $2",
    )
    .bind(id)
    .bind(clinic)
    .fetch_one(&mut *tx)
    .await?;
    if offers == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM booking_policies WHERE clinic_id = $1 AND service_id = $2")
        .bind(clinic)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let details = match policy {
        Some(policy) => {
            insert_policy(&mut tx, clinic, Some(id), policy).await?;
            format!("clinic {clinic}; {}", policy_details(policy))
        }
        None => format!("clinic {clinic}; the clinic's rules"),
    };
    by.audit(&mut *tx, "service.policy", ("service", id), &details)
        .await?;
    tx.commit().await?;
    Ok(true)
}
