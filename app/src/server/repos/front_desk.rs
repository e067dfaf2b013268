//! The front desk of a clinic: the day board (specialists × time), a visit's card (the
//! patient's contacts: every view is audited), status changes by staff, finding a caller,
//! and the filtered, sorted, paged list of visits (also as CSV). Every query is limited to the
//! clinics the staff member works for.

use super::audit::{self, Entry};
use crate::i18n::Lang;
use crate::server::db::localized;
use crate::server::db::Db;
use priyom::{AppointmentStatus, ClinicScope, UserId};
use sqlx::Row;

/// A clinic the staff member may open.
#[derive(Debug, Clone)]
pub struct DeskClinic {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub tz: String,
}

pub(crate) use super::scope_sql;

pub async fn clinics(
    db: &Db,
    lang: Lang,
    scope: &ClinicScope,
) -> Result<Vec<DeskClinic>, sqlx::Error> {
    let sql = format!(
        "SELECT id, slug, name, name_en, tz FROM clinics WHERE active = 1{} ORDER BY id",
        scope_sql(scope, "id")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(DeskClinic {
                id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                name: localized(r, lang, "name")?,
                tz: r.try_get("tz")?,
            })
        })
        .collect()
}

/// A visit on the board.
#[derive(Debug, Clone)]
pub struct BoardVisit {
    pub id: i64,
    pub specialist: i64,
    pub start: i64,
    pub end: i64,
    pub status: AppointmentStatus,
    pub patient: String,
    pub service: String,
    pub room: Option<String>,
}

