//! Public catalog reads. Anyone may call these; they only return published, active data.

use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::{
    ClinicPage, ContentPage, HomeData, ServiceCategory, SpecialistFilter, SpecialistList,
    SpecialistProfile,
};
use leptos::prelude::*;

/// The current calendar year (for "years of practice").
#[cfg(feature = "ssr")]
fn current_year() -> i64 {
    use chrono::Datelike;
    chrono::DateTime::from_timestamp(crate::server::now_unix(), 0)
        .map(|t| i64::from(t.year()))
        .unwrap_or(2026)
}

/// The cached catalog as of now (one version query).
#[cfg(feature = "ssr")]
async fn catalog() -> Result<crate::server::repos::catalog_cache::Current, AppError> {
    let state = crate::server::app_state()?;
    let db = &state.db;
    let catalog = crate::server::repos::catalog_cache::CatalogCache::of(db);
    Ok(catalog.current(db, current_year()).await?)
}

/// Clinics, specializations and top specialists for the home page.
#[server(endpoint = "catalog/home", input = server_fn::codec::GetUrl)]
pub async fn get_home(lang: Lang) -> Result<HomeData, AppError> {
    let catalog = catalog().await?;
    Ok(catalog.home(lang).await?)
}

/// One page of the specialists list with its filters.
#[server(endpoint = "catalog/specialists", input = server_fn::codec::GetUrl)]
pub async fn list_specialists(
    lang: Lang,
    filter: SpecialistFilter,
) -> Result<SpecialistList, AppError> {
    let catalog = catalog().await?;
    Ok(catalog.specialists(lang, &filter).await?)
}

#[server(endpoint = "catalog/specialist", input = server_fn::codec::GetUrl)]
pub async fn get_specialist(lang: Lang, slug: String) -> Result<SpecialistProfile, AppError> {
    let catalog = catalog().await?;
    catalog
        .profile(lang, &slug)
        .await?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "catalog/clinic", input = server_fn::codec::GetUrl)]
pub async fn get_clinic(lang: Lang, slug: String) -> Result<ClinicPage, AppError> {
    let catalog = catalog().await?;
    catalog.clinic(lang, &slug).await?.ok_or(AppError::NotFound)
}

#[server(endpoint = "catalog/services", input = server_fn::codec::GetUrl)]
pub async fn get_services(lang: Lang) -> Result<Vec<ServiceCategory>, AppError> {
    let catalog = catalog().await?;
    Ok(catalog.services(lang).await?)
}

/// A published content page rendered from Markdown on the server.
#[server(endpoint = "catalog/page", input = server_fn::codec::GetUrl)]
pub async fn get_content_page(lang: Lang, slug: String) -> Result<ContentPage, AppError> {
    let state = crate::server::app_state()?;
    let (title, body, seo_description) =
        crate::server::repos::content::published_page(&state.db, lang, &slug)
            .await?
            .ok_or(AppError::NotFound)?;
    Ok(ContentPage {
        html: crate::server::markdown::render(&body),
        slug,
        title,
        seo_description,
    })
}
