//! What the scheduling engine needs for one service at one clinic: the clinic's zone, the
//! booking policy, the service's rules, and each offering specialist's hours, exceptions and
//! busy time (plus the rooms', when the service needs one). A fixed number of queries,
//! whatever the number of specialists, so search and booking stay cheap.

use crate::server::db::flag;
use chrono::NaiveDate;
use priyom::{
    parse_tz, BookingPolicy, BookingPolicyRaw, BusySet, ClinicId, RoomAgenda, RoomId,
    ScheduleException, ScheduleExceptions, ServiceId, ServiceRules, ServiceRulesRaw, SlotQuery,
    SpecialistAgenda, SpecialistId, Tz, WeeklyHours,
};
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// Active statuses: the ones that hold time (kept in step with `AppointmentStatus::is_active`).
pub const ACTIVE: &str = "('scheduled', 'confirmed')";

/// Longest blocked interval a visit can have (480 min + two 120-min buffers), so busy-time
/// reads can bound `block_start` from below and use the index.
const MAX_BLOCK_S: i64 = (480 + 240) * 60;

/// Engine inputs for one service at one clinic.
#[derive(Debug, Clone)]
pub struct Agenda {
    pub tz: Tz,
    pub policy: BookingPolicy,
    pub service: ServiceRules,
    pub rooms: Vec<RoomAgenda>,
    /// Offering specialists in a stable order (by id), with their price in kopecks.
    pub specialists: Vec<(SpecialistAgenda, i64)>,
}

impl Agenda {
    pub fn query(&self, now: i64) -> SlotQuery<'_> {
        SlotQuery {
            tz: self.tz,
            policy: self.policy,
            service: self.service,
            rooms: &self.rooms,
            now,
        }
    }

    pub fn agendas(&self) -> Vec<SpecialistAgenda> {
        self.specialists.iter().map(|(a, _)| a.clone()).collect()
    }

    pub fn specialist(&self, id: SpecialistId) -> Option<&(SpecialistAgenda, i64)> {
        self.specialists.iter().find(|(a, _)| a.specialist == id)
    }
}

/// What to load.
#[derive(Debug, Clone, Copy)]
pub struct AgendaRequest {
    pub clinic: ClinicId,
    pub service: ServiceId,
    /// One specialist, or every one offering the service at the clinic.
    pub specialist: Option<SpecialistId>,
    /// Local dates the caller asks about.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// An appointment whose own time does not count as busy (the one being moved).
    pub ignore: Option<i64>,
}

/// Loads the agenda, or `None` when the clinic or service does not exist, is inactive, or
/// the service is not offered at the clinic.
pub async fn load(
    conn: &mut AnyConnection,
    req: &AgendaRequest,
) -> Result<Option<Agenda>, sqlx::Error> {
    let Some(fixed) = fixed(conn, req, (req.from, req.to)).await? else {
        return Ok(None);
    };
    fixed.with_busy(conn, req).await.map(Some)
}

/// The part of an agenda that only management writes change (everything but busy time).
#[derive(Debug, Clone)]
pub struct Fixed {
    tz: Tz,
    policy: BookingPolicy,
    service: ServiceRules,
    /// Offering specialists by id: price in kopecks, weekly hours, exceptions.
    specialists: Vec<(SpecialistId, i64, WeeklyHours, ScheduleExceptions)>,
    /// The clinic's active rooms, when the service needs one.
    rooms: Vec<RoomId>,
}

impl Fixed {
    /// The full agenda for `req`: this fixed part (narrowed to `req.specialist`) plus busy
    /// time read now.
    pub async fn with_busy(
        &self,
        conn: &mut AnyConnection,
        req: &AgendaRequest,
    ) -> Result<Agenda, sqlx::Error> {
        let (lo, hi) = window(req.from, req.to);
        let mut busy = specialist_busy(conn, req, lo, hi).await?;
        let specialists = self
            .specialists
            .iter()
            .filter(|(id, ..)| req.specialist.is_none_or(|wanted| wanted == *id))
            .map(|(id, price, weekly, exceptions)| {
                let busy = busy_set(busy.remove(&id.get()).unwrap_or_default())?;
                let agenda = SpecialistAgenda::new(*id, weekly.clone(), exceptions.clone(), busy);
                Ok((agenda, *price))
            })
            .collect::<Result<_, sqlx::Error>>()?;
        let rooms = if self.rooms.is_empty() {
            Vec::new()
        } else {
            rooms(conn, req, &self.rooms, lo, hi).await?
        };
        Ok(Agenda {
            tz: self.tz,
            policy: self.policy,
            service: self.service,
            rooms,
            specialists,
        })
    }
}

