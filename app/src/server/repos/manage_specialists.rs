//! Management of specialists by the managers of the clinics they work at (admins: all): the
//! public profile, the photo, and which of the manager's clinics and services they take.
//! Deactivating keeps history: past visits stay, the public pages and booking drop them.

use super::scope_sql;
use crate::i18n::Lang;
use crate::server::auth::Actor;
use crate::server::db::localized;
use crate::server::db::{flag, Db};
use priyom::{ClinicId, ClinicScope, ImageKind, Role, SpecialistProfile};
use sqlx::Row;

/// A specialist as the management page edits them.
#[derive(Debug, Clone)]
pub struct SpecialistRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub title: String,
    pub title_en: String,
    pub bio: String,
    pub bio_en: String,
    pub practice_since: Option<i64>,
    pub education: String,
    pub certificates: String,
    pub active: bool,
    /// Added by a manager and not yet agreed to by the person: hidden until they do.
    pub awaiting_consent: bool,
    pub photo_url: Option<String>,
    /// The manager's clinics: `(id, name, works there)`.
    pub clinics: Vec<(i64, String, bool)>,
    /// Services offered at the manager's clinics: `(id, name, takes it)`.
    pub services: Vec<(i64, String, bool)>,
    /// Every specialization: `(id, name, practises it)`.
    pub specializations: Vec<(i64, String, bool)>,
}

/// Is specialist `id` at some clinic in scope?
/// How far a manager reaches a specialist: not at all, at some of the clinics they work at
/// (links to those clinics only), or at all of them. The profile, photo and prices show at
/// every clinic, so only an admin or a manager of all their clinics changes those.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Outside,
    Shared,
    Own,
}

pub async fn reach(
    conn: &mut sqlx::AnyConnection,
    scope: &ClinicScope,
    id: i64,
) -> Result<Reach, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*), (SELECT COUNT(*) FROM specialist_clinics WHERE specialist_id = $1) \
           FROM specialist_clinics WHERE specialist_id = $1{}",
        scope_sql(scope, "clinic_id")
    );
    let (inside, all): (i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(match inside {
        0 => Reach::Outside,
        n if n < all => Reach::Shared,
        _ => Reach::Own,
    })
}

