//! Reads for the booking page and the visit pages: slugs to ids, the choices of each step,
//! names for the chosen slot, and visits as their patient sees them.

use crate::i18n::Lang;
use crate::model::booking::{Choice, ChoiceGroup};
use crate::server::db::localized;
use crate::server::db::Db;
use priyom::{ClinicId, ServiceId, SpecialistId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// The ids behind the slugs in the booking URL (`None`: absent or unknown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resolved {
    pub service: Option<ServiceId>,
    pub clinic: Option<ClinicId>,
    pub specialist: Option<SpecialistId>,
}

/// Resolves the three slugs in one query.
pub async fn resolve(
    conn: &mut AnyConnection,
    service: &str,
    clinic: &str,
    specialist: &str,
) -> Result<Resolved, sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT id FROM services WHERE slug = $1 AND active = 1) AS service, \
                (SELECT id FROM clinics WHERE slug = $2 AND active = 1) AS clinic, \
                (SELECT id FROM specialists WHERE slug = $3 AND active = 1) AS specialist",
    )
    .bind(service)
    .bind(clinic)
    .bind(specialist)
    .fetch_one(conn)
    .await?;
    Ok(Resolved {
        service: row
            .try_get::<Option<i64>, _>("service")?
            .map(ServiceId::new),
        clinic: row.try_get::<Option<i64>, _>("clinic")?.map(ClinicId::new),
        specialist: row
            .try_get::<Option<i64>, _>("specialist")?
            .map(SpecialistId::new),
    })
}

/// Active services offered somewhere, grouped by top-level category.
pub async fn services(db: &Db, lang: Lang) -> Result<Vec<ChoiceGroup>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.slug, s.name, s.name_en, s.duration_min, s.price_kopecks, \
                COALESCE(p.name, c.name) AS group_name, COALESCE(p.name_en, c.name_en) AS group_name_en, \
                COALESCE(p.sort_order, c.sort_order) AS group_order, COALESCE(p.id, c.id) AS group_id \
           FROM services s \
           JOIN service_categories c ON c.id = s.category_id \
           LEFT JOIN service_categories p ON p.id = c.parent_id \
          WHERE s.active = 1 AND c.active = 1 AND COALESCE(p.active, 1) = 1 \
            AND EXISTS (SELECT 1 FROM service_clinics sc WHERE sc.service_id = s.id) \
          ORDER BY group_order, group_id, c.sort_order, s.name",
    )
    .fetch_all(db.pool())
    .await?;
    let mut groups: Vec<(i64, ChoiceGroup)> = Vec::new();
    for row in &rows {
        let group_id: i64 = row.try_get("group_id")?;
        let choice = Choice {
            slug: row.try_get("slug")?,
            name: localized(row, lang, "name")?,
            detail: service_detail(row, lang)?,
        };
        match groups.last_mut() {
            Some((id, group)) if *id == group_id => group.choices.push(choice),
            _ => groups.push((
                group_id,
                ChoiceGroup {
                    name: localized(row, lang, "group_name")?,
                    choices: vec![choice],
                },
            )),
        }
    }
    Ok(groups.into_iter().map(|(_, g)| g).collect())
}

fn service_detail(row: &AnyRow, lang: Lang) -> Result<String, sqlx::Error> {
    let minutes: i64 = row.try_get("duration_min")?;
    let price: i64 = row.try_get("price_kopecks")?;
    Ok(format!(
        "{} · {}",
        (lang.texts().minutes)(minutes),
        crate::format::price_label(price)
    ))
}

/// Active clinics offering the service.
pub async fn clinics(db: &Db, lang: Lang, service: ServiceId) -> Result<Vec<Choice>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.slug, c.name, c.name_en, c.address, c.address_en FROM clinics c \
           JOIN service_clinics sc ON sc.clinic_id = c.id AND sc.service_id = $1 \
          WHERE c.active = 1 ORDER BY c.id",
    )
    .bind(service.get())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Choice {
                slug: row.try_get("slug")?,
                name: localized(row, lang, "name")?,
                detail: localized(row, lang, "address")?,
            })
        })
        .collect()
}

