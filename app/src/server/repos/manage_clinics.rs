//! Management of clinics by their managers (admins: all): the profile — names, address,
//! contacts, time zone, coordinates, opening hours — and the rooms. A room is deactivated,
//! never deleted, so past visits keep it; new bookings no longer get it. Audited.

use crate::server::auth::Actor;
use crate::server::db::{flag, is_unique_violation, Db};
use priyom::{ClinicId, ClinicProfile, ClinicScope, Role};
use sqlx::Row;
use std::collections::HashMap;

/// A clinic with its hours and rooms, as the management page edits it.
#[derive(Debug, Clone)]
pub struct ClinicRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub name_en: String,
    pub address: String,
    pub address_en: String,
    pub phone: String,
    pub email: Option<String>,
    pub tz: String,
    pub lat: f64,
    pub lon: f64,
    pub active: bool,
    /// `(open_min, close_min)` per weekday, Monday first; `None`: closed.
    pub hours: [Option<(i64, i64)>; 7],
    /// `(id, name, active)`.
    pub rooms: Vec<(i64, String, bool)>,
    /// The clinic-wide booking policy (the default when none is stored).
    pub policy: priyom::BookingPolicyRaw,
}

/// The clinics in `scope`, by id.
pub async fn clinics(db: &Db, scope: &ClinicScope) -> Result<Vec<ClinicRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, slug, name, name_en, address, address_en, phone, email, tz, lat, lon, \
                active FROM clinics ORDER BY id",
    )
    .fetch_all(db.pool())
    .await?;
    // Hours and rooms of every clinic in two queries, not two per clinic.
    let hours = all_hours(db).await?;
    let mut rooms = all_rooms(db).await?;
    let mut clinics = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        if !scope.allows(ClinicId::new(id)) {
            continue;
        }
        clinics.push(ClinicRow {
            id,
            slug: r.try_get("slug")?,
            name: r.try_get("name")?,
            name_en: r.try_get("name_en")?,
            address: r.try_get("address")?,
            address_en: r.try_get("address_en")?,
            phone: r.try_get("phone")?,
            email: r.try_get("email")?,
            tz: r.try_get("tz")?,
            lat: r.try_get("lat")?,
            lon: r.try_get("lon")?,
            active: flag(r, "active")?,
            hours: hours.get(&id).copied().unwrap_or_default(),
            rooms: rooms.remove(&id).unwrap_or_default(),
            policy: policy(db, id).await?.unwrap_or_default().raw(),
        });
    }
    Ok(clinics)
}

type Week = [Option<(i64, i64)>; 7];

async fn all_hours(db: &Db) -> Result<HashMap<i64, Week>, sqlx::Error> {
    let rows: Vec<(i64, i64, i64, i64)> =
        sqlx::query_as("SELECT clinic_id, weekday, open_min, close_min FROM clinic_hours")
            .fetch_all(db.pool())
            .await?;
    let mut weeks: HashMap<i64, Week> = HashMap::new();
    for (clinic, day, open, close) in rows {
        let week = weeks.entry(clinic).or_default();
        if let Some(slot) = usize::try_from(day).ok().and_then(|d| week.get_mut(d)) {
            *slot = Some((open, close));
        }
    }
    Ok(weeks)
}

async fn all_rooms(db: &Db) -> Result<HashMap<i64, Vec<(i64, String, bool)>>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, clinic_id, name, active FROM rooms ORDER BY id")
        .fetch_all(db.pool())
        .await?;
    let mut rooms: HashMap<i64, Vec<(i64, String, bool)>> = HashMap::new();
    for r in &rows {
        let room = (r.try_get("id")?, r.try_get("name")?, flag(r, "active")?);
        rooms.entry(r.try_get("clinic_id")?).or_default().push(room);
    }
    Ok(rooms)
}

