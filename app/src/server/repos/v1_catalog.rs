//! The catalog as the REST API shows it: clinics, services and specialists that are in use,
//! named in the caller's language. Reads only.

use super::id_list;
use crate::i18n::Lang;
use crate::server::db::{localized, Db};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A clinic where visits can be booked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Clinic {
    #[schema(example = "center")]
    pub slug: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: Option<String>,
    /// IANA time zone: the clinic's times are local to it.
    #[schema(example = "Europe/Moscow")]
    pub time_zone: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// A slug and its name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Named {
    pub slug: String,
    pub name: String,
}

/// A service one can book.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Service {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// The section of the price list it belongs to.
    pub section: Named,
    pub duration_min: i64,
    /// The base price in kopecks; a specialist may have their own.
    pub price_kopecks: i64,
    /// What to do before the visit.
    pub preparation: String,
    /// Slugs of the clinics that offer it.
    pub clinics: Vec<String>,
}

/// A specialist who takes visits.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Specialist {
    pub slug: String,
    pub name: String,
    pub title: String,
    pub photo_url: Option<String>,
    /// The year they began to practise.
    pub practice_since: Option<i64>,
    /// Average published rating, 1–5; absent before the first review.
    pub rating: Option<f64>,
    pub review_count: i64,
    /// Slugs of their specializations.
    pub specializations: Vec<String>,
    /// Slugs of the clinics where they work.
    pub clinics: Vec<String>,
    /// Slugs of the services they provide.
    pub services: Vec<String>,
}

/// Narrows a list; an absent field narrows nothing.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub clinic: Option<String>,
    pub section: Option<String>,
    pub service: Option<String>,
    pub specialist: Option<String>,
    pub specialization: Option<String>,
}

fn clinic_row(row: &AnyRow, lang: Lang) -> Result<Clinic, sqlx::Error> {
    Ok(Clinic {
        slug: row.try_get("slug")?,
        name: localized(row, lang, "name")?,
        address: localized(row, lang, "address")?,
        phone: row.try_get("phone")?,
        email: row.try_get("email")?,
        time_zone: row.try_get("tz")?,
        latitude: row.try_get("lat")?,
        longitude: row.try_get("lon")?,
    })
}

const CLINIC_COLUMNS: &str = "slug, name, name_en, address, address_en, phone, email, tz, lat, lon";

pub async fn clinics(db: &Db, lang: Lang) -> Result<Vec<Clinic>, sqlx::Error> {
    let sql = format!("SELECT {CLINIC_COLUMNS} FROM clinics WHERE active = 1 ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(|r| clinic_row(r, lang)).collect()
}

pub async fn clinic(db: &Db, lang: Lang, slug: &str) -> Result<Option<Clinic>, sqlx::Error> {
    let sql = format!("SELECT {CLINIC_COLUMNS} FROM clinics WHERE active = 1 AND slug = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(slug)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| clinic_row(&r, lang)).transpose()
}

/// Active services in active sections, narrowed by clinic, section (or its parent),
/// and specialist.
pub async fn services(db: &Db, lang: Lang, filter: &Filter) -> Result<Vec<Service>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT v.id, v.slug, v.name, v.name_en, v.description, v.description_en, \
                v.duration_min, v.price_kopecks, v.preparation, v.preparation_en, \
                c.slug AS section_slug, c.name AS section, c.name_en AS section_en \
           FROM services v JOIN service_categories c ON c.id = v.category_id \
           LEFT JOIN service_categories p ON p.id = c.parent_id \
          WHERE v.active = 1 AND c.active = 1 \
            AND ($1 = '' OR EXISTS (SELECT 1 FROM service_clinics x JOIN clinics k \
                 ON k.id = x.clinic_id WHERE x.service_id = v.id AND k.slug = $1 AND k.active = 1)) \
            AND ($2 = '' OR c.slug = $2 OR p.slug = $2) \
            AND ($3 = '' OR EXISTS (SELECT 1 FROM service_specialists y JOIN specialists s \
                 ON s.id = y.specialist_id WHERE y.service_id = v.id AND s.slug = $3 \
                 AND s.active = 1)) \
          ORDER BY c.sort_order, v.id",
    )
    .bind(filter.clinic.as_deref().unwrap_or_default())
    .bind(filter.section.as_deref().unwrap_or_default())
    .bind(filter.specialist.as_deref().unwrap_or_default())
    .fetch_all(db.pool())
    .await?;
    let ids = ids_of(&rows)?;
    let clinics = slugs_of(
        db,
        "SELECT x.service_id AS owner, k.slug FROM service_clinics x JOIN clinics k \
           ON k.id = x.clinic_id WHERE k.active = 1 AND x.service_id IN",
        &ids,
    )
    .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok(Service {
                slug: r.try_get("slug")?,
                name: localized(r, lang, "name")?,
                description: localized(r, lang, "description")?,
                section: Named {
                    slug: r.try_get("section_slug")?,
                    name: localized(r, lang, "section")?,
                },
                duration_min: r.try_get("duration_min")?,
                price_kopecks: r.try_get("price_kopecks")?,
                preparation: localized(r, lang, "preparation")?,
                clinics: clinics.get(&id).cloned().unwrap_or_default(),
            })
        })
        .collect()
}

