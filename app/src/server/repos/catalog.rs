//! Public catalog reads: clinics, specializations, specialists.

use crate::i18n::Lang;
use crate::model::{
    ClinicCard, ClinicPage, HomeData, NamedLink, OpeningHours, ReviewView, ServiceCategory,
    ServiceItem, ServicePrice, SpecialistCard, SpecialistFilter, SpecialistList, SpecialistProfile,
    SpecializationCard,
};
use crate::server::db::{localized, Db};
use sqlx::any::AnyRow;
use sqlx::Row;

pub async fn home(db: &Db, lang: Lang, current_year: i64) -> Result<HomeData, sqlx::Error> {
    Ok(HomeData {
        clinics: clinics(db, lang).await?,
        specializations: specializations(db, lang).await?,
        specialists: top_specialists(db, lang, current_year, 6).await?,
    })
}

pub async fn clinics(db: &Db, lang: Lang) -> Result<Vec<ClinicCard>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.slug, c.name, c.name_en, c.address, c.address_en, c.phone, c.tz, \
                c.lat, c.lon, \
                (SELECT COUNT(*) FROM specialist_clinics sc \
                   JOIN specialists s ON s.id = sc.specialist_id \
                  WHERE sc.clinic_id = c.id AND s.active = 1) AS specialist_count \
           FROM clinics c WHERE c.active = 1 ORDER BY c.id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|row| clinic_card(row, lang)).collect()
}

fn clinic_card(row: &AnyRow, lang: Lang) -> Result<ClinicCard, sqlx::Error> {
    Ok(ClinicCard {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        name: localized(row, lang, "name")?,
        address: localized(row, lang, "address")?,
        phone: row.try_get("phone")?,
        tz: row.try_get("tz")?,
        lat: row.try_get("lat")?,
        lon: row.try_get("lon")?,
        specialist_count: row.try_get("specialist_count")?,
    })
}

pub async fn specializations(db: &Db, lang: Lang) -> Result<Vec<SpecializationCard>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT z.id, z.slug, z.name, z.name_en, z.description, z.description_en, z.icon, \
                (SELECT COUNT(*) FROM specialist_specializations ss \
                   JOIN specialists s ON s.id = ss.specialist_id \
                  WHERE ss.specialization_id = z.id AND s.active = 1) AS specialist_count \
           FROM specializations z WHERE z.active = 1 ORDER BY z.id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(SpecializationCard {
                id: row.try_get("id")?,
                slug: row.try_get("slug")?,
                name: localized(row, lang, "name")?,
                description: localized(row, lang, "description")?,
                icon: row.try_get("icon")?,
                specialist_count: row.try_get("specialist_count")?,
            })
        })
        .collect()
}

/// The best-rated active specialists, for the home page.
pub async fn top_specialists(
    db: &Db,
    lang: Lang,
    current_year: i64,
    limit: i64,
) -> Result<Vec<SpecialistCard>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.slug, u.full_name, s.title, s.title_en, s.photo_url, s.practice_since, \
                s.rating_x100, s.review_count \
           FROM specialists s JOIN users u ON u.id = s.user_id \
          WHERE s.active = 1 \
          ORDER BY s.rating_x100 DESC, s.review_count DESC, s.id \
          LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| specialist_card(row, lang, current_year))
        .collect()
}

/// The columns every specialist card needs (prefix a query with them).
macro_rules! card_columns {
    () => {
        "SELECT s.id, s.slug, u.full_name, s.title, s.title_en, s.photo_url, s.practice_since, \
                s.rating_x100, s.review_count \
           FROM specialists s JOIN users u ON u.id = s.user_id "
    };
}

