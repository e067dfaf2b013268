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

/// One language version of a page as the editor sees it.
#[derive(Debug, Clone)]
pub struct PageRow {
    pub slug: String,
    pub lang: String,
    pub title: String,
    pub seo_description: String,
    pub body_md: String,
    pub published: bool,
    pub updated_at: i64,
}

fn page_row(row: &sqlx::any::AnyRow) -> Result<PageRow, sqlx::Error> {
    Ok(PageRow {
        slug: row.try_get("slug")?,
        lang: row.try_get("lang")?,
        title: row.try_get("title")?,
        seo_description: row.try_get("seo_description")?,
        body_md: row.try_get("body_md")?,
        published: crate::server::db::flag(row, "published")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Every page in every language, drafts included, by address.
pub async fn all_pages(db: &Db) -> Result<Vec<PageRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT slug, lang, title, seo_description, body_md, published, updated_at \
           FROM content_pages ORDER BY slug, lang",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(page_row).collect()
}

/// One language version of a page, draft or published.
pub async fn page(db: &Db, slug: &str, lang: &str) -> Result<Option<PageRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT slug, lang, title, seo_description, body_md, published, updated_at \
           FROM content_pages WHERE slug = $1 AND lang = $2",
    )
    .bind(slug.to_string())
    .bind(lang.to_string())
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(page_row).transpose()
}

/// Creates or replaces one language version of a page; audited with the old and new state.
pub async fn save_page(
    db: &Db,
    actor: priyom::UserId,
    edit: &priyom::PageEdit,
    ip: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    use super::audit::{self, Entry};
    let mut tx = db.begin_write().await?;
    let before: Option<i64> =
        sqlx::query_scalar("SELECT published FROM content_pages WHERE slug = $1 AND lang = $2")
            .bind(edit.slug.as_str().to_string())
            .bind(edit.lang.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    let published = i64::from(edit.published);
    if before.is_some() {
        sqlx::query(
            "UPDATE content_pages SET title = $3, seo_description = $4, body_md = $5, \
                    published = $6, updated_at = $7 WHERE slug = $1 AND lang = $2",
        )
        .bind(edit.slug.as_str().to_string())
        .bind(edit.lang.to_string())
        .bind(&edit.title)
        .bind(&edit.seo_description)
        .bind(&edit.body_md)
        .bind(published)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query(
            "INSERT INTO content_pages \
                    (slug, lang, title, seo_description, body_md, published, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(edit.slug.as_str().to_string())
        .bind(edit.lang.to_string())
        .bind(&edit.title)
        .bind(&edit.seo_description)
        .bind(&edit.body_md)
        .bind(published)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let details = format!(
        "{}/{}: {} -> published {}; {} chars",
        edit.slug.as_str(),
        edit.lang,
        before.map_or("new", |p| if p == 1 { "published" } else { "draft" }),
        edit.published,
        edit.body_md.chars().count()
    );
    let entry = Entry {
        actor: Some(actor.get()),
        action: "content.save",
        entity: "content_page",
        entity_id: None,
        ip,
        details: &details,
    };
    audit::record(&mut *tx, entry, now).await?;
    tx.commit().await
}
