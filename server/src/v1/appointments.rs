//! Visits through the API: booking (idempotent by the `Idempotency-Key` header), reading,
//! cancelling and moving. The rules are the site's: the same repository calls decide, and
//! the database still refuses a double booking however many requests race.

use super::extract::{Body, Language, Params, Segment};
use super::principal::{key_scope, Principal};
use super::problem::{Problem, Problems};
use super::{cursor, Page};
use app::api::booking::ssr::book_error_in;
use app::api::visits::ssr::{change_error_in, status_error_in};
use app::error::{AppError, FieldErrors};
use app::i18n::Lang;
use app::model::api_keys::Scope;
use app::server::auth::token::sha256_hex;
use app::server::availability;
use app::server::repos::agenda_cache::AgendaCache;
use app::server::repos::appointments::{self, Mover, NewBooking, Patient, StatusBy};
use app::server::repos::users::Consent;
use app::server::repos::v1_appointments::{self as repo, After, Appointment, KeyUse, Viewer};
use app::server::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, FixedOffset};
use priyom::{AppointmentId, AppointmentStatus, ClinicId, Role, Source};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A visit to book.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAppointment {
    /// The service's slug.
    pub service: String,
    /// The clinic's slug.
    pub clinic: String,
    /// A specialist's slug, or `any` (the default) for whoever is free then.
    pub specialist: Option<String>,
    /// The start, as a slot from the availability gives it (RFC 3339, any offset).
    pub start: DateTime<FixedOffset>,
    /// Whom the visit is for. A patient books for themselves and leaves it out; front-desk
    /// staff and keys name the patient.
    pub patient: Option<PatientIn>,
}

/// The patient of a visit booked for someone else.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatientIn {
    pub full_name: String,
    #[schema(example = "+7 916 123-45-67")]
    pub phone: String,
    /// The patient agreed to the processing of their personal data for this visit.
    pub consent: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Cancel {
    /// Why, in the patient's or the desk's words (up to 500 characters).
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reschedule {
    /// The new start (same service, clinic and specialist).
    pub start: DateTime<FixedOffset>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only visits starting at or after this instant (RFC 3339), e.g. now for the upcoming.
    pub from: Option<DateTime<FixedOffset>>,
    /// From the `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Items per page, 1–100 (20 by default).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

/// The visits the caller may see (their own; their clinics' for the front desk and keys).
fn viewer(principal: &Principal, scope: Scope) -> Result<Viewer, Problem> {
    match principal {
        Principal::Key(key) => {
            key_scope(key, scope)?;
            Ok(Viewer::Key {
                clinics: key.clinics(),
            })
        }
        other => {
            let actor = other.person()?;
            Ok(Viewer::Person {
                id: actor.id,
                desk: actor.scope(Role::Operator),
            })
        }
    }
}

/// Lists the visits the caller may see, in time order, a page at a time.
#[utoipa::path(get, path = "/appointments", tag = "appointments", params(ListQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, body = Page<Appointment>), Problems))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
    Params(query): Params<ListQuery>,
) -> Result<Json<Page<Appointment>>, Problem> {
    let viewer = viewer(&principal, Scope::AppointmentsRead)?;
    let limit = super::page_size(query.limit)?;
    // A cursor continues a list (already past `from`); `from` starts one.
    let after = match (query.cursor.as_deref(), query.from) {
        (Some(text), _) => {
            let (start, id) = cursor::parse_two(text)?;
            Some(After { start, id })
        }
        (None, Some(from)) => Some(After {
            start: from.timestamp().saturating_sub(1),
            id: i64::MAX,
        }),
        (None, None) => None,
    };
    let found = repo::list(&state.db, lang, &viewer, after, limit + 1).await?;
    let page = Page::of(
        found,
        limit,
        |a| cursor::two(a.start.timestamp(), a.id),
        |a| a,
    );
    Ok(Json(page))
}

/// One visit the caller may see.
#[utoipa::path(get, path = "/appointments/{id}", tag = "appointments",
    params(("id" = i64, Path)), security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, body = Appointment), Problems))]
pub async fn get_one(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
    Segment(id): Segment<i64>,
) -> Result<Json<Appointment>, Problem> {
    let viewer = viewer(&principal, Scope::AppointmentsRead)?;
    let found = repo::one(&state.db, lang, &viewer, id).await?;
    found.map(Json).ok_or_else(Problem::not_found)
}

