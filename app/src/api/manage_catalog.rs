//! The installation-wide catalog (admins): specializations and the service-category tree.
//! Shared by every clinic, so a clinic's manager cannot change them for the others.

// The save functions take the form's fields one by one (plain names keep the no-JS form simple).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// A specialization on the catalog page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpecializationForm {
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

/// A category on the catalog page; `depth` 0 is a root.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CategoryForm {
    pub id: i64,
    pub slug: String,
    pub parent: Option<i64>,
    pub name: String,
    pub name_en: String,
    pub sort_order: i64,
    pub active: bool,
    pub services: i64,
    pub depth: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CatalogData {
    pub specializations: Vec<SpecializationForm>,
    /// In tree order: each category followed by its subcategories.
    pub categories: Vec<CategoryForm>,
}

/// Orders categories as a tree (parents before their children, siblings by their order).
pub fn tree_order(mut flat: Vec<CategoryForm>) -> Vec<CategoryForm> {
    fn place(all: &[CategoryForm], parent: Option<i64>, depth: usize, out: &mut Vec<CategoryForm>) {
        for c in all.iter().filter(|c| c.parent == parent) {
            if out.iter().any(|o| o.id == c.id) {
                continue; // a stored cycle is shown once, never looped
            }
            out.push(CategoryForm { depth, ..c.clone() });
            place(all, Some(c.id), depth + 1, out);
        }
    }
    flat.sort_by(|a, b| a.sort_order.cmp(&b.sort_order).then(a.name.cmp(&b.name)));
    let mut out = Vec::with_capacity(flat.len());
    place(&flat, None, 0, &mut out);
    // Anything unreachable from a root (a broken tree) still appears, at the end.
    for c in &flat {
        if !out.iter().any(|o| o.id == c.id) {
            out.push(c.clone());
        }
    }
    out
}

#[server(endpoint = "manage/catalog", input = server_fn::codec::GetUrl)]
pub async fn manage_catalog() -> Result<CatalogData, AppError> {
    use crate::server::repos::manage_catalog;
    crate::api::no_store();
    let (state, _) = ssr::admin()?;
    let specializations = manage_catalog::specializations(&state.db).await?;
    let categories = manage_catalog::categories(&state.db).await?;
    Ok(CatalogData {
        specializations: specializations
            .into_iter()
            .map(|s| SpecializationForm {
                id: s.id,
                slug: s.slug,
                name: s.name,
                name_en: s.name_en,
                description: s.description,
                description_en: s.description_en,
                icon: s.icon,
                active: s.active,
                specialists: s.specialists,
            })
            .collect(),
        categories: tree_order(
            categories
                .into_iter()
                .map(|c| CategoryForm {
                    id: c.id,
                    slug: c.slug,
                    parent: c.parent,
                    name: c.name,
                    name_en: c.name_en,
                    sort_order: c.sort_order,
                    active: c.active,
                    services: c.services,
                    depth: 0,
                })
                .collect(),
        ),
    })
}

/// Creates (`id` 0) or saves a specialization; each bad field gets its own message.
#[server(endpoint = "manage/specialization")]
pub async fn save_specialization(
    csrf: String,
    id: i64,
    name: String,
    name_en: String,
    description: String,
    description_en: String,
    icon: String,
    active: Option<String>,
) -> Result<(), AppError> {
    use crate::server::repos::manage_catalog;
    use priyom::{Specialization, SpecializationRaw};
    crate::server::auth::csrf::verify(&csrf)?;
    let t = crate::initial_lang().catalog_admin();
    let (state, by) = ssr::admin()?;
    let raw = SpecializationRaw {
        name: &name,
        name_en: &name_en,
        description: &description,
        description_en: &description_en,
        icon: &icon,
        active: active.is_some(),
    };
    let s = Specialization::new(raw).map_err(|bad| AppError::from_fields(bad, t.field_error))?;
    let saved = manage_catalog::save_specialization(&state.db, &by, (id > 0).then_some(id), &s)
        .await
        .map_err(ssr::write_error)?;
    leptos_axum::redirect(&format!("/manage/catalog?saved=1#specialization-{saved}"));
    Ok(())
}

/// Creates (`id` 0) or saves a category; its parent must keep the tree a tree.
#[server(endpoint = "manage/category")]
pub async fn save_category(
    csrf: String,
    id: i64,
    name: String,
    name_en: String,
    parent: String,
    sort_order: String,
    active: Option<String>,
) -> Result<(), AppError> {
    use crate::server::repos::manage_catalog;
    use priyom::{Category, CategoryRaw};
    crate::server::auth::csrf::verify(&csrf)?;
    let t = crate::initial_lang().catalog_admin();
    let (state, by) = ssr::admin()?;
    let raw = CategoryRaw {
        name: &name,
        name_en: &name_en,
        parent: &parent,
        sort_order: &sort_order,
        active: active.is_some(),
    };
    let c = Category::new(raw).map_err(|bad| AppError::from_fields(bad, t.field_error))?;
    let saved = manage_catalog::save_category(&state.db, &by, (id > 0).then_some(id), &c)
        .await
        .map_err(ssr::write_error)?;
    leptos_axum::redirect(&format!("/manage/catalog?saved=1#category-{saved}"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::error::AppError;
    use crate::server::auth::Actor;
    use crate::server::repos::manage_catalog::CatalogWriteError;
    use crate::server::{app_state, AppState};
    use priyom::Role;

    /// The app state and the admin acting.
    pub fn admin() -> Result<(AppState, Actor), AppError> {
        Ok((app_state()?, crate::server::auth::require(Role::Admin)?))
    }

    pub fn write_error(e: CatalogWriteError) -> AppError {
        let t = crate::initial_lang().catalog_admin();
        match e {
            CatalogWriteError::NotFound => AppError::NotFound,
            CatalogWriteError::Duplicate => AppError::one_field("name", t.duplicate),
            CatalogWriteError::Slug => AppError::one_field("name_en", t.no_slug),
            CatalogWriteError::Tree(e) => AppError::one_field("parent", (t.field_error)(e)),
            CatalogWriteError::Db(e) => e.into(),
        }
    }
}