pub async fn specialists(
    db: &Db,
    lang: Lang,
    scope: &ClinicScope,
) -> Result<Vec<SpecialistRow>, sqlx::Error> {
    let sql = format!(
        "SELECT s.id, s.slug, u.full_name, s.title, s.title_en, s.bio, s.bio_en, \
                s.practice_since, s.education, s.certificates, s.active, s.awaiting_consent, \
                s.photo_url \
           FROM specialists s JOIN users u ON u.id = s.user_id \
          WHERE EXISTS (SELECT 1 FROM specialist_clinics sc WHERE sc.specialist_id = s.id{}) \
          ORDER BY u.full_name, s.id",
        scope_sql(scope, "sc.clinic_id")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    let clinics = sqlx::query("SELECT id, name, name_en FROM clinics ORDER BY id")
        .fetch_all(db.pool())
        .await?;
    let clinics: Vec<(i64, String)> = clinics
        .iter()
        .map(|r| Ok((r.try_get::<i64, _>("id")?, localized(r, lang, "name")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?
        .into_iter()
        .filter(|(id, _)| scope.allows(ClinicId::new(*id)))
        .collect();
    let sql = format!(
        "SELECT DISTINCT s.id, s.name, s.name_en FROM services s \
           JOIN service_clinics sc ON sc.service_id = s.id WHERE s.active = 1{} ORDER BY s.name",
        scope_sql(scope, "sc.clinic_id")
    );
    let services = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    let services: Vec<(i64, String)> = services
        .iter()
        .map(|r| Ok((r.try_get("id")?, localized(r, lang, "name")?)))
        .collect::<Result<_, sqlx::Error>>()?;
    let specializations =
        sqlx::query("SELECT id, name, name_en FROM specializations ORDER BY name")
            .fetch_all(db.pool())
            .await?;
    let specializations: Vec<(i64, String)> = specializations
        .iter()
        .map(|r| Ok((r.try_get("id")?, localized(r, lang, "name")?)))
        .collect::<Result<_, sqlx::Error>>()?;
    let practises: Vec<(i64, i64)> =
        sqlx::query_as("SELECT specialist_id, specialization_id FROM specialist_specializations")
            .fetch_all(db.pool())
            .await?;
    let works: Vec<(i64, i64)> =
        sqlx::query_as("SELECT specialist_id, clinic_id FROM specialist_clinics")
            .fetch_all(db.pool())
            .await?;
    let takes: Vec<(i64, i64)> =
        sqlx::query_as("SELECT specialist_id, service_id FROM service_specialists")
            .fetch_all(db.pool())
            .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let linked = |pairs: &[(i64, i64)], list: &[(i64, String)]| {
                list.iter()
                    .map(|(other, name)| (*other, name.clone(), pairs.contains(&(id, *other))))
                    .collect()
            };
            Ok(SpecialistRow {
                id,
                slug: r.try_get("slug")?,
                name: r.try_get("full_name")?,
                title: r.try_get("title")?,
                title_en: r.try_get("title_en")?,
                bio: r.try_get("bio")?,
                bio_en: r.try_get("bio_en")?,
                practice_since: r.try_get("practice_since")?,
                education: r.try_get("education")?,
                certificates: r.try_get("certificates")?,
                active: flag(r, "active")?,
                awaiting_consent: flag(r, "awaiting_consent")?,
                photo_url: r.try_get("photo_url")?,
                clinics: linked(&works, &clinics),
                services: linked(&takes, &services),
                specializations: linked(&practises, &specializations),
            })
        })
        .collect()
}

async fn audit(
    conn: &mut sqlx::AnyConnection,
    by: &Actor,
    action: &'static str,
    id: i64,
    details: &str,
) -> Result<(), sqlx::Error> {
    by.audit(conn, action, ("specialist", id), details).await
}

/// Saves the profile of specialist `id` if they work at a clinic in scope; `false` if not.
pub async fn update_profile(
    db: &Db,
    by: &Actor,
    id: i64,
    p: &SpecialistProfile,
) -> Result<Reach, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let reach = reach(&mut tx, &by.scope(Role::Manager), id).await?;
    if reach != Reach::Own {
        return Ok(reach);
    }
    sqlx::query(
        "UPDATE specialists SET title = $2, title_en = $3, bio = $4, bio_en = $5, \
                practice_since = $6, education = $7, certificates = $8, \
                active = CASE WHEN awaiting_consent = 1 THEN 0 ELSE $9 END WHERE id = $1",
    )
    .bind(id)
    .bind(&p.title)
    .bind(&p.title_en)
    .bind(&p.bio)
    .bind(&p.bio_en)
    .bind(p.practice_since.map(i64::from))
    .bind(&p.education)
    .bind(&p.certificates)
    .bind(i64::from(p.active))
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        by,
        "specialist.update",
        id,
        &format!("active {}", p.active),
    )
    .await?;
    tx.commit().await?;
    Ok(Reach::Own)
}

/// What a specialist is linked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Works at this clinic (it must be in the manager's scope).
    Clinic(i64),
    /// Takes this service (offered at a clinic in scope).
    Service(i64),
    /// Practises this specialization (shared by all clinics).
    Specialization(i64),
}