/// Loads the fixed part for `req`'s clinic, service and specialist (or every offering one),
/// with the exceptions that touch the local dates `exceptions_on`.
pub async fn fixed(
    conn: &mut AnyConnection,
    req: &AgendaRequest,
    exceptions_on: (NaiveDate, NaiveDate),
) -> Result<Option<Fixed>, sqlx::Error> {
    let Some(tz) = clinic_tz(conn, req.clinic).await? else {
        return Ok(None);
    };
    let Some((service, base_price)) = service_rules(conn, req).await? else {
        return Ok(None);
    };
    let policy = policy(conn, req).await?;
    let offering = offering(conn, req, base_price).await?;
    let mut weekly = weekly_hours(conn, req).await?;
    let mut exceptions = exceptions(conn, req, exceptions_on).await?;
    let specialists = offering
        .into_iter()
        .map(|(id, price)| {
            let weekly = weekly.remove(&id).unwrap_or_default();
            let exceptions = ScheduleExceptions::new(exceptions.remove(&id).unwrap_or_default());
            (id, price, weekly, exceptions)
        })
        .collect();
    let rooms = if service.needs_room() {
        room_ids(conn, req.clinic).await?
    } else {
        Vec::new()
    };
    Ok(Some(Fixed {
        tz,
        policy,
        service,
        specialists,
        rooms,
    }))
}

/// Instants safely around the local dates: a day either side covers every zone offset and
/// a visit's buffers.
fn window(from: NaiveDate, to: NaiveDate) -> (i64, i64) {
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp());
    let lo = midnight(from).unwrap_or(i64::MIN / 2) - 2 * 86_400;
    let hi = midnight(to).unwrap_or(i64::MAX / 2) + 3 * 86_400;
    (lo, hi)
}

fn bad_data(what: &str, cause: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::Protocol(format!("stored {what} is invalid: {cause}"))
}

async fn clinic_tz(conn: &mut AnyConnection, clinic: ClinicId) -> Result<Option<Tz>, sqlx::Error> {
    let tz: Option<String> =
        sqlx::query_scalar("SELECT tz FROM clinics WHERE id = $1 AND active = 1")
            .bind(clinic.get())
            .fetch_optional(conn)
            .await?;
    tz.map(|name| parse_tz(&name).map_err(|e| bad_data("time zone", e)))
        .transpose()
}

async fn service_rules(
    conn: &mut AnyConnection,
    req: &AgendaRequest,
) -> Result<Option<(ServiceRules, i64)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT s.duration_min, s.buffer_before_min, s.buffer_after_min, s.needs_room, s.price_kopecks \
           FROM services s JOIN service_clinics sc ON sc.service_id = s.id AND sc.clinic_id = $2 \
          WHERE s.id = $1 AND s.active = 1",
    )
    .bind(req.service.get())
    .bind(req.clinic.get())
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let rules = ServiceRules::new(ServiceRulesRaw {
        duration_min: row.try_get("duration_min")?,
        buffer_before_min: row.try_get("buffer_before_min")?,
        buffer_after_min: row.try_get("buffer_after_min")?,
        needs_room: flag(&row, "needs_room")?,
    })
    .map_err(|e| bad_data("service", e))?;
    Ok(Some((rules, row.try_get("price_kopecks")?)))
}