fn specialist_card(
    row: &AnyRow,
    lang: Lang,
    current_year: i64,
) -> Result<SpecialistCard, sqlx::Error> {
    let since: Option<i64> = row.try_get("practice_since")?;
    Ok(SpecialistCard {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("full_name")?,
        title: localized(row, lang, "title")?,
        photo_url: row.try_get("photo_url")?,
        years_of_practice: since.map(|year| (current_year - year).max(0)),
        rating_x100: row.try_get("rating_x100")?,
        review_count: row.try_get("review_count")?,
    })
}

/// Active specialists matching the filter (empty parts match all): `$1` specialization,
/// `$2` clinic, `$3` service, by slug.
macro_rules! specialist_filter {
    () => {
        "WHERE s.active = 1 \
           AND ($1 = '' OR EXISTS (SELECT 1 FROM specialist_specializations ss \
                 JOIN specializations z ON z.id = ss.specialization_id \
                 WHERE ss.specialist_id = s.id AND z.slug = $1)) \
           AND ($2 = '' OR EXISTS (SELECT 1 FROM specialist_clinics sc \
                 JOIN clinics c ON c.id = sc.clinic_id \
                 WHERE sc.specialist_id = s.id AND c.slug = $2 AND c.active = 1)) \
           AND ($3 = '' OR EXISTS (SELECT 1 FROM service_specialists x \
                 JOIN services v ON v.id = x.service_id \
                 WHERE x.specialist_id = s.id AND v.slug = $3 AND v.active = 1)) "
    };
}

/// One page of the filtered specialists list, its total, and the filter choices.
pub async fn specialists(
    db: &Db,
    lang: Lang,
    current_year: i64,
    filter: &SpecialistFilter,
) -> Result<SpecialistList, sqlx::Error> {
    let per_page = i64::from(SpecialistFilter::PER_PAGE);
    let offset = i64::from(filter.page.max(1) - 1) * per_page;
    let rows = sqlx::query(concat!(
        card_columns!(),
        specialist_filter!(),
        "ORDER BY s.rating_x100 DESC, s.review_count DESC, s.id LIMIT $4 OFFSET $5"
    ))
    .bind(filter.specialization.clone())
    .bind(filter.clinic.clone())
    .bind(filter.service.clone())
    .bind(per_page)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let total: i64 = sqlx::query_scalar(concat!(
        "SELECT COUNT(*) FROM specialists s ",
        specialist_filter!()
    ))
    .bind(filter.specialization.clone())
    .bind(filter.clinic.clone())
    .bind(filter.service.clone())
    .fetch_one(db.pool())
    .await?;
    Ok(SpecialistList {
        items: rows
            .iter()
            .map(|row| specialist_card(row, lang, current_year))
            .collect::<Result<_, _>>()?,
        total,
        specializations: links(
            db,
            lang,
            "SELECT slug, name, name_en FROM specializations WHERE active = 1 ORDER BY id",
        )
        .await?,
        clinics: links(
            db,
            lang,
            "SELECT slug, name, name_en FROM clinics WHERE active = 1 ORDER BY id",
        )
        .await?,
        services: links(
            db,
            lang,
            "SELECT slug, name, name_en FROM services WHERE active = 1 ORDER BY name",
        )
        .await?,
    })
}

/// (slug, localized name) pairs from a query selecting `slug, name, name_en`.
async fn links(db: &Db, lang: Lang, sql: &'static str) -> Result<Vec<NamedLink>, sqlx::Error> {
    links_with(db, lang, sqlx::query(sql)).await
}

async fn links_with<'q>(
    db: &Db,
    lang: Lang,
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
) -> Result<Vec<NamedLink>, sqlx::Error> {
    let rows = query.fetch_all(db.pool()).await?;
    rows.iter()
        .map(|row| {
            Ok(NamedLink {
                slug: row.try_get("slug")?,
                name: localized(row, lang, "name")?,
            })
        })
        .collect()
}

