//! Free time for booking, read by the site's calendar and the REST API alike: the month map
//! and a day's times for a service at a clinic, with one specialist or "any"; and the slugs
//! behind them resolved to ids.

use crate::error::AppError;
use crate::model::booking::{CalendarDay, DaySlots, MonthAvailability, TimeChoice};
use crate::server::db::Db;
use crate::server::repos::agenda::{Agenda, AgendaRequest};
use crate::server::repos::agenda_cache::{AgendaCache, Current, Names};
use crate::server::repos::booking::Resolved;
use chrono::{Datelike, Days, NaiveDate};
use priyom::DateSpan;
use std::sync::Arc;

pub use crate::model::booking::ANY;

/// Service, clinic and specialist (or [`ANY`]) slugs.
pub type Slugs<'a> = (&'a str, &'a str, &'a str);

/// The ids behind the slugs; a missing service or clinic, or an unknown specialist
/// (other than "any"), is "not found".
pub async fn ids(
    schedule: &Current<'_>,
    conn: &mut sqlx::AnyConnection,
    service: &str,
    clinic: &str,
    specialist: &str,
) -> Result<Resolved, AppError> {
    let ids = schedule.resolve(conn, service, clinic, specialist).await?;
    let named_but_unknown = specialist != ANY && ids.specialist.is_none();
    if ids.service.is_none() || ids.clinic.is_none() || named_but_unknown {
        return Err(AppError::NotFound);
    }
    Ok(ids)
}

/// The agenda between two local dates and the offering specialists' names.
pub async fn load(
    schedule: &Current<'_>,
    conn: &mut sqlx::AnyConnection,
    ids: Resolved,
    (from, to): (NaiveDate, NaiveDate),
    now: i64,
) -> Result<(Agenda, Arc<Names>), AppError> {
    let (Some(service), Some(clinic)) = (ids.service, ids.clinic) else {
        return Err(AppError::NotFound);
    };
    let request = AgendaRequest {
        clinic,
        service,
        specialist: ids.specialist,
        from,
        to,
        ignore: None,
    };
    schedule
        .agenda(conn, &request, now)
        .await?
        .ok_or(AppError::NotFound)
}

pub fn today(agenda: &Agenda, now: i64) -> Result<NaiveDate, AppError> {
    priyom::local_date(agenda.tz, now).ok_or_else(|| AppError::internal("clock out of range"))
}

fn month_code(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

fn parse_month(text: &str) -> Option<(i32, u32)> {
    let (y, m) = text.split_once('-')?;
    Some((y.parse().ok()?, m.parse().ok()?))
}

pub async fn month(
    db: &Db,
    (service, clinic, specialist): Slugs<'_>,
    month: &str,
    now: i64,
) -> Result<MonthAvailability, AppError> {
    let mut conn = db.pool().acquire().await?;
    let agendas = AgendaCache::of(db);
    let schedule = agendas.current(&mut conn).await?;
    let ids = ids(&schedule, &mut conn, service, clinic, specialist).await?;
    // The zone is needed to know "this month"; load a day first only when none is given.
    let requested = match month.trim() {
        "" => None,
        text => Some(parse_month(text).ok_or_else(|| AppError::Invalid("month".into()))?),
    };
    let span = match requested {
        Some((y, m)) => DateSpan::month(y, m).map_err(|_| AppError::Invalid("month".into()))?,
        None => {
            let utc_today = chrono::DateTime::from_timestamp(now, 0)
                .map(|t| t.date_naive())
                .unwrap_or_default();
            DateSpan::month(utc_today.year(), utc_today.month())
                .map_err(|_| AppError::internal("no current month"))?
        }
    };
    let (agenda, _) = load(&schedule, &mut conn, ids, (span.from(), span.to()), now).await?;
    drop(conn);
    let today = today(&agenda, now)?;
    let horizon = today
        .checked_add_days(Days::new(u64::from(agenda.policy.horizon_days())))
        .unwrap_or(today);
    let days = priyom::month_map_any(&agenda.query(now), &agenda.agendas(), &span)
        .into_iter()
        .map(|d| CalendarDay {
            date: d.date,
            available: d.available,
        })
        .collect();
    Ok(MonthAvailability {
        year: span.from().year(),
        month: span.from().month(),
        days,
        first_month: month_code(today),
        last_month: month_code(horizon),
    })
}

pub async fn day(
    db: &Db,
    (service, clinic, specialist): Slugs<'_>,
    date: &str,
    now: i64,
) -> Result<DaySlots, AppError> {
    let date: NaiveDate = date.parse().map_err(|_| AppError::Invalid("date".into()))?;
    let mut conn = db.pool().acquire().await?;
    let agendas = AgendaCache::of(db);
    let schedule = agendas.current(&mut conn).await?;
    let ids = ids(&schedule, &mut conn, service, clinic, specialist).await?;
    let (agenda, names) = load(&schedule, &mut conn, ids, (date, date), now).await?;
    drop(conn);
    let slots = priyom::free_slots_any(&agenda.query(now), &agenda.agendas(), &DateSpan::day(date));
    let times = slots
        .into_iter()
        .filter_map(|slot| {
            let (slug, name) = names.get(&slot.specialist)?.clone();
            Some(TimeChoice {
                start: slot.start,
                label: slot.time.to_string(),
                minute: slot.time.minutes(),
                specialist: slug,
                specialist_name: name,
            })
        })
        .collect();
    Ok(DaySlots { date, times })
}