/// Active specialists offering the service at the clinic.
pub async fn specialists(
    db: &Db,
    lang: Lang,
    service: ServiceId,
    clinic: ClinicId,
) -> Result<Vec<Choice>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT sp.slug, u.full_name, sp.title, sp.title_en FROM specialists sp \
           JOIN users u ON u.id = sp.user_id \
           JOIN service_specialists ss ON ss.specialist_id = sp.id AND ss.service_id = $1 \
           JOIN specialist_clinics sc ON sc.specialist_id = sp.id AND sc.clinic_id = $2 \
          WHERE sp.active = 1 ORDER BY u.full_name",
    )
    .bind(service.get())
    .bind(clinic.get())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Choice {
                slug: row.try_get("slug")?,
                name: row.try_get("full_name")?,
                detail: localized(row, lang, "title")?,
            })
        })
        .collect()
}

/// Slug and name of each specialist offering the service, by id (to label free times).
pub async fn specialist_names(
    conn: &mut AnyConnection,
    service: ServiceId,
) -> Result<BTreeMap<SpecialistId, (String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT sp.id, sp.slug, u.full_name FROM specialists sp JOIN users u ON u.id = sp.user_id \
          WHERE sp.id IN (SELECT specialist_id FROM service_specialists WHERE service_id = $1)",
    )
    .bind(service.get())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                SpecialistId::new(row.try_get("id")?),
                (row.try_get("slug")?, row.try_get("full_name")?),
            ))
        })
        .collect()
}

/// Names shown when confirming a visit.
#[derive(Debug, Clone)]
pub struct QuoteNames {
    pub service: String,
    pub duration_min: i64,
    pub clinic: String,
    pub address: String,
    pub specialist: String,
    pub specialist_slug: String,
}

pub async fn quote_names(
    conn: &mut AnyConnection,
    lang: Lang,
    service: ServiceId,
    clinic: ClinicId,
    specialist: SpecialistId,
) -> Result<Option<QuoteNames>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT s.name, s.name_en, s.duration_min, c.name AS clinic, c.name_en AS clinic_en, \
                c.address, c.address_en, sp.slug, u.full_name \
           FROM services s, clinics c, specialists sp JOIN users u ON u.id = sp.user_id \
          WHERE s.id = $1 AND c.id = $2 AND sp.id = $3",
    )
    .bind(service.get())
    .bind(clinic.get())
    .bind(specialist.get())
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(QuoteNames {
            service: localized(&row, lang, "name")?,
            duration_min: row.try_get("duration_min")?,
            clinic: localized(&row, lang, "clinic")?,
            address: localized(&row, lang, "address")?,
            specialist: row.try_get("full_name")?,
            specialist_slug: row.try_get("slug")?,
        })
    })
    .transpose()
}

/// A visit row with everything its patient's pages show.
#[derive(Debug, Clone)]
pub struct VisitRow {
    pub id: i64,
    pub service: String,
    pub service_slug: String,
    pub service_id: i64,
    pub specialist: String,
    pub specialist_slug: String,
    pub clinic: String,
    pub clinic_slug: String,
    pub clinic_id: i64,
    pub address: String,
    pub clinic_phone: String,
    pub tz: String,
    pub start: i64,
    pub end: i64,
    pub status: String,
    pub price_kopecks: i64,
    pub preparation: String,
    pub cancel_reason: Option<String>,
    pub review: Option<ReviewRow>,
}

/// The patient's review of a visit, as they see it.
#[derive(Debug, Clone)]
pub struct ReviewRow {
    pub id: i64,
    pub status: String,
    pub reject_reason: Option<String>,
    pub rating: i64,
    pub withdrawn: bool,
}