/// Links or unlinks; `false` when the specialist or the target is out of scope.
pub async fn set_link(
    db: &Db,
    by: &Actor,
    id: i64,
    link: Link,
    on: bool,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    if reach(&mut tx, &by.scope(Role::Manager), id).await? == Reach::Outside {
        return Ok(false);
    }
    let (table, column, target) = match link {
        Link::Clinic(c) if by.scope(Role::Manager).allows(ClinicId::new(c)) => {
            ("specialist_clinics", "clinic_id", c)
        }
        Link::Service(s) => {
            let sql = format!(
                "SELECT COUNT(*) FROM service_clinics WHERE service_id = $1{}",
                scope_sql(&by.scope(Role::Manager), "clinic_id")
            );
            let offered: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .bind(s)
                .fetch_one(&mut *tx)
                .await?;
            if offered == 0 {
                return Ok(false);
            }
            ("service_specialists", "service_id", s)
        }
        Link::Specialization(s) => {
            let known: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM specializations WHERE id = $1")
                    .bind(s)
                    .fetch_one(&mut *tx)
                    .await?;
            if known == 0 {
                return Ok(false);
            }
            ("specialist_specializations", "specialization_id", s)
        }
        Link::Clinic(_) => return Ok(false),
    };
    let exists: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM {table} WHERE specialist_id = $1 AND {column} = $2"
    )))
    .bind(id)
    .bind(target)
    .fetch_one(&mut *tx)
    .await?;
    let sql = match (on, exists > 0) {
        (true, false) => format!("INSERT INTO {table} (specialist_id, {column}) VALUES ($1, $2)"),
        (false, true) => format!("DELETE FROM {table} WHERE specialist_id = $1 AND {column} = $2"),
        _ => return Ok(true),
    };
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(target)
        .execute(&mut *tx)
        .await?;
    let details = format!("{column} {target} {}", if on { "added" } else { "removed" });
    audit(&mut tx, by, "specialist.link", id, &details).await?;
    tx.commit().await?;
    Ok(true)
}

/// Stores a checked photo and makes it the specialist's; the new address, or `None` when the
/// specialist is out of scope.
pub async fn set_photo(
    db: &Db,
    by: &Actor,
    id: i64,
    bytes: &[u8],
    kind: ImageKind,
) -> Result<Result<String, Reach>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let reach = reach(&mut tx, &by.scope(Role::Manager), id).await?;
    if reach != Reach::Own {
        return Ok(Err(reach));
    }
    let media = super::media::store(&mut tx, bytes, kind, by.id, by.now).await?;
    let url = format!("/media/{media}");
    sqlx::query("UPDATE specialists SET photo_url = $2 WHERE id = $1")
        .bind(id)
        .bind(&url)
        .execute(&mut *tx)
        .await?;
    let details = format!("{url} {} bytes {}", bytes.len(), kind.content_type());
    audit(&mut tx, by, "specialist.photo", id, &details).await?;
    tx.commit().await?;
    Ok(Ok(url))
}

/// A new specialist: the person (found by phone, or a new account without a password, who
/// sets one through «Забыли пароль?») and their first clinic. They stay hidden until they
/// agree through the invitation sent to them.
#[derive(Debug, Clone)]
pub struct NewSpecialist {
    pub full_name: priyom::PersonName,
    pub phone: priyom::Phone,
    pub email: Option<priyom::Email>,
    pub clinic: i64,
    pub title: String,
    pub title_en: String,
}

