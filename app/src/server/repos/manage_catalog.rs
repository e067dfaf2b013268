//! The installation-wide catalog, edited by admins: specializations and the service-category
//! tree. Nothing is deleted (services and specialists point at them); every change is audited.
//! Also the one place that picks a free address (slug) for anything new.

use crate::server::auth::Actor;
use crate::server::db::{flag, is_unique_violation, Db};
use priyom::{CatalogError, Category, Specialization};
use sqlx::Row;

/// A specialization as the catalog page edits it.
#[derive(Debug, Clone)]
pub struct SpecializationRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub description_en: String,
    pub icon: String,
    pub active: bool,
    pub specialists: i64,
}

/// A category as the catalog page edits it.
#[derive(Debug, Clone)]
pub struct CategoryRow {
    pub id: i64,
    pub slug: String,
    pub parent: Option<i64>,
    pub name: String,
    pub name_en: String,
    pub sort_order: i64,
    pub active: bool,
    pub services: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogWriteError {
    #[error("not found")]
    NotFound,
    #[error("the name is taken")]
    Duplicate,
    #[error("bad place in the tree: {0}")]
    Tree(CatalogError),
    #[error("no address can be made of the name")]
    Slug,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

fn write_error(e: sqlx::Error) -> CatalogWriteError {
    if is_unique_violation(&e) {
        CatalogWriteError::Duplicate
    } else {
        CatalogWriteError::Db(e)
    }
}

/// The first of `base`, `base-2`, `base-3`, … not used in `table` (`table` is one of ours).
pub(crate) async fn free_slug(
    conn: &mut sqlx::AnyConnection,
    table: &'static str,
    base: &str,
) -> Result<String, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE slug = $1");
    let mut n = 1;
    loop {
        let slug = priyom::numbered_slug(base, n);
        let used: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
            .bind(&slug)
            .fetch_one(&mut *conn)
            .await?;
        if used == 0 {
            return Ok(slug);
        }
        n += 1;
    }
}

/// A new slug from the English name, or the Russian one when the English has no letters.
pub(crate) async fn new_slug(
    conn: &mut sqlx::AnyConnection,
    table: &'static str,
    name_en: &str,
    name: &str,
) -> Result<Option<String>, sqlx::Error> {
    match priyom::slugify(name_en).or_else(|| priyom::slugify(name)) {
        Some(base) => free_slug(conn, table, &base).await.map(Some),
        None => Ok(None),
    }
}

pub async fn specializations(db: &Db) -> Result<Vec<SpecializationRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.slug, s.name, s.name_en, s.description, s.description_en, s.icon, s.active, \
                (SELECT COUNT(*) FROM specialist_specializations x \
                  WHERE x.specialization_id = s.id) AS specialists \
           FROM specializations s ORDER BY s.name, s.id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SpecializationRow {
                id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                name: r.try_get("name")?,
                name_en: r.try_get("name_en")?,
                description: r.try_get("description")?,
                description_en: r.try_get("description_en")?,
                icon: r.try_get("icon")?,
                active: flag(r, "active")?,
                specialists: r.try_get("specialists")?,
            })
        })
        .collect()
}

/// Every category, roots first, then by order and name.
pub async fn categories(db: &Db) -> Result<Vec<CategoryRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.slug, c.parent_id, c.name, c.name_en, c.sort_order, c.active, \
                (SELECT COUNT(*) FROM services s WHERE s.category_id = c.id) AS services \
           FROM service_categories c ORDER BY c.sort_order, c.name, c.id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CategoryRow {
                id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                parent: r.try_get("parent_id")?,
                name: r.try_get("name")?,
                name_en: r.try_get("name_en")?,
                sort_order: r.try_get("sort_order")?,
                active: flag(r, "active")?,
                services: r.try_get("services")?,
            })
        })
        .collect()
}

/// Creates (`id` = `None`) or updates a specialization; its id.
pub async fn save_specialization(
    db: &Db,
    by: &Actor,
    id: Option<i64>,
    s: &Specialization,
) -> Result<i64, CatalogWriteError> {
    let mut tx = db.begin_write().await?;
    let id = match id {
        Some(id) => {
            let updated = sqlx::query(
                "UPDATE specializations SET name = $2, name_en = $3, description = $4, \
                        description_en = $5, icon = $6, active = $7 WHERE id = $1",
            )
            .bind(id)
            .bind(&s.name)
            .bind(&s.name_en)
            .bind(&s.description)
            .bind(&s.description_en)
            .bind(s.icon)
            .bind(i64::from(s.active))
            .execute(&mut *tx)
            .await
            .map_err(write_error)?
            .rows_affected();
            if updated == 0 {
                return Err(CatalogWriteError::NotFound);
            }
            id
        }
        None => {
            let slug = new_slug(&mut tx, "specializations", &s.name_en, &s.name)
                .await?
                .ok_or(CatalogWriteError::Slug)?;
            sqlx::query_scalar(
                "INSERT INTO specializations (slug, name, name_en, description, description_en, \
                        icon, active) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(&slug)
            .bind(&s.name)
            .bind(&s.name_en)
            .bind(&s.description)
            .bind(&s.description_en)
            .bind(s.icon)
            .bind(i64::from(s.active))
            .fetch_one(&mut *tx)
            .await
            .map_err(write_error)?
        }
    };
    by.audit(
        &mut *tx,
        "specialization.save",
        ("specialization", id),
        &s.name_en,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates (`id` = `None`) or updates a category; its place in the tree is checked against
/// the stored tree inside the same write transaction. Its id.
pub async fn save_category(
    db: &Db,
    by: &Actor,
    id: Option<i64>,
    c: &Category,
) -> Result<i64, CatalogWriteError> {
    let mut tx = db.begin_write().await?;
    let tree: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT id, parent_id FROM service_categories")
            .fetch_all(&mut *tx)
            .await?;
    if id.is_some_and(|id| !tree.iter().any(|(i, _)| *i == id)) {
        return Err(CatalogWriteError::NotFound);
    }
    priyom::check_parent(&tree, id, c.parent).map_err(CatalogWriteError::Tree)?;
    let id = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE service_categories SET parent_id = $2, name = $3, name_en = $4, \
                        sort_order = $5, active = $6 WHERE id = $1",
            )
            .bind(id)
            .bind(c.parent)
            .bind(&c.name)
            .bind(&c.name_en)
            .bind(c.sort_order)
            .bind(i64::from(c.active))
            .execute(&mut *tx)
            .await
            .map_err(write_error)?;
            id
        }
        None => {
            let slug = new_slug(&mut tx, "service_categories", &c.name_en, &c.name)
                .await?
                .ok_or(CatalogWriteError::Slug)?;
            sqlx::query_scalar(
                "INSERT INTO service_categories (parent_id, slug, name, name_en, sort_order, \
                        active) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(c.parent)
            .bind(&slug)
            .bind(&c.name)
            .bind(&c.name_en)
            .bind(c.sort_order)
            .bind(i64::from(c.active))
            .fetch_one(&mut *tx)
            .await
            .map_err(write_error)?
        }
    };
    let details = format!(
        "parent {:?}; order {}; active {}",
        c.parent, c.sort_order, c.active
    );
    by.audit(&mut *tx, "category.save", ("category", id), &details)
        .await?;
    tx.commit().await?;
    Ok(id)
}