/// The specialists of a clinic (name order) and its visits starting in `[lo, hi)`.
pub async fn board(
    db: &Db,
    lang: Lang,
    clinic: i64,
    (lo, hi): (i64, i64),
) -> Result<(Vec<(i64, String)>, Vec<BoardVisit>), sqlx::Error> {
    let specialists = sqlx::query(
        "SELECT sp.id, u.full_name FROM specialist_clinics sc \
           JOIN specialists sp ON sp.id = sc.specialist_id \
           JOIN users u ON u.id = sp.user_id \
          WHERE sc.clinic_id = $1 AND sp.active = 1 ORDER BY u.full_name",
    )
    .bind(clinic)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("full_name")?)))
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let rows = sqlx::query(
        "SELECT a.id, a.specialist_id, a.start_at, a.end_at, a.status, u.full_name, \
                s.name, s.name_en, r.name AS room \
           FROM appointments a \
           JOIN users u ON u.id = a.patient_id \
           JOIN services s ON s.id = a.service_id \
           LEFT JOIN rooms r ON r.id = a.room_id \
          WHERE a.clinic_id = $1 AND a.start_at >= $2 AND a.start_at < $3 \
          ORDER BY a.start_at, a.id",
    )
    .bind(clinic)
    .bind(lo)
    .bind(hi)
    .fetch_all(db.pool())
    .await?;
    let visits = rows
        .iter()
        .map(|r| {
            Ok(BoardVisit {
                id: r.try_get("id")?,
                specialist: r.try_get("specialist_id")?,
                start: r.try_get("start_at")?,
                end: r.try_get("end_at")?,
                status: status_of(r)?,
                patient: r.try_get("full_name")?,
                service: localized(r, lang, "name")?,
                room: r.try_get("room")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((specialists, visits))
}

fn status_of(row: &sqlx::any::AnyRow) -> Result<AppointmentStatus, sqlx::Error> {
    let status: String = row.try_get("status")?;
    AppointmentStatus::parse(&status)
        .map_err(|e| sqlx::Error::Protocol(format!("stored status: {e}")))
}

/// Everything the front desk sees of one visit.
#[derive(Debug, Clone)]
pub struct VisitCard {
    pub id: i64,
    pub clinic: i64,
    pub clinic_name: String,
    pub tz: String,
    pub start: i64,
    pub end: i64,
    pub status: AppointmentStatus,
    pub patient_id: i64,
    pub patient: String,
    pub phone: String,
    pub email: Option<String>,
    pub specialist: String,
    pub specialist_slug: String,
    pub service: String,
    pub service_slug: String,
    pub room: Option<String>,
    pub price_kopecks: i64,
    pub payment_status: String,
    pub source: String,
    pub notes: String,
    pub cancel_reason: Option<String>,
}

/// A visit's card, if it is at a clinic in `scope`. The view of the patient's contacts is
/// written to the audit log (152-FZ: staff views of personal data are recorded).
pub async fn visit_card(
    db: &Db,
    lang: Lang,
    scope: &ClinicScope,
    viewer: UserId,
    id: i64,
    ip: &str,
    now: i64,
) -> Result<Option<VisitCard>, sqlx::Error> {
    let sql = format!(
        "SELECT a.id, a.clinic_id, c.name AS clinic, c.name_en AS clinic_en, c.tz, a.start_at, \
                a.end_at, a.status, a.patient_id, p.full_name AS patient, p.phone, p.email, \
                su.full_name AS specialist, sp.slug AS specialist_slug, s.name, s.name_en, \
                s.slug AS service_slug, r.name AS room, a.price_kopecks, \
                a.payment_status, a.source, a.notes, a.cancel_reason \
           FROM appointments a \
           JOIN clinics c ON c.id = a.clinic_id \
           JOIN users p ON p.id = a.patient_id \
           JOIN specialists sp ON sp.id = a.specialist_id \
           JOIN users su ON su.id = sp.user_id \
           JOIN services s ON s.id = a.service_id \
           LEFT JOIN rooms r ON r.id = a.room_id \
          WHERE a.id = $1{}",
        scope_sql(scope, "a.clinic_id")
    );
    let Some(r) = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
    else {
        return Ok(None);
    };
    let card = VisitCard {
        id: r.try_get("id")?,
        clinic: r.try_get("clinic_id")?,
        clinic_name: localized(&r, lang, "clinic")?,
        tz: r.try_get("tz")?,
        start: r.try_get("start_at")?,
        end: r.try_get("end_at")?,
        status: status_of(&r)?,
        patient_id: r.try_get("patient_id")?,
        patient: r.try_get("patient")?,
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
        specialist: r.try_get("specialist")?,
        specialist_slug: r.try_get("specialist_slug")?,
        service: localized(&r, lang, "name")?,
        service_slug: r.try_get("service_slug")?,
        room: r.try_get("room")?,
        price_kopecks: r.try_get("price_kopecks")?,
        payment_status: r.try_get("payment_status")?,
        source: r.try_get("source")?,
        notes: r.try_get("notes")?,
        cancel_reason: r.try_get("cancel_reason")?,
    };
    let entry = Entry {
        actor: Some(viewer.get()),
        action: "patient.view",
        entity: "user",
        entity_id: Some(card.patient_id),
        ip,
        details: &format!("appointment={id}"),
    };
    audit::record(db.pool(), entry, now).await?;
    Ok(Some(card))
}

/// A person found for a caller.
#[derive(Debug, Clone)]
pub struct Caller {
    pub id: i64,
    pub name: String,
    pub phone: String,
}

/// A patient of the staff member's clinics: someone with a visit at one of them. The front
/// desk finds and books only these; anyone else is booked as a new caller by name and phone.
fn patient_of_sql(scope: &ClinicScope, user_column: &str) -> String {
    format!(
        " AND EXISTS (SELECT 1 FROM appointments pa WHERE pa.patient_id = {user_column}{})",
        scope_sql(scope, "pa.clinic_id")
    )
}

/// Whether `patient` is a patient of the clinics in `scope`.
pub async fn reaches_patient(
    db: &Db,
    scope: &ClinicScope,
    patient: i64,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) FROM users u WHERE u.id = $1 AND u.active = 1{}",
        patient_of_sql(scope, "u.id")
    );
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(patient)
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

/// Patients of the clinics in `scope` by normalised phone (exact) or name (contains, as typed
/// or with capitals: SQLite folds case only for ASCII), at most 20.
pub async fn find_callers(
    db: &Db,
    scope: &ClinicScope,
    query: &str,
) -> Result<Vec<Caller>, sqlx::Error> {
    let query = query.trim().replace(['%', '_'], "");
    let phone = priyom::Phone::parse(&query).ok();
    let (typed, capitalised) = if query.chars().count() >= 2 {
        (
            format!("%{query}%"),
            format!("%{}%", crate::format::capitalise_words(&query)),
        )
    } else {
        (String::new(), String::new())
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT u.id, u.full_name, u.phone FROM users u \
          WHERE u.active = 1 AND (u.phone = $1 OR u.full_name LIKE $2 OR u.full_name LIKE $3){} \
          ORDER BY u.full_name, u.id LIMIT 20",
        patient_of_sql(scope, "u.id")
    )))
    .bind(phone.as_ref().map(|p| p.as_str()).unwrap_or(""))
    .bind(typed)
    .bind(capitalised)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Caller {
                id: r.try_get("id")?,
                name: r.try_get("full_name")?,
                phone: r.try_get("phone")?,
            })
        })
        .collect()
}

