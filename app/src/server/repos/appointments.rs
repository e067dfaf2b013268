//! Appointments: booking, cancelling and rescheduling in one write transaction each, where the
//! engine's `check_bookable` decides and the database's no-overlap guarantee backs it; and the
//! rows a patient sees.

use super::agenda::{Agenda, AgendaRequest, ACTIVE};
use super::audit::{self, Entry};
use crate::server::db::{is_overlap_violation, is_unique_violation, Db};
use crate::server::notify::events::{self, VisitEvent};
use chrono::Days;
use priyom::{
    can_cancel, can_reschedule, check_bookable, Actor, AppointmentId, AppointmentStatus,
    BookableSlot, BookingError, ChangeDenied, ClinicId, PersonName, Phone, ServiceId, Source,
    SpecialistId, UserId,
};
use sqlx::{Any, AnyConnection, Row, Transaction};

/// Who the visit is for.
#[derive(Debug, Clone)]
pub enum Patient {
    /// A signed-in patient (or one found by staff).
    Account(UserId),
    /// A guest: found or created by the normalised phone, with the consent they gave and,
    /// when SMS is configured, the proof that the phone is theirs (spent with the booking).
    Guest {
        name: PersonName,
        phone: Phone,
        consent: super::users::Consent,
        proof: Option<super::phone_codes::Proof>,
    },
    /// A caller booked by staff: like a guest, with the consent taken on the phone by
    /// `recorded_by`.
    Caller {
        name: PersonName,
        phone: Phone,
        consent: super::users::Consent,
        recorded_by: UserId,
    },
}

#[derive(Debug, Clone)]
pub struct NewBooking {
    pub clinic: ClinicId,
    pub service: ServiceId,
    /// `None`: any specialist who offers the service at the clinic.
    pub specialist: Option<SpecialistId>,
    pub start: i64,
    pub patient: Patient,
    pub source: Source,
    /// From the form: a resubmitted form carries the same key and books nothing new.
    pub idempotency_key: String,
    /// Who acts (the patient, or staff booking for a caller); `None` for a guest.
    pub actor: Option<UserId>,
    pub ip: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// The rules refuse this time (too soon, outside hours, …).
    #[error("not bookable: {0}")]
    Rules(BookingError),
    /// Somebody else holds the time (seen by the engine or refused by the database).
    #[error("the time was just taken")]
    Taken,
    /// The clinic, service or specialist does not exist or does not go together.
    #[error("no such service, clinic or specialist")]
    NotFound,
    /// A guest's phone already holds [`GUEST_UPCOMING`] upcoming visits.
    #[error("too many upcoming visits for one phone")]
    GuestLimit,
    /// The guest's phone code was used by another request meanwhile.
    #[error("phone code already used")]
    CodeSpent,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A booked visit: its id and the key that opens its confirmation page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booked {
    pub id: AppointmentId,
    pub key: String,
}

/// Books a visit. A repeated `idempotency_key` returns the visit it booked the first time.
pub async fn book(db: &Db, new: &NewBooking, now: i64) -> Result<Booked, BookError> {
    if let Some(id) = by_key(db, &new.idempotency_key).await? {
        return Ok(Booked {
            id,
            key: new.idempotency_key.clone(),
        });
    }
    let mut tx = db.begin_write().await?;
    match insert_checked(db, &mut tx, new, now).await {
        Ok(id) => {
            tx.commit().await.map_err(commit_error)?;
            Ok(Booked {
                id,
                key: new.idempotency_key.clone(),
            })
        }
        Err(BookError::Db(e)) if is_unique_violation(&e) => {
            // The same form submitted twice at once: the other request booked it.
            drop(tx);
            let id = by_key(db, &new.idempotency_key)
                .await?
                .ok_or(BookError::Db(e))?;
            Ok(Booked {
                id,
                key: new.idempotency_key.clone(),
            })
        }
        Err(e) => Err(e),
    }
}

/// A failed commit caused by the no-overlap guarantee is a lost race, not a server error.
fn commit_error(e: sqlx::Error) -> BookError {
    if is_overlap_violation(&e) {
        BookError::Taken
    } else {
        BookError::Db(e)
    }
}

/// The visit a form with this idempotency key booked, if it was booked.
pub async fn by_key(db: &Db, key: &str) -> Result<Option<AppointmentId>, sqlx::Error> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM appointments WHERE idempotency_key = $1")
            .bind(key)
            .fetch_optional(db.pool())
            .await?;
    Ok(id.map(AppointmentId::new))
}

