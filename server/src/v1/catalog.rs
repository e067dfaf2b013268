//! Clinics, services and specialists: public reads (a key needs `catalog:read`).

use super::extract::{Language, Params, Segment};
use super::principal::Principal;
use super::problem::{Problem, Problems};
use super::Page;
use app::model::api_keys::Scope;
use app::server::repos::v1_catalog::{self as repo, Clinic, Filter, Service, Specialist};
use app::server::AppState;
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct Clinics {
    pub items: Vec<Clinic>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Services {
    pub items: Vec<Service>,
}

/// Lists clinics open for booking.
#[utoipa::path(get, path = "/clinics", tag = "catalog",
    responses((status = 200, body = Clinics), Problems))]
pub async fn list_clinics(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
) -> Result<Json<Clinics>, Problem> {
    principal.may_read(Scope::CatalogRead)?;
    let items = repo::clinics(&state.db, lang).await?;
    Ok(Json(Clinics { items }))
}

/// One clinic.
#[utoipa::path(get, path = "/clinics/{slug}", tag = "catalog",
    params(("slug" = String, Path, description = "The clinic's slug")),
    responses((status = 200, body = Clinic), Problems))]
pub async fn get_clinic(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
    Segment(slug): Segment<String>,
) -> Result<Json<Clinic>, Problem> {
    principal.may_read(Scope::CatalogRead)?;
    let clinic = repo::clinic(&state.db, lang, &slug).await?;
    clinic.map(Json).ok_or_else(Problem::not_found)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// Only services this clinic offers (a clinic slug).
    pub clinic: Option<String>,
    /// Only services of this section of the price list or its subsections (a section slug).
    pub section: Option<String>,
    /// Only services this specialist provides (a specialist slug).
    pub specialist: Option<String>,
}

/// Lists services, narrowed by clinic, section and specialist.
#[utoipa::path(get, path = "/services", tag = "catalog", params(ServiceQuery),
    responses((status = 200, body = Services), Problems))]
pub async fn list_services(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
    Params(query): Params<ServiceQuery>,
) -> Result<Json<Services>, Problem> {
    principal.may_read(Scope::CatalogRead)?;
    let filter = Filter {
        clinic: query.clinic,
        section: query.section,
        specialist: query.specialist,
        ..Filter::default()
    };
    let items = repo::services(&state.db, lang, &filter).await?;
    Ok(Json(Services { items }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SpecialistQuery {
    /// Only those who work at this clinic (a clinic slug).
    pub clinic: Option<String>,
    /// Only those who provide this service (a service slug).
    pub service: Option<String>,
    /// Only those with this specialization (a specialization slug).
    pub specialization: Option<String>,
    /// From the `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Items per page, 1–100 (20 by default).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

/// Lists specialists a page at a time, narrowed by clinic, service and specialization.
#[utoipa::path(get, path = "/specialists", tag = "catalog", params(SpecialistQuery),
    responses((status = 200, body = Page<Specialist>), Problems))]
pub async fn list_specialists(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
    Params(query): Params<SpecialistQuery>,
) -> Result<Json<Page<Specialist>>, Problem> {
    principal.may_read(Scope::CatalogRead)?;
    let limit = super::page_size(query.limit)?;
    let after = match query.cursor.as_deref() {
        None => 0,
        Some(text) => super::cursor::parse_one(text)?,
    };
    let filter = Filter {
        clinic: query.clinic,
        service: query.service,
        specialization: query.specialization,
        ..Filter::default()
    };
    let found = repo::specialists(&state.db, lang, &filter, after, limit + 1).await?;
    let page = Page::of(found, limit, |(id, _)| super::cursor::one(*id), |(_, s)| s);
    Ok(Json(page))
}

/// One specialist.
#[utoipa::path(get, path = "/specialists/{slug}", tag = "catalog",
    params(("slug" = String, Path, description = "The specialist's slug")),
    responses((status = 200, body = Specialist), Problems))]
pub async fn get_specialist(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
    Segment(slug): Segment<String>,
) -> Result<Json<Specialist>, Problem> {
    principal.may_read(Scope::CatalogRead)?;
    let filter = Filter {
        specialist: Some(slug),
        ..Filter::default()
    };
    let found = repo::specialists(&state.db, lang, &filter, 0, 1).await?;
    found
        .into_iter()
        .next()
        .map(|(_, s)| Json(s))
        .ok_or_else(Problem::not_found)
}