fn ids_of(rows: &[AnyRow]) -> Result<Vec<i64>, sqlx::Error> {
    rows.iter().map(|r| r.try_get("id")).collect()
}

/// `(owner id, slug)` pairs of a query ending in `IN`, grouped by owner.
async fn slugs_of(
    db: &Db,
    sql_up_to_in: &str,
    ids: &[i64],
) -> Result<BTreeMap<i64, Vec<String>>, sqlx::Error> {
    let mut found: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(found);
    }
    let sql = format!("{sql_up_to_in} ({}) ORDER BY 1, 2", id_list(ids));
    for row in sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?
    {
        found
            .entry(row.try_get("owner")?)
            .or_default()
            .push(row.try_get("slug")?);
    }
    Ok(found)
}

/// A page of active specialists after the one with id `after`, narrowed by clinic, service
/// and specialization (or one by `filter.specialist`), each with its id (the next cursor).
pub async fn specialists(
    db: &Db,
    lang: Lang,
    filter: &Filter,
    after: i64,
    limit: i64,
) -> Result<Vec<(i64, Specialist)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.slug, u.full_name, s.title, s.title_en, s.photo_url, s.practice_since, \
                s.rating_x100, s.review_count \
           FROM specialists s JOIN users u ON u.id = s.user_id \
          WHERE s.active = 1 AND s.id > $1 \
            AND ($2 = '' OR EXISTS (SELECT 1 FROM specialist_clinics x JOIN clinics k \
                 ON k.id = x.clinic_id WHERE x.specialist_id = s.id AND k.slug = $2 \
                 AND k.active = 1)) \
            AND ($3 = '' OR EXISTS (SELECT 1 FROM service_specialists y JOIN services v \
                 ON v.id = y.service_id WHERE y.specialist_id = s.id AND v.slug = $3 \
                 AND v.active = 1)) \
            AND ($4 = '' OR EXISTS (SELECT 1 FROM specialist_specializations z JOIN \
                 specializations p ON p.id = z.specialization_id WHERE z.specialist_id = s.id \
                 AND p.slug = $4 AND p.active = 1)) \
            AND ($5 = '' OR s.slug = $5) \
          ORDER BY s.id LIMIT $6",
    )
    .bind(after)
    .bind(filter.clinic.as_deref().unwrap_or_default())
    .bind(filter.service.as_deref().unwrap_or_default())
    .bind(filter.specialization.as_deref().unwrap_or_default())
    .bind(filter.specialist.as_deref().unwrap_or_default())
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    let ids = ids_of(&rows)?;
    let clinics = slugs_of(
        db,
        "SELECT x.specialist_id AS owner, k.slug FROM specialist_clinics x JOIN clinics k \
           ON k.id = x.clinic_id WHERE k.active = 1 AND x.specialist_id IN",
        &ids,
    )
    .await?;
    let specializations = slugs_of(
        db,
        "SELECT z.specialist_id AS owner, p.slug FROM specialist_specializations z JOIN \
           specializations p ON p.id = z.specialization_id WHERE p.active = 1 \
           AND z.specialist_id IN",
        &ids,
    )
    .await?;
    let services = slugs_of(
        db,
        "SELECT y.specialist_id AS owner, v.slug FROM service_specialists y JOIN services v \
           ON v.id = y.service_id WHERE v.active = 1 AND y.specialist_id IN",
        &ids,
    )
    .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let reviews: i64 = r.try_get("review_count")?;
            let rating_x100: i64 = r.try_get("rating_x100")?;
            let of = |map: &BTreeMap<i64, Vec<String>>| map.get(&id).cloned().unwrap_or_default();
            Ok((
                id,
                Specialist {
                    slug: r.try_get("slug")?,
                    name: r.try_get("full_name")?,
                    title: localized(r, lang, "title")?,
                    photo_url: r.try_get("photo_url")?,
                    practice_since: r.try_get("practice_since")?,
                    rating: (reviews > 0).then(|| rating_x100 as f64 / 100.0),
                    review_count: reviews,
                    specializations: of(&specializations),
                    clinics: of(&clinics),
                    services: of(&services),
                },
            ))
        })
        .collect()
}
