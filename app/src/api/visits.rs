//! A patient's visits: the confirmation page (opened by the booking form's key), the cabinet
//! list, and cancelling or moving one's own visit within the clinic's policy window.

use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::booking::{VisitLists, VisitView};
use leptos::prelude::*;

/// The visit booked with this key (the key was in the booker's own form).
#[server(endpoint = "visits/booked", input = server_fn::codec::GetUrl)]
pub async fn booked_visit(lang: Lang, key: String) -> Result<VisitView, AppError> {
    use crate::server::{app_state, now_unix, repos::booking};
    crate::api::no_store();
    if key.len() != 64 {
        return Err(AppError::NotFound);
    }
    let state = app_state()?;
    let row = booking::visit_by_key(&state.db, lang, &key)
        .await?
        .ok_or(AppError::NotFound)?;
    let policies = booking::policies(&state.db).await?;
    Ok(ssr::view(lang, row, &policies, now_unix()))
}

/// The signed-in patient's visits.
#[server(endpoint = "visits/mine", input = server_fn::codec::GetUrl)]
pub async fn my_visits(lang: Lang) -> Result<VisitLists, AppError> {
    use crate::server::{app_state, auth::require_signed_in, now_unix, repos::booking};
    crate::api::no_store();
    let state = app_state()?;
    let user = require_signed_in()?;
    let now = now_unix();
    let rows = booking::visits_of(&state.db, lang, user.id).await?;
    let policies = booking::policies(&state.db).await?;
    let (mut upcoming, past): (Vec<VisitView>, Vec<VisitView>) = rows
        .into_iter()
        .map(|row| ssr::view(lang, row, &policies, now))
        .partition(|v| v.upcoming);
    upcoming.reverse();
    Ok(VisitLists { upcoming, past })
}

/// One of the signed-in patient's visits (for the reschedule page).
#[server(endpoint = "visits/one", input = server_fn::codec::GetUrl)]
pub async fn my_visit(lang: Lang, id: i64) -> Result<VisitView, AppError> {
    use crate::server::{app_state, auth::require_signed_in, now_unix, repos::booking};
    crate::api::no_store();
    let state = app_state()?;
    let user = require_signed_in()?;
    let row = booking::visit_of(&state.db, lang, user.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let policies = booking::policies(&state.db).await?;
    Ok(ssr::view(lang, row, &policies, now_unix()))
}

#[server(endpoint = "visits/cancel")]
pub async fn cancel_visit(csrf: String, id: i64, reason: String) -> Result<(), AppError> {
    use crate::server::auth::{csrf, request, require_signed_in};
    use crate::server::{app_state, now_unix, repos::appointments};
    csrf::verify(&csrf)?;
    let user = require_signed_in()?;
    let b = crate::initial_lang().booking();
    let reason = reason.trim();
    if reason.chars().count() > 500 {
        return Err(AppError::Fields(vec![crate::error::FieldError {
            field: "reason".into(),
            message: b.reason_too_long.into(),
        }]));
    }
    let state = app_state()?;
    let id = priyom::AppointmentId::new(id);
    appointments::cancel_own(
        &state.db,
        user.id,
        id,
        reason,
        &request::client_ip(),
        now_unix(),
    )
    .await
    .map_err(ssr::change_error)?;
    leptos_axum::redirect("/account/visits?cancelled=1");
    Ok(())
}

/// Moves the patient's visit to `start` with the same specialist; the old time is kept if
/// the new one cannot be had.
#[server(endpoint = "visits/reschedule")]
pub async fn reschedule_visit(csrf: String, id: i64, start: i64) -> Result<(), AppError> {
    use crate::server::auth::{csrf, request, require_signed_in};
    use crate::server::{app_state, now_unix, repos::appointments};
    csrf::verify(&csrf)?;
    let state = app_state()?;
    let ip = request::client_ip();
    let user = require_signed_in()?;
    let id = priyom::AppointmentId::new(id);
    appointments::reschedule_own(&state.db, user.id, id, start, &ip, now_unix())
        .await
        .map_err(ssr::change_error)?;
    leptos_axum::redirect("/account/visits?moved=1");
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use crate::i18n::Lang;
    use crate::model::booking::VisitView;
    use crate::server::repos::appointments::{ChangeError, StatusError};
    use crate::server::repos::booking::VisitRow;
    use priyom::{Actor, AppointmentStatus, BookingPolicy};
    use std::collections::BTreeMap;

    type Policies = BTreeMap<(i64, Option<i64>), BookingPolicy>;

    fn policy_of(policies: &Policies, clinic: i64, service: i64) -> BookingPolicy {
        policies
            .get(&(clinic, Some(service)))
            .or_else(|| policies.get(&(clinic, None)))
            .copied()
            .unwrap_or_default()
    }

    pub fn view(lang: Lang, row: VisitRow, policies: &Policies, now: i64) -> VisitView {
        let b = lang.booking();
        let status = AppointmentStatus::parse(&row.status).unwrap_or(AppointmentStatus::Cancelled);
        let policy = policy_of(policies, row.clinic_id, row.service_id);
        let locked_reason = priyom::can_cancel(status, row.start, now, &policy, Actor::Patient)
            .err()
            .map(|e| b.denied(e).to_string());
        let when = priyom::parse_tz(&row.tz)
            .ok()
            .and_then(|tz| priyom::utc_to_local(tz, row.start))
            .map(|l| b.long_date_time(l.date, &l.time.to_string()))
            .unwrap_or_default();
        VisitView {
            id: row.id,
            service: row.service,
            service_slug: row.service_slug,
            specialist: row.specialist,
            specialist_slug: row.specialist_slug,
            clinic: row.clinic,
            clinic_slug: row.clinic_slug,
            address: row.address,
            clinic_phone: row.clinic_phone,
            when,
            start: row.start,
            end: row.end,
            status,
            price: crate::format::price_label(row.price_kopecks),
            preparation: row.preparation,
            cancel_reason: row.cancel_reason,
            locked_reason,
            upcoming: row.end > now && status.is_active(),
            can_review: priyom::can_review(status, row.review.is_some()).is_ok(),
            review: row.review.map(|r| crate::model::booking::MyReview {
                id: r.id,
                rating: r.rating,
                state: if r.withdrawn {
                    "withdrawn".into()
                } else {
                    r.status
                },
                reject_reason: r.reject_reason,
            }),
        }
    }

    /// A status change's refusal, as the desks show it.
    pub fn status_error(e: StatusError) -> AppError {
        status_error_in(e, crate::initial_lang())
    }

    pub fn status_error_in(e: StatusError, lang: Lang) -> AppError {
        let d = lang.desk();
        match e {
            StatusError::NotFound => AppError::NotFound,
            StatusError::Transition(_) => AppError::Invalid(d.status_refused.into()),
            StatusError::Moved => AppError::Invalid(d.status_moved.into()),
            StatusError::Db(e) => AppError::internal(e),
        }
    }

    pub fn change_error(e: ChangeError) -> AppError {
        change_error_in(e, crate::initial_lang())
    }

    pub fn change_error_in(e: ChangeError, lang: Lang) -> AppError {
        let b = lang.booking();
        match e {
            ChangeError::NotFound => AppError::NotFound,
            ChangeError::Denied(reason) => AppError::Invalid(b.denied(reason).into()),
            ChangeError::Rules(reason) => AppError::Invalid(b.refused(reason).into()),
            ChangeError::Taken => AppError::Conflict,
            ChangeError::Db(e) => AppError::internal(e),
        }
    }
}
