//! Booking: the steps' choices, the month map and a day's free times (reads as `GetUrl`, so
//! the calendar fetches only slot data), a quote for the chosen time, and the booking itself.
//! Services, clinics and specialists are named by their URL slugs; `"any"` is any specialist.

// `book` takes the booking form's fields one by one (plain names keep the no-JS form simple);
// the lint cannot be allowed on the client stub the `server` macro generates, only here.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::booking::{DaySlots, MonthAvailability, Quote, StepChoices};
use leptos::prelude::*;

pub use crate::model::booking::ANY;

#[server(endpoint = "booking/choices", input = server_fn::codec::GetUrl)]
pub async fn booking_choices(
    lang: Lang,
    service: String,
    clinic: String,
) -> Result<StepChoices, AppError> {
    use crate::server::repos::booking as repo;
    let state = crate::server::app_state()?;
    let mut conn = state.db.pool().acquire().await?;
    let ids = repo::resolve(&mut conn, &service, &clinic, "").await?;
    drop(conn);
    let services = repo::services(&state.db, lang).await?;
    let clinics = match ids.service {
        Some(s) => repo::clinics(&state.db, lang, s).await?,
        None => Vec::new(),
    };
    let specialists = match (ids.service, ids.clinic) {
        (Some(s), Some(c)) => repo::specialists(&state.db, lang, s, c).await?,
        _ => Vec::new(),
    };
    Ok(StepChoices {
        services,
        clinics,
        specialists,
    })
}

/// Which days of a month (`YYYY-MM`; empty: this month) have free time.
#[server(endpoint = "booking/month", input = server_fn::codec::GetUrl)]
pub async fn booking_month(
    service: String,
    clinic: String,
    specialist: String,
    month: String,
) -> Result<MonthAvailability, AppError> {
    ssr::month(&service, &clinic, &specialist, &month).await
}

/// The free times of one day (`YYYY-MM-DD`).
#[server(endpoint = "booking/day", input = server_fn::codec::GetUrl)]
pub async fn booking_day(
    service: String,
    clinic: String,
    specialist: String,
    date: String,
) -> Result<DaySlots, AppError> {
    ssr::day(&service, &clinic, &specialist, &date).await
}

/// The chosen visit written out, whether it is still free, and a fresh form key.
#[server(endpoint = "booking/quote", input = server_fn::codec::GetUrl)]
pub async fn booking_quote(
    lang: Lang,
    service: String,
    clinic: String,
    specialist: String,
    start: i64,
) -> Result<Quote, AppError> {
    crate::api::no_store();
    ssr::quote(lang, &service, &clinic, &specialist, start).await
}