/// Upcoming visits one phone may hold through guest bookings: a family's few, not every free
/// slot of a clinic filled by a script.
pub const GUEST_UPCOMING: i64 = 3;

async fn insert_checked(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    new: &NewBooking,
    now: i64,
) -> Result<AppointmentId, BookError> {
    db.serialize_bookings(tx, new.clinic.get()).await?;
    if let Patient::Guest {
        proof: Some(proof), ..
    } = &new.patient
    {
        if !super::phone_codes::spend(tx, *proof, now).await? {
            return Err(BookError::CodeSpent);
        }
    }
    let patient = resolve_patient(tx, &new.patient, now).await?;
    if matches!(new.patient, Patient::Guest { .. }) {
        let upcoming: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM appointments WHERE patient_id = $1 AND end_at > $2 \
                AND status IN {ACTIVE}"
        )))
        .bind(patient.get())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        if upcoming >= GUEST_UPCOMING {
            return Err(BookError::GuestLimit);
        }
    }
    let request = around(new.clinic, new.service, new.specialist, new.start, None)?;
    let agenda = load_around(db, tx, request, now).await?;
    let (slot, specialist, price) = pick(&agenda, new.specialist, new.start, now)?;
    let status = if agenda.policy.requires_confirmation() {
        AppointmentStatus::Scheduled
    } else {
        AppointmentStatus::Confirmed
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO appointments (patient_id, specialist_id, service_id, clinic_id, room_id, \
             start_at, end_at, block_start, block_end, status, price_kopecks, source, \
             idempotency_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(patient.get())
    .bind(specialist.get())
    .bind(new.service.get())
    .bind(new.clinic.get())
    .bind(slot.room.map(|r| r.get()))
    .bind(slot.start)
    .bind(slot.end)
    .bind(slot.blocked.start())
    .bind(slot.blocked.end())
    .bind(status.as_str())
    .bind(price)
    .bind(new.source.as_str())
    .bind(&new.idempotency_key)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| {
        if is_overlap_violation(&e) {
            BookError::Taken
        } else {
            BookError::Db(e)
        }
    })?;
    let details = format!("source={} start={}", new.source.as_str(), slot.start);
    let entry = Entry {
        actor: new.actor.map(UserId::get).or(Some(patient.get())),
        action: "appointment.create",
        entity: "appointment",
        entity_id: Some(id),
        ip: &new.ip,
        details: &details,
    };
    audit::record(&mut **tx, entry, now).await?;
    events::visit_changed(tx, id, VisitEvent::Created, new.actor.map(UserId::get), now).await?;
    Ok(AppointmentId::new(id))
}

/// What to load around one instant: a day either side covers every zone.
fn around(
    clinic: ClinicId,
    service: ServiceId,
    specialist: Option<SpecialistId>,
    start: i64,
    ignore: Option<i64>,
) -> Result<AgendaRequest, BookError> {
    let day = chrono::DateTime::from_timestamp(start, 0)
        .map(|t| t.date_naive())
        .ok_or(BookError::Rules(BookingError::OutOfRange))?;
    Ok(AgendaRequest {
        clinic,
        service,
        specialist,
        from: day.checked_sub_days(Days::new(1)).unwrap_or(day),
        to: day.checked_add_days(Days::new(1)).unwrap_or(day),
        ignore,
    })
}

/// The engine inputs for `request`, read inside the write transaction: the schedule version
/// and busy time come from this transaction (under the booking lock), so the fixed part the
/// cache holds is exactly as fresh as reading it here would be.
async fn load_around(
    db: &Db,
    conn: &mut AnyConnection,
    request: AgendaRequest,
    now: i64,
) -> Result<Agenda, BookError> {
    let agendas = super::agenda_cache::AgendaCache::of(db);
    let schedule = agendas.current(conn).await?;
    schedule
        .agenda(conn, &request, now)
        .await?
        .map(|(agenda, _)| agenda)
        .filter(|a| !a.specialists.is_empty())
        .ok_or(BookError::NotFound)
}