/// A specialist's public profile, or `None` for an unknown or inactive slug.
pub async fn specialist_profile(
    db: &Db,
    lang: Lang,
    current_year: i64,
    slug: &str,
) -> Result<Option<SpecialistProfile>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT s.id, s.slug, u.full_name, s.title, s.title_en, s.photo_url, s.practice_since, \
                s.rating_x100, s.review_count, s.bio, s.bio_en, s.education, s.certificates \
           FROM specialists s JOIN users u ON u.id = s.user_id \
          WHERE s.slug = $1 AND s.active = 1",
    )
    .bind(slug.to_string())
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let card = specialist_card(&row, lang, current_year)?;
    let id = card.id;
    let certificates: String = row.try_get("certificates")?;
    let specializations = links_with(
        db,
        lang,
        sqlx::query(
            "SELECT z.slug, z.name, z.name_en FROM specializations z \
           JOIN specialist_specializations ss ON ss.specialization_id = z.id \
          WHERE ss.specialist_id = $1 AND z.active = 1 ORDER BY z.id",
        )
        .bind(id),
    )
    .await?;
    let clinics = links_with(
        db,
        lang,
        sqlx::query(
            "SELECT c.slug, c.name, c.name_en FROM clinics c \
           JOIN specialist_clinics sc ON sc.clinic_id = c.id \
          WHERE sc.specialist_id = $1 AND c.active = 1 ORDER BY c.id",
        )
        .bind(id),
    )
    .await?;
    let services = sqlx::query(
        "SELECT v.slug, v.name, v.name_en, v.duration_min, \
                COALESCE(x.price_kopecks, v.price_kopecks) AS price_kopecks \
           FROM services v JOIN service_specialists x ON x.service_id = v.id \
          WHERE x.specialist_id = $1 AND v.active = 1 ORDER BY v.name",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| {
        Ok(ServicePrice {
            slug: row.try_get("slug")?,
            name: localized(row, lang, "name")?,
            duration_min: row.try_get("duration_min")?,
            price_kopecks: row.try_get("price_kopecks")?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    Ok(Some(SpecialistProfile {
        bio: localized(&row, lang, "bio")?,
        education: row.try_get("education")?,
        certificates: certificates
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        specializations,
        clinics,
        services,
        reviews: published_reviews(db, id).await?,
        card,
    }))
}

async fn published_reviews(db: &Db, specialist: i64) -> Result<Vec<ReviewView>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.rating, r.comment, r.verified, r.created_at, u.full_name \
           FROM reviews r JOIN users u ON u.id = r.patient_id \
          WHERE r.specialist_id = $1 AND r.status = 'published' AND r.withdrawn_at IS NULL \
          ORDER BY r.created_at DESC, r.id DESC LIMIT 20",
    )
    .bind(specialist)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let full_name: String = row.try_get("full_name")?;
            Ok(ReviewView {
                rating: row.try_get("rating")?,
                comment: row.try_get("comment")?,
                author: short_name(&full_name),
                created_at: row.try_get("created_at")?,
                verified: crate::server::db::flag(row, "verified")?,
            })
        })
        .collect()
}

/// "Ирина Павловна Белова" → "Ирина Б." (no more personal data than a review needs).
pub(crate) fn short_name(full_name: &str) -> String {
    let mut words = full_name.split_whitespace();
    let first = words.next().unwrap_or("");
    match words.last().and_then(|last| last.chars().next()) {
        Some(initial) => format!("{first} {initial}."),
        None => first.to_string(),
    }
}

