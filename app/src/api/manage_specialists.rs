//! Management of specialists (managers of the clinics they work at, admins for all): the
//! profile, and which of the manager's clinics and services they take. The photo is uploaded
//! by a plain multipart form to the server crate (`/manage/specialists/:id/photo`).

use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;

/// One specialist on the management page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpecialistForm {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub title: String,
    pub title_en: String,
    pub bio: String,
    pub bio_en: String,
    pub practice_since: String,
    pub education: String,
    pub certificates: String,
    pub active: bool,
    /// Hidden until the person agrees through the invitation sent to them.
    pub awaiting_consent: bool,
    pub photo_url: Option<String>,
    /// `(id, name, linked)`.
    pub clinics: Vec<(i64, String, bool)>,
    pub services: Vec<(i64, String, bool)>,
    pub specializations: Vec<(i64, String, bool)>,
}

/// The specialists of the clinics this manager runs (all for an admin).
#[server(endpoint = "manage/specialists", input = server_fn::codec::GetUrl)]
pub async fn manage_specialists(lang: Lang) -> Result<Vec<SpecialistForm>, AppError> {
    use crate::server::repos::manage_specialists;
    crate::api::no_store();
    let (state, scope, _) = crate::api::manage::ssr::manager()?;
    let rows = manage_specialists::specialists(&state.db, lang, &scope).await?;
    Ok(rows
        .into_iter()
        .map(|r| SpecialistForm {
            id: r.id,
            slug: r.slug,
            name: r.name,
            title: r.title,
            title_en: r.title_en,
            bio: r.bio,
            bio_en: r.bio_en,
            practice_since: r.practice_since.map(|y| y.to_string()).unwrap_or_default(),
            education: r.education,
            certificates: r.certificates,
            active: r.active,
            awaiting_consent: r.awaiting_consent,
            photo_url: r.photo_url,
            clinics: r.clinics,
            services: r.services,
            specializations: r.specializations,
        })
        .collect())
}

/// Saves a specialist's profile; each bad field gets its own message.
#[server(endpoint = "manage/specialist")]
pub async fn save_specialist(
    csrf: String,
    id: i64,
    #[server(flatten)] form: crate::model::forms::SpecialistProfileFields,
) -> Result<(), AppError> {
    use crate::server::repos::manage_specialists::{self, Reach};
    use chrono::Datelike;
    use priyom::SpecialistProfile;
    crate::server::auth::csrf::verify(&csrf)?;
    let t = crate::initial_lang().specialists_admin();
    let (state, _, by) = crate::api::manage::ssr::manager()?;
    let this_year = chrono::DateTime::from_timestamp(crate::server::now_unix(), 0)
        .map_or(2100, |now| now.year());
    let profile = SpecialistProfile::new(form.raw(), this_year)
        .map_err(|bad| AppError::from_fields(bad, t.field_error))?;
    match manage_specialists::update_profile(&state.db, &by, id, &profile).await? {
        Reach::Own => {}
        Reach::Shared => return Err(AppError::Invalid(t.shared_specialist.into())),
        Reach::Outside => return Err(AppError::NotFound),
    }
    leptos_axum::redirect(&format!("/manage/specialists?saved={id}#specialist-{id}"));
    Ok(())
}

/// Adds or removes one of the manager's clinics or services for a specialist.
#[server(endpoint = "manage/specialist-link")]
pub async fn link_specialist(
    csrf: String,
    id: i64,
    kind: String,
    target: i64,
    on: bool,
) -> Result<(), AppError> {
    use crate::server::repos::manage_specialists::{self, Link};
    crate::server::auth::csrf::verify(&csrf)?;
    let (state, _, by) = crate::api::manage::ssr::manager()?;
    let link = match kind.as_str() {
        "clinic" => Link::Clinic(target),
        "service" => Link::Service(target),
        "specialization" => Link::Specialization(target),
        _ => return Err(AppError::Invalid("unknown link".into())),
    };
    if !manage_specialists::set_link(&state.db, &by, id, link, on).await? {
        return Err(AppError::NotFound);
    }
    leptos_axum::redirect(&format!("/manage/specialists?saved={id}#specialist-{id}"));
    Ok(())
}

/// Sends the invitation again to a specialist who has not answered (the old link dies).
#[server(endpoint = "manage/specialist-invite")]
pub async fn resend_invitation(csrf: String, id: i64) -> Result<(), AppError> {
    use crate::server::repos::manage_specialists;
    crate::server::auth::csrf::verify(&csrf)?;
    let (state, _, by) = crate::api::manage::ssr::manager()?;
    if !manage_specialists::resend_invitation(&state.db, &by, id).await? {
        return Err(AppError::NotFound);
    }
    leptos_axum::redirect(&format!("/manage/specialists?saved={id}#specialist-{id}"));
    Ok(())
}

/// Adds a specialist at one of the manager's clinics: the person is found by phone, or gets
/// a new account without a password (they set one with «Забыли пароль?»).
#[server(endpoint = "manage/specialist-new")]
pub async fn create_specialist(
    csrf: String,
    full_name: String,
    phone: String,
    email: String,
    clinic: String,
    title: String,
    title_en: String,
) -> Result<(), AppError> {
    use crate::error::FieldErrors;
    use crate::server::repos::manage_specialists::{self, NewSpecialist, NewSpecialistError};
    use priyom::{checked_name, Email, PersonName, Phone};
    crate::server::auth::csrf::verify(&csrf)?;
    let lang = crate::initial_lang();
    let (t, a) = (lang.specialists_admin(), lang.auth());
    let (state, _, by) = crate::api::manage::ssr::manager()?;
    let mut errors = FieldErrors::default();
    let full_name = errors.check("full_name", PersonName::parse(&full_name), |e| {
        (a.name_error)(e).into()
    });
    let phone = errors.check("phone", Phone::parse(&phone), |e| (a.phone_error)(e).into());
    let email = match email.trim() {
        "" => Some(None),
        text => errors.check("email", Email::parse(text).map(Some), |e| {
            (a.email_error)(e).into()
        }),
    };
    let clinic = errors.check("clinic", clinic.trim().parse::<i64>(), |_| {
        t.no_clinic.into()
    });
    let title = errors.check("title", checked_name(&title), |_| t.title_error.into());
    let title_en = errors.check("title_en", checked_name(&title_en), |_| {
        t.title_error.into()
    });
    errors.finish()?;
    let (Some(full_name), Some(phone), Some(email), Some(clinic), Some(title), Some(title_en)) =
        (full_name, phone, email, clinic, title, title_en)
    else {
        return Err(AppError::internal("field errors not reported"));
    };
    let new = NewSpecialist {
        full_name,
        phone,
        email,
        clinic,
        title,
        title_en,
    };
    let id = manage_specialists::create_specialist(&state.db, &by, &new)
        .await
        .map_err(|e| match e {
            NewSpecialistError::NotFound => AppError::one_field("clinic", t.no_clinic),
            NewSpecialistError::AlreadySpecialist => AppError::one_field("phone", t.already),
            NewSpecialistError::EmailTaken => AppError::one_field("email", a.email_taken),
            NewSpecialistError::EmailNeeded => AppError::one_field("email", t.email_needed),
            NewSpecialistError::Db(e) => e.into(),
        })?;
    leptos_axum::redirect(&format!("/manage/specialists?saved={id}#specialist-{id}"));
    Ok(())
}