/// The first offering specialist (in a stable order) for whom the engine accepts `start`.
/// When none does, "taken" wins over other reasons: the time was free a moment ago.
fn pick(
    agenda: &Agenda,
    wanted: Option<SpecialistId>,
    start: i64,
    now: i64,
) -> Result<(BookableSlot, SpecialistId, i64), BookError> {
    let query = agenda.query(now);
    let mut first_error = None;
    for (candidate, price) in &agenda.specialists {
        if wanted.is_some_and(|w| w != candidate.specialist) {
            continue;
        }
        match check_bookable(&query, candidate, start) {
            Ok(slot) => return Ok((slot, candidate.specialist, *price)),
            Err(BookingError::Taken | BookingError::RoomBusy) => {
                first_error = Some(BookError::Taken);
            }
            Err(other) => {
                first_error.get_or_insert(BookError::Rules(other));
            }
        }
    }
    Err(first_error.unwrap_or(BookError::NotFound))
}

/// The patient's user id; a guest is found by phone or created, and their consent recorded.
async fn resolve_patient(
    tx: &mut Transaction<'static, Any>,
    patient: &Patient,
    now: i64,
) -> Result<UserId, sqlx::Error> {
    let (name, phone, consent, recorded_by) = match patient {
        Patient::Account(id) => return Ok(*id),
        Patient::Guest {
            name,
            phone,
            consent,
            ..
        } => (name, phone, consent, None),
        Patient::Caller {
            name,
            phone,
            consent,
            recorded_by,
        } => (name, phone, consent, Some(*recorded_by)),
    };
    sqlx::query(
        "INSERT INTO users (phone, full_name, created_at, updated_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (phone) DO NOTHING",
    )
    .bind(phone.as_str())
    .bind(name.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone.as_str())
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, clinic_id, granted_at) \
         SELECT $1, 'patient', NULL, $2 WHERE NOT EXISTS \
           (SELECT 1 FROM user_roles WHERE user_id = $1 AND role = 'patient')",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    super::users::record_consent(&mut **tx, id, consent, recorded_by, now).await?;
    Ok(UserId::new(id))
}

/// The facts a change to an existing visit needs.
struct Current {
    patient: i64,
    specialist: i64,
    clinic: i64,
    service: i64,
    start: i64,
    status: AppointmentStatus,
}

async fn current(
    conn: &mut AnyConnection,
    id: AppointmentId,
) -> Result<Option<Current>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT patient_id, specialist_id, clinic_id, service_id, start_at, status \
           FROM appointments WHERE id = $1",
    )
    .bind(id.get())
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let status: String = row.try_get("status")?;
    Ok(Some(Current {
        patient: row.try_get("patient_id")?,
        specialist: row.try_get("specialist_id")?,
        clinic: row.try_get("clinic_id")?,
        service: row.try_get("service_id")?,
        start: row.try_get("start_at")?,
        status: AppointmentStatus::parse(&status)
            .map_err(|e| sqlx::Error::Protocol(format!("stored status: {e}")))?,
    }))
}

#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// No such visit, or not this patient's (the same answer, so ids leak nothing).
    #[error("not found")]
    NotFound,
    #[error("refused: {0}")]
    Denied(ChangeDenied),
    #[error("not bookable: {0}")]
    Rules(BookingError),
    #[error("the new time was just taken")]
    Taken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<BookError> for ChangeError {
    fn from(e: BookError) -> Self {
        match e {
            BookError::Rules(r) => ChangeError::Rules(r),
            BookError::Taken => ChangeError::Taken,
            BookError::NotFound | BookError::GuestLimit | BookError::CodeSpent => {
                ChangeError::NotFound
            }
            BookError::Db(e) => ChangeError::Db(e),
        }
    }
}

