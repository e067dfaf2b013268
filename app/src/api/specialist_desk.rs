//! The specialist's desk: weekly hours, days off and replacement hours, and the visits of a
//! day or week with status changes. Only for the specialist role, and only their own rows.

use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::specialist_desk::{HoursSheet, ScheduleView};
use leptos::prelude::*;

/// Hours and exceptions; `clinic` 0 means the first clinic the specialist works at.
#[server(endpoint = "specialist/hours", input = server_fn::codec::GetUrl)]
pub async fn desk_hours(lang: Lang, clinic: i64) -> Result<HoursSheet, AppError> {
    crate::api::no_store();
    ssr::hours(lang, clinic).await
}

#[server(endpoint = "specialist/hours/add")]
pub async fn add_hours(
    csrf: String,
    clinic: i64,
    weekday: i64,
    start: String,
    end: String,
) -> Result<(), AppError> {
    crate::server::auth::csrf::verify(&csrf)?;
    let desk = ssr::desk().await?;
    let range = ssr::range(&start, &end)?;
    let clinic = priyom::ClinicId::new(clinic);
    crate::server::repos::specialist_desk::add_hours(&desk.db, &desk.own(), clinic, weekday, range)
        .await
        .map_err(ssr::desk_error)
}

#[server(endpoint = "specialist/hours/remove")]
pub async fn remove_hours(csrf: String, id: i64) -> Result<(), AppError> {
    crate::server::auth::csrf::verify(&csrf)?;
    let desk = ssr::desk().await?;
    crate::server::repos::specialist_desk::remove_hours(&desk.db, &desk.own(), id)
        .await
        .map_err(ssr::desk_error)
}

/// Copies a weekday's hours to `to`: a weekday number, `"weekdays"` (Monday–Friday) or `"all"`.
#[server(endpoint = "specialist/hours/copy")]
pub async fn copy_day(csrf: String, clinic: i64, from: i64, to: String) -> Result<(), AppError> {
    crate::server::auth::csrf::verify(&csrf)?;
    let desk = ssr::desk().await?;
    let targets: Vec<i64> = match to.as_str() {
        "weekdays" => (0..5).collect(),
        "all" => (0..7).collect(),
        day => vec![day.parse().map_err(|_| AppError::Invalid("day".into()))?],
    };
    let clinic = priyom::ClinicId::new(clinic);
    crate::server::repos::specialist_desk::copy_day(&desk.db, &desk.own(), clinic, from, &targets)
        .await
        .map_err(ssr::desk_error)
}

/// Days off from `from` to `to` (empty: the same day), or, with `start` and `end`, the
/// replacement hours of the date `from`.
#[server(endpoint = "specialist/exceptions/add")]
pub async fn add_exception(
    csrf: String,
    from: String,
    to: String,
    start: String,
    end: String,
    note: String,
) -> Result<(), AppError> {
    crate::server::auth::csrf::verify(&csrf)?;
    let desk = ssr::desk().await?;
    let d = crate::initial_lang().desk();
    let mut errors = crate::error::FieldErrors::default();
    let first = errors.check("from", from.parse::<chrono::NaiveDate>(), |_| {
        d.bad_date.into()
    });
    let last = match to.trim() {
        "" => first,
        text => errors.check("to", text.parse::<chrono::NaiveDate>(), |_| {
            d.bad_date.into()
        }),
    };
    let hours = match (start.trim(), end.trim()) {
        ("", "") => Some(None),
        (s, e) => errors
            .check("start", priyom::MinuteRange::parse(s, e), |_| {
                d.bad_range.into()
            })
            .map(Some),
    };
    if let (Some(a), Some(b)) = (first, last) {
        if b < a {
            errors.add("to", d.reversed_dates);
        } else if hours.flatten().is_some() && a != b {
            errors.add("to", d.hours_one_day);
        }
    }
    errors.finish()?;
    let (Some(first), Some(last), Some(hours)) = (first, last, hours) else {
        return Err(AppError::internal("field errors not reported"));
    };
    let note: String = note.trim().chars().take(200).collect();
    crate::server::repos::specialist_desk::add_exception(
        &desk.db,
        &desk.own(),
        first,
        last,
        hours,
        &note,
    )
    .await
    .map_err(ssr::desk_error)
}

#[server(endpoint = "specialist/exceptions/remove")]
pub async fn remove_exception(csrf: String, id: i64) -> Result<(), AppError> {
    crate::server::auth::csrf::verify(&csrf)?;
    let desk = ssr::desk().await?;
    crate::server::repos::specialist_desk::remove_exception(&desk.db, &desk.own(), id)
        .await
        .map_err(ssr::desk_error)
}

/// The visits of `date` (`YYYY-MM-DD`; empty: today), or of its week (Monday first).
#[server(endpoint = "specialist/schedule", input = server_fn::codec::GetUrl)]
pub async fn desk_schedule(lang: Lang, date: String, week: bool) -> Result<ScheduleView, AppError> {
    crate::api::no_store();
    ssr::schedule(lang, &date, week).await
}

