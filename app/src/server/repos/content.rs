//! Editable content pages (about, privacy policy, contacts).

use crate::i18n::Lang;
use crate::server::db::Db;
use sqlx::Row;

/// A published page in the language, falling back to Russian: (title, Markdown body, SEO text).
pub async fn published_page(
    db: &Db,
    lang: Lang,
    slug: &str,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT lang, title, body_md, seo_description FROM content_pages \
          WHERE slug = $1 AND published = 1",
    )
    .bind(slug.to_string())
    .fetch_all(db.pool())
    .await?;
    let pick = rows
        .iter()
        .find(|row| row.try_get::<String, _>("lang").ok().as_deref() == Some(lang.code()))
        .or_else(|| rows.first());
    pick.map(|row| {
        Ok((
            row.try_get("title")?,
            row.try_get("body_md")?,
            row.try_get("seo_description")?,
        ))
    })
    .transpose()
}

/// Slugs of published pages, for the sitemap.
pub async fn published_slugs(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT slug FROM content_pages WHERE published = 1 ORDER BY slug")
        .fetch_all(db.pool())
        .await
}