/// Cancels a patient's own visit within the policy window, with their reason.
pub async fn cancel_own(
    db: &Db,
    patient: UserId,
    id: AppointmentId,
    reason: &str,
    ip: &str,
    now: i64,
) -> Result<(), ChangeError> {
    let mut tx = db.begin_write().await?;
    let visit = owned(&mut tx, patient, id).await?;
    let request = around(
        ClinicId::new(visit.clinic),
        ServiceId::new(visit.service),
        Some(SpecialistId::new(visit.specialist)),
        visit.start,
        Some(id.get()),
    );
    let agenda = match request {
        Ok(request) => load_around(db, &mut tx, request, now).await,
        Err(e) => Err(e),
    };
    let policy = agenda.map(|a| a.policy).unwrap_or_default();
    can_cancel(visit.status, visit.start, now, &policy, Actor::Patient)
        .map_err(ChangeError::Denied)?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE appointments SET status = 'cancelled', cancel_reason = $2, updated_at = $3 \
          WHERE id = $1 AND status IN {ACTIVE}"
    )))
    .bind(id.get())
    .bind(reason)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let entry = Entry {
        actor: Some(patient.get()),
        action: "appointment.cancel",
        entity: "appointment",
        entity_id: Some(id.get()),
        ip,
        details: "by=patient",
    };
    audit::record(&mut *tx, entry, now).await?;
    events::visit_changed(
        &mut tx,
        id.get(),
        VisitEvent::Cancelled,
        Some(patient.get()),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Who moves a visit.
#[derive(Debug, Clone, Copy)]
pub enum Mover<'a> {
    /// The patient, their own visit, within the policy's window.
    Patient(UserId),
    /// An operator or manager, a visit at a clinic of their desk; the window does not bind
    /// staff.
    Staff(&'a crate::server::auth::Actor),
}

impl Mover<'_> {
    fn user(&self) -> UserId {
        match self {
            Mover::Patient(user) => *user,
            Mover::Staff(actor) => actor.id,
        }
    }

    fn actor(&self) -> Actor {
        match self {
            Mover::Patient(_) => Actor::Patient,
            Mover::Staff(_) => Actor::Staff,
        }
    }

    /// The visit if this mover may touch it; not found otherwise (ids leak nothing).
    async fn visit(
        &self,
        conn: &mut AnyConnection,
        id: AppointmentId,
    ) -> Result<Current, ChangeError> {
        match self {
            Mover::Patient(patient) => owned(conn, *patient, id).await,
            Mover::Staff(actor) => current(conn, id)
                .await?
                .filter(|v| {
                    actor
                        .scope(priyom::Role::Operator)
                        .allows(ClinicId::new(v.clinic))
                })
                .ok_or(ChangeError::NotFound),
        }
    }
}

/// Moves a patient's own visit to `new_start` (same service, clinic and specialist).
pub async fn reschedule_own(
    db: &Db,
    patient: UserId,
    id: AppointmentId,
    new_start: i64,
    ip: &str,
    now: i64,
) -> Result<(), ChangeError> {
    reschedule(db, Mover::Patient(patient), id, new_start, ip, now).await
}

/// Moves a visit to `new_start` (same service, clinic and specialist). The old time is
/// released in the same transaction that takes the new one, so a lost race leaves the visit
/// where it was.
pub async fn reschedule(
    db: &Db,
    by: Mover<'_>,
    id: AppointmentId,
    new_start: i64,
    ip: &str,
    now: i64,
) -> Result<(), ChangeError> {
    let mut tx = db.begin_write().await?;
    let visit = by.visit(&mut tx, id).await?;
    db.serialize_bookings(&mut tx, visit.clinic).await?;
    let specialist = SpecialistId::new(visit.specialist);
    let request = around(
        ClinicId::new(visit.clinic),
        ServiceId::new(visit.service),
        Some(specialist),
        new_start,
        Some(id.get()),
    )?;
    let agenda = load_around(db, &mut tx, request, now).await?;
    can_reschedule(visit.status, visit.start, now, &agenda.policy, by.actor())
        .map_err(ChangeError::Denied)?;
    let (slot, _, _) = pick(&agenda, Some(specialist), new_start, now)?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE appointments SET start_at = $2, end_at = $3, block_start = $4, block_end = $5, \
                room_id = $6, updated_at = $7 \
          WHERE id = $1 AND status IN {ACTIVE}"
    )))
    .bind(id.get())
    .bind(slot.start)
    .bind(slot.end)
    .bind(slot.blocked.start())
    .bind(slot.blocked.end())
    .bind(slot.room.map(|r| r.get()))
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        if is_overlap_violation(&e) {
            ChangeError::Taken
        } else {
            ChangeError::Db(e)
        }
    })?;
    let who = match by {
        Mover::Patient(_) => "patient",
        Mover::Staff(_) => "staff",
    };
    let details = format!("from={} to={} by={who}", visit.start, slot.start);
    let entry = Entry {
        actor: Some(by.user().get()),
        action: "appointment.reschedule",
        entity: "appointment",
        entity_id: Some(id.get()),
        ip,
        details: &details,
    };
    audit::record(&mut *tx, entry, now).await?;
    let moved = VisitEvent::Rescheduled { from: visit.start };
    events::visit_changed(&mut tx, id.get(), moved, Some(by.user().get()), now).await?;
    tx.commit().await.map_err(|e| {
        if is_overlap_violation(&e) {
            ChangeError::Taken
        } else {
            ChangeError::Db(e)
        }
    })?;
    Ok(())
}

