//! A specialist's own desk: weekly hours per clinic, days off and replacement hours, and their
//! visits by day with status changes. Every change is scoped to the signed-in specialist (a row
//! of someone else's answers "not found") and written to the audit log.

use crate::i18n::Lang;
use crate::server::auth::Actor;
use crate::server::db::localized;
use crate::server::db::Db;
use chrono::NaiveDate;
use priyom::{first_overlap, AppointmentStatus, ClinicId, MinuteRange, SpecialistId, UserId};
use sqlx::Row;

/// The specialist profile of a user, if they have one.
pub async fn specialist_of(db: &Db, user: UserId) -> Result<Option<SpecialistId>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM specialists WHERE user_id = $1")
        .bind(user.get())
        .fetch_optional(db.pool())
        .await?;
    Ok(id.map(SpecialistId::new))
}

/// The clinics a specialist works at: (id, name).
pub async fn clinics(
    db: &Db,
    lang: Lang,
    me: SpecialistId,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, c.name_en FROM clinics c \
           JOIN specialist_clinics sc ON sc.clinic_id = c.id AND sc.specialist_id = $1 \
          ORDER BY c.id",
    )
    .bind(me.get())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, localized(r, lang, "name")?)))
        .collect()
}

/// The zone of the specialist's first clinic: where "today" is for their desk.
pub async fn home_tz(db: &Db, me: SpecialistId) -> Result<priyom::Tz, sqlx::Error> {
    let name: Option<String> = sqlx::query_scalar(
        "SELECT c.tz FROM clinics c JOIN specialist_clinics sc ON sc.clinic_id = c.id \
          WHERE sc.specialist_id = $1 ORDER BY c.id LIMIT 1",
    )
    .bind(me.get())
    .fetch_optional(db.pool())
    .await?;
    Ok(name
        .and_then(|n| priyom::parse_tz(&n).ok())
        .unwrap_or(chrono_tz::Europe::Moscow))
}

/// One stored interval: (row id, weekday Monday = 0, range).
pub type HoursRow = (i64, i64, MinuteRange);

pub async fn weekly(
    db: &Db,
    me: SpecialistId,
    clinic: ClinicId,
) -> Result<Vec<HoursRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, weekday, start_min, end_min FROM working_hours \
          WHERE specialist_id = $1 AND clinic_id = $2 ORDER BY weekday, start_min",
    )
    .bind(me.get())
    .bind(clinic.get())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let range = MinuteRange::from_minutes(r.try_get("start_min")?, r.try_get("end_min")?)
                .map_err(|e| sqlx::Error::Protocol(format!("stored hours: {e}")))?;
            Ok((r.try_get("id")?, r.try_get("weekday")?, range))
        })
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("not found")]
    NotFound,
    #[error("overlaps {0}")]
    Overlap(MinuteRange),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The signed-in specialist at their own desk: who acts, and their specialist profile.
pub struct OwnDesk<'a> {
    pub by: &'a Actor,
    pub me: SpecialistId,
}

impl OwnDesk<'_> {
    async fn audit<'c, E>(
        &self,
        executor: E,
        action: &str,
        entity: &str,
        id: i64,
        details: &str,
    ) -> Result<(), sqlx::Error>
    where
        E: sqlx::Executor<'c, Database = sqlx::Any>,
    {
        self.by.audit(executor, action, (entity, id), details).await
    }
}