/// Books the quoted visit; on success goes to its confirmation page. A guest gives a name,
/// phone and consent; a signed-in patient needs none of them.
#[server(endpoint = "booking/book")]
pub async fn book(
    csrf: String,
    key: String,
    service: String,
    clinic: String,
    specialist: String,
    start: i64,
    full_name: Option<String>,
    phone: Option<String>,
    consent: Option<String>,
    code: Option<String>,
) -> Result<(), AppError> {
    crate::server::auth::csrf::verify(&csrf)?;
    let guest = ssr::GuestFields {
        full_name,
        phone,
        consent,
        code,
    };
    let key = ssr::book(&key, &service, &clinic, &specialist, start, guest).await?;
    leptos_axum::redirect(&format!("/visits/{key}"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::{AppError, FieldErrors};
    use crate::i18n::Lang;
    use crate::model::booking::{DaySlots, MonthAvailability, Quote};
    use crate::server::availability::{self, ids, load};
    use crate::server::repos::agenda_cache::AgendaCache;
    use crate::server::repos::appointments::{self, BookError, NewBooking, Patient};
    use crate::server::repos::booking as repo;
    use crate::server::repos::phone_codes::{self, Purpose};
    use crate::server::{app_state, now_unix};
    use chrono::Days;

    pub async fn month(
        service: &str,
        clinic: &str,
        specialist: &str,
        month: &str,
    ) -> Result<MonthAvailability, AppError> {
        let db = &app_state()?.db;
        availability::month(db, (service, clinic, specialist), month, now_unix()).await
    }

    pub async fn day(
        service: &str,
        clinic: &str,
        specialist: &str,
        date: &str,
    ) -> Result<DaySlots, AppError> {
        let db = &app_state()?.db;
        availability::day(db, (service, clinic, specialist), date, now_unix()).await
    }

    pub async fn quote(
        lang: Lang,
        service: &str,
        clinic: &str,
        specialist: &str,
        start: i64,
    ) -> Result<Quote, AppError> {
        let state = app_state()?;
        let now = now_unix();
        let mut conn = state.db.pool().acquire().await?;
        let agendas = AgendaCache::of(&state.db);
        let schedule = agendas.current(&mut conn).await?;
        let ids = ids(&schedule, &mut conn, service, clinic, specialist).await?;
        let (Some(service_id), Some(clinic_id), Some(specialist_id)) =
            (ids.service, ids.clinic, ids.specialist)
        else {
            return Err(AppError::NotFound);
        };
        let day = chrono::DateTime::from_timestamp(start, 0)
            .map(|t| t.date_naive())
            .ok_or_else(|| AppError::Invalid("start".into()))?;
        let from = day.checked_sub_days(Days::new(1)).unwrap_or(day);
        let to = day.checked_add_days(Days::new(1)).unwrap_or(day);
        let (agenda, _) = load(&schedule, &mut conn, ids, (from, to), now).await?;
        let names = repo::quote_names(&mut conn, lang, service_id, clinic_id, specialist_id)
            .await?
            .ok_or(AppError::NotFound)?;
        drop(conn);
        let (candidate, price) = agenda.specialist(specialist_id).ok_or(AppError::NotFound)?;
        let free = priyom::check_bookable(&agenda.query(now), candidate, start).is_ok();
        let when = priyom::utc_to_local(agenda.tz, start)
            .map(|l| lang.booking().long_date_time(l.date, &l.time.to_string()))
            .ok_or_else(|| AppError::Invalid("start".into()))?;
        Ok(Quote {
            service: names.service,
            specialist: names.specialist,
            specialist_slug: names.specialist_slug,
            clinic: names.clinic,
            address: names.address,
            when,
            price: crate::format::price_label(*price),
            duration_min: names.duration_min,
            free,
            key: crate::server::auth::token::new_token(),
            guest_code: app_state()?.notify.sms,
        })
    }

    pub struct GuestFields {
        pub full_name: Option<String>,
        pub phone: Option<String>,
        pub consent: Option<String>,
        pub code: Option<String>,
    }

    /// The patient of a booking: the signed-in user, else a guest from the form's fields.
    async fn patient(guest: GuestFields) -> Result<(Patient, Option<priyom::UserId>), AppError> {
        use crate::server::auth::{current_actor, request, token::sha256_hex};
        use priyom::{PersonName, Phone};
        if let Some(user) = current_actor() {
            return Ok((Patient::Account(user.id), Some(user.id)));
        }
        let lang = crate::initial_lang();
        let t = lang.auth();
        let mut errors = FieldErrors::default();
        let name = errors.check(
            "full_name",
            PersonName::parse(guest.full_name.as_deref().unwrap_or_default()),
            |e| (t.name_error)(e).into(),
        );
        let phone = errors.check(
            "phone",
            Phone::parse(guest.phone.as_deref().unwrap_or_default()),
            |e| (t.phone_error)(e).into(),
        );
        if guest.consent.as_deref().is_none_or(str::is_empty) {
            errors.add("consent", t.consent_required);
        }
        errors.finish()?;
        let (Some(name), Some(phone)) = (name, phone) else {
            return Err(AppError::internal("field errors not reported"));
        };
        let proof = guest_proof(&phone, guest.code.as_deref().unwrap_or_default(), lang).await?;
        let consent = crate::server::repos::users::Consent {
            text_version_hash: sha256_hex(crate::i18n::auth::RU.consent_text),
            purposes: "booking,reminders",
            ip: request::client_ip(),
            user_agent: request::user_agent(),
        };
        Ok((
            Patient::Guest {
                name,
                phone,
                consent,
                proof,
            },
            None,
        ))
    }

    /// With an SMS provider a guest proves the phone: the first press sends a code, the
    /// second brings it. Without one no code could arrive, and none is asked.
    async fn guest_proof(
        phone: &priyom::Phone,
        code: &str,
        lang: Lang,
    ) -> Result<Option<phone_codes::Proof>, AppError> {
        let state = app_state()?;
        if !state.notify.sms {
            return Ok(None);
        }
        let t = lang.auth();
        let code_error = |message: &str| AppError::one_field("code", message);
        if code.trim().is_empty() {
            crate::api::auth::send_phone_code(phone, Purpose::GuestBooking, lang).await?;
            return Err(code_error(t.guest_code_sent));
        }
        let now = now_unix();
        match phone_codes::check(&state.db, phone, Purpose::GuestBooking, code, now).await? {
            Some(proof) => Ok(Some(proof)),
            None => Err(code_error(t.code_wrong)),
        }
    }

    pub async fn book(
        key: &str,
        service: &str,
        clinic: &str,
        specialist: &str,
        start: i64,
        guest: GuestFields,
    ) -> Result<String, AppError> {
        // Keys come from `booking_quote`: 64 hex characters.
        if !crate::server::auth::token::is_token(key) {
            return Err(AppError::Invalid(
                crate::initial_lang().booking().form_expired.into(),
            ));
        }
        let state = app_state()?;
        // A form sent again (a double click, a reload) answers with the visit it booked,
        // before counting, asking or checking anything a second time.
        if appointments::by_key(&state.db, key).await?.is_some() {
            return Ok(key.to_string());
        }
        let (patient, actor) = patient(guest).await?;
        if actor.is_none() {
            use crate::server::auth::{request::client_ip, throttle};
            let limit = throttle::GUEST_BOOKINGS;
            if let Some(wait_s) = throttle::take(&state.db, limit, &client_ip(), now_unix()).await?
            {
                tracing::info!("guest booking refused: too many from one address");
                return Err(AppError::RateLimited {
                    retry_after_s: wait_s.unsigned_abs(),
                });
            }
        }
        let mut conn = state.db.pool().acquire().await?;
        let agendas = AgendaCache::of(&state.db);
        let schedule = agendas.current(&mut conn).await?;
        let ids = ids(&schedule, &mut conn, service, clinic, specialist).await?;
        drop(conn);
        let (Some(service), Some(clinic)) = (ids.service, ids.clinic) else {
            return Err(AppError::NotFound);
        };
        let new = NewBooking {
            clinic,
            service,
            specialist: ids.specialist,
            start,
            patient,
            source: priyom::Source::Web,
            idempotency_key: key.to_string(),
            actor,
            ip: crate::server::auth::request::client_ip(),
        };
        match appointments::book(&state.db, &new, now_unix()).await {
            Ok(booked) => Ok(booked.key),
            Err(e) => Err(book_error(e)),
        }
    }

    pub fn book_error(e: BookError) -> AppError {
        book_error_in(e, crate::initial_lang())
    }

    /// A refused booking as `lang` tells it.
    pub fn book_error_in(e: BookError, lang: Lang) -> AppError {
        let b = lang.booking();
        match e {
            BookError::Taken => AppError::Conflict,
            BookError::Rules(reason) => AppError::Invalid(b.refused(reason).into()),
            BookError::NotFound => AppError::NotFound,
            BookError::GuestLimit => AppError::Invalid(b.guest_limit.into()),
            BookError::CodeSpent => AppError::one_field("code", lang.auth().code_wrong),
            BookError::Db(e) => AppError::internal(e),
        }
    }
}
