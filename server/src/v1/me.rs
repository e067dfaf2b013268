//! The caller's own profile.

use super::principal::Principal;
use super::problem::{Problem, Problems};
use app::server::repos::users;
use app::server::AppState;
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// A role and, for roles held at one clinic, that clinic's id.
#[derive(Debug, Serialize, ToSchema)]
pub struct Grant {
    #[schema(example = "patient")]
    pub role: String,
    pub clinic_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub full_name: String,
    pub phone: String,
    pub email: Option<String>,
    pub roles: Vec<Grant>,
}

/// The signed-in person.
#[utoipa::path(get, path = "/me", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Me), Problems))]
pub async fn me(State(state): State<AppState>, principal: Principal) -> Result<Json<Me>, Problem> {
    let actor = principal.person()?;
    let contacts = users::contacts(&state.db, actor.id).await?;
    let roles = actor
        .roles
        .grants()
        .iter()
        .map(|g| Grant {
            role: g.role.as_str().to_string(),
            clinic_id: g.clinic.map(priyom::ClinicId::get),
        })
        .collect();
    Ok(Json(Me {
        id: actor.id.get(),
        full_name: contacts.full_name,
        phone: contacts.phone,
        email: contacts.email,
        roles,
    }))
}