#[server(endpoint = "specialist/visit-status")]
pub async fn set_visit_status(csrf: String, id: i64, to: String) -> Result<(), AppError> {
    use crate::server::repos::appointments::{self, StatusBy};
    crate::server::auth::csrf::verify(&csrf)?;
    let desk = ssr::desk().await?;
    let to =
        priyom::AppointmentStatus::parse(&to).map_err(|_| AppError::Invalid("status".into()))?;
    let by = StatusBy::Specialist(&desk.actor, desk.me);
    appointments::set_status(&desk.db, by, priyom::AppointmentId::new(id), to, None)
        .await
        .map(drop)
        .map_err(crate::api::visits::ssr::status_error)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::{AppError, FieldError};
    use crate::i18n::Lang;
    use crate::model::specialist_desk::{
        DayHours, ExceptionView, HoursSheet, Interval, ScheduleDay, ScheduleItem, ScheduleView,
    };
    use crate::server::app_state;
    use crate::server::auth::{require, Actor};
    use crate::server::db::Db;
    use crate::server::repos::specialist_desk::{self as repo, DeskError, OwnDesk};
    use chrono::{Datelike, Days, NaiveDate};
    use priyom::{AppointmentStatus, ClinicId, MinuteRange, Role, SpecialistId};

    /// The signed-in specialist and what their changes need.
    pub struct Desk {
        pub db: Db,
        pub actor: Actor,
        pub me: SpecialistId,
    }

    impl Desk {
        pub fn own(&self) -> OwnDesk<'_> {
            OwnDesk {
                by: &self.actor,
                me: self.me,
            }
        }
    }

    pub async fn desk() -> Result<Desk, AppError> {
        // Context first: during server rendering it may be gone after an await.
        let state = app_state()?;
        let actor = require(Role::Specialist)?;
        // An admin without a specialist profile has no desk of their own.
        let me = repo::specialist_of(&state.db, actor.id)
            .await?
            .ok_or(AppError::Forbidden)?;
        Ok(Desk {
            db: state.db,
            actor,
            me,
        })
    }

    pub fn range(start: &str, end: &str) -> Result<MinuteRange, AppError> {
        MinuteRange::parse(start, end).map_err(|_| {
            AppError::Fields(vec![FieldError {
                field: "start".into(),
                message: crate::initial_lang().desk().bad_range.into(),
            }])
        })
    }

    pub fn desk_error(e: DeskError) -> AppError {
        let d = crate::initial_lang().desk();
        match e {
            DeskError::NotFound => AppError::NotFound,
            DeskError::Overlap(clash) => AppError::Fields(vec![FieldError {
                field: "start".into(),
                message: (d.overlaps)(&clash.to_string()),
            }]),
            DeskError::Db(e) => AppError::internal(e),
        }
    }

    pub async fn hours(lang: Lang, clinic: i64) -> Result<HoursSheet, AppError> {
        let desk = desk().await?;
        let clinics = repo::clinics(&desk.db, lang, desk.me).await?;
        let clinic = clinics
            .iter()
            .map(|(id, _)| *id)
            .find(|id| *id == clinic)
            .or_else(|| clinics.first().map(|(id, _)| *id))
            .unwrap_or(0);
        let rows = repo::weekly(&desk.db, desk.me, ClinicId::new(clinic)).await?;
        let days = (0..7)
            .map(|weekday| DayHours {
                weekday,
                intervals: rows
                    .iter()
                    .filter(|(_, d, _)| *d == weekday)
                    .map(|(id, _, range)| Interval {
                        id: *id,
                        label: range.to_string(),
                    })
                    .collect(),
            })
            .collect();
        let today = chrono::DateTime::from_timestamp(desk.actor.now, 0)
            .map(|t| t.date_naive())
            .unwrap_or_default();
        let exceptions = repo::exceptions(&desk.db, desk.me, today)
            .await?
            .into_iter()
            .map(|e| ExceptionView {
                id: e.id,
                dates: if e.from == e.to {
                    e.from
                } else {
                    format!("{} — {}", e.from, e.to)
                },
                hours: e.hours.map(|h| h.to_string()),
                note: e.note,
            })
            .collect();
        Ok(HoursSheet {
            clinics,
            clinic,
            days,
            exceptions,
        })
    }

    pub async fn schedule(lang: Lang, date: &str, week: bool) -> Result<ScheduleView, AppError> {
        let desk = desk().await?;
        let tz = repo::home_tz(&desk.db, desk.me).await?;
        let today = priyom::local_date(tz, desk.actor.now).unwrap_or_default();
        let day: NaiveDate = match date.trim() {
            "" => today,
            text => priyom::parse_date_near(text, today)
                .map_err(|_| AppError::Invalid("date".into()))?,
        };
        let first = if week {
            day - Days::new(u64::from(day.weekday().num_days_from_monday()))
        } else {
            day
        };
        let len = if week { 7 } else { 1 };
        // A day either side covers every clinic's zone; rows are then placed by local date.
        let lo = first
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(0)
            - 86_400;
        let hi = lo + (len + 2) * 86_400;
        let rows = repo::schedule(&desk.db, lang, desk.me, (lo, hi)).await?;
        let dates: Vec<NaiveDate> = (0..len as u64).map(|i| first + Days::new(i)).collect();
        let mut days: Vec<ScheduleDay> = dates
            .iter()
            .map(|d| ScheduleDay {
                date: *d,
                visits: Vec::new(),
            })
            .collect();
        for row in rows {
            let Some(local) = priyom::parse_tz(&row.tz)
                .ok()
                .and_then(|tz| priyom::utc_to_local(tz, row.start))
            else {
                continue;
            };
            let Some(slot) = days.iter_mut().find(|d| d.date == local.date) else {
                continue;
            };
            let actions = [
                AppointmentStatus::Confirmed,
                AppointmentStatus::Completed,
                AppointmentStatus::NoShow,
                AppointmentStatus::Cancelled,
            ]
            .into_iter()
            .filter(|to| {
                row.status
                    .transition(*to, row.start, desk.actor.now)
                    .is_ok()
            })
            .collect();
            slot.visits.push(ScheduleItem {
                id: row.id,
                time: local.time.to_string(),
                patient: row.patient,
                service: row.service,
                clinic: row.clinic,
                room: row.room,
                status: row.status,
                actions,
            });
        }
        let step = Days::new(len as u64);
        Ok(ScheduleView {
            days,
            week,
            prev: first - step,
            next: first + step,
        })
    }
}