/// Saves clinic `id`'s profile and hours if it is in scope; `false` when not.
pub async fn update_clinic(
    db: &Db,
    by: &Actor,
    id: i64,
    profile: &ClinicProfile,
) -> Result<bool, sqlx::Error> {
    if !by.scope(Role::Manager).allows(ClinicId::new(id)) {
        return Ok(false);
    }
    let mut tx = db.begin_write().await?;
    let updated = sqlx::query(
        "UPDATE clinics SET name = $2, name_en = $3, address = $4, address_en = $5, phone = $6, \
                email = $7, tz = $8, lat = $9, lon = $10 WHERE id = $1",
    )
    .bind(id)
    .bind(&profile.name)
    .bind(&profile.name_en)
    .bind(&profile.address)
    .bind(&profile.address_en)
    .bind(profile.phone.as_str().to_string())
    .bind(profile.email.as_ref().map(|e| e.as_str().to_string()))
    .bind(&profile.tz)
    .bind(profile.lat)
    .bind(profile.lon)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Ok(false);
    }
    write_hours(&mut tx, id, profile).await?;
    let details = format!(
        "tz {}; {} open days",
        profile.tz,
        profile.hours.iter().flatten().count()
    );
    by.audit(&mut *tx, "clinic.update", ("clinic", id), &details)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Replaces clinic `id`'s opening hours with the profile's.