/// The `Idempotency-Key` header: 1–255 visible characters.
fn idempotency_key(headers: &HeaderMap) -> Result<String, Problem> {
    let missing = || {
        Problem::bad_request(
            "Idempotency-Key: send a unique value (1–255 visible characters) with each new \
             booking, and the same value when you retry it.",
        )
    };
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .ok_or_else(missing)?;
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(missing());
    }
    Ok(key.to_string())
}

/// The patient from a request's `patient`, with the consent as given through the API.
fn named_patient(
    given: &PatientIn,
    lang: Lang,
    ip: &str,
) -> Result<(priyom::PersonName, priyom::Phone, Consent), Problem> {
    let t = lang.auth();
    let mut errors = FieldErrors::default();
    let name = errors.check(
        "patient.full_name",
        priyom::PersonName::parse(&given.full_name),
        |e| (t.name_error)(e).into(),
    );
    let phone = errors.check("patient.phone", priyom::Phone::parse(&given.phone), |e| {
        (t.phone_error)(e).into()
    });
    if !given.consent {
        errors.add("patient.consent", t.consent_required);
    }
    errors.finish()?;
    let (Some(name), Some(phone)) = (name, phone) else {
        return Err(AppError::internal("field errors not reported").into());
    };
    let consent = Consent {
        text_version_hash: sha256_hex(app::i18n::auth::RU.consent_text),
        purposes: "booking,reminders",
        ip: ip.to_string(),
        user_agent: Some("api/v1".into()),
    };
    Ok((name, phone, consent))
}

/// Whom the visit is for, and who books it, as the caller may book.
fn patient_of(
    principal: &Principal,
    new: &NewAppointment,
    clinic: ClinicId,
    lang: Lang,
) -> Result<(Patient, Option<priyom::UserId>, String), Problem> {
    let outside = || Problem::forbidden("This caller does not book at this clinic.");
    match principal {
        Principal::Nobody => Err(principal.person().err().unwrap_or_else(Problem::not_found)),
        Principal::Key(key) => {
            key_scope(key, Scope::AppointmentsWrite)?;
            if !key.clinics().allows(clinic) {
                return Err(outside());
            }
            let given = new.patient.as_ref().ok_or_else(|| {
                Problem::from(AppError::one_field(
                    "patient",
                    "A key books for a named patient: send patient.",
                ))
            })?;
            let ip = format!("api-key:{}", key.id);
            let (name, phone, consent) = named_patient(given, lang, &ip)?;
            let patient = Patient::Guest {
                name,
                phone,
                consent,
                proof: None,
            };
            Ok((patient, None, ip))
        }
        Principal::Person(actor) => match &new.patient {
            None => Ok((Patient::Account(actor.id), Some(actor.id), actor.ip.clone())),
            Some(given) => {
                if !actor.scope(Role::Operator).allows(clinic) {
                    return Err(outside());
                }
                let (name, phone, consent) = named_patient(given, lang, &actor.ip)?;
                let patient = Patient::Caller {
                    name,
                    phone,
                    consent,
                    recorded_by: actor.id,
                };
                Ok((patient, Some(actor.id), actor.ip.clone()))
            }
        },
    }
}

/// Who the caller is, for naming their idempotency keys apart from everyone else's.
fn caller_name(principal: &Principal) -> String {
    match principal {
        Principal::Nobody => "nobody".into(),
        Principal::Person(actor) => format!("user:{}", actor.id.get()),
        Principal::Key(key) => format!("key:{}", key.id),
    }
}

