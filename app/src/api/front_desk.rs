//! The front desk (operators, managers, admins), limited to the clinics each works for: the
//! day board, a visit's card and its status changes, finding and booking a caller, and the
//! filtered list of visits.

// `desk_book` and `desk_visits` take a form's fields one by one (plain names keep the no-JS
// forms simple).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::front_desk::{CallerView, DayBoard, VisitDetails, VisitTable};
use leptos::prelude::*;

/// A clinic's day: specialists as columns, visits in 15-minute rows. Empty `clinic`: the
/// first clinic of the staff member; empty `date`: today there.
#[server(endpoint = "desk/board", input = server_fn::codec::GetUrl)]
pub async fn desk_board(lang: Lang, clinic: String, date: String) -> Result<DayBoard, AppError> {
    crate::api::no_store();
    ssr::board(lang, &clinic, &date).await
}

/// A visit's card (the view of the patient's contacts is audited).
#[server(endpoint = "desk/visit", input = server_fn::codec::GetUrl)]
pub async fn desk_visit(lang: Lang, id: i64) -> Result<VisitDetails, AppError> {
    crate::api::no_store();
    ssr::visit(lang, id).await
}

/// Confirms, completes, marks a no-show or cancels (with a reason) a visit.
#[server(endpoint = "desk/status")]
pub async fn desk_set_status(
    csrf: String,
    id: i64,
    status: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    use crate::server::auth::csrf;
    use crate::server::repos::appointments::{self, StatusBy};
    csrf::verify(&csrf)?;
    let ssr::Staff { user, state, .. } = ssr::staff()?;
    let to = priyom::AppointmentStatus::parse(&status)
        .map_err(|_| AppError::Invalid("unknown status".into()))?;
    let visit = priyom::AppointmentId::new(id);
    appointments::set_status(
        &state.db,
        StatusBy::Desk(&user),
        visit,
        to,
        reason.as_deref(),
    )
    .await
    .map_err(crate::api::visits::ssr::status_error)?;
    leptos_axum::redirect(&format!("/frontdesk/visits/{id}?changed=1"));
    Ok(())
}

/// Moves a visit of the staff member's clinics to `start` (same service, clinic and
/// specialist), through the same engine and guarantee as booking; the patient is told.
#[server(endpoint = "desk/reschedule")]
pub async fn desk_reschedule(csrf: String, id: i64, start: i64) -> Result<(), AppError> {
    use crate::server::auth::csrf;
    use crate::server::now_unix;
    use crate::server::repos::appointments::{self, Mover};
    csrf::verify(&csrf)?;
    let ssr::Staff {
        user, state, ip, ..
    } = ssr::staff()?;
    let by = Mover::Staff(&user);
    let visit = priyom::AppointmentId::new(id);
    appointments::reschedule(&state.db, by, visit, start, &ip, now_unix())
        .await
        .map_err(crate::api::visits::ssr::change_error)?;
    leptos_axum::redirect(&format!("/frontdesk/visits/{id}?moved=1"));
    Ok(())
}

/// People matching a phone or a name, for booking a caller.
#[server(endpoint = "desk/callers", input = server_fn::codec::GetUrl)]
pub async fn desk_callers(q: String) -> Result<Vec<CallerView>, AppError> {
    use crate::server::now_unix;
    use crate::server::repos::audit::{self, Entry};
    use crate::server::repos::front_desk;
    crate::api::no_store();
    let ssr::Staff {
        user,
        state,
        ip,
        scope,
    } = ssr::staff()?;
    if q.trim().chars().count() < 2 {
        return Ok(Vec::new());
    }
    let found = front_desk::find_callers(&state.db, &scope, &q).await?;
    if !found.is_empty() {
        let entry = Entry {
            actor: Some(user.id.get()),
            action: "patient.search",
            entity: "user",
            entity_id: None,
            ip: &ip,
            details: &format!("results={}", found.len()),
        };
        audit::record(state.db.pool(), entry, now_unix()).await?;
    }
    Ok(found
        .into_iter()
        .map(|c| CallerView {
            id: c.id,
            name: c.name,
            phone: crate::format::phone_label(&c.phone),
        })
        .collect())
}

/// A fresh key for the booking form (a resubmitted form books once).
#[server(endpoint = "desk/book-key", input = server_fn::codec::GetUrl)]
pub async fn desk_book_key() -> Result<String, AppError> {
    crate::api::no_store();
    ssr::staff()?;
    Ok(crate::server::auth::token::new_token())
}