/// The service's own policy at the clinic, else the clinic's, else the default.
async fn policy(
    conn: &mut AnyConnection,
    req: &AgendaRequest,
) -> Result<BookingPolicy, sqlx::Error> {
    let row = sqlx::query(
        "SELECT step_min, min_notice_min, horizon_days, cancel_notice_min, requires_confirmation \
           FROM booking_policies \
          WHERE clinic_id = $1 AND (service_id = $2 OR service_id IS NULL) \
          ORDER BY CASE WHEN service_id IS NULL THEN 1 ELSE 0 END LIMIT 1",
    )
    .bind(req.clinic.get())
    .bind(req.service.get())
    .fetch_optional(conn)
    .await?;
    row.as_ref()
        .map(policy_from_row)
        .transpose()
        .map(Option::unwrap_or_default)
}

/// A booking policy from a `booking_policies` row.
pub fn policy_from_row(row: &sqlx::any::AnyRow) -> Result<BookingPolicy, sqlx::Error> {
    BookingPolicy::new(BookingPolicyRaw {
        step_min: row.try_get("step_min")?,
        min_notice_min: row.try_get("min_notice_min")?,
        horizon_days: row.try_get("horizon_days")?,
        cancel_notice_min: row.try_get("cancel_notice_min")?,
        requires_confirmation: flag(row, "requires_confirmation")?,
    })
    .map_err(|e| bad_data("booking policy", e))
}

/// Active specialists who offer the service and work at the clinic, with their price.
async fn offering(
    conn: &mut AnyConnection,
    req: &AgendaRequest,
    base_price: i64,
) -> Result<Vec<(SpecialistId, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT ss.specialist_id, ss.price_kopecks \
           FROM service_specialists ss \
           JOIN specialists sp ON sp.id = ss.specialist_id AND sp.active = 1 \
           JOIN specialist_clinics sc ON sc.specialist_id = ss.specialist_id AND sc.clinic_id = $2 \
          WHERE ss.service_id = $1 AND ($3 = 0 OR ss.specialist_id = $3) \
          ORDER BY ss.specialist_id",
    )
    .bind(req.service.get())
    .bind(req.clinic.get())
    .bind(req.specialist.map_or(0, SpecialistId::get))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let price: Option<i64> = row.try_get("price_kopecks")?;
            Ok((
                SpecialistId::new(row.try_get("specialist_id")?),
                price.unwrap_or(base_price),
            ))
        })
        .collect()
}

pub(crate) async fn weekly_hours(
    conn: &mut AnyConnection,
    req: &AgendaRequest,
) -> Result<BTreeMap<SpecialistId, WeeklyHours>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT specialist_id, weekday, start_min, end_min FROM working_hours \
          WHERE clinic_id = $1 AND ($2 = 0 OR specialist_id = $2) \
          ORDER BY specialist_id, weekday, start_min",
    )
    .bind(req.clinic.get())
    .bind(req.specialist.map_or(0, SpecialistId::get))
    .fetch_all(conn)
    .await?;
    let mut grouped: BTreeMap<SpecialistId, Vec<(i64, i64, i64)>> = BTreeMap::new();
    for row in &rows {
        grouped
            .entry(SpecialistId::new(row.try_get("specialist_id")?))
            .or_default()
            .push((
                row.try_get("weekday")?,
                row.try_get("start_min")?,
                row.try_get("end_min")?,
            ));
    }
    grouped
        .into_iter()
        .map(|(id, rows)| {
            WeeklyHours::from_rows(rows)
                .map(|w| (id, w))
                .map_err(|e| bad_data("working hours", e))
        })
        .collect()
}