async fn write_hours(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    profile: &ClinicProfile,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM clinic_hours WHERE clinic_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (day, hours) in profile.hours.iter().enumerate() {
        let Some((opens, closes)) = hours else {
            continue;
        };
        sqlx::query(
            "INSERT INTO clinic_hours (clinic_id, weekday, open_min, close_min) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(day as i64)
        .bind(i64::from(opens.minutes()))
        .bind(i64::from(closes.minutes()))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Opens a new clinic with its profile and hours (admins: a manager's scope is fixed by the
/// roles they were granted); its id, or `None` when no address can be made of its names.
pub async fn create_clinic(
    db: &Db,
    by: &Actor,
    profile: &ClinicProfile,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let Some(slug) =
        super::manage_catalog::new_slug(&mut tx, "clinics", &profile.name_en, &profile.name)
            .await?
    else {
        return Ok(None);
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO clinics (slug, name, name_en, address, address_en, phone, email, tz, lat, \
                lon, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11) RETURNING id",
    )
    .bind(&slug)
    .bind(&profile.name)
    .bind(&profile.name_en)
    .bind(&profile.address)
    .bind(&profile.address_en)
    .bind(profile.phone.as_str().to_string())
    .bind(profile.email.as_ref().map(|e| e.as_str().to_string()))
    .bind(&profile.tz)
    .bind(profile.lat)
    .bind(profile.lon)
    .bind(by.now)
    .fetch_one(&mut *tx)
    .await?;
    write_hours(&mut tx, id, profile).await?;
    by.audit(&mut *tx, "clinic.create", ("clinic", id), &slug)
        .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Closes clinic `id` (in scope) to bookings or opens it again; its visits stay.
pub async fn set_clinic_active(
    db: &Db,
    by: &Actor,
    id: i64,
    active: bool,
) -> Result<bool, sqlx::Error> {
    if !by.scope(Role::Manager).allows(ClinicId::new(id)) {
        return Ok(false);
    }
    let mut tx = db.begin_write().await?;
    let updated = sqlx::query("UPDATE clinics SET active = $2 WHERE id = $1")
        .bind(id)
        .bind(i64::from(active))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        return Ok(false);
    }
    by.audit(
        &mut *tx,
        "clinic.active",
        ("clinic", id),
        &format!("active {active}"),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[derive(Debug, thiserror::Error)]
pub enum RoomError {
    #[error("not found")]
    NotFound,
    #[error("the clinic has a room of that name")]
    Duplicate,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

fn room_write_error(e: sqlx::Error) -> RoomError {
    if is_unique_violation(&e) {
        RoomError::Duplicate
    } else {
        RoomError::Db(e)
    }
}

/// Adds a room to clinic `clinic` (in scope); its id.
pub async fn add_room(db: &Db, by: &Actor, clinic: i64, name: &str) -> Result<i64, RoomError> {
    if !by.scope(Role::Manager).allows(ClinicId::new(clinic)) {
        return Err(RoomError::NotFound);
    }
    let mut tx = db.begin_write().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM clinics WHERE id = $1")
        .bind(clinic)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(RoomError::NotFound);
    }
    let id: i64 =
        sqlx::query_scalar("INSERT INTO rooms (clinic_id, name) VALUES ($1, $2) RETURNING id")
            .bind(clinic)
            .bind(name)
            .fetch_one(&mut *tx)
            .await
            .map_err(room_write_error)?;
    by.audit(
        &mut *tx,
        "room.create",
        ("room", id),
        &format!("clinic {clinic}"),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Renames, deactivates or reactivates room `id` of a clinic in scope.
pub async fn update_room(
    db: &Db,
    by: &Actor,
    id: i64,
    name: &str,
    active: bool,
) -> Result<(), RoomError> {
    let mut tx = db.begin_write().await?;
    let clinic: Option<i64> = sqlx::query_scalar("SELECT clinic_id FROM rooms WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    match clinic {
        Some(c) if by.scope(Role::Manager).allows(ClinicId::new(c)) => {}
        _ => return Err(RoomError::NotFound),
    }
    sqlx::query("UPDATE rooms SET name = $2, active = $3 WHERE id = $1")
        .bind(id)
        .bind(name)
        .bind(i64::from(active))
        .execute(&mut *tx)
        .await
        .map_err(room_write_error)?;
    by.audit(
        &mut *tx,
        "room.update",
        ("room", id),
        &format!("active {active}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The clinic-wide booking policy (services may still have their own); `None`: the default.
pub async fn policy(db: &Db, clinic: i64) -> Result<Option<priyom::BookingPolicy>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT step_min, min_notice_min, horizon_days, cancel_notice_min, requires_confirmation \
           FROM booking_policies WHERE clinic_id = $1 AND service_id IS NULL",
    )
    .bind(clinic)
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(super::agenda::policy_from_row).transpose()
}

/// Saves the clinic-wide booking policy of a clinic in scope; `false` when not in scope.
pub async fn save_policy(
    db: &Db,
    by: &Actor,
    clinic: i64,
    policy: &priyom::BookingPolicy,
) -> Result<bool, sqlx::Error> {
    if !by.scope(Role::Manager).allows(ClinicId::new(clinic)) {
        return Ok(false);
    }
    let mut tx = db.begin_write().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM clinics WHERE id = $1")
        .bind(clinic)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Ok(false);
    }
    let raw = policy.raw();
    let updated = sqlx::query(
        "UPDATE booking_policies SET step_min = $2, min_notice_min = $3, horizon_days = $4, \
                cancel_notice_min = $5, requires_confirmation = $6 \
          WHERE clinic_id = $1 AND service_id IS NULL",
    )
    .bind(clinic)
    .bind(raw.step_min)
    .bind(raw.min_notice_min)
    .bind(raw.horizon_days)
    .bind(raw.cancel_notice_min)
    .bind(i64::from(raw.requires_confirmation))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        insert_policy(&mut tx, clinic, None, policy).await?;
    }
    by.audit(
        &mut *tx,
        "policy.update",
        ("clinic", clinic),
        &policy_details(policy),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Stores booking rules for a clinic, or for one service there (`service`).
pub(crate) async fn insert_policy(
    conn: &mut sqlx::AnyConnection,
    clinic: i64,
    service: Option<i64>,
    policy: &priyom::BookingPolicy,
) -> Result<(), sqlx::Error> {
    let raw = policy.raw();
    sqlx::query(
        "INSERT INTO booking_policies (clinic_id, service_id, step_min, min_notice_min, \
                horizon_days, cancel_notice_min, requires_confirmation) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(clinic)
    .bind(service)
    .bind(raw.step_min)
    .bind(raw.min_notice_min)
    .bind(raw.horizon_days)
    .bind(raw.cancel_notice_min)
    .bind(i64::from(raw.requires_confirmation))
    .execute(conn)
    .await?;
    Ok(())
}

/// Booking rules as the audit log writes them.
pub(crate) fn policy_details(policy: &priyom::BookingPolicy) -> String {
    let raw = policy.raw();
    format!(
        "step {}; notice {}; horizon {}; cancel {}; confirm {}",
        raw.step_min,
        raw.min_notice_min,
        raw.horizon_days,
        raw.cancel_notice_min,
        raw.requires_confirmation
    )
}