/// Adds a weekly interval at a clinic the specialist works at; refuses an overlap.
pub async fn add_hours(
    db: &Db,
    actor: &OwnDesk<'_>,
    clinic: ClinicId,
    weekday: i64,
    range: MinuteRange,
) -> Result<(), DeskError> {
    let mut tx = db.begin_write().await?;
    let works_there: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM specialist_clinics WHERE specialist_id = $1 AND clinic_id = $2",
    )
    .bind(actor.me.get())
    .bind(clinic.get())
    .fetch_optional(&mut *tx)
    .await?;
    if works_there.is_none() || !(0..7).contains(&weekday) {
        return Err(DeskError::NotFound);
    }
    let day: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT start_min, end_min FROM working_hours \
          WHERE specialist_id = $1 AND clinic_id = $2 AND weekday = $3",
    )
    .bind(actor.me.get())
    .bind(clinic.get())
    .bind(weekday)
    .fetch_all(&mut *tx)
    .await?;
    let existing: Vec<MinuteRange> = day
        .into_iter()
        .filter_map(|(s, e)| MinuteRange::from_minutes(s, e).ok())
        .collect();
    if let Some(clash) = first_overlap(&existing, &range) {
        return Err(DeskError::Overlap(clash));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO working_hours (specialist_id, clinic_id, weekday, start_min, end_min) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(actor.me.get())
    .bind(clinic.get())
    .bind(weekday)
    .bind(i64::from(range.start().minutes()))
    .bind(i64::from(range.end().minutes()))
    .fetch_one(&mut *tx)
    .await?;
    let details = format!("clinic={} weekday={weekday} {range}", clinic.get());
    actor
        .audit(&mut *tx, "hours.add", "working_hours", id, &details)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes one of the specialist's own weekly intervals.
pub async fn remove_hours(db: &Db, actor: &OwnDesk<'_>, id: i64) -> Result<(), DeskError> {
    remove_own(
        db,
        actor,
        ("working_hours", "working_hours"),
        "hours.remove",
        id,
    )
    .await
}

/// Deletes row `id` of `table` when it belongs to the specialist, and audits it under
/// `entity`; someone else's row answers "not found". `table` is a literal here, never input.
async fn remove_own(
    db: &Db,
    actor: &OwnDesk<'_>,
    (table, entity): (&'static str, &str),
    action: &str,
    id: i64,
) -> Result<(), DeskError> {
    let mut tx = db.begin_write().await?;
    let sql = format!("DELETE FROM {table} WHERE id = $1 AND specialist_id = $2");
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(actor.me.get())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(DeskError::NotFound);
    }
    actor.audit(&mut *tx, action, entity, id, "").await?;
    tx.commit().await?;
    Ok(())
}

/// Makes each of `to` weekdays at the clinic a copy of `from`.
pub async fn copy_day(
    db: &Db,
    actor: &OwnDesk<'_>,
    clinic: ClinicId,
    from: i64,
    to: &[i64],
) -> Result<(), DeskError> {
    if !(0..7).contains(&from) || to.iter().any(|d| !(0..7).contains(d)) {
        return Err(DeskError::NotFound);
    }
    let mut tx = db.begin_write().await?;
    for &day in to.iter().filter(|d| **d != from) {
        sqlx::query("DELETE FROM working_hours WHERE specialist_id = $1 AND clinic_id = $2 AND weekday = $3")
            .bind(actor.me.get())
            .bind(clinic.get())
            .bind(day)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO working_hours (specialist_id, clinic_id, weekday, start_min, end_min) \
             SELECT specialist_id, clinic_id, $4, start_min, end_min FROM working_hours \
              WHERE specialist_id = $1 AND clinic_id = $2 AND weekday = $3",
        )
        .bind(actor.me.get())
        .bind(clinic.get())
        .bind(from)
        .bind(day)
        .execute(&mut *tx)
        .await?;
    }
    let days: Vec<String> = to.iter().map(i64::to_string).collect();
    let details = format!("clinic={} from={from} to={}", clinic.get(), days.join(","));
    actor
        .audit(
            &mut *tx,
            "hours.copy",
            "working_hours",
            clinic.get(),
            &details,
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A dated exception as the desk lists it.
#[derive(Debug, Clone)]
pub struct ExceptionRow {
    pub id: i64,
    pub from: String,
    pub to: String,
    pub hours: Option<MinuteRange>,
    pub note: String,
}

/// Exceptions that end on or after `today`.
pub async fn exceptions(
    db: &Db,
    me: SpecialistId,
    today: NaiveDate,
) -> Result<Vec<ExceptionRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, date_from, date_to, start_min, end_min, note FROM schedule_exceptions \
          WHERE specialist_id = $1 AND date_to >= $2 ORDER BY date_from, start_min",
    )
    .bind(me.get())
    .bind(today.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let start: Option<i64> = r.try_get("start_min")?;
            let end: Option<i64> = r.try_get("end_min")?;
            Ok(ExceptionRow {
                id: r.try_get("id")?,
                from: r.try_get("date_from")?,
                to: r.try_get("date_to")?,
                hours: start
                    .zip(end)
                    .and_then(|(s, e)| MinuteRange::from_minutes(s, e).ok()),
                note: r.try_get("note")?,
            })
        })
        .collect()
}