/// Exceptions touching the local dates `from..=to` (with a day of slack either side, like
/// the instant window).
pub(crate) async fn exceptions(
    conn: &mut AnyConnection,
    req: &AgendaRequest,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<BTreeMap<SpecialistId, Vec<ScheduleException>>, sqlx::Error> {
    let from = from.pred_opt().unwrap_or(from).to_string();
    let to = to.succ_opt().unwrap_or(to).to_string();
    let rows = sqlx::query(
        "SELECT specialist_id, date_from, date_to, kind, start_min, end_min FROM schedule_exceptions \
          WHERE (clinic_id = $1 OR clinic_id IS NULL) AND ($2 = 0 OR specialist_id = $2) \
            AND date_to >= $3 AND date_from <= $4",
    )
    .bind(req.clinic.get())
    .bind(req.specialist.map_or(0, SpecialistId::get))
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    let mut grouped: BTreeMap<SpecialistId, Vec<ScheduleException>> = BTreeMap::new();
    for row in &rows {
        let date = |column: &str| -> Result<NaiveDate, sqlx::Error> {
            let text: String = row.try_get(column)?;
            text.parse().map_err(|e| bad_data("exception date", e))
        };
        let kind: String = row.try_get("kind")?;
        let exception = ScheduleException::from_row(
            date("date_from")?,
            date("date_to")?,
            &kind,
            row.try_get("start_min")?,
            row.try_get("end_min")?,
        )
        .map_err(|e| bad_data("schedule exception", e))?;
        grouped
            .entry(SpecialistId::new(row.try_get("specialist_id")?))
            .or_default()
            .push(exception);
    }
    Ok(grouped)
}

type BusyRows = BTreeMap<i64, Vec<(i64, i64)>>;

/// Active blocked intervals near `[lo, hi)` per owner (`specialist_id` or `room_id`) among
/// the owners `filter` picks with its two parameters (`$1`, `$2`).
async fn busy(
    conn: &mut AnyConnection,
    owner: &'static str,
    filter: &'static str,
    params: (i64, i64),
    (lo, hi): (i64, i64),
    ignore: Option<i64>,
) -> Result<BusyRows, sqlx::Error> {
    let sql = format!(
        "SELECT a.{owner} AS owner, a.block_start, a.block_end FROM appointments a \
          WHERE a.{owner} IN ({filter}) \
            AND a.status IN {ACTIVE} AND a.block_start >= $3 AND a.block_start < $4 \
            AND a.block_end > $5 AND a.id <> $6"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(params.0)
        .bind(params.1)
        .bind(lo - MAX_BLOCK_S)
        .bind(hi)
        .bind(lo)
        .bind(ignore.unwrap_or(0))
        .fetch_all(conn)
        .await?;
    group_busy(&rows)
}

/// Busy time of the offering specialists at every clinic (a person is in one place at a time).
async fn specialist_busy(
    conn: &mut AnyConnection,
    req: &AgendaRequest,
    lo: i64,
    hi: i64,
) -> Result<BusyRows, sqlx::Error> {
    busy(
        conn,
        "specialist_id",
        "SELECT specialist_id FROM service_specialists \
          WHERE service_id = $1 AND ($2 = 0 OR specialist_id = $2)",
        (
            req.service.get(),
            req.specialist.map_or(0, SpecialistId::get),
        ),
        (lo, hi),
        req.ignore,
    )
    .await
}

async fn room_ids(conn: &mut AnyConnection, clinic: ClinicId) -> Result<Vec<RoomId>, sqlx::Error> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM rooms WHERE clinic_id = $1 AND active = 1 ORDER BY id")
            .bind(clinic.get())
            .fetch_all(conn)
            .await?;
    Ok(ids.into_iter().map(RoomId::new).collect())
}

/// The given rooms with their busy time near `[lo, hi)`.
async fn rooms(
    conn: &mut AnyConnection,
    req: &AgendaRequest,
    ids: &[RoomId],
    lo: i64,
    hi: i64,
) -> Result<Vec<RoomAgenda>, sqlx::Error> {
    let mut busy = busy(
        conn,
        "room_id",
        "SELECT id FROM rooms WHERE clinic_id = $1 AND ($2 = 0 OR id = $2)",
        (req.clinic.get(), 0),
        (lo, hi),
        req.ignore,
    )
    .await?;
    ids.iter()
        .map(|&room| {
            Ok(RoomAgenda {
                room,
                busy: busy_set(busy.remove(&room.get()).unwrap_or_default())?,
            })
        })
        .collect()
}

fn group_busy(rows: &[sqlx::any::AnyRow]) -> Result<BusyRows, sqlx::Error> {
    let mut grouped = BusyRows::new();
    for row in rows {
        grouped
            .entry(row.try_get("owner")?)
            .or_default()
            .push((row.try_get("block_start")?, row.try_get("block_end")?));
    }
    Ok(grouped)
}

fn busy_set(rows: Vec<(i64, i64)>) -> Result<BusySet, sqlx::Error> {
    BusySet::from_rows(rows).map_err(|e| bad_data("appointment time", e))
}