const VISIT_COLUMNS: &str = "a.id, a.start_at, a.end_at, a.status, a.price_kopecks, a.cancel_reason, \
     a.service_id, a.clinic_id, s.slug AS service_slug, s.name, s.name_en, s.preparation, s.preparation_en, \
     sp.slug AS specialist_slug, u.full_name, c.slug AS clinic_slug, c.name AS clinic, c.name_en AS clinic_en, \
     c.address, c.address_en, c.phone, c.tz, \
     rv.id AS review_id, rv.status AS review_status, rv.reject_reason, rv.rating AS review_rating, \
     rv.withdrawn_at AS review_withdrawn \
     FROM appointments a \
     JOIN services s ON s.id = a.service_id \
     JOIN specialists sp ON sp.id = a.specialist_id \
     JOIN users u ON u.id = sp.user_id \
     JOIN clinics c ON c.id = a.clinic_id \
     LEFT JOIN reviews rv ON rv.appointment_id = a.id";

fn visit_row(row: &AnyRow, lang: Lang) -> Result<VisitRow, sqlx::Error> {
    Ok(VisitRow {
        id: row.try_get("id")?,
        service: localized(row, lang, "name")?,
        service_slug: row.try_get("service_slug")?,
        service_id: row.try_get("service_id")?,
        specialist: row.try_get("full_name")?,
        specialist_slug: row.try_get("specialist_slug")?,
        clinic: localized(row, lang, "clinic")?,
        clinic_slug: row.try_get("clinic_slug")?,
        clinic_id: row.try_get("clinic_id")?,
        address: localized(row, lang, "address")?,
        clinic_phone: row.try_get("phone")?,
        tz: row.try_get("tz")?,
        start: row.try_get("start_at")?,
        end: row.try_get("end_at")?,
        status: row.try_get("status")?,
        price_kopecks: row.try_get("price_kopecks")?,
        preparation: localized(row, lang, "preparation")?,
        cancel_reason: row.try_get("cancel_reason")?,
        review: match row.try_get::<Option<i64>, _>("review_id")? {
            None => None,
            Some(id) => Some(ReviewRow {
                id,
                status: row.try_get("review_status")?,
                reject_reason: row.try_get("reject_reason")?,
                rating: row.try_get("review_rating")?,
                withdrawn: row.try_get::<Option<i64>, _>("review_withdrawn")?.is_some(),
            }),
        },
    })
}

/// The visit booked with this form key (the key is the bearer's proof: it was in their form).
pub async fn visit_by_key(db: &Db, lang: Lang, key: &str) -> Result<Option<VisitRow>, sqlx::Error> {
    let sql = format!("SELECT {VISIT_COLUMNS} WHERE a.idempotency_key = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(key)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| visit_row(&r, lang)).transpose()
}

/// A patient's visits, latest first (bounded: a cabinet, not an archive).
pub async fn visits_of(
    db: &Db,
    lang: Lang,
    patient: priyom::UserId,
) -> Result<Vec<VisitRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {VISIT_COLUMNS} WHERE a.patient_id = $1 ORDER BY a.start_at DESC LIMIT 200"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(patient.get())
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(|r| visit_row(r, lang)).collect()
}

/// One visit of this patient (`None` when it is not theirs).
pub async fn visit_of(
    db: &Db,
    lang: Lang,
    patient: priyom::UserId,
    id: i64,
) -> Result<Option<VisitRow>, sqlx::Error> {
    let sql = format!("SELECT {VISIT_COLUMNS} WHERE a.id = $1 AND a.patient_id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(patient.get())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| visit_row(&r, lang)).transpose()
}

/// Booking policies of the given clinics (service-specific ones included), to judge the
/// cancel window of many visits without a query each.
pub async fn policies(
    db: &Db,
) -> Result<BTreeMap<(i64, Option<i64>), priyom::BookingPolicy>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT clinic_id, service_id, step_min, min_notice_min, horizon_days, cancel_notice_min, \
                requires_confirmation FROM booking_policies",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let policy = super::agenda::policy_from_row(row)?;
            Ok((
                (row.try_get("clinic_id")?, row.try_get("service_id")?),
                policy,
            ))
        })
        .collect()
}