/// Who changes a visit's status, and so which visits they reach.
#[derive(Debug, Clone, Copy)]
pub enum StatusBy<'a> {
    /// Front-desk staff: visits at the clinics of their desk; they give the reason for a
    /// cancellation.
    Desk(&'a crate::server::auth::Actor),
    /// A specialist: their own visits.
    Specialist(&'a crate::server::auth::Actor, SpecialistId),
}

impl StatusBy<'_> {
    fn actor(&self) -> &crate::server::auth::Actor {
        match self {
            StatusBy::Desk(actor) | StatusBy::Specialist(actor, _) => actor,
        }
    }

    /// The rows this caller reaches, as a condition for both the read and the write.
    fn reach(&self) -> String {
        match self {
            StatusBy::Desk(actor) => {
                super::scope_sql(&actor.scope(priyom::Role::Operator), "clinic_id")
            }
            StatusBy::Specialist(_, me) => format!(" AND specialist_id = {}", me.get()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StatusError {
    /// No such visit, or not one this caller reaches.
    #[error("not found")]
    NotFound,
    #[error("status change refused: {0}")]
    Transition(priyom::TransitionError),
    /// The visit changed between reading and writing (the patient cancelled meanwhile).
    #[error("the visit changed meanwhile")]
    Moved,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Changes a visit's status by the engine's rules: the one place any status but a patient's
/// own cancellation is written. The `UPDATE` repeats the caller's reach and the status it was
/// decided from, so a row that moved meanwhile is not overwritten but answered `Moved`.
pub async fn set_status(
    db: &Db,
    by: StatusBy<'_>,
    id: AppointmentId,
    to: AppointmentStatus,
    reason: Option<&str>,
) -> Result<AppointmentStatus, StatusError> {
    let actor = by.actor();
    let reach = by.reach();
    let mut tx = db.begin_write().await?;
    let row: Option<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT status, start_at FROM appointments WHERE id = $1{reach}"
    )))
    .bind(id.get())
    .fetch_optional(&mut *tx)
    .await?;
    let (status, start) = row.ok_or(StatusError::NotFound)?;
    let from = AppointmentStatus::parse(&status)
        .map_err(|e| sqlx::Error::Protocol(format!("stored status: {e}")))?;
    let next = from
        .transition(to, start, actor.now)
        .map_err(StatusError::Transition)?;
    let (who, reason) = match by {
        StatusBy::Desk(_) => ("staff", reason.map(str::trim).filter(|r| !r.is_empty())),
        StatusBy::Specialist(..) => ("specialist", Some("cancelled by the specialist")),
    };
    let reason = reason.filter(|_| next == AppointmentStatus::Cancelled);
    let changed = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE appointments SET status = $2, cancel_reason = COALESCE($3, cancel_reason), \
                updated_at = $4 WHERE id = $1 AND status = $5{reach}"
    )))
    .bind(id.get())
    .bind(next.as_str())
    .bind(reason)
    .bind(actor.now)
    .bind(from.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StatusError::Moved);
    }
    let details = format!("{} -> {} by={who}", from.as_str(), next.as_str());
    actor
        .audit(
            &mut *tx,
            "appointment.status",
            ("appointment", id.get()),
            &details,
        )
        .await?;
    let event = match next {
        AppointmentStatus::Confirmed => Some(VisitEvent::Confirmed),
        AppointmentStatus::Cancelled => Some(VisitEvent::Cancelled),
        AppointmentStatus::Completed => Some(VisitEvent::Completed),
        AppointmentStatus::Scheduled | AppointmentStatus::NoShow => None,
    };
    if let Some(event) = event {
        events::visit_changed(&mut tx, id.get(), event, Some(actor.id.get()), actor.now).await?;
    }
    tx.commit().await?;
    Ok(next)
}

async fn owned(
    conn: &mut AnyConnection,
    patient: UserId,
    id: AppointmentId,
) -> Result<Current, ChangeError> {
    current(conn, id)
        .await?
        .filter(|v| v.patient == patient.get())
        .ok_or(ChangeError::NotFound)
}
