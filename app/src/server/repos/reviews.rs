//! Reviews: a patient reviews their own completed visit once (marked verified); operators of
//! the visit's clinic publish or reject it with a reason; the specialist's rating and count
//! are recomputed from the published ones in the same transaction as every change.

use super::audit::{self, Entry};
use crate::server::db::{is_unique_violation, Db};
use priyom::{can_review, AppointmentStatus, ClinicScope, Rating, ReviewRefusal, UserId};
use sqlx::{AnyConnection, Row};

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// No such visit, or not this patient's (the same answer: ids leak nothing).
    #[error("not found")]
    NotFound,
    #[error("refused: {0}")]
    Refused(ReviewRefusal),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Writes the patient's review of their visit `appointment`, pending moderation.
pub async fn submit(
    db: &Db,
    patient: UserId,
    appointment: i64,
    rating: Rating,
    comment: &str,
    now: i64,
) -> Result<i64, ReviewError> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(
        "SELECT a.status, a.specialist_id, \
                (SELECT COUNT(*) FROM reviews r WHERE r.appointment_id = a.id) AS reviewed \
           FROM appointments a WHERE a.id = $1 AND a.patient_id = $2",
    )
    .bind(appointment)
    .bind(patient.get())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReviewError::NotFound)?;
    let status: String = row.try_get("status")?;
    let status = AppointmentStatus::parse(&status)
        .map_err(|e| sqlx::Error::Protocol(format!("stored status: {e}")))?;
    can_review(status, row.try_get::<i64, _>("reviewed")? > 0).map_err(ReviewError::Refused)?;
    let specialist: i64 = row.try_get("specialist_id")?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO reviews (patient_id, specialist_id, appointment_id, rating, comment, \
             verified, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, 1, 'pending', $6) RETURNING id",
    )
    .bind(patient.get())
    .bind(specialist)
    .bind(appointment)
    .bind(i64::from(rating.get()))
    .bind(comment)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ReviewError::Refused(ReviewRefusal::AlreadyReviewed)
        } else {
            ReviewError::Db(e)
        }
    })?;
    tx.commit().await?;
    Ok(id)
}

/// Withdraws the patient's own review: it leaves the profile and the rating.
pub async fn withdraw(db: &Db, patient: UserId, review: i64, now: i64) -> Result<(), ReviewError> {
    let mut tx = db.begin_write().await?;
    let specialist: i64 = sqlx::query_scalar(
        "UPDATE reviews SET withdrawn_at = $3 \
          WHERE id = $1 AND patient_id = $2 AND withdrawn_at IS NULL RETURNING specialist_id",
    )
    .bind(review)
    .bind(patient.get())
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReviewError::NotFound)?;
    recompute(&mut tx, specialist).await?;
    tx.commit().await?;
    Ok(())
}

/// One review waiting for a moderator.
#[derive(Debug, Clone)]
pub struct Pending {
    pub id: i64,
    pub rating: i64,
    pub comment: String,
    pub author: String,
    pub specialist: String,
    pub clinic: String,
    pub visit_start: i64,
    pub tz: String,
    pub created_at: i64,
}

/// Pending reviews of visits at the clinics in `scope`, oldest first.
pub async fn queue(db: &Db, scope: &ClinicScope, limit: i64) -> Result<Vec<Pending>, sqlx::Error> {
    let clinics = scope_list(scope);
    let sql = format!(
        "SELECT r.id, r.rating, r.comment, r.created_at, p.full_name AS author, \
                su.full_name AS specialist, c.name AS clinic, a.start_at, c.tz \
           FROM reviews r \
           JOIN appointments a ON a.id = r.appointment_id \
           JOIN clinics c ON c.id = a.clinic_id \
           JOIN users p ON p.id = r.patient_id \
           JOIN specialists sp ON sp.id = r.specialist_id \
           JOIN users su ON su.id = sp.user_id \
          WHERE r.status = 'pending' AND r.withdrawn_at IS NULL {clinics} \
          ORDER BY r.created_at, r.id LIMIT $1"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|row| {
            Ok(Pending {
                id: row.try_get("id")?,
                rating: row.try_get("rating")?,
                comment: row.try_get("comment")?,
                author: super::catalog::short_name(&row.try_get::<String, _>("author")?),
                specialist: row.try_get("specialist")?,
                clinic: row.try_get("clinic")?,
                visit_start: row.try_get("start_at")?,
                tz: row.try_get("tz")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}

/// `AND a.clinic_id IN (1, 2)` for a limited scope (ids are integers from the grants).
fn scope_list(scope: &ClinicScope) -> String {
    match scope.ids() {
        None => String::new(),
        Some(ids) if ids.is_empty() => "AND 1 = 0".into(),
        Some(ids) => {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            format!("AND a.clinic_id IN ({})", list.join(", "))
        }
    }
}

/// What a moderator decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Publish,
    Reject { reason: String },
}

/// Publishes or rejects a pending review of a visit in the moderator's clinics, audited.
pub async fn moderate(
    db: &Db,
    moderator: UserId,
    scope: &ClinicScope,
    review: i64,
    decision: &Decision,
    ip: &str,
    now: i64,
) -> Result<(), ReviewError> {
    let mut tx = db.begin_write().await?;
    let found = sqlx::query(
        "SELECT r.specialist_id, a.clinic_id FROM reviews r \
           JOIN appointments a ON a.id = r.appointment_id \
          WHERE r.id = $1 AND r.status = 'pending' AND r.withdrawn_at IS NULL",
    )
    .bind(review)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReviewError::NotFound)?;
    let clinic = priyom::ClinicId::new(found.try_get("clinic_id")?);
    if !scope.allows(clinic) {
        return Err(ReviewError::NotFound);
    }
    let specialist: i64 = found.try_get("specialist_id")?;
    let (status, reason) = match decision {
        Decision::Publish => ("published", None),
        Decision::Reject { reason } => ("rejected", Some(reason.as_str())),
    };
    sqlx::query(
        "UPDATE reviews SET status = $2, reject_reason = $3, moderated_at = $4, moderated_by = $5 \
          WHERE id = $1",
    )
    .bind(review)
    .bind(status)
    .bind(reason)
    .bind(now)
    .bind(moderator.get())
    .execute(&mut *tx)
    .await?;
    recompute(&mut tx, specialist).await?;
    let entry = Entry {
        actor: Some(moderator.get()),
        action: if status == "published" {
            "review.publish"
        } else {
            "review.reject"
        },
        entity: "review",
        entity_id: Some(review),
        ip,
        details: "",
    };
    audit::record(&mut *tx, entry, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the specialist's rating and count from their published, not withdrawn reviews.
async fn recompute(conn: &mut AnyConnection, specialist: i64) -> Result<(), sqlx::Error> {
    let ratings: Vec<i64> = sqlx::query_scalar(
        "SELECT rating FROM reviews \
          WHERE specialist_id = $1 AND status = 'published' AND withdrawn_at IS NULL",
    )
    .bind(specialist)
    .fetch_all(&mut *conn)
    .await?;
    let stars: Vec<u8> = ratings
        .iter()
        .filter_map(|&r| u8::try_from(r).ok())
        .collect();
    let (rating_x100, count) = priyom::rating_of(&stars);
    sqlx::query("UPDATE specialists SET rating_x100 = $2, review_count = $3 WHERE id = $1")
        .bind(specialist)
        .bind(rating_x100)
        .bind(count)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