/// Takes days off (`from..=to`, every clinic), or, with `hours`, replaces one date's hours.
pub async fn add_exception(
    db: &Db,
    actor: &OwnDesk<'_>,
    from: NaiveDate,
    to: NaiveDate,
    hours: Option<MinuteRange>,
    note: &str,
) -> Result<(), DeskError> {
    let mut tx = db.begin_write().await?;
    if let Some(range) = hours {
        let same_day: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT start_min, end_min FROM schedule_exceptions \
              WHERE specialist_id = $1 AND kind = 'hours' AND date_from = $2",
        )
        .bind(actor.me.get())
        .bind(from.to_string())
        .fetch_all(&mut *tx)
        .await?;
        let existing: Vec<MinuteRange> = same_day
            .into_iter()
            .filter_map(|(s, e)| MinuteRange::from_minutes(s, e).ok())
            .collect();
        if let Some(clash) = first_overlap(&existing, &range) {
            return Err(DeskError::Overlap(clash));
        }
    }
    let (kind, start, end) = match hours {
        Some(r) => (
            "hours",
            Some(i64::from(r.start().minutes())),
            Some(i64::from(r.end().minutes())),
        ),
        None => ("day_off", None, None),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO schedule_exceptions (specialist_id, clinic_id, date_from, date_to, kind, start_min, end_min, note) \
         VALUES ($1, NULL, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(actor.me.get())
    .bind(from.to_string())
    .bind(to.to_string())
    .bind(kind)
    .bind(start)
    .bind(end)
    .bind(note)
    .fetch_one(&mut *tx)
    .await?;
    let details = format!("{kind} {from}..{to}");
    actor
        .audit(
            &mut *tx,
            "exception.add",
            "schedule_exception",
            id,
            &details,
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_exception(db: &Db, actor: &OwnDesk<'_>, id: i64) -> Result<(), DeskError> {
    remove_own(
        db,
        actor,
        ("schedule_exceptions", "schedule_exception"),
        "exception.remove",
        id,
    )
    .await
}

/// A visit on the specialist's schedule.
#[derive(Debug, Clone)]
pub struct ScheduleRow {
    pub id: i64,
    pub start: i64,
    pub end: i64,
    pub tz: String,
    pub status: AppointmentStatus,
    pub patient: String,
    pub service: String,
    pub clinic: String,
    pub room: Option<String>,
}

/// The specialist's visits starting in `[lo, hi)`, every status.
pub async fn schedule(
    db: &Db,
    lang: Lang,
    me: SpecialistId,
    (lo, hi): (i64, i64),
) -> Result<Vec<ScheduleRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.id, a.start_at, a.end_at, a.status, u.full_name, s.name, s.name_en, \
                c.name AS clinic, c.name_en AS clinic_en, c.tz, r.name AS room \
           FROM appointments a \
           JOIN users u ON u.id = a.patient_id \
           JOIN services s ON s.id = a.service_id \
           JOIN clinics c ON c.id = a.clinic_id \
           LEFT JOIN rooms r ON r.id = a.room_id \
          WHERE a.specialist_id = $1 AND a.start_at >= $2 AND a.start_at < $3 \
          ORDER BY a.start_at",
    )
    .bind(me.get())
    .bind(lo)
    .bind(hi)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            Ok(ScheduleRow {
                id: r.try_get("id")?,
                start: r.try_get("start_at")?,
                end: r.try_get("end_at")?,
                tz: r.try_get("tz")?,
                status: AppointmentStatus::parse(&status)
                    .map_err(|e| sqlx::Error::Protocol(format!("stored status: {e}")))?,
                patient: r.try_get("full_name")?,
                service: localized(r, lang, "name")?,
                clinic: localized(r, lang, "clinic")?,
                room: r.try_get("room")?,
            })
        })
        .collect()
}