/// Books a visit. Send an `Idempotency-Key`: a retry with the same key and body answers with
/// the visit booked the first time (200); the same key with another body is refused (422).
#[utoipa::path(post, path = "/appointments", tag = "appointments",
    request_body = NewAppointment,
    params(("Idempotency-Key" = String, Header, description = "Unique per booking; the same on retries")),
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 201, body = Appointment, description = "Booked",
            headers(("Location" = String, description = "The visit's URL"))),
        (status = 200, body = Appointment, description = "Booked before with this key"),
        Problems))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
    headers: HeaderMap,
    Body(new): Body<NewAppointment>,
) -> Result<Response, Problem> {
    if let Principal::Nobody = principal {
        principal.person()?;
    }
    let key = idempotency_key(&headers)?;
    let viewer = viewer(&principal, Scope::AppointmentsWrite)?;
    let now = app::server::now_unix();
    let specialist = new.specialist.as_deref().unwrap_or(availability::ANY);
    let mut conn = state.db.pool().acquire().await?;
    let agendas = AgendaCache::of(&state.db);
    let schedule = agendas.current(&mut conn).await?;
    let ids =
        availability::ids(&schedule, &mut conn, &new.service, &new.clinic, specialist).await?;
    drop(conn);
    let (Some(service), Some(clinic)) = (ids.service, ids.clinic) else {
        return Err(Problem::not_found());
    };
    let (patient, actor, ip) = patient_of(&principal, &new, clinic, lang)?;
    // The key is bound to the first request that got this far: a retry with the same body
    // answers with its visit, another body is refused.
    let key_hash = sha256_hex(&format!("{}\n{key}", caller_name(&principal)));
    let request = serde_json::to_string(&new).map_err(AppError::internal)?;
    if repo::claim_key(&state.db, &key_hash, &sha256_hex(&request), now).await? == KeyUse::Different
    {
        return Err(Problem::unprocessable(
            "This Idempotency-Key was used with another request; use a new key for a new booking.",
        ));
    }
    if let Some(id) = appointments::by_key(&state.db, &key_hash).await? {
        let visit = repo::one(&state.db, lang, &viewer, id.get()).await?;
        return visit
            .map(|v| (StatusCode::OK, Json(v)).into_response())
            .ok_or_else(Problem::not_found);
    }
    let booking = NewBooking {
        clinic,
        service,
        specialist: ids.specialist,
        start: new.start.timestamp(),
        patient,
        source: Source::Api,
        idempotency_key: key_hash,
        actor,
        ip,
    };
    let booked = appointments::book(&state.db, &booking, now)
        .await
        .map_err(|e| book_error_in(e, lang))?;
    let visit = repo::one(&state.db, lang, &viewer, booked.id.get())
        .await?
        .ok_or_else(|| AppError::internal("a booked visit is not visible to its booker"))?;
    let mut response = (StatusCode::CREATED, Json(visit)).into_response();
    if let Ok(location) =
        HeaderValue::from_str(&format!("/api/v1/appointments/{}", booked.id.get()))
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// Cancels a visit: a patient their own within the clinic's policy, the front desk any at
/// its clinics.
#[utoipa::path(post, path = "/appointments/{id}/cancel", tag = "appointments",
    params(("id" = i64, Path)), request_body = Cancel, security(("bearer" = [])),
    responses((status = 200, body = Appointment), Problems))]
pub async fn cancel(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
    Segment(id): Segment<i64>,
    Body(form): Body<Cancel>,
) -> Result<Json<Appointment>, Problem> {
    let actor = principal.person()?;
    let reason = form.reason.trim();
    if reason.chars().count() > 500 {
        return Err(AppError::one_field("reason", lang.booking().reason_too_long).into());
    }
    let visit = AppointmentId::new(id);
    if repo::is_patients_own(&state.db, actor.id, id).await? {
        appointments::cancel_own(&state.db, actor.id, visit, reason, &actor.ip, actor.now)
            .await
            .map_err(|e| change_error_in(e, lang))?;
    } else if actor.may(Role::Operator) {
        let by = StatusBy::Desk(actor);
        appointments::set_status(
            &state.db,
            by,
            visit,
            AppointmentStatus::Cancelled,
            Some(reason),
        )
        .await
        .map_err(|e| status_error_in(e, lang))?;
    } else {
        return Err(Problem::not_found());
    }
    visible(&state, &principal, lang, id).await
}

/// Moves a visit to a new start with the same specialist; the old time is kept if the new
/// one cannot be had.
#[utoipa::path(post, path = "/appointments/{id}/reschedule", tag = "appointments",
    params(("id" = i64, Path)), request_body = Reschedule, security(("bearer" = [])),
    responses((status = 200, body = Appointment), Problems))]
pub async fn reschedule(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
    Segment(id): Segment<i64>,
    Body(form): Body<Reschedule>,
) -> Result<Json<Appointment>, Problem> {
    let actor = principal.person()?;
    let by = if repo::is_patients_own(&state.db, actor.id, id).await? {
        Mover::Patient(actor.id)
    } else if actor.may(Role::Operator) {
        Mover::Staff(actor)
    } else {
        return Err(Problem::not_found());
    };
    let start = form.start.timestamp();
    appointments::reschedule(
        &state.db,
        by,
        AppointmentId::new(id),
        start,
        &actor.ip,
        actor.now,
    )
    .await
    .map_err(|e| change_error_in(e, lang))?;
    visible(&state, &principal, lang, id).await
}

async fn visible(
    state: &AppState,
    principal: &Principal,
    lang: Lang,
    id: i64,
) -> Result<Json<Appointment>, Problem> {
    let viewer = viewer(principal, Scope::AppointmentsRead)?;
    let found = repo::one(&state.db, lang, &viewer, id).await?;
    found.map(Json).ok_or_else(Problem::not_found)
}
