//! Free times: the month map and a day's slots, from the same engine and caches as the
//! site's calendar (a key needs `availability:read`).

use super::extract::{Params, Segment};
use super::principal::Principal;
use super::problem::{Problem, Problems};
use app::api::booking::ANY;
use app::model::api_keys::Scope;
use app::server::availability;
use app::server::AppState;
use axum::extract::State;
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Which {
    /// The service's slug.
    pub service: String,
    /// The clinic's slug.
    pub clinic: String,
    /// A specialist's slug, or `any` (the default) for whoever is free.
    pub specialist: Option<String>,
}

impl Which {
    fn specialist(&self) -> &str {
        self.specialist.as_deref().unwrap_or(ANY)
    }
}

/// A free time.
#[derive(Debug, Serialize, ToSchema)]
pub struct Slot {
    /// The visit's start: book it by sending this instant.
    pub start: DateTime<Utc>,
    /// The start in the clinic's local time, `HH:MM`.
    #[schema(example = "10:30")]
    pub local_time: String,
    /// Who is free then (a slug), and their name.
    pub specialist: String,
    pub specialist_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DaySlots {
    pub date: NaiveDate,
    pub slots: Vec<Slot>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MonthDay {
    pub date: NaiveDate,
    pub available: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MonthMap {
    /// `YYYY-MM`.
    pub month: String,
    pub days: Vec<MonthDay>,
    /// The first and last months that can be booked now, `YYYY-MM`.
    pub first_month: String,
    pub last_month: String,
}

/// The free times of one day (the clinic's local date).
#[utoipa::path(get, path = "/availability/days/{date}", tag = "availability",
    params(("date" = NaiveDate, Path, description = "The local date, YYYY-MM-DD"), Which),
    responses((status = 200, body = DaySlots), Problems))]
pub async fn day(
    State(state): State<AppState>,
    principal: Principal,
    Segment(date): Segment<String>,
    Params(which): Params<Which>,
) -> Result<Json<DaySlots>, Problem> {
    principal.may_read(Scope::AvailabilityRead)?;
    let now = app::server::now_unix();
    let slugs = (
        which.service.as_str(),
        which.clinic.as_str(),
        which.specialist(),
    );
    let found = availability::day(&state.db, slugs, &date, now).await?;
    let slots = found
        .times
        .into_iter()
        .filter_map(|t| {
            Some(Slot {
                start: DateTime::from_timestamp(t.start, 0)?,
                local_time: t.label,
                specialist: t.specialist,
                specialist_name: t.specialist_name,
            })
        })
        .collect();
    Ok(Json(DaySlots {
        date: found.date,
        slots,
    }))
}

/// Which days of a month have free time.
#[utoipa::path(get, path = "/availability/months/{month}", tag = "availability",
    params(("month" = String, Path, description = "YYYY-MM"), Which),
    responses((status = 200, body = MonthMap), Problems))]
pub async fn month(
    State(state): State<AppState>,
    principal: Principal,
    Segment(month): Segment<String>,
    Params(which): Params<Which>,
) -> Result<Json<MonthMap>, Problem> {
    principal.may_read(Scope::AvailabilityRead)?;
    if month.trim().is_empty() {
        return Err(Problem::bad_request("month: YYYY-MM"));
    }
    let now = app::server::now_unix();
    let slugs = (
        which.service.as_str(),
        which.clinic.as_str(),
        which.specialist(),
    );
    let found = availability::month(&state.db, slugs, &month, now).await?;
    Ok(Json(MonthMap {
        month: format!("{:04}-{:02}", found.year, found.month),
        days: found
            .days
            .into_iter()
            .map(|d| MonthDay {
                date: d.date,
                available: d.available,
            })
            .collect(),
        first_month: found.first_month,
        last_month: found.last_month,
    }))
}
