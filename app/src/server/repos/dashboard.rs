//! The dashboard's data for one clinic and a span of local dates: its specialists, their
//! working hours there, and the visits; the figures themselves are the domain's
//! (`priyom::stats`).

use super::agenda::{self, AgendaRequest};
use crate::server::db::Db;
use priyom::stats::{period_stats, working_minutes, PeriodStats, VisitFact};
use priyom::{AppointmentStatus, ClinicId, DateSpan, ScheduleExceptions, ServiceId, SpecialistId};
use sqlx::Row;
use std::collections::BTreeMap;

/// The figures of `span` at `clinic`, with each specialist's name.
pub async fn clinic_period(
    db: &Db,
    clinic: ClinicId,
    tz: priyom::Tz,
    span: &DateSpan,
    (lo, hi): (i64, i64),
) -> Result<(PeriodStats, BTreeMap<SpecialistId, String>), sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    let names: BTreeMap<SpecialistId, String> = sqlx::query(
        "SELECT sp.id, u.full_name FROM specialist_clinics sc \
           JOIN specialists sp ON sp.id = sc.specialist_id JOIN users u ON u.id = sp.user_id \
          WHERE sc.clinic_id = $1",
    )
    .bind(clinic.get())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((SpecialistId::new(r.try_get("id")?), r.try_get("full_name")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    let request = AgendaRequest {
        clinic,
        service: ServiceId::new(0),
        specialist: None,
        from: span.from(),
        to: span.to(),
        ignore: None,
    };
    let weekly = agenda::weekly_hours(&mut conn, &request).await?;
    let mut exceptions =
        agenda::exceptions(&mut conn, &request, (request.from, request.to)).await?;
    let working: BTreeMap<SpecialistId, i64> = names
        .keys()
        .map(|id| {
            let week = weekly.get(id).cloned().unwrap_or_default();
            let off = ScheduleExceptions::new(exceptions.remove(id).unwrap_or_default());
            (*id, working_minutes(&week, &off, span))
        })
        .collect();
    let rows = sqlx::query(
        "SELECT specialist_id, start_at, end_at, status, price_kopecks FROM appointments \
          WHERE clinic_id = $1 AND start_at >= $2 AND start_at < $3",
    )
    .bind(clinic.get())
    .bind(lo)
    .bind(hi)
    .fetch_all(&mut *conn)
    .await?;
    let visits = rows
        .iter()
        .filter_map(|r| {
            let start: i64 = r.try_get("start_at").ok()?;
            let end: i64 = r.try_get("end_at").ok()?;
            let status: String = r.try_get("status").ok()?;
            Some(VisitFact {
                date: priyom::local_date(tz, start)?,
                specialist: SpecialistId::new(r.try_get("specialist_id").ok()?),
                status: AppointmentStatus::parse(&status).ok()?,
                minutes: (end - start) / 60,
                price_kopecks: r.try_get("price_kopecks").ok()?,
            })
        })
        .collect::<Vec<_>>();
    Ok((period_stats(span, &visits, &working), names))
}
