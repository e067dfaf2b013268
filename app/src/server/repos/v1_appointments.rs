//! Visits as the REST API shows them. Who may see which is part of every query: a person
//! sees their own visits as a patient, their own as a specialist, and every visit at the
//! clinics of their front desk; an integration's key sees the visits at its clinics.

use super::scope_sql;
use crate::i18n::Lang;
use crate::server::db::{localized, Db};
use crate::server::repos::v1_catalog::Named;
use chrono::{DateTime, Utc};
use priyom::{ClinicScope, UserId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use utoipa::ToSchema;

/// Who reads.
#[derive(Debug, Clone)]
pub enum Viewer {
    /// A signed-in person and the clinics of their front desk (may be none).
    Person { id: UserId, desk: ClinicScope },
    /// An integration's key and its clinics.
    Key { clinics: ClinicScope },
}

impl Viewer {
    /// The viewer's condition on `appointments a`; ids are integers formatted in.
    fn condition(&self) -> String {
        match self {
            Viewer::Person { id, desk } => {
                let id = id.get();
                let desk = match desk.ids() {
                    None => " OR 1 = 1".to_string(),
                    Some(ids) if ids.is_empty() => String::new(),
                    Some(ids) => format!(" OR a.clinic_id IN ({})", super::id_list(&ids)),
                };
                format!(
                    "(a.patient_id = {id} OR a.specialist_id IN \
                     (SELECT id FROM specialists WHERE user_id = {id}){desk})"
                )
            }
            Viewer::Key { clinics } => format!("(1 = 1{})", scope_sql(clinics, "a.clinic_id")),
        }
    }
}

/// A visit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Appointment {
    pub id: i64,
    /// `scheduled`, `confirmed`, `completed`, `cancelled` or `no_show`.
    #[schema(example = "scheduled")]
    pub status: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The clinic's time zone, in which the visit's local time is told.
    pub time_zone: String,
    pub clinic: Named,
    pub service: Named,
    pub specialist: Named,
    pub patient_name: String,
    pub price_kopecks: i64,
    /// `web`, `operator`, `api`, …: where it was booked.
    pub source: String,
    pub cancel_reason: Option<String>,
}

/// Where a page starts: after the visit at `start` with id `id` (visits are in time order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct After {
    pub start: i64,
    pub id: i64,
}

const COLUMNS: &str = "a.id, a.status, a.start_at, a.end_at, a.price_kopecks, a.source, \
     a.cancel_reason, k.tz, k.slug AS clinic_slug, k.name AS clinic, k.name_en AS clinic_en, \
     v.slug AS service_slug, v.name AS service, v.name_en AS service_en, \
     s.slug AS specialist_slug, su.full_name AS specialist, p.full_name AS patient \
     FROM appointments a JOIN clinics k ON k.id = a.clinic_id \
     JOIN services v ON v.id = a.service_id JOIN specialists s ON s.id = a.specialist_id \
     JOIN users su ON su.id = s.user_id JOIN users p ON p.id = a.patient_id";

fn instant(seconds: i64) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::from_timestamp(seconds, 0)
        .ok_or_else(|| sqlx::Error::Protocol(format!("stored instant out of range: {seconds}")))
}

fn row_to(row: &AnyRow, lang: Lang) -> Result<Appointment, sqlx::Error> {
    let named = |slug: &str, name: &str| -> Result<Named, sqlx::Error> {
        Ok(Named {
            slug: row.try_get(slug)?,
            name: localized(row, lang, name)?,
        })
    };
    Ok(Appointment {
        id: row.try_get("id")?,
        status: row.try_get("status")?,
        start: instant(row.try_get("start_at")?)?,
        end: instant(row.try_get("end_at")?)?,
        time_zone: row.try_get("tz")?,
        clinic: named("clinic_slug", "clinic")?,
        service: named("service_slug", "service")?,
        specialist: Named {
            slug: row.try_get("specialist_slug")?,
            name: row.try_get("specialist")?,
        },
        patient_name: row.try_get("patient")?,
        price_kopecks: row.try_get("price_kopecks")?,
        source: row.try_get("source")?,
        cancel_reason: row.try_get("cancel_reason")?,
    })
}

/// Up to `limit` visits the viewer may see, in time order, after `after`.
pub async fn list(
    db: &Db,
    lang: Lang,
    viewer: &Viewer,
    after: Option<After>,
    limit: i64,
) -> Result<Vec<Appointment>, sqlx::Error> {
    let after = after.unwrap_or(After {
        start: i64::MIN,
        id: i64::MIN,
    });
    let sql = format!(
        "SELECT {COLUMNS} WHERE {} AND (a.start_at > $1 OR (a.start_at = $1 AND a.id > $2)) \
         ORDER BY a.start_at, a.id LIMIT $3",
        viewer.condition()
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(after.start)
        .bind(after.id)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(|r| row_to(r, lang)).collect()
}

/// One visit, when the viewer may see it (otherwise `None`, as for no visit at all).
pub async fn one(
    db: &Db,
    lang: Lang,
    viewer: &Viewer,
    id: i64,
) -> Result<Option<Appointment>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} WHERE {} AND a.id = $1",
        viewer.condition()
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| row_to(&r, lang)).transpose()
}

/// Whether the visit is the person's own as a patient (they cancel it under the clinic's
/// policy; staff cancel others' at their desk).
pub async fn is_patients_own(db: &Db, user: UserId, id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM appointments WHERE id = $1 AND patient_id = $2")
            .bind(id)
            .bind(user.get())
            .fetch_optional(db.pool())
            .await?;
    Ok(found.is_some())
}

/// What an `Idempotency-Key` was used for before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyUse {
    /// First use, or again with the same request: go on (booking by the same key books once).
    Same,
    /// Used before with another request: refused, nothing is booked.
    Different,
}

/// How long an `Idempotency-Key` is tied to its first request. A visit booked by a key is
/// found by it for ever; after this a key may be reused for another request.
pub const KEY_KEPT_S: i64 = 7 * 86_400;

/// Records the request a key first came with (`key_hash` already names the caller), and
/// tells whether this request is that one. Keys older than [`KEY_KEPT_S`] are dropped.
pub async fn claim_key(
    db: &Db,
    key_hash: &str,
    request_hash: &str,
    now: i64,
) -> Result<KeyUse, sqlx::Error> {
    sqlx::query("DELETE FROM api_idempotency WHERE created_at < $1")
        .bind(now - KEY_KEPT_S)
        .execute(db.pool())
        .await?;
    sqlx::query(
        "INSERT INTO api_idempotency (key_hash, request_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key_hash) DO NOTHING",
    )
    .bind(key_hash)
    .bind(request_hash)
    .bind(now)
    .execute(db.pool())
    .await?;
    let first: String =
        sqlx::query_scalar("SELECT request_hash FROM api_idempotency WHERE key_hash = $1")
            .bind(key_hash)
            .fetch_one(db.pool())
            .await?;
    Ok(if first == request_hash {
        KeyUse::Same
    } else {
        KeyUse::Different
    })
}
