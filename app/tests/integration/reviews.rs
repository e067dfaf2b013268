//! Reviews on both engines: only one's own completed visit, once; moderation only by staff of
//! the visit's clinic; the specialist's rating follows publishing and withdrawal.

use app::both_engines;
use app::server::db::Db;
use app::server::repos::reviews::{self, Decision, ReviewError};
use app::server::seed::seed;
use priyom::{ClinicId, ClinicScope, Rating, ReviewRefusal, UserId};

const NOW: i64 = 1_795_413_600;

async fn id(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(db.pool())
        .await
        .expect(sql)
}

/// The demo patient, one completed unreviewed visit of theirs (and its clinic and specialist).
async fn fixture(db: &Db) -> (UserId, i64, i64, i64) {
    seed(db, NOW).await.expect("seed");
    let patient = id(
        db,
        "SELECT id FROM users WHERE email = 'patient@priyom.demo'",
    )
    .await;
    let visit = id(
        db,
        &format!(
            "SELECT a.id FROM appointments a WHERE a.patient_id = {patient} AND a.status = 'completed' \
               AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.appointment_id = a.id) ORDER BY a.id LIMIT 1"
        ),
    )
    .await;
    let clinic = id(
        db,
        &format!("SELECT clinic_id FROM appointments WHERE id = {visit}"),
    )
    .await;
    let specialist = id(
        db,
        &format!("SELECT specialist_id FROM appointments WHERE id = {visit}"),
    )
    .await;
    (UserId::new(patient), visit, clinic, specialist)
}

async fn rating(db: &Db, specialist: i64) -> (i64, i64) {
    sqlx::query_as("SELECT rating_x100, review_count FROM specialists WHERE id = $1")
        .bind(specialist)
        .fetch_one(db.pool())
        .await
        .expect("rating")
}

async fn published(db: &Db, specialist: i64) -> Vec<u8> {
    let ratings: Vec<i64> = sqlx::query_scalar(
        "SELECT rating FROM reviews WHERE specialist_id = $1 AND status = 'published' \
           AND withdrawn_at IS NULL",
    )
    .bind(specialist)
    .fetch_all(db.pool())
    .await
    .expect("ratings");
    ratings.into_iter().map(|r| r as u8).collect()
}

fn five() -> Rating {
    Rating::parse("5").expect("rating")
}

both_engines!(
    only_own_completed_visits_are_reviewed_once,
    |db: Db| async move {
        let (patient, visit, _, _) = fixture(&db).await;
        let stranger = UserId::new(
            id(
                &db,
                "SELECT id FROM users WHERE email = 'operator@priyom.demo'",
            )
            .await,
        );
        assert!(matches!(
            reviews::submit(&db, stranger, visit, five(), "", NOW).await,
            Err(ReviewError::NotFound)
        ));
        let upcoming = id(
        &db,
        &format!(
            "SELECT id FROM appointments WHERE patient_id = {} AND status IN ('scheduled', 'confirmed') \
             ORDER BY id LIMIT 1",
            patient.get()
        ),
    )
    .await;
        assert!(matches!(
            reviews::submit(&db, patient, upcoming, five(), "", NOW).await,
            Err(ReviewError::Refused(ReviewRefusal::NotCompleted))
        ));
        let review = reviews::submit(&db, patient, visit, five(), "Спасибо", NOW)
            .await
            .expect("review");
        assert!(matches!(
            reviews::submit(&db, patient, visit, five(), "ещё раз", NOW).await,
            Err(ReviewError::Refused(ReviewRefusal::AlreadyReviewed))
        ));
        let (verified, status): (i64, String) =
            sqlx::query_as("SELECT verified, status FROM reviews WHERE id = $1")
                .bind(review)
                .fetch_one(db.pool())
                .await
                .expect("row");
        assert_eq!((verified, status.as_str()), (1, "pending"));
    }
);

both_engines!(
    moderation_is_scoped_and_the_rating_follows_it,
    |db: Db| async move {
        let (patient, visit, clinic, specialist) = fixture(&db).await;
        let moderator = UserId::new(
            id(
                &db,
                "SELECT id FROM users WHERE email = 'operator@priyom.demo'",
            )
            .await,
        );
        let before = rating(&db, specialist).await;
        assert_eq!(before, priyom::rating_of(&published(&db, specialist).await));
        let review = reviews::submit(
            &db,
            patient,
            visit,
            Rating::parse("1").expect("1"),
            "Долго ждал",
            NOW,
        )
        .await
        .expect("review");

        // Staff of another clinic cannot see or decide it.
        let elsewhere = ClinicScope::Only(vec![ClinicId::new(clinic + 1000)]);
        assert!(reviews::queue(&db, &elsewhere, 50)
            .await
            .expect("queue")
            .iter()
            .all(|p| p.id != review));
        assert!(matches!(
            reviews::moderate(
                &db,
                moderator,
                &elsewhere,
                review,
                &Decision::Publish,
                "ip",
                NOW
            )
            .await,
            Err(ReviewError::NotFound)
        ));
        let here = ClinicScope::Only(vec![ClinicId::new(clinic)]);
        assert!(reviews::queue(&db, &here, 50)
            .await
            .expect("queue")
            .iter()
            .any(|p| p.id == review));
        assert_eq!(
            rating(&db, specialist).await,
            before,
            "pending reviews do not count"
        );

        reviews::moderate(&db, moderator, &here, review, &Decision::Publish, "ip", NOW)
            .await
            .expect("publish");
        let after = rating(&db, specialist).await;
        assert_eq!(after.1, before.1 + 1);
        assert_eq!(after, priyom::rating_of(&published(&db, specialist).await));
        assert!(
            after.0 < before.0 || before.1 == 0,
            "a one-star review lowers the rating"
        );
        // Decided once: it has left the queue.
        assert!(matches!(
            reviews::moderate(&db, moderator, &here, review, &Decision::Publish, "ip", NOW).await,
            Err(ReviewError::NotFound)
        ));

        // Withdrawn by the patient: off the profile and out of the rating again.
        reviews::withdraw(&db, patient, review, NOW + 60)
            .await
            .expect("withdraw");
        assert_eq!(rating(&db, specialist).await, before);
        let audit: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'review.publish'")
                .fetch_one(db.pool())
                .await
                .expect("audit");
        assert_eq!(audit, 1);
    }
);

both_engines!(
    a_rejected_review_keeps_its_reason_and_never_counts,
    |db: Db| async move {
        let (patient, visit, clinic, specialist) = fixture(&db).await;
        let moderator = UserId::new(
            id(
                &db,
                "SELECT id FROM users WHERE email = 'operator@priyom.demo'",
            )
            .await,
        );
        let before = rating(&db, specialist).await;
        let review = reviews::submit(&db, patient, visit, five(), "реклама", NOW)
            .await
            .expect("review");
        let decision = Decision::Reject {
            reason: "Отзыв не о визите".into(),
        };
        reviews::moderate(
            &db,
            moderator,
            &ClinicScope::Only(vec![ClinicId::new(clinic)]),
            review,
            &decision,
            "ip",
            NOW,
        )
        .await
        .expect("reject");
        let (status, reason): (String, Option<String>) =
            sqlx::query_as("SELECT status, reject_reason FROM reviews WHERE id = $1")
                .bind(review)
                .fetch_one(db.pool())
                .await
                .expect("row");
        assert_eq!(status, "rejected");
        assert_eq!(reason.as_deref(), Some("Отзыв не о визите"));
        assert_eq!(rating(&db, specialist).await, before);
    }
);