#[derive(Debug, thiserror::Error)]
pub enum NewSpecialistError {
    #[error("clinic not in scope")]
    NotFound,
    #[error("already a specialist")]
    AlreadySpecialist,
    #[error("e-mail belongs to another account")]
    EmailTaken,
    /// A new account needs an e-mail: the link to set a password goes there.
    #[error("a new account needs an e-mail")]
    EmailNeeded,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Creates the specialist (and, when the phone is new, their account), grants the
/// specialist role and links the clinic, in one transaction; the specialist's id.
pub async fn create_specialist(
    db: &Db,
    by: &Actor,
    new: &NewSpecialist,
) -> Result<i64, NewSpecialistError> {
    use crate::server::repos::users::roles_changed;
    use priyom::{Role, RoleGrant};
    if !by.scope(Role::Manager).allows(ClinicId::new(new.clinic)) {
        return Err(NewSpecialistError::NotFound);
    }
    let mut tx = db.begin_write().await?;
    let clinic: Option<i64> = sqlx::query_scalar("SELECT id FROM clinics WHERE id = $1")
        .bind(new.clinic)
        .fetch_optional(&mut *tx)
        .await?;
    if clinic.is_none() {
        return Err(NewSpecialistError::NotFound);
    }
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(new.phone.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let user = match found {
        Some(user) => user,
        None => {
            let email = new
                .email
                .as_ref()
                .map(|e| e.as_str().to_string())
                .ok_or(NewSpecialistError::EmailNeeded)?;
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
                .bind(&email)
                .fetch_one(&mut *tx)
                .await?;
            if taken > 0 {
                return Err(NewSpecialistError::EmailTaken);
            }
            sqlx::query_scalar(
                "INSERT INTO users (phone, email, full_name, lang, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'ru', $4, $4) RETURNING id",
            )
            .bind(new.phone.as_str())
            .bind(email)
            .bind(new.full_name.as_str())
            .bind(by.now)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let already: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM specialists WHERE user_id = $1")
        .bind(user)
        .fetch_one(&mut *tx)
        .await?;
    if already > 0 {
        return Err(NewSpecialistError::AlreadySpecialist);
    }
    let has_role: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM user_roles WHERE user_id = $1 AND role = 'specialist'",
    )
    .bind(user)
    .fetch_one(&mut *tx)
    .await?;
    if has_role == 0 {
        sqlx::query(
            "INSERT INTO user_roles (user_id, role, clinic_id, granted_at) \
             VALUES ($1, 'specialist', NULL, $2)",
        )
        .bind(user)
        .bind(by.now)
        .execute(&mut *tx)
        .await?;
        let grant = RoleGrant {
            role: Role::Specialist,
            clinic: None,
        };
        let user = priyom::UserId::new(user);
        roles_changed(&mut tx, user, by.id, "role_grant", grant, &by.ip, by.now).await?;
    }
    let base = priyom::slugify(new.full_name.as_str()).unwrap_or_else(|| "specialist".into());
    let slug = super::manage_catalog::free_slug(&mut tx, "specialists", &base).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO specialists (user_id, slug, title, title_en, active, awaiting_consent) \
         VALUES ($1, $2, $3, $4, 0, 1) RETURNING id",
    )
    .bind(user)
    .bind(&slug)
    .bind(&new.title)
    .bind(&new.title_en)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO specialist_clinics (specialist_id, clinic_id) VALUES ($1, $2)")
        .bind(id)
        .bind(new.clinic)
        .execute(&mut *tx)
        .await?;
    super::specialist_invite::send(&mut tx, user, by.now).await?;
    let details = format!("{slug}; clinic {}; invited", new.clinic);
    audit(&mut tx, by, "specialist.create", id, &details).await?;
    tx.commit().await?;
    Ok(id)
}

/// Sends a new invitation to specialist `id`, who has not answered yet (the old link dies), if
/// they work at one of the manager's clinics; `false` otherwise.
pub async fn resend_invitation(db: &Db, by: &Actor, id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    if reach(&mut tx, &by.scope(priyom::Role::Manager), id).await? == Reach::Outside {
        return Ok(false);
    }
    let user: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM specialists WHERE id = $1 AND awaiting_consent = 1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(user) = user else { return Ok(false) };
    crate::server::notify::tokens::spend_all(
        &mut *tx,
        crate::server::notify::tokens::Purpose::SpecialistInvite,
        user,
        by.now,
    )
    .await?;
    super::specialist_invite::send(&mut tx, user, by.now).await?;
    by.audit(&mut *tx, "specialist.invite", ("specialist", id), "")
        .await?;
    tx.commit().await?;
    Ok(true)
}