/// Filters of the visits list; empty strings and `None` mean "any".
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub clinic: Option<i64>,
    pub specialist: Option<i64>,
    pub service: Option<i64>,
    pub status: Option<AppointmentStatus>,
    pub payment: Option<priyom::PaymentStatus>,
    pub source: Option<priyom::Source>,
    /// Instants `[from, to)`.
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub sort: ListSort,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListSort {
    #[default]
    StartAsc,
    StartDesc,
    Patient,
    Price,
}

impl ListSort {
    pub fn parse(text: &str) -> ListSort {
        match text {
            "start_desc" => ListSort::StartDesc,
            "patient" => ListSort::Patient,
            "price" => ListSort::Price,
            _ => ListSort::StartAsc,
        }
    }

    fn sql(self) -> &'static str {
        match self {
            ListSort::StartAsc => "a.start_at, a.id",
            ListSort::StartDesc => "a.start_at DESC, a.id DESC",
            ListSort::Patient => "p.full_name, a.start_at",
            ListSort::Price => "a.price_kopecks DESC, a.start_at",
        }
    }
}

/// One row of the visits list.
#[derive(Debug, Clone)]
pub struct ListRow {
    pub id: i64,
    pub start: i64,
    pub tz: String,
    pub clinic: String,
    pub specialist: String,
    pub service: String,
    pub patient: String,
    pub phone: String,
    pub status: String,
    pub payment_status: String,
    pub source: String,
    pub price_kopecks: i64,
}

/// The page of visits matching `filter` in `scope` and how many match in all. `limit` 0
/// means every row (the CSV export).
pub async fn list(
    db: &Db,
    lang: Lang,
    scope: &ClinicScope,
    filter: &ListFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ListRow>, i64), sqlx::Error> {
    let conditions = format!(
        "($1 = 0 OR a.clinic_id = $1) AND ($2 = 0 OR a.specialist_id = $2) \
         AND ($3 = 0 OR a.service_id = $3) AND ($4 = '' OR a.status = $4) \
         AND ($5 = '' OR a.payment_status = $5) AND ($6 = '' OR a.source = $6) \
         AND a.start_at >= $7 AND a.start_at < $8{}",
        scope_sql(scope, "a.clinic_id")
    );
    let from = "FROM appointments a \
           JOIN clinics c ON c.id = a.clinic_id \
           JOIN users p ON p.id = a.patient_id \
           JOIN specialists sp ON sp.id = a.specialist_id \
           JOIN users su ON su.id = sp.user_id \
           JOIN services s ON s.id = a.service_id";
    let binds = |sql: String| {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(filter.clinic.unwrap_or(0))
            .bind(filter.specialist.unwrap_or(0))
            .bind(filter.service.unwrap_or(0))
            .bind(filter.status.map_or("", |s| s.as_str()))
            .bind(filter.payment.map_or("", |s| s.as_str()))
            .bind(filter.source.map_or("", |s| s.as_str()))
            .bind(filter.from.unwrap_or(i64::MIN / 2))
            .bind(filter.to.unwrap_or(i64::MAX / 2))
    };
    let total: i64 = binds(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n {from} WHERE {conditions}"
    ))
    .fetch_one(db.pool())
    .await?
    .try_get("n")?;
    let page = if limit > 0 {
        format!(" LIMIT {limit} OFFSET {}", offset.max(0))
    } else {
        String::new()
    };
    let rows = binds(format!(
        "SELECT a.id, a.start_at, c.tz, c.name AS clinic, c.name_en AS clinic_en, \
                su.full_name AS specialist, s.name, s.name_en, p.full_name AS patient, p.phone, \
                a.status, a.payment_status, a.source, a.price_kopecks \
           {from} WHERE {conditions} ORDER BY {}{page}",
        filter.sort.sql()
    ))
    .fetch_all(db.pool())
    .await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(ListRow {
                id: r.try_get("id")?,
                start: r.try_get("start_at")?,
                tz: r.try_get("tz")?,
                clinic: localized(r, lang, "clinic")?,
                specialist: r.try_get("specialist")?,
                service: localized(r, lang, "name")?,
                patient: r.try_get("patient")?,
                phone: r.try_get("phone")?,
                status: r.try_get("status")?,
                payment_status: r.try_get("payment_status")?,
                source: r.try_get("source")?,
                price_kopecks: r.try_get("price_kopecks")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((rows, total))
}

/// Writes that staff looked at a list of visits with patients' names and phones.
pub async fn audit_list_view(
    db: &Db,
    viewer: UserId,
    rows: usize,
    export: bool,
    ip: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let entry = Entry {
        actor: Some(viewer.get()),
        action: if export {
            "appointments.export"
        } else {
            "appointments.list"
        },
        entity: "appointment",
        entity_id: None,
        ip,
        details: &format!("rows={rows}"),
    };
    audit::record(db.pool(), entry, now).await
}