/// A clinic's page: contacts, opening hours and the specialists working there.
pub async fn clinic_page(
    db: &Db,
    lang: Lang,
    current_year: i64,
    slug: &str,
) -> Result<Option<ClinicPage>, sqlx::Error> {
    let Some(card) = clinics(db, lang)
        .await?
        .into_iter()
        .find(|c| c.slug == slug)
    else {
        return Ok(None);
    };
    let email: Option<String> = sqlx::query_scalar("SELECT email FROM clinics WHERE id = $1")
        .bind(card.id)
        .fetch_one(db.pool())
        .await?;
    let hours = sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT weekday, open_min, close_min FROM clinic_hours WHERE clinic_id = $1 ORDER BY weekday")
        .bind(card.id)
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|(weekday, open_min, close_min)| OpeningHours { weekday, open_min, close_min })
        .collect();
    let rows = sqlx::query(concat!(
        card_columns!(),
        "JOIN specialist_clinics sc ON sc.specialist_id = s.id \
         WHERE sc.clinic_id = $1 AND s.active = 1 ORDER BY s.rating_x100 DESC, s.id"
    ))
    .bind(card.id)
    .fetch_all(db.pool())
    .await?;
    let specialists = rows
        .iter()
        .map(|row| specialist_card(row, lang, current_year))
        .collect::<Result<_, _>>()?;
    Ok(Some(ClinicPage {
        card,
        email,
        hours,
        specialists,
    }))
}

/// The services catalog as a category tree (categories in display order, empty ones left out).
pub async fn service_tree(db: &Db, lang: Lang) -> Result<Vec<ServiceCategory>, sqlx::Error> {
    let categories = sqlx::query(
        "SELECT id, parent_id, name, name_en FROM service_categories WHERE active = 1 \
          ORDER BY sort_order, id",
    )
    .fetch_all(db.pool())
    .await?;
    let services = sqlx::query(
        "SELECT v.category_id, v.slug, v.name, v.name_en, v.description, v.description_en, v.duration_min, \
                v.price_kopecks, v.preparation, v.preparation_en \
           FROM services v WHERE v.active = 1 ORDER BY v.price_kopecks, v.name")
        .fetch_all(db.pool())
        .await?;
    let mut items: Vec<(i64, ServiceItem)> = Vec::with_capacity(services.len());
    for row in &services {
        items.push((
            row.try_get("category_id")?,
            ServiceItem {
                slug: row.try_get("slug")?,
                name: localized(row, lang, "name")?,
                description: localized(row, lang, "description")?,
                duration_min: row.try_get("duration_min")?,
                price_kopecks: row.try_get("price_kopecks")?,
                preparation: localized(row, lang, "preparation")?,
            },
        ));
    }
    let mut nodes: Vec<(i64, Option<i64>, String)> = Vec::with_capacity(categories.len());
    for row in &categories {
        nodes.push((
            row.try_get("id")?,
            row.try_get("parent_id")?,
            localized(row, lang, "name")?,
        ));
    }
    Ok(build_tree(None, &nodes, &items))
}

fn build_tree(
    parent: Option<i64>,
    nodes: &[(i64, Option<i64>, String)],
    items: &[(i64, ServiceItem)],
) -> Vec<ServiceCategory> {
    nodes
        .iter()
        .filter(|(_, p, _)| *p == parent)
        .map(|(id, _, name)| ServiceCategory {
            name: name.clone(),
            services: items
                .iter()
                .filter(|(c, _)| c == id)
                .map(|(_, s)| s.clone())
                .collect(),
            children: build_tree(Some(*id), nodes, items),
        })
        .filter(|c| !c.services.is_empty() || !c.children.is_empty())
        .collect()
}

/// Paths of every public catalog page, for the sitemap.
pub async fn public_paths(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let mut paths = vec![
        "/".to_string(),
        "/specialists".to_string(),
        "/services".to_string(),
    ];
    let specialists: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM specialists WHERE active = 1 ORDER BY id")
            .fetch_all(db.pool())
            .await?;
    paths.extend(
        specialists
            .into_iter()
            .map(|slug| format!("/specialists/{slug}")),
    );
    let clinics: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM clinics WHERE active = 1 ORDER BY id")
            .fetch_all(db.pool())
            .await?;
    paths.extend(clinics.into_iter().map(|slug| format!("/clinics/{slug}")));
    let pages = crate::server::repos::content::published_slugs(db).await?;
    paths.extend(pages.into_iter().map(|slug| format!("/pages/{slug}")));
    Ok(paths)
}
