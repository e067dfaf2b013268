//! Public catalog reads: clinics, specializations, specialists.

use crate::i18n::Lang;
use crate::model::{ClinicCard, HomeData, SpecialistCard, SpecializationCard};
use crate::server::db::Db;
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
           FROM specializations z ORDER BY z.id",
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
        .map(|row| {
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
        })
        .collect()
}

/// Reads `column` or `column_en` by language, falling back to Russian when English is empty.
fn localized(row: &AnyRow, lang: Lang, column: &str) -> Result<String, sqlx::Error> {
    let ru: String = row.try_get(column)?;
    let en: String = row.try_get(format!("{column}_en").as_str())?;
    Ok(lang.pick(&ru, &en).to_string())
}