/// Books a caller: an existing person (`patient`), or a new one by name and phone with the
/// consent they gave on the phone (recorded as taken by this staff member).
#[server(endpoint = "desk/book")]
pub async fn desk_book(
    csrf: String,
    key: String,
    clinic: String,
    service: String,
    slot: Option<String>,
    patient: Option<String>,
    full_name: Option<String>,
    phone: Option<String>,
    consent: Option<String>,
) -> Result<(), AppError> {
    crate::server::auth::csrf::verify(&csrf)?;
    let id = ssr::book(
        &key,
        &clinic,
        &service,
        slot.as_deref().unwrap_or(""),
        patient.as_deref().unwrap_or(""),
        ssr::NewCaller {
            full_name: full_name.unwrap_or_default(),
            phone: phone.unwrap_or_default(),
            consent: consent.is_some_and(|c| !c.is_empty()),
        },
    )
    .await?;
    leptos_axum::redirect(&format!("/frontdesk/visits/{id}?booked=1"));
    Ok(())
}

/// The visits list: filters as in the URL (empty = any), 50 a page.
#[server(endpoint = "desk/visits", input = server_fn::codec::GetUrl)]
pub async fn desk_visits(
    lang: Lang,
    clinic: String,
    status: String,
    payment: String,
    source: String,
    from: String,
    to: String,
    sort: String,
    page: i64,
) -> Result<VisitTable, AppError> {
    crate::api::no_store();
    let query = ssr::ListQuery {
        clinic,
        status,
        payment,
        source,
        from,
        to,
        sort,
    };
    ssr::visits(lang, &query, page.max(1)).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::model::front_desk::{BoardBlock, BoardColumn, ClinicChoice, VisitTableRow};
    use crate::server::auth::{require, Actor};
    use crate::server::repos::appointments::{self, NewBooking, Patient};
    use crate::server::repos::front_desk::{self as repo, DeskClinic, ListFilter, ListSort};
    use crate::server::{app_state, now_unix};
    use chrono::{Days, NaiveDate};
    use priyom::{AppointmentStatus, ClinicScope, LocalTime, Role};

    /// Rows are this many minutes.
    const ROW_MIN: i64 = 15;
    pub const PAGE_SIZE: i64 = 50;

    /// What a front-desk function needs: the signed-in staff member, the clinics they work
    /// for, the app state and the client's address, read from the context at once (during
    /// server rendering a resource's owner may be gone after an await).
    pub struct Staff {
        pub user: Actor,
        pub scope: ClinicScope,
        pub state: crate::server::AppState,
        pub ip: String,
    }

    pub fn staff() -> Result<Staff, AppError> {
        let state = app_state()?;
        let user = require(Role::Operator)?;
        let scope = user.scope(Role::Operator);
        let ip = user.ip.clone();
        Ok(Staff {
            user,
            scope,
            state,
            ip,
        })
    }

    fn choices(clinics: &[DeskClinic]) -> Vec<ClinicChoice> {
        clinics
            .iter()
            .map(|c| ClinicChoice {
                slug: c.slug.clone(),
                name: c.name.clone(),
            })
            .collect()
    }

    /// The clinic named by `slug` among the staff member's (the first when empty).
    fn pick<'a>(clinics: &'a [DeskClinic], slug: &str) -> Result<&'a DeskClinic, AppError> {
        if slug.is_empty() {
            return clinics.first().ok_or(AppError::Forbidden);
        }
        clinics
            .iter()
            .find(|c| c.slug == slug)
            .ok_or(AppError::NotFound)
    }

    /// Local midnight of `date` and of the next day, as instants.
    fn day_bounds(tz: priyom::Tz, date: NaiveDate) -> (i64, i64) {
        let midnight = LocalTime::from_minutes(0).unwrap_or_default();
        let lo = priyom::local_bound_to_utc(tz, date, midnight).unwrap_or(0);
        let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
        let hi = priyom::local_bound_to_utc(tz, next, midnight).unwrap_or(lo + 86_400);
        (lo, hi)
    }

    fn minute_of(tz: priyom::Tz, instant: i64) -> i64 {
        priyom::utc_to_local(tz, instant).map_or(0, |l| i64::from(l.time.minutes()))
    }

    pub async fn board(lang: Lang, clinic: &str, date: &str) -> Result<DayBoard, AppError> {
        let Staff {
            user, scope, state, ..
        } = staff()?;
        let manages = !user.roles.manager_scope().is_empty();
        let clinics = repo::clinics(&state.db, lang, &scope).await?;
        let chosen = pick(&clinics, clinic)?;
        let tz = priyom::parse_tz(&chosen.tz).map_err(AppError::internal)?;
        let now = now_unix();
        let today = priyom::local_date(tz, now).ok_or(AppError::Internal)?;
        let date = match date {
            "" => today,
            text => priyom::parse_date_near(text, today)
                .map_err(|_| AppError::Invalid(lang.desk().bad_date.into()))?,
        };
        let (lo, hi) = day_bounds(tz, date);
        let (specialists, visits) = repo::board(&state.db, lang, chosen.id, (lo, hi)).await?;
        // The day runs 09:00–20:00, widened to every visit, in whole hours.
        let first = visits
            .iter()
            .map(|v| minute_of(tz, v.start))
            .min()
            .unwrap_or(9 * 60)
            .min(9 * 60)
            / 60
            * 60;
        let last = visits
            .iter()
            .map(|v| minute_of(tz, v.start) + (v.end - v.start) / 60)
            .max()
            .unwrap_or(20 * 60)
            .clamp(20 * 60, 24 * 60);
        let last = (last + 59) / 60 * 60;
        let rows = (first..last)
            .step_by(ROW_MIN as usize)
            .map(|m| {
                if m % 60 == 0 {
                    format!("{:02}:00", m / 60)
                } else {
                    String::new()
                }
            })
            .collect();
        let columns = specialists
            .into_iter()
            .map(|(id, name)| BoardColumn {
                name,
                visits: visits
                    .iter()
                    .filter(|v| v.specialist == id)
                    .map(|v| {
                        let start = minute_of(tz, v.start);
                        BoardBlock {
                            id: v.id,
                            time: format!("{:02}:{:02}", start / 60, start % 60),
                            row: (start - first) / ROW_MIN + 1,
                            span: ((v.end - v.start) / 60 + ROW_MIN - 1) / ROW_MIN,
                            status: v.status,
                            patient: v.patient.clone(),
                            service: v.service.clone(),
                            room: v.room.clone(),
                        }
                    })
                    .collect(),
            })
            .collect();
        let now_row = (date == today).then(|| (minute_of(tz, now) - first) / ROW_MIN + 1);
        Ok(DayBoard {
            clinics: choices(&clinics),
            clinic: chosen.slug.clone(),
            clinic_name: chosen.name.clone(),
            date,
            date_label: lang.booking().long_date(date),
            prev: date.checked_sub_days(Days::new(1)).unwrap_or(date),
            next: date.checked_add_days(Days::new(1)).unwrap_or(date),
            today: date == today,
            rows,
            now_row: now_row.filter(|r| *r >= 1 && *r <= (last - first) / ROW_MIN),
            columns,
            manages,
        })
    }

    pub async fn visit(lang: Lang, id: i64) -> Result<VisitDetails, AppError> {
        let Staff {
            user,
            scope,
            state,
            ip,
        } = staff()?;
        let now = now_unix();
        let card = repo::visit_card(&state.db, lang, &scope, user.id, id, &ip, now)
            .await?
            .ok_or(AppError::NotFound)?;
        let f = lang.front_desk();
        let tz = priyom::parse_tz(&card.tz).map_err(AppError::internal)?;
        let local = priyom::utc_to_local(tz, card.start).ok_or(AppError::Internal)?;
        let actions = [
            AppointmentStatus::Confirmed,
            AppointmentStatus::Completed,
            AppointmentStatus::NoShow,
            AppointmentStatus::Cancelled,
        ]
        .into_iter()
        .filter(|to| card.status.transition(*to, card.start, now).is_ok())
        .collect();
        // Staff are not bound by the patients' change window: only past or closed visits stay.
        let move_refused = priyom::can_reschedule(
            card.status,
            card.start,
            now,
            &priyom::BookingPolicy::default(),
            priyom::Actor::Staff,
        )
        .err()
        .map(|e| lang.booking().denied(e).to_string());
        let clinic_slug = repo::clinics(&state.db, lang, &scope)
            .await?
            .into_iter()
            .find(|c| c.id == card.clinic)
            .map(|c| c.slug)
            .unwrap_or_default();
        Ok(VisitDetails {
            id: card.id,
            when: lang
                .booking()
                .long_date_time(local.date, &local.time.to_string()),
            status: card.status,
            actions,
            patient: card.patient,
            phone: crate::format::phone_label(&card.phone),
            email: card.email,
            specialist: card.specialist,
            specialist_slug: card.specialist_slug,
            service: card.service,
            service_slug: card.service_slug,
            move_refused,
            room: card.room,
            clinic: card.clinic_name,
            clinic_slug,
            date: local.date,
            price: crate::format::price_label(card.price_kopecks),
            payment: (f.payment_name)(&card.payment_status).into(),
            source: (f.source_name)(&card.source).into(),
            notes: card.notes,
            cancel_reason: card.cancel_reason,
        })
    }

    pub struct NewCaller {
        pub full_name: String,
        pub phone: String,
        pub consent: bool,
    }

    /// Books for a caller; returns the new visit's id.
    pub async fn book(
        key: &str,
        clinic: &str,
        service: &str,
        slot: &str,
        patient: &str,
        caller: NewCaller,
    ) -> Result<i64, AppError> {
        use crate::error::FieldErrors;
        use crate::server::auth::token::sha256_hex;
        let lang = crate::initial_lang();
        let Staff {
            user,
            scope,
            state,
            ip,
        } = staff()?;
        let (f, t) = (lang.front_desk(), lang.auth());
        if !crate::server::auth::token::is_token(key) {
            return Err(AppError::Invalid(lang.booking().form_expired.into()));
        }
        let mut errors = FieldErrors::default();
        // The chosen time names its specialist: "slug@start".
        let chosen = slot
            .split_once('@')
            .and_then(|(who, at)| Some((who.to_string(), at.parse::<i64>().ok()?)));
        if chosen.is_none() {
            errors.add("slot", f.pick_time);
        }
        let patient = match patient.parse::<i64>() {
            Ok(id) if id > 0 && repo::reaches_patient(&state.db, &scope, id).await? => {
                Some(Patient::Account(priyom::UserId::new(id)))
            }
            Ok(id) if id > 0 => {
                errors.add("patient", f.pick_patient);
                None
            }
            _ if caller.full_name.trim().is_empty() && caller.phone.trim().is_empty() => {
                errors.add("patient", f.pick_patient);
                None
            }
            _ => {
                let name = errors.check(
                    "full_name",
                    priyom::PersonName::parse(&caller.full_name),
                    |e| (t.name_error)(e).into(),
                );
                let phone = errors.check("phone", priyom::Phone::parse(&caller.phone), |e| {
                    (t.phone_error)(e).into()
                });
                if !caller.consent {
                    errors.add("consent", f.consent_required);
                }
                match (name, phone) {
                    (Some(name), Some(phone)) => Some(Patient::Caller {
                        name,
                        phone,
                        consent: crate::server::repos::users::Consent {
                            text_version_hash: sha256_hex(crate::i18n::auth::RU.consent_text),
                            purposes: "booking,reminders",
                            ip: ip.clone(),
                            user_agent: None,
                        },
                        recorded_by: user.id,
                    }),
                    _ => None,
                }
            }
        };
        errors.finish()?;
        let (Some((specialist, start)), Some(patient)) = (chosen, patient) else {
            return Err(AppError::internal("field errors not reported"));
        };
        let mut conn = state.db.pool().acquire().await?;
        let ids =
            crate::server::repos::booking::resolve(&mut conn, service, clinic, &specialist).await?;
        drop(conn);
        let (Some(service), Some(clinic), Some(specialist)) =
            (ids.service, ids.clinic, ids.specialist)
        else {
            return Err(AppError::NotFound);
        };
        if !scope.allows(clinic) {
            return Err(AppError::Forbidden);
        }
        let new = NewBooking {
            clinic,
            service,
            specialist: Some(specialist),
            start,
            patient,
            source: priyom::Source::Operator,
            idempotency_key: key.to_string(),
            actor: Some(user.id),
            ip: ip.clone(),
        };
        let booked = appointments::book(&state.db, &new, now_unix())
            .await
            .map_err(crate::api::booking::ssr::book_error)?;
        Ok(booked.id.get())
    }

    /// The list's filters as they came in the URL.
    pub struct ListQuery {
        pub clinic: String,
        pub status: String,
        pub payment: String,
        pub source: String,
        pub from: String,
        pub to: String,
        pub sort: String,
    }

    /// Parses the URL's filters; an unknown value is an error the page shows.
    pub fn filter(
        clinics: &[DeskClinic],
        query: &ListQuery,
    ) -> Result<(ListFilter, Option<priyom::Tz>), AppError> {
        let bad = |what: &str| AppError::Invalid(format!("{what}?"));
        let clinic = match query.clinic.as_str() {
            "" => None,
            slug => Some(
                clinics
                    .iter()
                    .find(|c| c.slug == slug)
                    .ok_or(AppError::NotFound)?,
            ),
        };
        // Dates are read in the chosen clinic's zone (the first clinic's when none is chosen).
        let tz = clinic
            .or(clinics.first())
            .and_then(|c| priyom::parse_tz(&c.tz).ok());
        let day = |text: &str| -> Result<Option<NaiveDate>, AppError> {
            match text {
                "" => Ok(None),
                t => t.parse::<NaiveDate>().map(Some).map_err(|_| bad("date")),
            }
        };
        let bound = |date: Option<NaiveDate>, next: bool| {
            date.zip(tz).map(|(d, tz)| {
                let d = if next {
                    d.checked_add_days(Days::new(1)).unwrap_or(d)
                } else {
                    d
                };
                day_bounds(tz, d).0
            })
        };
        Ok((
            ListFilter {
                clinic: clinic.map(|c| c.id),
                specialist: None,
                service: None,
                status: match query.status.as_str() {
                    "" => None,
                    s => Some(AppointmentStatus::parse(s).map_err(|_| bad("status"))?),
                },
                payment: match query.payment.as_str() {
                    "" => None,
                    s => Some(priyom::PaymentStatus::parse(s).map_err(|_| bad("payment"))?),
                },
                source: match query.source.as_str() {
                    "" => None,
                    s => Some(priyom::Source::parse(s).map_err(|_| bad("source"))?),
                },
                from: bound(day(&query.from)?, false),
                to: bound(day(&query.to)?, true),
                sort: ListSort::parse(&query.sort),
            },
            tz,
        ))
    }

    pub fn table_row(lang: Lang, row: repo::ListRow) -> VisitTableRow {
        let f = lang.front_desk();
        let when = priyom::parse_tz(&row.tz)
            .ok()
            .and_then(|tz| priyom::utc_to_local(tz, row.start))
            .map(|l| format!("{} {}", l.date.format("%d.%m.%Y"), l.time))
            .unwrap_or_default();
        VisitTableRow {
            id: row.id,
            when,
            clinic: row.clinic,
            specialist: row.specialist,
            service: row.service,
            patient: row.patient,
            phone: crate::format::phone_label(&row.phone),
            status: AppointmentStatus::parse(&row.status).unwrap_or(AppointmentStatus::Cancelled),
            payment: (f.payment_name)(&row.payment_status).into(),
            source: (f.source_name)(&row.source).into(),
            price: crate::format::price_label(row.price_kopecks),
        }
    }

    pub async fn visits(lang: Lang, query: &ListQuery, page: i64) -> Result<VisitTable, AppError> {
        let Staff {
            user,
            scope,
            state,
            ip,
        } = staff()?;
        let clinics = repo::clinics(&state.db, lang, &scope).await?;
        let (filter, _) = filter(&clinics, query)?;
        let offset = (page - 1) * PAGE_SIZE;
        let (rows, total) = repo::list(&state.db, lang, &scope, &filter, PAGE_SIZE, offset).await?;
        if !rows.is_empty() {
            repo::audit_list_view(&state.db, user.id, rows.len(), false, &ip, now_unix()).await?;
        }
        Ok(VisitTable {
            rows: rows.into_iter().map(|r| table_row(lang, r)).collect(),
            total,
            page,
            pages: (total + PAGE_SIZE - 1) / PAGE_SIZE,
            clinics: choices(&clinics),
        })
    }
}

/// The clinics the staff member works for.
#[server(endpoint = "desk/clinics", input = server_fn::codec::GetUrl)]
pub async fn desk_clinics(
    lang: Lang,
) -> Result<Vec<crate::model::front_desk::ClinicChoice>, AppError> {
    use crate::server::repos::front_desk;
    crate::api::no_store();
    let ssr::Staff { scope, state, .. } = ssr::staff()?;
    let clinics = front_desk::clinics(&state.db, lang, &scope).await?;
    Ok(clinics
        .into_iter()
        .map(|c| crate::model::front_desk::ClinicChoice {
            slug: c.slug,
            name: c.name,
        })
        .collect())
}
