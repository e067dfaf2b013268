//! Management of clinics (managers for the clinics they run, admins for all): the profile,
//! opening hours, booking rules and rooms; an admin opens new clinics and closes them to
//! booking. The page is `pages/manage_clinics.rs`, the writes `repos/manage_clinics.rs`.

#[cfg(feature = "ssr")]
use crate::api::manage::ssr;
use crate::error::AppError;
use leptos::prelude::*;

/// A clinic on the management page; hours as typed, `09:00–21:00` or empty (closed).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClinicForm {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub name_en: String,
    pub address: String,
    pub address_en: String,
    pub phone: String,
    pub email: String,
    pub tz: String,
    pub lat: String,
    pub lon: String,
    pub active: bool,
    pub hours: Vec<String>,
    /// `(id, name, active)`.
    pub rooms: Vec<(i64, String, bool)>,
    pub policy: priyom::BookingPolicyRaw,
}

/// The clinics this manager runs (every clinic for an admin).
#[server(endpoint = "manage/clinics", input = server_fn::codec::GetUrl)]
pub async fn manage_clinics() -> Result<Vec<ClinicForm>, AppError> {
    use crate::server::repos::manage_clinics;
    crate::api::no_store();
    let (state, scope, _) = ssr::manager()?;
    let rows = manage_clinics::clinics(&state.db, &scope).await?;
    let time = |m: i64| format!("{:02}:{:02}", m / 60, m % 60);
    Ok(rows
        .into_iter()
        .map(|c| ClinicForm {
            id: c.id,
            slug: c.slug,
            name: c.name,
            name_en: c.name_en,
            address: c.address,
            address_en: c.address_en,
            phone: crate::format::phone_label(&c.phone),
            email: c.email.unwrap_or_default(),
            tz: c.tz,
            lat: c.lat.to_string(),
            lon: c.lon.to_string(),
            active: c.active,
            hours: c
                .hours
                .iter()
                .map(|h| h.map_or_else(String::new, |(o, c)| format!("{}–{}", time(o), time(c))))
                .collect(),
            rooms: c.rooms,
            policy: c.policy,
        })
        .collect())
}

/// Saves a clinic's profile and opening hours; each bad field gets its own message.
#[server(endpoint = "manage/clinic")]
pub async fn save_clinic(
    csrf: String,
    id: i64,
    #[server(flatten)] form: crate::model::forms::ClinicProfileFields,
) -> Result<(), AppError> {
    use crate::server::repos::manage_clinics;
    use priyom::ClinicProfile;
    crate::server::auth::csrf::verify(&csrf)?;
    let t = crate::initial_lang().clinics_admin();
    let (state, _, by) = ssr::manager()?;
    let profile =
        ClinicProfile::new(form.raw()).map_err(|bad| AppError::from_fields(bad, t.field_error))?;
    if !manage_clinics::update_clinic(&state.db, &by, id, &profile).await? {
        return Err(AppError::NotFound);
    }
    leptos_axum::redirect(&format!("/manage/clinics?saved={id}#clinic-{id}"));
    Ok(())
}

/// Saves how a clinic takes bookings: slot step, minimum notice, horizon, the patients'
/// change window, and whether visits wait for the desk's confirmation.
#[server(endpoint = "manage/policy")]
pub async fn save_policy(
    csrf: String,
    clinic: i64,
    step_min: String,
    min_notice_min: String,
    horizon_days: String,
    cancel_notice_min: String,
    requires_confirmation: Option<String>,
) -> Result<(), AppError> {
    use crate::server::repos::manage_clinics;
    crate::server::auth::csrf::verify(&csrf)?;
    let (state, _, by) = ssr::manager()?;
    let policy = ssr::policy(
        [
            &step_min,
            &min_notice_min,
            &horizon_days,
            &cancel_notice_min,
        ],
        requires_confirmation.is_some(),
    )?;
    if !manage_clinics::save_policy(&state.db, &by, clinic, &policy).await? {
        return Err(AppError::NotFound);
    }
    leptos_axum::redirect(&format!("/manage/clinics?saved={clinic}#clinic-{clinic}"));
    Ok(())
}

/// Adds a room to a clinic.
#[server(endpoint = "manage/room-add")]
pub async fn add_room(csrf: String, clinic: i64, name: String) -> Result<(), AppError> {
    use crate::server::repos::manage_clinics;
    crate::server::auth::csrf::verify(&csrf)?;
    let t = crate::initial_lang().clinics_admin();
    let (state, _, by) = ssr::manager()?;
    let name =
        priyom::room_name(&name).map_err(|e| AppError::one_field("name", (t.field_error)(e)))?;
    manage_clinics::add_room(&state.db, &by, clinic, &name)
        .await
        .map_err(ssr::room_error)?;
    leptos_axum::redirect(&format!("/manage/clinics?saved={clinic}#clinic-{clinic}"));
    Ok(())
}

/// Renames a room, takes it out of use or back (past visits keep it either way).
#[server(endpoint = "manage/room")]
pub async fn save_room(
    csrf: String,
    id: i64,
    name: String,
    active: Option<String>,
) -> Result<(), AppError> {
    use crate::server::repos::manage_clinics;
    crate::server::auth::csrf::verify(&csrf)?;
    let t = crate::initial_lang().clinics_admin();
    let (state, _, by) = ssr::manager()?;
    let name =
        priyom::room_name(&name).map_err(|e| AppError::one_field("name", (t.field_error)(e)))?;
    manage_clinics::update_room(&state.db, &by, id, &name, active.is_some())
        .await
        .map_err(ssr::room_error)?;
    leptos_axum::redirect(&format!("/manage/clinics?room={id}"));
    Ok(())
}

/// Opens a new clinic (admins only: managers are granted the clinics they run).
#[server(endpoint = "manage/clinic-new")]
pub async fn create_clinic(
    csrf: String,
    #[server(flatten)] form: crate::model::forms::ClinicProfileFields,
) -> Result<(), AppError> {
    use crate::server::repos::manage_clinics;
    use priyom::ClinicProfile;
    crate::server::auth::csrf::verify(&csrf)?;
    let t = crate::initial_lang().clinics_admin();
    let (state, by) = crate::api::manage_catalog::ssr::admin()?;
    let profile =
        ClinicProfile::new(form.raw()).map_err(|bad| AppError::from_fields(bad, t.field_error))?;
    let id = manage_clinics::create_clinic(&state.db, &by, &profile)
        .await?
        .ok_or_else(|| {
            AppError::one_field("name_en", crate::initial_lang().catalog_admin().no_slug)
        })?;
    leptos_axum::redirect(&format!("/manage/clinics?saved={id}#clinic-{id}"));
    Ok(())
}

/// Closes a clinic to bookings, or opens it again; its visits and history stay.
#[server(endpoint = "manage/clinic-active")]
pub async fn clinic_active(csrf: String, id: i64, active: bool) -> Result<(), AppError> {
    use crate::server::repos::manage_clinics;
    crate::server::auth::csrf::verify(&csrf)?;
    let (state, _, by) = ssr::manager()?;
    if !manage_clinics::set_clinic_active(&state.db, &by, id, active).await? {
        return Err(AppError::NotFound);
    }
    leptos_axum::redirect(&format!("/manage/clinics?saved={id}#clinic-{id}"));
    Ok(())
}
